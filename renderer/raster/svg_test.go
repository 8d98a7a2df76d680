package raster

import (
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"affiche/renderer"
	"affiche/renderer/svg"
	"affiche/scene"
)

// svgElement is a 100 × 100 svg element showing a 10 × 10 drawing.
func svgElement(body, extra string) string {
	src := "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">`+body+`</svg>`))
	return `{"type":"svg","x":0,"y":0,"width":100,"height":100,"src":"` + src + `"` + extra + `}`
}

func TestSVGGradients(t *testing.T) {
	// Linear, left to right in bounding-box units.
	img, _ := page(t, 100, 100, svgElement(`<linearGradient id="g"><stop stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient><rect width="10" height="10" fill="url(#g)"/>`, ""), Options{})
	expect(t, img, 0, 50, red, "linear start")
	expect(t, img, 99, 50, blue, "linear end")
	expect(t, img, 50, 50, color.RGBA{128, 0, 127, 255}, "linear middle")
	// Radial about the centre, its end colour padding the corners.
	img, _ = page(t, 100, 100, svgElement(`<radialGradient id="g" gradientUnits="userSpaceOnUse" cx="5" cy="5" r="4"><stop stop-color="#f00"/><stop offset="1" stop-color="#00f"/></radialGradient><rect width="10" height="10" fill="url(#g)"/>`, ""), Options{})
	expect(t, img, 50, 50, color.RGBA{251, 0, 4, 255}, "radial centre")
	expect(t, img, 2, 2, blue, "radial beyond the end")
	expect(t, img, 70, 50, color.RGBA{124, 0, 131, 255}, "radial half way (2.05 of 4 units)")
	// A focal point near the left edge: the colour changes faster on the left.
	img, _ = page(t, 100, 100, svgElement(`<radialGradient id="g" gradientUnits="userSpaceOnUse" cx="5" cy="5" r="5" fx="1" fy="5"><stop stop-color="#f00"/><stop offset="1" stop-color="#00f"/></radialGradient><rect width="10" height="10" fill="url(#g)"/>`, ""), Options{})
	expect(t, img, 10, 50, color.RGBA{253, 0, 2, 255}, "focal point")
	expect(t, img, 5, 50, color.RGBA{140, 0, 115, 255}, "0.45 of the way to the left edge")
	expect(t, img, 15, 50, color.RGBA{240, 0, 16, 255}, "0.06 of the way to the right edge")
	// Repeat and reflect: a 2-unit gradient over 10 units.
	img, _ = page(t, 100, 100, svgElement(`<linearGradient id="g" gradientUnits="userSpaceOnUse" x2="2" spreadMethod="repeat"><stop stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient><rect width="10" height="10" fill="url(#g)"/>`, ""), Options{})
	expect(t, img, 39, 50, color.RGBA{6, 0, 249, 255}, "repeat ends")
	expect(t, img, 40, 50, color.RGBA{249, 0, 6, 255}, "repeat restarts")
	img, _ = page(t, 100, 100, svgElement(`<linearGradient id="g" gradientUnits="userSpaceOnUse" x2="2" spreadMethod="reflect"><stop stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient><rect width="10" height="10" fill="url(#g)"/>`, ""), Options{})
	expect(t, img, 19, 50, color.RGBA{6, 0, 249, 255}, "reflect reaches the end")
	expect(t, img, 20, 50, color.RGBA{6, 0, 249, 255}, "reflect turns")
	expect(t, img, 39, 50, color.RGBA{249, 0, 6, 255}, "reflect comes back")
	// A stroke painted with a gradient, translucent stops premultiplied. (In bounding-box
	// units the gradient would paint nothing: a horizontal line has no height.)
	img, _ = page(t, 100, 100, svgElement(`<linearGradient id="g" gradientUnits="userSpaceOnUse" x2="10"><stop stop-color="#f00" stop-opacity="0"/><stop offset="1" stop-color="#f00"/></linearGradient><path d="M0 5H10" stroke="url(#g)" stroke-width="2"/>`, ""), Options{})
	expect(t, img, 2, 50, color.RGBA{255, 250, 250, 255}, "transparent end of a stroke gradient")
	expect(t, img, 97, 50, color.RGBA{255, 7, 7, 255}, "opaque end of a stroke gradient")
}

func TestSVGClipsAndStrokes(t *testing.T) {
	// A clip path keeps the left half; the element's rounded box still clips too.
	img, _ := page(t, 100, 100, svgElement(`<clipPath id="c"><rect width="5" height="10"/></clipPath><rect width="10" height="10" fill="#f00" clip-path="url(#c)"/>`, `,"cornerRadius":30`), Options{})
	expect(t, img, 30, 50, red, "inside the clip")
	expect(t, img, 70, 50, white, "outside the clip")
	expect(t, img, 2, 2, white, "outside the rounded box")
	// Dashes start at their offset: "2 2" offset 2 starts with a gap.
	img, _ = page(t, 100, 100, svgElement(`<path d="M0 5H10" stroke="#000" stroke-dasharray="2 2" stroke-dashoffset="2"/>`, ""), Options{})
	expect(t, img, 10, 50, white, "gap first")
	expect(t, img, 30, 50, color.RGBA{0, 0, 0, 255}, "then a dash")
	// A pattern far finer than the path is long is drawn as the grey it averages to.
	img, _ = page(t, 100, 100, svgElement(`<path d="M0 5H10" stroke="#000" stroke-width="2" stroke-dasharray="0.00001"/>`, ""), Options{})
	expect(t, img, 50, 50, color.RGBA{128, 128, 128, 255}, "half-on dashes too fine to draw")
	// The miter limit: SVG's 4 bevels a sharp corner that the scene's 10 keeps pointed.
	// (A corner whose miter is 4.6 times the width.)
	sharp := `<path d="M4 9.5L5 5L6 9.5" fill="none" stroke="#000" stroke-width="1" stroke-miterlimit="%s"/>`
	img, _ = page(t, 100, 100, svgElement(strings.Replace(sharp, "%s", "4", 1), ""), Options{})
	expect(t, img, 50, 35, white, "bevelled under miter limit 4")
	img, _ = page(t, 100, 100, svgElement(strings.Replace(sharp, "%s", "10", 1), ""), Options{})
	expect(t, img, 50, 35, color.RGBA{0, 0, 0, 255}, "pointed under miter limit 10")
}

// FuzzSVGDraw draws whatever renderer/svg reads: no input may make drawing panic.
func FuzzSVGDraw(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "svg", "testdata", "*.svg"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<svg viewBox="0 0 1 1"><path d="M0 0L1e300 1" stroke="url(#g)" stroke-dasharray="1e-300 1" stroke-width="1e300"/><radialGradient id="g" fr="2" r="1" fx="9"><stop/><stop offset="1"/></radialGradient></svg>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := svg.Parse(data, svg.Options{})
		if err != nil {
			return
		}
		tr, ok := doc.Fit(nil, scene.FitContain, 32, 32)
		if !ok {
			return
		}
		mask := image.NewAlpha(image.Rect(0, 0, 32, 32))
		for i := range mask.Pix {
			mask.Pix[i] = 255
		}
		dst := image.NewRGBA(mask.Rect)
		r := &render{}
		for _, o := range svgItemOps(doc, tr, mask) {
			o.draw(r, dst, 255)
		}
	})
}

func TestSVGWarningsInFrench(t *testing.T) {
	_, warns := page(t, 100, 100, `{"type":"svg","x":0,"y":0,"width":100,"height":100,"src":"data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'/%3E"}`, Options{})
	if len(warns) != 1 || warns[0].Code != WarnSVGInvalid || !strings.Contains(warns[0].MessageFR, "ni viewBox") {
		t.Errorf("warnings %+v", warns)
	}
}

// benchSVG draws an svg element of box × box points alone, parsing its source every time (as
// an editor redraw or an export does).
func benchSVG(b *testing.B, file string, colors map[string]string, box float64) {
	data, err := os.ReadFile(filepath.Join("..", "svg", "testdata", file))
	if err != nil {
		b.Fatal(err)
	}
	loader := renderer.LoaderFunc(func(ctx context.Context, u string) (*renderer.Source, error) {
		return renderer.NewSource(u, data)
	})
	e := &scene.Element{ID: "e", Type: scene.TypeSVG, Width: box, Height: box, Opacity: 1, Src: "mem:icon", Colors: colors, Fit: scene.FitContain}
	o := Options{Loader: loader}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := RenderElement(context.Background(), e, o); err != nil {
			b.Fatal(err)
		}
	}
}

var iconBlue = map[string]string{"currentColor": "#1d4ed8"}

func BenchmarkSVGTabler64(b *testing.B)      { benchSVG(b, "tabler-calendar.svg", iconBlue, 64) }
func BenchmarkSVGPhosphor64(b *testing.B)    { benchSVG(b, "phosphor-acorn.svg", iconBlue, 64) }
func BenchmarkSVGFluentFlat64(b *testing.B)  { benchSVG(b, "fluent-flat-violin.svg", nil, 64) }
func BenchmarkSVGFluentColor64(b *testing.B) { benchSVG(b, "fluent-style-face.svg", nil, 64) }
func BenchmarkSVGTabler512(b *testing.B)     { benchSVG(b, "tabler-calendar.svg", iconBlue, 512) }
func BenchmarkSVGFluentFlat512(b *testing.B) { benchSVG(b, "fluent-flat-violin.svg", nil, 512) }
