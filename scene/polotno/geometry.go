package polotno

import "math"

// Polotno (like Konva) rotates an element about its top-left corner (x, y); Affiche rotates
// about the centre of the box and stores the top-left corner of the unrotated box. Both map a
// point (u, v) of the box to the page as
//
//	Polotno: (x, y) + R·(u, v)
//	Affiche: (X + w/2, Y + h/2) + R·(u − w/2, v − h/2)
//
// so they agree for every point when (X + w/2, Y + h/2) = (x, y) + R·(w/2, h/2): the centres
// coincide. Flips mirror the content inside the box in both formats and do not move it.

// rotate turns (u, v) clockwise (y down) by deg degrees.
func rotate(u, v, deg float64) (float64, float64) {
	if deg == 0 {
		return u, v
	}
	s, c := math.Sincos(deg * math.Pi / 180)
	return c*u - s*v, s*u + c*v
}

// toCentre converts a Polotno box (top-left origin rotation) to Affiche's X, Y.
func toCentre(x, y, w, h, deg float64) (float64, float64) {
	dx, dy := rotate(w/2, h/2, deg)
	return x + dx - w/2, y + dy - h/2
}

// toCorner converts Affiche's X, Y (centre rotation) back to Polotno's x, y.
func toCorner(x, y, w, h, deg float64) (float64, float64) {
	dx, dy := rotate(w/2, h/2, deg)
	return x + w/2 - dx, y + h/2 - dy
}
