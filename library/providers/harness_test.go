package providers

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"affiche/library/cache"
	"affiche/library/fetch"
)

// upstream is a fake provider: API routes answer from testdata fixtures (documented response
// shapes), with {{BASE}} replaced by the server's own URL so that image URLs in the answers
// lead back to it; image paths answer a small PNG or an SVG with hostile content.
type upstream struct {
	t   *testing.T
	srv *httptest.Server

	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	log    []*http.Request
}

func newUpstream(t *testing.T) *upstream {
	u := &upstream{t: t, routes: map[string]http.HandlerFunc{}}
	u.srv = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.srv.Close)
	return u
}

func (u *upstream) URL() string { return u.srv.URL }

// handle sets the handler of an exact path.
func (u *upstream) handle(path string, h http.HandlerFunc) {
	u.mu.Lock()
	u.routes[path] = h
	u.mu.Unlock()
}

// fixture answers path with testdata/name (and extra headers).
func (u *upstream) fixture(path, name string, hdr ...string) {
	u.handle(path, func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(u.load(name))
	})
}

func (u *upstream) load(name string) []byte {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		u.t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(u.srv.URL))
}

func (u *upstream) requests() []*http.Request {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]*http.Request(nil), u.log...)
}

// count returns how many requests had a path starting with prefix.
func (u *upstream) count(prefix string) int {
	n := 0
	for _, r := range u.requests() {
		if strings.HasPrefix(r.URL.Path, prefix) {
			n++
		}
	}
	return n
}

// last returns the last request whose path starts with prefix.
func (u *upstream) last(prefix string) *http.Request {
	rs := u.requests()
	for i := len(rs) - 1; i >= 0; i-- {
		if strings.HasPrefix(rs[i].URL.Path, prefix) {
			return rs[i]
		}
	}
	u.t.Fatalf("no request to %s", prefix)
	return nil
}

var hostileSVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" onload="alert(1)"><script>alert(2)</script><path d="M2 12h20"/></svg>`)

func (u *upstream) serve(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.log = append(u.log, r.Clone(r.Context()))
	h, ok := u.routes[r.URL.Path]
	u.mu.Unlock()
	if ok {
		h(w, r)
		return
	}
	p := r.URL.Path
	switch {
	case strings.HasSuffix(p, ".svg") || strings.Contains(p, "/svg/"):
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Write(hostileSVG)
	case strings.HasPrefix(p, "/cdn/") || strings.HasPrefix(p, "/get/") || strings.HasPrefix(p, "/static/") ||
		strings.HasPrefix(p, "/upload/") || strings.HasPrefix(p, "/origin/") || strings.HasSuffix(p, "/thumb/"):
		w.Header().Set("Content-Type", "image/jpeg") // a lie: Affiche trusts the bytes
		w.Write(testPNG(4, 3))
	default:
		http.NotFound(w, r)
	}
}

func testPNG(w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// testEnv reaches the fake upstream on 127.0.0.1 through an explicit, test-only address
// allowance; with disk set, a fresh disk cache backs the provider's records.
func testEnv(t *testing.T, disk bool) Env {
	env := Env{Fetch: fetch.Config{AllowAddrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, Timeout: 5 * time.Second}}
	if disk {
		c, err := cache.Open(cache.Options{Dir: t.TempDir(), MaxBytes: 64 << 20})
		if err != nil {
			t.Fatal(err)
		}
		env.Cache = c
	}
	return env
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantCode(t *testing.T, err error, code Code) *Error {
	t.Helper()
	var pe *Error
	if !errors.As(err, &pe) || pe.Code != code {
		t.Fatalf("got %v, want code %s", err, code)
	}
	return pe
}
