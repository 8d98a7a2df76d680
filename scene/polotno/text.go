package polotno

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"affiche/scene"
)

// text converts a text element's style and content.
func (im *importer) text(o obj, e *scene.Element, extra map[string]json.RawMessage) {
	sizePx := o.num("fontSize", 14)
	if sizePx <= 0 {
		im.w.add(CodeDefault, e.ID, "font size is not a positive number: 14 px used",
			"la taille de police n'est pas un nombre positif : 14 px utilisés")
		sizePx = 14
	}
	e.FontSize = clamp(sizePx*im.scale, 0.01, scene.MaxFontSize)
	e.FontFamily = cleanFamily(o.str("fontFamily", "Roboto"))
	if e.FontFamily == "" {
		e.FontFamily = "Roboto"
	}
	e.FontWeight = parseWeight(o.str("fontWeight", "normal"))
	e.Italic = isItalic(o.str("fontStyle", "normal"))
	deco := strings.ToLower(o.str("textDecoration", ""))
	e.Underline = strings.Contains(deco, "underline")
	e.Strike = strings.Contains(deco, "line-through")

	fill := strings.TrimSpace(o.str("fill", "black"))
	if g, isGradient, err := scene.ParseCSSGradient(fill); isGradient {
		e.Color = "#000000"
		if err == nil && len(g.Stops) > 0 {
			e.Color = g.Stops[0].Color
		}
		extra["fill"] = o["fill"]
		im.w.add(CodeTextFill, e.ID, "gradient text is drawn in the gradient's first colour",
			"le texte en dégradé est dessiné dans la première couleur du dégradé")
	} else {
		e.Color = im.color(fill, "#000000", e.ID, "colour")
	}

	switch a := scene.Align(strings.ToLower(o.str("align", "center"))); a {
	case scene.AlignLeft, scene.AlignCenter, scene.AlignRight, scene.AlignJustify:
		e.Align = a
	default:
		e.Align = scene.AlignCenter
	}
	switch v := scene.VAlign(strings.ToLower(o.str("verticalAlign", "top"))); v {
	case scene.VAlignTop, scene.VAlignMiddle, scene.VAlignBottom:
		e.VerticalAlign = v
	default:
		e.VerticalAlign = scene.VAlignTop
	}
	lh := 1.2
	if o.str("lineHeight", "") != "auto" {
		lh = o.num("lineHeight", 1.2)
	}
	if lh < 0.1 || lh > 10 {
		im.w.add(CodeValue, e.ID, fmt.Sprintf("line height %g is out of range: clamped", lh),
			fmt.Sprintf("interligne %g hors limites : ramené dans les limites", lh))
		lh = clamp(lh, 0.1, 10)
	}
	e.LineHeight = lh

	ls := o.num("letterSpacing", 0)
	if im.version < 1 { // rem-based before schemaVersion 1: a fraction of 16 px
		ls = ls * 16 / sizePx
	}
	if ls < -0.5 || ls > 5 {
		im.w.add(CodeValue, e.ID, fmt.Sprintf("letter spacing %g is out of range: clamped", ls),
			fmt.Sprintf("interlettrage %g hors limites : ramené dans les limites", ls))
		ls = clamp(ls, -0.5, 5)
	}
	e.LetterSpacing = ls

	switch t := scene.TextTransform(strings.ToLower(o.str("textTransform", "none"))); t {
	case scene.TransformUppercase, scene.TransformLowercase, scene.TransformCapitalize:
		e.TextTransform = t
	default:
		e.TextTransform = scene.TransformNone
	}

	if sw := o.num("strokeWidth", 0); sw > 0 && strings.TrimSpace(o.str("stroke", "")) != "" {
		e.Stroke = &scene.Stroke{
			Color: im.color(o.str("stroke", "black"), "#000000", e.ID, "stroke"),
			Width: clamp(sw*im.scale, 0, scene.MaxStrokeWidth),
			Join:  joinOf(o.str("strokeLineJoin", "")),
		}
	}

	src := o.str("text", "")
	rich := isHTML(src)
	if o.boolean("backgroundEnabled", false) {
		half := e.FontSize * e.LineHeight / 2
		legacy := o.boolean("legacyBackground", false) || (im.version < 3 && rich)
		e.Background = &scene.TextBackground{
			Color:        im.color(o.str("backgroundColor", "#7ED321"), "#7ED321", e.ID, "background"),
			Opacity:      clamp(o.num("backgroundOpacity", 1), 0, 1),
			Padding:      clamp(o.num("backgroundPadding", 0.5), 0, 1000) * half,
			CornerRadius: clamp(o.num("backgroundCornerRadius", 0.5), 0, 1000) * half,
			PerLine:      !legacy,
		}
	}
	if o.boolean("curveEnabled", false) {
		extra["curveEnabled"] = raw(true)
		if o.has("curvePower") {
			extra["curvePower"] = o["curvePower"]
		}
		im.w.add(CodeCurve, e.ID, "curved text is drawn straight", "le texte courbé est dessiné droit")
	}

	if rich {
		extra["richText"] = raw(true) // the export writes HTML back without a warning
		var notes []string
		e.Paragraphs, notes = parseRichText(src, e.TextStyle, sizePx, im.scale)
		for i := range e.Paragraphs {
			if e.Paragraphs[i].Align == e.Align {
				e.Paragraphs[i].Align = ""
			}
		}
		for _, n := range notes {
			en, fr := richNote(n)
			im.w.add(CodeRichText, e.ID, en, fr)
		}
	} else {
		e.Paragraphs = scene.ParagraphsFromText(src)
	}
	im.useFont(e.FontFamily, e.ID)
	for _, p := range e.Paragraphs {
		for _, r := range p.Runs {
			if r.FontFamily != nil {
				im.useFont(*r.FontFamily, e.ID)
			}
		}
	}
	im.effects(o, e, extra, false)
}

func joinOf(s string) string {
	switch s {
	case "round", "bevel", "miter":
		return s
	}
	return ""
}

// htmlTag matches the tags Polotno's rich text (Quill) writes, so that plain text with a stray
// "<" is not read as HTML.
var htmlTag = regexp.MustCompile(`(?i)<(p|br|span|strong|b|em|i|u|s|strike|del|ul|ol|li|div|a|font|sub|sup|h[1-6])(\s[^>]*)?/?>`)

// isHTML reports whether a Polotno text is rich text (HTML) rather than plain text.
func isHTML(s string) bool {
	return strings.Contains(s, "<") && htmlTag.MatchString(s)
}

func richNote(n string) (string, string) {
	switch n {
	case "highlight":
		return "highlighted (background-coloured) words are drawn without their highlight",
			"les mots surlignés (fond coloré) sont dessinés sans surlignage"
	case "script":
		return "subscript and superscript are drawn on the line", "les indices et exposants sont dessinés sur la ligne"
	}
	return "part of the rich-text markup could not be read", "une partie du balisage du texte enrichi n'a pas pu être lue"
}
