package offline

import (
	"slices"
	"sync"
	"testing"

	"affiche/library"
)

var (
	loadOnce sync.Once
	shared   *Catalogue
	loadErr  error
)

// catalogue loads the embedded catalogue once for all tests (Load takes tens of ms).
func catalogue(t testing.TB) *Catalogue {
	t.Helper()
	loadOnce.Do(func() { shared, loadErr = Load() })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return shared
}

func ids(p library.Page) []string {
	out := make([]string, len(p.Items))
	for i, it := range p.Items {
		out[i] = it.ID
	}
	return out
}

// TestSearchRelevance checks, for the subjects of municipal posters in French and English, that
// a fitting icon is among the first results.
func TestSearchRelevance(t *testing.T) {
	c := catalogue(t)
	cases := []struct {
		q    string
		top  int      // the wanted ids must be within the first top results
		want []string // at least one of them
	}{
		{"maison", 6, []string{"lucide:house", "ph:house", "tabler:home"}},
		{"house", 6, []string{"lucide:house", "ph:house", "bi:house"}},
		{"Maisons", 6, []string{"lucide:house", "ph:house"}},
		{"vélo", 3, []string{"tabler:bike", "lucide:bike", "ph:bicycle"}},
		{"velo", 3, []string{"tabler:bike"}},
		{"vélos", 3, []string{"tabler:bike"}},
		{"bike", 3, []string{"tabler:bike", "lucide:bike"}},
		{"bicyclette", 4, []string{"tabler:bike", "bi:bicycle"}},
		{"mairie", 3, []string{"tabler:building-bank", "lucide:landmark"}},
		{"hôtel de ville", 3, []string{"tabler:building-bank"}},
		{"town hall", 4, []string{"tabler:building-bank", "fluent-emoji-flat:classical-building"}},
		{"calendrier", 3, []string{"tabler:calendar", "lucide:calendar"}},
		{"calendar", 3, []string{"tabler:calendar"}},
		{"calend", 3, []string{"tabler:calendar"}},
		{"école", 4, []string{"tabler:school", "lucide:school"}},
		{"ecole", 4, []string{"tabler:school"}},
		{"school", 3, []string{"tabler:school"}},
		{"sport", 8, []string{"tabler:run", "lucide:trophy", "tabler:trophy"}},
		{"fête", 6, []string{"tabler:confetti", "lucide:party-popper", "ph:confetti"}},
		{"musique", 3, []string{"tabler:music", "lucide:music"}},
		{"music", 3, []string{"tabler:music"}},
		{"recyclage", 3, []string{"tabler:recycle", "lucide:recycle"}},
		{"recycle", 3, []string{"tabler:recycle"}},
		{"santé", 10, []string{"tabler:heart", "lucide:stethoscope", "tabler:stethoscope"}},
		{"handicap", 4, []string{"tabler:wheelchair", "lucide:accessibility", "tabler:disabled"}},
		{"accessibilité", 3, []string{"lucide:accessibility", "tabler:wheelchair"}},
		{"fauteuil roulant", 3, []string{"tabler:wheelchair"}},
		{"bibliothèque", 3, []string{"tabler:library", "lucide:library"}},
		{"médiathèque", 3, []string{"tabler:library"}},
		{"marché", 6, []string{"tabler:basket", "lucide:shopping-basket", "lucide:store"}},
		{"enfants", 6, []string{"fluent-emoji-flat:child", "lucide:baby"}},
		{"voiture", 3, []string{"tabler:car", "lucide:car"}},
		{"car", 3, []string{"tabler:car"}},
		{"arbre", 3, []string{"tabler:tree", "ph:tree"}},
		{"arbres", 4, []string{"tabler:trees", "lucide:trees"}},
		{"tree", 3, []string{"tabler:tree"}},
		{"eau", 4, []string{"tabler:droplet", "bi:water"}},
		{"water", 6, []string{"bi:water", "lucide:glass-water"}},
		{"téléphone", 4, []string{"tabler:phone", "lucide:phone", "bi:telephone"}},
		{"telephone", 4, []string{"bi:telephone", "tabler:phone"}},
		{"courriel", 3, []string{"tabler:mail", "lucide:mail"}},
		{"e-mail", 3, []string{"tabler:mail"}},
		{"mail", 3, []string{"tabler:mail"}},
		{"pompiers", 4, []string{"ph:fire-truck", "tabler:firetruck"}},
		{"vote", 3, []string{"lucide:vote", "fluent-emoji-flat:ballot-box-with-ballot"}},
		{"noël", 3, []string{"tabler:christmas-tree", "fluent-emoji-flat:christmas-tree"}},
		{"poubelle", 3, []string{"tabler:trash", "lucide:trash"}},
		{"salle des fêtes", 3, []string{"tabler:building-community"}},
		{"feu d'artifice", 3, []string{"fluent-emoji-flat:fireworks"}},
		{"building bank", 1, []string{"tabler:building-bank"}},
		{"pissenlits", 3, []string{"photo:dandelions"}},
		{"dandelion", 3, []string{"photo:dandelions"}},
		{"montagne", 10, []string{"photo:mountain-path", "photo:autumn-mountains", "tabler:mountain"}},
		{"confettis", 6, []string{"background:confetti", "tabler:confetti"}},
		{"dégradé", 3, []string{"background:gradient-dawn", "background:gradient-ocean", "background:gradient-sunset"}},
		{"étoile", 6, []string{"shape:star-5", "tabler:star"}},
		{"hexagone", 3, []string{"shape:polygon-6"}},
	}
	for _, tc := range cases {
		got := ids(c.Search(library.Query{Text: tc.q, PerPage: tc.top}))
		ok := false
		for _, w := range tc.want {
			if slices.Contains(got, w) {
				ok = true
			}
			if _, exists := c.Get(w); !exists {
				t.Errorf("%q: wanted id %s is not in the catalogue", tc.q, w)
			}
		}
		if !ok {
			t.Errorf("%q: first %d results %v contain none of %v", tc.q, tc.top, got, tc.want)
		}
	}
}

// TestSearchExactNameFirst checks that an icon whose whole name is the query comes before icons
// that only contain the word.
func TestSearchExactNameFirst(t *testing.T) {
	c := catalogue(t)
	p := c.Search(library.Query{Text: "bike", Kind: library.KindIcon, PerPage: 3})
	if len(p.Items) == 0 || p.Items[0].ID != "tabler:bike" {
		t.Fatalf("bike: first result %v, want tabler:bike", ids(p))
	}
	for _, id := range ids(p)[:2] {
		if id == "tabler:bike-off" {
			t.Errorf("bike-off ranked in the first two: %v", ids(p))
		}
	}
}

func TestSearchAccentsAndCase(t *testing.T) {
	c := catalogue(t)
	for _, pair := range [][2]string{{"Bibliothèque", "bibliotheque"}, {"ÉCOLE", "ecole"}, {"Vélo", "VELO"}, {"noël", "noel"}} {
		a := ids(c.Search(library.Query{Text: pair[0], PerPage: 20}))
		b := ids(c.Search(library.Query{Text: pair[1], PerPage: 20}))
		if !slices.Equal(a, b) || len(a) == 0 {
			t.Errorf("%q and %q differ or are empty:\n%v\n%v", pair[0], pair[1], a, b)
		}
	}
}

func TestSearchKindAndProviderFilters(t *testing.T) {
	c := catalogue(t)
	for _, k := range []library.Kind{library.KindIcon, library.KindIllustration, library.KindPhoto, library.KindShape} {
		p := c.Search(library.Query{Text: "étoile", Kind: k, PerPage: 200})
		for _, it := range p.Items {
			if it.Kind != k {
				t.Errorf("kind %s: got %s (%s)", k, it.ID, it.Kind)
			}
		}
	}
	if p := c.Search(library.Query{Text: "maison", Provider: "unsplash"}); p.Total != 0 {
		t.Errorf("provider unsplash: %d results from the offline catalogue", p.Total)
	}
	if p := c.Search(library.Query{Text: "maison", Provider: ProviderOffline}); p.Total == 0 {
		t.Error("provider offline: no results")
	}
}

func TestSearchPaging(t *testing.T) {
	c := catalogue(t)
	all := c.Search(library.Query{Text: "calendar", PerPage: MaxPerPage})
	if all.Total < 30 {
		t.Fatalf("calendar: only %d results", all.Total)
	}
	var paged []string
	for page := 1; ; page++ {
		p := c.Search(library.Query{Text: "calendar", Page: page, PerPage: 7})
		if p.Page != page || p.PerPage != 7 || p.Total != all.Total {
			t.Fatalf("page %d: got page %d perPage %d total %d", page, p.Page, p.PerPage, p.Total)
		}
		paged = append(paged, ids(p)...)
		if p.NextPage == 0 {
			break
		}
		if p.NextPage != page+1 || len(p.Items) != 7 {
			t.Fatalf("page %d: next %d, %d items", page, p.NextPage, len(p.Items))
		}
	}
	if !slices.Equal(paged, ids(all)[:min(len(paged), len(all.Items))]) || len(paged) != all.Total {
		t.Errorf("paging gives %d items in another order than one page of %d", len(paged), all.Total)
	}
	p := c.Search(library.Query{Text: "calendar", Page: 999})
	if len(p.Items) != 0 || p.NextPage != 0 || p.Items == nil {
		t.Errorf("page past the end: %d items, next %d, nil items %v", len(p.Items), p.NextPage, p.Items == nil)
	}
	if p := c.Search(library.Query{Text: "calendar", PerPage: 10000}); p.PerPage != MaxPerPage {
		t.Errorf("perPage not capped: %d", p.PerPage)
	}
	if p := c.Search(library.Query{Text: "calendar"}); p.PerPage != DefaultPerPage || p.Page != 1 {
		t.Errorf("defaults: page %d perPage %d", p.Page, p.PerPage)
	}
}

func TestSearchEmptyListsByKind(t *testing.T) {
	c := catalogue(t)
	p := c.Search(library.Query{Kind: library.KindShape, PerPage: 100})
	if p.Total < 20 || p.Items[0].ID != "shape:rect" {
		t.Fatalf("shapes: %d, first %v", p.Total, ids(p))
	}
	p = c.Search(library.Query{Kind: library.KindPhoto, PerPage: 100})
	if p.Total < 25 {
		t.Errorf("photos and backgrounds: only %d", p.Total)
	}
	p = c.Search(library.Query{Text: "   ", PerPage: 5})
	if p.Total != c.Len() {
		t.Errorf("blank query lists %d of %d items", p.Total, c.Len())
	}
}

func TestSearchNoMatchAndPartialMatch(t *testing.T) {
	c := catalogue(t)
	if p := c.Search(library.Query{Text: "zzqxw"}); p.Total != 0 {
		t.Errorf("nonsense word: %d results", p.Total)
	}
	// One unknown word does not hide the results for the known one.
	p := c.Search(library.Query{Text: "vélo zzqxw", PerPage: 3})
	if !slices.Contains(ids(p), "tabler:bike") {
		t.Errorf("vélo zzqxw: %v", ids(p))
	}
}

func TestSearchTitlesFollowLanguage(t *testing.T) {
	c := catalogue(t)
	fr := c.Search(library.Query{Text: "pissenlits", Lang: "fr", PerPage: 1})
	en := c.Search(library.Query{Text: "pissenlits", Lang: "en", PerPage: 1})
	if fr.Items[0].Title != "Pissenlits au soleil" || en.Items[0].Title != "Dandelions in the sun" {
		t.Errorf("titles: fr %q en %q", fr.Items[0].Title, en.Items[0].Title)
	}
	it, _ := c.Get("tabler:building-bank")
	if it.Title != "building bank" {
		t.Errorf("icon title %q", it.Title)
	}
}

func TestGet(t *testing.T) {
	c := catalogue(t)
	it, ok := c.Get("tabler:bike")
	if !ok || it.Kind != library.KindIcon || it.Provider != ProviderOffline || it.Width != 24 || it.Height != 24 ||
		it.Mime != "image/svg+xml" || it.Credit == nil || it.Credit.Licence != "MIT" || it.ThumbURL == "" || it.FullURL == "" {
		t.Fatalf("tabler:bike: %+v", it)
	}
	it, ok = c.Get("bi:house")
	if !ok || it.Width != 16 {
		t.Errorf("bi:house: ok %v width %d (the set's 16-unit grid)", ok, it.Width)
	}
	it, ok = c.Get("photo:dandelions")
	if !ok || it.Kind != library.KindPhoto || it.Width != 2400 || it.Credit.Licence != "CC0-1.0" || it.Credit.Required {
		t.Errorf("photo:dandelions: %+v", it)
	}
	it, ok = c.Get("shape:star-5")
	if !ok || it.Shape == nil || it.Shape.Shape != "star" || it.Shape.Sides != 5 {
		t.Errorf("shape:star-5: %+v", it)
	}
	for _, id := range []string{"", "tabler:", "tabler:no-such-icon", "nope:bike", "org:x/../../etc/passwd"} {
		if _, ok := c.Get(id); ok {
			t.Errorf("Get(%q) found something", id)
		}
	}
	// Items handed out are copies: changing one does not change the catalogue.
	it, _ = c.Get("shape:line-dashed")
	it.Shape.Dash[0] = 99
	it.Credit.Licence = "changed"
	again, _ := c.Get("shape:line-dashed")
	if again.Shape.Dash[0] == 99 || again.Credit.Licence == "changed" {
		t.Error("Get returns shared data")
	}
}

func TestSetURL(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	it, _ := c.Get("tabler:bike")
	if it.ThumbURL != "/api/library/items/tabler:bike?size=thumb" {
		t.Errorf("default URL %q", it.ThumbURL)
	}
	c.SetURL(func(id string, size library.Size) string { return "/x/" + id + "/" + string(size) })
	it, _ = c.Get("tabler:bike")
	if it.ThumbURL != "/x/tabler:bike/thumb" || it.PreviewURL != "/x/tabler:bike/preview" || it.FullURL != "/x/tabler:bike/full" {
		t.Errorf("custom URLs %q %q %q", it.ThumbURL, it.PreviewURL, it.FullURL)
	}
}

// TestEveryItemHasLicence checks the credit of every embedded item.
func TestEveryItemHasLicence(t *testing.T) {
	c := catalogue(t)
	n := 0
	for page := 1; ; page++ {
		p := c.Search(library.Query{Page: page, PerPage: MaxPerPage})
		for _, it := range p.Items {
			n++
			if it.Credit == nil || it.Credit.Licence == "" || it.Credit.Provider == "" {
				t.Fatalf("%s has no licence: %+v", it.ID, it.Credit)
			}
			if it.Kind == library.KindPhoto && it.Credit.Licence == "CC-BY-4.0" && (!it.Credit.Required || it.Credit.Author == "") {
				t.Errorf("%s: CC BY needs a required credit with the author: %+v", it.ID, it.Credit)
			}
		}
		if p.NextPage == 0 {
			break
		}
	}
	if n != c.Len() || n < 14000 {
		t.Errorf("walked %d items of %d", n, c.Len())
	}
}
