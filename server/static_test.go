package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"

	"affiche/scene"
)

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func br(b []byte) []byte {
	var out bytes.Buffer
	w := brotli.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func TestStaticFiles(t *testing.T) {
	wasm := bytes.Repeat([]byte("\x00asm wasm bytes "), 1000)
	fsys := fstest.MapFS{
		"index.html":           {Data: []byte("<!doctype html><title>Affiche</title>")},
		"affiche.wasm":         {Data: wasm},
		"affiche.wasm.br":      {Data: br(wasm)},
		"affiche.wasm.gz":      {Data: gz(wasm)},
		"js/app.js":            {Data: []byte("console.log(1)")},
		"js/app.3f2a9c1b7e.js": {Data: []byte("console.log(2)")},
		"embed.go":             {Data: []byte("package web")},
		"tools/iconsprite.go":  {Data: []byte("package main")},
		"orphan.css.gz":        {Data: gz([]byte("a{}"))},
	}
	env := newEnv(t, func(c *Config, d *Deps) { d.Web = fsys })
	cases := []struct {
		name, path, acceptEncoding string
		status                     int
		encoding, cache, ctype     string
		body                       []byte
	}{
		{"index", "/", "gzip, br", 200, "", "no-cache", "text/html; charset=utf-8", fsys["index.html"].Data},
		{"index by name", "/index.html", "", 200, "", "no-cache", "text/html; charset=utf-8", fsys["index.html"].Data},
		{"wasm brotli", "/affiche.wasm", "gzip, deflate, br", 200, "br", "no-cache", "application/wasm", wasm},
		{"wasm gzip", "/affiche.wasm", "gzip", 200, "gzip", "no-cache", "application/wasm", wasm},
		{"wasm br refused", "/affiche.wasm", "br;q=0, gzip", 200, "gzip", "no-cache", "application/wasm", wasm},
		{"wasm identity", "/affiche.wasm", "", 200, "", "no-cache", "application/wasm", wasm},
		{"plain js", "/js/app.js", "br", 200, "", "no-cache", "text/javascript; charset=utf-8", []byte("console.log(1)")},
		{"hashed js", "/js/app.3f2a9c1b7e.js", "", 200, "", "public, max-age=31536000, immutable", "text/javascript; charset=utf-8", []byte("console.log(2)")},
		{"go source", "/embed.go", "", 404, "", "", "", nil},
		{"go source in subfolder", "/tools/iconsprite.go", "", 404, "", "", "", nil},
		{"compressed copy alone", "/orphan.css.gz", "", 404, "", "", "", nil},
		{"missing", "/nope.html", "", 404, "", "", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", env.ts.URL+c.path, nil)
			// Go's client adds gzip and decodes it; ask explicitly to see the raw answer.
			req.Header.Set("Accept-Encoding", c.acceptEncoding)
			if c.acceptEncoding == "" {
				req.Header.Set("Accept-Encoding", "identity")
			}
			res, err := env.ts.Client().Transport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d", res.StatusCode, c.status)
			}
			if c.status != 200 {
				if bytes.Contains(raw, []byte("package")) {
					t.Error("served Go source")
				}
				return
			}
			h := res.Header
			if h.Get("Content-Encoding") != c.encoding || h.Get("Cache-Control") != c.cache || h.Get("Content-Type") != c.ctype {
				t.Errorf("encoding %q cache %q type %q", h.Get("Content-Encoding"), h.Get("Cache-Control"), h.Get("Content-Type"))
			}
			body := raw
			switch c.encoding {
			case "br":
				body, _ = io.ReadAll(brotli.NewReader(bytes.NewReader(raw)))
			case "gzip":
				zr, _ := gzip.NewReader(bytes.NewReader(raw))
				body, _ = io.ReadAll(zr)
			}
			if !bytes.Equal(body, c.body) {
				t.Errorf("body differs (%d bytes, want %d)", len(body), len(c.body))
			}
			if strings.HasSuffix(c.path, ".wasm") && !strings.Contains(h.Get("Vary"), "Accept-Encoding") {
				t.Error("no Vary: Accept-Encoding")
			}
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"frame-ancestors 'none'", "'wasm-unsafe-eval'", "object-src 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP lacks %s: %s", want, csp)
				}
			}
			script := csp[strings.Index(csp, "script-src"):]
			script = script[:strings.Index(script, ";")]
			if strings.Contains(script, "unsafe-inline") || strings.Contains(script, "'unsafe-eval'") {
				t.Errorf("script-src allows inline or eval: %s", script)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
				t.Errorf("security headers: %v", h)
			}
			// Revalidation with the ETag of the variant sent.
			req2, _ := http.NewRequest("GET", env.ts.URL+c.path, nil)
			req2.Header.Set("Accept-Encoding", req.Header.Get("Accept-Encoding"))
			req2.Header.Set("If-None-Match", h.Get("ETag"))
			res2, err := env.ts.Client().Transport.RoundTrip(req2)
			if err != nil {
				t.Fatal(err)
			}
			res2.Body.Close()
			if res2.StatusCode != 304 {
				t.Errorf("If-None-Match: %d", res2.StatusCode)
			}
		})
	}
	// ?v= with the file's hash makes any file cacheable for a year.
	f := env.srv.static.files["js/app.js"]
	r := env.do("GET", "/js/app.js?v="+f.hash[:10], "", nil)
	if r.header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("?v=hash: %q", r.header.Get("Cache-Control"))
	}
	if r := env.do("GET", "/js/app.js?v=0000000000", "", nil); r.header.Get("Cache-Control") != "no-cache" {
		t.Errorf("?v=wrong: %q", r.header.Get("Cache-Control"))
	}
}

// TestStaticHeadAndRange checks HEAD and byte ranges, on the file and on a precompressed copy.
func TestStaticHeadAndRange(t *testing.T) {
	wasm := bytes.Repeat([]byte("0123456789"), 5000)
	fsys := fstest.MapFS{
		"affiche.wasm":    {Data: wasm},
		"affiche.wasm.gz": {Data: gz(wasm)},
	}
	env := newEnv(t, func(c *Config, d *Deps) { d.Web = fsys })
	r := env.do("HEAD", "/affiche.wasm", "", nil, "Accept-Encoding", "identity")
	if r.status != 200 || len(r.body) != 0 || r.header.Get("Content-Length") != "50000" || r.header.Get("ETag") == "" {
		t.Errorf("HEAD: %d, %d bytes, length %q, etag %q", r.status, len(r.body), r.header.Get("Content-Length"), r.header.Get("ETag"))
	}
	r = env.do("GET", "/affiche.wasm", "", nil, "Accept-Encoding", "identity", "Range", "bytes=12-21")
	if r.status != 206 || string(r.body) != "2345678901" || r.header.Get("Content-Range") != "bytes 12-21/50000" {
		t.Errorf("Range: %d %q %q", r.status, r.body, r.header.Get("Content-Range"))
	}
	zipped := fsys["affiche.wasm.gz"].Data
	r = env.do("GET", "/affiche.wasm", "", nil, "Accept-Encoding", "gzip", "Range", "bytes=0-9")
	if r.status != 206 || !bytes.Equal(r.body, zipped[:10]) || r.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Range of the gzip copy: %d %q %q", r.status, r.body, r.header.Get("Content-Encoding"))
	}
}

// noSeekFS hides Seek from its files, as an fs.FS may.
type noSeekFS struct{ fs.FS }

type noSeekFile struct{ fs.File }

func (n noSeekFS) Open(name string) (fs.File, error) {
	f, err := n.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if _, ok := f.(fs.ReadDirFile); ok {
		return f, nil
	}
	return noSeekFile{f}, nil
}

func TestStaticFilesWithoutSeek(t *testing.T) {
	page := []byte("<!doctype html><title>Affiche</title>")
	env := newEnv(t, func(c *Config, d *Deps) { d.Web = noSeekFS{fstest.MapFS{"index.html": {Data: page}}} })
	if r := env.do("GET", "/", "", nil, "Accept-Encoding", "identity"); r.status != 200 || !bytes.Equal(r.body, page) {
		t.Errorf("GET /: %d %q", r.status, r.body)
	}
}

// TestStaticFilesKeepNoCopy checks that loading the app does not copy it onto the heap: the
// files stay in their fs.FS (the binary's read-only data for the embedded app).
func TestStaticFilesKeepNoCopy(t *testing.T) {
	const size = 8 << 20
	wasm := make([]byte, size)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range wasm {
		wasm[i] = byte(rng.Uint32())
	}
	fsys := fstest.MapFS{
		"index.html":      {Data: []byte("<!doctype html><title>Affiche</title>")},
		"affiche.wasm":    {Data: wasm},
		"affiche.wasm.br": {Data: wasm[:size/2]}, // the content of a copy does not matter here
		"affiche.wasm.gz": {Data: wasm[:size/2]},
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := newStaticFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if grown > size/8 {
		t.Errorf("the heap grew by %d bytes after loading %d bytes of app files", grown, 2*size)
	}
	if f := s.files["affiche.wasm"]; f == nil || f.br == "" || f.gz == "" || len(f.hash) != 16 {
		t.Errorf("affiche.wasm: %+v", f)
	}
	runtime.KeepAlive(s)
	runtime.KeepAlive(fsys)
}

func TestLandingPageWhenAppNotBuilt(t *testing.T) {
	env := newEnv(t, func(c *Config, d *Deps) { d.Web = fstest.MapFS{"embed.go": {Data: []byte("package web")}} })
	r := env.do("GET", "/", "", nil)
	if r.status != 200 || !bytes.Contains(r.body, []byte("Le studio est en marche")) || !bytes.Contains(r.body, []byte("The studio is running")) {
		t.Errorf("landing page: %d %.100s", r.status, r.body)
	}
	if bytes.Contains(r.body, []byte("<script")) {
		t.Error("the landing page has a script (the CSP forbids inline scripts)")
	}
}

func TestEmbeddedAppServes(t *testing.T) {
	env := newEnv(t, nil) // the real embedded web folder
	if r := env.do("GET", "/", "", nil); r.status != 200 || !bytes.Contains(bytes.ToLower(r.body), []byte("<!doctype html")) {
		t.Errorf("GET /: %d", r.status)
	}
}

func TestCatalogueRoutes(t *testing.T) {
	env := newEnv(t, nil)
	r := env.do("GET", "/api/fonts", "", nil)
	var fonts struct {
		Default  string       `json:"default"`
		Families []fontFamily `json:"families"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &fonts) != nil || fonts.Default != "Roboto" || len(fonts.Families) < 10 {
		t.Fatalf("fonts: %d %.200s", r.status, r.body)
	}
	face := fonts.Families[0].Faces[0]
	f := env.do("GET", face.URL, "", nil)
	if f.status != 200 || f.header.Get("Content-Type") != "font/ttf" || len(f.body) < 10000 || f.header.Get("ETag") == "" {
		t.Errorf("font file %s: %d %q %d bytes", face.URL, f.status, f.header.Get("Content-Type"), len(f.body))
	}
	if l := env.do("GET", fonts.Families[0].LicenceURL, "", nil); l.status != 200 || !strings.HasPrefix(l.header.Get("Content-Type"), "text/plain") {
		t.Errorf("licence: %d %q", l.status, l.header.Get("Content-Type"))
	}

	r = env.do("GET", "/api/templates", "", nil)
	var tpl struct {
		Templates []templateEntry `json:"templates"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &tpl) != nil || len(tpl.Templates) < 3 {
		t.Fatalf("templates: %d %.200s", r.status, r.body)
	}
	for _, e := range tpl.Templates {
		d := env.do("GET", e.URL, "", nil)
		if d.status != 200 || !strings.HasPrefix(d.header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d", e.URL, d.status)
			continue
		}
		if _, _, err := scene.Restore(d.body); err != nil {
			t.Errorf("%s: %v", e.URL, err)
		}
		// The template exports as it is, and has a preview.
		if x := env.do("POST", "/api/export?dpi=36", "application/json", d.body); x.status != 200 {
			t.Errorf("export of %s: %d %s", e.ID, x.status, x.body)
		}
		for i := 0; i < 2; i++ { // the second comes from the cache
			p := env.do("GET", e.PreviewURL, "", nil)
			if p.status != 200 || p.header.Get("Content-Type") != "image/png" {
				t.Fatalf("%s: %d %s", e.PreviewURL, p.status, p.body)
			}
			if img, _ := decodeImage(t, p.body); img.Bounds().Dx() < previewWidth-1 || img.Bounds().Dx() > previewWidth+1 {
				t.Errorf("%s: %v", e.PreviewURL, img.Bounds())
			}
		}
	}

	r = env.do("GET", "/healthz", "", nil)
	var h map[string]any
	if r.status != 200 || json.Unmarshal(r.body, &h) != nil || h["status"] != "ok" {
		t.Errorf("healthz: %d %s", r.status, r.body)
	}
	r = env.do("GET", "/metrics", "", nil)
	text := string(r.body)
	for _, want := range []string{
		"# TYPE affiche_exports_total counter",
		`affiche_exports_total{format="png",outcome="ok"} 6`,
		`affiche_http_requests_total{route="/api/templates",code="200"} 1`,
		"# TYPE affiche_export_duration_seconds histogram",
		`affiche_export_duration_seconds_bucket{format="png",le="+Inf"} 6`,
		"affiche_export_memory_budget_bytes 1.073741824e+09",
		"process_resident_memory_bytes ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if r.header.Get("Content-Type") != "text/plain; version=0.0.4; charset=utf-8" {
		t.Errorf("metrics type %q", r.header.Get("Content-Type"))
	}
}
