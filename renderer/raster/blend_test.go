package raster

import (
	"bytes"
	"image"
	"math/rand/v2"
	"testing"
)

// TestBlendScaledAsBlendBytes compares blendScaled (lanes, repeats reused) with blendBytes on
// rows of premultiplied pixels where runs repeat, as a flat layer over a flat page gives them,
// and where they do not.
func TestBlendScaledAsBlendBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pixel := func() [4]uint8 {
		a := uint8(rng.IntN(256))
		if rng.IntN(3) == 0 {
			a = 255
		}
		return [4]uint8{uint8(rng.IntN(int(a) + 1)), uint8(rng.IntN(int(a) + 1)), uint8(rng.IntN(int(a) + 1)), a}
	}
	const n = 400
	for trial := 0; trial < 200; trial++ {
		src, dst := make([]uint8, 4*n), make([]uint8, 4*n)
		var s, d [4]uint8
		for i := 0; i < n; i++ {
			if i == 0 || rng.IntN(8) == 0 {
				s = pixel()
			}
			if i == 0 || rng.IntN(8) == 0 {
				d = pixel()
			}
			copy(src[4*i:], s[:])
			copy(dst[4*i:], d[:])
		}
		m := uint8(rng.IntN(256))
		want := &image.RGBA{Pix: bytes.Clone(dst), Stride: 4 * n, Rect: image.Rect(0, 0, n, 1)}
		cov := bytes.Repeat([]uint8{m}, n)
		blendBytes(want, 0, 0, src, cov)
		blendScaled(dst, src, uint64(m))
		if !bytes.Equal(dst, want.Pix) {
			t.Fatalf("trial %d, m=%d: blendScaled differs from blendBytes", trial, m)
		}
	}
}
