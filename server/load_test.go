package server

import (
	"bytes"
	"image"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"affiche/server/export"
)

// TestConcurrentHighResolutionExports sends 20 exports of an A4 page at 300 dpi at once to a
// server with 2 workers, a queue of 8 and a 256 MB budget: every request must end in a PNG or
// a 503 with Retry-After (none lost, none failed), and the heap must stay within the budget
// plus the server's baseline.
func TestConcurrentHighResolutionExports(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 300-dpi pages")
	}
	const budget = 256 << 20
	const slack = 128 << 20 // request bodies, spools, GC pacing
	env := newEnv(t, func(c *Config, d *Deps) {
		c.ExportWorkers, c.ExportQueue, c.ExportMemory = 2, 8, budget
	})
	old := debug.SetMemoryLimit(budget + slack)
	defer debug.SetMemoryLimit(old)
	stopSampling := heapGrowth()

	const n = 20
	statuses := make([]int, n)
	retry := make([]string, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := env.do("POST", "/api/export?dpi=300", "application/json", []byte(a4))
			statuses[i], retry[i] = r.status, r.header.Get("Retry-After")
			if r.status == 200 {
				// Header only: decoding here would add the client's memory to the server's.
				if cfg, _, err := image.DecodeConfig(bytes.NewReader(r.body)); err != nil || cfg.Width != 2481 || cfg.Height != 3508 {
					t.Errorf("export %d: %v %v", i, cfg, err)
				}
			}
		}(i)
	}
	wg.Wait()
	growth := stopSampling()

	ok, busy := 0, 0
	for i, s := range statuses {
		switch s {
		case 200:
			ok++
		case 503:
			busy++
			if retry[i] == "" {
				t.Errorf("503 without Retry-After")
			}
		default:
			t.Errorf("export %d: status %d", i, s)
		}
	}
	t.Logf("%d exported, %d refused with 503; heap grew by %d MB at peak (budget %d MB)", ok, busy, growth>>20, budget>>20)
	if ok+busy != n || ok < 2 {
		t.Errorf("%d ok + %d busy of %d", ok, busy, n)
	}
	if got := env.srv.mExports.Value("png", export.OutcomeOK); int(got) != ok {
		t.Errorf("metrics count %v successful exports, clients got %d", got, ok)
	}
	if growth > budget+slack {
		t.Errorf("heap grew by %d MB, more than the budget (%d MB) + %d MB", growth>>20, budget>>20, slack>>20)
	}
	if st := env.srv.limiter.Stats(); st.Running != 0 || st.Queued != 0 || st.InUse != 0 {
		t.Errorf("limiter not back to rest: %+v", st)
	}
	env.healthy()
}

// heapGrowth starts sampling the heap in use every 5 ms (after a GC, from the current
// baseline); the function it returns stops sampling and gives the peak growth in bytes.
func heapGrowth() (stop func() int64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	baseline := ms.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
		}
	}()
	return func() int64 {
		close(done)
		sampler.Wait()
		return int64(peak.Load()) - int64(baseline)
	}
}
