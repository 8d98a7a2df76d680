package export

import (
	"net/url"
	"reflect"
	"testing"

	"affiche/scene"
	"affiche/server/apierr"
)

func TestParseOptions(t *testing.T) {
	doc := &scene.Document{Width: 100, Height: 100, Bleed: scene.MM(3), Pages: make([]*scene.Page, 6)}
	cases := []struct {
		query, json string
		want        Options
	}{
		{"", "", Options{Format: FormatPNG, DPI: 72, Quality: 90, Pages: []int{0, 1, 2, 3, 4, 5}}},
		{"format=jpg&dpi=150&quality=70&pages=2-3,6", "", Options{Format: FormatJPEG, DPI: 150, Quality: 70, Pages: []int{1, 2, 5}}},
		{"preset=print", "", Options{Format: FormatPDF, DPI: 300, Quality: 95, CropMarks: true, Bleed: scene.MM(3), Preset: "print", Pages: []int{0, 1, 2, 3, 4, 5}}},
		{"preset=print&cropMarks=false&bleed=5mm", "", Options{Format: FormatPDF, DPI: 300, Quality: 95, Bleed: scene.MM(5), Preset: "print", Pages: []int{0, 1, 2, 3, 4, 5}}},
		{"dpi=300", `{"preset":"email","pages":[4,1],"bleed":12}`, Options{Format: FormatJPEG, DPI: 100, Quality: 82, Bleed: 12, Preset: "email", Pages: []int{3, 0}}},
		{"", `{"bleed":true,"outlineText":true,"format":"PDF"}`, Options{Format: FormatPDF, DPI: 300, Quality: 90, Bleed: scene.MM(3), OutlineText: true, Pages: []int{0, 1, 2, 3, 4, 5}}},
	}
	for _, c := range cases {
		q, _ := url.ParseQuery(c.query)
		o, err := ParseQuery(q, DefaultOptions())
		if err == nil && c.json != "" {
			o, err = ParseJSON([]byte(c.json), o, "options")
		}
		if err == nil {
			err = o.Resolve(doc, "options")
		}
		if err != nil {
			t.Errorf("%q %s: %v", c.query, c.json, err)
			continue
		}
		if !reflect.DeepEqual(o, c.want) {
			t.Errorf("%q %s:\n got %+v\nwant %+v", c.query, c.json, o, c.want)
		}
	}
	bad := []struct{ query, json, path string }{
		{"dpi=10", "", "dpi"}, {"dpi=abc", "", "dpi"}, {"quality=0", "", "quality"}, {"format=tiff", "", "format"},
		{"pages=0", "", "pages"}, {"pages=3-1", "", "pages"}, {"pages=a", "", "pages"}, {"bleed=-3mm", "", "bleed"},
		{"bleed=1m", "", "bleed"}, {"bleed=21mm", "", "bleed"}, {"cropMarks=maybe", "", "cropMarks"}, {"size=a4", "", "size"},
		{"", `{"dpi":"high"}`, "options.dpi"}, {"", `{"pages":[]}`, "options.pages"}, {"", `{"unknown":1}`, "options.unknown"},
		{"", `{"preset":"huge"}`, "options.preset"}, {"", `{"bleed":{}}`, "options.bleed"}, {"", `{"pages":"7"}`, "options.pages"},
	}
	for _, b := range bad {
		q, _ := url.ParseQuery(b.query)
		o, err := ParseQuery(q, DefaultOptions())
		if err == nil && b.json != "" {
			o, err = ParseJSON([]byte(b.json), o, "options")
		}
		if err == nil {
			err = o.Resolve(doc, "options")
		}
		e := apierr.As(err)
		if e == nil || e.Path != b.path || e.MessageFr == "" {
			t.Errorf("%q %s: got %v, want an error at %q", b.query, b.json, err, b.path)
		}
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"Fête de quartier": "fete-de-quartier", "  L'été 2026 !  ": "l-ete-2026", "": "affiche", "日本語": "affiche",
		"Œuvre/../../etc": "oeuvre-etc",
	} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}
