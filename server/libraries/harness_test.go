package libraries_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"affiche/library/providers"
	"affiche/server"
	"affiche/server/export"
	"affiche/server/libraries"
)

// upstream is a fake online provider: API routes answer the fixtures of library/providers
// (recorded, documented response shapes), with {{BASE}} replaced by the upstream's own URL so
// that image URLs in the answers lead back to it. /cdn/ (Unsplash) and /get/ (Pixabay) answer
// real JPEG photos of different colours; any .svg a hostile SVG.
type upstream struct {
	t   testing.TB
	srv *httptest.Server

	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	log    []*http.Request
}

func newUpstream(t testing.TB) *upstream {
	u := &upstream{t: t, routes: map[string]http.HandlerFunc{}}
	u.srv = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.srv.Close)
	return u
}

func (u *upstream) URL() string { return u.srv.URL }

func (u *upstream) handle(path string, h http.HandlerFunc) {
	u.mu.Lock()
	u.routes[path] = h
	u.mu.Unlock()
}

// fixture answers path with library/providers/testdata/name.
func (u *upstream) fixture(path, name string, hdr ...string) {
	data := u.load(name)
	u.handle(path, func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	})
}

func (u *upstream) load(name string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "..", "library", "providers", "testdata", name))
	if err != nil {
		u.t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(u.srv.URL))
}

// count returns how many requests had a path starting with prefix.
func (u *upstream) count(prefix string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	n := 0
	for _, r := range u.log {
		if strings.HasPrefix(r.URL.Path, prefix) {
			n++
		}
	}
	return n
}

func (u *upstream) last(prefix string) *http.Request {
	u.mu.Lock()
	defer u.mu.Unlock()
	for i := len(u.log) - 1; i >= 0; i-- {
		if strings.HasPrefix(u.log[i].URL.Path, prefix) {
			return u.log[i]
		}
	}
	u.t.Fatalf("upstream: no request to %s", prefix)
	return nil
}

func (u *upstream) total() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.log)
}

// hostileSVG draws a cross and tries everything else: script, event handlers, external and
// javascript: references, foreignObject, a DOCTYPE.
var hostileSVG = []byte(`<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">` +
	`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 24 24" onload="alert(1)">` +
	`<script>alert(2)</script><image xlink:href="http://169.254.169.254/latest/meta-data"/>` +
	`<foreignObject><iframe src="javascript:alert(3)"/></foreignObject>` +
	`<a href="javascript:alert(4)"><path d="M2 12h20M12 2v20" stroke="currentColor" stroke-width="2" onclick="alert(5)"/></a></svg>`)

// xxeSVG refers to an external entity: not even parsed, refused whole.
var xxeSVG = []byte(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>` +
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><text>&x;</text></svg>`)

var (
	photoOnce            sync.Once
	bluePhoto, orangeJPG []byte
)

// photo draws a recognisable test photograph: a vertical gradient with a disc.
func photo(w, h int, top, bottom color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		f := float64(y) / float64(h-1)
		c := color.RGBA{uint8(float64(top.R)*(1-f) + float64(bottom.R)*f), uint8(float64(top.G)*(1-f) + float64(bottom.G)*f),
			uint8(float64(top.B)*(1-f) + float64(bottom.B)*f), 255}
		for x := range w {
			dx, dy := x-w/2, y-h/2
			if dx*dx+dy*dy < (h/4)*(h/4) {
				img.SetRGBA(x, y, color.RGBA{250, 250, 240, 255})
			} else {
				img.SetRGBA(x, y, c)
			}
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	return b.Bytes()
}

func (u *upstream) serve(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.log = append(u.log, r.Clone(context.Background()))
	h, ok := u.routes[r.URL.Path]
	u.mu.Unlock()
	if ok {
		h(w, r)
		return
	}
	photoOnce.Do(func() {
		bluePhoto = photo(1200, 800, color.RGBA{20, 60, 160, 255}, color.RGBA{120, 190, 240, 255})
		orangeJPG = photo(1280, 720, color.RGBA{230, 90, 20, 255}, color.RGBA{250, 200, 80, 255})
	})
	p := r.URL.Path
	switch {
	case strings.HasSuffix(p, "-fast.svg"):
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Write(xxeSVG)
	case strings.HasSuffix(p, ".svg"):
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Write(hostileSVG)
	case strings.HasPrefix(p, "/cdn/"):
		w.Header().Set("Content-Type", "image/png") // a lie: Affiche reads the type from the bytes
		w.Write(bluePhoto)
	case strings.HasPrefix(p, "/get/"):
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(orangeJPG)
	default:
		http.NotFound(w, r)
	}
}

// Keys of the fake installation: they must never appear in anything a browser receives.
const (
	unsplashKey = "UNSPLASH-SECRET-KEY-0123456789"
	pixabayKey  = "PIXABAY-SECRET-KEY-9876543210"
)

// env is a whole Affiche server (real renderers, real blob store) with the library mounted.
type env struct {
	t    testing.TB
	srv  *server.Server
	http *httptest.Server
	lib  *libraries.Service
	up   *upstream
}

type envOptions struct {
	vars   map[string]string         // AFFICHE_… provider variables
	adjust func(*providers.Config)   // after the environment is read
	dirs   []string                  // organisation folders
	up     *upstream                 // when providers point at a fake upstream
	logger *slog.Logger              // default: discard
	before func(*libraries.Settings) // last changes to the settings
}

// withProviders turns on Unsplash, Pixabay and Iconify against up.
func withProviders(up *upstream) envOptions {
	return envOptions{up: up, vars: map[string]string{
		"AFFICHE_UNSPLASH_ACCESS_KEY": unsplashKey, "AFFICHE_UNSPLASH_APP_NAME": "affiche_test", "AFFICHE_UNSPLASH_URL": up.URL(),
		"AFFICHE_PIXABAY_API_KEY": pixabayKey, "AFFICHE_PIXABAY_URL": up.URL(),
		"AFFICHE_ICONIFY_ENABLED": "true", "AFFICHE_ICONIFY_URL": up.URL() + "/iconify",
	}}
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	log := o.logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	data := t.TempDir()
	set := libraries.Settings{Dirs: o.dirs, DataDir: data, Logger: log,
		Getenv: func(k string) string { return o.vars[k] },
		Adjust: func(c *providers.Config) {
			// The fake upstream listens on loopback: allowed for this test only.
			c.Fetch.AllowAddrs = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
			c.Fetch.Timeout = 5 * time.Second
			if o.adjust != nil {
				o.adjust(c)
			}
		}}
	if o.before != nil {
		o.before(&set)
	}
	lib, err := libraries.Load(set)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	srv, err := server.New(server.Config{DataDir: data}, server.Deps{
		Renderer: export.Raster{}, PDF: export.PDF{}, Libraries: lib, Logger: log, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	lib.SetBlobs(srv.Blobs())
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &env{t: t, srv: srv, http: hs, lib: lib, up: o.up}
}

// response is an answer read whole.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (e *env) do(method, path string, body []byte, hdr ...string) response {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, e.http.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := e.http.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

func (e *env) get(path string, hdr ...string) response {
	e.t.Helper()
	return e.do("GET", path, nil, hdr...)
}

// getJSON GETs path, expects status, and decodes the answer into out.
func (e *env) getJSON(path string, status int, out any) response {
	e.t.Helper()
	r := e.get(path)
	if r.status != status {
		e.t.Fatalf("GET %s: %d, want %d: %s", path, r.status, status, r.body)
	}
	if out != nil {
		if err := json.Unmarshal(r.body, out); err != nil {
			e.t.Fatalf("GET %s: %v: %s", path, err, r.body)
		}
	}
	return r
}

func (e *env) postJSON(path string, body any, status int, out any) response {
	e.t.Helper()
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			e.t.Fatal(err)
		}
	}
	r := e.do("POST", path, b, "Content-Type", "application/json")
	if r.status != status {
		e.t.Fatalf("POST %s: %d, want %d: %.600s", path, r.status, status, r.body)
	}
	if out != nil {
		if err := json.Unmarshal(r.body, out); err != nil {
			e.t.Fatalf("POST %s: %v", path, err)
		}
	}
	return r
}

// outDir is where tests write what a person should look at, when AFFICHE_TEST_OUT is set.
func outDir(t testing.TB) string {
	d := os.Getenv("AFFICHE_TEST_OUT")
	if d == "" {
		return ""
	}
	os.MkdirAll(d, 0o755)
	return d
}

func keep(t testing.TB, name string, data []byte) {
	if d := outDir(t); d != "" {
		os.WriteFile(filepath.Join(d, name), data, 0o644)
	}
}
