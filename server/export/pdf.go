package export

import (
	"context"
	"io"

	"affiche/renderer/pdf"
	"affiche/scene"
)

// PDF is the PDFWriter backed by renderer/pdf: vector pages, embedded (subset) fonts or
// outlined text, the bleed and crop marks the options ask for.
type PDF struct{}

// WritePDF implements PDFWriter.
func (PDF) WritePDF(ctx context.Context, doc *scene.Document, opt Options, res *Resources, w io.Writer, pageDone func(page int)) error {
	fonts, err := fontsFor(ctx, doc, res)
	if err != nil {
		return err
	}
	bleed := opt.Bleed
	_, err = pdf.Write(ctx, w, doc, pdf.Options{
		Fonts:       fonts,
		Loader:      res.Images,
		Pages:       opt.Pages,
		Bleed:       &bleed,
		CropMarks:   opt.CropMarks,
		OutlineText: opt.OutlineText,
		DPI:         opt.DPI,
		Progress:    pageDone,
	})
	return err
}
