package scene

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// TextStyle is the character style of a text element; each Run may override any field.
// In an element, zero values mean the documented defaults (filled in by Restore).
type TextStyle struct {
	FontFamily string     `json:"fontFamily,omitempty"`
	FontSize   float64    `json:"fontSize,omitempty"`   // points
	FontWeight FontWeight `json:"fontWeight,omitempty"` // 100–900 (400 normal, 700 bold)
	Italic     bool       `json:"italic,omitempty"`
	Color      string     `json:"color,omitempty"` // any CSS colour
	Underline  bool       `json:"underline,omitempty"`
	Strike     bool       `json:"strikethrough,omitempty"`
	// LetterSpacing is extra space after each character, as a fraction of the font size.
	LetterSpacing float64 `json:"letterSpacing,omitempty"`
}

func (s TextStyle) clone() TextStyle { return s }

// Run is a stretch of text in one style. Nil fields inherit the element's style.
type Run struct {
	Text          string      `json:"text"`
	FontFamily    *string     `json:"fontFamily,omitempty"`
	FontSize      *float64    `json:"fontSize,omitempty"`
	FontWeight    *FontWeight `json:"fontWeight,omitempty"`
	Italic        *bool       `json:"italic,omitempty"`
	Color         *string     `json:"color,omitempty"`
	Underline     *bool       `json:"underline,omitempty"`
	Strike        *bool       `json:"strikethrough,omitempty"`
	LetterSpacing *float64    `json:"letterSpacing,omitempty"`
	// Link is an optional hyperlink (kept in PDF exports).
	Link string `json:"link,omitempty"`
}

// Style returns the run's effective style given the element's style.
func (r *Run) Style(base TextStyle) TextStyle {
	s := base
	if r.FontFamily != nil {
		s.FontFamily = *r.FontFamily
	}
	if r.FontSize != nil {
		s.FontSize = *r.FontSize
	}
	if r.FontWeight != nil {
		s.FontWeight = *r.FontWeight
	}
	if r.Italic != nil {
		s.Italic = *r.Italic
	}
	if r.Color != nil {
		s.Color = *r.Color
	}
	if r.Underline != nil {
		s.Underline = *r.Underline
	}
	if r.Strike != nil {
		s.Strike = *r.Strike
	}
	if r.LetterSpacing != nil {
		s.LetterSpacing = *r.LetterSpacing
	}
	return s
}

// ListKind marks a paragraph as a list item.
type ListKind string

// The list kinds.
const (
	ListNone   ListKind = ""
	ListBullet ListKind = "bullet"
	ListNumber ListKind = "number"
)

// Paragraph is a block of runs ended by a line break. In JSON a paragraph may also be given as
// a plain string (one unstyled run).
type Paragraph struct {
	Runs []Run `json:"runs"`
	// Align overrides the element's alignment for this paragraph.
	Align Align    `json:"align,omitempty"`
	List  ListKind `json:"list,omitempty"`
	// Level is the list indent level, 0–8.
	Level int `json:"level,omitempty"`
}

// Text returns the paragraph's plain text.
func (p *Paragraph) Text() string {
	var b strings.Builder
	for _, r := range p.Runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

func (p Paragraph) clone() Paragraph {
	c := p
	c.Runs = append([]Run(nil), p.Runs...)
	return c
}

// UnmarshalJSON accepts a paragraph object or a plain string.
func (p *Paragraph) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*p = Paragraph{Runs: []Run{{Text: s}}}
		return nil
	}
	type plain Paragraph
	var q plain
	if err := json.Unmarshal(b, &q); err != nil {
		return err
	}
	*p = Paragraph(q)
	return nil
}

// ParagraphsFromText splits plain text on line breaks into unstyled paragraphs.
func ParagraphsFromText(s string) []Paragraph {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	ps := make([]Paragraph, len(lines))
	for i, l := range lines {
		ps[i] = Paragraph{Runs: []Run{{Text: l}}}
	}
	return ps
}

// PlainText returns a text element's text, paragraphs joined with "\n".
func (e *Element) PlainText() string {
	parts := make([]string, len(e.Paragraphs))
	for i := range e.Paragraphs {
		parts[i] = e.Paragraphs[i].Text()
	}
	return strings.Join(parts, "\n")
}

// Align is horizontal text alignment.
type Align string

// The alignments.
const (
	AlignLeft    Align = "left"
	AlignCenter  Align = "center"
	AlignRight   Align = "right"
	AlignJustify Align = "justify"
)

// VAlign is vertical text alignment inside the box.
type VAlign string

// The vertical alignments.
const (
	VAlignTop    VAlign = "top"
	VAlignMiddle VAlign = "middle"
	VAlignBottom VAlign = "bottom"
)

// TextTransform changes letter case at layout time; the stored text keeps its case.
type TextTransform string

// The text transforms.
const (
	TransformNone       TextTransform = "none"
	TransformUppercase  TextTransform = "uppercase"
	TransformLowercase  TextTransform = "lowercase"
	TransformCapitalize TextTransform = "capitalize"
)

// TextBackground is a coloured box behind text.
type TextBackground struct {
	Color string `json:"color"`
	// Opacity multiplies the colour's alpha (default 1).
	Opacity float64 `json:"opacity"`
	// Padding around the text, in points.
	Padding      float64 `json:"padding,omitempty"`
	CornerRadius float64 `json:"cornerRadius,omitempty"`
	// PerLine draws one box per line (hugging each line) instead of one box for the element.
	PerLine bool `json:"perLine,omitempty"`
}

// FontWeight is a CSS font weight, 100–900. In JSON it may also be written as a string:
// "normal", "bold", "700".
type FontWeight int

// Common font weights.
const (
	WeightNormal FontWeight = 400
	WeightBold   FontWeight = 700
)

// UnmarshalJSON accepts a number or a CSS weight keyword.
func (w *FontWeight) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "normal", "regular", "":
			*w = WeightNormal
		case "bold":
			*w = WeightBold
		case "lighter", "light":
			*w = 300
		case "bolder":
			*w = 800
		default:
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return fmt.Errorf("unknown font weight %q", s)
			}
			*w = FontWeight(n)
		}
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*w = FontWeight(f)
	return nil
}
