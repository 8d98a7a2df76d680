package polotno

import (
	"fmt"
	"html"
	"strings"

	"affiche/scene"
)

// text writes a text element's style and content: plain text when every paragraph has the
// element's style, else Quill-style HTML (which Polotno shows styled only with its rich-text
// rendering turned on).
func (ex *exporter) text(e *scene.Element, x obj, m map[string]any) {
	m["fontSize"] = ex.px(e.FontSize)
	m["fontFamily"] = e.FontFamily
	m["fontStyle"] = "normal"
	if e.Italic {
		m["fontStyle"] = "italic"
	}
	m["fontWeight"] = weightString(e.FontWeight)
	m["textDecoration"] = decoration(e.Underline, e.Strike)
	m["fill"] = e.Color
	if g := x.str("fill", ""); g != "" {
		// A gradient Import replaced by its first colour comes back if that colour is unchanged.
		if gr, ok, err := scene.ParseCSSGradient(g); ok && err == nil && len(gr.Stops) > 0 && gr.Stops[0].Color == e.Color {
			m["fill"] = g
		}
	}
	m["align"] = string(e.Align)
	m["verticalAlign"] = string(e.VerticalAlign)
	m["lineHeight"] = e.LineHeight
	m["letterSpacing"] = e.LetterSpacing
	m["textTransform"] = string(e.TextTransform)
	if e.TextTransform == "" {
		m["textTransform"] = "none"
	}
	m["strokeWidth"], m["stroke"] = 0.0, "black"
	if e.Stroke != nil && e.Stroke.Width > 0 {
		m["strokeWidth"], m["stroke"] = ex.px(e.Stroke.Width), e.Stroke.Color
		if e.Stroke.Join != "" {
			m["strokeLineJoin"] = e.Stroke.Join
		}
	}
	m["backgroundEnabled"] = false
	if b := e.Background; b != nil {
		half := e.FontSize * e.LineHeight / 2
		if half <= 0 {
			half = 1
		}
		m["backgroundEnabled"] = true
		m["backgroundColor"] = b.Color
		m["backgroundOpacity"] = b.Opacity
		m["backgroundPadding"] = round6(b.Padding / half)
		m["backgroundCornerRadius"] = round6(b.CornerRadius / half)
		if !b.PerLine {
			m["legacyBackground"] = true
		}
	}
	if e.ParagraphSpacing != 0 {
		ex.w.add(CodeLossy, e.ID, "Polotno has no space between paragraphs: left out",
			"Polotno n'a pas d'espace entre paragraphes : omis")
	}
	m["text"] = ex.content(e, x.boolean("richText", false))
}

func decoration(underline, strike bool) string {
	var d []string
	if underline {
		d = append(d, "underline")
	}
	if strike {
		d = append(d, "line-through")
	}
	return strings.Join(d, " ")
}

// content returns the element's text: plain with "\n" between paragraphs, or HTML.
// wasRich tells that the text came from Polotno as HTML, so HTML is no news to report.
func (ex *exporter) content(e *scene.Element, wasRich bool) string {
	plain, lists := true, false
	for _, p := range e.Paragraphs {
		if p.List != scene.ListNone {
			plain, lists = false, true
		}
		if p.Align != "" && p.Align != e.Align {
			plain = false
		}
		for _, r := range p.Runs {
			if !sameStyle(r, scene.Run{}) {
				plain = false
			}
		}
	}
	if plain && !wasRich { // a text that came as HTML goes back as HTML
		return e.PlainText()
	}
	switch {
	case wasRich:
	case lists:
		ex.w.add(CodeList, e.ID, "lists are written as HTML lists: Polotno shows them only with its rich-text rendering on",
			"les listes sont écrites en listes HTML : Polotno ne les affiche qu'avec son rendu de texte enrichi activé")
	default:
		ex.w.add(CodeStyles, e.ID, "styles inside the text are written as HTML: Polotno shows them only with its rich-text rendering on",
			"les styles à l'intérieur du texte sont écrits en HTML : Polotno ne les affiche qu'avec son rendu de texte enrichi activé")
	}
	var b strings.Builder
	open := scene.ListNone
	closeList := func() {
		switch open {
		case scene.ListBullet:
			b.WriteString("</ul>")
		case scene.ListNumber:
			b.WriteString("</ol>")
		}
		open = scene.ListNone
	}
	for _, p := range e.Paragraphs {
		if p.List != open {
			closeList()
			switch p.List {
			case scene.ListBullet:
				b.WriteString("<ul>")
			case scene.ListNumber:
				b.WriteString("<ol>")
			}
			open = p.List
		}
		var classes []string
		if p.Align != "" && p.Align != e.Align {
			classes = append(classes, "ql-align-"+string(p.Align))
		}
		if p.List != scene.ListNone && p.Level > 0 {
			classes = append(classes, fmt.Sprintf("ql-indent-%d", p.Level))
		}
		tag := "p"
		if p.List != scene.ListNone {
			tag = "li"
		}
		b.WriteString("<" + tag)
		if len(classes) > 0 {
			b.WriteString(` class="` + strings.Join(classes, " ") + `"`)
		}
		b.WriteString(">")
		empty := true
		for _, r := range p.Runs {
			if r.Text == "" {
				continue
			}
			empty = false
			b.WriteString(ex.runHTML(e, r))
		}
		if empty {
			b.WriteString("<br>")
		}
		b.WriteString("</" + tag + ">")
	}
	closeList()
	return b.String()
}

// runHTML writes one run: tags for what Quill writes as tags (bold, italic, underline, strike,
// links), a span style for the rest.
func (ex *exporter) runHTML(e *scene.Element, r scene.Run) string {
	base := e.TextStyle
	st := r.Style(base)
	var css []string
	if st.FontFamily != base.FontFamily {
		css = append(css, fmt.Sprintf("font-family: '%s'", strings.ReplaceAll(st.FontFamily, "'", "")))
	}
	if st.FontSize != base.FontSize {
		css = append(css, "font-size: "+fnum(ex.px(st.FontSize))+"px")
	}
	if st.Color != base.Color {
		css = append(css, "color: "+st.Color)
	}
	strong := st.FontWeight == scene.WeightBold && base.FontWeight < scene.WeightBold
	if st.FontWeight != base.FontWeight && !strong {
		css = append(css, "font-weight: "+weightString(st.FontWeight))
	}
	if !st.Italic && base.Italic {
		css = append(css, "font-style: normal")
	}
	// Turning a decoration off needs "none", which clears both; tags below add back the other.
	decoOff := (!st.Underline && base.Underline) || (!st.Strike && base.Strike)
	if decoOff {
		css = append(css, "text-decoration: none")
	}
	if st.LetterSpacing != base.LetterSpacing {
		css = append(css, "letter-spacing: "+fnum(st.LetterSpacing)+"em")
	}
	var open, close []string
	add := func(tag, attrs string) {
		open = append(open, "<"+tag+attrs+">")
		close = append([]string{"</" + tag + ">"}, close...)
	}
	if r.Link != "" {
		add("a", ` href="`+html.EscapeString(r.Link)+`"`)
	}
	if len(css) > 0 {
		add("span", ` style="`+html.EscapeString(strings.Join(css, "; "))+`"`)
	}
	if strong {
		add("strong", "")
	}
	if st.Italic && !base.Italic {
		add("em", "")
	}
	if st.Underline && (!base.Underline || decoOff) {
		add("u", "")
	}
	if st.Strike && (!base.Strike || decoOff) {
		add("s", "")
	}
	return strings.Join(open, "") + html.EscapeString(r.Text) + strings.Join(close, "")
}
