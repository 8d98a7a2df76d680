package pdf

import (
	"math"

	"affiche/renderer"
	"affiche/renderer/geom"
	"affiche/renderer/svg"
	"affiche/scene"
)

// SVG icons and illustrations are read by renderer/svg — the reader the raster backend draws
// with, recolouring included — and written as PDF vectors: each item's path filled and stroked
// with its colour or gradient (focal radial gradients included; repeated and reflected linear
// ones are unrolled), under its clip paths, clipped to the element's rounded box.

// svg draws an svg element in its box coordinates: its drawing and its border.
func (wr *writer) svg(c *content, e *scene.Element, path string, opacity float64) {
	src, err := wr.load(e.Src)
	switch {
	case err != nil:
		wr.warnMissing(path+".src", e.Src, err)
		wr.placeholder(c, e, opacity)
	case src.Mime != "image/svg+xml": // a bitmap given to an svg element: draw it as one
		if !wr.bitmap(c, e, path, src, opacity) {
			wr.placeholder(c, e, opacity)
		}
	default:
		wr.svgSource(c, e, path, src, opacity)
	}
	wr.border(c, e, opacity)
}

// svgSource draws an SVG source placed in e's box (fit, crop, clipped to the rounded box).
func (wr *writer) svgSource(c *content, e *scene.Element, path string, src *renderer.Source, opacity float64) {
	doc, err := svg.Parse(src.Data, svg.Options{Colors: e.Colors})
	if err != nil {
		wr.warn(path+".src", WarnSVGInvalid, "the SVG could not be read: "+err.Error(),
			"le SVG n'a pas pu être lu : "+err.Error())
		wr.placeholder(c, e, opacity)
		return
	}
	t, ok := doc.Fit(e.Crop, e.Fit, e.Width, e.Height)
	if !ok {
		return
	}
	c.save()
	c.path(geom.RoundedRect(0, 0, e.Width, e.Height, e.CornerRadius))
	c.clip(false)
	c.transform(t)
	for i := range doc.Items {
		wr.svgItem(c, &doc.Items[i], opacity)
	}
	c.restore()
}

// svgItem writes one item: its clips, its fill, then its stroke.
func (wr *writer) svgItem(c *content, it *svg.Item, opacity float64) {
	fill := it.Fill.Visible()
	stroke := it.Stroke.Visible() && it.StrokeWidth > 0
	if (!fill && !stroke) || it.Path.Empty() {
		return
	}
	a := clamp01(it.Opacity) * opacity
	if a <= 0 {
		return
	}
	c.save()
	for _, cl := range it.Clips {
		c.path(cl.Path)
		c.clip(cl.EvenOdd)
	}
	if fill {
		if g := it.Fill.Gradient; g != nil {
			if name := wr.svgGradient(g, it.Path.Bounds()); name != "" {
				c.save()
				c.path(it.Path)
				c.clip(it.EvenOdd)
				if a < 1 {
					c.gs(wr.alpha(a))
				}
				c.do(name)
				c.restore()
			}
		} else {
			col := it.Fill.Color
			if fa := a * float64(col.A) / 255; fa > 0 {
				c.save()
				if fa < 1 {
					c.gs(wr.alpha(fa))
				}
				c.fillColor(col)
				c.path(it.Path)
				c.fill(it.EvenOdd)
				c.restore()
			}
		}
	}
	if stroke {
		col := it.Stroke.Color
		sa := a * float64(col.A) / 255
		if g := it.Stroke.Gradient; g != nil {
			// A gradient stroke is rare in icons: drawn in the gradient's middle colour.
			m := g.Stops[len(g.Stops)/2].Color
			col, sa = m, a*float64(m.A)/255
		}
		if sa > 0 {
			c.save()
			if sa < 1 {
				c.gs(wr.alpha(sa))
			}
			c.strokeColor(col)
			c.strokeStyle(it.StrokeWidth, it.Cap, it.Join, it.Dashes)
			if it.Join == "miter" || it.Join == "" {
				c.num(math.Max(1, it.MiterLimit))
				c.op("M")
			}
			if len(it.Dashes) > 0 && it.DashOffset != 0 {
				c.raw("[")
				for _, d := range it.Dashes {
					c.num(d)
				}
				c.raw("] ")
				c.num(it.DashOffset)
				c.op("d")
			}
			c.path(it.Path)
			c.op("S")
			c.restore()
		}
	}
	c.restore()
}

// svgGradient returns the form painting an SVG gradient over area (drawing space).
func (wr *writer) svgGradient(g *svg.Gradient, area scene.Rect) string {
	st := make([]gstop, 0, len(g.Stops))
	for _, s := range g.Stops {
		c := s.Color
		st = append(st, gstop{math.Max(0, math.Min(1, s.Offset)), comp(c.R), comp(c.G), comp(c.B), comp(c.A)})
	}
	if len(st) == 0 {
		return ""
	}
	if g.Radial {
		cx, cy, r := g.CX, g.CY, g.R
		if g.Spread != svg.SpreadPad {
			cx, cy, r, st = unrollRadial(g, area, st)
		}
		return wr.shading(3, []float64{g.FX, g.FY, g.FR, cx, cy, r}, normaliseStops(st), g.Transform, area)
	}
	x1, y1, x2, y2 := g.X1, g.Y1, g.X2, g.Y2
	if g.Spread != svg.SpreadPad {
		x1, y1, x2, y2, st = unroll(g, area, st)
	}
	return wr.shading(2, []float64{x1, y1, x2, y2}, normaliseStops(st), g.Transform, area)
}

// unrollRadial is unroll for a radial gradient: the circles between the focal circle and the
// end circle continue, periods of the same growth, until they hold the area.
func unrollRadial(g *svg.Gradient, area scene.Rect, st []gstop) (cx, cy, r float64, out []gstop) {
	grow := g.R - g.FR
	inv, ok := g.Transform.Invert()
	if !ok || !(grow > 0) {
		return g.CX, g.CY, g.R, st
	}
	far := 0.0
	for _, p := range [4][2]float64{{area.X, area.Y}, {area.X + area.Width, area.Y}, {area.X, area.Y + area.Height}, {area.X + area.Width, area.Y + area.Height}} {
		x, y := inv.Apply(p[0], p[1])
		far = math.Max(far, math.Hypot(x-g.FX, y-g.FY))
	}
	n := int(math.Ceil((far+math.Hypot(g.CX-g.FX, g.CY-g.FY))/grow)) + 1
	if n < 1 || n > 64 {
		return g.CX, g.CY, g.R, st
	}
	out = repeatStops(st, 0, n, g.Spread == svg.SpreadReflect)
	k := float64(n)
	return g.FX + k*(g.CX-g.FX), g.FY + k*(g.CY-g.FY), g.FR + k*grow, out
}

// repeatStops lays n periods of stops (period k0 first) over 0–1, mirrored every other period
// when reflect.
func repeatStops(st []gstop, k0, n int, reflect bool) []gstop {
	var out []gstop
	for i := 0; i < n; i++ {
		mirror := reflect && (k0+i)%2 != 0
		for j := range st {
			s := st[j]
			if mirror {
				s = st[len(st)-1-j]
				s.t = 1 - s.t
			}
			s.t = (float64(i) + s.t) / float64(n)
			out = append(out, s)
		}
	}
	return out
}

// unroll turns a repeated or reflected linear gradient into a padded one spanning area: the
// line is lengthened to whole periods covering the area and the stops repeated along it.
func unroll(g *svg.Gradient, area scene.Rect, st []gstop) (x1, y1, x2, y2 float64, out []gstop) {
	dx, dy := g.X2-g.X1, g.Y2-g.Y1
	l2 := dx*dx + dy*dy
	inv, ok := g.Transform.Invert()
	if !ok || !(l2 > 0) {
		return g.X1, g.Y1, g.X2, g.Y2, st
	}
	tmin, tmax := math.Inf(1), math.Inf(-1)
	for _, p := range [4][2]float64{{area.X, area.Y}, {area.X + area.Width, area.Y}, {area.X, area.Y + area.Height}, {area.X + area.Width, area.Y + area.Height}} {
		x, y := inv.Apply(p[0], p[1])
		t := ((x-g.X1)*dx + (y-g.Y1)*dy) / l2
		tmin, tmax = math.Min(tmin, t), math.Max(tmax, t)
	}
	k0, k1 := math.Floor(tmin), math.Ceil(tmax)
	n := int(k1 - k0)
	if n < 1 || n > 64 {
		return g.X1, g.Y1, g.X2, g.Y2, st
	}
	out = repeatStops(st, int(k0), n, g.Spread == svg.SpreadReflect)
	return g.X1 + k0*dx, g.Y1 + k0*dy, g.X1 + k1*dx, g.Y1 + k1*dy, out
}
