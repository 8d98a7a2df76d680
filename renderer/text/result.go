// Package text lays out a scene text element once — shaping with HarfBuzz (go-text), bidi,
// font fallback, UAX #14 line breaking, alignment, lists — into positioned glyphs that every
// backend (raster, PDF, the editor canvas) draws as they are. Backends never measure or break
// text themselves: that is what keeps the PNG, the PDF and the editor breaking every line in
// the same place.
//
// All positions are in points, relative to the element box's top-left corner, y down; glyph
// outlines come from font.Font.GlyphOutline in font units, y up.
package text

import (
	"image/color"

	"affiche/renderer/font"
	"affiche/scene"
)

// Result is the layout of one text element. Layout never returns nil.
type Result struct {
	// Width and Height are the element's box.
	Width, Height float64
	// ContentHeight is the height of the laid-out text: first line top to last line bottom,
	// paragraph spacing included. It may exceed Height (the text then overflows the box).
	ContentHeight float64
	// ContentWidth is the width of the widest line (trailing spaces excluded, list indent
	// included), for editors that size a box to its text.
	ContentWidth float64
	// Lines in reading order (paragraph by paragraph, top to bottom).
	Lines []Line
	// Decorations are the underline and strikethrough bars, drawn over the glyphs' fill.
	Decorations []Decoration
	// Backgrounds are the text background boxes (padding included) when the element has a
	// background: one box, or one per non-empty line when Background.PerLine. Draw them under
	// the text with the element's Background colour, opacity and corner radius.
	Backgrounds []scene.Rect
	// Warnings are problems that did not stop the layout (missing family or glyphs), each once.
	Warnings []Warning

	paras      []paraInfo  // lines of each paragraph
	caretLines []caretLine // caret and hit-test data, per line
}

// Line is one laid-out line.
type Line struct {
	// X is the left edge of the line's ink-free box (after alignment and indent), Width its
	// width without trailing spaces (justified lines span the available width).
	X, Width float64
	// Baseline is the y of the baseline. The line box runs from Baseline-Ascent to
	// Baseline+Descent: its height is the line height (lineHeight × the largest font size on
	// the line), with the glyphs centred in it as CSS does (half-leading above and below).
	Baseline, Ascent, Descent float64
	// Paragraph is the index of the paragraph the line belongs to.
	Paragraph int
	// Start and End are the byte offsets, in the paragraph's plain text, of the text the line
	// shows (End excluded; the trailing spaces and the break character belong to the line).
	Start, End int
	// Runs in visual order, left to right. A list marker is a run of its own (Marker true).
	Runs []GlyphRun
}

// Top returns the y of the top of the line box.
func (l *Line) Top() float64 { return l.Baseline - l.Ascent }

// Bottom returns the y of the bottom of the line box.
func (l *Line) Bottom() float64 { return l.Baseline + l.Descent }

// GlyphRun is a sequence of glyphs in one font, size and colour.
type GlyphRun struct {
	Font  *font.Font
	Size  float64 // points
	Color color.NRGBA
	// Glyphs in visual order. To draw glyph g: take Font.GlyphOutline(g.ID) (font units, y up),
	// scale by Size/Font.UnitsPerEm, flip y, translate to (g.X, g.Y).
	Glyphs []Glyph
	// Text is the text the run shows, as displayed (after text transform; the marker's text
	// for a list marker), for PDF ToUnicode/ActualText and copy-paste.
	Text string
	// Link is the run's hyperlink, if any.
	Link string
	// RTL is true for right-to-left text (Arabic, Hebrew): glyphs are still in visual order.
	RTL bool
	// Marker is true for a list bullet or number.
	Marker bool
	// Skew is non-zero when italic was asked of a family with no italic face: draw the outlines
	// slanted, x += Skew × (height above the baseline), as browsers do (0.25, about 14°).
	Skew float64
	// Embolden is non-zero when bold was asked of a family with no bold face: the width, in
	// points, of a stroke to draw around the outlines in the fill colour (advances unchanged).
	Embolden float64
	// Paragraph is the paragraph index and Offset the byte offset in the paragraph's plain
	// (source) text where the run's text starts. Markers have Offset -1.
	Paragraph, Offset int
}

// Glyph is one positioned glyph.
type Glyph struct {
	ID font.GID
	// X, Y is the glyph origin on the baseline (pen position plus the shaper's offsets), in
	// points relative to the element box, y down.
	X, Y float64
	// Advance is the horizontal advance in points (kerning and letter spacing included).
	Advance float64
	// Cluster is the byte offset into the run's Text of the first character this glyph shows;
	// glyphs of one cluster (a ligature, a base with its marks) share it.
	Cluster int
}

// DecorationKind tells an underline from a strikethrough.
type DecorationKind uint8

// The decoration kinds.
const (
	Underline DecorationKind = iota + 1
	Strikethrough
)

// Decoration is a filled bar under or through text.
type Decoration struct {
	Kind  DecorationKind
	Rect  scene.Rect // points, element-box coordinates
	Color color.NRGBA
	Line  int // index in Result.Lines
}

// Warning is a problem found while laying out text, in English and French. Code and Args let
// a caller word it differently.
type Warning struct {
	Code      string   // one of the Warn* codes
	Args      []string // e.g. the missing family and the family used
	Message   string   // English
	MessageFR string   // French
}

// The warning codes.
const (
	// WarnFontMissing: Args = [requested family, family used].
	WarnFontMissing = "font-missing"
	// WarnGlyphMissing: Args = the characters no font has, as "U+1F600" each (at most 8).
	WarnGlyphMissing = "glyph-missing"
	// WarnNoFonts: the registry is empty; nothing is drawn. No Args.
	WarnNoFonts = "no-fonts"
)

// String returns the English message.
func (w Warning) String() string { return w.Message }

// In returns the message in the given language ("fr…" for French, else English).
func (w Warning) In(lang string) string {
	if len(lang) >= 2 && lang[:2] == "fr" && w.MessageFR != "" {
		return w.MessageFR
	}
	return w.Message
}
