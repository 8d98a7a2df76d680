package encode

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
)

// TestJPEGStripsDecodeAsOnePass encodes pages in strips and in one pass: both decode to the
// very same pixels (the coefficients are the same; only the DC prediction restarts), and the
// strips' file is one image of the full size with a restart interval.
func TestJPEGStripsDecodeAsOnePass(t *testing.T) {
	for _, size := range []image.Point{{300, 512}, {257, 700}, {1000, 1031}, {17, 2 * jpegStripRows}} {
		src := testImage(size.X, size.Y, false)
		var one, strips bytes.Buffer
		if err := jpeg.Encode(&one, src, &jpeg.Options{Quality: 85}); err != nil {
			t.Fatal(err)
		}
		if err := jpegStrips(&strips, src, 85, 3); err != nil {
			t.Fatal(err)
		}
		a, err := jpeg.Decode(bytes.NewReader(one.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		b, err := jpeg.Decode(bytes.NewReader(strips.Bytes()))
		if err != nil {
			t.Fatalf("%v: the strips do not decode: %v", size, err)
		}
		ya, yb := a.(*image.YCbCr), b.(*image.YCbCr)
		if ya.Rect != yb.Rect || !bytes.Equal(ya.Y, yb.Y) || !bytes.Equal(ya.Cb, yb.Cb) || !bytes.Equal(ya.Cr, yb.Cr) {
			t.Errorf("%v: strips decode to %v with other pixels than one pass (%v)", size, yb.Rect, ya.Rect)
		}
		if findMarker(strips.Bytes(), 0xdd) < 0 {
			t.Errorf("%v: no DRI segment", size)
		}
		if extra := strips.Len() - one.Len(); extra < -64 || extra > 64*((size.Y+jpegStripRows-1)/jpegStripRows) {
			t.Errorf("%v: strips %d bytes, one pass %d", size, strips.Len(), one.Len())
		}
	}
}

// TestJPEGUsesStrips checks that JPEG, for a page tall enough, writes the strips (restart
// markers) with its JFIF header, and that the file decodes.
func TestJPEGUsesStrips(t *testing.T) {
	var buf bytes.Buffer
	if err := JPEG(&buf, testImage(200, 3*jpegStripRows, false), 300, 90); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if string(data[6:10]) != "JFIF" || findMarker(data, 0xdd) < 0 {
		t.Errorf("JFIF %q, DRI at %d", data[6:10], findMarker(data, 0xdd))
	}
	if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
}
