package raster

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"affiche/renderer/geom"
	"affiche/scene"
)

// An element is drawn in two steps: prepare computes what it paints (ops, in page pixels) and
// where (bounds); drawItem paints that onto a bitmap, through a layer when opacity or a shadow
// must apply to the element as a whole. RenderElement sizes its bitmap from the bounds.

// item is a prepared element.
type item struct {
	ops      []op
	children []*item
	opacity  float64
	shadow   *shadowSpec
	bounds   image.Rectangle // what ops and children paint, in page pixels
}

// fullBounds adds the shadow to the bounds.
func (it *item) fullBounds() image.Rectangle {
	b := it.bounds
	if it.shadow != nil && !b.Empty() {
		b = b.Union(it.shadow.bounds(b))
	}
	return b
}

// op is one thing an element paints.
type op interface {
	bounds() image.Rectangle
	draw(r *render, dst *image.RGBA, alpha uint8)
}

// fillOp paints a polygon's coverage (times an optional mask) with a paint.
type fillOp struct {
	poly    *coverage
	evenOdd bool
	paint   paint
	mask    *image.Alpha
}

func (o *fillOp) bounds() image.Rectangle {
	b := o.poly.bounds()
	if o.mask != nil {
		b = b.Intersect(o.mask.Rect)
	}
	return b
}

func (o *fillOp) draw(r *render, dst *image.RGBA, alpha uint8) {
	fillCoverage(dst, o.poly, o.evenOdd, o.paint, alpha, o.mask, dst.Rect, &r.sc)
}

// imageOp composites a premultiplied bitmap placed in page pixels, through an optional mask.
type imageOp struct {
	img  *image.RGBA
	mask *image.Alpha
}

func (o *imageOp) bounds() image.Rectangle {
	b := o.img.Rect
	if o.mask != nil {
		b = b.Intersect(o.mask.Rect)
	}
	return b
}

func (o *imageOp) draw(r *render, dst *image.RGBA, alpha uint8) {
	drawImage(dst, o.img, alpha, o.mask, dst.Rect)
}

// maskOp paints one colour through an alpha mask placed in page pixels (a glyph).
type maskOp struct {
	mask *image.Alpha
	c    color.RGBA // premultiplied
}

func (o *maskOp) bounds() image.Rectangle { return o.mask.Rect }

func (o *maskOp) draw(r *render, dst *image.RGBA, alpha uint8) {
	c := o.c
	if alpha != 255 {
		a := uint32(alpha)
		c = color.RGBA{uint8(div255(uint32(c.R) * a)), uint8(div255(uint32(c.G) * a)), uint8(div255(uint32(c.B) * a)), uint8(div255(uint32(c.A) * a))}
	}
	drawMaskColor(dst, o.mask, c, dst.Rect)
}

func alpha8(opacity float64) uint8 { return uint8(math.Round(clamp01(opacity) * 255)) }

// everywhere is the visible area of a render with no page to clip to (RenderElement).
var everywhere = image.Rect(-limit, -limit, limit, limit)

// prepare computes what an element paints. vis is the part of page pixel space that matters
// (images are resampled only there).
func (r *render) prepare(e *scene.Element, path string, vis image.Rectangle) *item {
	it := &item{opacity: e.Opacity}
	if e.Hidden || !e.Type.Known() || !(e.Opacity > 0) {
		return it
	}
	it.shadow = r.shadowOf(e)
	if it.shadow != nil {
		vis = it.shadow.reachInto(vis)
	}
	if err := r.ctx.Err(); err != nil {
		return it
	}
	m := r.base.Mul(e.Transform())
	switch e.Type {
	case scene.TypeShape:
		it.ops = r.shapeOps(e, m, path)
	case scene.TypeLine:
		it.ops = r.lineOps(e, m)
	case scene.TypeImage:
		it.ops = r.imageOps(e, m, path, vis)
	case scene.TypeSVG:
		it.ops = r.svgOps(e, m, path, vis)
	case scene.TypeText:
		it.ops = r.textOps(e, m, path)
	case scene.TypeGroup:
		for i, c := range e.Children {
			ch := r.prepare(c, fmt.Sprintf("%s.children[%d]", path, i), vis)
			it.children = append(it.children, ch)
			it.bounds = it.bounds.Union(ch.fullBounds())
		}
	}
	for _, o := range it.ops {
		it.bounds = it.bounds.Union(o.bounds())
	}
	return it
}

// drawItem paints a prepared element onto dst.
func (r *render) drawItem(dst *image.RGBA, it *item) {
	if !(it.opacity > 0) || it.bounds.Empty() {
		return
	}
	direct := it.shadow == nil && (it.opacity >= 1 || (len(it.ops) == 1 && len(it.children) == 0))
	if direct {
		a := alpha8(it.opacity)
		for _, o := range it.ops {
			o.draw(r, dst, a)
		}
		for _, c := range it.children {
			r.drawItem(dst, c)
		}
		return
	}
	// Opacity applies to the element as a whole (a shape's stroke does not show its fill
	// through it; a group fades as one picture); a shadow is cast by everything it paints.
	vis := dst.Rect
	if it.shadow != nil {
		vis = it.shadow.reachInto(vis)
	}
	lr := it.bounds.Intersect(vis)
	if lr.Empty() {
		return
	}
	layer := image.NewRGBA(lr)
	for _, o := range it.ops {
		o.draw(r, layer, 255)
	}
	for _, c := range it.children {
		r.drawItem(layer, c)
	}
	if it.shadow != nil {
		r.drawShadow(dst, layer, it.shadow, it.opacity)
	}
	drawImage(dst, layer, alpha8(it.opacity), nil, dst.Rect)
}

// fillPaint returns the paint of a fill over a w × h box mapped to page pixels by m.
func fillPaint(f *scene.Fill, w, h float64, m scene.Affine) paint {
	if f.Gradient != nil {
		return newGradientPaint(f.Gradient, w, h, m, 1)
	}
	return solidPaint{premul(scene.MustColor(f.Color), 1)}
}

// strokeStyleOf converts a scene stroke to page pixels under m.
func strokeStyleOf(s *scene.Stroke, m scene.Affine) strokeStyle {
	k := strokeScale(m)
	st := strokeStyle{width: s.Width * k, cap: s.Cap, join: s.Join}
	for _, d := range geom.DashPattern(s) {
		st.dashes = append(st.dashes, d*k)
	}
	return st
}

func visibleStroke(s *scene.Stroke) bool {
	return s != nil && s.Width > 0 && scene.MustColor(s.Color).A > 0
}

// pathFill returns a fill op for path p (local units) mapped by m.
func pathFill(p *geom.Path, m scene.Affine, pt paint, evenOdd bool) *fillOp {
	poly := newCoverage()
	poly.addPath(p, m)
	return &fillOp{poly: poly, paint: pt, evenOdd: evenOdd}
}

// pathStroke returns a fill op for the stroke of path p (local units) mapped by m.
func pathStroke(p *geom.Path, m scene.Affine, st strokeStyle, c color.RGBA) *fillOp {
	poly := newCoverage()
	strokePath(poly, p, m, st)
	return &fillOp{poly: poly, paint: solidPaint{c}}
}

func (r *render) shapeOps(e *scene.Element, m scene.Affine, path string) []op {
	p, err := geom.ShapePath(e)
	if err != nil {
		r.warn(path+".path", WarnPathInvalid, "the path data has an error and is drawn up to it: "+err.Error(),
			"le tracé contient une erreur et n'est dessiné que jusqu'à elle : "+frenchPathError(err))
	}
	var ops []op
	if e.Fill != nil {
		ops = append(ops, pathFill(p, m, fillPaint(e.Fill, e.Width, e.Height, m), false))
	}
	if visibleStroke(e.Stroke) {
		ops = append(ops, pathStroke(p, m, strokeStyleOf(e.Stroke, m), premul(scene.MustColor(e.Stroke.Color), 1)))
	}
	return ops
}

func frenchPathError(err error) string {
	if pe, ok := err.(*geom.SVGPathError); ok {
		return fmt.Sprintf("%s au caractère %d", pe.Msg, pe.Offset+1)
	}
	return err.Error()
}

func (r *render) lineOps(e *scene.Element, m scene.Affine) []op {
	if !visibleStroke(e.Stroke) {
		return nil
	}
	g := geom.Line(e)
	c := premul(scene.MustColor(e.Stroke.Color), 1)
	st := strokeStyleOf(e.Stroke, m)
	ops := []op{pathStroke(g.Shaft, m, st, c)}
	for _, h := range g.Heads {
		if h.Stroked {
			hs := st
			hs.dashes, hs.join = nil, h.Join
			ops = append(ops, pathStroke(h.Path, m, hs, c))
		} else {
			ops = append(ops, pathFill(h.Path, m, solidPaint{c}, false))
		}
	}
	return ops
}
