package polotno

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"affiche/scene"
)

// figureDef is how Import draws one Polotno figure subType.
type figureDef struct {
	kind scene.ShapeKind
	path string // SVG path data in a 100 × 100 viewBox, stretched to the box (shape "path")
	// approx is true when the shape is only close to Polotno's (reported with a warning).
	approx bool
}

// rectPath is the path of the unit square, used for figures Affiche draws as rectangles.
const rectPath = "M0 0 L100 0 L100 100 L0 100 Z"

// The outlines below were written for Affiche from measurements of Polotno's rendered figures
// (polotno-node 2.15, each subtype drawn at 400 × 400 px): each is a path in a 100 × 100 box
// that Polotno and Affiche both stretch to the element's box. `go test -run Figures` with
// POLOTNO_FIGURES set compares them with such a rendering (see figures_test.go).
var figures = map[string]figureDef{
	"rect":     {kind: scene.ShapeRect},
	"circle":   {kind: scene.ShapeEllipse},
	"ellipse":  {kind: scene.ShapeEllipse},
	"triangle": {kind: scene.ShapeTriangle},
	"polygon":  {kind: scene.ShapePolygon}, // a hexagon touching all four sides

	"rightTriangle":   poly(0, 0, 100, 0, 0, 100),
	"diamond":         poly(50, 0, 100, 50, 50, 100, 0, 50),
	"pentagon":        regular(5),
	"hexagon":         regular(6),
	"star":            star(5, 0.5),
	"cross":           poly(35, 0, 65, 0, 65, 35, 100, 35, 100, 65, 65, 65, 65, 100, 35, 100, 35, 65, 0, 65, 0, 35, 35, 35),
	"rightArrow":      poly(0, 25, 60, 25, 60, 0, 100, 50, 60, 100, 60, 75, 0, 75),
	"leftArrow":       poly(100, 25, 40, 25, 40, 0, 0, 50, 40, 100, 40, 75, 100, 75),
	"upArrow":         poly(50, 0, 100, 40, 75, 40, 75, 100, 25, 100, 25, 40, 0, 40),
	"downArrow":       poly(25, 0, 75, 0, 75, 60, 100, 60, 50, 100, 0, 60, 25, 60),
	"bookmark":        poly(0, 0, 100, 0, 100, 100, 50, 60, 0, 100),
	"diamond2":        poly(23.5, 0, 76.5, 0, 100, 30, 50, 100, 0, 30),
	"frame":           poly(0, 0, 100, 0, 83.3, 50, 100, 100, 0, 100, 16.7, 50),
	"home":            poly(50, 0, 100, 31.5, 100, 100, 0, 100, 0, 31.5),
	"home2":           poly(50, 0, 100, 50, 85, 50, 85, 100, 15, 100, 15, 50, 0, 50),
	"house":           poly(50, 0, 100, 41.5, 100, 100, 0, 100, 0, 41.5),
	"lightning1":      poly(78, 0, 64, 44, 100, 44, 21.5, 100, 36, 56, 0, 56),
	"lightning2":      poly(34, 0, 100, 0, 56.4, 36.5, 85.8, 36.5, 4.7, 100, 28.3, 53.6, 0, 53.6),
	"orangeRicky":     poly(0, 0, 50, 0, 50, 66.67, 100, 66.67, 100, 100, 0, 100),
	"rhodeIsland":     poly(0, 0, 50, 0, 50, 33.33, 100, 33.33, 100, 100, 50, 100, 50, 66.67, 0, 66.67),
	"skewedRectangle": poly(30, 0, 100, 0, 70, 100, 0, 100),
	"stairs1":         poly(0, 0, 33.33, 0, 33.33, 33.33, 66.67, 33.33, 66.67, 66.67, 100, 66.67, 100, 100, 0, 100),
	"stairs2":         poly(0, 0, 25, 0, 25, 25, 50, 25, 50, 50, 75, 50, 75, 75, 100, 75, 100, 100, 0, 100),
	"teewee":          poly(33.33, 0, 66.67, 0, 66.67, 50, 100, 50, 100, 100, 0, 100, 0, 50, 33.33, 50),
	"asterisk2":       asterisk(6, 15),

	"speechBubble": curve(pb().m(10, 0).l(90, 0).arc(90, 10, 10, 10, -90, 0).l(100, 70).arc(90, 70, 10, 10, 0, 90).
		l(60, 80).l(50, 100).l(40, 80).l(10, 80).arc(10, 70, 10, 10, 90, 180).l(0, 10).arc(10, 10, 10, 10, 180, 270).z()),
	"arc":      curve(pb().m(0, 100).arc(50, 100, 50, 100, 180, 360).z()),
	"rainbow":  curve(pb().m(0, 100).arc(50, 100, 50, 100, 180, 360).l(66.67, 100).arc(50, 100, 16.67, 33.33, 0, -180).z()),
	"cylinder": curve(pb().m(0, 14).arc(50, 14, 50, 14, 180, 360).l(100, 86).arc(50, 86, 50, 14, 0, 180).z()),
	"door":     curve(pb().m(0, 33).arc(50, 33, 50, 33, 180, 360).l(100, 100).l(0, 100).z()),
	"butterfly": curve(pb().m(0, 0).arc(0, 50, 50, 50, -90, 90).z().
		m(100, 100).arc(100, 50, 50, 50, 90, 270).z()),
	"magnet": curve(pb().m(0, 0).l(50, 0).arc(50, 50, 50, 50, -90, 90).l(0, 100).l(0, 65.5).l(48, 65.5).
		arc(48, 50, 15.5, 15.5, 90, -90).l(0, 34.5).z()),
	"softStar": curve(pb().m(50, 0).c(55, 36, 64, 45, 100, 50).c(64, 55, 55, 64, 50, 100).
		c(45, 64, 36, 55, 0, 50).c(36, 45, 45, 36, 50, 0).z()),
	"softFlower": flower(4, 27, 25),
	"flower":     flower(6, 34, 14),
	"pillow":     curve(pb().m(0, 0).q(50, 24, 100, 0).l(100, 100).q(50, 76, 0, 100).z()),
	"shell": curve(pb().m(0, 55).arc(50, 55, 50, 55, 180, 360).arc(100, 85, 27, 30, 270, 180).l(73, 100).l(27, 100).
		l(27, 85).arc(0, 85, 27, 30, 0, -90).z()),
	"keyhole": curve(pb().m(0, 100).l(26, 50).l(24.5, 46.5).arc(50, 25, 50, 26, 139.5, 400.5).l(74, 50).l(100, 100).z()),
	"drop1":   curve(pb().m(50, 0).c(30, 20, 0, 40, 0, 65).arc(50, 65, 50, 35, 180, 0).c(100, 40, 70, 20, 50, 0).z()),
	"drop2":   curve(pb().m(50, 1).c(45, 20, 0, 40, 0, 70).arc(50, 70, 50, 30, 180, 0).c(100, 40, 55, 20, 50, 1).z()),
	"leaf":    curve(pb().m(100, 0).c(40, 0, 0, 40, 0, 100).c(60, 100, 100, 60, 100, 0).z()),
	"hourglass": curve(pb().m(0, 0).l(100, 0).c(100, 25, 75, 25, 75, 50).c(75, 75, 100, 75, 100, 100).l(0, 100).
		c(0, 75, 25, 75, 25, 50).c(25, 25, 0, 25, 0, 0).z()),
	"heart1": curve(pb().m(50, 20).c(50, 5, 38, 0, 25, 0).c(10, 0, 0, 12, 0, 27).c(0, 50, 30, 75, 50, 100).
		c(70, 75, 100, 50, 100, 27).c(100, 12, 90, 0, 75, 0).c(62, 0, 50, 5, 50, 20).z()),
	"shield1": curve(pb().m(50, 0).q(25, 15, 0, 15).c(0, 40, 0, 60, 5, 70).c(15, 85, 35, 92, 50, 100).
		c(65, 92, 85, 85, 95, 70).c(100, 60, 100, 40, 100, 15).q(75, 15, 50, 0).z()),
	"shield2": curve(pb().m(0, 6).q(50, -6, 100, 6).l(100, 50).c(100, 75, 75, 90, 50, 100).c(25, 90, 0, 75, 0, 50).z()),
	"flag": curve(pb().m(0, 10).c(15, -3, 45, -2, 70, 12).c(85, 18, 95, 12, 100, 8).l(100, 92).
		c(95, 96, 85, 101, 70, 98).c(45, 85, 15, 84, 0, 96).z()),
	"kiss": curve(pb().m(50, 12).c(44, 2, 40, 0, 35, 0).c(25, 0, 10, 25, 0, 45).c(10, 75, 30, 100, 50, 100).
		c(70, 100, 90, 75, 100, 45).c(90, 25, 75, 0, 65, 0).c(60, 0, 56, 2, 50, 12).z()),
	"mithosis": curve(pb().m(50, 8).c(40, -4, 0, -2, 0, 50).c(0, 102, 40, 104, 50, 92).c(60, 104, 100, 102, 100, 50).
		c(100, -2, 60, -4, 50, 8).z()),
	"cloud": (curve(pb().m(20, 100).c(5, 100, 0, 85, 0, 68).c(0, 50, 10, 38, 20, 35).c(22, 20, 30, 8, 42, 8).
		c(50, 8, 55, 0, 65, 0).c(78, 0, 82, 15, 82, 30).c(92, 35, 100, 50, 100, 68).c(100, 85, 95, 100, 80, 100).z())),
	"asterisk1": approx(flower(5, 38, 15)),
	"explosion": approx(star(12, 0.45)),
	"party":     approx(star(18, 0.55)),
}

// FigureGeometry returns the outline Import gives a Polotno figure subType, as SVG path data in
// viewBox (stretched to the element's box, like Polotno's figures), with the scene shape kind
// it becomes. ok is false for subtypes Import does not know (they become rectangles).
func FigureGeometry(subType string) (path string, viewBox [4]float64, kind scene.ShapeKind, ok bool) {
	d, ok := figures[subType]
	if !ok {
		return "", viewBox, "", false
	}
	vb := [4]float64{0, 0, 100, 100}
	switch d.kind {
	case scene.ShapeRect:
		return rectPath, vb, d.kind, true
	case scene.ShapeEllipse:
		return "M50 0 C77.6 0 100 22.4 100 50 C100 77.6 77.6 100 50 100 C22.4 100 0 77.6 0 50 C0 22.4 22.4 0 50 0 Z", vb, d.kind, true
	case scene.ShapeTriangle:
		return "M50 0 L100 100 L0 100 Z", vb, d.kind, true
	case scene.ShapePolygon:
		return "M50 0 L100 25 L100 75 L50 100 L0 75 L0 25 Z", vb, d.kind, true
	}
	return d.path, vb, d.kind, true
}

// defaultFigureFill and defaultFigureStroke are the colours Polotno gives a figure that names
// none (seen in polotno-node's output).
const (
	defaultFigureFill   = "rgb(0, 161, 255)"
	defaultFigureStroke = "rgb(98, 197, 255)"
)

// figure converts a figure. Polotno draws a figure's stroke inside its outline: the outer edge
// of the stroke lies on the outline that fills the box. Affiche strokes along the outline, so a
// straight-edged figure gets its outline moved inwards by half the stroke width (edge by edge,
// which puts the stroke's mitred outer edge exactly on Polotno's), and other figures get their
// box inset by half the stroke width (exact for rectangles, whose corner radius shrinks as much).
func (im *importer) figure(o obj, e *scene.Element, extra map[string]json.RawMessage) {
	sub := o.str("subType", "rect")
	e.Fill = im.fill(o.str("fill", defaultFigureFill), defaultFigureFill, e.ID, "fill")
	sw := clamp(o.num("strokeWidth", 0)*im.scale, 0, scene.MaxStrokeWidth)
	radius := clamp(o.num("cornerRadius", 0)*im.scale, 0, scene.MaxCoord)
	d := figureOf(sub)
	e.Shape = d.kind
	switch d.kind {
	case scene.ShapePolygon:
		e.Sides = 6
	case scene.ShapePath:
		e.Path = d.path
		e.ViewBox = &[4]float64{0, 0, 100, 100}
	}
	if sw > 0 && strings.TrimSpace(o.str("stroke", defaultFigureStroke)) != "" {
		e.Stroke = &scene.Stroke{
			Color: im.color(o.str("stroke", defaultFigureStroke), defaultFigureStroke, e.ID, "stroke"),
			Width: sw,
			Dash:  dash(o.numbers("dash")),
		}
		if path, ok := insetOutline(sub, e.Width, e.Height, sw); ok {
			e.Shape, e.Path, e.Sides, e.ViewBox = scene.ShapePath, path, 0, &[4]float64{0, 0, e.Width, e.Height}
		} else {
			in := math.Min(sw/2, math.Min(e.Width, e.Height)/2)
			e.X, e.Y, e.Width, e.Height = e.X+in, e.Y+in, e.Width-2*in, e.Height-2*in
			radius = math.Max(0, radius-in)
		}
	}
	if e.Shape == scene.ShapeRect {
		e.CornerRadius = radius
	}
	if sub != "rect" {
		extra["subType"] = raw(sub)
	}
	if d.approx {
		im.w.add(CodeFigure, e.ID, fmt.Sprintf("figure %q is drawn as the nearest shape Affiche has", short(sub)),
			fmt.Sprintf("la forme %q est dessinée avec la forme la plus proche dont dispose Affiche", short(sub)))
	}
	im.effects(o, e, extra, false)
}

// figureOf returns how a subType is drawn: its entry, an ellipse for Polotno's rounded blobs,
// else a rectangle (both approximations).
func figureOf(sub string) figureDef {
	if d, ok := figures[sub]; ok {
		return d
	}
	if strings.HasPrefix(sub, "blob") {
		return figureDef{kind: scene.ShapeEllipse, approx: true}
	}
	return figureDef{kind: scene.ShapeRect, approx: true}
}

// polygonOf returns the vertices (in the 100 × 100 box) of a straight-edged figure.
func polygonOf(sub string) ([][2]float64, bool) {
	d := figureOf(sub)
	switch d.kind {
	case scene.ShapeTriangle:
		return [][2]float64{{50, 0}, {100, 100}, {0, 100}}, true
	case scene.ShapePolygon:
		return [][2]float64{{50, 0}, {100, 25}, {100, 75}, {50, 100}, {0, 75}, {0, 25}}, true
	case scene.ShapePath:
		if d.approx {
			return nil, false
		}
	default:
		return nil, false
	}
	f := strings.Fields(strings.NewReplacer("M", " M ", "L", " L ", "Z", " Z ").Replace(d.path))
	var pts [][2]float64
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case "M", "L":
			if i+2 >= len(f) {
				return nil, false
			}
			x, err1 := strconv.ParseFloat(f[i+1], 64)
			y, err2 := strconv.ParseFloat(f[i+2], 64)
			if err1 != nil || err2 != nil || (f[i] == "M" && len(pts) > 0) {
				return nil, false
			}
			pts = append(pts, [2]float64{x, y})
			i += 2
		case "Z":
			if i != len(f)-1 {
				return nil, false
			}
		default:
			return nil, false // curves
		}
	}
	return pts, len(pts) >= 3
}

// insetOutline returns the outline of a straight-edged figure in a w × h box with every edge
// moved inwards by half the stroke width sw, as path data in box units; ok is false for curved
// figures and when the inset outline would fold over itself.
func insetOutline(sub string, w, h, sw float64) (string, bool) {
	unit, ok := polygonOf(sub)
	if !ok || w <= 0 || h <= 0 {
		return "", false
	}
	pts := make([][2]float64, len(unit))
	for i, p := range unit {
		pts[i] = [2]float64{p[0] * w / 100, p[1] * h / 100}
	}
	in, ok := insetPolygon(pts, sw/2)
	if !ok {
		return "", false
	}
	p := pb().m(in[0][0], in[0][1])
	for _, q := range in[1:] {
		p.l(q[0], q[1])
	}
	return p.z().b.String(), true
}

// insetPolygon moves every edge of a simple polygon inwards by d and returns the new vertices
// (where consecutive moved edges cross); ok is false if an edge would reverse.
func insetPolygon(pts [][2]float64, d float64) ([][2]float64, bool) {
	n := len(pts)
	area := 0.0
	for i := range pts {
		j := (i + 1) % n
		area += pts[i][0]*pts[j][1] - pts[j][0]*pts[i][1]
	}
	if area == 0 {
		return nil, false
	}
	sign := 1.0 // with y down, a positive area runs clockwise: the inside is to the right
	if area < 0 {
		sign = -1
	}
	type line struct{ px, py, dx, dy float64 }
	lines := make([]line, n)
	for i := range pts {
		j := (i + 1) % n
		dx, dy := pts[j][0]-pts[i][0], pts[j][1]-pts[i][1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			return nil, false
		}
		nx, ny := -dy/l*sign, dx/l*sign // inward normal
		lines[i] = line{pts[i][0] + nx*d, pts[i][1] + ny*d, dx, dy}
	}
	out := make([][2]float64, n)
	for i := range pts {
		a, b := lines[(i+n-1)%n], lines[i]
		den := a.dx*b.dy - a.dy*b.dx
		if math.Abs(den) < 1e-12 { // collinear edges: the moved point
			out[i] = [2]float64{b.px, b.py}
			continue
		}
		t := ((b.px-a.px)*b.dy - (b.py-a.py)*b.dx) / den
		out[i] = [2]float64{a.px + t*a.dx, a.py + t*a.dy}
	}
	// Every moved edge must keep its direction (else the stroke is wider than the figure).
	for i := range out {
		j := (i + 1) % n
		if (out[j][0]-out[i][0])*lines[i].dx+(out[j][1]-out[i][1])*lines[i].dy <= 0 {
			return nil, false
		}
	}
	return out, true
}

// pathBuilder writes SVG path data with absolute commands.
type pathBuilder struct {
	b      strings.Builder
	cx, cy float64 // current point
}

func pb() *pathBuilder { return &pathBuilder{} }

func (p *pathBuilder) cmd(c string, xy ...float64) *pathBuilder {
	if p.b.Len() > 0 {
		p.b.WriteByte(' ')
	}
	p.b.WriteString(c)
	for i, v := range xy {
		if i > 0 {
			p.b.WriteByte(' ')
		}
		p.b.WriteString(strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64))
	}
	if n := len(xy); n >= 2 {
		p.cx, p.cy = xy[n-2], xy[n-1]
	}
	return p
}

func (p *pathBuilder) m(x, y float64) *pathBuilder { return p.cmd("M", x, y) }
func (p *pathBuilder) l(x, y float64) *pathBuilder { return p.cmd("L", x, y) }
func (p *pathBuilder) q(x1, y1, x, y float64) *pathBuilder {
	return p.cmd("Q", x1, y1, x, y)
}
func (p *pathBuilder) c(x1, y1, x2, y2, x, y float64) *pathBuilder {
	return p.cmd("C", x1, y1, x2, y2, x, y)
}
func (p *pathBuilder) z() *pathBuilder { return p.cmd("Z") }

// arc continues with an elliptical arc of centre (cx, cy) and radii rx, ry from angle a0 to a1
// (degrees, clockwise from the +x axis since y points down), in cubic segments of at most 90°.
// The path must already be at the arc's start.
func (p *pathBuilder) arc(cx, cy, rx, ry, a0, a1 float64) *pathBuilder {
	n := int(math.Ceil(math.Abs(a1-a0)/90 - 1e-9))
	if n < 1 {
		n = 1
	}
	step := (a1 - a0) / float64(n) * math.Pi / 180
	k := 4.0 / 3 * math.Tan(step/4)
	a := a0 * math.Pi / 180
	for i := 0; i < n; i++ {
		b := a + step
		sa, ca := math.Sincos(a)
		sb, cb := math.Sincos(b)
		p.c(cx+rx*(ca-k*sa), cy+ry*(sa+k*ca), cx+rx*(cb+k*sb), cy+ry*(sb-k*cb), cx+rx*cb, cy+ry*sb)
		a = b
	}
	return p
}

func curve(p *pathBuilder) figureDef { return figureDef{kind: scene.ShapePath, path: p.b.String()} }

func approx(d figureDef) figureDef {
	d.approx = true
	return d
}

// poly is a polygon through the points x0, y0, x1, y1, …
func poly(xy ...float64) figureDef {
	p := pb().m(xy[0], xy[1])
	for i := 2; i+1 < len(xy); i += 2 {
		p.l(xy[i], xy[i+1])
	}
	return curve(p.z())
}

// regular is a regular n-gon inscribed in the circle touching the box's top, one vertex at the
// top (so a pentagon leaves a gap below it, as in Polotno).
func regular(n int) figureDef {
	xy := make([]float64, 0, 2*n)
	for i := 0; i < n; i++ {
		s, c := math.Sincos(-math.Pi/2 + 2*math.Pi*float64(i)/float64(n))
		xy = append(xy, 50+50*c, 50+50*s)
	}
	return poly(xy...)
}

// star is an n-pointed star inscribed in the same circle, inner vertices at inner × its radius.
func star(n int, inner float64) figureDef {
	xy := make([]float64, 0, 4*n)
	for i := 0; i < 2*n; i++ {
		r := 50.0
		if i%2 == 1 {
			r *= inner
		}
		s, c := math.Sincos(-math.Pi/2 + math.Pi*float64(i)/float64(n))
		xy = append(xy, 50+r*c, 50+r*s)
	}
	return poly(xy...)
}

// asterisk is n/2 bars of half-width w crossing at the centre (n arms), stretched to the box.
func asterisk(n int, w float64) figureDef {
	var pts [][2]float64
	half := math.Pi / float64(n)
	for i := 0; i < n; i++ {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		s, c := math.Sincos(a)
		// the arm's end corners, then the inner corner with the next arm
		pts = append(pts, [2]float64{50*c + w*s, 50*s - w*c}, [2]float64{50*c - w*s, 50*s + w*c})
		d := w / math.Sin(half)
		sb, cb := math.Sincos(a + half)
		pts = append(pts, [2]float64{d * cb, d * sb})
	}
	return poly(fit(pts)...)
}

// flower is n round petals of radius r centred at distance d from the middle, stretched to fill
// the box: each petal's outer arc runs between its crossings with its neighbours.
func flower(n int, d, r float64) figureDef {
	step := 2 * math.Pi / float64(n)
	// Crossing of two neighbouring petals on their bisector, farther from the middle, and its
	// angle seen from a petal's centre.
	out := d*math.Cos(step/2) + math.Sqrt(math.Max(0, r*r-math.Pow(d*math.Sin(step/2), 2)))
	sb, cb := math.Sincos(step / 2)
	phi := math.Atan2(out*sb, out*cb-d) * 180 / math.Pi
	type petal struct{ a, x, y float64 }
	petals := make([]petal, n)
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range petals {
		a := -90 + float64(i)*360/float64(n)
		s, c := math.Sincos(a * math.Pi / 180)
		petals[i] = petal{a, d * c, d * s}
		minX, maxX = math.Min(minX, d*c-r), math.Max(maxX, d*c+r)
		minY, maxY = math.Min(minY, d*s-r), math.Max(maxY, d*s+r)
	}
	sx, sy := 100/(maxX-minX), 100/(maxY-minY)
	var p *pathBuilder
	for _, q := range petals {
		cx, cy := (q.x-minX)*sx, (q.y-minY)*sy
		if p == nil {
			s, c := math.Sincos((q.a - phi) * math.Pi / 180)
			p = pb().m(cx+r*sx*c, cy+r*sy*s)
		}
		p.arc(cx, cy, r*sx, r*sy, q.a-phi, q.a+phi)
	}
	return curve(p.z())
}

// fit scales points to fill the 100 × 100 box.
func fit(pts [][2]float64) []float64 {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, q := range pts {
		minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
		minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
	}
	out := make([]float64, 0, 2*len(pts))
	for _, q := range pts {
		out = append(out, (q[0]-minX)*100/(maxX-minX), (q[1]-minY)*100/(maxY-minY))
	}
	return out
}
