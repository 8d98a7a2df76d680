// Package pdf writes scene documents as print-ready PDF files: vector shapes, lines and
// gradients, text as real embedded (subset) TrueType fonts placed glyph by glyph where the
// shared layout put them, images at their native resolution (JPEG bytes passed through), SVG
// icons as vectors, exact paper sizes with TrimBox and BleedBox, bleed and crop marks.
//
// It draws the same geometry (renderer/geom) and the same text layout (renderer/text) as the
// raster backend, so the PDF rasterised by any viewer and the PNG break every line in the same
// place. The document container, font embedding and subsetting, alpha states and page boxes
// come from github.com/go-pdf/fpdf; what fpdf cannot express (multi-stop gradients,
// transparency groups, soft masks, images passed through) is written as raw PDF objects
// through fpdf's object import hook (see objects.go).
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"affiche/renderer"
	"affiche/renderer/font"
	"affiche/scene"
)

// Options are the settings of a PDF export.
type Options struct {
	// Fonts is the registry text is set with. Without it text is not drawn (a warning says so).
	Fonts *font.Registry
	// Loader fetches images and SVGs by URL (wrapped so that each URL loads once). Nil: only
	// data: URLs load.
	Loader renderer.Loader
	// Pages lists the pages to write, from 0, in order; nil or empty writes every page.
	Pages []int
	// Bleed is the bleed in points around every page: nil takes the document's, 0 writes the
	// trimmed page only.
	Bleed *float64
	// CropMarks draws crop marks outside the bleed (the page grows to hold them).
	CropMarks bool
	// OutlineText draws every glyph as a vector outline: no font is embedded and the text
	// cannot be selected. Some print shops ask for it.
	OutlineText bool
	// DPI is the resolution of what is rasterised (drop shadows: sharp ones at DPI, blurred
	// ones at 72–150 dpi); 0 means 300.
	DPI float64
	// Title, Author, Subject and Creator fill the document information; empty Title and
	// Author take the document's own. Creator defaults to "Affiche".
	Title, Author, Subject, Creator string
	// Date is the creation date written in the file; zero means now.
	Date time.Time
	// Progress, when set, is called with each page's index (from 0) once it is drawn.
	Progress func(page int)
}

// Preset is a named set of export settings offered to users.
type Preset struct {
	ID    string
	Label scene.Label
	// Bleed is the preset's bleed in points (nil: the document's own).
	Bleed     *float64
	CropMarks bool
	DPI       float64
}

// Apply returns o with the preset's settings.
func (p Preset) Apply(o Options) Options {
	o.Bleed, o.CropMarks, o.DPI = p.Bleed, p.CropMarks, p.DPI
	return o
}

func ptr(v float64) *float64 { return &v }

// The presets.
var (
	// PresetPrint is what a French print shop expects: 3 mm bleed, crop marks, 300 dpi.
	PresetPrint = Preset{ID: "print",
		Label: scene.Label{FR: "Imprimeur (PDF 300 dpi, fonds perdus 3 mm, traits de coupe)",
			EN: "Print shop (PDF 300 dpi, 3 mm bleed, crop marks)"},
		Bleed: ptr(scene.MM(3)), CropMarks: true, DPI: 300}
	// PresetScreen is for reading on screen and sharing: the trimmed page, no marks.
	PresetScreen = Preset{ID: "screen",
		Label: scene.Label{FR: "Web/écran", EN: "Web/screen"},
		Bleed: ptr(0), CropMarks: false, DPI: 150}
	// Presets lists them, the print preset first.
	Presets = []Preset{PresetPrint, PresetScreen}
)

// PresetByID finds a preset by its id ("print", "screen").
func PresetByID(id string) (Preset, bool) {
	for _, p := range Presets {
		if p.ID == strings.ToLower(strings.TrimSpace(id)) {
			return p, true
		}
	}
	return Preset{}, false
}

// Warning is a problem that did not stop the export (a missing image drawn as a placeholder,
// a font drawn as outlines…), located by the element's JSON path, in English and French.
type Warning = scene.Warning

// Warning codes (the raster backend's, plus the PDF's own).
const (
	WarnImageMissing = "image-missing"
	WarnSVGInvalid   = "svg-invalid"
	WarnPathInvalid  = "path-invalid"
	WarnFontMissing  = "font-missing"
	WarnGlyphMissing = "glyph-missing"
	WarnNoFonts      = "no-fonts"
	WarnDrawFailed   = "draw-failed"
	// WarnFontOutlined: a font could not be embedded (CFF/OpenType, a licence that forbids
	// embedding, a file the PDF writer cannot read): its text is drawn as outlines.
	WarnFontOutlined = "font-outlined"
)

// Limits.
const (
	// MaxBleed is the largest bleed accepted (2 cm; print shops ask for 2–5 mm).
	MaxBleed = 20 * scene.PtPerMM
	// MaxPageSide is the largest page side PDF viewers accept (200 in, PDF 1.x's limit).
	MaxPageSide = 14400.0
)

// Crop marks: markLength long, in the registration colour, starting markGap outside the trim
// and always a little beyond the bleed, so that they never touch artwork.
var (
	markLength   = scene.MM(5)
	markGap      = scene.MM(3)
	markClear    = scene.MM(0.5)
	markWidth    = 0.25
	markMarginMM = 2.0 // blank paper beyond the marks
)

// markOffset is the distance from the trim to the start of the crop marks.
func (wr *writer) markOffset() float64 { return math.Max(markGap, wr.bleed+markClear) }

// Write writes the pages of doc (which must have passed scene.Restore or scene.Normalize) as
// one PDF to w. Problems with single elements become warnings; errors are reserved for a bad
// page list or option, a cancelled context and a failure to write. Nothing is written to w
// unless the whole file could be made.
func Write(ctx context.Context, w io.Writer, doc *scene.Document, o Options) ([]Warning, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if doc == nil || len(doc.Pages) == 0 {
		return nil, errors.New("pdf: the document has no pages")
	}
	pages := o.Pages
	if len(pages) == 0 {
		pages = make([]int, len(doc.Pages))
		for i := range pages {
			pages[i] = i
		}
	}
	for _, p := range pages {
		if p < 0 || p >= len(doc.Pages) || doc.Pages[p] == nil {
			return nil, fmt.Errorf("pdf: no page %d (the document has %d)", p+1, len(doc.Pages))
		}
		pw, ph := doc.PageSize(p)
		if !(pw > 0) || !(ph > 0) || pw > MaxPageSide || ph > MaxPageSide {
			return nil, fmt.Errorf("pdf: page %d is %g × %g pt; PDF pages are 1–%g pt a side", p+1, pw, ph, MaxPageSide)
		}
	}
	bleed := doc.Bleed
	if o.Bleed != nil {
		bleed = *o.Bleed
	}
	if !(bleed >= 0) || bleed > MaxBleed {
		return nil, fmt.Errorf("pdf: bleed %g pt out of range (0–%g mm)", bleed, MaxBleed/scene.PtPerMM)
	}
	if o.DPI == 0 {
		o.DPI = 300
	}
	if !(o.DPI >= 18) || o.DPI > 1200 {
		return nil, fmt.Errorf("pdf: resolution %g dpi out of range (18–1200)", o.DPI)
	}
	wr := newWriter(ctx, doc, o, bleed)
	var out bytes.Buffer
	err := wr.write(pages, &out)
	if errors.Is(err, errInternal) && !o.OutlineText && ctx.Err() == nil {
		// Most likely a font file fpdf could not handle after all: outline every glyph.
		o.OutlineText = true
		wr = newWriter(ctx, doc, o, bleed)
		out.Reset()
		if err = wr.write(pages, &out); err == nil {
			wr.warn("", WarnFontOutlined, "a font could not be embedded: all the text is drawn as outlines",
				"une police n'a pas pu être incorporée : tout le texte est dessiné en contours")
		}
	}
	if err != nil {
		return wr.warnings, err
	}
	_, err = w.Write(out.Bytes())
	return wr.warnings, err
}

// errInternal marks a failure of the writer itself (a panic caught), never of the input.
var errInternal = errors.New("pdf: internal error")

// writer is the state of one export.
type writer struct {
	ctx    context.Context
	doc    *scene.Document
	o      Options
	bleed  float64
	pdf    *fpdf.Fpdf
	objs   *objects
	loader renderer.Loader

	fonts  map[*byte]*pdfFont
	nFont  int
	images map[string]*pdfImage
	grads  map[string]string
	alphas map[string]string
	nForm  int

	// Current page: trim size, media size and the margin from media to trim.
	pageW, pageH, mediaW, mediaH, margin float64

	warnings []Warning
	seen     map[string]bool
}

func newWriter(ctx context.Context, doc *scene.Document, o Options, bleed float64) *writer {
	var next renderer.Loader = renderer.DataLoader{}
	if o.Loader != nil {
		next = renderer.DataLoader{Next: o.Loader}
	}
	return &writer{
		ctx: ctx, doc: doc, o: o, bleed: bleed,
		loader: &renderer.CachingLoader{Next: next},
		fonts:  map[*byte]*pdfFont{},
		images: map[string]*pdfImage{},
		grads:  map[string]string{},
		alphas: map[string]string{},
		seen:   map[string]bool{},
	}
}

func (wr *writer) warn(path, code, en, fr string) {
	key := code + "\x00" + en
	if wr.seen[key] {
		return
	}
	wr.seen[key] = true
	if len(wr.warnings) < 200 {
		wr.warnings = append(wr.warnings, Warning{Path: path, Code: code, Message: en, MessageFR: fr})
	}
}

// marksRoom is how far the media box reaches beyond the bleed to hold the crop marks.
func (wr *writer) marksRoom() float64 {
	if !wr.o.CropMarks {
		return 0
	}
	return wr.markOffset() - wr.bleed + markLength + scene.MM(markMarginMM)
}

func (wr *writer) write(pages []int, out *bytes.Buffer) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%w: %v", errInternal, v)
		}
	}()
	room := wr.marksRoom()
	fw, fh := wr.doc.PageSize(pages[0])
	m := wr.bleed + room
	p := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: fw + 2*m, Ht: fh + 2*m}})
	wr.pdf = p
	wr.objs = newObjects(p)
	p.SetAutoPageBreak(false, 0)
	p.SetMargins(0, 0, 0)
	p.SetCellMargin(0)
	p.SetCatalogSort(true)
	p.SetCompression(true)
	title := firstNonEmpty(wr.o.Title, wr.doc.Title)
	author := firstNonEmpty(wr.o.Author, wr.doc.Author)
	if title != "" {
		p.SetTitle(title, true)
	}
	if author != "" {
		p.SetAuthor(author, true)
	}
	if wr.o.Subject != "" {
		p.SetSubject(wr.o.Subject, true)
	}
	p.SetCreator(firstNonEmpty(wr.o.Creator, "Affiche"), true)
	p.SetProducer("Affiche (go-pdf/fpdf)", true)
	if wr.doc.Lang != "" && isLangTag(wr.doc.Lang) {
		p.SetLang(wr.doc.Lang)
	}
	date := wr.o.Date
	if date.IsZero() {
		date = time.Now()
	}
	p.SetCreationDate(date)
	p.SetModificationDate(date)
	if wr.o.CropMarks {
		p.AddSpotColor("All", 100, 100, 100, 100)
	}
	for _, pi := range pages {
		if err := wr.ctx.Err(); err != nil {
			return err
		}
		wr.page(pi, room)
		if p.Err() {
			return fmt.Errorf("pdf: %w", p.Error())
		}
		if wr.o.Progress != nil {
			wr.o.Progress(pi)
		}
	}
	if err := wr.ctx.Err(); err != nil {
		return err
	}
	wr.registerRunes()
	wr.objs.flush()
	if p.Err() {
		return fmt.Errorf("pdf: %w", p.Error())
	}
	if err := p.Output(out); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	wr.tagSubsets(out.Bytes())
	return nil
}

func firstNonEmpty(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// isLangTag accepts what a BCP 47 tag may hold, so that the PDF string stays clean.
func isLangTag(s string) bool {
	if len(s) > 35 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// page writes one page: boxes, background, elements, crop marks.
func (wr *writer) page(pi int, room float64) {
	p := wr.pdf
	w, h := wr.doc.PageSize(pi)
	m := wr.bleed + room
	wr.pageW, wr.pageH, wr.margin = w, h, m
	wr.mediaW, wr.mediaH = w+2*m, h+2*m
	p.AddPageFormat("P", fpdf.SizeType{Wd: wr.mediaW, Ht: wr.mediaH})
	// Boxes are symmetric, so fpdf's origin (bottom-left) does not matter.
	p.SetPageBox("trim", m, m, w, h)
	p.SetPageBox("bleed", m-wr.bleed, m-wr.bleed, w+2*wr.bleed, h+2*wr.bleed)
	if len(wr.alphas) == 0 {
		// The first alpha state makes fpdf write PDF 1.4 with a transparency group per page,
		// which transparency groups and soft masks need.
		wr.alpha(1)
	}
	c := &content{}
	c.save()
	// Page points, y down, origin at the trim's top-left corner.
	c.transform(scene.Affine{1, 0, 0, -1, m, wr.mediaH - m})
	// Nothing reaches beyond the bleed: the margin that holds the crop marks stays blank.
	if room > 0 {
		c.rect(wr.bleedRect())
		c.clip(false)
	}
	pg := wr.doc.Pages[pi]
	wr.background(c, pg, fmt.Sprintf("pages[%d]", pi))
	for i, e := range pg.Elements {
		if wr.ctx.Err() != nil {
			break
		}
		wr.element(c, e, fmt.Sprintf("pages[%d].elements[%d]", pi, i))
	}
	c.restore()
	p.RawWriteStr(string(c.b))
	if wr.o.CropMarks {
		wr.cropMarks()
	}
}

// cropMarks draws the eight marks in the registration colour ("All": every plate).
func (wr *writer) cropMarks() {
	p := wr.pdf
	m, w, h := wr.margin, wr.pageW, wr.pageH
	off := wr.markOffset()
	p.RawWriteStr("q")
	p.SetLineWidth(markWidth)
	p.SetLineCapStyle("butt")
	p.SetDashPattern(nil, 0)
	p.SetDrawSpotColor("All", 100)
	// fpdf coordinates: from the media box's top-left corner, y down.
	for _, x := range []float64{m, m + w} {
		for _, y := range []float64{m, m + h} {
			dx := -1.0
			if x > m {
				dx = 1
			}
			dy := -1.0
			if y > m {
				dy = 1
			}
			p.Line(x+dx*off, y, x+dx*(off+markLength), y)
			p.Line(x, y+dy*off, x, y+dy*(off+markLength))
		}
	}
	p.RawWriteStr("Q")
}

// alpha returns the name of the shared graphics state with fill and stroke opacity a (fpdf's
// SetAlpha, which lists it in the resources of every page).
func (wr *writer) alpha(a float64) string {
	a = clamp01(a)
	key := fmt.Sprintf("%.3f", a)
	if n, ok := wr.alphas[key]; ok {
		return n
	}
	// fpdf numbers graphics states in the order they are first asked for and writes the
	// operator on the current page: keep it inside q/Q.
	n := fmt.Sprintf("/GS%d", len(wr.alphas)+1)
	wr.pdf.RawWriteStr("q")
	wr.pdf.SetAlpha(a, "Normal")
	wr.pdf.RawWriteStr("Q")
	wr.alphas[key] = n
	return n
}

func clamp01(v float64) float64 {
	if !(v > 0) {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// form stores a content stream as a form XObject painted in page space and returns its name.
// group makes it a transparency group (its content is composited as one picture before an
// opacity applies to it).
func (wr *writer) form(c *content, bbox scene.Rect, group bool, resources string) string {
	r := wr.objs.newRef()
	o := &obj{}
	o.S("<< /Type /XObject /Subtype /Form /FormType 1 /BBox [")
	cb := &content{}
	cb.nums(bbox.X, bbox.Y, bbox.X+bbox.Width, bbox.Y+bbox.Height)
	o.S(strings.TrimSpace(string(cb.b)))
	o.S("]")
	if group {
		o.S(" /Group << /Type /Group /S /Transparency >>")
	}
	if resources == "" {
		resources = " /Resources 2 0 R" // fpdf's shared resource dictionary
	}
	o.S(resources)
	o.S(" /Filter /FlateDecode")
	wr.objs.put(r, o, deflate(c.b, 6))
	wr.nForm++
	name := fmt.Sprintf("/Fm%d", wr.nForm)
	wr.objs.name(name, r)
	return name
}

// bleedRect is the export's bleed box in page coordinates.
func (wr *writer) bleedRect() scene.Rect {
	return scene.Rect{X: -wr.bleed, Y: -wr.bleed, Width: wr.pageW + 2*wr.bleed, Height: wr.pageH + 2*wr.bleed}
}

// mediaRect is the whole media box in page coordinates.
func (wr *writer) mediaRect() scene.Rect {
	return scene.Rect{X: -wr.margin, Y: -wr.margin, Width: wr.mediaW, Height: wr.mediaH}
}
