package bundled

import (
	"testing"

	"affiche/assets"
	"affiche/renderer/font"
)

// TestEveryBundledFaceLoads reads every bundled face through the lazy registry: each one
// loads, and its metrics are those an eager parse of the same file gives.
func TestEveryBundledFaceLoads(t *testing.T) {
	reg, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	fams, err := assets.FontCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fam := range fams {
		for _, face := range fam.Faces {
			italic := face.Style == assets.StyleItalic
			f, exact := reg.Resolve(fam.Family, face.Weight, italic)
			if !exact || f.Weight != face.Weight || f.Italic != italic {
				t.Errorf("%s: resolved %v (exact %v)", face.File, f, exact)
				continue
			}
			if err := f.LoadError(); err != nil {
				t.Errorf("%s: %v", face.File, err)
				continue
			}
			data, err := assets.FontFile(face.File)
			if err != nil {
				t.Fatal(err)
			}
			eager := font.NewRegistry()
			if err := eager.AddAs(fam.Family, face.Weight, italic, data); err != nil {
				t.Fatalf("%s: %v", face.File, err)
			}
			want, _ := eager.Resolve(fam.Family, face.Weight, italic)
			if f.UnitsPerEm != want.UnitsPerEm || f.Ascent != want.Ascent || f.Descent != want.Descent ||
				f.LineGap != want.LineGap || f.CapHeight != want.CapHeight || f.XHeight != want.XHeight ||
				f.PostScriptName != want.PostScriptName || f.IsCFF() != want.IsCFF() || f.NumGlyphs() != want.NumGlyphs() {
				t.Errorf("%s: lazy metrics differ from the eager ones", face.File)
			}
			n++
		}
	}
	if n < 60 {
		t.Errorf("only %d faces checked", n)
	}
}
