// Package credits gathers the attributions of the library items a document uses (photos,
// icons: scene.Element.Credit) and adds them to the document when it is exported: a short
// credits line at the foot of each page, or a credits page at the end. Entries are deduplicated
// (the same author, source and licence once) and kept in the order the items first appear, in
// the document's language (French unless the document says English).
//
// Both forms are plain scene elements — text the renderers draw like any other — so a PNG, a
// ZIP of pages and a PDF all carry them, and the preflight's attribution check (which looks for
// the author's name or the credit text in the document's text) is satisfied by them.
package credits

import (
	"net/url"
	"strings"

	"affiche/scene"
)

// Mode says how an export shows credits.
type Mode string

// The credit modes of an export.
const (
	None Mode = "none" // no credits added (the default)
	Line Mode = "line" // a small credits line at the foot of each page that uses credited items
	Page Mode = "page" // a "Crédits" page (or more, if the list is long) after the exported pages
)

// ParseMode reads a mode name ("" means None).
func ParseMode(s string) (Mode, bool) {
	switch Mode(strings.ToLower(strings.TrimSpace(s))) {
	case "", None:
		return None, true
	case Line:
		return Line, true
	case Page:
		return Page, true
	}
	return "", false
}

// Entry is one credit to show: the items of one kind sharing the same author, source and
// licence.
type Entry struct {
	// Kind is what the credited items are: "photo" (image elements), "icon" (svg elements) or
	// "image" (anything else carrying a credit).
	Kind string
	// Credit is the first item's credit.
	Credit scene.Credit
	// Count is how many elements share this entry.
	Count int
	// Required is true when any of those items' licence requires the credit.
	Required bool
}

// Lang returns the language credits are written in for doc: "en" when the document's language
// is English, "fr" otherwise.
func Lang(doc *scene.Document) string {
	if l := strings.ToLower(doc.Lang); l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return "en"
	}
	return "fr"
}

// Gather returns the credits of the visible elements of the given pages (0-based indices; nil
// means every page), deduplicated, in the order the items first appear (page by page, back to
// front). Credits that name nobody (Affiche's own shapes and generated backgrounds, the
// organisation's own files) are left out: there is nothing to show for them.
func Gather(doc *scene.Document, pages []int) []Entry {
	if pages == nil {
		pages = make([]int, len(doc.Pages))
		for i := range pages {
			pages[i] = i
		}
	}
	var out []Entry
	index := map[string]int{}
	for _, p := range pages {
		if p < 0 || p >= len(doc.Pages) || doc.Pages[p] == nil {
			continue
		}
		doc.Pages[p].Walk(func(e *scene.Element) bool {
			if e.Hidden {
				return false
			}
			if e.Credit == nil || !worthShowing(e.Credit) {
				return true
			}
			en := Entry{Kind: kindOf(e), Credit: *e.Credit, Count: 1, Required: e.Credit.Required}
			k := en.key()
			if i, ok := index[k]; ok {
				out[i].Count++
				out[i].Required = out[i].Required || en.Required
				return true
			}
			index[k] = len(out)
			out = append(out, en)
			return true
		})
	}
	return out
}

func kindOf(e *scene.Element) string {
	switch e.Type {
	case scene.TypeImage:
		return "photo"
	case scene.TypeSVG:
		return "icon"
	}
	return "image"
}

// worthShowing reports whether a credit names someone or something to credit.
func worthShowing(c *scene.Credit) bool {
	if strings.TrimSpace(c.Author) != "" || strings.TrimSpace(c.Text) != "" {
		return true
	}
	p := strings.TrimSpace(c.Provider)
	return p != "" && p != "Affiche" && c.Licence != "LicenseRef-Organisation"
}

// key is what makes two entries the same: what a reader sees of them.
func (e Entry) key() string {
	return e.Kind + "\x00" + e.who() + "\x00" + e.source() + "\x00" + e.Credit.Licence
}

// who is the credited person or body: the author, else the ready-made text, else the provider.
func (e Entry) who() string {
	c := e.Credit
	for _, s := range []string{c.Author, c.Text, c.Provider} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// source is the provider or set the item comes from, when it adds something to who.
func (e Entry) source() string {
	p := strings.TrimSpace(e.Credit.Provider)
	if p == "" || p == "Affiche" || strings.EqualFold(p, e.who()) || strings.Contains(strings.ToLower(e.who()), strings.ToLower(p)) {
		return ""
	}
	return p
}

// Label is the kind of the entry in lang, plural when it covers several items: "Photo",
// "Icônes".
func (e Entry) Label(lang string) string {
	plural := e.Count > 1
	var fr, en string
	switch e.Kind {
	case "photo":
		fr, en = "Photo", "Photo"
	case "icon":
		fr, en = "Icône", "Icon"
	default:
		fr, en = "Image", "Image"
	}
	if plural {
		fr, en = fr+"s", en+"s"
	}
	if lang == "en" {
		return en
	}
	return fr
}

// Name is the credited name with its source: "Jeanne Martin / Unsplash".
func (e Entry) Name() string {
	if s := e.source(); s != "" {
		return e.who() + " / " + s
	}
	return e.who()
}

// Licence is the licence as a reader knows it ("CC BY 4.0" rather than the SPDX id
// "CC-BY-4.0"), or "".
func (e Entry) Licence(lang string) string {
	return LicenceLabel(e.Credit.Licence, lang)
}

// Link is the page to credit: the item's page at its source, else its author's page.
func (e Entry) Link() string {
	for _, s := range []string{e.Credit.SourceURL, e.Credit.AuthorURL} {
		if u, err := url.Parse(s); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			return s
		}
	}
	return ""
}

// Text is the entry on one line: "Photo : Jeanne Martin / Unsplash — Unsplash License".
func (e Entry) Text(lang string) string {
	s := e.Label(lang) + colon(lang) + e.Name()
	if l := e.Licence(lang); l != "" {
		s += " — " + l
	}
	return s
}

// colon is ": " in English and " : " in French (with a no-break space, as French typography
// asks).
func colon(lang string) string {
	if lang == "en" {
		return ": "
	}
	return "\u00a0: "
}

// LicenceLabel turns a licence id into the name readers know: SPDX Creative Commons ids become
// "CC BY-SA 4.0", "CC0"; the organisation's own files get no licence line; other names are kept.
func LicenceLabel(id, lang string) string {
	id = strings.TrimSpace(id)
	switch {
	case id == "" || id == "LicenseRef-Organisation":
		return ""
	case strings.HasPrefix(id, "CC0"):
		return "CC0"
	case id == "PDM" || strings.EqualFold(id, "public domain") || strings.EqualFold(id, "pdm-1.0"):
		if lang == "en" {
			return "public domain"
		}
		return "domaine public"
	case strings.HasPrefix(id, "CC-BY"):
		rest := strings.TrimPrefix(id, "CC-")
		if i := strings.LastIndexByte(rest, '-'); i > 0 && rest[i+1:] != "" && (rest[i+1] >= '0' && rest[i+1] <= '9') {
			return "CC " + rest[:i] + " " + rest[i+1:]
		}
		return "CC " + rest
	}
	return id
}

// DisplayURL shortens a link for print: no scheme, no query, no "www.", at most max characters
// (an ellipsis marks the cut).
func DisplayURL(raw string, max int) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	s := strings.TrimPrefix(u.Host, "www.") + strings.TrimSuffix(u.EscapedPath(), "/")
	if max > 1 && len([]rune(s)) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return s
}
