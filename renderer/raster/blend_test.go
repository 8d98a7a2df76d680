package raster

import (
	"bytes"
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"affiche/scene"
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

// refShade is imagePaint.shadeBytes as it was before its inside run was split off: every
// pixel through the clamped path.
func refShade(p *imagePaint, x, y, skip int, out []uint8) {
	if p.img.Bounds().Empty() {
		clear(out)
		return
	}
	px, py := p.inv.Apply(float64(x)+0.5, float64(y)+0.5)
	const one = 1 << 16
	fix := func(v float64) int64 { return int64(math.Round(clampF(v, 1<<40) * one)) }
	du, dv := fix(p.inv[0]), fix(p.inv[1])
	p.sampleClamped(fix(px)+int64(skip)*du, fix(py)+int64(skip)*dv, du, dv, out)
}

// TestShadeBytesInsideRun compares shadeBytes with the clamped path for every pixel, over
// images of many sizes (one pixel, one row, offset bounds) seen through random turns and
// scales, faded or not, rows starting anywhere on, off or across the image.
func TestShadeBytesInsideRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 3000; trial++ {
		w, h := 1+rng.IntN(40), 1+rng.IntN(40)
		if trial%7 == 0 {
			h = 1
		}
		img := image.NewRGBA(image.Rect(0, 0, w, h).Add(image.Pt(rng.IntN(5)-2, rng.IntN(5)-2)))
		for i := 0; i < len(img.Pix); i += 4 {
			a := uint8(rng.IntN(256))
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(rng.IntN(int(a)+1)), uint8(rng.IntN(int(a)+1)), uint8(rng.IntN(int(a)+1)), a
		}
		ang, k := rng.Float64()*2*math.Pi, 0.2+rng.Float64()*3
		if trial%5 == 0 {
			ang = 0 // axis-aligned rows: du or dv is 0
		}
		c, s := math.Cos(ang)/k, math.Sin(ang)/k
		inv := scene.Affine{c, s, -s, c, rng.Float64()*60 - 20, rng.Float64()*60 - 20}
		p := &imagePaint{img: img, inv: inv, a: 255}
		if trial%3 == 0 {
			p.a = uint32(rng.IntN(255))
		}
		n := rng.IntN(120)
		x, y, skip := rng.IntN(80)-40, rng.IntN(80)-40, rng.IntN(10)
		got, want := make([]uint8, 4*n), make([]uint8, 4*n)
		p.shadeBytes(x, y, skip, got)
		refShade(p, x, y, skip, want)
		if !bytes.Equal(got, want) {
			t.Fatalf("trial %d (%d×%d, inv %v, a %d, x %d y %d skip %d n %d): samples differ", trial, w, h, inv, p.a, x, y, skip, n)
		}
	}
}

// BenchmarkShadeTurnedPhoto samples a 1250 × 833 photo turned by 8° (mixed2page's photo at
// 300 dpi), row by row over its bounding box; "clamped" is every pixel through the clamped
// path, as before the inside run.
func BenchmarkShadeTurnedPhoto(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 1250, 833))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	c, s := math.Cos(8*math.Pi/180), math.Sin(8*math.Pi/180)
	p := &imagePaint{img: img, inv: scene.Affine{c, s, -s, c, -100, 80}, a: 255}
	out := make([]uint8, 4*1354)
	for _, tc := range []struct {
		name  string
		shade func(p *imagePaint, x, y, skip int, out []uint8)
	}{{"inside-run", (*imagePaint).shadeBytes}, {"clamped", refShade}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				for y := 0; y < 999; y++ {
					tc.shade(p, 0, y, 0, out)
				}
			}
		})
	}
}
