package orient_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"testing"

	_ "image/jpeg"
	_ "image/png"

	"affiche/renderer/orient"
	"affiche/renderer/orient/orienttest"
)

func TestOfJPEG(t *testing.T) {
	img := orienttest.Quadrants(4, 2)
	for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		for o := orient.Orientation(1); o <= 8; o++ {
			data := orienttest.JPEG(img, o, bo)
			if got := orient.Of(data); got != o {
				t.Errorf("%v %d: read %d", bo, o, got)
			}
			cfg, format, err := orient.DecodeConfig(data)
			w, h := 4, 2
			if o >= 5 {
				w, h = 2, 4
			}
			if err != nil || format != "jpeg" || cfg.Width != w || cfg.Height != h {
				t.Errorf("%v %d: DecodeConfig %dx%d %q %v, want %dx%d", bo, o, cfg.Width, cfg.Height, format, err, w, h)
			}
		}
	}
	if got := orient.Of(orienttest.JPEG(img, 0, nil)); got != orient.Upright {
		t.Errorf("no EXIF: %d", got)
	}
	// Only the first Exif segment counts (Chromium); an XMP APP1 before it is skipped.
	two := orienttest.WithAPP1(orienttest.JPEG(img, 6, binary.BigEndian), append([]byte("Exif\x00\x00"), orienttest.TIFF(3, binary.LittleEndian)...))
	two = orienttest.WithAPP1(two, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"))
	if got := orient.Of(two); got != 3 {
		t.Errorf("two Exif segments: %d, want the first's (3)", got)
	}
}

func TestOfPNG(t *testing.T) {
	img := orienttest.Quadrants(4, 2)
	data := orienttest.PNG(img, orient.Rotate90)
	if got := orient.Of(data); got != orient.Rotate90 {
		t.Errorf("eXIf before IDAT: %d", got)
	}
	if cfg, _, err := orient.DecodeConfig(data); err != nil || cfg.Width != 2 || cfg.Height != 4 {
		t.Errorf("DecodeConfig: %+v %v", cfg, err)
	}
	bad := bytes.Clone(data)
	bad[8+25+8+len(orienttest.TIFF(6, binary.BigEndian))-1] ^= 1 // a byte of the chunk: CRC fails
	if got := orient.Of(bad); got != orient.Upright {
		t.Errorf("bad CRC: %d", got)
	}
	// After the image data Chromium ignores it.
	idat := bytes.Index(data, []byte("IDAT")) - 4
	exifChunk := data[33:idat]
	late := append(append(append([]byte{}, data[:33]...), data[idat:len(data)-12]...), exifChunk...)
	late = append(late, data[len(data)-12:]...)
	if got := orient.Of(late); got != orient.Upright {
		t.Errorf("eXIf after IDAT: %d", got)
	}
}

// TestOfMalformed feeds broken EXIF blocks and files: never a panic, always upright.
func TestOfMalformed(t *testing.T) {
	le := binary.LittleEndian
	good := orienttest.TIFF(6, le)
	mod := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	cases := map[string][]byte{
		"empty":             {},
		"short header":      good[:7],
		"bad magic":         mod(func(b []byte) []byte { b[2] = 0; return b }),
		"IFD past end":      mod(func(b []byte) []byte { le.PutUint32(b[4:], 1<<31); return b }),
		"IFD in header":     mod(func(b []byte) []byte { le.PutUint32(b[4:], 4); return b }),
		"IFD at end":        mod(func(b []byte) []byte { le.PutUint32(b[4:], uint32(len(b)-1)); return b }),
		"huge count":        mod(func(b []byte) []byte { le.PutUint16(b[8:], 0xffff); b[22] = 0; return b }),
		"truncated entry":   good[:30],
		"wrong type":        mod(func(b []byte) []byte { le.PutUint16(b[24:], 4); return b }),
		"count 2":           mod(func(b []byte) []byte { le.PutUint32(b[26:], 2); return b }),
		"value 9":           mod(func(b []byte) []byte { le.PutUint16(b[30:], 9); return b }),
		"value 0":           mod(func(b []byte) []byte { le.PutUint16(b[30:], 0); return b }),
		"IFD points at IFD": mod(func(b []byte) []byte { le.PutUint32(b[34:], 8); le.PutUint16(b[22:], 0); return b }),
	}
	for name, tiff := range cases {
		if got := orient.FromTIFF(tiff); got != orient.Upright {
			t.Errorf("%s: %d", name, got)
		}
		if got := orient.Of(orienttest.WithAPP1([]byte{0xff, 0xd8, 0xff, 0xd9}, append([]byte("Exif\x00\x00"), tiff...))); got != orient.Upright {
			t.Errorf("%s in a JPEG: %d", name, got)
		}
	}
	// Every prefix of a JPEG with EXIF: no panic; whole segments still read.
	data := orienttest.JPEG(orienttest.Quadrants(4, 2), 8, le)
	for n := range len(data) {
		orient.Of(data[:n])
	}
	// A segment length running past the end, a zero length.
	for _, d := range [][]byte{{0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 'E'}, {0xff, 0xd8, 0xff, 0xe1, 0, 0, 0, 0}, {0xff, 0xd8, 0xff, 0xff, 0xff}} {
		if got := orient.Of(d); got != orient.Upright {
			t.Errorf("%x: %d", d, got)
		}
	}
	// A PNG chunk declaring 4 GB.
	p := orienttest.PNG(orienttest.Quadrants(4, 2), 6)
	binary.BigEndian.PutUint32(p[33:], 0xfffffff0)
	if got := orient.Of(p); got != orient.Upright {
		t.Errorf("PNG chunk past the end: %d", got)
	}
}

//affiche:fuzzbudget 20000x
func FuzzOf(f *testing.F) {
	f.Add(orienttest.JPEG(orienttest.Quadrants(4, 2), 6, binary.BigEndian))
	f.Add(orienttest.PNG(orienttest.Quadrants(4, 2), 5))
	f.Add(append([]byte("\xff\xd8\xff\xe1\x00\x30Exif\x00\x00"), orienttest.TIFF(7, binary.LittleEndian)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		o := orient.Of(data)
		if o < 1 || o > 8 {
			t.Fatalf("orientation %d out of range", o)
		}
		orient.FromTIFF(data)
	})
}

// at returns where output pixel (x, y) of an image turned by o is read in a w × h original.
func at(o orient.Orientation, x, y, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return y, h - 1 - x
	case 7:
		return w - 1 - y, h - 1 - x
	case 8:
		return w - 1 - y, x
	}
	return x, y
}

func TestApply(t *testing.T) {
	noise := func(r image.Rectangle) *image.RGBA {
		m := image.NewRGBA(r)
		for i := range m.Pix {
			m.Pix[i] = uint8(i*7919>>3 ^ i)
		}
		return m
	}
	var kinds []image.Image
	for _, size := range []image.Point{{6, 4}, {8, 8}, {5, 3}, {130, 70}} {
		r := image.Rect(0, 0, size.X, size.Y)
		src := noise(r)
		for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
			image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410} {
			y := image.NewYCbCr(r, ratio)
			for i := range y.Y {
				y.Y[i] = uint8(i * 31)
			}
			for i := range y.Cb {
				y.Cb[i], y.Cr[i] = uint8(i*17), uint8(255-i*13)
			}
			kinds = append(kinds, y)
		}
		g := image.NewGray(r)
		copy(g.Pix, src.Pix)
		g16 := image.NewGray16(r)
		copy(g16.Pix, src.Pix)
		n := image.NewNRGBA(r)
		copy(n.Pix, src.Pix)
		pal := image.NewPaletted(r, color.Palette{color.Black, color.White, color.RGBA{255, 0, 0, 255}})
		for i := range pal.Pix {
			pal.Pix[i] = uint8(i % 3)
		}
		n64 := image.NewNRGBA64(r)
		copy(n64.Pix, src.Pix)
		kinds = append(kinds, src, g, g16, n, pal, n64, src.SubImage(image.Rect(1, 1, size.X, size.Y)))
	}
	for _, img := range kinds {
		b := img.Bounds()
		w, h := b.Dx(), b.Dy()
		for o := orient.Orientation(1); o <= 8; o++ {
			out := orient.Apply(img, o)
			ob := out.Bounds()
			ow, oh := o.Size(w, h)
			if ob.Dx() != ow || ob.Dy() != oh {
				t.Fatalf("%T %v %d: size %v", img, b, o, ob)
			}
			for y := 0; y < oh; y++ {
				for x := 0; x < ow; x++ {
					sx, sy := at(o, x, y, w, h)
					got := color.RGBAModel.Convert(out.At(ob.Min.X+x, ob.Min.Y+y))
					want := color.RGBAModel.Convert(img.At(b.Min.X+sx, b.Min.Y+sy))
					if got != want {
						t.Fatalf("%T %v %v %d: (%d,%d) = %v, want %v", img, b, img.(interface{ ColorModel() color.Model }).ColorModel(), o, x, y, got, want)
					}
				}
			}
		}
	}
}

func TestUnit(t *testing.T) {
	// The unit map agrees with the pixel map: the centre of stored pixel (sx, sy) lands at the
	// centre of the shown pixel that reads it.
	w, h := 4, 3
	for o := orient.Orientation(1); o <= 8; o++ {
		u := o.Unit()
		ow, oh := o.Size(w, h)
		for y := 0; y < oh; y++ {
			for x := 0; x < ow; x++ {
				sx, sy := at(o, x, y, w, h)
				fx, fy := (float64(sx)+0.5)/float64(w), (float64(sy)+0.5)/float64(h)
				gx, gy := u[0]*fx+u[2]*fy+u[4], u[1]*fx+u[3]*fy+u[5]
				if d := gx - (float64(x)+0.5)/float64(ow); d*d > 1e-18 {
					t.Fatalf("%d: x %v", o, gx)
				}
				if d := gy - (float64(y)+0.5)/float64(oh); d*d > 1e-18 {
					t.Fatalf("%d: y %v", o, gy)
				}
			}
		}
	}
}
