package pdf

import (
	"image/color"
	"math"
	"unicode/utf8"

	"affiche/renderer/geom"
	"affiche/renderer/text"
	"affiche/scene"
)

// text draws a text element from the shared layout, in its box coordinates: background boxes,
// the outline stroke under the glyphs, the glyphs, then underlines and strikethroughs — the
// raster backend's order. Glyphs that are the plain cmap glyph of their character are written
// as text in the embedded font, each at the layout's position; the others are filled outlines,
// with the characters they stand for written over them as invisible text so that copying the
// words still works.
func (wr *writer) text(c *content, e *scene.Element, path string, opacity float64) {
	if wr.o.Fonts == nil {
		wr.warn(path, WarnNoFonts, "no fonts are available: the text is not drawn",
			"aucune police n'est disponible : le texte n'est pas dessiné")
		return
	}
	res := text.Layout(e, wr.o.Fonts)
	for _, w := range res.Warnings {
		wr.warn(path, w.Code, w.Message, w.MessageFR)
	}
	if bg := e.Background; bg != nil && len(res.Backgrounds) > 0 {
		boxes := &geom.Path{}
		for _, b := range res.Backgrounds {
			boxes.Append(geom.RoundedRect(b.X, b.Y, b.Width, b.Height, bg.CornerRadius))
		}
		wr.fillPath(c, boxes, scene.Solid(bg.Color), e.Width, e.Height, opacity*clamp01(bg.Opacity), false)
	}
	if visibleStroke(e.Stroke) {
		// One path for every glyph's stroke: where strokes overlap they merge instead of
		// doubling their opacity.
		outlines := &geom.Path{}
		res.EachGlyph(func(run *text.GlyphRun, g *text.Glyph) {
			outlines.Append(run.Font.GlyphOutline(g.ID).Transformed(run.Matrix(g)))
		})
		join := e.Stroke.Join
		if join == "" {
			join = "round" // sharp miters on letter corners look like spikes
		}
		wr.strokePath(c, outlines, e.Stroke, opacity, join, true)
	}
	var fallback *pdfFont
	fallbackDone := false
	for li := range res.Lines {
		for ri := range res.Lines[li].Runs {
			run := &res.Lines[li].Runs[ri]
			if run.Font == nil || len(run.Glyphs) == 0 {
				continue
			}
			col := run.Color
			a := opacity * float64(col.A) / 255
			if a <= 0 {
				continue
			}
			pf := wr.embed(run.Font, path)
			hidden := pf
			if hidden == nil && !wr.o.OutlineText {
				if !fallbackDone {
					fallback, fallbackDone = wr.fallbackFont(path), true
				}
				hidden = fallback
			}
			wr.run(c, run, pf, hidden, col, a)
			if run.Link != "" {
				wr.link(e, &res.Lines[li], run)
			}
		}
	}
	for _, d := range res.Decorations {
		if d.Color.A > 0 && d.Rect.Width > 0 && d.Rect.Height > 0 {
			wr.fillPath(c, geom.Rect(d.Rect.X, d.Rect.Y, d.Rect.Width, d.Rect.Height),
				scene.Solid(scene.HexColor(d.Color)), e.Width, e.Height, opacity, false)
		}
	}
}

// fallbackFont is the font invisible text is written in when a run's own font cannot be
// embedded: the registry's default family.
func (wr *writer) fallbackFont(path string) *pdfFont {
	f, _ := wr.o.Fonts.Resolve(wr.o.Fonts.Default(), 400, false)
	if f == nil || f.IsCFF() || !f.IsTrueType() {
		return nil
	}
	return wr.embed(f, path)
}

// run draws one glyph run: text in pf where it can be, outlines elsewhere with invisible
// text in hidden over them. Visible and invisible characters go into one text object in
// visual order, so that text extraction reads them in order.
func (wr *writer) run(c *content, run *text.GlyphRun, pf, hidden *pdfFont, col color.NRGBA, a float64) {
	// Cluster ends: the start of the next cluster in text order.
	ends := clusterEnds(run)
	t := newTJ(run.Size)
	t.skew = run.Skew
	if run.Embolden > 0 {
		t.visibleMode = "2 Tr" // fill, then stroke in the same colour: a synthetic bold
	}
	outlines := &geom.Path{}
	// First the clusters, each written as text or drawn as outlines with invisible text.
	type item struct {
		visible bool
		r       rune
		x, y    float64
		runes   []rune // invisible text
		advance float64
	}
	var items []item
	hiddenAdv, hiddenNominal := 0.0, 0.0
	for gi := 0; gi < len(run.Glyphs); {
		g := &run.Glyphs[gi]
		// The glyphs of this cluster.
		gj := gi + 1
		for gj < len(run.Glyphs) && run.Glyphs[gj].Cluster == g.Cluster {
			gj++
		}
		start, end := g.Cluster, ends[g.Cluster]
		if start < 0 || end > len(run.Text) || start > end {
			start, end = 0, 0
		}
		s := run.Text[start:end]
		r, size := utf8.DecodeRuneInString(s)
		if gj == gi+1 && size == len(s) && size > 0 && pf.textGlyph(r, g.ID) {
			items = append(items, item{visible: true, r: r, x: g.X, y: g.Y})
			gi = gj
			continue
		}
		x0, x1 := math.Inf(1), math.Inf(-1)
		for k := gi; k < gj; k++ {
			gk := &run.Glyphs[k]
			outlines.Append(run.Font.GlyphOutline(gk.ID).Transformed(run.Matrix(gk)))
			x0, x1 = math.Min(x0, gk.X), math.Max(x1, gk.X+gk.Advance)
		}
		if hidden != nil && s != "" {
			var rs []rune
			for _, r := range s {
				if hidden.sf.glyph(r) == 0 {
					rs = nil
					break
				}
				rs = append(rs, r)
			}
			if run.RTL {
				for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
					rs[i], rs[j] = rs[j], rs[i]
				}
			}
			if len(rs) > 0 {
				it := item{x: x0, y: g.Y, runes: rs, advance: x1 - x0}
				items = append(items, it)
				hiddenAdv += it.advance
				for _, r := range rs {
					hiddenNominal += hidden.advance(r, run.Size)
				}
			}
		}
		gi = gj
	}
	// Invisible characters are scaled horizontally, all by one factor (so that they stay one
	// word for text extraction), to span the glyphs they stand for.
	h := 1.0
	if hiddenNominal > 0 && hiddenAdv > 0 {
		h = math.Max(0.05, math.Min(20, hiddenAdv/hiddenNominal))
	}
	for _, it := range items {
		if it.visible {
			t.add(pf, false, 1, it.x, it.y, it.r)
			continue
		}
		x := it.x
		for _, r := range it.runes {
			t.add(hidden, true, h, x, it.y, r)
			x += hidden.advance(r, run.Size) * h
		}
	}
	if !t.empty() {
		c.save()
		if a < 1 {
			c.gs(wr.alpha(a))
		}
		c.fillColor(col)
		if run.Embolden > 0 {
			c.strokeColor(col)
			c.strokeStyle(run.Embolden, "", "round", nil)
		}
		c.op("BT")
		c.b = append(c.b, t.finish()...)
		c.op("ET")
		c.restore()
	}
	if !outlines.Empty() {
		wr.fillPath(c, outlines, scene.Solid(scene.HexColor(col)), 0, 0, a, false)
		if run.Embolden > 0 {
			wr.strokePath(c, outlines, &scene.Stroke{Color: scene.HexColor(col), Width: run.Embolden}, a, "round", false)
		}
	}
}

// clusterEnds maps each cluster start of a run to the start of the next cluster in text
// order (or the end of the text).
func clusterEnds(run *text.GlyphRun) map[int]int {
	starts := map[int]bool{}
	for i := range run.Glyphs {
		starts[run.Glyphs[i].Cluster] = true
	}
	ends := make(map[int]int, len(starts))
	for s := range starts {
		e := len(run.Text)
		for t := range starts {
			if t > s && t < e {
				e = t
			}
		}
		ends[s] = e
	}
	return ends
}

// tj builds the text of one run as TJ arrays: each character placed exactly at its x
// (kerning, letter spacing and justification become the numbers between strings), a new text
// matrix where the baseline, the font or the rendering mode (visible or invisible) changes.
type tj struct {
	size float64
	skew float64 // synthetic italic: x += skew × height above the baseline
	// visibleMode is the rendering mode of visible characters ("0 Tr": fill).
	visibleMode string
	b           content
	pf          *pdfFont // current font
	invisible   bool     // current rendering mode
	hscale      float64  // current horizontal scaling (Tz / 100)
	open        bool     // inside [ … ]
	inStr       bool     // inside < … >
	y, pen      float64
	nonEmpty    bool
}

func newTJ(size float64) *tj { return &tj{size: size, visibleMode: "0 Tr", hscale: 1} }

func (t *tj) empty() bool { return !t.nonEmpty }

const hexDigits = "0123456789ABCDEF"

// add places r at (x, y) (element box coordinates, y down) in pf, visible or not, scaled
// horizontally by h.
func (t *tj) add(pf *pdfFont, invisible bool, h, x, y float64, r rune) {
	if pf == nil || r <= 0 || r >= 0xFFFF {
		return
	}
	if h != t.hscale {
		t.closeArray()
		t.b.num(100 * h)
		t.b.op("Tz")
		t.hscale = h
	}
	if !t.nonEmpty || pf != t.pf || invisible != t.invisible {
		t.closeArray()
		if pf != t.pf {
			t.b.raw(pf.res + " ")
			t.b.num(t.size)
			t.b.op("Tf")
		}
		if invisible != t.invisible || !t.nonEmpty {
			if invisible {
				t.b.op("3 Tr")
			} else {
				t.b.op(t.visibleMode)
			}
		}
		t.pf, t.invisible = pf, invisible
	}
	if !t.open || math.Abs(y-t.y) > 1e-4 {
		t.closeArray()
		t.b.nums(1, 0, t.skew, -1, x, y)
		t.b.op("Tm")
		t.b.raw("[")
		t.open, t.y, t.pen = true, y, x
	}
	if d := x - t.pen; math.Abs(d) > 1e-5 {
		if t.inStr {
			t.b.raw(">")
			t.inStr = false
		}
		t.b.raw(" ")
		t.b.num(-d * 1000 / (t.size * t.hscale))
		t.pen = x
	}
	if !t.inStr {
		t.b.raw("<")
		t.inStr = true
	}
	t.b.b = append(t.b.b, hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15])
	t.pen += pf.advance(r, t.size) * t.hscale
	pf.runes[r] = true
	t.nonEmpty = true
}

func (t *tj) closeArray() {
	if !t.open {
		return
	}
	if t.inStr {
		t.b.raw(">")
		t.inStr = false
	}
	t.b.op("] TJ")
	t.open = false
}

func (t *tj) finish() []byte {
	t.closeArray()
	return t.b.b
}

// link adds a link annotation over a run (its rotated box's bounds on the page).
func (wr *writer) link(e *scene.Element, ln *text.Line, run *text.GlyphRun) {
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, g := range run.Glyphs {
		x0 = math.Min(x0, g.X)
		x1 = math.Max(x1, g.X+g.Advance)
	}
	if !(x1 > x0) {
		return
	}
	m := e.Transform()
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range [4][2]float64{{x0, ln.Top()}, {x1, ln.Top()}, {x1, ln.Bottom()}, {x0, ln.Bottom()}} {
		x, y := m.Apply(p[0], p[1])
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	}
	wr.pdf.LinkString(minX+wr.margin, minY+wr.margin, maxX-minX, maxY-minY, run.Link)
}
