// Package preflight checks a design the way a print shop would before it is exported: images
// too coarse for their printed size, text too close to the trim or in the bleed, text too
// small, fonts missing or substituted, elements off the page, empty text boxes, credits a
// licence requires but the design lacks. Each finding names its page and element, in French
// and English, so the editor can point at it and the CLI can print it.
package preflight

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"affiche/renderer"
	"affiche/renderer/font"
	"affiche/renderer/text"
	"affiche/scene"
)

// Severity ranks findings.
type Severity string

// The severities.
const (
	// Error: the print will very likely be wrong (missing image, text cut by the trim).
	Error Severity = "error"
	// Warning: a print shop would call about it (low resolution, text near the edge).
	Warning Severity = "warning"
)

// Finding codes.
const (
	CodeLowResolution   = "low-resolution"
	CodeImageMissing    = "image-missing"
	CodeInBleed         = "in-bleed"
	CodeOutsideSafeZone = "outside-safe-zone"
	CodeSmallText       = "small-text"
	CodeFontMissing     = "font-missing"
	CodeFontSubstituted = "font-substituted"
	CodeOffPage         = "off-page"
	CodeEmptyText       = "empty-text"
	CodeCreditMissing   = "credit-missing"
	CodeGlyphMissing    = "glyph-missing"
)

// Finding is one problem, located by page and element.
type Finding struct {
	Code      string   `json:"code"`
	Severity  Severity `json:"severity"`
	Page      int      `json:"page"` // 0-based
	ElementID string   `json:"elementId,omitempty"`
	Message   string   `json:"message"`
	MessageFR string   `json:"messageFr"`
	// Value is the measured figure when there is one (dpi, font size in pt, distance in mm).
	Value float64 `json:"value,omitempty"`
}

// In returns the message in the given language ("fr…" for French, else English).
func (f Finding) In(lang string) string {
	if strings.HasPrefix(lang, "fr") {
		return f.MessageFR
	}
	return f.Message
}

// Options tune the checks; zero values take the print-shop defaults.
type Options struct {
	// Loader reads images to learn their pixel size (nil: images are not checked).
	Loader renderer.Loader
	// Fonts resolves font families (nil: fonts and text extents are not checked).
	Fonts *font.Registry
	// SafeMargin is the distance inside the trim that text and logos should keep (default 5 mm).
	SafeMargin float64
	// MinDPI is the resolution images need at their printed size (default 300, and 150 on
	// pages larger than A2, which are seen from further away).
	MinDPI float64
	// MinFontSize is the smallest legible text in points (default 6).
	MinFontSize float64
}

func (o *Options) defaults() {
	if o.SafeMargin == 0 {
		o.SafeMargin = scene.MM(5)
	}
	if o.MinFontSize == 0 {
		o.MinFontSize = 6
	}
}

// largeFormatArea is the area of an A2 page in square points: above it, 150 dpi is enough.
var largeFormatArea = scene.MM(420) * scene.MM(594) * 1.01

// Check runs every check on every page and returns the findings, errors first, then by page.
// It never fails: a check that cannot run (no loader, an unreadable image) becomes a finding
// or is skipped.
func Check(ctx context.Context, doc *scene.Document, o Options) []Finding {
	o.defaults()
	c := &checker{ctx: ctx, doc: doc, o: o, credits: creditTexts(doc)}
	for i, p := range doc.Pages {
		c.page(i, p)
	}
	sort.SliceStable(c.out, func(i, j int) bool {
		a, b := c.out[i], c.out[j]
		if a.Severity != b.Severity {
			return a.Severity == Error
		}
		return a.Page < b.Page
	})
	return c.out
}

type checker struct {
	ctx      context.Context
	doc      *scene.Document
	o        Options
	out      []Finding
	credits  string // all the text of the document, lower case, to look for credit lines
	fontSeen map[string]bool
}

func (c *checker) add(f Finding) { c.out = append(c.out, f) }

func (c *checker) page(i int, p *scene.Page) {
	w, h := c.doc.PageSize(i)
	trim := scene.Rect{Width: w, Height: h}
	minDPI := c.o.MinDPI
	if minDPI == 0 {
		minDPI = 300
		if w*h > largeFormatArea {
			minDPI = 150
		}
	}
	if bi := p.BackgroundImage; bi != nil {
		c.image(i, "", bi.Src, nil, bi.Fit, w, h, minDPI)
	}
	p.Walk(func(e *scene.Element) bool {
		if e.Hidden {
			return false
		}
		c.element(i, e, trim, minDPI)
		return true
	})
}

func (c *checker) element(page int, e *scene.Element, trim scene.Rect, minDPI float64) {
	b := e.Bounds()
	if e.Type != scene.TypeGroup && !b.Intersects(trim) {
		c.add(Finding{Code: CodeOffPage, Severity: Warning, Page: page, ElementID: e.ID,
			Message:   fmt.Sprintf("%s lies entirely outside the page: it will not be printed", describe(e, "en")),
			MessageFR: fmt.Sprintf("%s est entièrement hors de la page : il ne sera pas imprimé", describe(e, "fr"))})
		return
	}
	if e.Credit != nil && e.Credit.Required && !c.hasCredit(e.Credit) {
		who := e.Credit.Author
		if who == "" {
			who = e.Credit.Provider
		}
		c.add(Finding{Code: CodeCreditMissing, Severity: Warning, Page: page, ElementID: e.ID,
			Message: fmt.Sprintf("the licence of %s requires a credit (%s): add a credits line, or export with a credits page",
				describe(e, "en"), strings.TrimSpace(who+" "+e.Credit.Licence)),
			MessageFR: fmt.Sprintf("la licence %s exige un crédit (%s) : ajoutez une mention, ou exportez avec une page de crédits",
				ofFR(describe(e, "fr")), strings.TrimSpace(who+" "+e.Credit.Licence))})
	}
	switch e.Type {
	case scene.TypeImage:
		c.image(page, e.ID, e.Src, e.Crop, e.Fit, e.Width, e.Height, minDPI)
	case scene.TypeSVG:
		c.edges(page, e, b, trim, "logo")
	case scene.TypeText:
		c.text(page, e, trim)
	}
}

// image checks the effective resolution of a placed image: the source pixels shown across
// the placed size in inches.
func (c *checker) image(page int, id, src string, crop *scene.Rect, fit scene.Fit, w, h, minDPI float64) {
	if c.o.Loader == nil || w <= 0 || h <= 0 {
		return
	}
	s, err := c.o.Loader.Load(c.ctx, src)
	if err != nil {
		c.add(Finding{Code: CodeImageMissing, Severity: Error, Page: page, ElementID: id,
			Message:   fmt.Sprintf("an image cannot be read: %v", err),
			MessageFR: fmt.Sprintf("une image est illisible : %v", err)})
		return
	}
	if s.Mime == "image/svg+xml" || s.Width == 0 {
		return // vector: sharp at any size
	}
	sw, sh := float64(s.Width), float64(s.Height)
	if crop != nil {
		sw, sh = sw*crop.Width, sh*crop.Height
	}
	var dpi float64
	switch fit {
	case scene.FitContain: // the whole source, scaled uniformly to fit inside the box
		shownW := math.Min(w, h*sw/sh)
		dpi = sw / (shownW / 72)
	case scene.FitFill: // stretched: the coarser direction counts
		dpi = math.Min(sw/(w/72), sh/(h/72))
	default: // cover: only the part of the source matching the box's ratio is shown
		if sw/sh > w/h {
			sw = sh * w / h
		}
		dpi = sw / (w / 72)
	}
	if dpi+0.5 < minDPI {
		c.add(Finding{Code: CodeLowResolution, Severity: Warning, Page: page, ElementID: id, Value: math.Round(dpi),
			Message: fmt.Sprintf("an image is %.0f dpi at its printed size (%.0f × %.0f mm); print needs %.0f dpi: it may look blurry",
				dpi, scene.ToMM(w), scene.ToMM(h), minDPI),
			MessageFR: fmt.Sprintf("une image n'a que %.0f dpi à sa taille d'impression (%.0f × %.0f mm) ; l'impression demande %.0f dpi : elle risque d'être floue",
				dpi, scene.ToMM(w), scene.ToMM(h), minDPI)})
	}
}

// edges warns when the ink of a text or logo reaches into the bleed (it will be cut) or outside
// the safe zone (it may be cut: trimming is precise to a millimetre or two).
func (c *checker) edges(page int, e *scene.Element, ink, trim scene.Rect, what string) {
	if ink.Width <= 0 && ink.Height <= 0 {
		return
	}
	out := math.Max(math.Max(trim.X-ink.X, ink.X+ink.Width-(trim.X+trim.Width)),
		math.Max(trim.Y-ink.Y, ink.Y+ink.Height-(trim.Y+trim.Height)))
	const eps = 0.01
	if out > eps {
		c.add(Finding{Code: CodeInBleed, Severity: Error, Page: page, ElementID: e.ID, Value: round1(scene.ToMM(out)),
			Message:   fmt.Sprintf("%s crosses the trim by %.1f mm: that part will be cut off", describe(e, "en"), scene.ToMM(out)),
			MessageFR: fmt.Sprintf("%s dépasse le bord de coupe de %.1f mm : cette partie sera coupée", describe(e, "fr"), scene.ToMM(out))})
		return
	}
	safe := trim.Inset(-c.o.SafeMargin)
	in := math.Max(math.Max(safe.X-ink.X, ink.X+ink.Width-(safe.X+safe.Width)),
		math.Max(safe.Y-ink.Y, ink.Y+ink.Height-(safe.Y+safe.Height)))
	if in > eps {
		dist := scene.ToMM(c.o.SafeMargin - in)
		c.add(Finding{Code: CodeOutsideSafeZone, Severity: Warning, Page: page, ElementID: e.ID, Value: round1(dist),
			Message: fmt.Sprintf("%s is %.1f mm from the trim, inside the %.0f mm margin a print shop asks for: it may be cut",
				describe(e, "en"), dist, scene.ToMM(c.o.SafeMargin)),
			MessageFR: fmt.Sprintf("%s est à %.1f mm du bord de coupe, dans la marge de %.0f mm demandée par l'imprimeur : il risque d'être rogné",
				describe(e, "fr"), dist, scene.ToMM(c.o.SafeMargin))})
	}
}

func (c *checker) text(page int, e *scene.Element, trim scene.Rect) {
	if strings.TrimSpace(e.PlainText()) == "" {
		c.add(Finding{Code: CodeEmptyText, Severity: Warning, Page: page, ElementID: e.ID,
			Message:   "an empty text box: delete it or type its text",
			MessageFR: "une zone de texte est vide : supprimez-la ou saisissez son texte"})
		return
	}
	smallest := math.Inf(1)
	for _, p := range e.Paragraphs {
		for i := range p.Runs {
			r := &p.Runs[i]
			if strings.TrimSpace(r.Text) == "" {
				continue
			}
			st := r.Style(e.TextStyle)
			smallest = math.Min(smallest, st.FontSize)
			c.font(page, e.ID, st)
		}
	}
	if smallest+1e-9 < c.o.MinFontSize {
		c.add(Finding{Code: CodeSmallText, Severity: Warning, Page: page, ElementID: e.ID, Value: smallest,
			Message:   fmt.Sprintf("text set in %g pt, under the %g pt most people can read in print", smallest, c.o.MinFontSize),
			MessageFR: fmt.Sprintf("texte en corps %g, sous les %g points lisibles par la plupart des gens à l'impression", smallest, c.o.MinFontSize)})
	}
	ink := e.Bounds()
	if c.o.Fonts != nil {
		res := text.Layout(e, c.o.Fonts)
		for _, w := range res.Warnings {
			if w.Code == text.WarnGlyphMissing {
				c.add(Finding{Code: CodeGlyphMissing, Severity: Error, Page: page, ElementID: e.ID,
					Message: w.Message, MessageFR: w.MessageFR})
			}
		}
		if r, ok := inkBox(res); ok {
			ink = transformRect(e.Transform(), r)
		}
	}
	c.edges(page, e, ink, trim, "text")
}

// font reports a family missing from the registry, or a weight/style it lacks, once per family.
func (c *checker) font(page int, id string, st scene.TextStyle) {
	if c.o.Fonts == nil {
		return
	}
	key := fmt.Sprintf("%s|%d|%v", strings.ToLower(st.FontFamily), st.FontWeight, st.Italic)
	if c.fontSeen == nil {
		c.fontSeen = map[string]bool{}
	}
	if c.fontSeen[key] {
		return
	}
	c.fontSeen[key] = true
	f, exact := c.o.Fonts.Resolve(st.FontFamily, int(st.FontWeight), st.Italic)
	switch {
	case f == nil || !exact:
		used := "another font"
		usedFR := "une autre police"
		if f != nil {
			used, usedFR = f.Family, f.Family
		}
		c.add(Finding{Code: CodeFontMissing, Severity: Error, Page: page, ElementID: id,
			Message:   fmt.Sprintf("font %q is not available: the text will print in %s; upload the font or pick another", st.FontFamily, used),
			MessageFR: fmt.Sprintf("la police « %s » n'est pas disponible : le texte sera imprimé en %s ; importez la police ou choisissez-en une autre", st.FontFamily, usedFR)})
	case math.Abs(float64(f.Weight-int(st.FontWeight))) >= 200 || f.Italic != st.Italic:
		c.add(Finding{Code: CodeFontSubstituted, Severity: Warning, Page: page, ElementID: id,
			Message: fmt.Sprintf("%s has no %s face: %s is used instead", st.FontFamily, faceName(int(st.FontWeight), st.Italic, "en"),
				faceName(f.Weight, f.Italic, "en")),
			MessageFR: fmt.Sprintf("%s n'existe pas en %s : %s est utilisée à la place", st.FontFamily, faceName(int(st.FontWeight), st.Italic, "fr"),
				faceName(f.Weight, f.Italic, "fr"))})
	}
}

func (c *checker) hasCredit(cr *scene.Credit) bool {
	for _, s := range []string{cr.Text, cr.Author} {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" && strings.Contains(c.credits, s) {
			return true
		}
	}
	return false
}

// creditTexts gathers the document's text, lower case, to look for credit lines in.
func creditTexts(doc *scene.Document) string {
	var b strings.Builder
	for _, p := range doc.Pages {
		p.Walk(func(e *scene.Element) bool {
			if e.Type == scene.TypeText && !e.Hidden {
				b.WriteString(strings.ToLower(e.PlainText()))
				b.WriteByte('\n')
			}
			return true
		})
	}
	return b.String()
}

// inkBox returns the box around the laid-out lines (element coordinates).
func inkBox(r *text.Result) (scene.Rect, bool) {
	first := true
	var box scene.Rect
	for i := range r.Lines {
		l := &r.Lines[i]
		if l.Width <= 0 {
			continue
		}
		lr := scene.Rect{X: l.X, Y: l.Top(), Width: l.Width, Height: l.Bottom() - l.Top()}
		if first {
			box, first = lr, false
		} else {
			box = box.Union(lr)
		}
	}
	for _, bg := range r.Backgrounds {
		if first {
			box, first = bg, false
		} else {
			box = box.Union(bg)
		}
	}
	return box, !first
}

func transformRect(m scene.Affine, r scene.Rect) scene.Rect {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range [4][2]float64{{r.X, r.Y}, {r.X + r.Width, r.Y}, {r.X + r.Width, r.Y + r.Height}, {r.X, r.Y + r.Height}} {
		x, y := m.Apply(p[0], p[1])
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	}
	return scene.Rect{X: minX, Y: minY, Width: maxX - minX, Height: maxY - minY}
}

func describe(e *scene.Element, lang string) string {
	fr := strings.HasPrefix(lang, "fr")
	label := map[scene.Type][2]string{
		scene.TypeText: {"a text", "un texte"}, scene.TypeImage: {"an image", "une image"},
		scene.TypeSVG: {"a logo or icon", "un logo ou une icône"}, scene.TypeShape: {"a shape", "une forme"},
		scene.TypeLine: {"a line", "un trait"}, scene.TypeGroup: {"a group", "un groupe"},
	}[e.Type]
	s := label[0]
	if fr {
		s = label[1]
	}
	if s == "" {
		s = map[bool]string{false: "an element", true: "un élément"}[fr]
	}
	if e.Type == scene.TypeText {
		t := strings.Join(strings.Fields(e.PlainText()), " ")
		if len([]rune(t)) > 30 {
			t = string([]rune(t)[:29]) + "…"
		}
		if fr {
			return fmt.Sprintf("%s (« %s »)", s, t)
		}
		return fmt.Sprintf("%s (“%s”)", s, t)
	}
	if e.Name != "" {
		return fmt.Sprintf("%s (%s)", s, e.Name)
	}
	return s
}

// ofFR puts the French "de" in front of a noun phrase, elided before a vowel: "d'une image".
func ofFR(s string) string {
	if s != "" && strings.ContainsRune("aeéèêiîoôuyAEÉIOUY", []rune(s)[0]) {
		return "d'" + s
	}
	return "de " + s
}

func faceName(weight int, italic bool, lang string) string {
	fr := strings.HasPrefix(lang, "fr")
	var w string
	switch {
	case weight >= 800:
		w = map[bool]string{false: "extra bold", true: "extra-gras"}[fr]
	case weight >= 600:
		w = map[bool]string{false: "bold", true: "gras"}[fr]
	case weight <= 300:
		w = map[bool]string{false: "light", true: "maigre"}[fr]
	default:
		w = map[bool]string{false: "regular", true: "normal"}[fr]
	}
	if italic {
		w += map[bool]string{false: " italic", true: " italique"}[fr]
	}
	return w
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
