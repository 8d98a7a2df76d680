package raster

import (
	"image"
	"sync"
)

// PagePool lends page bitmaps to RenderPage and takes them back, so that a server exporting
// one page after another does not allocate a fresh bitmap for each (35 MB for A4 at 300 dpi),
// which the garbage collector must then reclaim: the heap of a busy exporter stays near what
// one export needs. Pages not asked for again are dropped by the garbage collector after two
// cycles (it is a sync.Pool), so an idle server gives the memory back. The caller owns the
// pool, like ImageCache, and gives it to renders through Options.Pages; safe for concurrent
// use.
type PagePool struct{ pool sync.Pool }

// Put gives back a page that RenderPage returned, once nothing reads it any more (it has been
// encoded): the next render may draw over it. Put(nil) does nothing.
func (p *PagePool) Put(img *image.RGBA) {
	if p == nil || img == nil || cap(img.Pix) == 0 {
		return
	}
	p.pool.Put(img)
}

// get returns a bitmap covering r: one given back, when one is large enough, or a new one.
// clean asks for transparent pixels; otherwise the caller paints every pixel.
func (p *PagePool) get(r image.Rectangle, clean bool) *image.RGBA {
	if p != nil {
		if img, ok := p.pool.Get().(*image.RGBA); ok {
			n := 4 * r.Dx() * r.Dy()
			if cap(img.Pix) >= n {
				img.Pix, img.Stride, img.Rect = img.Pix[:n], 4*r.Dx(), r
				if clean {
					clear(img.Pix)
				}
				return img
			}
			// Too small for this page (a 72-dpi page given back before a 300-dpi render): let
			// it go.
		}
	}
	return image.NewRGBA(r)
}
