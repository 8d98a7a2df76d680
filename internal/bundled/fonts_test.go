package bundled

import (
	"strings"
	"testing"

	"affiche/assets"
	"affiche/renderer/text"
	"affiche/scene"
)

func TestFontsHaveEveryFamily(t *testing.T) {
	reg, err := Fonts()
	if err != nil {
		t.Fatal(err)
	}
	fams, _ := assets.FontCatalogue()
	for _, f := range fams {
		got, exact := reg.Resolve(f.Family, 400, false)
		if !exact || got == nil {
			t.Errorf("family %q not resolved exactly", f.Family)
		}
		for _, a := range f.Aliases {
			if _, exact := reg.Resolve(a, 700, false); !exact {
				t.Errorf("alias %q of %q not resolved", a, f.Family)
			}
		}
	}
	if f, exact := reg.Resolve("No Such Family", 400, false); exact || f == nil || f.Family != assets.DefaultFamily {
		t.Errorf("missing family resolved to %v (exact %v), want the default %s", f, exact, assets.DefaultFamily)
	}
}

func BenchmarkNewFonts(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewFonts(); err != nil {
			b.Fatal(err)
		}
	}
}

// Ecolier Court draws "…" as "¼": the catalogue lists it as missing, so layout must take the
// ellipsis from a fallback font.
func TestMissingRunesComeFromFallbacks(t *testing.T) {
	reg, err := Fonts()
	if err != nil {
		t.Fatal(err)
	}
	fam, ok := assets.FindFamily("Ecolier Court")
	if !ok || len(fam.Missing) == 0 {
		t.Skip("Ecolier Court not bundled or not flagged")
	}
	el := &scene.Element{Type: scene.TypeText, Width: 400, Height: 50, Opacity: 1,
		TextStyle:  scene.TextStyle{FontFamily: "Ecolier Court", FontSize: 20, FontWeight: 400, Color: "#000"},
		LineHeight: 1.2, Align: scene.AlignLeft, VerticalAlign: scene.VAlignTop,
		Paragraphs: []scene.Paragraph{{Runs: []scene.Run{{Text: "Bientôt…"}}}}}
	res := text.Layout(el, reg)
	var last string
	for _, l := range res.Lines {
		for _, r := range l.Runs {
			if strings.Contains(r.Text, "…") {
				last = r.Font.Family
			}
		}
	}
	if last == "" || last == "Ecolier Court" {
		t.Errorf("the ellipsis was set in %q, want a fallback family", last)
	}
}
