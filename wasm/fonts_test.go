package main

import (
	"net/url"
	"strings"
	"testing"

	"affiche/assets"
	"affiche/scene"
)

// catalogueJSON is the server's /api/fonts answer, made from the bundled catalogue.
func catalogueJSON(t *testing.T) []byte {
	t.Helper()
	fams, err := assets.FontCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	type face struct {
		Weight int    `json:"weight"`
		Style  string `json:"style"`
		URL    string `json:"url"`
	}
	type family struct {
		Family   string   `json:"family"`
		Category string   `json:"category"`
		Aliases  []string `json:"aliases,omitempty"`
		Missing  []string `json:"missing,omitempty"`
		Fallback bool     `json:"fallback,omitempty"`
		Faces    []face   `json:"faces"`
	}
	var out []family
	for _, f := range fams {
		ff := family{Family: f.Family, Category: f.Category, Aliases: f.Aliases, Missing: f.Missing, Fallback: f.FallbackRank > 0}
		for _, fc := range f.Faces {
			ff.Faces = append(ff.Faces, face{fc.Weight, fc.Style, "/api/fonts/" + fc.File})
		}
		out = append(out, ff)
	}
	b, err := jsonMarshal(map[string]any{"default": "Roboto", "families": out})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func textEl(family string, weight scene.FontWeight, italic bool, text string) *scene.Element {
	return &scene.Element{ID: "t", Type: scene.TypeText, Width: 200, Height: 50,
		TextStyle:  scene.TextStyle{FontFamily: family, FontSize: 20, FontWeight: weight, Italic: italic},
		Paragraphs: scene.ParagraphsFromText(text)}
}

// TestFontNeedsPickTheServersFace checks that the face fetched for a style is the one the
// server's full registry would use (CSS matching), aliases included, and that nothing is asked
// for twice.
func TestFontNeedsPickTheServersFace(t *testing.T) {
	fs := newFontSet()
	if err := fs.setCatalogue(catalogueJSON(t)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		family string
		weight scene.FontWeight
		italic bool
		want   string
	}{
		{"Roboto", 400, false, "/api/fonts/roboto/Roboto-Regular.ttf"},
		{"Roboto", 600, false, "/api/fonts/roboto/Roboto-Bold.ttf"},            // 600 → 700, not 400
		{"Roboto", 300, true, "/api/fonts/roboto/Roboto-Italic.ttf"},           // lighter → 400 italic
		{"Quicksand", 400, true, "/api/fonts/quicksand/Quicksand-Regular.ttf"}, // no italic face
		{"Arial", 700, false, "/api/fonts/liberation-sans/LiberationSans-Bold.ttf"},
		{"No Such Font", 400, false, "/api/fonts/roboto/Roboto-Regular.ttf"}, // the default family
	} {
		n := fs.needs(nil, textEl(c.family, c.weight, c.italic, "Bonjour"))
		if len(n) != 1 || n[0].URL != c.want {
			t.Errorf("%s %d italic=%v: needs %+v, want %s", c.family, c.weight, c.italic, n, c.want)
		}
	}
}

// TestFontNeedsFallbacks registers the primary face and checks that text it cannot draw asks
// for the fallback chain, and text it can draw does not.
func TestFontNeedsFallbacks(t *testing.T) {
	fs := newFontSet()
	if err := fs.setCatalogue(catalogueJSON(t)); err != nil {
		t.Fatal(err)
	}
	data, err := assets.FontFile("roboto/Roboto-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.add("Roboto", 400, false, data); err != nil {
		t.Fatal(err)
	}
	if n := fs.needs(nil, textEl("Roboto", 400, false, "Fête de l’été — 3 €")); len(n) != 0 {
		t.Errorf("French text in Roboto needs %+v", n)
	}
	n := fs.needs(nil, textEl("Roboto", 400, false, "مرحبا"))
	if len(n) == 0 {
		t.Fatal("Arabic text in Roboto asks for no fallback font")
	}
	found := false
	for _, f := range n {
		found = found || f.Family == "Noto Sans Arabic"
	}
	if !found {
		t.Errorf("Arabic text needs %+v, want Noto Sans Arabic among them", n)
	}
	// A failed download is not asked for again.
	for _, f := range n {
		fs.missing[f.URL] = true
	}
	if n := fs.needs(nil, textEl("Roboto", 400, false, "مرحبا")); len(n) != 0 {
		t.Errorf("after the fallbacks failed: needs %+v", n)
	}
}

// TestDocumentFontsWin checks that a font the document brings is fetched from its own URL.
func TestDocumentFontsWin(t *testing.T) {
	fs := newFontSet()
	fs.setCatalogue(catalogueJSON(t))
	doc := &scene.Document{Fonts: []scene.FontSource{{Family: "Roboto", Weight: 400, URL: "/api/blobs/abc"}}}
	n := fs.needs(doc, textEl("Roboto", 400, false, "Bonjour"))
	if len(n) != 1 || n[0].URL != "/api/blobs/abc" {
		t.Errorf("needs %+v, want the document's own Roboto", n)
	}
}

func TestEscapePathMatchesNetURL(t *testing.T) {
	for _, p := range []string{"noto-sans/NotoSans-Regular.ttf", "Fête de l'été/Été #1?.otf", "a b/c%d", "€/x"} {
		var want []string
		for _, s := range strings.Split(p, "/") {
			want = append(want, url.PathEscape(s))
		}
		if got := escapePath(p); got != strings.Join(want, "/") {
			t.Errorf("%q: got %q, want %q", p, got, strings.Join(want, "/"))
		}
	}
}

func TestMissingRunes(t *testing.T) {
	cf := &catalogueFamily{Missing: []string{"U+00E9", "U+20AC", "garbage", "00E8", "U+ZZ"}}
	got := cf.missingRunes()
	if len(got) != 2 || got[0] != 'é' || got[1] != '€' {
		t.Fatalf("got %q", got)
	}
}
