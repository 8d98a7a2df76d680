package raster

import (
	"image"
	"image/color"
	"math"
	"runtime"
	"sync"
)

// Photos are resampled once per render, to the size drawn, by a separable filter written for
// this: Lanczos-3 when shrinking 2× or more (sharp, little aliasing), Catmull-Rom (bicubic)
// below that and when enlarging (no ringing halos; at 300 dpi, where photos are drawn near
// their own resolution, it needs 5 taps where Lanczos-3 needs 8), in 14-bit fixed point, on premultiplied pixels (no dark fringes at
// transparent edges), reading JPEG's YCbCr planes directly, over a window given in fractional
// source pixels (a crop lands where it should, to the sub-pixel), on all cores. A large
// reduction first averages whole blocks of pixels (as libvips' shrink does) so that the filter
// never spans more than a dozen pixels. disintegration/imaging, measured on the benchmark
// poster, took 2–3× longer, needs integer windows, and links the TIFF and BMP decoders into the
// image registry (TIFF decoding has a history of CVEs).

const (
	weightBits = 14
	weightOne  = 1 << weightBits
)

// resampleImage returns the window (sx0, sy0)–(sx1, sy1) of src (in source pixels, relative to
// the image's origin at src.Bounds().Min) resampled to outW × outH premultiplied pixels.
func resampleImage(src image.Image, sx0, sy0, sx1, sy1 float64, outW, outH int) *image.RGBA {
	out := image.NewRGBA(image.Rect(0, 0, outW, outH))
	b := src.Bounds()
	if outW <= 0 || outH <= 0 || b.Empty() || !(sx1 > sx0) || !(sy1 > sy0) {
		return out
	}
	// Reductions of 2× or more first average blocks of kx × ky source pixels, leaving the
	// filter a reduction between 1× and 2× (libvips does the same), then use Lanczos-3.
	kx := max(1, int((sx1-sx0)/float64(outW)))
	ky := max(1, int((sy1-sy0)/float64(outH)))
	lanczos := kx > 1 || ky > 1 || (sx1-sx0)/float64(outW) >= 2 || (sy1-sy0)/float64(outH) >= 2
	rd := newRowReader(src, kx, ky)
	// From here on, source coordinates are in (reduced) pixels of rd.
	sx0, sx1 = sx0/float64(kx), sx1/float64(kx)
	sy0, sy1 = sy0/float64(ky), sy1/float64(ky)
	hw := filterWeights(sx0, sx1, outW, rd.w, lanczos)
	vw := filterWeights(sy0, sy1, outH, rd.h, lanczos)
	// The source columns the filters reach.
	c0, c1 := hw.lo, hw.hi
	nc := c1 - c0

	opaque := rd.opaque()
	// Both passes run row by row: each output row needs a few source rows filtered
	// horizontally, kept in a small ring (rows are asked for in increasing order), so the
	// intermediate image is never held whole (18 MB for a photo at 300 dpi).
	ringLen := 1
	for _, t := range vw.taps {
		ringLen = max(ringLen, len(t.w))
	}
	parallelRows(outH, func(from, to int) {
		acc := make([]int32, 4*outW)
		row := make([]uint8, 4*nc)
		ring := make([]uint8, ringLen*4*outW)
		held := make([]int, ringLen)
		for i := range held {
			held[i] = -1
		}
		filtered := func(sr int) []uint8 {
			slot := sr % ringLen
			buf := ring[slot*4*outW : (slot+1)*4*outW]
			if held[slot] != sr {
				rd.read(sr, c0, c1, row)
				if opaque {
					convolveOpaque(row, c0, hw, buf)
				} else {
					convolve(row, c0, hw, buf, 4)
				}
				held[slot] = sr
			}
			return buf
		}
		for y := from; y < to; y++ {
			clear(acc)
			taps := vw.taps[y]
			for k, w := range taps.w {
				src := filtered(taps.first + k)
				acc := acc[:len(src)]
				if opaque { // the alpha bytes are all 255: leave them out
					for i := 0; i+3 < len(src); i += 4 {
						p := src[i : i+3 : i+3]
						a := acc[i : i+3 : i+3]
						a[0] += w * int32(p[0])
						a[1] += w * int32(p[1])
						a[2] += w * int32(p[2])
					}
					continue
				}
				for i, v := range src {
					acc[i] += w * int32(v)
				}
			}
			dst := out.Pix[y*out.Stride : y*out.Stride+4*outW]
			if opaque {
				for i := 0; i < len(acc); i += 4 {
					dst[i] = clampFixed(acc[i])
					dst[i+1] = clampFixed(acc[i+1])
					dst[i+2] = clampFixed(acc[i+2])
					dst[i+3] = 255
				}
				continue
			}
			for i := 0; i < len(acc); i += 4 {
				a := clampFixed(acc[i+3])
				dst[i+3] = a
				dst[i] = min(clampFixed(acc[i]), a) // premultiplied: colour ≤ alpha
				dst[i+1] = min(clampFixed(acc[i+1]), a)
				dst[i+2] = min(clampFixed(acc[i+2]), a)
			}
		}
	})
	return out
}

func clampFixed(v int32) uint8 {
	v = (v + weightOne/2) >> weightBits
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// convolve filters one row of n-byte pixels (src starts at source column c0) into dst.
func convolve(src []uint8, c0 int, fw *weights, dst []uint8, n int) {
	for i := range fw.taps {
		t := &fw.taps[i]
		s := src[n*(t.first-c0) : n*(t.first-c0)+n*len(t.w)]
		var a0, a1, a2, a3 int32
		for k, w := range t.w {
			p := s[n*k : n*k+4 : n*k+4]
			a0 += w * int32(p[0])
			a1 += w * int32(p[1])
			a2 += w * int32(p[2])
			a3 += w * int32(p[3])
		}
		d := dst[n*i : n*i+4 : n*i+4]
		a := clampFixed(a3)
		d[3] = a
		d[0] = min(clampFixed(a0), a)
		d[1] = min(clampFixed(a1), a)
		d[2] = min(clampFixed(a2), a)
	}
}

// convolveOpaque is convolve for 4-byte pixels known to be opaque: three channels to filter.
func convolveOpaque(src []uint8, c0 int, fw *weights, dst []uint8) {
	for i := range fw.taps {
		t := &fw.taps[i]
		s := src[4*(t.first-c0) : 4*(t.first-c0)+4*len(t.w)]
		var a0, a1, a2 int32
		for k, w := range t.w {
			p := s[4*k : 4*k+3 : 4*k+3]
			a0 += w * int32(p[0])
			a1 += w * int32(p[1])
			a2 += w * int32(p[2])
		}
		d := dst[4*i : 4*i+4 : 4*i+4]
		d[0], d[1], d[2], d[3] = clampFixed(a0), clampFixed(a1), clampFixed(a2), 255
	}
}

// weights are the filter taps of every output pixel along one axis.
type weights struct {
	taps   []taps
	lo, hi int // the source indices any tap reads, [lo, hi)
}

type taps struct {
	first int     // source index of w[0]
	w     []int32 // fixed-point weights summing to weightOne
}

// filterWeights computes the taps that map source range [s0, s1) (n source pixels in all) onto
// out pixels, with Lanczos-3 when shrinking with lanczos set, else Catmull-Rom. Taps beyond
// the source's edges are folded onto the edge pixel.
func filterWeights(s0, s1 float64, out, n int, lanczos bool) *weights {
	scale := (s1 - s0) / float64(out)
	kernel, radius := catmullRom, 2.0
	if lanczos && scale > 1 {
		kernel, radius = lanczos3, 3.0
	}
	f := math.Max(1, scale) // the filter widens when shrinking
	support := radius * f
	fw := &weights{taps: make([]taps, out), lo: n, hi: 0}
	buf := make([]float64, 0, int(2*support)+3)
	for i := 0; i < out; i++ {
		c := s0 + (float64(i)+0.5)*scale // centre of output pixel i, in source coordinates
		first := int(math.Floor(c - support))
		last := int(math.Ceil(c + support))
		buf = buf[:0]
		sum := 0.0
		for j := first; j <= last; j++ {
			w := kernel((float64(j) + 0.5 - c) / f)
			buf = append(buf, w)
			sum += w
		}
		if sum == 0 {
			sum = 1
		}
		// Fold taps outside [0, n) onto the edges, then trim zeros.
		lo, hi := max(first, 0), min(last, n-1)
		if lo > hi { // the window lies outside the image: use the nearest pixel
			lo = max(0, min(first, n-1))
			hi = lo
		}
		ws := make([]float64, hi-lo+1)
		for k, w := range buf {
			j := max(lo, min(first+k, hi))
			ws[j-lo] += w / sum
		}
		// Drop negligible end taps (under 1/256: below one 8-bit level), folding them into
		// their neighbour: a tap less per pixel is a sixth of the work at 300 dpi.
		for len(ws) > 1 && math.Abs(ws[0]) < 1.0/256 {
			ws[1] += ws[0]
			ws = ws[1:]
			lo++
		}
		for len(ws) > 1 && math.Abs(ws[len(ws)-1]) < 1.0/256 {
			ws[len(ws)-2] += ws[len(ws)-1]
			ws = ws[:len(ws)-1]
			hi--
		}
		iw := make([]int32, len(ws))
		total := int32(0)
		for k, w := range ws {
			iw[k] = int32(math.Round(w * weightOne))
			total += iw[k]
		}
		// Put the rounding error on the largest weight so that flat areas stay exact.
		big := 0
		for k := range iw {
			if iw[k] > iw[big] {
				big = k
			}
		}
		iw[big] += weightOne - total
		fw.taps[i] = taps{first: lo, w: iw}
		fw.lo, fw.hi = min(fw.lo, lo), max(fw.hi, hi+1)
	}
	return fw
}

func lanczos3(x float64) float64 {
	x = math.Abs(x)
	if x >= 3 {
		return 0
	}
	return sinc(x) * sinc(x/3)
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	x *= math.Pi
	return math.Sin(x) / x
}

func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (3*x*x*x - 5*x*x + 2) / 2
	case x < 2:
		return (-x*x*x + 5*x*x - 8*x + 4) / 2
	}
	return 0
}

// parallelRows splits [0, n) into chunks handled concurrently.
func parallelRows(n int, fn func(from, to int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/16))
	if workers <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for from := 0; from < n; from += chunk {
		wg.Add(1)
		go func(from, to int) {
			defer wg.Done()
			fn(from, to)
		}(from, min(from+chunk, n))
	}
	wg.Wait()
}

// rowReader reads rows of an image as premultiplied RGBA bytes, averaged over kx × ky blocks.
type rowReader struct {
	img    image.Image
	b      image.Rectangle
	kx, ky int
	w, h   int // size in blocks
	pal    []color.RGBA
}

func newRowReader(img image.Image, kx, ky int) *rowReader {
	b := img.Bounds()
	r := &rowReader{img: img, b: b, kx: kx, ky: ky, w: max(1, b.Dx()/kx), h: max(1, b.Dy()/ky)}
	if p, ok := img.(*image.Paletted); ok {
		r.pal = make([]color.RGBA, len(p.Palette))
		for i, c := range p.Palette {
			r.pal[i] = rgba8(c)
		}
	}
	return r
}

// opaque reports whether every pixel of the image is opaque, from its type.
func (r *rowReader) opaque() bool {
	switch m := r.img.(type) {
	case *image.YCbCr, *image.Gray, *image.Gray16, *image.CMYK:
		return true
	case interface{ Opaque() bool }:
		// Opaque scans the pixels of RGBA and NRGBA images; it stops at the first
		// translucent one, and is far cheaper than filtering a fourth channel.
		return m.Opaque()
	}
	return false
}

// read writes blocks c0..c1 of block row y into dst (4 bytes each).
func (r *rowReader) read(y, c0, c1 int, dst []uint8) {
	if r.kx == 1 && r.ky == 1 {
		r.readPixels(r.b.Min.Y+y, r.b.Min.X+c0, r.b.Min.X+c1, dst)
		return
	}
	if m, ok := r.img.(*image.YCbCr); ok {
		r.readYCbCrBlocks(m, y, c0, c1, dst)
		return
	}
	n := c1 - c0
	sums := make([]uint32, 4*n)
	line := make([]uint8, 4*n*r.kx)
	for dy := 0; dy < r.ky; dy++ {
		sy := min(r.b.Min.Y+y*r.ky+dy, r.b.Max.Y-1)
		x0 := r.b.Min.X + c0*r.kx
		x1 := min(x0+n*r.kx, r.b.Max.X)
		r.readPixels(sy, x0, x1, line[:4*(x1-x0)])
		for i := x1 - x0; i < n*r.kx; i++ { // past the right edge: repeat the last pixel
			copy(line[4*i:4*i+4], line[4*(x1-x0-1):4*(x1-x0)])
		}
		for i := 0; i < n*r.kx; i++ {
			s := sums[4*(i/r.kx):]
			s[0] += uint32(line[4*i])
			s[1] += uint32(line[4*i+1])
			s[2] += uint32(line[4*i+2])
			s[3] += uint32(line[4*i+3])
		}
	}
	div := uint32(r.kx * r.ky)
	for i, s := range sums {
		dst[i] = uint8((s + div/2) / div)
	}
}

// readYCbCrBlocks averages JPEG planes block by block and converts each average once: the
// conversion is affine, so this is the colour of the block, at a fraction of the cost.
func (r *rowReader) readYCbCrBlocks(m *image.YCbCr, y, c0, c1 int, dst []uint8) {
	var cxDiv, cyDiv int
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio420:
		cxDiv, cyDiv = 2, 2
	case image.YCbCrSubsampleRatio422:
		cxDiv, cyDiv = 2, 1
	case image.YCbCrSubsampleRatio440:
		cxDiv, cyDiv = 1, 2
	case image.YCbCrSubsampleRatio411:
		cxDiv, cyDiv = 4, 1
	case image.YCbCrSubsampleRatio410:
		cxDiv, cyDiv = 4, 2
	default:
		cxDiv, cyDiv = 1, 1
	}
	b := r.b
	if m.SubsampleRatio == image.YCbCrSubsampleRatio420 && r.kx%2 == 0 && r.ky%2 == 0 &&
		m.Rect.Min.X%2 == 0 && m.Rect.Min.Y%2 == 0 && b == m.Rect &&
		(c1*r.kx <= b.Dx()) && ((y+1)*r.ky <= b.Dy()) {
		r.readYCbCr420Blocks(m, y, c0, c1, dst)
		return
	}
	for c := c0; c < c1; c++ {
		var sy, scb, scr, n uint32
		x0 := b.Min.X + c*r.kx
		x1 := min(x0+r.kx, b.Max.X)
		for dy := 0; dy < r.ky; dy++ {
			py := min(b.Min.Y+y*r.ky+dy, b.Max.Y-1)
			yrow := (py - m.Rect.Min.Y) * m.YStride
			crow := (py/cyDiv - m.Rect.Min.Y/cyDiv) * m.CStride
			cbase := m.Rect.Min.X / cxDiv
			for x := x0; x < x1; x++ {
				ci := crow + x/cxDiv - cbase
				sy += uint32(m.Y[yrow+x-m.Rect.Min.X])
				scb += uint32(m.Cb[ci])
				scr += uint32(m.Cr[ci])
				n++
			}
		}
		if n == 0 {
			n = 1
		}
		cr, cg, cb := ycbcrToRGB(uint8((sy+n/2)/n), uint8((scb+n/2)/n), uint8((scr+n/2)/n))
		d := dst[4*(c-c0) : 4*(c-c0)+4 : 4*(c-c0)+4]
		d[0], d[1], d[2], d[3] = cr, cg, cb, 255
	}
}

// readYCbCr420Blocks is readYCbCrBlocks for the usual JPEG layout (4:2:0) and even blocks
// that lie inside the image: each block covers whole chroma samples, so the planes are summed
// directly, without per-pixel index arithmetic.
func (r *rowReader) readYCbCr420Blocks(m *image.YCbCr, y, c0, c1 int, dst []uint8) {
	kx, ky := r.kx, r.ky
	ny, nc := uint32(kx*ky), uint32(kx*ky/4)
	py0 := y * ky // relative to Rect.Min, which is even
	for c := c0; c < c1; c++ {
		px0 := c * kx
		var sy, scb, scr uint32
		for dy := 0; dy < ky; dy++ {
			row := m.Y[(py0+dy)*m.YStride+px0 : (py0+dy)*m.YStride+px0+kx]
			for _, v := range row {
				sy += uint32(v)
			}
		}
		for dy := 0; dy < ky/2; dy++ {
			o := (py0/2+dy)*m.CStride + px0/2
			for _, v := range m.Cb[o : o+kx/2] {
				scb += uint32(v)
			}
			for _, v := range m.Cr[o : o+kx/2] {
				scr += uint32(v)
			}
		}
		cr, cg, cb := ycbcrToRGB(uint8((sy+ny/2)/ny), uint8((scb+nc/2)/nc), uint8((scr+nc/2)/nc))
		d := dst[4*(c-c0) : 4*(c-c0)+4 : 4*(c-c0)+4]
		d[0], d[1], d[2], d[3] = cr, cg, cb, 255
	}
}

// readPixels writes pixels x0..x1 of image row y as premultiplied RGBA.
func (r *rowReader) readPixels(y, x0, x1 int, dst []uint8) {
	switch m := r.img.(type) {
	case *image.YCbCr:
		yi := m.YOffset(x0, y) - x0
		for x := x0; x < x1; x++ {
			ci := m.COffset(x, y)
			cr, cg, cb := ycbcrToRGB(m.Y[yi+x], m.Cb[ci], m.Cr[ci])
			d := dst[4*(x-x0) : 4*(x-x0)+4 : 4*(x-x0)+4]
			d[0], d[1], d[2], d[3] = cr, cg, cb, 255
		}
	case *image.RGBA:
		copy(dst, m.Pix[m.PixOffset(x0, y):m.PixOffset(x0, y)+4*(x1-x0)])
	case *image.NRGBA:
		s := m.Pix[m.PixOffset(x0, y):]
		for i := 0; i < x1-x0; i++ {
			a := uint32(s[4*i+3])
			dst[4*i] = uint8(div255(uint32(s[4*i]) * a))
			dst[4*i+1] = uint8(div255(uint32(s[4*i+1]) * a))
			dst[4*i+2] = uint8(div255(uint32(s[4*i+2]) * a))
			dst[4*i+3] = uint8(a)
		}
	case *image.Gray:
		s := m.Pix[m.PixOffset(x0, y):]
		for i := 0; i < x1-x0; i++ {
			v := s[i]
			dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = v, v, v, 255
		}
	case *image.Paletted:
		s := m.Pix[m.PixOffset(x0, y):]
		for i := 0; i < x1-x0; i++ {
			c := color.RGBA{}
			if int(s[i]) < len(r.pal) {
				c = r.pal[s[i]]
			}
			dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = c.R, c.G, c.B, c.A
		}
	default:
		for x := x0; x < x1; x++ {
			c := rgba8(m.At(x, y))
			d := dst[4*(x-x0):]
			d[0], d[1], d[2], d[3] = c.R, c.G, c.B, c.A
		}
	}
}

// ycbcrToRGB is JFIF's conversion, as color.YCbCrToRGB, inlined for speed.
func ycbcrToRGB(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy := int32(y) * 0x10101
	cb1 := int32(cb) - 128
	cr1 := int32(cr) - 128
	r := yy + 91881*cr1
	g := yy - 22554*cb1 - 46802*cr1
	b := yy + 116130*cb1
	return clampYCC(r), clampYCC(g), clampYCC(b)
}

func clampYCC(v int32) uint8 {
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	if v < 0 {
		return 0
	}
	return 255
}
