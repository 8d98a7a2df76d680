package editor

import (
	"math"
	"testing"

	"affiche/scene"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func (h *harness) handle(name string) Handle {
	h.t.Helper()
	for _, hd := range h.handles() {
		if hd.Name == name {
			return hd
		}
	}
	h.t.Fatalf("no handle %q among %+v", name, h.handles())
	return Handle{}
}

func TestDragIsOneStepAndCancelReturnsToMark(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50), rect("b", 400, 400, 20, 20)))
	before := h.json()
	ev := PointerEvent{Type: "down", X: 110, Y: 110, Buttons: 1, Alt: true}
	h.Pointer(ev)
	for i := 1; i <= 30; i++ {
		ev.Type, ev.X, ev.Y = "move", 110+float64(i), 110+float64(i)/2
		h.Pointer(ev)
	}
	if a := h.el("a"); !near(a.X, 130) || !near(a.Y, 115) {
		t.Fatalf("live position %v,%v", a.X, a.Y)
	}
	tr, ok := h.last(MsgUpdateTransient).(TransientUpdate)
	if !ok || tr.Gesture != "move" || len(tr.Elements) != 1 || !near(tr.Elements[0].Matrix[4], 30) || !near(tr.Elements[0].Matrix[5], 15) {
		t.Fatalf("transient = %+v", tr)
	}
	h.HandleKey(Key{Key: "Escape", Code: "Escape"})
	if got := h.json(); got != before {
		t.Fatalf("Esc did not return to the mark:\n%s", got)
	}
	if len(h.hist.undos) != 0 || h.state.name() != "idle" {
		t.Fatalf("after cancel: %d steps, state %s", len(h.hist.undos), h.state.name())
	}
	if tr := h.last(MsgUpdateTransient).(TransientUpdate); tr.Gesture != "" || len(tr.Elements) != 0 {
		t.Fatalf("the gesture's end was not announced: %+v", tr)
	}

	// A whole drag is one undo step, and the page hears that only the position changed.
	h.msgs = nil
	h.drag(110, 110, 160, 130, PointerEvent{Alt: true})
	if len(h.hist.undos) != 1 {
		t.Fatalf("a drag made %d steps", len(h.hist.undos))
	}
	inv := h.last(MsgInvalidateElements).(Invalidation)
	if len(inv.Moved) != 1 || inv.Moved[0] != "a" || len(inv.IDs) != 0 {
		t.Fatalf("invalidation = %+v", inv)
	}
	if hu := h.last(MsgUpdateHistory).(HistoryUpdate); !hu.CanUndo || hu.UndoLabel.EN != "Move" {
		t.Fatalf("history = %+v", hu)
	}
	h.do("history.undo", "")
	if got := h.json(); got != before {
		t.Fatal("undo of the drag differs")
	}
}

func TestShiftConstrainsDrag(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50)))
	h.drag(110, 110, 170, 125, PointerEvent{Shift: true, Alt: true})
	if a := h.el("a"); !near(a.X, 160) || !near(a.Y, 100) {
		t.Fatalf("shift-drag moved to %v,%v", a.X, a.Y)
	}
}

func TestLockedElementsDoNotMove(t *testing.T) {
	r := rect("a", 100, 100, 50, 50)
	r.Locked = true
	h := newHarness(t, testDoc(t, r))
	h.drag(110, 110, 200, 200, PointerEvent{})
	if a := h.el("a"); a.X != 100 || a.Y != 100 || len(h.hist.undos) != 0 {
		t.Fatalf("locked element moved to %v,%v", a.X, a.Y)
	}
	if len(h.sel) != 1 {
		t.Fatal("a locked element can still be selected")
	}
	if len(h.handles()) != 0 {
		t.Fatal("a locked element shows handles")
	}
	if _, err := h.Dispatch("selection.delete", nil); err == nil {
		t.Fatal("a locked element was deleted")
	}
}

// The corner opposite the dragged handle stays where it was on the page, for a rotated
// element, with Shift (free ratio on a corner) and without; Alt keeps the centre instead.
func TestResizeRotatedKeepsOppositeCorner(t *testing.T) {
	for _, tc := range []struct {
		name, handle string
		mods         PointerEvent
		corner       int // index in Corners() that must stay, -1 for the centre
	}{
		{"se keeps ratio", "se", PointerEvent{}, 0},
		{"se shift free", "se", PointerEvent{Shift: true}, 0},
		{"nw", "nw", PointerEvent{}, 2},
		{"ne shift", "ne", PointerEvent{Shift: true}, 3},
		{"e shift keeps ratio", "e", PointerEvent{Shift: true}, -2},
		{"se alt from centre", "se", PointerEvent{Alt: true}, -1},
		{"se shift alt", "se", PointerEvent{Shift: true, Alt: true}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rect("a", 200, 200, 120, 60)
			r.Rotation = 30
			h := newHarness(t, testDoc(t, r))
			h.do("selection.select", `{"ids":["a"]}`)
			before := h.el("a").Corners()
			cx0, cy0 := 260.0, 230.0
			hd := h.handle(tc.handle)
			h.drag(hd.X, hd.Y, hd.X+37, hd.Y+23, tc.mods)
			a := h.el("a")
			after := a.Corners()
			switch tc.corner {
			case -1:
				if cx, cy := a.X+a.Width/2, a.Y+a.Height/2; !near(cx, cx0) || !near(cy, cy0) {
					t.Fatalf("centre moved to %v,%v", cx, cy)
				}
			case -2: // west edge's middle stays
				mx0, my0 := (before[0][0]+before[3][0])/2, (before[0][1]+before[3][1])/2
				mx, my := (after[0][0]+after[3][0])/2, (after[0][1]+after[3][1])/2
				if !near(mx, mx0) || !near(my, my0) {
					t.Fatalf("west edge moved from %v,%v to %v,%v", mx0, my0, mx, my)
				}
			default:
				if !near(after[tc.corner][0], before[tc.corner][0]) || !near(after[tc.corner][1], before[tc.corner][1]) {
					t.Fatalf("opposite corner moved from %v to %v", before[tc.corner], after[tc.corner])
				}
			}
			if a.Rotation != 30 {
				t.Fatalf("rotation changed to %v", a.Rotation)
			}
			keep := tc.mods.Shift == (tc.handle == "e")
			if ratio := a.Width / a.Height; keep != near(ratio, 2) {
				t.Fatalf("ratio %v (keep=%v), size %vx%v", ratio, keep, a.Width, a.Height)
			}
			if a.Width == 120 && a.Height == 60 {
				t.Fatal("nothing changed")
			}
			if len(h.hist.undos) != 1 {
				t.Fatalf("%d steps", len(h.hist.undos))
			}
		})
	}
}

func TestResizeText(t *testing.T) {
	txt := &scene.Element{ID: "t", Type: scene.TypeText, X: 100, Y: 100, Width: 200, Opacity: 1,
		Paragraphs: scene.ParagraphsFromText("Un deux trois quatre cinq six sept huit neuf dix")}
	h := newHarness(t, testDoc(t, txt))
	t0 := h.el("t")
	t0.Height = h.layout.Height(t0)
	h.do("selection.select", `{"ids":["t"]}`)
	for _, hd := range h.handles() {
		if hd.Name == "n" || hd.Name == "s" {
			t.Fatal("a text box has top/bottom handles")
		}
	}
	// The side handle changes the width and the text re-wraps: the box gets taller.
	e := h.handle("e")
	h0 := t0.Height
	h.drag(e.X, e.Y, e.X-100, e.Y, PointerEvent{})
	tt := h.el("t")
	if !near(tt.Width, 100) || tt.Height <= h0 || tt.FontSize != 24 || !near(tt.Y, 100) {
		t.Fatalf("side resize: %vx%v at y %v, font %v", tt.Width, tt.Height, tt.Y, tt.FontSize)
	}
	if tr := h.msgs; len(tr) == 0 {
		t.Fatal("no messages")
	}
	// A corner scales the font with the box.
	se := h.handle("se")
	w0, fs0 := tt.Width, tt.FontSize
	h.drag(se.X, se.Y, se.X+100, se.Y+1000, PointerEvent{})
	tt = h.el("t")
	s := tt.Width / w0
	if !near(tt.FontSize, fs0*s) || s < 1.5 {
		t.Fatalf("corner resize: width ×%v, font %v → %v", s, fs0, tt.FontSize)
	}
}

func TestRotateSnapsWithShift(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 200, 200, 100, 100)))
	h.do("selection.select", `{"ids":["a"]}`)
	r := h.handle("rotate")
	// Rotate by about 40° around the centre (250, 250).
	a := 40 * math.Pi / 180
	dx, dy := r.X-250, r.Y-250
	x := 250 + dx*math.Cos(a) - dy*math.Sin(a)
	y := 250 + dx*math.Sin(a) + dy*math.Cos(a)
	h.drag(r.X, r.Y, x, y, PointerEvent{Shift: true})
	if got := h.el("a").Rotation; got != 45 {
		t.Fatalf("shift-rotation = %v, want 45", got)
	}
	if c := h.el("a"); !near(c.X, 200) || !near(c.Y, 200) {
		t.Fatal("rotation moved the centre")
	}
	r = h.handle("rotate")
	dx, dy = r.X-250, r.Y-250
	h.drag(r.X, r.Y, 250+dx*math.Cos(a)-dy*math.Sin(a), 250+dx*math.Sin(a)+dy*math.Cos(a), PointerEvent{})
	if got := h.el("a").Rotation; math.Abs(got-(45+40)) > 0.5 {
		t.Fatalf("free rotation = %v", got)
	}
}

func TestGroupScalesAndRotatesChildren(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	h.do("selection.select", `{"ids":["g"]}`)
	g := h.el("g")
	b0 := g.Bounds() // 300,100 → 400,180
	hd := h.handle("se")
	h.drag(hd.X, hd.Y, hd.X+100, hd.Y+80, PointerEvent{Ctrl: true})
	g = h.el("g")
	b := g.Bounds()
	if !near(b.X, b0.X) || !near(b.Y, b0.Y) || !near(b.Width/b0.Width, b.Height/b0.Height) || !near(b.Width, 200) {
		t.Fatalf("group bounds %+v from %+v", b, b0)
	}
	if g1 := h.el("g1"); !near(g1.Width, 80) || !near(g1.X, 300) {
		t.Fatalf("child scaled to %+v", g1)
	}
	r := h.handle("rotate")
	cx, cy := centre(b)
	// 90° clockwise about the centre.
	h.drag(r.X, r.Y, cx-(r.Y-cy), cy+(r.X-cx), PointerEvent{Shift: true})
	if g1 := h.el("g1"); g1.Rotation != 90 {
		t.Fatalf("child rotation %v", g1.Rotation)
	}
	if g := h.el("g"); g.Rotation != 0 {
		t.Fatal("a group got a rotation of its own")
	}
}

func TestLineEndpoints(t *testing.T) {
	ln := &scene.Element{ID: "l", Type: scene.TypeLine, X: 100, Y: 98, Width: 200, Height: 4, Opacity: 1}
	h := newHarness(t, testDoc(t, ln))
	h.do("selection.select", `{"ids":["l"]}`)
	if hs := h.handles(); len(hs) != 2 {
		t.Fatalf("line handles: %+v", hs)
	}
	end := h.handle("end")
	h.drag(end.X, end.Y, 300, 300, PointerEvent{Alt: true})
	x1, y1, x2, y2 := lineEnds(h.el("l"))
	if !near(x1, 100) || !near(y1, 100) || !near(x2, 300) || !near(y2, 300) {
		t.Fatalf("ends %v,%v %v,%v", x1, y1, x2, y2)
	}
	start := h.handle("start")
	h.drag(start.X, start.Y, 100, 290, PointerEvent{Shift: true}) // nearly vertical: snaps to 90°
	x1, y1, x2, y2 = lineEnds(h.el("l"))
	if !near(x2, 300) || !near(y2, 300) || !near(x1, 300-math.Hypot(200, 10)) && !near(x1, 300) {
		t.Fatalf("shift end %v,%v → %v,%v", x1, y1, x2, y2)
	}
	if r := h.el("l").Rotation; math.Mod(r, 15) != 0 {
		t.Fatalf("rotation %v is not a multiple of 15°", r)
	}
}

func TestCreateTools(t *testing.T) {
	h := newHarness(t, testDoc(t))
	h.HandleKey(Key{Key: "r", Code: "KeyR"})
	if h.tool != ToolRect {
		t.Fatalf("tool %s", h.tool)
	}
	h.drag(100, 100, 250, 180, PointerEvent{})
	if len(h.sel) != 1 || h.tool != ToolSelect {
		t.Fatalf("after drawing: sel %v tool %s", h.sel, h.tool)
	}
	r := h.el(h.sel[0])
	if r.Shape != scene.ShapeRect || !near(r.X, 100) || !near(r.Y, 100) || !near(r.Width, 150) || !near(r.Height, 80) {
		t.Fatalf("drawn rect %+v", r)
	}
	if len(h.hist.undos) != 1 {
		t.Fatalf("drawing made %d steps", len(h.hist.undos))
	}
	h.HandleKey(Key{Key: "o", Code: "KeyO"})
	h.click(300, 400, PointerEvent{})
	el := h.el(h.sel[0])
	if el.Shape != scene.ShapeEllipse || !near(el.X+el.Width/2, 300) || !near(el.Y+el.Height/2, 400) {
		t.Fatalf("clicked ellipse %+v", el)
	}
	h.HandleKey(Key{Key: "l", Code: "KeyL"})
	h.drag(50, 50, 150, 50, PointerEvent{})
	if ln := h.el(h.sel[0]); ln.Type != scene.TypeLine || !near(ln.Width, 100) || ln.Rotation != 0 {
		t.Fatalf("line %+v", ln)
	}
	h.HandleKey(Key{Key: "t", Code: "KeyT"})
	h.click(100, 600, PointerEvent{})
	if h.text == nil || h.activeContext() != ContextText {
		t.Fatal("a new text is not being edited")
	}
	trig, ok := h.last(MsgTriggerTextEdit).(TextEditTrigger)
	if !ok || !trig.Active {
		t.Fatal("no TriggerTextEdit")
	}
	// Typing replaces the placeholder (all selected).
	h.do("text.insert", `{"text":"Marché de Noël"}`)
	if got := h.el(h.text.id).PlainText(); got != "Marché de Noël" {
		t.Fatalf("text = %q", got)
	}
	// Esc cancels a drawing in progress.
	steps := len(h.hist.undos)
	h.do("cancel", "")
	h.HandleKey(Key{Key: "r", Code: "KeyR"})
	h.Pointer(PointerEvent{Type: "down", X: 10, Y: 10})
	h.Pointer(PointerEvent{Type: "move", X: 60, Y: 60})
	n := len(h.CurrentPage().Elements)
	h.HandleKey(Key{Key: "Escape"})
	if len(h.CurrentPage().Elements) != n-1 || len(h.hist.undos) != steps {
		t.Fatal("Esc did not cancel the drawing")
	}
}

func TestRubberBand(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50), rect("b", 200, 100, 50, 50), rect("c", 400, 400, 50, 50)))
	h.drag(80, 80, 220, 160, PointerEvent{})
	if len(h.sel) != 2 || h.sel[0] != "a" || h.sel[1] != "b" {
		t.Fatalf("band selected %v", h.sel)
	}
	// Shift adds to the selection.
	h.drag(390, 390, 500, 500, PointerEvent{Shift: true})
	if len(h.sel) != 3 {
		t.Fatalf("shift band selected %v", h.sel)
	}
	// A click on nothing clears the selection.
	h.click(550, 50, PointerEvent{})
	if len(h.sel) != 0 {
		t.Fatalf("click on nothing left %v", h.sel)
	}
	// Click, then shift-click.
	h.click(110, 110, PointerEvent{})
	h.click(210, 110, PointerEvent{Shift: true})
	if len(h.sel) != 2 {
		t.Fatalf("shift-click: %v", h.sel)
	}
	h.click(210, 110, PointerEvent{Shift: true})
	if len(h.sel) != 1 || h.sel[0] != "a" {
		t.Fatalf("shift-click again: %v", h.sel)
	}
}

func TestPanWithSpace(t *testing.T) {
	h := newHarness(t, testDoc(t, rect("a", 100, 100, 50, 50)))
	if !h.HandleKey(Key{Key: " ", Code: "Space"}) {
		t.Fatal("space not handled")
	}
	h.Pointer(PointerEvent{Type: "down", X: 110, Y: 110, SX: 110, SY: 110})
	h.Pointer(PointerEvent{Type: "move", X: 150, Y: 130, SX: 150, SY: 130})
	h.Pointer(PointerEvent{Type: "up", X: 150, Y: 130, SX: 150, SY: 130})
	h.HandleKey(Key{Key: " ", Code: "Space", Up: true})
	if h.cam.panX != 40 || h.cam.panY != 20 || h.cam.fit {
		t.Fatalf("pan = %v,%v", h.cam.panX, h.cam.panY)
	}
	if a := h.el("a"); a.X != 100 || len(h.sel) != 0 {
		t.Fatal("panning changed the document or the selection")
	}
}

func TestCancelResizeAndRotate(t *testing.T) {
	r := rect("a", 200, 200, 100, 50)
	r.Rotation = 20
	h := newHarness(t, testDoc(t, r))
	h.do("selection.select", `{"ids":["a"]}`)
	before := h.json()
	for _, name := range []string{"se", "n", "rotate"} {
		hd := h.handle(name)
		h.Pointer(PointerEvent{Type: "down", X: hd.X, Y: hd.Y, Buttons: 1})
		h.Pointer(PointerEvent{Type: "move", X: hd.X + 40, Y: hd.Y + 25, Buttons: 1})
		if h.json() == before {
			t.Fatalf("%s: nothing moved", name)
		}
		h.Pointer(PointerEvent{Type: "cancel"}) // pointercancel: back to the mark
		if h.json() != before || len(h.hist.undos) != 0 || h.gestureActive() {
			t.Fatalf("%s: cancel did not return to the mark", name)
		}
	}
	// A command during a gesture ends it first (as if released), then runs.
	hd := h.handle("se")
	h.Pointer(PointerEvent{Type: "down", X: hd.X, Y: hd.Y, Buttons: 1})
	h.Pointer(PointerEvent{Type: "move", X: hd.X + 40, Y: hd.Y + 25, Buttons: 1})
	h.do("selection.nudge", `{"dx":1}`)
	if len(h.hist.undos) != 2 || h.gestureActive() {
		t.Fatalf("command during a gesture: %d steps", len(h.hist.undos))
	}
	// Undo during a gesture cancels the gesture.
	hd = h.handle("rotate")
	h.Pointer(PointerEvent{Type: "down", X: hd.X, Y: hd.Y, Buttons: 1})
	h.Pointer(PointerEvent{Type: "move", X: hd.X + 40, Y: hd.Y, Buttons: 1})
	mid := h.el("a").Rotation
	h.key("z", Key{Ctrl: true})
	if h.el("a").Rotation == mid || h.el("a").Rotation != 20 || len(h.hist.undos) != 2 {
		t.Fatal("Ctrl+Z during a rotation")
	}
}

func TestRubberBandRotated(t *testing.T) {
	r := rect("a", 100, 100, 200, 20)
	r.Rotation = 45
	h := newHarness(t, testDoc(t, r))
	// Touches the bounds' corner but not the bar.
	h.drag(120, 170, 135, 185, PointerEvent{})
	if len(h.sel) != 0 {
		t.Fatalf("band on empty corner selected %v", h.sel)
	}
	h.drag(190, 100, 210, 120, PointerEvent{})
	if len(h.sel) != 1 {
		t.Fatal("band over the bar selected nothing")
	}
}
