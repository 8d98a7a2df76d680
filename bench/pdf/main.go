// Command pdf measures Affiche's PDF export of one design, warm and in-process, the way the
// server does it: one warm-up, then N exports in a row, each with a fresh loader (images are
// decoded again, as in a new export request). It reports the median and p90 time, the file
// size and the process's peak memory, and a last line `RESULT {json}` like the polotno-node
// driver, so bench/pdf/run.sh can put the two side by side.
//
//	go run ./bench/pdf -design poster.json -n 12 -preset print
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
	"sort"
	"strconv"
	"strings"
	"time"

	"affiche/internal/bundled"
	"affiche/renderer/pdf"
	"affiche/scene"
	"affiche/scene/polotno"
)

func main() {
	design := flag.String("design", "", "design file (Affiche or Polotno JSON)")
	n := flag.Int("n", 12, "number of timed exports")
	preset := flag.String("preset", "print", "print (3 mm bleed, crop marks) or screen")
	outline := flag.Bool("outline-text", false, "draw text as outlines")
	out := flag.String("out", "", "write the last PDF here (to look at it)")
	flag.Parse()
	if err := run(*design, *n, *preset, *outline, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bench/pdf:", err)
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

func run(design string, n int, presetID string, outline bool, out string) error {
	t0 := time.Now()
	doc, err := load(design)
	if err != nil {
		return err
	}
	fonts, err := bundled.Fonts()
	if err != nil {
		return err
	}
	preset, ok := pdf.PresetByID(presetID)
	if !ok {
		return fmt.Errorf("unknown preset %q", presetID)
	}
	startup := time.Since(t0)
	ctx := context.Background()
	var times []float64
	var size int
	var buf bytes.Buffer
	for i := 0; i <= n; i++ { // the first run warms caches and is not counted
		o := preset.Apply(pdf.Options{Fonts: fonts, Loader: bundled.FileLoader(filepath.Dir(design)), OutlineText: outline})
		buf.Reset()
		a := time.Now()
		if _, err := pdf.Write(ctx, &buf, doc, o); err != nil {
			return err
		}
		if i > 0 {
			times = append(times, ms(time.Since(a)))
		}
		size = buf.Len()
	}
	if out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	res := map[string]any{
		"tool": "affiche", "design": filepath.Base(design), "format": "pdf-" + presetID, "pages": len(doc.Pages), "n": n,
		"medianMs": quantile(times, 0.5), "p90Ms": quantile(times, 0.9), "bytes": size, "peakRSSMB": peakRSSMB(),
		"startupMs": ms(startup), "goMaxProcs": runtime.GOMAXPROCS(0),
	}
	fmt.Printf("%s (%d pages) PDF %s: %.1f ms median (p90 %.1f), %d bytes, peak RSS %.0f MB\n",
		filepath.Base(design), len(doc.Pages), presetID, res["medianMs"], res["p90Ms"], size, res["peakRSSMB"])
	b, _ := json.Marshal(res)
	fmt.Printf("RESULT %s\n", b)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

// peakRSSMB reads the process's peak resident set size (Linux).
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
