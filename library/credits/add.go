package credits

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"affiche/scene"
)

// Options tune how credits are added.
type Options struct {
	// Lang is the language of the credits ("fr" or "en"); empty means Lang(doc).
	Lang string
	// Measure returns the height in points of a text element's laid-out content (the
	// renderer's layout: text.Layout(e, fonts).ContentHeight). When nil, heights are estimated
	// from the number of characters, generously, so that text stays inside its page.
	Measure func(e *scene.Element) float64
}

// Typography of what is added: the family every installation has, dark grey text.
const (
	fontFamily = scene.DefaultFontFamily
	textColor  = "#222222"
	mutedColor = "#555555"
	lineHeight = 1.3
	// avgAdvance is a generous average advance of Roboto's characters, in ems, for estimates.
	avgAdvance = 0.56
)

// Names of the elements added, so an editor (or a test) can tell them apart.
const (
	LineName  = "credits-line"
	TitleName = "credits-title"
	IntroName = "credits-intro"
	ListName  = "credits-list"
)

// Apply adds credits to doc as mode says, for an export of pages (0-based indices, nil for
// all). It returns the document to export — a copy sharing doc's unchanged parts; doc itself is
// not modified — and the pages to export, which for Page include the credits page(s). With
// None, or when no item of those pages carries a credit, doc and pages come back as they were.
func Apply(doc *scene.Document, mode Mode, pages []int, o Options) (*scene.Document, []int) {
	switch mode {
	case Line:
		return AddLines(doc, pages, o), pages
	case Page:
		return AddPages(doc, pages, o)
	}
	return doc, pages
}

func allPages(doc *scene.Document, pages []int) []int {
	if pages != nil {
		return pages
	}
	out := make([]int, len(doc.Pages))
	for i := range out {
		out[i] = i
	}
	return out
}

func (o Options) lang(doc *scene.Document) string {
	if o.Lang == "en" || o.Lang == "fr" {
		return o.Lang
	}
	return Lang(doc)
}

// height measures (or estimates) the laid-out height of a text element.
func (o Options) height(e *scene.Element) float64 {
	if o.Measure != nil {
		if h := o.Measure(e); h > 0 && !math.IsInf(h, 0) && !math.IsNaN(h) {
			return h
		}
	}
	lines := 0
	for i := range e.Paragraphs {
		n := 0
		size := e.FontSize
		for _, r := range e.Paragraphs[i].Runs {
			n += utf8.RuneCountInString(r.Text)
			if r.FontSize != nil && *r.FontSize > size {
				size = *r.FontSize
			}
		}
		perLine := max(1, int(e.Width/(avgAdvance*size)))
		lines += max(1, (n+perLine-1)/perLine)
	}
	return float64(lines)*e.FontSize*e.LineHeight + float64(max(0, len(e.Paragraphs)-1))*e.ParagraphSpacing*e.FontSize
}

// newText returns a text element with every field a restored scene would have.
func newText(name string, x, y, w, h, size float64, weight scene.FontWeight, color string) *scene.Element {
	return &scene.Element{
		ID: scene.NewID(), Type: scene.TypeText, Name: name, X: x, Y: y, Width: w, Height: h, Opacity: 1,
		TextStyle:  scene.TextStyle{FontFamily: fontFamily, FontSize: size, FontWeight: weight, Color: color},
		LineHeight: lineHeight, Align: scene.AlignLeft, VerticalAlign: scene.VAlignTop, TextTransform: scene.TransformNone,
	}
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// AddLines returns a copy of doc where each of the given pages (nil for all) that shows
// credited items gets a credits line at its foot, inside the print safe zone, on a light
// background so that it stays legible over a photo: "Crédits — Photo : Jeanne Martin / Unsplash
// (Unsplash License) · Icônes : Paweł Kuna / Tabler Icons (MIT)".
func AddLines(doc *scene.Document, pages []int, o Options) *scene.Document {
	lang := o.lang(doc)
	var out *scene.Document
	for _, p := range allPages(doc, pages) {
		if p < 0 || p >= len(doc.Pages) || doc.Pages[p] == nil {
			continue
		}
		entries := Gather(doc, []int{p})
		if len(entries) == 0 {
			continue
		}
		if out == nil {
			c := *doc
			c.Pages = slices.Clone(doc.Pages)
			out = &c
		}
		w, h := doc.PageSize(p)
		margin := scene.MM(7)
		size := clamp(math.Min(w, h)*0.012, 6.5, 14)
		parts := make([]string, len(entries))
		for i, e := range entries {
			parts[i] = e.Label(lang) + colon(lang) + e.Name()
			if l := e.Licence(lang); l != "" {
				parts[i] += " (" + l + ")"
			}
		}
		title := "Crédits"
		if lang == "en" {
			title = "Credits"
		}
		el := newText(LineName, margin, 0, math.Max(w-2*margin, size*10), 0, size, scene.WeightNormal, textColor)
		el.Paragraphs = []scene.Paragraph{{Runs: []scene.Run{
			{Text: title + " — ", FontWeight: ptr(scene.WeightBold)},
			{Text: strings.Join(parts, " · ")},
		}}}
		el.Background = &scene.TextBackground{Color: "#ffffff", Opacity: 0.85, Padding: size * 0.35, CornerRadius: size * 0.2, PerLine: true}
		el.Height = math.Ceil(o.height(el)*100) / 100
		el.Y = h - margin - el.Height
		pg := *doc.Pages[p]
		pg.Elements = append(slices.Clone(pg.Elements), el)
		out.Pages[p] = &pg
	}
	if out == nil {
		return doc
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// AddPages returns a copy of doc with a credits page after its pages — more than one when the
// list does not fit — listing the credits of the given pages (nil for all), and the pages to
// export: the given ones followed by the credits pages. A credits page has the size of the
// first exported page, a white background, the title "Crédits" ("Credits"), a line saying what
// the list is, and one paragraph per entry: "Photo : Jeanne Martin / Unsplash — Unsplash
// License — unsplash.com/photos/…" (the link clickable in a PDF).
func AddPages(doc *scene.Document, pages []int, o Options) (*scene.Document, []int) {
	pages = allPages(doc, pages)
	entries := Gather(doc, pages)
	if len(entries) == 0 {
		return doc, pages
	}
	lang := o.lang(doc)
	first := 0
	if len(pages) > 0 && pages[0] >= 0 && pages[0] < len(doc.Pages) {
		first = pages[0]
	}
	w, h := doc.PageSize(first)
	short := math.Min(w, h)
	margin := clamp(short*0.08, scene.MM(10), scene.MM(30))
	titleSize := clamp(short*0.045, 14, 72)
	bodySize := clamp(short*0.018, 7, 24)
	innerW := math.Max(w-2*margin, bodySize*10)

	paras := make([]scene.Paragraph, len(entries))
	for i, e := range entries {
		paras[i] = paragraph(e, lang, bodySize)
	}
	// Measure each paragraph on its own, then fill pages in order.
	heights := make([]float64, len(paras))
	for i := range paras {
		probe := newText(ListName, 0, 0, innerW, 0, bodySize, scene.WeightNormal, textColor)
		probe.Paragraphs = paras[i : i+1]
		heights[i] = o.height(probe)
	}
	spacing := 0.6 // paragraph spacing, in ems of the body size

	title, intro, cont := "Crédits", "Auteurs, sources et licences des images et icônes de ce document.", "Crédits (suite)"
	if lang == "en" {
		title, intro, cont = "Credits", "Authors, sources and licences of the images and icons in this document.", "Credits (continued)"
	}
	out := *doc
	out.Pages = slices.Clone(doc.Pages)
	pages = slices.Clone(pages)
	for start := 0; start < len(paras); {
		pg := &scene.Page{ID: scene.NewID(), Name: title, Background: &scene.Fill{Color: "#ffffff"}}
		if pw, ph := doc.PageSize(first); pw != doc.Width || ph != doc.Height {
			pg.Width, pg.Height = pw, ph
		}
		t := title
		if start > 0 {
			t = cont
		}
		te := newText(TitleName, margin, margin, innerW, 0, titleSize, scene.WeightBold, textColor)
		te.Paragraphs = []scene.Paragraph{{Runs: []scene.Run{{Text: t}}}}
		te.LineHeight = 1.2
		te.Height = math.Ceil(o.height(te))
		y := margin + te.Height + titleSize*0.4
		ie := newText(IntroName, margin, y, innerW, 0, bodySize, scene.WeightNormal, mutedColor)
		ie.Paragraphs = []scene.Paragraph{{Runs: []scene.Run{{Text: intro, Italic: ptr(true)}}}}
		ie.Height = math.Ceil(o.height(ie))
		y += ie.Height + bodySize*1.2
		avail := h - margin - y
		end, used := start, 0.0
		for end < len(paras) {
			add := heights[end]
			if end > start {
				add += spacing * bodySize
			}
			if used+add > avail && end > start {
				break
			}
			used += add
			end++
		}
		le := newText(ListName, margin, y, innerW, math.Max(avail, used), bodySize, scene.WeightNormal, textColor)
		le.Paragraphs = slices.Clone(paras[start:end])
		le.ParagraphSpacing = spacing
		pg.Elements = []*scene.Element{te, ie, le}
		out.Pages = append(out.Pages, pg)
		pages = append(pages, len(out.Pages)-1)
		start = end
	}
	return &out, pages
}

// paragraph is one entry of a credits page: the label in bold, the name, the licence and the
// link in grey (a hyperlink in PDF exports).
func paragraph(e Entry, lang string, size float64) scene.Paragraph {
	runs := []scene.Run{
		{Text: e.Label(lang) + colon(lang), FontWeight: ptr(scene.WeightBold)},
		{Text: e.Name()},
	}
	if l := e.Licence(lang); l != "" {
		r := scene.Run{Text: " — " + l}
		if u := e.Credit.LicenceURL; u != "" && validLink(u) {
			r.Link = u
		}
		runs = append(runs, r)
	}
	if link := e.Link(); link != "" {
		if d := DisplayURL(link, 70); d != "" {
			runs = append(runs, scene.Run{Text: " — "}, scene.Run{Text: d, Color: ptr(mutedColor), Link: link})
		}
	}
	return scene.Paragraph{Runs: runs}
}

func validLink(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}
