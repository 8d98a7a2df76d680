package editor

import (
	"math"

	"affiche/scene"
)

// The tools.
const (
	ToolSelect  = "select"
	ToolText    = "text"
	ToolRect    = "rect"
	ToolEllipse = "ellipse"
	ToolLine    = "line"
	ToolHand    = "hand"
)

// toolState is one state of the pointer state chart (tldraw's StateNode, reduced): each state
// handles the pointer events that matter to it and moves the editor to the next state.
//
//	idle ─down on element─▶ pointing ─move─▶ dragging ─up─▶ idle
//	     ─down on handle──▶ resizing | rotating | endpoint ─up─▶ idle
//	     ─down on nothing─▶ pointingCanvas ─move─▶ brushing ─up─▶ idle
//	     ─down (space/middle/hand)─▶ panning
//	     ─down (creation tool)─▶ creating ─up─▶ idle (tool back to select)
//	     ─down in edited text─▶ textSelecting
//	     ─down while cropping─▶ cropping (move image, scale image, resize frame)
//
// cancel (Esc, pointercancel) returns any gesture to its mark and the state to idle.
type toolState interface {
	name() string
	pointer(e *Editor, ev PointerEvent)
	cancel(e *Editor)
}

func (e *Editor) setState(s toolState) {
	e.state = s
	e.out.tool = true
}

// gestureActive reports whether a pointer gesture is in progress.
func (e *Editor) gestureActive() bool {
	_, idle := e.state.(idleState)
	return !idle
}

// finishGesture ends a gesture in progress as if the pointer were released where it last was.
func (e *Editor) finishGesture() {
	if e.gestureActive() {
		up := e.lastPt
		up.Type = "up"
		e.state.pointer(e, up)
		if e.gestureActive() {
			e.state.cancel(e)
		}
	}
}

// cancelInteraction cancels the gesture in progress, or else the open crop session.
func (e *Editor) cancelInteraction() {
	if e.gestureActive() {
		e.state.cancel(e)
		return
	}
	if e.crop != nil {
		e.cancelCrop()
		return
	}
	e.bailAll()
}

// Pointer handles one pointer event on the canvas.
func (e *Editor) Pointer(ev PointerEvent) {
	defer e.flush()
	if math.IsNaN(ev.X) || math.IsNaN(ev.Y) || math.IsInf(ev.X, 0) || math.IsInf(ev.Y, 0) ||
		math.IsNaN(ev.SX) || math.IsNaN(ev.SY) || math.IsInf(ev.SX, 0) || math.IsInf(ev.SY, 0) {
		return
	}
	// Far outside any page: keep the arithmetic of gestures well inside float range.
	ev.X, ev.Y = clamp(ev.X, -scene.MaxCoord, scene.MaxCoord), clamp(ev.Y, -scene.MaxCoord, scene.MaxCoord)
	e.lastPt = ev
	if ev.Type == "cancel" {
		e.state.cancel(e)
		return
	}
	e.state.pointer(e, ev)
}

// modifiersChanged replays the last pointer position with the new modifier keys, so that
// pressing Shift mid-drag constrains at once.
func (e *Editor) modifiersChanged(k Key) {
	if !e.gestureActive() {
		return
	}
	ev := e.lastPt
	ev.Type = "move"
	ev.Shift, ev.Alt, ev.Ctrl, ev.Meta = k.Shift, k.Alt, k.Ctrl, k.Meta
	e.lastPt = ev
	e.state.pointer(e, ev)
}

func (e *Editor) setCursor(c string, angle float64) {
	if c != e.cursor || angle != e.cursorAngle {
		e.cursor, e.cursorAngle = c, angle
		e.out.overlay = true
	}
}

func (e *Editor) setTool(t string) {
	e.finishGesture()
	if e.text != nil && t != ToolSelect {
		e.endTextEdit(true)
	}
	if e.tool != t {
		e.tool = t
		e.out.tool = true
	}
	switch t {
	case ToolSelect:
		e.setCursor("default", 0)
	case ToolHand:
		e.setCursor("grab", 0)
	case ToolText:
		e.setCursor("text", 0)
	default:
		e.setCursor("crosshair", 0)
	}
}

// cancel is Esc: it backs out of the innermost thing in progress.
func (e *Editor) cancel() {
	switch {
	case e.gestureActive():
		e.state.cancel(e)
	case e.tool != ToolSelect:
		e.setTool(ToolSelect)
	case e.text != nil:
		e.endTextEdit(true)
	case e.crop != nil:
		e.cancelCrop()
	case e.scope != "":
		g := e.scope
		l, _ := e.find(g)
		e.setScope("")
		if l.parent != nil {
			e.setScope(l.parent.ID)
		}
		e.setSelection([]string{g})
	default:
		e.setSelection(nil)
	}
}

func (e *Editor) dragged(ev PointerEvent, x0, y0 float64) bool {
	return math.Hypot(ev.X-x0, ev.Y-y0) > e.px(e.opts.DragPx)
}

func touch(ev PointerEvent) bool { return ev.PointerType == "touch" }

func snapOff(ev PointerEvent) bool { return ev.Alt || ev.Ctrl || ev.Meta }

// idle: waiting for a press; tracks hover.
type idleState struct{}

func (idleState) name() string   { return "idle" }
func (idleState) cancel(*Editor) {}

func (idleState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		e.updateHover(ev)
	case "down":
		e.pointerDown(ev)
	}
}

func (e *Editor) updateHover(ev PointerEvent) {
	hover := ""
	switch {
	case e.space || e.tool == ToolHand:
		e.setCursor("grab", 0)
	case e.tool == ToolText:
		e.setCursor("text", 0)
	case e.tool != ToolSelect:
		e.setCursor("crosshair", 0)
	case e.crop != nil:
		if h := e.handleAt(ev.X, ev.Y, touch(ev)); h != "" {
			e.setCursor(handleCursor(e, h))
		} else {
			e.setCursor("move", 0)
		}
	default:
		if h := e.handleAt(ev.X, ev.Y, touch(ev)); h != "" {
			e.setCursor(handleCursor(e, h))
			break
		}
		t, _, _ := e.hitSelectable(ev.X, ev.Y, touch(ev))
		switch {
		case e.text != nil && t != nil && t.ID == e.text.id:
			e.setCursor("text", 0)
		case t != nil && contains(e.sel, t.ID) && !t.Locked:
			e.setCursor("move", 0)
		default:
			e.setCursor("default", 0)
		}
		if t != nil {
			hover = t.ID
		}
	}
	if hover != e.hover {
		e.hover = hover
		e.out.overlay = true
	}
}

func handleCursor(e *Editor, name string) (string, float64) {
	for _, h := range e.handles() {
		if h.Name == name {
			return h.Cursor, h.Angle
		}
	}
	return "default", 0
}

func (e *Editor) pointerDown(ev PointerEvent) {
	if ev.Button == 1 || (ev.Button == 0 && (e.space || e.tool == ToolHand)) {
		e.setState(&panningState{lastX: ev.SX, lastY: ev.SY})
		e.setCursor("grabbing", 0)
		e.out.camera = true
		return
	}
	if ev.Button == 2 { // context menu: make sure what is under the pointer is selected
		if t, _, inScope := e.hitSelectable(ev.X, ev.Y, touch(ev)); t != nil && !contains(e.sel, t.ID) {
			if !inScope {
				e.setScope("")
			}
			e.setSelection([]string{t.ID})
		}
		return
	}
	if ev.Button != 0 {
		return
	}
	if e.tool != ToolSelect && e.tool != ToolHand {
		e.setState(&creatingState{tool: e.tool, x0: ev.X, y0: ev.Y})
		return
	}
	if e.text != nil {
		h := e.handleAt(ev.X, ev.Y, touch(ev))
		if l, ok := e.find(e.text.id); ok && h == "" && hitElement(l.el, ev.X, ev.Y, e.px(e.opts.HitPx)) {
			e.textPointerDown(l.el, ev)
			return
		}
		if h == "" {
			e.endTextEdit(true)
		}
	}
	if e.crop != nil {
		e.cropPointerDown(ev)
		return
	}
	if h := e.handleAt(ev.X, ev.Y, touch(ev)); h != "" {
		e.startHandleGesture(h, ev)
		return
	}
	target, _, inScope := e.hitSelectable(ev.X, ev.Y, touch(ev))
	if target != nil && ev.Clicks >= 2 {
		if !inScope {
			e.setScope("")
		}
		e.doubleClick(target, ev)
		return
	}
	if target == nil {
		if !ev.Shift && len(e.sel) > 1 && e.inSelectionFrame(ev.X, ev.Y) {
			e.setState(&pointingState{x0: ev.X, y0: ev.Y})
			return
		}
		if !inScope {
			e.setScope("")
		}
		e.setState(&pointingCanvasState{x0: ev.X, y0: ev.Y, shift: ev.Shift})
		return
	}
	if !inScope {
		e.setScope("")
	}
	wasSelected := contains(e.sel, target.ID)
	switch {
	case wasSelected:
	case ev.Shift:
		e.setSelection(append(append([]string(nil), e.sel...), target.ID))
	case len(e.sel) > 1 && e.inSelectionFrame(ev.X, ev.Y):
		// Pressing inside a multiple selection keeps it, so that it can be dragged; a click
		// without a drag selects the element alone.
	default:
		e.setSelection([]string{target.ID})
	}
	e.setState(&pointingState{x0: ev.X, y0: ev.Y, target: target.ID, wasSelected: wasSelected})
}

// doubleClick enters a group (selecting the child under the pointer), edits a text or crops
// an image.
func (e *Editor) doubleClick(target *scene.Element, ev PointerEvent) {
	switch {
	case target.Type == scene.TypeGroup:
		e.setScope(target.ID)
		t, _, _ := e.hitSelectable(ev.X, ev.Y, touch(ev))
		if t != nil {
			e.setSelection([]string{t.ID})
			if t.Type == scene.TypeText && !t.Locked {
				e.startTextEditAt(t, ev)
			}
		}
	case target.Type == scene.TypeText && !target.Locked:
		e.setSelection([]string{target.ID})
		e.startTextEditAt(target, ev)
	case target.Type == scene.TypeImage && !target.Locked:
		e.setSelection([]string{target.ID})
		_ = e.startCrop(&cropArgs{})
	default:
		e.setSelection([]string{target.ID})
	}
}

// pointing: pressed on an element, not moved yet.
type pointingState struct {
	x0, y0      float64
	target      string
	wasSelected bool
}

func (*pointingState) name() string     { return "pointing" }
func (*pointingState) cancel(e *Editor) { e.setState(idleState{}) }

func (s *pointingState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		if e.dragged(ev, s.x0, s.y0) {
			if len(e.unlockedSelected()) == 0 {
				e.setState(idleState{})
				return
			}
			d := e.startDragging(s.x0, s.y0)
			e.setState(d)
			d.pointer(e, ev)
		}
	case "up":
		e.setState(idleState{})
		if s.target == "" {
			if !ev.Shift {
				e.setSelection(nil)
			}
			return
		}
		switch {
		case s.wasSelected && ev.Shift:
			ids := append([]string(nil), e.sel...)
			for i, id := range ids {
				if id == s.target {
					ids = append(ids[:i], ids[i+1:]...)
					break
				}
			}
			e.setSelection(ids)
		case !ev.Shift && len(e.sel) > 1:
			e.setSelection([]string{s.target})
		}
	}
}

// pointingCanvas: pressed on nothing.
type pointingCanvasState struct {
	x0, y0 float64
	shift  bool
}

func (*pointingCanvasState) name() string     { return "pointingCanvas" }
func (*pointingCanvasState) cancel(e *Editor) { e.setState(idleState{}) }

func (s *pointingCanvasState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		if e.dragged(ev, s.x0, s.y0) {
			b := &brushingState{x0: s.x0, y0: s.y0}
			if s.shift {
				b.initial = append([]string(nil), e.sel...)
			}
			e.setState(b)
			b.pointer(e, ev)
		}
	case "up":
		e.setState(idleState{})
		if !s.shift {
			e.setSelection(nil)
		}
	}
}

// brushing: the rubber band; selects what it touches.
type brushingState struct {
	x0, y0  float64
	initial []string
}

func (*brushingState) name() string { return "brushing" }

func (s *brushingState) cancel(e *Editor) {
	e.brush = nil
	e.setSelection(s.initial)
	e.out.overlay = true
	e.setState(idleState{})
}

func (s *brushingState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		r := scene.Rect{X: math.Min(s.x0, ev.X), Y: math.Min(s.y0, ev.Y), Width: math.Abs(ev.X - s.x0), Height: math.Abs(ev.Y - s.y0)}
		e.brush = &r
		ids := append([]string(nil), s.initial...)
		for _, el := range e.container() {
			if el.Hidden || contains(ids, el.ID) {
				continue
			}
			if brushTouches(el, r) {
				ids = append(ids, el.ID)
			}
		}
		e.setSelection(ids)
		e.out.overlay = true
	case "up":
		e.brush = nil
		e.out.overlay = true
		e.setState(idleState{})
	}
}

// brushTouches reports whether the rubber band r touches the element: its rotated box (a
// line's segment), or for a group any visible child.
func brushTouches(el *scene.Element, r scene.Rect) bool {
	if el.Type == scene.TypeGroup {
		for _, c := range el.Children {
			if !c.Hidden && brushTouches(c, r) {
				return true
			}
		}
		return false
	}
	if !el.Bounds().Inset(0.01).Intersects(r) {
		return false
	}
	return quadsOverlap(Quad(el.Corners()), rectQuad(r))
}

// quadsOverlap tests two convex quadrilaterals with the separating axis theorem.
func quadsOverlap(a, b Quad) bool {
	for _, q := range []Quad{a, b} {
		for i := 0; i < 4; i++ {
			p1, p2 := q[i], q[(i+1)%4]
			nx, ny := p2[1]-p1[1], p1[0]-p2[0]
			if nx == 0 && ny == 0 {
				continue
			}
			amin, amax := projectQuad(a, nx, ny)
			bmin, bmax := projectQuad(b, nx, ny)
			if amax < bmin || bmax < amin {
				return false
			}
		}
	}
	return true
}

func projectQuad(q Quad, nx, ny float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range q {
		v := p[0]*nx + p[1]*ny
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return
}

// panning: the view follows the pointer.
type panningState struct{ lastX, lastY float64 }

func (*panningState) name() string { return "panning" }

func (s *panningState) cancel(e *Editor) { s.end(e) }

func (s *panningState) end(e *Editor) {
	e.setState(idleState{})
	if e.space || e.tool == ToolHand {
		e.setCursor("grab", 0)
	} else {
		e.setCursor("default", 0)
	}
	e.out.camera = true
}

func (s *panningState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		e.pan(ev.SX-s.lastX, ev.SY-s.lastY)
		s.lastX, s.lastY = ev.SX, ev.SY
	case "up":
		s.end(e)
	}
}
