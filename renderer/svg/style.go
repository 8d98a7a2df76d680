package svg

import (
	"sort"
	"strings"
)

// prop is a style property the drawing depends on.
type prop uint8

const (
	pFill prop = iota
	pFillOpacity
	pFillRule
	pStroke
	pStrokeWidth
	pStrokeLinecap
	pStrokeLinejoin
	pStrokeMiterlimit
	pStrokeDasharray
	pStrokeDashoffset
	pStrokeOpacity
	pOpacity
	pColor
	pDisplay
	pVisibility
	pClipPath
	pClipRule
	pMask
	pStopColor
	pStopOpacity
	pTransform
	nProps
)

var propNames = map[string]prop{
	"fill": pFill, "fill-opacity": pFillOpacity, "fill-rule": pFillRule, "stroke": pStroke,
	"stroke-width": pStrokeWidth, "stroke-linecap": pStrokeLinecap,
	"stroke-linejoin": pStrokeLinejoin, "stroke-miterlimit": pStrokeMiterlimit,
	"stroke-dasharray": pStrokeDasharray, "stroke-dashoffset": pStrokeDashoffset,
	"stroke-opacity": pStrokeOpacity, "opacity": pOpacity, "color": pColor,
	"display": pDisplay, "visibility": pVisibility, "clip-path": pClipPath,
	"clip-rule": pClipRule, "mask": pMask, "stop-color": pStopColor,
	"stop-opacity": pStopOpacity, "transform": pTransform,
}

// decls holds an element's specified values ("" = not specified).
type decls [nProps]string

// declaration is one "property: value" of a style sheet or attribute.
type declaration struct {
	p prop
	v string
}

// parseDeclarations reads "fill: red; stroke: blue" keeping the properties we know.
func parseDeclarations(s string) []declaration {
	var out []declaration
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			continue
		}
		p, known := propNames[strings.ToLower(strings.TrimSpace(k))]
		if !known {
			continue
		}
		v = strings.TrimSpace(v)
		if i := strings.Index(strings.ToLower(v), "!important"); i >= 0 {
			v = strings.TrimSpace(v[:i])
		}
		if v != "" {
			out = append(out, declaration{p, v})
		}
	}
	return out
}

// rule is one style sheet rule with a single (compound) selector.
type rule struct {
	tag     string // "" or "*" for any
	id      string
	classes []string
	spec    int // specificity: ids·10000 + classes·100 + tags
	order   int
	decls   []declaration
}

func (r *rule) matches(n *node) bool {
	if r.tag != "" && r.tag != "*" && r.tag != n.name {
		return false
	}
	if r.id != "" && n.get("id") != r.id {
		return false
	}
	if len(r.classes) > 0 {
		have := strings.Fields(n.get("class"))
		for _, c := range r.classes {
			found := false
			for _, h := range have {
				if h == c {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
	}
	return true
}

// parseSheet reads the simple style sheets drawing programs write: rules whose selectors are
// compound selectors of a type, an id and classes (".cls-1, .cls-2 {fill:#123}"). Selectors
// with combinators, attributes or pseudo-classes, and at-rules, are skipped.
func parseSheet(css string, order *int) []rule {
	var out []rule
	css = stripComments(css)
	for {
		css = strings.TrimSpace(css)
		if css == "" {
			return out
		}
		if css[0] == '@' {
			css = skipAtRule(css)
			continue
		}
		open := strings.IndexByte(css, '{')
		if open < 0 {
			return out
		}
		end := strings.IndexByte(css[open:], '}')
		if end < 0 {
			return out
		}
		sels, body := css[:open], css[open+1:open+end]
		css = css[open+end+1:]
		ds := parseDeclarations(body)
		if len(ds) == 0 {
			continue
		}
		for _, sel := range strings.Split(sels, ",") {
			r, ok := parseSelector(strings.TrimSpace(sel))
			if !ok {
				continue
			}
			r.decls = ds
			r.order = *order
			*order++
			out = append(out, r)
		}
	}
}

func stripComments(s string) string {
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			return s[:i]
		}
		s = s[:i] + " " + s[i+2+j+2:]
	}
}

// skipAtRule drops an at-rule: up to its semicolon, or its whole (nested) block.
func skipAtRule(css string) string {
	for i := 0; i < len(css); i++ {
		switch css[i] {
		case ';':
			return css[i+1:]
		case '{':
			depth := 0
			for j := i; j < len(css); j++ {
				switch css[j] {
				case '{':
					depth++
				case '}':
					depth--
					if depth == 0 {
						return css[j+1:]
					}
				}
			}
			return ""
		}
	}
	return ""
}

func parseSelector(s string) (rule, bool) {
	var r rule
	if s == "" || strings.ContainsAny(s, " \t\n>+~[:") {
		return r, false
	}
	i := 0
	ident := func() string {
		j := i
		for j < len(s) && s[j] != '.' && s[j] != '#' {
			j++
		}
		v := s[i:j]
		i = j
		return v
	}
	if s[0] != '.' && s[0] != '#' {
		r.tag = ident()
		if r.tag != "*" {
			r.spec++
		}
	}
	for i < len(s) {
		c := s[i]
		i++
		v := ident()
		if v == "" {
			return r, false
		}
		if c == '#' {
			if r.id != "" && r.id != v {
				return r, false
			}
			r.id = v
			r.spec += 10000
		} else {
			r.classes = append(r.classes, v)
			r.spec += 100
		}
	}
	return r, true
}

// sheet holds a document's style rules in cascade order.
type sheet struct{ rules []rule }

func newSheet(root *node) *sheet {
	sh := &sheet{}
	order := 0
	var walk func(n *node)
	walk = func(n *node) {
		if n.name == "style" {
			if t := strings.TrimSpace(n.get("type")); t == "" || t == "text/css" {
				sh.rules = append(sh.rules, parseSheet(n.text, &order)...)
			}
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)
	sort.SliceStable(sh.rules, func(i, j int) bool {
		a, b := &sh.rules[i], &sh.rules[j]
		if a.spec != b.spec {
			return a.spec < b.spec
		}
		return a.order < b.order
	})
	return sh
}

// declsOf returns an element's specified values: presentation attributes, overridden by the
// style sheet's rules, overridden by its style attribute.
func (sh *sheet) declsOf(n *node) *decls {
	d := &decls{}
	for _, a := range n.attrs {
		if p, ok := propNames[a.name]; ok {
			if v := strings.TrimSpace(a.value); v != "" {
				d[p] = v
			}
		}
	}
	for i := range sh.rules {
		r := &sh.rules[i]
		if r.matches(n) {
			for _, dc := range r.decls {
				d[dc.p] = dc.v
			}
		}
	}
	if s, ok := n.attr("style"); ok {
		for _, dc := range parseDeclarations(s) {
			d[dc.p] = dc.v
		}
	}
	return d
}
