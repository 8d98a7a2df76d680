package geom

import (
	"math"

	"affiche/scene"
)

// Placement says which part of a source image is drawn where.
type Placement struct {
	// Src is the visible part of the source, in source pixels (fractional).
	Src scene.Rect
	// Dst is where Src lands, in the box's local coordinates (points); it equals the box for
	// cover and fill, and is centred inside it for contain.
	Dst scene.Rect
}

// PlaceImage places a source of natural size srcW × srcH (pixels) in a box of boxW × boxH
// (points): crop (fractions of the natural size; nil = all) selects the part to show, then fit
// scales it: cover fills the box, keeping proportions, and trims the overflow equally on both
// sides; contain shows it whole, centred; fill stretches it to the box.
func PlaceImage(srcW, srcH float64, crop *scene.Rect, fit scene.Fit, boxW, boxH float64) Placement {
	src := scene.Rect{Width: srcW, Height: srcH}
	if crop != nil {
		src = scene.Rect{X: crop.X * srcW, Y: crop.Y * srcH, Width: crop.Width * srcW, Height: crop.Height * srcH}
	}
	dst := scene.Rect{Width: boxW, Height: boxH}
	if src.Width <= 0 || src.Height <= 0 || boxW <= 0 || boxH <= 0 {
		return Placement{Src: src, Dst: dst}
	}
	switch fit {
	case scene.FitContain:
		s := math.Min(boxW/src.Width, boxH/src.Height)
		w, h := src.Width*s, src.Height*s
		dst = scene.Rect{X: (boxW - w) / 2, Y: (boxH - h) / 2, Width: w, Height: h}
	case scene.FitFill:
	default: // cover
		s := math.Max(boxW/src.Width, boxH/src.Height)
		w, h := boxW/s, boxH/s
		src = scene.Rect{X: src.X + (src.Width-w)/2, Y: src.Y + (src.Height-h)/2, Width: w, Height: h}
	}
	return Placement{Src: src, Dst: dst}
}

// BackgroundBox returns the box a page background (colour, gradient, image) is laid out in:
// the page grown by the document's bleed on every side, in page coordinates. It does not
// depend on whether an export shows the bleed, so the trimmed page looks the same either way.
func BackgroundBox(pageW, pageH, bleed float64) scene.Rect {
	return scene.Rect{X: -bleed, Y: -bleed, Width: pageW + 2*bleed, Height: pageH + 2*bleed}
}

// BorderPath returns the path to stroke for the border of an image or svg of box w × h with
// corner radius r: a border of width bw lies inside the box, its outer edge on the box's edge
// (and on its rounded corners).
func BorderPath(w, h, r, bw float64) *Path {
	in := bw / 2
	if w-2*in <= 0 || h-2*in <= 0 {
		return RoundedRect(w/2, h/2, 0, 0, 0)
	}
	rr := ClampRadius(w, h, r) - in
	if rr < 0 {
		rr = 0
	}
	return RoundedRect(in, in, w-2*in, h-2*in, rr)
}

// Gradient geometry.

// LinearGradientLine returns the start and end of a CSS linear gradient of the given angle
// (degrees; 0 runs bottom → top, 90 left → right) over a w × h box: the line through the
// centre whose ends are where the perpendiculars through the box's corners cross it, so the
// corners get exactly the first and the last colour.
func LinearGradientLine(angle, w, h float64) (x0, y0, x1, y1 float64) {
	s, c := math.Sincos(angle * math.Pi / 180)
	dx, dy := s, -c // direction, y down
	half := (math.Abs(w*s) + math.Abs(h*c)) / 2
	cx, cy := w/2, h/2
	return cx - dx*half, cy - dy*half, cx + dx*half, cy + dy*half
}

// RadialGradientCircle returns the centre and radius of a radial gradient over a w × h box:
// the centre at (CX, CY) fractions of the box (default the middle), the radius R times the
// distance from the centre to the farthest corner (default 1: the last colour reaches it).
func RadialGradientCircle(g *scene.Gradient, w, h float64) (cx, cy, r float64) {
	fx, fy, fr := 0.5, 0.5, 1.0
	if g.CX != nil {
		fx = *g.CX
	}
	if g.CY != nil {
		fy = *g.CY
	}
	if g.R != nil {
		fr = *g.R
	}
	cx, cy = fx*w, fy*h
	far := 0.0
	for _, c := range [4][2]float64{{0, 0}, {w, 0}, {0, h}, {w, h}} {
		far = math.Max(far, math.Hypot(c[0]-cx, c[1]-cy))
	}
	return cx, cy, math.Abs(fr) * far
}

// SortedStops returns the gradient's stops in offset order (stable), offsets clamped to 0–1
// and made non-decreasing, as CSS does.
func SortedStops(g *scene.Gradient) []scene.Stop {
	st := append([]scene.Stop(nil), g.Stops...)
	// insertion sort: few stops, and it is stable
	for i := 1; i < len(st); i++ {
		for j := i; j > 0 && st[j].Offset < st[j-1].Offset; j-- {
			st[j], st[j-1] = st[j-1], st[j]
		}
	}
	for i := range st {
		st[i].Offset = math.Max(0, math.Min(1, st[i].Offset))
	}
	return st
}
