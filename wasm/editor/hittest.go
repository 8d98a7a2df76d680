package editor

import (
	"math"

	"affiche/scene"
)

// hitLeaf returns the topmost visible element under the page point (x, y) that is not a group,
// and the chain of groups around it (outermost first). tol is the tolerance in points given
// to thin elements and lines.
func (e *Editor) hitLeaf(x, y, tol float64) (*scene.Element, []*scene.Element) {
	var chain []*scene.Element
	var search func(els []*scene.Element) *scene.Element
	search = func(els []*scene.Element) *scene.Element {
		for i := len(els) - 1; i >= 0; i-- {
			el := els[i]
			if el.Hidden {
				continue
			}
			if el.Type == scene.TypeGroup {
				if !el.Bounds().Inset(tol).Contains(x, y) {
					continue
				}
				chain = append(chain, el)
				if hit := search(el.Children); hit != nil {
					return hit
				}
				chain = chain[:len(chain)-1]
				continue
			}
			if hitElement(el, x, y, tol) {
				return el
			}
		}
		return nil
	}
	hit := search(e.CurrentPage().Elements)
	return hit, chain
}

// hitElement tests one element that is not a group: inside its rotated box (thin boxes get
// tol on their thin side), or for a line, within tol of its segment (plus half its width).
func hitElement(el *scene.Element, x, y, tol float64) bool {
	if el.Type == scene.TypeLine {
		x1, y1, x2, y2 := lineEnds(el)
		half := 0.0
		if el.Stroke != nil {
			half = el.Stroke.Width / 2
		}
		return distToSegment(x, y, x1, y1, x2, y2) <= math.Max(half, el.Height/2)+tol
	}
	lx, ly := toLocal(el, x, y)
	if math.IsNaN(lx) {
		return false
	}
	padX, padY := 0.0, 0.0
	if el.Width < 3*tol {
		padX = tol
	}
	if el.Height < 3*tol {
		padY = tol
	}
	return lx >= -padX && lx <= el.Width+padX && ly >= -padY && ly <= el.Height+padY
}

// hitSelectable returns the element a click at (x, y) selects: the child of the entered group
// under the pointer, or else the top-level element (a group as a whole). leaf is the element
// actually under the pointer; inScope is false when the click fell outside the entered group.
func (e *Editor) hitSelectable(x, y float64, touch bool) (target, leaf *scene.Element, inScope bool) {
	tol := e.px(e.opts.HitPx)
	if touch {
		tol *= 2
	}
	leaf, chain := e.hitLeaf(x, y, tol)
	if leaf == nil {
		return nil, nil, e.scope == ""
	}
	if e.scope != "" {
		for i, g := range chain {
			if g.ID == e.scope {
				if i+1 < len(chain) {
					return chain[i+1], leaf, true
				}
				return leaf, leaf, true
			}
		}
	}
	if len(chain) > 0 {
		return chain[0], leaf, e.scope == ""
	}
	return leaf, leaf, e.scope == ""
}

// HitTest returns the id of the element a click at the page point (x, y) would select ("" for
// none). It is exported for the page's context menu and for tests.
func (e *Editor) HitTest(x, y float64) string {
	t, _, _ := e.hitSelectable(x, y, false)
	if t == nil {
		return ""
	}
	return t.ID
}

// handleAt returns the handle of the selection frame under (x, y), or "".
func (e *Editor) handleAt(x, y float64, touch bool) string {
	r := e.px(e.opts.HandlePx)
	if touch {
		r *= 1.6
	}
	best, bestD := "", math.Inf(1)
	for _, h := range e.handles() {
		d := math.Hypot(h.X-x, h.Y-y)
		if d <= r && d < bestD {
			best, bestD = h.Name, d
		}
	}
	return best
}

// inSelectionFrame reports whether (x, y) lies inside the frame of the current selection.
func (e *Editor) inSelectionFrame(x, y float64) bool {
	els := e.selected()
	if len(els) == 0 {
		return false
	}
	if len(els) == 1 && els[0].Type != scene.TypeGroup {
		return hitElement(els[0], x, y, e.px(e.opts.HitPx))
	}
	return scene.UnionBounds(els).Contains(x, y)
}
