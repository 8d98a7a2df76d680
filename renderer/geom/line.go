package geom

import (
	"math"

	"affiche/scene"
)

// LineGeometry is what a line element draws, in its local box coordinates: the shaft to stroke
// (with the line's width, dash and cap) and the heads.
type LineGeometry struct {
	// Shaft runs along the middle of the box, shortened at each end that has a head so the
	// head's tip lands exactly on the end.
	Shaft *Path
	// Heads are the decorations at the start and the end.
	Heads []Head
}

// Head is one line head: a shape filled with the line's colour, or (the open arrow) a path
// stroked with the line's width, cap and join but never dashed.
type Head struct {
	Path *Path
	// Stroked is true for the open arrow; others are filled.
	Stroked bool
	// Join is the join to stroke an open arrow with ("miter" or "round").
	Join string
}

// HeadUnit returns the size unit line heads are drawn with for a stroke width: the width
// itself, but never less than 1.5 pt so that the heads of hairlines stay visible.
func HeadUnit(strokeWidth float64) float64 { return math.Max(strokeWidth, 1.5) }

// Head proportions, in HeadUnits.
const (
	triangleLength = 4.5 // along the line
	triangleHalf   = 2.5 // across it
	arrowArm       = 3.5 // length of each arm of the open chevron
	arrowAngle     = 38  // half-angle of the chevron, degrees
	circleRadius   = 2.0
	squareSide     = 3.5
	barHalf        = 2.75
)

// Line returns the geometry of a line element: from (0, H/2) to (Width, H/2) in its box.
func Line(e *scene.Element) LineGeometry {
	w := 1.0
	join, cap := "", ""
	if e.Stroke != nil {
		w, join, cap = e.Stroke.Width, e.Stroke.Join, e.Stroke.Cap
	}
	y := e.Height / 2
	return LineBetween(0, y, e.Width, y, w, e.StartHead, e.EndHead, join, cap)
}

// LineBetween returns the geometry of a line from (x0, y0) to (x1, y1) with the given stroke
// width, heads, join and cap of the shaft.
func LineBetween(x0, y0, x1, y1, width float64, start, end scene.LineHead, join, cap string) LineGeometry {
	var g LineGeometry
	dx, dy := x1-x0, y1-y0
	length := math.Hypot(dx, dy)
	ux, uy := 1.0, 0.0
	if length > 0 {
		ux, uy = dx/length, dy/length
	}
	u := HeadUnit(width)
	// Each head tells how far back from its end the shaft must stop.
	s0 := head(&g, x0, y0, -ux, -uy, width, u, start, join, cap)
	s1 := head(&g, x1, y1, ux, uy, width, u, end, join, cap)
	if s0+s1 > length { // too short for both heads: the shaft vanishes between them
		s0, s1 = length/2, length/2
	}
	g.Shaft = &Path{}
	g.Shaft.MoveTo(x0+ux*s0, y0+uy*s0)
	g.Shaft.LineTo(x1-ux*s1, y1-uy*s1)
	return g
}

// head appends the head of kind k whose tip is at (tx, ty), pointing along (ux, uy), and
// returns how much to shorten the shaft by. Filled heads are large enough to cover the shaft's
// end whatever its cap; the open arrow moves a square cap back so that it does not poke out.
func head(g *LineGeometry, tx, ty, ux, uy, w, u float64, k scene.LineHead, join, cap string) float64 {
	// at maps (along, across) head coordinates, along measured backwards from the tip.
	at := func(along, across float64) Point {
		return Point{tx - ux*along - uy*across, ty - uy*along + ux*across}
	}
	switch k {
	case scene.HeadTriangle:
		l, h := triangleLength*u, triangleHalf*u
		g.Heads = append(g.Heads, Head{Path: Polygon(at(0, 0), at(l, h), at(l, -h))})
		return l / 2
	case scene.HeadArrow:
		a := arrowAngle * math.Pi / 180
		// The stroke's outer edge must reach the tip: move the chevron's apex back by the
		// distance the join sticks out beyond it.
		back := w / 2 / math.Sin(a)
		if join == "round" {
			back = w / 2
		} else {
			join = "miter"
		}
		arm := arrowArm * u
		p := &Path{}
		l1 := at(back+arm*math.Cos(a), arm*math.Sin(a))
		tip := at(back, 0)
		l2 := at(back+arm*math.Cos(a), -arm*math.Sin(a))
		p.MoveTo(l1.X, l1.Y)
		p.LineTo(tip.X, tip.Y)
		p.LineTo(l2.X, l2.Y)
		g.Heads = append(g.Heads, Head{Path: p, Stroked: true, Join: join})
		if cap == "square" {
			return back + w/2
		}
		return back
	case scene.HeadCircle:
		r := circleRadius * u
		c := at(r, 0)
		g.Heads = append(g.Heads, Head{Path: Circle(c.X, c.Y, r)})
		return r
	case scene.HeadSquare:
		s := squareSide * u / 2
		g.Heads = append(g.Heads, Head{Path: Polygon(at(0, -s), at(0, s), at(2*s, s), at(2*s, -s))})
		return s
	case scene.HeadBar:
		h := barHalf * u
		g.Heads = append(g.Heads, Head{Path: Polygon(at(0, -h), at(0, h), at(w, h), at(w, -h))})
		return w / 2
	}
	return 0
}

// DashPattern returns a stroke's dash pattern in points (the scene stores it in multiples of
// the width): nil for a solid stroke. An odd-length pattern is repeated to make it even, as
// SVG and PDF do.
func DashPattern(s *scene.Stroke) []float64 {
	if s == nil || len(s.Dash) == 0 {
		return nil
	}
	w := s.Width
	if w <= 0 {
		return nil
	}
	total := 0.0
	out := make([]float64, 0, 2*len(s.Dash))
	for _, d := range s.Dash {
		if d < 0 || math.IsNaN(d) {
			return nil
		}
		out = append(out, d*w)
		total += d
	}
	if total <= 0 {
		return nil
	}
	if len(out)%2 == 1 {
		out = append(out, out...)
	}
	return out
}
