package providers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"affiche/library"
	"affiche/library/fetch"
)

var ctx = context.Background()

func TestUnsplash(t *testing.T) {
	up := newUpstream(t)
	up.fixture("/search/photos", "unsplash_search.json", "X-Ratelimit-Limit", "50", "X-Ratelimit-Remaining", "49")
	up.fixture("/photos/eOLpJytrbsQ", "unsplash_photo.json")
	up.handle("/photos/eOLpJytrbsQ/download", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"url":"https://images.unsplash.com/photo-1416339306562?ixid=x"}`))
	})
	p := must[*Unsplash](t)(NewUnsplash(UnsplashConfig{AccessKey: "UKEY-123", AppName: "affiche_mairie", BaseURL: up.URL()}, testEnv(t, true)))
	if !p.Info().Enabled || p.Info().AssetTTL <= 0 {
		t.Fatal("not enabled")
	}
	page := must[library.Page](t)(p.Search(ctx, library.Query{Text: "  vélo   rouge ", Page: 1, PerPage: 50, Orientation: "square", Color: "rouge", Lang: "fr"}))
	r := up.last("/search/photos")
	q := r.URL.Query()
	for k, want := range map[string]string{"query": "vélo rouge", "page": "1", "per_page": "30", "orientation": "squarish", "color": "red", "content_filter": "high", "lang": "fr"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if r.Header.Get("Authorization") != "Client-ID UKEY-123" || r.Header.Get("Accept-Version") != "v1" {
		t.Errorf("auth headers %v", r.Header)
	}
	if len(page.Items) != 2 || page.Total != 133 || page.NextPage != 2 || page.PerPage != 30 {
		t.Fatalf("page %+v", page)
	}
	it := page.Items[0]
	if it.ID != "unsplash:eOLpJytrbsQ" || it.ThumbURL != "/api/library/items/unsplash:eOLpJytrbsQ?size=thumb" ||
		it.FullURL != "/api/library/items/unsplash:eOLpJytrbsQ?size=full" || it.Width != 4000 || it.Kind != library.KindPhoto {
		t.Errorf("item %+v", it)
	}
	c := it.Credit
	if c.Text != "Photo de Camille Martin sur Unsplash" || !c.Required ||
		c.AuthorURL != "https://unsplash.com/@camillemartin?utm_source=affiche_mairie&utm_medium=referral" ||
		c.SourceURL != "https://unsplash.com/photos/velo-rouge-contre-un-mur-eOLpJytrbsQ?utm_source=affiche_mairie&utm_medium=referral" {
		t.Errorf("credit %+v", c)
	}
	if page.Items[1].Credit.Author != "jdupont" { // no display name: the username
		t.Errorf("author fallback %q", page.Items[1].Credit.Author)
	}
	// Thumbnails come from the URL the search gave (with its ixid), no key attached.
	a := must[fetchAsset](t)(p.Fetch(ctx, "eOLpJytrbsQ", library.SizeThumb))
	img := up.last("/cdn/photo-1416339306562")
	if a.Mime != "image/png" || img.URL.Query().Get("w") != "400" || img.URL.Query().Get("ixid") == "" || img.Header.Get("Authorization") != "" {
		t.Errorf("thumb fetch: %s %v %v", a.Mime, img.URL, img.Header)
	}
	// Insertion calls download_location, authorised, with its query intact.
	if err := p.OnInsert(ctx, "eOLpJytrbsQ"); err != nil {
		t.Fatal(err)
	}
	dl := up.last("/photos/eOLpJytrbsQ/download")
	if dl.Header.Get("Authorization") != "Client-ID UKEY-123" || !strings.HasPrefix(dl.URL.Query().Get("ixid"), "M3wx") {
		t.Errorf("download_location call %v %v", dl.URL, dl.Header)
	}
	// A provider without the search record (a restart, a design opened later) looks the photo up.
	p2 := must[*Unsplash](t)(NewUnsplash(UnsplashConfig{AccessKey: "UKEY-123", BaseURL: up.URL()}, testEnv(t, false)))
	must[fetchAsset](t)(p2.Fetch(ctx, "eOLpJytrbsQ", library.SizeFull))
	if up.count("/photos/eOLpJytrbsQ") != 2 || up.last("/cdn/").URL.Query().Get("ixid") != "lookup" {
		t.Errorf("lookup by id not used")
	}
	if _, err := p.Fetch(ctx, "../../etc", library.SizeThumb); !errors.Is(err, ErrBadRequest) {
		t.Errorf("invalid id: %v", err)
	}
	// English credit.
	en := must[library.Page](t)(p.Search(ctx, library.Query{Text: "bike", Lang: "en"}))
	if en.Items[0].Credit.Text != "Photo by Camille Martin on Unsplash" {
		t.Errorf("en credit %q", en.Items[0].Credit.Text)
	}
}

type fetchAsset = fetch.Asset

func TestUnsplashRateLimit(t *testing.T) {
	up := newUpstream(t)
	up.handle("/search/photos", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ratelimit-Limit", "50")
		w.Header().Set("X-Ratelimit-Remaining", "0")
		http.Error(w, "Rate Limit Exceeded", http.StatusForbidden)
	})
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	env := testEnv(t, false)
	env.Now = func() time.Time { return now }
	p := must[*Unsplash](t)(NewUnsplash(UnsplashConfig{AccessKey: "k", BaseURL: up.URL()}, env))
	_, err := p.Search(ctx, library.Query{Text: "mairie"})
	pe := wantCode(t, err, CodeQuota)
	if !errors.Is(err, ErrQuota) || pe.Reset.IsZero() || pe.HTTPStatus() != 429 {
		t.Fatalf("quota error %+v", pe)
	}
	if !strings.Contains(pe.Message("fr"), "Quota atteint pour Unsplash") || !strings.Contains(pe.Message("en"), "Quota reached for Unsplash") {
		t.Errorf("messages %q / %q", pe.Message("fr"), pe.Message("en"))
	}
	// Remembered: no request reaches Unsplash until the reset.
	for i := 0; i < 3; i++ {
		_, err = p.Search(ctx, library.Query{Text: "mairie"})
		wantCode(t, err, CodeQuota)
	}
	if n := up.count("/search/photos"); n != 1 {
		t.Fatalf("%d requests while blocked", n)
	}
	now = pe.Reset.Add(time.Second)
	up.fixture("/search/photos", "unsplash_search.json")
	if _, err := p.Search(ctx, library.Query{Text: "mairie"}); err != nil {
		t.Fatalf("after the reset: %v", err)
	}
}

func TestPexels(t *testing.T) {
	up := newUpstream(t)
	reset := time.Now().Add(30 * time.Minute).Unix()
	up.fixture("/v1/search", "pexels_search.json", "X-Ratelimit-Limit", "20000", "X-Ratelimit-Remaining", "19684", "X-Ratelimit-Reset", "1700000000")
	up.fixture("/v1/photos/2014422", "pexels_photo.json")
	p := must[*Pexels](t)(NewPexels(PexelsConfig{APIKey: "PKEY", BaseURL: up.URL()}, testEnv(t, true)))
	page := must[library.Page](t)(p.Search(ctx, library.Query{Text: "nature", Page: 1, PerPage: 2, Orientation: "landscape", Color: "#1E90FF", Lang: "fr"}))
	r := up.last("/v1/search")
	if r.Header.Get("Authorization") != "PKEY" {
		t.Errorf("Authorization %q", r.Header.Get("Authorization"))
	}
	q := r.URL.Query()
	for k, want := range map[string]string{"query": "nature", "per_page": "2", "orientation": "landscape", "color": "#1e90ff", "locale": "fr-FR"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if len(page.Items) != 2 || page.NextPage != 2 || page.Total != 8000 {
		t.Fatalf("page %+v", page)
	}
	c := page.Items[0].Credit
	if page.Items[0].ID != "pexels:2014422" || c.Text != "Photo de Joey Farina sur Pexels" || c.AuthorURL != "https://www.pexels.com/@joey" || c.Required {
		t.Errorf("item %+v credit %+v", page.Items[0], c)
	}
	must[fetchAsset](t)(p.Fetch(ctx, "2014422", library.SizeThumb))
	if up.last("/cdn/photos/2014422").URL.Query().Get("h") != "350" {
		t.Error("thumb is not src.medium")
	}
	// 429 with the documented reset header: blocked until then.
	up.handle("/v1/search", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ratelimit-Remaining", "0")
		w.Header().Set("X-Ratelimit-Reset", jsonNum(reset))
		http.Error(w, "Too many requests", http.StatusTooManyRequests)
	})
	_, err := p.Search(ctx, library.Query{Text: "forêt"})
	pe := wantCode(t, err, CodeQuota)
	if pe.Reset.Unix() != reset {
		t.Errorf("reset %v, want %v", pe.Reset.Unix(), reset)
	}
	_, err = p.Search(ctx, library.Query{Text: "forêt 2"})
	wantCode(t, err, CodeQuota)
	if n := up.count("/v1/search"); n != 2 {
		t.Errorf("%d search requests, want 2", n)
	}
	// The image CDN is not the API: fetching still works while searches are blocked.
	p2 := must[*Pexels](t)(NewPexels(PexelsConfig{APIKey: "PKEY", BaseURL: up.URL()}, testEnv(t, false)))
	must[fetchAsset](t)(p2.Fetch(ctx, "2014422", library.SizePreview))
}

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestPixabay(t *testing.T) {
	up := newUpstream(t)
	const key = "12345678-abcdef0123456789abcdef012"
	up.handle("/api/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("key") != key {
			http.Error(w, "[ERROR 400] Invalid or missing API key", 400)
			return
		}
		w.Header().Set("X-RateLimit-Limit", "100")
		w.Header().Set("X-RateLimit-Remaining", "99")
		w.Header().Set("X-RateLimit-Reset", "60")
		if r.URL.Query().Get("id") != "" {
			w.Write(up.load("pixabay_search.json"))
			return
		}
		w.Write(up.load("pixabay_search.json"))
	})
	p := must[*Pixabay](t)(NewPixabay(PixabayConfig{APIKey: key, BaseURL: up.URL()}, testEnv(t, true)))
	if p.Info().SearchTTL != 24*time.Hour || p.Info().AssetTTL != 24*time.Hour {
		t.Error("Pixabay's terms ask for a 24 h cache")
	}
	long := strings.Repeat("fleur ", 30)
	page := must[library.Page](t)(p.Search(ctx, library.Query{Text: long, PerPage: 1, Orientation: "portrait", Lang: "fr", Color: "noir_et_blanc"}))
	q := up.last("/api/").URL.Query()
	if n := len([]rune(q.Get("q"))); n > 100 {
		t.Errorf("q has %d characters, Pixabay takes 100", n)
	}
	for k, want := range map[string]string{"per_page": "3", "orientation": "vertical", "lang": "fr", "image_type": "photo", "safesearch": "true", "colors": "grayscale"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if len(page.Items) != 2 || page.Total != 500 || page.NextPage != 2 {
		t.Fatalf("page %+v", page)
	}
	it := page.Items[0]
	if it.ID != "pixabay:195893" || it.Credit.Text != "Image de Josch13 sur Pixabay" || it.Credit.AuthorURL != "https://pixabay.com/users/Josch13-48777/" || len(it.Tags) != 3 {
		t.Errorf("item %+v %+v", it, it.Credit)
	}
	// The key never appears in what goes back to browsers.
	b, _ := json.Marshal(page)
	if strings.Contains(string(b), key) {
		t.Fatal("key in the page")
	}
	// Thumbnails use the documented 340 px variant of the web format.
	must[fetchAsset](t)(p.Fetch(ctx, "195893", library.SizeThumb))
	if up.last("/get/").URL.Path != "/get/35bbf209e13e39d2_340.jpg" {
		t.Errorf("thumb URL %s", up.last("/get/").URL.Path)
	}
	// An expired pixabay.com/get/ link: looked up again by id, once.
	up.handle("/get/ed6a99fd0a76647_1280.jpg", func(w http.ResponseWriter, r *http.Request) {
		if up.count("/get/ed6a99fd0a76647_1280.jpg") == 1 { // the first try finds the link expired
			http.Error(w, "expired", http.StatusForbidden)
			return
		}
		w.Write(testPNG(8, 8))
	})
	a := must[fetchAsset](t)(p.Fetch(ctx, "195893", library.SizePreview))
	if a.Width != 8 || up.last("/api/").URL.Query().Get("id") != "195893" {
		t.Errorf("relookup: %dpx, last API call %v", a.Width, up.last("/api/").URL.Query().Get("id"))
	}
}

// TestKeysNeverInErrors makes every keyed provider fail in every way and checks the key never
// shows in the error text.
func TestKeysNeverInErrors(t *testing.T) {
	const key = "SUPERSECRETKEY42"
	for _, status := range []int{200, 400, 401, 403, 404, 500, 503, -1} {
		up := newUpstream(t)
		echo := func(w http.ResponseWriter, r *http.Request) {
			msg := "echo " + r.URL.String() + " " + r.Header.Get("Authorization")
			switch status {
			case 200:
				w.Write([]byte("{not json " + msg))
			case -1: // an answer cut in the middle
				w.Header().Set("Content-Length", "1000")
				w.Write([]byte(`{"results": [` + msg))
			default:
				http.Error(w, msg, status)
			}
		}
		for _, p := range []string{"/search/photos", "/v1/search", "/api/", "/v2/icon", "/icons/search"} {
			up.handle(p, echo)
		}
		env := testEnv(t, false)
		ps := []Provider{
			must[*Unsplash](t)(NewUnsplash(UnsplashConfig{AccessKey: key, BaseURL: up.URL()}, env)),
			must[*Pexels](t)(NewPexels(PexelsConfig{APIKey: key, BaseURL: up.URL()}, env)),
			must[*Pixabay](t)(NewPixabay(PixabayConfig{APIKey: key, BaseURL: up.URL()}, env)),
			must[*NounProject](t)(NewNounProject(NounProjectConfig{Key: key, Secret: key + "S", BaseURL: up.URL()}, env)),
			must[*Iconfinder](t)(NewIconfinder(IconfinderConfig{APIKey: key, BaseURL: up.URL()}, env)),
		}
		for _, p := range ps {
			_, err := p.Search(ctx, library.Query{Text: "vélo"})
			if err == nil {
				t.Fatalf("%s status %d: no error", p.Info().Name, status)
			}
			if strings.Contains(err.Error(), key) || strings.Contains(err.Error(), "SUPERSECRET") {
				t.Errorf("%s status %d: key in %q", p.Info().Name, status, err)
			}
			want := map[int]Code{200: CodeUpstream, 400: CodeBadRequest, 401: CodeAuth, 403: CodeAuth, 404: CodeNotFound, 500: CodeUnavailable, 503: CodeUnavailable, -1: CodeUnavailable}[status]
			if pe := AsError("", err); pe.Code != want {
				t.Errorf("%s status %d: code %s, want %s (%v)", p.Info().Name, status, pe.Code, want, err)
			}
		}
	}
	// Transport errors (the provider is down) carry URLs: the query (Pixabay's key) is gone.
	up := newUpstream(t)
	base := up.URL()
	up.srv.Close()
	p := must[*Pixabay](t)(NewPixabay(PixabayConfig{APIKey: key, BaseURL: base}, testEnv(t, false)))
	_, err := p.Search(ctx, library.Query{Text: "x"})
	wantCode(t, err, CodeUnavailable)
	if strings.Contains(err.Error(), key) {
		t.Fatalf("key in %q", err)
	}
}

func TestOpenverse(t *testing.T) {
	up := newUpstream(t)
	up.fixture("/v1/images/", "openverse_search.json", "X-RateLimit-Limit-anon_burst", "20/min", "X-RateLimit-Available-anon_burst", "19",
		"X-RateLimit-Limit-anon_sustained", "200/day", "X-RateLimit-Available-anon_sustained", "150")
	host := strings.TrimPrefix(up.URL(), "http://")
	p := must[*Openverse](t)(NewOpenverse(OpenverseConfig{Enabled: true, BaseURL: up.URL(), OriginHosts: []string{host}}, testEnv(t, true)))
	page := must[library.Page](t)(p.Search(ctx, library.Query{Text: "mairie", PerPage: 50, Orientation: "landscape"}))
	q := up.last("/v1/images/").URL.Query()
	if q.Get("license_type") != "commercial,modification" || q.Get("page_size") != "20" || q.Get("aspect_ratio") != "wide" || q.Get("mature") != "false" {
		t.Errorf("query %v", q)
	}
	if len(page.Items) != 2 || page.NextPage != 2 || page.Total != 240 {
		t.Fatalf("page %+v (the item with a bad id must be dropped)", page)
	}
	a, b := page.Items[0], page.Items[1]
	if a.Credit.Licence != "CC-BY-SA-2.0" || !a.Credit.Required || a.Credit.Text != "« Mairie de Lyon » par Claire D., licence CC BY-SA 2.0." ||
		a.Credit.SourceURL != "https://www.flickr.com/photos/12345678@N00/1234567890" || a.Credit.Provider != "Openverse (flickr)" {
		t.Errorf("credit %+v", a.Credit)
	}
	if b.Credit.Licence != "CC0-1.0" || b.Credit.Required || b.Credit.Text != "« Sans titre », licence CC0 1.0." {
		t.Errorf("cc0 credit %+v", b.Credit)
	}
	en := must[library.Page](t)(p.Search(ctx, library.Query{Text: "mairie", Lang: "en"}))
	if !strings.HasPrefix(en.Items[0].Credit.Text, `"Mairie de Lyon" by Claire D. is licensed under CC BY-SA 2.0`) {
		t.Errorf("en attribution %q", en.Items[0].Credit.Text)
	}
	// Full size: the original when its site is allowed, Openverse's copy otherwise.
	must[fetchAsset](t)(p.Fetch(ctx, a.ID[len("openverse:"):], library.SizeFull))
	if up.count("/origin/1234567890_abcdef_b.jpg") != 1 {
		t.Error("original not fetched from the allowed origin")
	}
	must[fetchAsset](t)(p.Fetch(ctx, "1f9e0b2c-5a6d-4e7f-8a9b-0c1d2e3f4a5b", library.SizeFull))
	if up.count("/v1/images/1f9e0b2c-5a6d-4e7f-8a9b-0c1d2e3f4a5b/thumb/") != 1 {
		t.Error("unlisted origin: thumbnail service not used")
	}
	// Burst throttle spent: blocked without another request.
	up.fixture("/v1/images/", "openverse_search.json", "X-RateLimit-Available-anon_burst", "0", "X-RateLimit-Available-anon_sustained", "149")
	must[library.Page](t)(p.Search(ctx, library.Query{Text: "école"}))
	_, err := p.Search(ctx, library.Query{Text: "gare"})
	wantCode(t, err, CodeQuota)
}

func TestCommons(t *testing.T) {
	up := newUpstream(t)
	up.handle("/w/api.php", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("pageids") != "" {
			w.Write(up.load("commons_preview.json"))
			return
		}
		w.Write(up.load("commons_search.json"))
	})
	p := must[*Commons](t)(NewCommons(CommonsConfig{Enabled: true, BaseURL: up.URL(), Contact: "dsi@mairie-exemple.fr"}, testEnv(t, true)))
	page := must[library.Page](t)(p.Search(ctx, library.Query{Text: "hôtel de ville", PerPage: 2, Page: 1, Lang: "fr"}))
	r := up.last("/w/api.php")
	q := r.URL.Query()
	for k, want := range map[string]string{"generator": "search", "gsrsearch": "hôtel de ville filetype:bitmap", "gsrnamespace": "6",
		"gsrlimit": "2", "gsroffset": "0", "iiurlwidth": "330", "formatversion": "2", "iiextmetadatalanguage": "fr"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if ua := r.Header.Get("User-Agent"); !strings.Contains(ua, "Affiche") || !strings.Contains(ua, "dsi@mairie-exemple.fr") {
		t.Errorf("User-Agent %q", ua)
	}
	if len(page.Items) != 2 || page.NextPage != 2 {
		t.Fatalf("page %+v (the TIFF must be dropped)", page)
	}
	// Ordered by the search index, not by page id.
	pd, g := page.Items[0], page.Items[1]
	if pd.ID != "commons:4455667" || g.ID != "commons:88311907" {
		t.Fatalf("order %s, %s", pd.ID, g.ID)
	}
	c := g.Credit
	if c.Author != "Jean Exemple" || c.AuthorURL != "https://commons.wikimedia.org/wiki/User:Exemple" || c.Licence != "CC BY-SA 4.0" ||
		c.LicenceURL != "https://creativecommons.org/licenses/by-sa/4.0" || !c.Required || c.Text != "Jean Exemple, CC BY-SA 4.0, via Wikimedia Commons" ||
		g.Title != "Hôtel de ville de Grenoble" {
		t.Errorf("credit %+v title %q", c, g.Title)
	}
	if strings.Contains(c.Text+c.Author, "alert") || strings.Contains(c.Text, "<") {
		t.Error("HTML kept")
	}
	if pd.Credit.Required || pd.Credit.Licence != "Public domain" || pd.Title != "Vélo municipal" {
		t.Errorf("public domain item %+v %+v", pd, pd.Credit)
	}
	// Preview: the standard 1280 px thumbnail, asked for on first use.
	must[fetchAsset](t)(p.Fetch(ctx, "88311907", library.SizePreview))
	if up.last("/w/api.php").URL.Query().Get("iiurlwidth") != "1280" || up.count("/upload/thumb/a/ab/Grenoble.jpg/1280px-Grenoble.jpg") != 1 {
		t.Error("preview not the 1280 px thumbnail")
	}
	// A small original is its own preview.
	must[fetchAsset](t)(p.Fetch(ctx, "4455667", library.SizePreview))
	if up.count("/upload/c/cd/Velo.png") != 1 {
		t.Error("small original not used as preview")
	}
	// maxlag answers HTTP 200 with an error object and Retry-After.
	up.handle("/w/api.php", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "5")
		w.Write([]byte(`{"error":{"code":"maxlag","info":"Waiting for a database server: 6 seconds lagged."}}`))
	})
	_, err := p.Search(ctx, library.Query{Text: "gare"})
	wantCode(t, err, CodeQuota)
}

func TestHTMLText(t *testing.T) {
	for in, want := range map[string][2]string{
		`<a href="//commons.wikimedia.org/wiki/User:X">X&nbsp;Y</a>`: {"X Y", "https://commons.wikimedia.org/wiki/User:X"},
		`<a href="javascript:alert(1)">Evil</a> <b>Bold</b>`:         {"Evil Bold", ""},
		`Text<script>alert(1)</script><style>p{}</style> end`:        {"Text end", ""},
		`<div>Line<br/>two</div><p>para</p>`:                         {"Line two para", ""},
		`&lt;script&gt;`:                                             {"<script>", ""},
	} {
		text, link := htmlText(in, 100)
		if text != want[0] || link != want[1] {
			t.Errorf("htmlText(%q) = %q, %q; want %q, %q", in, text, link, want[0], want[1])
		}
	}
	if text, _ := htmlText(strings.Repeat("a", 500), 10); len([]rune(text)) != 10 {
		t.Errorf("not truncated: %q", text)
	}
}
