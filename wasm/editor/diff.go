package editor

import (
	"encoding/json"
	"reflect"

	"affiche/scene"
)

// The document is seen as records: one for the document's own fields (with the order of its
// pages), one per page (with the order of its top-level elements) and one per top-level
// element (with its whole subtree: a group carries its children). A change is a Diff between
// two versions of the records it touched; records are deep copies never modified after they
// are made, so a Diff can be undone, redone and kept in the history safely.

// DocRecord is the document's own fields (Pages nil) and the ids of its pages in order.
type DocRecord struct {
	Doc   scene.Document `json:"doc"`
	Pages []string       `json:"pages"`
}

// PageRecord is a page's own fields (Elements nil) and its top-level element ids in paint order.
type PageRecord struct {
	Page     scene.Page `json:"page"`
	Elements []string   `json:"elements"`
}

// ElementRecord is a top-level element with its children, and the page it lies on.
type ElementRecord struct {
	Page    string         `json:"page"`
	Element *scene.Element `json:"element"`
}

// Diff is one reversible change, tldraw style: for every record it touched, the version before
// ([0]) and after ([1]). A nil before means the record was added, a nil after that it was
// removed; both set means it was updated. Diffs are JSON-serialisable (for co-editing later).
type Diff struct {
	Doc      *[2]*DocRecord                `json:"doc,omitempty"`
	Pages    map[string]*[2]*PageRecord    `json:"pages,omitempty"`
	Elements map[string]*[2]*ElementRecord `json:"elements,omitempty"`
}

// Empty reports whether the diff changes nothing.
func (d *Diff) Empty() bool {
	return d == nil || (d.Doc == nil && len(d.Pages) == 0 && len(d.Elements) == 0)
}

// Invert returns the diff that undoes d.
func (d *Diff) Invert() *Diff {
	out := &Diff{}
	if d.Doc != nil {
		out.Doc = &[2]*DocRecord{d.Doc[1], d.Doc[0]}
	}
	if len(d.Pages) > 0 {
		out.Pages = make(map[string]*[2]*PageRecord, len(d.Pages))
		for id, p := range d.Pages {
			out.Pages[id] = &[2]*PageRecord{p[1], p[0]}
		}
	}
	if len(d.Elements) > 0 {
		out.Elements = make(map[string]*[2]*ElementRecord, len(d.Elements))
		for id, p := range d.Elements {
			out.Elements[id] = &[2]*ElementRecord{p[1], p[0]}
		}
	}
	return out
}

// Added lists the ids of the top-level elements the diff adds.
func (d *Diff) Added() []string { return d.elementIDs(func(b, a bool) bool { return !b && a }) }

// Updated lists the ids of the top-level elements the diff changes.
func (d *Diff) Updated() []string { return d.elementIDs(func(b, a bool) bool { return b && a }) }

// Removed lists the ids of the top-level elements the diff removes.
func (d *Diff) Removed() []string { return d.elementIDs(func(b, a bool) bool { return b && !a }) }

func (d *Diff) elementIDs(keep func(before, after bool) bool) []string {
	var ids []string
	for id, p := range d.Elements {
		if keep(p[0] != nil, p[1] != nil) {
			ids = append(ids, id)
		}
	}
	sortStrings(ids)
	return ids
}

// compose returns the diff doing d then next (both are consumed: records are shared).
func compose(d, next *Diff) *Diff {
	out := &Diff{}
	switch {
	case d.Doc != nil && next.Doc != nil:
		if !equalDoc(d.Doc[0], next.Doc[1]) {
			out.Doc = &[2]*DocRecord{d.Doc[0], next.Doc[1]}
		}
	case d.Doc != nil:
		out.Doc = d.Doc
	case next.Doc != nil:
		out.Doc = next.Doc
	}
	out.Pages = composeMap(d.Pages, next.Pages, equalPage)
	out.Elements = composeMap(d.Elements, next.Elements, equalElementRecord)
	return out
}

func composeMap[T any](a, b map[string]*[2]*T, eq func(x, y *T) bool) map[string]*[2]*T {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	out := make(map[string]*[2]*T, len(a)+len(b))
	for id, p := range a {
		out[id] = p
	}
	for id, p := range b {
		if q, ok := out[id]; ok {
			if eq(q[0], p[1]) {
				delete(out, id)
				continue
			}
			out[id] = &[2]*T{q[0], p[1]}
			continue
		}
		out[id] = p
	}
	return out
}

// Snapshots.

func snapDoc(d *scene.Document) *DocRecord {
	r := &DocRecord{Doc: *d}
	r.Doc.Pages = nil
	r.Doc.Fonts = append([]scene.FontSource(nil), d.Fonts...)
	r.Doc.Extra = cloneExtra(d.Extra)
	r.Pages = make([]string, len(d.Pages))
	for i, p := range d.Pages {
		r.Pages[i] = p.ID
	}
	return r
}

func snapPage(p *scene.Page) *PageRecord {
	r := &PageRecord{Page: clonePageHeader(p)}
	r.Elements = make([]string, len(p.Elements))
	for i, e := range p.Elements {
		r.Elements[i] = e.ID
	}
	return r
}

func clonePageHeader(p *scene.Page) scene.Page {
	c := *p
	c.Elements = nil
	c.Background = p.Background.Clone()
	if p.BackgroundImage != nil {
		bi := *p.BackgroundImage
		if bi.Opacity != nil {
			o := *bi.Opacity
			bi.Opacity = &o
		}
		if bi.Filters != nil {
			f := *bi.Filters
			bi.Filters = &f
		}
		c.BackgroundImage = &bi
	}
	c.Extra = cloneExtra(p.Extra)
	return c
}

func cloneExtra(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return nil
	}
	c := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		c[k] = append(json.RawMessage(nil), v...)
	}
	return c
}

func equalDoc(a, b *DocRecord) bool               { return reflect.DeepEqual(a, b) }
func equalPage(a, b *PageRecord) bool             { return reflect.DeepEqual(a, b) }
func equalElementRecord(a, b *ElementRecord) bool { return reflect.DeepEqual(a, b) }

// sizeOf estimates the memory a diff keeps alive, in bytes, for the history's budget.
func (d *Diff) sizeOf() int {
	n := 64
	if d.Doc != nil {
		for _, r := range d.Doc {
			if r != nil {
				n += 256 + 16*len(r.Pages) + 128*len(r.Doc.Fonts)
			}
		}
	}
	for _, p := range d.Pages {
		for _, r := range p {
			if r != nil {
				n += 256 + 16*len(r.Elements)
			}
		}
	}
	for _, p := range d.Elements {
		for _, r := range p {
			if r != nil {
				n += 48 + elementSize(r.Element)
			}
		}
	}
	return n
}

func elementSize(e *scene.Element) int {
	if e == nil {
		return 0
	}
	n := 700 + len(e.Src) + len(e.Path) + len(e.Name)
	for _, p := range e.Paragraphs {
		n += 64
		for _, r := range p.Runs {
			n += 160 + len(r.Text)
		}
	}
	for _, v := range e.Extra {
		n += 32 + len(v)
	}
	for _, c := range e.Children {
		n += elementSize(c)
	}
	return n
}
