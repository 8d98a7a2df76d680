package offline

import (
	"bytes"
	"encoding/binary"
	"image"
	"testing"

	"affiche/renderer/orient"
	"affiche/renderer/orient/orienttest"
)

// A preview made of a photo with an EXIF orientation is upright (it carries no EXIF of its
// own), whether it is reduced or only re-encoded.
func TestShrinkTurnsPhotosUpright(t *testing.T) {
	upright := orienttest.Quadrants(64, 32)
	for _, side := range []int{16, 200} {
		for o := orient.Orientation(1); o <= 8; o++ {
			out, _, err := shrink(orienttest.JPEG(orienttest.Stored(upright, o), o, binary.LittleEndian), side, 0)
			if err != nil {
				t.Fatal(err)
			}
			img, _, err := image.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			if b.Dx() != 2*b.Dy() {
				t.Fatalf("side %d, orientation %d: preview %v is not landscape", side, o, b)
			}
			// Top-left red, bottom-right yellow.
			r, g, bl, _ := img.At(b.Min.X+b.Dx()/8, b.Min.Y+b.Dy()/8).RGBA()
			r2, g2, b2, _ := img.At(b.Max.X-1-b.Dx()/8, b.Max.Y-1-b.Dy()/8).RGBA()
			if r>>8 < 150 || g>>8 > 100 || bl>>8 > 100 || r2>>8 < 150 || g2>>8 < 150 || b2>>8 > 100 {
				t.Errorf("side %d, orientation %d: corners %v %v %v / %v %v %v", side, o, r>>8, g>>8, bl>>8, r2>>8, g2>>8, b2>>8)
			}
		}
	}
}
