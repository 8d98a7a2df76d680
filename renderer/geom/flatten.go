package geom

import "math"

// maxSegments bounds the segments one curve is split into, whatever its size.
const maxSegments = 512

// Flatten walks the path with its curves replaced by straight segments that stay within tol of
// the curve: fn receives MoveTo, LineTo and Close commands only (x, y are unused for Close). A
// segment command before any MoveTo starts a subpath at its first point.
func (p *Path) Flatten(tol float64, fn func(op Op, x, y float64)) {
	if tol <= 0 {
		tol = 0.1
	}
	var cx, cy float64
	started := false
	p.Walk(func(op Op, pts []Point) {
		if op != MoveTo && op != Close && !started {
			fn(MoveTo, pts[0].X, pts[0].Y)
			cx, cy, started = pts[0].X, pts[0].Y, true
		}
		switch op {
		case MoveTo:
			fn(MoveTo, pts[0].X, pts[0].Y)
			cx, cy, started = pts[0].X, pts[0].Y, true
		case LineTo:
			fn(LineTo, pts[0].X, pts[0].Y)
			cx, cy = pts[0].X, pts[0].Y
		case QuadTo:
			// Wang's formula: n = √(d(d−1)/8 · L / tol) with L the largest second difference.
			l := math.Hypot(cx-2*pts[0].X+pts[1].X, cy-2*pts[0].Y+pts[1].Y)
			n := segments(math.Sqrt(0.25 * l / tol))
			for i := 1; i < n; i++ {
				t := float64(i) / float64(n)
				mt := 1 - t
				fn(LineTo, mt*mt*cx+2*mt*t*pts[0].X+t*t*pts[1].X, mt*mt*cy+2*mt*t*pts[0].Y+t*t*pts[1].Y)
			}
			fn(LineTo, pts[1].X, pts[1].Y)
			cx, cy = pts[1].X, pts[1].Y
		case CubicTo:
			l := math.Max(
				math.Hypot(cx-2*pts[0].X+pts[1].X, cy-2*pts[0].Y+pts[1].Y),
				math.Hypot(pts[0].X-2*pts[1].X+pts[2].X, pts[0].Y-2*pts[1].Y+pts[2].Y))
			n := segments(math.Sqrt(0.75 * l / tol))
			for i := 1; i < n; i++ {
				t := float64(i) / float64(n)
				mt := 1 - t
				a, b, c, d := mt*mt*mt, 3*mt*mt*t, 3*mt*t*t, t*t*t
				fn(LineTo, a*cx+b*pts[0].X+c*pts[1].X+d*pts[2].X, a*cy+b*pts[0].Y+c*pts[1].Y+d*pts[2].Y)
			}
			fn(LineTo, pts[2].X, pts[2].Y)
			cx, cy = pts[2].X, pts[2].Y
		case Close:
			if started {
				fn(Close, cx, cy)
			}
		}
	})
}

func segments(f float64) int {
	if !(f > 1) { // also NaN
		return 1
	}
	if f >= maxSegments {
		return maxSegments
	}
	return int(math.Ceil(f))
}
