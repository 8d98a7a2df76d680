// Package geom builds the vector geometry every backend draws: paths for each shape kind, line
// heads, rounded rectangles, SVG path data and glyph outlines. Computing geometry once here is
// what keeps the raster and PDF outputs identical.
package geom

import (
	"math"

	"affiche/scene"
)

// Op is one path command.
type Op uint8

// The path commands. Each consumes a fixed number of points: MoveTo and LineTo 1, QuadTo 2,
// CubicTo 3, Close 0.
const (
	MoveTo Op = iota
	LineTo
	QuadTo
	CubicTo
	Close
)

// Point is a 2-D point.
type Point struct{ X, Y float64 }

// Path is a sequence of subpaths in some coordinate space (points, unless said otherwise).
// The zero value is an empty path ready to use.
type Path struct {
	Ops []Op
	Pts []Point
}

// MoveTo starts a new subpath.
func (p *Path) MoveTo(x, y float64) {
	p.Ops = append(p.Ops, MoveTo)
	p.Pts = append(p.Pts, Point{x, y})
}

// LineTo adds a straight segment.
func (p *Path) LineTo(x, y float64) {
	p.Ops = append(p.Ops, LineTo)
	p.Pts = append(p.Pts, Point{x, y})
}

// QuadTo adds a quadratic Bézier segment.
func (p *Path) QuadTo(cx, cy, x, y float64) {
	p.Ops = append(p.Ops, QuadTo)
	p.Pts = append(p.Pts, Point{cx, cy}, Point{x, y})
}

// CubicTo adds a cubic Bézier segment.
func (p *Path) CubicTo(c1x, c1y, c2x, c2y, x, y float64) {
	p.Ops = append(p.Ops, CubicTo)
	p.Pts = append(p.Pts, Point{c1x, c1y}, Point{c2x, c2y}, Point{x, y})
}

// Close closes the current subpath.
func (p *Path) Close() { p.Ops = append(p.Ops, Close) }

// Empty reports whether the path has no commands.
func (p *Path) Empty() bool { return p == nil || len(p.Ops) == 0 }

// Append adds all of q's subpaths to p.
func (p *Path) Append(q *Path) {
	p.Ops = append(p.Ops, q.Ops...)
	p.Pts = append(p.Pts, q.Pts...)
}

// Transformed returns a copy of p with every point mapped by m.
func (p *Path) Transformed(m scene.Affine) *Path {
	q := &Path{Ops: append([]Op(nil), p.Ops...), Pts: make([]Point, len(p.Pts))}
	for i, pt := range p.Pts {
		q.Pts[i].X, q.Pts[i].Y = m.Apply(pt.X, pt.Y)
	}
	return q
}

// Walk calls fn for each command with its points (a slice into the path: do not keep it).
func (p *Path) Walk(fn func(op Op, pts []Point)) {
	i := 0
	for _, op := range p.Ops {
		n := op.NumPoints()
		fn(op, p.Pts[i:i+n])
		i += n
	}
}

// NumPoints returns how many points the command consumes.
func (op Op) NumPoints() int {
	switch op {
	case MoveTo, LineTo:
		return 1
	case QuadTo:
		return 2
	case CubicTo:
		return 3
	}
	return 0
}

// Bounds returns the bounding box of the path's points (control points included, so it may
// be slightly larger than the curve itself).
func (p *Path) Bounds() scene.Rect {
	if len(p.Pts) == 0 {
		return scene.Rect{}
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, pt := range p.Pts {
		minX, maxX = math.Min(minX, pt.X), math.Max(maxX, pt.X)
		minY, maxY = math.Min(minY, pt.Y), math.Max(maxY, pt.Y)
	}
	return scene.Rect{X: minX, Y: minY, Width: maxX - minX, Height: maxY - minY}
}
