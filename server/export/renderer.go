package export

import (
	"context"
	"io"

	"affiche/renderer"
	"affiche/scene"
)

// Renderer draws raster pages: the export pipeline's view of the raster backend.
type Renderer interface {
	// WriteImage draws page (0-based) of doc as opt says (DPI, Bleed, CropMarks; Format png or
	// jpeg; Quality) and writes the encoded image to w. Images and fonts the document refers to
	// by URL come from res. It stops early with ctx's error when ctx ends.
	WriteImage(ctx context.Context, doc *scene.Document, page int, opt Options, res *Resources, w io.Writer) error
}

// PDFWriter writes a print PDF: the export pipeline's view of the PDF backend.
type PDFWriter interface {
	// WritePDF writes opt.Pages of doc as one PDF (opt.Bleed, CropMarks, OutlineText, DPI for
	// raster content) to w, calling pageDone after each page. It stops early with ctx's error.
	WritePDF(ctx context.Context, doc *scene.Document, opt Options, res *Resources, w io.Writer, pageDone func(page int)) error
}

// Resources is how a backend reads what a document refers to by URL, during one export.
type Resources struct {
	// Images loads images and SVG: data: URLs, this server's blobs, bundled assets and library
	// items. Each URL is loaded and decoded at most once per export.
	Images renderer.Loader
	// Fetch returns the raw bytes of a font or other file the document refers to (same URLs).
	Fetch func(ctx context.Context, url string) ([]byte, error)
}

// Resolver gives access to the resources this server holds, by the URL a document uses for them.
// It never goes to the network.
type Resolver interface {
	// Fetch returns the bytes at url. Errors wrap renderer.ErrNotFound for a URL that names
	// nothing here, and are *apierr.Error for a URL of a kind exports may not use.
	Fetch(ctx context.Context, url string) ([]byte, error)
	// Stat checks that url names something here without reading it whole and returns the pixel
	// size of an image (0, 0 when not an image or unknown), for memory estimates.
	Stat(ctx context.Context, url string) (w, h int, err error)
}
