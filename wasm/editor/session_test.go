package editor

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"affiche/scene"
)

func TestPages(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	first := h.CurrentPage().ID
	res := h.do("page.add", `{"preset":"square"}`).(map[string]string)
	if len(h.doc.Pages) != 2 || h.CurrentPage().ID != res["id"] || h.page != 1 {
		t.Fatal("page.add does not show the new page")
	}
	if w, hh := h.doc.PageSize(1); w != 1080 || hh != 1080 {
		t.Fatalf("new page size %vx%v", w, hh)
	}
	du := h.last(MsgUpdateDocument).(DocumentUpdate)
	if len(du.Pages) != 2 || du.CurrentIndex != 1 || len(du.Elements) != 0 {
		t.Fatalf("document update %+v", du)
	}
	h.do("page.select", `{"index":0}`)
	h.do("selection.select", `{"ids":["a"]}`)
	dup := h.do("page.duplicate", "").(map[string]string)["id"]
	if h.page != 1 || len(h.CurrentPage().Elements) != 6 || h.CurrentPage().Elements[0].ID == "a" || len(h.sel) != 0 {
		t.Fatal("page.duplicate")
	}
	h.do("page.move", `{"to":2}`)
	if h.doc.Pages[2].ID != dup || h.CurrentPage().ID != dup {
		t.Fatal("page.move keeps the moved page current")
	}
	h.do("page.delete", "")
	if len(h.doc.Pages) != 2 || h.CurrentPage().ID != res["id"] {
		t.Fatalf("after delete current is %s", h.CurrentPage().ID)
	}
	h.do("history.undo", "")
	if len(h.doc.Pages) != 3 || h.CurrentPage().ID != dup {
		t.Fatal("undo of page.delete shows the page again")
	}
	h.do("page.setSize", `{"id":"`+first+`","width":500,"height":700}`)
	if w, hh := h.doc.PageSize(0); w != 500 || hh != 700 {
		t.Fatalf("setSize %vx%v", w, hh)
	}
	h.do("page.setSize", `{"preset":"a4","all":true}`)
	for i := range h.doc.Pages {
		if w, _ := h.doc.PageSize(i); !near(w, scene.DefaultPageWidth) {
			t.Fatalf("page %d width %v", i, w)
		}
	}
	if _, err := h.Dispatch("page.setSize", json.RawMessage(`{"width":-5,"height":5}`)); err == nil {
		t.Fatal("negative size accepted")
	}
	h.do("page.setBackground", `{"background":{"type":"linear","angle":90,"stops":[{"offset":0,"color":"#fff"},{"offset":1,"color":"navy"}]}}`)
	if bg := h.CurrentPage().Background; bg == nil || bg.Gradient == nil {
		t.Fatal("gradient background")
	}
	if _, err := h.Dispatch("page.setBackground", json.RawMessage(`{"background":"nope"}`)); err == nil {
		t.Fatal("bad colour accepted")
	}
	h.do("page.setBackground", `{"background":null}`)
	if h.CurrentPage().Background != nil {
		t.Fatal("background not cleared")
	}
	h.key("PageUp", Key{})
	if h.page != 1 {
		t.Fatalf("PageUp: page %d", h.page)
	}
	h.do("page.delete", `{"id":"`+h.doc.Pages[0].ID+`"}`)
	h.do("page.delete", "")
	if _, err := h.Dispatch("page.delete", nil); err == nil {
		t.Fatal("deleted the last page")
	}
}

func TestHistoryBounds(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.opts.HistorySteps = 5
	h.hist.maxSteps = 5
	h.do("selection.select", `{"ids":["a"]}`)
	for i := 0; i < 12; i++ {
		h.do("selection.set", `{"opacity":0.`+string(rune('1'+i%9))+`}`)
		h.now = h.now.Add(2 * time.Second) // separate steps, not one slider drag
	}
	if len(h.hist.undos) != 5 {
		t.Fatalf("%d steps kept, want 5", len(h.hist.undos))
	}
	for len(h.hist.undos) > 0 {
		h.do("history.undo", "")
	}
	if h.el("a").Opacity == 1 {
		t.Fatal("undid past the oldest kept step")
	}
	// The byte budget drops old steps too.
	h2 := newHarness(t, fixtureDoc(t))
	h2.hist.maxBytes = 20000
	h2.do("selection.select", `{"ids":["t"]}`)
	for i := 0; i < 50; i++ {
		h2.do("selection.set", `{"text":"`+strings.Repeat("x", 500+i)+`"}`)
	}
	if h2.hist.bytes > 20000 || len(h2.hist.undos) >= 50 || len(h2.hist.undos) == 0 {
		t.Fatalf("byte budget: %d bytes in %d steps", h2.hist.bytes, len(h2.hist.undos))
	}
}

func TestSavedFlag(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	saved := func() bool { return h.last(MsgUpdateDocument).(DocumentUpdate).Saved }
	h.Flush()
	if !saved() {
		t.Fatal("a fresh document is unsaved")
	}
	h.do("selection.select", `{"ids":["a"]}`)
	h.do("selection.nudge", `{"dx":1}`)
	if saved() {
		t.Fatal("a change leaves it saved")
	}
	h.do("document.save", "")
	if !saved() {
		t.Fatal("save does not mark it saved")
	}
	h.now = h.now.Add(time.Second)
	h.do("selection.nudge", `{"dx":1}`) // a nudge right after saving must not merge into the saved step
	h.do("history.undo", "")
	if !saved() {
		t.Fatal("undo back to the saved state")
	}
	h.do("document.save", `{"autosave":true}`)
	h.do("history.undo", "")
	if saved() {
		t.Fatal("autosave marked it saved / undo past the save")
	}
}

func TestLoadAndNew(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.do("selection.select", `{"ids":["a"]}`)
	h.do("selection.delete", "")
	out := h.do("document.save", `{"indent":true}`).(string)
	h2 := newHarness(t, nil)
	b, _ := json.Marshal(map[string]string{"json": out})
	res := h2.do("document.load", string(b)).(LoadResult)
	if len(res.Warnings) != 0 || h2.json() != h.json() {
		t.Fatalf("load round trip: %+v", res)
	}
	if inv := h2.last(MsgInvalidateElements).(Invalidation); !inv.All {
		t.Fatal("load does not invalidate everything")
	}
	if len(h2.hist.undos) != 0 || len(h2.sel) != 0 {
		t.Fatal("load keeps history or selection")
	}
	// The document object itself is accepted too.
	h2.do("document.load", out)
	h2.do("document.new", `{"preset":"story"}`)
	if w, hh := h2.doc.PageSize(0); w != 1080 || hh != 1920 || h2.doc.Unit != scene.UnitPx {
		t.Fatalf("new story %vx%v %s", w, hh, h2.doc.Unit)
	}
	h2.do("document.set", `{"title":"Affiche","unit":"mm"}`)
	if h2.doc.Title != "Affiche" || h2.last(MsgUpdateDocument).(DocumentUpdate).Title != "Affiche" {
		t.Fatal("title")
	}
	if _, err := h2.Dispatch("document.set", json.RawMessage(`{"unit":"furlong"}`)); err == nil {
		t.Fatal("bad unit")
	}
}

func TestCamera(t *testing.T) {
	h := newHarness(t, nil)
	h.do("view.resize", `{"width":800,"height":1000}`)
	h.do("view.fit", "")
	c := h.last(MsgUpdateCamera).(CameraUpdate)
	pw, ph := h.doc.PageSize(0)
	if !c.Fit || !near(c.Zoom, (1000-2*fitMargin)/ph) || !near(c.PanX*2+pw*c.Zoom, 800) {
		t.Fatalf("fit camera %+v", c)
	}
	h.key("=", Key{Ctrl: true})
	if z := h.cam.zoom; !near(z, 1) && z <= c.Zoom {
		t.Fatalf("zoom in: %v", z)
	}
	h.key("0", Key{Ctrl: true, Code: "Digit0"})
	if h.cam.zoom != 1 {
		t.Fatalf("Ctrl+0: %v", h.cam.zoom)
	}
	// The wheel zooms about the pointer: the page point under it stays.
	px, py := (300-h.cam.panX)/h.cam.zoom, (200-h.cam.panY)/h.cam.zoom
	h.do("view.zoom", `{"factor":1.5,"x":300,"y":200}`)
	if qx, qy := (300-h.cam.panX)/h.cam.zoom, (200-h.cam.panY)/h.cam.zoom; !near(px, qx) || !near(py, qy) {
		t.Fatal("zoom about a point moved it")
	}
	h.do("view.zoom", `{"zoom":1000}`)
	if h.cam.zoom != MaxZoom {
		t.Fatal("zoom not clamped")
	}
	h.key("-", Key{Meta: true})
	if h.cam.zoom >= MaxZoom {
		t.Fatal("Meta+- did not zoom out")
	}
}

func TestMessagesForAChange(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.msgs = nil
	h.do("selection.select", `{"ids":["a"]}`)
	h.do("selection.set", `{"fill":"#00ff00"}`)
	var order []string
	for _, m := range h.msgs {
		order = append(order, m.Type)
	}
	got := strings.Join(order, ",")
	if !strings.Contains(got, "UpdateDocument,InvalidateElements,UpdateSelection,UpdateProperties,UpdateOverlay,UpdateHistory") {
		t.Fatalf("message order %s", got)
	}
	inv := h.last(MsgInvalidateElements).(Invalidation)
	if len(inv.IDs) != 1 || inv.IDs[0] != "a" || len(inv.Pages) != 1 {
		t.Fatalf("invalidation %+v", inv)
	}
	// Every message survives JSON.
	for _, m := range h.msgs {
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("%s: %v", m.Type, err)
		}
	}
	// Enabled commands follow the selection.
	en := h.last(MsgUpdateCommands).(CommandsUpdate).Enabled
	if !en["selection.delete"] || en["selection.group"] || en["history.redo"] {
		t.Fatalf("enabled %v", en)
	}
	// Moving only a child of a group invalidates that child (and the group's box), not its sibling.
	h.do("selection.select", `{"ids":["g1"]}`)
	h.do("selection.nudge", `{"dx":5}`)
	inv = h.last(MsgInvalidateElements).(Invalidation)
	if strings.Join(inv.Moved, ",") != "g1" || contains(inv.IDs, "g2") {
		t.Fatalf("child nudge invalidation %+v", inv)
	}
}
