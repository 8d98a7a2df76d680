package editor

import (
	"testing"

	"affiche/scene"
)

func TestHitRotated(t *testing.T) {
	r := rect("a", 100, 100, 200, 20)
	r.Rotation = 45 // a thin diagonal bar centred on (200, 110)
	h := newHarness(t, testDoc(t, r))
	if got := h.HitTest(200, 110); got != "a" {
		t.Fatalf("centre: %q", got)
	}
	// Inside the axis-aligned bounds but far from the rotated bar.
	if b := r.Bounds(); !b.Contains(130, 180) {
		t.Fatal("test point must lie inside the bounds")
	}
	if got := h.HitTest(130, 180); got != "" {
		t.Fatalf("corner of the bounds hit %q", got)
	}
	// Along the bar's axis, 60 pt from the centre.
	if got := h.HitTest(200+42.4, 110+42.4); got != "a" {
		t.Fatalf("along the bar: %q", got)
	}
}

func TestHitLineTolerance(t *testing.T) {
	ln := &scene.Element{ID: "l", Type: scene.TypeLine, X: 100, Y: 100, Width: 200, Height: 0, Opacity: 1,
		Stroke: &scene.Stroke{Color: "#000", Width: 1}}
	h := newHarness(t, testDoc(t, ln))
	// At 100 %, 3 px away hits (tolerance 4 px + half the stroke), 6 px misses.
	if h.HitTest(150, 103) != "l" || h.HitTest(150, 106) != "" {
		t.Fatal("tolerance at 100 %")
	}
	// Zoomed out to 25 %, 4 px are 16 pt: 12 pt away hits.
	h.setZoom(0.25, 0, 0)
	if h.HitTest(150, 112) != "l" {
		t.Fatal("tolerance at 25 % is not zoom-aware")
	}
	// Past the end of the segment.
	if h.HitTest(340, 100) != "" {
		t.Fatal("hit beyond the end")
	}
	// Thin boxes get the tolerance on their thin side.
	h.setZoom(1, 0, 0)
	thin := rect("r", 400, 400, 100, 1)
	h2 := newHarness(t, testDoc(t, thin))
	if h2.HitTest(450, 403) != "r" || h2.HitTest(450, 410) != "" {
		t.Fatal("thin box tolerance")
	}
}

func TestHitGroupsAndScope(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	// g1 lies at 300,100 40×40 inside group g.
	if got := h.HitTest(320, 120); got != "g" {
		t.Fatalf("click on a child selects %q, want the group", got)
	}
	// Between the children, inside the group's bounds: nothing.
	if got := h.HitTest(350, 170); got != "" {
		t.Fatalf("gap between children hit %q", got)
	}
	h.click(320, 120, PointerEvent{})
	if len(h.sel) != 1 || h.sel[0] != "g" {
		t.Fatalf("selection %v", h.sel)
	}
	// Double click enters the group and selects the child.
	h.click(320, 120, PointerEvent{Clicks: 2})
	if h.scope != "g" || len(h.sel) != 1 || h.sel[0] != "g1" {
		t.Fatalf("double click: scope %q sel %v", h.scope, h.sel)
	}
	if ov := h.overlay(); ov.Scope == nil {
		t.Fatal("no outline of the entered group")
	}
	// Inside the group, clicks select children; a drag moves the child only.
	h.drag(380, 150, 390, 160, PointerEvent{Alt: true})
	if g2 := h.el("g2"); !near(g2.X, 370) || !near(g2.Y, 130) || h.el("g1").X != 300 {
		t.Fatalf("child drag: g2 at %v,%v", g2.X, g2.Y)
	}
	if g := h.el("g"); !near(g.X+g.Width, 410) {
		t.Fatalf("group bounds not updated: %+v", g)
	}
	// Esc leaves the group with the group selected.
	h.do("cancel", "")
	if h.scope != "" || len(h.sel) != 1 || h.sel[0] != "g" {
		t.Fatalf("Esc: scope %q sel %v", h.scope, h.sel)
	}
	// A click outside the group leaves it too.
	h.click(320, 120, PointerEvent{Clicks: 2})
	h.click(100, 90, PointerEvent{})
	if h.scope != "" || len(h.sel) != 1 || h.sel[0] != "a" {
		t.Fatalf("click outside: scope %q sel %v", h.scope, h.sel)
	}
}

func TestHiddenNotHittable(t *testing.T) {
	top := rect("top", 100, 100, 50, 50)
	top.Hidden = true
	h := newHarness(t, testDoc(t, rect("under", 100, 100, 50, 50), top))
	if got := h.HitTest(120, 120); got != "under" {
		t.Fatalf("hit %q through a hidden element", got)
	}
	h.do("selection.all", "")
	if len(h.sel) != 1 {
		t.Fatalf("select all took hidden elements: %v", h.sel)
	}
}

func TestHandleHitAndCursor(t *testing.T) {
	r := rect("a", 100, 100, 100, 100)
	r.Rotation = 90
	h := newHarness(t, testDoc(t, r))
	h.do("selection.select", `{"ids":["a"]}`)
	e := h.handle("e") // turned 90°: it points down
	if e.Cursor != "ns-resize" {
		t.Fatalf("east handle of a 90° box: cursor %s", e.Cursor)
	}
	h.Pointer(PointerEvent{Type: "move", X: e.X + 3, Y: e.Y - 3})
	if ov := h.overlay(); ov.Cursor != "ns-resize" {
		t.Fatalf("hover cursor %q", ov.Cursor)
	}
	// Handles are grabbed within HandlePx screen pixels: at 400 % that is 2.25 pt.
	h.setZoom(4, 0, 0)
	if got := h.handleAt(e.X+2, e.Y, false); got != "e" {
		t.Fatalf("handleAt near = %q", got)
	}
	if got := h.handleAt(e.X+5, e.Y, false); got != "" {
		t.Fatalf("handleAt far = %q", got)
	}
}
