package editor

import (
	"encoding/json"
	"testing"
	"time"

	"affiche/scene"
)

func (h *harness) typeText(s string) {
	h.t.Helper()
	b, _ := json.Marshal(map[string]string{"text": s})
	h.do("text.insert", string(b))
}

func (h *harness) key(k string, mods Key) bool {
	mods.Key = k
	return h.HandleKey(mods)
}

func textHarness(t *testing.T) *harness {
	h := newHarness(t, fixtureDoc(t))
	h.do("selection.select", `{"ids":["t"]}`)
	h.do("text.edit", `{"at":{"para":0,"offset":16}}`) // after "Fête du village" (ê is 2 bytes)
	return h
}

func TestTypingBurstIsOneStep(t *testing.T) {
	h := textHarness(t)
	before := h.json()
	for _, s := range []string{" ", "e", "n", " ", "f", "ê", "t", "e"} {
		h.typeText(s)
		h.now = h.now.Add(150 * time.Millisecond)
	}
	h.key("Backspace", Key{})
	h.typeText("é")
	if got := h.el("t").Paragraphs[0].Text(); got != "Fête du village en fêté" {
		t.Fatalf("typed %q", got)
	}
	if len(h.hist.undos) != 1 {
		t.Fatalf("a typing burst made %d steps", len(h.hist.undos))
	}
	mid := h.json()
	h.now = h.now.Add(3 * time.Second) // a pause ends the burst
	h.typeText("!")
	if len(h.hist.undos) != 2 {
		t.Fatalf("after a pause: %d steps", len(h.hist.undos))
	}
	// Moving the caret ends the burst too.
	h.key("ArrowLeft", Key{})
	h.typeText("?")
	if len(h.hist.undos) != 3 {
		t.Fatalf("after moving: %d steps", len(h.hist.undos))
	}
	h.key("z", Key{Ctrl: true})
	h.key("z", Key{Ctrl: true})
	if h.json() != mid {
		t.Fatal("undo did not return to the end of the burst")
	}
	h.key("z", Key{Ctrl: true})
	if h.json() != before {
		t.Fatal("undo of the burst")
	}
	if h.text == nil {
		t.Fatal("undo left text editing")
	}
}

func TestParagraphsAndLineBreaks(t *testing.T) {
	h := textHarness(t)
	h.key("Enter", Key{})
	h.typeText("Place")
	h.key("Enter", Key{Shift: true})
	h.typeText("de la mairie")
	el := h.el("t")
	if len(el.Paragraphs) != 3 || el.Paragraphs[1].Text() != "Place\u2028de la mairie" {
		t.Fatalf("paragraphs %q", el.PlainText())
	}
	// Backspace at the start of a paragraph joins it to the one before.
	h.do("text.select", `{"focus":{"para":2,"offset":0}}`)
	h.key("Backspace", Key{})
	if len(el.Paragraphs) != 2 || el.Paragraphs[1].Text() != "Place\u2028de la mairieSamedi 14 juin" {
		t.Fatalf("join: %q", h.el("t").PlainText())
	}
	if h.text.focus != (TextPos{1, len("Place\u2028de la mairie")}) {
		t.Fatalf("caret after join %+v", h.text.focus)
	}
}

func TestLists(t *testing.T) {
	h := textHarness(t)
	h.do("text.list", `{"kind":"bullet"}`)
	el := h.el("t")
	if el.Paragraphs[0].List != scene.ListBullet || el.Paragraphs[1].List != scene.ListNone {
		t.Fatal("list on the caret's paragraph only")
	}
	h.key("Enter", Key{})
	if el = h.el("t"); el.Paragraphs[1].List != scene.ListBullet {
		t.Fatal("Enter does not continue the list")
	}
	h.key("Enter", Key{}) // on an empty item: ends the list
	if el = h.el("t"); len(el.Paragraphs) != 3 || el.Paragraphs[1].List != scene.ListNone {
		t.Fatalf("Enter on an empty item: %d paragraphs, list %q", len(el.Paragraphs), el.Paragraphs[1].List)
	}
	h.do("text.list", `{"kind":"bullet"}`)
	h.key("Backspace", Key{}) // at the start of an item: removes the bullet first
	if el = h.el("t"); len(el.Paragraphs) != 3 || el.Paragraphs[1].List != scene.ListNone {
		t.Fatal("Backspace at the start of an item")
	}
	h.do("text.select", `{"all":true}`)
	h.do("text.list", `{"kind":"number"}`)
	h.do("text.list", `{"kind":"number"}`)
	for _, p := range h.el("t").Paragraphs {
		if p.List != scene.ListNone {
			t.Fatal("toggling a list twice")
		}
	}
}

func TestStyleRangeSplitsRuns(t *testing.T) {
	h := textHarness(t)
	h.do("text.select", `{"anchor":{"para":0,"offset":9},"focus":{"para":0,"offset":16}}`) // "village"
	h.key("b", Key{Ctrl: true})
	p := h.el("t").Paragraphs[0]
	if len(p.Runs) != 2 || p.Runs[0].Text != "Fête du " || p.Runs[1].Text != "village" ||
		p.Runs[1].FontWeight == nil || *p.Runs[1].FontWeight != 700 || p.Runs[0].FontWeight != nil {
		b, _ := json.Marshal(p)
		t.Fatalf("runs %s", b)
	}
	pu := h.properties()
	if string(pu.Values["fontWeight"]) != "700" || !pu.TextRange {
		t.Fatalf("range properties %+v", pu)
	}
	// A range across both styles is mixed.
	h.do("text.select", `{"anchor":{"para":0,"offset":0},"focus":{"para":0,"offset":12}}`)
	if pu := h.properties(); !contains(pu.Mixed, "fontWeight") {
		t.Fatalf("mixed weight not reported: %+v", pu)
	}
	// Colour on part of a run splits it in three.
	h.do("text.select", `{"anchor":{"para":0,"offset":10},"focus":{"para":0,"offset":12}}`)
	h.do("selection.set", `{"color":"#c00000"}`)
	if runs := h.el("t").Paragraphs[0].Runs; len(runs) != 4 || runs[2].Text != "il" || *runs[2].Color != "#c00000" {
		b, _ := json.Marshal(runs)
		t.Fatalf("runs %s", b)
	}
	// Bold again over the whole word: a toggle off; runs equal to the element's style merge.
	h.do("text.select", `{"anchor":{"para":0,"offset":9},"focus":{"para":0,"offset":16}}`)
	h.key("b", Key{Ctrl: true})
	h.do("text.select", `{"anchor":{"para":0,"offset":10},"focus":{"para":0,"offset":12}}`)
	h.do("text.style", `{"color":"#000000"}`)
	runs := h.el("t").Paragraphs[0].Runs
	if len(runs) != 1 || runs[0].FontWeight != nil || runs[0].Color != nil {
		b, _ := json.Marshal(runs)
		t.Fatalf("runs after undoing the styles by hand: %s", b)
	}
	// With a collapsed caret, the style goes to the whole text and run overrides go.
	h.do("text.select", `{"focus":{"para":0,"offset":1}}`)
	h.do("text.style", `{"fontSize":40,"color":"#123456"}`)
	el := h.el("t")
	if el.FontSize != 40 || el.Color != "#123456" || len(el.Paragraphs[0].Runs) != 1 {
		b, _ := json.Marshal(el.Paragraphs)
		t.Fatalf("whole text: size %v runs %s", el.FontSize, b)
	}
	if _, err := h.Dispatch("text.style", json.RawMessage(`{"fontSize":-1}`)); err == nil {
		t.Fatal("negative font size accepted")
	}
}

func TestCaretMoves(t *testing.T) {
	h := textHarness(t)
	move := func(k string, mods Key) TextPos {
		h.key(k, mods)
		return h.text.focus
	}
	h.do("text.select", `{"focus":{"para":0,"offset":0}}`)
	if p := move("ArrowRight", Key{}); p.Offset != 1 {
		t.Fatal(p)
	}
	if p := move("ArrowRight", Key{}); p.Offset != 3 { // over the two bytes of "ê"
		t.Fatalf("over ê: %+v", p)
	}
	if p := move("ArrowRight", Key{}); p.Offset != 4 {
		t.Fatal(p)
	}
	if p := move("ArrowRight", Key{Ctrl: true}); p.Offset != 5 {
		t.Fatalf("word right: %+v", p)
	}
	if p := move("ArrowRight", Key{Ctrl: true}); p.Offset != 8 {
		t.Fatalf("word right: %+v", p)
	}
	if p := move("ArrowLeft", Key{Ctrl: true, Shift: true}); p.Offset != 6 || h.text.anchor.Offset != 8 {
		t.Fatalf("word left extend: %+v anchor %+v", p, h.text.anchor)
	}
	if p := move("ArrowLeft", Key{}); p.Offset != 6 || !h.text.collapsed() {
		t.Fatalf("left collapses to the start: %+v", p)
	}
	if p := move("End", Key{}); p.Offset != len("Fête du village") {
		t.Fatalf("End: %+v", p)
	}
	if p := move("ArrowRight", Key{}); p != (TextPos{1, 0}) {
		t.Fatalf("right across paragraphs: %+v", p)
	}
	if p := move("ArrowUp", Key{}); p.Para != 0 {
		t.Fatalf("up: %+v", p)
	}
	if p := move("End", Key{Ctrl: true}); p != (TextPos{1, len("Samedi 14 juin")}) {
		t.Fatalf("Ctrl+End: %+v", p)
	}
	if p := move("Home", Key{Shift: true}); p != (TextPos{1, 0}) || h.text.anchor.Offset == 0 {
		t.Fatalf("Shift+Home: %+v", p)
	}
	// Combining marks go with their letter.
	h.do("text.select", `{"focus":{"para":1,"offset":0}}`)
	h.typeText("e\u0301")
	h.key("ArrowLeft", Key{})
	if h.text.focus.Offset != 0 {
		t.Fatalf("left over e+accent: %+v", h.text.focus)
	}
	h.key("Delete", Key{})
	if got := h.el("t").Paragraphs[1].Text(); got != "Samedi 14 juin" {
		t.Fatalf("delete of e+accent left %q", got)
	}
}

func TestTextEditByPointer(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	// "Fête du village" lies at 50,400; the approximate layout gives 13.2 pt per character.
	x := func(chars float64) float64 { return 50 + chars*24*0.55 }
	h.click(x(11), 410, PointerEvent{})
	h.click(x(11), 410, PointerEvent{Clicks: 2})
	if h.text == nil || h.text.id != "t" {
		t.Fatal("double click does not edit text")
	}
	if from, to := h.text.ordered(); from.Offset != 9 || to.Offset != 16 {
		t.Fatalf("double click selects %+v–%+v, want the word", from, to)
	}
	// Press and drag inside the text selects.
	h.drag(x(0), 410, x(4), 410, PointerEvent{})
	if from, to := h.text.ordered(); from.Offset != 0 || to.Offset != len("Fête") {
		t.Fatalf("drag selection %+v–%+v", from, to)
	}
	u, ok := h.textEditUpdate()
	if !ok || len(u.Rects) != 1 || !near(u.Rects[0].Width, 4*24*0.55) || u.Matrix[4] != 50 {
		t.Fatalf("text edit update %+v", u)
	}
	s := h.do("text.copy", "").(string)
	if s != "Fête" {
		t.Fatalf("copy %q", s)
	}
	// Clicking elsewhere ends editing.
	h.click(500, 800, PointerEvent{})
	if h.text != nil {
		t.Fatal("still editing")
	}
	if trig := h.last(MsgTriggerTextEdit).(TextEditTrigger); trig.Active {
		t.Fatal("the page was not told editing ended")
	}
	// An emptied text is removed when editing ends.
	h.do("selection.select", `{"ids":["t"]}`)
	h.key("Enter", Key{})
	h.key("Delete", Key{})
	h.key("Escape", Key{})
	if h.Element("t") != nil {
		t.Fatal("empty text kept")
	}
}
