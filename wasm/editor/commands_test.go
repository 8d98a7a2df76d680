package editor

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"affiche/scene"
)

func TestNoDuplicateShortcuts(t *testing.T) {
	r := newRegistry()
	if d := r.duplicateShortcuts(); len(d) > 0 {
		t.Fatalf("duplicate shortcuts:\n%s", strings.Join(d, "\n"))
	}
	// The check itself must catch a duplicate.
	r.add(&command{name: "test.dup", label: lbl("x", "x"), bindings: bind("Mod+Z", "")})
	if d := r.duplicateShortcuts(); len(d) != 1 || !strings.Contains(d[0], "history.undo") {
		t.Fatalf("a duplicate of Mod+Z was not reported: %v", d)
	}
}

func TestCommandsHaveLabels(t *testing.T) {
	h := newHarness(t, nil)
	for _, c := range h.Commands() {
		if c.Label.FR == "" || c.Label.EN == "" || c.LabelKey != "command."+c.Name {
			t.Errorf("%s: label %+v key %q", c.Name, c.Label, c.LabelKey)
		}
	}
}

func TestKnownShortcuts(t *testing.T) {
	h := newHarness(t, nil)
	want := map[string]string{
		"Mod+Z": "history.undo", "Mod+Shift+Z": "history.redo", "Mod+Y": "history.redo",
		"Mod+C": "clipboard.copy", "Mod+X": "clipboard.cut", "Mod+V": "clipboard.paste",
		"Mod+D": "selection.duplicate", "Delete": "selection.delete", "Backspace": "selection.delete",
		"Mod+A": "selection.all", "Mod+G": "selection.group", "Mod+Shift+G": "selection.ungroup",
		"ArrowLeft": "selection.nudge", "Shift+ArrowUp": "selection.nudge",
		"Mod+[": "selection.backward", "Mod+]": "selection.forward", "Mod+Shift+[": "selection.back",
		"Mod+Shift+]": "selection.front", "Mod+=": "view.zoomIn", "Mod+-": "view.zoomOut", "Mod+0": "view.zoom100",
		"T": "tool.text", "R": "tool.rect", "O": "tool.ellipse", "L": "tool.line", "Escape": "cancel", "Enter": "text.edit",
	}
	got := map[string]string{}
	for _, c := range h.Commands() {
		if c.Context != ContextCanvas && c.Context != ContextAny {
			continue
		}
		for _, s := range c.Shortcuts {
			got[s] = c.Name
		}
	}
	for k, name := range want {
		if got[k] != name {
			t.Errorf("%s runs %q, want %q", k, got[k], name)
		}
	}
}

func TestHandleKey(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50)))
	h.do("selection.select", `{"ids":["a"]}`)
	if !h.HandleKey(Key{Key: "ArrowRight", Code: "ArrowRight"}) || h.el("a").X != 101 {
		t.Fatalf("ArrowRight: x = %v", h.el("a").X)
	}
	if !h.HandleKey(Key{Key: "ArrowDown", Code: "ArrowDown", Shift: true}) || h.el("a").Y != 110 {
		t.Fatalf("Shift+ArrowDown: y = %v", h.el("a").Y)
	}
	// Consecutive nudges are one undo step.
	if n := len(h.hist.undos); n != 1 {
		t.Fatalf("nudges made %d steps", n)
	}
	// Meta is Ctrl on a Mac; AZERTY's Ctrl+Z gives key "z" on another physical key.
	if !h.HandleKey(Key{Key: "z", Code: "KeyW", Meta: true}) || h.el("a").X != 100 || h.el("a").Y != 100 {
		t.Fatalf("Meta+Z did not undo: %v,%v", h.el("a").X, h.el("a").Y)
	}
	if !h.HandleKey(Key{Key: "Z", Code: "KeyZ", Ctrl: true, Shift: true}) || h.el("a").X != 101 {
		t.Fatalf("Ctrl+Shift+Z did not redo")
	}
	// AZERTY: Ctrl + the key at the "[" position gives key "^": the code matches.
	h.do("element.add", `{"type":"shape"}`)
	id := h.sel[0]
	if !h.HandleKey(Key{Key: "^", Code: "BracketLeft", Ctrl: true}) {
		t.Fatal("Ctrl+BracketLeft not handled")
	}
	if p := h.CurrentPage(); p.Elements[0].ID != id {
		t.Fatalf("send backward: order %s, %s", p.Elements[0].ID, p.Elements[1].ID)
	}
	// Copy, cut and paste let the browser raise its clipboard events.
	if h.HandleKey(Key{Key: "c", Code: "KeyC", Ctrl: true}) {
		t.Fatal("Ctrl+C must be left to the browser")
	}
	// Releases and unbound keys are not handled.
	if h.HandleKey(Key{Key: "q", Code: "KeyQ"}) || h.HandleKey(Key{Key: "ArrowRight", Up: true}) {
		t.Fatal("unbound key handled")
	}
	// Mod+S sends its result through CommandResult.
	if !h.HandleKey(Key{Key: "s", Code: "KeyS", Ctrl: true}) {
		t.Fatal("Ctrl+S not handled")
	}
	if r, ok := h.last(MsgCommandResult).(CommandResult); !ok || r.Command != "document.save" || !strings.Contains(r.Result.(string), `"format":"affiche"`) {
		t.Fatalf("CommandResult = %+v", h.last(MsgCommandResult))
	}
}

func TestDispatchErrors(t *testing.T) {
	h := newHarness(t, nil)
	_, err := h.Dispatch("nope", nil)
	if e, ok := err.(*Error); !ok || e.Code != ErrUnknownCommand || e.MessageFR == "" {
		t.Fatalf("unknown command: %v", err)
	}
	_, err = h.Dispatch("selection.delete", nil)
	if e, ok := err.(*Error); !ok || e.Code != ErrDisabled {
		t.Fatalf("disabled command: %v", err)
	}
	_, err = h.Dispatch("selection.all", json.RawMessage(`{"bogus":1}`))
	if e, ok := err.(*Error); !ok || e.Code != ErrArgs {
		t.Fatalf("bad args: %v", err)
	}
	_, err = h.Dispatch("document.load", json.RawMessage(`{"json":"{\"format\":\"affiche\",\"version\":1,\"pages\":[{\"elements\":[{\"type\":\"text\",\"fontSize\":-3}]}]}"}`))
	if e, ok := err.(*Error); !ok || e.Path != "pages[0].elements[0].fontSize" || e.MessageFR == "" {
		t.Fatalf("load error: %#v", err)
	}
}

// TestEveryCommandUndoes runs every command that changes the document, checks that undo gives
// back the exact JSON and that redo gives back the exact JSON after it.
func TestEveryCommandUndoes(t *testing.T) {
	type tc struct {
		name, args string
		setup      func(h *harness)
	}
	sel := func(ids ...string) func(h *harness) {
		return func(h *harness) {
			b, _ := json.Marshal(ids)
			h.do("selection.select", `{"ids":`+string(b)+`}`)
		}
	}
	editText := func(h *harness) { sel("t")(h); h.do("text.edit", `{"all":true}`) }
	cases := []tc{
		{"clipboard.cut", "", sel("a")},
		{"clipboard.paste", "", nil}, // args filled below
		{"selection.duplicate", "", sel("a", "b")},
		{"selection.delete", "", sel("a", "g")},
		{"selection.nudge", `{"dx":5,"dy":-3}`, sel("a", "g")},
		{"selection.group", "", sel("a", "b")},
		{"selection.ungroup", "", sel("g")},
		{"selection.forward", "", sel("a")},
		{"selection.backward", "", sel("c")},
		{"selection.front", "", sel("a")},
		{"selection.back", "", sel("c")},
		{"selection.align", `{"edge":"right"}`, sel("a", "b", "c")},
		{"selection.distribute", `{"axis":"vertical"}`, sel("a", "b", "c")},
		{"selection.lock", "", sel("a", "b")},
		{"selection.hide", `{"hidden":true}`, sel("c")},
		{"selection.set", `{"fill":"#ff0000","opacity":0.5,"fontSize":40,"rotation":30}`, sel("a", "t", "g")},
		{"element.add", `{"type":"shape","shape":"star","props":{"fill":"gold"}}`, nil},
		{"text.insert", `{"text":"Bonjour"}`, editText},
		{"text.paste", `{"text":"un\ndeux"}`, editText},
		{"text.cut", "", editText},
		{"text.delete", `{"direction":"backward"}`, editText},
		{"text.newParagraph", "", editText},
		{"text.lineBreak", "", editText},
		{"text.style", `{"toggle":"bold"}`, editText},
		{"text.list", `{"kind":"bullet"}`, sel("t")},
		{"image.crop", "", nil}, // covered by TestCropSession (a session, undone as one step)
		{"image.cropReset", "", sel("img")},
		{"page.add", `{"preset":"a5"}`, nil},
		{"page.duplicate", "", nil},
		{"page.delete", "", func(h *harness) { h.do("page.add", "") }},
		{"page.move", `{"to":0}`, func(h *harness) { h.do("page.add", "") }},
		{"page.setSize", `{"preset":"a3","landscape":true}`, nil},
		{"page.setBackground", `{"background":"#fde68a"}`, nil},
		{"page.rename", `{"name":"Couverture"}`, nil},
		{"document.addFont", `{"family":"Marianne","weight":700,"url":"/api/blobs/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}`, nil},
		{"document.set", `{"title":"Fête de la musique","unit":"cm","bleed":8.5}`, nil},
		// A template replacing the design; "a" is also an id of the fixture.
		{"document.replace", `{"json":"{\"format\":\"affiche\",\"version\":1,\"width\":1080,\"height\":1080,\"pages\":[{\"id\":\"t1\",\"elements\":[{\"id\":\"a\",\"type\":\"shape\",\"width\":50,\"height\":50},{\"id\":\"z\",\"type\":\"text\",\"text\":\"Modèle\"}]},{\"id\":\"t2\"}]}"}`, nil},
	}
	// Commands that change no document record, or replace the document (not undoable).
	sessionOnly := map[string]bool{
		"history.undo": true, "history.redo": true, "clipboard.copy": true, "selection.all": true,
		"selection.none": true, "selection.select": true, "tool.select": true, "tool.text": true,
		"tool.rect": true, "tool.ellipse": true, "tool.line": true, "tool.hand": true, "cancel": true,
		"text.edit": true, "text.copy": true, "text.move": true, "text.select": true,
		"image.cropDone": true, "view.zoomIn": true, "view.zoomOut": true, "view.zoom100": true,
		"view.fit": true, "view.zoom": true, "view.pan": true, "view.resize": true, "page.select": true,
		"page.next": true, "page.previous": true, "document.new": true, "document.load": true,
		"document.save":         true,
		"document.fontsChanged": true, // a new measure, not a user's change: TestFontsChangedRemeasuresTexts
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.name] = true
	}
	for _, c := range newRegistry().list {
		if !covered[c.name] && !sessionOnly[c.name] {
			t.Errorf("command %s is not covered by this test", c.name)
		}
	}
	for _, c := range cases {
		if c.name == "image.crop" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, fixtureDoc(t))
			if c.setup != nil {
				c.setup(h)
			}
			args := c.args
			if c.name == "clipboard.paste" {
				h.do("selection.select", `{"ids":["a","g"]}`)
				s := h.do("clipboard.copy", "").(string)
				b, _ := json.Marshal(map[string]string{"text": s})
				args = string(b)
			}
			before := h.json()
			steps := len(h.hist.undos)
			h.do(c.name, args)
			after := h.json()
			if after == before {
				t.Fatal("the command changed nothing")
			}
			if n := len(h.hist.undos); n != steps+1 {
				t.Fatalf("%d undo steps added, want 1", n-steps)
			}
			h.do("history.undo", "")
			if got := h.json(); got != before {
				t.Fatalf("undo:\n got %s\nwant %s", got, before)
			}
			h.do("history.redo", "")
			if got := h.json(); got != after {
				t.Fatalf("redo:\n got %s\nwant %s", got, after)
			}
			if _, _, err := scene.Restore([]byte(after)); err != nil {
				t.Fatalf("the result does not load: %v", err)
			}
		})
	}
}

// fixtureDoc has rectangles a, b, c, a group g of two shapes, a text t and an image img.
func fixtureDoc(t *testing.T) *scene.Document {
	t.Helper()
	txt := &scene.Element{ID: "t", Type: scene.TypeText, X: 50, Y: 400, Width: 300, Height: 57.6, Opacity: 1,
		Paragraphs: scene.ParagraphsFromText("Fête du village\nSamedi 14 juin")}
	img := &scene.Element{ID: "img", Type: scene.TypeImage, X: 300, Y: 500, Width: 200, Height: 100, Opacity: 1,
		Src: "https://example.org/p.jpg", Crop: &scene.Rect{X: 0.1, Y: 0.2, Width: 0.5, Height: 0.25}}
	g := &scene.Element{ID: "g", Type: scene.TypeGroup, Opacity: 1, Children: []*scene.Element{
		rect("g1", 300, 100, 40, 40), {ID: "g2", Type: scene.TypeShape, Shape: scene.ShapeEllipse, X: 360, Y: 120,
			Width: 40, Height: 60, Opacity: 1, Fill: scene.Solid("tomato")}}}
	d := testDoc(t, rect("a", 50, 50, 100, 80), rect("b", 60, 200, 80, 60), rect("c", 200, 300, 50, 50), g, txt, img)
	return d
}

// TestSliderDragIsOneStep: a slider sends selection.set on every move; the moves make one undo
// step, a pause or another field starts a new one.
func TestSliderDragIsOneStep(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.do("selection.select", `{"ids":["a"]}`)
	steps := len(h.hist.undos)
	for _, v := range []string{"0.9", "0.7", "0.5", "0.35"} {
		h.do("selection.set", `{"opacity":`+v+`}`)
		h.now = h.now.Add(16 * time.Millisecond)
	}
	if got := len(h.hist.undos) - steps; got != 1 {
		t.Fatalf("a slider drag made %d steps", got)
	}
	h.do("selection.set", `{"rotation":10}`) // another field: its own step
	h.now = h.now.Add(3 * time.Second)
	h.do("selection.set", `{"rotation":20}`) // after a pause: its own step
	if got := len(h.hist.undos) - steps; got != 3 {
		t.Fatalf("want 3 steps, got %d", got)
	}
	h.do("history.undo", "")
	h.do("history.undo", "")
	h.do("history.undo", "")
	if op := h.el("a").Opacity; op != 1 {
		t.Fatalf("undo left opacity %v", op)
	}
}

// TestAutosaveKeepsTheDrag: the page autosaves on a timer; an autosave in the middle of a drag
// must not end it (it did: the drag stopped following the pointer), a save the user asks for does.
func TestAutosaveKeepsTheDrag(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	a := h.el("a")
	startX := a.X
	x0, y0 := a.X+a.Width/2, a.Y+a.Height/2
	h.Pointer(PointerEvent{Type: "down", X: x0, Y: y0, Buttons: 1})
	h.Pointer(PointerEvent{Type: "move", X: x0 + 20, Y: y0, Buttons: 1, Alt: true})
	h.do("document.save", `{"autosave":true}`)
	if !h.gestureActive() {
		t.Fatal("an autosave ended the drag")
	}
	h.Pointer(PointerEvent{Type: "move", X: x0 + 40, Y: y0, Buttons: 1, Alt: true})
	h.Pointer(PointerEvent{Type: "up", X: x0 + 40, Y: y0, Alt: true})
	if got := h.el("a").X; got != startX+40 {
		t.Fatalf("the drag stopped at the autosave: x %v", got)
	}
	h.Pointer(PointerEvent{Type: "down", X: x0 + 40, Y: y0, Buttons: 1})
	h.Pointer(PointerEvent{Type: "move", X: x0 + 60, Y: y0, Buttons: 1})
	h.do("document.save", "")
	if h.gestureActive() {
		t.Fatal("a save the user asked for left the drag going")
	}
}
