package editor

import (
	"encoding/json"
	"slices"
	"strings"

	"affiche/scene"
)

// Labels of page steps.
var (
	labelAddPage    = lbl("Ajouter une page", "Add page")
	labelDupPage    = lbl("Dupliquer la page", "Duplicate page")
	labelDelPage    = lbl("Supprimer la page", "Delete page")
	labelMovePage   = lbl("Déplacer la page", "Move page")
	labelPageSize   = lbl("Format de la page", "Page size")
	labelBackground = lbl("Fond de la page", "Page background")
	labelRename     = lbl("Renommer la page", "Rename page")
)

// pageArgs are the arguments of the page.* commands (and document.new). Fields a command does
// not use are ignored.
type pageArgs struct {
	// ID names the page (default: the current one); Index is an alternative for page.select.
	ID    string `json:"id"`
	Index *int   `json:"index"`
	// To is the new position for page.move.
	To *int `json:"to"`
	// Preset is a paper size id (scene.PaperSizes: "a4", "square", …) or Width and Height in
	// points; Landscape swaps a preset's sides. All applies the size to every page.
	Preset    string  `json:"preset"`
	Width     float64 `json:"width"`
	Height    float64 `json:"height"`
	Landscape bool    `json:"landscape"`
	All       bool    `json:"all"`
	// Content tells page.setSize what to do with the elements: "keep" (default) leaves them
	// where they are, "scale" fits the design to the new size (see scalePageContent).
	Content string `json:"content"`
	// Background is a fill (a CSS colour string or a gradient object), null for white.
	Background json.RawMessage `json:"background"`
	Name       *string         `json:"name"`
}

func (e *Editor) pageIndex(id string) (int, error) {
	if id == "" {
		return e.page, nil
	}
	for i, p := range e.doc.Pages {
		if p.ID == id {
			return i, nil
		}
	}
	return 0, errf(ErrNotFound, "no page %q", "aucune page %q", id)
}

// size reads a page size from a preset or explicit sides (ok false when neither is given).
func (a *pageArgs) size() (w, h float64, ok bool, err error) {
	switch {
	case a.Preset != "":
		ps, found := scene.PaperSizeByID(a.Preset)
		if !found {
			return 0, 0, false, errf(ErrArgs, "unknown page size %q", "format de page inconnu %q", a.Preset)
		}
		w, h = ps.Width, ps.Height
	case a.Width != 0 || a.Height != 0:
		w, h = a.Width, a.Height
		if !(w > 0 && w <= scene.MaxPageSide && h > 0 && h <= scene.MaxPageSide) {
			return 0, 0, false, errf(ErrInvalid, "a page side is between 0 and %g points", "un côté de page mesure entre 0 et %g points", float64(scene.MaxPageSide))
		}
	default:
		return 0, 0, false, nil
	}
	if a.Landscape && h > w {
		w, h = h, w
	}
	return w, h, true, nil
}

func (e *Editor) insertPage(t *tx, at int, p *scene.Page) {
	t.touchDoc(e)
	t.newPage(p.ID)
	for _, el := range p.Elements {
		t.newElement(el.ID)
	}
	e.doc.Pages = slices.Insert(slices.Clone(e.doc.Pages), at, p)
	e.structureChanged()
}

func (e *Editor) addPage(a *pageArgs) (any, error) {
	w, h, sized, err := a.size()
	if err != nil {
		return nil, err
	}
	cur := e.CurrentPage()
	p := &scene.Page{ID: scene.NewID(), Elements: []*scene.Element{}, Width: cur.Width, Height: cur.Height}
	if sized {
		p.Width, p.Height = w, h
	}
	if len(e.doc.Pages) >= scene.MaxPages {
		return nil, errf(ErrInvalid, "a document has at most %d pages", "un document a au plus %d pages", scene.MaxPages)
	}
	at := e.page + 1
	if err := e.change(labelAddPage, "", func(t *tx) error { e.insertPage(t, at, p); return nil }); err != nil {
		return nil, err
	}
	e.setPage(at)
	return map[string]string{"id": p.ID}, nil
}

func (e *Editor) duplicatePage(a *pageArgs) (any, error) {
	i, err := e.pageIndex(a.ID)
	if err != nil {
		return nil, err
	}
	if len(e.doc.Pages) >= scene.MaxPages {
		return nil, errf(ErrInvalid, "a document has at most %d pages", "un document a au plus %d pages", scene.MaxPages)
	}
	src := e.doc.Pages[i]
	p := clonePageHeader(src)
	p.ID = scene.NewID()
	p.Elements = make([]*scene.Element, len(src.Elements))
	for j, el := range src.Elements {
		p.Elements[j] = el.Clone()
		freshIDs(p.Elements[j])
	}
	if err := e.change(labelDupPage, "", func(t *tx) error { e.insertPage(t, i+1, &p); return nil }); err != nil {
		return nil, err
	}
	e.setPage(i + 1)
	return map[string]string{"id": p.ID}, nil
}

func (e *Editor) deletePage(a *pageArgs) error {
	i, err := e.pageIndex(a.ID)
	if err != nil {
		return err
	}
	if len(e.doc.Pages) < 2 {
		return errf(ErrDisabled, "a document keeps at least one page", "un document garde au moins une page")
	}
	// Afterwards show the same page, or for the deleted current page a neighbour: the page
	// before it, or the next one for the first.
	show := e.CurrentPage().ID
	if i == e.page {
		next := i - 1
		if i == 0 {
			next = 1
		}
		show = e.doc.Pages[next].ID
	}
	err = e.change(labelDelPage, "", func(t *tx) error {
		t.touchDoc(e)
		p := e.doc.Pages[i]
		t.touchPage(p)
		for _, el := range p.Elements {
			t.touch(e, el.ID)
		}
		e.doc.Pages = slices.Delete(slices.Clone(e.doc.Pages), i, i+1)
		e.structureChanged()
		if e.page >= len(e.doc.Pages) {
			e.page = len(e.doc.Pages) - 1
		}
		return nil
	})
	if j, err := e.pageIndex(show); err == nil {
		e.showPage(j)
	}
	return err
}

func (e *Editor) movePage(a *pageArgs) error {
	i, err := e.pageIndex(a.ID)
	if err != nil {
		return err
	}
	if a.To == nil {
		return errf(ErrArgs, "page.move needs to (the new position)", "page.move demande to (la nouvelle position)")
	}
	to := clampInt(*a.To, 0, len(e.doc.Pages)-1)
	if to == i {
		return nil
	}
	cur := e.CurrentPage().ID
	err = e.change(labelMovePage, "", func(t *tx) error {
		t.touchDoc(e)
		pages := slices.Clone(e.doc.Pages)
		p := pages[i]
		pages = slices.Delete(pages, i, i+1)
		e.doc.Pages = slices.Insert(pages, to, p)
		e.structureChanged()
		return nil
	})
	if j, err := e.pageIndex(cur); err == nil {
		e.page = j
	}
	return err
}

func (e *Editor) selectPage(a *pageArgs) error {
	i := e.page
	switch {
	case a.Index != nil:
		if *a.Index < 0 || *a.Index >= len(e.doc.Pages) {
			return errf(ErrNotFound, "no page %d", "aucune page %d", *a.Index)
		}
		i = *a.Index
	default:
		var err error
		if i, err = e.pageIndex(a.ID); err != nil {
			return err
		}
	}
	e.setPage(i)
	return nil
}

// setPageSize changes the size of one page, or of all (the document's default) with all or
// when the document has one page. Elements keep their positions, or with content "scale" the
// design is fitted to the new size (scalePageContent) in the same undo step.
func (e *Editor) setPageSize(a *pageArgs) error {
	w, h, ok, err := a.size()
	if err != nil {
		return err
	}
	if !ok {
		return errf(ErrArgs, "page.setSize needs a preset or a width and height", "page.setSize demande un format ou une largeur et une hauteur")
	}
	scale, err := a.scalesContent()
	if err != nil {
		return err
	}
	i, err := e.pageIndex(a.ID)
	if err != nil {
		return err
	}
	all := a.All || len(e.doc.Pages) == 1
	if scale {
		e.finishCrop() // a crop session is its own step; the resize must not join it
	}
	return e.change(labelPageSize, "", func(t *tx) error {
		pages := []int{i}
		if all {
			pages = make([]int, len(e.doc.Pages))
			for j := range pages {
				pages[j] = j
			}
		}
		type size struct{ w, h float64 }
		old := make([]size, len(pages))
		for k, j := range pages {
			old[k].w, old[k].h = e.doc.PageSize(j)
		}
		if all {
			t.touchDoc(e)
			e.doc.Width, e.doc.Height = w, h
			for _, p := range e.doc.Pages {
				t.touchPage(p)
				p.Width, p.Height = 0, 0
			}
		} else {
			p := e.doc.Pages[i]
			t.touchPage(p)
			p.Width, p.Height = w, h
			if w == e.doc.Width && h == e.doc.Height {
				p.Width, p.Height = 0, 0
			}
		}
		if scale {
			for k, j := range pages {
				e.scalePageContent(t, e.doc.Pages[j], old[k].w, old[k].h, w, h)
			}
		}
		return nil
	})
}

func (e *Editor) setPageBackground(a *pageArgs) error {
	i, err := e.pageIndex(a.ID)
	if err != nil {
		return err
	}
	var fill *scene.Fill
	if len(a.Background) > 0 && string(a.Background) != "null" {
		fill = new(scene.Fill)
		if err := json.Unmarshal(a.Background, fill); err != nil {
			return &Error{Code: ErrInvalid, Path: "background", Message: err.Error(), MessageFR: "remplissage incorrect : " + err.Error()}
		}
		tmp := &scene.Document{Width: 1, Height: 1, Pages: []*scene.Page{{ID: "p", Background: fill}}}
		if _, err := scene.Normalize(tmp); err != nil {
			out := fromScene(err)
			out.Path = strings.Replace(out.Path, "pages[0].", "", 1)
			return out
		}
	}
	return e.change(labelBackground, "", func(t *tx) error {
		p := e.doc.Pages[i]
		t.touchPage(p)
		p.Background = fill
		return nil
	})
}

func (e *Editor) renamePage(a *pageArgs) error {
	i, err := e.pageIndex(a.ID)
	if err != nil {
		return err
	}
	if a.Name == nil {
		return errf(ErrArgs, "page.rename needs a name", "page.rename demande un nom (name)")
	}
	name := strings.TrimSpace(*a.Name)
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return e.change(labelRename, "", func(t *tx) error {
		p := e.doc.Pages[i]
		t.touchPage(p)
		p.Name = name
		return nil
	})
}
