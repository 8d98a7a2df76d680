package scene

import "encoding/json"

// FormatName is the value of the "format" field of every Affiche document.
const FormatName = "affiche"

// CurrentVersion is the version of the scene format this code writes.
const CurrentVersion = 1

// Document is a whole design: one or more pages and the settings they share.
type Document struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Title   string `json:"title,omitempty"`
	Author  string `json:"author,omitempty"`
	// Lang is the BCP 47 language of the content ("fr", "en"): line breaking and PDF metadata.
	Lang string `json:"lang,omitempty"`
	// Width and Height are the default page size in points; a page may override them.
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	// Unit is the unit the user prefers to see (mm, cm, in, pt, px). Display only.
	Unit Unit `json:"unit,omitempty"`
	// Bleed is the print bleed in points around every page (3 mm = 8.504 pt).
	Bleed float64 `json:"bleed,omitempty"`
	// Fonts lists fonts the document brings with it (uploaded or embedded), by family.
	Fonts []FontSource `json:"fonts,omitempty"`
	Pages []*Page      `json:"pages"`

	// Extra keeps fields this version does not know, so saving never loses them.
	Extra map[string]json.RawMessage `json:"-"`
}

// FontSource names where a font face comes from: a server blob, a data: URL or a bundled asset.
type FontSource struct {
	Family string `json:"family"`
	Weight int    `json:"weight,omitempty"` // 100–900; 0 means 400
	Italic bool   `json:"italic,omitempty"`
	URL    string `json:"url"`
}

// Page is one page of a document.
type Page struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Width and Height override the document's page size when non-zero.
	Width  float64 `json:"width,omitempty"`
	Height float64 `json:"height,omitempty"`
	// Background paints the whole page, bleed included. Nil means white.
	Background *Fill `json:"background,omitempty"`
	// BackgroundImage covers the page (and its bleed) above Background.
	BackgroundImage *BackgroundImage `json:"backgroundImage,omitempty"`
	Elements        []*Element       `json:"elements"`

	// Extra keeps fields this version does not know.
	Extra map[string]json.RawMessage `json:"-"`
}

// BackgroundImage is a page-filling image.
type BackgroundImage struct {
	Src     string   `json:"src"`
	Fit     Fit      `json:"fit,omitempty"` // cover (default), contain or fill
	Opacity *float64 `json:"opacity,omitempty"`
	Filters *Filters `json:"filters,omitempty"`
}

// PageSize returns the size of page i in points, taking the document's default into account.
func (d *Document) PageSize(i int) (w, h float64) {
	w, h = d.Width, d.Height
	if i >= 0 && i < len(d.Pages) {
		p := d.Pages[i]
		if p.Width > 0 {
			w = p.Width
		}
		if p.Height > 0 {
			h = p.Height
		}
	}
	return w, h
}

// New returns an empty one-page document of the given size in points.
func New(width, height float64) *Document {
	return &Document{
		Format:  FormatName,
		Version: CurrentVersion,
		Width:   width,
		Height:  height,
		Unit:    UnitMM,
		Pages:   []*Page{{ID: NewID(), Elements: []*Element{}}},
	}
}

// Walk calls fn for every element of the page in paint order (back to front), children after
// their group. Returning false from fn skips the element's children.
func (p *Page) Walk(fn func(e *Element) bool) {
	walk(p.Elements, fn)
}

func walk(els []*Element, fn func(e *Element) bool) {
	for _, e := range els {
		if fn(e) && len(e.Children) > 0 {
			walk(e.Children, fn)
		}
	}
}

// Find returns the element with the given id anywhere in the page (inside groups too) and
// its parent group (nil at the top level).
func (p *Page) Find(id string) (el, parent *Element) {
	var find func(els []*Element, par *Element) bool
	find = func(els []*Element, par *Element) bool {
		for _, e := range els {
			if e.ID == id {
				el, parent = e, par
				return true
			}
			if find(e.Children, e) {
				return true
			}
		}
		return false
	}
	find(p.Elements, nil)
	return el, parent
}
