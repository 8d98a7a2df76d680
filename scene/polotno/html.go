package polotno

import (
	"io"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"affiche/scene"
)

// Polotno's rich text is the HTML of its Quill editor: one <p> per paragraph (an empty one is
// <p><br></p>), inline <strong>, <em>, <u>, <s> and <span style="…">, <ul>/<ol> of <li> for
// lists (Quill 2 writes <ol><li data-list="bullet">), and classes ql-align-*, ql-indent-N and
// ql-size-*. parseRichText reads it — or any similar HTML — into paragraphs of runs. Runs hold
// only what differs from the element's style.

// richStyle is the character style in effect at a point of the HTML.
type richStyle struct {
	scene.TextStyle
	link   string
	sizePx float64 // the font size in Polotno pixels, for em and % sizes
}

// frame is an open HTML element.
type frame struct {
	tag   string
	style richStyle
	block bool
}

// blockAttrs are the paragraph settings of the block being read.
type blockAttrs struct {
	align scene.Align
	list  scene.ListKind
	level int
}

type richParser struct {
	base    richStyle
	scale   float64
	stack   []frame
	lists   []scene.ListKind
	paras   []scene.Paragraph
	cur     *scene.Paragraph
	block   blockAttrs
	inBlock int             // open block elements
	cont    bool            // the next line continues a block after a <br>
	notes   map[string]bool // markup Affiche cannot draw
}

// parseRichText reads Polotno HTML text. base is the element's style, basePx its font size in
// Polotno pixels and scale the points per pixel. It returns the paragraphs and the names of the
// kinds of markup it could not keep ("highlight", "script").
func parseRichText(src string, base scene.TextStyle, basePx, scale float64) ([]scene.Paragraph, []string) {
	p := &richParser{base: richStyle{TextStyle: base, sizePx: basePx}, scale: scale, notes: map[string]bool{}}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				p.notes["markup"] = true
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			p.text(tok.Data)
		case html.StartTagToken, html.SelfClosingTagToken:
			p.start(tok, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			p.end(tok.Data)
		}
	}
	p.flush()
	if len(p.paras) == 0 {
		p.paras = []scene.Paragraph{{Runs: []scene.Run{{Text: ""}}}}
	}
	notes := make([]string, 0, len(p.notes))
	for n := range p.notes {
		notes = append(notes, n)
	}
	sort.Strings(notes)
	return p.paras, notes
}

func (p *richParser) style() richStyle {
	if len(p.stack) == 0 {
		return p.base
	}
	return p.stack[len(p.stack)-1].style
}

func isBlock(tag string) bool {
	switch tag {
	case "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre":
		return true
	}
	return false
}

func (p *richParser) start(tok html.Token, selfClosing bool) {
	tag := tok.Data
	attrs := map[string]string{}
	for _, a := range tok.Attr {
		attrs[strings.ToLower(a.Key)] = a.Val
	}
	switch tag {
	case "br":
		p.lineBreak()
		return
	case "ul", "ol":
		p.flush()
		kind := scene.ListBullet
		if tag == "ol" {
			kind = scene.ListNumber
		}
		p.lists = append(p.lists, kind)
		if !selfClosing {
			p.stack = append(p.stack, frame{tag: tag, style: p.style()})
		}
		return
	}
	st := p.apply(p.style(), tag, attrs)
	if isBlock(tag) {
		p.flush()
		p.block = blockAttrs{align: alignOf(attrs)}
		if tag == "li" && len(p.lists) > 0 {
			p.block.list = p.lists[len(p.lists)-1]
			switch attrs["data-list"] {
			case "bullet":
				p.block.list = scene.ListBullet
			case "ordered":
				p.block.list = scene.ListNumber
			}
			p.block.level = len(p.lists) - 1 + indentOf(attrs["class"])
			if p.block.level > 8 {
				p.block.level = 8
			}
		}
		p.cont = false
		if !selfClosing {
			p.inBlock++
			p.stack = append(p.stack, frame{tag: tag, style: st, block: true})
		}
		return
	}
	if selfClosing {
		return
	}
	switch tag {
	case "b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "span", "font", "a", "sub", "sup", "mark", "small", "big", "code":
		p.stack = append(p.stack, frame{tag: tag, style: st})
	}
}

func (p *richParser) end(tag string) {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].tag != tag {
			continue
		}
		for j := len(p.stack) - 1; j >= i; j-- {
			f := p.stack[j]
			if f.block {
				p.flush()
				p.inBlock--
				p.cont = false
			}
			if f.tag == "ul" || f.tag == "ol" {
				p.flush()
				if len(p.lists) > 0 {
					p.lists = p.lists[:len(p.lists)-1]
				}
			}
		}
		p.stack = p.stack[:i]
		if p.inBlock == 0 {
			p.block = blockAttrs{}
		}
		return
	}
}

// apply returns the style inside an element.
func (p *richParser) apply(s richStyle, tag string, attrs map[string]string) richStyle {
	switch tag {
	case "b", "strong":
		if s.FontWeight < scene.WeightBold {
			s.FontWeight = scene.WeightBold
		}
	case "i", "em":
		s.Italic = true
	case "u", "ins":
		s.Underline = true
	case "s", "strike", "del":
		s.Strike = true
	case "a":
		s.link = attrs["href"]
	case "sub", "sup":
		p.notes["script"] = true
	case "mark":
		p.notes["highlight"] = true
	case "font":
		if c := attrs["color"]; c != "" {
			if _, err := scene.ParseColor(c); err == nil {
				s.Color = c
			}
		}
		if f := cleanFamily(attrs["face"]); f != "" {
			s.FontFamily = f
		}
	}
	for _, c := range strings.Fields(attrs["class"]) {
		factor := 0.0
		switch c {
		case "ql-size-small":
			factor = 0.75
		case "ql-size-large":
			factor = 1.5
		case "ql-size-huge":
			factor = 2.5
		}
		if factor > 0 {
			s.sizePx = p.base.sizePx * factor
			s.FontSize = clamp(s.sizePx*p.scale, 0.01, scene.MaxFontSize)
		}
	}
	if css := attrs["style"]; css != "" {
		s = p.css(s, css)
	}
	return s
}

// css applies an inline style attribute.
func (p *richParser) css(s richStyle, css string) richStyle {
	for _, decl := range strings.Split(css, ";") {
		k, v, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		lv := strings.ToLower(v)
		switch k {
		case "color":
			if _, err := scene.ParseColor(v); err == nil {
				s.Color = v
			}
		case "font-size":
			if px, ok := cssLength(lv, s.sizePx, p.base.sizePx); ok && px > 0 {
				s.sizePx = px
				s.FontSize = clamp(px*p.scale, 0.01, scene.MaxFontSize)
			}
		case "font-weight":
			s.FontWeight = parseWeight(lv)
		case "font-style":
			s.Italic = isItalic(lv)
		case "font-family":
			if f := cleanFamily(v); f != "" {
				s.FontFamily = f
			}
		case "text-decoration", "text-decoration-line":
			if strings.Contains(lv, "none") {
				s.Underline, s.Strike = false, false
			}
			if strings.Contains(lv, "underline") {
				s.Underline = true
			}
			if strings.Contains(lv, "line-through") {
				s.Strike = true
			}
		case "letter-spacing":
			if lv == "normal" {
				s.LetterSpacing = 0
			} else if strings.HasSuffix(lv, "em") && !strings.HasSuffix(lv, "rem") {
				if f, err := strconv.ParseFloat(strings.TrimSuffix(lv, "em"), 64); err == nil {
					s.LetterSpacing = clamp(f, -0.5, 5)
				}
			} else if px, ok := cssLength(lv, s.sizePx, p.base.sizePx); ok && s.sizePx > 0 {
				s.LetterSpacing = clamp(px/s.sizePx, -0.5, 5)
			}
		case "background-color", "background":
			if lv != "transparent" && lv != "" && lv != "none" && lv != "initial" && lv != "inherit" {
				p.notes["highlight"] = true
			}
		case "vertical-align":
			if lv == "sub" || lv == "super" {
				p.notes["script"] = true
			}
		}
	}
	return s
}

// cssLength reads a CSS length and returns Polotno pixels; em and % are relative to cur, rem to
// root (the element's size).
func cssLength(v string, cur, root float64) (float64, bool) {
	units := []struct {
		suffix string
		mul    float64
	}{{"px", 1}, {"pt", 4.0 / 3}, {"rem", root}, {"em", cur}, {"%", cur / 100}}
	for _, u := range units {
		if strings.HasSuffix(v, u.suffix) {
			f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(v, u.suffix)), 64)
			if err != nil {
				return 0, false
			}
			return f * u.mul, true
		}
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

func alignOf(attrs map[string]string) scene.Align {
	for _, c := range strings.Fields(attrs["class"]) {
		switch c {
		case "ql-align-center":
			return scene.AlignCenter
		case "ql-align-right":
			return scene.AlignRight
		case "ql-align-justify":
			return scene.AlignJustify
		case "ql-align-left":
			return scene.AlignLeft
		}
	}
	for _, decl := range strings.Split(attrs["style"], ";") {
		k, v, ok := strings.Cut(decl, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "text-align") {
			switch a := scene.Align(strings.ToLower(strings.TrimSpace(v))); a {
			case scene.AlignLeft, scene.AlignCenter, scene.AlignRight, scene.AlignJustify:
				return a
			}
		}
	}
	return ""
}

func indentOf(class string) int {
	for _, c := range strings.Fields(class) {
		if n, ok := strings.CutPrefix(c, "ql-indent-"); ok {
			if v, err := strconv.Atoi(n); err == nil && v >= 0 && v <= 8 {
				return v
			}
		}
	}
	return 0
}

// text adds text in the current style; a newline breaks the line as in Quill's pre-wrap text.
func (p *richParser) text(s string) {
	if p.cur == nil && p.inBlock == 0 && strings.TrimSpace(s) == "" {
		return // layout whitespace between blocks
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			p.lineBreak()
		}
		if line != "" {
			p.appendRun(line)
		}
	}
}

// open starts a paragraph with the current block's settings; a continuation line after a <br>
// is not a new list item.
func (p *richParser) open() {
	par := scene.Paragraph{Align: p.block.align}
	if !p.cont {
		par.List, par.Level = p.block.list, p.block.level
		if par.List == scene.ListNone {
			par.Level = 0
		}
	}
	p.cur = &par
}

func (p *richParser) lineBreak() {
	if p.cur == nil {
		p.open()
	}
	p.flush()
	p.cont = true
}

// flush ends the open paragraph, if any.
func (p *richParser) flush() {
	if p.cur == nil {
		return
	}
	if len(p.cur.Runs) == 0 {
		p.cur.Runs = []scene.Run{{Text: ""}}
	}
	p.paras = append(p.paras, *p.cur)
	p.cur = nil
}

// appendRun adds text with the current style, merged into the previous run when they match.
func (p *richParser) appendRun(t string) {
	if p.cur == nil {
		p.open()
	}
	r := p.run(p.style())
	r.Text = t
	if n := len(p.cur.Runs); n > 0 && sameStyle(p.cur.Runs[n-1], r) {
		p.cur.Runs[n-1].Text += t
		return
	}
	p.cur.Runs = append(p.cur.Runs, r)
}

// run returns a run carrying what s changes from the element's style.
func (p *richParser) run(s richStyle) scene.Run {
	b := p.base.TextStyle
	var r scene.Run
	if s.FontFamily != b.FontFamily {
		r.FontFamily = ptr(s.FontFamily)
	}
	if s.FontSize != b.FontSize {
		r.FontSize = ptr(s.FontSize)
	}
	if s.FontWeight != b.FontWeight {
		r.FontWeight = ptr(s.FontWeight)
	}
	if s.Italic != b.Italic {
		r.Italic = ptr(s.Italic)
	}
	if s.Color != b.Color {
		r.Color = ptr(s.Color)
	}
	if s.Underline != b.Underline {
		r.Underline = ptr(s.Underline)
	}
	if s.Strike != b.Strike {
		r.Strike = ptr(s.Strike)
	}
	if s.LetterSpacing != b.LetterSpacing {
		r.LetterSpacing = ptr(s.LetterSpacing)
	}
	r.Link = s.link
	return r
}

func ptr[T any](v T) *T { return &v }

func eqPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// sameStyle reports whether two runs have the same overrides.
func sameStyle(a, b scene.Run) bool {
	return eqPtr(a.FontFamily, b.FontFamily) && eqPtr(a.FontSize, b.FontSize) &&
		eqPtr(a.FontWeight, b.FontWeight) && eqPtr(a.Italic, b.Italic) && eqPtr(a.Color, b.Color) &&
		eqPtr(a.Underline, b.Underline) && eqPtr(a.Strike, b.Strike) &&
		eqPtr(a.LetterSpacing, b.LetterSpacing) && a.Link == b.Link
}
