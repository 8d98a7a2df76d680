//go:build !js

package renderer

import (
	"encoding/binary"
	"image/color"
	"testing"

	"affiche/renderer/orient"
	"affiche/renderer/orient/orienttest"
)

// TestSourceOrientation loads a 4 × 2 picture stored as a camera would for each orientation:
// the Source's size and pixels are the upright picture's, its Data the stored file.
func TestSourceOrientation(t *testing.T) {
	upright := orienttest.Quadrants(8, 4)
	near := func(a, b color.Color) bool {
		r1, g1, b1, _ := a.RGBA()
		r2, g2, b2, _ := b.RGBA()
		d := func(x, y uint32) bool { return x>>8 < y>>8+24 && y>>8 < x>>8+24 }
		return d(r1, r2) && d(g1, g2) && d(b1, b2)
	}
	for o := orient.Orientation(1); o <= 8; o++ {
		for _, file := range []struct {
			kind string
			data []byte
		}{
			{"jpeg", orienttest.JPEG(orienttest.Stored(upright, o), o, binary.LittleEndian)},
			{"png", orienttest.PNG(orienttest.Stored(upright, o), o)},
		} {
			s, err := NewSource("x", file.data)
			if err != nil {
				t.Fatal(err)
			}
			if s.Width != 8 || s.Height != 4 || s.Orientation != o {
				t.Errorf("%s %d: %d×%d orientation %d", file.kind, o, s.Width, s.Height, s.Orientation)
			}
			img, err := s.Image()
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 8 || b.Dy() != 4 {
				t.Fatalf("%s %d: decoded %v", file.kind, o, b)
			}
			b := img.Bounds().Min
			for _, p := range [][2]int{{0, 0}, {7, 0}, {0, 3}, {7, 3}, {2, 1}, {5, 2}} {
				if got, want := img.At(b.X+p[0], b.Y+p[1]), upright.At(p[0], p[1]); !near(got, want) {
					t.Errorf("%s %d: pixel %v = %v, want %v", file.kind, o, p, got, want)
				}
			}
		}
	}
	// A malformed EXIF block is ignored: the photo loads as stored.
	bad := orienttest.JPEG(upright, 6, binary.BigEndian)
	binary.BigEndian.PutUint32(bad[2+4+6+4:], 0xfffffff0) // IFD0 offset far past the end
	if s, err := NewSource("bad", bad); err != nil || s.Width != 8 || s.Height != 4 || !s.Orientation.IsUpright() {
		t.Errorf("malformed EXIF: %+v %v", s, err)
	}
}
