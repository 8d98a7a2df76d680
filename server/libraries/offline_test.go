package libraries_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg"
	_ "image/png"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"affiche/library"
	"affiche/library/providers"
	"affiche/server/libraries"
)

type searchAnswer struct {
	Items    []library.Item     `json:"items"`
	Total    int                `json:"total"`
	Page     int                `json:"page"`
	PerPage  int                `json:"perPage"`
	NextPage int                `json:"nextPage"`
	Notices  []providers.Notice `json:"notices"`
	Sources  []libraries.Source `json:"sources"`
}

func ids(items []library.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func search(e *env, params string) searchAnswer {
	e.t.Helper()
	var a searchAnswer
	e.getJSON("/api/library/search?"+params, 200, &a)
	return a
}

// TestOfflineSearchFrenchAndEnglish: with nothing configured, the server answers searches in
// French and English with relevant icons and photos.
func TestOfflineSearchFrenchAndEnglish(t *testing.T) {
	e := newEnv(t, envOptions{})
	cases := []struct {
		q, kind string
		top     int      // how many first results to look in
		want    []string // at least one of these ids
	}{
		{"vélo", "icon", 3, []string{"tabler:bike", "lucide:bike", "ph:bicycle"}},
		{"velos", "icon", 3, []string{"tabler:bike", "lucide:bike", "ph:bicycle"}},
		{"bike", "icon", 3, []string{"tabler:bike", "lucide:bike"}},
		{"mairie", "icon", 5, []string{"tabler:building-bank", "lucide:landmark", "ph:bank", "bi:bank"}},
		{"calendrier", "icon", 5, []string{"tabler:calendar", "lucide:calendar", "ph:calendar", "bi:calendar"}},
		{"house", "icon", 5, []string{"tabler:home", "lucide:house", "ph:house", "bi:house"}},
		{"maison", "", 8, []string{"tabler:home", "lucide:house", "ph:house", "bi:house"}},
		{"montagne", "photo", 3, []string{"photo:autumn-mountains", "photo:mountain-path"}},
		{"mountain", "photo", 3, []string{"photo:autumn-mountains", "photo:mountain-path"}},
		{"pissenlit", "photo", 1, []string{"photo:dandelions"}},
		{"confettis", "background", 1, []string{"background:confetti"}},
		{"étoile", "shape", 3, []string{"shape:star-5", "shape:star"}},
	}
	for _, c := range cases {
		params := "q=" + url.QueryEscape(c.q)
		if c.kind != "" {
			params += "&kind=" + c.kind
		}
		a := search(e, params)
		got := ids(a.Items)
		top := got[:min(c.top, len(got))]
		found := false
		for _, w := range c.want {
			found = found || slices.Contains(top, w)
		}
		if !found {
			t.Errorf("%q (%s): first results %v, want one of %v", c.q, c.kind, top, c.want)
		}
		for _, it := range a.Items {
			if c.kind == "background" && !strings.HasPrefix(it.ID, "background:") {
				t.Errorf("kind=background gave %s", it.ID)
			}
			if c.kind != "" && c.kind != "background" && string(it.Kind) != c.kind {
				t.Errorf("%q kind=%s gave a %s", c.q, c.kind, it.Kind)
			}
		}
		if len(a.Sources) != 1 || a.Sources[0].Provider != "offline" || len(a.Notices) != 0 {
			t.Errorf("%q: sources %+v notices %+v", c.q, a.Sources, a.Notices)
		}
	}
	// Titles follow the language; paging works.
	fr := search(e, "q=pissenlit&kind=photo")
	en := search(e, "q=dandelion&kind=photo&lang=en")
	if fr.Items[0].Title != "Pissenlits au soleil" || en.Items[0].Title != "Dandelions in the sun" {
		t.Errorf("titles %q / %q", fr.Items[0].Title, en.Items[0].Title)
	}
	p1 := search(e, "q=fleche&perPage=10")
	p2 := search(e, "q=fleche&perPage=10&page=2")
	if len(p1.Items) != 10 || p1.NextPage != 2 || p2.Page != 2 || len(p2.Items) == 0 || p1.Items[0].ID == p2.Items[0].ID {
		t.Errorf("paging: %d items next %d / page %d %d items", len(p1.Items), p1.NextPage, p2.Page, len(p2.Items))
	}
	// Bad parameters are 400 with the parameter named.
	for _, bad := range []string{"kind=video", "page=0", "perPage=500", "orientation=round", "lang=de", "color=%22%3E", "nope=1",
		"q=" + strings.Repeat("a", 201)} {
		r := e.get("/api/library/search?" + bad)
		if r.status != 400 || !bytes.Contains(r.body, []byte(`"path"`)) {
			t.Errorf("%s: %d %s", bad, r.status, r.body)
		}
	}
}

// TestItemsEverySize: thumbnails load with the right type and size; previews and full sizes
// too; icons recolour; caching headers and conditional requests work.
func TestItemsEverySize(t *testing.T) {
	e := newEnv(t, envOptions{})
	a := search(e, "q=montagne&kind=photo")
	ph := a.Items[0]
	var sides []int
	for _, u := range []string{ph.ThumbURL, ph.PreviewURL, ph.FullURL} {
		r := e.get(u)
		if r.status != 200 || r.header.Get("Content-Type") != "image/jpeg" || r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("%s: %d %v", u, r.status, r.header)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(r.body))
		if err != nil || format != "jpeg" {
			t.Fatalf("%s: %v %s", u, err, format)
		}
		sides = append(sides, max(cfg.Width, cfg.Height))
		if !strings.Contains(r.header.Get("Cache-Control"), "max-age=") || r.header.Get("ETag") == "" {
			t.Errorf("%s: caching headers %v", u, r.header)
		}
	}
	if sides[0] > 320 || sides[1] > 1200 || sides[2] <= sides[1] || sides[0] >= sides[1] {
		t.Errorf("thumb/preview/full long sides %v", sides)
	}
	// Conditional request and HEAD.
	r := e.get(ph.ThumbURL)
	if r2 := e.get(ph.ThumbURL, "If-None-Match", r.header.Get("ETag")); r2.status != 304 {
		t.Errorf("If-None-Match: %d", r2.status)
	}
	if h := e.do("HEAD", ph.ThumbURL, nil); h.status != 200 || len(h.body) != 0 || h.header.Get("Content-Length") != fmt.Sprint(len(r.body)) {
		t.Errorf("HEAD: %d %d %v", h.status, len(h.body), h.header)
	}
	// Icons: SVG with a CSP, recoloured on request; every size is the drawing.
	ic := search(e, "q=velo&kind=icon").Items[0]
	for _, size := range []string{"thumb", "preview", "full"} {
		r := e.get("/api/library/items/" + ic.ID + "?size=" + size)
		if r.status != 200 || r.header.Get("Content-Type") != "image/svg+xml" ||
			!strings.HasPrefix(r.header.Get("Content-Security-Policy"), "default-src 'none'") || !bytes.HasPrefix(r.body, []byte("<svg")) {
			t.Fatalf("icon %s: %d %v %.80s", size, r.status, r.header, r.body)
		}
	}
	red := e.get("/api/library/items/" + ic.ID + "?size=preview&color=%23e63946")
	if !bytes.Contains(red.body, []byte("#e63946")) || bytes.Contains(red.body, []byte("currentColor")) {
		t.Errorf("recolour: %s", red.body)
	}
	plain := e.get("/api/library/items/" + ic.ID)
	if !bytes.Contains(plain.body, []byte("currentColor")) || plain.header.Get("ETag") == red.header.Get("ETag") {
		t.Errorf("an uncoloured icon keeps currentColor and its own ETag")
	}
	// Generated backgrounds, shapes and illustrations.
	for _, id := range []string{"background:confetti", "shape:star-5", "fluent-emoji-flat:bicycle"} {
		r := e.get("/api/library/items/" + id + "?size=thumb")
		want := "image/svg+xml"
		if strings.HasPrefix(id, "background:") {
			want = "image/"
		}
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), want) {
			t.Errorf("%s: %d %s", id, r.status, r.header.Get("Content-Type"))
		}
	}
	// Errors.
	for path, status := range map[string]int{
		"/api/library/items/tabler:no-such-icon":       404,
		"/api/library/items/tabler:bike?size=huge":     400,
		"/api/library/items/tabler:bike?color=red%22x": 400,
		"/api/library/items/tabler:bike?other=1":       400,
		"/api/library/items/nocolon":                   400,
		"/api/library/nothing":                         404,
	} {
		if r := e.get(path); r.status != status || !bytes.Contains(r.body, []byte(`"code"`)) {
			t.Errorf("%s: %d (want %d) %s", path, r.status, status, r.body)
		}
	}
	if r := e.do("DELETE", "/api/library/items/tabler:bike", nil); r.status != 405 || r.header.Get("Allow") == "" {
		t.Errorf("DELETE: %d %v", r.status, r.header)
	}
}

// TestOrganisationFolder: --library-dir files are searchable, served and inserted, and paths
// that try to leave the folder are refused.
func TestOrganisationFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Communication")
	os.MkdirAll(filepath.Join(dir, "logos"), 0o755)
	os.WriteFile(filepath.Join(dir, "logos", "logo-mairie.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40"><script>alert(1)</script><rect width="100" height="40" fill="#004990"/></svg>`), 0o644)
	os.WriteFile(filepath.Join(dir, "fete-du-village.jpg"), photo(900, 600, rgba(200, 30, 30), rgba(250, 220, 120)), 0o644)
	os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.jpg"), photo(10, 10, rgba(0, 0, 0), rgba(0, 0, 0)), 0o644)
	e := newEnv(t, envOptions{dirs: []string{dir}})
	a := search(e, "q=logo+mairie")
	if len(a.Items) == 0 || a.Items[0].ID != "org:communication/logos/logo-mairie.svg" || a.Items[0].Provider != "org" {
		t.Fatalf("org search: %v", ids(a.Items))
	}
	svg := e.get(a.Items[0].PreviewURL)
	if svg.status != 200 || bytes.Contains(svg.body, []byte("script")) {
		t.Fatalf("org svg: %d %s", svg.status, svg.body)
	}
	f := search(e, "q=fete+village&provider=org")
	if len(f.Items) != 1 || f.Sources[0].Provider != "org" {
		t.Fatalf("org photo: %+v", f)
	}
	th := e.get(f.Items[0].ThumbURL)
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(th.body)); err != nil || cfg.Width != 320 {
		t.Fatalf("org thumb: %v %+v", err, cfg)
	}
	var info libraries.Info
	e.getJSON("/api/libraries", 200, &info)
	if len(info.Offline.Folders) != 1 || info.Offline.Folders[0].Files != 2 || bytes.Contains(e.get("/api/libraries").body, []byte(dir)) {
		t.Fatalf("folders in /api/libraries: %+v (the server path must not show)", info.Offline.Folders)
	}
	for _, id := range []string{"org:communication/../secret.jpg", "org:communication/..%2Fsecret.jpg", "org:communication/%2e%2e/secret.jpg", "org:../secret.jpg"} {
		if r := e.get("/api/library/items/" + id); r.status == 200 {
			t.Errorf("%s served", id)
		}
	}
}

func rgba(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 255} }

// TestNoProviderNoNetwork: with nothing configured, searches, items, inserts, exports and the
// libraries description never make an outgoing connection: every way out fails the test.
func TestNoProviderNoNetwork(t *testing.T) {
	var dials atomic.Int32
	oldTransport, oldResolver := http.DefaultTransport, net.DefaultResolver
	http.DefaultTransport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		dials.Add(1)
		t.Errorf("outgoing HTTP request to %s", r.URL.Host)
		return nil, errors.New("no network in this test")
	})
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		dials.Add(1)
		t.Errorf("DNS lookup through %s", address)
		return nil, errors.New("no network in this test")
	}}
	t.Cleanup(func() { http.DefaultTransport, net.DefaultResolver = oldTransport, oldResolver })
	resolver := &countingResolver{t: t, n: &dials}
	e := newEnv(t, envOptions{adjust: func(c *providers.Config) {
		c.Fetch.Resolver = resolver // any provider client would resolve through it first
		c.Fetch.AllowAddrs = nil
	}})
	var info libraries.Info
	e.getJSON("/api/libraries", 200, &info)
	if info.Online || len(info.Providers) != 0 {
		t.Fatalf("nothing configured, yet online=%v providers=%v", info.Online, info.Providers)
	}
	for _, k := range info.Kinds {
		if len(k.Sources) != 1 || k.Sources[0] != "offline" {
			t.Errorf("kind %s sources %v", k.ID, k.Sources)
		}
	}
	for _, q := range []string{"q=vélo", "q=photo&kind=photo", "q=house&kind=icon&lang=en", "q=chat&provider=unsplash"} {
		e.get("/api/library/search?" + q)
	}
	if r := e.get("/api/library/search?q=chat&provider=unsplash"); r.status != 404 || !bytes.Contains(r.body, []byte("provider_disabled")) {
		t.Errorf("disabled provider: %d %s", r.status, r.body)
	}
	e.get("/api/library/items/photo:dandelions?size=thumb")
	e.get("/api/library/items/unsplash:abcdef?size=thumb")
	e.postJSON("/api/library/items/tabler:bike/insert", nil, 200, nil)
	e.do("POST", "/api/library/items/pixabay:195893/insert", nil)
	doc := iconPoster(t, "/api/library/items/tabler:bike?size=preview", nil)
	r := e.export(doc, `{"format":"png","dpi":72}`)
	if r.status != 200 {
		t.Fatalf("export: %d %s", r.status, r.body)
	}
	if n := dials.Load(); n != 0 {
		t.Fatalf("%d outgoing connection attempts", n)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type countingResolver struct {
	t *testing.T
	n *atomic.Int32
}

func (c *countingResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	c.n.Add(1)
	c.t.Errorf("provider client resolved %s", host)
	return nil, errors.New("no network in this test")
}
