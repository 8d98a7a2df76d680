package editor

import (
	"encoding/json"
	"time"

	"affiche/scene"
)

// Options configure an Editor. Zero values take the defaults.
type Options struct {
	// OnMessage receives every message the editor sends to the page. Nil drops them.
	OnMessage func(Message)
	// TextLayout measures text and places the caret; nil uses an approximate built-in layout
	// (renderer/text provides the real one through the js/wasm layer).
	TextLayout TextLayout
	// Lang is the language of measurement labels ("fr" or "en"; default "fr").
	Lang string
	// Now is the clock (tests set it); default time.Now.
	Now func() time.Time
	// HistorySteps and HistoryBytes bound the undo history (oldest steps are dropped first).
	HistorySteps int
	HistoryBytes int
	// SnapPx is the snapping distance, HandlePx the radius within which a handle is grabbed,
	// HitPx the tolerance around thin elements and DragPx the movement that turns a press into
	// a drag — all in CSS pixels, converted with the zoom. Defaults 6, 9, 4 and 3.
	SnapPx   float64
	HandlePx float64
	HitPx    float64
	DragPx   float64
	// ViewportWidth and ViewportHeight are the canvas size in CSS pixels, until the page sends
	// view.resize (default 1200 × 800).
	ViewportWidth, ViewportHeight float64
}

// Editor is a document being edited and the session around it. It is not safe for concurrent
// use: the page calls it from one thread (the browser's main thread).
type Editor struct {
	doc    *scene.Document
	opts   Options
	layout TextLayout

	// Session state.
	page        int      // index of the current page
	sel         []string // selected element ids, on the current page, in selection order
	scope       string   // entered group ("" = the page)
	hover       string
	tool        string
	cam         camera
	space       bool // space bar held: dragging pans
	text        *textSession
	crop        *cropSession
	state       toolState
	lastPt      PointerEvent
	guides      []Guide
	labels      []Label
	brush       *scene.Rect
	cursor      string
	cursorAngle float64

	hist history

	index   map[string]loc
	indexOK bool

	registry *registry
	out      outbox

	revision int64
}

// New returns an editor for doc (nil starts an empty A4 document). The editor owns doc from
// now on and changes it in place.
func New(doc *scene.Document, opts Options) *Editor {
	if doc == nil {
		doc = scene.New(scene.DefaultPageWidth, scene.DefaultPageHeight)
	}
	if len(doc.Pages) == 0 {
		doc.Pages = []*scene.Page{{ID: scene.NewID(), Elements: []*scene.Element{}}}
	}
	if opts.Lang == "" {
		opts.Lang = "fr"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HistorySteps <= 0 {
		opts.HistorySteps = DefaultHistorySteps
	}
	if opts.HistoryBytes <= 0 {
		opts.HistoryBytes = DefaultHistoryBytes
	}
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&opts.SnapPx, 6)
	def(&opts.HandlePx, 9)
	def(&opts.HitPx, 4)
	def(&opts.DragPx, 3)
	def(&opts.ViewportWidth, 1200)
	def(&opts.ViewportHeight, 800)
	e := &Editor{doc: doc, opts: opts, layout: opts.TextLayout, tool: ToolSelect}
	if e.layout == nil {
		e.layout = ApproxLayout{}
	}
	for _, p := range doc.Pages {
		scene.UpdateGroupBounds(p.Elements)
	}
	e.hist = history{maxSteps: opts.HistorySteps, maxBytes: opts.HistoryBytes}
	e.hist.markSaved()
	e.cam = camera{vw: opts.ViewportWidth, vh: opts.ViewportHeight, fit: true}
	e.fitCamera()
	e.state = idleState{}
	e.registry = newRegistry()
	e.out.all()
	return e
}

// Document returns the document being edited. Callers must treat it as read-only: every
// change goes through Dispatch so that it can be undone and the page hears of it.
func (e *Editor) Document() *scene.Document { return e.doc }

// Element returns the element with the given id anywhere in the document (nil if none). Like
// Document, it is for reading (the js/wasm layer renders it).
func (e *Editor) Element(id string) *scene.Element {
	if l, ok := e.find(id); ok {
		return l.el
	}
	return nil
}

// CurrentPage returns the page being edited.
func (e *Editor) CurrentPage() *scene.Page { return e.doc.Pages[e.page] }

// Selection returns the ids of the selected elements.
func (e *Editor) Selection() []string { return append([]string(nil), e.sel...) }

// Flush sends the messages describing the whole state (document, selection, camera, …), as
// after loading; the page calls it once when it starts.
func (e *Editor) Flush() {
	e.out.all()
	e.flush()
}

func (e *Editor) now() time.Time { return e.opts.Now() }

func (e *Editor) emit(typ string, data any) {
	if e.opts.OnMessage != nil {
		e.opts.OnMessage(Message{Type: typ, Data: data})
	}
}

// Dispatch runs the command registered under name with its JSON arguments (nil or "{}" when
// it takes none) and returns its result (JSON-serialisable; nil for most commands). Errors
// are *Error values. The messages the command causes are sent before Dispatch returns.
func (e *Editor) Dispatch(name string, args json.RawMessage) (any, error) {
	defer e.flush()
	c := e.registry.byName[name]
	if c == nil {
		return nil, errf(ErrUnknownCommand, "unknown command %q", "commande inconnue %q", name)
	}
	return e.run(c, args)
}

func (e *Editor) run(c *command, args json.RawMessage) (any, error) {
	if !c.duringGesture {
		e.finishGesture()
	}
	if c.enabled != nil && !c.enabled(e) {
		return nil, &Error{Code: ErrDisabled, Message: c.label.EN + " is not available now",
			MessageFR: "« " + c.label.FR + " » n'est pas possible maintenant"}
	}
	if !c.keepsBurst {
		e.hist.breakMerge()
	}
	if len(args) == 0 || string(args) == "null" {
		args = json.RawMessage("{}")
	}
	return c.run(e, args)
}

// loc is where an element lives.
type loc struct {
	pageIndex int
	page      *scene.Page
	el        *scene.Element
	parent    *scene.Element // enclosing group, nil at the top level
	top       *scene.Element // top-level ancestor (el itself at the top level)
	index     int            // position in its parent's list
}

func (e *Editor) find(id string) (loc, bool) {
	if !e.indexOK {
		e.reindex()
	}
	l, ok := e.index[id]
	return l, ok
}

func (e *Editor) reindex() {
	if e.index == nil {
		e.index = map[string]loc{}
	} else {
		clear(e.index)
	}
	var walk func(pi int, p *scene.Page, els []*scene.Element, parent, top *scene.Element)
	walk = func(pi int, p *scene.Page, els []*scene.Element, parent, top *scene.Element) {
		for i, el := range els {
			t := top
			if t == nil {
				t = el
			}
			e.index[el.ID] = loc{pageIndex: pi, page: p, el: el, parent: parent, top: t, index: i}
			if len(el.Children) > 0 {
				walk(pi, p, el.Children, el, t)
			}
		}
	}
	for pi, p := range e.doc.Pages {
		walk(pi, p, p.Elements, nil, nil)
	}
	e.indexOK = true
}

// structureChanged must be called after elements are added, removed or reordered.
func (e *Editor) structureChanged() { e.indexOK = false }

// selState and restoreSel save and bring back the session state undo cares about.
func (e *Editor) selState() selState {
	return selState{page: e.CurrentPage().ID, ids: append([]string(nil), e.sel...), scope: e.scope}
}

func (e *Editor) restoreSel(s selState) {
	for i, p := range e.doc.Pages {
		if p.ID == s.page && i != e.page {
			e.setPage(i)
		}
	}
	e.scope = s.scope
	if l, ok := e.find(s.scope); !ok || l.pageIndex != e.page {
		e.scope = ""
	}
	e.setSelection(s.ids)
}

// afterChange follows every change of the document: it queues the invalidations and updates
// and keeps the session consistent with the new document.
func (e *Editor) afterChange(d *Diff) {
	e.revision++
	e.structureChanged()
	e.out.invalidate(d)
	e.out.document, e.out.history, e.out.overlay, e.out.properties = true, true, true, true
	if e.page >= len(e.doc.Pages) {
		e.page = len(e.doc.Pages) - 1
		e.out.camera = true
	}
	if e.scope != "" {
		if l, ok := e.find(e.scope); !ok || l.el.Type != scene.TypeGroup || l.pageIndex != e.page {
			e.scope = ""
		}
	}
	e.setSelection(e.sel) // drops ids that no longer exist
	if e.text != nil {
		if l, ok := e.find(e.text.id); !ok || l.el.Type != scene.TypeText {
			e.endTextEdit(false)
		} else {
			e.text.clamp(l.el)
			e.out.textEdit = true
		}
	}
	if e.crop != nil {
		if _, ok := e.find(e.crop.id); !ok {
			e.crop = nil
		}
	}
	if e.cam.fit {
		e.fitCamera()
	}
}
