package templates

import (
	"errors"
	"io/fs"
	"testing"

	"affiche/assets"
	"affiche/scene"
)

func TestCatalogueTemplatesRestore(t *testing.T) {
	list, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 3 {
		t.Fatalf("%d templates, want at least 3", len(list))
	}
	for _, tpl := range list {
		if tpl.Title.FR == "" || tpl.Title.EN == "" || tpl.Description.FR == "" || tpl.Description.EN == "" {
			t.Errorf("%s: titles and descriptions are needed in French and English", tpl.ID)
		}
		switch tpl.Category {
		case CategoryPoster, CategoryFlyer, CategorySocial:
		default:
			t.Errorf("%s: unknown category %q", tpl.ID, tpl.Category)
		}
		data, err := File(tpl.ID)
		if err != nil {
			t.Fatal(err)
		}
		doc, warns, err := scene.Restore(data)
		if err != nil {
			t.Fatalf("%s: %v", tpl.ID, err)
		}
		if len(warns) > 0 {
			t.Errorf("%s: warnings %v", tpl.ID, warns)
		}
		// Every font a template uses must be bundled, so it renders the same everywhere.
		for _, p := range doc.Pages {
			p.Walk(func(e *scene.Element) bool {
				if e.Type != scene.TypeText {
					return true
				}
				fams := []string{e.FontFamily}
				for _, para := range e.Paragraphs {
					for _, r := range para.Runs {
						if r.FontFamily != nil {
							fams = append(fams, *r.FontFamily)
						}
					}
				}
				for _, f := range fams {
					if _, ok := assets.FindFamily(f); !ok {
						t.Errorf("%s: element %s uses font %q, which is not bundled", tpl.ID, e.ID, f)
					}
				}
				return true
			})
		}
	}
	sizes := map[string][2]float64{"fete-de-quartier": {scene.MM(210), scene.MM(297)}, "ateliers-numeriques": {scene.MM(148), scene.MM(210)}, "concert-gratuit": {1080, 1080}}
	for _, tpl := range list {
		if want, ok := sizes[tpl.ID]; ok && (abs(tpl.Width-want[0]) > 0.05 || abs(tpl.Height-want[1]) > 0.05) {
			t.Errorf("%s: size %v × %v, want %v", tpl.ID, tpl.Width, tpl.Height, want)
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestFileUnknown(t *testing.T) {
	for _, id := range []string{"nope", "../catalogue", "catalogue.json", ""} {
		if _, err := File(id); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("File(%q) = %v, want ErrNotExist", id, err)
		}
	}
}
