package editor

import (
	"encoding/json"
	"math"
	"strings"

	"affiche/scene"
)

var labelSettings = lbl("Réglages du document", "Document settings")

// LoadResult is what document.load returns: the problems that did not stop loading.
type LoadResult struct {
	Warnings []*scene.Warning `json:"warnings"`
}

// load replaces the document by one read from JSON, through scene.Restore. The arguments are
// the document itself, or {"json": "<the file's text>"}. Loading is not undoable: the history
// starts again.
func (e *Editor) load(args json.RawMessage) (any, error) {
	data := []byte(args)
	var wrapped struct {
		JSON *string `json:"json"`
	}
	if json.Unmarshal(args, &wrapped) == nil && wrapped.JSON != nil {
		data = []byte(*wrapped.JSON)
	}
	doc, warns, err := scene.Restore(data)
	if err != nil {
		return nil, fromScene(err)
	}
	e.replaceDocument(doc)
	if warns == nil {
		warns = []*scene.Warning{}
	}
	return LoadResult{Warnings: warns}, nil
}

// replaceDocument swaps in a new document (the *scene.Document pointer stays the same for
// callers that hold it) and resets the session.
func (e *Editor) replaceDocument(doc *scene.Document) {
	if e.gestureActive() {
		e.state.cancel(e)
	}
	if e.text != nil {
		e.emit(MsgTriggerTextEdit, TextEditTrigger{ID: e.text.id, Active: false})
	}
	for _, p := range doc.Pages {
		scene.UpdateGroupBounds(p.Elements)
	}
	*e.doc = *doc
	e.indexOK = false
	e.page, e.sel, e.scope, e.hover = 0, nil, "", ""
	e.text, e.crop = nil, nil
	e.state = idleState{}
	e.guides, e.labels, e.brush = nil, nil, nil
	e.hist.reset()
	e.revision++
	e.cam.fit = true
	e.fitCamera()
	e.out.all()
}

// save returns the document as JSON. A save to a file (not autosave) marks it saved.
func (e *Editor) save(autosave, indent bool) (any, error) {
	// A save the user asks for ends a gesture in progress; an autosave saves the document as it
	// is on screen and lets the gesture go on.
	if !autosave {
		e.finishGesture()
	}
	var b []byte
	var err error
	if indent {
		b, err = json.MarshalIndent(e.doc, "", "  ")
	} else {
		b, err = json.Marshal(e.doc)
	}
	if err != nil {
		return nil, err
	}
	if !autosave {
		e.hist.markSaved()
		e.out.document = true
	}
	return string(b), nil
}

// newDocument starts an empty document (A4 unless a preset or size is given).
func (e *Editor) newDocument(a *pageArgs) error {
	w, h, ok, err := a.size()
	if err != nil {
		return err
	}
	if !ok {
		w, h = scene.DefaultPageWidth, scene.DefaultPageHeight
	}
	doc := scene.New(w, h)
	if ps, found := scene.PaperSizeByID(a.Preset); found && ps.Unit == scene.UnitPx {
		doc.Unit = scene.UnitPx
	}
	e.replaceDocument(doc)
	return nil
}

type docArgs struct {
	Title  *string  `json:"title"`
	Author *string  `json:"author"`
	Lang   *string  `json:"lang"`
	Unit   *string  `json:"unit"`
	Bleed  *float64 `json:"bleed"` // points
}

// setDocument changes the document's own settings.
func (e *Editor) setDocument(a *docArgs) error {
	if a.Unit != nil && scene.Unit(*a.Unit).PerUnit() == 0 {
		return &Error{Code: ErrInvalid, Path: "unit", Message: "unknown unit (pt, px, mm, cm or in)", MessageFR: "unité inconnue (pt, px, mm, cm ou in)"}
	}
	if a.Bleed != nil && (math.IsNaN(*a.Bleed) || *a.Bleed < 0 || *a.Bleed > scene.MM(50)) {
		return &Error{Code: ErrInvalid, Path: "bleed", Message: "must be between 0 and 50 mm", MessageFR: "doit être compris entre 0 et 50 mm"}
	}
	return e.change(labelSettings, "", func(t *tx) error {
		t.touchDoc(e)
		if a.Title != nil {
			e.doc.Title = strings.TrimSpace(*a.Title)
		}
		if a.Author != nil {
			e.doc.Author = strings.TrimSpace(*a.Author)
		}
		if a.Lang != nil {
			e.doc.Lang = strings.TrimSpace(*a.Lang)
		}
		if a.Unit != nil {
			e.doc.Unit = scene.Unit(*a.Unit)
		}
		if a.Bleed != nil {
			e.doc.Bleed = *a.Bleed
		}
		return nil
	})
}
