package raster

import (
	"errors"
	"image"
	"image/color"
	"math"

	"affiche/renderer"
	"affiche/renderer/geom"
	"affiche/renderer/svg"
	"affiche/scene"
)

// svgOps draws an svg element: its drawing fitted in the box, recoloured, clipped to the
// (rounded) box, and its border.
func (r *render) svgOps(e *scene.Element, m scene.Affine, path string, vis image.Rectangle) []op {
	src, err := r.load(e.Src)
	var ops []op
	switch {
	case err != nil:
		r.warnMissing(path+".src", e.Src, err)
		ops = placeholderOps(e, m)
	case src.Mime != "image/svg+xml": // a bitmap given to an svg element: draw it as one
		img, err := src.Image()
		if err != nil {
			r.warnMissing(path+".src", e.Src, err)
			ops = placeholderOps(e, m)
		} else {
			ops = r.bitmapOps(img, e.Crop, e.Fit, e.Width, e.Height, e.CornerRadius, e.Filters, m, vis)
		}
	default:
		ops = r.svgSourceOps(e, m, path, vis, src)
	}
	return append(ops, borderOps(e, m)...)
}

// svgSourceOps draws an SVG source as vectors at output resolution: renderer/svg reads it
// into paths, which are filled and stroked here like every other shape.
func (r *render) svgSourceOps(e *scene.Element, m scene.Affine, path string, vis image.Rectangle, src *renderer.Source) []op {
	doc, err := svg.Parse(src.Data, svg.Options{Colors: e.Colors})
	if err != nil {
		r.warn(path+".src", WarnSVGInvalid, "the SVG could not be read: "+err.Error(),
			"le SVG n'a pas pu être lu : "+frenchSVGError(err))
		return placeholderOps(e, m)
	}
	t, ok := doc.Fit(e.Crop, e.Fit, e.Width, e.Height)
	if !ok {
		return nil
	}
	t = m.Mul(t)
	// The drawing is clipped to its box (an SVG's viewport hides what overflows it), rounded
	// by the corner radius.
	box := geom.RoundedRect(0, 0, e.Width, e.Height, e.CornerRadius)
	boxPoly := newCoverage()
	boxPoly.addPath(box, m)
	area := boxPoly.bounds().Intersect(vis)
	if area.Empty() {
		return nil
	}
	return svgItemOps(doc, t, maskOf(box, m, area))
}

// svgItemOps turns the items, mapped by t to page pixels, into fill ops through mask (the
// element's box) and each item's own clips.
func svgItemOps(doc *svg.Document, t scene.Affine, mask *image.Alpha) []op {
	var ops []op
	k := strokeScale(t)
	var lastClips []svg.Clip
	var lastMask *image.Alpha
	for i := range doc.Items {
		it := &doc.Items[i]
		im := mask
		if len(it.Clips) > 0 {
			if !sameClips(it.Clips, lastClips) {
				lastClips, lastMask = it.Clips, clipMask(mask, it.Clips, t)
			}
			if lastMask == nil {
				continue // clipped away entirely
			}
			im = lastMask
		}
		if it.Fill.Visible() {
			poly := newCoverage()
			poly.addPath(it.Path, t)
			ops = append(ops, &fillOp{poly: poly, evenOdd: it.EvenOdd, paint: svgPaint(it.Fill, it.Opacity, t), mask: im})
		}
		if it.Stroke.Visible() && it.StrokeWidth > 0 {
			st := strokeStyle{width: it.StrokeWidth * k, cap: it.Cap, join: it.Join, miterLimit: it.MiterLimit}
			opacity := it.Opacity
			if len(it.Dashes) > 0 {
				st.dashes = make([]float64, len(it.Dashes))
				on, period := 0.0, 0.0
				for j, d := range it.Dashes {
					st.dashes[j] = d * k
					period += d * k
					if j%2 == 0 {
						on += d * k
					}
				}
				st.dashOffset = it.DashOffset * k
				// Millions of dashes (a pattern far finer than the path is long) would take
				// as long to outline as they are invisible: draw the grey they average to.
				if pathLength(it.Path, t) > maxDashes*period {
					st.dashes, st.dashOffset = nil, 0
					opacity *= on / period
				}
			}
			poly := newCoverage()
			strokePath(poly, it.Path, t, st)
			ops = append(ops, &fillOp{poly: poly, paint: svgPaint(it.Stroke, opacity, t), mask: im})
		}
	}
	return ops
}

// maxDashes is the most dashes a stroke of an SVG is outlined with.
const maxDashes = 100_000

// pathLength returns the length of p's control polygon mapped by t (at least the length of
// the path).
func pathLength(p *geom.Path, t scene.Affine) float64 {
	l := 0.0
	var cx, cy float64
	p.Walk(func(op geom.Op, pts []geom.Point) {
		for i, q := range pts {
			x, y := t.Apply(q.X, q.Y)
			if op != geom.MoveTo || i > 0 {
				l += math.Hypot(x-cx, y-cy)
			}
			cx, cy = x, y
		}
	})
	return l
}

// sameClips reports whether two clip lists are the same regions (items of one clipped group
// share them), so that their mask is computed once.
func sameClips(a, b []svg.Clip) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path != b[i].Path || a[i].EvenOdd != b[i].EvenOdd {
			return false
		}
	}
	return true
}

// clipMask returns mask narrowed by the clip regions (mapped by t), nil when nothing remains.
func clipMask(mask *image.Alpha, clips []svg.Clip, t scene.Affine) *image.Alpha {
	area := mask.Rect
	polys := make([]*coverage, len(clips))
	for i, c := range clips {
		polys[i] = newCoverage()
		polys[i].addPath(c.Path, t)
		area = area.Intersect(polys[i].bounds())
	}
	if area.Empty() {
		return nil
	}
	out := image.NewAlpha(area)
	for y := area.Min.Y; y < area.Max.Y; y++ {
		copy(out.Pix[out.PixOffset(area.Min.X, y):out.PixOffset(area.Max.X, y)], mask.Pix[mask.PixOffset(area.Min.X, y):])
	}
	row := make([]uint8, area.Dx())
	sc := &scratch{}
	for i, poly := range polys {
		cl := image.NewAlpha(area)
		poly.render(area, clips[i].EvenOdd, sc, func(y, x0 int, cov []uint8) {
			copy(cl.Pix[cl.PixOffset(x0, y):], cov)
		})
		for y := area.Min.Y; y < area.Max.Y; y++ {
			o := out.Pix[out.PixOffset(area.Min.X, y):out.PixOffset(area.Max.X, y)]
			c := cl.Pix[cl.PixOffset(area.Min.X, y):cl.PixOffset(area.Max.X, y)]
			copy(row, o)
			for x := range o {
				o[x] = uint8(div255(uint32(row[x]) * uint32(c[x])))
			}
		}
	}
	return out
}

// svgPaint converts an SVG paint, with the item's opacity, for drawing under t.
func svgPaint(p svg.Paint, opacity float64, t scene.Affine) paint {
	if p.Gradient != nil {
		return newSVGGradientPaint(p.Gradient, t, opacity)
	}
	return solidPaint{premul(p.Color, opacity)}
}

// svgGradientPaint is an SVG gradient: linear, or radial with a focal circle, with its spread
// method, evaluated per page pixel in gradient space.
type svgGradientPaint struct {
	inv    scene.Affine // page pixel → gradient space
	radial bool
	spread svg.Spread
	// linear: t = ((p − p1) · d) / |d|²
	x1, y1, dx, dy, invLen2 float64
	// radial: the largest s with |p − f − s·cd| = fr + s·dr, fr + s·dr ≥ 0
	fx, fy, fr, cdx, cdy, dr, a float64
	lut                         [gradientSteps]color.RGBA
}

func newSVGGradientPaint(g *svg.Gradient, t scene.Affine, opacity float64) paint {
	inv, ok := t.Mul(g.Transform).Invert()
	if !ok || len(g.Stops) == 0 {
		return solidPaint{}
	}
	p := &svgGradientPaint{inv: inv, radial: g.Radial, spread: g.Spread}
	if g.Radial {
		p.fx, p.fy, p.fr = g.FX, g.FY, g.FR
		p.cdx, p.cdy, p.dr = g.CX-g.FX, g.CY-g.FY, g.R-g.FR
		p.a = p.cdx*p.cdx + p.cdy*p.cdy - p.dr*p.dr
	} else {
		p.x1, p.y1, p.dx, p.dy = g.X1, g.Y1, g.X2-g.X1, g.Y2-g.Y1
		if l2 := p.dx*p.dx + p.dy*p.dy; l2 > 0 {
			p.invLen2 = 1 / l2
		}
	}
	// Colours are interpolated premultiplied, as browsers do, so a fade to transparent does
	// not turn grey.
	type pm struct{ r, g, b, a float64 }
	cols := make([]pm, len(g.Stops))
	for i, s := range g.Stops {
		a := float64(s.Color.A) / 255 * clamp01(opacity)
		cols[i] = pm{float64(s.Color.R) * a, float64(s.Color.G) * a, float64(s.Color.B) * a, a * 255}
	}
	st := g.Stops
	j := 0
	for i := range p.lut {
		f := float64(i) / (gradientSteps - 1)
		for j < len(st)-1 && st[j+1].Offset < f {
			j++
		}
		var c pm
		switch {
		case f <= st[0].Offset:
			c = cols[0]
		case j >= len(st)-1:
			c = cols[len(cols)-1]
		default:
			a, b := st[j].Offset, st[j+1].Offset
			w := 0.0
			if b > a {
				w = (f - a) / (b - a)
			}
			ca, cb := cols[j], cols[j+1]
			c = pm{ca.r + (cb.r-ca.r)*w, ca.g + (cb.g-ca.g)*w, ca.b + (cb.b-ca.b)*w, ca.a + (cb.a-ca.a)*w}
		}
		p.lut[i] = color.RGBA{uint8(c.r + 0.5), uint8(c.g + 0.5), uint8(c.b + 0.5), uint8(c.a + 0.5)}
	}
	return p
}

// param returns the gradient parameter at a point of gradient space; ok is false where a
// radial gradient paints nothing (outside the cone of a focal circle).
func (p *svgGradientPaint) param(x, y float64) (float64, bool) {
	if !p.radial {
		return ((x-p.x1)*p.dx + (y-p.y1)*p.dy) * p.invLen2, true
	}
	px, py := x-p.fx, y-p.fy
	b := px*p.cdx + py*p.cdy + p.fr*p.dr
	c := px*px + py*py - p.fr*p.fr
	if math.Abs(p.a) < 1e-12 {
		if b == 0 {
			return 0, false
		}
		s := c / (2 * b)
		return s, p.fr+s*p.dr >= 0
	}
	disc := b*b - p.a*c
	if disc < 0 {
		return 0, false
	}
	sq := math.Sqrt(disc)
	s1, s2 := (b+sq)/p.a, (b-sq)/p.a
	if s1 < s2 {
		s1, s2 = s2, s1
	}
	if p.fr+s1*p.dr >= 0 {
		return s1, true
	}
	return s2, p.fr+s2*p.dr >= 0
}

func (p *svgGradientPaint) shade(x, y int, buf []color.RGBA) {
	px, py := p.inv.Apply(float64(x)+0.5, float64(y)+0.5)
	sx, sy := p.inv[0], p.inv[1]
	for i := range buf {
		t, ok := p.param(px, py)
		px += sx
		py += sy
		if !ok {
			buf[i] = color.RGBA{}
			continue
		}
		switch p.spread {
		case svg.SpreadRepeat:
			t -= math.Floor(t)
		case svg.SpreadReflect:
			t = math.Mod(math.Abs(t), 2)
			if t > 1 {
				t = 2 - t
			}
		}
		k := int(t*(gradientSteps-1) + 0.5)
		buf[i] = p.lut[max(0, min(k, gradientSteps-1))]
	}
}

// frenchSVGError says in French why an SVG could not be read.
func frenchSVGError(err error) string {
	switch {
	case errors.Is(err, svg.ErrNoSize):
		return "il n'a ni viewBox ni largeur et hauteur"
	case errors.Is(err, svg.ErrTooComplex):
		return "il est trop grand ou trop complexe"
	}
	return "ce n'est pas un document SVG valide (" + err.Error() + ")"
}

// rgba8 converts any colour to 8-bit premultiplied RGBA.
func rgba8(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}
