package credits

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"affiche/internal/bundled"
	"affiche/preflight"
	"affiche/renderer/text"
	"affiche/scene"
)

var (
	unsplash = &scene.Credit{Provider: "Unsplash", Author: "Jeanne Martin", AuthorURL: "https://unsplash.com/@jeanne?utm_source=affiche&utm_medium=referral",
		Licence: "Unsplash License", LicenceURL: "https://unsplash.com/license",
		SourceURL: "https://unsplash.com/photos/velo-abc?utm_source=affiche&utm_medium=referral", Text: "Photo de Jeanne Martin sur Unsplash", Required: true}
	tabler = &scene.Credit{Provider: "Tabler Icons", Author: "Paweł Kuna", AuthorURL: "https://tabler.io/icons",
		Licence: "MIT", LicenceURL: "https://opensource.org/license/mit", SourceURL: "https://tabler.io/icons", Text: "Tabler Icons (MIT)"}
	lomiri = &scene.Credit{Provider: "Affiche", Author: "Aitzol Berasategi", Licence: "CC-BY-4.0",
		LicenceURL: "https://creativecommons.org/licenses/by/4.0/", Text: "Aitzol Berasategi, CC BY 4.0", Required: true}
	generated = &scene.Credit{Provider: "Affiche", Licence: "CC0-1.0", LicenceURL: "https://creativecommons.org/publicdomain/zero/1.0/"}
)

func img(c *scene.Credit) *scene.Element {
	return &scene.Element{ID: scene.NewID(), Type: scene.TypeImage, X: 50, Y: 50, Width: 200, Height: 150, Opacity: 1, Src: "/api/blobs/x", Credit: c}
}

func icon(c *scene.Credit) *scene.Element {
	return &scene.Element{ID: scene.NewID(), Type: scene.TypeSVG, X: 300, Y: 300, Width: 48, Height: 48, Opacity: 1, Src: "/api/library/items/tabler:bike", Credit: c}
}

// poster: page 1 has the Unsplash photo twice, two Tabler icons and a generated background
// shape; page 2 has a CC BY photo inside a group and a hidden Unsplash photo.
func poster(lang string) *scene.Document {
	d := scene.New(scene.MM(210), scene.MM(297))
	d.Lang = lang
	hidden := img(&scene.Credit{Provider: "Unsplash", Author: "Caché", Required: true})
	hidden.Hidden = true
	d.Pages[0].Elements = []*scene.Element{img(unsplash), icon(tabler), img(unsplash), icon(tabler),
		{ID: scene.NewID(), Type: scene.TypeShape, Shape: scene.ShapeRect, Width: 10, Height: 10, Opacity: 1, Credit: generated}}
	d.Pages = append(d.Pages, &scene.Page{ID: scene.NewID(), Elements: []*scene.Element{
		{ID: scene.NewID(), Type: scene.TypeGroup, Opacity: 1, Children: []*scene.Element{img(lomiri)}}, hidden,
	}})
	if _, err := scene.Normalize(d); err != nil {
		panic(err)
	}
	return d
}

func TestGatherDedupesInOrder(t *testing.T) {
	d := poster("fr")
	got := Gather(d, nil)
	var lines []string
	for _, e := range got {
		lines = append(lines, fmt.Sprintf("%s|%d|%v", e.Text("fr"), e.Count, e.Required))
	}
	want := []string{
		"Photos\u00a0: Jeanne Martin / Unsplash — Unsplash License|2|true",
		"Icônes\u00a0: Paweł Kuna / Tabler Icons — MIT|2|false",
		"Photo\u00a0: Aitzol Berasategi — CC BY 4.0|1|true",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if g := Gather(d, []int{1}); len(g) != 1 || g[0].Credit.Author != "Aitzol Berasategi" {
		t.Fatalf("page 2 only: %+v", g)
	}
	if g := Gather(d, []int{7, -1}); len(g) != 0 {
		t.Fatalf("out-of-range pages must be ignored: %+v", g)
	}
	en := got[0].Text("en")
	if en != "Photos: Jeanne Martin / Unsplash — Unsplash License" {
		t.Fatalf("english: %q", en)
	}
}

func TestLicenceLabel(t *testing.T) {
	for in, want := range map[string]string{
		"CC-BY-4.0": "CC BY 4.0", "CC-BY-SA-4.0": "CC BY-SA 4.0", "CC0-1.0": "CC0", "MIT": "MIT",
		"Unsplash License": "Unsplash License", "LicenseRef-Organisation": "", "CC-BY": "CC BY", "": "",
	} {
		if got := LicenceLabel(in, "fr"); got != want {
			t.Errorf("LicenceLabel(%q) = %q, want %q", in, got, want)
		}
	}
	if got := DisplayURL("https://www.unsplash.com/photos/velo-abc?utm_source=x", 70); got != "unsplash.com/photos/velo-abc" {
		t.Errorf("DisplayURL: %q", got)
	}
	if got := DisplayURL("https://example.org/"+strings.Repeat("a", 100), 20); len([]rune(got)) != 20 || !strings.HasSuffix(got, "…") {
		t.Errorf("DisplayURL long: %q", got)
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": None, "none": None, "LINE": Line, " page ": Page} {
		if m, ok := ParseMode(in); !ok || m != want {
			t.Errorf("ParseMode(%q) = %q, %v", in, m, ok)
		}
	}
	if _, ok := ParseMode("footer"); ok {
		t.Error("footer accepted")
	}
}

// measure lays text out with the bundled fonts, as the export does.
func measure(t *testing.T) func(*scene.Element) float64 {
	reg, err := bundled.Fonts()
	if err != nil {
		t.Fatal(err)
	}
	return func(e *scene.Element) float64 { return text.Layout(e, reg).ContentHeight }
}

// creditFindings runs the preflight's attribution check.
func creditFindings(d *scene.Document) []preflight.Finding {
	var out []preflight.Finding
	for _, f := range preflight.Check(context.Background(), d, preflight.Options{}) {
		if f.Code == preflight.CodeCreditMissing {
			out = append(out, f)
		}
	}
	return out
}

func TestPageSatisfiesPreflightAndFits(t *testing.T) {
	for _, lang := range []string{"fr", "en-GB"} {
		for _, m := range []func(*scene.Element) float64{nil, measure(t)} {
			d := poster(lang)
			before, _ := json.Marshal(d)
			if f := creditFindings(d); len(f) != 3 {
				t.Fatalf("the poster should lack 3 required credits (one per element) before, got %d: %+v", len(f), f)
			}
			out, pages := Apply(d, Page, nil, Options{Measure: m})
			if after, _ := json.Marshal(d); string(after) != string(before) {
				t.Fatal("Apply modified its input")
			}
			if len(out.Pages) != 3 || fmt.Sprint(pages) != "[0 1 2]" {
				t.Fatalf("pages: %d, export %v", len(out.Pages), pages)
			}
			if _, err := scene.Normalize(out); err != nil {
				t.Fatalf("credits page is not a valid scene: %v", err)
			}
			if f := creditFindings(out); len(f) != 0 {
				t.Fatalf("%s: preflight still misses credits: %+v", lang, f)
			}
			cp := out.Pages[2]
			title, _ := cp.Find(cp.Elements[0].ID)
			wantTitle := "Crédits"
			if strings.HasPrefix(lang, "en") {
				wantTitle = "Credits"
			}
			if title.PlainText() != wantTitle {
				t.Fatalf("title %q", title.PlainText())
			}
			list := cp.Elements[2]
			if list.Name != ListName || len(list.Paragraphs) != 3 {
				t.Fatalf("list: %+v", list)
			}
			if p := list.Paragraphs[0].Text(); !strings.Contains(p, "Jeanne Martin / Unsplash") || !strings.Contains(p, "unsplash.com/photos/velo-abc") {
				t.Fatalf("first line %q", p)
			}
			if list.Paragraphs[0].Runs[len(list.Paragraphs[0].Runs)-1].Link != unsplash.SourceURL {
				t.Fatal("the link run must carry the full URL")
			}
			checkInside(t, out, 2)
		}
	}
}

// checkInside lays out every text element of page p with the real fonts and checks its lines
// lie inside the page and inside the element's box.
func checkInside(t *testing.T, d *scene.Document, p int) {
	t.Helper()
	reg, err := bundled.Fonts()
	if err != nil {
		t.Fatal(err)
	}
	w, h := d.PageSize(p)
	for _, e := range d.Pages[p].Elements {
		r := text.Layout(e, reg)
		if len(r.Lines) == 0 {
			t.Fatalf("%s: no lines", e.Name)
		}
		if len(r.Warnings) > 0 {
			t.Fatalf("%s: layout warnings %+v", e.Name, r.Warnings)
		}
		last := r.Lines[len(r.Lines)-1]
		if e.Y+last.Bottom() > h+0.01 || e.Y+r.ContentHeight > e.Y+e.Height+0.5 {
			t.Fatalf("%s: text ends at %.1f, element box ends at %.1f, page at %.1f", e.Name, e.Y+last.Bottom(), e.Y+e.Height, h)
		}
		for _, l := range r.Lines {
			if e.X+l.X < 0 || e.X+l.X+l.Width > w+0.01 {
				t.Fatalf("%s: line outside the page horizontally", e.Name)
			}
		}
	}
}

func TestLongListSpillsOverPages(t *testing.T) {
	d := scene.New(scene.MM(148), scene.MM(210)) // A5: room for fewer lines
	for i := range 80 {
		c := *unsplash
		c.Author = fmt.Sprintf("Photographe numéro %d avec un nom assez long", i)
		c.SourceURL = fmt.Sprintf("https://unsplash.com/photos/photo-%d-avec-un-identifiant-long-et-descriptif?utm_source=affiche", i)
		d.Pages[0].Elements = append(d.Pages[0].Elements, img(&c))
	}
	for _, m := range []func(*scene.Element) float64{nil, measure(t)} {
		out, pages := AddPages(d, nil, Options{Measure: m})
		if len(out.Pages) < 3 {
			t.Fatalf("80 credits on A5 should need several pages, got %d", len(out.Pages)-1)
		}
		if len(pages) != len(out.Pages) {
			t.Fatalf("export pages %v", pages)
		}
		n := 0
		for p := 1; p < len(out.Pages); p++ {
			checkInside(t, out, p)
			n += len(out.Pages[p].Elements[2].Paragraphs)
			if p > 1 && out.Pages[p].Elements[0].PlainText() != "Crédits (suite)" {
				t.Fatalf("continuation title %q", out.Pages[p].Elements[0].PlainText())
			}
		}
		if n != 80 {
			t.Fatalf("%d entries listed, want 80", n)
		}
		if f := creditFindings(out); len(f) != 0 {
			t.Fatalf("preflight: %d credits missing", len(f))
		}
	}
}

func TestLinesPerPage(t *testing.T) {
	d := poster("fr")
	d.Pages = append(d.Pages, &scene.Page{ID: scene.NewID(), Elements: []*scene.Element{}}) // no credits
	out, pages := Apply(d, Line, []int{0, 1, 2}, Options{Measure: measure(t)})
	if fmt.Sprint(pages) != "[0 1 2]" || len(out.Pages) != 3 {
		t.Fatalf("line mode must not add pages: %v", pages)
	}
	if len(d.Pages[0].Elements) != 5 {
		t.Fatal("input modified")
	}
	last := func(p int) *scene.Element { e := out.Pages[p].Elements; return e[len(e)-1] }
	l0 := last(0)
	if l0.Name != LineName {
		t.Fatalf("page 1 has no credits line")
	}
	got := l0.PlainText()
	if got != "Crédits — Photos\u00a0: Jeanne Martin / Unsplash (Unsplash License) · Icônes\u00a0: Paweł Kuna / Tabler Icons (MIT)" {
		t.Fatalf("line %q", got)
	}
	if !strings.Contains(last(1).PlainText(), "Aitzol Berasategi") {
		t.Fatalf("page 2 line %q", last(1).PlainText())
	}
	if out.Pages[2] != d.Pages[2] {
		t.Fatal("a page without credits must be left as it is")
	}
	if _, err := scene.Normalize(out); err != nil {
		t.Fatal(err)
	}
	for p := range 2 {
		checkInside(t, &scene.Document{Width: out.Width, Height: out.Height, Pages: []*scene.Page{{Elements: []*scene.Element{last(p)}}}}, 0)
		_, h := out.PageSize(p)
		if e := last(p); e.Y+e.Height > h-scene.MM(5) {
			t.Fatalf("credits line outside the 5 mm safe zone: ends at %.1f of %.1f", e.Y+e.Height, h)
		}
	}
	if f := creditFindings(out); len(f) != 0 {
		t.Fatalf("preflight: %+v", f)
	}
	// Nothing to credit: the document comes back as it was.
	empty := scene.New(500, 500)
	if o, _ := Apply(empty, Line, nil, Options{}); o != empty {
		t.Fatal("no credits: document must be unchanged")
	}
	if o, p := Apply(empty, Page, nil, Options{}); o != empty || len(p) != 1 {
		t.Fatal("no credits: no page added")
	}
}
