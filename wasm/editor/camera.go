package editor

import "math"

// camera maps page points to viewport CSS pixels: screen = point × zoom + pan.
type camera struct {
	zoom, panX, panY float64
	vw, vh           float64 // viewport size, CSS pixels
	fit              bool    // follow the page size (zoom to fit)
}

// Zoom limits and the steps Ctrl+= and Ctrl+- go through (1 = 100 %: one CSS pixel per point).
const (
	MinZoom = 0.05
	MaxZoom = 16
	// fitMargin is the free space around a fitted page, in CSS pixels.
	fitMargin = 32
)

var zoomSteps = []float64{0.05, 0.1, 0.25, 1.0 / 3, 0.5, 2.0 / 3, 0.75, 1, 1.25, 1.5, 2, 3, 4, 6, 8, 12, 16}

func (e *Editor) fitCamera() {
	w, h := e.doc.PageSize(e.page)
	c := &e.cam
	if w <= 0 || h <= 0 {
		return
	}
	z := math.Min((c.vw-2*fitMargin)/w, (c.vh-2*fitMargin)/h)
	c.zoom = clamp(z, MinZoom, MaxZoom)
	c.panX = (c.vw - w*c.zoom) / 2
	c.panY = (c.vh - h*c.zoom) / 2
	e.out.camera, e.out.overlay = true, true
}

func (e *Editor) zoomStep(dir int) {
	z := e.cam.zoom
	next := z
	if dir > 0 {
		next = zoomSteps[len(zoomSteps)-1]
		for _, s := range zoomSteps {
			if s > z*1.001 {
				next = s
				break
			}
		}
	} else {
		next = zoomSteps[0]
		for i := len(zoomSteps) - 1; i >= 0; i-- {
			if zoomSteps[i] < z*0.999 {
				next = zoomSteps[i]
				break
			}
		}
	}
	e.setZoom(next, e.cam.vw/2, e.cam.vh/2)
}

// setZoom zooms keeping the page point under the viewport position (ax, ay) in place.
func (e *Editor) setZoom(z, ax, ay float64) {
	c := &e.cam
	z = clamp(z, MinZoom, MaxZoom)
	px, py := (ax-c.panX)/c.zoom, (ay-c.panY)/c.zoom
	c.zoom = z
	c.panX, c.panY = ax-px*z, ay-py*z
	c.fit = false
	e.out.camera, e.out.overlay = true, true
}

type zoomArgs struct {
	// Zoom sets the zoom (1 = 100 %); Factor multiplies it (the wheel). X, Y is the viewport
	// point that stays in place (default: the viewport's centre).
	Zoom   float64  `json:"zoom"`
	Factor float64  `json:"factor"`
	X      *float64 `json:"x"`
	Y      *float64 `json:"y"`
}

func (e *Editor) zoomCmd(a *zoomArgs) error {
	ax, ay := e.cam.vw/2, e.cam.vh/2
	if a.X != nil && a.Y != nil {
		ax, ay = *a.X, *a.Y
	}
	switch {
	case a.Zoom > 0 && !math.IsInf(a.Zoom, 0):
		e.setZoom(a.Zoom, ax, ay)
	case a.Factor > 0 && !math.IsInf(a.Factor, 0):
		e.setZoom(e.cam.zoom*a.Factor, ax, ay)
	default:
		return errf(ErrArgs, "view.zoom needs a positive zoom or factor", "view.zoom demande un zoom ou un facteur positif")
	}
	return nil
}

func (e *Editor) pan(dx, dy float64) {
	if math.IsNaN(dx) || math.IsNaN(dy) || math.IsInf(dx, 0) || math.IsInf(dy, 0) {
		return
	}
	e.cam.panX += dx
	e.cam.panY += dy
	e.cam.fit = false
	e.out.camera = true
}

func (e *Editor) resizeViewport(w, h float64) error {
	if !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		return errf(ErrArgs, "the viewport size must be positive", "la taille de la zone de travail doit être positive")
	}
	c := &e.cam
	// Keep the centre of the view where it was.
	c.panX += (w - c.vw) / 2
	c.panY += (h - c.vh) / 2
	c.vw, c.vh = w, h
	if c.fit {
		e.fitCamera()
	}
	e.out.camera = true
	return nil
}

func (e *Editor) cameraUpdate() CameraUpdate {
	c := e.cam
	_, panning := e.state.(*panningState)
	return CameraUpdate{Zoom: c.zoom, PanX: c.panX, PanY: c.panY, ViewportWidth: c.vw, ViewportHeight: c.vh,
		Fit: c.fit, Panning: panning}
}

// px converts a length in CSS pixels on screen to points at the current zoom.
func (e *Editor) px(v float64) float64 { return v / e.cam.zoom }

func clamp(v, lo, hi float64) float64 {
	if math.IsNaN(v) {
		return lo
	}
	return math.Max(lo, math.Min(hi, v))
}
