package text

import (
	"math"
	"sort"

	"affiche/scene"
)

// paraInfo locates one paragraph's lines.
type paraInfo struct {
	firstLine, lastLine int // indices in Result.Lines (inclusive)
	textLen             int // bytes in the paragraph's plain text
}

// caretLine is what caret placement and hit-testing know of one line.
type caretLine struct {
	units  []caretUnit // sorted by x0
	emptyX float64     // caret x when the line shows nothing
}

// caretUnit is one grapheme on a line: its byte range in the paragraph's plain text and its
// horizontal extent.
type caretUnit struct {
	s0, s1 int
	x0, x1 float64
	rtl    bool
}

// addUnits splits a cluster spanning x0..x1 into its graphemes (a ligature of two letters gets
// two halves) and records them.
func (lc *caretLine) addUnits(p *para, c *cluster, x0, x1 float64, rtl bool) {
	sh := p.sh
	n := max(int(c.graphemes), 1)
	w := (x1 - x0) / float64(n)
	gs := int(c.start)
	for gi := 0; gi < n; gi++ {
		ge := gs + 1
		for ge < int(c.end) && !sh.gbound[ge] {
			ge++
		}
		if gi == n-1 {
			ge = int(c.end)
		}
		u := caretUnit{s0: p.toSrc(int(sh.runeByte[gs])), s1: p.toSrc(int(sh.runeByte[ge])), rtl: rtl}
		if rtl {
			u.x1 = x1 - float64(gi)*w
			u.x0 = u.x1 - w
		} else {
			u.x0 = x0 + float64(gi)*w
			u.x1 = u.x0 + w
		}
		lc.units = append(lc.units, u)
		gs = ge
	}
}

// lineFor returns the index of the line that shows the caret at a byte offset of a paragraph:
// an offset where a line wraps belongs to the next line.
func (r *Result) lineFor(paragraph, offset int) int {
	pi := r.paras[paragraph]
	for li := pi.firstLine; li < pi.lastLine; li++ {
		if offset < r.Lines[li].End {
			return li
		}
	}
	return pi.lastLine
}

func (r *Result) clampPos(paragraph, offset int) (int, int, bool) {
	if len(r.paras) == 0 || len(r.Lines) == 0 {
		return 0, 0, false
	}
	paragraph = min(max(paragraph, 0), len(r.paras)-1)
	offset = min(max(offset, 0), r.paras[paragraph].textLen)
	return paragraph, offset, true
}

// Caret returns where to draw the text caret before the byte offset of a paragraph's plain
// text: its x and the top and bottom of its line, in element-box coordinates. Offsets out of
// range are clamped; an offset inside a character snaps to its start.
func (r *Result) Caret(paragraph, offset int) (x, top, bottom float64) {
	paragraph, offset, ok := r.clampPos(paragraph, offset)
	if !ok {
		return 0, 0, 0
	}
	li := r.lineFor(paragraph, offset)
	ln := &r.Lines[li]
	lc := &r.caretLines[li]
	top, bottom = ln.Top(), ln.Bottom()
	if len(lc.units) == 0 {
		return lc.emptyX, top, bottom
	}
	for _, u := range lc.units {
		if u.s0 == offset && u.s1 > u.s0 {
			if u.rtl {
				return u.x1, top, bottom
			}
			return u.x0, top, bottom
		}
	}
	// The end of the line: after its logically last grapheme.
	best, found := caretUnit{}, false
	for _, u := range lc.units {
		if u.s1 == offset && (!found || u.s0 >= best.s0) {
			best, found = u, true
		}
	}
	if found {
		if best.rtl {
			return best.x0, top, bottom
		}
		return best.x1, top, bottom
	}
	// Inside a grapheme (or a character a transform expanded): the start of that grapheme.
	for _, u := range lc.units {
		if u.s0 <= offset && offset < u.s1 {
			if u.rtl {
				return u.x1, top, bottom
			}
			return u.x0, top, bottom
		}
	}
	return lc.units[0].x0, top, bottom
}

// HitTest returns the caret position (paragraph, byte offset in its plain text) nearest to a
// point in element-box coordinates: a click between lines goes to the nearest line, a click
// beside a line to its start or end.
func (r *Result) HitTest(x, y float64) (paragraph, offset int) {
	if len(r.Lines) == 0 || len(r.paras) == 0 {
		return 0, 0
	}
	li, bestD := 0, math.Inf(1)
	for i := range r.Lines {
		ln := &r.Lines[i]
		d := 0.0
		if y < ln.Top() {
			d = ln.Top() - y
		} else if y >= ln.Bottom() {
			d = y - ln.Bottom()
		}
		if d < bestD {
			li, bestD = i, d
		}
		if d == 0 {
			break
		}
	}
	ln := &r.Lines[li]
	lc := &r.caretLines[li]
	paragraph = ln.Paragraph
	if len(lc.units) == 0 {
		return paragraph, ln.Start
	}
	us := lc.units
	switch {
	case x < us[0].x0:
		offset = leading(us[0])
	case x >= us[len(us)-1].x1:
		offset = trailing(us[len(us)-1])
	default:
		i := sort.Search(len(us), func(i int) bool { return us[i].x1 > x })
		if i >= len(us) {
			i = len(us) - 1
		}
		u := us[i]
		if x < (u.x0+u.x1)/2 {
			offset = leading(u)
		} else {
			offset = trailing(u)
		}
	}
	// Past the end of a wrapped line, the caret stays on that line: before its last grapheme
	// (the offset of the line's end is shown at the start of the next line).
	if pi := r.paras[paragraph]; li < pi.lastLine && offset >= ln.End {
		last := us[0]
		for _, u := range us {
			if u.s0 >= last.s0 {
				last = u
			}
		}
		offset = last.s0
	}
	return paragraph, offset
}

// leading is the offset of a unit's left edge, trailing of its right edge.
func leading(u caretUnit) int {
	if u.rtl {
		return u.s1
	}
	return u.s0
}

func trailing(u caretUnit) int {
	if u.rtl {
		return u.s0
	}
	return u.s1
}

// SelectionRects returns the rectangles (element-box coordinates, one or more per line) that
// cover the text between two caret positions, in either order. A selected empty line shows a
// narrow box so that it can be seen.
func (r *Result) SelectionRects(p0, o0, p1, o1 int) []scene.Rect {
	p0, o0, ok0 := r.clampPos(p0, o0)
	p1, o1, ok1 := r.clampPos(p1, o1)
	if !ok0 || !ok1 {
		return nil
	}
	if p1 < p0 || p1 == p0 && o1 < o0 {
		p0, o0, p1, o1 = p1, o1, p0, o0
	}
	var out []scene.Rect
	for p := p0; p <= p1; p++ {
		a, b := 0, r.paras[p].textLen
		if p == p0 {
			a = o0
		}
		if p == p1 {
			b = o1
		}
		pi := r.paras[p]
		for li := pi.firstLine; li <= pi.lastLine; li++ {
			ln := &r.Lines[li]
			lc := &r.caretLines[li]
			top, h := ln.Top(), ln.Ascent+ln.Descent
			if len(lc.units) == 0 {
				if a <= ln.Start && ln.Start <= b && (a < b || p < p1) {
					out = append(out, scene.Rect{X: lc.emptyX, Y: top, Width: h / 4, Height: h})
				}
				continue
			}
			var spans [][2]float64
			for _, u := range lc.units {
				if u.s1 > a && u.s0 < b {
					spans = append(spans, [2]float64{u.x0, u.x1})
				}
			}
			// Units are sorted by x: merge the touching ones.
			for i := 0; i < len(spans); {
				x0, x1 := spans[i][0], spans[i][1]
				j := i + 1
				for j < len(spans) && spans[j][0] <= x1+1e-6 {
					x1 = math.Max(x1, spans[j][1])
					j++
				}
				out = append(out, scene.Rect{X: x0, Y: top, Width: x1 - x0, Height: h})
				i = j
			}
		}
	}
	return out
}
