// Package svgsafe turns untrusted SVG (from an online provider or a user's upload) into SVG that
// is safe to serve and to render: no script, no event handlers, no reference to anything outside
// the document, no entities or DOCTYPE in the output.
//
// It works by allow-list: the document is parsed with encoding/xml and re-written element by
// element; an element or attribute that is not known to be harmless is dropped. The output is
// well-formed XML with one root <svg> in the SVG namespace.
package svgsafe

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Namespaces the sanitiser understands.
const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
	nsXML   = "http://www.w3.org/XML/1998/namespace"
)

// Errors returned by Sanitize. Anything else is wrapped in ErrMalformed.
var (
	ErrNotSVG    = errors.New("svgsafe: not an SVG document")
	ErrTooLarge  = errors.New("svgsafe: document too large or too deep")
	ErrMalformed = errors.New("svgsafe: malformed XML")
)

// Limits bounds the work done on one document.
type Limits struct {
	MaxBytes    int // input size
	MaxOutput   int // output size (bounds entity expansion)
	MaxElements int
	MaxDepth    int
}

// DefaultLimits suit icons, illustrations and logos (a 5 MB, 100k-element SVG is already extreme).
var DefaultLimits = Limits{MaxBytes: 5 << 20, MaxOutput: 10 << 20, MaxElements: 100_000, MaxDepth: 64}

// Sanitize returns a safe copy of the SVG document src using DefaultLimits.
func Sanitize(src []byte) ([]byte, error) { return SanitizeLimits(src, DefaultLimits) }

// SanitizeLimits returns a safe copy of the SVG document src. It fails with ErrNotSVG when the
// root element is not <svg>, ErrTooLarge when a limit is crossed and ErrMalformed when the XML
// cannot be parsed (including references to entities that are external or not plain text).
func SanitizeLimits(src []byte, lim Limits) ([]byte, error) {
	if lim.MaxBytes > 0 && len(src) > lim.MaxBytes {
		return nil, ErrTooLarge
	}
	s := &sanitizer{lim: lim, out: bytes.NewBuffer(make([]byte, 0, len(src)))}
	if err := s.run(src); err != nil {
		return nil, err
	}
	return s.out.Bytes(), nil
}

type frame struct {
	name     string // local name written, "" when the element is dropped
	text     bool   // character data is kept inside
	style    bool   // a <style> element: its text is CSS
	dropped  bool
	hasChild bool
}

type sanitizer struct {
	lim      Limits
	out      *bytes.Buffer
	stack    []frame
	elements int
	open     bool // a start tag was written without its closing '>' yet
	styleBuf strings.Builder
	dec      *xml.Decoder
	rootSeen bool
	rootDone bool
}

func (s *sanitizer) run(src []byte) error {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	d.Entity = map[string]string{} // filled from a DOCTYPE's safe internal entities only
	// Refuse non-UTF-8 declarations rather than guess: providers and browsers send UTF-8.
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return in, nil
		}
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	s.dec = d
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		if err := s.token(tok); err != nil {
			return err
		}
		if s.lim.MaxOutput > 0 && s.out.Len() > s.lim.MaxOutput {
			return ErrTooLarge
		}
	}
	if !s.rootSeen {
		return ErrNotSVG
	}
	if !s.rootDone {
		return fmt.Errorf("%w: unexpected end of document", ErrMalformed)
	}
	return nil
}

func (s *sanitizer) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.Directive:
		if !s.rootSeen {
			parseEntities(t, s.dec.Entity)
		}
		return nil // DOCTYPE and other declarations never reach the output
	case xml.ProcInst, xml.Comment:
		return nil
	case xml.StartElement:
		return s.start(t)
	case xml.EndElement:
		return s.end()
	case xml.CharData:
		s.chars(t)
	}
	return nil
}

func (s *sanitizer) start(t xml.StartElement) error {
	if s.rootDone {
		return fmt.Errorf("%w: content after the root element", ErrMalformed)
	}
	s.elements++
	if s.lim.MaxElements > 0 && s.elements > s.lim.MaxElements {
		return ErrTooLarge
	}
	if s.lim.MaxDepth > 0 && len(s.stack) >= s.lim.MaxDepth {
		return ErrTooLarge
	}
	if !s.rootSeen {
		s.rootSeen = true
		if t.Name.Local != "svg" || (t.Name.Space != nsSVG && t.Name.Space != "") {
			return ErrNotSVG
		}
	}
	parentDropped := len(s.stack) > 0 && s.stack[len(s.stack)-1].dropped
	rule, known := elements[t.Name.Local]
	if parentDropped || !known || (t.Name.Space != nsSVG && t.Name.Space != "") {
		s.stack = append(s.stack, frame{dropped: true})
		return nil
	}
	s.closeOpen()
	if len(s.stack) > 0 {
		s.stack[len(s.stack)-1].hasChild = true
	}
	name := t.Name.Local
	s.out.WriteByte('<')
	s.out.WriteString(name)
	if len(s.stack) == 0 {
		s.out.WriteString(` xmlns="` + nsSVG + `" xmlns:xlink="` + nsXLink + `"`)
	}
	for _, a := range t.Attr {
		an, av, ok := attribute(name, rule, a)
		if !ok {
			continue
		}
		s.out.WriteByte(' ')
		s.out.WriteString(an)
		s.out.WriteString(`="`)
		escapeAttr(s.out, av)
		s.out.WriteByte('"')
	}
	s.open = true
	s.stack = append(s.stack, frame{name: name, text: rule&ruleText != 0, style: name == "style"})
	if name == "style" {
		s.styleBuf.Reset()
	}
	return nil
}

func (s *sanitizer) end() error {
	if len(s.stack) == 0 {
		return fmt.Errorf("%w: unbalanced end tag", ErrMalformed)
	}
	f := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	if len(s.stack) == 0 {
		s.rootDone = true
	}
	if f.dropped {
		return nil
	}
	if f.style {
		css := SanitizeCSS(s.styleBuf.String())
		if css != "" {
			s.closeOpen()
			escapeText(s.out, css)
		}
	}
	if s.open {
		s.out.WriteString("/>")
		s.open = false
		return nil
	}
	s.out.WriteString("</")
	s.out.WriteString(f.name)
	s.out.WriteByte('>')
	return nil
}

func (s *sanitizer) chars(t xml.CharData) {
	if len(s.stack) == 0 {
		return
	}
	f := s.stack[len(s.stack)-1]
	if f.dropped || !f.text {
		return
	}
	if f.style {
		s.styleBuf.Write(t)
		return
	}
	s.closeOpen()
	escapeText(s.out, string(t))
}

func (s *sanitizer) closeOpen() {
	if s.open {
		s.out.WriteByte('>')
		s.open = false
	}
}

// attribute decides whether one attribute is kept, and returns its output name and value.
func attribute(elem string, rule elemRule, a xml.Attr) (string, string, bool) {
	space, local := a.Name.Space, a.Name.Local
	switch {
	case space == "" && local == "xmlns", space == "xmlns":
		return "", "", false // namespace declarations: the root gets ours
	case (space == nsXLink || space == "xlink") && local == "href", space == "" && local == "href":
		if rule&ruleHref == 0 {
			return "", "", false
		}
		v, ok := safeHref(a.Value, rule&ruleImage != 0)
		if !ok {
			return "", "", false
		}
		if space == "" {
			return "href", v, true
		}
		return "xlink:href", v, true
	case space == nsXML || space == "xml":
		if local == "space" || local == "lang" {
			return "xml:" + local, a.Value, true
		}
		return "", "", false // xml:base would change how references resolve
	case space != "":
		return "", "", false // editor metadata (inkscape:, sodipodi:, …) and anything unknown
	}
	if !attributes[local] {
		return "", "", false
	}
	v := a.Value
	if hasScriptScheme(v) {
		return "", "", false
	}
	if local == "style" {
		v = SanitizeDeclarations(v)
		if v == "" {
			return "", "", false
		}
		return local, v, true
	}
	if strings.Contains(strings.ToLower(v), "url(") {
		v2, ok := sanitizeValueURLs(v)
		if !ok || hasScriptScheme(v2) {
			return "", "", false
		}
		v = v2
	}
	return local, v, true
}

// safeHref accepts same-document references ("#id") and, for <image>, base64 raster data URLs.
func safeHref(v string, image bool) (string, bool) {
	c := compactURL(v)
	if strings.HasPrefix(c, "#") && validFragment(c[1:]) {
		return c, true
	}
	if image {
		lc := strings.ToLower(c)
		for _, p := range []string{"data:image/png;base64,", "data:image/jpeg;base64,", "data:image/jpg;base64,", "data:image/gif;base64,", "data:image/webp;base64,"} {
			if strings.HasPrefix(lc, p) && base64Only(c[len(p):]) {
				return p + c[len(p):], true // the scheme and type written in canonical lower case
			}
		}
	}
	return "", false
}

// compactURL removes what URL parsers ignore (ASCII whitespace and control characters) so that
// "java\tscript:" cannot hide a scheme.
func compactURL(v string) string {
	var b strings.Builder
	for _, r := range v {
		if r <= 0x20 || r == 0x7f {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hasScriptScheme(v string) bool {
	c := strings.ToLower(compactURL(v))
	return strings.Contains(c, "javascript:") || strings.Contains(c, "vbscript:") || strings.Contains(c, "data:text") || strings.Contains(c, "data:application/xhtml") || strings.Contains(c, "data:image/svg+xml")
}

func validFragment(id string) bool {
	if id == "" || len(id) > 256 {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || r == '.' || r == ':' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f) {
			return false
		}
	}
	return true
}

func base64Only(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return len(s) > 0
}

var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\t", "&#x9;", "\n", "&#xA;", "\r", "&#xD;")
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")

func escapeAttr(w *bytes.Buffer, s string) { attrEscaper.WriteString(w, s) }
func escapeText(w *bytes.Buffer, s string) { textEscaper.WriteString(w, s) }

// parseEntities reads internal general entities from a DOCTYPE declaration and records those
// whose value is plain text (Illustrator declares namespace URIs this way). External entities
// (SYSTEM/PUBLIC), parameter entities and values containing markup or references are ignored,
// so using them fails the parse: no file is read and nothing expands recursively.
func parseEntities(d xml.Directive, into map[string]string) {
	s := string(d)
	if !strings.HasPrefix(s, "DOCTYPE") {
		return
	}
	for n := 0; n < 64; n++ {
		i := strings.Index(s, "<!ENTITY")
		if i < 0 {
			return
		}
		s = s[i+len("<!ENTITY"):]
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return
		}
		decl := strings.TrimSpace(s[:end])
		s = s[end+1:]
		if strings.HasPrefix(decl, "%") {
			continue
		}
		sp := strings.IndexAny(decl, " \t\r\n")
		if sp < 0 {
			continue
		}
		name, rest := decl[:sp], strings.TrimSpace(decl[sp:])
		if len(rest) < 2 || (rest[0] != '"' && rest[0] != '\'') || rest[len(rest)-1] != rest[0] {
			continue // SYSTEM or PUBLIC: external, never resolved
		}
		val := rest[1 : len(rest)-1]
		if len(val) > 1024 || strings.ContainsAny(val, "&<%") || !validName(name) {
			continue
		}
		into[name] = val
	}
}

func validName(n string) bool {
	if n == "" {
		return false
	}
	for _, r := range n {
		if !(r == '_' || r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// IsSVG reports whether data looks like an SVG document: after an optional BOM, XML
// declaration, comments and DOCTYPE, the first element is <svg>. http.DetectContentType calls
// such files "text/xml", which is why this exists.
func IsSVG(data []byte) bool {
	b := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for steps := 0; steps < 256; steps++ {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return false
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b[4:], []byte("-->"))
			if i < 0 {
				return false
			}
			b = b[4+i+3:]
		case bytes.HasPrefix(b, []byte("<!DOCTYPE")) || bytes.HasPrefix(b, []byte("<!doctype")):
			i := skipDoctype(b)
			if i < 0 {
				return false
			}
			b = b[i:]
		case bytes.HasPrefix(b, []byte("<svg")):
			if len(b) == 4 {
				return false
			}
			c := b[4]
			return c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r'
		default:
			return false
		}
	}
	return false
}

// skipDoctype returns the offset just after a DOCTYPE declaration, which may hold an internal
// subset in brackets.
func skipDoctype(b []byte) int {
	depth := 0
	var quote byte
	for i := 2; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			return i + 1
		}
	}
	return -1
}

// Size returns the natural size of a (sanitised) SVG from its root width/height attributes, or
// its viewBox when they are missing or relative. It returns 0, 0 when neither is usable.
func Size(data []byte) (w, h float64) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return 0, 0
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var vb []float64
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "width":
				w = length(a.Value)
			case "height":
				h = length(a.Value)
			case "viewBox":
				for _, f := range strings.FieldsFunc(a.Value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
					v, err := strconv.ParseFloat(f, 64)
					if err != nil {
						vb = nil
						break
					}
					vb = append(vb, v)
				}
			}
		}
		if (w <= 0 || h <= 0) && len(vb) == 4 && vb[2] > 0 && vb[3] > 0 {
			return vb[2], vb[3]
		}
		if w > 0 && h > 0 {
			return w, h
		}
		return 0, 0
	}
}

// length parses an absolute SVG length in user units (px); relative units give 0.
func length(v string) float64 {
	v = strings.TrimSpace(v)
	mul := 1.0
	for _, u := range []struct {
		s string
		m float64
	}{{"px", 1}, {"pt", 4.0 / 3}, {"pc", 16}, {"mm", 96 / 25.4}, {"cm", 96 / 2.54}, {"in", 96}} {
		if strings.HasSuffix(v, u.s) {
			v, mul = strings.TrimSpace(strings.TrimSuffix(v, u.s)), u.m
			break
		}
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 {
		return 0
	}
	return f * mul
}
