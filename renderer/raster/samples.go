package raster

import (
	"image"
	"math"
)

// A turned photo is drawn by sampling its resampled pixels through the inverse rotation, one
// page pixel at a time (imagePaint.shadeBytes): at 300 dpi, a photo a third of an A4 page wide
// costs more than everything else on the page. Those samples depend only on the resampled
// pixels, the mapping and where each row's sampling starts, so a render with an ImageCache
// keeps them: an export made again copies them instead of sampling anew, and draws the very
// same pixels.

// sampledRows is what an imagePaint gives over a rectangle of page pixels: row y holds the
// samples of page pixels start … end−1 (spans[2i], spans[2i+1] for i = y − Min.Y), sampled as
// shadeBytes samples them for a span that starts at column start.
type sampledRows struct {
	*image.RGBA
	spans  []int32
	opaque bool // the resampled photo is opaque
}

// sampledKey names the samples of a resampled photo (named by its own key) through the map
// inv, over the rows a fill's coverage gives inside clip.
type sampledKey struct {
	resampled resampledKey
	inv       [6]float64
	clip      image.Rectangle
}

// useSamples gives pt the samples it would compute for poly's coverage inside clip: from the
// cache, or made now and kept there when they fit. Without a cache (key nil) it only tells
// whether the photo is opaque.
func (r *render) useSamples(pt *imagePaint, poly *coverage, key *resampledKey, clip image.Rectangle) {
	cache := r.o.ImageCache
	area := poly.bounds().Intersect(clip)
	size := 4 * float64(area.Dx()) * float64(area.Dy())
	finite := true
	for _, v := range pt.inv {
		finite = finite && !math.IsNaN(v) && !math.IsInf(v, 0)
	}
	if key == nil || cache == nil || area.Empty() || !finite || 2*size > float64(cache.max) {
		pt.opaque = isOpaque(pt.img, pt.img.Rect)
		return
	}
	k := sampledKey{resampled: *key, inv: pt.inv, clip: clip}
	if s, ok := cache.get(k).(*sampledRows); ok {
		pt.pre, pt.opaque = s, s.opaque
		return
	}
	pt.opaque = isOpaque(pt.img, pt.img.Rect)
	s := sampleRows(pt, poly, area)
	cache.put(k, s)
	pt.pre = s
}

// sampleRows samples pt over the rows of poly's coverage inside area.
func sampleRows(pt *imagePaint, poly *coverage, area image.Rectangle) *sampledRows {
	s := &sampledRows{RGBA: image.NewRGBA(area), spans: make([]int32, 2*area.Dy()), opaque: pt.opaque}
	for i := range s.spans {
		s.spans[i] = math.MaxInt32 // a row with no coverage: never asked for
	}
	poly.render(area, false, &scratch{}, func(y, x0 int, cov []uint8) {
		i := y - area.Min.Y
		s.spans[2*i], s.spans[2*i+1] = int32(x0), int32(x0+len(cov))
		o := s.PixOffset(x0, y)
		pt.shadeBytes(x0, y, 0, s.Pix[o:o+4*len(cov)])
	})
	return s
}

// copySamples writes into out the samples kept for page pixels x+skip … of row y when they
// were sampled for a span starting at x, as shadeBytes would compute them; false when they
// were not kept.
func (s *sampledRows) copySamples(x, y, skip int, out []uint8) bool {
	i := y - s.Rect.Min.Y
	if i < 0 || i >= len(s.spans)/2 || int32(x) != s.spans[2*i] || skip < 0 {
		return false
	}
	from, n := x+skip, len(out)/4
	if int64(from)+int64(n) > int64(s.spans[2*i+1]) {
		return false
	}
	o := s.PixOffset(from, y)
	copy(out, s.Pix[o:o+4*n])
	return true
}
