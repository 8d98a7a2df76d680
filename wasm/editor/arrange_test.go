package editor

import (
	"encoding/json"
	"strings"
	"testing"

	"affiche/scene"
)

func ids(els []*scene.Element) string {
	var s []string
	for _, e := range els {
		s = append(s, e.ID)
	}
	return strings.Join(s, ",")
}

func TestAlign(t *testing.T) {
	mk := func() *harness {
		r := rect("c", 200, 300, 40, 40)
		r.Rotation = 45 // aligned by its bounds
		return newHarness(t, testDoc(t, rect("a", 50, 50, 100, 80), rect("b", 60, 200, 80, 60), r))
	}
	cb := func(h *harness) scene.Rect { return h.el("c").Bounds() }
	h := mk()
	h.do("selection.select", `{"ids":["a","b","c"]}`)
	h.do("selection.align", `{"edge":"left"}`)
	if h.el("a").X != 50 || h.el("b").X != 50 || !near(cb(h).X, 50) {
		t.Fatalf("left: %v %v %v", h.el("a").X, h.el("b").X, cb(h).X)
	}
	h = mk()
	h.do("selection.select", `{"ids":["a","b","c"]}`)
	h.do("selection.align", `{"edge":"bottom"}`)
	bottom := 300 + 20 + 20*1.4142135623730951
	for _, id := range []string{"a", "b"} {
		if b := h.el(id).Bounds(); !near(b.Y+b.Height, bottom) {
			t.Fatalf("bottom of %s = %v, want %v", id, b.Y+b.Height, bottom)
		}
	}
	h = mk()
	h.do("selection.select", `{"ids":["a","b"]}`)
	h.do("selection.align", `{"edge":"center"}`)
	if !near(h.el("a").X+50, 100) || !near(h.el("b").X+40, 100) {
		t.Fatalf("centre: %v %v", h.el("a").X, h.el("b").X)
	}
	// One element aligns to the page.
	h = mk()
	pw, ph := h.doc.PageSize(0)
	h.do("selection.select", `{"ids":["a"]}`)
	h.do("selection.align", `{"edge":"right"}`)
	h.do("selection.align", `{"edge":"middle"}`)
	if a := h.el("a"); !near(a.X+a.Width, pw) || !near(a.Y+a.Height/2, ph/2) {
		t.Fatalf("to page: %v,%v", a.X, a.Y)
	}
	if len(h.hist.undos) != 2 {
		t.Fatalf("%d steps", len(h.hist.undos))
	}
	if _, err := h.Dispatch("selection.align", json.RawMessage(`{"edge":"diagonal"}`)); err == nil {
		t.Fatal("unknown edge accepted")
	}
}

func TestDistribute(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 0, 0, 10, 10), rect("b", 30, 50, 30, 10), rect("c", 100, 20, 20, 10),
		rect("d", 200, 0, 10, 10)))
	h.do("selection.select", `{"ids":["d","b","a","c"]}`)
	h.do("selection.distribute", `{"axis":"horizontal"}`)
	// Span 0–210, widths 70 → gaps of 140/3.
	g := 140.0 / 3
	want := map[string]float64{"a": 0, "b": 10 + g, "c": 40 + 2*g, "d": 200}
	for id, x := range want {
		if !near(h.el(id).X, x) {
			t.Errorf("%s at %v, want %v", id, h.el(id).X, x)
		}
	}
	if h.el("b").Y != 50 {
		t.Error("horizontal distribution moved y")
	}
}

func TestGroupUngroupOrder(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 0, 0, 10, 10), rect("b", 20, 0, 10, 10), rect("c", 40, 0, 10, 10),
		rect("d", 60, 0, 10, 10)))
	p := h.CurrentPage()
	h.do("selection.select", `{"ids":["c","a"]}`)
	h.HandleKey(Key{Key: "g", Code: "KeyG", Ctrl: true})
	if len(p.Elements) != 3 || p.Elements[0].ID != "b" || p.Elements[2].ID != "d" {
		t.Fatalf("after group: %s", ids(p.Elements))
	}
	g := p.Elements[1]
	if g.Type != scene.TypeGroup || ids(g.Children) != "a,c" || g.X != 0 || g.Width != 50 {
		t.Fatalf("group %+v children %s", g, ids(g.Children))
	}
	if len(h.sel) != 1 || h.sel[0] != g.ID {
		t.Fatalf("selection %v", h.sel)
	}
	h.do("selection.front", "")
	if p.Elements[2].ID != g.ID {
		t.Fatalf("front: %s", ids(p.Elements))
	}
	h.do("selection.backward", "")
	if p.Elements[1].ID != g.ID {
		t.Fatalf("backward: %s", ids(p.Elements))
	}
	h.HandleKey(Key{Key: "G", Code: "KeyG", Ctrl: true, Shift: true})
	if ids(p.Elements) != "b,a,c,d" || ids(h.selected()) != "a,c" {
		t.Fatalf("ungroup: %s sel %v", ids(p.Elements), h.sel)
	}
	h.do("selection.back", "")
	if ids(p.Elements) != "a,c,b,d" {
		t.Fatalf("back: %s", ids(p.Elements))
	}
	h.do("selection.forward", "")
	if ids(p.Elements) != "b,a,c,d" {
		t.Fatalf("forward: %s", ids(p.Elements))
	}
}

func TestUngroupKeepsOpacity(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.do("selection.select", `{"ids":["g"]}`)
	h.do("selection.set", `{"opacity":0.5}`)
	h.do("selection.ungroup", "")
	if o := h.el("g1").Opacity; o != 0.5 {
		t.Fatalf("child opacity %v", o)
	}
}

func TestDuplicateAndDelete(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.do("selection.select", `{"ids":["a","g"]}`)
	h.HandleKey(Key{Key: "d", Code: "KeyD", Ctrl: true})
	if len(h.sel) != 2 || h.sel[0] == "a" {
		t.Fatalf("selection after duplicate %v", h.sel)
	}
	dup := h.el(h.sel[0])
	if dup.X != 60 || dup.Y != 60 || dup.Fill.Color != "#336699" {
		t.Fatalf("duplicate %+v", dup)
	}
	dg := h.el(h.sel[1])
	if dg.Children[0].ID == "g1" || dg.Children[0].X != 310 {
		t.Fatal("the group's children were not copied with fresh ids")
	}
	// Right above its original.
	p := h.CurrentPage()
	if p.Elements[1].ID != dup.ID {
		t.Fatalf("order %s", ids(p.Elements))
	}
	n := len(p.Elements)
	h.HandleKey(Key{Key: "Delete", Code: "Delete"})
	if len(p.Elements) != n-2 || len(h.sel) != 0 {
		t.Fatalf("delete left %d", len(p.Elements))
	}
	// Deleting the last child of a group deletes the group.
	h.do("selection.select", `{"ids":["g1"]}`)
	h.do("selection.delete", "")
	h.do("selection.select", `{"ids":["g2"]}`)
	h.do("selection.delete", "")
	if h.Element("g") != nil || h.scope != "" {
		t.Fatal("an empty group stayed")
	}
}

func TestLockHide(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.do("selection.select", `{"ids":["a","b"]}`)
	h.HandleKey(Key{Key: "L", Code: "KeyL", Alt: true, Shift: true})
	if !h.el("a").Locked || !h.el("b").Locked {
		t.Fatal("not locked")
	}
	if _, err := h.Dispatch("selection.nudge", json.RawMessage(`{"dx":1}`)); err == nil {
		t.Fatal("nudged locked elements")
	}
	h.do("selection.lock", "")
	if h.el("a").Locked {
		t.Fatal("toggle did not unlock")
	}
	h.do("selection.hide", "")
	if !h.el("a").Hidden || h.HitTest(60, 60) == "a" {
		t.Fatal("hide")
	}
	h.do("selection.hide", `{"hidden":false}`)
	if h.el("a").Hidden {
		t.Fatal("show")
	}
}

func TestSetProperties(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.do("selection.select", `{"ids":["a","t","g"]}`)
	h.do("selection.set", `{"fill":"#ff0000","color":"#00ff00","fontSize":36,"opacity":0.8}`)
	if h.el("a").Fill.Color != "#ff0000" || h.el("g2").Fill.Color != "#ff0000" {
		t.Fatal("fill not set on shapes (group children included)")
	}
	if h.el("t").Fill != nil || h.el("t").Color != "#00ff00" || h.el("t").FontSize != 36 {
		t.Fatalf("text: fill %v colour %s size %v", h.el("t").Fill, h.el("t").Color, h.el("t").FontSize)
	}
	if h.el("g").Opacity != 0.8 || h.el("g1").Opacity != 1 {
		t.Fatal("opacity goes on the group itself")
	}
	if len(h.hist.undos) != 1 {
		t.Fatalf("%d steps", len(h.hist.undos))
	}
	// Invalid values are refused with the field's path, and nothing changes.
	before := h.json()
	_, err := h.Dispatch("selection.set", json.RawMessage(`{"fill":"not-a-colour"}`))
	if e, ok := err.(*Error); !ok || e.Path != "fill" {
		t.Fatalf("bad colour: %#v", err)
	}
	_, err = h.Dispatch("selection.set", json.RawMessage(`{"id":"x"}`))
	if err == nil {
		t.Fatal("id is not settable")
	}
	if h.json() != before {
		t.Fatal("a refused patch changed the document")
	}
	// Geometry and text content.
	h.do("selection.select", `{"ids":["t"]}`)
	h.do("selection.set", `{"x":10,"width":100,"text":"Bal populaire","list":"bullet"}`)
	tt := h.el("t")
	if tt.X != 10 || tt.Width != 100 || tt.PlainText() != "Bal populaire" || tt.Paragraphs[0].List != scene.ListBullet {
		t.Fatalf("text set: %+v", tt)
	}
	if tt.Height != h.layout.Height(tt) {
		t.Fatal("the text box does not fit its text")
	}
	// Properties reflect the selection.
	pu := h.properties()
	if string(pu.Values["fontSize"]) != "36" || string(pu.Values["list"]) != `"bullet"` || string(pu.Values["x"]) != "10" {
		t.Fatalf("properties %+v", pu.Values)
	}
	h.do("selection.select", `{"ids":["a","b"]}`)
	pu = h.properties()
	if string(pu.Values["shape"]) != `"rect"` || !contains(pu.Mixed, "fill") || !contains(pu.Mixed, "opacity") {
		t.Fatalf("mixed properties %+v mixed %v", pu.Values, pu.Mixed)
	}
}
