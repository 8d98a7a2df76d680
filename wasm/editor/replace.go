package editor

import (
	"encoding/json"

	"affiche/scene"
)

var labelReplace = lbl("Remplacer la création", "Replace the design")

// replaceWith replaces the whole document by one read from JSON (a template, an imported
// file) as ONE undo step: unlike document.load, the history is kept, so Ctrl+Z brings the
// previous design back. The arguments are those of document.load.
func (e *Editor) replaceWith(args json.RawMessage) (any, error) {
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
	if e.gestureActive() {
		e.state.cancel(e)
	}
	if e.text != nil {
		e.emit(MsgTriggerTextEdit, TextEditTrigger{ID: e.text.id, Active: false})
		e.text = nil
	}
	e.crop = nil
	err = e.change(labelReplace, "", func(t *tx) error {
		t.touchDoc(e)
		for _, p := range e.doc.Pages {
			t.touchPage(p)
			for _, el := range p.Elements {
				t.touch(e, el.ID)
			}
		}
		for _, p := range doc.Pages {
			t.newPage(p.ID)
			for _, el := range p.Elements {
				t.newElement(el.ID)
			}
		}
		*e.doc = *doc
		e.indexOK = false
		e.page, e.sel, e.scope, e.hover = 0, nil, "", ""
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.cam.fit = true
	e.fitCamera()
	e.out.all()
	if warns == nil {
		warns = []*scene.Warning{}
	}
	return LoadResult{Warnings: warns}, nil
}
