package editor

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"affiche/scene"
)

// snapper holds what a moving box can snap to, gathered once when a gesture starts: the page's
// edges and centre lines, the edges and centres of the other elements, and their boxes (for
// equal spacing).
type snapper struct {
	page   scene.Rect
	xs, ys []snapLine   // vertical lines (x values) and horizontal lines (y values)
	boxes  []scene.Rect // other elements' bounds
	unit   scene.Unit
	lang   string
}

type snapLine struct {
	v      float64
	kind   string  // page, edge, center
	lo, hi float64 // extent along the other axis, for drawing the guide
}

// newSnapper collects targets from the visible elements of the current page that are not
// being moved (exclude holds their ids, descendants included).
func (e *Editor) newSnapper(exclude map[string]bool) *snapper {
	w, h := e.doc.PageSize(e.page)
	s := &snapper{page: scene.Rect{Width: w, Height: h}, unit: e.doc.Unit, lang: e.opts.Lang}
	s.xs = append(s.xs, snapLine{0, "page", 0, h}, snapLine{w / 2, "page", 0, h}, snapLine{w, "page", 0, h})
	s.ys = append(s.ys, snapLine{0, "page", 0, w}, snapLine{h / 2, "page", 0, w}, snapLine{h, "page", 0, w})
	add := func(el *scene.Element) {
		b := el.Bounds()
		s.boxes = append(s.boxes, b)
		cx, cy := centre(b)
		s.xs = append(s.xs, snapLine{b.X, "edge", b.Y, b.Y + b.Height}, snapLine{cx, "center", b.Y, b.Y + b.Height},
			snapLine{b.X + b.Width, "edge", b.Y, b.Y + b.Height})
		s.ys = append(s.ys, snapLine{b.Y, "edge", b.X, b.X + b.Width}, snapLine{cy, "center", b.X, b.X + b.Width},
			snapLine{b.Y + b.Height, "edge", b.X, b.X + b.Width})
	}
	// Inside an entered group, the group and its ancestors are not targets (their bounds
	// follow the moving child); their other children are.
	var visit func(els []*scene.Element)
	visit = func(els []*scene.Element) {
		for _, el := range els {
			if el.Hidden || exclude[el.ID] {
				continue
			}
			if el.Type == scene.TypeGroup && (el.ID == e.scope || isAncestorOfScope(e, el.ID)) {
				visit(el.Children)
				continue
			}
			add(el)
		}
	}
	visit(e.CurrentPage().Elements)
	sort.Slice(s.xs, func(i, j int) bool { return s.xs[i].v < s.xs[j].v })
	sort.Slice(s.ys, func(i, j int) bool { return s.ys[i].v < s.ys[j].v })
	return s
}

func isAncestorOfScope(e *Editor, id string) bool {
	if e.scope == "" {
		return false
	}
	l, ok := e.find(e.scope)
	for ok && l.parent != nil {
		if l.parent.ID == id {
			return true
		}
		l, ok = e.find(l.parent.ID)
	}
	return false
}

// nearest returns the snap line closest to any of the values vs, within thr: the offset to
// add and the line's value. ok is false when none is close enough.
func nearest(lines []snapLine, vs []float64, thr float64) (off float64, ok bool) {
	best := thr
	for _, v := range vs {
		i := sort.Search(len(lines), func(i int) bool { return lines[i].v >= v-thr })
		for ; i < len(lines) && lines[i].v <= v+thr; i++ {
			if d := lines[i].v - v; math.Abs(d) <= best {
				best, off, ok = math.Abs(d), d, true
			}
		}
	}
	return off, ok
}

// snapResult is what one snap found: the offsets to apply and what to draw.
type snapResult struct {
	dx, dy float64
	guides []Guide
	labels []Label
}

// snapBox snaps a moving box (already moved by the pointer) on each axis to the nearest
// edge/centre line or equal-spacing position within thr points.
func (s *snapper) snapBox(b scene.Rect, thr float64, snapX, snapY bool) snapResult {
	var r snapResult
	if snapX {
		xs := []float64{b.X, b.X + b.Width/2, b.X + b.Width}
		off, ok := nearest(s.xs, xs, thr)
		if sp, sok := s.spacing(b, thr, true); sok && (!ok || math.Abs(sp) < math.Abs(off)-1e-9) {
			off, ok = sp, true
		}
		if ok {
			r.dx = off
		}
	}
	if snapY {
		ys := []float64{b.Y, b.Y + b.Height/2, b.Y + b.Height}
		off, ok := nearest(s.ys, ys, thr)
		if sp, sok := s.spacing(b, thr, false); sok && (!ok || math.Abs(sp) < math.Abs(off)-1e-9) {
			off, ok = sp, true
		}
		if ok {
			r.dy = off
		}
	}
	snapped := scene.Rect{X: b.X + r.dx, Y: b.Y + r.dy, Width: b.Width, Height: b.Height}
	r.guides, r.labels = s.decorate(snapped, snapX, snapY)
	return r
}

// snapPoint snaps one point (a resized edge, a line's end) on each axis.
func (s *snapper) snapPoint(x, y, thr float64, snapX, snapY bool) (float64, float64, []Guide) {
	var dx, dy float64
	if snapX {
		if off, ok := nearest(s.xs, []float64{x}, thr); ok {
			dx = off
		}
	}
	if snapY {
		if off, ok := nearest(s.ys, []float64{y}, thr); ok {
			dy = off
		}
	}
	g, _ := s.decorate(scene.Rect{X: x + dx, Y: y + dy}, snapX, snapY)
	return x + dx, y + dy, g
}

const snapEps = 0.01

// decorate returns the guides of every line the box now touches, and the spacing guides and
// gap labels when it sits at equal distance from its neighbours.
func (s *snapper) decorate(b scene.Rect, snapX, snapY bool) ([]Guide, []Label) {
	var guides []Guide
	var labels []Label
	if snapX {
		for _, v := range []float64{b.X, b.X + b.Width/2, b.X + b.Width} {
			lo, hi, kind, found := b.Y, b.Y+b.Height, "", false
			for _, l := range s.xs {
				if math.Abs(l.v-v) < snapEps {
					lo, hi, found = math.Min(lo, l.lo), math.Max(hi, l.hi), true
					if kind == "" || l.kind == "page" {
						kind = l.kind
					}
				}
			}
			if found {
				guides = append(guides, Guide{X1: v, Y1: lo, X2: v, Y2: hi, Kind: kind})
			}
			if b.Width == 0 {
				break
			}
		}
		g, l := s.equalGaps(b, true)
		guides, labels = append(guides, g...), append(labels, l...)
	}
	if snapY {
		for _, v := range []float64{b.Y, b.Y + b.Height/2, b.Y + b.Height} {
			lo, hi, kind, found := b.X, b.X+b.Width, "", false
			for _, l := range s.ys {
				if math.Abs(l.v-v) < snapEps {
					lo, hi, found = math.Min(lo, l.lo), math.Max(hi, l.hi), true
					if kind == "" || l.kind == "page" {
						kind = l.kind
					}
				}
			}
			if found {
				guides = append(guides, Guide{X1: lo, Y1: v, X2: hi, Y2: v, Kind: kind})
			}
			if b.Height == 0 {
				break
			}
		}
		g, l := s.equalGaps(b, false)
		guides, labels = append(guides, g...), append(labels, l...)
	}
	return guides, labels
}

// axis helpers: along the snapping axis (x when horiz) and across it.
func span(r scene.Rect, horiz bool) (lo, hi float64) {
	if horiz {
		return r.X, r.X + r.Width
	}
	return r.Y, r.Y + r.Height
}

func across(r scene.Rect, horiz bool) (lo, hi float64) { return span(r, !horiz) }

func overlapsAcross(a, b scene.Rect, horiz bool) bool {
	alo, ahi := across(a, horiz)
	blo, bhi := across(b, horiz)
	return alo < bhi && blo < ahi
}

// neighbours returns, among the boxes level with b on the other axis, the nearest one before b
// and the nearest one after it along the axis, each with its own nearest neighbour further out.
func (s *snapper) neighbours(b scene.Rect, horiz bool) (before, before2, after, after2 *scene.Rect) {
	lo, hi := span(b, horiz)
	for i := range s.boxes {
		o := &s.boxes[i]
		if !overlapsAcross(*o, b, horiz) {
			continue
		}
		olo, ohi := span(*o, horiz)
		if ohi <= lo+snapEps && (before == nil || ohi > spanHi(*before, horiz)) {
			before = o
		}
		if olo >= hi-snapEps && (after == nil || olo < spanLo(*after, horiz)) {
			after = o
		}
	}
	if before != nil {
		blo, _ := span(*before, horiz)
		for i := range s.boxes {
			o := &s.boxes[i]
			if o == before || !overlapsAcross(*o, *before, horiz) {
				continue
			}
			if _, ohi := span(*o, horiz); ohi <= blo+snapEps && (before2 == nil || ohi > spanHi(*before2, horiz)) {
				before2 = o
			}
		}
	}
	if after != nil {
		_, ahi := span(*after, horiz)
		for i := range s.boxes {
			o := &s.boxes[i]
			if o == after || !overlapsAcross(*o, *after, horiz) {
				continue
			}
			if olo, _ := span(*o, horiz); olo >= ahi-snapEps && (after2 == nil || olo < spanLo(*after2, horiz)) {
				after2 = o
			}
		}
	}
	return
}

func spanLo(r scene.Rect, horiz bool) float64 { lo, _ := span(r, horiz); return lo }
func spanHi(r scene.Rect, horiz bool) float64 { _, hi := span(r, horiz); return hi }

// spacing returns the offset that puts b at equal distance from its neighbours (centred
// between them, or repeating the gap of a neighbouring pair), if one is within thr.
func (s *snapper) spacing(b scene.Rect, thr float64, horiz bool) (float64, bool) {
	lo, hi := span(b, horiz)
	size := hi - lo
	before, before2, after, after2 := s.neighbours(b, horiz)
	best, found, bestOff := thr, false, 0.0
	try := func(target float64) {
		if d := target - lo; math.Abs(d) <= best {
			best, found = math.Abs(d), true
			bestOff = d
		}
	}
	if before != nil && after != nil {
		gap := spanLo(*after, horiz) - spanHi(*before, horiz) - size
		if gap >= 0 {
			try(spanHi(*before, horiz) + gap/2)
		}
	}
	if before != nil && before2 != nil {
		g := spanLo(*before, horiz) - spanHi(*before2, horiz)
		try(spanHi(*before, horiz) + g)
	}
	if after != nil && after2 != nil {
		g := spanLo(*after2, horiz) - spanHi(*after, horiz)
		try(spanLo(*after, horiz) - g - size)
	}
	return bestOff, found
}

// equalGaps returns guides and labels when b sits at equal distance from neighbours.
func (s *snapper) equalGaps(b scene.Rect, horiz bool) ([]Guide, []Label) {
	before, before2, after, after2 := s.neighbours(b, horiz)
	lo, hi := span(b, horiz)
	type gap struct {
		from, to float64
		a, c     scene.Rect
	}
	var gaps []gap
	if before != nil {
		gaps = append(gaps, gap{spanHi(*before, horiz), lo, *before, b})
	}
	if after != nil {
		gaps = append(gaps, gap{hi, spanLo(*after, horiz), b, *after})
	}
	if len(gaps) == 0 {
		return nil, nil
	}
	equal := func(g1, g2 gap) bool { return math.Abs((g1.to-g1.from)-(g2.to-g2.from)) < 0.05 }
	var show []gap
	switch {
	case len(gaps) == 2 && equal(gaps[0], gaps[1]):
		show = gaps
	case before != nil && before2 != nil &&
		equal(gaps[0], gap{spanHi(*before2, horiz), spanLo(*before, horiz), *before2, *before}):
		show = []gap{{spanHi(*before2, horiz), spanLo(*before, horiz), *before2, *before}, gaps[0]}
	case after != nil && after2 != nil &&
		equal(gaps[len(gaps)-1], gap{spanHi(*after, horiz), spanLo(*after2, horiz), *after, *after2}):
		show = []gap{gaps[len(gaps)-1], {spanHi(*after, horiz), spanLo(*after2, horiz), *after, *after2}}
	}
	var guides []Guide
	var labels []Label
	for _, g := range show {
		if g.to-g.from < snapEps {
			continue
		}
		alo, ahi := across(g.a, horiz)
		clo, chi := across(g.c, horiz)
		mid := (math.Max(alo, clo) + math.Min(ahi, chi)) / 2
		v := g.to - g.from
		text := formatLength(v, s.unit, s.lang)
		if horiz {
			guides = append(guides, Guide{X1: g.from, Y1: mid, X2: g.to, Y2: mid, Kind: "spacing"})
			labels = append(labels, Label{X: (g.from + g.to) / 2, Y: mid, Text: text, Value: v, Kind: "gap"})
		} else {
			guides = append(guides, Guide{X1: mid, Y1: g.from, X2: mid, Y2: g.to, Kind: "spacing"})
			labels = append(labels, Label{X: mid, Y: (g.from + g.to) / 2, Text: text, Value: v, Kind: "gap"})
		}
	}
	return guides, labels
}

// formatLength writes a length in points in the document's unit, with a decimal comma in
// French: "12,5 mm", "1.2 in".
func formatLength(pt float64, unit scene.Unit, lang string) string {
	per := unit.PerUnit()
	if per == 0 {
		unit, per = scene.UnitPt, 1
	}
	v := pt / per
	var s string
	switch {
	case unit == scene.UnitIn:
		s = fmt.Sprintf("%.2f", v)
	case math.Abs(v) < 100 && unit != scene.UnitPx && unit != scene.UnitPt:
		s = fmt.Sprintf("%.1f", v)
	default:
		s = fmt.Sprintf("%.0f", v)
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if strings.HasPrefix(lang, "fr") {
		s = strings.Replace(s, ".", ",", 1)
		return s + "\u00a0" + string(unit)
	}
	return s + " " + string(unit)
}
