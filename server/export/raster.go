package export

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"affiche/internal/bundled"
	"affiche/renderer/encode"
	"affiche/renderer/font"
	"affiche/renderer/raster"
	"affiche/scene"
	"affiche/server/apierr"
)

// Raster is the Renderer backed by renderer/raster and renderer/encode: the same drawing and
// encoding as `affiche render`, so an export over HTTP gives the CLI's bytes.
type Raster struct {
	// Images keeps photos decoded and resampled between exports (nil: none), so that exporting
	// a design again (after fixing a typo) does not decode and resample its photos again.
	Images *raster.ImageCache
	// Pages lends page bitmaps to renders and takes them back once encoded (nil: a new bitmap
	// per page), so that a stream of exports does not allocate and collect 35 MB per A4 page
	// at 300 dpi.
	Pages *raster.PagePool
}

// DefaultImageCacheBytes is the size of the image cache `affiche serve` gives Raster: the
// photos of a few A4 pages at 300 dpi.
const DefaultImageCacheBytes = 64 << 20

// WriteImage implements Renderer.
func (rr Raster) WriteImage(ctx context.Context, doc *scene.Document, page int, opt Options, res *Resources, w io.Writer) error {
	fonts, err := fontsFor(ctx, doc, res)
	if err != nil {
		return err
	}
	o := raster.Options{DPI: opt.DPI, Fonts: fonts, Loader: res.Images, ImageCache: rr.Images, Pages: rr.Pages}
	if opt.Bleed > 0 {
		o.Bleed = true
		if opt.Bleed != doc.Bleed { // a bleed other than the document's: render a copy with it
			c := *doc
			c.Bleed = opt.Bleed
			doc = &c
		}
	}
	img, _, err := raster.RenderPage(ctx, doc, page, o)
	if err != nil {
		return err
	}
	defer rr.Pages.Put(img) // once encoded
	if opt.Format == FormatJPEG {
		return encode.JPEG(w, img, opt.DPI, opt.Quality)
	}
	return encode.PNG(w, img, opt.DPI)
}

// fontsFor returns the registry to set the document's text with: the shared bundled one, or,
// when the document brings its own fonts, a fork of it with those added (the fork shares the
// bundled faces: microseconds, where building a fresh registry took ~90 ms).
func fontsFor(ctx context.Context, doc *scene.Document, res *Resources) (*font.Registry, error) {
	base, err := bundled.Fonts()
	if err != nil || len(doc.Fonts) == 0 {
		return base, err
	}
	reg := base.Fork()
	for i, f := range doc.Fonts {
		data, err := res.Fetch(ctx, f.URL)
		if err != nil {
			return nil, fmt.Errorf("fonts[%d]: %w", i, err)
		}
		weight := f.Weight
		if weight == 0 {
			weight = 400
		}
		if err := reg.AddAs(strings.TrimSpace(f.Family), weight, f.Italic, data); err != nil {
			return nil, apierr.Newf(http.StatusUnprocessableEntity, apierr.Unprocessable,
				"the font of family %q cannot be read", "la police de la famille « %s » est illisible", f.Family).At(fmt.Sprintf("fonts[%d].url", i))
		}
	}
	return reg, nil
}
