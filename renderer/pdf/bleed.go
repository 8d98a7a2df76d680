package pdf

import (
	"affiche/renderer/geom"
	"affiche/scene"
)

// Elements that touch the trim extend into the bleed, so that a cut a little off the line
// still shows no white edge: a filled rectangle or a photo placed edge to edge on the page
// grows, on each side that touches the trim, out to the bleed's edge. What shows inside the
// trim does not change: a rectangle keeps its gradient's geometry, a photo keeps its placement
// and shows, in the bleed, the pixels its crop hid or else a copy fitted to the larger box
// underneath. Rotated elements, rounded or stroked shapes, text and icons are left as they are
// (text belongs inside the safe zone; a frame or a rounded corner would change shape).

// touchEpsilon is how close to the trim an edge must be to count as touching it (points).
const touchEpsilon = 0.75

// extension returns the box, in e's local coordinates, that e is drawn into when it touches
// the trim; ok is false when e keeps its own box.
func (wr *writer) extension(e *scene.Element) (ext scene.Rect, ok bool) {
	b := wr.bleed
	if !(b > 0) || e.Rotation != 0 || !(e.Width > 0) || !(e.Height > 0) || visibleStroke(e.Stroke) ||
		geom.ClampRadius(e.Width, e.Height, e.CornerRadius) > 0 {
		return scene.Rect{}, false
	}
	switch e.Type {
	case scene.TypeShape:
		if (e.Shape != scene.ShapeRect && e.Shape != "") || e.Fill == nil {
			return scene.Rect{}, false
		}
	case scene.TypeImage:
		if e.Fit == scene.FitContain {
			return scene.Rect{}, false
		}
	default:
		return scene.Rect{}, false
	}
	x0, y0, x1, y1 := e.X, e.Y, e.X+e.Width, e.Y+e.Height
	// Only elements over the page, with an edge on (or just past) the trim.
	if x1 <= 0 || y1 <= 0 || x0 >= wr.pageW || y0 >= wr.pageH {
		return scene.Rect{}, false
	}
	grow := false
	if x0 <= touchEpsilon && x0 > -b {
		x0, grow = -b, true
	}
	if y0 <= touchEpsilon && y0 > -b {
		y0, grow = -b, true
	}
	if x1 >= wr.pageW-touchEpsilon && x1 < wr.pageW+b {
		x1, grow = wr.pageW+b, true
	}
	if y1 >= wr.pageH-touchEpsilon && y1 < wr.pageH+b {
		y1, grow = wr.pageH+b, true
	}
	if !grow {
		return scene.Rect{}, false
	}
	// Local coordinates: flips mirror the box about its centre.
	lx0, lx1 := x0-e.X, x1-e.X
	ly0, ly1 := y0-e.Y, y1-e.Y
	if e.FlipX {
		lx0, lx1 = e.Width-lx1, e.Width-lx0
	}
	if e.FlipY {
		ly0, ly1 = e.Height-ly1, e.Height-ly0
	}
	return scene.Rect{X: lx0, Y: ly0, Width: lx1 - lx0, Height: ly1 - ly0}, true
}

// bleedUnderlay draws, under a photo that touches the trim, the same picture fitted to the
// extended box, clipped to it: it shows only where the photo's own pixels do not reach.
func (wr *writer) bleedUnderlay(c *content, e *scene.Element, ext scene.Rect, im *pdfImage, opacity float64) {
	pl := geom.PlaceImage(float64(im.w), float64(im.h), e.Crop, e.Fit, ext.Width, ext.Height)
	if !(pl.Src.Width > 0) || !(pl.Src.Height > 0) {
		return
	}
	sx, sy := pl.Dst.Width/pl.Src.Width, pl.Dst.Height/pl.Src.Height
	c.save()
	c.rect(ext)
	c.clip(false)
	if opacity < 1 {
		c.gs(wr.alpha(opacity))
	}
	ix, iy := ext.X+pl.Dst.X-pl.Src.X*sx, ext.Y+pl.Dst.Y-pl.Src.Y*sy
	iw, ih := float64(im.w)*sx, float64(im.h)*sy
	c.transform(placement(ix, iy, iw, ih, im.o))
	c.do(im.name)
	c.restore()
}

// covers reports whether a picture drawn over img (local coordinates) covers r.
func covers(img, r scene.Rect) bool {
	const e = 1e-6
	return img.X <= r.X+e && img.Y <= r.Y+e && img.X+img.Width >= r.X+r.Width-e && img.Y+img.Height >= r.Y+r.Height-e
}
