package geom

import (
	"fmt"
	"math"

	"affiche/scene"
)

// kappa is the distance of a cubic Bézier's control points from the ends of a quarter circle
// of radius 1 (4/3·(√2−1)); the error of the approximation is 0.027 % of the radius.
const kappa = 0.5522847498307936

// Rect returns the path of an axis-aligned rectangle, clockwise (y down).
func Rect(x, y, w, h float64) *Path {
	p := &Path{}
	p.MoveTo(x, y)
	p.LineTo(x+w, y)
	p.LineTo(x+w, y+h)
	p.LineTo(x, y+h)
	p.Close()
	return p
}

// RoundedRect returns the path of a rectangle whose corners are quarter circles of radius r,
// clockwise. r is clamped to half the shorter side (r ≤ 0 gives a plain rectangle), so a square
// with a huge radius becomes a circle, as designers expect.
func RoundedRect(x, y, w, h, r float64) *Path {
	r = ClampRadius(w, h, r)
	if r <= 0 {
		return Rect(x, y, w, h)
	}
	k := r * kappa
	p := &Path{}
	p.MoveTo(x+r, y)
	p.LineTo(x+w-r, y)
	p.CubicTo(x+w-r+k, y, x+w, y+r-k, x+w, y+r)
	p.LineTo(x+w, y+h-r)
	p.CubicTo(x+w, y+h-r+k, x+w-r+k, y+h, x+w-r, y+h)
	p.LineTo(x+r, y+h)
	p.CubicTo(x+r-k, y+h, x, y+h-r+k, x, y+h-r)
	p.LineTo(x, y+r)
	p.CubicTo(x, y+r-k, x+r-k, y, x+r, y)
	p.Close()
	return p
}

// ClampRadius limits a corner radius to what a w × h rectangle can hold (half its shorter
// side), and negative or NaN radii to 0.
func ClampRadius(w, h, r float64) float64 {
	m := math.Min(math.Abs(w), math.Abs(h)) / 2
	if !(r > 0) {
		return 0
	}
	return math.Min(r, m)
}

// Ellipse returns the path of the ellipse inscribed in the box, clockwise from the top.
func Ellipse(x, y, w, h float64) *Path {
	rx, ry := w/2, h/2
	cx, cy := x+rx, y+ry
	kx, ky := rx*kappa, ry*kappa
	p := &Path{}
	p.MoveTo(cx, y)
	p.CubicTo(cx+kx, y, x+w, cy-ky, x+w, cy)
	p.CubicTo(x+w, cy+ky, cx+kx, y+h, cx, y+h)
	p.CubicTo(cx-kx, y+h, x, cy+ky, x, cy)
	p.CubicTo(x, cy-ky, cx-kx, y, cx, y)
	p.Close()
	return p
}

// Circle returns the path of a circle.
func Circle(cx, cy, r float64) *Path { return Ellipse(cx-r, cy-r, 2*r, 2*r) }

// Polygon returns the closed path through the given points.
func Polygon(pts ...Point) *Path {
	p := &Path{}
	for i, pt := range pts {
		if i == 0 {
			p.MoveTo(pt.X, pt.Y)
		} else {
			p.LineTo(pt.X, pt.Y)
		}
	}
	if len(pts) > 0 {
		p.Close()
	}
	return p
}

// RegularPolygon returns a regular polygon with n sides, one vertex at the top, stretched so
// that its vertices touch all four sides of the box (a hexagon fills its selection frame).
func RegularPolygon(w, h float64, n int) *Path {
	if n < 3 {
		n = 3
	}
	pts := make([]Point, n)
	for i := range pts {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		pts[i] = Point{math.Cos(a), math.Sin(a)}
	}
	return Polygon(fitPoints(pts, w, h)...)
}

// Star returns a star with n points whose inner vertices lie at inner × the outer radius, one
// point at the top, stretched like RegularPolygon to touch the box's sides.
func Star(w, h float64, n int, inner float64) *Path {
	if n < 3 {
		n = 3
	}
	pts := make([]Point, 2*n)
	for i := range pts {
		a := -math.Pi/2 + math.Pi*float64(i)/float64(n)
		r := 1.0
		if i%2 == 1 {
			r = inner
		}
		pts[i] = Point{r * math.Cos(a), r * math.Sin(a)}
	}
	return Polygon(fitPoints(pts, w, h)...)
}

// fitPoints maps points so that their bounding box becomes (0, 0, w, h).
func fitPoints(pts []Point, w, h float64) []Point {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		minX, maxX = math.Min(minX, p.X), math.Max(maxX, p.X)
		minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
	}
	sx, sy := w/(maxX-minX), h/(maxY-minY)
	out := make([]Point, len(pts))
	for i, p := range pts {
		out[i] = Point{(p.X - minX) * sx, (p.Y - minY) * sy}
	}
	return out
}

// Triangle returns the isosceles triangle with its apex at the top centre of the box.
func Triangle(w, h float64) *Path {
	return Polygon(Point{w / 2, 0}, Point{w, h}, Point{0, h})
}

// BlockArrow returns a block arrow pointing right that fills the box: a shaft of thickness
// shaft × h (centred) and a head as long as half the height (at most the whole width).
func BlockArrow(w, h, shaft float64) *Path {
	head := math.Min(h/2, w)
	t := math.Max(0, math.Min(1, shaft)) * h
	top, bot := (h-t)/2, (h+t)/2
	return Polygon(
		Point{0, top}, Point{w - head, top}, Point{w - head, 0}, Point{w, h / 2},
		Point{w - head, h}, Point{w - head, bot}, Point{0, bot},
	)
}

// ShapePath returns the outline of a shape element in its local box coordinates
// (0..Width × 0..Height, y down, before rotation and flips). For shape "path" a malformed
// path data gives the part parsed before the error, and the error.
func ShapePath(e *scene.Element) (*Path, error) {
	w, h := e.Width, e.Height
	switch e.Shape {
	case scene.ShapeRect, "":
		return RoundedRect(0, 0, w, h, e.CornerRadius), nil
	case scene.ShapeEllipse:
		return Ellipse(0, 0, w, h), nil
	case scene.ShapeTriangle:
		return Triangle(w, h), nil
	case scene.ShapePolygon:
		return RegularPolygon(w, h, orDefault(e.Sides, 6)), nil
	case scene.ShapeStar:
		inner := e.InnerRadius
		if inner <= 0 {
			inner = 0.5
		}
		return Star(w, h, orDefault(e.Sides, 5), inner), nil
	case scene.ShapeArrow:
		shaft := e.InnerRadius
		if shaft <= 0 {
			shaft = 0.4
		}
		return BlockArrow(w, h, shaft), nil
	case scene.ShapePath:
		p, err := ParseSVGPath(e.Path)
		vb := [4]float64{0, 0, w, h}
		if e.ViewBox != nil {
			vb = *e.ViewBox
		}
		if vb[2] > 0 && vb[3] > 0 {
			m := scene.Scale(w/vb[2], h/vb[3]).Mul(scene.Translate(-vb[0], -vb[1]))
			p = p.Transformed(m)
		}
		return p, err
	}
	return &Path{}, fmt.Errorf("unknown shape %q", e.Shape)
}

func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}
