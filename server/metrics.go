package server

import (
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"affiche/server/metrics"
)

func (s *Server) initMetrics() {
	r := &s.reg
	s.mRequests = r.NewCounterVec("affiche_http_requests_total", "HTTP requests by route and status code.", "route", "code")
	s.mExports = r.NewCounterVec("affiche_exports_total", "Exports by format and outcome (ok, rejected, cancelled, timeout, failed).", "format", "outcome")
	s.mExportDur = r.NewHistogramVec("affiche_export_duration_seconds", "Time from request to finished file (queue included), successful exports.",
		[]float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}, "format")
	s.mPages = r.NewCounterVec("affiche_export_pages_total", "Pages rendered by exports.", "format")
	s.mBytes = r.NewCounterVec("affiche_export_bytes_total", "Bytes of exported files.", "format")
	s.mUploads = r.NewCounterVec("affiche_uploads_total", "Uploads by kind (image, svg, font, none) and result (created, existing, rejected).", "kind", "result")
	r.NewGaugeFunc("affiche_exports_running", "Exports rendering now.", func() float64 { return float64(s.limiter.Stats().Running) })
	r.NewGaugeFunc("affiche_exports_queued", "Exports waiting for a worker.", func() float64 { return float64(s.limiter.Stats().Queued) })
	r.NewGaugeFunc("affiche_export_memory_reserved_bytes", "Estimated memory of the exports in flight.", func() float64 { return float64(s.limiter.Stats().InUse) })
	r.NewGaugeFunc("affiche_export_memory_budget_bytes", "Memory budget of the exports in flight.", func() float64 { return float64(s.limiter.Budget()) })
	r.NewGaugeFunc("go_goroutines", "Number of goroutines.", func() float64 { return float64(runtime.NumGoroutine()) })
	r.NewGaugeFunc("go_memstats_heap_alloc_bytes", "Bytes of allocated heap objects.", func() float64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc)
	})
	r.NewGaugeFunc("process_resident_memory_bytes", "Resident memory size in bytes.", residentBytes)
	r.NewGaugeFunc("process_start_time_seconds", "Start time of the process since the Unix epoch.", func() float64 { return float64(s.started.Unix()) })
}

// exportDone records an export's outcome.
func (s *Server) exportDone(format, outcome string, d time.Duration, pages int, size int64) {
	s.mExports.Inc(format, outcome)
	if outcome == "ok" {
		s.mExportDur.Observe(d.Seconds(), format)
	}
	s.mPages.Add(float64(pages), format)
	s.mBytes.Add(float64(size), format)
}

// residentBytes reads the resident set size from /proc (Linux); 0 elsewhere.
func residentBytes() float64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseFloat(f[1], 64)
	return pages * float64(os.Getpagesize())
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", metrics.ContentType)
	w.Header().Set("Cache-Control", "no-store")
	s.reg.WriteText(w)
	return nil
}
