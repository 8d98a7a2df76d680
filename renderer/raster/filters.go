package raster

import (
	"image"
	"math"

	"affiche/scene"
)

// ApplyFilters applies an image's colour filters (brightness, contrast, saturation, grayscale,
// sepia) in place to premultiplied pixels (translucent ones are filtered as straight colours). Their meaning follows Konva's filters, so Polotno
// designs keep their look: brightness adds up to ±255 to each channel, contrast scales around
// mid-grey by (contrast+1)², saturation moves away from (or towards) the pixel's luminance,
// grayscale and sepia mix towards their CSS matrices by their amount. Blur is not applied here
// (see BlurFilterSigma): it works on premultiplied pixels at output resolution.
func ApplyFilters(img *image.RGBA, f *scene.Filters) {
	if f.IsZero() {
		return
	}
	var lut [3][256]uint8 // brightness and contrast are per channel: one table
	for i := range 256 {
		v := float64(i)
		v += f.Brightness * 255
		if f.Contrast != 0 {
			k := (f.Contrast + 1) * (f.Contrast + 1)
			v = (v/255-0.5)*k*255 + 127.5
		}
		for c := range 3 {
			lut[c][i] = clamp8(v)
		}
	}
	mix := f.Saturation != 0 || f.Grayscale != 0 || f.Sepia != 0
	// The colour part is one 3×3 matrix: saturation, then grayscale, then sepia.
	m := identity3
	if f.Saturation != 0 {
		m = mul3(saturationMatrix(1+f.Saturation), m)
	}
	if g := clamp01(f.Grayscale); g > 0 {
		m = mul3(lerp3(identity3, saturationMatrix(0), g), m)
	}
	if s := clamp01(f.Sepia); s > 0 {
		m = mul3(lerp3(identity3, sepiaMatrix, s), m)
	}
	var mi [9]int32 // the matrix in 12-bit fixed point
	for i, v := range m {
		mi[i] = int32(math.Round(v * (1 << 12)))
	}
	b := img.Rect
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):]
		for x := 0; x < b.Dx(); x++ {
			p := row[4*x : 4*x+4 : 4*x+4]
			a := p[3]
			if a == 0 {
				continue
			}
			if a < 255 { // filter the straight colour
				for k := range 3 {
					p[k] = uint8(min(255, (uint32(p[k])*255+uint32(a)/2)/uint32(a)))
				}
			}
			r, g, bl := lut[0][p[0]], lut[1][p[1]], lut[2][p[2]]
			if mix {
				fr, fg, fb := int32(r), int32(g), int32(bl)
				p[0] = clampMix(mi[0]*fr + mi[1]*fg + mi[2]*fb)
				p[1] = clampMix(mi[3]*fr + mi[4]*fg + mi[5]*fb)
				p[2] = clampMix(mi[6]*fr + mi[7]*fg + mi[8]*fb)
			} else {
				p[0], p[1], p[2] = r, g, bl
			}
			if a < 255 {
				for k := range 3 {
					p[k] = uint8(div255(uint32(p[k]) * uint32(a)))
				}
			}
		}
	}
}

// BlurFilterSigma returns the Gaussian standard deviation, in pixels, of an image's blur
// filter at the given scale (pixels per point): the filter's radius counts as 2σ, as for
// shadows.
func BlurFilterSigma(f *scene.Filters, scale float64) float64 {
	if f == nil || !(f.Blur > 0) {
		return 0
	}
	return f.Blur * scale / 2
}

func clampMix(v int32) uint8 {
	v = (v + 1<<11) >> 12
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

func clamp8(v float64) uint8 {
	if !(v > 0) {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v + 0.5)
}

type mat3 [9]float64

var identity3 = mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}

// sepiaMatrix is CSS's sepia(1).
var sepiaMatrix = mat3{0.393, 0.769, 0.189, 0.349, 0.686, 0.168, 0.272, 0.534, 0.131}

// saturationMatrix is CSS's saturate(s) (Rec. 709 luminance): 0 is grey, 1 unchanged.
func saturationMatrix(s float64) mat3 {
	return mat3{
		0.2126 + 0.7874*s, 0.7152 - 0.7152*s, 0.0722 - 0.0722*s,
		0.2126 - 0.2126*s, 0.7152 + 0.2848*s, 0.0722 - 0.0722*s,
		0.2126 - 0.2126*s, 0.7152 - 0.7152*s, 0.0722 + 0.9278*s,
	}
}

func mul3(a, b mat3) mat3 {
	var c mat3
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				c[3*i+j] += a[3*i+k] * b[3*k+j]
			}
		}
	}
	return c
}

func lerp3(a, b mat3, t float64) mat3 {
	var c mat3
	for i := range c {
		c[i] = a[i] + (b[i]-a[i])*t
	}
	return c
}
