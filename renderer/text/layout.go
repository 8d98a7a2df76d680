package text

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"affiche/renderer/font"
	"affiche/scene"
)

// List geometry, in ems of the paragraph's first run: each level indents by listIndent; the
// marker ends markerGap before the text.
const (
	listIndent = 1.5
	markerGap  = 0.4
)

// bullets are the list markers by indent level (cycling).
var bullets = []string{"•", "◦", "▪"}

// span is a run's style as the layout uses it.
type span struct {
	end       int // rune index in the displayed paragraph (exclusive)
	font      *font.Font
	fallbacks []*font.Font
	size      float64
	color     color.NRGBA
	link      string
	underline bool
	strike    bool
	spacing   float64 // letter spacing in points
	italic    bool    // requested style and weight, for synthetic italic and bold
	weight    int
}

// Synthetic styles for a family without the face asked for, as browsers make them: a slant
// of about 14° and an outline thickened by 1/24 (small text) to 1/32 (large text) of the size.
const syntheticSkew = 0.25

func embolden(size float64) float64 {
	const small, large = 9.0, 36.0
	t := math.Min(math.Max((size-small)/(large-small), 0), 1)
	return size * (1.0/24 + t*(1.0/32-1.0/24))
}

// synthesize sets the run's synthetic italic and bold for a face that lacks them.
func synthesize(run *GlyphRun, sp *span) {
	if sp.italic && !run.Font.Italic {
		run.Skew = syntheticSkew
	}
	if sp.weight >= 600 && run.Font.Weight <= 500 {
		run.Embolden = embolden(sp.size)
	}
}

type fontReq struct {
	family string
	weight int
	italic bool
}

type resolved struct {
	f         *font.Font
	fallbacks []*font.Font
}

// layouter holds the state of one Layout call.
type layouter struct {
	e      *scene.Element
	reg    *font.Registry
	res    *Result
	base   scene.TextStyle
	fonts  map[fontReq]resolved
	warned map[string]bool
	// missing collects characters no font has, over all paragraphs.
	missing []rune
	// counters are the list item numbers by level.
	counters [9]int
	// unboundedW is the width of the widest line when the box has no width.
	unboundedW float64
}

// Layout lays out a text element: its paragraphs, in its box, with its styles. It never
// returns nil and never panics on any element; problems go in Result.Warnings.
func Layout(e *scene.Element, reg *font.Registry) *Result {
	res := &Result{}
	if e == nil {
		return res
	}
	res.Width, res.Height = finite(e.Width), finite(e.Height)
	l := &layouter{e: e, reg: reg, res: res, fonts: map[fontReq]resolved{}, warned: map[string]bool{}}
	l.base = e.TextStyle
	if strings.TrimSpace(l.base.FontFamily) == "" {
		l.base.FontFamily = scene.DefaultFontFamily
	}
	if !(l.base.FontSize > 0) || math.IsInf(l.base.FontSize, 0) {
		l.base.FontSize = scene.DefaultFontSize
	}
	l.base.FontSize = math.Min(l.base.FontSize, scene.MaxFontSize)
	if l.base.FontWeight <= 0 {
		l.base.FontWeight = scene.WeightNormal
	}
	if l.base.Color == "" {
		l.base.Color = scene.DefaultColor
	}
	if reg == nil {
		l.warn(WarnNoFonts, nil, "no fonts are available: the text is not drawn",
			"aucune police n’est disponible : le texte n’est pas affiché")
		reg = font.NewRegistry()
		l.reg = reg
	} else if len(reg.Families()) == 0 {
		l.warn(WarnNoFonts, nil, "no fonts are available: the text is not drawn",
			"aucune police n’est disponible : le texte n’est pas affiché")
	}
	l.run()
	return res
}

func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

func (l *layouter) warn(code string, args []string, en, fr string) {
	key := code + "\x00" + strings.Join(args, "\x00")
	if l.warned[key] {
		return
	}
	l.warned[key] = true
	l.res.Warnings = append(l.res.Warnings, Warning{Code: code, Args: args, Message: en, MessageFR: fr})
}

// resolve finds the face for a style, with a warning when the family is missing.
func (l *layouter) resolve(st scene.TextStyle) resolved {
	w := int(st.FontWeight)
	if w <= 0 {
		w = 400
	}
	w = min(max(w, 1), 1000)
	key := fontReq{st.FontFamily, w, st.Italic}
	if r, ok := l.fonts[key]; ok {
		return r
	}
	f, exact := l.reg.Resolve(st.FontFamily, w, st.Italic)
	if f != nil && !exact {
		l.warn(WarnFontMissing, []string{st.FontFamily, f.Family},
			fmt.Sprintf("font %q missing: %s used", st.FontFamily, f.Family),
			fmt.Sprintf("police « %s » absente : %s utilisée", st.FontFamily, f.Family))
	}
	r := resolved{f: f}
	if f != nil {
		for _, fb := range l.reg.Fallbacks(w, st.Italic) {
			if fb != f {
				r.fallbacks = append(r.fallbacks, fb)
			}
		}
	}
	l.fonts[key] = r
	return r
}

func (l *layouter) makeSpan(st scene.TextStyle, link string) span {
	if !(st.FontSize > 0) || math.IsInf(st.FontSize, 0) {
		st.FontSize = l.base.FontSize
	}
	st.FontSize = math.Min(st.FontSize, scene.MaxFontSize)
	if st.FontFamily == "" {
		st.FontFamily = l.base.FontFamily
	}
	r := l.resolve(st)
	c, err := scene.ParseColor(st.Color)
	if err != nil {
		c = color.NRGBA{A: 255}
	}
	ls := st.LetterSpacing
	if math.IsNaN(ls) || math.IsInf(ls, 0) {
		ls = 0
	}
	ls = math.Min(math.Max(ls, -0.5), 5)
	return span{font: r.f, fallbacks: r.fallbacks, size: st.FontSize, color: c, link: link,
		underline: st.Underline, strike: st.Strike, spacing: ls * st.FontSize,
		italic: st.Italic, weight: int(st.FontWeight)}
}

// para is one paragraph being laid out.
type para struct {
	index   int
	src     string // the paragraph's plain text
	disp    string // as displayed
	toSrc   func(int) int
	spans   []span
	first   span // style of the first run (empty paragraphs, list markers)
	sh      *shaped
	align   scene.Align
	list    scene.ListKind
	level   int
	marker  *shaped
	mspan   span
	mtext   string
	widths  []float64 // cluster advances in points
	textX   float64   // start of the text area from the start side (list indent)
	markerX float64   // start of the marker from the start side
}

func (l *layouter) run() {
	e := l.e
	lineHeight := e.LineHeight
	if !(lineHeight > 0) || math.IsInf(lineHeight, 0) {
		lineHeight = scene.DefaultLineHeight
	}
	lineHeight = math.Min(lineHeight, 10)
	paraSpacing := finite(e.ParagraphSpacing)
	paraSpacing = math.Min(math.Max(paraSpacing, 0), 10) * l.base.FontSize

	paras := e.Paragraphs
	if len(paras) == 0 {
		paras = []scene.Paragraph{{}}
	}
	prepared := make([]*para, len(paras))
	for pi := range paras {
		prepared[pi] = l.prepare(pi, &paras[pi])
	}
	if !(l.res.Width > 0) {
		// No width: lines break only where the text says; alignment is within the widest line.
		for _, p := range prepared {
			for _, lr := range breakLines(p.sh.clusters, l.widths(p), math.Inf(1)) {
				l.unboundedW = math.Max(l.unboundedW, naturalWidth(p.sh.clusters, l.widths(p), lr)+p.textX)
			}
		}
	}
	y := 0.0
	for pi := range paras {
		p := prepared[pi]
		start := len(l.res.Lines)
		y = l.layParagraph(p, y, lineHeight)
		l.res.paras = append(l.res.paras, paraInfo{firstLine: start, lastLine: len(l.res.Lines) - 1, textLen: len(p.src)})
		if pi < len(paras)-1 {
			y += paraSpacing
		}
	}
	l.res.ContentHeight = y

	// Vertical alignment.
	dy := 0.0
	switch e.VerticalAlign {
	case scene.VAlignMiddle:
		dy = (l.res.Height - y) / 2
	case scene.VAlignBottom:
		dy = l.res.Height - y
	}
	if dy != 0 {
		for i := range l.res.Lines {
			ln := &l.res.Lines[i]
			ln.Baseline += dy
			for j := range ln.Runs {
				for k := range ln.Runs[j].Glyphs {
					ln.Runs[j].Glyphs[k].Y += dy
				}
			}
		}
		for i := range l.res.Decorations {
			l.res.Decorations[i].Rect.Y += dy
		}
	}
	l.backgrounds(dy)

	if len(l.missing) > 0 {
		var codes []string
		for i, r := range l.missing {
			if i == 8 {
				break
			}
			codes = append(codes, fmt.Sprintf("U+%04X", r))
		}
		list := strings.Join(codes, ", ")
		if len(l.missing) > 8 {
			list += ", …"
		}
		l.warn(WarnGlyphMissing, codes,
			fmt.Sprintf("no font has a glyph for %s: a placeholder box is drawn", list),
			fmt.Sprintf("aucune police n’a de glyphe pour %s : une boîte vide est affichée", list))
	}
}

func (l *layouter) backgrounds(dy float64) {
	b := l.e.Background
	if b == nil {
		return
	}
	pad := math.Max(finite(b.Padding), 0)
	if !b.PerLine {
		top := math.Min(0, dy)
		bottom := math.Max(l.res.Height, dy+l.res.ContentHeight)
		l.res.Backgrounds = append(l.res.Backgrounds, scene.Rect{X: -pad, Y: top - pad,
			Width: l.res.Width + 2*pad, Height: bottom - top + 2*pad})
		return
	}
	for _, ln := range l.res.Lines {
		if ln.Width <= 0 {
			continue
		}
		x0 := ln.X
		x1 := ln.X + ln.Width
		for _, r := range ln.Runs {
			if r.Marker && len(r.Glyphs) > 0 {
				x0 = math.Min(x0, r.Glyphs[0].X)
				last := r.Glyphs[len(r.Glyphs)-1]
				x1 = math.Max(x1, last.X+last.Advance)
			}
		}
		l.res.Backgrounds = append(l.res.Backgrounds, scene.Rect{X: x0 - pad, Y: ln.Top() - pad,
			Width: x1 - x0 + 2*pad, Height: ln.Ascent + ln.Descent + 2*pad})
	}
}

// prepare builds the displayed text and spans of a paragraph and shapes it (cached).
func (l *layouter) prepare(pi int, sp *scene.Paragraph) *para {
	p := &para{index: pi, align: sp.Align, list: sp.List, level: min(max(sp.Level, 0), 8)}
	if p.align == "" {
		p.align = l.e.Align
	}
	db := displayBuilder{tt: l.e.TextTransform}
	var shapeSpans []shapeSpan
	runes := 0
	var src strings.Builder
	for ri := range sp.Runs {
		r := &sp.Runs[ri]
		s := l.makeSpan(r.Style(l.base), r.Link)
		if ri == 0 {
			p.first = s
		}
		if r.Text == "" {
			continue
		}
		src.WriteString(r.Text)
		before := len(db.buf)
		db.add(r.Text)
		runes += countRunes(db.buf[before:])
		s.end = runes
		p.spans = append(p.spans, s)
		shapeSpans = append(shapeSpans, shapeSpan{end: runes, font: s.font, noLiga: s.spacing != 0, fallbacks: s.fallbacks})
	}
	if len(sp.Runs) == 0 {
		p.first = l.makeSpan(l.base, "")
	}
	p.src = src.String()
	p.disp = db.text()
	p.toSrc = db.srcOffsetFunc()
	if p.first.font == nil || len(p.spans) == 0 {
		p.sh = &shaped{runeByte: []int32{0}, gbound: []bool{true}}
		if p.first.font != nil {
			l.prepareMarker(p)
		}
		return p
	}
	p.sh = shapeCached(p.disp, shapeSpans)
	for _, r := range p.sh.missing {
		if !containsRune(l.missing, r) {
			l.missing = append(l.missing, r)
		}
	}
	l.prepareMarker(p)
	return p
}

func countRunes(b []byte) int {
	n := 0
	for range string(b) {
		n++
	}
	return n
}

// prepareMarker numbers list items and shapes the marker.
func (l *layouter) prepareMarker(p *para) {
	if p.list != scene.ListBullet && p.list != scene.ListNumber {
		l.counters = [9]int{}
		return
	}
	for i := p.level + 1; i < len(l.counters); i++ {
		l.counters[i] = 0
	}
	if p.list == scene.ListNumber {
		l.counters[p.level]++
		p.mtext = fmt.Sprintf("%d.", l.counters[p.level])
	} else {
		l.counters[p.level] = 0
		p.mtext = bullets[p.level%len(bullets)]
	}
	p.mspan = p.first
	p.mspan.underline, p.mspan.strike, p.mspan.link = false, false, ""
	p.mspan.spacing = 0
	p.mspan.end = len([]rune(p.mtext))
	p.marker = shapeCached(p.mtext, []shapeSpan{{end: p.mspan.end, font: p.mspan.font, fallbacks: p.mspan.fallbacks}})
	em := p.first.size
	mw := 0.0
	for _, c := range p.marker.clusters {
		mw += l.clusterWidth(p.marker, []span{p.mspan}, &c)
	}
	indent := float64(p.level) * listIndent * em
	p.textX = indent + listIndent*em
	p.markerX = math.Max(indent, p.textX-markerGap*em-mw)
	if p.markerX+mw+markerGap*em/2 > p.textX {
		p.textX = p.markerX + mw + markerGap*em/2
	}
}

// widths returns the advance of each cluster of a paragraph, in points (computed once).
func (l *layouter) widths(p *para) []float64 {
	if p.widths == nil {
		p.widths = make([]float64, len(p.sh.clusters))
		for i := range p.sh.clusters {
			p.widths[i] = l.clusterWidth(p.sh, p.spans, &p.sh.clusters[i])
		}
	}
	return p.widths
}

// clusterWidth is a cluster's advance in points, letter spacing included.
func (l *layouter) clusterWidth(sh *shaped, spans []span, c *cluster) float64 {
	if c.flags&clControl != 0 {
		return 0
	}
	it := &sh.items[c.item]
	sp := &spans[it.span]
	return float64(c.adv)*sp.size/float64(it.font.UnitsPerEm) + sp.spacing
}

// lineRange is a line as a range of clusters.
type lineRange struct {
	a, b      int  // clusters [a, b)
	mandatory bool // ended by a forced break
}

// breakLines cuts a paragraph into lines no wider than avail (greedy, UAX #14 opportunities,
// spaces hanging at line ends, words longer than a line broken between graphemes).
func breakLines(cl []cluster, widths []float64, avail float64) []lineRange {
	var lines []lineRange
	const eps = 1e-9
	for start := 0; start < len(cl); {
		w := 0.0
		lastBreak := -1
		end := -1
		mandatory := false
		for i := start; i < len(cl); i++ {
			c := &cl[i]
			cw := widths[i]
			if c.flags&(clSpace|clControl) == 0 {
				if i > start && w+cw > avail+eps*math.Max(1, avail) {
					if lastBreak >= start {
						end = lastBreak + 1
					} else {
						// A word wider than the line: break between graphemes, if possible
						// not beside a no-break space.
						end = emergencyBreak(cl, start, i)
					}
					break
				}
			}
			w += cw
			if c.flags&clMandatory != 0 && i < len(cl)-1 || c.flags&clControl != 0 && c.flags&clMandatory != 0 {
				end, mandatory = i+1, true
				break
			}
			if c.flags&clBreak != 0 {
				lastBreak = i
			}
		}
		if end < 0 {
			end = len(cl)
		}
		lines = append(lines, lineRange{a: start, b: end, mandatory: mandatory})
		start = end
	}
	// A forced break at the very end (a newline inside a run) opens an empty last line.
	if n := len(cl); n > 0 && cl[n-1].flags&clControl != 0 {
		lines = append(lines, lineRange{a: n, b: n})
	}
	if len(lines) == 0 {
		lines = append(lines, lineRange{})
	}
	return lines
}

// emergencyBreak picks where to cut a word that does not fit: before cluster i (the first
// that overflows) or earlier, at a grapheme boundary not beside a no-break space; if there is
// none, at the last grapheme boundary.
func emergencyBreak(cl []cluster, start, i int) int {
	fallback := -1
	for end := i; end > start; end-- {
		if cl[end-1].flags&clGrapheme == 0 {
			continue
		}
		if fallback < 0 {
			fallback = end
		}
		if cl[end-1].flags&clGlue == 0 && cl[end].flags&clGlue == 0 {
			return end
		}
	}
	if fallback < 0 {
		return start + 1
	}
	return fallback
}

// layParagraph breaks, aligns and positions one paragraph from y; it returns the y below it.
func (l *layouter) layParagraph(p *para, y, lineHeight float64) float64 {
	sh := p.sh
	widths := l.widths(p)
	boxW := l.res.Width
	unbounded := !(boxW > 0)
	avail := boxW - p.textX
	if unbounded {
		avail = math.Inf(1)
	}
	lines := breakLines(sh.clusters, widths, avail)

	areaW := avail
	if unbounded {
		areaW = l.unboundedW - p.textX
	}
	rtl := sh.rtl
	// The text area in element coordinates.
	areaL := p.textX
	if rtl {
		areaL = 0
	}

	for li, lr := range lines {
		ln := Line{Paragraph: p.index}
		last := li == len(lines)-1

		// Content: the clusters without the trailing spaces and breaks.
		ce := lr.b
		for ce > lr.a && sh.clusters[ce-1].flags&(clSpace|clControl) != 0 {
			ce--
		}
		natural := 0.0
		nexp := 0
		for i := lr.a; i < ce; i++ {
			natural += widths[i]
			if sh.clusters[i].flags&clExpand != 0 {
				nexp++
			}
		}
		// Alignment.
		align := p.align
		extra := 0.0
		if align == scene.AlignJustify {
			if !last && !lr.mandatory && nexp > 0 && areaW > natural && !unbounded {
				extra = (areaW - natural) / float64(nexp)
			} else if rtl {
				align = scene.AlignRight
			} else {
				align = scene.AlignLeft
			}
		}
		x := areaL
		switch align {
		case scene.AlignCenter:
			x += (areaW - natural) / 2
		case scene.AlignRight:
			x += areaW - natural
		}
		width := natural
		if extra > 0 {
			width = areaW
		}
		ln.X, ln.Width = x, width

		// Vertical metrics: the largest size on the line sets the line height; the glyphs sit
		// in it as in CSS (half-leading above and below the requested fonts' ascent+descent).
		maxSize, asc, desc := 0.0, 0.0, 0.0
		use := func(s *span) {
			if s.font == nil {
				maxSize = math.Max(maxSize, s.size)
				asc, desc = math.Max(asc, 0.8*s.size), math.Max(desc, 0.2*s.size)
				return
			}
			k := s.size / float64(s.font.UnitsPerEm)
			maxSize = math.Max(maxSize, s.size)
			asc = math.Max(asc, s.font.Ascent*k)
			desc = math.Max(desc, s.font.Descent*k)
		}
		for i := lr.a; i < lr.b; i++ {
			use(&p.spans[sh.items[sh.clusters[i].item].span])
		}
		if lr.a == lr.b || maxSize == 0 {
			switch {
			case len(p.spans) == 0:
				use(&p.first)
			case lr.a >= len(sh.clusters):
				use(&p.spans[len(p.spans)-1])
			default:
				use(&p.spans[sh.items[sh.clusters[lr.a].item].span])
			}
		}
		if li == 0 && p.marker != nil {
			use(&p.mspan)
		}
		lh := lineHeight * maxSize
		baseline := y + (lh-(asc+desc))/2 + asc
		ln.Baseline, ln.Ascent, ln.Descent = baseline, baseline-y, y+lh-baseline
		y += lh

		// Source range of the line.
		if lr.a < lr.b {
			ln.Start = p.toSrc(int(sh.runeByte[sh.clusters[lr.a].start]))
			ln.End = p.toSrc(int(sh.runeByte[sh.clusters[lr.b-1].end]))
		} else {
			ln.Start = len(p.src)
			if lr.a == 0 {
				ln.Start = 0
			}
			ln.End = ln.Start
		}

		lc := l.placeLine(p, &ln, lr, ce, widths, extra)
		if li == 0 && p.marker != nil {
			l.placeMarker(p, &ln)
		}
		if lr.a == lr.b || ce == lr.a {
			// Empty line: the caret goes where the alignment puts text.
			lc.emptyX = x
		}
		l.res.Lines = append(l.res.Lines, ln)
		l.res.caretLines = append(l.res.caretLines, lc)
		l.res.ContentWidth = math.Max(l.res.ContentWidth, natural+p.textX)
	}
	return y
}

func naturalWidth(cl []cluster, widths []float64, lr lineRange) float64 {
	ce := lr.b
	for ce > lr.a && cl[ce-1].flags&(clSpace|clControl) != 0 {
		ce--
	}
	w := 0.0
	for i := lr.a; i < ce; i++ {
		w += widths[i]
	}
	return w
}

// visualOrder returns the clusters [a, ce) in visual order (UAX #9 rule L2).
func visualOrder(sh *shaped, a, ce int) []int {
	n := ce - a
	order := make([]int, n)
	levels := make([]int, n)
	maxL, minOdd := 0, 1000
	for i := range n {
		order[i] = a + i
		lv := int(sh.items[sh.clusters[a+i].item].level)
		levels[i] = lv
		maxL = max(maxL, lv)
		if lv%2 == 1 {
			minOdd = min(minOdd, lv)
		}
	}
	for lv := maxL; lv >= minOdd && lv > 0; lv-- {
		for i := 0; i < n; {
			if levels[i] < lv {
				i++
				continue
			}
			j := i
			for j < n && levels[j] >= lv {
				j++
			}
			for x, y := i, j-1; x < y; x, y = x+1, y-1 {
				order[x], order[y] = order[y], order[x]
				levels[x], levels[y] = levels[y], levels[x]
			}
			i = j
		}
	}
	return order
}

// placeLine positions the glyphs of a line, makes its runs and decorations, and returns its
// caret data.
func (l *layouter) placeLine(p *para, ln *Line, lr lineRange, ce int, widths []float64, extra float64) caretLine {
	sh := p.sh
	var lc caretLine
	order := visualOrder(sh, lr.a, ce)
	// One backing array for the glyphs of all the line's runs, one for the caret units.
	nGlyphs, nUnits := 0, 0
	for i := lr.a; i < lr.b; i++ {
		c := &sh.clusters[i]
		if i < ce {
			nGlyphs += int(c.g1 - c.g0)
		}
		nUnits += max(int(c.graphemes), 1)
	}
	glyphs := make([]Glyph, 0, nGlyphs)
	runStart := 0
	lc.units = make([]caretUnit, 0, nUnits)
	x := ln.X
	var cur *GlyphRun
	var curItem, curSpan int = -1, -1
	var runStartX float64
	var runMin, runMax int32
	flush := func() {
		if cur == nil {
			return
		}
		sp := &p.spans[curSpan]
		b0, b1 := int(sh.runeByte[runMin]), int(sh.runeByte[runMax])
		cur.Text = p.disp[b0:b1]
		cur.Offset = p.toSrc(b0)
		cur.Glyphs = glyphs[runStart:len(glyphs):len(glyphs)]
		runStart = len(glyphs)
		for k := range cur.Glyphs {
			cur.Glyphs[k].Cluster -= b0
		}
		ln.Runs = append(ln.Runs, *cur)
		l.decorate(sp, len(l.res.Lines), runStartX, x, ln.Baseline)
		cur = nil
	}
	for _, ci := range order {
		c := &sh.clusters[ci]
		it := &sh.items[c.item]
		sp := &p.spans[it.span]
		if cur == nil || int(c.item) != curItem {
			if cur == nil || it.span != curSpan || it.font != cur.Font || it.rtl() != cur.RTL {
				flush()
				cur = &GlyphRun{Font: it.font, Size: sp.size, Color: sp.color, Link: sp.link, RTL: it.rtl(), Paragraph: p.index}
				synthesize(cur, sp)
				curSpan = it.span
				runStartX = x
				runMin, runMax = c.start, c.end
			}
			curItem = int(c.item)
		}
		runMin, runMax = min(runMin, c.start), max(runMax, c.end)
		k := sp.size / float64(it.font.UnitsPerEm)
		x0 := x
		if c.flags&clControl == 0 {
			pen := x
			for g := c.g0; g < c.g1; g++ {
				sg := &it.glyphs[g]
				glyphs = append(glyphs, Glyph{ID: sg.id, X: pen + float64(sg.xOff)*k, Y: ln.Baseline - float64(sg.yOff)*k,
					Advance: float64(sg.adv) * k, Cluster: int(sh.runeByte[c.start])})
				pen += float64(sg.adv) * k
			}
		}
		x += widths[ci]
		if c.flags&clExpand != 0 && extra > 0 {
			x += extra
		}
		if n := len(glyphs); n > runStart && c.flags&clControl == 0 && c.g1 > c.g0 {
			glyphs[n-1].Advance += x - x0 - float64(c.adv)*k
		}
		lc.addUnits(p, c, x0, x, it.rtl())
	}
	flush()
	// Trailing spaces: not drawn, but the caret can stand after each of them, continuing on
	// the side where the line ends (right for LTR paragraphs, left for RTL ones).
	if sh.rtl {
		xr := ln.X
		for ci := ce; ci < lr.b; ci++ {
			c := &sh.clusters[ci]
			w := widths[ci]
			lc.addUnits(p, c, xr-w, xr, true)
			xr -= w
		}
	} else {
		for ci := ce; ci < lr.b; ci++ {
			c := &sh.clusters[ci]
			lc.addUnits(p, c, x, x+widths[ci], false)
			x += widths[ci]
		}
	}
	slices.SortStableFunc(lc.units, func(a, b caretUnit) int { return cmp.Compare(a.x0, b.x0) })
	return lc
}

// placeMarker adds the list marker run to the first line of a list item.
func (l *layouter) placeMarker(p *para, ln *Line) {
	sh := p.marker
	if sh == nil || len(sh.clusters) == 0 {
		return
	}
	spans := []span{p.mspan}
	w := 0.0
	for i := range sh.clusters {
		w += l.clusterWidth(sh, spans, &sh.clusters[i])
	}
	x := p.markerX
	if p.sh.rtl {
		boxW := l.res.Width
		if !(boxW > 0) {
			boxW = l.unboundedW
		}
		x = boxW - p.markerX - w
	}
	order := visualOrder(sh, 0, len(sh.clusters))
	var runs []GlyphRun
	for _, ci := range order {
		c := &sh.clusters[ci]
		it := &sh.items[c.item]
		k := p.mspan.size / float64(it.font.UnitsPerEm)
		if len(runs) == 0 || runs[len(runs)-1].Font != it.font {
			runs = append(runs, GlyphRun{Font: it.font, Size: p.mspan.size, Color: p.mspan.color, Text: p.mtext,
				Marker: true, Paragraph: p.index, Offset: -1})
			synthesize(&runs[len(runs)-1], &p.mspan)
		}
		r := &runs[len(runs)-1]
		pen := x
		for g := c.g0; g < c.g1; g++ {
			sg := &it.glyphs[g]
			r.Glyphs = append(r.Glyphs, Glyph{ID: sg.id, X: pen + float64(sg.xOff)*k, Y: ln.Baseline - float64(sg.yOff)*k,
				Advance: float64(sg.adv) * k, Cluster: int(sh.runeByte[c.start])})
			pen += float64(sg.adv) * k
		}
		x += l.clusterWidth(sh, spans, c)
	}
	ln.Runs = append(runs, ln.Runs...)
}

// decorate adds the underline and strikethrough of a run that spans x0..x1 on a line.
func (l *layouter) decorate(sp *span, line int, x0, x1, baseline float64) {
	if sp.font == nil || x1 <= x0 || !sp.underline && !sp.strike {
		return
	}
	k := sp.size / float64(sp.font.UnitsPerEm)
	add := func(kind DecorationKind, top, thick float64) {
		r := scene.Rect{X: x0, Y: top, Width: x1 - x0, Height: thick}
		if n := len(l.res.Decorations); n > 0 {
			d := &l.res.Decorations[n-1]
			if d.Kind == kind && d.Line == line && d.Color == sp.color && d.Rect.Y == r.Y && d.Rect.Height == r.Height &&
				math.Abs(d.Rect.X+d.Rect.Width-r.X) < 1e-9 {
				d.Rect.Width += r.Width
				return
			}
		}
		l.res.Decorations = append(l.res.Decorations, Decoration{Kind: kind, Rect: r, Color: sp.color, Line: line})
	}
	if sp.underline {
		add(Underline, baseline-sp.font.UnderlinePosition*k, sp.font.UnderlineThickness*k)
	}
	if sp.strike {
		add(Strikethrough, baseline-sp.font.StrikePosition*k, sp.font.StrikeThickness*k)
	}
}
