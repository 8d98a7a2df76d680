package raster

import (
	"image"
	"image/color"
	"math"
	"testing"
)

func TestResampleFlatAndExact(t *testing.T) {
	// A flat colour stays exactly that colour whatever the scale (weights sum to one).
	src := image.NewRGBA(image.Rect(0, 0, 37, 23))
	for i := range src.Pix {
		src.Pix[i] = []uint8{200, 100, 50, 255}[i%4]
	}
	for _, size := range [][2]int{{10, 7}, {37, 23}, {100, 61}, {3, 2}} {
		out := resampleImage(src, 0, 0, 37, 23, size[0], size[1])
		for i, v := range out.Pix {
			if want := []uint8{200, 100, 50, 255}[i%4]; v != want {
				t.Fatalf("%v: byte %d = %d, want %d", size, i, v, want)
			}
		}
	}
	// Identity: same size, same window → same pixels (Catmull-Rom interpolates exactly at
	// pixel centres).
	for i := range src.Pix {
		if i%4 != 3 {
			src.Pix[i] = uint8(i * 37)
		}
	}
	out := resampleImage(src, 0, 0, 37, 23, 37, 23)
	for i := range out.Pix {
		if out.Pix[i] != src.Pix[i] {
			t.Fatalf("identity resample changed byte %d: %d → %d", i, src.Pix[i], out.Pix[i])
		}
	}
}

func TestResampleWindow(t *testing.T) {
	// A horizontal ramp: the value at an output pixel follows the window, to the sub-pixel.
	src := image.NewGray(image.Rect(0, 0, 256, 4))
	for x := 0; x < 256; x++ {
		for y := 0; y < 4; y++ {
			src.SetGray(x, y, color.Gray{uint8(x)})
		}
	}
	out := resampleImage(src, 100.5, 0, 110.5, 4, 10, 4)
	for x := 0; x < 10; x++ {
		want := 100.5 + float64(x) // centre of output pixel x in source coordinates, minus 0.5
		if got := float64(out.RGBAAt(x, 1).R); math.Abs(got-want) > 1 {
			t.Errorf("output %d = %g, want %.1f", x, got, want)
		}
	}
}

func TestResampleYCbCrBlocks(t *testing.T) {
	// A large reduction of a JPEG-like image through block averaging keeps its mean colour
	// (where no channel clips; saturated colours differ by the clipping).
	img := image.NewYCbCr(image.Rect(0, 0, 640, 480), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(60 + i%130) // no channel clips: averaging YCbCr then converting is exact
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 100, 160
	}
	out := resampleImage(img, 0, 0, 640, 480, 64, 48)
	// The generic block path (odd block sizes) must agree with the 4:2:0 one.
	sub := img.SubImage(image.Rect(1, 0, 640, 480)) // odd origin: generic path
	out2 := resampleImage(sub, 0, 0, 639, 480, 64, 48)
	if bad, worst, _ := pixelDiff(out, out2, 12); bad > 64*48/50 {
		t.Errorf("4:2:0 and generic block paths differ: %d pixels (worst %d)", bad, worst)
	}
	var sum [3]float64
	for i := 0; i < len(out.Pix); i += 4 {
		for k := range 3 {
			sum[k] += float64(out.Pix[i+k])
		}
	}
	n := float64(64 * 48)
	var want [3]float64
	for i := range img.Y {
		r, g, b := color.YCbCrToRGB(img.Y[i], 100, 160)
		want[0] += float64(r)
		want[1] += float64(g)
		want[2] += float64(b)
	}
	m := float64(len(img.Y))
	for k := range 3 {
		if math.Abs(sum[k]/n-want[k]/m) > 2 {
			t.Errorf("channel %d mean %.1f, want %.1f", k, sum[k]/n, want[k]/m)
		}
	}
}

func TestResampleTranslucentEdges(t *testing.T) {
	// A white disc on transparent pixels, shrunk: premultiplied filtering gives no dark rim
	// (colour never exceeds alpha, and the edge stays white when un-premultiplied).
	src := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			if math.Hypot(float64(x)-31.5, float64(y)-31.5) < 24 {
				src.SetNRGBA(x, y, color.NRGBA{255, 255, 255, 255})
			} else {
				src.SetNRGBA(x, y, color.NRGBA{0, 0, 0, 0})
			}
		}
	}
	out := resampleImage(src, 0, 0, 64, 64, 20, 20)
	for i := 0; i < len(out.Pix); i += 4 {
		a := out.Pix[i+3]
		if out.Pix[i] > a || (a > 30 && int(out.Pix[i])*255/int(a) < 240) {
			t.Fatalf("pixel %d: colour %d with alpha %d", i/4, out.Pix[i], a)
		}
	}
}
