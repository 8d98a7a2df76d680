package preflight

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"

	"affiche/internal/bundled"
	"affiche/scene"
)

func load(t *testing.T, name string) *scene.Document {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := scene.Restore(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func options(t *testing.T) Options {
	t.Helper()
	fonts, err := bundled.Fonts()
	if err != nil {
		t.Fatal(err)
	}
	return Options{Loader: bundled.FileLoader("testdata"), Fonts: fonts}
}

func TestPlantedProblemsAreFound(t *testing.T) {
	got := Check(context.Background(), load(t, "planted.json"), options(t))
	byElement := map[string][]string{}
	for _, f := range got {
		byElement[f.ElementID] = append(byElement[f.ElementID], f.Code)
		if f.Message == "" || f.MessageFR == "" || f.MessageFR == f.Message {
			t.Errorf("%s/%s: messages %q / %q", f.ElementID, f.Code, f.Message, f.MessageFR)
		}
	}
	want := map[string][]string{
		"low-res":      {CodeLowResolution},
		"in-bleed":     {CodeInBleed},
		"near-edge":    {CodeOutsideSafeZone},
		"tiny":         {CodeSmallText},
		"no-font":      {CodeFontMissing},
		"no-bold":      {CodeFontSubstituted},
		"off-page":     {CodeOffPage},
		"empty":        {CodeEmptyText},
		"needs-credit": {CodeCreditMissing},
	}
	for id, codes := range want {
		g := byElement[id]
		sort.Strings(g)
		if strings.Join(g, ",") != strings.Join(codes, ",") {
			t.Errorf("%s: found %v, want %v", id, g, codes)
		}
	}
	for id := range byElement {
		if _, ok := want[id]; !ok {
			t.Errorf("unexpected findings for %q: %v", id, byElement[id])
		}
	}
	for _, f := range got {
		if f.Code == CodeLowResolution && (f.Value < 23 || f.Value > 25) {
			t.Errorf("100 px over 300 pt should be 24 dpi, got %v", f.Value)
		}
	}
	if len(got) > 0 && got[0].Severity != Error {
		t.Errorf("errors should come first: %v", got[0])
	}
}

func TestCleanDesignHasNoFindings(t *testing.T) {
	if got := Check(context.Background(), load(t, "clean.json"), options(t)); len(got) != 0 {
		for _, f := range got {
			t.Errorf("%s %s: %s", f.ElementID, f.Code, f.Message)
		}
	}
}

func TestLargeFormatNeedsOnly150DPI(t *testing.T) {
	doc := load(t, "clean.json")
	doc.Width, doc.Height = scene.MM(594), scene.MM(841) // A1
	// 100 px over 48 pt = 150 dpi: enough for an A1 poster, not for an A4 flyer.
	doc.Pages[0].Elements = []*scene.Element{{ID: "p", Type: scene.TypeImage, Src: "photo-100px.png", X: 200, Y: 200, Width: 48, Height: 48, Opacity: 1, Fit: scene.FitCover}}
	if got := Check(context.Background(), doc, options(t)); len(got) != 0 {
		t.Errorf("A1 at 150 dpi: %v", got)
	}
	doc.Width, doc.Height = scene.MM(210), scene.MM(297)
	if got := Check(context.Background(), doc, options(t)); len(got) != 1 || got[0].Code != CodeLowResolution {
		t.Errorf("A4 at 150 dpi: %v", got)
	}
}

func TestFrenchElision(t *testing.T) {
	for in, want := range map[string]string{"une image": "d'une image", "un logo ou une icône": "d'un logo ou une icône", "la photo": "de la photo"} {
		if got := ofFR(in); got != want {
			t.Errorf("ofFR(%q) = %q, want %q", in, got, want)
		}
	}
}
