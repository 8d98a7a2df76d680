package text

import (
	"math"
	"slices"
	"strings"
	"testing"

	"affiche/scene"
)

const eps = 1e-6

// runWidth is the advance of the whole first line.
func lineAdvance(r *Result) float64 {
	w := 0.0
	for _, run := range r.Lines[0].Runs {
		for _, g := range run.Glyphs {
			w += g.Advance
		}
	}
	return w
}

func TestKerning(t *testing.T) {
	reg := registry(t)
	w := func(s string) float64 { return lineAdvance(Layout(textElement(1000, 100, s), reg)) }
	av, a, v := w("AV"), w("A"), w("V")
	if !(av < a+v-0.5) {
		t.Fatalf(`advance of "AV" = %.3f, "A"+"V" = %.3f: no kerning`, av, a+v)
	}
	// Kerning scales with the size (font units, not pixels).
	e := textElement(1000, 100, "AV")
	e.FontSize = 96
	if got := lineAdvance(Layout(e, reg)); math.Abs(got-4*av) > eps {
		t.Errorf("AV at 96 pt = %v, want 4 × %v", got, av)
	}
}

func TestLigatures(t *testing.T) {
	reg := registry(t)
	e := textElement(1000, 100, "office")
	e.FontFamily = "Playfair Display"
	r := Layout(e, reg)
	n := len(r.Lines[0].Runs[0].Glyphs)
	if n >= 6 {
		t.Fatalf(`"office" in Playfair Display: %d glyphs, want an ffi ligature`, n)
	}
	// Letter spacing turns optional ligatures off, as in CSS.
	e.LetterSpacing = 0.1
	r = Layout(e, reg)
	if n := len(r.Lines[0].Runs[0].Glyphs); n != 6 {
		t.Errorf("with letter spacing: %d glyphs, want 6", n)
	}
}

func TestLineBreaks(t *testing.T) {
	reg := registry(t)
	text := "Le marché de Noël ouvre samedi sur la place de la mairie."
	full := Layout(textElement(10000, 100, text), reg).Lines[0].Width
	for _, c := range []struct {
		width float64
		want  []string
	}{
		{10000, []string{text}},
		{full + 1, []string{text}},
		{full - 1, []string{"Le marché de Noël ouvre samedi sur la place de la", "mairie."}},
		{full / 2, []string{"Le marché de Noël ouvre", "samedi sur la place de la", "mairie."}},
	} {
		r := Layout(textElement(c.width, 100, text), reg)
		got := lineTexts(r)
		if !slices.Equal(got, c.want) {
			t.Errorf("width %.1f: lines %q, want %q", c.width, got, c.want)
		}
		for _, ln := range r.Lines {
			if ln.X+ln.Width > c.width+eps {
				t.Errorf("width %.1f: line %q is %.2f wide", c.width, lineTexts(r), ln.Width)
			}
		}
	}
}

func TestNoBreakAtNoBreakSpaces(t *testing.T) {
	reg := registry(t)
	// French punctuation with (narrow) no-break spaces, in a box narrower than any two words.
	text := "«\u00a0Bonjour\u00a0» et\u202f! puis\u202f; enfin\u202f: oui\u00a0?"
	for w := 40.0; w <= 400; w += 7 {
		r := Layout(textElement(w, 400, text), reg)
		for _, l := range lineTexts(r) {
			if strings.ContainsAny(l[:1], "!?;:»") || strings.HasSuffix(l, "«") ||
				strings.HasSuffix(l, "\u00a0") || strings.HasSuffix(l, "\u202f") {
				t.Fatalf("width %.0f: a line break beside a no-break space: %q", w, lineTexts(r))
			}
		}
	}
	widest := Layout(textElement(1000, 100, "«\u00a0Bonjour\u00a0»"), reg).Lines[0].Width
	r := Layout(textElement(widest+1, 400, text), reg)
	if got := lineTexts(r); got[0] != "«\u00a0Bonjour\u00a0»" {
		t.Errorf("lines %q", got)
	}
	// Even a word cut because it does not fit is not cut beside a no-break space.
	r = Layout(textElement(widest/2, 400, "«\u00a0Bonjour\u00a0»"), reg)
	for _, l := range lineTexts(r) {
		if strings.HasPrefix(l, "\u00a0") || strings.HasSuffix(l, "\u00a0") || l == "»" || l == "«" {
			t.Errorf("cut beside a no-break space: %q", lineTexts(r))
		}
	}
	// Open Sans lacks U+202F: the narrow space comes from a fallback, still unbroken.
	e := textElement(60, 400, "et\u202f! puis\u202f;")
	e.FontFamily = "Open Sans"
	if got := lineTexts(Layout(e, reg)); !slices.Equal(got, []string{"et\u202f!", "puis\u202f;"}) {
		t.Errorf("Open Sans lines %q", got)
	}
}

func TestLongWordBreaksBetweenCharacters(t *testing.T) {
	reg := registry(t)
	word := "Anticonstitutionnellement"
	r := Layout(textElement(80, 400, "Un "+word+" !"), reg)
	got := lineTexts(r)
	if len(got) < 3 || got[0] != "Un" {
		t.Fatalf("lines %q", got)
	}
	if joined := strings.Join(got[1:], ""); !strings.HasPrefix(joined, word) {
		t.Errorf("the word is not kept in order: %q", got)
	}
	for i, ln := range r.Lines {
		if ln.Width > 80+eps {
			t.Errorf("line %d (%q) is %.2f wide in an 80 pt box", i, got[i], ln.Width)
		}
	}
	// A box narrower than one letter still shows every letter, one per line.
	r = Layout(textElement(1, 400, "abc"), reg)
	if got := lineTexts(r); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("1 pt box: %q", got)
	}
}

func TestAlignment(t *testing.T) {
	reg := registry(t)
	for _, c := range []struct {
		align scene.Align
		want  func(x, w float64) bool
	}{
		{scene.AlignLeft, func(x, w float64) bool { return x == 0 }},
		{scene.AlignRight, func(x, w float64) bool { return math.Abs(x+w-300) < eps }},
		{scene.AlignCenter, func(x, w float64) bool { return math.Abs(x+w/2-150) < eps }},
	} {
		// Trailing spaces do not count.
		e := textElement(300, 100, "Mairie   ")
		e.Align = c.align
		ln := Layout(e, reg).Lines[0]
		if !c.want(ln.X, ln.Width) {
			t.Errorf("%s: x %.3f width %.3f", c.align, ln.X, ln.Width)
		}
		g := ln.Runs[0].Glyphs
		last := g[len(g)-1]
		if math.Abs(last.X+last.Advance-(ln.X+ln.Width)) > 0.5 || len(g) != 6 {
			t.Errorf("%s: %d glyphs, last ends at %.2f, line ends at %.2f", c.align, len(g), last.X+last.Advance, ln.X+ln.Width)
		}
	}
}

func TestJustify(t *testing.T) {
	reg := registry(t)
	e := textElement(320, 300, "La médiathèque municipale propose des ateliers numériques gratuits chaque mercredi après-midi.", "Fin.")
	e.Align = scene.AlignJustify
	r := Layout(e, reg)
	if len(r.Lines) < 4 {
		t.Fatalf("only %d lines", len(r.Lines))
	}
	for i, ln := range r.Lines {
		lastOfPara := i == len(r.Lines)-1 || r.Lines[i+1].Paragraph != ln.Paragraph
		runs := ln.Runs
		lg := runs[len(runs)-1].Glyphs
		right := lg[len(lg)-1].X + lg[len(lg)-1].Advance
		if lastOfPara || !strings.Contains(strings.Join(lineTexts(r)[i:i+1], ""), " ") {
			if ln.X != 0 || ln.Width >= 320-1 {
				t.Errorf("last line %d is justified: x %.2f width %.2f", i, ln.X, ln.Width)
			}
			continue
		}
		if ln.X != 0 || math.Abs(ln.Width-320) > eps || math.Abs(right-320) > 1e-3 {
			t.Errorf("line %d not justified: x %.3f width %.3f right %.3f", i, ln.X, ln.Width, right)
		}
	}
}

func TestLineHeightAndParagraphs(t *testing.T) {
	reg := registry(t)
	e := textElement(300, 300, "Un", "", "Trois")
	e.ParagraphSpacing = 0.5
	r := Layout(e, reg)
	if len(r.Lines) != 3 {
		t.Fatalf("%d lines, want 3 (the empty paragraph takes a line)", len(r.Lines))
	}
	lh := 1.2 * 24
	for i, ln := range r.Lines {
		wantTop := float64(i) * (lh + 12)
		if math.Abs(ln.Top()-wantTop) > eps || math.Abs(ln.Ascent+ln.Descent-lh) > eps {
			t.Errorf("line %d: top %.3f height %.3f, want %.3f %.3f", i, ln.Top(), ln.Ascent+ln.Descent, wantTop, lh)
		}
		if ln.Paragraph != i {
			t.Errorf("line %d in paragraph %d", i, ln.Paragraph)
		}
	}
	if math.Abs(r.ContentHeight-(3*lh+2*12)) > eps {
		t.Errorf("ContentHeight %.3f", r.ContentHeight)
	}
	// Mixed sizes: the largest sets the line height.
	e = textElement(300, 300)
	big := 48.0
	e.Paragraphs = []scene.Paragraph{{Runs: []scene.Run{{Text: "petit "}, {Text: "GRAND", FontSize: &big}}}}
	r = Layout(e, reg)
	if h := r.Lines[0].Ascent + r.Lines[0].Descent; math.Abs(h-1.2*48) > eps {
		t.Errorf("mixed sizes: line height %.3f, want %.3f", h, 1.2*48)
	}
	if r.Lines[0].Runs[0].Glyphs[0].Y != r.Lines[0].Runs[1].Glyphs[0].Y {
		t.Error("runs of different sizes are not on one baseline")
	}
}

func TestVerticalAlign(t *testing.T) {
	reg := registry(t)
	for _, c := range []struct {
		v    scene.VAlign
		want float64 // top of the first line
	}{{scene.VAlignTop, 0}, {scene.VAlignMiddle, (200 - 2*28.8) / 2}, {scene.VAlignBottom, 200 - 2*28.8}} {
		e := textElement(300, 200, "Un", "Deux")
		e.VerticalAlign = c.v
		r := Layout(e, reg)
		if got := r.Lines[0].Top(); math.Abs(got-c.want) > eps {
			t.Errorf("%s: first line top %.3f, want %.3f", c.v, got, c.want)
		}
		if g := r.Lines[0].Runs[0].Glyphs[0]; math.Abs(g.Y-r.Lines[0].Baseline) > eps {
			t.Errorf("%s: glyph y %.3f, baseline %.3f", c.v, g.Y, r.Lines[0].Baseline)
		}
	}
}

func TestLists(t *testing.T) {
	reg := registry(t)
	e := textElement(400, 600)
	item := func(kind scene.ListKind, level int, s string) scene.Paragraph {
		return scene.Paragraph{Runs: []scene.Run{{Text: s}}, List: kind, Level: level}
	}
	e.Paragraphs = []scene.Paragraph{
		item(scene.ListNumber, 0, "Accueil"),
		item(scene.ListNumber, 0, "Discours"),
		item(scene.ListBullet, 1, "du maire"),
		item(scene.ListNumber, 1, "premier adjoint"),
		item(scene.ListNumber, 1, "second adjoint"),
		item(scene.ListNumber, 0, "Buffet"),
		item(scene.ListBullet, 2, "profond"),
		item("", 0, "Texte"),
		item(scene.ListNumber, 0, "Reprise"),
	}
	r := Layout(e, reg)
	var markers []string
	var textX []float64
	for _, ln := range r.Lines {
		m := ""
		for _, run := range ln.Runs {
			if run.Marker {
				m = run.Text
				if run.Offset != -1 || run.Font == nil {
					t.Errorf("marker %q: offset %d font %v", m, run.Offset, run.Font)
				}
			} else if len(run.Glyphs) > 0 && len(textX) < len(markers)+1 {
				textX = append(textX, run.Glyphs[0].X)
			}
		}
		markers = append(markers, m)
	}
	want := []string{"1.", "2.", "◦", "1.", "2.", "3.", "▪", "", "1."}
	if !slices.Equal(markers, want) {
		t.Fatalf("markers %q, want %q", markers, want)
	}
	// Deeper levels indent further; a non-list paragraph is not indented.
	if !(textX[0] > 0 && textX[2] > textX[0] && textX[6] > textX[2] && textX[7] == 0 && textX[8] == textX[0]) {
		t.Errorf("text starts %v", textX)
	}
	// The bullet of level 0 is •, in the run's colour.
	e.Paragraphs = []scene.Paragraph{item(scene.ListBullet, 0, "Point")}
	red := "#ff0000"
	e.Paragraphs[0].Runs[0].Color = &red
	r = Layout(e, reg)
	m := r.Lines[0].Runs[0]
	if !m.Marker || m.Text != "•" || m.Color.R != 255 || m.Glyphs[0].X >= r.Lines[0].Runs[1].Glyphs[0].X {
		t.Errorf("bullet run %+v", m)
	}
	// A wrapped item keeps the hanging indent.
	e.Paragraphs = []scene.Paragraph{item(scene.ListBullet, 0, "Un point assez long pour passer à la ligne suivante sans aucun doute")}
	e.Width = 200
	r = Layout(e, reg)
	if len(r.Lines) < 2 || math.Abs(r.Lines[0].X-r.Lines[1].X) > eps || r.Lines[1].X <= 0 {
		t.Errorf("hanging indent: %d lines, x %v", len(r.Lines), []float64{r.Lines[0].X, r.Lines[1].X})
	}
}

func TestTextTransform(t *testing.T) {
	reg := registry(t)
	for _, c := range []struct {
		tt       scene.TextTransform
		in, want string
	}{
		{scene.TransformUppercase, "élève à l’école, ça va ? Straße", "ÉLÈVE À L’ÉCOLE, ÇA VA ? STRASSE"},
		{scene.TransformLowercase, "ÉCOLE Élémentaire", "école élémentaire"},
		{scene.TransformCapitalize, "fête de l’été à saint-étienne", "Fête De L’été À Saint-Étienne"},
	} {
		e := textElement(2000, 100, c.in)
		e.TextTransform = c.tt
		r := Layout(e, reg)
		if got := strings.Join(lineTexts(r), ""); got != c.want {
			t.Errorf("%s(%q) = %q, want %q", c.tt, c.in, got, c.want)
		}
		// Offsets stay in the source text.
		if ln := r.Lines[0]; ln.Start != 0 || ln.End != len(c.in) {
			t.Errorf("%s: line covers %d..%d of %d source bytes", c.tt, ln.Start, ln.End, len(c.in))
		}
	}
}

func TestFallbackAndMissingGlyphs(t *testing.T) {
	reg := registry(t)
	fontsOf := func(r *Result) map[string]string {
		m := map[string]string{}
		for _, ln := range r.Lines {
			for _, run := range ln.Runs {
				m[run.Text] = run.Font.Family
			}
		}
		return m
	}
	// Hebrew is not in Roboto: it comes from Noto Sans Hebrew.
	r := Layout(textElement(1000, 100, "Shalom שלום"), reg)
	if f := fontsOf(r)["שלום"]; f != "Noto Sans Hebrew" {
		t.Errorf("Hebrew drawn with %q (runs %v)", f, fontsOf(r))
	}
	// Ecolier Court draws "…" and lacks "€": both come from the fallback chain.
	e := textElement(1000, 100, "Prix : 5 € …")
	e.FontFamily = "Ecolier Court"
	r = Layout(e, reg)
	for txt, fam := range fontsOf(r) {
		if strings.ContainsAny(txt, "€…") && fam == "Ecolier Court" {
			t.Errorf("%q drawn with Ecolier Court", txt)
		}
		if strings.Contains(txt, "Prix") && fam != "Ecolier Court" {
			t.Errorf("%q drawn with %s", txt, fam)
		}
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings %v", r.Warnings)
	}
	// A character no font has: .notdef, and a warning in both languages.
	r = Layout(textElement(1000, 100, "Fête \U000F0001 ici"), reg)
	var w *Warning
	for i := range r.Warnings {
		if r.Warnings[i].Code == WarnGlyphMissing {
			w = &r.Warnings[i]
		}
	}
	if w == nil || !slices.Equal(w.Args, []string{"U+F0001"}) || !strings.Contains(w.MessageFR, "U+F0001") {
		t.Fatalf("warnings %+v", r.Warnings)
	}
	found := false
	for _, run := range r.Lines[0].Runs {
		for _, g := range run.Glyphs {
			found = found || g.ID == 0
		}
	}
	if !found {
		t.Error("no .notdef glyph for the missing character")
	}
}

func TestMissingFamily(t *testing.T) {
	reg := registry(t)
	e := textElement(300, 100, "Bonjour")
	e.FontFamily = "Comic Sans MS"
	r := Layout(e, reg)
	if len(r.Warnings) != 1 {
		t.Fatalf("warnings %+v", r.Warnings)
	}
	w := r.Warnings[0]
	if w.Code != WarnFontMissing || !slices.Equal(w.Args, []string{"Comic Sans MS", "Roboto"}) ||
		w.Message != `font "Comic Sans MS" missing: Roboto used` || w.In("fr-FR") != "police « Comic Sans MS » absente : Roboto utilisée" {
		t.Errorf("warning %+v", w)
	}
	if r.Lines[0].Runs[0].Font.Family != "Roboto" {
		t.Errorf("drawn with %s", r.Lines[0].Runs[0].Font.Family)
	}
	// No registry at all: no glyphs, a warning, no crash.
	r = Layout(e, nil)
	if len(r.Lines) != 1 || len(r.Lines[0].Runs) != 0 || len(r.Warnings) == 0 || r.Warnings[0].Code != WarnNoFonts {
		t.Errorf("nil registry: %d lines, warnings %+v", len(r.Lines), r.Warnings)
	}
}

func TestRTL(t *testing.T) {
	reg := registry(t)
	// Hebrew: the first letter is rightmost.
	r := Layout(textElement(1000, 100, "שלום"), reg)
	run := r.Lines[0].Runs[0]
	if !run.RTL {
		t.Fatal("Hebrew run not RTL")
	}
	x := map[int]float64{}
	for _, g := range run.Glyphs {
		x[g.Cluster] = g.X
	}
	if !(x[0] > x[2] && x[2] > x[4] && x[4] > x[6]) {
		t.Errorf("Hebrew glyph x by cluster %v: not right to left", x)
	}
	// Arabic is joined (contextual forms differ from the isolated ones) and right to left.
	word := "سلام"
	r = Layout(textElement(1000, 100, word), reg)
	iso := 0
	for _, c := range word {
		r1 := Layout(textElement(1000, 100, string(c)), reg)
		if r1.Lines[0].Runs[0].Glyphs[0].ID == r.Lines[0].Runs[0].Glyphs[0].ID {
			iso++
		}
	}
	if iso == 4 {
		t.Error("Arabic letters drawn in their isolated forms: not shaped")
	}
	// Mixed: a LTR paragraph with an RTL phrase keeps the Latin order.
	r = Layout(textElement(1000, 100, "Salut שלום עולם fin"), reg)
	var order []string
	for _, run := range r.Lines[0].Runs {
		order = append(order, strings.TrimSpace(run.Text))
	}
	if got := strings.Join(order, "|"); !strings.HasPrefix(got, "Salut|") || !strings.HasSuffix(got, "|fin") ||
		strings.Index(got, "עולם") > strings.Index(got, "שלום") {
		t.Errorf("visual runs %q", got)
	}
}

func TestDecorationsAndBackgrounds(t *testing.T) {
	reg := registry(t)
	e := textElement(300, 200)
	on := true
	e.Paragraphs = []scene.Paragraph{{Runs: []scene.Run{{Text: "souligné", Underline: &on}, {Text: " barré", Strike: &on}}}}
	e.Background = &scene.TextBackground{Color: "#ff0", Opacity: 1, Padding: 5}
	r := Layout(e, reg)
	if len(r.Decorations) != 2 || r.Decorations[0].Kind != Underline || r.Decorations[1].Kind != Strikethrough {
		t.Fatalf("decorations %+v", r.Decorations)
	}
	bl := r.Lines[0].Baseline
	u, s := r.Decorations[0].Rect, r.Decorations[1].Rect
	if !(u.Y > bl && u.Y < bl+6 && s.Y < bl && s.Y > bl-12 && u.Width > 50 && s.X >= u.X+u.Width-eps) {
		t.Errorf("underline %+v strike %+v baseline %.2f", u, s, bl)
	}
	if len(r.Backgrounds) != 1 || r.Backgrounds[0] != (scene.Rect{X: -5, Y: -5, Width: 310, Height: 210}) {
		t.Errorf("background %+v", r.Backgrounds)
	}
	e.Background.PerLine = true
	e.Paragraphs = []scene.Paragraph{{Runs: []scene.Run{{Text: "un"}}}, {Runs: []scene.Run{{Text: ""}}}, {Runs: []scene.Run{{Text: "trois"}}}}
	r = Layout(e, reg)
	if len(r.Backgrounds) != 2 || r.Backgrounds[0].Width >= r.Backgrounds[1].Width {
		t.Errorf("per-line backgrounds %+v", r.Backgrounds)
	}
}

func TestLetterSpacing(t *testing.T) {
	reg := registry(t)
	e := textElement(1000, 100, "Mairie")
	plain := Layout(e, reg).Lines[0].Width
	e.LetterSpacing = 0.1
	spaced := Layout(e, reg).Lines[0].Width
	if math.Abs(spaced-plain-6*0.1*24) > 1e-3 {
		t.Errorf("letter spacing adds %.3f, want %.3f", spaced-plain, 6*0.1*24)
	}
}

func TestRunsAndClusters(t *testing.T) {
	reg := registry(t)
	e := textElement(1000, 100)
	bold := scene.FontWeight(700)
	e.Paragraphs = []scene.Paragraph{{Runs: []scene.Run{{Text: "Été "}, {Text: "2026", FontWeight: &bold, Link: "https://example.fr"}}}}
	r := Layout(e, reg)
	runs := r.Lines[0].Runs
	if len(runs) != 2 || runs[0].Text != "Été " || runs[1].Text != "2026" || runs[1].Offset != len("Été ") ||
		runs[1].Link != "https://example.fr" || runs[1].Font.Weight != 700 {
		t.Fatalf("runs %+v", runs)
	}
	for _, run := range runs {
		for _, g := range run.Glyphs {
			if g.Cluster < 0 || g.Cluster >= len(run.Text) {
				t.Errorf("cluster %d outside %q", g.Cluster, run.Text)
			}
		}
	}
}

func TestLayoutIsCachedAndStable(t *testing.T) {
	reg := registry(t)
	e := textElement(250, 300, "Première ligne du texte", "Deuxième paragraphe, un peu plus long que le premier.")
	a := Layout(e, reg)
	b := Layout(e, reg)
	ClearCache()
	c := Layout(e, reg)
	for _, o := range []*Result{b, c} {
		if len(o.Lines) != len(a.Lines) {
			t.Fatal("line counts differ")
		}
		for i := range a.Lines {
			if !slices.Equal(a.Lines[i].Runs[0].Glyphs, o.Lines[i].Runs[0].Glyphs) {
				t.Fatalf("line %d differs between layouts", i)
			}
		}
	}
	// Results do not share glyph slices: changing one does not change another.
	b.Lines[0].Runs[0].Glyphs[0].X = 1e9
	if a.Lines[0].Runs[0].Glyphs[0].X == 1e9 {
		t.Error("layouts share glyph storage")
	}
}

func TestConcurrentLayouts(t *testing.T) {
	reg := registry(t)
	ClearCache()
	want := lineTexts(Layout(posterText(), reg))
	done := make(chan []string)
	for i := 0; i < 4; i++ {
		go func() {
			var got []string
			for j := 0; j < 10; j++ {
				got = lineTexts(Layout(posterText(), reg))
				Layout(textElement(100, 100, "שלום "+string(rune('a'+j))), reg)
			}
			done <- got
		}()
	}
	for i := 0; i < 4; i++ {
		if got := <-done; !slices.Equal(got, want) {
			t.Errorf("concurrent layout differs: %q", got)
		}
	}
}

func TestSyntheticStyles(t *testing.T) {
	reg := registry(t)
	e := textElement(1000, 100, "Affiche")
	e.FontFamily = "Bebas Neue" // one upright regular face only
	e.Italic = true
	e.FontWeight = 700
	run := Layout(e, reg).Lines[0].Runs[0]
	if run.Skew != syntheticSkew || !(run.Embolden > 24.0/32 && run.Embolden < 24.0/24) {
		t.Errorf("Bebas Neue bold italic: skew %v embolden %v", run.Skew, run.Embolden)
	}
	e.FontFamily = "Roboto" // has bold italic
	run = Layout(e, reg).Lines[0].Runs[0]
	if run.Skew != 0 || run.Embolden != 0 || !run.Font.Italic || run.Font.Weight != 700 {
		t.Errorf("Roboto bold italic: skew %v embolden %v font %v", run.Skew, run.Embolden, run.Font)
	}
}

func TestUnboundedWidth(t *testing.T) {
	reg := registry(t)
	long := "Une phrase assez longue pour dépasser n’importe quelle boîte raisonnable"
	e := textElement(0, 100, long, "court")
	e.Align = scene.AlignCenter
	r := Layout(e, reg)
	if got := lineTexts(r); !slices.Equal(got, []string{long, "court"}) {
		t.Fatalf("width 0 (no wrapping): %q", got)
	}
	if w := r.Lines[0].Width; math.Abs(r.ContentWidth-w) > eps || w < 300 {
		t.Errorf("ContentWidth %.2f, first line %.2f", r.ContentWidth, w)
	}
	// Centred on the widest line.
	c0, c1 := r.Lines[0].X+r.Lines[0].Width/2, r.Lines[1].X+r.Lines[1].Width/2
	if math.Abs(c0-c1) > eps || r.Lines[1].X <= 0 {
		t.Errorf("centres %.2f and %.2f", c0, c1)
	}
}
