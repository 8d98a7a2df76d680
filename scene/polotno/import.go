package polotno

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"affiche/scene"
)

// Options tune Import and Export. The zero value works.
type Options struct {
	// KnownFamilies reports whether the renderer has a font family (the CLI and the server pass
	// the bundled catalogue). Families it does not know are reported. Nil: fonts are not checked.
	KnownFamilies func(family string) bool
	// ImageSize returns the natural size in pixels of an image source when the caller can tell
	// (a cache of fetched images, a local file). PNG, JPEG and GIF data: URLs are measured
	// without it. Knowing the size lets Import reproduce exactly how Polotno fits a crop whose
	// proportions differ from its box's.
	ImageSize func(src string) (w, h int, ok bool)
}

// LatestVersion is the newest Polotno schemaVersion this package knows; Export writes it.
const LatestVersion = 4

// ExtraKey is the key of Extra (on the document, pages and elements) under which Import keeps
// the Polotno fields Affiche does not draw, for Export to write back.
const ExtraKey = "polotno"

// Import converts a Polotno design (schemaVersion 0–4; a missing version means 0) into an
// Affiche document, normalised and validated like scene.Restore's result. Warnings list what
// was approximated or dropped. Errors are *scene.Error values: the input is not a JSON object,
// is too large, or gives a document outside scene's limits.
func Import(data []byte) (*scene.Document, []Warning, error) {
	return ImportWith(data, Options{})
}

// ImportWith is Import with options.
func ImportWith(data []byte, opt Options) (*scene.Document, []Warning, error) {
	if len(data) > scene.MaxInputBytes {
		return nil, nil, &scene.Error{Code: scene.CodeLimit,
			Message:   fmt.Sprintf("the file is %d MB; the limit is %d MB", len(data)>>20, scene.MaxInputBytes>>20),
			MessageFR: fmt.Sprintf("le fichier fait %d Mo ; la limite est de %d Mo", len(data)>>20, scene.MaxInputBytes>>20)}
	}
	if !json.Valid(data) {
		return nil, nil, &scene.Error{Code: scene.CodeSyntax,
			Message: "not valid JSON", MessageFR: "JSON invalide"}
	}
	root, ok := parseObj(data)
	if !ok {
		return nil, nil, &scene.Error{Code: scene.CodeType,
			Message: "a Polotno design must be a JSON object", MessageFR: "un modèle Polotno doit être un objet JSON"}
	}
	im := &importer{opt: opt, fonts: map[string][2]string{}, docFonts: map[string]bool{}}
	doc, err := im.document(root)
	if err != nil {
		return nil, nil, err
	}
	sceneWarns, nerr := scene.Normalize(doc)
	for _, sw := range sceneWarns {
		im.w.page = ""
		im.w.add(CodeScene, "", sw.Error(), sw.In("fr"))
	}
	if nerr != nil {
		return nil, im.w.result(), nerr
	}
	return doc, im.w.result(), nil
}

// importer holds the state of one import.
type importer struct {
	opt      Options
	w        warner
	version  int
	scale    float64              // points per Polotno pixel: 72 / dpi
	fonts    map[string][2]string // family used by text → page and id of the first element using it
	docFonts map[string]bool      // families the file carries in fonts[]
	count    int                  // elements read so far
}

func (im *importer) document(root obj) (*scene.Document, error) {
	im.version = int(math.Floor(root.num("schemaVersion", 0)))
	if im.version < 0 {
		im.version = 0
	}
	if im.version > LatestVersion {
		im.w.add(CodeVersion, "",
			fmt.Sprintf("schemaVersion %d is newer than this importer knows (%d): read as version %d", im.version, LatestVersion, LatestVersion),
			fmt.Sprintf("schemaVersion %d est plus récent que ce que connaît cet import (%d) : lu comme la version %d", im.version, LatestVersion, LatestVersion))
		im.version = LatestVersion
	}
	dpi := root.num("dpi", 72)
	if dpi <= 0 || dpi > 10000 {
		im.w.add(CodeDefault, "", fmt.Sprintf("dpi %g is not usable: 72 assumed", dpi),
			fmt.Sprintf("dpi %g inutilisable : 72 retenu", dpi))
		dpi = 72
	}
	im.scale = 72 / dpi

	doc := &scene.Document{Format: scene.FormatName, Version: scene.CurrentVersion, Unit: scene.UnitPx}
	doc.Width = im.size(root, "width", 1080)
	doc.Height = im.size(root, "height", 1080)
	switch u := scene.Unit(strings.ToLower(root.str("unit", "px"))); u {
	case scene.UnitPx, scene.UnitPt, scene.UnitMM, scene.UnitCM, scene.UnitIn:
		doc.Unit = u
	}
	im.fontList(root, doc)

	extra := map[string]json.RawMessage{"dpi": raw(dpi)}
	for _, k := range []string{"custom", "audios"} {
		if root.nonEmpty(k) {
			extra[k] = root[k]
		}
	}
	if n := len(root.array("audios")); n > 0 {
		im.w.add(CodeDropped, "", fmt.Sprintf("%d audio track(s) dropped: Affiche makes still images and PDFs", n),
			fmt.Sprintf("%d piste(s) audio ignorée(s) : Affiche produit des images fixes et des PDF", n))
	}
	doc.Extra = map[string]json.RawMessage{ExtraKey: raw(extra)}

	pages := root.array("pages")
	if len(pages) > scene.MaxPages {
		return nil, &scene.Error{Path: "pages", Code: scene.CodeLimit,
			Message:   fmt.Sprintf("%d pages; the limit is %d", len(pages), scene.MaxPages),
			MessageFR: fmt.Sprintf("%d pages ; la limite est de %d", len(pages), scene.MaxPages)}
	}
	var bleeds []float64
	for i, raw := range pages {
		o, ok := parseObj(raw)
		if !ok {
			im.w.page = ""
			im.w.add(CodeDropped, "", fmt.Sprintf("page %d is not an object: dropped", i+1),
				fmt.Sprintf("la page %d n'est pas un objet : ignorée", i+1))
			continue
		}
		p, bleed := im.page(o, doc)
		if im.count > scene.MaxElements {
			return nil, &scene.Error{Path: "pages", Code: scene.CodeLimit,
				Message:   fmt.Sprintf("more than %d elements", scene.MaxElements),
				MessageFR: fmt.Sprintf("plus de %d éléments", scene.MaxElements)}
		}
		doc.Pages = append(doc.Pages, p)
		bleeds = append(bleeds, bleed)
	}
	im.w.page = ""
	if len(doc.Pages) == 0 {
		im.w.add(CodeDefault, "", "the design has no page: one empty page created",
			"le modèle n'a aucune page : une page vide a été créée")
	}
	doc.Bleed = im.bleed(bleeds)
	im.checkFonts(doc)
	im.w.page = ""
	return doc, nil
}

// size reads a length in Polotno pixels and returns points; a missing or unusable value gives
// def pixels and a warning.
func (im *importer) size(o obj, k string, def float64) float64 {
	v := o.num(k, math.NaN())
	if math.IsNaN(v) || v <= 0 {
		im.w.add(CodeDefault, "", fmt.Sprintf("%s is missing or not a positive number: %g px assumed", k, def),
			fmt.Sprintf("%s manque ou n'est pas un nombre positif : %g px retenu", k, def))
		v = def
	}
	return v * im.scale
}

// bleed returns the document bleed from the pages' bleeds: the largest, with a warning when
// pages differ (Affiche's bleed is one setting for the whole document).
func (im *importer) bleed(bleeds []float64) float64 {
	max, min := 0.0, math.Inf(1)
	for _, b := range bleeds {
		max, min = math.Max(max, b), math.Min(min, b)
	}
	if len(bleeds) > 1 && max-min > 0.01 {
		im.w.add(CodeBleed, "",
			fmt.Sprintf("pages have different bleeds (%.2f to %.2f mm): Affiche uses one bleed for the document, %.2f mm", scene.ToMM(min), scene.ToMM(max), scene.ToMM(max)),
			fmt.Sprintf("les pages ont des fonds perdus différents (%.2f à %.2f mm) : Affiche utilise un seul fond perdu pour le document, %.2f mm", scene.ToMM(min), scene.ToMM(max), scene.ToMM(max)))
	}
	if max > scene.MM(50) {
		im.w.add(CodeValue, "", fmt.Sprintf("a bleed of %.1f mm is more than the 50 mm allowed: reduced", scene.ToMM(max)),
			fmt.Sprintf("un fond perdu de %.1f mm dépasse les 50 mm permis : réduit", scene.ToMM(max)))
		max = scene.MM(50)
	}
	return max
}

func (im *importer) page(o obj, doc *scene.Document) (*scene.Page, float64) {
	p := &scene.Page{ID: o.str("id", ""), Elements: []*scene.Element{}}
	im.w.page = p.ID
	p.Name = o.object("custom").str("name", "")
	// 'auto' (or anything not a positive number) means the design's size.
	if w := o.num("width", 0) * im.scale; w > 0 && math.Abs(w-doc.Width) > 1e-6 {
		p.Width = w
	}
	if h := o.num("height", 0) * im.scale; h > 0 && math.Abs(h-doc.Height) > 1e-6 {
		p.Height = h
	}
	im.background(p, o.str("background", "white"))

	bleed := math.Max(0, o.num("bleed", 0))
	extra := map[string]json.RawMessage{}
	sides := false
	for _, k := range []string{"bleedTop", "bleedRight", "bleedBottom", "bleedLeft"} {
		if o.isNum(k) {
			bleed = math.Max(bleed, o.num(k, 0))
			extra[k] = o[k]
			sides = true
		}
	}
	if sides {
		im.w.add(CodeBleed, "", "per-side bleeds are replaced by one bleed on every side (the largest)",
			"les fonds perdus par côté sont remplacés par un seul fond perdu sur tous les côtés (le plus grand)")
	}
	for _, k := range []string{"custom", "duration"} {
		if o.nonEmpty(k) {
			extra[k] = o[k]
		}
	}
	if len(extra) > 0 {
		p.Extra = map[string]json.RawMessage{ExtraKey: raw(extra)}
	}
	p.Elements = im.elements(o.array("children"), 1)
	return p, bleed * im.scale
}

// background sets a page background from Polotno's CSS colour, CSS gradient or image URL.
func (im *importer) background(p *scene.Page, s string) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "white") {
		return
	}
	if g, isGradient, err := scene.ParseCSSGradient(s); isGradient {
		if err == nil {
			p.Background = &scene.Fill{Gradient: g}
			return
		}
		im.w.add(CodeColor, "", fmt.Sprintf("background gradient %q not understood: white used", short(s)),
			fmt.Sprintf("dégradé de fond %q non compris : blanc utilisé", short(s)))
		return
	}
	if _, err := scene.ParseColor(s); err == nil {
		p.Background = scene.Solid(s)
		return
	}
	p.BackgroundImage = &scene.BackgroundImage{Src: s, Fit: scene.FitCover}
}

// fontList reads fonts[]: each family with its URL or its styles' url(...) sources.
func (im *importer) fontList(root obj, doc *scene.Document) {
	seen := map[scene.FontSource]bool{}
	addFont := func(f scene.FontSource) {
		if f.URL == "" || f.Family == "" || seen[f] {
			return
		}
		seen[f] = true
		doc.Fonts = append(doc.Fonts, f)
		im.docFonts[strings.ToLower(f.Family)] = true
	}
	for _, raw := range root.array("fonts") {
		o, ok := parseObj(raw)
		if !ok {
			continue
		}
		family := cleanFamily(o.str("fontFamily", ""))
		styles := o.array("styles")
		for _, sr := range styles {
			so, ok := parseObj(sr)
			if !ok {
				continue
			}
			w := parseWeight(so.str("fontWeight", "normal"))
			addFont(scene.FontSource{Family: family, URL: cssURL(so.str("src", "")),
				Weight: int(w), Italic: isItalic(so.str("fontStyle", ""))})
		}
		if url := strings.TrimSpace(o.str("url", "")); url != "" && len(styles) == 0 {
			addFont(scene.FontSource{Family: family, URL: url, Weight: 400})
		}
	}
}

// checkFonts reports the families text uses that the renderer does not bundle.
func (im *importer) checkFonts(doc *scene.Document) {
	if im.opt.KnownFamilies == nil {
		return
	}
	families := make([]string, 0, len(im.fonts))
	for f := range im.fonts {
		families = append(families, f)
	}
	sort.Strings(families)
	for _, f := range families {
		if im.opt.KnownFamilies(f) {
			continue
		}
		im.w.page = im.fonts[f][0]
		if im.docFonts[strings.ToLower(f)] {
			im.w.add(CodeFontURL, im.fonts[f][1],
				fmt.Sprintf("font %q is not bundled with Affiche: it is loaded from the address the file gives", f),
				fmt.Sprintf("la police %q n'est pas fournie avec Affiche : elle est chargée depuis l'adresse indiquée dans le fichier", f))
			continue
		}
		im.w.add(CodeFont, im.fonts[f][1],
			fmt.Sprintf("font %q is not available: the default font is used until you upload it", f),
			fmt.Sprintf("la police %q n'est pas disponible : la police par défaut est utilisée tant que vous ne l'avez pas téléversée", f))
	}
}

// useFont records that an element's text uses a family.
func (im *importer) useFont(family, id string) {
	if family == "" {
		return
	}
	if _, ok := im.fonts[family]; !ok {
		im.fonts[family] = [2]string{im.w.page, id}
	}
}

// color returns a CSS colour Affiche can read, or def with a warning.
func (im *importer) color(s, def, id, what string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return def
	}
	if _, err := scene.ParseColor(s); err != nil {
		im.w.add(CodeColor, id, fmt.Sprintf("%s %q is not a colour: %s used", what, short(s), def),
			fmt.Sprintf("%s %q n'est pas une couleur : %s utilisé", frWhat(what), short(s), def))
		return def
	}
	return s
}

// fill reads a colour or CSS gradient; an unreadable one gives def with a warning.
func (im *importer) fill(s, def, id, what string) *scene.Fill {
	s = strings.TrimSpace(s)
	if g, isGradient, err := scene.ParseCSSGradient(s); isGradient {
		if err == nil {
			return &scene.Fill{Gradient: g}
		}
		im.w.add(CodeColor, id, fmt.Sprintf("%s gradient %q not understood: %s used", what, short(s), def),
			fmt.Sprintf("dégradé de %s %q non compris : %s utilisé", frWhat(what), short(s), def))
		return scene.Solid(def)
	}
	return scene.Solid(im.color(s, def, id, what))
}

func frWhat(what string) string {
	switch what {
	case "fill":
		return "remplissage"
	case "stroke":
		return "contour"
	case "shadow":
		return "ombre"
	case "background":
		return "fond"
	case "border":
		return "bordure"
	case "colour":
		return "couleur"
	}
	return what
}

// short cuts long values (data: URLs) for messages.
func short(s string) string {
	if len(s) > 60 {
		return s[:57] + "…"
	}
	return s
}

// cssURL returns the address inside url(...), or s itself.
func cssURL(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToLower(s), "url(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[4 : len(s)-1])
	}
	return strings.Trim(s, `"'`)
}

// cleanFamily returns the first family of a CSS font-family list, without quotes.
func cleanFamily(s string) string {
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(s), `"'`))
}

// parseWeight reads a CSS font weight ("normal", "bold", "600", 700); unknown values are normal.
func parseWeight(s string) scene.FontWeight {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case "", "normal", "regular", "400":
		return scene.WeightNormal
	case "bold", "bolder":
		return scene.WeightBold
	case "lighter", "light":
		return 300
	case "thin":
		return 100
	case "medium":
		return 500
	case "semibold", "semi-bold":
		return 600
	case "extrabold", "extra-bold":
		return 800
	case "black", "heavy":
		return 900
	default:
		var f float64
		if _, err := fmt.Sscanf(t, "%g", &f); err == nil && f >= 1 && f <= 1000 {
			return scene.FontWeight(math.Round(f))
		}
	}
	return scene.WeightNormal
}

func isItalic(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "italic") || strings.Contains(s, "oblique")
}
