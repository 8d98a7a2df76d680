// Command load is Affiche's export load benchmark. It starts `affiche serve` on loopback (or
// targets a server already running), sends the same design to POST /api/export at several
// resolutions and concurrencies, and reports exports per second, p50/p99 latency, refusals and
// the server's peak resident memory. With -polotno it runs polotno-node's batch mode on the same
// design (Polotno JSON) and prints the two side by side.
//
//	go build -o /tmp/affiche ./cmd/affiche
//	go run ./bench/load -bin /tmp/affiche -n 30 -dpi 72,300 -c 1,2,4 \
//	    -polotno /tmp/polotno-node        # set up as ../shared/bench/polotno-node/README.md says
//
// Every request loop is bounded by a count and a time limit, and only loopback is ever used.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	var (
		bin      = flag.String("bin", "", "affiche binary to start (default: go build ./cmd/affiche into a temporary folder)")
		target   = flag.String("url", "", "export to a server already running at this loopback URL instead of starting one")
		design   = flag.String("design", "bench/load/designs/poster.json", "Affiche design to export")
		peer     = flag.String("peer-design", "designs/poster.json", "the same design as Polotno JSON, relative to -polotno")
		format   = flag.String("format", "png", "png, jpeg or pdf")
		dpis     = flag.String("dpi", "72,300", "resolutions, comma-separated")
		concs    = flag.String("c", "1,2,4", "concurrencies, comma-separated")
		n        = flag.Int("n", 30, "exports per (dpi, concurrency) run")
		warmup   = flag.Int("warmup", 3, "exports before each dpi's runs, not counted")
		limit    = flag.Duration("time", 3*time.Minute, "time limit of each run")
		workers  = flag.Int("workers", 0, "--export-workers of the started server (0: its default, one per core)")
		polotno  = flag.String("polotno", "", "folder of a polotno-node set-up (../shared/bench/polotno-node/README.md); empty: skip the peer")
		peerRuns = flag.Int("peer-n", 12, "renders per polotno-node batch")
	)
	flag.Parse()
	design1, err := os.ReadFile(*design)
	check(err)

	if *target == "" && *bin == "" {
		*bin = filepath.Join(os.TempDir(), "affiche-bench")
		cmd := exec.Command("go", "build", "-o", *bin, "./cmd/affiche")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		check(cmd.Run())
	}
	if *target != "" {
		if u, err := url.Parse(*target); err != nil || !isLoopback(u.Hostname()) {
			fmt.Fprintln(os.Stderr, "load: -url must be a loopback address (127.0.0.1, localhost, [::1])")
			os.Exit(2)
		}
	}

	var rows []row
	var idle, warm int64
	for _, d := range splitFloats(*dpis) {
		q := url.Values{"format": {*format}, "dpi": {strconv.FormatFloat(d, 'f', -1, 64)}}
		for _, c := range splitInts(*concs) {
			// Each run gets a fresh server, so its peak memory is its own.
			base := *target
			var srv *server
			if base == "" {
				srv, err = startServer(*bin, *workers)
				check(err)
				base = srv.url
				idle = srv.rss()
			}
			endpoint := base + "/api/export?" + q.Encode()
			for i := 0; i < *warmup; i++ {
				if _, status, _, _ := post(context.Background(), endpoint, design1); status != 200 {
					fmt.Fprintf(os.Stderr, "load: warm-up export at %g dpi answered %d\n", d, status)
					os.Exit(1)
				}
			}
			if srv != nil {
				settle()
				warm = srv.rss()
				srv.resetPeak()
			}
			r := run(endpoint, design1, *n, c, *limit)
			r.dpi, r.conc = d, c
			if srv != nil {
				r.peakRSS, r.warmRSS = srv.peakRSS(), warm
				srv.stop()
			}
			rows = append(rows, r)
			fmt.Fprintf(os.Stderr, "%g dpi, %d at once: %.2f exports/s, p50 %.0f ms, p99 %.0f ms\n", d, c, r.perSec, r.p50, r.p99)
		}
	}
	if idle > 0 {
		fmt.Printf("\nServer RSS: %s MB idle after start.\n", mb(idle))
	}

	fmt.Printf("\n## Affiche: POST /api/export, %s, design %s (%d exports per run)\n\n", *format, filepath.Base(*design), *n)
	fmt.Println("| dpi | concurrent | exports/s | p50 ms | p99 ms | ok | 503/429 | other | RSS after warm-up MB | peak RSS MB |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %g | %d | %.2f | %.0f | %.0f | %d | %d | %d | %s | %s |\n", r.dpi, r.conc, r.perSec, r.p50, r.p99, r.ok, r.busy, r.other, mb(r.warmRSS), mb(r.peakRSS))
	}

	if *polotno == "" {
		return
	}
	fmt.Printf("\n## Side by side with polotno-node (batch, one reused tab, %d renders; warm median)\n\n", *peerRuns)
	fmt.Println("| dpi | polotno-node ms | polotno-node peak MB (PSS) | Affiche p50 ms (1 at once) | ratio | Affiche exports/s (best) | polotno-node renders/s |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, d := range splitFloats(*dpis) {
		res, err := runPolotno(*polotno, *peer, *format, d, *peerRuns)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load: polotno-node:", err)
			continue
		}
		var seq, best row
		for _, r := range rows {
			if r.dpi != d {
				continue
			}
			if r.conc == 1 {
				seq = r
			}
			if r.perSec > best.perSec {
				best = r
			}
		}
		ratio := 0.0
		if seq.p50 > 0 {
			ratio = res.WarmMedian / seq.p50
		}
		fmt.Printf("| %g | %.0f | %.0f | %.0f | %.1f× | %.2f | %.2f |\n", d, res.WarmMedian, res.PeakMem.PssKB/1024, seq.p50, ratio, best.perSec, res.WarmRendersPerSec)
	}
}

type row struct {
	dpi              float64
	conc             int
	perSec, p50, p99 float64
	ok, busy, other  int
	peakRSS, warmRSS int64
}

// run sends n exports with c in flight at once, within the time limit.
func run(endpoint string, body []byte, n, c int, limit time.Duration) row {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	jobs := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	var mu sync.Mutex
	var lat []float64
	var r row
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				if ctx.Err() != nil {
					return
				}
				d, status, _, err := post(ctx, endpoint, body)
				mu.Lock()
				switch {
				case err == nil && status == 200:
					r.ok++
					lat = append(lat, float64(d.Microseconds())/1000)
				case status == 503 || status == 429:
					r.busy++
				default:
					r.other++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	sort.Float64s(lat)
	r.perSec = float64(r.ok) / wall.Seconds()
	r.p50, r.p99 = percentile(lat, 0.50), percentile(lat, 0.99)
	return r
}

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted)-1) + 0.5)
	return sorted[i]
}

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// post sends one export and reads the whole answer; the time includes the transfer.
func post(ctx context.Context, endpoint string, body []byte) (time.Duration, int, int64, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	t := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	n, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return time.Since(t), res.StatusCode, n, err
}

// server is an `affiche serve` process started for the benchmark.
type server struct {
	cmd  *exec.Cmd
	url  string
	data string
}

func startServer(bin string, workers int) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	data, err := os.MkdirTemp("", "affiche-bench-data-")
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--addr", addr, "--data", data, "--log-level", "warn", "--export-queue", "64"}
	if workers > 0 {
		args = append(args, "--export-workers", strconv.Itoa(workers))
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, url: "http://" + addr, data: data}
	for i := 0; i < 100; i++ {
		if res, err := http.Get(s.url + "/healthz"); err == nil {
			res.Body.Close()
			return s, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("the server did not start")
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
	os.RemoveAll(s.data)
}

// resetPeak clears the kernel's record of the process's peak RSS (VmHWM).
func (s *server) resetPeak() {
	os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.cmd.Process.Pid), []byte("5"), 0)
}

// rss reads the process's current resident set in bytes.
func (s *server) rss() int64 { return s.status("VmRSS:") }

// peakRSS reads the process's peak resident set (VmHWM) in bytes.
func (s *server) peakRSS() int64 { return s.status("VmHWM:") }

func (s *server) status(field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// polotnoResult is the part of render.js's RESULT line used here.
type polotnoResult struct {
	WarmMedian        float64 `json:"warmMedian"`
	WarmRendersPerSec float64 `json:"warmRendersPerSec"`
	PeakMem           struct {
		PssKB float64 `json:"pssKB"`
	} `json:"peakMem"`
}

func runPolotno(dir, design, format string, dpi float64, n int) (polotnoResult, error) {
	var res polotnoResult
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "render.js", "--batch", design, strconv.Itoa(n), "--pages", "reuse",
		"--format", format, "--dpi", strconv.FormatFloat(dpi, 'f', -1, 64), "--mem", "--quiet")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return res, err
	}
	for _, line := range strings.Split(string(out), "\n") {
		if j, ok := strings.CutPrefix(line, "RESULT "); ok {
			return res, json.Unmarshal([]byte(j), &res)
		}
	}
	return res, fmt.Errorf("no RESULT line")
}

// settle lets the server settle after the warm-up: a short pause (the Go runtime returns
// freed memory to the system in the background).
func settle() { time.Sleep(500 * time.Millisecond) }

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func splitFloats(s string) []float64 {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		check(err)
		out = append(out, v)
	}
	return out
}

func splitInts(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		check(err)
		out = append(out, v)
	}
	return out
}

func mb(b int64) string {
	if b == 0 {
		return "–"
	}
	return strconv.FormatInt(b>>20, 10)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}
