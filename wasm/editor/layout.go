package editor

import (
	"math"
	"unicode/utf8"

	"affiche/scene"
)

// TextPos is a position in a text element: a paragraph index and a byte offset in that
// paragraph's plain text (the concatenation of its runs), always on a character boundary.
type TextPos struct {
	Para   int `json:"para"`
	Offset int `json:"offset"`
}

// Less reports whether p comes before q.
func (p TextPos) Less(q TextPos) bool {
	return p.Para < q.Para || (p.Para == q.Para && p.Offset < q.Offset)
}

// LineSeparator is what Shift+Enter inserts: U+2028, a line break inside a paragraph (the
// paragraph keeps one bullet or number). renderer/text breaks the line there (UAX #14 class BK)
// and draws nothing for it.
const LineSeparator = "\u2028"

// TextLayout measures text and maps between text positions and element-local points, for
// in-place editing. renderer/text implements it with the real layout (the one the renderers
// draw); ApproxLayout stands in where it is not available (tests, before fonts load).
type TextLayout interface {
	// Height returns the height in points the element's text needs at its current width.
	Height(el *scene.Element) float64
	// Caret returns the caret at pos, in points from the element box's top-left corner.
	Caret(el *scene.Element, pos TextPos) CaretRect
	// HitTest returns the text position nearest to the element-local point (x, y).
	HitTest(el *scene.Element, x, y float64) TextPos
	// SelectionRects returns the rectangles that highlight the text between from and to.
	SelectionRects(el *scene.Element, from, to TextPos) []scene.Rect
}

// ApproxLayout is a rough TextLayout: every character is 0.55 em wide, lines break at spaces
// and at U+2028, alignment is honoured per line. It is deterministic, which tests rely on.
type ApproxLayout struct{}

type approxLine struct {
	para, start, end int       // byte range in the paragraph
	top, height      float64   // line box
	xs               []float64 // x of each byte boundary from start to end (len end-start+1)
}

func (ApproxLayout) lines(el *scene.Element) []approxLine {
	var out []approxLine
	y := 0.0
	lh := el.LineHeight
	if lh <= 0 {
		lh = scene.DefaultLineHeight
	}
	for pi := range el.Paragraphs {
		p := &el.Paragraphs[pi]
		var gs []approxGlyph
		off := 0
		maxSize := el.FontSize
		for ri := range p.Runs {
			st := p.Runs[ri].Style(el.TextStyle)
			if st.FontSize > maxSize {
				maxSize = st.FontSize
			}
			for _, r := range p.Runs[ri].Text {
				gs = append(gs, approxGlyph{off, st.FontSize * (0.55 + st.LetterSpacing), r})
				off += utf8.RuneLen(r)
			}
		}
		if maxSize <= 0 {
			maxSize = scene.DefaultFontSize
		}
		h := maxSize * lh
		indent := 0.0
		if p.List != scene.ListNone {
			indent = maxSize * (1.5 + float64(p.Level))
		}
		width := el.Width - indent
		start, x := 0, 0.0
		lastSpace := -1
		emit := func(from, to int) {
			ln := approxLine{para: pi, start: gs0(gs, from, off), end: gs0(gs, to, off), top: y, height: h}
			cx := indent
			ln.xs = make([]float64, ln.end-ln.start+1)
			for i := range ln.xs {
				ln.xs[i] = math.NaN()
			}
			ln.xs[0] = cx
			for k := from; k < to; k++ {
				cx += gs[k].adv
				ln.xs[gs0(gs, k+1, off)-ln.start] = cx
			}
			fill(ln.xs)
			shift := 0.0
			align := p.Align
			if align == "" {
				align = el.Align
			}
			lineW := cx - indent
			switch align {
			case scene.AlignCenter:
				shift = (width - lineW) / 2
			case scene.AlignRight:
				shift = width - lineW
			}
			for i := range ln.xs {
				ln.xs[i] += shift
			}
			out = append(out, ln)
			y += h
		}
		for i := 0; i < len(gs); i++ {
			g := gs[i]
			if g.r == '\u2028' {
				emit(start, i+1)
				start, x, lastSpace = i+1, 0, -1
				continue
			}
			if x+g.adv > width && i > start && g.r != ' ' {
				if lastSpace >= start {
					emit(start, lastSpace+1)
					start = lastSpace + 1
				} else {
					emit(start, i)
					start = i
				}
				x = 0
				for k := start; k < i; k++ {
					x += gs[k].adv
				}
				lastSpace = -1
			}
			if g.r == ' ' {
				lastSpace = i
			}
			x += g.adv
		}
		emit(start, len(gs))
		y += el.ParagraphSpacing * maxSize
	}
	return out
}

type approxGlyph struct {
	off int     // byte offset in the paragraph
	adv float64 // advance in points
	r   rune
}

// gs0 returns the byte offset of glyph index i (or end when i is past the last glyph).
func gs0(gs []approxGlyph, i, end int) int {
	if i >= len(gs) {
		return end
	}
	return gs[i].off
}

// fill replaces NaN entries (offsets inside a multi-byte character) by the value before them.
func fill(xs []float64) {
	for i := 1; i < len(xs); i++ {
		if math.IsNaN(xs[i]) {
			xs[i] = xs[i-1]
		}
	}
}

// Height implements TextLayout.
func (a ApproxLayout) Height(el *scene.Element) float64 {
	ls := a.lines(el)
	if len(ls) == 0 {
		return 0
	}
	last := ls[len(ls)-1]
	return last.top + last.height
}

func (a ApproxLayout) lineOf(ls []approxLine, pos TextPos) int {
	best := -1
	for i, l := range ls {
		if l.para != pos.Para {
			continue
		}
		if pos.Offset >= l.start && (pos.Offset < l.end || best < 0) {
			best = i
		}
		if pos.Offset >= l.start && pos.Offset <= l.end {
			best = i
			if pos.Offset < l.end {
				break
			}
		}
	}
	if best < 0 {
		best = len(ls) - 1
	}
	return best
}

// Caret implements TextLayout.
func (a ApproxLayout) Caret(el *scene.Element, pos TextPos) CaretRect {
	ls := a.lines(el)
	if len(ls) == 0 {
		return CaretRect{Bottom: el.FontSize}
	}
	l := ls[a.lineOf(ls, pos)]
	i := clampInt(pos.Offset-l.start, 0, len(l.xs)-1)
	return CaretRect{X: l.xs[i], Top: l.top, Bottom: l.top + l.height}
}

// HitTest implements TextLayout.
func (a ApproxLayout) HitTest(el *scene.Element, x, y float64) TextPos {
	ls := a.lines(el)
	if len(ls) == 0 {
		return TextPos{}
	}
	li := len(ls) - 1
	for i, l := range ls {
		if y < l.top+l.height {
			li = i
			break
		}
	}
	l := ls[li]
	best, bestD := 0, math.Inf(1)
	last := len(l.xs) - 1
	if li+1 < len(ls) && ls[li+1].para == l.para && last > 0 {
		last-- // the break character belongs to the line; the caret goes before it
	}
	for i := 0; i <= last; i++ {
		if d := math.Abs(l.xs[i] - x); d < bestD && (i == 0 || l.xs[i] != l.xs[i-1] || i == last) {
			best, bestD = i, d
		}
	}
	return TextPos{Para: l.para, Offset: l.start + best}
}

// SelectionRects implements TextLayout.
func (a ApproxLayout) SelectionRects(el *scene.Element, from, to TextPos) []scene.Rect {
	var rs []scene.Rect
	if !from.Less(to) {
		return nil
	}
	for _, l := range a.lines(el) {
		ls, le := TextPos{l.para, l.start}, TextPos{l.para, l.end}
		if !(from.Less(le) || from == le && l.start == l.end) || !ls.Less(to) {
			continue
		}
		s, e := 0, len(l.xs)-1
		if from.Para == l.para && from.Offset > l.start {
			s = from.Offset - l.start
		}
		if to.Para == l.para && to.Offset < l.end {
			e = to.Offset - l.start
		}
		if e < s {
			continue
		}
		rs = append(rs, scene.Rect{X: l.xs[s], Y: l.top, Width: l.xs[e] - l.xs[s], Height: l.height})
	}
	return rs
}

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
