package editor

import (
	"math"
	"slices"

	"affiche/scene"
)

// frame maps an element's local box (0..w, 0..h) to page points: its rotation about the box
// centre, without flips (flips mirror the content, not the box).
func frame(el *scene.Element) scene.Affine {
	return scene.Translate(el.X+el.Width/2, el.Y+el.Height/2).Mul(scene.Rotate(el.Rotation)).
		Mul(scene.Translate(-el.Width/2, -el.Height/2))
}

// toLocal maps a page point into the element's local box coordinates.
func toLocal(el *scene.Element, x, y float64) (float64, float64) {
	inv, ok := frame(el).Invert()
	if !ok {
		return math.NaN(), math.NaN()
	}
	return inv.Apply(x, y)
}

// unitFrame maps the unit square onto the element's box; the change of it between two moments
// is the matrix that moves a bitmap drawn at the first moment to the second.
func unitFrame(el *scene.Element) scene.Affine {
	const eps = 1e-3
	return frame(el).Mul(scene.Scale(math.Max(el.Width, eps), math.Max(el.Height, eps)))
}

func quadOf(el *scene.Element) Quad {
	if el.Type == scene.TypeGroup {
		return rectQuad(el.Bounds())
	}
	return Quad(el.Corners())
}

func rectQuad(r scene.Rect) Quad {
	return Quad{{r.X, r.Y}, {r.X + r.Width, r.Y}, {r.X + r.Width, r.Y + r.Height}, {r.X, r.Y + r.Height}}
}

func centre(r scene.Rect) (float64, float64) { return r.X + r.Width/2, r.Y + r.Height/2 }

// translate moves an element (a group with its children) by dx, dy.
func translate(el *scene.Element, dx, dy float64) {
	el.X += dx
	el.Y += dy
	for _, c := range el.Children {
		translate(c, dx, dy)
	}
}

// rotateAbout turns an element clockwise by deg about (cx, cy): its centre moves on the circle
// and its own rotation grows. Groups turn their children (a group itself has no rotation).
func rotateAbout(el *scene.Element, deg, cx, cy float64) {
	if el.Type == scene.TypeGroup && len(el.Children) > 0 {
		for _, c := range el.Children {
			rotateAbout(c, deg, cx, cy)
		}
		return
	}
	m := scene.Translate(cx, cy).Mul(scene.Rotate(deg)).Mul(scene.Translate(-cx, -cy))
	ecx, ecy := m.Apply(el.X+el.Width/2, el.Y+el.Height/2)
	el.X, el.Y = ecx-el.Width/2, ecy-el.Height/2
	el.Rotation = normAngle(el.Rotation + deg)
}

// scaleAbout scales an element uniformly by s about (ox, oy). With content, what is drawn
// inside scales too (font sizes, strokes, corner radii, shadows, blur), as when resizing a group.
func scaleAbout(el *scene.Element, s, ox, oy float64, content bool) {
	if el.Type == scene.TypeGroup && len(el.Children) > 0 {
		for _, c := range el.Children {
			scaleAbout(c, s, ox, oy, content)
		}
		return
	}
	cx, cy := el.X+el.Width/2, el.Y+el.Height/2
	ncx, ncy := ox+(cx-ox)*s, oy+(cy-oy)*s
	el.Width *= s
	el.Height *= s
	el.X, el.Y = ncx-el.Width/2, ncy-el.Height/2
	if content {
		scaleContent(el, s)
	}
}

// scaleContent scales the sizes drawn inside an element's box.
func scaleContent(el *scene.Element, s float64) {
	if el.Type == scene.TypeText {
		scaleFonts(el, s)
		if el.Background != nil {
			el.Background.Padding *= s
			el.Background.CornerRadius *= s
		}
	}
	if el.Stroke != nil && el.Stroke.Width > 0 {
		el.Stroke.Width = math.Min(el.Stroke.Width*s, scene.MaxStrokeWidth)
	}
	el.CornerRadius *= s
	if el.Shadow != nil {
		el.Shadow.Blur = math.Min(el.Shadow.Blur*s, 500)
		el.Shadow.OffsetX *= s
		el.Shadow.OffsetY *= s
	}
	if el.Filters != nil && el.Filters.Blur > 0 {
		f := *el.Filters
		f.Blur = math.Min(f.Blur*s, 200)
		el.Filters = &f
	}
}

// scaleFonts multiplies every font size of a text element (runs included) by s.
func scaleFonts(el *scene.Element, s float64) {
	el.FontSize = clamp(el.FontSize*s, 0.5, scene.MaxFontSize)
	for i := range el.Paragraphs {
		p := &el.Paragraphs[i]
		p.Runs = slices.Clone(p.Runs)
		for j := range p.Runs {
			if fs := p.Runs[j].FontSize; fs != nil {
				v := clamp(*fs*s, 0.5, scene.MaxFontSize)
				p.Runs[j].FontSize = &v
			}
		}
	}
}

// restore puts src's content back into dst in place (dst's pointers, children included, stay
// the same), so a gesture can start again from the state it saw first.
func restore(dst, src *scene.Element) {
	kids := dst.Children
	c := src.Clone()
	*dst = *c
	dst.Children = kids
	for i := range kids {
		if i < len(src.Children) {
			restore(kids[i], src.Children[i])
		}
	}
}

// normAngle brings degrees into [0, 360).
func normAngle(d float64) float64 {
	d = math.Mod(d, 360)
	if d < 0 {
		d += 360
	}
	if d >= 360-1e-9 {
		d = 0
	}
	return d
}

// distToSegment is the distance from p to the segment a–b.
func distToSegment(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = clamp(((px-ax)*dx+(py-ay)*dy)/l2, 0, 1)
	}
	return math.Hypot(px-(ax+t*dx), py-(ay+t*dy))
}

// lineEnds returns a line element's end points in page points.
func lineEnds(el *scene.Element) (x1, y1, x2, y2 float64) {
	m := frame(el)
	x1, y1 = m.Apply(0, el.Height/2)
	x2, y2 = m.Apply(el.Width, el.Height/2)
	return
}

// setLineEnds places a line element between two points, keeping its height.
func setLineEnds(el *scene.Element, x1, y1, x2, y2 float64) {
	l := math.Hypot(x2-x1, y2-y1)
	mx, my := (x1+x2)/2, (y1+y2)/2
	el.Width = l
	el.X, el.Y = mx-l/2, my-el.Height/2
	el.Rotation = normAngle(math.Atan2(y2-y1, x2-x1) * 180 / math.Pi)
}

// updateAncestors refreshes the boxes of the groups above id.
func (e *Editor) updateAncestors(id string) {
	l, ok := e.find(id)
	if !ok || l.top == l.el {
		return
	}
	scene.UpdateGroupBounds([]*scene.Element{l.top})
}
