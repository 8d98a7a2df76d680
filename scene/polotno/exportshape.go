package polotno

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"

	"affiche/scene"
)

// shape writes a shape as the Polotno figure it came from or matches, else as an SVG image
// drawing the same outline. Polotno strokes a figure inside its outline: the box grows by half
// the stroke width (the inverse of Import's inset), except for figures Import gave an inset
// outline in their own box.
func (ex *exporter) shape(e *scene.Element, x obj) map[string]any {
	sw := 0.0
	if e.Stroke != nil {
		sw = e.Stroke.Width
	}
	sub, grow := figureFor(e, x.str("subType", ""), sw)
	if sub == "" {
		return ex.shapeAsSVG(e)
	}
	g := 0.0
	if grow {
		g = sw / 2
	}
	m := ex.box(e, e.X-g, e.Y-g, e.Width+2*g, e.Height+2*g)
	m["type"] = "figure"
	m["subType"] = sub
	m["fill"] = "transparent"
	if e.Fill != nil {
		m["fill"] = cssFill(e.Fill)
	}
	m["cornerRadius"] = 0.0
	if e.Shape == scene.ShapeRect {
		m["cornerRadius"] = ex.px(e.CornerRadius + g)
	}
	m["strokeWidth"], m["stroke"], m["dash"] = 0.0, "#0c0c0c", []float64{}
	if sw > 0 {
		m["strokeWidth"], m["stroke"] = ex.px(sw), e.Stroke.Color
		if e.Stroke.Dash != nil {
			m["dash"] = e.Stroke.Dash
		}
	}
	return m
}

// figureFor returns the Polotno subType that draws the shape ("" for none), and whether the box
// must grow by half the stroke width. The subType Import read (kept) wins when importing it
// would give this very shape again.
func figureFor(e *scene.Element, kept string, sw float64) (string, bool) {
	if kept != "" {
		d, ok := figures[kept]
		switch {
		case e.Shape == scene.ShapePath && sw > 0 && e.ViewBox != nil && *e.ViewBox == [4]float64{0, 0, e.Width, e.Height}:
			if p, ok := insetOutline(kept, e.Width, e.Height, sw); ok && p == e.Path {
				return kept, false
			}
		case ok && d.kind == e.Shape && (d.kind != scene.ShapePath || (d.path == e.Path && isUnitViewBox(e.ViewBox))):
			return kept, true
		case !ok && strings.HasPrefix(kept, "blob") && e.Shape == scene.ShapeEllipse:
			return kept, true
		case !ok && !strings.HasPrefix(kept, "blob") && e.Shape == scene.ShapeRect && e.CornerRadius == 0:
			return kept, true
		}
	}
	switch e.Shape {
	case scene.ShapeRect, "":
		return "rect", true
	case scene.ShapeEllipse:
		return "circle", true
	case scene.ShapeTriangle:
		return "triangle", true
	case scene.ShapePolygon:
		if e.Sides == 6 {
			return "polygon", true
		}
	case scene.ShapePath:
		if isUnitViewBox(e.ViewBox) {
			for name, d := range figures {
				if d.kind == scene.ShapePath && !d.approx && d.path == e.Path {
					return name, true
				}
			}
		}
	}
	return "", false
}

func isUnitViewBox(vb *[4]float64) bool {
	return vb != nil && *vb == [4]float64{0, 0, 100, 100}
}

// shapeAsSVG writes a shape Polotno has no figure for as an svg element with an SVG data: URL.
func (ex *exporter) shapeAsSVG(e *scene.Element) map[string]any {
	ex.w.add(CodeShape, e.ID, "Polotno has no such figure: the shape is written as an SVG image (colours still editable)",
		"Polotno n'a pas cette forme : elle est écrite comme une image SVG (couleurs toujours modifiables)")
	sw := 0.0
	if e.Stroke != nil {
		sw = e.Stroke.Width
	}
	w, h := ex.px(e.Width), ex.px(e.Height)
	pad := ex.px(sw / 2)
	var body strings.Builder
	fill := "none"
	if e.Fill != nil {
		if e.Fill.Gradient != nil {
			body.WriteString(svgGradient(e.Fill.Gradient, w, h))
			fill = "url(#g)"
		} else {
			fill = html.EscapeString(e.Fill.Color)
		}
	}
	paint := fmt.Sprintf(`fill="%s"`, fill)
	if sw > 0 {
		paint += fmt.Sprintf(` stroke="%s" stroke-width="%s"`, html.EscapeString(e.Stroke.Color), fnum(ex.px(sw)))
		if len(e.Stroke.Dash) > 0 {
			ds := make([]string, len(e.Stroke.Dash))
			for i, d := range e.Stroke.Dash {
				ds[i] = fnum(d * ex.px(sw))
			}
			paint += fmt.Sprintf(` stroke-dasharray="%s"`, strings.Join(ds, " "))
		}
		if e.Stroke.Join != "" {
			paint += fmt.Sprintf(` stroke-linejoin="%s"`, e.Stroke.Join)
		}
	}
	switch e.Shape {
	case scene.ShapePath:
		vb := [4]float64{0, 0, e.Width, e.Height}
		if e.ViewBox != nil && e.ViewBox[2] > 0 && e.ViewBox[3] > 0 {
			vb = *e.ViewBox
		}
		sx, sy := w/vb[2], h/vb[3]
		fmt.Fprintf(&body, `<g transform="matrix(%s 0 0 %s %s %s)"><path d="%s" %s vector-effect="non-scaling-stroke"/></g>`,
			fnum(sx), fnum(sy), fnum(-vb[0]*sx), fnum(-vb[1]*sy), html.EscapeString(e.Path), paint)
	case scene.ShapeEllipse:
		fmt.Fprintf(&body, `<ellipse cx="%s" cy="%s" rx="%s" ry="%s" %s/>`, fnum(w/2), fnum(h/2), fnum(w/2), fnum(h/2), paint)
	default:
		fmt.Fprintf(&body, `<path d="%s" %s/>`, outline(e, w, h, ex.px(e.CornerRadius)), paint)
	}
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="%s %s %s %s" preserveAspectRatio="none">%s</svg>`,
		fnum(w+2*pad), fnum(h+2*pad), fnum(-pad), fnum(-pad), fnum(w+2*pad), fnum(h+2*pad), body.String())
	m := ex.box(e, e.X-sw/2, e.Y-sw/2, e.Width+sw, e.Height+sw)
	m["type"] = "svg"
	m["src"] = "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg))
	m["colorsReplace"] = map[string]string{}
	m["flipX"], m["flipY"] = e.FlipX, e.FlipY
	return m
}

// outline returns the path data of a shape kind in a w × h box (the same geometry as the
// renderer's shapes: polygons and stars stretched to touch the box's four sides).
func outline(e *scene.Element, w, h, r float64) string {
	var pts [][2]float64
	switch e.Shape {
	case scene.ShapeTriangle:
		pts = [][2]float64{{w / 2, 0}, {w, h}, {0, h}}
	case scene.ShapePolygon, scene.ShapeStar:
		n := e.Sides
		if n < 3 {
			n = 5
		}
		inner := e.InnerRadius
		if inner <= 0 {
			inner = 0.5
		}
		var unit [][2]float64
		k := n
		if e.Shape == scene.ShapeStar {
			k = 2 * n
		}
		for i := 0; i < k; i++ {
			rad := 1.0
			if e.Shape == scene.ShapeStar && i%2 == 1 {
				rad = inner
			}
			s, c := math.Sincos(-math.Pi/2 + 2*math.Pi*float64(i)/float64(k))
			unit = append(unit, [2]float64{rad * c, rad * s})
		}
		f := fit(unit)
		for i := 0; i+1 < len(f); i += 2 {
			pts = append(pts, [2]float64{f[i] * w / 100, f[i+1] * h / 100})
		}
	case scene.ShapeArrow:
		shaft := e.InnerRadius
		if shaft <= 0 {
			shaft = 0.4
		}
		head := math.Min(h/2, w)
		t := math.Max(0, math.Min(1, shaft)) * h
		top, bot := (h-t)/2, (h+t)/2
		pts = [][2]float64{{0, top}, {w - head, top}, {w - head, 0}, {w, h / 2}, {w - head, h}, {w - head, bot}, {0, bot}}
	default: // rect
		r = math.Min(r, math.Min(w, h)/2)
		if r <= 0 {
			pts = [][2]float64{{0, 0}, {w, 0}, {w, h}, {0, h}}
			break
		}
		p := pb().m(r, 0).l(w-r, 0).arc(w-r, r, r, r, -90, 0).l(w, h-r).arc(w-r, h-r, r, r, 0, 90).
			l(r, h).arc(r, h-r, r, r, 90, 180).l(0, r).arc(r, r, r, r, 180, 270).z()
		return p.b.String()
	}
	p := pb().m(pts[0][0], pts[0][1])
	for _, q := range pts[1:] {
		p.l(q[0], q[1])
	}
	return p.z().b.String()
}

// svgGradient writes a gradient definition with id "g" for a w × h drawing.
func svgGradient(g *scene.Gradient, w, h float64) string {
	var b strings.Builder
	if g.Type == scene.GradientRadial {
		cx, cy, r := 0.5, 0.5, 1.0
		if g.CX != nil {
			cx = *g.CX
		}
		if g.CY != nil {
			cy = *g.CY
		}
		if g.R != nil {
			r = *g.R
		}
		far := math.Hypot(math.Max(cx, 1-cx)*w, math.Max(cy, 1-cy)*h)
		fmt.Fprintf(&b, `<defs><radialGradient id="g" gradientUnits="userSpaceOnUse" cx="%s" cy="%s" r="%s">`,
			fnum(cx*w), fnum(cy*h), fnum(r*far))
	} else {
		// CSS angle: 0 goes up, 90 goes right; the line spans the box's projection on it.
		s, c := math.Sincos(g.Angle * math.Pi / 180)
		half := (math.Abs(w*s) + math.Abs(h*c)) / 2
		fmt.Fprintf(&b, `<defs><linearGradient id="g" gradientUnits="userSpaceOnUse" x1="%s" y1="%s" x2="%s" y2="%s">`,
			fnum(w/2-s*half), fnum(h/2+c*half), fnum(w/2+s*half), fnum(h/2-c*half))
	}
	for _, st := range g.Stops {
		fmt.Fprintf(&b, `<stop offset="%s" stop-color="%s"/>`, fnum(st.Offset), html.EscapeString(st.Color))
	}
	if g.Type == scene.GradientRadial {
		b.WriteString(`</radialGradient></defs>`)
	} else {
		b.WriteString(`</linearGradient></defs>`)
	}
	return b.String()
}

// svgAspect returns the width / height proportion of an SVG data: URL, from its viewBox or its
// width and height.
func svgAspect(src string) (float64, bool) {
	r, ok := dataURLReader(src)
	if !ok {
		return 0, false
	}
	z := xhtml.NewTokenizer(io.LimitReader(r, maxClipSVG))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return 0, false
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		if t.Data != "svg" {
			continue
		}
		if vb := numbersOf(attr(t, "viewbox")); len(vb) == 4 && vb[2] > 0 && vb[3] > 0 {
			return vb[2] / vb[3], true
		}
		w, err1 := strconv.ParseFloat(strings.TrimSuffix(attr(t, "width"), "px"), 64)
		h, err2 := strconv.ParseFloat(strings.TrimSuffix(attr(t, "height"), "px"), 64)
		if err1 == nil && err2 == nil && w > 0 && h > 0 {
			return w / h, true
		}
		return 0, false
	}
}
