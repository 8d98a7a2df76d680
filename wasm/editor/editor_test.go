package editor

import (
	"encoding/json"
	"testing"
	"time"

	"affiche/scene"
)

// harness is an editor with a fixed clock, a known document and the messages it sent.
type harness struct {
	*Editor
	t    *testing.T
	msgs []Message
	now  time.Time
}

func newHarness(t *testing.T, doc *scene.Document) *harness {
	t.Helper()
	h := &harness{t: t, now: time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)}
	h.Editor = New(doc, Options{
		OnMessage:     func(m Message) { h.msgs = append(h.msgs, m) },
		Now:           func() time.Time { return h.now },
		ViewportWidth: 1000, ViewportHeight: 1000,
	})
	h.setZoom(1, 0, 0)
	h.cam.panX, h.cam.panY = 0, 0
	return h
}

// do dispatches a command and fails the test on error.
func (h *harness) do(name string, args string) any {
	h.t.Helper()
	var raw json.RawMessage
	if args != "" {
		raw = json.RawMessage(args)
	}
	res, err := h.Dispatch(name, raw)
	if err != nil {
		h.t.Fatalf("%s %s: %v", name, args, err)
	}
	return res
}

func (h *harness) json() string {
	h.t.Helper()
	b, err := json.Marshal(h.doc)
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

func (h *harness) el(id string) *scene.Element {
	h.t.Helper()
	el := h.Element(id)
	if el == nil {
		h.t.Fatalf("no element %q", id)
	}
	return el
}

// last returns the data of the last message of a type (nil if none was sent).
func (h *harness) last(typ string) any {
	for i := len(h.msgs) - 1; i >= 0; i-- {
		if h.msgs[i].Type == typ {
			return h.msgs[i].Data
		}
	}
	return nil
}

func (h *harness) count(typ string) int {
	n := 0
	for _, m := range h.msgs {
		if m.Type == typ {
			n++
		}
	}
	return n
}

// drag presses at (x0, y0), moves in steps to (x1, y1) and releases.
func (h *harness) drag(x0, y0, x1, y1 float64, mods PointerEvent) {
	ev := mods
	ev.Type, ev.X, ev.Y, ev.Button, ev.Buttons = "down", x0, y0, 0, 1
	h.Pointer(ev)
	for i := 1; i <= 4; i++ {
		ev.Type = "move"
		ev.X, ev.Y = x0+(x1-x0)*float64(i)/4, y0+(y1-y0)*float64(i)/4
		h.Pointer(ev)
	}
	ev.Type = "up"
	h.Pointer(ev)
}

func (h *harness) click(x, y float64, mods PointerEvent) {
	ev := mods
	ev.X, ev.Y, ev.Button = x, y, 0
	if ev.Clicks == 0 {
		ev.Clicks = 1
	}
	ev.Type = "down"
	h.Pointer(ev)
	ev.Type = "up"
	h.Pointer(ev)
}

// rect adds a rectangle element directly to the current page (test setup, no history).
func rect(id string, x, y, w, hgt float64) *scene.Element {
	return &scene.Element{ID: id, Type: scene.TypeShape, Shape: scene.ShapeRect, X: x, Y: y, Width: w, Height: hgt,
		Opacity: 1, Fill: scene.Solid("#336699")}
}

// testDoc returns an A4 document holding els on its one page, normalised.
func testDoc(t *testing.T, els ...*scene.Element) *scene.Document {
	t.Helper()
	d := scene.New(scene.DefaultPageWidth, scene.DefaultPageHeight)
	d.Pages[0].ID = "page1"
	d.Pages[0].Elements = els
	if _, err := scene.Normalize(d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSmokeDragUndo(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50)))
	before := h.json()
	h.drag(120, 120, 170, 150, PointerEvent{Alt: true})
	if a := h.el("a"); a.X != 150 || a.Y != 130 {
		t.Fatalf("after drag a at %v,%v", a.X, a.Y)
	}
	if len(h.hist.undos) != 1 {
		t.Fatalf("undo steps = %d, want 1", len(h.hist.undos))
	}
	h.do("history.undo", "")
	if got := h.json(); got != before {
		t.Fatalf("undo gave\n%s\nwant\n%s", got, before)
	}
}
