package export

import (
	"affiche/internal/bundled"
	"affiche/library/credits"
	"affiche/renderer/text"
	"affiche/scene"
)

// addCredits adds the credits line or pages that opt.Credits asks for (package library/credits)
// to a copy of doc, and returns it with the pages to export.
func addCredits(doc *scene.Document, opt Options) (*scene.Document, []int) {
	mode, ok := credits.ParseMode(opt.Credits)
	if !ok {
		return doc, opt.Pages
	}
	return AddCredits(doc, mode, opt.Pages)
}

// AddCredits adds a credits line (credits.Line) or credits page(s) (credits.Page) for the
// library items used on pages (0-based, nil for all) to a copy of doc, as an export does, and
// returns it with the pages to export. Text is measured with the bundled fonts, the ones the
// added text is set in. The command line's render and preflight use it too.
func AddCredits(doc *scene.Document, mode credits.Mode, pages []int) (*scene.Document, []int) {
	if mode == credits.None {
		return doc, pages
	}
	o := credits.Options{}
	if reg, err := bundled.Fonts(); err == nil {
		o.Measure = func(e *scene.Element) float64 { return text.Layout(e, reg).ContentHeight }
	}
	return credits.Apply(doc, mode, pages, o)
}
