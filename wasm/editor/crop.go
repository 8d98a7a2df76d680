package editor

import (
	"math"

	"affiche/scene"
)

var labelCrop = lbl("Recadrer", "Crop")

// cropSession is an image being cropped: the element's box is the visible frame, and the whole
// source image lies at (ix, iy, iw, ih) in the box's local coordinates. The whole session is
// one undo step: it marks when it starts, Esc returns to the mark, Enter or a click outside
// squashes it.
type cropSession struct {
	id             string
	nw, nh         float64 // the source's natural size (or a stand-in with its proportions)
	ix, iy, iw, ih float64
}

type cropArgs struct {
	// ID is the image (default: the selected one); NaturalWidth and NaturalHeight the source's
	// size in pixels, which the page knows once it decoded it.
	ID            string  `json:"id"`
	NaturalWidth  float64 `json:"naturalWidth"`
	NaturalHeight float64 `json:"naturalHeight"`
}

// imageRect returns where the whole source lies in the box, as the renderer places it: the
// crop region (the whole image without a crop) scaled to cover the box, centred.
func imageRect(el *scene.Element, nw, nh float64) (ix, iy, iw, ih float64) {
	c := scene.Rect{Width: 1, Height: 1}
	if el.Crop != nil {
		c = *el.Crop
	}
	rw, rh := c.Width*nw, c.Height*nh
	s := math.Max(el.Width/rw, el.Height/rh)
	if el.Fit == scene.FitFill {
		iw, ih = el.Width/c.Width, el.Height/c.Height
		return -c.X * iw, -c.Y * ih, iw, ih
	}
	iw, ih = nw*s, nh*s
	ix = (el.Width-rw*s)/2 - c.X*nw*s
	iy = (el.Height-rh*s)/2 - c.Y*nh*s
	return
}

func (e *Editor) startCrop(a *cropArgs) error {
	id := a.ID
	if id == "" && len(e.sel) == 1 {
		id = e.sel[0]
	}
	l, ok := e.find(id)
	if !ok || l.el.Type != scene.TypeImage {
		return errf(ErrNotFound, "no image %q", "aucune image %q", id)
	}
	if l.el.Locked {
		return errf(ErrLocked, "this image is locked", "cette image est verrouillée")
	}
	if e.crop != nil {
		e.finishCrop()
	}
	if e.text != nil {
		e.endTextEdit(true)
	}
	el := l.el
	nw, nh := a.NaturalWidth, a.NaturalHeight
	if !(nw > 0 && nh > 0) || math.IsInf(nw, 0) || math.IsInf(nh, 0) {
		// Unknown source size: assume the crop region has the box's proportions.
		c := scene.Rect{Width: 1, Height: 1}
		if el.Crop != nil {
			c = *el.Crop
		}
		nw, nh = math.Max(el.Width, 1)/c.Width, math.Max(el.Height, 1)/c.Height
	}
	e.setSelection([]string{id})
	e.mark("crop")
	e.markTx().touch(e, id)
	s := &cropSession{id: id, nw: nw, nh: nh}
	s.ix, s.iy, s.iw, s.ih = imageRect(el, nw, nh)
	e.crop = s
	e.out.selection, e.out.overlay = true, true
	return nil
}

// apply writes the session's image rectangle into the element's crop.
func (s *cropSession) apply(el *scene.Element) {
	if s.iw <= 0 || s.ih <= 0 {
		return
	}
	c := scene.Rect{X: -s.ix / s.iw, Y: -s.iy / s.ih, Width: el.Width / s.iw, Height: el.Height / s.ih}
	c.X, c.Y = clamp(c.X, 0, 1), clamp(c.Y, 0, 1)
	c.Width, c.Height = clamp(c.Width, 1e-6, 1-c.X), clamp(c.Height, 1e-6, 1-c.Y)
	if c.X < 1e-9 && c.Y < 1e-9 && c.Width > 1-1e-9 && c.Height > 1-1e-9 {
		el.Crop = nil
	} else {
		el.Crop = &c
	}
	el.Fit = scene.FitCover
}

func (e *Editor) finishCrop() {
	if e.crop == nil {
		return
	}
	if e.gestureActive() {
		e.finishGesture()
	}
	e.crop = nil
	e.squashToMark("crop", labelCrop)
	e.out.selection, e.out.overlay = true, true
}

func (e *Editor) cancelCrop() {
	if e.crop == nil {
		return
	}
	e.crop = nil
	e.bailToMark("crop")
	e.out.selection, e.out.overlay = true, true
}

// resetCrop shows the whole image again (covering the box).
func (e *Editor) resetCrop() error {
	if s := e.crop; s != nil {
		l, ok := e.find(s.id)
		if !ok {
			return nil
		}
		return e.change(labelCrop, "", func(t *tx) error {
			el := t.touch(e, s.id)
			el.Crop = nil
			el.Fit = scene.FitCover
			s.ix, s.iy, s.iw, s.ih = imageRect(l.el, s.nw, s.nh)
			return nil
		})
	}
	els := e.selected()
	return e.change(labelCrop, "", func(t *tx) error {
		t.touch(e, els[0].ID).Crop = nil
		return nil
	})
}

func (e *Editor) cropElement() (*scene.Element, bool) {
	if e.crop == nil {
		return nil, false
	}
	l, ok := e.find(e.crop.id)
	return l.el, ok
}

func (e *Editor) cropHandles() []Handle {
	el, ok := e.cropElement()
	if !ok {
		return nil
	}
	s := e.crop
	m := frame(el)
	var hs []Handle
	for _, spot := range handleSpots {
		x, y := m.Apply(spot.fx*el.Width, spot.fy*el.Height)
		a := normAngle(spot.angle + el.Rotation)
		hs = append(hs, Handle{Name: spot.name, X: x, Y: y, Cursor: resizeCursor(a), Angle: a})
	}
	for _, spot := range handleSpots {
		if !isCorner(spot.name) {
			continue
		}
		x, y := m.Apply(s.ix+spot.fx*s.iw, s.iy+spot.fy*s.ih)
		a := normAngle(spot.angle + el.Rotation)
		hs = append(hs, Handle{Name: "img-" + spot.name, X: x, Y: y, Cursor: resizeCursor(a), Angle: a})
	}
	return hs
}

func (e *Editor) cropOverlay() *CropOverlay {
	el, ok := e.cropElement()
	if !ok {
		return nil
	}
	s := e.crop
	m := frame(el)
	o := &CropOverlay{ID: el.ID, Frame: quadOf(el)}
	for i, p := range [4][2]float64{{s.ix, s.iy}, {s.ix + s.iw, s.iy}, {s.ix + s.iw, s.iy + s.ih}, {s.ix, s.iy + s.ih}} {
		o.Image[i][0], o.Image[i][1] = m.Apply(p[0], p[1])
	}
	return o
}

// cropPointerDown starts a crop gesture: a handle of the frame resizes the visible part, an
// image corner scales the image, a press on the image moves it; a press elsewhere ends the
// crop and acts as a normal press.
func (e *Editor) cropPointerDown(ev PointerEvent) {
	el, ok := e.cropElement()
	if !ok {
		e.crop = nil
		return
	}
	s := e.crop
	g := &cropGesture{start: el.Clone(), session: *s}
	g.inv, _ = frame(el).Invert()
	g.m = frame(el)
	g.x0, g.y0 = g.inv.Apply(ev.X, ev.Y)
	g.ts = e.newTransient("crop", []*scene.Element{el})
	h := e.handleAt(ev.X, ev.Y, touch(ev))
	switch {
	case len(h) > 4 && h[:4] == "img-":
		g.mode, g.handle = "scale", h[4:]
	case h != "":
		g.mode, g.handle = "frame", h
	case g.x0 >= s.ix && g.x0 <= s.ix+s.iw && g.y0 >= s.iy && g.y0 <= s.iy+s.ih:
		g.mode = "move"
	default:
		e.finishCrop()
		e.pointerDown(ev)
		return
	}
	for _, spot := range handleSpots {
		if spot.name == g.handle {
			g.fx, g.fy = spot.fx, spot.fy
		}
	}
	e.setState(g)
}

// cropGesture is one drag inside a crop session.
type cropGesture struct {
	mode, handle string
	fx, fy       float64
	start        *scene.Element
	session      cropSession
	m, inv       scene.Affine // the box's frame when the drag started
	x0, y0       float64      // the press, in that frame
	ts           *transientSet
}

func (*cropGesture) name() string { return "cropping" }

func (g *cropGesture) cancel(e *Editor) {
	if el, ok := e.cropElement(); ok {
		restore(el, g.start)
		*e.crop = g.session
	}
	e.endTransient()
	e.setState(idleState{})
}

func (g *cropGesture) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		el, ok := e.cropElement()
		if !ok {
			g.cancel(e)
			return
		}
		s := e.crop
		o := g.session
		lx, ly := g.inv.Apply(ev.X, ev.Y)
		w, h := g.start.Width, g.start.Height
		switch g.mode {
		case "move":
			s.ix = clamp(o.ix+lx-g.x0, w-o.iw, 0)
			s.iy = clamp(o.iy+ly-g.y0, h-o.ih, 0)
		case "scale":
			// The opposite image corner stays; the image keeps its proportions and covers the box.
			ax, ay := o.ix+(1-g.fx)*o.iw, o.iy+(1-g.fy)*o.ih
			sc := math.Max(math.Abs(lx-ax)/o.iw, math.Abs(ly-ay)/o.ih)
			var minX, minY float64
			if g.fx == 1 {
				minX = (w - ax) / o.iw
			} else {
				minX = ax / o.iw
			}
			if g.fy == 1 {
				minY = (h - ay) / o.ih
			} else {
				minY = ay / o.ih
			}
			sc = math.Max(sc, math.Max(minX, minY))
			s.iw, s.ih = o.iw*sc, o.ih*sc
			s.ix, s.iy = ax-(1-g.fx)*s.iw, ay-(1-g.fy)*s.ih
		case "frame":
			// The image stays in place on the page; the visible frame changes inside it.
			L, T, R, B := 0.0, 0.0, w, h
			if g.fx == 0 {
				L = clamp(lx, o.ix, R-minSize)
			} else if g.fx == 1 {
				R = clamp(lx, L+minSize, o.ix+o.iw)
			}
			if g.fy == 0 {
				T = clamp(ly, o.iy, B-minSize)
			} else if g.fy == 1 {
				B = clamp(ly, T+minSize, o.iy+o.ih)
			}
			restore(el, g.start)
			cx, cy := g.m.Apply((L+R)/2, (T+B)/2)
			el.Width, el.Height = R-L, B-T
			el.X, el.Y = cx-el.Width/2, cy-el.Height/2
			s.ix, s.iy = o.ix-L, o.iy-T
		}
		s.apply(el)
		e.updateAncestors(el.ID)
		e.out.overlay = true
		g.ts.send(e, func(string) bool { return true })
	case "up":
		e.endTransient()
		e.setState(idleState{})
		// The change stays open under the crop mark: the page still needs fresh pixels.
		e.out.ids = e.out.mark(e.out.ids, e.crop.id)
	}
}
