// Package raster draws scene pages and elements to pixels: the PNG/JPEG exports, the
// thumbnails, and the editor's per-element bitmaps (it builds for GOOS=js too).
//
// Geometry comes from renderer/geom and text from renderer/text's layout, the same the PDF
// backend uses. Pixels are made by three pieces, each chosen for a reason:
//   - a coverage rasteriser of our own (coverage.go) for every filled path: exact-area
//     anti-aliasing, non-zero and even-odd rules, any clip rectangle, memory bounded to a band
//     of rows — rasterx's and x/image/vector's scanners accumulate over the whole destination
//     for each path, a full-page pass per shape at 300 dpi;
//   - rasterx's stroker for strokes and dashes (gg, through golang/freetype, cannot draw the
//     miter joins that are the scene's default); SVG icons are read by renderer/svg into
//     paths, filled and stroked by the same pieces at output resolution;
//   - image/draw for what is axis-aligned: unrotated photos, glyph masks, layers (its fast
//     paths; measured 3–13× faster than gg's transform path for the same pixels), after a
//     resampler of our own (resample.go) has brought each photo, once, to the size drawn.
//
// fogleman/gg is not used: it has no miter join (the scene's default join), clips through a
// page-sized mask, and draws images through a bilinear transform.
//
// Nothing is kept between renders by the package itself: a caller that exports again and
// again (the server, the command line) owns an ImageCache (photos decoded and resampled, keyed
// by content) and a PagePool (page bitmaps lent and given back) and passes them in Options.
//
// All drawing happens in page pixels: the page's top-left corner (or the bleed's) is pixel
// (0, 0) and one point is DPI/72 pixels. Bitmaps made for one element carry their position in
// that space, so compositing them reproduces the page exactly.
package raster

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"runtime"

	"affiche/renderer"
	"affiche/renderer/font"
	"affiche/scene"
)

// Options are the settings of a render.
type Options struct {
	// DPI is the output resolution; 0 means 72 (one pixel per point). A4 at 300 dpi is
	// 2480 × 3508 pixels.
	DPI float64
	// Fonts is the font registry text is set with. Without it text is not drawn (a warning
	// says so).
	Fonts *font.Registry
	// Loader fetches images and SVGs by URL. RenderPage wraps it in a renderer.CachingLoader so
	// that each URL is loaded and decoded once per render. Nil: only data: URLs load.
	Loader renderer.Loader
	// Bleed includes the document's bleed area around the page (RenderPage only).
	Bleed bool
	// Transparent leaves the page transparent where it has no background, instead of white.
	Transparent bool
	// ImageCache keeps decoded and resampled photos between renders (see ImageCache). Nil:
	// every render decodes and resamples its photos anew.
	ImageCache *ImageCache
	// Pages lends RenderPage its page bitmap (see PagePool); give the page back with Put once
	// it is encoded. Nil: every page is a new bitmap.
	Pages *PagePool
}

// Limits that keep a render within memory.
const (
	// MaxDPI is the highest resolution accepted.
	MaxDPI = 1200
	// MaxPagePixels bounds one page bitmap (A0 at 300 dpi is 139 Mpx, 560 MB).
	MaxPagePixels = 150_000_000
	// MaxElementPixels bounds one element bitmap made by RenderElement.
	MaxElementPixels = 64_000_000
)

// ErrTooLarge is returned (wrapped) when a bitmap would exceed the limits.
var ErrTooLarge = errors.New("bitmap too large")

// Warning is a problem that did not stop the render: a missing font or image (drawn with a
// fallback or a placeholder), an SVG or path that could not be read. Path is the JSON path of
// the element ("pages[0].elements[3]"); messages exist in English and French.
type Warning = scene.Warning

// Warning codes.
const (
	WarnImageMissing = "image-missing" // an image or SVG could not be loaded: a placeholder is drawn
	WarnSVGInvalid   = "svg-invalid"   // an SVG could not be read
	WarnPathInvalid  = "path-invalid"  // a shape's path data has an error: drawn up to it
	WarnFontMissing  = "font-missing"  // a font family is missing: a fallback is used
	WarnGlyphMissing = "glyph-missing" // characters no font has
	WarnNoFonts      = "no-fonts"      // no fonts at all: text is not drawn
	WarnDrawFailed   = "draw-failed"   // an element could not be drawn (a bug): skipped
)

// RenderPage draws page number page (from 0) of doc, which must have passed scene.Restore or
// scene.Normalize. Problems with single elements become warnings; errors are reserved for a
// bad page number, a bitmap beyond the limits, and a cancelled context.
func RenderPage(ctx context.Context, doc *scene.Document, page int, o Options) (*image.RGBA, []Warning, error) {
	if doc == nil || page < 0 || page >= len(doc.Pages) || doc.Pages[page] == nil {
		return nil, nil, fmt.Errorf("raster: no page %d", page)
	}
	r, err := newRender(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	w, h := doc.PageSize(page)
	bleed := 0.0
	if o.Bleed {
		bleed = doc.Bleed
	}
	pw, ph := pixels(w+2*bleed, r.scale), pixels(h+2*bleed, r.scale)
	if pw <= 0 || ph <= 0 || float64(pw)*float64(ph) > MaxPagePixels {
		return nil, nil, fmt.Errorf("raster: page %d at %g dpi is %d × %d pixels: %w (limit %d Mpx)",
			page+1, r.dpi, pw, ph, ErrTooLarge, MaxPagePixels/1_000_000)
	}
	r.base = scene.Scale(r.scale, r.scale).Mul(scene.Translate(bleed, bleed))
	img := o.Pages.get(image.Rect(0, 0, pw, ph), o.Transparent)
	p := doc.Pages[page]
	// Elements are prepared (images decoded and resampled, text laid out, outlines
	// rasterised) a few ahead, concurrently, and drawn in order as they come: the decoding of
	// a photo overlaps the drawing of what lies under it and the preparing of what lies above.
	results := make([]chan prepared, len(p.Elements))
	for i := range results {
		results[i] = make(chan prepared, 1)
	}
	ahead := make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))
	go func() {
		for i, e := range p.Elements {
			ahead <- struct{}{}
			go func() {
				results[i] <- r.fork().prepareSafely(e, fmt.Sprintf("pages[%d].elements[%d]", page, i), img.Rect)
			}()
		}
	}()
	r.background(img, p, w, h, doc.Bleed, fmt.Sprintf("pages[%d]", page))
	for i := range p.Elements {
		res := <-results[i]
		<-ahead
		for _, w := range res.warnings {
			r.warn(w.Path, w.Code, w.Message, w.MessageFR)
		}
		if ctx.Err() == nil && res.it != nil {
			r.drawSafely(img, res.it, res.path)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, r.warnings, err
	}
	return img, r.warnings, nil
}

// RenderElement draws one element alone (a group with its children) into its own transparent
// bitmap at o.DPI, the way RenderPage draws it: drawn over the page at origin, it gives the
// same pixels. origin is where the bitmap's top-left corner lands in page pixels (the page's
// top-left corner is (0, 0); o.Bleed is ignored); the bitmap holds everything the element
// paints, shadow, strokes and line heads included. An element that paints nothing gives an
// empty bitmap. Problems that RenderPage reports as warnings are not reported here.
func RenderElement(ctx context.Context, e *scene.Element, o Options) (img *image.RGBA, origin image.Point, err error) {
	if e == nil {
		return nil, image.Point{}, errors.New("raster: no element")
	}
	r, err := newRender(ctx, o)
	if err != nil {
		return nil, image.Point{}, err
	}
	r.base = scene.Scale(r.scale, r.scale)
	// Refuse early what cannot fit, before decoding or resampling anything: the element's box
	// (its overflow comes on top) at this resolution.
	if bb := e.Bounds(); bb.Width*r.scale*bb.Height*r.scale > MaxElementPixels {
		return nil, image.Point{}, fmt.Errorf("raster: element %q at %g dpi needs more than %d Mpx: %w",
			e.ID, r.dpi, MaxElementPixels/1_000_000, ErrTooLarge)
	}
	it, err := r.safePrepare(e)
	if err != nil {
		return nil, image.Point{}, fmt.Errorf("raster: element %q: %w", e.ID, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, image.Point{}, err
	}
	b := it.fullBounds()
	if b.Empty() {
		return image.NewRGBA(image.Rectangle{}), image.Point{}, nil
	}
	if float64(b.Dx())*float64(b.Dy()) > MaxElementPixels {
		return nil, image.Point{}, fmt.Errorf("raster: element %q at %g dpi needs %d × %d pixels: %w (limit %d Mpx)",
			e.ID, r.dpi, b.Dx(), b.Dy(), ErrTooLarge, MaxElementPixels/1_000_000)
	}
	img = image.NewRGBA(b)
	if err := r.safeDraw(img, it); err != nil {
		return nil, image.Point{}, fmt.Errorf("raster: element %q: %w", e.ID, err)
	}
	// Re-base the bitmap to (0, 0): same pixels, origin returned separately.
	img.Rect = image.Rect(0, 0, b.Dx(), b.Dy())
	return img, b.Min, nil
}

func (r *render) safePrepare(e *scene.Element) (it *item, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("could not be drawn (%v)", v)
		}
	}()
	return r.prepare(e, "element", everywhere), nil
}

// safeDraw draws a prepared element, turning a panic (a bug, never a property of the scene)
// into an error.
func (r *render) safeDraw(dst *image.RGBA, it *item) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("could not be drawn (%v)", v)
		}
	}()
	r.drawItem(dst, it)
	return nil
}

// pixels converts a length in points to whole pixels (A4 at 300 dpi: 2480 × 3508).
func pixels(pt, scale float64) int {
	v := math.Round(pt * scale)
	if !(v < math.MaxInt32) {
		return math.MaxInt32
	}
	return int(v)
}

// render is the state of one render.
type render struct {
	ctx    context.Context
	o      Options
	dpi    float64
	scale  float64      // pixels per point
	base   scene.Affine // page points → page pixels
	loader renderer.Loader
	sc     scratch
	// digests holds the SHA-256 of each source's bytes (ImageCache keys), shared by forks.
	digests *digestMap
	// warnings, each message once.
	warnings []Warning
	seen     map[string]bool
}

func newRender(ctx context.Context, o Options) (*render, error) {
	dpi := o.DPI
	if dpi == 0 {
		dpi = 72
	}
	if !(dpi > 0) || dpi > MaxDPI {
		return nil, fmt.Errorf("raster: resolution %g dpi out of range (1–%d)", o.DPI, MaxDPI)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	var next renderer.Loader = renderer.DataLoader{}
	if o.Loader != nil {
		next = renderer.DataLoader{Next: o.Loader}
	}
	return &render{
		ctx:     ctx,
		o:       o,
		dpi:     dpi,
		scale:   dpi / 72,
		loader:  &renderer.CachingLoader{Next: next},
		digests: &digestMap{},
		seen:    map[string]bool{},
	}, nil
}

// fork returns a render for preparing one element on another goroutine: same settings and
// loader, its own warnings and scratch buffers.
func (r *render) fork() *render {
	return &render{ctx: r.ctx, o: r.o, dpi: r.dpi, scale: r.scale, base: r.base, loader: r.loader, digests: r.digests, seen: map[string]bool{}}
}

// prepared is an element prepared on another goroutine, with its warnings.
type prepared struct {
	it       *item
	path     string
	warnings []Warning
}

// prepareSafely prepares an element (visible area vis), turning a panic (a bug, never a
// property of the scene) into a warning so that one element cannot lose the page.
func (r *render) prepareSafely(e *scene.Element, path string, vis image.Rectangle) (res prepared) {
	res.path = path
	defer func() {
		if v := recover(); v != nil {
			r.warn(path, WarnDrawFailed, fmt.Sprintf("this element could not be drawn (%v)", v),
				fmt.Sprintf("cet élément n'a pas pu être dessiné (%v)", v))
			res.it = nil
		}
		res.warnings = r.warnings
	}()
	if r.ctx.Err() == nil {
		res.it = r.prepare(e, path, vis)
	}
	return res
}

// drawSafely draws a prepared element, turning a panic into a warning.
func (r *render) drawSafely(dst *image.RGBA, it *item, path string) {
	defer func() {
		if v := recover(); v != nil {
			r.warn(path, WarnDrawFailed, fmt.Sprintf("this element could not be drawn (%v)", v),
				fmt.Sprintf("cet élément n'a pas pu être dessiné (%v)", v))
		}
	}()
	r.drawItem(dst, it)
}

func (r *render) warn(path, code, en, fr string) {
	key := code + "\x00" + en
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	if len(r.warnings) < 200 {
		r.warnings = append(r.warnings, Warning{Path: path, Code: code, Message: en, MessageFR: fr})
	}
}

// white is the page colour when a page has no background.
var white = color.RGBA{255, 255, 255, 255}
