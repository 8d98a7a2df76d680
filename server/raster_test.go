package server

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"sync"
	"testing"

	"affiche/internal/bundled"
	"affiche/renderer/encode"
	"affiche/renderer/raster"
	"affiche/scene"
	"affiche/server/export"
	"affiche/templates"
)

func rasterEnv(t *testing.T, mod func(c *Config)) *testEnv {
	return newEnv(t, func(c *Config, d *Deps) {
		d.Renderer = export.Raster{}
		if mod != nil {
			mod(c)
		}
	})
}

// cliRender renders a page the way `affiche render` does: raster.RenderPage with the bundled
// fonts, then renderer/encode.
func cliRender(t *testing.T, data []byte, page int, dpi float64, jpeg bool) []byte {
	t.Helper()
	doc, _, err := scene.Restore(data)
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := bundled.Fonts()
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := raster.RenderPage(context.Background(), doc, page, raster.Options{DPI: dpi, Fonts: fonts, Loader: bundled.FileLoader(t.TempDir())})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if jpeg {
		err = encode.JPEG(&b, img, dpi, 90)
	} else {
		err = encode.PNG(&b, img, dpi)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRasterExportEqualsCLI exports every template, the renderer's golden scenes and the
// benchmark poster over HTTP, page by page, and compares the bytes with the CLI's rendering of
// the same scene.
func TestRasterExportEqualsCLI(t *testing.T) {
	env := rasterEnv(t, nil)
	designs := map[string][]byte{}
	cat, err := templates.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range cat {
		designs[tpl.ID], _ = templates.File(tpl.ID)
	}
	poster, err := os.ReadFile("../bench/load/designs/poster.json")
	if err != nil {
		t.Fatal(err)
	}
	designs["bench-poster"] = poster
	golden, _ := filepath.Glob("../renderer/testdata/scenes/*.json")
	if len(golden) == 0 {
		t.Fatal("no golden scenes in renderer/testdata/scenes")
	}
	for _, g := range golden {
		designs["golden-"+filepath.Base(g)], _ = os.ReadFile(g)
	}
	for name, data := range designs {
		doc, _, err := scene.Restore(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for page := range doc.Pages {
			for _, c := range []struct {
				q    string
				dpi  float64
				jpeg bool
			}{{"dpi=72", 72, false}, {"dpi=150&format=jpeg", 150, true}} {
				q := fmt.Sprintf("%s&pages=%d", c.q, page+1)
				r := env.do("POST", "/api/export?"+q, "application/json", data)
				if r.status != 200 {
					t.Fatalf("%s %s: %d %s", name, q, r.status, r.body)
				}
				if want := cliRender(t, data, page, c.dpi, c.jpeg); !bytes.Equal(r.body, want) {
					t.Errorf("%s %s: HTTP export (%d bytes) differs from the CLI's (%d bytes)", name, q, len(r.body), len(want))
				}
			}
		}
	}
}

// TestRasterConcurrent300dpi is TestConcurrentHighResolutionExports with the real renderer and
// a design with photos: 20 A4 exports at 300 dpi at once on 2 workers; each one ends in a PNG
// or a 503, and the heap stays within the budget plus the baseline.
func TestRasterConcurrent300dpi(t *testing.T) {
	if testing.Short() {
		t.Skip("renders twenty 300-dpi pages")
	}
	poster, err := os.ReadFile("../bench/load/designs/poster.json")
	if err != nil {
		t.Fatal(err)
	}
	const budget = 320 << 20
	const slack = 128 << 20
	env := rasterEnv(t, func(c *Config) { c.ExportWorkers, c.ExportQueue, c.ExportMemory = 2, 6, budget })
	if r := env.do("POST", "/api/export?dpi=72", "application/json", poster); r.status != 200 { // fonts loaded once
		t.Fatal(r.status)
	}
	old := debug.SetMemoryLimit(budget + slack)
	defer debug.SetMemoryLimit(old)
	stopSampling := heapGrowth()
	const n = 20
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := env.do("POST", "/api/export?dpi=300", "application/json", poster)
			statuses[i] = r.status
			if r.status == 200 {
				if cfg, _, err := image.DecodeConfig(bytes.NewReader(r.body)); err != nil || cfg.Width != 2479 {
					t.Errorf("export %d: %v %v", i, cfg, err)
				}
			} else if r.status == 503 && r.header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
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
		default:
			t.Errorf("export %d: status %d", i, s)
		}
	}
	t.Logf("%d exported, %d refused with 503; heap grew by %d MB at peak (budget %d MB)", ok, busy, growth>>20, budget>>20)
	if ok+busy != n || ok < 2 {
		t.Errorf("%d ok + %d busy of %d", ok, busy, n)
	}
	if growth > budget+slack {
		t.Errorf("heap grew by %d MB, more than the budget (%d MB) + %d MB", growth>>20, budget>>20, slack>>20)
	}
	env.healthy()
}

// TestPDFExport exports designs as PDF over HTTP and checks the file with poppler: page count,
// page size with and without bleed and crop marks, and that it rasterises.
func TestPDFExport(t *testing.T) {
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo (poppler-utils) is not installed")
	}
	env := newEnv(t, func(c *Config, d *Deps) { d.Renderer, d.PDF = export.Raster{}, export.PDF{} })
	tpl, _ := templates.File("fete-de-quartier") // A4, 3 mm bleed
	typo, err := os.ReadFile("../renderer/testdata/scenes/typography.json")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, query string
		body        []byte
		pages       string
		w, h        float64 // the first page's size in points (0: not checked)
	}{
		{"trimmed", "format=pdf", tpl, "1", 595.28, 841.89},
		{"print preset", "preset=print", tpl, "1", 654.81, 901.42}, // 3 mm bleed, then 7.5 mm of crop marks each side (renderer/pdf marksRoom)
		{"bleed only", "format=pdf&bleed=true", tpl, "1", 612.29, 858.9},
		{"outlined text, two pages", "format=pdf&outlineText=true", typo, "2", 0, 0},
		{"one page of two", "format=pdf&pages=2", typo, "1", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.do("POST", "/api/export?"+c.query, "application/json", c.body)
			if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.body, []byte("%PDF-")) {
				t.Fatalf("%d %q %.80s", r.status, r.header.Get("Content-Type"), r.body)
			}
			f := filepath.Join(t.TempDir(), "out.pdf")
			os.WriteFile(f, r.body, 0o644)
			out, err := exec.Command("pdfinfo", f).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo: %v\n%s", err, out)
			}
			info := string(out)
			if !regexp.MustCompile(`(?m)^Pages:\s+` + c.pages + `$`).MatchString(info) {
				t.Errorf("pages: want %s\n%s", c.pages, info)
			}
			if c.w > 0 {
				m := regexp.MustCompile(`Page size:\s+([0-9.]+) x ([0-9.]+) pts`).FindStringSubmatch(info)
				if m == nil {
					t.Fatalf("no page size in\n%s", info)
				}
				w, _ := strconv.ParseFloat(m[1], 64)
				h, _ := strconv.ParseFloat(m[2], 64)
				if math.Abs(w-c.w) > 0.05 || math.Abs(h-c.h) > 0.05 {
					t.Errorf("page size %g × %g, want %g × %g", w, h, c.w, c.h)
				}
			}
		})
	}
}
