package scene

import "math"

// Affine is a 2-D affine transform [a b c d e f] mapping (x, y) to (a·x + c·y + e, b·x + d·y + f)
// — the same order as PDF's and canvas's transform matrices.
type Affine [6]float64

// Identity is the transform that changes nothing.
var Identity = Affine{1, 0, 0, 1, 0, 0}

// Translate returns a translation.
func Translate(x, y float64) Affine { return Affine{1, 0, 0, 1, x, y} }

// Scale returns a scaling about the origin.
func Scale(sx, sy float64) Affine { return Affine{sx, 0, 0, sy, 0, 0} }

// Rotate returns a clockwise rotation (y points down) by deg degrees about the origin.
func Rotate(deg float64) Affine {
	s, c := math.Sincos(deg * math.Pi / 180)
	return Affine{c, s, -s, c, 0, 0}
}

// Mul returns the transform that applies n first, then m.
func (m Affine) Mul(n Affine) Affine {
	return Affine{
		m[0]*n[0] + m[2]*n[1],
		m[1]*n[0] + m[3]*n[1],
		m[0]*n[2] + m[2]*n[3],
		m[1]*n[2] + m[3]*n[3],
		m[0]*n[4] + m[2]*n[5] + m[4],
		m[1]*n[4] + m[3]*n[5] + m[5],
	}
}

// Apply maps a point.
func (m Affine) Apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// Invert returns the inverse transform; ok is false when m is singular.
func (m Affine) Invert() (inv Affine, ok bool) {
	det := m[0]*m[3] - m[1]*m[2]
	if det == 0 || math.IsNaN(det) {
		return Identity, false
	}
	return Affine{
		m[3] / det, -m[1] / det, -m[2] / det, m[0] / det,
		(m[2]*m[5] - m[3]*m[4]) / det,
		(m[1]*m[4] - m[0]*m[5]) / det,
	}, true
}

// IsAxisAligned reports whether m maps axis-aligned rectangles to axis-aligned rectangles with
// no mirroring (only translation and positive scaling) — the case renderers draw with a fast blit.
func (m Affine) IsAxisAligned() bool {
	return m[1] == 0 && m[2] == 0 && m[0] > 0 && m[3] > 0
}

// Transform maps the element's local box coordinates (0..Width, 0..Height) to page coordinates:
// flips and rotation about the box centre, then placement at X, Y.
func (e *Element) Transform() Affine {
	cx, cy := e.Width/2, e.Height/2
	m := Translate(e.X+cx, e.Y+cy)
	if e.Rotation != 0 {
		m = m.Mul(Rotate(e.Rotation))
	}
	if e.FlipX || e.FlipY {
		sx, sy := 1.0, 1.0
		if e.FlipX {
			sx = -1
		}
		if e.FlipY {
			sy = -1
		}
		m = m.Mul(Scale(sx, sy))
	}
	return m.Mul(Translate(-cx, -cy))
}

// Corners returns the four corners of the element's box in page coordinates
// (top-left, top-right, bottom-right, bottom-left before rotation).
func (e *Element) Corners() [4][2]float64 {
	m := e.Transform()
	if e.FlipX || e.FlipY { // corners of the box, not of the mirrored content
		m = Translate(e.X+e.Width/2, e.Y+e.Height/2).Mul(Rotate(e.Rotation)).Mul(Translate(-e.Width/2, -e.Height/2))
	}
	var c [4][2]float64
	for i, p := range [4][2]float64{{0, 0}, {e.Width, 0}, {e.Width, e.Height}, {0, e.Height}} {
		c[i][0], c[i][1] = m.Apply(p[0], p[1])
	}
	return c
}

// Bounds returns the axis-aligned bounding box of the element's rotated box in page
// coordinates (strokes, shadows and line heads not included). A group's bounds are its children's.
func (e *Element) Bounds() Rect {
	if e.Type == TypeGroup && len(e.Children) > 0 {
		return UnionBounds(e.Children)
	}
	c := e.Corners()
	minX, minY, maxX, maxY := c[0][0], c[0][1], c[0][0], c[0][1]
	for _, p := range c[1:] {
		minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
		minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
	}
	return Rect{X: minX, Y: minY, Width: maxX - minX, Height: maxY - minY}
}

// UnionBounds returns the bounding box of several elements (zero Rect for none).
func UnionBounds(els []*Element) Rect {
	first := true
	var r Rect
	for _, e := range els {
		b := e.Bounds()
		if first {
			r, first = b, false
			continue
		}
		r = r.Union(b)
	}
	return r
}

// Union returns the smallest rectangle containing r and o.
func (r Rect) Union(o Rect) Rect {
	minX, minY := math.Min(r.X, o.X), math.Min(r.Y, o.Y)
	maxX, maxY := math.Max(r.X+r.Width, o.X+o.Width), math.Max(r.Y+r.Height, o.Y+o.Height)
	return Rect{X: minX, Y: minY, Width: maxX - minX, Height: maxY - minY}
}

// Intersects reports whether r and o overlap (touching edges do not count).
func (r Rect) Intersects(o Rect) bool {
	return r.X < o.X+o.Width && o.X < r.X+r.Width && r.Y < o.Y+o.Height && o.Y < r.Y+r.Height
}

// Contains reports whether the point lies inside r (edges included).
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x <= r.X+r.Width && y >= r.Y && y <= r.Y+r.Height
}

// Inset returns r grown by d on every side (shrunk when d < 0).
func (r Rect) Inset(d float64) Rect {
	return Rect{X: r.X - d, Y: r.Y - d, Width: r.Width + 2*d, Height: r.Height + 2*d}
}

// UpdateGroupBounds sets the box of every group in els (recursively) to its children's bounds.
func UpdateGroupBounds(els []*Element) {
	for _, e := range els {
		if e.Type != TypeGroup {
			continue
		}
		UpdateGroupBounds(e.Children)
		if len(e.Children) > 0 {
			b := UnionBounds(e.Children)
			e.X, e.Y, e.Width, e.Height, e.Rotation = b.X, b.Y, b.Width, b.Height, 0
		}
	}
}
