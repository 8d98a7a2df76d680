package editor

import (
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"affiche/scene"
)

// Operations on the rich text of a text element: paragraphs of styled runs addressed by
// TextPos. They never write through a run's pointer fields (those are shared with the copies
// the history keeps): a changed style gets new pointers.

func paraLen(p *scene.Paragraph) int {
	n := 0
	for _, r := range p.Runs {
		n += len(r.Text)
	}
	return n
}

// clampPos brings pos inside the text, on a character boundary.
func clampPos(el *scene.Element, pos TextPos) TextPos {
	if len(el.Paragraphs) == 0 {
		return TextPos{}
	}
	pos.Para = clampInt(pos.Para, 0, len(el.Paragraphs)-1)
	t := el.Paragraphs[pos.Para].Text()
	pos.Offset = clampInt(pos.Offset, 0, len(t))
	for pos.Offset > 0 && pos.Offset < len(t) && !utf8.RuneStart(t[pos.Offset]) {
		pos.Offset--
	}
	return pos
}

// runAt returns the run holding the character before off (the first run at offset 0) and
// the offset inside it. Typing at off takes that run's style.
func runAt(p *scene.Paragraph, off int) (ri, inner int) {
	for i, r := range p.Runs {
		if off <= len(r.Text) && (off > 0 || i == 0) {
			return i, off
		}
		off -= len(r.Text)
	}
	last := len(p.Runs) - 1
	return last, len(p.Runs[last].Text)
}

// splitRuns makes a run boundary at off and returns the index of the run starting there.
func splitRuns(p *scene.Paragraph, off int) int {
	pos := 0
	for i, r := range p.Runs {
		if off == pos {
			return i
		}
		if off < pos+len(r.Text) {
			a, b := r, r
			a.Text, b.Text = r.Text[:off-pos], r.Text[off-pos:]
			p.Runs = slices.Insert(slices.Clone(p.Runs), i+1, b)
			p.Runs[i] = a
			return i + 1
		}
		pos += len(r.Text)
	}
	return len(p.Runs)
}

func sameStyle(a, b scene.Run) bool {
	a.Text, b.Text = "", ""
	return reflect.DeepEqual(a, b)
}

// tidyRuns merges neighbouring runs of the same style and drops empty runs (one stays).
func tidyRuns(p *scene.Paragraph) {
	out := make([]scene.Run, 0, len(p.Runs))
	for _, r := range p.Runs {
		if n := len(out); n > 0 && sameStyle(out[n-1], r) {
			out[n-1].Text += r.Text
			continue
		}
		out = append(out, r)
	}
	if len(out) > 1 {
		kept := slices.DeleteFunc(slices.Clone(out), func(r scene.Run) bool { return r.Text == "" })
		if len(kept) == 0 {
			kept = out[:1]
		}
		out = kept
	}
	if len(out) == 0 {
		out = []scene.Run{{}}
	}
	p.Runs = out
}

// insertText inserts plain text at pos ("\n" starts a new paragraph) in the style of the
// character before pos, and returns the position after it.
func insertText(el *scene.Element, pos TextPos, text string) TextPos {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	parts := strings.Split(text, "\n")
	for i, part := range parts {
		if i > 0 {
			pos = splitParagraph(el, pos)
		}
		if part == "" {
			continue
		}
		p := &el.Paragraphs[pos.Para]
		p.Runs = slices.Clone(p.Runs)
		ri, inner := runAt(p, pos.Offset)
		r := &p.Runs[ri]
		r.Text = r.Text[:inner] + part + r.Text[inner:]
		pos.Offset += len(part)
	}
	return pos
}

// splitParagraph breaks the paragraph at pos in two; the new one keeps the alignment and list
// of the first, and the style at the break. It returns the start of the new paragraph.
func splitParagraph(el *scene.Element, pos TextPos) TextPos {
	p := &el.Paragraphs[pos.Para]
	p.Runs = slices.Clone(p.Runs)
	i := splitRuns(p, pos.Offset)
	ri, _ := runAt(p, pos.Offset)
	tmpl := p.Runs[ri]
	tmpl.Text = ""
	head, tail := slices.Clone(p.Runs[:i]), slices.Clone(p.Runs[i:])
	if len(head) == 0 {
		head = []scene.Run{tmpl}
	}
	if len(tail) == 0 {
		tail = []scene.Run{tmpl}
	}
	next := scene.Paragraph{Runs: tail, Align: p.Align, List: p.List, Level: p.Level}
	p.Runs = head
	tidyRuns(p)
	tidyRuns(&next)
	el.Paragraphs = slices.Insert(slices.Clone(el.Paragraphs), pos.Para+1, next)
	return TextPos{Para: pos.Para + 1}
}

// deleteRange removes the text between from and to (from before to), joining paragraphs.
func deleteRange(el *scene.Element, from, to TextPos) {
	if !from.Less(to) {
		return
	}
	el.Paragraphs = slices.Clone(el.Paragraphs)
	a := &el.Paragraphs[from.Para]
	a.Runs = slices.Clone(a.Runs)
	ia := splitRuns(a, from.Offset)
	head := slices.Clone(a.Runs[:ia])
	b := &el.Paragraphs[to.Para]
	if to.Para != from.Para {
		b.Runs = slices.Clone(b.Runs)
	}
	ib := splitRuns(b, to.Offset)
	tail := slices.Clone(b.Runs[ib:])
	if len(head) == 0 && len(tail) == 0 {
		ri, _ := runAt(a, from.Offset)
		keep := a.Runs[ri]
		keep.Text = ""
		head = []scene.Run{keep}
	}
	a.Runs = append(head, tail...)
	tidyRuns(a)
	el.Paragraphs = slices.Delete(el.Paragraphs, from.Para+1, to.Para+1)
}

// styleRange applies fn to the runs between from and to.
func styleRange(el *scene.Element, from, to TextPos, fn func(r *scene.Run)) {
	el.Paragraphs = slices.Clone(el.Paragraphs)
	for pi := from.Para; pi <= to.Para && pi < len(el.Paragraphs); pi++ {
		p := &el.Paragraphs[pi]
		p.Runs = slices.Clone(p.Runs)
		s, e := 0, paraLen(p)
		if pi == from.Para {
			s = from.Offset
		}
		if pi == to.Para {
			e = to.Offset
		}
		if s >= e && !(s == 0 && e == 0 && paraLen(p) == 0) {
			continue
		}
		i := splitRuns(p, s)
		j := splitRuns(p, e)
		if paraLen(p) == 0 {
			i, j = 0, len(p.Runs)
		}
		for k := i; k < j; k++ {
			fn(&p.Runs[k])
		}
		tidyRuns(p)
	}
}

// styleAt returns the effective style of the character before pos.
func styleAt(el *scene.Element, pos TextPos) scene.TextStyle {
	p := &el.Paragraphs[pos.Para]
	ri, _ := runAt(p, pos.Offset)
	return p.Runs[ri].Style(el.TextStyle)
}

// textBetween returns the plain text between two positions, paragraphs joined by "\n".
func textBetween(el *scene.Element, from, to TextPos) string {
	var b strings.Builder
	for pi := from.Para; pi <= to.Para; pi++ {
		t := el.Paragraphs[pi].Text()
		s, e := 0, len(t)
		if pi == from.Para {
			s = from.Offset
		}
		if pi == to.Para {
			e = to.Offset
		}
		if pi > from.Para {
			b.WriteByte('\n')
		}
		if s < e {
			b.WriteString(t[s:e])
		}
	}
	return b.String()
}

// Caret motion inside a paragraph's text.

func isMark(r rune) bool {
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == '\u200d'
}

// nextChar returns the offset after the character (with its combining marks) at off.
func nextChar(t string, off int) int {
	if off >= len(t) {
		return len(t)
	}
	_, n := utf8.DecodeRuneInString(t[off:])
	off += n
	for off < len(t) {
		r, n := utf8.DecodeRuneInString(t[off:])
		if !isMark(r) {
			break
		}
		off += n
	}
	return off
}

// prevChar returns the offset of the character (with its combining marks) before off.
func prevChar(t string, off int) int {
	for off > 0 {
		r, n := utf8.DecodeLastRuneInString(t[:off])
		off -= n
		if !isMark(r) {
			break
		}
	}
	return off
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || isMark(r) || r == '\'' || r == '’'
}

// nextWord returns the end of the word at or after off.
func nextWord(t string, off int) int {
	for off < len(t) {
		r, n := utf8.DecodeRuneInString(t[off:])
		if isWordRune(r) {
			break
		}
		off += n
	}
	for off < len(t) {
		r, n := utf8.DecodeRuneInString(t[off:])
		if !isWordRune(r) {
			break
		}
		off += n
	}
	return off
}

// prevWord returns the start of the word at or before off.
func prevWord(t string, off int) int {
	for off > 0 {
		r, n := utf8.DecodeLastRuneInString(t[:off])
		if isWordRune(r) {
			break
		}
		off -= n
	}
	for off > 0 {
		r, n := utf8.DecodeLastRuneInString(t[:off])
		if !isWordRune(r) {
			break
		}
		off -= n
	}
	return off
}

// wordAt returns the word around off (for a double click).
func wordAt(t string, off int) (int, int) {
	s, e := off, off
	for s > 0 {
		r, n := utf8.DecodeLastRuneInString(t[:s])
		if !isWordRune(r) {
			break
		}
		s -= n
	}
	for e < len(t) {
		r, n := utf8.DecodeRuneInString(t[e:])
		if !isWordRune(r) {
			break
		}
		e += n
	}
	if s == e && e < len(t) {
		e = nextChar(t, e)
	}
	return s, e
}
