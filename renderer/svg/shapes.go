package svg

import (
	"math"

	"affiche/renderer/geom"
	"affiche/scene"
)

// kappa places the control points of a cubic Bézier quarter ellipse.
const kappa = 0.5522847498307936

// shapePath returns the geometry of a basic shape or path element in its own user space, nil
// when it draws nothing (a zero size, no points). Percentages are of the viewport vp.
func shapePath(n *node, vp viewport) *geom.Path {
	num := func(name string, ref float64) float64 {
		v, ok := length(n.get(name), ref)
		if !ok || !finite(v) {
			return 0
		}
		return v
	}
	switch n.name {
	case "path":
		p, _ := geom.ParseSVGPath(n.get("d")) // drawn up to an error, as SVG says
		if p.Empty() {
			return nil
		}
		return p
	case "rect":
		x, y := num("x", vp.w), num("y", vp.h)
		w, h := num("width", vp.w), num("height", vp.h)
		if !(w > 0) || !(h > 0) {
			return nil
		}
		rx, okx := length(n.get("rx"), vp.w)
		ry, oky := length(n.get("ry"), vp.h)
		okx = okx && rx >= 0 && finite(rx)
		oky = oky && ry >= 0 && finite(ry)
		switch {
		case okx && !oky:
			ry = rx
		case oky && !okx:
			rx = ry
		case !okx && !oky:
			rx, ry = 0, 0
		}
		return roundRect(x, y, w, h, math.Min(rx, w/2), math.Min(ry, h/2))
	case "circle":
		r := num("r", vp.diag())
		if !(r > 0) {
			return nil
		}
		cx, cy := num("cx", vp.w), num("cy", vp.h)
		return geom.Ellipse(cx-r, cy-r, 2*r, 2*r)
	case "ellipse":
		rx, okx := length(n.get("rx"), vp.w)
		ry, oky := length(n.get("ry"), vp.h)
		switch {
		case okx && !oky:
			ry = rx
		case oky && !okx:
			rx = ry
		}
		if !(rx > 0) || !(ry > 0) || !finite(rx, ry) {
			return nil
		}
		cx, cy := num("cx", vp.w), num("cy", vp.h)
		return geom.Ellipse(cx-rx, cy-ry, 2*rx, 2*ry)
	case "line":
		p := &geom.Path{}
		p.MoveTo(num("x1", vp.w), num("y1", vp.h))
		p.LineTo(num("x2", vp.w), num("y2", vp.h))
		return p
	case "polyline", "polygon":
		a, _ := numbers(n.get("points")) // up to an error
		if len(a) < 2 {
			return nil
		}
		p := &geom.Path{}
		p.MoveTo(a[0], a[1])
		for i := 2; i+1 < len(a); i += 2 {
			p.LineTo(a[i], a[i+1])
		}
		if n.name == "polygon" {
			p.Close()
		}
		return p
	}
	return nil
}

// roundRect returns a rectangle with elliptical corners of radii rx, ry, clockwise from the
// top-left, as SVG draws rect.
func roundRect(x, y, w, h, rx, ry float64) *geom.Path {
	if rx <= 0 || ry <= 0 {
		return geom.Rect(x, y, w, h)
	}
	kx, ky := rx*kappa, ry*kappa
	p := &geom.Path{}
	p.MoveTo(x+rx, y)
	p.LineTo(x+w-rx, y)
	p.CubicTo(x+w-rx+kx, y, x+w, y+ry-ky, x+w, y+ry)
	p.LineTo(x+w, y+h-ry)
	p.CubicTo(x+w, y+h-ry+ky, x+w-rx+kx, y+h, x+w-rx, y+h)
	p.LineTo(x+rx, y+h)
	p.CubicTo(x+rx-kx, y+h, x, y+h-ry+ky, x, y+h-ry)
	p.LineTo(x, y+ry)
	p.CubicTo(x, y+ry-ky, x+rx-kx, y, x+rx, y)
	p.Close()
	return p
}

// tightBounds returns the bounding box of the curve itself (not of its control points), to
// within a thousandth of its size: the box objectBoundingBox units refer to.
func tightBounds(p *geom.Path) scene.Rect {
	loose := p.Bounds()
	tol := 1e-3 * math.Max(loose.Width, loose.Height)
	if !(tol > 0) {
		return loose
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	p.Flatten(tol, func(op geom.Op, x, y float64) {
		if op == geom.Close {
			return
		}
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	})
	if minX > maxX {
		return loose
	}
	return scene.Rect{X: minX, Y: minY, Width: maxX - minX, Height: maxY - minY}
}

// union returns the smallest rectangle holding a and b (an empty a is ignored).
func union(a, b scene.Rect, first bool) scene.Rect {
	if first {
		return b
	}
	x0, y0 := math.Min(a.X, b.X), math.Min(a.Y, b.Y)
	x1, y1 := math.Max(a.X+a.Width, b.X+b.Width), math.Max(a.Y+a.Height, b.Y+b.Height)
	return scene.Rect{X: x0, Y: y0, Width: x1 - x0, Height: y1 - y0}
}

// boxMatrix maps the unit square to r (objectBoundingBox units).
func boxMatrix(r scene.Rect) scene.Affine {
	return scene.Affine{r.Width, 0, 0, r.Height, r.X, r.Y}
}
