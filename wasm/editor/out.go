package editor

import (
	"maps"
	"reflect"
	"slices"

	"affiche/scene"
)

// outbox collects what changed during one call so that each kind of message is sent once, at
// the end of the call.
type outbox struct {
	document, selection, overlay, history, properties, camera, tool, textEdit, commands bool

	allInv              bool
	ids, moved, removed map[string]bool
	pages               map[string]bool
	lastEnabled         map[string]bool
}

func (o *outbox) all() {
	o.document, o.selection, o.overlay, o.history, o.properties = true, true, true, true, true
	o.camera, o.tool, o.textEdit, o.commands = true, true, true, true
	o.allInv = true
}

func (o *outbox) mark(m map[string]bool, id string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[id] = true
	return m
}

// invalidate notes which elements a diff changed, comparing the subtrees node by node so that
// moving one child of a group invalidates that child only.
func (o *outbox) invalidate(d *Diff) {
	for id := range d.Pages {
		o.pages = o.mark(o.pages, id)
	}
	for _, pr := range d.Elements {
		var before, after map[string]*scene.Element
		if pr[0] != nil {
			o.pages = o.mark(o.pages, pr[0].Page)
			before = flatten(pr[0].Element, nil)
		}
		if pr[1] != nil {
			o.pages = o.mark(o.pages, pr[1].Page)
			after = flatten(pr[1].Element, nil)
		}
		for id, a := range after {
			b, ok := before[id]
			switch {
			case !ok:
				o.ids = o.mark(o.ids, id)
			default:
				switch nodeChange(b, a) {
				case changeMoved:
					o.moved = o.mark(o.moved, id)
				case changeOther:
					o.ids = o.mark(o.ids, id)
				}
			}
		}
		for id := range before {
			if _, ok := after[id]; !ok {
				o.removed = o.mark(o.removed, id)
			}
		}
	}
}

func flatten(el *scene.Element, m map[string]*scene.Element) map[string]*scene.Element {
	if m == nil {
		m = map[string]*scene.Element{}
	}
	m[el.ID] = el
	for _, c := range el.Children {
		flatten(c, m)
	}
	return m
}

const (
	changeNone = iota
	changeMoved
	changeOther
)

// nodeChange compares two versions of one element, children aside.
func nodeChange(a, b *scene.Element) int {
	x, y := *a, *b
	x.Children, y.Children = nil, nil
	if reflect.DeepEqual(x, y) {
		return changeNone
	}
	x.X, x.Y = y.X, y.Y
	if reflect.DeepEqual(x, y) {
		return changeMoved
	}
	return changeOther
}

// flush sends the messages queued by the call that is ending.
func (e *Editor) flush() {
	o := &e.out
	if o.document {
		e.emit(MsgUpdateDocument, e.documentUpdate())
	}
	if o.allInv || len(o.ids) > 0 || len(o.moved) > 0 || len(o.removed) > 0 || len(o.pages) > 0 {
		inv := Invalidation{All: o.allInv, IDs: []string{}}
		for id := range o.removed {
			if _, ok := e.find(id); ok {
				o.ids = o.mark(o.ids, id)
			} else {
				inv.Removed = append(inv.Removed, id)
			}
		}
		for id := range o.ids {
			if _, ok := e.find(id); ok {
				inv.IDs = append(inv.IDs, id)
			}
		}
		for id := range o.moved {
			if _, ok := e.find(id); ok && !o.ids[id] {
				inv.Moved = append(inv.Moved, id)
			}
		}
		inv.Pages = slices.Collect(maps.Keys(o.pages))
		slices.Sort(inv.IDs)
		slices.Sort(inv.Moved)
		slices.Sort(inv.Removed)
		slices.Sort(inv.Pages)
		e.emit(MsgInvalidateElements, inv)
		o.allInv, o.ids, o.moved, o.removed, o.pages = false, nil, nil, nil, nil
	}
	if o.selection {
		e.emit(MsgUpdateSelection, e.selectionUpdate())
	}
	if o.properties {
		e.emit(MsgUpdateProperties, e.properties())
	}
	if o.textEdit {
		if u, ok := e.textEditUpdate(); ok {
			e.emit(MsgUpdateTextEdit, u)
		}
	}
	if o.overlay {
		e.emit(MsgUpdateOverlay, e.overlay())
	}
	if o.history {
		e.emit(MsgUpdateHistory, e.historyUpdate())
	}
	if o.camera {
		e.emit(MsgUpdateCamera, e.cameraUpdate())
	}
	if o.tool {
		e.emit(MsgUpdateTool, ToolUpdate{Tool: e.tool, State: e.state.name()})
	}
	if o.commands || o.document || o.selection || o.history || o.tool || o.textEdit {
		en := e.enabledMap()
		if !maps.Equal(en, o.lastEnabled) {
			o.lastEnabled = en
			e.emit(MsgUpdateCommands, CommandsUpdate{Enabled: en})
		}
	}
	o.document, o.selection, o.overlay, o.history, o.properties = false, false, false, false, false
	o.camera, o.tool, o.textEdit, o.commands = false, false, false, false
}

func (e *Editor) documentUpdate() DocumentUpdate {
	d := e.doc
	u := DocumentUpdate{Title: d.Title, Unit: d.Unit, Bleed: d.Bleed, Revision: e.revision,
		Saved: e.hist.isSaved(), CurrentIndex: e.page, CurrentPage: e.CurrentPage().ID}
	u.Pages = make([]PageInfo, len(d.Pages))
	for i, p := range d.Pages {
		w, h := d.PageSize(i)
		u.Pages[i] = PageInfo{ID: p.ID, Name: p.Name, Width: w, Height: h, Background: p.Background,
			HasBackgroundImage: p.BackgroundImage != nil, Elements: len(p.Elements)}
	}
	u.Elements = []ElementInfo{}
	var walk func(els []*scene.Element, parent string, depth int)
	walk = func(els []*scene.Element, parent string, depth int) {
		for _, el := range els {
			u.Elements = append(u.Elements, ElementInfo{ID: el.ID, Type: el.Type, Name: el.Name, Parent: parent,
				Depth: depth, Hidden: el.Hidden, Locked: el.Locked})
			walk(el.Children, el.ID, depth+1)
		}
	}
	walk(e.CurrentPage().Elements, "", 0)
	return u
}

func (e *Editor) historyUpdate() HistoryUpdate {
	u := HistoryUpdate{CanUndo: len(e.hist.undos) > 0 || len(e.hist.marks) > 0, CanRedo: len(e.hist.redos) > 0,
		Steps: len(e.hist.undos)}
	if t := e.hist.top(); t != nil {
		l := t.label
		u.UndoLabel = &l
	}
	if n := len(e.hist.redos); n > 0 {
		l := e.hist.redos[n-1].label
		u.RedoLabel = &l
	}
	return u
}
