package editor

import (
	"math"

	"affiche/scene"
)

// What page.setSize does with the elements of a resized page (its "content" argument).
const (
	// contentKeep leaves every element where it is (the default): the page box alone changes.
	contentKeep = "keep"
	// contentScale fits the design to the new size ("magic resize").
	contentScale = "scale"
)

// backdropSlack is how far (points) inside the page edges an element may stop and still count
// as covering the page: designs made by hand rarely hit the edges to the hundredth of a point.
const backdropSlack = 0.5

// scalesContent reads the content argument of page.setSize.
func (a *pageArgs) scalesContent() (bool, error) {
	switch a.Content {
	case "", contentKeep:
		return false, nil
	case contentScale:
		return true, nil
	}
	return false, &Error{Code: ErrInvalid, Path: "content", Message: `must be "keep" or "scale"`,
		MessageFR: `doit valoir « keep » (garder la disposition) ou « scale » (adapter le contenu)`}
}

// scalePageContent fits the elements of page p, laid out for a page ow × oh points, to a page
// nw × nh: everything is scaled by s = min(nw/ow, nh/oh) about the page's top-left corner and
// the scaled page is centred on the new one, so the design keeps its proportions and its
// margins and nothing falls off the page. What is drawn inside the boxes scales too (font
// sizes, strokes, corner radii, shadows, text backgrounds, blur); relative values (crop, line
// height, letter spacing, dash, gradient positions) need nothing. Groups scale through their
// children. An element that covers the whole page (an unrotated picture that fills its box,
// or a rectangle: a backdrop) is stretched to cover the new page instead. Text boxes are
// measured again with the editor's layout, as after a font size change. Locked and hidden
// elements scale with the rest: they are part of the design.
func (e *Editor) scalePageContent(t *tx, p *scene.Page, ow, oh, nw, nh float64) {
	if !(ow > 0 && oh > 0 && nw > 0 && nh > 0) || ow == nw && oh == nh {
		return
	}
	sx, sy := nw/ow, nh/oh
	s := math.Min(sx, sy)
	dx, dy := (nw-ow*s)/2, (nh-oh*s)/2
	for _, top := range p.Elements {
		el := t.touch(e, top.ID)
		if el == nil {
			continue
		}
		if isBackdrop(el, ow, oh) {
			el.X, el.Y = el.X*sx, el.Y*sy
			el.Width, el.Height = el.Width*sx, el.Height*sy
			scaleContent(el, s)
			continue
		}
		scaleAbout(el, s, 0, 0, true)
		translate(el, dx, dy)
		walkTree(el, func(x *scene.Element) {
			if x.Type == scene.TypeText {
				e.refitScaledText(x)
			}
		})
		if el.Type == scene.TypeGroup {
			scene.UpdateGroupBounds([]*scene.Element{el})
		}
	}
}

// isBackdrop reports whether el covers a w × h page as a background does: an unrotated image
// that fills its box (fit cover) or rectangle reaching every edge of the page. Stretching it
// with the page keeps it covering the page; a uniform scale would uncover a band.
func isBackdrop(el *scene.Element, w, h float64) bool {
	if el.Rotation != 0 {
		return false
	}
	switch el.Type {
	case scene.TypeImage:
		if el.Fit != "" && el.Fit != scene.FitCover {
			return false
		}
	case scene.TypeShape:
		if el.Shape != "" && el.Shape != scene.ShapeRect {
			return false
		}
	default:
		return false
	}
	return el.X <= backdropSlack && el.Y <= backdropSlack &&
		el.X+el.Width >= w-backdropSlack && el.Y+el.Height >= h-backdropSlack
}

// refitScaledText measures a scaled text box again. A box whose height follows its text (the
// editor's own: vertical alignment top) takes the height of its text, as after a font size
// change; a box aligned to the middle or bottom keeps its scaled height, taller if its text
// needs it, about the same centre.
func (e *Editor) refitScaledText(el *scene.Element) {
	if el.VerticalAlign == "" || el.VerticalAlign == scene.VAlignTop {
		if h := math.Max(e.layout.Height(el), minSize); math.Abs(h-el.Height) > 1e-9 {
			setSizeKeepTopLeft(el, el.Width, h)
		}
		return
	}
	if h := e.layout.Height(el); h > el.Height {
		el.Y -= (h - el.Height) / 2
		el.Height = h
	}
}
