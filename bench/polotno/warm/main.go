// Command warm times Affiche on a Polotno design the way polotno-node's reused tab is timed:
// in one process, after a first (cold) render, each render imports the design, draws the page
// and encodes the PNG. compare.sh runs it next to polotno-node.
//
//	go run ./bench/polotno/warm -n 7 -dpi 300 -page 1 design.json
//
// It prints one line: `RESULT {"first": ms, "warmMedian": ms, "runs": n}`.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"time"

	"affiche/internal/bundled"
	"affiche/renderer/encode"
	"affiche/renderer/raster"
	"affiche/scene/polotno"
)

func main() {
	n := flag.Int("n", 7, "renders (the first counts as cold)")
	dpi := flag.Float64("dpi", 72, "resolution")
	page := flag.Int("page", 1, "page number from 1")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the warm renders to this file")
	flag.Parse()
	if flag.NArg() != 1 || *n < 2 {
		fmt.Fprintln(os.Stderr, "usage: warm [-n N≥2] [-dpi D] [-page P] design.json")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *n, *dpi, *page-1, *profile); err != nil {
		fmt.Fprintln(os.Stderr, "warm:", err)
		os.Exit(1)
	}
}

func run(path string, n int, dpi float64, page int, profile string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	fonts, err := bundled.Fonts()
	if err != nil {
		return err
	}
	opts := raster.Options{DPI: dpi, Fonts: fonts, Loader: bundled.FileLoader(filepath.Dir(path))}
	times := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		if i == 1 && profile != "" {
			f, err := os.Create(profile)
			if err != nil {
				return err
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
		t0 := time.Now()
		doc, _, err := polotno.Import(data)
		if err != nil {
			return err
		}
		img, _, err := raster.RenderPage(context.Background(), doc, page, opts)
		if err != nil {
			return err
		}
		if err := encode.PNG(io.Discard, img, dpi); err != nil {
			return err
		}
		times = append(times, float64(time.Since(t0).Microseconds())/1000)
	}
	warm := append([]float64(nil), times[1:]...)
	sort.Float64s(warm)
	med := warm[len(warm)/2]
	if len(warm)%2 == 0 {
		med = (warm[len(warm)/2-1] + warm[len(warm)/2]) / 2
	}
	b, _ := json.Marshal(map[string]any{"first": times[0], "warmMedian": med, "runs": n})
	fmt.Println("RESULT " + string(b))
	return nil
}
