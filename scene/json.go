package scene

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// knownKeys returns the JSON names of t's fields (embedded structs flattened).
func knownKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			for k := range knownKeys(f.Type) {
				keys[k] = true
			}
			continue
		}
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		keys[name] = true
	}
	return keys
}

var (
	keysOnce                       sync.Once
	docKeys, pageKeys, elementKeys map[string]bool
)

func initKeys() {
	keysOnce.Do(func() {
		docKeys = knownKeys(reflect.TypeOf(Document{}))
		pageKeys = knownKeys(reflect.TypeOf(Page{}))
		elementKeys = knownKeys(reflect.TypeOf(Element{}))
		elementKeys["text"] = true // plain-string input form of paragraphs
	})
}

// extraFields returns the members of the JSON object b whose names are not in known.
func extraFields(b []byte, known map[string]bool) (map[string]json.RawMessage, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	var extra map[string]json.RawMessage
	for k, v := range raw {
		if !known[k] {
			// encoding/json matches field names case-insensitively: a "Pages" would silently
			// replace "pages". Refuse such near-duplicates instead of guessing.
			for name := range known {
				if strings.EqualFold(name, k) {
					return nil, newErr(k, CodeValue, fmt.Sprintf("unknown field (did you mean %q?)", name),
						fmt.Sprintf("champ inconnu (vouliez-vous dire %q ?)", name))
				}
			}
			if extra == nil {
				extra = map[string]json.RawMessage{}
			}
			extra[k] = v
		}
	}
	return extra, nil
}

// appendExtra adds extra members at the end of the JSON object b, in key order.
func appendExtra(b []byte, extra map[string]json.RawMessage) ([]byte, error) {
	if len(extra) == 0 {
		return b, nil
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = bytes.TrimRight(b, " \n")
	if len(b) < 2 || b[len(b)-1] != '}' {
		return nil, fmt.Errorf("scene: cannot add fields to %q", b)
	}
	b = b[:len(b)-1]
	for _, k := range keys {
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		kb, _ := json.Marshal(k)
		b = append(b, kb...)
		b = append(b, ':')
		b = append(b, extra[k]...)
	}
	return append(b, '}'), nil
}

func isObject(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

func notObject(path string) error {
	return newErr(path, CodeType, "must be an object", "doit être un objet")
}

// UnmarshalJSON reads a document, keeping unknown fields and locating errors by JSON path.
func (d *Document) UnmarshalJSON(b []byte) error {
	initKeys()
	if !isObject(b) {
		return notObject("")
	}
	type plain Document
	var v struct {
		*plain
		Pages []json.RawMessage `json:"pages"`
	}
	*d = Document{}
	v.plain = (*plain)(d)
	if err := json.Unmarshal(b, &v); err != nil {
		return prefixErr("", err)
	}
	extra, err := extraFields(b, docKeys)
	if err != nil {
		return prefixErr("", err)
	}
	d.Extra = extra
	d.Pages = make([]*Page, 0, len(v.Pages))
	for i, raw := range v.Pages {
		p := new(Page)
		if err := p.UnmarshalJSON(raw); err != nil {
			return prefixErr(fmt.Sprintf("pages[%d]", i), err)
		}
		d.Pages = append(d.Pages, p)
	}
	return nil
}

// MarshalJSON writes the document with its unknown fields.
func (d Document) MarshalJSON() ([]byte, error) {
	type plain Document
	p := plain(d)
	if p.Pages == nil {
		p.Pages = []*Page{}
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return appendExtra(b, d.Extra)
}

// UnmarshalJSON reads a page, keeping unknown fields and locating errors by JSON path.
func (p *Page) UnmarshalJSON(b []byte) error {
	initKeys()
	if !isObject(b) {
		return notObject("")
	}
	type plain Page
	var v struct {
		*plain
		Elements []json.RawMessage `json:"elements"`
	}
	*p = Page{}
	v.plain = (*plain)(p)
	if err := json.Unmarshal(b, &v); err != nil {
		return prefixErr("", err)
	}
	extra, err := extraFields(b, pageKeys)
	if err != nil {
		return prefixErr("", err)
	}
	p.Extra = extra
	els, err := unmarshalElements(v.Elements, "elements")
	p.Elements = els
	return err
}

// MarshalJSON writes the page with its unknown fields.
func (p Page) MarshalJSON() ([]byte, error) {
	type plain Page
	q := plain(p)
	if q.Elements == nil {
		q.Elements = []*Element{}
	}
	b, err := json.Marshal(q)
	if err != nil {
		return nil, err
	}
	return appendExtra(b, p.Extra)
}

func unmarshalElements(raws []json.RawMessage, field string) ([]*Element, error) {
	els := make([]*Element, 0, len(raws))
	for i, raw := range raws {
		e := new(Element)
		if err := e.UnmarshalJSON(raw); err != nil {
			return els, prefixErr(fmt.Sprintf("%s[%d]", field, i), err)
		}
		els = append(els, e)
	}
	return els, nil
}

// UnmarshalJSON reads an element: defaults first (opacity 1), unknown fields kept, "text" as
// a plain string accepted, errors located by JSON path.
func (e *Element) UnmarshalJSON(b []byte) error {
	initKeys()
	if !isObject(b) {
		return notObject("")
	}
	type plain Element
	var v struct {
		*plain
		Children []json.RawMessage `json:"children"`
		Text     json.RawMessage   `json:"text"`
	}
	*e = Element{Opacity: 1}
	v.plain = (*plain)(e)
	if err := json.Unmarshal(b, &v); err != nil {
		return prefixErr("", err)
	}
	extra, err := extraFields(b, elementKeys)
	if err != nil {
		return prefixErr("", err)
	}
	e.Extra = extra
	if len(v.Text) > 0 && string(v.Text) != "null" && len(e.Paragraphs) == 0 {
		var s string
		if err := json.Unmarshal(v.Text, &s); err != nil {
			var ps []Paragraph
			if err2 := json.Unmarshal(v.Text, &ps); err2 != nil {
				return newErr("text", CodeType, "must be a string or a list of paragraphs",
					"doit être un texte ou une liste de paragraphes")
			}
			e.Paragraphs = ps
		} else {
			e.Paragraphs = ParagraphsFromText(s)
		}
	}
	if v.Children != nil {
		kids, err := unmarshalElements(v.Children, "children")
		e.Children = kids
		if err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSON writes the element with its unknown fields.
func (e Element) MarshalJSON() ([]byte, error) {
	type plain Element
	b, err := json.Marshal(plain(e))
	if err != nil {
		return nil, err
	}
	return appendExtra(b, e.Extra)
}

// UnmarshalJSON fills the shadow's defaults (black, opacity 1) before reading it.
func (s *Shadow) UnmarshalJSON(b []byte) error {
	type plain Shadow
	v := plain{Color: "#000000", Opacity: 1, Blur: 8, OffsetX: 0, OffsetY: 4}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = Shadow(v)
	return nil
}

// UnmarshalJSON fills the background's default opacity (1) before reading it.
func (t *TextBackground) UnmarshalJSON(b []byte) error {
	type plain TextBackground
	v := plain{Opacity: 1}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*t = TextBackground(v)
	return nil
}
