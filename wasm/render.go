package main

import (
	"context"
	"errors"
	"image"
	"strings"

	"affiche/renderer/raster"
	"affiche/scene"
)

// need lists what the page must hand over before an element can be drawn as it will print.
type need struct {
	Fonts   []faceRef   `json:"fonts,omitempty"`
	Images  []imageNeed `json:"images,omitempty"`
	Sources []imageNeed `json:"sources,omitempty"`
}

func (n *need) empty() bool { return len(n.Fonts) == 0 && len(n.Images) == 0 && len(n.Sources) == 0 }

func (n *need) add(o need) {
	n.Fonts = append(n.Fonts, o.Fonts...)
	n.Images = append(n.Images, o.Images...)
	n.Sources = append(n.Sources, o.Sources...)
}

// bitmap is a rendered element or page: straight-alpha RGBA pixels and where they go, in device
// pixels from the page's top-left corner.
type bitmap struct {
	X, Y, W, H int
	Pix        []byte
}

// drawer draws for the page with what was handed over.
type drawer struct {
	fonts  *fontSet
	images *imageSet
}

// elementNeeds lists the fonts and images an element (with its children) lacks at scale.
func (r *drawer) elementNeeds(doc *scene.Document, el *scene.Element, scale float64) need {
	var n need
	n.Fonts = r.fonts.needs(doc, el)
	n.Images, n.Sources = r.images.needs(el, scale)
	return n
}

// pageNeeds lists what a whole page lacks at scale (background image included).
func (r *drawer) pageNeeds(doc *scene.Document, p *scene.Page, scale float64, withElements bool) need {
	var n need
	if bi := p.BackgroundImage; bi != nil && bi.Src != "" {
		w, h := doc.Width, doc.Height
		if p.Width > 0 {
			w = p.Width
		}
		if p.Height > 0 {
			h = p.Height
		}
		if in, ok := r.images.need(bi.Src, w, h, nil, scale); ok {
			n.Images = append(n.Images, in)
		}
	}
	if withElements {
		for _, el := range p.Elements {
			if !el.Hidden {
				n.add(r.elementNeeds(doc, el, scale))
			}
		}
	}
	return n
}

func (r *drawer) options(scale float64) raster.Options {
	return raster.Options{DPI: scale * 72, Fonts: r.fonts.reg, Loader: r.images}
}

// element draws one element at scale device pixels per point. Ancestor groups' opacity is
// applied (the page composites leaves only). ok is false when the element is too large.
func (r *drawer) element(el *scene.Element, ancestorsOpacity float64, scale float64) (b bitmap, tooLarge float64, err error) {
	el = r.images.withAliases(el)
	if ancestorsOpacity < 1 {
		c := el.Clone()
		c.Opacity *= ancestorsOpacity
		el = c
	}
	img, origin, err := raster.RenderElement(context.Background(), el, r.options(scale))
	if err != nil {
		if errors.Is(err, raster.ErrTooLarge) {
			return bitmap{}, el.Width * el.Height * scale * scale, nil
		}
		return bitmap{}, 0, err
	}
	return toBitmap(img, origin), 0, nil
}

// page draws a whole page (its background only when withElements is false).
func (r *drawer) page(doc *scene.Document, index int, scale float64, withElements, bleed bool) (bitmap, error) {
	// A copy of the page to draw: without its elements for the background alone, and with
	// the data: URLs at hand replaced by their aliases (see imageSet.withAliases).
	cp := *doc
	p := *doc.Pages[index]
	if withElements {
		p.Elements = make([]*scene.Element, len(p.Elements))
		for i, el := range doc.Pages[index].Elements {
			p.Elements[i] = r.images.withAliases(el)
		}
	} else {
		p.Elements = nil
	}
	if bi := p.BackgroundImage; bi != nil && strings.HasPrefix(bi.Src, "data:") {
		if a, ok := r.images.alias(bi.Src); ok {
			b := *bi
			b.Src = a
			p.BackgroundImage = &b
		}
	}
	cp.Pages = []*scene.Page{&p}
	d := &cp
	index = 0
	o := r.options(scale)
	o.Bleed = bleed
	img, _, err := raster.RenderPage(context.Background(), d, index, o)
	if err != nil {
		return bitmap{}, err
	}
	return toBitmap(img, image.Point{}), nil
}

func toBitmap(img *image.RGBA, origin image.Point) bitmap {
	b := img.Bounds()
	pix := img.Pix
	if img.Stride != 4*b.Dx() {
		pix = make([]byte, 0, 4*b.Dx()*b.Dy())
		for y := b.Min.Y; y < b.Max.Y; y++ {
			i := img.PixOffset(b.Min.X, y)
			pix = append(pix, img.Pix[i:i+4*b.Dx()]...)
		}
	}
	unpremultiply(pix)
	return bitmap{X: origin.X, Y: origin.Y, W: b.Dx(), H: b.Dy(), Pix: pix}
}

// ancestors returns the groups enclosing the element with id on page p, outermost first, and
// the element itself (nil when absent).
func ancestors(p *scene.Page, id string) (chain []*scene.Element, el *scene.Element) {
	var walk func(els []*scene.Element) bool
	walk = func(els []*scene.Element) bool {
		for _, e := range els {
			if e.ID == id {
				el = e
				return true
			}
			if len(e.Children) > 0 {
				chain = append(chain, e)
				if walk(e.Children) {
					return true
				}
				chain = chain[:len(chain)-1]
			}
		}
		return false
	}
	walk(p.Elements)
	return chain, el
}

// opacityOf multiplies the opacity of groups (scene opacity 0–1).
func opacityOf(groups []*scene.Element) float64 {
	o := 1.0
	for _, g := range groups {
		o *= g.Opacity
	}
	return o
}
