package font

import (
	"testing"

	"github.com/go-text/typesetting/harfbuzz"
)

// The stand-in used if a registered font could not be parsed again answers every question
// without panicking.
func TestEmptyFontIsUsable(t *testing.T) {
	otf, face := emptyFont()
	if _, ok := otf.NominalGlyph('a'); ok {
		t.Error("the empty font has a glyph for a")
	}
	face.HorizontalAdvance(0)
	face.GlyphDataOutline(0)
	buf := harfbuzz.NewBuffer()
	buf.AddRunes([]rune("abc"), 0, 3)
	buf.GuessSegmentProperties()
	buf.Shape(harfbuzz.NewFont(face), nil)
	if len(buf.Info) != 3 {
		t.Errorf("%d glyphs", len(buf.Info))
	}
}
