package export

import (
	"context"
	"errors"
	"testing"

	"affiche/assets"
	"affiche/internal/bundled"
	"affiche/scene"
)

// TestFontsForForksTheBundledRegistry checks that a document's own fonts are added to a fork
// of the shared bundled registry: the export sees them, the shared registry does not, and a
// document without fonts uses the shared registry itself.
func TestFontsForForksTheBundledRegistry(t *testing.T) {
	shared, err := bundled.Fonts()
	if err != nil {
		t.Fatal(err)
	}
	data, err := assets.FontFile("oswald/Oswald-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	res := &Resources{Fetch: func(ctx context.Context, u string) ([]byte, error) {
		if u == "blob:brand" {
			return data, nil
		}
		return nil, errors.New("not here")
	}}
	reg, err := fontsFor(context.Background(), &scene.Document{}, res)
	if err != nil || reg != shared {
		t.Fatalf("no document fonts: %p, %v; want the shared registry %p", reg, err, shared)
	}
	doc := &scene.Document{Fonts: []scene.FontSource{{Family: "Brand Sans", URL: "blob:brand"}}}
	reg, err = fontsFor(context.Background(), doc, res)
	if err != nil {
		t.Fatal(err)
	}
	if reg == shared || !reg.Has("Brand Sans") || shared.Has("Brand Sans") {
		t.Fatalf("document font: in the export's registry %v, in the shared one %v", reg.Has("Brand Sans"), shared.Has("Brand Sans"))
	}
	if !reg.Has("Liberation Sans") || reg.Default() != shared.Default() {
		t.Error("the export's registry lost the bundled fonts")
	}
	doc.Fonts[0].URL = "blob:absent"
	if _, err := fontsFor(context.Background(), doc, res); err == nil {
		t.Error("a missing font file gave no error")
	}
}
