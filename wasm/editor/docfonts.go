package editor

import (
	"strings"

	"affiche/scene"
)

var labelAddFont = lbl("Ajouter une police", "Add a font")

// addFont adds a font the document brings (an uploaded font, by URL) to its fonts, as one undo
// step; a face with the same family, weight and style takes the new URL.
func (e *Editor) addFont(f *scene.FontSource) error {
	f.Family = strings.TrimSpace(f.Family)
	if f.Family == "" || f.URL == "" {
		return errf(ErrArgs, "a font needs a family name and a URL", "une police demande un nom de famille et une adresse")
	}
	if f.Weight == 0 {
		f.Weight = 400
	}
	if f.Weight < 1 || f.Weight > 1000 {
		return errf(ErrArgs, "font weight %d out of 1–1000", "graisse %d hors de 1–1000", f.Weight)
	}
	return e.change(labelAddFont, "", func(t *tx) error {
		t.touchDoc(e)
		for i, g := range e.doc.Fonts {
			w := g.Weight
			if w == 0 {
				w = 400
			}
			if strings.EqualFold(g.Family, f.Family) && w == f.Weight && g.Italic == f.Italic {
				e.doc.Fonts[i].URL = f.URL
				return nil
			}
		}
		e.doc.Fonts = append(e.doc.Fonts, *f)
		return nil
	})
}
