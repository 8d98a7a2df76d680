package offline

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"io"
	"strings"
	"testing"

	"affiche/library"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
)

// render draws an SVG at size × size pixels on a transparent canvas.
func render(t *testing.T, svg []byte, size int) *image.RGBA {
	t.Helper()
	icon, err := oksvg.ReadIconStream(bytes.NewReader(svg), oksvg.StrictErrorMode)
	if err != nil {
		t.Fatalf("oksvg: %v\n%s", err, svg)
	}
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	icon.SetTarget(0, 0, float64(size), float64(size))
	icon.Draw(rasterx.NewDasher(size, size, rasterx.NewScannerGV(size, size, img, img.Bounds())), 1)
	return img
}

// inkColours returns the colours of the fully opaque pixels.
func inkColours(img *image.RGBA) map[color.RGBA]int {
	out := map[color.RGBA]int{}
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i+3] == 255 {
			out[color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], 255}]++
		}
	}
	return out
}

func wellFormed(t *testing.T, svg []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
	}
}

// TestSVGRecolour draws single-colour icons of each set with a colour and checks that every
// opaque pixel is that colour.
func TestSVGRecolour(t *testing.T) {
	c := catalogue(t)
	want := color.RGBA{0xe6, 0x39, 0x46, 255}
	for _, id := range []string{"tabler:square-filled", "tabler:home-filled", "ph:house-fill", "bi:house-fill", "lucide:house", "tabler:bike"} {
		svg, err := c.SVG(id, "#e63946")
		if err != nil {
			t.Fatal(id, err)
		}
		wellFormed(t, svg)
		if bytes.Contains(svg, []byte("currentColor")) {
			t.Errorf("%s: currentColor left after recolouring", id)
		}
		if !bytes.HasPrefix(svg, []byte(`<svg xmlns="http://www.w3.org/2000/svg" `)) || !bytes.Contains(svg, []byte(`viewBox="0 0 `)) {
			t.Errorf("%s: not a standalone SVG: %.120s", id, svg)
		}
		ink := inkColours(render(t, svg, 96))
		if len(ink) == 0 {
			t.Errorf("%s: nothing drawn", id)
		}
		for col, n := range ink {
			if col != want {
				t.Errorf("%s: %d opaque pixels of %v, want only %v", id, n, col, want)
			}
		}
	}
}

// TestSVGColourSetsUntouched checks that an illustration keeps its own colours.
func TestSVGColourSetsUntouched(t *testing.T) {
	c := catalogue(t)
	for _, id := range []string{"fluent-emoji-flat:christmas-tree", "fluent-emoji-flat:house"} {
		plain, err := c.SVG(id, "")
		if err != nil {
			t.Fatal(err)
		}
		red, err := c.SVG(id, "#ff0000")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(plain, red) {
			t.Errorf("%s: colour set changed by a colour", id)
		}
		wellFormed(t, plain)
		if ink := inkColours(render(t, plain, 64)); len(ink) < 3 {
			t.Errorf("%s: only %d colours drawn, want a colour illustration", id, len(ink))
		}
	}
}

func TestSVGKeepsCurrentColorWithoutColour(t *testing.T) {
	c := catalogue(t)
	svg, err := c.SVG("tabler:bike", "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte(`stroke="currentColor"`)) {
		t.Errorf("currentColor replaced without a colour: %s", svg)
	}
}

func TestSVGErrors(t *testing.T) {
	c := catalogue(t)
	for _, col := range []string{`red" onload="alert(1)`, "#12", "#ggg", "rgb(1,2,3)", "url(#x)", strings.Repeat("a", 40)} {
		if _, err := c.SVG("tabler:bike", col); !errors.Is(err, ErrBadColor) {
			t.Errorf("colour %q: err %v, want ErrBadColor", col, err)
		}
	}
	for _, col := range []string{"#fff", "#ffff", "#1d3557", "#1d355780", "tomato", "DarkBlue"} {
		if _, err := c.SVG("tabler:bike", col); err != nil {
			t.Errorf("colour %q: %v", col, err)
		}
	}
	if _, err := c.SVG("tabler:nope", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown icon: %v", err)
	}
	if _, err := c.SVG("photo:dandelions", ""); !errors.Is(err, ErrNotSVG) {
		t.Errorf("photo as SVG: %v", err)
	}
}

func TestShapeSVGs(t *testing.T) {
	c := catalogue(t)
	p := c.Search(libraryQueryShapes())
	for _, it := range p.Items {
		svg, err := c.SVG(it.ID, "")
		if err != nil {
			t.Fatal(it.ID, err)
		}
		wellFormed(t, svg)
		if len(inkColours(render(t, svg, 64))) == 0 {
			t.Errorf("%s: preview draws nothing", it.ID)
		}
	}
}

func libraryQueryShapes() library.Query {
	return library.Query{Kind: library.KindShape, PerPage: MaxPerPage}
}
