package editor

import (
	"slices"

	"affiche/scene"
)

// tx records the records a change touches, before it touches them. Commands mutate the
// document in place after calling touch*; the diff is made at the end by snapshotting the same
// records again. A gesture keeps one tx open from its mark to its end, so moving the pointer
// costs no copies at all.
type tx struct {
	doc   *DocRecord // before, when docSet
	docOK bool
	pages map[string]*PageRecord    // before; nil = the page did not exist
	els   map[string]*ElementRecord // before; nil = the element did not exist
}

func newTx() *tx {
	return &tx{pages: map[string]*PageRecord{}, els: map[string]*ElementRecord{}}
}

func (t *tx) empty() bool { return !t.docOK && len(t.pages) == 0 && len(t.els) == 0 }

// touchDoc records the document's own fields and its page order.
func (t *tx) touchDoc(e *Editor) {
	if !t.docOK {
		t.doc, t.docOK = snapDoc(e.doc), true
	}
}

// touchPage records a page's fields and element order (before adding, removing or reordering
// its top-level elements).
func (t *tx) touchPage(p *scene.Page) {
	if _, ok := t.pages[p.ID]; !ok {
		t.pages[p.ID] = snapPage(p)
	}
}

// newPage records that a page is being created.
func (t *tx) newPage(id string) {
	if _, ok := t.pages[id]; !ok {
		t.pages[id] = nil
	}
}

// touch records the top-level element holding id (id itself or an ancestor group) and
// returns the element with that id, ready to be changed; nil when it does not exist.
func (t *tx) touch(e *Editor, id string) *scene.Element {
	l, ok := e.find(id)
	if !ok {
		return nil
	}
	if _, ok := t.els[l.top.ID]; !ok {
		t.els[l.top.ID] = &ElementRecord{Page: l.page.ID, Element: l.top.Clone()}
	}
	return l.el
}

// newElement records that a top-level element is being added.
func (t *tx) newElement(id string) {
	if _, ok := t.els[id]; !ok {
		t.els[id] = nil
	}
}

// merge adds the records of child that t has not seen yet (a change made inside a gesture).
func (t *tx) merge(child *tx) {
	if child.docOK && !t.docOK {
		t.doc, t.docOK = child.doc, true
	}
	for id, r := range child.pages {
		if _, ok := t.pages[id]; !ok {
			t.pages[id] = r
		}
	}
	for id, r := range child.els {
		if _, ok := t.els[id]; !ok {
			t.els[id] = r
		}
	}
}

// diff compares the recorded records with the document as it is now.
func (t *tx) diff(e *Editor) *Diff {
	d := &Diff{}
	if t.docOK {
		after := snapDoc(e.doc)
		if !equalDoc(t.doc, after) {
			d.Doc = &[2]*DocRecord{t.doc, after}
		}
	}
	if len(t.pages) == 0 && len(t.els) == 0 {
		return d
	}
	pages := map[string]*scene.Page{}
	tops := map[string]*ElementRecord{}
	for _, p := range e.doc.Pages {
		pages[p.ID] = p
		for _, el := range p.Elements {
			if _, ok := t.els[el.ID]; ok {
				keepInLimits(el)
				tops[el.ID] = &ElementRecord{Page: p.ID, Element: el}
			}
		}
	}
	for id, before := range t.pages {
		var after *PageRecord
		if p := pages[id]; p != nil {
			after = snapPage(p)
		}
		if before == nil && after == nil || before != nil && after != nil && equalPage(before, after) {
			continue
		}
		if d.Pages == nil {
			d.Pages = map[string]*[2]*PageRecord{}
		}
		d.Pages[id] = &[2]*PageRecord{before, after}
	}
	for id, before := range t.els {
		after := tops[id]
		if after != nil {
			if before != nil && before.Page == after.Page && equalElement(before.Element, after.Element) {
				continue
			}
			after = &ElementRecord{Page: after.Page, Element: after.Element.Clone()}
		} else if before == nil {
			continue
		}
		if d.Elements == nil {
			d.Elements = map[string]*[2]*ElementRecord{}
		}
		d.Elements[id] = &[2]*ElementRecord{before, after}
	}
	return d
}

// applyDiff makes the document match the "after" side of d. Records are copied in, never
// shared with the document, so the history's records stay as they were.
func (e *Editor) applyDiff(d *Diff) {
	if d.Empty() {
		return
	}
	e.indexOK = false
	pages := make(map[string]*scene.Page, len(e.doc.Pages))
	cur := map[string]*scene.Element{}
	for _, p := range e.doc.Pages {
		pages[p.ID] = p
		for _, el := range p.Elements {
			cur[el.ID] = el
		}
	}
	fresh := map[string]*scene.Element{}
	gone := map[string]bool{}
	affected := map[string]bool{}
	for id, pr := range d.Elements {
		if pr[0] != nil {
			affected[pr[0].Page] = true
		}
		if pr[1] != nil {
			fresh[id] = pr[1].Element.Clone()
			affected[pr[1].Page] = true
		} else {
			gone[id] = true
		}
	}
	order := map[string][]string{}
	for id, pr := range d.Pages {
		if pr[1] == nil {
			delete(pages, id)
			continue
		}
		p := pages[id]
		if p == nil {
			p = &scene.Page{}
			pages[id] = p
		}
		old := p.Elements
		*p = clonePageHeader(&pr[1].Page)
		p.Elements = old
		order[id] = pr[1].Elements
		affected[id] = true
	}
	for pid := range affected {
		p := pages[pid]
		if p == nil {
			continue
		}
		ids, ok := order[pid]
		if !ok {
			ids = make([]string, len(p.Elements))
			for i, el := range p.Elements {
				ids[i] = el.ID
			}
		}
		els := make([]*scene.Element, 0, len(ids))
		for _, id := range ids {
			if el, ok := fresh[id]; ok {
				els = append(els, el)
			} else if el, ok := cur[id]; ok && !gone[id] {
				els = append(els, el)
			}
		}
		p.Elements = els
	}
	if d.Doc != nil && d.Doc[1] != nil {
		r := d.Doc[1]
		doc := r.Doc
		doc.Fonts = append([]scene.FontSource(nil), r.Doc.Fonts...)
		doc.Extra = cloneExtra(r.Doc.Extra)
		doc.Pages = make([]*scene.Page, 0, len(r.Pages))
		for _, id := range r.Pages {
			if p := pages[id]; p != nil {
				doc.Pages = append(doc.Pages, p)
			}
		}
		*e.doc = doc
	} else if len(d.Pages) > 0 {
		e.doc.Pages = slices.DeleteFunc(e.doc.Pages, func(p *scene.Page) bool { return pages[p.ID] == nil })
	}
}

// keepInLimits brings the geometry of a changed element (children included) back inside the
// scene format's limits, so that no gesture or command can save a file that does not load
// (a drag far off the page, a nudge repeated a million times).
func keepInLimits(el *scene.Element) {
	const lim = scene.MaxCoord / 2 // half, so that a group spanning two far children still fits
	changed := false
	fix := func(v *float64, lo, hi float64) {
		if c := clamp(*v, lo, hi); c != *v {
			*v, changed = c, true
		}
	}
	walkTree(el, func(x *scene.Element) {
		fix(&x.X, -lim, lim)
		fix(&x.Y, -lim, lim)
		fix(&x.Width, 0, lim)
		fix(&x.Height, 0, lim)
		fix(&x.CornerRadius, 0, lim)
		if x.Shadow != nil {
			fix(&x.Shadow.OffsetX, -lim, lim)
			fix(&x.Shadow.OffsetY, -lim, lim)
		}
		if x.Background != nil {
			fix(&x.Background.Padding, 0, lim)
			fix(&x.Background.CornerRadius, 0, lim)
		}
	})
	if changed {
		scene.UpdateGroupBounds([]*scene.Element{el})
	}
}
