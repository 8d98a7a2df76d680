// Command export measures Affiche's export of one design, warm and in-process, the way the
// server does it: N renders in a row after one warm-up, timing the render and the encoding
// separately, and the process's peak memory. It prints a human table and a last line
// `RESULT {json}` like the polotno-node peer driver, so bench/run.sh can put them side by side.
//
//	go run ./bench/export -design poster.json -n 12 -dpi 300 -format png
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"affiche/internal/bundled"
	"affiche/renderer/encode"
	"affiche/renderer/raster"
	"affiche/scene"
	"affiche/scene/polotno"
)

func main() {
	design := flag.String("design", "", "design file (Affiche or Polotno JSON)")
	n := flag.Int("n", 12, "number of timed renders")
	dpi := flag.Float64("dpi", 72, "resolution")
	format := flag.String("format", "png", "png or jpeg")
	reuse := flag.Bool("reuse-pages", true, "give page bitmaps back to a raster.PagePool after encoding, as affiche serve does")
	cacheMB := flag.Int("imagecache", 64, "MB of decoded and resampled photos kept between renders, as affiche serve does (0: none)")
	out := flag.String("out", "", "write the last output here (to look at it)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the timed renders here")
	memProfile := flag.String("memprofile", "", "write an allocation profile here at the end")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/export:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		runtime.MemProfileRate = 64 << 10
		defer func() {
			f, err := os.Create(*memProfile)
			if err == nil {
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "bench/export:", err)
			}
		}()
	}
	if err := run(*design, *n, *dpi, *format, *out, int64(*cacheMB)<<20, *reuse); err != nil {
		fmt.Fprintln(os.Stderr, "bench/export:", err)
		os.Exit(1)
	}
}

func load(path string) (*scene.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, _, err := polotno.Decode(data, polotno.Options{})
	return doc, err
}

func run(design string, n int, dpi float64, format, out string, cacheBytes int64, reusePages bool) error {
	t0 := time.Now()
	doc, err := load(design)
	if err != nil {
		return err
	}
	fonts, err := bundled.Fonts()
	if err != nil {
		return err
	}
	startup := time.Since(t0)
	ctx := context.Background()
	var cache *raster.ImageCache
	if cacheBytes > 0 {
		cache = raster.NewImageCache(cacheBytes)
	}
	var pages *raster.PagePool
	if reusePages {
		pages = &raster.PagePool{}
	}
	var renders, encodes, totals []float64
	var size int
	var cpu0 time.Duration
	for i := 0; i <= n; i++ {
		if i == 1 {
			cpu0 = cpuTime()
		} // the first run warms caches and is not counted
		opts := raster.Options{DPI: dpi, Fonts: fonts, Loader: bundled.FileLoader(filepath.Dir(design)), ImageCache: cache, Pages: pages}
		a := time.Now()
		img, _, err := raster.RenderPage(ctx, doc, 0, opts)
		if err != nil {
			return err
		}
		b := time.Now()
		var buf bytes.Buffer
		if format == "png" {
			err = encode.PNG(&buf, img, dpi)
		} else {
			err = encode.JPEG(&buf, img, dpi, 90)
		}
		if err != nil {
			return err
		}
		c := time.Now()
		pages.Put(img)
		if i > 0 {
			renders = append(renders, ms(b.Sub(a)))
			encodes = append(encodes, ms(c.Sub(b)))
			totals = append(totals, ms(c.Sub(a)))
		}
		size = buf.Len()
		if out != "" && i == n {
			if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
				return err
			}
		}
	}
	cpuMs := 0.0
	if n > 0 {
		cpuMs = ms(cpuTime()-cpu0) / float64(n)
	}
	res := map[string]any{
		"tool": "affiche", "design": filepath.Base(design), "format": format, "dpi": dpi, "n": n,
		"renderMedianMs": median(renders), "encodeMedianMs": median(encodes), "medianMs": median(totals),
		"p90Ms": quantile(totals, 0.9), "bytes": size, "peakRSSMB": peakRSSMB(), "startupMs": ms(startup),
		"cpuMsPerExport": cpuMs,
		// Now, after the last export: anonymous memory (heap, stacks) and mapped files (the
		// binary, with its embedded fonts).
		"rssAnonMB": statusMB("RssAnon:"), "rssFileMB": statusMB("RssFile:"),
		"goMaxProcs": runtime.GOMAXPROCS(0),
	}
	fmt.Printf("%s %s %g dpi: render %.1f ms + encode %.1f ms = %.1f ms median (p90 %.1f), CPU %.1f ms per export, %d bytes, peak RSS %.0f MB\n",
		filepath.Base(design), format, dpi, res["renderMedianMs"], res["encodeMedianMs"], res["medianMs"], res["p90Ms"], cpuMs, size, res["peakRSSMB"])
	b, _ := json.Marshal(res)
	fmt.Printf("RESULT %s\n", b)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(v []float64) float64 { return quantile(v, 0.5) }

func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

// peakRSSMB reads the process's peak resident set size (Linux).
func peakRSSMB() float64 { return statusMB("VmHWM:") }

// statusMB reads a memory figure of /proc/self/status (Linux), in MB.
func statusMB(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, field) {
			f := strings.Fields(line)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// cpuTime is the CPU time the process has used (all threads), to read beside wall times when
// other processes share the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
