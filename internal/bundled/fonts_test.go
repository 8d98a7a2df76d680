package bundled

import (
	"testing"

	"affiche/assets"
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
