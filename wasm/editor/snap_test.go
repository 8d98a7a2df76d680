package editor

import (
	"math"
	"strings"
	"testing"

	"affiche/scene"
)

// moveTo drags element id so that its top-left corner lands (before snapping) at (x, y).
func (h *harness) moveTo(id string, x, y float64, mods PointerEvent) {
	h.t.Helper()
	el := h.el(id)
	gx, gy := el.X+el.Width/2, el.Y+el.Height/2
	h.drag(gx, gy, gx+x-el.X, gy+y-el.Y, mods)
}

func hasGuide(ov Overlay, vertical bool, v float64, kind string) bool {
	for _, g := range ov.Guides {
		if vertical && g.X1 == g.X2 && math.Abs(g.X1-v) < 1e-6 && (kind == "" || g.Kind == kind) {
			return true
		}
		if !vertical && g.Y1 == g.Y2 && math.Abs(g.Y1-v) < 1e-6 && (kind == "" || g.Kind == kind) {
			return true
		}
	}
	return false
}

// lastOverlayDuringDrag returns the overlay of the last move before the drop.
func (h *harness) overlayBeforeDrop() Overlay {
	h.t.Helper()
	var last Overlay
	seenEnd := false
	for i := len(h.msgs) - 1; i >= 0; i-- {
		m := h.msgs[i]
		if m.Type == MsgUpdateTransient && len(m.Data.(TransientUpdate).Elements) == 0 {
			seenEnd = true
			continue
		}
		if seenEnd && m.Type == MsgUpdateOverlay {
			last = m.Data.(Overlay)
			return last
		}
	}
	h.t.Fatal("no overlay during the drag")
	return last
}

func TestSnapToEdge(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50), rect("b", 300, 300, 50, 50)))
	h.msgs = nil
	h.moveTo("b", 153, 221, PointerEvent{}) // left edge 3 pt from a's right edge (150)
	if b := h.el("b"); !near(b.X, 150) || !near(b.Y, 221) {
		t.Fatalf("b at %v,%v, want x snapped to 150", b.X, b.Y)
	}
	ov := h.overlayBeforeDrop()
	if !hasGuide(ov, true, 150, "edge") {
		t.Fatalf("no guide at x=150: %+v", ov.Guides)
	}
	if len(h.last(MsgUpdateOverlay).(Overlay).Guides) != 0 {
		t.Fatal("guides stay after the drop")
	}
	// Alt (or Ctrl) turns snapping off.
	h.do("history.undo", "")
	h.moveTo("b", 153, 221, PointerEvent{Alt: true})
	if b := h.el("b"); !near(b.X, 153) {
		t.Fatalf("Alt: b at x %v", b.X)
	}
}

func TestSnapToPageCentre(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 10, 10, 60, 40)))
	pw, ph := h.doc.PageSize(0)
	h.msgs = nil
	h.moveTo("a", pw/2-30+4, ph/2-20-3.5, PointerEvent{})
	a := h.el("a")
	if !near(a.X+30, pw/2) || !near(a.Y+20, ph/2) {
		t.Fatalf("centre at %v,%v, want %v,%v", a.X+30, a.Y+20, pw/2, ph/2)
	}
	ov := h.overlayBeforeDrop()
	if !hasGuide(ov, true, pw/2, "page") || !hasGuide(ov, false, ph/2, "page") {
		t.Fatalf("page centre guides missing: %+v", ov.Guides)
	}
}

func TestSnapToElementCentre(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 100, 100), rect("b", 400, 400, 20, 20)))
	h.moveTo("b", 142, 302, PointerEvent{}) // centre x 152, a's centre is 150
	if b := h.el("b"); !near(b.X+10, 150) {
		t.Fatalf("b centre x %v", b.X+10)
	}
}

func TestSnapEqualSpacing(t *testing.T) {
	// a: 100–150, c: 300–350, both at y 100–150. b (50 wide) between them snaps so that both
	// gaps are 50 pt.
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50), rect("c", 300, 100, 50, 50), rect("b", 220, 400, 50, 50)))
	h.msgs = nil
	h.moveTo("b", 203, 110, PointerEvent{})
	if b := h.el("b"); !near(b.X, 200) {
		t.Fatalf("b at x %v, want 200", b.X)
	}
	ov := h.overlayBeforeDrop()
	gaps := 0
	for _, l := range ov.Labels {
		if l.Kind == "gap" && near(l.Value, 50) {
			gaps++
			if !strings.HasSuffix(l.Text, "mm") || !strings.Contains(l.Text, "17,6") {
				t.Errorf("label text %q", l.Text)
			}
		}
	}
	if gaps != 2 {
		t.Fatalf("gap labels: %+v", ov.Labels)
	}
	spacing := 0
	for _, g := range ov.Guides {
		if g.Kind == "spacing" {
			spacing++
		}
	}
	if spacing != 2 {
		t.Fatalf("spacing guides: %+v", ov.Guides)
	}

	// Repeating a gap: d after c at the same 150-pt gap as a→c.
	h2 := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50), rect("c", 200, 100, 50, 50), rect("d", 400, 400, 50, 50)))
	h2.moveTo("d", 301, 100, PointerEvent{}) // c ends at 250, gap 50 → d at 300 (the page centre, 297.6, is further)
	if d := h2.el("d"); !near(d.X, 300) {
		t.Fatalf("repeat gap: d at %v, want 300", d.X)
	}
}

func TestSnapThresholdFollowsZoom(t *testing.T) {
	doc := func() *scene.Document { return testDoc(t, rect("a", 100, 100, 50, 50), rect("b", 300, 300, 50, 50)) }
	// 10 pt away: at 50 % the 6 px threshold is 12 pt (snaps), at 200 % it is 3 pt (does not).
	h := newHarness(t, doc())
	h.setZoom(0.5, 0, 0)
	h.moveTo("b", 160, 221, PointerEvent{})
	if b := h.el("b"); !near(b.X, 150) {
		t.Fatalf("at 50%%: b at %v, want 150", b.X)
	}
	h = newHarness(t, doc())
	h.setZoom(2, 0, 0)
	h.moveTo("b", 160, 221, PointerEvent{})
	if b := h.el("b"); !near(b.X, 160) {
		t.Fatalf("at 200%%: b at %v, want 160", b.X)
	}
	h.moveTo("b", 152, 221, PointerEvent{})
	if b := h.el("b"); !near(b.X, 150) {
		t.Fatalf("at 200%% within 3 pt: b at %v", b.X)
	}
}

func TestSnapWhileResizing(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50), rect("b", 300, 300, 50, 50)))
	h.do("selection.select", `{"ids":["b"]}`)
	e := h.handle("e")
	h.drag(e.X, e.Y, 396, e.Y, PointerEvent{}) // page? no: a is far; snap to nothing
	if b := h.el("b"); !near(b.Width, 96) {
		t.Fatalf("free resize width %v", b.Width)
	}
	w := h.handle("w")
	h.drag(w.X, w.Y, 153, w.Y, PointerEvent{}) // left edge near a's right edge (150)
	if b := h.el("b"); !near(b.X, 150) || !near(b.X+b.Width, 396) {
		t.Fatalf("snapped resize: x %v right %v", b.X, b.X+b.Width)
	}
}

func TestFormatLength(t *testing.T) {
	for _, c := range []struct {
		pt   float64
		unit scene.Unit
		lang string
		want string
	}{
		{scene.MM(12.5), scene.UnitMM, "fr", "12,5\u00a0mm"},
		{scene.MM(12.5), scene.UnitMM, "en", "12.5 mm"},
		{scene.MM(120), scene.UnitMM, "en", "120 mm"},
		{36, scene.UnitIn, "en", "0.5 in"},
		{1080, scene.UnitPx, "fr", "1080\u00a0px"},
	} {
		if got := formatLength(c.pt, c.unit, c.lang); got != c.want {
			t.Errorf("formatLength(%v %s %s) = %q, want %q", c.pt, c.unit, c.lang, got, c.want)
		}
	}
}

func TestSnapInsideGroup(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.click(380, 150, PointerEvent{})
	h.click(380, 150, PointerEvent{Clicks: 2})
	if h.scope != "g" || h.sel[0] != "g2" {
		t.Fatalf("scope %q sel %v", h.scope, h.sel)
	}
	// g2's left edge 3 pt from its sibling's right edge (340); the group's own edges (which
	// follow g2) are not targets.
	h.moveTo("g2", 343, 240, PointerEvent{})
	if g2 := h.el("g2"); !near(g2.X, 340) {
		t.Fatalf("g2 at %v, want 340", g2.X)
	}
}
