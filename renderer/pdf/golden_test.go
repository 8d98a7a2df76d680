package pdf

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"affiche/renderer/raster"
	"affiche/scene"
)

// The golden scenes of the foundation, exported to PDF, rasterised by poppler and compared
// with the raster backend at the same resolution. The pixel bound allows for what legitimately
// differs between two rasterisers of the same vectors: anti-aliasing of edges (poppler's
// coverage is not ours), glyph hinting-free rendering at sub-pixel positions, gradient
// sampling, and photos resampled by different filters. Line breaks are compared separately,
// from the text poppler reads back (see lines_test.go).
var goldenDPIs = []float64{72, 150}

// maxMeanDiff is the largest mean absolute difference per channel (0–255) at each resolution:
// at 72 dpi a glyph edge is a large share of small text, and poppler snaps glyph stems to
// pixels (FreeType) where the raster backend keeps them unhinted.
var maxMeanDiff = map[float64]float64{72: 4.5, 150: 3.5}

const (
	// maxBadFraction is the largest fraction of pixels differing by more than badLevel.
	maxBadFraction = 0.02
	badLevel       = 96
)

func loadScenes(tb testing.TB) map[string]*scene.Document {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "scenes", "*.json"))
	local, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	files = append(files, local...)
	if len(files) == 0 {
		tb.Skip("no scenes in renderer/testdata/scenes")
	}
	out := map[string]*scene.Document{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		doc, _, err := scene.Restore(b)
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = doc
	}
	return out
}

func TestGoldenScenesMatchRaster(t *testing.T) {
	havePoppler(t)
	reg := registry(t)
	outDir := os.Getenv("AFFICHE_PDF_OUT") // keep every image there when set
	for name, doc := range loadScenes(t) {
		for p := range doc.Pages {
			for _, dpi := range goldenDPIs {
				t.Run(fmt.Sprintf("%s/p%d/%gdpi", name, p+1, dpi), func(t *testing.T) {
					want, _, err := raster.RenderPage(context.Background(), doc, p, raster.Options{DPI: dpi, Fonts: reg, Loader: testLoader})
					if err != nil {
						t.Fatal(err)
					}
					o := options(t)
					o.Pages, o.Bleed = []int{p}, ptr(0)
					b, _ := writePDF(t, doc, o)
					got := rasterise(t, b, 1, dpi)
					mean, bad, diff := compareImages(got, want, badLevel)
					t.Logf("mean difference %.2f/255, %.2f%% of pixels off by more than %d", mean, 100*bad, badLevel)
					if outDir != "" {
						writePNG(t, filepath.Join(outDir, fmt.Sprintf("%s-p%d-%g-pdf.png", name, p+1, dpi)), got)
						writePNG(t, filepath.Join(outDir, fmt.Sprintf("%s-p%d-%g-raster.png", name, p+1, dpi)), want)
						writePNG(t, filepath.Join(outDir, fmt.Sprintf("%s-p%d-%g-diff.png", name, p+1, dpi)), diff)
						os.WriteFile(filepath.Join(outDir, fmt.Sprintf("%s-p%d.pdf", name, p+1)), b, 0o644)
					}
					if mean > maxMeanDiff[dpi] || bad > maxBadFraction {
						path := filepath.Join(t.TempDir(), name+"-diff.png")
						if d := os.Getenv("AFFICHE_DIFF_DIR"); d != "" {
							path = filepath.Join(d, fmt.Sprintf("%s-p%d-diff.png", name, p+1))
						}
						writePNG(t, path, diff)
						t.Errorf("PDF and PNG differ: mean %.2f (max %.1f), %.2f%% bad pixels (max %.1f%%); diff in %s",
							mean, maxMeanDiff[dpi], 100*bad, 100*maxBadFraction, path)
					}
				})
			}
		}
	}
}

// compareImages compares the area both images cover (poppler rounds page sizes up, the raster
// backend to the nearest pixel): the mean absolute difference per channel, the fraction of
// pixels with a channel off by more than level, and a diff image (bad pixels red over a faded
// copy of want).
func compareImages(got, want image.Image, level int) (mean, bad float64, diff *image.RGBA) {
	b := want.Bounds().Intersect(got.Bounds())
	diff = image.NewRGBA(b)
	var sum float64
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g, w := rgb(got.At(x, y)), rgb(want.At(x, y))
			d := 0
			for k := range 3 {
				v := int(math.Abs(float64(g[k]) - float64(w[k])))
				sum += float64(v)
				d = max(d, v)
			}
			if d > level {
				n++
				diff.Set(x, y, color.RGBA{255, 0, 0, 255})
			} else {
				l := uint8(192 + (int(w[0])+int(w[1])+int(w[2]))/3/4)
				diff.Set(x, y, color.RGBA{l, l, l, 255})
			}
		}
	}
	px := float64(b.Dx() * b.Dy())
	return sum / (3 * px), float64(n) / px, diff
}

func rgb(c color.Color) [3]uint8 {
	r, g, b, _ := c.RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}
