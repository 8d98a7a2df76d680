package raster

import (
	"errors"
	"image"
	"image/color"
	"math"
	"strings"

	"affiche/renderer"
	"affiche/renderer/geom"
	"affiche/scene"
)

// maxResamplePixels bounds the bitmap one rotated image is resampled to.
const maxResamplePixels = 40_000_000

// imageOps draws an image element: the picture (cropped, fitted, filtered, clipped to the
// rounded box) and its border. An image that cannot be loaded becomes a placeholder.
func (r *render) imageOps(e *scene.Element, m scene.Affine, path string, vis image.Rectangle) []op {
	src, err := r.load(e.Src)
	var ops []op
	switch {
	case err != nil:
		r.warnMissing(path+".src", e.Src, err)
		ops = placeholderOps(e, m)
	case src.Mime == "image/svg+xml":
		ops = r.svgSourceOps(e, m, path, vis, src)
	default:
		ops, err = r.pictureOps(r.pictureOf(src), e.Crop, e.Fit, e.Width, e.Height, e.CornerRadius, e.Filters, m, vis)
		if err != nil {
			r.warnMissing(path+".src", e.Src, err)
			ops = placeholderOps(e, m)
		}
	}
	return append(ops, borderOps(e, m)...)
}

// load fetches a source through the render's caching loader.
func (r *render) load(url string) (*renderer.Source, error) {
	if strings.TrimSpace(url) == "" {
		return nil, errors.New("no source URL")
	}
	return r.loader.Load(r.ctx, url)
}

func (r *render) warnMissing(path, url string, err error) {
	en, fr := renderer.ImageMissing(url, err)
	r.warn(path, WarnImageMissing, en, fr)
}

// placeholderOps draws a neutral grey box with its diagonals where an image is missing.
func placeholderOps(e *scene.Element, m scene.Affine) []op {
	w, h := e.Width, e.Height
	box := geom.RoundedRect(0, 0, w, h, e.CornerRadius)
	fill := pathFill(box, m, solidPaint{premul(color.NRGBA{0xe5, 0xe7, 0xeb, 0xff}, 1)}, false)
	cross := &geom.Path{}
	cross.MoveTo(0, 0)
	cross.LineTo(w, h)
	cross.MoveTo(w, 0)
	cross.LineTo(0, h)
	st := strokeStyle{width: math.Max(1, strokeScale(m))}
	lines := pathStroke(cross, m, st, premul(color.NRGBA{0x9c, 0xa3, 0xaf, 0xff}, 1))
	lines.mask = maskOf(box, m, lines.poly.bounds())
	return []op{fill, lines}
}

// borderOps draws the border (stroke) of an image or svg, inside its rounded box.
func borderOps(e *scene.Element, m scene.Affine) []op {
	if !visibleStroke(e.Stroke) {
		return nil
	}
	p := geom.BorderPath(e.Width, e.Height, e.CornerRadius, e.Stroke.Width)
	return []op{pathStroke(p, m, strokeStyleOf(e.Stroke, m), premul(scene.MustColor(e.Stroke.Color), 1))}
}

// maskOf rasterises path p (local units, mapped by m) into an alpha mask over area.
func maskOf(p *geom.Path, m scene.Affine, area image.Rectangle) *image.Alpha {
	poly := newCoverage()
	poly.addPath(p, m)
	area = area.Intersect(poly.bounds())
	a := image.NewAlpha(area)
	poly.render(area, false, &scratch{}, func(y, x0 int, cov []uint8) {
		copy(a.Pix[a.PixOffset(x0, y):], cov)
	})
	return a
}

// bitmapOps places a decoded image in a w × h box (local units, mapped to page pixels by m):
// crop and fit, resampled once to the size drawn (only the part inside vis when the image is
// axis-aligned), colour filters and blur at output resolution, clipped to the box rounded by
// radius.
func (r *render) bitmapOps(img image.Image, crop *scene.Rect, fit scene.Fit, w, h, radius float64, f *scene.Filters, m scene.Affine, vis image.Rectangle) []op {
	nb := img.Bounds()
	ops, _ := r.pictureOps(&picture{w: nb.Dx(), h: nb.Dy(), img: img}, crop, fit, w, h, radius, f, m, vis)
	return ops
}

// pictureOps is bitmapOps for a picture that may still have to be decoded: when the render
// has an ImageCache and the picture's content is known, the resampled pixels come from the
// cache, and the photo is decoded (or taken decoded from the cache) only when they are not
// there. The error is the decoder's.
func (r *render) pictureOps(pic *picture, crop *scene.Rect, fit scene.Fit, w, h, radius float64, f *scene.Filters, m scene.Affine, vis image.Rectangle) ([]op, error) {
	if !pic.keyed {
		if _, err := pic.image(nil); err != nil {
			return nil, err
		}
	}
	if pic.w <= 0 || pic.h <= 0 || !(w > 0) || !(h > 0) {
		return nil, nil
	}
	cache := r.o.ImageCache
	// resample returns the window of the picture resampled to ow × oh, flipped, filtered and
	// blurred by sigma: from the cache, or made (and kept) now.
	resample := func(sx0, sy0, sx1, sy1 float64, ow, oh int, flipX, flipY bool, sigma float64) (*image.RGBA, *resampledKey, error) {
		key := resampledKey{digest: pic.digest, sx0: sx0, sy0: sy0, sx1: sx1, sy1: sy1, w: ow, h: oh, flipX: flipX, flipY: flipY, sigma: sigma}
		if f != nil {
			key.filters = *f
		}
		if pic.keyed {
			if c, ok := cache.get(key).(*image.RGBA); ok {
				return c, &key, nil
			}
		}
		keyed := pic.keyed
		img, err := pic.image(cache)
		if err != nil {
			return nil, nil, err
		}
		if keyed && !pic.keyed {
			return nil, nil, errRetry
		}
		rgba := resampleImage(img, sx0, sy0, sx1, sy1, ow, oh)
		if flipX {
			flipH(rgba)
		}
		if flipY {
			flipV(rgba)
		}
		ApplyFilters(rgba, f)
		blurRGBA(rgba, sigma)
		if !pic.keyed {
			return rgba, nil, nil
		}
		cache.put(key, rgba)
		return rgba, &key, nil
	}
	ops, err := r.placePicture(pic, resample, crop, fit, w, h, radius, f, m, vis)
	if err == errRetry {
		// The decoded size differs from the file's header: place the pixels as they are.
		return r.pictureOps(pic, crop, fit, w, h, radius, f, m, vis)
	}
	return ops, err
}

// errRetry says that a picture's decoded size differs from its header's, so its placement
// must be computed again.
var errRetry = errors.New("raster: picture size changed when decoded")

// resampler gives a window of a picture resampled, flipped, filtered and blurred (see
// pictureOps), and the key that names those pixels in the ImageCache (nil: not cacheable).
type resampler func(sx0, sy0, sx1, sy1 float64, ow, oh int, flipX, flipY bool, sigma float64) (*image.RGBA, *resampledKey, error)

func (r *render) placePicture(pic *picture, resample resampler, crop *scene.Rect, fit scene.Fit, w, h, radius float64, f *scene.Filters, m scene.Affine, vis image.Rectangle) ([]op, error) {
	pl := geom.PlaceImage(float64(pic.w), float64(pic.h), crop, fit, w, h)
	if !(pl.Src.Width > 0) || !(pl.Src.Height > 0) || !(pl.Dst.Width > 0) || !(pl.Dst.Height > 0) {
		return nil, nil
	}
	sigma := BlurFilterSigma(f, r.scale)
	box := geom.RoundedRect(0, 0, w, h, radius)
	rounded := geom.ClampRadius(w, h, radius) > 0

	if m[1] == 0 && m[2] == 0 {
		// Axis-aligned (flips allowed): resample straight to page pixels, snapped to whole
		// pixels, and blit.
		x0, y0 := m.Apply(pl.Dst.X, pl.Dst.Y)
		x1, y1 := m.Apply(pl.Dst.X+pl.Dst.Width, pl.Dst.Y+pl.Dst.Height)
		flipX, flipY := x1 < x0, y1 < y0
		if flipX {
			x0, x1 = x1, x0
		}
		if flipY {
			y0, y1 = y1, y0
		}
		d := image.Rect(roundInt(x0), roundInt(y0), roundInt(x1), roundInt(y1))
		if d.Empty() {
			return nil, nil
		}
		show := d.Intersect(vis)
		if show.Empty() {
			return nil, nil
		}
		// The window resampled: the whole picture when most of it shows, so that a page and
		// an element rendered alone get the very same pixels; only the visible part (plus what
		// the resampling filter and the blur reach) when most of it is off the page.
		v := d
		if 2*area(show) < area(d) {
			v = show.Inset(-4 - int(math.Ceil(3*sigma))).Intersect(d)
		}
		if float64(v.Dx())*float64(v.Dy()) > MaxPagePixels {
			return nil, nil
		}
		sx := func(px int) float64 {
			t := float64(px-d.Min.X) / float64(d.Dx())
			if flipX {
				t = 1 - t
			}
			return pl.Src.X + t*pl.Src.Width
		}
		sy := func(py int) float64 {
			t := float64(py-d.Min.Y) / float64(d.Dy())
			if flipY {
				t = 1 - t
			}
			return pl.Src.Y + t*pl.Src.Height
		}
		sx0, sx1 := sx(v.Min.X), sx(v.Max.X)
		sy0, sy1 := sy(v.Min.Y), sy(v.Max.Y)
		made, _, err := resample(math.Min(sx0, sx1), math.Min(sy0, sy1), math.Max(sx0, sx1), math.Max(sy0, sy1), v.Dx(), v.Dy(), flipX, flipY, sigma)
		if err != nil {
			return nil, err
		}
		// The pixels made (maybe shared through the cache) are placed at v, never changed.
		rgba := &image.RGBA{Pix: made.Pix, Stride: made.Stride, Rect: v}
		if show != v {
			rgba = rgba.SubImage(show).(*image.RGBA)
		}
		io := &imageOp{img: rgba}
		if rounded {
			io.mask = maskOf(box, m, show)
		}
		return []op{io}, nil
	}

	// Rotated or skewed: resample to the size drawn, then sample it through the inverse
	// transform inside the (rounded) outline, whose coverage gives smooth edges.
	k := strokeScale(m)
	dw := max(1, roundInt(pl.Dst.Width*k))
	dh := max(1, roundInt(pl.Dst.Height*k))
	if n := float64(dw) * float64(dh); n > maxResamplePixels {
		f := math.Sqrt(maxResamplePixels / n)
		dw, dh = max(1, int(float64(dw)*f)), max(1, int(float64(dh)*f))
	}
	inv, ok := m.Invert()
	if !ok {
		return nil, nil
	}
	rgba, key, err := resample(pl.Src.X, pl.Src.Y, pl.Src.X+pl.Src.Width, pl.Src.Y+pl.Src.Height, dw, dh, false, false, sigma*float64(dw)/(pl.Dst.Width*k))
	if err != nil {
		return nil, err
	}
	toImg := scene.Scale(float64(dw)/pl.Dst.Width, float64(dh)/pl.Dst.Height).
		Mul(scene.Translate(-pl.Dst.X, -pl.Dst.Y)).Mul(inv)
	pt := &imagePaint{img: rgba, inv: toImg, a: 255}
	var o *fillOp
	if pl.Dst == (scene.Rect{Width: w, Height: h}) {
		o = pathFill(box, m, pt, false)
	} else {
		o = pathFill(geom.Rect(pl.Dst.X, pl.Dst.Y, pl.Dst.Width, pl.Dst.Height), m, pt, false)
		if rounded {
			o.mask = maskOf(box, m, o.poly.bounds())
		}
	}
	// The samples are kept with the photo: an export made again copies them instead of
	// sampling the photo through the rotation anew. The page is where they are drawn (vis),
	// cut by the mask as fillCoverage cuts it.
	clip := vis
	if o.mask != nil {
		clip = clip.Intersect(o.mask.Rect)
	}
	r.useSamples(pt, o.poly, key, clip)
	return []op{o}, nil
}

func area(r image.Rectangle) float64 { return float64(r.Dx()) * float64(r.Dy()) }

func roundInt(v float64) int {
	v = math.Round(clampF(v, limit))
	return int(v)
}

func flipH(n *image.RGBA) {
	b := n.Rect
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := n.Pix[n.PixOffset(b.Min.X, y) : n.PixOffset(b.Min.X, y)+4*b.Dx()]
		for i, j := 0, b.Dx()-1; i < j; i, j = i+1, j-1 {
			a, c := row[4*i:4*i+4], row[4*j:4*j+4]
			for k := range 4 {
				a[k], c[k] = c[k], a[k]
			}
		}
	}
}

func flipV(n *image.RGBA) {
	b := n.Rect
	w := 4 * b.Dx()
	tmp := make([]uint8, w)
	for i, j := b.Min.Y, b.Max.Y-1; i < j; i, j = i+1, j-1 {
		a := n.Pix[n.PixOffset(b.Min.X, i) : n.PixOffset(b.Min.X, i)+w]
		c := n.Pix[n.PixOffset(b.Min.X, j) : n.PixOffset(b.Min.X, j)+w]
		copy(tmp, a)
		copy(a, c)
		copy(c, tmp)
	}
}
