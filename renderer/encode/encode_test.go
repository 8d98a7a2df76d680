package encode

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"
)

// testImage makes a poster-like page: flat areas, a gradient, noise (a "photo"), and, when
// translucent, a transparent margin and a half-transparent band.
func testImage(w, h int, translucent bool) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var c color.RGBA
			switch {
			case y < h/4:
				c = color.RGBA{230, 57, 70, 255}
			case y < h/2:
				c = color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255}
			default:
				v := uint8(rng.IntN(256))
				c = color.RGBA{v, uint8(x), uint8(y), 255}
			}
			if translucent {
				if x < 5 {
					c = color.RGBA{}
				} else if y%7 == 0 {
					a := uint32(100)
					c = color.RGBA{uint8(uint32(c.R) * a / 255), uint8(uint32(c.G) * a / 255), uint8(uint32(c.B) * a / 255), uint8(a)}
				}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func TestPNGRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name        string
		translucent bool
		cfg         pngConfig
	}{
		{"opaque-auto", false, pngConfig{level: 1, filter: filterAuto, workers: 2}},
		{"opaque-up", false, pngConfig{level: 1, filter: filterUp, workers: 2, band: 7}}, // PNG's own choice: RGB rows straight from the page, equal rows as zeros
		{"translucent-up", true, pngConfig{level: 1, filter: filterUp, workers: 3}},
		{"translucent-auto", true, pngConfig{level: 1, filter: filterAuto, workers: 3, band: 7}},
		{"paeth-one-band", false, pngConfig{level: 6, filter: filterPaeth, workers: 1, band: 1000}},
		{"sub", true, pngConfig{level: 1, filter: filterSub, workers: 4, band: 1}},
		{"none", false, pngConfig{level: 1, filter: filterNone, workers: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := testImage(257, 131, tc.translucent)
			var buf bytes.Buffer
			if err := pngWith(&buf, src, 300, tc.cfg); err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if _, isRGBA := got.(*image.RGBA); !tc.translucent && !isRGBA {
				t.Errorf("opaque image decoded as %T, want 8-bit RGB", got)
			}
			for y := 0; y < 131; y++ {
				for x := 0; x < 257; x++ {
					want := src.RGBAAt(x, y)
					r, g, b, a := got.At(x, y).RGBA()
					gc := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
					if d := maxDiff(gc, want); d > 1 {
						t.Fatalf("pixel %d,%d = %v, want %v", x, y, gc, want)
					}
				}
			}
		})
	}
}

func maxDiff(a, b color.RGBA) int {
	d := 0
	for _, p := range [][2]uint8{{a.R, b.R}, {a.G, b.G}, {a.B, b.B}, {a.A, b.A}} {
		d = max(d, abs(int(p[0])-int(p[1])))
	}
	return d
}

// chunk returns the data of the first chunk of the given kind.
func chunk(t *testing.T, data []byte, kind string) []byte {
	t.Helper()
	p := data[8:]
	for len(p) >= 12 {
		n := binary.BigEndian.Uint32(p)
		if string(p[4:8]) == kind {
			return p[8 : 8+n]
		}
		p = p[12+n:]
	}
	return nil
}

func TestPNGResolution(t *testing.T) {
	var buf bytes.Buffer
	if err := PNG(&buf, testImage(20, 10, false), 300); err != nil {
		t.Fatal(err)
	}
	phys := chunk(t, buf.Bytes(), "pHYs")
	if len(phys) != 9 || binary.BigEndian.Uint32(phys) != 11811 || phys[8] != 1 {
		t.Errorf("pHYs = %v, want 11811 px/m (300 dpi)", phys)
	}
	buf.Reset()
	if err := PNG(&buf, testImage(20, 10, false), 0); err != nil {
		t.Fatal(err)
	}
	if chunk(t, buf.Bytes(), "pHYs") != nil {
		t.Error("pHYs written without a resolution")
	}
	if err := PNG(&buf, image.NewRGBA(image.Rectangle{}), 72); err != ErrEmpty {
		t.Errorf("empty image: %v", err)
	}
}

func TestAdlerCombine(t *testing.T) {
	a, b := []byte("Affiche: une affiche "), bytes.Repeat([]byte("€ «AVATAR» "), 9000)
	var sa, sb, sab adlerState
	sa, sb, sab = adlerState{a: 1}, adlerState{a: 1}, adlerState{a: 1}
	sa.update(a)
	sb.update(b)
	sab.update(append(append([]byte(nil), a...), b...))
	if got := adler32Combine(sa.sum(), sb.sum(), len(b)); got != sab.sum() {
		t.Errorf("combined %08x, want %08x", got, sab.sum())
	}
}

func TestJPEG(t *testing.T) {
	var buf bytes.Buffer
	src := testImage(64, 48, true)
	if err := JPEG(&buf, src, 300, 92); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.Equal(b[:4], []byte{0xff, 0xd8, 0xff, 0xe0}) || string(b[6:11]) != "JFIF\x00" {
		t.Fatalf("no JFIF header: % x", b[:12])
	}
	if b[13] != 1 || binary.BigEndian.Uint16(b[14:]) != 300 || binary.BigEndian.Uint16(b[16:]) != 300 {
		t.Errorf("density: unit %d, %d × %d", b[13], binary.BigEndian.Uint16(b[14:]), binary.BigEndian.Uint16(b[16:]))
	}
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// The transparent margin comes out white, the opaque red band red.
	r, g, bl, _ := img.At(1, 30).RGBA()
	if r>>8 < 240 || g>>8 < 240 || bl>>8 < 240 {
		t.Errorf("transparent pixel flattened to %d,%d,%d, want white", r>>8, g>>8, bl>>8)
	}
	r, g, _, _ = img.At(30, 3).RGBA()
	if r>>8 < 200 || g>>8 > 90 {
		t.Errorf("red band came out %d,%d", r>>8, g>>8)
	}
}
