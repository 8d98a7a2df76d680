package pdf

import (
	"fmt"
	"image/color"

	"affiche/renderer/geom"
	"affiche/scene"
)

// background paints a page's background over the export's bleed box: its colour or gradient laid
// out over the page plus the document's bleed (geom.BackgroundBox, as the raster backend does),
// then its image. No colour means white paper: nothing is painted.
func (wr *writer) background(c *content, p *scene.Page, path string) {
	box := geom.BackgroundBox(wr.pageW, wr.pageH, wr.doc.Bleed)
	// Paint the bleed area of this export, whatever the document's bleed.
	area := wr.bleedRect()
	if f := p.Background; f != nil {
		c.save()
		c.transform(scene.Translate(box.X, box.Y))
		local := geom.Rect(area.X-box.X, area.Y-box.Y, area.Width, area.Height)
		wr.fillPath(c, local, f, box.Width, box.Height, 1, false)
		c.restore()
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
	e := &scene.Element{Type: scene.TypeImage, X: box.X, Y: box.Y, Width: box.Width, Height: box.Height,
		Fit: bi.Fit, Src: bi.Src, Filters: bi.Filters, Opacity: opacity}
	src, err := wr.load(bi.Src)
	if err != nil {
		wr.warnMissing(path+".backgroundImage.src", bi.Src, err)
		return // the page keeps its colour, as in the raster backend
	}
	c.save()
	c.transform(scene.Translate(box.X, box.Y))
	if src.Mime == "image/svg+xml" {
		wr.svgSource(c, e, path+".backgroundImage", src, opacity)
	} else if !wr.bitmap(c, e, path+".backgroundImage", src, opacity) {
		wr.warnMissing(path+".backgroundImage.src", bi.Src, fmt.Errorf("unreadable image"))
	}
	c.restore()
}

// element draws one element (a group with its children). A panic — a bug, never a property
// of the scene — becomes a warning, so that one element cannot lose the page.
func (wr *writer) element(c *content, e *scene.Element, path string) {
	if e == nil || e.Hidden || !e.Type.Known() || !(e.Opacity > 0) {
		return
	}
	mark := len(c.b)
	defer func() {
		if v := recover(); v != nil {
			c.b = c.b[:mark] // drop what was half written
			wr.warn(path, WarnDrawFailed, fmt.Sprintf("this element could not be drawn (%v)", v),
				fmt.Sprintf("cet élément n'a pas pu être dessiné (%v)", v))
		}
	}()
	if e.Shadow != nil {
		wr.shadow(c, e, path)
	}
	op := clamp01(e.Opacity)
	if op < 1 && needsGroup(e) {
		sub := &content{}
		wr.draw(sub, e, path, 1)
		if len(sub.b) == 0 {
			return
		}
		name := wr.form(sub, wr.mediaRect(), true, "")
		c.save()
		c.gs(wr.alpha(op))
		c.do(name)
		c.restore()
		return
	}
	wr.draw(c, e, path, op)
}

// needsGroup reports whether an element paints overlapping parts, so that an opacity must
// apply to them together (a shape's stroke must not show its fill through it).
func needsGroup(e *scene.Element) bool {
	switch e.Type {
	case scene.TypeShape:
		return e.Fill != nil && visibleStroke(e.Stroke)
	case scene.TypeLine:
		return e.StartHead != scene.HeadNone || e.EndHead != scene.HeadNone
	case scene.TypeImage:
		return visibleStroke(e.Stroke)
	case scene.TypeSVG, scene.TypeText, scene.TypeGroup:
		return true
	}
	return false
}

// draw paints the element's own content with an extra opacity, in its box coordinates.
func (wr *writer) draw(c *content, e *scene.Element, path string, opacity float64) {
	if e.Type == scene.TypeGroup {
		for i, ch := range e.Children {
			if wr.ctx.Err() != nil {
				return
			}
			if opacity < 1 {
				// Only reached when needsGroup says no: never for groups.
				ch = ch.Clone()
				ch.Opacity *= opacity
			}
			wr.element(c, ch, fmt.Sprintf("%s.children[%d]", path, i))
		}
		return
	}
	c.save()
	c.transform(e.Transform())
	switch e.Type {
	case scene.TypeShape:
		wr.shape(c, e, path, opacity)
	case scene.TypeLine:
		wr.line(c, e, opacity)
	case scene.TypeImage:
		wr.image(c, e, path, opacity)
	case scene.TypeSVG:
		wr.svg(c, e, path, opacity)
	case scene.TypeText:
		wr.text(c, e, path, opacity)
	}
	c.restore()
}

func (wr *writer) shape(c *content, e *scene.Element, path string, opacity float64) {
	p, err := geom.ShapePath(e)
	if err != nil {
		wr.warn(path+".path", WarnPathInvalid, "the path data has an error and is drawn up to it: "+err.Error(),
			"le tracé contient une erreur et n'est dessiné que jusqu'à elle : "+frenchPathError(err))
	}
	if ext, ok := wr.extension(e); ok {
		// Touching the trim: grown into the bleed, the fill keeping its geometry.
		p = geom.Rect(ext.X, ext.Y, ext.Width, ext.Height)
	}
	if e.Fill != nil {
		wr.fillPath(c, p, e.Fill, e.Width, e.Height, opacity, false)
	}
	wr.strokePath(c, p, e.Stroke, opacity, "", true)
}

func frenchPathError(err error) string {
	if pe, ok := err.(*geom.SVGPathError); ok {
		return fmt.Sprintf("%s au caractère %d", pe.Msg, pe.Offset+1)
	}
	return err.Error()
}

func (wr *writer) line(c *content, e *scene.Element, opacity float64) {
	if !visibleStroke(e.Stroke) {
		return
	}
	g := geom.Line(e)
	wr.strokePath(c, g.Shaft, e.Stroke, opacity, "", true)
	for _, h := range g.Heads {
		if h.Stroked {
			wr.strokePath(c, h.Path, e.Stroke, opacity, h.Join, false)
		} else {
			wr.fillPath(c, h.Path, scene.Solid(e.Stroke.Color), e.Width, e.Height, opacity, false)
		}
	}
}

// placeholder draws a neutral grey box with its diagonals where an image is missing, as the
// raster backend does.
func (wr *writer) placeholder(c *content, e *scene.Element, opacity float64) {
	w, h := e.Width, e.Height
	box := geom.RoundedRect(0, 0, w, h, e.CornerRadius)
	wr.fillPath(c, box, &scene.Fill{Color: scene.HexColor(color.NRGBA{0xe5, 0xe7, 0xeb, 0xff})}, w, h, opacity, false)
	cross := &geom.Path{}
	cross.MoveTo(0, 0)
	cross.LineTo(w, h)
	cross.MoveTo(w, 0)
	cross.LineTo(0, h)
	c.save()
	c.path(box)
	c.clip(false)
	wr.strokePath(c, cross, &scene.Stroke{Color: "#9ca3af", Width: 1}, opacity, "", false)
	c.restore()
}

// border strokes the border of an image or svg, inside its rounded box.
func (wr *writer) border(c *content, e *scene.Element, opacity float64) {
	if !visibleStroke(e.Stroke) {
		return
	}
	p := geom.BorderPath(e.Width, e.Height, e.CornerRadius, e.Stroke.Width)
	wr.strokePath(c, p, e.Stroke, opacity, "", true)
}
