package text

import (
	"unicode"

	"github.com/go-text/typesetting/bidi"
	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"

	"affiche/renderer/font"
)

// shapeSpan is a stretch of a paragraph in one requested font: the shaping input of one run.
type shapeSpan struct {
	end    int        // rune index (exclusive); spans are contiguous from 0
	font   *font.Font // the requested (primary) face
	noLiga bool       // letter spacing is on: optional ligatures are turned off, as CSS does
	// fallbacks are the faces tried, in order, for characters font lacks.
	fallbacks []*font.Font
}

// sglyph is one shaped glyph, positions in font units of its item's font.
type sglyph struct {
	id         font.GID
	cluster    int32 // rune index of the cluster's first character
	adv        float32
	xOff, yOff float32
}

// item is a piece of a paragraph shaped in one call: one span, one font, one script, one
// bidi level.
type item struct {
	start, end int // runes
	span       int
	font       *font.Font
	level      bidi.Level
	glyphs     []sglyph // in HarfBuzz's output order (visual: reversed for RTL)
}

func (it *item) rtl() bool { return it.level%2 == 1 }

// Cluster flags.
const (
	clSpace     = 1 << iota // a space that hangs at the end of a line
	clExpand                // a word separator that justification widens
	clBreak                 // a line may break after this cluster
	clMandatory             // a line must break after this cluster
	clControl               // a control character (line separator): not drawn, no width
	clGrapheme              // the cluster ends a grapheme (emergency breaks go there)
	clGlue                  // a no-break space: even an emergency break avoids its sides
)

// cluster is the smallest unit of layout: characters that shape together (a grapheme, or a
// ligature of several), in logical order.
type cluster struct {
	start, end int32 // runes
	item       int32
	g0, g1     int32   // glyph range in items[item].glyphs
	adv        float32 // font units
	flags      uint8
	graphemes  uint8 // graphemes in the cluster (≥1), for carets inside ligatures
}

// shaped is a paragraph shaped at the em size: everything but sizes, so one entry serves every
// font size, box width and alignment.
type shaped struct {
	runes    []rune
	runeByte []int32 // byte offset (in the displayed text) of each rune, plus the end
	items    []item
	clusters []cluster
	gbound   []bool // gbound[i]: a grapheme boundary falls before rune i (len n+1)
	rtl      bool   // paragraph base direction
	missing  []rune // characters no font has
	cost     int    // approximate bytes, for the cache budget
}

// shaper holds the reusable state of one shaping goroutine.
type shaper struct {
	buf   *harfbuzz.Buffer
	fonts map[*font.Font]*harfbuzz.Font
	seg   segmenter.Segmenter
	bidi  bidi.Paragraph
}

// shapers keeps a few shapers with their fonts ready (a sync.Pool would drop them at every GC,
// and building a HarfBuzz font and its shaping plans costs more than shaping a paragraph).
var shapers = make(chan *shaper, 4)

func getShaper() *shaper {
	select {
	case s := <-shapers:
		return s
	default:
		return &shaper{buf: harfbuzz.NewBuffer(), fonts: map[*font.Font]*harfbuzz.Font{}}
	}
}

func putShaper(s *shaper) {
	select {
	case shapers <- s:
	default:
	}
}

func (s *shaper) hbFont(f *font.Font) *harfbuzz.Font {
	if hf, ok := s.fonts[f]; ok {
		return hf
	}
	if len(s.fonts) >= 32 { // bound the per-shaper font cache
		clear(s.fonts)
	}
	hf := harfbuzz.NewFont(gofont.NewFace(f.OT()))
	s.fonts[f] = hf
	return hf
}

var (
	tagLiga = ot.MustNewTag("liga")
	tagClig = ot.MustNewTag("clig")
	tagDlig = ot.MustNewTag("dlig")
)

// isControl reports characters that end a line and draw nothing.
func isControl(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return r < 0x20 || r == 0x7f
}

// hangs reports spaces that may hang past the end of a line (they are not drawn there).
func hangs(r rune) bool {
	return r != 0xa0 && r != 0x202f && r != 0x2007 && unicode.IsSpace(r) && !isControl(r)
}

// ignorable reports characters a font need not have for a cluster to use it (joiners,
// variation selectors, bidi marks).
func ignorable(r rune) bool {
	return harfbuzz.IsDefaultIgnorable(r) || isControl(r)
}

// shapeParagraph shapes text (the displayed text of a paragraph) whose runes are cut into
// spans (at least one).
func shapeParagraph(text string, spans []shapeSpan) *shaped {
	s := getShaper()
	defer putShaper(s)

	sh := &shaped{}
	for i, r := range text {
		sh.runes = append(sh.runes, r)
		sh.runeByte = append(sh.runeByte, int32(i))
	}
	sh.runeByte = append(sh.runeByte, int32(len(text)))
	n := len(sh.runes)
	if n == 0 {
		sh.rtl = false
		return sh
	}
	runes := sh.runes

	// Bidi levels, per rune.
	levels := make([]bidi.Level, n)
	runs := s.bidi.Segment(runes, bidi.Neutral)
	for i := 0; i < runs.NumRuns(); i++ {
		r := runs.Run(i)
		for j := max(r.Start, 0); j < r.End && j < n; j++ {
			levels[j] = r.Level
		}
	}
	for i, r := range runes {
		if unicode.IsLetter(r) {
			sh.rtl = levels[i]%2 == 1
			break
		}
	}

	// Graphemes: fallback is chosen per grapheme, and emergency breaks go between them.
	graphemeEnd := make([]bool, n+1)
	s.seg.Init(runes)
	for it := s.seg.GraphemeIterator(); it.Next(); {
		g := it.Grapheme()
		graphemeEnd[g.Offset+len(g.Text)] = true
	}
	// Line-break opportunities (UAX #14). U+00A0 and U+202F are glue: never a break there.
	breakAfter := make([]uint8, n+1)
	s.seg.Init(runes)
	for it := s.seg.LineIterator(); it.Next(); {
		l := it.Line()
		end := l.Offset + len(l.Text)
		if l.IsMandatoryBreak {
			breakAfter[end] = clBreak | clMandatory
		} else {
			breakAfter[end] = clBreak
		}
	}

	// Font per rune: the span's font, or the first fallback that has the whole grapheme.
	spanOf := make([]int, n)
	{
		si := 0
		for i := range runes {
			for si < len(spans)-1 && i >= spans[si].end {
				si++
			}
			spanOf[i] = si
		}
	}
	fontOf := make([]*font.Font, n)
	for start := 0; start < n; {
		end := start + 1
		for end < n && !graphemeEnd[end] {
			end++
		}
		primary := spans[spanOf[start]].font
		chosen := primary
		if !hasAll(primary, runes[start:end]) {
			chosen = nil
			for _, f := range spans[spanOf[start]].fallbacks {
				if hasAll(f, runes[start:end]) {
					chosen = f
					break
				}
			}
			if chosen == nil {
				chosen = primary
				for _, r := range runes[start:end] {
					if !ignorable(r) && !primary.HasRune(r) && !containsRune(sh.missing, r) {
						sh.missing = append(sh.missing, r)
					}
				}
			}
		}
		for i := start; i < end; i++ {
			fontOf[i] = chosen
		}
		start = end
	}

	// Scripts, with Common and Inherited characters taking their neighbours' script.
	scripts := make([]language.Script, n)
	last := language.Script(0)
	for i, r := range runes {
		sc := language.LookupScript(r)
		if sc == language.Common || sc == language.Inherited || sc == language.Unknown {
			sc = last
		}
		scripts[i], last = sc, sc
	}
	first := language.Latin
	for _, sc := range scripts {
		if sc != 0 {
			first = sc
			break
		}
	}
	for i := 0; i < n && scripts[i] == 0; i++ {
		scripts[i] = first
	}

	// Items: cut wherever the span, font, bidi level or script changes.
	for start := 0; start < n; {
		end := start + 1
		for end < n && spanOf[end] == spanOf[start] && fontOf[end] == fontOf[start] &&
			levels[end] == levels[start] && scripts[end] == scripts[start] {
			end++
		}
		it := item{start: start, end: end, span: spanOf[start], font: fontOf[start], level: levels[start]}
		s.shapeItem(sh, &it, scripts[start], spans[it.span].noLiga)
		sh.items = append(sh.items, it)
		start = end
	}

	// Clusters, in logical order.
	for ii := range sh.items {
		it := &sh.items[ii]
		m := len(it.glyphs)
		// Walk glyphs in logical order: forwards for LTR, backwards for RTL.
		idx := func(k int) int {
			if it.rtl() {
				return m - 1 - k
			}
			return k
		}
		k := 0
		for k < m {
			c0 := it.glyphs[idx(k)].cluster
			k2 := k + 1
			for k2 < m && it.glyphs[idx(k2)].cluster == c0 {
				k2++
			}
			cend := int32(it.end)
			if k2 < m {
				cend = it.glyphs[idx(k2)].cluster
			}
			if cend <= c0 { // non-monotone clusters: keep them together
				k = k2
				continue
			}
			c := cluster{start: c0, end: cend, item: int32(ii)}
			if it.rtl() {
				c.g0, c.g1 = int32(idx(k2-1)), int32(idx(k)+1)
			} else {
				c.g0, c.g1 = int32(k), int32(k2)
			}
			for g := c.g0; g < c.g1; g++ {
				c.adv += it.glyphs[g].adv
			}
			sh.clusters = append(sh.clusters, c)
			k = k2
		}
	}
	for ci := range sh.clusters {
		c := &sh.clusters[ci]
		r := runes[c.start]
		if isControl(r) {
			c.flags |= clControl
			c.adv = 0
		} else if hangs(r) {
			c.flags |= clSpace
		}
		if r == ' ' || r == 0xa0 {
			c.flags |= clExpand
		}
		if r == 0xa0 || r == 0x202f || r == 0x2007 || r == 0x2060 || r == 0xfeff {
			c.flags |= clGlue
		}
		c.flags |= breakAfter[c.end]
		if graphemeEnd[c.end] {
			c.flags |= clGrapheme
		}
		g := 0
		for i := c.start + 1; i <= c.end; i++ {
			if graphemeEnd[i] {
				g++
			}
		}
		c.graphemes = uint8(min(max(g, 1), 255))
	}
	sh.gbound = graphemeEnd
	sh.gbound[0] = true
	sh.cost = 64 + n*13 + len(sh.clusters)*28
	for i := range sh.items {
		sh.cost += 64 + len(sh.items[i].glyphs)*20
	}
	return sh
}

func (s *shaper) shapeItem(sh *shaped, it *item, script language.Script, noLiga bool) {
	b := s.buf
	b.Clear()
	b.AddRunes(sh.runes, it.start, it.end-it.start)
	b.Props.Script = script
	b.Props.Language = ""
	if it.rtl() {
		b.Props.Direction = harfbuzz.RightToLeft
	} else {
		b.Props.Direction = harfbuzz.LeftToRight
	}
	b.Flags = 0
	if it.start == 0 {
		b.Flags |= harfbuzz.Bot
	}
	if it.end == len(sh.runes) {
		b.Flags |= harfbuzz.Eot
	}
	var feats []harfbuzz.Feature
	if noLiga {
		feats = []harfbuzz.Feature{
			{Tag: tagLiga, Value: 0, Start: harfbuzz.FeatureGlobalStart, End: harfbuzz.FeatureGlobalEnd},
			{Tag: tagClig, Value: 0, Start: harfbuzz.FeatureGlobalStart, End: harfbuzz.FeatureGlobalEnd},
			{Tag: tagDlig, Value: 0, Start: harfbuzz.FeatureGlobalStart, End: harfbuzz.FeatureGlobalEnd},
		}
	}
	ok := func() (ok bool) {
		defer func() {
			// A font with broken layout tables must not take the renderer down.
			if recover() != nil {
				ok = false
			}
		}()
		b.Shape(s.hbFont(it.font), feats)
		return true
	}()
	if !ok {
		// Fall back to nominal glyphs and advances, no shaping.
		it.glyphs = it.glyphs[:0]
		for i := it.start; i < it.end; i++ {
			gid, _ := it.font.GlyphIndex(sh.runes[i])
			it.glyphs = append(it.glyphs, sglyph{id: gid, cluster: int32(i), adv: float32(it.font.Advance(gid))})
		}
		if it.rtl() {
			for l, r := 0, len(it.glyphs)-1; l < r; l, r = l+1, r-1 {
				it.glyphs[l], it.glyphs[r] = it.glyphs[r], it.glyphs[l]
			}
		}
		return
	}
	it.glyphs = make([]sglyph, len(b.Info))
	for i, info := range b.Info {
		p := b.Pos[i]
		cl := int32(info.Cluster)
		if cl < int32(it.start) || cl >= int32(it.end) {
			cl = int32(min(max(info.Cluster, it.start), it.end-1))
		}
		it.glyphs[i] = sglyph{id: font.GID(info.Glyph), cluster: cl, adv: float32(p.XAdvance),
			xOff: float32(p.XOffset), yOff: float32(p.YOffset)}
	}
}

func hasAll(f *font.Font, rs []rune) bool {
	for _, r := range rs {
		if !ignorable(r) && !f.HasRune(r) {
			return false
		}
	}
	return true
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
