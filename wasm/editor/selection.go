package editor

import (
	"slices"

	"affiche/scene"
)

// container returns the list the user is working in: the entered group's children, or the
// current page's elements.
func (e *Editor) container() []*scene.Element {
	if e.scope != "" {
		if l, ok := e.find(e.scope); ok {
			return l.el.Children
		}
	}
	return e.CurrentPage().Elements
}

// setSelection selects the given ids, keeping those that exist on the current page inside the
// current scope, without duplicates.
func (e *Editor) setSelection(ids []string) {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		l, ok := e.find(id)
		if !ok || l.pageIndex != e.page || slices.Contains(out, id) {
			continue
		}
		if (e.scope == "" && l.parent != nil) || (e.scope != "" && (l.parent == nil || l.parent.ID != e.scope)) {
			continue
		}
		out = append(out, id)
	}
	if !slices.Equal(out, e.sel) {
		e.sel = out
		e.out.selection, e.out.properties, e.out.overlay = true, true, true
		if e.crop != nil && (len(out) != 1 || out[0] != e.crop.id) {
			e.finishCrop()
		}
		if e.text != nil && (len(out) != 1 || out[0] != e.text.id) {
			e.endTextEdit(true)
		}
	}
}

// selected returns the selected elements in selection order.
func (e *Editor) selected() []*scene.Element {
	els := make([]*scene.Element, 0, len(e.sel))
	for _, id := range e.sel {
		if l, ok := e.find(id); ok {
			els = append(els, l.el)
		}
	}
	return els
}

// unlockedSelected returns the selected elements that may be moved.
func (e *Editor) unlockedSelected() []*scene.Element {
	els := e.selected()
	return slices.DeleteFunc(els, func(el *scene.Element) bool { return el.Locked })
}

// selectedTexts returns the text elements in the selection, groups' texts included.
func (e *Editor) selectedTexts() []*scene.Element {
	var out []*scene.Element
	for _, el := range e.selected() {
		walkTree(el, func(x *scene.Element) {
			if x.Type == scene.TypeText {
				out = append(out, x)
			}
		})
	}
	return out
}

func walkTree(el *scene.Element, fn func(*scene.Element)) {
	fn(el)
	for _, c := range el.Children {
		walkTree(c, fn)
	}
}

// inPaintOrder returns els sorted back to front within their container.
func (e *Editor) inPaintOrder(els []*scene.Element) []*scene.Element {
	out := slices.Clone(els)
	slices.SortStableFunc(out, func(a, b *scene.Element) int {
		la, _ := e.find(a.ID)
		lb, _ := e.find(b.ID)
		return la.index - lb.index
	})
	return out
}

func (e *Editor) selectAll() {
	var ids []string
	for _, el := range e.container() {
		if !el.Hidden {
			ids = append(ids, el.ID)
		}
	}
	e.setSelection(ids)
}

type selectArgs struct {
	IDs []string `json:"ids"`
	// Mode is "replace" (default), "add" or "toggle".
	Mode string `json:"mode"`
}

// selectIDs selects elements by id (from the layers list, for instance). Ids inside a group
// enter that group first.
func (e *Editor) selectIDs(a *selectArgs) error {
	if len(a.IDs) > 0 {
		l, ok := e.find(a.IDs[0])
		if !ok {
			return errf(ErrNotFound, "no element %q", "aucun élément %q", a.IDs[0])
		}
		if l.pageIndex != e.page {
			e.setPage(l.pageIndex)
		}
		scope := ""
		if l.parent != nil {
			scope = l.parent.ID
		}
		if scope != e.scope && a.Mode != "add" && a.Mode != "toggle" {
			e.setScope(scope)
		}
	}
	switch a.Mode {
	case "", "replace":
		e.setSelection(a.IDs)
	case "add":
		e.setSelection(append(slices.Clone(e.sel), a.IDs...))
	case "toggle":
		ids := slices.Clone(e.sel)
		for _, id := range a.IDs {
			if i := slices.Index(ids, id); i >= 0 {
				ids = slices.Delete(ids, i, i+1)
			} else {
				ids = append(ids, id)
			}
		}
		e.setSelection(ids)
	default:
		return errf(ErrArgs, "unknown selection mode %q", "mode de sélection inconnu %q", a.Mode)
	}
	return nil
}

func (e *Editor) setScope(id string) {
	if id != e.scope {
		e.scope = id
		e.sel = nil
		e.out.selection, e.out.properties, e.out.overlay = true, true, true
	}
}

// setPage makes page i current; the selection and the modes tied to the old page end.
func (e *Editor) setPage(i int) {
	if i < 0 || i >= len(e.doc.Pages) || i == e.page {
		return
	}
	e.showPage(i)
}

// showPage makes page i current even when the index has not changed (its page may have).
func (e *Editor) showPage(i int) {
	e.finishGesture()
	if e.text != nil {
		e.endTextEdit(true)
	}
	if e.crop != nil {
		e.finishCrop()
	}
	e.page = i
	e.scope, e.hover = "", ""
	e.sel = nil
	e.out.selection, e.out.properties, e.out.overlay, e.out.document = true, true, true, true
	if e.cam.fit {
		e.fitCamera()
	}
	e.out.camera = true
}

func (e *Editor) selectionUpdate() SelectionUpdate {
	u := SelectionUpdate{Page: e.CurrentPage().ID, IDs: slices.Clone(e.sel), Scope: e.scope, Types: []scene.Type{}}
	if u.IDs == nil {
		u.IDs = []string{}
	}
	els := e.selected()
	if len(els) > 0 {
		b := scene.UnionBounds(els)
		u.Bounds = &b
	}
	for _, el := range els {
		if !slices.Contains(u.Types, el.Type) {
			u.Types = append(u.Types, el.Type)
		}
		u.Locked = u.Locked || el.Locked
	}
	if e.text != nil {
		u.Editing = e.text.id
	}
	if e.crop != nil {
		u.Cropping = e.crop.id
	}
	return u
}
