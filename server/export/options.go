package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"affiche/library/credits"
	"affiche/scene"
	"affiche/server/apierr"
)

// Output formats.
const (
	FormatPNG  = "png"
	FormatJPEG = "jpeg"
	FormatPDF  = "pdf"
)

// Limits of the options themselves (the server's limits on pixels and memory come on top).
const (
	MinDPI = 18
	MaxDPI = 1200
)

// MaxBleed is the largest bleed accepted, in points (20 mm; print shops ask for 2–5 mm).
var MaxBleed = scene.MM(20)

// Options say what to export. The zero value is not valid; start from DefaultOptions or a preset.
type Options struct {
	Format string `json:"format"`
	// DPI is the resolution of raster output (and of the rasterised parts of a PDF); 0 means
	// the format's default (DefaultImageDPI, DefaultPDFDPI), filled in by Resolve.
	DPI float64 `json:"dpi"`
	// Pages are the 0-based indices of the pages to export, in order; nil means all.
	Pages []int `json:"pages,omitempty"`
	// Quality is the JPEG quality, 1–100.
	Quality int `json:"quality"`
	// Bleed is the bleed to include around each page, in points (0: the trimmed page).
	Bleed float64 `json:"bleed"`
	// CropMarks draws crop marks outside the bleed (PDF; raster output grows to hold them).
	CropMarks bool `json:"cropMarks"`
	// OutlineText draws text as vector outlines instead of embedded fonts (PDF only).
	OutlineText bool `json:"outlineText"`
	// Preset is the name of the preset the options started from, if any.
	Preset string `json:"preset,omitempty"`
	// DocumentBleed asks for the document's own bleed (the request said "bleed": true); it
	// replaces Bleed once the document is read.
	DocumentBleed bool `json:"documentBleed,omitempty"`
	// Credits adds the attributions of the library items used: "none" (or ""), "line" (a
	// credits line at the foot of each page using credited items) or "page" (credits page(s)
	// after the exported pages). See package library/credits.
	Credits string `json:"credits,omitempty"`
}

// DefaultOptions is a PNG of every page at the format's default resolution: 72 dpi for images
// (1 pt = 1 px, like Polotno's default export), 300 dpi for a PDF's rasterised parts.
func DefaultOptions() Options {
	return Options{Format: FormatPNG, Quality: 90}
}

// Default resolutions, used when the options give none.
const (
	DefaultImageDPI = 72
	DefaultPDFDPI   = 300
)

// Preset is a named set of options the editor offers in its export menu.
type Preset struct {
	Name    string      `json:"name"`
	Label   scene.Label `json:"label"`
	Options Options     `json:"options"`
}

// Presets lists the export presets. Options given with a preset override it.
var Presets = []Preset{
	{"web", scene.Label{FR: "Web et écran (PNG 72 dpi)", EN: "Web and screen (PNG 72 dpi)"},
		Options{Format: FormatPNG, DPI: 72, Quality: 90}},
	{"hd", scene.Label{FR: "Haute définition (PNG 144 dpi)", EN: "High definition (PNG 144 dpi)"},
		Options{Format: FormatPNG, DPI: 144, Quality: 90}},
	{"email", scene.Label{FR: "Courriel (JPEG 100 dpi, léger)", EN: "E-mail (JPEG 100 dpi, small)"},
		Options{Format: FormatJPEG, DPI: 100, Quality: 82}},
	{"print", scene.Label{FR: "Imprimeur (PDF 300 dpi, fonds perdus et traits de coupe)", EN: "Print shop (PDF 300 dpi, bleed and crop marks)"},
		Options{Format: FormatPDF, DPI: 300, Quality: 95, CropMarks: true, DocumentBleed: true}},
	{"print-image", scene.Label{FR: "Impression en image (JPEG 300 dpi, fonds perdus)", EN: "Print as image (JPEG 300 dpi, bleed)"},
		Options{Format: FormatJPEG, DPI: 300, Quality: 95, DocumentBleed: true}},
}

func presetByName(name string) (Preset, bool) {
	for _, p := range Presets {
		if p.Name == strings.ToLower(name) {
			return p, true
		}
	}
	return Preset{}, false
}

func badOption(path, en, fr string) *apierr.Error {
	return apierr.New(http.StatusBadRequest, apierr.BadRequest, en, fr).At(path)
}

// rawOptions is the JSON form of options: every field optional, some accepting several forms.
type rawOptions struct {
	Format      *string         `json:"format"`
	DPI         *float64        `json:"dpi"`
	Pages       json.RawMessage `json:"pages"` // "1-3,5" or [1, 2, 3] (1-based)
	Quality     *int            `json:"quality"`
	Bleed       json.RawMessage `json:"bleed"` // true/false, points, or a length "3mm"
	CropMarks   *bool           `json:"cropMarks"`
	OutlineText *bool           `json:"outlineText"`
	Preset      *string         `json:"preset"`
	Credits     *string         `json:"credits"`
}

// ParseQuery reads options from URL query parameters (format, dpi, pages, quality, bleed,
// cropMarks, outlineText, preset, credits) on top of base. Paths in errors are the parameter names.
func ParseQuery(q url.Values, base Options) (Options, error) {
	var raw rawOptions
	known := map[string]bool{"format": true, "dpi": true, "pages": true, "quality": true, "bleed": true,
		"cropMarks": true, "outlineText": true, "preset": true, "id": true, "filename": true, "credits": true}
	for k := range q {
		if !known[k] {
			return base, badOption(k, fmt.Sprintf("unknown export option %q", k), fmt.Sprintf("option d'export inconnue « %s »", k))
		}
	}
	str := func(k string) *string {
		if !q.Has(k) {
			return nil
		}
		v := q.Get(k)
		return &v
	}
	raw.Format, raw.Preset, raw.Credits = str("format"), str("preset"), str("credits")
	if v := str("dpi"); v != nil {
		f, err := strconv.ParseFloat(*v, 64)
		if err != nil {
			return base, badOption("dpi", "dpi must be a number", "dpi doit être un nombre")
		}
		raw.DPI = &f
	}
	if v := str("quality"); v != nil {
		n, err := strconv.Atoi(*v)
		if err != nil {
			return base, badOption("quality", "quality must be a whole number from 1 to 100", "quality doit être un nombre entier de 1 à 100")
		}
		raw.Quality = &n
	}
	for _, k := range []string{"cropMarks", "outlineText"} {
		if v := str(k); v != nil {
			b, err := strconv.ParseBool(*v)
			if err != nil {
				return base, badOption(k, k+" must be true or false", k+" doit valoir true ou false")
			}
			if k == "cropMarks" {
				raw.CropMarks = &b
			} else {
				raw.OutlineText = &b
			}
		}
	}
	if v := str("pages"); v != nil {
		raw.Pages, _ = json.Marshal(*v)
	}
	if v := str("bleed"); v != nil {
		if b, err := strconv.ParseBool(*v); err == nil {
			raw.Bleed, _ = json.Marshal(b)
		} else {
			raw.Bleed, _ = json.Marshal(*v)
		}
	}
	return raw.apply(base, "")
}

// ParseJSON reads options from a JSON object on top of base. prefix is the JSON path of the
// object in the request ("options"), used in errors.
func ParseJSON(b []byte, base Options, prefix string) (Options, error) {
	var raw rawOptions
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		path := prefix
		var te *json.UnmarshalTypeError
		msg, msgFr := "the options are not valid: "+err.Error(), "les options ne sont pas valides : "+err.Error()
		switch e := err.(type) {
		case *json.UnmarshalTypeError:
			te = e
			path = join(prefix, te.Field)
			msg, msgFr = "wrong type: expected "+te.Type.String(), "type incorrect : "+te.Type.String()+" attendu"
		default:
			if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
				name := strings.Trim(f, `"`)
				path = join(prefix, name)
				msg, msgFr = fmt.Sprintf("unknown export option %q", name), fmt.Sprintf("option d'export inconnue « %s »", name)
			}
		}
		return base, badOption(path, msg, msgFr)
	}
	return raw.apply(base, prefix)
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// apply puts the preset (if any) under base's explicit values… in order: preset first, then
// each field given.
func (r rawOptions) apply(o Options, prefix string) (Options, error) {
	if r.Preset != nil {
		p, ok := presetByName(*r.Preset)
		if !ok {
			names := make([]string, len(Presets))
			for i, p := range Presets {
				names[i] = p.Name
			}
			list := strings.Join(names, ", ")
			return o, badOption(join(prefix, "preset"), fmt.Sprintf("unknown preset %q (known: %s)", *r.Preset, list),
				fmt.Sprintf("préréglage inconnu « %s » (disponibles : %s)", *r.Preset, list))
		}
		pages, cr := o.Pages, o.Credits // what to export, not how: kept under a preset
		o = p.Options
		o.Pages, o.Preset, o.Credits = pages, p.Name, cr
	}
	if r.Format != nil {
		switch f := strings.ToLower(*r.Format); f {
		case "png":
			o.Format = FormatPNG
		case "jpeg", "jpg":
			o.Format = FormatJPEG
		case "pdf":
			o.Format = FormatPDF
		default:
			return o, badOption(join(prefix, "format"), fmt.Sprintf("unknown format %q: use png, jpeg or pdf", *r.Format),
				fmt.Sprintf("format inconnu « %s » : utilisez png, jpeg ou pdf", *r.Format))
		}
	}
	if r.DPI != nil {
		if *r.DPI < MinDPI || *r.DPI > MaxDPI {
			return o, badOption(join(prefix, "dpi"), fmt.Sprintf("dpi must be between %d and %d", MinDPI, MaxDPI),
				fmt.Sprintf("dpi doit être compris entre %d et %d", MinDPI, MaxDPI))
		}
		o.DPI = *r.DPI
	}
	if r.Quality != nil {
		if *r.Quality < 1 || *r.Quality > 100 {
			return o, badOption(join(prefix, "quality"), "quality must be from 1 to 100", "quality doit être compris entre 1 et 100")
		}
		o.Quality = *r.Quality
	}
	if r.CropMarks != nil {
		o.CropMarks = *r.CropMarks
	}
	if r.Credits != nil {
		m, ok := credits.ParseMode(*r.Credits)
		if !ok {
			return o, badOption(join(prefix, "credits"), fmt.Sprintf("unknown credits option %q: use none, line or page", *r.Credits),
				fmt.Sprintf("option de crédits inconnue « %s » : utilisez none, line ou page", *r.Credits))
		}
		o.Credits = string(m)
		if m == credits.None {
			o.Credits = ""
		}
	}
	if r.OutlineText != nil {
		o.OutlineText = *r.OutlineText
	}
	if len(r.Bleed) > 0 && string(r.Bleed) != "null" {
		var b bool
		var f float64
		var s string
		switch {
		case json.Unmarshal(r.Bleed, &b) == nil:
			o.Bleed, o.DocumentBleed = 0, b
		case json.Unmarshal(r.Bleed, &f) == nil:
			o.Bleed, o.DocumentBleed = f, false
		case json.Unmarshal(r.Bleed, &s) == nil:
			pt, err := scene.ParseLength(s)
			if err != nil {
				return o, badOption(join(prefix, "bleed"), fmt.Sprintf("%q is not a length (try 3mm)", s),
					fmt.Sprintf("« %s » n'est pas une longueur (essayez 3mm)", s))
			}
			o.Bleed, o.DocumentBleed = pt, false
		default:
			return o, badOption(join(prefix, "bleed"), "bleed must be true, false or a length such as \"3mm\"",
				"bleed doit valoir true, false ou une longueur comme « 3mm »")
		}
		if o.Bleed < 0 || o.Bleed > MaxBleed {
			return o, badOption(join(prefix, "bleed"), "bleed must be between 0 and 20 mm", "bleed doit être compris entre 0 et 20 mm")
		}
	}
	if len(r.Pages) > 0 && string(r.Pages) != "null" {
		pages, err := parsePages(r.Pages)
		if err != nil {
			return o, badOption(join(prefix, "pages"), err.Error(),
				"pages doit être une liste de numéros de page (à partir de 1) ou un texte comme « 1-3,5 »")
		}
		o.Pages = pages
	}
	return o, nil
}

// parsePages reads 1-based page numbers, as a list or a "1-3,5" string, into 0-based indices.
func parsePages(b json.RawMessage) ([]int, error) {
	errPages := fmt.Errorf("pages must be a list of page numbers (from 1) or a string such as \"1-3,5\"")
	var list []int
	if json.Unmarshal(b, &list) == nil {
		if len(list) == 0 || len(list) > scene.MaxPages {
			return nil, errPages
		}
		out := make([]int, len(list))
		for i, n := range list {
			if n < 1 || n > scene.MaxPages {
				return nil, errPages
			}
			out[i] = n - 1
		}
		return out, nil
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		return nil, errPages
	}
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil {
			return nil, errPages
		}
		c := a
		if isRange {
			if c, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil {
				return nil, errPages
			}
		}
		if a < 1 || c < a || c > scene.MaxPages || len(out)+c-a+1 > scene.MaxPages {
			return nil, errPages
		}
		for n := a; n <= c; n++ {
			out = append(out, n-1)
		}
	}
	return out, nil
}

// Resolve fixes the options against the document: the document's bleed when asked for, and the
// list of pages (all when none given; each must exist). prefix is the JSON path of the options
// in the request, for errors.
func (o *Options) Resolve(doc *scene.Document, prefix string) error {
	if o.DPI == 0 {
		o.DPI = DefaultImageDPI
		if o.Format == FormatPDF {
			o.DPI = DefaultPDFDPI
		}
	}
	if o.DocumentBleed {
		o.Bleed = doc.Bleed
		o.DocumentBleed = false
	}
	if o.Pages == nil {
		o.Pages = make([]int, len(doc.Pages))
		for i := range o.Pages {
			o.Pages[i] = i
		}
	}
	if len(o.Pages) == 0 {
		return badOption(join(prefix, "pages"), "the document has no pages", "le document n'a aucune page")
	}
	for _, p := range o.Pages {
		if p >= len(doc.Pages) {
			return badOption(join(prefix, "pages"),
				fmt.Sprintf("page %d does not exist: the document has %d", p+1, len(doc.Pages)),
				fmt.Sprintf("la page %d n'existe pas : le document en a %d", p+1, len(doc.Pages)))
		}
	}
	return nil
}

// PagePixels returns the pixel size of page i rendered with these options: the page, plus the
// bleed, plus room for crop marks, at the chosen resolution.
func (o *Options) PagePixels(doc *scene.Document, i int) (w, h int) {
	pw, ph := doc.PageSize(i)
	extra := 2 * o.Bleed
	if o.CropMarks {
		extra += 2 * CropMarkMargin
	}
	s := o.DPI / 72
	return int(ceil((pw + extra) * s)), int(ceil((ph + extra) * s))
}

// CropMarkMargin is the room, in points, that crop marks take outside the bleed on each side
// (marks 5 mm long after a 3 mm gap, rounded up).
var CropMarkMargin = scene.MM(10)

func ceil(f float64) float64 {
	n := float64(int64(f))
	if n < f {
		n++
	}
	return n
}
