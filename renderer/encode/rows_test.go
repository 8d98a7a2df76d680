package encode

import (
	"bytes"
	"hash/adler32"
	"image"
	"math/rand/v2"
	"testing"
)

func TestUpRGBMatchesBytewise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, w := range []int{1, 2, 3, 4, 5, 7, 8, 9, 257} {
		cur, prev := make([]byte, 4*w), make([]byte, 4*w)
		for i := range cur {
			cur[i], prev[i] = byte(rng.IntN(256)), byte(rng.IntN(256))
		}
		for _, p := range [][]byte{make([]byte, 4*w), prev} {
			want := make([]byte, 1+3*w)
			want[0] = filterUp
			for x := 0; x < w; x++ {
				for k := 0; k < 3; k++ {
					want[1+3*x+k] = cur[4*x+k] - p[4*x+k]
				}
			}
			got := upRGB(make([]byte, 1+3*w), cur, p, w)
			if !bytes.Equal(got, want) {
				t.Errorf("w=%d: got %v, want %v", w, got, want)
			}
		}
	}
}

func TestIsOpaque(t *testing.T) {
	for _, w := range []int{1, 5, 8, 9, 33} {
		img := image.NewRGBA(image.Rect(2, 3, 2+w, 7))
		for i := 3; i < len(img.Pix); i += 4 {
			img.Pix[i] = 255
		}
		if !isOpaque(img) {
			t.Errorf("w=%d: opaque image reported translucent", w)
		}
		for x := 0; x < w; x++ { // each pixel translucent in turn, on the last row
			i := img.PixOffset(2+x, 6) + 3
			img.Pix[i] = 254
			if isOpaque(img) {
				t.Errorf("w=%d: pixel %d translucent not seen", w, x)
			}
			if isOpaqueParallel(img, 3) {
				t.Errorf("w=%d: pixel %d translucent not seen in parallel", w, x)
			}
			img.Pix[i] = 255
		}
		// A sub-image ignores the translucent pixels outside it.
		img.Pix[img.PixOffset(2, 3)+3] = 0
		if w > 1 && !isOpaque(img.SubImage(image.Rect(3, 3, 2+w, 7)).(*image.RGBA)) {
			t.Errorf("w=%d: sub-image looked outside its bounds", w)
		}
	}
}

func TestAdlerMatchesStdlib(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 7, 8, 9, 5551, 5552, 5553, 100_000} {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(rng.IntN(256))
		}
		if n == 100_000 {
			for i := range p[:50_000] {
				p[i] = 255 // the worst case for overflow
			}
			for i := 60_000; i < 90_000; i++ {
				if (i/37)%5 != 0 {
					p[i] = 0 // runs of zero words, as in an Up-filtered page
				}
			}
		}
		s := adlerState{a: 1}
		s.update(p[:n/3])
		s.update(p[n/3:])
		if got, want := s.sum(), adler32.Checksum(p); got != want {
			t.Errorf("n=%d: %08x, want %08x", n, got, want)
		}
		// The same bytes followed by a zero row: read, or counted.
		zeros := make([]byte, 1+n)
		zeros[0] = filterUp
		s.updateZeroRow(filterUp, n)
		if got, want := s.sum(), adler32.Checksum(append(p, zeros...)); got != want {
			t.Errorf("n=%d then a zero row: %08x, want %08x", n, got, want)
		}
	}
}

func TestIsOpaqueParallel(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 37, 1000))
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	if !isOpaqueParallel(img, 4) {
		t.Error("opaque image reported translucent")
	}
	for _, y := range []int{0, 249, 250, 511, 999} {
		i := img.PixOffset(36, y) + 3
		img.Pix[i] = 7
		if isOpaqueParallel(img, 4) {
			t.Errorf("translucent pixel on row %d not seen", y)
		}
		img.Pix[i] = 255
	}
}
