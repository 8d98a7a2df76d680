package editor

import (
	"time"

	"affiche/scene"
)

// The history keeps the undo and redo stacks of Diffs and the open marks. A mark is set when a
// gesture (drag, resize, rotate, crop session) starts: changes made until the gesture ends
// accumulate under it, cancel returns to it (bailToMark) and the end squashes them into one
// undo step (squashToMark). Consecutive changes with the same merge key (a typing burst in
// one text, a run of arrow-key nudges) also become one step.

// Default history bounds.
const (
	DefaultHistorySteps = 300
	DefaultHistoryBytes = 48 << 20
	// typingBurst is the pause that ends a typing (or nudging) burst.
	typingBurst = 1500 * time.Millisecond
)

type entry struct {
	diff  *Diff
	label scene.Label
	merge string
	at    time.Time
	size  int
	// The session state on either side of the step, restored by undo and redo.
	before, after selState
}

// selState is the part of the session that undo and redo bring back.
type selState struct {
	page  string
	ids   []string
	scope string
}

type mark struct {
	name string
	tx   *tx
	sel  selState
}

type history struct {
	undos, redos []*entry
	bytes        int
	maxSteps     int
	maxBytes     int
	marks        []*mark
	saved        *entry // top of the undo stack when the document was last saved or loaded
	savedValid   bool   // false when the saved state was dropped from the history
}

func (h *history) top() *entry {
	if len(h.undos) == 0 {
		return nil
	}
	return h.undos[len(h.undos)-1]
}

// breakMerge ends the current burst: the next change starts a new step.
func (h *history) breakMerge() {
	if t := h.top(); t != nil {
		t.merge = ""
	}
}

func (h *history) push(en *entry) {
	if t := h.top(); t != nil && en.merge != "" && t.merge == en.merge && t != h.saved &&
		en.at.Sub(t.at) < typingBurst && len(h.redos) == 0 {
		h.bytes -= t.size
		t.diff = compose(t.diff, en.diff)
		t.size = t.diff.sizeOf()
		t.at, t.after = en.at, en.after
		h.bytes += t.size
		if t.diff.Empty() {
			h.undos = h.undos[:len(h.undos)-1]
			h.bytes -= t.size
		}
		return
	}
	en.size = en.diff.sizeOf()
	h.undos = append(h.undos, en)
	h.bytes += en.size
	for _, r := range h.redos {
		if r == h.saved {
			h.savedValid = false
		}
	}
	h.redos = nil
	for len(h.undos) > 1 && (len(h.undos) > h.maxSteps || h.bytes > h.maxBytes) {
		old := h.undos[0]
		h.bytes -= old.size
		h.undos[0] = nil
		h.undos = h.undos[1:]
		if old == h.saved {
			h.savedValid = false
		}
	}
}

// isSaved reports whether the document is as it was when last saved.
func (h *history) isSaved() bool {
	return h.savedValid && h.top() == h.saved && len(h.marks) == 0
}

func (h *history) markSaved() {
	h.saved, h.savedValid = h.top(), true
}

func (h *history) reset() {
	*h = history{maxSteps: h.maxSteps, maxBytes: h.maxBytes}
	h.markSaved()
}

// mark opens a mark: changes until squashToMark or bailToMark accumulate under it.
func (e *Editor) mark(name string) {
	e.hist.breakMerge()
	e.hist.marks = append(e.hist.marks, &mark{name: name, tx: newTx(), sel: e.selState()})
}

// markTx returns the open mark's recorder (nil when no mark is open).
func (e *Editor) markTx() *tx {
	if n := len(e.hist.marks); n > 0 {
		return e.hist.marks[n-1].tx
	}
	return nil
}

func (e *Editor) findMark(name string) int {
	for i := len(e.hist.marks) - 1; i >= 0; i-- {
		if e.hist.marks[i].name == name {
			return i
		}
	}
	return -1
}

// squashToMark closes the named mark (and any opened after it): everything changed since it
// was set becomes one undo step labelled label (or joins the enclosing mark).
func (e *Editor) squashToMark(name string, label scene.Label) {
	i := e.findMark(name)
	if i < 0 {
		return
	}
	m := e.hist.marks[i]
	for _, inner := range e.hist.marks[i+1:] {
		m.tx.merge(inner.tx)
	}
	e.hist.marks = e.hist.marks[:i]
	if i > 0 {
		e.hist.marks[i-1].tx.merge(m.tx)
		return
	}
	d := m.tx.diff(e)
	if d.Empty() {
		return
	}
	e.hist.push(&entry{diff: d, label: label, at: e.now(), before: m.sel, after: e.selState()})
	e.afterChange(d)
}

// bailToMark undoes everything changed since the named mark was set and closes it.
func (e *Editor) bailToMark(name string) {
	i := e.findMark(name)
	if i < 0 {
		return
	}
	m := e.hist.marks[i]
	for _, inner := range e.hist.marks[i+1:] {
		m.tx.merge(inner.tx)
	}
	e.hist.marks = e.hist.marks[:i]
	d := m.tx.diff(e)
	if d.Empty() {
		return
	}
	inv := d.Invert()
	e.applyDiff(inv)
	e.afterChange(inv)
	e.restoreSel(m.sel)
}

// bailAll cancels every open mark.
func (e *Editor) bailAll() {
	if len(e.hist.marks) > 0 {
		e.bailToMark(e.hist.marks[0].name)
	}
}

// change runs fn as one undoable step: fn calls t.touch* before changing records and mutates
// the document. If fn fails, what it changed is undone. Inside an open mark, the change joins
// the mark. merge, when not empty, joins consecutive changes with the same key into one step.
func (e *Editor) change(label scene.Label, merge string, fn func(t *tx) error) error {
	before := e.selState()
	t := newTx()
	if err := fn(t); err != nil {
		if d := t.diff(e); !d.Empty() {
			e.applyDiff(d.Invert())
			e.afterChange(d.Invert())
		}
		e.restoreSel(before)
		return err
	}
	d := t.diff(e)
	if mt := e.markTx(); mt != nil {
		mt.merge(t)
		if !d.Empty() {
			e.afterChange(d)
		}
		return nil
	}
	if d.Empty() {
		return nil
	}
	if merge == "" {
		e.hist.breakMerge()
	}
	e.hist.push(&entry{diff: d, label: label, merge: merge, at: e.now(), before: before, after: e.selState()})
	e.afterChange(d)
	return nil
}

func (e *Editor) undo() {
	if len(e.hist.marks) > 0 {
		e.cancelInteraction()
		return
	}
	n := len(e.hist.undos)
	if n == 0 {
		return
	}
	en := e.hist.undos[n-1]
	en.merge = "" // once undone and redone, a step is closed
	e.hist.undos = e.hist.undos[:n-1]
	e.hist.bytes -= en.size
	e.hist.redos = append(e.hist.redos, en)
	inv := en.diff.Invert()
	e.applyDiff(inv)
	e.afterChange(inv)
	e.restoreSel(en.before)
}

func (e *Editor) redo() {
	n := len(e.hist.redos)
	if n == 0 || len(e.hist.marks) > 0 {
		return
	}
	en := e.hist.redos[n-1]
	e.hist.redos = e.hist.redos[:n-1]
	e.hist.undos = append(e.hist.undos, en)
	e.hist.bytes += en.size
	e.applyDiff(en.diff)
	e.afterChange(en.diff)
	e.restoreSel(en.after)
}
