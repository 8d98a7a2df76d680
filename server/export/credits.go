package export

import (
	"affiche/internal/bundled"
	"affiche/library/credits"
	"affiche/renderer/text"
	"affiche/scene"
)

// addCredits adds the credits line or pages that opt.Credits asks for (package library/credits)
// to a copy of doc, and returns it with the pages to export. Text is measured with the bundled
// fonts, the ones the added text is set in.
func addCredits(doc *scene.Document, opt Options) (*scene.Document, []int) {
	mode, ok := credits.ParseMode(opt.Credits)
	if !ok || mode == credits.None {
		return doc, opt.Pages
	}
	o := credits.Options{}
	if reg, err := bundled.Fonts(); err == nil {
		o.Measure = func(e *scene.Element) float64 { return text.Layout(e, reg).ContentHeight }
	}
	return credits.Apply(doc, mode, opt.Pages, o)
}
