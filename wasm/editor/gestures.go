package editor

import (
	"fmt"
	"math"

	"affiche/scene"
)

// Labels of the undo steps gestures make.
var (
	labelMove   = lbl("Déplacer", "Move")
	labelResize = lbl("Redimensionner", "Resize")
	labelRotate = lbl("Faire pivoter", "Rotate")
	labelCreate = lbl("Ajouter un élément", "Add element")
)

// transientSet remembers, for the leaves a gesture moves, where they were drawn when it
// started, to send the page matrices from there to now.
type transientSet struct {
	gesture string
	ids     []string
	start   map[string]scene.Affine // inverse of the initial unit frame
	text    map[string]bool
}

func (e *Editor) newTransient(gesture string, els []*scene.Element) *transientSet {
	ts := &transientSet{gesture: gesture, start: map[string]scene.Affine{}, text: map[string]bool{}}
	for _, el := range els {
		walkTree(el, func(x *scene.Element) {
			if x.Type == scene.TypeGroup {
				return
			}
			inv, _ := unitFrame(x).Invert()
			ts.ids = append(ts.ids, x.ID)
			ts.start[x.ID] = inv
			ts.text[x.ID] = x.Type == scene.TypeText
		})
	}
	return ts
}

// send emits the live geometry; rerender marks changes a matrix cannot show exactly.
func (ts *transientSet) send(e *Editor, rerender func(id string) bool) {
	u := TransientUpdate{Gesture: ts.gesture, Elements: make([]TransientElement, 0, len(ts.ids))}
	for _, id := range ts.ids {
		l, ok := e.find(id)
		if !ok {
			continue
		}
		el := l.el
		te := TransientElement{ID: id, Matrix: unitFrame(el).Mul(ts.start[id]), X: el.X, Y: el.Y, Width: el.Width,
			Height: el.Height, Rotation: el.Rotation}
		if rerender != nil {
			te.Rerender = rerender(id)
		}
		u.Elements = append(u.Elements, te)
	}
	e.emit(MsgUpdateTransient, u)
}

func (e *Editor) endTransient() {
	e.emit(MsgUpdateTransient, TransientUpdate{Elements: []TransientElement{}})
	e.guides, e.labels = nil, nil
	e.out.overlay = true
}

// startHandleGesture starts the gesture of the handle pressed.
func (e *Editor) startHandleGesture(h string, ev PointerEvent) {
	f, ok := e.selectionFrame()
	if !ok {
		return
	}
	switch h {
	case "rotate":
		e.setState(e.startRotating(f, ev))
	case "start", "end":
		e.setState(e.startEndpoint(f.single, h, ev))
	default:
		e.setState(e.startResizing(f, h, ev))
	}
}

// gestureBase is what the move, resize and rotate gestures share.
type gestureBase struct {
	markName string
	label    scene.Label
	ids      []string         // the elements the gesture changes
	init     []*scene.Element // their copies at the start
	ts       *transientSet
	snap     *snapper
}

func (e *Editor) startGesture(markName string, label scene.Label, els []*scene.Element) gestureBase {
	e.mark(markName)
	t := e.markTx()
	g := gestureBase{markName: markName, label: label, ts: e.newTransient(markName, els)}
	exclude := map[string]bool{}
	for _, el := range els {
		t.touch(e, el.ID)
		g.ids = append(g.ids, el.ID)
		g.init = append(g.init, el.Clone())
		walkTree(el, func(x *scene.Element) { exclude[x.ID] = true })
	}
	g.snap = e.newSnapper(exclude)
	return g
}

func (g *gestureBase) live(e *Editor) []*scene.Element {
	els := make([]*scene.Element, len(g.ids))
	for i, id := range g.ids {
		l, _ := e.find(id)
		els[i] = l.el
	}
	return els
}

func (g *gestureBase) end(e *Editor) {
	e.endTransient()
	e.squashToMark(g.markName, g.label)
	e.setState(idleState{})
}

func (g *gestureBase) abort(e *Editor) {
	e.endTransient()
	e.bailToMark(g.markName)
	e.setState(idleState{})
}

// afterMove keeps the boxes of the groups around the changed elements up to date.
func (g *gestureBase) afterMove(e *Editor) {
	if e.scope != "" && len(g.ids) > 0 {
		e.updateAncestors(g.ids[0])
	}
	e.out.overlay = true
}

// dragging: moving the selection.
type draggingState struct {
	gestureBase
	x0, y0 float64
	nodes  []*scene.Element // every element moved, descendants included
	start  [][2]float64
	box    scene.Rect
}

func (e *Editor) startDragging(x0, y0 float64) *draggingState {
	els := e.unlockedSelected()
	d := &draggingState{gestureBase: e.startGesture("move", labelMove, els), x0: x0, y0: y0}
	for _, el := range els {
		walkTree(el, func(x *scene.Element) {
			d.nodes = append(d.nodes, x)
			d.start = append(d.start, [2]float64{x.X, x.Y})
		})
	}
	d.box = scene.UnionBounds(els)
	e.setCursor("move", 0)
	return d
}

func (*draggingState) name() string       { return "dragging" }
func (d *draggingState) cancel(e *Editor) { d.abort(e) }

func (d *draggingState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		dx, dy := ev.X-d.x0, ev.Y-d.y0
		lockX, lockY := false, false
		if ev.Shift { // constrain to the main axis
			if math.Abs(dx) > math.Abs(dy) {
				dy, lockY = 0, true
			} else {
				dx, lockX = 0, true
			}
		}
		e.guides, e.labels = nil, nil
		if !snapOff(ev) {
			b := d.box
			b.X += dx
			b.Y += dy
			r := d.snap.snapBox(b, e.px(e.opts.SnapPx), !lockX, !lockY)
			dx += r.dx
			dy += r.dy
			e.guides, e.labels = r.guides, r.labels
		}
		for i, n := range d.nodes {
			n.X, n.Y = d.start[i][0]+dx, d.start[i][1]+dy
		}
		d.afterMove(e)
		d.ts.send(e, nil)
	case "up":
		d.end(e)
	}
}

// resizing: dragging one of the 8 handles.
type resizingState struct {
	gestureBase
	handle       string
	fx, fy       float64
	f            selFrame
	inv          scene.Affine // page → the frame's initial local coordinates
	grabX, grabY float64      // pointer minus handle, in local coordinates
}

func (e *Editor) startResizing(f selFrame, h string, ev PointerEvent) *resizingState {
	s := &resizingState{gestureBase: e.startGesture("resize", labelResize, f.els), handle: h, f: f}
	for _, spot := range handleSpots {
		if spot.name == h {
			s.fx, s.fy = spot.fx, spot.fy
		}
	}
	s.inv, _ = f.m.Invert()
	lx, ly := s.inv.Apply(ev.X, ev.Y)
	s.grabX, s.grabY = lx-s.fx*f.w, ly-s.fy*f.h
	return s
}

func (*resizingState) name() string       { return "resizing" }
func (s *resizingState) cancel(e *Editor) { s.abort(e) }

func (s *resizingState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		lx, ly := s.inv.Apply(ev.X, ev.Y)
		hx, hy := lx-s.grabX, ly-s.grabY
		e.guides, e.labels = nil, nil
		if !ev.Ctrl && !ev.Meta && math.Mod(s.f.rot, 360) == 0 {
			px, py := s.f.m.Apply(hx, hy)
			sx, sy, g := s.snap.snapPoint(px, py, e.px(e.opts.SnapPx), s.fx != 0.5, s.fy != 0.5)
			hx, hy = s.inv.Apply(sx, sy)
			e.guides = g
		}
		if s.f.single != nil {
			s.resizeOne(e, hx, hy, ev)
		} else {
			s.resizeUniform(e, hx, hy, ev.Alt)
		}
		s.afterMove(e)
		b := scene.UnionBounds(s.live(e))
		e.labels = append(e.labels, Label{X: b.X + b.Width/2, Y: b.Y + b.Height, Kind: "size", Value: b.Width,
			Text: formatLength(b.Width, e.doc.Unit, e.opts.Lang) + " × " + formatLength(b.Height, e.doc.Unit, e.opts.Lang)})
		textRewrap := s.f.single != nil && s.f.single.Type == scene.TypeText && !isCorner(s.handle)
		s.ts.send(e, func(string) bool { return textRewrap })
	case "up":
		s.end(e)
	}
}

// keepsRatio tells whether a handle drag keeps the proportions: corners do by default (as in
// Canva) and Shift frees them; side handles stretch and Shift keeps the ratio. Text boxes
// scale their font from the corners and change their width from the sides.
func keepsRatio(el *scene.Element, handle string, shift bool) bool {
	if el.Type == scene.TypeText {
		return isCorner(handle)
	}
	if isCorner(handle) {
		return !shift
	}
	return shift
}

const minSize = 1.0 // points

func (s *resizingState) resizeOne(e *Editor, hx, hy float64, ev PointerEvent) {
	el := s.live(e)[0]
	init := s.init[0]
	w, h := s.f.w, s.f.h
	fx, fy := s.fx, s.fy
	L, T, R, B := 0.0, 0.0, w, h
	if fx == 0 {
		L = math.Min(hx, w-minSize)
	} else if fx == 1 {
		R = math.Max(hx, minSize)
	}
	if fy == 0 {
		T = math.Min(hy, h-minSize)
	} else if fy == 1 {
		B = math.Max(hy, minSize)
	}
	if ev.Alt { // from the centre
		if fx != 0.5 {
			half := math.Max(math.Abs(hx-w/2), minSize/2)
			L, R = w/2-half, w/2+half
		}
		if fy != 0.5 {
			half := math.Max(math.Abs(hy-h/2), minSize/2)
			T, B = h/2-half, h/2+half
		}
	}
	isText := el.Type == scene.TypeText
	keep := keepsRatio(el, s.handle, ev.Shift) && w > 1e-6 && h > 1e-6
	scale := 1.0
	if keep {
		sw, sh := (R-L)/w, (B-T)/h
		switch {
		case isCorner(s.handle):
			scale = math.Max(sw, sh)
		case fx != 0.5:
			scale = sw
		default:
			scale = sh
		}
		scale = math.Max(scale, minSize/math.Min(w, h))
		nw, nh := w*scale, h*scale
		L, R = place(fx, w, nw, ev.Alt)
		T, B = place(fy, h, nh, ev.Alt)
	}
	restore(el, init)
	nw, nh := R-L, B-T
	if isText {
		if keep {
			scaleFonts(el, scale)
			if el.Background != nil {
				el.Background.Padding *= scale
			}
		} else {
			el.Width = nw
			nh = math.Max(e.layout.Height(el), minSize)
			T, B = 0, nh // the top edge stays where it is
		}
	}
	cx, cy := s.f.m.Apply((L+R)/2, (T+B)/2)
	el.Width, el.Height = nw, nh
	el.X, el.Y = cx-nw/2, cy-nh/2
}

// place returns the new extent [lo, hi] of one axis of a box of old size w resized to nw,
// from the handle at fraction f (0, 0.5 or 1) — anchored at the opposite side, or the centre.
func place(f, w, nw float64, fromCentre bool) (lo, hi float64) {
	switch {
	case f == 0.5 || fromCentre:
		return w/2 - nw/2, w/2 + nw/2
	case f == 0:
		return w - nw, w
	}
	return 0, nw
}

func (s *resizingState) resizeUniform(e *Editor, hx, hy float64, alt bool) {
	w, h := s.f.w, s.f.h
	if w <= 0 || h <= 0 {
		return
	}
	ax, ay := (1-s.fx)*w, (1-s.fy)*h
	if alt {
		ax, ay = w/2, h/2
	}
	hpx, hpy := s.fx*w, s.fy*h
	sx := (hx - ax) / (hpx - ax)
	sy := (hy - ay) / (hpy - ay)
	scale := math.Max(math.Max(sx, sy), minSize/math.Min(w, h))
	apx, apy := s.f.m.Apply(ax, ay)
	for i, el := range s.live(e) {
		restore(el, s.init[i])
		scaleAbout(el, scale, apx, apy, true)
		if el.Type == scene.TypeGroup {
			scene.UpdateGroupBounds([]*scene.Element{el})
		}
	}
}

// rotating: dragging the rotate handle.
type rotatingState struct {
	gestureBase
	f          selFrame
	cx, cy     float64
	a0         float64
	groupFrame *Quad // the turning frame of a group or several elements
}

func (e *Editor) startRotating(f selFrame, ev PointerEvent) *rotatingState {
	s := &rotatingState{gestureBase: e.startGesture("rotate", labelRotate, f.els), f: f}
	s.cx, s.cy = f.m.Apply(f.w/2, f.h/2)
	s.a0 = math.Atan2(ev.Y-s.cy, ev.X-s.cx) * 180 / math.Pi
	e.setCursor("grabbing", f.rot)
	return s
}

func (*rotatingState) name() string       { return "rotating" }
func (s *rotatingState) cancel(e *Editor) { s.groupFrame = nil; s.abort(e) }

func (s *rotatingState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		a := math.Atan2(ev.Y-s.cy, ev.X-s.cx)*180/math.Pi - s.a0
		var delta, shown float64
		if s.f.single != nil {
			r := s.init[0].Rotation + a
			if ev.Shift {
				r = math.Round(r/15) * 15
			}
			delta, shown = r-s.init[0].Rotation, normAngle(r)
		} else {
			if ev.Shift {
				a = math.Round(a/15) * 15
			}
			delta, shown = a, normAngle(a)
		}
		for i, el := range s.live(e) {
			restore(el, s.init[i])
			rotateAbout(el, delta, s.cx, s.cy)
			if el.Type == scene.TypeGroup {
				scene.UpdateGroupBounds([]*scene.Element{el})
			}
		}
		if s.f.single == nil {
			m := scene.Translate(s.cx, s.cy).Mul(scene.Rotate(delta)).Mul(scene.Translate(-s.cx, -s.cy)).Mul(s.f.m)
			q := Quad{}
			for i, p := range [4][2]float64{{0, 0}, {s.f.w, 0}, {s.f.w, s.f.h}, {0, s.f.h}} {
				q[i][0], q[i][1] = m.Apply(p[0], p[1])
			}
			s.groupFrame = &q
		}
		s.afterMove(e)
		e.labels = []Label{{X: s.cx, Y: s.cy, Kind: "angle", Value: shown, Text: formatAngle(shown)}}
		e.setCursor("grabbing", normAngle(s.f.rot+delta))
		s.ts.send(e, nil)
	case "up":
		s.groupFrame = nil
		s.end(e)
		e.setCursor("grab", 0)
	}
}

func formatAngle(a float64) string {
	if a > 180 {
		a -= 360
	}
	return fmt.Sprintf("%.0f°", a)
}

// endpoint: dragging one end of a line.
type endpointState struct {
	gestureBase
	start        bool    // moving the start (else the end)
	fx, fy       float64 // the fixed end
	grabX, grabY float64
}

func (e *Editor) startEndpoint(el *scene.Element, h string, ev PointerEvent) *endpointState {
	s := &endpointState{gestureBase: e.startGesture("endpoint", labelResize, []*scene.Element{el}), start: h == "start"}
	x1, y1, x2, y2 := lineEnds(el)
	if s.start {
		s.fx, s.fy = x2, y2
		s.grabX, s.grabY = ev.X-x1, ev.Y-y1
	} else {
		s.fx, s.fy = x1, y1
		s.grabX, s.grabY = ev.X-x2, ev.Y-y2
	}
	return s
}

func (*endpointState) name() string       { return "endpoint" }
func (s *endpointState) cancel(e *Editor) { s.abort(e) }

func (s *endpointState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		x, y := ev.X-s.grabX, ev.Y-s.grabY
		e.guides, e.labels = nil, nil
		switch {
		case ev.Shift:
			x, y = snapAngle(s.fx, s.fy, x, y)
		case !snapOff(ev):
			x, y, e.guides = s.snap.snapPoint(x, y, e.px(e.opts.SnapPx), true, true)
		}
		el := s.live(e)[0]
		if math.Hypot(x-s.fx, y-s.fy) < minSize {
			return
		}
		if s.start {
			setLineEnds(el, x, y, s.fx, s.fy)
		} else {
			setLineEnds(el, s.fx, s.fy, x, y)
		}
		s.afterMove(e)
		e.labels = append(e.labels, Label{X: x, Y: y, Kind: "size", Value: el.Width,
			Text: formatLength(el.Width, e.doc.Unit, e.opts.Lang) + " · " + formatAngle(el.Rotation)})
		s.ts.send(e, func(string) bool { return true })
	case "up":
		s.end(e)
	}
}

// snapAngle keeps the distance from (ox, oy) to (x, y) and turns the direction to the nearest
// multiple of 15°.
func snapAngle(ox, oy, x, y float64) (float64, float64) {
	d := math.Hypot(x-ox, y-oy)
	a := math.Round(math.Atan2(y-oy, x-ox)*180/math.Pi/15) * 15 * math.Pi / 180
	return ox + d*math.Cos(a), oy + d*math.Sin(a)
}

// creating: a creation tool pressed on the page; a click places a default-sized element, a
// drag draws its box (Shift: square or 15° line; Alt: from the centre).
type creatingState struct {
	tool   string
	x0, y0 float64
	id     string
	ts     *transientSet
}

func (*creatingState) name() string { return "creating" }

func (s *creatingState) cancel(e *Editor) {
	if s.id != "" {
		e.endTransient()
		e.bailToMark("create")
	}
	e.setState(idleState{})
}

func (s *creatingState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		if s.id == "" {
			if !e.dragged(ev, s.x0, s.y0) {
				return
			}
			e.mark("create")
			el := e.defaultElement(s.tool, s.x0, s.y0)
			if err := e.insertElement(e.markTx(), el); err != nil {
				e.bailToMark("create")
				e.setState(idleState{})
				return
			}
			s.id = el.ID
			e.setSelection([]string{el.ID})
			s.ts = e.newTransient("create", []*scene.Element{el})
		}
		l, ok := e.find(s.id)
		if !ok {
			return
		}
		s.shape(e, l.el, ev)
		e.out.overlay = true
		s.ts.send(e, func(string) bool { return true })
	case "up":
		e.setState(idleState{})
		var created string
		if s.id == "" {
			el := e.defaultElement(s.tool, s.x0, s.y0)
			w, h := el.Width, el.Height
			el.X, el.Y = s.x0-w/2, s.y0-h/2
			if err := e.change(labelCreate, "", func(t *tx) error { return e.insertElement(t, el) }); err != nil {
				e.emit(MsgDisplayError, fromScene(err))
				return
			}
			created = el.ID
			e.setSelection([]string{created})
		} else {
			e.endTransient()
			e.squashToMark("create", labelCreate)
			created = s.id
		}
		tool := s.tool
		e.setTool(ToolSelect)
		if tool == ToolText {
			if l, ok := e.find(created); ok {
				e.startTextEdit(l.el, nil, true)
			}
		}
	}
}

// shape sets the created element's box from the drag.
func (s *creatingState) shape(e *Editor, el *scene.Element, ev PointerEvent) {
	x, y := ev.X, ev.Y
	if s.tool == ToolLine {
		if ev.Shift {
			x, y = snapAngle(s.x0, s.y0, x, y)
		}
		if math.Hypot(x-s.x0, y-s.y0) >= minSize {
			setLineEnds(el, s.x0, s.y0, x, y)
		}
		return
	}
	dx, dy := x-s.x0, y-s.y0
	if ev.Shift {
		m := math.Max(math.Abs(dx), math.Abs(dy))
		dx, dy = math.Copysign(m, dx), math.Copysign(m, dy)
	}
	x0, y0 := s.x0, s.y0
	if ev.Alt {
		x0, y0 = s.x0-dx, s.y0-dy
	}
	el.X, el.Y = math.Min(x0, s.x0+dx), math.Min(y0, s.y0+dy)
	el.Width = math.Max(math.Abs(s.x0+dx-x0), minSize)
	el.Height = math.Max(math.Abs(s.y0+dy-y0), minSize)
	if el.Type == scene.TypeText {
		el.Height = math.Max(e.layout.Height(el), minSize)
	}
}
