package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	_ "image/jpeg"

	"affiche/scene"
	"affiche/server/apierr"
	"affiche/server/export"
	"affiche/server/internal/fakerender"
)

// testEnv is a server on a real loopback listener with a fake rendering backend.
type testEnv struct {
	t    *testing.T
	srv  *Server
	ts   *httptest.Server
	fake *fakerender.Renderer
}

func newEnv(t *testing.T, mod func(c *Config, d *Deps)) *testEnv {
	t.Helper()
	fake := &fakerender.Renderer{}
	cfg := Config{DataDir: t.TempDir(), ExportWorkers: 2, ExportQueue: 8, ExportTimeout: 30 * time.Second}
	deps := Deps{Renderer: fake, Logger: slog.New(slog.DiscardHandler)}
	if mod != nil {
		mod(&cfg, &deps)
	}
	srv, err := New(cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return &testEnv{t: t, srv: srv, ts: ts, fake: fake}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) apiError(t *testing.T) apierr.Error {
	t.Helper()
	var e apierr.Error
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("status %d: body is not a JSON error: %v\n%s", r.status, err, r.body)
	}
	if e.Code == "" || e.Message == "" || e.MessageFr == "" {
		t.Errorf("error lacks code or messages: %s", r.body)
	}
	if bytes.Contains(r.body, []byte("goroutine")) || bytes.Contains(r.body, []byte(".go:")) {
		t.Errorf("error leaks a stack trace: %s", r.body)
	}
	return e
}

func (e *testEnv) do(method, path, contentType string, body []byte, header ...string) response {
	e.t.Helper()
	return e.doCtx(context.Background(), method, path, contentType, body, header...)
}

func (e *testEnv) doCtx(ctx context.Context, method, path, contentType string, body []byte, header ...string) response {
	e.t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, e.ts.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := e.ts.Client().Do(req)
	if err != nil {
		return response{status: -1, body: []byte(err.Error())}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// healthy checks that the server still answers.
func (e *testEnv) healthy() {
	e.t.Helper()
	if r := e.do("GET", "/healthz", "", nil); r.status != 200 {
		e.t.Fatalf("server no longer healthy: %d %s", r.status, r.body)
	}
}

// a4 is a one-page A4 design: a blue background and an orange rectangle.
const a4 = `{"format":"affiche","version":1,"title":"Fête de l'été","width":595.28,"height":841.89,"bleed":8.504,
 "pages":[{"id":"p1","background":"#1d3557","elements":[
  {"id":"r","type":"shape","shape":"rect","x":100,"y":100,"width":200,"height":150,"fill":"#f4a261"},
  {"id":"t","type":"text","x":50,"y":400,"width":400,"height":60,"text":"Bonjour","fontSize":30}]}]}`

const twoPages = `{"format":"affiche","version":1,"title":"Deux pages","width":300,"height":200,
 "pages":[{"id":"p1","background":"#ff0000","elements":[]},{"id":"p2","background":"#00ff00","elements":[]}]}`

func decodeImage(t *testing.T, b []byte) (image.Image, string) {
	t.Helper()
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not an image: %v", err)
	}
	return img, format
}

func TestExportFormats(t *testing.T) {
	env := newEnv(t, nil)
	type check func(t *testing.T, r response)
	size := func(format string, w, h int) check {
		return func(t *testing.T, r response) {
			img, f := decodeImage(t, r.body)
			if f != format || img.Bounds().Dx() != w || img.Bounds().Dy() != h {
				t.Errorf("got %s %v, want %s %dx%d", f, img.Bounds(), format, w, h)
			}
		}
	}
	cases := []struct {
		name, path, body, ctype, filename string
		check                             check
	}{
		{"png 72 dpi", "/api/export", a4, "image/png", "fete-de-l-ete.png", size("png", 596, 842)},
		{"png 144 dpi", "/api/export?dpi=144", a4, "image/png", "", size("png", 1191, 1684)},
		{"jpeg", "/api/export?format=jpeg&quality=80", a4, "image/jpeg", "fete-de-l-ete.jpg", size("jpeg", 596, 842)},
		{"bleed from the document", "/api/export?bleed=true", a4, "image/png", "", size("png", 613, 859)},
		{"bleed as a length", "/api/export?bleed=3mm&dpi=72", a4, "image/png", "", size("png", 613, 859)},
		{"preset", "/api/export?preset=email", a4, "image/jpeg", "", size("jpeg", 827, 1170)},
		{"one page of two", "/api/export?pages=2", twoPages, "image/png", "deux-pages.png", func(t *testing.T, r response) {
			img, _ := decodeImage(t, r.body)
			if c := color.RGBAModel.Convert(img.At(5, 5)).(color.RGBA); c != (color.RGBA{0, 255, 0, 255}) {
				t.Errorf("page 2 pixel = %v, want green", c)
			}
		}},
		{"polotno design", "/api/export", `{"width":400,"height":300,"pages":[{"id":"a","background":"#00ff00","children":[]}]}`, "image/png", "", size("png", 400, 300)},
		{"envelope with options", "/api/export", `{"scene":` + a4 + `,"options":{"format":"jpg","dpi":36,"preset":"hd"}}`, "image/jpeg", "", size("jpeg", 298, 421)},
		{"two pages make a zip", "/api/export", twoPages, "application/zip", "deux-pages.zip", func(t *testing.T, r response) {
			zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				if _, f := decodeImage(t, b); f != "png" {
					t.Errorf("%s is %s", names[len(names)-1], f)
				}
			}
			if strings.Join(names, " ") != "deux-pages-01.png deux-pages-02.png" {
				t.Errorf("zip holds %v", names)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.do("POST", c.path, "application/json", []byte(c.body))
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != c.ctype {
				t.Errorf("Content-Type %q, want %q", ct, c.ctype)
			}
			if c.filename != "" && !strings.Contains(r.header.Get("Content-Disposition"), `filename="`+c.filename+`"`) {
				t.Errorf("Content-Disposition %q, want filename %q", r.header.Get("Content-Disposition"), c.filename)
			}
			if r.header.Get("X-Export-Id") == "" {
				t.Error("no X-Export-Id")
			}
			c.check(t, r)
		})
	}
}

// TestExportEqualsDirectRendering checks that the bytes sent over HTTP are the backend's own
// output for the same scene and options, untouched.
func TestExportEqualsDirectRendering(t *testing.T) {
	env := newEnv(t, nil)
	for _, q := range []string{"dpi=72", "dpi=300&bleed=true", "format=jpeg&dpi=150&quality=85"} {
		r := env.do("POST", "/api/export?"+q, "application/json", []byte(a4))
		if r.status != 200 {
			t.Fatalf("%s: %d %s", q, r.status, r.body)
		}
		direct := renderDirect(t, env, a4, q)
		if !bytes.Equal(r.body, direct) {
			t.Errorf("%s: HTTP export (%d bytes) differs from direct rendering (%d bytes)", q, len(r.body), len(direct))
		}
	}
}

func TestErrors(t *testing.T) {
	env := newEnv(t, func(c *Config, d *Deps) {
		c.MaxSceneBytes = 1 << 20
		c.MaxPagePixels = 20_000_000
	})
	big := `{"format":"affiche","version":1,"title":"` + strings.Repeat("x", 1<<20) + `","pages":[]}`
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		code, errPath                   string
	}{
		{"syntax", "POST", "/api/export", "application/json", `{"format": "affiche",`, 400, apierr.InvalidScene, ""},
		{"not an object", "POST", "/api/export", "application/json", `[1,2]`, 400, apierr.InvalidScene, ""},
		{"field out of range", "POST", "/api/export", "application/json",
			`{"format":"affiche","version":1,"pages":[{"elements":[{"type":"shape"},{"type":"text","fontSize":-3}]}]}`, 400, apierr.InvalidScene, "pages[0].elements[1].fontSize"},
		{"wrong type in envelope", "POST", "/api/export", "application/json",
			`{"scene":{"format":"affiche","version":1,"pages":[{"elements":[{"type":"shape","width":"big"}]}]}}`, 400, apierr.InvalidScene, "scene.pages[0].elements[0].width"},
		{"not affiche", "POST", "/api/export", "application/json", `{"pages":[]}`, 400, apierr.InvalidScene, "format"},
		{"bad dpi", "POST", "/api/export?dpi=5000", "application/json", a4, 400, apierr.BadRequest, "dpi"},
		{"unknown option", "POST", "/api/export?colour=red", "application/json", a4, 400, apierr.BadRequest, "colour"},
		{"unknown option in envelope", "POST", "/api/export", "application/json", `{"scene":` + a4 + `,"options":{"dpii":3}}`, 400, apierr.BadRequest, "options.dpii"},
		{"bad format", "POST", "/api/export?format=gif", "application/json", a4, 400, apierr.BadRequest, "format"},
		{"bad preset", "POST", "/api/export?preset=poster", "application/json", a4, 400, apierr.BadRequest, "preset"},
		{"page out of range", "POST", "/api/export?pages=3", "application/json", twoPages, 400, apierr.BadRequest, "pages"},
		{"bad pages", "POST", "/api/export?pages=2-1", "application/json", twoPages, 400, apierr.BadRequest, "pages"},
		{"bad id", "POST", "/api/export?id=a/b", "application/json", a4, 400, apierr.BadRequest, "id"},
		{"not found", "GET", "/api/nothing", "", "", 404, apierr.NotFound, ""},
		{"blob not found", "GET", "/api/blobs/" + strings.Repeat("ab", 32), "", "", 404, apierr.NotFound, ""},
		{"template not found", "GET", "/api/templates/nope", "", "", 404, apierr.NotFound, ""},
		{"font not found", "GET", "/api/fonts/roboto/Nope.ttf", "", "", 404, apierr.NotFound, ""},
		{"library absent", "GET", "/api/library/search?q=chat", "", "", 404, apierr.NotAvailable, ""},
		{"libraries absent", "GET", "/api/libraries", "", "", 404, apierr.NotAvailable, ""},
		{"method", "DELETE", "/api/export", "", "", 405, apierr.MethodNotAllowed, ""},
		{"method on blobs", "GET", "/api/blobs", "", "", 405, apierr.MethodNotAllowed, ""},
		{"method on metrics", "POST", "/metrics", "", "", 405, apierr.MethodNotAllowed, ""},
		{"body too large", "POST", "/api/export", "application/json", big, 413, apierr.TooLarge, ""},
		{"page too many pixels", "POST", "/api/export?dpi=600", "application/json", a4, 413, apierr.TooLarge, "pages[0]"},
		{"too many pages in scene", "POST", "/api/export", "application/json", manyPages(501), 413, apierr.TooLarge, "pages"},
		{"form body", "POST", "/api/export", "application/x-www-form-urlencoded", a4, 415, apierr.UnsupportedType, ""},
		{"text upload", "POST", "/api/blobs", "text/plain", "hello, this is not an image", 415, apierr.UnsupportedType, ""},
		{"polotno too wide", "POST", "/api/export", "application/json", `{"width":100000,"height":100,"pages":[{"id":"a","children":[]}]}`, 413, apierr.TooLarge, "width"},
		{"newer version", "POST", "/api/export", "application/json", `{"format":"affiche","version":99,"pages":[]}`, 422, apierr.Unprocessable, "version"},
		{"crop marks on png", "POST", "/api/export?cropMarks=true", "application/json", a4, 422, apierr.NotAvailable, "cropMarks"},
		{"pdf not yet", "POST", "/api/export?format=pdf", "application/json", a4, 422, apierr.NotAvailable, "format"},
		{"foreign image URL", "POST", "/api/export", "application/json", withImage("https://example.com/photo.jpg"), 422, apierr.Unprocessable, "pages[0].elements[0].src"},
		{"file URL", "POST", "/api/export", "application/json", withImage("file:///etc/passwd"), 422, apierr.Unprocessable, "pages[0].elements[0].src"},
		{"missing blob", "POST", "/api/export", "application/json", withImage("/api/blobs/" + strings.Repeat("cd", 32)), 422, apierr.Unprocessable, "pages[0].elements[0].src"},
		{"traversal in blob URL", "POST", "/api/export", "application/json", withImage("/api/blobs/../../../etc/passwd"), 422, apierr.Unprocessable, "pages[0].elements[0].src"},
		{"websocket without upgrade", "GET", "/api/export/progress", "", "", 400, apierr.BadRequest, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.do(c.method, c.path, c.ctype, []byte(c.body))
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			if c.method == "HEAD" {
				return
			}
			e := r.apiError(t)
			if e.Code != c.code || e.Path != c.errPath {
				t.Errorf("got code %q path %q, want %q %q (%s)", e.Code, e.Path, c.code, c.errPath, r.body)
			}
			if c.status == 405 && r.header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
			env.healthy()
		})
	}
}

func manyPages(n int) string {
	var b strings.Builder
	b.WriteString(`{"format":"affiche","version":1,"width":100,"height":100,"pages":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"elements":[]}`)
	}
	b.WriteString("]}")
	return b.String()
}

func withImage(src string) string {
	s, _ := json.Marshal(src)
	return `{"format":"affiche","version":1,"width":300,"height":300,"pages":[{"elements":[
	  {"type":"image","x":0,"y":0,"width":100,"height":100,"src":` + string(s) + `}]}]}`
}

func TestBackendFailuresAreInternalErrors(t *testing.T) {
	env := newEnv(t, nil)
	env.fake.Fail = fmt.Errorf("disk on fire at /secret/path: %w", fakerender.ErrBackend)
	r := env.do("POST", "/api/export", "application/json", []byte(a4))
	if r.status != 500 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if e := r.apiError(t); e.Code != apierr.Internal || strings.Contains(string(r.body), "secret") {
		t.Errorf("internal error leaks details or has the wrong code: %s", r.body)
	}
	env.fake.Fail = nil
	env.fake.Panic = true
	r = env.do("POST", "/api/export", "application/json", []byte(a4))
	if r.status != 500 || r.apiError(t).Code != apierr.Internal {
		t.Fatalf("panic: status %d: %s", r.status, r.body)
	}
	env.fake.Panic = false
	env.healthy()
	if st := env.srv.limiter.Stats(); st.Running != 0 || st.InUse != 0 {
		t.Errorf("a failed export kept its place: %+v", st)
	}
	if r := env.do("POST", "/api/export", "application/json", []byte(a4)); r.status != 200 {
		t.Errorf("after failures, export = %d", r.status)
	}
}

func TestExportUsesUploadedImage(t *testing.T) {
	env := newEnv(t, nil)
	env.fake.LoadImages = true
	up := env.do("POST", "/api/blobs", "image/png", pngBytes(t, 40, 30))
	if up.status != 201 {
		t.Fatalf("upload: %d %s", up.status, up.body)
	}
	var info uploadResponse
	json.Unmarshal(up.body, &info)
	for _, src := range []string{info.URL, "http://elsewhere.example" + info.URL, dataURL(t)} {
		if r := env.do("POST", "/api/export", "application/json", []byte(withImage(src))); r.status != 200 {
			t.Errorf("%.60s: %d %s", src, r.status, r.body)
		}
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func dataURL(t *testing.T) string {
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngBytes(t, 8, 8))
}

// renderDirect renders a scene with the backend itself, without HTTP.
func renderDirect(t *testing.T, env *testEnv, sceneJSON, query string) []byte {
	t.Helper()
	doc, _, err := scene.Restore([]byte(sceneJSON))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := url.ParseQuery(query)
	opt, err := export.ParseQuery(q, export.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if err := opt.Resolve(doc, ""); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := env.fake.WriteImage(context.Background(), doc, opt.Pages[0], opt, nil, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLimits429And503(t *testing.T) {
	gate := make(chan struct{})
	env := newEnv(t, func(c *Config, d *Deps) {
		c.ExportWorkers, c.ExportQueue, c.ExportsPerClient = 1, 1, 2
	})
	env.fake.Gate = gate
	results := make(chan response, 2)
	for i := 0; i < 2; i++ { // one runs (blocked), one waits
		go func() { results <- env.do("POST", "/api/export", "application/json", []byte(a4)) }()
	}
	waitFor(t, func() bool { st := env.srv.limiter.Stats(); return st.Running == 1 && st.Queued == 1 })
	// Same client, third export: over its limit of 2.
	r := env.do("POST", "/api/export", "application/json", []byte(a4))
	if r.status != 429 || r.apiError(t).Code != apierr.TooManyRequests || r.header.Get("Retry-After") == "" {
		t.Errorf("per-client limit: %d %s (Retry-After %q)", r.status, r.body, r.header.Get("Retry-After"))
	}
	close(gate)
	for i := 0; i < 2; i++ {
		if r := <-results; r.status != 200 {
			t.Errorf("queued export: %d %s", r.status, r.body)
		}
	}
	env.healthy()
}

func TestQueueFull503(t *testing.T) {
	gate := make(chan struct{})
	env := newEnv(t, func(c *Config, d *Deps) { c.ExportWorkers, c.ExportQueue = 1, 0 })
	env.fake.Gate = gate
	first := make(chan response, 1)
	go func() { first <- env.do("POST", "/api/export", "application/json", []byte(a4)) }()
	waitFor(t, func() bool { return env.srv.limiter.Stats().Running == 1 })
	r := env.do("POST", "/api/export", "application/json", []byte(a4))
	if r.status != 503 || r.apiError(t).Code != apierr.Overloaded || r.header.Get("Retry-After") == "" {
		t.Errorf("full queue: %d %s Retry-After=%q", r.status, r.body, r.header.Get("Retry-After"))
	}
	env.healthy()
	close(gate)
	if r := <-first; r.status != 200 {
		t.Errorf("running export: %d", r.status)
	}
}

func TestMemoryBudget413AndTimeout(t *testing.T) {
	env := newEnv(t, func(c *Config, d *Deps) {
		c.ExportMemory = 64 << 20
		c.ExportTimeout = 150 * time.Millisecond
	})
	r := env.do("POST", "/api/export?dpi=300", "application/json", []byte(a4))
	if r.status != 413 || r.apiError(t).Code != apierr.TooLarge {
		t.Errorf("over budget: %d %s", r.status, r.body)
	}
	env.fake.Delay = 2 * time.Second
	start := time.Now()
	r = env.do("POST", "/api/export", "application/json", []byte(a4))
	if r.status != 422 || r.apiError(t).Code != apierr.Timeout {
		t.Errorf("timeout: %d %s", r.status, r.body)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the time limit did not stop the export (%v)", d)
	}
	env.healthy()
}

func TestClientGoneCancelsExport(t *testing.T) {
	env := newEnv(t, nil)
	env.fake.Delay = 10 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan response, 1)
	go func() { done <- env.doCtx(ctx, "POST", "/api/export?id=cancel-test-1", "application/json", []byte(a4)) }()
	waitFor(t, func() bool { return env.srv.limiter.Stats().Running == 1 })
	cancel()
	<-done
	waitFor(t, func() bool { return env.srv.limiter.Stats().Running == 0 })
	waitFor(t, func() bool { return env.srv.mExports.Value("png", export.OutcomeCancelled) == 1 })
	if env.fake.Pages.Load() != 0 {
		t.Error("the cancelled export was drawn anyway")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
