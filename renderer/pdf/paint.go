package pdf

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"affiche/renderer/geom"
	"affiche/scene"
)

// fillPath paints p (in the current coordinates, where the fill's box is 0..w × 0..h) with a
// solid colour or a gradient, times an extra opacity.
func (wr *writer) fillPath(c *content, p *geom.Path, f *scene.Fill, w, h, opacity float64, evenOdd bool) {
	if f == nil || p.Empty() || !(opacity > 0) {
		return
	}
	if f.Gradient == nil {
		col := scene.MustColor(f.Color)
		a := opacity * float64(col.A) / 255
		if a <= 0 {
			return
		}
		c.save()
		if a < 1 {
			c.gs(wr.alpha(a))
		}
		c.fillColor(col)
		c.path(p)
		c.fill(evenOdd)
		c.restore()
		return
	}
	name := wr.gradient(f.Gradient, w, h, p.Bounds())
	if name == "" {
		return
	}
	c.save()
	c.path(p)
	c.clip(evenOdd)
	if opacity < 1 {
		c.gs(wr.alpha(opacity))
	}
	c.do(name)
	c.restore()
}

// solidColor returns a colour and its alpha times opacity.
func solidColor(s string, opacity float64) (color.NRGBA, float64) {
	col := scene.MustColor(s)
	return col, clamp01(opacity) * float64(col.A) / 255
}

// strokePath strokes p with a scene stroke (colour, width, dashes, cap, join) times an extra
// opacity. join overrides the stroke's join when not empty.
func (wr *writer) strokePath(c *content, p *geom.Path, s *scene.Stroke, opacity float64, join string, dashed bool) {
	if !visibleStroke(s) || p.Empty() {
		return
	}
	col, a := solidColor(s.Color, opacity)
	if a <= 0 {
		return
	}
	if join == "" {
		join = s.Join
	}
	var dash []float64
	if dashed {
		dash = geom.DashPattern(s)
	}
	c.save()
	if a < 1 {
		c.gs(wr.alpha(a))
	}
	c.strokeColor(col)
	c.strokeStyle(s.Width, s.Cap, join, dash)
	c.path(p)
	c.op("S")
	c.restore()
}

func visibleStroke(s *scene.Stroke) bool {
	return s != nil && s.Width > 0 && !math.IsInf(s.Width, 0) && scene.MustColor(s.Color).A > 0
}

// Gradients are shadings with a stitching function of one segment per pair of stops, painted
// by a form whose own resources hold the shading (fpdf's gradients have two colours only).
// Stops with transparency add a soft mask: a grey shading of the alphas. Colours between stops
// of different alphas are interpolated premultiplied, as CSS and the raster backend do, by
// splitting the segment into short ones.

// gradient returns the name of a form painting g over a w × h box (in the coordinates it is
// painted in) within area, "" when there is nothing to paint.
func (wr *writer) gradient(g *scene.Gradient, w, h float64, area scene.Rect) string {
	stops := gradientStops(g)
	if len(stops) == 0 {
		return ""
	}
	area = area.Union(scene.Rect{Width: w, Height: h})
	if g.Type == scene.GradientRadial {
		cx, cy, r := geom.RadialGradientCircle(g, w, h)
		return wr.shading(3, []float64{cx, cy, 0, cx, cy, r}, stops, scene.Identity, area)
	}
	x0, y0, x1, y1 := geom.LinearGradientLine(g.Angle, w, h)
	return wr.shading(2, []float64{x0, y0, x1, y1}, stops, scene.Identity, area)
}

// shading returns the name of a form that paints, over area (in the coordinates it is painted
// in, where the caller has set the clip), a linear (kind 2: x0 y0 x1 y1) or radial (kind 3:
// fx fy fr cx cy r) gradient whose coordinates m maps to those coordinates.
func (wr *writer) shading(kind int, coords []float64, stops []gstop, m scene.Affine, area scene.Rect) string {
	if kind == 2 && coords[0] == coords[2] && coords[1] == coords[3] {
		coords[2] += 1e-6
	}
	if kind == 3 && !(coords[5] > 0) {
		coords[5] = 1e-6
	}
	cb := &content{}
	cb.nums(coords...)
	cs := strings.TrimSpace(string(cb.b))
	bbox := area.Inset(2)
	key := fmt.Sprintf("%d|%s|%v|%v|%v", kind, cs, stops, m, bbox)
	if n, ok := wr.grads[key]; ok {
		return n
	}
	opaque := true
	for _, s := range stops {
		if s.a < 1 {
			opaque = false
		}
	}
	prefix := ""
	if m != scene.Identity {
		pb := &content{}
		pb.transform(m)
		prefix = string(pb.b)
	}
	sh := wr.objs.newRef()
	o := &obj{}
	o.F("<< /ShadingType %d /ColorSpace /DeviceRGB /Coords [%s] /Extend [true true] /Function ", kind, cs)
	o.S(stitch(stops, func(s gstop) string { return fmt.Sprintf("%s %s %s", f4(s.r), f4(s.g), f4(s.b)) }))
	o.S(" >>")
	wr.objs.put(sh, o, nil)

	res := &obj{}
	res.S(" /Resources << /Shading << /Sh0 ")
	res.Ref(sh)
	res.S(" >>")
	body := prefix + "/Sh0 sh\n"
	if !opaque {
		// The soft mask: a luminosity group painting the alphas as greys.
		ash := wr.objs.newRef()
		ao := &obj{}
		ao.F("<< /ShadingType %d /ColorSpace /DeviceGray /Coords [%s] /Extend [true true] /Function ", kind, cs)
		ao.S(stitch(stops, func(s gstop) string { return f4(s.a) }))
		ao.S(" >>")
		wr.objs.put(ash, ao, nil)
		mask := wr.objs.newRef()
		mo := &obj{}
		mo.S("<< /Type /XObject /Subtype /Form /BBox [")
		mo.S(rectString(bbox))
		mo.S("] /Group << /Type /Group /S /Transparency /CS /DeviceGray >> /Resources << /Shading << /Sh0 ")
		mo.Ref(ash)
		mo.S(" >> >>")
		wr.objs.put(mask, mo, []byte(prefix+"/Sh0 sh"))
		res.S(" /ExtGState << /Gm << /Type /ExtGState /SMask << /Type /Mask /S /Luminosity /G ")
		res.Ref(mask)
		res.S(" >> >> >>")
		body = "/Gm gs\n" + body
	}
	res.S(" >>")
	// The form itself, with its own resources (so the shading needs no page resource).
	fr := wr.objs.newRef()
	fo := &obj{}
	fo.S("<< /Type /XObject /Subtype /Form /FormType 1 /BBox [")
	fo.S(rectString(bbox))
	fo.S("]")
	fo.Append(res)
	wr.objs.put(fr, fo, []byte(body))
	wr.nForm++
	name := fmt.Sprintf("/Fm%d", wr.nForm)
	wr.objs.name(name, fr)
	wr.grads[key] = name
	return name
}

func rectString(r scene.Rect) string {
	cb := &content{}
	cb.nums(r.X, r.Y, r.X+r.Width, r.Y+r.Height)
	return strings.TrimSpace(string(cb.b))
}

func f4(v float64) string {
	cb := &content{}
	cb.num(v)
	return strings.TrimSpace(string(cb.b))
}

// gstop is a gradient stop with its colour as straight (not premultiplied) components 0–1.
type gstop struct {
	t, r, g, b, a float64
}

// gradientStops returns the stops to interpolate between: sorted, spanning 0–1, with the
// segments between stops of different alphas split so that interpolating straight colours
// follows the premultiplied interpolation closely.
func gradientStops(g *scene.Gradient) []gstop {
	src := geom.SortedStops(g)
	if len(src) == 0 {
		return nil
	}
	st := make([]gstop, 0, len(src)+2)
	for _, s := range src {
		c := scene.MustColor(s.Color)
		st = append(st, gstop{s.Offset, comp(c.R), comp(c.G), comp(c.B), comp(c.A)})
	}
	return normaliseStops(st)
}

// normaliseStops makes sorted stops span 0–1 and splits the segments between stops of
// different alphas (see gradientStops).
func normaliseStops(st []gstop) []gstop {
	if len(st) == 0 {
		return nil
	}
	if st[0].t > 0 {
		first := st[0]
		first.t = 0
		st = append([]gstop{first}, st...)
	}
	if last := st[len(st)-1]; last.t < 1 {
		last.t = 1
		st = append(st, last)
	}
	if len(st) == 1 {
		s := st[0]
		s.t = 1
		st = append(st, s)
		st[0].t = 0
	}
	// A fully transparent stop takes its neighbour's colour (premultiplied interpolation
	// never shows the colour of a transparent stop).
	for i := range st {
		if st[i].a > 0 {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(st) && st[j].a > 0 {
				st[i].r, st[i].g, st[i].b = st[j].r, st[j].g, st[j].b
				break
			}
		}
	}
	const split = 8
	out := []gstop{st[0]}
	for i := 1; i < len(st); i++ {
		a, b := st[i-1], st[i]
		if a.a != b.a && b.t > a.t && a.a > 0 && b.a > 0 {
			for k := 1; k < split; k++ {
				f := float64(k) / split
				al := a.a + (b.a-a.a)*f
				mix := func(x, y float64) float64 { return (x*a.a*(1-f) + y*b.a*f) / al }
				out = append(out, gstop{a.t + (b.t-a.t)*f, mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), al})
			}
		}
		out = append(out, b)
	}
	return out
}

// stitch writes the function of a gradient: one exponential segment per pair of stops
// (segments of zero length are dropped: the colour jumps there).
func stitch(st []gstop, val func(gstop) string) string {
	var fns, bounds, encode []string
	for i := 1; i < len(st); i++ {
		a, b := st[i-1], st[i]
		if b.t <= a.t && len(st) > 2 {
			continue
		}
		if len(fns) > 0 {
			bounds = append(bounds, f4(a.t))
		}
		fns = append(fns, fmt.Sprintf("<< /FunctionType 2 /Domain [0 1] /C0 [%s] /C1 [%s] /N 1 >>", val(a), val(b)))
		encode = append(encode, "0 1")
	}
	if len(fns) == 0 {
		return fmt.Sprintf("<< /FunctionType 2 /Domain [0 1] /C0 [%s] /C1 [%s] /N 1 >>", val(st[0]), val(st[len(st)-1]))
	}
	if len(fns) == 1 {
		return fns[0]
	}
	return fmt.Sprintf("<< /FunctionType 3 /Domain [0 1] /Functions [%s] /Bounds [%s] /Encode [%s] >>",
		strings.Join(fns, " "), strings.Join(bounds, " "), strings.Join(encode, " "))
}
