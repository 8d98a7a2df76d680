package raster

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"math"
	"runtime"
	"sync"

	"affiche/renderer/geom"
	"affiche/scene"
)

// paint gives the colour of each pixel an area is filled with.
type paint interface {
	// shade writes the premultiplied colours of page pixels (x … x+len(buf)−1, y).
	shade(x, y int, buf []color.RGBA)
}

// solidPaint is one colour.
type solidPaint struct{ c color.RGBA }

func (p solidPaint) shade(x, y int, buf []color.RGBA) {
	for i := range buf {
		buf[i] = p.c
	}
}

// premul converts a straight-alpha colour to premultiplied, with an extra opacity.
func premul(c color.NRGBA, opacity float64) color.RGBA {
	a := uint32(math.Round(float64(c.A) * clamp01(opacity)))
	return color.RGBA{
		R: uint8(div255(uint32(c.R) * a)),
		G: uint8(div255(uint32(c.G) * a)),
		B: uint8(div255(uint32(c.B) * a)),
		A: uint8(a),
	}
}

func clamp01(v float64) float64 {
	if !(v > 0) {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// div255 returns x/255 rounded, exact for x ≤ 255·255.
func div255(x uint32) uint32 {
	x += 128
	return (x + x>>8) >> 8
}

// gradientPaint is a linear or radial gradient. Its geometry lives in a local space (the
// element's box, in points); inv maps page pixel centres into it.
type gradientPaint struct {
	inv    scene.Affine
	radial bool
	// linear: t = ((p − p0) · d) / |d|²
	x0, y0, dx, dy, invLen2 float64
	// radial: t = |p − c| / r
	cx, cy, r float64
	lut       [gradientSteps]color.RGBA
}

const gradientSteps = 1024

// newGradientPaint builds the paint of g over a box of w × h local units mapped to page pixels
// by m, with an extra opacity.
func newGradientPaint(g *scene.Gradient, w, h float64, m scene.Affine, opacity float64) paint {
	stops := geom.SortedStops(g)
	if len(stops) == 0 {
		return solidPaint{}
	}
	inv, ok := m.Invert()
	if !ok {
		return solidPaint{premul(scene.MustColor(stops[0].Color), opacity)}
	}
	p := &gradientPaint{inv: inv, radial: g.Type == scene.GradientRadial}
	if p.radial {
		p.cx, p.cy, p.r = geom.RadialGradientCircle(g, w, h)
	} else {
		x0, y0, x1, y1 := geom.LinearGradientLine(g.Angle, w, h)
		p.x0, p.y0, p.dx, p.dy = x0, y0, x1-x0, y1-y0
		if l2 := p.dx*p.dx + p.dy*p.dy; l2 > 0 {
			p.invLen2 = 1 / l2
		}
	}
	// Colours are interpolated premultiplied, as CSS does, so a fade to transparent does not
	// turn grey.
	type pm struct{ r, g, b, a float64 }
	cols := make([]pm, len(stops))
	for i, s := range stops {
		c := scene.MustColor(s.Color)
		a := float64(c.A) / 255 * clamp01(opacity)
		cols[i] = pm{float64(c.R) * a, float64(c.G) * a, float64(c.B) * a, a * 255}
	}
	j := 0
	for i := range p.lut {
		t := float64(i) / (gradientSteps - 1)
		for j < len(stops)-1 && stops[j+1].Offset < t {
			j++
		}
		var c pm
		switch {
		case t <= stops[0].Offset:
			c = cols[0]
		case j >= len(stops)-1:
			c = cols[len(cols)-1]
		default:
			a, b := stops[j], stops[j+1]
			f := 0.0
			if b.Offset > a.Offset {
				f = (t - a.Offset) / (b.Offset - a.Offset)
			}
			ca, cb := cols[j], cols[j+1]
			c = pm{ca.r + (cb.r-ca.r)*f, ca.g + (cb.g-ca.g)*f, ca.b + (cb.b-ca.b)*f, ca.a + (cb.a-ca.a)*f}
		}
		p.lut[i] = color.RGBA{uint8(c.r + 0.5), uint8(c.g + 0.5), uint8(c.b + 0.5), uint8(c.a + 0.5)}
	}
	return p
}

func (p *gradientPaint) shade(x, y int, buf []color.RGBA) {
	// Local coordinates of the pixel centre, stepped along the row.
	px, py := p.inv.Apply(float64(x)+0.5, float64(y)+0.5)
	sx, sy := p.inv[0], p.inv[1]
	for i := range buf {
		var t float64
		if p.radial {
			if p.r > 0 {
				t = math.Hypot(px-p.cx, py-p.cy) / p.r
			} else {
				t = 1
			}
		} else {
			t = ((px-p.x0)*p.dx + (py-p.y0)*p.dy) * p.invLen2
		}
		k := int(t*(gradientSteps-1) + 0.5)
		k = max(0, min(k, gradientSteps-1))
		buf[i] = p.lut[k]
		px += sx
		py += sy
	}
}

// imagePaint samples a premultiplied image through an affine map, bilinearly, clamping at its
// edges (the coverage of the element's outline gives the anti-aliased border).
type imagePaint struct {
	img    *image.RGBA
	inv    scene.Affine // page pixel → image pixel coordinates
	a      uint32       // extra opacity, 0–255
	opaque bool         // every pixel of img is opaque: inside the outline, samples replace dst
	pre    *sampledRows // samples kept from an earlier render (nil: none)
}

func (p *imagePaint) shade(x, y int, buf []color.RGBA) {
	// fillRows samples images as bytes (shadeBytes); this serves other callers of paint.
	b := make([]uint8, 4*len(buf))
	p.shadeBytes(x, y, 0, b)
	for i := range buf {
		buf[i] = color.RGBA{b[4*i], b[4*i+1], b[4*i+2], b[4*i+3]}
	}
}

// shadeBytes writes the premultiplied colours of page pixels x+skip … x+skip+len(out)/4−1 of
// row y into out, 4 bytes a pixel. Positions step from pixel x whatever skip, so a row sampled
// in pieces gives the pixels of a row sampled whole.
func (p *imagePaint) shadeBytes(x, y, skip int, out []uint8) {
	if p.pre != nil && p.pre.copySamples(x, y, skip, out) {
		return
	}
	b0 := p.img.Bounds()
	if b0.Empty() {
		clear(out)
		return
	}
	px, py := p.inv.Apply(float64(x)+0.5, float64(y)+0.5)
	// Sample positions in 16.16 fixed point, stepping along the row (the float version spent
	// most of a rotated photo's time in math.Max/Min and float weights). Positions are clamped
	// to the centres of the edge pixels, so the image's border extends beyond it.
	const one = 1 << 16
	fix := func(v float64) int64 { return int64(math.Round(clampF(v, 1<<40) * one)) }
	du, dv := fix(p.inv[0]), fix(p.inv[1])
	u, v := fix(px)+int64(skip)*du, fix(py)+int64(skip)*dv
	minU, maxU := int64(b0.Min.X)*one+one/2, int64(b0.Max.X)*one-one/2
	minV, maxV := int64(b0.Min.Y)*one+one/2, int64(b0.Max.Y)*one-one/2
	n := len(out) / 4
	// Pixels a … b−1 sample strictly inside the image: no clamping, and their neighbours are
	// the next pixel and the next row. Only the pixels nearest the edges take the clamped
	// path (the same arithmetic, with the same results).
	a, b := 0, 0
	const far = 1 << 50
	if max(du, -du) <= 1<<32 && max(dv, -dv) <= 1<<32 && max(u, -u) <= far && max(v, -v) <= far {
		a, b = insideRun(u, du, minU, maxU, n)
		a2, b2 := insideRun(v, dv, minV, maxV, n)
		a, b = max(a, a2), min(b, b2)
		if b < a {
			a, b = n, n
		}
	} else {
		a, b = n, n
	}
	p.sampleClamped(u, v, du, dv, out[:4*a])
	u, v = u+int64(a)*du, v+int64(a)*dv
	pix, stride := p.img.Pix, p.img.Stride
	baseU, baseV := one/2+int64(b0.Min.X)*one, one/2+int64(b0.Min.Y)*one
	if p.a == 255 {
		for i := a; i < b; i++ {
			uu, vv := u-baseU, v-baseV
			o := int(vv>>16)*stride + 4*int(uu>>16)
			fx, fy := uint32(uu>>8)&0xff, uint32(vv>>8)&0xff
			binary.LittleEndian.PutUint32(out[4*i:], bilinear(pix[o:], pix[o+stride:], fx, fy))
			u += du
			v += dv
		}
	} else {
		for i := a; i < b; i++ {
			uu, vv := u-baseU, v-baseV
			o := int(vv>>16)*stride + 4*int(uu>>16)
			fx, fy := uint32(uu>>8)&0xff, uint32(vv>>8)&0xff
			binary.LittleEndian.PutUint32(out[4*i:], fade(bilinear(pix[o:], pix[o+stride:], fx, fy), p.a))
			u += du
			v += dv
		}
	}
	p.sampleClamped(u, v, du, dv, out[4*b:])
}

// sampleClamped is shadeBytes for pixels whose samples may fall on or beyond the image's
// edges: positions (16.16, stepping by du, dv) are clamped to the centres of the edge pixels.
func (p *imagePaint) sampleClamped(u, v, du, dv int64, out []uint8) {
	const one = 1 << 16
	b := p.img.Bounds()
	minU, maxU := int64(b.Min.X)*one+one/2, int64(b.Max.X)*one-one/2
	minV, maxV := int64(b.Min.Y)*one+one/2, int64(b.Max.Y)*one-one/2
	pix, stride := p.img.Pix, p.img.Stride
	for len(out) >= 4 {
		uu := min(max(u, minU), maxU) - one/2 - int64(b.Min.X)*one
		vv := min(max(v, minV), maxV) - one/2 - int64(b.Min.Y)*one
		x0, y0 := int(uu>>16), int(vv>>16)
		fx, fy := uint32(uu>>8)&0xff, uint32(vv>>8)&0xff
		x1, y1 := min(x0+1, b.Dx()-1), min(y0+1, b.Dy()-1)
		r0, r1 := y0*stride, y1*stride
		w00 := uint64((256 - fx) * (256 - fy) >> 8)
		w10 := uint64(fx * (256 - fy) >> 8)
		w01 := uint64((256 - fx) * fy >> 8)
		w11 := 256 - w00 - w10 - w01
		// The four channels at once, in 16-bit lanes of one word: a lane holds at most
		// 255·256 + 128 (the weights sum to 256), so no lane spills into the next.
		c := (lanes16(pix[r0+4*x0:])*w00 + lanes16(pix[r0+4*x1:])*w10 +
			lanes16(pix[r1+4*x0:])*w01 + lanes16(pix[r1+4*x1:])*w11 + 0x0080008000800080) >> 8 & 0x00ff00ff00ff00ff
		if p.a < 255 {
			a := uint64(p.a)
			c = (c*a + 0x0080008000800080) // div255 per lane: (v + 128 + (v+128)>>8) >> 8
			c = ((c + (c>>8)&0x00ff00ff00ff00ff) >> 8) & 0x00ff00ff00ff00ff
		}
		c |= c >> 8
		binary.LittleEndian.PutUint32(out, uint32(c&0xffff|(c>>16)&0xffff0000))
		out = out[4:]
		u += du
		v += dv
	}
}

// bilinear blends the 2 × 2 pixels at the start of rows r0 and r1 with weights fx, fy (0–255),
// as sampleClamped does.
func bilinear(r0, r1 []uint8, fx, fy uint32) uint32 {
	w00 := uint64((256 - fx) * (256 - fy) >> 8)
	w10 := uint64(fx * (256 - fy) >> 8)
	w01 := uint64((256 - fx) * fy >> 8)
	w11 := 256 - w00 - w10 - w01
	c := (lanes16(r0)*w00 + lanes16(r0[4:])*w10 + lanes16(r1)*w01 + lanes16(r1[4:])*w11 + 0x0080008000800080) >> 8 & 0x00ff00ff00ff00ff
	c |= c >> 8
	return uint32(c&0xffff | (c>>16)&0xffff0000)
}

// fade scales a premultiplied pixel (4 bytes, little-endian) by a (0–255), as sampleClamped
// does.
func fade(px uint32, a uint32) uint32 {
	c := uint64(px)
	c = (c | c<<16) & 0x0000ffff0000ffff
	c = (c | c<<8) & 0x00ff00ff00ff00ff
	c = c*uint64(a) + 0x0080008000800080
	c = ((c + (c>>8)&0x00ff00ff00ff00ff) >> 8) & 0x00ff00ff00ff00ff
	c |= c >> 8
	return uint32(c&0xffff | (c>>16)&0xffff0000)
}

// insideRun returns the run of steps i (0 ≤ i < n) for which lo ≤ u + i·du < hi: estimated by
// division, then moved to the exact ends (the steps inside are one run).
func insideRun(u, du, lo, hi int64, n int) (int, int) {
	in := func(i int) bool { w := u + int64(i)*du; return w >= lo && w < hi }
	if du == 0 {
		if in(0) {
			return 0, n
		}
		return 0, 0
	}
	fa, fb := float64(lo-u)/float64(du), float64(hi-u)/float64(du)
	if du < 0 {
		fa, fb = fb, fa
	}
	a := int(min(max(math.Ceil(fa), 0), float64(n)))
	b := int(min(max(math.Ceil(fb), 0), float64(n)))
	if b < a {
		b = a
	}
	for a < b && !in(a) {
		a++
	}
	for a > 0 && in(a-1) {
		a--
	}
	if a >= b {
		b = a
		if a < n && in(a) {
			b = a + 1
		} else {
			return a, a
		}
	}
	for b > a && !in(b-1) {
		b--
	}
	for b < n && in(b) {
		b++
	}
	return a, b
}

// lanes16 spreads the 4 bytes at the start of p into the 16-bit lanes of a word.
func lanes16(p []uint8) uint64 {
	x := uint64(binary.LittleEndian.Uint32(p))
	x = (x | x<<16) & 0x0000ffff0000ffff
	return (x | x<<8) & 0x00ff00ff00ff00ff
}

// blendSpan composites colours src (premultiplied) over dst pixels x0… of row y, each weighted
// by cov (0–255, nil = full). It is the inner loop of every fill.
func blendSpan(dst *image.RGBA, x0, y int, src []color.RGBA, cov []uint8) {
	i := dst.PixOffset(x0, y)
	d := dst.Pix[i : i+4*len(src) : i+4*len(src)]
	for k, s := range src {
		m := uint32(255)
		if cov != nil {
			m = uint32(cov[k])
			if m == 0 {
				continue
			}
		}
		sa := uint32(s.A)
		if m == 255 && sa == 255 {
			d[4*k], d[4*k+1], d[4*k+2], d[4*k+3] = s.R, s.G, s.B, 255
			continue
		}
		sr, sg, sb := uint32(s.R), uint32(s.G), uint32(s.B)
		if m != 255 {
			sr, sg, sb, sa = div255(sr*m), div255(sg*m), div255(sb*m), div255(sa*m)
		}
		ia := 255 - sa
		p := d[4*k : 4*k+4 : 4*k+4]
		p[0] = uint8(sr + div255(uint32(p[0])*ia))
		p[1] = uint8(sg + div255(uint32(p[1])*ia))
		p[2] = uint8(sb + div255(uint32(p[2])*ia))
		p[3] = uint8(sa + div255(uint32(p[3])*ia))
	}
}

// fillImageRow paints a row of a photo through its coverage. An opaque photo's samples replace
// the pixels its outline covers fully (replace: no opacity or mask applies), so the inside of
// the row is sampled straight into dst.
func fillImageRow(dst *image.RGBA, x0, y int, p *imagePaint, cov []uint8, replace bool, sc *scratch) {
	n := len(cov)
	if cap(sc.pixels) < 4*n {
		sc.pixels = make([]uint8, 8*n)
	}
	blend := func(from, to int) {
		if from < to {
			b := sc.pixels[:4*(to-from)]
			p.shadeBytes(x0, y, from, b)
			blendBytes(dst, x0+from, y, b, cov[from:to])
		}
	}
	if replace && p.opaque && p.a == 255 {
		a := bytes.IndexByte(cov, 255)
		if a >= 0 {
			e := a + 1
			for e < n && cov[e] == 255 {
				e++
			}
			if e-a >= 8 {
				blend(0, a)
				i := dst.PixOffset(x0+a, y)
				p.shadeBytes(x0, y, a, dst.Pix[i:i+4*(e-a)])
				blend(e, n)
				return
			}
		}
	}
	blend(0, n)
}

// blendBytes is blendSpan for colours given as 4 bytes a pixel.
func blendBytes(dst *image.RGBA, x0, y int, src []uint8, cov []uint8) {
	i := dst.PixOffset(x0, y)
	d := dst.Pix[i : i+len(src) : i+len(src)]
	for k, m8 := range cov {
		if m8 == 0 || 4*k+4 > len(src) {
			continue
		}
		s := src[4*k : 4*k+4 : 4*k+4]
		m, sa := uint32(m8), uint32(s[3])
		if sa == 0 {
			continue // premultiplied: nothing at all (most of an element's layer)
		}
		p := d[4*k : 4*k+4 : 4*k+4]
		if m == 255 && sa == 255 {
			copy(p, s)
			continue
		}
		sr, sg, sb := uint32(s[0]), uint32(s[1]), uint32(s[2])
		if m != 255 {
			sr, sg, sb, sa = div255(sr*m), div255(sg*m), div255(sb*m), div255(sa*m)
		}
		ia := 255 - sa
		p[0] = uint8(sr + div255(uint32(p[0])*ia))
		p[1] = uint8(sg + div255(uint32(p[1])*ia))
		p[2] = uint8(sb + div255(uint32(p[2])*ia))
		p[3] = uint8(sa + div255(uint32(p[3])*ia))
	}
}

// blendSolid composites one premultiplied colour over dst pixels x0… of row y, weighted by cov.
func blendSolid(dst *image.RGBA, x0, y int, c color.RGBA, cov []uint8) {
	i := dst.PixOffset(x0, y)
	d := dst.Pix[i : i+4*len(cov) : i+4*len(cov)]
	cr, cg, cb, ca := uint32(c.R), uint32(c.G), uint32(c.B), uint32(c.A)
	for k := 0; k < len(cov); k++ {
		m := cov[k]
		if m == 0 {
			continue
		}
		p := d[4*k : 4*k+4 : 4*k+4]
		if m == 255 && ca == 255 {
			// A run of full coverage (the inside of a shape) is one colour: fill it with 8-byte
			// stores rather than pixel by pixel.
			e := k + 1
			for e+8 <= len(cov) && binary.LittleEndian.Uint64(cov[e:]) == ^uint64(0) {
				e += 8
			}
			for e < len(cov) && cov[e] == 255 {
				e++
			}
			fillPixels(d[4*k:4*e], c)
			k = e - 1
			continue
		}
		if m == 255 && k+8 <= len(cov) && binary.LittleEndian.Uint64(cov[k:]) == ^uint64(0) {
			// A run of full coverage of a translucent colour: the same blend for every pixel,
			// the four channels at once.
			e := k + 8
			for e+8 <= len(cov) && binary.LittleEndian.Uint64(cov[e:]) == ^uint64(0) {
				e += 8
			}
			for e < len(cov) && cov[e] == 255 {
				e++
			}
			overPixels(d[4*k:4*e], c)
			k = e - 1
			continue
		}
		mm := uint32(m)
		sr, sg, sb, sa := div255(cr*mm), div255(cg*mm), div255(cb*mm), div255(ca*mm)
		ia := 255 - sa
		p[0] = uint8(sr + div255(uint32(p[0])*ia))
		p[1] = uint8(sg + div255(uint32(p[1])*ia))
		p[2] = uint8(sb + div255(uint32(p[2])*ia))
		p[3] = uint8(sa + div255(uint32(p[3])*ia))
	}
}

// blendScaled composites the premultiplied pixels src, scaled by m (0–255), over dst: per
// channel s' = div255(s·m), then s' + div255(d·(255−s'.A)), as blendBytes computes it, with
// the four channels in the 16-bit lanes of one word.
func blendScaled(dst, src []uint8, m uint64) {
	const lo = 0x00ff00ff00ff00ff
	// The last pixel pair blended and its result: a layer's flat areas over a flat page repeat
	// it, and a repeat costs two comparisons.
	var lastS, lastD, lastOut uint32
	have := false
	for len(src) >= 4 && len(dst) >= 4 {
		if src[3] == 0 {
			src, dst = src[4:], dst[4:]
			continue
		}
		sw, dw := binary.LittleEndian.Uint32(src), binary.LittleEndian.Uint32(dst)
		if have && sw == lastS && dw == lastD {
			binary.LittleEndian.PutUint32(dst, lastOut)
			src, dst = src[4:], dst[4:]
			continue
		}
		s := lanes16(src)*m + 0x0080008000800080
		s = ((s + (s>>8)&lo) >> 8) & lo
		ia := 255 - s>>48
		x := lanes16(dst)*ia + 0x0080008000800080
		x = ((x+(x>>8)&lo)>>8)&lo + s
		x |= x >> 8
		out := uint32(x&0xffff | (x>>16)&0xffff0000)
		binary.LittleEndian.PutUint32(dst, out)
		lastS, lastD, lastOut, have = sw, dw, out, true
		src, dst = src[4:], dst[4:]
	}
}

// overPixels composites the premultiplied colour c over every 4-byte pixel of d, with the
// arithmetic of blendSolid (c + div255(d·(255−c.A)) per channel) done in the 16-bit lanes of
// one word: d·(255−c.A) + 128 stays below 65536, and the sum is at most 255 for a valid
// premultiplied colour.
func overPixels(d []uint8, c color.RGBA) {
	src := uint64(c.R) | uint64(c.G)<<16 | uint64(c.B)<<32 | uint64(c.A)<<48
	ia := uint64(255 - c.A)
	for len(d) >= 4 {
		x := lanes16(d)*ia + 0x0080008000800080
		x = ((x+(x>>8)&0x00ff00ff00ff00ff)>>8)&0x00ff00ff00ff00ff + src
		x |= x >> 8
		binary.LittleEndian.PutUint32(d, uint32(x&0xffff|(x>>16)&0xffff0000))
		d = d[4:]
	}
}

// fillPixels sets every 4-byte pixel of d to c.
func fillPixels(d []uint8, c color.RGBA) {
	v := uint64(c.R) | uint64(c.G)<<8 | uint64(c.B)<<16 | uint64(c.A)<<24
	v |= v << 32
	for len(d) >= 8 {
		binary.LittleEndian.PutUint64(d, v)
		d = d[8:]
	}
	if len(d) >= 4 {
		d[0], d[1], d[2], d[3] = c.R, c.G, c.B, c.A
	}
}

// fillCoverage paints p through the polygon's coverage onto dst, inside clip, multiplied by
// alpha (0–255) and by mask when given (mask pixels outside its bounds count as 0).
func fillCoverage(dst *image.RGBA, poly *coverage, evenOdd bool, p paint, alpha uint8, mask *image.Alpha, clip image.Rectangle, sc *scratch) {
	clip = clip.Intersect(dst.Rect)
	if mask != nil {
		clip = clip.Intersect(mask.Rect)
	}
	if clip.Empty() || alpha == 0 {
		return
	}
	// A large area (a photo turned, a page-wide band at 300 dpi) is filled in bands of rows
	// on all cores: the rows are independent, the coverage and the paints below only read
	// shared state.
	r := poly.bounds().Intersect(clip)
	parts := min(runtime.GOMAXPROCS(0), r.Dx()*r.Dy()/parallelFillPixels)
	switch p.(type) {
	case solidPaint, *gradientPaint, *imagePaint:
	default:
		parts = 1
	}
	if parts > 1 {
		poly.sort()
		var wg sync.WaitGroup
		for i := 1; i < parts; i++ {
			band := image.Rect(r.Min.X, r.Min.Y+i*r.Dy()/parts, r.Max.X, r.Min.Y+(i+1)*r.Dy()/parts)
			wg.Go(func() { fillRows(dst, poly, evenOdd, p, alpha, mask, band, &scratch{}) })
		}
		fillRows(dst, poly, evenOdd, p, alpha, mask, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+r.Dy()/parts), sc)
		wg.Wait()
		return
	}
	fillRows(dst, poly, evenOdd, p, alpha, mask, clip, sc)
}

// parallelFillPixels is the area from which a fill is shared between cores.
const parallelFillPixels = 1 << 18

// fillRows is fillCoverage inside clip (within dst and the mask), on this goroutine.
func fillRows(dst *image.RGBA, poly *coverage, evenOdd bool, p paint, alpha uint8, mask *image.Alpha, clip image.Rectangle, sc *scratch) {
	solid, isSolid := p.(solidPaint)
	if isSolid && mask == nil && alpha != 255 {
		// The opacity goes into the colour, so the coverage inside the shape stays full and
		// blendSolid blends its runs at once.
		a := uint32(alpha)
		c := solid.c
		solid.c = color.RGBA{uint8(div255(uint32(c.R) * a)), uint8(div255(uint32(c.G) * a)), uint8(div255(uint32(c.B) * a)), uint8(div255(uint32(c.A) * a))}
		alpha = 255
	}
	poly.render(clip, evenOdd, sc, func(y, x0 int, cov []uint8) {
		if mask != nil || alpha != 255 {
			mo := 0
			if mask != nil {
				mo = mask.PixOffset(x0, y)
			}
			a := uint32(alpha)
			for i, c := range cov {
				v := uint32(c)
				if mask != nil {
					v = div255(v * uint32(mask.Pix[mo+i]))
				}
				if a != 255 {
					v = div255(v * a)
				}
				cov[i] = uint8(v)
			}
		}
		if isSolid {
			blendSolid(dst, x0, y, solid.c, cov)
			return
		}
		if ip, ok := p.(*imagePaint); ok {
			fillImageRow(dst, x0, y, ip, cov, mask == nil && alpha == 255, sc)
			return
		}
		if cap(sc.colors) < len(cov) {
			sc.colors = make([]color.RGBA, len(cov)*2)
		}
		buf := sc.colors[:len(cov)]
		p.shade(x0, y, buf)
		blendSpan(dst, x0, y, buf, cov)
	})
}

// drawImage composites a premultiplied image (placed by its own bounds, in page pixels) onto
// dst inside clip, with an extra opacity and an optional mask. Without opacity or mask it goes
// through image/draw's RGBA fast path.
func drawImage(dst *image.RGBA, src *image.RGBA, alpha uint8, mask *image.Alpha, clip image.Rectangle) {
	r := clip.Intersect(dst.Rect).Intersect(src.Rect)
	if mask != nil {
		r = r.Intersect(mask.Rect)
	}
	if r.Empty() || alpha == 0 {
		return
	}
	if alpha == 255 {
		if mask == nil {
			op := draw.Over
			if isOpaque(src, r) {
				op = draw.Src // copying rows is far cheaper than blending opaque pixels
			}
			draw.Draw(dst, r, src, r.Min, op)
		} else {
			draw.DrawMask(dst, r, src, r.Min, mask, r.Min, draw.Over)
		}
		return
	}
	if mask == nil {
		// One opacity for every pixel (an element's layer): blended in 16-bit lanes.
		for y := r.Min.Y; y < r.Max.Y; y++ {
			o, d := src.PixOffset(r.Min.X, y), dst.PixOffset(r.Min.X, y)
			blendScaled(dst.Pix[d:d+4*r.Dx()], src.Pix[o:o+4*r.Dx()], uint64(alpha))
		}
		return
	}
	cov := make([]uint8, r.Dx())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for i := range cov {
			v := uint32(alpha)
			if mask != nil {
				v = div255(v * uint32(mask.Pix[mask.PixOffset(r.Min.X+i, y)]))
			}
			cov[i] = uint8(v)
		}
		o := src.PixOffset(r.Min.X, y)
		blendBytes(dst, r.Min.X, y, src.Pix[o:o+4*r.Dx()], cov)
	}
}

// isOpaque reports whether src is opaque over r, checking the alpha bytes (a quarter of the
// cost of blending them).
func isOpaque(src *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := src.Pix[src.PixOffset(r.Min.X, y) : src.PixOffset(r.Min.X, y)+4*r.Dx()]
		for i := 3; i < len(row); i += 4 {
			if row[i] != 255 {
				return false
			}
		}
	}
	return true
}

// drawMaskColor composites a uniform colour through an alpha mask (placed by its bounds):
// glyphs and shadows. It is image/draw's glyph fast path.
func drawMaskColor(dst *image.RGBA, mask *image.Alpha, c color.RGBA, clip image.Rectangle) {
	r := clip.Intersect(dst.Rect).Intersect(mask.Rect)
	if r.Empty() || c.A == 0 {
		return
	}
	draw.DrawMask(dst, r, &image.Uniform{C: c}, image.Point{}, mask, r.Min, draw.Over)
}
