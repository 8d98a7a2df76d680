package pdf

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"affiche/renderer/raster"
)

// Every SVG of renderer/svg's test documents (icons, emoji, illustrations with gradients,
// clips, strokes, dashes), placed on one page, looks the same in the PDF as in the PNG.
func TestSVGDocumentsMatchRaster(t *testing.T) {
	havePoppler(t)
	files, _ := filepath.Glob(filepath.Join("..", "svg", "testdata", "*.svg"))
	if len(files) == 0 {
		t.Skip("no SVG test documents")
	}
	var els []string
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		x, y := 10+float64(i%5)*116, 10+float64(i/5)*116
		els = append(els, fmt.Sprintf(`{"type":"svg","x":%g,"y":%g,"width":106,"height":106,"src":"data:image/svg+xml;base64,%s"}`,
			x, y, base64.StdEncoding.EncodeToString(b)))
	}
	doc := restoreJSON(t, `{"format":"affiche","version":1,"width":595.28,"height":`+fmt.Sprint(20+116*((len(files)+4)/5))+`,"pages":[{"background":"#ffffff","elements":[`+strings.Join(els, ",")+`]}]}`)
	const dpi = 150
	want, _, err := raster.RenderPage(context.Background(), doc, 0, raster.Options{DPI: dpi, Fonts: registry(t), Loader: testLoader})
	if err != nil {
		t.Fatal(err)
	}
	o := options(t)
	o.Bleed = ptr(0)
	b, warns := writePDF(t, doc, o)
	for _, w := range warns {
		t.Log(w.Message)
	}
	got := rasterise(t, b, 1, dpi)
	mean, bad, diff := compareImages(got, want, badLevel)
	t.Logf("%d SVGs: mean difference %.2f/255, %.2f%% of pixels off by more than %d", len(files), mean, 100*bad, badLevel)
	if d := os.Getenv("AFFICHE_PDF_OUT"); d != "" {
		writePNG(t, filepath.Join(d, "svg-pdf.png"), got)
		writePNG(t, filepath.Join(d, "svg-raster.png"), want)
		writePNG(t, filepath.Join(d, "svg-diff.png"), diff)
	}
	if mean > 2 || bad > 0.01 {
		path := filepath.Join(t.TempDir(), "svg-diff.png")
		writePNG(t, path, diff)
		t.Errorf("SVGs differ: mean %.2f (max 2), %.2f%% bad pixels (max 1%%); diff in %s", mean, 100*bad, path)
	}
}
