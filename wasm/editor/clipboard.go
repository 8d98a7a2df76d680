package editor

import (
	"encoding/json"
	"math"
	"slices"
	"strings"

	"affiche/scene"
)

var labelCut = lbl("Couper", "Cut")

// ClipboardFormat marks Affiche elements on the system clipboard (as JSON text), so that a
// copy in one tab or document can be pasted in another.
const ClipboardFormat = "affiche-clipboard"

// Clipboard is the JSON clipboard.copy returns and clipboard.paste reads.
type Clipboard struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Elements in paint order, in the coordinates of the page they were copied from.
	Elements []*scene.Element `json:"elements"`
	// Fonts are the document fonts the elements use, so that pasting into another document
	// brings them along.
	Fonts []scene.FontSource `json:"fonts,omitempty"`
}

// copySelection returns the selected elements as clipboard JSON (cut also deletes them).
func (e *Editor) copySelection(cut bool) (any, error) {
	els := e.inPaintOrder(e.selected())
	if len(els) == 0 {
		return nil, errf(ErrDisabled, "nothing is selected", "rien n'est sélectionné")
	}
	c := Clipboard{Format: ClipboardFormat, Version: scene.CurrentVersion}
	families := map[string]bool{}
	for _, el := range els {
		c.Elements = append(c.Elements, el.Clone())
		walkTree(el, func(x *scene.Element) {
			if x.Type != scene.TypeText {
				return
			}
			families[x.FontFamily] = true
			for _, p := range x.Paragraphs {
				for _, r := range p.Runs {
					if r.FontFamily != nil {
						families[*r.FontFamily] = true
					}
				}
			}
		})
	}
	for _, f := range e.doc.Fonts {
		if families[f.Family] {
			c.Fonts = append(c.Fonts, f)
		}
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	if cut {
		if len(e.unlockedSelected()) == 0 {
			return nil, errf(ErrLocked, "the selected elements are locked", "les éléments sélectionnés sont verrouillés")
		}
		els := e.unlockedSelected()
		if err := e.change(labelCut, "", func(t *tx) error {
			for _, el := range els {
				e.removeElement(t, el.ID)
			}
			e.setSelection(nil)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return string(b), nil
}

// paste inserts clipboard content: Affiche elements (with fresh ids, moved aside when pasted
// where the same elements already lie), or plain text as a new text element.
func (e *Editor) paste(text string) (any, error) {
	trimmed := strings.TrimSpace(text)
	if trimmed == "" {
		return nil, errf(ErrArgs, "the clipboard is empty", "le presse-papiers est vide")
	}
	var c Clipboard
	if trimmed[0] != '{' || json.Unmarshal([]byte(trimmed), &c) != nil || c.Format != ClipboardFormat {
		return e.addElement(&addArgs{Type: scene.TypeText, Text: text})
	}
	if len(c.Elements) == 0 {
		return nil, errf(ErrArgs, "the clipboard holds no elements", "le presse-papiers ne contient aucun élément")
	}
	if c.Version > scene.CurrentVersion {
		return nil, errf(ErrInvalid, "copied from a newer Affiche", "copié depuis une version plus récente d'Affiche")
	}
	// Validate as a document would be loaded.
	tmp := &scene.Document{Width: 100, Height: 100, Fonts: c.Fonts, Pages: []*scene.Page{{ID: "p", Elements: c.Elements}}}
	if _, err := scene.Normalize(tmp); err != nil {
		out := fromScene(err)
		out.Path = strings.Replace(out.Path, "pages[0].", "", 1)
		return nil, out
	}
	els := tmp.Pages[0].Elements
	for _, el := range els {
		freshIDs(el)
	}
	// On the same spot as existing elements: move aside, further each time.
	off := 0.0
	for k := 0; k < 100 && e.occupied(els, off); k++ {
		off += duplicateOffset
	}
	var ids []string
	err := e.change(labelPaste, "", func(t *tx) error {
		for _, f := range tmp.Fonts {
			if !slices.ContainsFunc(e.doc.Fonts, func(g scene.FontSource) bool {
				return g.Family == f.Family && g.Weight == f.Weight && g.Italic == f.Italic
			}) {
				t.touchDoc(e)
				e.doc.Fonts = append(e.doc.Fonts, f)
			}
		}
		for _, el := range els {
			translate(el, off, off)
			if err := e.insertElement(t, el); err != nil {
				return err
			}
			ids = append(ids, el.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.setSelection(ids)
	return map[string][]string{"ids": ids}, nil
}

// occupied reports whether one of els, moved by off, would lie exactly on an element of the
// current container (same bounds).
func (e *Editor) occupied(els []*scene.Element, off float64) bool {
	const eps = 0.5
	for _, p := range els {
		r := p.Bounds()
		r.X, r.Y = r.X+off, r.Y+off
		for _, el := range e.container() {
			b := el.Bounds()
			if math.Abs(b.X-r.X) < eps && math.Abs(b.Y-r.Y) < eps && math.Abs(b.Width-r.Width) < eps &&
				math.Abs(b.Height-r.Height) < eps {
				return true
			}
		}
	}
	return false
}
