package raster

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"
	"slices"

	"affiche/renderer/geom"
	"affiche/scene"
)

// coverage turns polygons (flattened paths, in page pixels) into anti-aliased coverage, one
// row at a time. It computes the exact area of each pixel inside the polygon by signed-area
// accumulation (each edge adds, per pixel row, the area to its right; a running sum along the
// row gives the winding-weighted coverage), the method of font-rs and x/image/vector, written
// here because we need both fill rules (SVG icons use even-odd), clipping to any rectangle,
// and memory bounded by a band of rows instead of the whole page: x/image/vector (and rasterx's
// scanner built on it) accumulates over the full destination for every path, which costs
// 35 MB and a full-page pass per shape at 300 dpi.
type coverage struct {
	segs                   []segment
	minX, minY, maxX, maxY float32
	sx, sy, cx, cy         float32
	open                   bool
	sorted                 bool // segs are in order of ymin
}

// scratch holds the buffers coverage.render needs, reused from one path to the next.
type scratch struct {
	acc    []float32
	cov    []uint8
	rowMin []int32
	rowMax []int32
	active []int32
	colors []color.RGBA // paint.shade output
	pixels []uint8      // imagePaint.shadeBytes output
}

type segment struct {
	x0, y0, x1, y1 float32
	ymin, ymax     float32
}

func newCoverage() *coverage {
	c := &coverage{}
	c.reset()
	return c
}

func (c *coverage) reset() {
	c.segs = c.segs[:0]
	c.minX, c.minY = math.MaxFloat32, math.MaxFloat32
	c.maxX, c.maxY = -math.MaxFloat32, -math.MaxFloat32
	c.open = false
	c.sorted = false
}

func (c *coverage) empty() bool { return len(c.segs) == 0 }

// bounds returns the integer pixel rectangle that holds every edge.
func (c *coverage) bounds() image.Rectangle {
	if len(c.segs) == 0 {
		return image.Rectangle{}
	}
	return image.Rect(floorInt(c.minX), floorInt(c.minY), ceilInt(c.maxX), ceilInt(c.maxY))
}

// Coordinates beyond ±limit pixels are clamped: far outside any bitmap, and small enough for
// float32 and the fixed-point stroker.
const limit = 1 << 24

func clampCoord(v float64) float32 {
	if v != v { // NaN
		return 0
	}
	if v > limit {
		return limit
	}
	if v < -limit {
		return -limit
	}
	return float32(v)
}

// moveTo starts a new subpath without closing the previous one: rasterx's stroker emits its
// outlines as open pieces that only together form closed contours (signed-area accumulation
// is additive, so their order does not matter). Fills close their subpaths explicitly.
func (c *coverage) moveTo(x, y float64) {
	c.sx, c.sy = clampCoord(x), clampCoord(y)
	c.cx, c.cy = c.sx, c.sy
	c.open = true
}

func (c *coverage) lineTo(x, y float64) {
	if !c.open {
		c.moveTo(x, y)
		return
	}
	nx, ny := clampCoord(x), clampCoord(y)
	c.edge(c.cx, c.cy, nx, ny)
	c.cx, c.cy = nx, ny
}

// closePath closes the current subpath with a straight edge back to its start.
func (c *coverage) closePath() {
	if c.open {
		c.edge(c.cx, c.cy, c.sx, c.sy)
		c.cx, c.cy = c.sx, c.sy
	}
	c.open = false
}

func (c *coverage) edge(x0, y0, x1, y1 float32) {
	c.minX = min(c.minX, x0, x1)
	c.maxX = max(c.maxX, x0, x1)
	c.minY = min(c.minY, y0, y1)
	c.maxY = max(c.maxY, y0, y1)
	if y0 == y1 {
		return // horizontal edges add no area (they still count for the bounds)
	}
	c.segs = append(c.segs, segment{x0, y0, x1, y1, min(y0, y1), max(y0, y1)})
	c.sorted = false
}

// sort puts the edges in order of their top, as rendering several bands needs; render calls
// it, and so must a caller before rendering one coverage on several goroutines (render then
// only reads it).
func (c *coverage) sort() {
	if c.sorted {
		return
	}
	slices.SortFunc(c.segs, func(a, b segment) int {
		switch {
		case a.ymin < b.ymin:
			return -1
		case a.ymin > b.ymin:
			return 1
		}
		return 0
	})
	c.sorted = true
}

// addPath adds a path mapped by m, its curves flattened to within 0.1 pixel.
func (c *coverage) addPath(p *geom.Path, m scene.Affine) {
	p.Flatten(flattenTolerance(m), func(op geom.Op, x, y float64) {
		switch op {
		case geom.MoveTo:
			c.closePath()
			c.moveTo(m.Apply(x, y))
		case geom.LineTo:
			c.lineTo(m.Apply(x, y))
		case geom.Close:
			c.closePath()
		}
	})
	c.closePath()
}

// flattenTolerance converts a 0.1 pixel tolerance into the path's own units under m.
func flattenTolerance(m scene.Affine) float64 {
	s := math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
	if !(s > 1e-9) || math.IsInf(s, 0) {
		return 0.1
	}
	return 0.1 / s
}

// bandBytes bounds the accumulation buffer.
const bandBytes = 256 << 10

// render computes the coverage of the polygon inside clip and calls emit for each row that
// may have coverage, with cov[i] the coverage (0–255) of pixel (x0+i, y). cov is reused
// between calls. evenOdd selects the even-odd fill rule instead of non-zero.
func (c *coverage) render(clip image.Rectangle, evenOdd bool, sc *scratch, emit func(y, x0 int, cov []uint8)) {
	r := c.bounds().Intersect(clip)
	if r.Empty() || len(c.segs) == 0 {
		return
	}
	w := r.Dx()
	stride := w + 2
	band := bandBytes / 4 / stride
	band = max(1, min(band, r.Dy()))
	if cap(sc.acc) < stride*band {
		sc.acc = make([]float32, stride*band)
	}
	acc := sc.acc[:stride*band]
	clear(acc)
	if cap(sc.cov) < w {
		sc.cov = make([]uint8, w)
	}
	cov := sc.cov[:w]
	if cap(sc.rowMin) < band {
		sc.rowMin, sc.rowMax = make([]int32, band), make([]int32, band)
	}
	rowMin, rowMax := sc.rowMin[:band], sc.rowMax[:band]

	// One band (glyphs, small shapes) needs no sorting: every edge is active at once.
	sorted := r.Dy() > band
	if sorted {
		c.sort()
	}
	next := 0
	active := sc.active[:0]
	ox := float32(r.Min.X)
	for by := r.Min.Y; by < r.Max.Y; by += band {
		bh := min(band, r.Max.Y-by)
		top, bot := float32(by), float32(by+bh)
		for next < len(c.segs) && (!sorted || c.segs[next].ymin < bot) {
			active = append(active, int32(next))
			next++
		}
		for i := range bh {
			rowMin[i], rowMax[i] = math.MaxInt32, -1
		}
		k := 0
		for _, si := range active {
			s := &c.segs[si]
			if s.ymax <= top {
				continue // finished: drop it
			}
			active[k] = si
			k++
			accumulate(acc, stride, w, bh, rowMin, rowMax,
				s.x0-ox, s.y0-top, s.x1-ox, s.y1-top)
		}
		active = active[:k]
		for i := range bh {
			row := acc[i*stride : i*stride+stride]
			lo, hi := int(rowMin[i]), int(rowMax[i])
			if hi < 0 {
				continue
			}
			// Beyond the last touched column the sum stays constant: emit up to there, then
			// the rest only if it is covered (a shape wider than the clip).
			var s float32
			if evenOdd {
				for x := lo; x <= hi && x < w; x++ {
					s += row[x]
					cov[x] = toCoverage(s, true)
				}
			} else { // non-zero, inlined: this loop runs for every pixel of every fill
				last := min(hi+1, w)
				for x := lo; x < last; x++ {
					if row[x] == 0 && x > lo {
						// No edge here: the sum, so the coverage, stays that of the pixel
						// before for the whole run (the inside of a large shape).
						e := x + 1
						for e < last && row[e] == 0 {
							e++
						}
						fillBytes(cov[x:e], cov[x-1])
						x = e - 1
						continue
					}
					s += row[x]
					a := s
					if a < 0 {
						a = -a
					}
					if a > 1 {
						a = 1
					}
					cov[x] = uint8(a*255 + 0.5)
				}
			}
			end := min(hi+1, w)
			if tail := toCoverage(s, evenOdd); tail != 0 && end < w {
				fillBytes(cov[end:w], tail)
				end = w
			}
			if end > lo {
				emit(by+i, r.Min.X+lo, cov[lo:end])
			}
			clear(row[lo : hi+1])
		}
	}
	sc.active = active
}

func toCoverage(s float32, evenOdd bool) uint8 {
	if s < 0 {
		s = -s
	}
	if evenOdd {
		s = float32(math.Mod(float64(s), 2))
		if s > 1 {
			s = 2 - s
		}
	} else if s > 1 {
		s = 1
	}
	return uint8(s*255 + 0.5)
}

// accumulate adds the signed area of edge (x0,y0)→(x1,y1), in band coordinates, to acc.
// Edges left of column 0 count fully for column 0; edges right of the band count for nothing.
// It works in float64: a nearly horizontal edge has a huge slope, whose products would
// overflow float32.
func accumulate(acc []float32, stride, w, h int, rowMin, rowMax []int32, fx0, fy0, fx1, fy1 float32) {
	x0, y0, x1, y1 := float64(fx0), float64(fy0), float64(fx1), float64(fy1)
	dir := 1.0
	if y0 > y1 {
		x0, y0, x1, y1 = x1, y1, x0, y0
		dir = -1
	}
	fh := float64(h)
	if !(y1 > 0) || y0 >= fh || !(y1 > y0) {
		return
	}
	dxdy := (x1 - x0) / (y1 - y0)
	ytop, ybot := max(y0, 0), min(y1, fh)
	fw := float64(w)
	for y := int(ytop); y < h && float64(y) < ybot; y++ {
		ya := max(float64(y), ytop)
		yb := min(float64(y+1), ybot)
		d := (yb - ya) * dir
		// x where the edge enters and leaves the row, computed from the nearer end point.
		xa, xb := x0+(ya-y0)*dxdy, x0+(yb-y0)*dxdy
		if ya == y0 {
			xa = x0
		}
		if yb == y1 {
			xb = x1
		}
		if xa > xb {
			xa, xb = xb, xa
		}
		if !(xa == xa) || !(xb == xb) { // NaN: cannot happen with finite input; stay safe
			continue
		}
		row := acc[y*stride : y*stride+stride]
		lo, hi := 0, 0
		switch {
		case xb <= 0:
			row[0] += float32(d)
		case xa >= fw:
			continue
		case xb-xa < 1e-9:
			ia := min(int(xa), w-1)
			f := min(xa-float64(ia), 1)
			row[ia] += float32(d * (1 - f))
			row[ia+1] += float32(d * f)
			lo, hi = ia, ia+1
		default:
			slope := d / (xb - xa)
			if xa < 0 { // the part left of the band covers column 0 fully
				row[0] += float32(slope * (0 - xa))
				xa = 0
			}
			ia := int(xa)
			ib := int(min(xb, fw))
			lo = ia
			for col := ia; col <= ib && col < w; col++ {
				l := max(xa, float64(col))
				r := min(xb, float64(col+1))
				dh := slope * (r - l)
				f := (l+r)/2 - float64(col)
				row[col] += float32(dh * (1 - f))
				row[col+1] += float32(dh * f)
				hi = col + 1
			}
		}
		if int32(lo) < rowMin[y] {
			rowMin[y] = int32(lo)
		}
		if int32(hi) > rowMax[y] {
			rowMax[y] = int32(hi)
		}
	}
}

// fillBytes sets every byte of b to c, eight at a time.
func fillBytes(b []uint8, c uint8) {
	if c == 0 {
		clear(b)
		return
	}
	v := uint64(c) * 0x0101010101010101
	for len(b) >= 8 {
		binary.LittleEndian.PutUint64(b, v)
		b = b[8:]
	}
	for i := range b {
		b[i] = c
	}
}

func floorInt(v float32) int { return int(math.Floor(float64(v))) }

func ceilInt(v float32) int { return int(math.Ceil(float64(v))) }
