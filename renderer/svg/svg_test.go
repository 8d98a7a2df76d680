package svg

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"affiche/renderer/geom"
	"affiche/scene"
)

func parse(t *testing.T, src string, o Options) *Document {
	t.Helper()
	d, err := Parse([]byte(src), o)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, src)
	}
	return d
}

func doc(body string) string {
	return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">` + body + `</svg>`
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func rgb(s string) color.NRGBA { return scene.MustColor(s) }

// bounds returns the path's bounding box (control points included).
func bounds(p *geom.Path) scene.Rect { return p.Bounds() }

func sameRect(a, b scene.Rect) bool {
	return near(a.X, b.X) && near(a.Y, b.Y) && near(a.Width, b.Width) && near(a.Height, b.Height)
}

func TestViewportAndSize(t *testing.T) {
	for _, c := range []struct {
		root   string
		vb     scene.Rect
		w, h   float64
		moveTo geom.Point // where a rect at (10, 10) starts in item space
	}{
		{`viewBox="0 0 24 24"`, scene.Rect{Width: 24, Height: 24}, 24, 24, geom.Point{X: 10, Y: 10}},
		{`viewBox="0 0 24 24" width="1em" height="1em"`, scene.Rect{Width: 24, Height: 24}, 16, 16, geom.Point{X: 10, Y: 10}},
		{`width="48" height="32"`, scene.Rect{Width: 48, Height: 32}, 48, 32, geom.Point{X: 10, Y: 10}},
		{`width="10mm" height="20mm" viewBox="5 5 10 20"`, scene.Rect{X: 5, Y: 5, Width: 10, Height: 20}, 10 * 96 / 25.4, 20 * 96 / 25.4, geom.Point{X: 10, Y: 10}},
		{`width="100%" viewBox="0 0 30 10"`, scene.Rect{Width: 30, Height: 10}, 30, 10, geom.Point{X: 10, Y: 10}},
		{`width="60" viewBox="0 0 30 10"`, scene.Rect{Width: 30, Height: 10}, 60, 20, geom.Point{X: 10, Y: 10}},
		// Aspect mismatch: meet shows more of the drawing around the viewBox, slice less.
		{`width="200" height="100" viewBox="0 0 100 100"`, scene.Rect{X: -50, Width: 200, Height: 100}, 200, 100, geom.Point{X: 10, Y: 10}},
		{`width="200" height="100" viewBox="0 0 100 100" preserveAspectRatio="xMinYMin meet"`, scene.Rect{Width: 200, Height: 100}, 200, 100, geom.Point{X: 10, Y: 10}},
		{`width="200" height="100" viewBox="0 0 100 100" preserveAspectRatio="xMidYMid slice"`, scene.Rect{Y: 25, Width: 100, Height: 50}, 200, 100, geom.Point{X: 10, Y: 10}},
		// none stretches: the items go to viewport space.
		{`width="200" height="100" viewBox="0 0 100 100" preserveAspectRatio="none"`, scene.Rect{Width: 200, Height: 100}, 200, 100, geom.Point{X: 20, Y: 10}},
	} {
		d := parse(t, `<svg xmlns="http://www.w3.org/2000/svg" `+c.root+`><rect x="10" y="10" width="5" height="5"/></svg>`, Options{})
		if !sameRect(d.ViewBox, c.vb) || !near(d.Width, c.w) || !near(d.Height, c.h) {
			t.Errorf("%s: viewBox %v size %g×%g, want %v %g×%g", c.root, d.ViewBox, d.Width, d.Height, c.vb, c.w, c.h)
		}
		if len(d.Items) != 1 || d.Items[0].Path.Pts[0] != c.moveTo {
			t.Errorf("%s: items %+v", c.root, d.Items)
		}
		if !near(d.ViewBox.Width/d.ViewBox.Height, d.Width/d.Height) {
			t.Errorf("%s: viewBox %v does not have the picture's aspect %g×%g", c.root, d.ViewBox, d.Width, d.Height)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		src  string
		want error
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>`, ErrNoSize},
		{`<svg viewBox="0 0 0 10"/>`, ErrNoSize},
		{`<html><svg viewBox="0 0 1 1"/></html>`, nil},
		{``, nil},
		{`not xml at all`, nil},
		{`<?xml version="1.0" encoding="Shift_JIS"?><svg viewBox="0 0 1 1"/>`, nil},
	} {
		_, err := Parse([]byte(c.src), Options{})
		if err == nil {
			t.Errorf("%q: no error", c.src)
			continue
		}
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%q: %v, want %v", c.src, err, c.want)
		}
	}
}

func TestEncodingsAndEntities(t *testing.T) {
	// Latin-1 is read (without x/text), an internal DTD entity is not expanded.
	src := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<!DOCTYPE svg [<!ENTITY big \"M0 0h10v10z\">]>" +
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>caf\xe9</title>" +
		"<path d=\"&big;\"/><path fill=\"#00f\" d=\"M0 0h5v5z\"/></svg>"
	d := parse(t, src, Options{})
	if len(d.Items) != 1 || d.Items[0].Fill.Color != rgb("#00f") {
		t.Fatalf("items %+v", d.Items)
	}
	// Unclosed elements are forgiven (the parser is not strict).
	parse(t, `<svg viewBox="0 0 1 1"><g><rect width="1" height="1"></svg>`, Options{})
	// A BOM and an UTF-8 declaration are fine.
	parse(t, "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?><svg viewBox=\"0 0 1 1\"/>", Options{})
}

func TestShapes(t *testing.T) {
	d := parse(t, doc(`
		<rect x="10" y="20" width="30" height="40"/>
		<rect x="0" y="0" width="20" height="10" rx="4"/>
		<rect x="0" y="0" width="20" height="10" ry="50"/>
		<circle cx="50" cy="50" r="10"/>
		<ellipse cx="50" cy="50" rx="20" ry="10"/>
		<line x1="0" y1="0" x2="10" y2="10" stroke="red"/>
		<polyline points="0,0 10,0 10,10" />
		<polygon points="0 0 10 0 10 10 5"/>
		<path d="M0 0L10 0L10 10Z"/>
		<path d="M0 0L10 0L10 10 oops L 50 50"/>
		<rect width="0" height="10"/><circle r="-1"/><path d=""/>
		<rect width="50%" height="25%"/>`), Options{})
	want := []scene.Rect{
		{X: 10, Y: 20, Width: 30, Height: 40},
		{Width: 20, Height: 10},
		{Width: 20, Height: 10},
		{X: 40, Y: 40, Width: 20, Height: 20},
		{X: 30, Y: 40, Width: 40, Height: 20},
		{Width: 10, Height: 10},
		{Width: 10, Height: 10},
		{Width: 10, Height: 10},
		{Width: 10, Height: 10},
		{Width: 10, Height: 10}, // drawn up to the error
		{Width: 50, Height: 25},
	}
	if len(d.Items) != len(want) {
		t.Fatalf("%d items, want %d", len(d.Items), len(want))
	}
	for i, w := range want {
		if b := tightBounds(d.Items[i].Path); !sameRectTol(b, w, 1e-3) {
			t.Errorf("item %d: bounds %v, want %v", i, b, w)
		}
	}
	// rx alone rounds both ways; ry beyond half the height is clamped: the corner curves.
	if n := len(d.Items[1].Path.Ops); n != 10 {
		t.Errorf("rounded rect has %d ops", n)
	}
	if !d.Items[5].Fill.None || d.Items[5].Stroke.Color != rgb("red") {
		t.Errorf("line paints %+v", d.Items[5])
	}
	if ops := d.Items[7].Path.Ops; ops[len(ops)-1] != geom.Close || len(d.Items[7].Path.Pts) != 3 {
		t.Errorf("polygon with an odd coordinate: %v %v", ops, d.Items[7].Path.Pts)
	}
}

func sameRectTol(a, b scene.Rect, tol float64) bool {
	return math.Abs(a.X-b.X) <= tol && math.Abs(a.Y-b.Y) <= tol && math.Abs(a.Width-b.Width) <= tol && math.Abs(a.Height-b.Height) <= tol
}

func TestTransforms(t *testing.T) {
	for _, c := range []struct {
		tr   string
		x, y float64 // where (1, 0) goes
	}{
		{`translate(10)`, 11, 0},
		{`translate(10, 5)`, 11, 5},
		{`scale(2)`, 2, 0},
		{`scale(2 3) translate(1 1)`, 4, 3},
		{`rotate(90)`, 0, 1},
		{`rotate(90 1 1)`, 2, 1},
		{`matrix(1 0 0 1 7 8)`, 8, 8},
		{`skewY(45)`, 1, 1},
		{`skewX(45)`, 1, 0},
		{`translate(10px,5px) rotate(90deg)`, 10, 6},
		{`translate(10) bogus(1)`, 1, 0}, // an error drops the whole attribute
	} {
		d := parse(t, doc(`<g transform="`+c.tr+`"><path d="M1 0L2 2" stroke="#000"/></g>`), Options{})
		p := d.Items[0].Path.Pts[0]
		if !near(p.X, c.x) || !near(p.Y, c.y) {
			t.Errorf("%s: (1, 0) → (%g, %g), want (%g, %g)", c.tr, p.X, p.Y, c.x, c.y)
		}
	}
	// Group and element transforms compose, outer first; the stroke width scales.
	d := parse(t, doc(`<g transform="translate(10 0)"><path transform="scale(3)" d="M1 1L2 2" stroke="#000" stroke-width="2"/></g>`), Options{})
	if p := d.Items[0].Path.Pts[0]; p != (geom.Point{X: 13, Y: 3}) {
		t.Errorf("composed: %v", p)
	}
	if !near(d.Items[0].StrokeWidth, 6) {
		t.Errorf("stroke width %g, want 6", d.Items[0].StrokeWidth)
	}
}

func TestStyleCascade(t *testing.T) {
	d := parse(t, doc(`
		<style>
			.a { fill: #010101 }
			rect.b { fill: #020202; stroke: #030303 }
			#c { fill: #040404 !important }
			path { fill: #050505 }
			.x .y { fill: #ff0000 }
			@media print { .a { fill: #ff0000 } }
			/* .a { fill: #ff0000 } */
		</style>
		<rect class="a" fill="#ff0000" width="1" height="1"/>
		<rect class="a b" width="1" height="1"/>
		<rect id="c" class="b" width="1" height="1"/>
		<rect class="a" style="fill: #060606" width="1" height="1"/>
		<path d="M0 0h1v1z"/>
		<path class="y" d="M0 0h1v1z"/>
		<g fill="#070707" stroke="#080808"><rect width="1" height="1"/><rect fill="inherit" stroke="none" width="1" height="1"/></g>
	`), Options{})
	want := []struct{ fill, stroke string }{
		{"#010101", ""},
		{"#020202", "#030303"},
		{"#040404", "#030303"},
		{"#060606", ""},
		{"#050505", ""},
		{"#050505", ""},
		{"#070707", "#080808"},
		{"#070707", ""},
	}
	if len(d.Items) != len(want) {
		t.Fatalf("%d items", len(d.Items))
	}
	for i, w := range want {
		it := d.Items[i]
		if it.Fill.Color != rgb(w.fill) {
			t.Errorf("item %d: fill %v, want %s", i, it.Fill.Color, w.fill)
		}
		if (w.stroke == "") != it.Stroke.None || w.stroke != "" && it.Stroke.Color != rgb(w.stroke) {
			t.Errorf("item %d: stroke %+v, want %q", i, it.Stroke, w.stroke)
		}
	}
}

func TestPresentationProperties(t *testing.T) {
	d := parse(t, doc(`
		<g stroke="#000" stroke-width="4" stroke-linecap="round" stroke-linejoin="bevel" stroke-miterlimit="8"
		   fill-rule="evenodd" fill-opacity=".5" stroke-opacity="50%" opacity=".5">
			<path d="M0 0h10v10z" opacity=".5" stroke-dasharray="1, 2 3" stroke-dashoffset="2"/>
			<path d="M0 0h10v10z" stroke-dasharray="1 -2" fill="none"/>
			<path d="M0 0h10v10z" visibility="hidden"/>
			<g visibility="hidden"><path d="M0 0h10v10z" visibility="visible" stroke-width="0"/></g>
			<path d="M0 0h10v10z" display="none"/>
			<g style="display:none"><path d="M0 0h10v10z"/></g>
			<path d="M0 0h10v10z" opacity="0"/>
		</g>`), Options{})
	if len(d.Items) != 3 {
		t.Fatalf("%d items, want 3", len(d.Items))
	}
	a := d.Items[0]
	if !a.EvenOdd || a.Cap != "round" || a.Join != "bevel" || a.MiterLimit != 8 || a.StrokeWidth != 4 {
		t.Errorf("stroke style %+v", a)
	}
	if !near(a.Opacity, 0.25) || a.Fill.Color.A != 128 || a.Stroke.Color.A != 128 {
		t.Errorf("opacities %g %v %v", a.Opacity, a.Fill.Color, a.Stroke.Color)
	}
	if fmt.Sprint(a.Dashes) != "[1 2 3 1 2 3]" || a.DashOffset != 2 {
		t.Errorf("dashes %v offset %g", a.Dashes, a.DashOffset)
	}
	if b := d.Items[1]; b.Dashes != nil || !b.Fill.None {
		t.Errorf("a negative dash draws solid: %+v", b)
	}
	if c := d.Items[2]; !c.Stroke.None || c.Fill.Color.A != 128 {
		t.Errorf("visible inside hidden, no stroke: %+v", c)
	}
}

func TestRecolour(t *testing.T) {
	src := doc(`
		<path fill="#FFF" d="M0 0h1v1z"/>
		<path fill="white" d="M0 0h1v1z"/>
		<path fill="rgb(255 255 255 / 50%)" d="M0 0h1v1z"/>
		<path fill="currentColor" d="M0 0h1v1z"/>
		<g color="#0000ff"><path fill="currentColor" d="M0 0h1v1z"/></g>
		<path fill="#123456" d="M0 0h1v1z"/>
		<path d="M0 0h1v1z"/>
		<linearGradient id="g"><stop stop-color="#ffffff"/><stop offset="1" stop-color="currentColor"/></linearGradient>
		<rect width="1" height="1" fill="url(#g)"/>`)
	d := parse(t, src, Options{})
	if got := strings.Join(d.Palette, " "); got != "#ffffff currentColor #123456 #000000" {
		t.Errorf("palette %q", got)
	}
	if d.Items[3].Fill.Color != rgb("#000") || d.Items[4].Fill.Color != rgb("#00f") {
		t.Errorf("currentColor without recolouring: %v %v", d.Items[3].Fill.Color, d.Items[4].Fill.Color)
	}
	d = parse(t, src, Options{Colors: map[string]string{"#ffffff": "#ff0000", "currentColor": "#00ff00", "BLACK": "#0000ff", "nonsense": "#000", "#123456": "not a colour"}})
	want := []color.NRGBA{rgb("#f00"), rgb("#f00"), {255, 0, 0, 128}, rgb("#0f0"), rgb("#0f0"), rgb("#123456"), rgb("#00f")}
	for i, w := range want {
		if d.Items[i].Fill.Color != w {
			t.Errorf("item %d: %v, want %v", i, d.Items[i].Fill.Color, w)
		}
	}
	g := d.Items[7].Fill.Gradient
	if g == nil || g.Stops[0].Color != rgb("#f00") || g.Stops[1].Color != rgb("#0f0") {
		t.Errorf("gradient stops not recoloured: %+v", g)
	}
	// A translucent key matches only that colour.
	d = parse(t, src, Options{Colors: map[string]string{"#ffffff80": "#000"}})
	if d.Items[0].Fill.Color != rgb("#fff") || d.Items[2].Fill.Color != rgb("#000") {
		t.Errorf("translucent key: %v %v", d.Items[0].Fill.Color, d.Items[2].Fill.Color)
	}
}

func TestGradients(t *testing.T) {
	d := parse(t, doc(`
		<defs>
			<linearGradient id="base" spreadMethod="reflect"><stop offset="0" stop-color="#f00"/><stop offset="50%" stop-color="#0f0" stop-opacity=".5"/><stop offset=".2" stop-color="#00f"/></linearGradient>
			<linearGradient id="h" href="#base" x1="0" y1="0" x2="0" y2="1"/>
			<linearGradient id="u" xlink:href="#h" gradientUnits="userSpaceOnUse" x1="10" x2="90" gradientTransform="translate(5)"/>
			<radialGradient id="r" href="#base" fx="2" fy=".5"/>
			<radialGradient id="one"><stop stop-color="#abcdef"/></radialGradient>
			<radialGradient id="none"/>
			<linearGradient id="loop1" href="#loop2"><stop stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient>
			<linearGradient id="loop2" href="#loop1"/>
		</defs>
		<rect x="10" y="20" width="40" height="20" fill="url(#h)" fill-opacity=".5"/>
		<rect x="10" y="20" width="40" height="20" fill="url(#u)" transform="scale(2)"/>
		<rect x="10" y="20" width="40" height="20" fill="url(#r)"/>
		<rect x="10" y="20" width="40" height="20" fill="url(#one)"/>
		<rect x="10" y="20" width="40" height="20" fill="url(#none) #0f0"/>
		<rect x="10" y="20" width="40" height="20" fill="url(#missing) #00f"/>
		<rect x="10" y="20" width="40" height="20" fill="url(#loop2)"/>
		<line x1="0" y1="5" x2="10" y2="5" stroke="url(#h)"/>
	`), Options{})
	if len(d.Items) != 6 {
		t.Fatalf("%d items, want 6 (empty gradient and zero-height box paint nothing)", len(d.Items))
	}
	h := d.Items[0].Fill.Gradient
	if h == nil || h.Radial || h.Spread != SpreadReflect || h.X1 != 0 || h.Y2 != 1 || h.X2 != 0 {
		t.Fatalf("inherited gradient %+v", h)
	}
	if h.Transform != (scene.Affine{40, 0, 0, 20, 10, 20}) {
		t.Errorf("bounding-box transform %v", h.Transform)
	}
	// Offsets made non-decreasing; stop-opacity and fill-opacity multiply.
	if len(h.Stops) != 3 || h.Stops[2].Offset != 0.5 || h.Stops[1].Color.A != 64 || h.Stops[0].Color.A != 128 {
		t.Errorf("stops %+v", h.Stops)
	}
	u := d.Items[1].Fill.Gradient
	if u == nil || u.X1 != 10 || u.X2 != 90 || u.Y2 != 1 || u.Transform != (scene.Affine{2, 0, 0, 2, 10, 0}) {
		t.Errorf("user-space gradient %+v", u)
	}
	r := d.Items[2].Fill.Gradient
	if r == nil || !r.Radial || r.CX != 0.5 || r.R != 0.5 || !(math.Hypot(r.FX-r.CX, r.FY-r.CY) < r.R) || r.FY != 0.5 {
		t.Errorf("radial %+v", r)
	}
	if d.Items[3].Fill.Gradient != nil || d.Items[3].Fill.Color != rgb("#abcdef") {
		t.Errorf("one stop paints its colour: %+v", d.Items[3].Fill)
	}
	if d.Items[4].Fill.Color != rgb("#00f") {
		t.Errorf("fallback of a missing reference: %+v", d.Items[4].Fill)
	}
	if g := d.Items[5].Fill.Gradient; g == nil || len(g.Stops) != 2 {
		t.Errorf("href loop: %+v", d.Items[5].Fill)
	}
}

func TestUseAndSymbol(t *testing.T) {
	d := parse(t, doc(`
		<defs>
			<path id="p" d="M0 0h10v10h-10z" fill="inherit"/>
			<symbol id="s" viewBox="0 0 10 10"><path d="M0 0h10v10h-10z"/></symbol>
		</defs>
		<use href="#p" x="5" y="6" fill="#f00"/>
		<use xlink:href="#s" x="20" y="20" width="40" height="20"/>
		<g id="self"><use href="#self"/></g>
		<use href="http://example.com/x.svg#p"/>
		<use href="#nothing"/>`), Options{})
	if len(d.Items) != 2 {
		t.Fatalf("%d items, want 2", len(d.Items))
	}
	if b := bounds(d.Items[0].Path); !sameRect(b, scene.Rect{X: 5, Y: 6, Width: 10, Height: 10}) || d.Items[0].Fill.Color != rgb("#f00") {
		t.Errorf("use: %v %v", b, d.Items[0].Fill.Color)
	}
	// The symbol's 10×10 viewBox meets a 40×20 viewport: scale 2, centred horizontally, and
	// clipped to the viewport.
	if b := bounds(d.Items[1].Path); !sameRect(b, scene.Rect{X: 30, Y: 20, Width: 20, Height: 20}) {
		t.Errorf("symbol: %v", b)
	}
	if c := d.Items[1].Clips; len(c) != 1 || !sameRect(bounds(c[0].Path), scene.Rect{X: 20, Y: 20, Width: 40, Height: 20}) {
		t.Errorf("symbol clip: %+v", c)
	}
}

func TestUseBombIsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><path id="l0" d="M0 0h1v1z"/>`)
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, `<g id="l%d">`, i)
		for k := 0; k < 10; k++ {
			fmt.Fprintf(&b, `<use href="#l%d"/>`, i-1)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	_, err := Parse([]byte(b.String()), Options{})
	if !errors.Is(err, ErrTooComplex) {
		t.Fatalf("10^12 uses: %v", err)
	}
	deep := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">` + strings.Repeat("<g>", 300) + strings.Repeat("</g>", 300) + `</svg>`
	if _, err := Parse([]byte(deep), Options{}); !errors.Is(err, ErrTooComplex) {
		t.Fatalf("300 nested groups: %v", err)
	}
}

func TestClipPaths(t *testing.T) {
	d := parse(t, doc(`
		<clipPath id="c" clip-rule="evenodd"><rect width="50" height="50"/><circle cx="0" cy="0" r="5" display="none"/></clipPath>
		<clipPath id="bb" clipPathUnits="objectBoundingBox"><rect width=".5" height=".5"/></clipPath>
		<clipPath id="empty"/>
		<clipPath id="nested" clip-path="url(#c)"><rect x="10" width="80" height="80"/></clipPath>
		<g clip-path="url(#c)"><rect width="100" height="100"/><rect width="10" height="10" clip-path="url(#bb)"/></g>
		<rect x="20" y="40" width="40" height="20" clip-path="url(#bb)"/>
		<rect width="10" height="10" clip-path="url(#empty)"/>
		<rect width="10" height="10" clip-path="url(#missing)"/>
		<rect width="10" height="10" clip-path="url(#nested)"/>
	`), Options{})
	if len(d.Items) != 5 {
		t.Fatalf("%d items, want 5 (an empty clip hides)", len(d.Items))
	}
	c := d.Items[0].Clips
	if len(c) != 1 || !c[0].EvenOdd || !sameRect(bounds(c[0].Path), scene.Rect{Width: 50, Height: 50}) {
		t.Errorf("group clip %+v", c)
	}
	if c := d.Items[1].Clips; len(c) != 2 || !sameRect(bounds(c[0].Path), scene.Rect{Width: 5, Height: 5}) {
		t.Errorf("inner bounding-box clip then the group's: %+v", c)
	}
	if c := d.Items[2].Clips; len(c) != 1 || !sameRect(bounds(c[0].Path), scene.Rect{X: 20, Y: 40, Width: 20, Height: 10}) {
		t.Errorf("bounding-box clip %+v", c)
	}
	if len(d.Items[3].Clips) != 0 {
		t.Errorf("missing clip reference clips: %+v", d.Items[3].Clips)
	}
	if c := d.Items[4].Clips; len(c) != 2 {
		t.Errorf("clip path with its own clip: %+v", c)
	}
}

func TestMaskAsClip(t *testing.T) {
	d := parse(t, doc(`
		<mask id="m"><rect width="100" height="100" fill="#000"/><circle cx="50" cy="50" r="10" fill="#fff"/></mask>
		<mask id="dark"><rect width="100" height="100" fill="#000"/></mask>
		<rect width="100" height="100" mask="url(#m)"/>
		<rect width="100" height="100" mask="url(#dark)"/>`), Options{})
	if len(d.Items) != 1 {
		t.Fatalf("%d items", len(d.Items))
	}
	if c := d.Items[0].Clips; len(c) != 1 || !sameRectTol(tightBounds(c[0].Path), scene.Rect{X: 40, Y: 40, Width: 20, Height: 20}, 1e-3) {
		t.Errorf("mask clip %+v", c)
	}
}

func TestNestedSVGAndSwitch(t *testing.T) {
	d := parse(t, doc(`
		<svg x="10" y="10" width="20" height="20" viewBox="0 0 2 2"><rect width="4" height="1"/></svg>
		<svg x="10" y="10" width="20" height="20" overflow="visible"><rect width="4" height="1"/></svg>
		<switch><foo/><rect requiredExtensions="x" width="1" height="1"/><circle r="3"/><rect width="9" height="9"/></switch>
		<unknown><rect width="1" height="1"/></unknown>
		<text>ignored</text>
		<inkscape:thing xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"><rect width="1" height="1"/></inkscape:thing>`), Options{})
	if len(d.Items) != 3 {
		t.Fatalf("%d items", len(d.Items))
	}
	if b := bounds(d.Items[0].Path); !sameRect(b, scene.Rect{X: 10, Y: 10, Width: 40, Height: 10}) || len(d.Items[0].Clips) != 1 {
		t.Errorf("nested svg: %v %d clips", b, len(d.Items[0].Clips))
	}
	if len(d.Items[1].Clips) != 0 {
		t.Errorf("overflow visible clips")
	}
	if b := bounds(d.Items[2].Path); !sameRect(b, scene.Rect{X: -3, Y: -3, Width: 6, Height: 6}) {
		t.Errorf("switch drew %v", b)
	}
}

func TestStrokeWidthUnits(t *testing.T) {
	d := parse(t, doc(`<path d="M0 0h10" stroke="#000" stroke-width="1%"/><path d="M0 0h10" stroke="#000" stroke-width="0"/><path d="M0 0h10" stroke="#000" stroke-width="1pt"/>`), Options{})
	if len(d.Items) != 3 || !near(d.Items[0].StrokeWidth, 1) || !d.Items[1].Stroke.None || !near(d.Items[2].StrokeWidth, 96.0/72) {
		t.Errorf("%+v", d.Items)
	}
}

func TestLimits(t *testing.T) {
	if _, err := Parse(make([]byte, MaxBytes+1), Options{}); !errors.Is(err, ErrTooComplex) {
		t.Errorf("oversized: %v", err)
	}
	many := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">` + strings.Repeat("<g/>", MaxElements+1) + `</svg>`
	if _, err := Parse([]byte(many), Options{}); !errors.Is(err, ErrTooComplex) {
		t.Errorf("too many elements: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(doc(`<rect width="10" height="10" fill="url(#g)"/><linearGradient id="g"><stop/><stop offset="1" stop-color="red"/></linearGradient>`)))
	f.Add([]byte(doc(`<style>.a{fill:red}</style><g class="a" clip-path="url(#c)"><use href="#p"/></g><clipPath id="c"><path id="p" d="M0 0L10 10A5 5 0 1 1 3 3z"/></clipPath>`)))
	f.Add([]byte(doc(`<symbol id="s" viewBox="0 0 1 1"><use href="#s"/></symbol><use href="#s" width="1e308" height="-1"/>`)))
	f.Add([]byte(`<svg viewBox="0 0 1 1" width="1e400" preserveAspectRatio="none"><mask id="m"><use href="#m"/></mask><g mask="url(#m)" transform="skewX(90)"><circle r="1"/></g></svg>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data, Options{Colors: map[string]string{"red": "blue", "currentColor": "#123"}})
		if err != nil {
			return
		}
		for _, it := range d.Items {
			if it.Path == nil || len(it.Path.Ops) == 0 {
				t.Fatal("an item without a path")
			}
			if g := it.Fill.Gradient; g != nil && len(g.Stops) < 2 {
				t.Fatal("a gradient with fewer than two stops")
			}
		}
	})
}
