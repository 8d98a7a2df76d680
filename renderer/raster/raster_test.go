package raster

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"
	"testing"

	"affiche/scene"
)

// page renders a one-page document of the given size and elements (JSON) at 72 dpi.
func page(t *testing.T, w, h float64, elements string, o Options) (*image.RGBA, []Warning) {
	t.Helper()
	js := `{"format":"affiche","version":1,"width":` + ftoa(w) + `,"height":` + ftoa(h) + `,"pages":[{"elements":[` + elements + `]}]}`
	doc := restoreJSON(t, js)
	img, warns, err := RenderPage(context.Background(), doc, 0, o)
	if err != nil {
		t.Fatal(err)
	}
	return img, warns
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// near reports whether two colours differ by at most tol in every channel.
func near(c, want color.RGBA, tol int) bool {
	d := func(a, b uint8) bool { return int(a)-int(b) <= tol && int(b)-int(a) <= tol }
	return d(c.R, want.R) && d(c.G, want.G) && d(c.B, want.B) && d(c.A, want.A)
}

var (
	red   = color.RGBA{255, 0, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
	green = color.RGBA{0, 255, 0, 255}
)

func expect(t *testing.T, img *image.RGBA, x, y int, want color.RGBA, what string) {
	t.Helper()
	if got := img.RGBAAt(x, y); !near(got, want, 2) {
		t.Errorf("%s: pixel (%d, %d) = %v, want %v", what, x, y, got, want)
	}
}

func TestRotationAndFlips(t *testing.T) {
	// A 100 × 20 bar centred on (100, 100), turned 90° clockwise: it becomes vertical.
	img, _ := page(t, 200, 200, `{"type":"shape","x":50,"y":90,"width":100,"height":20,"fill":"#ff0000","rotation":90}`, Options{})
	expect(t, img, 100, 55, red, "rotated bar, top end")
	expect(t, img, 100, 145, red, "rotated bar, bottom end")
	expect(t, img, 60, 100, white, "rotated bar, where its left end was")
	// Rotation is clockwise: a bar from the centre to the right, turned 90°, points down.
	img, _ = page(t, 200, 200, `{"type":"shape","shape":"arrow","x":50,"y":80,"width":100,"height":40,"fill":"#ff0000","rotation":90}`, Options{})
	expect(t, img, 100, 147, red, "arrow turned 90°: tip at the bottom")
	expect(t, img, 85, 145, white, "arrow turned 90°: beside the tip")
	// flipX mirrors the arrow: it points left.
	img, _ = page(t, 200, 200, `{"type":"shape","shape":"arrow","x":50,"y":80,"width":100,"height":40,"fill":"#ff0000","flipX":true}`, Options{})
	expect(t, img, 52, 100, red, "flipped arrow: tip on the left")
	expect(t, img, 147, 85, white, "flipped arrow: no tip on the right")
	// flipY turns the triangle's apex down.
	img, _ = page(t, 200, 200, `{"type":"shape","shape":"triangle","x":50,"y":50,"width":100,"height":100,"fill":"#ff0000","flipY":true}`, Options{})
	expect(t, img, 100, 146, red, "flipped triangle: apex at the bottom")
	expect(t, img, 55, 146, white, "flipped triangle: bottom corner empty")
	expect(t, img, 55, 54, red, "flipped triangle: top corner filled")
}

// twoColourPNG is a 2 × 1 image: red on the left, blue on the right.
func twoColourPNG(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 2, 1))
	img.SetRGBA(0, 0, red)
	img.SetRGBA(1, 0, blue)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

func TestImageFlipsAndRotation(t *testing.T) {
	src := twoColourPNG(t)
	el := func(extra string) string {
		return `{"type":"image","src":"` + src + `","x":20,"y":20,"width":160,"height":80,"fit":"fill"` + extra + `}`
	}
	img, _ := page(t, 200, 120, el(``), Options{})
	expect(t, img, 30, 60, red, "image: left")
	expect(t, img, 170, 60, blue, "image: right")
	img, _ = page(t, 200, 120, el(`,"flipX":true`), Options{})
	expect(t, img, 30, 60, blue, "flipped image: left")
	expect(t, img, 170, 60, red, "flipped image: right")
	img, _ = page(t, 200, 200, strings.Replace(el(`,"rotation":90`), `"y":20`, `"y":60`, 1), Options{})
	expect(t, img, 100, 35, red, "image turned 90°: its left half on top")
	expect(t, img, 100, 165, blue, "image turned 90°: its right half at the bottom")
	img, _ = page(t, 200, 200, strings.Replace(el(`,"rotation":90,"flipX":true`), `"y":20`, `"y":60`, 1), Options{})
	expect(t, img, 100, 35, blue, "flipped, turned image: top")
	// Crop to the right half: blue (near the crop's edge the filter may blend in the pixel
	// beside it, as canvas drawImage does).
	img, _ = page(t, 200, 120, el(`,"crop":{"x":0.5,"y":0,"width":0.5,"height":1}`), Options{})
	expect(t, img, 100, 60, blue, "cropped image")
	expect(t, img, 170, 60, blue, "cropped image")
}

func TestMissingAndHugeImages(t *testing.T) {
	img, warns := page(t, 200, 120, `{"type":"image","id":"p","src":"https://example.org/absent.jpg","x":20,"y":20,"width":160,"height":80}`, Options{})
	if len(warns) != 1 || warns[0].Code != WarnImageMissing || warns[0].Path != "pages[0].elements[0].src" ||
		!strings.Contains(warns[0].MessageFR, "introuvable") {
		t.Fatalf("warnings %+v", warns)
	}
	expect(t, img, 40, 60, color.RGBA{0xe5, 0xe7, 0xeb, 255}, "placeholder")

	// A PNG whose header declares 20000 × 20000 pixels is refused before decoding.
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 20000)
	binary.BigEndian.PutUint32(ihdr[4:], 20000)
	ihdr[8], ihdr[9] = 8, 6
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	huge := "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
	img, warns = page(t, 200, 120, `{"type":"image","src":"`+huge+`","x":20,"y":20,"width":160,"height":80}`, Options{})
	if len(warns) != 1 || warns[0].Code != WarnImageMissing || !strings.Contains(warns[0].Message, "image too large") ||
		!strings.Contains(warns[0].MessageFR, "trop grande") {
		t.Fatalf("huge image warnings %+v", warns)
	}
	expect(t, img, 40, 60, color.RGBA{0xe5, 0xe7, 0xeb, 255}, "huge image placeholder")
}

func TestOpacity(t *testing.T) {
	// A shape with a fill and a wide stroke at half opacity: the stroke hides the fill under
	// it (opacity applies to the element as a whole).
	img, _ := page(t, 200, 200, `{"type":"shape","x":50,"y":50,"width":100,"height":100,"fill":"#0000ff","stroke":{"color":"#ff0000","width":20},"opacity":0.5}`, Options{})
	expect(t, img, 100, 52, color.RGBA{255, 127, 127, 255}, "stroke over fill at half opacity")
	expect(t, img, 100, 100, color.RGBA{127, 127, 255, 255}, "fill at half opacity")
	// A group at half opacity: overlapping opaque children fade as one picture.
	img, _ = page(t, 200, 200, `{"type":"group","opacity":0.5,"children":[
		{"type":"shape","x":20,"y":20,"width":100,"height":100,"fill":"#0000ff"},
		{"type":"shape","x":80,"y":80,"width":100,"height":100,"fill":"#ff0000"}]}`, Options{})
	expect(t, img, 100, 100, color.RGBA{255, 127, 127, 255}, "group overlap")
	expect(t, img, 40, 40, color.RGBA{127, 127, 255, 255}, "group, first child alone")
	// Opacity 0 and hidden draw nothing.
	img, _ = page(t, 100, 100, `{"type":"shape","x":0,"y":0,"width":100,"height":100,"fill":"#000","opacity":0},
		{"type":"shape","x":0,"y":0,"width":100,"height":100,"fill":"#000","hidden":true}`, Options{})
	expect(t, img, 50, 50, white, "invisible shapes")
}

func TestShadow(t *testing.T) {
	img, _ := page(t, 200, 200, `{"type":"shape","x":40,"y":40,"width":80,"height":80,"fill":"#ffffff","shadow":{"color":"#000000","blur":0,"offsetX":20,"offsetY":20,"opacity":0.5}}`, Options{Transparent: true})
	expect(t, img, 80, 80, color.RGBA{255, 255, 255, 255}, "shape over its shadow")
	expect(t, img, 130, 130, color.RGBA{0, 0, 0, 128}, "hard shadow")
	expect(t, img, 150, 150, color.RGBA{}, "beyond the shadow")
	// A blurred shadow fades out gradually.
	img, _ = page(t, 200, 200, `{"type":"shape","x":40,"y":40,"width":80,"height":80,"fill":"#ffffff","shadow":{"color":"#000000","blur":16,"offsetX":0,"offsetY":0,"opacity":1}}`, Options{Transparent: true})
	a1, a2, a3 := img.RGBAAt(122, 80).A, img.RGBAAt(128, 80).A, img.RGBAAt(140, 80).A
	if !(a1 > a2 && a2 > a3 && a1 < 255 && a3 < 20) {
		t.Errorf("blurred shadow alphas %d %d %d, want decreasing", a1, a2, a3)
	}
}

func TestGradients(t *testing.T) {
	img, _ := page(t, 200, 100, `{"type":"shape","x":0,"y":0,"width":200,"height":100,"fill":"linear-gradient(90deg, #ff0000, #0000ff)"}`, Options{})
	expect(t, img, 0, 50, red, "linear gradient start")
	expect(t, img, 199, 50, blue, "linear gradient end")
	expect(t, img, 100, 50, color.RGBA{127, 0, 127, 255}, "linear gradient middle")
	img, _ = page(t, 200, 200, `{"type":"shape","x":0,"y":0,"width":200,"height":200,"fill":{"type":"radial","r":0.5,"stops":[{"offset":0,"color":"#ff0000"},{"offset":1,"color":"#0000ff"}]}}`, Options{})
	expect(t, img, 100, 100, red, "radial centre")
	expect(t, img, 2, 2, blue, "radial corner (beyond r)")
	// A rotated element turns its gradient with it.
	img, _ = page(t, 200, 200, `{"type":"shape","x":0,"y":50,"width":200,"height":100,"rotation":90,"fill":"linear-gradient(90deg, #ff0000, #0000ff)"}`, Options{})
	expect(t, img, 100, 0, red, "rotated gradient start on top")
	expect(t, img, 100, 199, blue, "rotated gradient end at the bottom")
}

func TestPageBackgroundAndBleed(t *testing.T) {
	doc := restoreJSON(t, `{"format":"affiche","version":1,"width":100,"height":50,"bleed":10,"pages":[
		{"background":"#00ff00","elements":[{"type":"shape","x":-10,"y":-10,"width":20,"height":20,"fill":"#ff0000"}]},
		{"elements":[]}]}`)
	img, _, err := RenderPage(context.Background(), doc, 0, Options{Bleed: true})
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect != image.Rect(0, 0, 120, 70) {
		t.Fatalf("with bleed: %v", img.Rect)
	}
	expect(t, img, 1, 1, red, "element in the bleed")
	expect(t, img, 118, 68, green, "background in the bleed")
	img, _, _ = RenderPage(context.Background(), doc, 0, Options{})
	if img.Rect != image.Rect(0, 0, 100, 50) {
		t.Fatalf("without bleed: %v", img.Rect)
	}
	expect(t, img, 1, 1, red, "element at the page corner")
	expect(t, img, 11, 11, green, "background")
	img, _, _ = RenderPage(context.Background(), doc, 1, Options{Transparent: true})
	expect(t, img, 5, 5, color.RGBA{}, "transparent page")
	img, _, _ = RenderPage(context.Background(), doc, 1, Options{})
	expect(t, img, 5, 5, white, "white paper")
}

func TestPageSizes(t *testing.T) {
	doc := scene.New(scene.MM(210), scene.MM(297))
	img, _, err := RenderPage(context.Background(), doc, 0, Options{DPI: 300})
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect.Dx() != 2480 || img.Rect.Dy() != 3508 {
		t.Errorf("A4 at 300 dpi: %v, want 2480 × 3508", img.Rect.Size())
	}
	for _, o := range []Options{{DPI: -1}, {DPI: 5000}} {
		if _, _, err := RenderPage(context.Background(), doc, 0, o); err == nil {
			t.Errorf("dpi %g accepted", o.DPI)
		}
	}
	if _, _, err := RenderPage(context.Background(), doc, 1, Options{}); err == nil {
		t.Error("page 2 of 1 rendered")
	}
	big := scene.New(14400, 14400)
	if _, _, err := RenderPage(context.Background(), big, 0, Options{DPI: 300}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("200 in × 200 in at 300 dpi: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := RenderPage(ctx, doc, 0, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled render: %v", err)
	}
}

func TestSVGRecolouring(t *testing.T) {
	svg := func(body string) string {
		return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">`+body+`</svg>`))
	}
	el := func(src, colors string) string {
		return `{"type":"svg","x":0,"y":0,"width":100,"height":100,"src":"` + src + `","colors":` + colors + `}`
	}
	// A colour written #F00 matches the key "#ff0000" (same colour, other spelling).
	img, _ := page(t, 100, 100, el(svg(`<rect width="10" height="10" fill="#F00"/>`), `{"#ff0000":"#00ff00"}`), Options{})
	expect(t, img, 50, 50, green, "recoloured fill")
	// currentColor takes its replacement, in attributes and style properties.
	img, _ = page(t, 100, 100, el(svg(`<rect width="10" height="5" fill="currentColor"/><rect y="5" width="10" height="5" style="fill: currentColor"/>`), `{"currentColor":"#0000ff"}`), Options{})
	expect(t, img, 50, 20, blue, "currentColor attribute")
	expect(t, img, 50, 80, blue, "currentColor style")
	// Without a replacement, currentColor is black; rgba() colours keep their alpha.
	img, _ = page(t, 100, 100, el(svg(`<rect width="10" height="5" fill="currentColor"/><rect y="5" width="10" height="5" fill="rgba(255,0,0,0.5)"/>`), `{}`), Options{})
	expect(t, img, 50, 20, color.RGBA{0, 0, 0, 255}, "default currentColor")
	expect(t, img, 50, 80, color.RGBA{255, 127, 127, 255}, "translucent colour")
	// A translucent replacement.
	img, _ = page(t, 100, 100, el(svg(`<rect width="10" height="10" fill="red"/>`), `{"red":"rgba(0,0,255,0.5)"}`), Options{})
	expect(t, img, 50, 50, color.RGBA{127, 127, 255, 255}, "translucent replacement")
	// Even-odd fills leave holes; strokes scale with the drawing.
	img, _ = page(t, 100, 100, el(svg(`<path fill-rule="evenodd" d="M0 0H10V10H0Z M3 3H7V7H3Z"/>`), `{}`), Options{})
	expect(t, img, 50, 50, white, "even-odd hole")
	expect(t, img, 10, 10, color.RGBA{0, 0, 0, 255}, "even-odd ring")
	img, _ = page(t, 100, 100, el(svg(`<path d="M0 5H10" stroke="#000" stroke-width="2"/>`), `{}`), Options{})
	expect(t, img, 50, 42, color.RGBA{0, 0, 0, 255}, "stroke width scaled (2 units = 20 pt)")
	// Broken SVG: a warning and a placeholder.
	_, warns := page(t, 100, 100, el("data:image/svg+xml,%3Csvg%3E%3Cpath", `{}`), Options{})
	if len(warns) != 1 || warns[0].Code != WarnSVGInvalid {
		t.Errorf("broken SVG warnings %+v", warns)
	}
}

func TestTextWarnings(t *testing.T) {
	_, warns := page(t, 200, 100, `{"type":"text","x":0,"y":0,"width":200,"height":100,"text":"Bonjour","fontFamily":"Comic Sans Introuvable"}`, Options{Fonts: registry(t)})
	if len(warns) != 1 || warns[0].Code != WarnFontMissing || warns[0].Path != "pages[0].elements[0]" {
		t.Errorf("warnings %+v", warns)
	}
	_, warns = page(t, 200, 100, `{"type":"text","x":0,"y":0,"width":200,"height":100,"text":"Bonjour"}`, Options{})
	if len(warns) != 1 || warns[0].Code != WarnNoFonts {
		t.Errorf("no registry: warnings %+v", warns)
	}
	_, warns = page(t, 200, 100, `{"type":"shape","shape":"path","path":"M0 0 L10 10 L","x":0,"y":0,"width":10,"height":10,"fill":"#000"}`, Options{})
	if len(warns) != 1 || warns[0].Code != WarnPathInvalid || !strings.Contains(warns[0].MessageFR, "caractère") {
		t.Errorf("bad path warnings %+v", warns)
	}
}

func TestRotatedTextMatchesUnrotated(t *testing.T) {
	// The same text drawn through glyph masks (unrotated) and through outlines (a 360° turn
	// takes the general path) must put the same ink in the same place.
	const el = `{"type":"text","x":10,"y":10,"width":280,"height":60,"text":"Fête « AVATAR » 12 €","fontSize":28%s}`
	o := Options{Fonts: registry(t), DPI: 144}
	a, _ := page(t, 300, 80, strings.Replace(el, "%s", "", 1), o)
	b, _ := page(t, 300, 80, strings.Replace(el, "%s", `,"rotation":360`, 1), o)
	bad, worst, _ := pixelDiff(a, b, 64)
	if total := a.Rect.Dx() * a.Rect.Dy(); bad*1000 > total {
		t.Errorf("%d pixels differ by more than 64 (worst %d)", bad, worst)
	}
}

func TestConcurrentRenders(t *testing.T) {
	// Renders share the glyph cache, the font registry and the text shaping cache: run a few
	// at once (go test -race checks them) and check they all give the same pixels.
	doc := loadScene(t, "poster.json")
	o := options(t, 36)
	want, _, err := RenderPage(context.Background(), doc, 0, o)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			img, _, err := RenderPage(context.Background(), doc, 0, o)
			if err == nil && !bytes.Equal(img.Pix, want.Pix) {
				err = errors.New("concurrent render differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestSyntheticItalicAndBold(t *testing.T) {
	// Bebas Neue has only a regular face: italic and bold are synthesised (slant, stroke).
	const el = `{"type":"text","x":10,"y":10,"width":380,"height":80,"text":"HIHIHI","fontFamily":"Bebas Neue","fontSize":60%s}`
	o := Options{Fonts: registry(t), DPI: 72}
	ink := func(img *image.RGBA) (total, topX, botX float64) {
		var nt, nb float64
		for y := 0; y < img.Rect.Dy(); y++ {
			for x := 0; x < img.Rect.Dx(); x++ {
				a := 255 - float64(img.RGBAAt(x, y).R) // black ink on white
				total += a
				if y < 50 {
					topX += a * float64(x)
					nt += a
				} else {
					botX += a * float64(x)
					nb += a
				}
			}
		}
		return total, topX / nt, botX / nb
	}
	reg, _ := page(t, 400, 100, strings.Replace(el, "%s", "", 1), o)
	ita, _ := page(t, 400, 100, strings.Replace(el, "%s", `,"italic":true`, 1), o)
	bold, _ := page(t, 400, 100, strings.Replace(el, "%s", `,"fontWeight":700`, 1), o)
	rt, rtop, rbot := ink(reg)
	_, itop, ibot := ink(ita)
	bt, _, _ := ink(bold)
	if (itop - ibot) < (rtop-rbot)+3 {
		t.Errorf("synthetic italic does not slant: top−bottom ink centre %.1f, regular %.1f", itop-ibot, rtop-rbot)
	}
	if bt < rt*1.1 {
		t.Errorf("synthetic bold adds no ink: %.0f vs %.0f", bt, rt)
	}
	// The outline path (any rotation) draws the same synthetic styles as the glyph masks.
	for _, extra := range []string{`,"italic":true,"fontWeight":700`} {
		a, _ := page(t, 400, 100, strings.Replace(el, "%s", extra, 1), o)
		b, _ := page(t, 400, 100, strings.Replace(el, "%s", extra+`,"rotation":360`, 1), o)
		if bad, worst, _ := pixelDiff(a, b, 64); bad*1000 > a.Rect.Dx()*a.Rect.Dy() {
			t.Errorf("%s: masks and outlines differ on %d pixels (worst %d)", extra, bad, worst)
		}
	}
}
