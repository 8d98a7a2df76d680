package raster

import (
	"image"
	"sync"
	"time"
)

// PagePool lends page bitmaps to RenderPage and takes them back, so that a server exporting
// one page after another does not allocate a fresh bitmap for each (35 MB for A4 at 300 dpi),
// which the garbage collector must then reclaim: the heap of a busy exporter stays near what
// one export needs. It keeps at most Max pages, and none once it has not been used for Idle,
// so an idle server gives the memory back. The caller owns the pool, like ImageCache, and
// gives it to renders through Options.Pages. The zero value is ready; safe for concurrent
// use.
type PagePool struct {
	// Max is the number of pages kept for reuse (0: 1, enough for exports one at a time).
	Max int
	// Idle is how long pages are kept after the last one was given back (0: one minute).
	Idle time.Duration

	mu    sync.Mutex
	free  []*image.RGBA
	timer *time.Timer
}

// Put gives back a page that RenderPage returned, once nothing reads it any more (it has been
// encoded): a later render may draw over it. Put(nil) does nothing.
func (p *PagePool) Put(img *image.RGBA) {
	if p == nil || img == nil || cap(img.Pix) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) < max(1, p.Max) {
		p.free = append(p.free, img)
	} else {
		// Full: keep the larger pages (a 72-dpi page kept must not turn every later 300-dpi
		// page away).
		small := 0
		for i, f := range p.free {
			if cap(f.Pix) < cap(p.free[small].Pix) {
				small = i
			}
		}
		if cap(img.Pix) > cap(p.free[small].Pix) {
			p.free[small] = img
		}
	}
	idle := p.Idle
	if idle <= 0 {
		idle = time.Minute
	}
	if p.timer == nil {
		p.timer = time.AfterFunc(idle, p.drop)
	} else {
		p.timer.Reset(idle)
	}
}

// drop lets the kept pages go (the pool has been idle).
func (p *PagePool) drop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.free)
	p.free = p.free[:0]
}

// get returns a bitmap covering r: a kept one large enough, or a new one. clean asks for
// transparent pixels; otherwise the caller paints every pixel.
func (p *PagePool) get(r image.Rectangle, clean bool) *image.RGBA {
	if p != nil {
		n := 4 * r.Dx() * r.Dy()
		p.mu.Lock()
		best := -1
		for i, img := range p.free { // the smallest that fits
			if cap(img.Pix) >= n && (best < 0 || cap(img.Pix) < cap(p.free[best].Pix)) {
				best = i
			}
		}
		var img *image.RGBA
		if best >= 0 {
			img = p.free[best]
			last := len(p.free) - 1
			p.free[best], p.free[last] = p.free[last], nil
			p.free = p.free[:last]
		}
		p.mu.Unlock()
		if img != nil {
			img.Pix, img.Stride, img.Rect = img.Pix[:n], 4*r.Dx(), r
			if clean {
				clear(img.Pix)
			}
			return img
		}
	}
	return image.NewRGBA(r)
}
