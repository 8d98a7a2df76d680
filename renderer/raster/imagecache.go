package raster

import (
	"container/list"
	"image"
	"sync"

	"affiche/renderer"
	"affiche/scene"
)

// ImageCache keeps pictures between renders, so that exporting a design again (export, fix a
// typo, export again) neither decodes nor resamples its photos a second time: photos as
// decoded, and photos resampled, filtered and blurred to the size a render drew them. Entries
// are keyed by the SHA-256 of the source file's bytes and by every input that changes their
// pixels (window, size, flips, filters, blur), never by URL, so a changed file is never served
// stale. It holds at most a fixed number of bytes of pixels, dropping the least recently used
// first. Safe for concurrent use by any number of renders; the pictures it hands out are
// shared and never modified.
//
// A server's exporter or a command line owns one and gives it to every render through
// Options.ImageCache; the renderer holds no cache of its own between renders.
type ImageCache struct {
	mu      sync.Mutex
	max     int64
	size    int64
	order   *list.List // front: most recently used
	entries map[any]*list.Element
	hits    uint64
	misses  uint64
}

// ImageCacheStats describes an ImageCache's content and use (for metrics).
type ImageCacheStats struct {
	Entries         int
	Bytes, MaxBytes int64
	Hits, Misses    uint64
}

// NewImageCache returns a cache holding at most maxBytes of pixels (≤ 0: it keeps nothing). A
// photo resampled for an A4 page at 300 dpi takes up to 35 MB; a 6-megapixel JPEG decoded, 9 MB.
func NewImageCache(maxBytes int64) *ImageCache {
	return &ImageCache{max: maxBytes, order: list.New(), entries: map[any]*list.Element{}}
}

// Stats returns the number of entries, their size and the lookups answered so far.
func (c *ImageCache) Stats() ImageCacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ImageCacheStats{Entries: len(c.entries), Bytes: c.size, MaxBytes: c.max, Hits: c.hits, Misses: c.misses}
}

type cacheEntry struct {
	key  any
	img  image.Image
	size int64
}

// decodedKey names a source file decoded.
type decodedKey struct{ digest digest }

// resampledKey names a picture resampled by bitmapOps: the source, the window of it, the size
// drawn, the flips, the colour filters and the blur.
type resampledKey struct {
	digest             digest
	sx0, sy0, sx1, sy1 float64
	w, h               int
	flipX, flipY       bool
	filters            scene.Filters
	sigma              float64
}

func (c *ImageCache) get(key any) image.Image {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		c.order.MoveToFront(e)
		c.hits++
		return e.Value.(*cacheEntry).img
	}
	c.misses++
	return nil
}

// put stores img, which must not be modified afterwards. Pictures larger than half the cache
// are not kept: they would push everything else out.
func (c *ImageCache) put(key any, img image.Image) {
	if c == nil {
		return
	}
	size := pixelBytes(img)
	if size <= 0 || 2*size > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok {
		return // another render made it meanwhile
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, img: img, size: size})
	c.size += size
	for c.size > c.max {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.entries, e.key)
		c.size -= e.size
	}
}

// pixelBytes is the memory an image's pixels take (0 for a kind the cache does not keep).
func pixelBytes(img image.Image) int64 {
	switch m := img.(type) {
	case *image.RGBA:
		return int64(len(m.Pix))
	case *sampledRows:
		return int64(len(m.Pix) + 4*len(m.spans))
	case *image.NRGBA:
		return int64(len(m.Pix))
	case *image.YCbCr:
		return int64(len(m.Y) + len(m.Cb) + len(m.Cr))
	case *image.Gray:
		return int64(len(m.Pix))
	case *image.Paletted:
		return int64(len(m.Pix) + 4*len(m.Palette))
	case *image.RGBA64:
		return int64(len(m.Pix))
	case *image.NRGBA64:
		return int64(len(m.Pix))
	case *image.Gray16:
		return int64(len(m.Pix))
	case *image.CMYK:
		return int64(len(m.Pix))
	case *image.NYCbCrA:
		return int64(len(m.Y) + len(m.Cb) + len(m.Cr) + len(m.A))
	}
	return 0
}

// picture is an image to place: its natural size, and its pixels, decoded when first needed
// (a resampled copy found in the cache needs none).
type picture struct {
	w, h   int
	src    *renderer.Source // nil when img is given
	img    image.Image
	digest digest
	keyed  bool // digest is set: results may be cached
}

// pictureOf returns the picture of a loaded source, hashed for the cache when there is one.
func (r *render) pictureOf(src *renderer.Source) *picture {
	p := &picture{w: src.Width, h: src.Height, src: src}
	if r.o.ImageCache != nil && src.Data != nil && src.Width > 0 && src.Height > 0 {
		p.digest, p.keyed = r.digestOf(src), true
	}
	return p
}

// digestMap remembers the SHA-256 of each source a render used.
type digestMap struct {
	mu sync.Mutex
	m  map[*renderer.Source]digest
}

// digestOf returns the SHA-256 of a source's bytes, computed once per render.
func (r *render) digestOf(src *renderer.Source) digest {
	r.digests.mu.Lock()
	defer r.digests.mu.Unlock()
	if r.digests.m == nil {
		r.digests.m = map[*renderer.Source]digest{}
	}
	d, ok := r.digests.m[src]
	if !ok {
		d = contentDigest(src.Data)
		r.digests.m[src] = d
	}
	return d
}

// image returns the decoded pixels, from the cache when it has them.
func (p *picture) image(c *ImageCache) (image.Image, error) {
	if p.img != nil || p.src == nil {
		return p.img, nil
	}
	if p.keyed {
		if img := c.get(decodedKey{p.digest}); img != nil {
			p.img = img
			return img, nil
		}
	}
	img, err := p.src.Image()
	if err != nil {
		return nil, err
	}
	if b := img.Bounds(); b.Dx() != p.w || b.Dy() != p.h {
		p.w, p.h = b.Dx(), b.Dy() // trust the pixels over the header
		p.keyed = false
	}
	if p.keyed {
		c.put(decodedKey{p.digest}, img)
	}
	p.img = img
	return img, nil
}
