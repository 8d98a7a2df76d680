package editor

import (
	"math"

	"affiche/scene"
)

// selFrame is the box the selection's handles sit on.
type selFrame struct {
	m      scene.Affine // local (0..w, 0..h) → page
	w, h   float64
	rot    float64
	single *scene.Element // the one element, when the frame is its own rotated box
	els    []*scene.Element
}

// selectionFrame returns the frame of the current selection (ok false when empty).
func (e *Editor) selectionFrame() (selFrame, bool) {
	els := e.selected()
	if len(els) == 0 {
		return selFrame{}, false
	}
	if len(els) == 1 && els[0].Type != scene.TypeGroup {
		el := els[0]
		return selFrame{m: frame(el), w: el.Width, h: el.Height, rot: el.Rotation, single: el, els: els}, true
	}
	b := scene.UnionBounds(els)
	return selFrame{m: scene.Translate(b.X, b.Y), w: b.Width, h: b.Height, els: els}, true
}

// handle positions as fractions of the frame, and the direction each one pulls (degrees).
var handleSpots = []struct {
	name   string
	fx, fy float64
	angle  float64
}{
	{"nw", 0, 0, 225}, {"n", 0.5, 0, 270}, {"ne", 1, 0, 315}, {"e", 1, 0.5, 0},
	{"se", 1, 1, 45}, {"s", 0.5, 1, 90}, {"sw", 0, 1, 135}, {"w", 0, 0.5, 180},
}

// rotateHandleGap is the distance from the frame's bottom edge to the rotate handle, CSS px.
const rotateHandleGap = 28

// isCorner reports whether a resize handle is a corner (nw, ne, se, sw).
func isCorner(name string) bool { return len(name) == 2 }

// handles returns the handles of the current selection in page points.
func (e *Editor) handles() []Handle {
	if e.crop != nil {
		return e.cropHandles()
	}
	f, ok := e.selectionFrame()
	if !ok {
		return nil
	}
	for _, el := range f.els {
		if el.Locked {
			return nil
		}
	}
	var hs []Handle
	if f.single != nil && f.single.Type == scene.TypeLine {
		x1, y1, x2, y2 := lineEnds(f.single)
		return []Handle{
			{Name: "start", X: x1, Y: y1, Cursor: "crosshair", Angle: f.rot},
			{Name: "end", X: x2, Y: y2, Cursor: "crosshair", Angle: f.rot},
		}
	}
	sw, sh := f.w*e.cam.zoom, f.h*e.cam.zoom // on-screen size
	isText := f.single != nil && f.single.Type == scene.TypeText
	for _, s := range handleSpots {
		corner := isCorner(s.name)
		if !corner {
			if f.single == nil {
				continue // groups and several elements scale uniformly, from the corners
			}
			vertical := s.name == "n" || s.name == "s"
			if isText && vertical {
				continue // a text box's height follows its text
			}
			if (vertical && sw < 3*e.opts.HandlePx) || (!vertical && sh < 3*e.opts.HandlePx) {
				continue
			}
		}
		x, y := f.m.Apply(s.fx*f.w, s.fy*f.h)
		a := normAngle(s.angle + f.rot)
		hs = append(hs, Handle{Name: s.name, X: x, Y: y, Cursor: resizeCursor(a), Angle: a})
	}
	x, y := f.m.Apply(f.w/2, f.h)
	dx, dy := scene.Rotate(f.rot).Apply(0, e.px(rotateHandleGap))
	hs = append(hs, Handle{Name: "rotate", X: x + dx, Y: y + dy, Cursor: "grab", Angle: f.rot})
	return hs
}

func resizeCursor(angle float64) string {
	switch int(math.Round(math.Mod(angle, 180)/45)) % 4 {
	case 0:
		return "ew-resize"
	case 1:
		return "nwse-resize"
	case 2:
		return "ns-resize"
	}
	return "nesw-resize"
}

func (e *Editor) overlay() Overlay {
	o := Overlay{Selection: []Quad{}, Handles: e.handles(), Guides: e.guides, Labels: e.labels, Brush: e.brush,
		Cursor: e.cursor, CursorAngle: e.cursorAngle}
	if o.Handles == nil {
		o.Handles = []Handle{}
	}
	if o.Guides == nil {
		o.Guides = []Guide{}
	}
	if o.Labels == nil {
		o.Labels = []Label{}
	}
	if o.Cursor == "" {
		o.Cursor = "default"
	}
	els := e.selected()
	for _, el := range els {
		o.Selection = append(o.Selection, quadOf(el))
		o.Locked = o.Locked || el.Locked
	}
	if f, ok := e.selectionFrame(); ok {
		q := Quad{}
		for i, p := range [4][2]float64{{0, 0}, {f.w, 0}, {f.w, f.h}, {0, f.h}} {
			q[i][0], q[i][1] = f.m.Apply(p[0], p[1])
		}
		if g, ok := e.state.(*rotatingState); ok && g.groupFrame != nil {
			q = *g.groupFrame
		}
		o.Frame = &q
	}
	if e.hover != "" && !contains(e.sel, e.hover) {
		if l, ok := e.find(e.hover); ok && l.pageIndex == e.page {
			q := quadOf(l.el)
			o.Hover = &q
		}
	}
	if e.scope != "" {
		if l, ok := e.find(e.scope); ok {
			q := quadOf(l.el)
			o.Scope = &q
		}
	}
	if e.crop != nil {
		o.Crop = e.cropOverlay()
	}
	return o
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
