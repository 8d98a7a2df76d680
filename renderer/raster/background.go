package raster

import (
	"image"
	"image/draw"

	"affiche/renderer/geom"
	"affiche/scene"
)

// background paints a page's background: white paper (unless transparent), then its colour or
// gradient, then its image (cover by default). All of them are laid out over the page plus the
// document's bleed (geom.BackgroundBox), whether the bleed is shown or not, so that they fill
// the bleed of a print export and the trimmed page looks the same either way.
func (r *render) background(dst *image.RGBA, p *scene.Page, w, h, bleed float64, path string) {
	if !r.o.Transparent {
		draw.Draw(dst, dst.Rect, &image.Uniform{C: white}, image.Point{}, draw.Src)
	}
	box := geom.BackgroundBox(w, h, bleed)
	m := r.base.Mul(scene.Translate(box.X, box.Y))
	if f := p.Background; f != nil {
		pt := fillPaint(f, box.Width, box.Height, m)
		if sp, ok := pt.(solidPaint); ok && sp.c.A == 255 {
			draw.Draw(dst, dst.Rect, &image.Uniform{C: sp.c}, image.Point{}, draw.Src)
		} else {
			poly := newCoverage()
			poly.addPath(geom.Rect(float64(dst.Rect.Min.X), float64(dst.Rect.Min.Y), float64(dst.Rect.Dx()), float64(dst.Rect.Dy())), scene.Identity)
			fillCoverage(dst, poly, false, pt, 255, nil, dst.Rect, &r.sc)
		}
	}
	bi := p.BackgroundImage
	if bi == nil || bi.Src == "" {
		return
	}
	opacity := 1.0
	if bi.Opacity != nil {
		opacity = clamp01(*bi.Opacity)
	}
	if opacity == 0 {
		return
	}
	src, err := r.load(bi.Src)
	if err == nil && src.Mime == "image/svg+xml" {
		e := &scene.Element{Width: box.Width, Height: box.Height, Fit: bi.Fit, Src: bi.Src}
		for _, o := range r.svgSourceOps(e, m, path+".backgroundImage", dst.Rect, src) {
			o.draw(r, dst, alpha8(opacity))
		}
		return
	}
	var ops []op
	if err == nil {
		ops, err = r.pictureOps(r.pictureOf(src), nil, bi.Fit, box.Width, box.Height, 0, bi.Filters, m, dst.Rect)
	}
	if err != nil {
		r.warnMissing(path+".backgroundImage.src", bi.Src, err)
		return // the page keeps its colour: a page-sized grey placeholder would only hide it
	}
	for _, o := range ops {
		o.draw(r, dst, alpha8(opacity))
	}
}
