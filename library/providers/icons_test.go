package providers

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"affiche/library"
	"affiche/library/providers/oauth1"
)

func TestIconify(t *testing.T) {
	up := newUpstream(t)
	// A self-hosted Iconify API under a path prefix.
	up.fixture("/iconify/search", "iconify_search.json")
	p := must[*Iconify](t)(NewIconify(IconifyConfig{Enabled: true, BaseURL: up.URL() + "/iconify", Prefixes: []string{"mdi", "tabler", "bad prefix!"}}, testEnv(t, false)))
	page := must[library.Page](t)(p.Search(ctx, library.Query{Text: "bike", PerPage: 10, Page: 2}))
	q := up.last("/iconify/search").URL.Query()
	if q.Get("query") != "bike" || q.Get("limit") != "32" || q.Get("start") != "10" || q.Get("prefixes") != "mdi,tabler" {
		t.Errorf("query %v", q)
	}
	var ids []string
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	// The CC BY-NC set and the malformed name are dropped; the palette set is an illustration.
	if strings.Join(ids, " ") != "iconify:mdi:bike iconify:tabler:bike iconify:fluent-emoji-flat:bicycle iconify:mdi:bike-fast" {
		t.Fatalf("ids %v", ids)
	}
	if page.Items[2].Kind != library.KindIllustration || page.Items[0].Kind != library.KindIcon || page.NextPage != 3 || page.Total != 120 {
		t.Errorf("kinds/paging %+v", page)
	}
	c := page.Items[1].Credit
	if c.Licence != "MIT" || c.Required || c.Text != "Icône Tabler Icons par Paweł Kuna (MIT)" || c.Provider != "Tabler Icons" {
		t.Errorf("credit %+v", c)
	}
	if page.Items[0].ThumbURL != "/api/library/items/iconify:mdi:bike?size=thumb" {
		t.Errorf("thumb URL %s", page.Items[0].ThumbURL)
	}
	icons := must[library.Page](t)(p.Search(ctx, library.Query{Text: "bike", Kind: library.KindIcon}))
	for _, it := range icons.Items {
		if it.Kind != library.KindIcon {
			t.Errorf("kind filter let %s through", it.ID)
		}
	}
	// The SVG is sanitised before it leaves the server.
	a := must[fetchAsset](t)(p.Fetch(ctx, "mdi:bike", library.SizeFull))
	if a.Mime != "image/svg+xml" || bytes.Contains(a.Data, []byte("alert")) || !bytes.Contains(a.Data, []byte(`<path d="M2 12h20"/>`)) || a.Width != 24 {
		t.Errorf("svg %s %dx%d %s", a.Mime, a.Width, a.Height, a.Data)
	}
	if up.last("/iconify/mdi/").URL.Path != "/iconify/mdi/bike.svg" {
		t.Error("svg path")
	}
	for _, bad := range []string{"mdi:../x", "mdi", "MDI:bike", "mdi:bike.svg", "a:b:c"} {
		if _, err := p.Fetch(ctx, bad, library.SizeFull); !IsCode(err, CodeBadRequest) {
			t.Errorf("id %q: %v", bad, err)
		}
	}
	// A narrower licence list.
	p2 := must[*Iconify](t)(NewIconify(IconifyConfig{Enabled: true, BaseURL: up.URL() + "/iconify", Licences: []string{"Apache-2.0"}}, testEnv(t, false)))
	only := must[library.Page](t)(p2.Search(ctx, library.Query{Text: "bike"}))
	for _, it := range only.Items {
		if it.Credit.Licence != "Apache-2.0" {
			t.Errorf("%s has licence %s", it.ID, it.Credit.Licence)
		}
	}
}

// nounServer verifies each request's OAuth 1.0a signature as the Noun Project would, with the
// consumer secret it shares with the client, and refuses bad ones with 401.
func nounServer(t *testing.T, up *upstream, key, secret string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		params := map[string]string{}
		h := strings.TrimPrefix(r.Header.Get("Authorization"), "OAuth ")
		for _, part := range strings.Split(h, ", ") {
			k, v, _ := strings.Cut(part, "=")
			v, _ = url.PathUnescape(strings.Trim(v, `"`))
			params[k] = v
		}
		if params["oauth_consumer_key"] != key || params["oauth_signature_method"] != "HMAC-SHA1" || params["oauth_nonce"] == "" {
			http.Error(w, "bad oauth params", 401)
			return
		}
		u := &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: r.URL.RawQuery}
		sig := params["oauth_signature"]
		delete(params, "oauth_signature")
		if want := oauth1.Signature(oauth1.BaseString(r.Method, u, nil, params), secret, ""); sig != want {
			http.Error(w, "invalid signature", 401)
			return
		}
		next(w, r)
	}
}

func TestNounProject(t *testing.T) {
	up := newUpstream(t)
	const key, secret = "nounkey", "noun$ecret&more"
	up.handle("/v2/icon", nounServer(t, up, key, secret, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("next_page") == "g2wAAAACbQAAAApWZWxvY2l0eQ" {
			w.Write(up.load("nounproject_page2.json"))
			return
		}
		w.Write(up.load("nounproject_search.json"))
	}))
	up.handle("/v2/icon/765432/download", nounServer(t, up, key, secret, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("filetype") != "svg" {
			http.Error(w, "filetype", 400)
			return
		}
		w.Write([]byte(`{"base64_encoded_file":"` + base64.StdEncoding.EncodeToString(hostileSVG) + `","content_type":"image/svg+xml","usage_limits":{"monthly":{"limit":5000,"usage":442}}}`))
	}))
	up.handle("/v2/icon/1234567", nounServer(t, up, key, secret, func(w http.ResponseWriter, r *http.Request) {
		var res struct {
			Icons []json.RawMessage `json:"icons"`
		}
		json.Unmarshal(up.load("nounproject_search.json"), &res)
		w.Write([]byte(`{"icon":` + string(res.Icons[0]) + `,"usage_limits":{"monthly":{"limit":5000,"usage":443}}}`))
	}))
	p := must[*NounProject](t)(NewNounProject(NounProjectConfig{Key: key, Secret: secret, BaseURL: up.URL()}, testEnv(t, true)))
	page := must[library.Page](t)(p.Search(ctx, library.Query{Text: "vélo", PerPage: 2}))
	q := up.last("/v2/icon").URL.Query()
	if q.Get("query") != "vélo" || q.Get("limit") != "2" || q.Get("thumbnail_size") != "200" || q.Get("include_svg") != "1" {
		t.Errorf("query %v", q)
	}
	if len(page.Items) != 2 || page.NextPage != 2 || page.Total != 1375 {
		t.Fatalf("page %+v", page)
	}
	by, pd := page.Items[0], page.Items[1]
	if by.ID != "nounproject:1234567" || !by.Credit.Required || by.Credit.Licence != "CC-BY-3.0" ||
		by.Credit.Text != "« Bicycle » par Marie Curry, Noun Project (CC BY 3.0)" || by.Credit.AuthorURL != "https://thenounproject.com/marie.curry" {
		t.Errorf("attribution %+v", by.Credit)
	}
	if pd.ID != "nounproject:765432" || pd.Credit.Required || pd.Credit.Licence != "CC0-1.0" || len(pd.Tags) != 1 {
		t.Errorf("public domain %+v %+v", pd, pd.Credit)
	}
	// Page 2 goes through the cursor the first page gave; it reports the quota spent.
	page2 := must[library.Page](t)(p.Search(ctx, library.Query{Text: "vélo", PerPage: 2, Page: 2}))
	if len(page2.Items) != 1 || page2.NextPage != 0 {
		t.Fatalf("page 2 %+v", page2)
	}
	_, err := p.Search(ctx, library.Query{Text: "arbre"})
	pe := wantCode(t, err, CodeQuota)
	if pe.Reset.Day() != 1 {
		t.Errorf("monthly quota resets on the 1st, got %v", pe.Reset)
	}
	// A page whose cursor is unknown.
	p2 := must[*NounProject](t)(NewNounProject(NounProjectConfig{Key: key, Secret: secret, BaseURL: up.URL()}, testEnv(t, false)))
	_, err = p2.Search(ctx, library.Query{Text: "vélo", PerPage: 2, Page: 5})
	wantCode(t, err, CodeBadRequest)
	// Images: the PNG thumbnail; the SVG from icon_url, or the signed download endpoint.
	thumb := must[fetchAsset](t)(p2.Fetch(ctx, "1234567", library.SizeThumb)) // looked up by id: no search record
	if thumb.Mime != "image/png" || up.count("/v2/icon/1234567") != 1 || up.count("/static/png/1234567-200.png") != 1 {
		t.Errorf("thumbnail by lookup: %s", thumb.Mime)
	}
	a := must[fetchAsset](t)(p.Fetch(ctx, "1234567", library.SizeFull))
	if a.Mime != "image/svg+xml" || bytes.Contains(a.Data, []byte("script")) || up.count("/static/svg/1234567.svg") != 1 {
		t.Errorf("icon_url svg: %s", a.Data)
	}
	if up.last("/static/").Header.Get("Authorization") != "" {
		t.Error("signature sent to the CDN")
	}
	pdSVG := must[fetchAsset](t)(p2.searchThenFetch(t, "765432"))
	if pdSVG.Mime != "image/svg+xml" || bytes.Contains(pdSVG.Data, []byte("alert")) || up.count("/v2/icon/765432/download") != 1 {
		t.Errorf("download endpoint: %s", pdSVG.Data)
	}
	// A wrong secret is refused by the server's signature check.
	bad := must[*NounProject](t)(NewNounProject(NounProjectConfig{Key: key, Secret: "wrong", BaseURL: up.URL()}, testEnv(t, false)))
	_, err = bad.Search(ctx, library.Query{Text: "x"})
	wantCode(t, err, CodeAuth)
}

// searchThenFetch fetches the full SVG of an icon whose search record carries no icon_url.
func (n *NounProject) searchThenFetch(t *testing.T, id string) (fetchAsset, error) {
	n.remember(id, meta{URLs: map[library.Size]string{library.SizeThumb: "unused"}})
	return n.Fetch(ctx, id, library.SizeFull)
}

func TestIconfinder(t *testing.T) {
	up := newUpstream(t)
	up.fixture("/v4/icons/search", "iconfinder_search.json", "X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", "4999")
	up.handle("/v4/icons/4213426/formats/svg/5678/download", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer IKEY" {
			http.Error(w, "unauthorised", 401)
			return
		}
		w.Write(hostileSVG)
	})
	p := must[*Iconfinder](t)(NewIconfinder(IconfinderConfig{APIKey: "IKEY", BaseURL: up.URL() + "/v4"}, testEnv(t, true)))
	page := must[library.Page](t)(p.Search(ctx, library.Query{Text: "bike", PerPage: 10, Page: 3}))
	r := up.last("/v4/icons/search")
	q := r.URL.Query()
	for k, want := range map[string]string{"query": "bike", "count": "10", "offset": "20", "premium": "0", "license": "commercial-nonattribution", "vector": "1"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if r.Header.Get("Authorization") != "Bearer IKEY" {
		t.Errorf("auth %q", r.Header.Get("Authorization"))
	}
	if len(page.Items) != 1 || page.Items[0].ID != "iconfinder:4213426" || page.NextPage != 4 || page.Items[0].Width != 512 {
		t.Fatalf("page %+v (premium must be excluded)", page)
	}
	if page.Items[0].Credit.Required || page.Items[0].Credit.SourceURL != "https://www.iconfinder.com/icons/4213426" {
		t.Errorf("credit %+v", page.Items[0].Credit)
	}
	must[fetchAsset](t)(p.Fetch(ctx, "4213426", library.SizeThumb))
	if up.last("/cdn/").URL.Path != "/cdn/data/icons/transport/128/bike-128.png" {
		t.Errorf("thumb %s", up.last("/cdn/").URL.Path)
	}
	a := must[fetchAsset](t)(p.Fetch(ctx, "4213426", library.SizeFull))
	if a.Mime != "image/svg+xml" || bytes.Contains(a.Data, []byte("alert")) {
		t.Errorf("svg %s", a.Data)
	}
	// 429 with headers.
	up.handle("/v4/icons/search", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("Retry-After", "120")
		http.Error(w, `{"code":"rate_limit_exceeded","message":"API request rate limit exceeded"}`, 429)
	})
	_, err := p.Search(ctx, library.Query{Text: "arbre"})
	pe := wantCode(t, err, CodeQuota)
	if d := pe.Reset.Sub(p.api.now()); d < 110e9 || d > 130e9 {
		t.Errorf("reset in %v, want about 2 min", d)
	}
	// The SVG download goes through the API key too, so it waits for the reset as well.
	p.store = newStore("iconfinder", "other", Env{}) // forget the cached record
	_, err = p.Fetch(ctx, "4213426", library.SizeFull)
	wantCode(t, err, CodeQuota)
}
