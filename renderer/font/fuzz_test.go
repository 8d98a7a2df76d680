package font_test

import (
	"strings"
	"testing"

	"affiche/renderer/font"
	"affiche/renderer/text"
	"affiche/scene"
)

// FuzzRegistryAdd feeds arbitrary bytes to the font parser: Add must return an error or a font
// whose metrics, outlines and shaping work — never panic.
//
//affiche:fuzzbudget 2000x
func FuzzRegistryAdd(f *testing.F) {
	for _, p := range []string{"noto-sans-hebrew/NotoSansHebrew-Regular.ttf", "kaushan-script/KaushanScript-Regular.otf"} {
		data := fontFile(f, p)
		f.Add(data)
		f.Add(data[:len(data)/2])
		f.Add(ttc(data))
	}
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x02"))
	f.Add([]byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x00"))
	f.Add([]byte("wOFF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reg := font.NewRegistry()
		if err := reg.Add(data); err != nil {
			// A font without a family name is refused by Add and meant for AddAs, which names it.
			if strings.Contains(err.Error(), "no family name") {
				return
			}
			if err := reg.AddAs("Fuzz", 400, false, data); err == nil {
				t.Fatalf("AddAs accepted what Add refused: %v", err)
			}
			return
		}
		for _, fam := range reg.Families() {
			for _, face := range reg.Faces(fam) {
				if face.UnitsPerEm <= 0 || face.Weight < 1 || face.Weight > 1000 {
					t.Fatalf("bad face %v upem %d", face, face.UnitsPerEm)
				}
				n := min(face.NumGlyphs(), 64)
				for g := 0; g < n; g++ {
					face.GlyphOutline(font.GID(g)).Bounds()
					face.Advance(font.GID(g))
				}
				face.HasRune('a')
			}
			e := &scene.Element{Type: scene.TypeText, Width: 200, Height: 100, LineHeight: 1.2}
			e.FontFamily, e.FontSize, e.FontWeight = fam, 20, 400
			e.Paragraphs = scene.ParagraphsFromText("AVATAR office « été » שלום سلام 123")
			r := text.Layout(e, reg)
			for _, ln := range r.Lines {
				for _, run := range ln.Runs {
					for _, g := range run.Glyphs {
						run.Font.GlyphOutline(g.ID)
					}
				}
			}
		}
	})
}
