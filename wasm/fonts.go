package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"affiche/renderer/font"
	"affiche/scene"
)

// The editor never embeds fonts: it fetches each face from the server the first time an
// element needs it. fontSet decides which face files an element needs — the very faces the
// server's registry would pick, so the editor's text breaks where the export's does — and
// registers what the page hands over.

// catalogueFace is one face of a catalogue family (as served by /api/fonts).
type catalogueFace struct {
	Weight int    `json:"weight"`
	Style  string `json:"style"` // "normal" or "italic"
	File   string `json:"file"`
	URL    string `json:"url"`
}

// catalogueFamily is one family of the server's font catalogue.
type catalogueFamily struct {
	Family   string          `json:"family"`
	Category string          `json:"category"`
	Faces    []catalogueFace `json:"faces"`
	Aliases  []string        `json:"aliases"`
	Missing  []string        `json:"missing"`
	// FallbackRank orders the fallback chain (1 first); Fallback marks a fallback family in
	// catalogues that give no rank (their order is then the catalogue's).
	FallbackRank int  `json:"fallbackRank"`
	Fallback     bool `json:"fallback"`
}

// faceRef names one font file the page must fetch, and how Go files it.
type faceRef struct {
	URL    string `json:"url"`
	Family string `json:"family"`
	Weight int    `json:"weight"`
	Italic bool   `json:"italic"`
}

// fontSet is the editor's view of the fonts: the server's catalogue, the faces registered so
// far, and the ones that could not be had.
type fontSet struct {
	reg       *font.Registry
	families  map[string]*catalogueFamily // by normalised name and alias
	fallbacks []*catalogueFamily          // in rank order
	def       string
	loaded    map[string]bool // face key (family|weight|italic) registered
	missing   map[string]bool // URLs that failed: draw without them
	// pending is the catalogue as received, read on first use (not on the way to the first
	// frame: an empty page needs no font).
	pending []byte
	err     error
}

func newFontSet() *fontSet {
	return &fontSet{reg: font.NewRegistry(), families: map[string]*catalogueFamily{}, loaded: map[string]bool{},
		missing: map[string]bool{}, def: font.DefaultFamily}
}

// fontBase is where face files are served when the catalogue gives no URL.
const fontBase = "/api/fonts/"

// setCatalogue takes the server's catalogue, read when fonts are first needed. It reports only
// what it can check at once (that the text is JSON); reading errors come from ensure.
func (fs *fontSet) setCatalogue(data []byte) error {
	if !json.Valid(data) {
		return fmt.Errorf("font catalogue: not JSON")
	}
	fs.pending = data
	return nil
}

// ensure reads the pending catalogue.
func (fs *fontSet) ensure() {
	if fs.pending != nil {
		fs.err = fs.readCatalogue(fs.pending)
		fs.pending = nil
	}
}

// readCatalogue reads the server's catalogue: a list of families, or {"families": [...]}.
func (fs *fontSet) readCatalogue(data []byte) error {
	var fams []*catalogueFamily
	if err := json.Unmarshal(data, &fams); err != nil {
		var wrapped struct {
			Families []*catalogueFamily `json:"families"`
			Default  string             `json:"default"`
		}
		if err2 := json.Unmarshal(data, &wrapped); err2 != nil {
			return fmt.Errorf("font catalogue: %v", err)
		}
		fams = wrapped.Families
		if wrapped.Default != "" {
			fs.def = wrapped.Default
		}
	}
	fs.families = map[string]*catalogueFamily{}
	fs.fallbacks = nil
	for _, f := range fams {
		if f == nil || f.Family == "" || len(f.Faces) == 0 {
			continue
		}
		for i := range f.Faces {
			if f.Faces[i].URL == "" {
				f.Faces[i].URL = fontBase + escapePath(f.Faces[i].File)
			}
		}
		fs.families[normName(f.Family)] = f
		for _, a := range f.Aliases {
			if _, taken := fs.families[normName(a)]; !taken {
				fs.families[normName(a)] = f
			}
		}
		if f.FallbackRank == 0 && f.Fallback {
			f.FallbackRank = 1000 + len(fs.fallbacks)
		}
		if f.FallbackRank > 0 {
			fs.fallbacks = append(fs.fallbacks, f)
		}
	}
	sortByRank(fs.fallbacks)
	names := make([]string, len(fs.fallbacks))
	for i, f := range fs.fallbacks {
		names[i] = f.Family
	}
	fs.reg.SetFallbacks(names...)
	fs.reg.SetDefault(fs.def)
	return nil
}

func sortByRank(fams []*catalogueFamily) {
	for i := 1; i < len(fams); i++ {
		for j := i; j > 0 && fams[j].FallbackRank < fams[j-1].FallbackRank; j-- {
			fams[j], fams[j-1] = fams[j-1], fams[j]
		}
	}
}

// escapePath escapes a file path for a URL, segment by segment, as url.PathEscape would
// (written out: net/url would add ~30 KB of code to the editor for this one call).
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~$&+,;=:@/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// normName matches family names regardless of case and spacing, as the registry does.
func normName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '"' || r == '\''
	}), " ")
}

func faceKey(family string, weight int, italic bool) string {
	return fmt.Sprintf("%s|%d|%v", normName(family), weight, italic)
}

// candidate is a face that may serve a request: from the catalogue or from the document.
type candidate struct {
	weight int
	italic bool
	url    string
}

// pickFace chooses among candidates by the CSS font-matching rules the registry uses (style
// first, then weight), so the face fetched is the one the server's full registry would use.
func pickFace(cands []candidate, weight int, italic bool) candidate {
	best := cands[0]
	for _, c := range cands[1:] {
		if betterFace(c, best, weight, italic) {
			best = c
		}
	}
	return best
}

func betterFace(a, b candidate, weight int, italic bool) bool {
	if (a.italic == italic) != (b.italic == italic) {
		return a.italic == italic
	}
	ta, da := font.WeightRank(weight, a.weight)
	tb, db := font.WeightRank(weight, b.weight)
	if ta != tb {
		return ta < tb
	}
	return da < db
}

// resolve returns the family name a request is filed under (the name the text asks for, so
// aliases resolve exactly as on the server) and the face file to fetch for it; ok is false
// when no source is known (the registry's default family then serves it).
func (fs *fontSet) resolve(doc *scene.Document, family string, weight int, italic bool) (name string, c candidate, ok bool) {
	if weight == 0 {
		weight = 400
	}
	// Fonts the document brings win over the catalogue, as on the server.
	var docCands []candidate
	if doc != nil {
		for _, f := range doc.Fonts {
			if normName(f.Family) == normName(family) && f.URL != "" {
				w := f.Weight
				if w == 0 {
					w = 400
				}
				docCands = append(docCands, candidate{w, f.Italic, f.URL})
			}
		}
	}
	if len(docCands) > 0 {
		return family, pickFace(docCands, weight, italic), true
	}
	if cf := fs.families[normName(family)]; cf != nil {
		return family, pickFace(catalogueCands(cf), weight, italic), true
	}
	if cf := fs.families[normName(fs.def)]; cf != nil {
		return cf.Family, pickFace(catalogueCands(cf), weight, italic), true
	}
	return "", candidate{}, false
}

func catalogueCands(cf *catalogueFamily) []candidate {
	out := make([]candidate, len(cf.Faces))
	for i, f := range cf.Faces {
		w := f.Weight
		if w == 0 {
			w = 400
		}
		out[i] = candidate{w, f.Style == "italic", f.URL}
	}
	return out
}

// textStyles lists the (family, weight, italic) combinations a text element uses, with the
// text drawn in each.
type styleUse struct {
	family string
	weight int
	italic bool
	text   strings.Builder
}

func textStyles(el *scene.Element) []*styleUse {
	var uses []*styleUse
	find := func(st scene.TextStyle) *styleUse {
		w := int(st.FontWeight)
		if w == 0 {
			w = 400
		}
		fam := st.FontFamily
		if fam == "" {
			fam = font.DefaultFamily
		}
		for _, u := range uses {
			if normName(u.family) == normName(fam) && u.weight == w && u.italic == st.Italic {
				return u
			}
		}
		u := &styleUse{family: fam, weight: w, italic: st.Italic}
		uses = append(uses, u)
		return u
	}
	base := find(el.TextStyle) // list markers and empty paragraphs use the element's style
	for _, p := range el.Paragraphs {
		if p.List == scene.ListBullet {
			base.text.WriteString("•")
		} else if p.List == scene.ListNumber {
			base.text.WriteString("0123456789.")
		}
		for i := range p.Runs {
			u := find(p.Runs[i].Style(el.TextStyle))
			u.text.WriteString(p.Runs[i].Text)
		}
	}
	return uses
}

// needs returns the faces an element (a text, or a group holding texts) lacks. Faces that
// failed to load are not asked for again.
func (fs *fontSet) needs(doc *scene.Document, el *scene.Element) []faceRef {
	fs.ensure()
	var out []faceRef
	seen := map[string]bool{}
	add := func(name string, c candidate) {
		key := faceKey(name, c.weight, c.italic)
		if fs.loaded[key] || fs.missing[c.url] || seen[key] {
			return
		}
		seen[key] = true
		out = append(out, faceRef{URL: c.url, Family: name, Weight: c.weight, Italic: c.italic})
	}
	var visit func(el *scene.Element)
	visit = func(el *scene.Element) {
		for _, ch := range el.Children {
			visit(ch)
		}
		if el.Type != scene.TypeText {
			return
		}
		for _, u := range textStyles(el) {
			name, c, ok := fs.resolve(doc, u.family, u.weight, u.italic)
			if !ok {
				continue
			}
			primaryKey := faceKey(name, c.weight, c.italic)
			if !fs.loaded[primaryKey] && !fs.missing[c.url] {
				add(name, c)
				continue
			}
			if fs.lacksGlyphs(name, u) {
				for _, fb := range fs.fallbacks {
					add(fb.Family, pickFace(catalogueCands(fb), u.weight, u.italic))
				}
			}
		}
	}
	visit(el)
	return out
}

// lacksGlyphs reports whether the loaded face for a style misses characters of its text
// (HasRune honours the catalogue's "missing" list, given to the registry with ExcludeRunes),
// so the fallback fonts are needed.
func (fs *fontSet) lacksGlyphs(family string, u *styleUse) bool {
	f, _ := fs.reg.Resolve(family, u.weight, u.italic)
	if f == nil {
		return false
	}
	for _, r := range u.text.String() {
		if r == '\u202f' || r == '\u2028' || r == '\n' || unicode.IsControl(r) || unicode.IsSpace(r) {
			continue // the renderer spaces U+202F itself; line separators have no glyph
		}
		if !f.HasRune(r) {
			return true
		}
	}
	return false
}

// add registers face bytes under a family, weight and style.
func (fs *fontSet) add(family string, weight int, italic bool, data []byte) error {
	fs.ensure()
	names := []string{family}
	cf := fs.families[normName(family)]
	if cf != nil {
		// A catalogue family is also filed under its own name and aliases, as the server does.
		for _, n := range append([]string{cf.Family}, cf.Aliases...) {
			if normName(n) != normName(family) {
				names = append(names, n)
			}
		}
	}
	for i, n := range names {
		if err := fs.reg.AddAs(n, weight, italic, data); err != nil {
			if i == 0 {
				return err
			}
			continue
		}
		fs.loaded[faceKey(n, weight, italic)] = true
		if cf != nil {
			fs.reg.ExcludeRunes(n, cf.missingRunes()...)
		}
	}
	return nil
}

// missingRunes returns the characters the catalogue says the family lacks or draws wrongly.
func (cf *catalogueFamily) missingRunes() []rune {
	var out []rune
	for _, m := range cf.Missing {
		// "U+00E9"; strconv rather than fmt.Sscanf, whose scanner is ~45 KB of code.
		if v, err := strconv.ParseUint(strings.TrimPrefix(m, "U+"), 16, 32); err == nil && strings.HasPrefix(m, "U+") {
			out = append(out, rune(v))
		}
	}
	return out
}
