package pdf

import (
	"image/color"
	"math"
	"strconv"

	"affiche/renderer/geom"
	"affiche/scene"
)

// content is a PDF content stream being written: the operators of a page or of a form. All
// geometry is written in the coordinates current at that point (the page content starts with a
// transform to page points, y down, origin at the trim's top-left corner).
type content struct {
	b []byte
}

// num appends a number with at most 4 decimals, without trailing zeros (PDF readers accept
// no exponent notation).
func (c *content) num(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	v = math.Max(-3e7, math.Min(3e7, v))
	r := math.Round(v*10000) / 10000
	if r == 0 {
		c.b = append(c.b, '0', ' ')
		return
	}
	c.b = strconv.AppendFloat(c.b, r, 'f', -1, 64)
	c.b = append(c.b, ' ')
}

func (c *content) nums(vs ...float64) {
	for _, v := range vs {
		c.num(v)
	}
}

// op appends an operator and ends the line.
func (c *content) op(s string) {
	c.b = append(c.b, s...)
	c.b = append(c.b, '\n')
}

func (c *content) raw(s string) { c.b = append(c.b, s...) }

func (c *content) save()    { c.op("q") }
func (c *content) restore() { c.op("Q") }

// transform concatenates m to the current transform.
func (c *content) transform(m scene.Affine) {
	if m == scene.Identity {
		return
	}
	c.nums(m[0], m[1], m[2], m[3], m[4], m[5])
	c.op("cm")
}

func comp(v uint8) float64 { return float64(v) / 255 }

// fillColor sets the non-stroking colour (alpha is handled by graphics states).
func (c *content) fillColor(col color.NRGBA) {
	c.nums(comp(col.R), comp(col.G), comp(col.B))
	c.op("rg")
}

// strokeColor sets the stroking colour.
func (c *content) strokeColor(col color.NRGBA) {
	c.nums(comp(col.R), comp(col.G), comp(col.B))
	c.op("RG")
}

// path appends the path's segments (quadratic curves become cubic ones).
func (c *content) path(p *geom.Path) {
	if p == nil {
		return
	}
	var cx, cy, sx, sy float64
	started := false
	p.Walk(func(op geom.Op, pts []geom.Point) {
		if op != geom.MoveTo && op != geom.Close && !started {
			c.nums(pts[0].X, pts[0].Y)
			c.op("m")
			cx, cy, sx, sy, started = pts[0].X, pts[0].Y, pts[0].X, pts[0].Y, true
		}
		switch op {
		case geom.MoveTo:
			c.nums(pts[0].X, pts[0].Y)
			c.op("m")
			cx, cy, sx, sy, started = pts[0].X, pts[0].Y, pts[0].X, pts[0].Y, true
		case geom.LineTo:
			c.nums(pts[0].X, pts[0].Y)
			c.op("l")
			cx, cy = pts[0].X, pts[0].Y
		case geom.QuadTo:
			q, e := pts[0], pts[1]
			c.nums(cx+2.0/3*(q.X-cx), cy+2.0/3*(q.Y-cy), e.X+2.0/3*(q.X-e.X), e.Y+2.0/3*(q.Y-e.Y), e.X, e.Y)
			c.op("c")
			cx, cy = e.X, e.Y
		case geom.CubicTo:
			c.nums(pts[0].X, pts[0].Y, pts[1].X, pts[1].Y, pts[2].X, pts[2].Y)
			c.op("c")
			cx, cy = pts[2].X, pts[2].Y
		case geom.Close:
			if started {
				c.op("h")
				cx, cy = sx, sy
			}
		}
	})
}

// pathTransformed appends p with every point mapped by m (for paths whose transform must not
// also scale the stroke, e.g. glyph outlines in font units).
func (c *content) pathTransformed(p *geom.Path, m scene.Affine) {
	if p == nil || p.Empty() {
		return
	}
	c.path(p.Transformed(m))
}

// rect appends a rectangle subpath.
func (c *content) rect(r scene.Rect) {
	c.nums(r.X, r.Y, r.Width, r.Height)
	c.op("re")
}

// clip makes the current path the clip (non-zero) and ends it without painting.
func (c *content) clip(evenOdd bool) {
	if evenOdd {
		c.op("W* n")
	} else {
		c.op("W n")
	}
}

// fill paints the current path.
func (c *content) fill(evenOdd bool) {
	if evenOdd {
		c.op("f*")
	} else {
		c.op("f")
	}
}

// strokeStyle sets width, cap, join and dashes of strokes (scene names; "" is the default:
// butt caps, miter joins with limit 10 as in canvas).
func (c *content) strokeStyle(width float64, cap, join string, dash []float64) {
	c.num(width)
	c.op("w")
	switch cap {
	case "round":
		c.op("1 J")
	case "square":
		c.op("2 J")
	default:
		c.op("0 J")
	}
	switch join {
	case "round":
		c.op("1 j")
	case "bevel":
		c.op("2 j")
	default:
		c.op("0 j 10 M")
	}
	c.raw("[")
	for _, d := range dash {
		c.num(d)
	}
	c.op("] 0 d")
}

// gs selects a named graphics state (an ExtGState in the shared resources).
func (c *content) gs(name string) {
	c.raw(name)
	c.op(" gs")
}

// do paints a named XObject.
func (c *content) do(name string) {
	c.raw(name)
	c.op(" Do")
}
