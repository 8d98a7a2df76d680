package providers

import (
	"context"
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"affiche/library"
	"affiche/library/cache"
	"affiche/library/fetch"
)

func TestNothingIsOnByDefault(t *testing.T) {
	cfg, err := ConfigFromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Enabled()) != 0 || len(r.Hosts()) != 0 {
		t.Fatalf("enabled %v, hosts %v", r.Enabled(), r.Hosts())
	}
	if len(r.Providers()) != len(Names) {
		t.Fatalf("%d providers listed", len(r.Providers()))
	}
	res, err := r.Search(ctx, library.Query{Text: "vélo", Kind: library.KindPhoto})
	if err != nil || len(res.Items) != 0 {
		t.Fatalf("search with nothing on: %v %v", res, err)
	}
	if _, err := r.Open(ctx, "unsplash:abc", library.SizeThumb); !errors.Is(err, ErrDisabled) {
		t.Fatalf("open: %v", err)
	}
	if _, err := r.Search(ctx, library.Query{Text: "x", Provider: "pexels"}); !errors.Is(err, ErrDisabled) {
		t.Fatalf("search a disabled provider: %v", err)
	}
	if !r.Owns("pixabay:1") || r.Owns("tabler:bike") || r.Owns("nocolon") {
		t.Fatal("Owns")
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		"AFFICHE_UNSPLASH_ACCESS_KEY":    "u",
		"AFFICHE_UNSPLASH_APP_NAME":      "mairie_de_test",
		"AFFICHE_PEXELS_API_KEY":         "p",
		"AFFICHE_PEXELS_ENABLED":         "false",
		"AFFICHE_PIXABAY_API_KEY":        "x",
		"AFFICHE_OPENVERSE_ENABLED":      "oui",
		"AFFICHE_ICONIFY_ENABLED":        "true",
		"AFFICHE_ICONIFY_URL":            "http://iconify.intranet:3000",
		"AFFICHE_ICONIFY_PREFIXES":       "mdi, tabler",
		"AFFICHE_NOUNPROJECT_KEY":        "k",
		"AFFICHE_FETCH_ALLOW_PRIVATE":    "10.1.2.3, 192.168.10.0/24",
		"AFFICHE_LIBRARY_CACHE_MAX_MB":   "64",
		"AFFICHE_COMMONS_CONTACT":        "dsi@example.fr",
		"AFFICHE_ICONFINDER_LICENSE":     "commercial",
		"AFFICHE_OPENVERSE_LICENSE_TYPE": "commercial",
	}
	cfg, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var on []string
	for _, i := range r.Enabled() {
		on = append(on, i.Name)
	}
	// Pexels is switched off, the Noun Project lacks its secret, Commons is not enabled.
	if strings.Join(on, ",") != "unsplash,pixabay,openverse,iconify" {
		t.Fatalf("enabled %v", on)
	}
	if cfg.Iconify.Prefixes[1] != "tabler" || cfg.CacheMaxBytes != 64<<20 || len(cfg.Fetch.AllowAddrs) != 2 ||
		cfg.Fetch.AllowAddrs[0] != netip.MustParsePrefix("10.1.2.3/32") {
		t.Fatalf("cfg %+v", cfg)
	}
	hosts := strings.Join(r.Hosts(), " ")
	for _, h := range []string{"api.unsplash.com", "images.unsplash.com", "pixabay.com", "api.openverse.org", "iconify.intranet:3000"} {
		if !strings.Contains(hosts, h) {
			t.Errorf("hosts %s lack %s", hosts, h)
		}
	}
	if _, err := ConfigFromEnv(func(k string) string {
		return map[string]string{"AFFICHE_OPENVERSE_ENABLED": "peut-être", "AFFICHE_FETCH_ALLOW_PRIVATE": "intranet"}[k]
	}); err == nil || !strings.Contains(err.Error(), "AFFICHE_OPENVERSE_ENABLED") || !strings.Contains(err.Error(), "AFFICHE_FETCH_ALLOW_PRIVATE") {
		t.Fatalf("bad values: %v", err)
	}
	if _, err := New(Config{Unsplash: UnsplashConfig{AccessKey: "k", BaseURL: "ftp://x"}}); err == nil {
		t.Fatal("bad base URL accepted")
	}
}

// fake is a provider with canned answers.
type fake struct {
	name  string
	kinds []library.Kind
	items int
	err   error
	calls int
}

func (f *fake) Info() Info {
	return Info{Name: f.name, Kinds: f.kinds, Enabled: true, SearchTTL: time.Hour, AssetTTL: time.Hour, Fingerprint: "f"}
}

func (f *fake) Search(_ context.Context, q library.Query) (library.Page, error) {
	f.calls++
	if f.err != nil {
		return library.Page{}, f.err
	}
	p := library.Page{Total: 100, Page: q.Page, PerPage: f.items, NextPage: q.Page + 1}
	for i := 0; i < f.items; i++ {
		p.Items = append(p.Items, library.Item{ID: f.name + ":" + string(rune('a'+i))})
	}
	return p, nil
}

func (f *fake) Fetch(context.Context, string, library.Size) (fetch.Asset, error) {
	f.calls++
	return fetch.Asset{Data: []byte("<svg/>"), Mime: "image/svg+xml", Width: 24, Height: 24}, f.err
}

func (f *fake) OnInsert(context.Context, string) error { return nil }

func TestFanOut(t *testing.T) {
	a := &fake{name: "unsplash", kinds: []library.Kind{library.KindPhoto}, items: 3}
	b := &fake{name: "pexels", kinds: []library.Kind{library.KindPhoto}, items: 1}
	c := &fake{name: "pixabay", kinds: []library.Kind{library.KindPhoto}, err: newError("pixabay", CodeQuota, 429, "")}
	icons := &fake{name: "iconify", kinds: []library.Kind{library.KindIcon}, items: 5}
	r := NewRegistry([]Provider{a, b, c, icons}, nil, time.Second)
	res, err := r.Search(ctx, library.Query{Text: "vélo", Kind: library.KindPhoto, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range res.Items {
		ids = append(ids, it.ID)
	}
	if strings.Join(ids, " ") != "unsplash:a pexels:a unsplash:b unsplash:c" {
		t.Fatalf("merged %v", ids)
	}
	if res.Total != 200 || res.NextPage != 3 || res.Page.Page != 2 || icons.calls != 0 {
		t.Fatalf("page %+v, icon provider called %d times", res.Page, icons.calls)
	}
	if len(res.Notices) != 1 || res.Notices[0].Provider != "pixabay" || res.Notices[0].Code != CodeQuota || !strings.Contains(res.Notices[0].Message.FR, "Quota atteint") {
		t.Fatalf("notices %+v", res.Notices)
	}
	b2, _ := json.Marshal(res)
	if !strings.Contains(string(b2), `"items":[`) || !strings.Contains(string(b2), `"notices":[{"provider":"pixabay","code":"quota"`) {
		t.Fatalf("JSON %s", b2)
	}
	// Everyone fails: the error, preferring the quota one.
	a.err = newError("unsplash", CodeUnavailable, 500, "")
	b.err = newError("pexels", CodeUnavailable, 500, "")
	if _, err := r.Search(ctx, library.Query{Text: "x", Kind: library.KindPhoto}); !errors.Is(err, ErrQuota) {
		t.Fatalf("all failed: %v", err)
	}
	// One provider by name.
	res, err = r.Search(ctx, library.Query{Text: "x", Provider: "iconify"})
	if err != nil || len(res.Items) != 5 {
		t.Fatalf("by name: %v %v", res, err)
	}
	calls := icons.calls
	res, err = r.Search(ctx, library.Query{Text: "x", Provider: "iconify", Kind: library.KindPhoto})
	if err != nil || len(res.Items) != 0 || icons.calls != calls {
		t.Fatalf("photos asked of an icon library: %v %v", res, err)
	}
}

func TestRegistryCaches(t *testing.T) {
	c, err := cache.Open(cache.Options{Dir: t.TempDir(), MaxBytes: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	up := newUpstream(t)
	up.fixture("/v1/search", "pexels_search.json")
	env := testEnv(t, false)
	env.Cache = c
	p := must[*Pexels](t)(NewPexels(PexelsConfig{APIKey: "k", BaseURL: up.URL()}, env))
	r := NewRegistry([]Provider{p}, c, 0)
	q := library.Query{Text: "Nature", Kind: library.KindPhoto}
	first := must[Result](t)(r.Search(ctx, q))
	second := must[Result](t)(r.Search(ctx, library.Query{Text: "  nature ", Kind: library.KindPhoto}))
	if up.count("/v1/search") != 1 || len(second.Items) != len(first.Items) || second.Items[0].Credit.Author != "Joey Farina" {
		t.Fatalf("search not cached: %d requests", up.count("/v1/search"))
	}
	// Anything that changes the answer changes the key.
	for _, q2 := range []library.Query{{Text: "nature", Page: 2}, {Text: "nature", Lang: "en"}, {Text: "nature", Orientation: "portrait"}, {Text: "nature", Color: "red"}, {Text: "nature", PerPage: 5}} {
		must[Result](t)(r.Search(ctx, q2))
	}
	if n := up.count("/v1/search"); n != 6 {
		t.Fatalf("%d requests, want 6", n)
	}
	a1 := must[fetchAsset](t)(r.Open(ctx, "pexels:2014422", library.SizeThumb))
	a2 := must[fetchAsset](t)(r.Open(ctx, "pexels:2014422", library.SizeThumb))
	if up.count("/cdn/") != 1 || a2.Mime != "image/png" || a2.Width != a1.Width || string(a1.Data) != string(a2.Data) {
		t.Fatalf("asset not cached: %d CDN requests", up.count("/cdn/"))
	}
	must[fetchAsset](t)(r.Open(ctx, "pexels:2014422", library.SizeFull))
	if up.count("/cdn/") != 2 {
		t.Fatal("size not in the asset key")
	}
	if _, err := r.Open(ctx, "pexels:2014422", "huge"); !errors.Is(err, ErrBadRequest) {
		t.Fatalf("bad size: %v", err)
	}
	if s := r.CacheStats(); s.Hits < 2 || s.Entries == 0 {
		t.Fatalf("stats %+v", s)
	}
}

// BenchmarkRegistryOpenHit measures serving a cached 30 KB thumbnail through the registry (key
// derivation, disk read with CRC check, metadata decode).
func BenchmarkRegistryOpenHit(b *testing.B) {
	c, err := cache.Open(cache.Options{Dir: b.TempDir(), MaxBytes: 64 << 20})
	if err != nil {
		b.Fatal(err)
	}
	f := &fake{name: "iconify", kinds: []library.Kind{library.KindIcon}}
	r := NewRegistry([]Provider{f}, c, 0)
	data := make([]byte, 30<<10)
	key := cache.NewKey("asset", "iconify", "f", "mdi:bike", "thumb")
	m, _ := json.Marshal(assetMeta{Mime: "image/png", Width: 320, Height: 240})
	if err := c.Put(key, data, m, time.Hour); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := r.Open(ctx, "iconify:mdi:bike", library.SizeThumb); err != nil {
			b.Fatal(err)
		}
	}
	if f.calls != 0 {
		b.Fatalf("provider called %d times", f.calls)
	}
}
