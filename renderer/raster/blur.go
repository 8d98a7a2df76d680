package raster

import (
	"image"
	"image/color"
	"math"

	"affiche/scene"
)

// shadowSpec is an element's drop shadow in page pixels.
type shadowSpec struct {
	c      color.NRGBA // shadow opacity folded into the alpha
	sigma  float64     // Gaussian standard deviation, pixels
	dx, dy int
}

// shadowOf returns the element's shadow in pixels, nil when it has none or it is invisible.
// As in canvas and Konva (so Polotno designs look the same), Blur is the shadow blur with
// σ = Blur/2, and the offset is in page directions: it does not turn with the element.
func (r *render) shadowOf(e *scene.Element) *shadowSpec {
	s := e.Shadow
	if s == nil {
		return nil
	}
	c := scene.MustColor(s.Color)
	c.A = uint8(math.Round(float64(c.A) * clamp01(s.Opacity)))
	if c.A == 0 {
		return nil
	}
	return &shadowSpec{
		c:     c,
		sigma: math.Max(0, s.Blur) * r.scale / 2,
		dx:    int(math.Round(clampF(s.OffsetX*r.scale, limit))),
		dy:    int(math.Round(clampF(s.OffsetY*r.scale, limit))),
	}
}

func clampF(v, lim float64) float64 {
	if v != v {
		return 0
	}
	return math.Max(-lim, math.Min(lim, v))
}

// reach is how far the blurred shadow spreads beyond its shape.
func (s *shadowSpec) reach() int { return int(math.Ceil(3 * s.sigma)) }

// bounds returns where the shadow of content bounds b falls.
func (s *shadowSpec) bounds(b image.Rectangle) image.Rectangle {
	return b.Add(image.Pt(s.dx, s.dy)).Inset(-s.reach())
}

// reachInto grows a visible area to include the content whose shadow falls into it.
func (s *shadowSpec) reachInto(vis image.Rectangle) image.Rectangle {
	g := vis.Sub(image.Pt(s.dx, s.dy)).Inset(-s.reach())
	return vis.Union(g).Intersect(everywhere)
}

// drawShadow paints the shadow of layer (everything an element painted) onto dst.
func (r *render) drawShadow(dst *image.RGBA, layer *image.RGBA, s *shadowSpec, opacity float64) {
	c := premul(s.c, opacity)
	lb := layer.Rect
	// Wide blurs are computed on a coarser grid (cells of k × k pixels, σ/k ≤ 4 cells) and
	// interpolated back: the result is the same to the eye, and a 50-pt blur at 300 dpi costs
	// no more than a small one. The grid is anchored in page pixels, so an element drawn alone
	// gets the same shadow as on the page.
	k := 1
	if s.sigma > 6 {
		k = int(math.Ceil(s.sigma / 4))
	}
	reach := s.reach()
	cells := image.Rect(floorDiv(lb.Min.X-reach, k), floorDiv(lb.Min.Y-reach, k),
		floorDiv(lb.Max.X+reach-1, k)+1, floorDiv(lb.Max.Y+reach-1, k)+1)
	mask := image.NewAlpha(cells)
	if k == 1 {
		for y := lb.Min.Y; y < lb.Max.Y; y++ {
			src := layer.Pix[layer.PixOffset(lb.Min.X, y):]
			d := mask.Pix[mask.PixOffset(lb.Min.X, y):]
			for x := 0; x < lb.Dx(); x++ {
				d[x] = src[4*x+3]
			}
		}
		blurAlpha(mask, s.sigma)
		mask.Rect = mask.Rect.Add(image.Pt(s.dx, s.dy))
		drawMaskColor(dst, mask, c, dst.Rect)
		return
	}
	// Average the layer's alpha over each cell.
	sums := make([]uint32, cells.Dx()*cells.Dy())
	for y := lb.Min.Y; y < lb.Max.Y; y++ {
		src := layer.Pix[layer.PixOffset(lb.Min.X, y):]
		row := sums[(floorDiv(y, k)-cells.Min.Y)*cells.Dx():]
		for x := 0; x < lb.Dx(); x++ {
			row[floorDiv(lb.Min.X+x, k)-cells.Min.X] += uint32(src[4*x+3])
		}
	}
	for i, v := range sums {
		mask.Pix[i] = uint8((v + uint32(k*k/2)) / uint32(k*k))
	}
	blurAlpha(mask, s.sigma/float64(k))
	// Draw it, sampling the cells bilinearly at each pixel's centre (8-bit fixed-point weights;
	// the horizontal ones are the same on every row).
	out := image.Rect(cells.Min.X*k, cells.Min.Y*k, cells.Max.X*k, cells.Max.Y*k).Add(image.Pt(s.dx, s.dy)).Intersect(dst.Rect)
	if out.Empty() {
		return
	}
	lerp := func(p, lo, hi int) (int, int, uint32) {
		u := (float64(p)+0.5)/float64(k) - 0.5
		u = math.Max(float64(lo), math.Min(float64(hi-1), u))
		i := int(math.Floor(u))
		return i - lo, min(i+1, hi-1) - lo, uint32(math.Round((u - float64(i)) * 256))
	}
	n := out.Dx()
	xs0, xs1, xf := make([]int, n), make([]int, n), make([]uint32, n)
	for i := range n {
		xs0[i], xs1[i], xf[i] = lerp(out.Min.X+i-s.dx, cells.Min.X, cells.Max.X)
	}
	cov := make([]uint8, n)
	for y := out.Min.Y; y < out.Max.Y; y++ {
		y0, y1, fy := lerp(y-s.dy, cells.Min.Y, cells.Max.Y)
		r0 := mask.Pix[y0*mask.Stride : y0*mask.Stride+cells.Dx()]
		r1 := mask.Pix[y1*mask.Stride : y1*mask.Stride+cells.Dx()]
		for i := range cov {
			a, b := uint32(r0[xs0[i]]), uint32(r0[xs1[i]])
			c, d := uint32(r1[xs0[i]]), uint32(r1[xs1[i]])
			top := a*(256-xf[i]) + b*xf[i]
			bot := c*(256-xf[i]) + d*xf[i]
			cov[i] = uint8((top*(256-fy) + bot*fy + 1<<15) >> 16)
		}
		blendSolid(dst, out.Min.X, y, c, cov)
	}
}

// floorDiv divides rounding towards minus infinity.
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// boxSizes returns the widths of three successive box filters that together approximate a
// Gaussian of standard deviation sigma (W. Jarosz / P. Kovesi): repeated box blurs converge to
// a Gaussian, and each costs O(1) per pixel whatever the radius.
func boxSizes(sigma float64) [3]int {
	const n = 3
	wIdeal := math.Sqrt(12*sigma*sigma/n + 1)
	wl := int(math.Floor(wIdeal))
	if wl%2 == 0 {
		wl--
	}
	wu := wl + 2
	mIdeal := (12*sigma*sigma - float64(n*wl*wl) - float64(4*n*wl) - 3*n) / float64(-4*wl-4)
	m := int(math.Round(mIdeal))
	var s [3]int
	for i := range s {
		if i < m {
			s[i] = wl
		} else {
			s[i] = wu
		}
	}
	return s
}

// blurAlpha blurs an alpha mask in place with a Gaussian of standard deviation sigma pixels.
func blurAlpha(a *image.Alpha, sigma float64) {
	if sigma < 0.3 || a.Rect.Empty() {
		return
	}
	w, h := a.Rect.Dx(), a.Rect.Dy()
	tmp := make([]uint8, max(w, h))
	sums := make([]uint32, w)
	for _, size := range boxSizes(sigma) {
		r := (size - 1) / 2
		if r < 1 {
			continue
		}
		for y := 0; y < h; y++ {
			row := a.Pix[y*a.Stride : y*a.Stride+w]
			boxRow(row, tmp[:w], r, 1)
		}
		boxColumns(a.Pix, a.Stride, w, h, r, 1, sums)
	}
}

// boxRow blurs one row of n-byte pixels in place with a box of radius r (edges count as 0:
// a shadow fades out beyond its mask, which has room for it).
func boxRow(row, tmp []uint8, r, n int) {
	w := len(row) / n
	copy(tmp, row)
	div := uint32(2*r + 1)
	for c := 0; c < n; c++ {
		var sum uint32
		for x := 0; x <= r && x < w; x++ {
			sum += uint32(tmp[x*n+c])
		}
		for x := 0; x < w; x++ {
			row[x*n+c] = uint8((sum + div/2) / div)
			if x+r+1 < w {
				sum += uint32(tmp[(x+r+1)*n+c])
			}
			if x-r >= 0 {
				sum -= uint32(tmp[(x-r)*n+c])
			}
		}
	}
}

// boxColumns blurs all columns of a w × h bitmap of n-byte pixels in place, sweeping rows so
// that memory is read in order.
func boxColumns(pix []uint8, stride, w, h, r, n int, sums []uint32) {
	cols := w * n
	if cap(sums) < cols {
		sums = make([]uint32, cols)
	}
	sums = sums[:cols]
	clear(sums)
	div := uint32(2*r + 1)
	// A ring of the r+1 source rows the output still needs (rows are overwritten in place).
	ring := make([]uint8, (r+1)*cols)
	for y := 0; y <= r && y < h; y++ {
		row := pix[y*stride : y*stride+cols]
		for i, v := range row {
			sums[i] += uint32(v)
		}
	}
	for y := 0; y < h; y++ {
		row := pix[y*stride : y*stride+cols]
		slot := ring[(y%(r+1))*cols : (y%(r+1)+1)*cols]
		copy(slot, row) // keep source row y before overwriting it
		for i := range row {
			row[i] = uint8((sums[i] + div/2) / div)
		}
		if y+r+1 < h {
			for i, v := range pix[(y+r+1)*stride : (y+r+1)*stride+cols] {
				sums[i] += uint32(v)
			}
		}
		if y-r >= 0 {
			old := ring[((y-r)%(r+1))*cols : ((y-r)%(r+1)+1)*cols]
			for i, v := range old {
				sums[i] -= uint32(v)
			}
		}
	}
}

// blurRGBA blurs a premultiplied bitmap in place (the image blur filter). Edges are clamped,
// so a photo's border does not darken.
func blurRGBA(img *image.RGBA, sigma float64) {
	if sigma < 0.3 || img.Rect.Empty() {
		return
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for _, size := range boxSizes(sigma) {
		r := (size - 1) / 2
		if r < 1 {
			continue
		}
		rowClamped(img.Pix, img.Stride, w, h, r)
		colClamped(img.Pix, img.Stride, w, h, r)
	}
}

// rowClamped box-blurs every row of 4-byte pixels, edge pixels repeated beyond the edges.
func rowClamped(pix []uint8, stride, w, h, r int) {
	tmp := make([]uint8, w*4)
	div := uint32(2*r + 1)
	for y := 0; y < h; y++ {
		row := pix[y*stride : y*stride+w*4]
		copy(tmp, row)
		for c := 0; c < 4; c++ {
			var sum uint32
			for k := -r; k <= r; k++ {
				sum += uint32(tmp[max(0, min(k, w-1))*4+c])
			}
			for x := 0; x < w; x++ {
				row[x*4+c] = uint8((sum + div/2) / div)
				sum += uint32(tmp[min(x+r+1, w-1)*4+c])
				sum -= uint32(tmp[max(x-r, 0)*4+c])
			}
		}
	}
}

// colClamped box-blurs every column, edge rows repeated beyond the edges.
func colClamped(pix []uint8, stride, w, h, r int) {
	cols := w * 4
	src := make([]uint8, h*cols)
	for y := 0; y < h; y++ {
		copy(src[y*cols:(y+1)*cols], pix[y*stride:y*stride+cols])
	}
	sums := make([]uint32, cols)
	div := uint32(2*r + 1)
	rowAt := func(y int) []uint8 {
		y = max(0, min(y, h-1))
		return src[y*cols : (y+1)*cols]
	}
	for k := -r; k <= r; k++ {
		for i, v := range rowAt(k) {
			sums[i] += uint32(v)
		}
	}
	for y := 0; y < h; y++ {
		row := pix[y*stride : y*stride+cols]
		for i := range row {
			row[i] = uint8((sums[i] + div/2) / div)
		}
		add, sub := rowAt(y+r+1), rowAt(y-r)
		for i := range sums {
			sums[i] += uint32(add[i])
			sums[i] -= uint32(sub[i])
		}
	}
}
