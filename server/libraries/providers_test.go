package libraries_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"affiche/internal/bundled"
	"affiche/library/credits"
	"affiche/renderer/raster"
	"affiche/renderer/text"
	"affiche/scene"
	"affiche/server/libraries"
)

// export POSTs doc with the given options (a JSON object) to /api/export.
func (e *env) export(doc *scene.Document, options string) response {
	e.t.Helper()
	sj, err := json.Marshal(doc)
	if err != nil {
		e.t.Fatal(err)
	}
	body := []byte(`{"scene":` + string(sj) + `,"options":` + options + `}`)
	return e.do("POST", "/api/export", body, "Content-Type", "application/json")
}

// iconPoster is an A4 page with a title and a large red icon from src.
func iconPoster(t *testing.T, src string, credit *scene.Credit) *scene.Document {
	d := scene.New(scene.MM(210), scene.MM(297))
	d.Title = "Fête du vélo"
	d.Pages[0].Elements = []*scene.Element{
		{Type: scene.TypeText, X: 40, Y: 40, Width: 515, Height: 60, Opacity: 1, Paragraphs: scene.ParagraphsFromText("Fête du vélo"),
			TextStyle: scene.TextStyle{FontSize: 40, FontWeight: scene.WeightBold}},
		{Type: scene.TypeSVG, X: 110, Y: 200, Width: 375, Height: 375, Opacity: 1, Src: src, Colors: map[string]string{"currentColor": "#e63946"}, Credit: credit},
	}
	if _, err := scene.Normalize(d); err != nil {
		t.Fatal(err)
	}
	return d
}

// withFixtures serves the provider answers of a normal day.
func withFixtures(up *upstream) {
	up.fixture("/search/photos", "unsplash_search.json", "X-Ratelimit-Limit", "50", "X-Ratelimit-Remaining", "49")
	up.fixture("/photos/eOLpJytrbsQ", "unsplash_photo.json")
	up.handle("/photos/eOLpJytrbsQ/download", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"url":"` + up.URL() + `/cdn/photo-1416339306562?ixid=dl"}`))
	})
	up.fixture("/api/", "pixabay_search.json", "X-Ratelimit-Limit", "100", "X-Ratelimit-Remaining", "99", "X-Ratelimit-Reset", "60")
	up.fixture("/iconify/search", "iconify_search.json")
}

// TestProviderSearchInsertExport is the whole journey with Unsplash, Pixabay and Iconify on,
// against a fake upstream: search → insert (Unsplash told, Pixabay copied into the blob store)
// → export of a design using the items → the credits travel into the scene and a credits page
// appears in the export.
func TestProviderSearchInsertExport(t *testing.T) {
	up := newUpstream(t)
	withFixtures(up)
	e := newEnv(t, withProviders(up))

	// What is enabled, without any key or upstream address.
	var info libraries.Info
	raw := e.getJSON("/api/libraries", 200, &info)
	var names []string
	for _, p := range info.Providers {
		names = append(names, p.Name)
	}
	if !info.Online || strings.Join(names, ",") != "unsplash,pixabay,iconify" {
		t.Fatalf("providers %v online %v", names, info.Online)
	}
	for _, k := range info.Kinds {
		if k.ID == "photo" && strings.Join(k.Sources, ",") != "offline,unsplash,pixabay" {
			t.Errorf("photo sources %v", k.Sources)
		}
		if k.ID == "icon" && strings.Join(k.Sources, ",") != "offline,iconify" {
			t.Errorf("icon sources %v", k.Sources)
		}
	}
	noSecrets(t, up, raw.body)

	// Search: offline and both photo providers, one normalised answer.
	r := e.getJSON("/api/library/search?q=v%C3%A9lo&kind=photo&lang=fr", 200, nil)
	noSecrets(t, up, r.body)
	var a searchAnswer
	json.Unmarshal(r.body, &a)
	got := ids(a.Items)
	if !slices.Contains(got, "unsplash:eOLpJytrbsQ") || !slices.Contains(got, "pixabay:195893") {
		t.Fatalf("search results %v", got)
	}
	if len(a.Sources) != 2 || a.Sources[1].Provider != "providers" || a.NextPage != 2 {
		t.Errorf("sources %+v next %d", a.Sources, a.NextPage)
	}
	us := up.last("/search/photos")
	if us.Header.Get("Authorization") != "Client-ID "+unsplashKey || us.URL.Query().Get("query") != "vélo" {
		t.Errorf("unsplash request %v %v", us.URL, us.Header)
	}
	if pq := up.last("/api/").URL.Query(); pq.Get("key") != pixabayKey || pq.Get("q") != "vélo" || pq.Get("lang") != "fr" {
		t.Errorf("pixabay request %v", pq)
	}
	var usItem, pxItem = a.Items[slices.Index(got, "unsplash:eOLpJytrbsQ")], a.Items[slices.Index(got, "pixabay:195893")]
	if !strings.HasPrefix(usItem.ThumbURL, "/api/library/items/unsplash:eOLpJytrbsQ?") || usItem.Credit == nil || !usItem.Credit.Required {
		t.Fatalf("unsplash item %+v", usItem)
	}
	// Its thumbnail comes through the server, typed from the bytes (the upstream lies).
	th := e.get(usItem.ThumbURL)
	if th.status != 200 || th.header.Get("Content-Type") != "image/jpeg" || th.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("thumb: %d %v", th.status, th.header)
	}
	if e.get(pxItem.ThumbURL).status != 200 {
		t.Fatal("pixabay thumb")
	}
	// A second fetch is a cache hit: no new upstream request.
	before := up.count("/cdn/")
	e.get(usItem.ThumbURL)
	if up.count("/cdn/") != before {
		t.Error("thumbnail not cached")
	}

	// Insert the Unsplash photo: download_location is called, authorised.
	var ins libraries.Insertion
	e.postJSON("/api/library/items/unsplash:eOLpJytrbsQ/insert", map[string]any{}, 200, &ins)
	if up.count("/photos/eOLpJytrbsQ/download") != 1 {
		t.Fatalf("download_location called %d times", up.count("/photos/eOLpJytrbsQ/download"))
	}
	if dl := up.last("/photos/eOLpJytrbsQ/download"); dl.Header.Get("Authorization") != "Client-ID "+unsplashKey || dl.URL.Query().Get("ixid") == "" {
		t.Errorf("download_location call %v %v", dl.URL, dl.Header)
	}
	if !ins.Tracked || ins.Copied || ins.Type != "image" || ins.Src != "/api/library/items/unsplash:eOLpJytrbsQ?size=preview" ||
		ins.Width != 4000 || ins.Height != 3000 || ins.Credit == nil || ins.Credit.Author != "Camille Martin" || !ins.Credit.Required {
		t.Fatalf("unsplash insertion %+v", ins)
	}
	// Insert the Pixabay photo: copied into the blob store, the scene refers to the copy.
	var pix libraries.Insertion
	e.postJSON("/api/library/items/pixabay:195893/insert", nil, 200, &pix)
	if !pix.Copied || !strings.HasPrefix(pix.Src, "/api/blobs/") || pix.Width != 1280 || pix.Height != 720 ||
		pix.Credit == nil || pix.Credit.Author != "Josch13" || pix.Credit.Provider != "Pixabay" {
		t.Fatalf("pixabay insertion %+v", pix)
	}
	if b := e.get(pix.Src); b.status != 200 || b.header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("copied blob: %d %v", b.status, b.header)
	}
	if up.last("/get/").URL.Path != "/get/ed6a99fd0a76647_1280.jpg" {
		t.Errorf("pixabay copy came from %s", up.last("/get/").URL)
	}
	// An offline icon.
	var icon libraries.Insertion
	e.postJSON("/api/library/items/tabler:bike/insert", map[string]string{"color": "#1d3557"}, 200, &icon)
	if icon.Type != "svg" || icon.Colors["currentColor"] != "#1d3557" || icon.Credit == nil || icon.Credit.Licence != "MIT" {
		t.Fatalf("icon insertion %+v", icon)
	}

	// The editor builds its scene from the insertions; the credits survive the scene format.
	doc := journeyPoster(t, ins, pix, icon)
	sj, _ := json.Marshal(doc)
	back, _, err := scene.Restore(sj)
	if err != nil {
		t.Fatal(err)
	}
	if c := back.Pages[0].Elements[1].Credit; c == nil || c.Author != "Camille Martin" || c.SourceURL == "" {
		t.Fatalf("credit lost in the scene: %+v", c)
	}

	// Export PNG with a credits page: a ZIP of two pages, the second one the credits page.
	exp := e.export(doc, `{"format":"png","dpi":72,"credits":"page"}`)
	if exp.status != 200 || exp.header.Get("Content-Type") != "application/zip" || exp.header.Get("X-Export-Pages") != "2" {
		t.Fatalf("export: %d %v %.300s", exp.status, exp.header, exp.body)
	}
	keep(t, "journey.zip", exp.body)
	pages := unzipPNGs(t, exp.body)
	if len(pages) != 2 {
		t.Fatalf("%d pages in the ZIP", len(pages))
	}
	// The poster's page has the photos' pixels: the fake Unsplash photo is blue at its top.
	if c := pages[0].RGBAAt(150, 110); !(c.B > 120 && c.R < 90) {
		t.Errorf("unsplash photo not drawn: %v", c)
	}
	// The credits page: the exporter's page is the credits package's page, pixel for pixel,
	// and that page's laid-out lines say who made what.
	withCredits, exportPages := credits.Apply(doc, credits.Page, nil, credits.Options{Measure: measure(t)})
	if fmt.Sprint(exportPages) != "[0 1]" {
		t.Fatalf("credits pages %v", exportPages)
	}
	lines := layoutLines(t, withCredits.Pages[1])
	joined := strings.Join(lines, "\n")
	for _, want := range []string{"Crédits", "Photo\u00a0: Camille Martin / Unsplash — Unsplash License",
		"Photo\u00a0: Josch13 / Pixabay — Pixabay Content License", "Icône\u00a0: Paweł Kuna / Tabler Icons — MIT"} {
		if !strings.Contains(joined, want) {
			t.Errorf("credits page lacks %q:\n%s", want, joined)
		}
	}
	fonts, _ := bundled.Fonts()
	want, _, err := raster.RenderPage(context.Background(), withCredits, 1, raster.Options{DPI: 72, Fonts: fonts})
	if err != nil {
		t.Fatal(err)
	}
	if n := differentPixels(want, pages[1], 8); n > 0 {
		t.Errorf("the exported credits page differs from the credits package's page in %d pixels", n)
	}
	if ink(pages[1]) < 1000 {
		t.Errorf("credits page looks blank (%d dark pixels)", ink(pages[1]))
	}

	// A credits line on a single PNG: one page, the foot of the page changes, the rest not.
	plain := e.export(doc, `{"format":"png","dpi":72}`)
	line := e.export(doc, `{"format":"png","dpi":72,"credits":"line"}`)
	if line.status != 200 || line.header.Get("Content-Type") != "image/png" || line.header.Get("X-Export-Pages") != "1" {
		t.Fatalf("credits line export: %d %v", line.status, line.header)
	}
	keep(t, "journey-line.png", line.body)
	pi, li := decodePNG(t, plain.body), decodePNG(t, line.body)
	h := pi.Bounds().Dy()
	if top := differentPixels(pi.SubImage(image.Rect(0, 0, pi.Bounds().Dx(), h-60)).(*image.RGBA),
		li.SubImage(image.Rect(0, 0, pi.Bounds().Dx(), h-60)).(*image.RGBA), 0); top != 0 {
		t.Errorf("the credits line changed %d pixels above the foot", top)
	}
	if foot := differentPixels(pi, li, 30); foot < 500 {
		t.Errorf("the credits line is not visible (%d pixels differ)", foot)
	}

	// PDF with a credits page: two pages, the text is in the PDF.
	pdf := e.export(doc, `{"format":"pdf","credits":"page"}`)
	if pdf.status != 200 || pdf.header.Get("Content-Type") != "application/pdf" || pdf.header.Get("X-Export-Pages") != "2" {
		t.Fatalf("pdf export: %d %v %.300s", pdf.status, pdf.header, pdf.body)
	}
	keep(t, "journey.pdf", pdf.body)
	if _, err := exec.LookPath("pdftotext"); err == nil {
		f := filepath.Join(t.TempDir(), "c.pdf")
		os.WriteFile(f, pdf.body, 0o644)
		out, err := exec.Command("pdftotext", "-f", "2", "-l", "2", f, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Crédits", "Camille Martin / Unsplash", "Josch13 / Pixabay"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("PDF credits page lacks %q: %s", want, out)
			}
		}
		info, _ := exec.Command("pdfinfo", f).Output()
		if !regexp.MustCompile(`Pages:\s+2\n`).Match(info) {
			t.Errorf("pdfinfo: %s", info)
		}
	}
	// Unknown credit option.
	if r := e.export(doc, `{"credits":"footer"}`); r.status != 400 || !bytes.Contains(r.body, []byte(`"options.credits"`)) {
		t.Errorf("bad credits option: %d %s", r.status, r.body)
	}
	// The export read the Unsplash photo at full size through the cache: one upstream fetch of
	// the full URL for all the exports above.
	full := 0
	for _, rq := range up.requestsTo("/cdn/photo-1416339306562") {
		if rq.URL.Query().Get("q") == "85" {
			full++
		}
	}
	if full != 1 {
		t.Errorf("full-size Unsplash image fetched %d times, want 1 (cache)", full)
	}
}

func (u *upstream) requestsTo(prefix string) []*http.Request {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []*http.Request
	for _, r := range u.log {
		if strings.HasPrefix(r.URL.Path, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// journeyPoster places the inserted items as the editor would.
func journeyPoster(t *testing.T, photo, pix, icon libraries.Insertion) *scene.Document {
	d := scene.New(scene.MM(210), scene.MM(297))
	d.Title, d.Lang = "Fête du vélo", "fr"
	el := func(ins libraries.Insertion, x, y, w float64) *scene.Element {
		h := w * float64(ins.Height) / float64(ins.Width)
		return &scene.Element{Type: scene.Type(ins.Type), X: x, Y: y, Width: w, Height: h, Opacity: 1, Src: ins.Src, Colors: ins.Colors, Credit: ins.Credit}
	}
	d.Pages[0].Elements = []*scene.Element{
		{Type: scene.TypeText, X: 40, Y: 30, Width: 515, Height: 50, Opacity: 1, Paragraphs: scene.ParagraphsFromText("Fête du vélo"),
			TextStyle: scene.TextStyle{FontSize: 36, FontWeight: scene.WeightBold}},
		el(photo, 40, 100, 515),
		el(pix, 40, 500, 300),
		el(icon, 380, 520, 150),
	}
	if _, err := scene.Normalize(d); err != nil {
		t.Fatal(err)
	}
	return d
}

func noSecrets(t *testing.T, up *upstream, body []byte) {
	t.Helper()
	for _, s := range []string{unsplashKey, pixabayKey, up.URL(), strings.TrimPrefix(up.URL(), "http://")} {
		if bytes.Contains(body, []byte(s)) || bytes.Contains(body, []byte(url.QueryEscape(s))) {
			t.Fatalf("a browser would see %q", s)
		}
	}
}

func measure(t *testing.T) func(*scene.Element) float64 {
	reg, err := bundled.Fonts()
	if err != nil {
		t.Fatal(err)
	}
	return func(e *scene.Element) float64 { return text.Layout(e, reg).ContentHeight }
}

// layoutLines lays out every text element of a page with the bundled fonts and returns the
// text of each laid-out line.
func layoutLines(t *testing.T, p *scene.Page) []string {
	reg, _ := bundled.Fonts()
	var out []string
	for _, e := range p.Elements {
		if e.Type != scene.TypeText {
			continue
		}
		r := text.Layout(e, reg)
		for _, l := range r.Lines {
			out = append(out, strings.TrimSpace(e.Paragraphs[l.Paragraph].Text()[l.Start:l.End]))
		}
	}
	return out
}

func unzipPNGs(t *testing.T, b []byte) []*image.RGBA {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []*image.RGBA
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, toRGBA(img))
	}
	return out
}

func decodePNG(t *testing.T, b []byte) *image.RGBA {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return toRGBA(img)
}

func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok {
		return r
	}
	b := img.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	return out
}

// differentPixels counts pixels whose channels differ by more than tol.
func differentPixels(a, b *image.RGBA, tol int) int {
	if a.Bounds().Size() != b.Bounds().Size() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			ca, cb := a.RGBAAt(ab.Min.X+x, ab.Min.Y+y), b.RGBAAt(bb.Min.X+x, bb.Min.Y+y)
			if absDiff(ca.R, cb.R) > tol || absDiff(ca.G, cb.G) > tol || absDiff(ca.B, cb.B) > tol {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// ink counts dark pixels.
func ink(img *image.RGBA) int {
	n := 0
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if int(img.Pix[i])+int(img.Pix[i+1])+int(img.Pix[i+2]) < 300 {
			n++
		}
	}
	return n
}

// TestQuota: a provider that says "too many requests" gives 429 with Retry-After and a clear
// bilingual message when asked alone, a notice beside the offline results in a fan-out, and
// is not asked again until the time it gave.
func TestQuota(t *testing.T) {
	up := newUpstream(t)
	up.handle("/search/photos", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"errors":["Rate Limit Exceeded"]}`))
	})
	up.fixture("/api/", "pixabay_search.json")
	e := newEnv(t, withProviders(up))
	r := e.get("/api/library/search?q=montagne&kind=photo&provider=unsplash")
	var q struct {
		Code, Message, MessageFr, Provider string
		RetryAfter                         int
	}
	json.Unmarshal(r.body, &q)
	ra, _ := strconv.Atoi(r.header.Get("Retry-After"))
	if r.status != 429 || q.Code != "quota" || q.Provider != "unsplash" || ra < 100 || ra > 121 || q.RetryAfter != ra ||
		!strings.HasPrefix(q.MessageFr, "Quota atteint pour Unsplash") || !strings.HasPrefix(q.Message, "Quota reached for Unsplash") {
		t.Fatalf("quota answer: %d Retry-After %q %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	// Fan-out: offline photos and Pixabay's still come, with a notice for Unsplash.
	var a searchAnswer
	e.getJSON("/api/library/search?q=montagne&kind=photo", 200, &a)
	if len(a.Notices) != 1 || a.Notices[0].Provider != "unsplash" || a.Notices[0].Code != "quota" ||
		!slices.Contains(ids(a.Items), "photo:autumn-mountains") || !slices.Contains(ids(a.Items), "pixabay:195893") {
		t.Fatalf("fan-out during quota: %v %+v", ids(a.Items), a.Notices)
	}
	// Items and inserts of that provider answer 429 too; exports say so.
	if r := e.get("/api/library/items/unsplash:eOLpJytrbsQ?size=thumb"); r.status != 429 || r.header.Get("Retry-After") == "" {
		t.Errorf("item during quota: %d %s", r.status, r.body)
	}
	item := map[string]any{"item": map[string]any{"id": "unsplash:eOLpJytrbsQ", "kind": "photo", "width": 4000, "height": 3000,
		"credit": map[string]any{"provider": "Unsplash", "author": "Camille Martin", "required": true, "sourceUrl": "javascript:alert(1)"}}}
	e.postJSON("/api/library/items/unsplash:eOLpJytrbsQ/insert", item, 429, nil)
	doc := iconPoster(t, "/api/library/items/unsplash:eOLpJytrbsQ?size=preview", nil)
	doc.Pages[0].Elements[1].Type = scene.TypeImage
	if r := e.export(doc, `{"format":"png"}`); r.status != 429 || !bytes.Contains(r.body, []byte(`"quota"`)) || r.header.Get("Retry-After") == "" {
		t.Errorf("export during quota: %d %s", r.status, r.body)
	}
	if n := up.count("/search/photos") + up.count("/photos/"); n != 1 {
		t.Errorf("Unsplash asked %d times during its quota pause, want only the first", n)
	}
}

// TestInsertAfterRestart: a result the server no longer remembers is inserted from the item the
// browser sends back, its credit links checked; without it the answer asks to search again.
func TestInsertAfterRestart(t *testing.T) {
	up := newUpstream(t)
	withFixtures(up)
	e := newEnv(t, withProviders(up))
	if r := e.do("POST", "/api/library/items/unsplash:eOLpJytrbsQ/insert", nil); r.status != 404 || !bytes.Contains(r.body, []byte("relancez la recherche")) {
		t.Fatalf("forgotten result: %d %s", r.status, r.body)
	}
	var ins libraries.Insertion
	e.postJSON("/api/library/items/unsplash:eOLpJytrbsQ/insert", map[string]any{"item": map[string]any{
		"id": "unsplash:eOLpJytrbsQ", "kind": "photo", "width": 4000, "height": 3000, "title": "vélo",
		"credit": map[string]any{"provider": "Unsplash", "author": "Camille Martin", "required": true,
			"sourceUrl": "javascript:alert(1)", "authorUrl": "https://unsplash.com/@camillemartin"}}}, 200, &ins)
	if !ins.Tracked || ins.Credit.Author != "Camille Martin" || ins.Credit.SourceURL != "" || ins.Credit.AuthorURL == "" || ins.Width != 4000 {
		t.Fatalf("insertion from the browser's item: %+v %+v", ins, ins.Credit)
	}
}

// TestSSRF: ids that smuggle hosts, paths or control characters are refused before anything
// is fetched, through item URLs, inserts and exports; provider answers that point elsewhere
// are not followed. A "victim" server on loopback counts any request that reaches it.
func TestSSRF(t *testing.T) {
	var hits atomic.Int32
	victim := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("secret"))
	}))
	defer victim.Close()
	vhost := strings.TrimPrefix(victim.URL, "http://")
	up := newUpstream(t)
	withFixtures(up)
	// This Unsplash answer points its images and download location at the victim.
	evil := bytes.ReplaceAll(up.load("unsplash_search.json"), []byte(up.URL()+"/cdn/"), []byte(victim.URL+"/cdn/"))
	evil = bytes.ReplaceAll(evil, []byte(up.URL()+"/photos/"), []byte(victim.URL+"/photos/"))
	up.handle("/search/photos", func(w http.ResponseWriter, r *http.Request) { w.Write(evil) })
	e := newEnv(t, withProviders(up))

	bad := []string{
		"unsplash:" + victim.URL + "/secret",
		"unsplash:%2F%2F" + vhost + "%2Fsecret",
		"unsplash:..%2F..%2Fsecret",
		"unsplash:x%3F@" + vhost,
		"unsplash:abc%0D%0AHost:%20" + vhost,
		"pixabay:1@" + vhost,
		"pixabay:1%23@" + vhost,
		"iconify:mdi:home%2F..%2F..%2Fsecret",
		"iconify:" + vhost + ":x",
		"http:%2F%2F" + vhost + "%2Fsecret",
		"%2F%2F" + vhost + "%2Fsecret",
		"tabler:bike%00",
		"org:..%2F..%2Fetc%2Fpasswd",
		"org:x%5C..%5C..%5Cwin.ini",
		"Unsplash:eOLpJytrbsQ",
		"unsplash:" + strings.Repeat("a", 600),
	}
	for _, id := range bad {
		r := e.get("/api/library/items/" + id + "?size=full")
		if r.status == 200 || r.status >= 500 && r.status != 502 {
			t.Errorf("GET %s: %d %.200s", id, r.status, r.body)
		}
		if r := e.do("POST", "/api/library/items/"+id+"/insert", []byte(`{}`)); r.status == 200 || r.status == 500 {
			t.Errorf("insert %s: %d %.200s", id, r.status, r.body)
		}
		doc := iconPoster(t, "/api/library/items/"+id, nil)
		if r := e.export(doc, `{"format":"png","dpi":20}`); r.status != 422 && r.status != 400 && r.status != 404 {
			t.Errorf("export with %s: %d %.200s", id, r.status, r.body)
		}
	}
	// Absolute URLs elsewhere in a scene are refused by the exporter.
	if r := e.export(iconPoster(t, victim.URL+"/secret.svg", nil), `{"format":"png","dpi":20}`); r.status != 422 {
		t.Errorf("export of a foreign URL: %d", r.status)
	}
	// The provider's answer pointed at the victim: searching works, fetching is refused.
	var a searchAnswer
	e.getJSON("/api/library/search?q=velo&kind=photo&provider=unsplash", 200, &a)
	if len(a.Items) == 0 {
		t.Fatal("no results")
	}
	if r := e.get(a.Items[0].ThumbURL); r.status != 502 {
		t.Errorf("thumb pointing at the victim: %d %s", r.status, r.body)
	}
	e.postJSON("/api/library/items/"+a.Items[0].ID+"/insert", nil, 200, nil) // tracking refused, insert goes on
	if n := hits.Load(); n != 0 {
		t.Fatalf("the victim received %d requests", n)
	}
}

// TestHostileSVG: an SVG from a provider is sanitised before it reaches a browser or an
// export, and is served with a CSP that forbids everything.
func TestHostileSVG(t *testing.T) {
	up := newUpstream(t)
	withFixtures(up)
	e := newEnv(t, withProviders(up))
	var a searchAnswer
	e.getJSON("/api/library/search?q=bike&kind=icon&provider=iconify", 200, &a)
	if len(a.Items) == 0 || a.Items[0].ID != "iconify:mdi:bike" {
		t.Fatalf("iconify results %v", ids(a.Items))
	}
	r := e.get(a.Items[0].PreviewURL)
	if r.status != 200 || r.header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(r.header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("svg: %d %v", r.status, r.header)
	}
	if up.count("/iconify/mdi/bike.svg") != 1 {
		t.Fatalf("upstream svg not fetched")
	}
	low := strings.ToLower(string(r.body))
	for _, bad := range []string{"<script", "onload", "onclick", "javascript:", "foreignobject", "169.254", "<!entity", "doctype", "passwd", "iframe"} {
		if strings.Contains(low, bad) {
			t.Errorf("sanitised SVG still has %q: %s", bad, r.body)
		}
	}
	if !strings.Contains(low, "<path") {
		t.Errorf("the drawing itself was lost: %s", r.body)
	}
	// An SVG with an external entity is refused whole: nothing is served, nothing is read.
	if r := e.get("/api/library/items/iconify:mdi:bike-fast"); r.status != 502 || bytes.Contains(r.body, []byte("root:")) {
		t.Errorf("XXE svg: %d %s", r.status, r.body)
	}
	var ins libraries.Insertion
	e.postJSON("/api/library/items/iconify:mdi:bike/insert", nil, 200, &ins)
	if ins.Type != "svg" || ins.Credit == nil || ins.Credit.Licence != "Apache-2.0" {
		t.Fatalf("iconify insertion %+v", ins)
	}
	doc := iconPoster(t, ins.Src, ins.Credit)
	if r := e.export(doc, `{"format":"png","dpi":36}`); r.status != 200 {
		t.Fatalf("export of the sanitised SVG: %d %s", r.status, r.body)
	}
}
