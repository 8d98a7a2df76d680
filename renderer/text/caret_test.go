package text

import (
	"math"
	"testing"
	"unicode/utf8"

	"affiche/scene"
)

// graphemeOffsets lists the caret positions of a plain-ASCII/precomposed text: every rune start
// and the end.
func runeOffsets(s string) []int {
	var out []int
	for i := range s {
		out = append(out, i)
	}
	return append(out, len(s))
}

func TestCaretHitTestRoundTrip(t *testing.T) {
	reg := registry(t)
	for _, c := range []struct {
		name  string
		align scene.Align
		paras []string
	}{
		{"wrapped left", scene.AlignLeft, []string{"Le marché de Noël ouvre samedi à 10 h sur la place.", "", "Fin"}},
		{"justified", scene.AlignJustify, []string{"Le marché de Noël ouvre samedi à 10 h sur la place de la mairie."}},
		{"centred", scene.AlignCenter, []string{"Un texte centré", "court"}},
		{"hebrew", scene.AlignRight, []string{"שלום עולם מה שלומך היום"}},
	} {
		e := textElement(150, 400, c.paras...)
		e.Align = c.align
		r := Layout(e, reg)
		for pi, p := range c.paras {
			for _, o := range runeOffsets(p) {
				x, top, bottom := r.Caret(pi, o)
				if !(bottom > top) || math.IsNaN(x) {
					t.Fatalf("%s: Caret(%d, %d) = %v %v %v", c.name, pi, o, x, top, bottom)
				}
				gp, gotO := r.HitTest(x, (top+bottom)/2)
				if gp != pi || gotO != o {
					t.Errorf("%s: Caret(%d, %d) = x %.2f y %.1f..%.1f; HitTest gives (%d, %d)", c.name, pi, o, x, top, bottom, gp, gotO)
				}
			}
		}
	}
}

func TestCaretPositions(t *testing.T) {
	reg := registry(t)
	r := Layout(textElement(1000, 100, "AVATAR"), reg)
	run := r.Lines[0].Runs[0]
	for i, g := range run.Glyphs {
		if x, _, _ := r.Caret(0, i); math.Abs(x-g.X) > eps {
			t.Errorf("Caret(0, %d) = %.3f, glyph at %.3f", i, x, g.X)
		}
	}
	end := run.Glyphs[5].X + run.Glyphs[5].Advance
	if x, _, _ := r.Caret(0, 6); math.Abs(x-end) > eps {
		t.Errorf("caret at the end = %.3f, want %.3f", x, end)
	}
	// Out of range positions clamp; clicks beside or between lines go to the nearest place.
	if x, _, _ := r.Caret(5, 99); math.Abs(x-end) > eps {
		t.Errorf("clamped caret = %.3f", x)
	}
	if p, o := r.HitTest(-50, -50); p != 0 || o != 0 {
		t.Errorf("HitTest far top-left = %d %d", p, o)
	}
	if p, o := r.HitTest(5000, 5000); p != 0 || o != 6 {
		t.Errorf("HitTest far bottom-right = %d %d", p, o)
	}
	// A ligature splits the caret between its letters.
	e := textElement(1000, 100, "office")
	e.FontFamily = "Playfair Display"
	r = Layout(e, reg)
	var xs []float64
	for o := 0; o <= 6; o++ {
		x, _, _ := r.Caret(0, o)
		xs = append(xs, x)
	}
	for i := 1; i < len(xs); i++ {
		if !(xs[i] > xs[i-1]) {
			t.Errorf("carets in a ligature are not increasing: %v", xs)
			break
		}
	}
	// An empty paragraph has a caret where its text would start.
	e = textElement(300, 100, "")
	e.Align = scene.AlignCenter
	r = Layout(e, reg)
	if x, top, bottom := r.Caret(0, 0); x != 150 || top != 0 || math.Abs(bottom-28.8) > eps {
		t.Errorf("empty centred caret = %v %v %v", x, top, bottom)
	}
}

func TestCaretWithTransform(t *testing.T) {
	reg := registry(t)
	src := "straße élan"
	e := textElement(1000, 100, src)
	e.TextTransform = scene.TransformUppercase
	r := Layout(e, reg)
	prev := -1.0
	for _, o := range runeOffsets(src) {
		x, _, _ := r.Caret(0, o)
		if x <= prev {
			t.Errorf("Caret(0, %d) = %.2f not after %.2f", o, x, prev)
		}
		prev = x
		if _, got := r.HitTest(x, 10); got != o {
			t.Errorf("HitTest at caret %d gives %d", o, got)
		}
	}
	if !utf8.ValidString(r.Lines[0].Runs[0].Text) {
		t.Error("invalid run text")
	}
}

func TestSelectionRects(t *testing.T) {
	reg := registry(t)
	e := textElement(150, 400, "Le marché de Noël ouvre samedi", "", "Fin")
	r := Layout(e, reg)
	if len(r.Lines) < 4 || r.Lines[0].End <= 9 {
		t.Fatalf("lines %q", lineTexts(r))
	}
	// Within a line: from the caret at one offset to the caret at the other.
	x0, top, bottom := r.Caret(0, 3)
	x1, _, _ := r.Caret(0, 10)
	rs := r.SelectionRects(0, 10, 0, 3)
	if len(rs) != 1 || math.Abs(rs[0].X-x0) > eps || math.Abs(rs[0].X+rs[0].Width-x1) > eps || rs[0].Y != top || rs[0].Height != bottom-top {
		t.Errorf("one-line selection %+v, want %.2f..%.2f", rs, x0, x1)
	}
	// Across paragraphs: every line of the first, the empty one, part of the last.
	rs = r.SelectionRects(0, 0, 2, 2)
	if len(rs) != len(r.Lines) {
		t.Fatalf("selection over 4 lines: %+v", rs)
	}
	for i := 1; i < len(rs); i++ {
		if rs[i].Y <= rs[i-1].Y {
			t.Errorf("rects not top to bottom: %+v", rs)
		}
	}
	if rs := r.SelectionRects(0, 4, 0, 4); len(rs) != 0 {
		t.Errorf("empty selection gives %+v", rs)
	}
}
