package fetch

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loopback is the explicit, test-only allowance that lets a client reach the fake upstreams
// httptest serves on 127.0.0.1. Production configuration never sets AllowAddrs to it.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}

// fakeDNS answers from a table; a host with several answers gives them in turn (the last one
// repeats), which is how a rebinding attacker's DNS behaves.
type fakeDNS struct {
	mu      sync.Mutex
	answers map[string][]string
	calls   map[string]int
}

func newDNS(m map[string][]string) *fakeDNS {
	return &fakeDNS{answers: m, calls: map[string]int{}}
}

func (d *fakeDNS) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	seq, ok := d.answers[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	n := d.calls[host]
	d.calls[host]++
	if n >= len(seq) {
		n = len(seq) - 1
	}
	var out []netip.Addr
	for _, s := range strings.Split(seq[n], ",") {
		out = append(out, netip.MustParseAddr(s))
	}
	return out, nil
}

func pngBytes(t testing.TB, w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upstream is a fake provider CDN counting the requests that reach it.
type upstream struct {
	*httptest.Server
	hits atomic.Int64
	port string
}

func newUpstream(t *testing.T, h http.HandlerFunc) *upstream {
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(u.Close)
	_, u.port, _ = net.SplitHostPort(u.Listener.Addr().String())
	return u
}

func TestLoopbackRefusedByDefault(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) { w.Write(pngBytes(t, 2, 2)) })
	dns := newDNS(map[string][]string{
		"loop.test":     {"127.0.0.1"},
		"zero.test":     {"0.0.0.0"},
		"mapped.test":   {"::ffff:127.0.0.1"},
		"private.test":  {"10.0.0.1"},
		"metadata.test": {"169.254.169.254"},
		"v6loop.test":   {"::1"},
		"nat64.test":    {"64:ff9b::7f00:1"},
	})
	var hosts []string
	for h := range dns.answers {
		hosts = append(hosts, h+":"+up.port)
	}
	hosts = append(hosts, "127.0.0.1:"+up.port, "0.0.0.0:"+up.port, "[::ffff:127.0.0.1]:"+up.port)
	c, err := New(Config{Hosts: hosts, Resolver: dns, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{"http://127.0.0.1:" + up.port + "/", "http://0.0.0.0:" + up.port + "/", "http://[::ffff:127.0.0.1]:" + up.port + "/"}
	for h := range dns.answers {
		urls = append(urls, "http://"+h+":"+up.port+"/")
	}
	for _, u := range urls {
		_, err := c.Get(context.Background(), u, nil)
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("%s: got %v, want ErrForbiddenAddress", u, err)
		}
	}
	if n := up.hits.Load(); n != 0 {
		t.Fatalf("%d requests reached the loopback upstream", n)
	}
}

func TestAllowedUpstream(t *testing.T) {
	img := pngBytes(t, 3, 2)
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != "Affiche-test" {
			http.Error(w, "no UA", 400)
			return
		}
		w.Header().Set("Content-Type", "text/plain") // a lie: the type comes from the bytes
		w.Write(img)
	})
	dns := newDNS(map[string][]string{"cdn.test": {"127.0.0.1"}})
	c, err := New(Config{Hosts: []string{"cdn.test:" + up.port}, AllowAddrs: loopback, Resolver: dns, UserAgent: "Affiche-test"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Get(context.Background(), "http://cdn.test:"+up.port+"/a.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mime != "image/png" || a.Width != 3 || a.Height != 2 || !bytes.Equal(a.Data, img) {
		t.Fatalf("got %s %dx%d", a.Mime, a.Width, a.Height)
	}
	// A host that is not on the list never gets a connection, even at an allowed address.
	if _, err := c.Get(context.Background(), "http://127.0.0.1:"+up.port+"/", nil); !errors.Is(err, ErrHostNotAllowed) {
		t.Fatalf("IP literal not on the list: %v", err)
	}
	if up.hits.Load() != 1 {
		t.Fatalf("hits = %d", up.hits.Load())
	}
}

func TestDNSRebindingCheckedAtConnect(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close") // each request dials (and resolves) again
		w.Write(pngBytes(t, 1, 1))
	})
	// The first answer stands for a public address (127.0.0.1 is allowed in this test); then the
	// attacker's DNS answers with an internal address.
	dns := newDNS(map[string][]string{"rebind.test": {"127.0.0.1", "10.1.2.3", "127.0.0.2,127.0.0.1"}})
	c, err := New(Config{Hosts: []string{"rebind.test:" + up.port}, AllowAddrs: loopback, Resolver: dns})
	if err != nil {
		t.Fatal(err)
	}
	u := "http://rebind.test:" + up.port + "/x.png"
	if _, err := c.Get(context.Background(), u, nil); err != nil {
		t.Fatalf("first request: %v", err)
	}
	if _, err := c.Get(context.Background(), u, nil); !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("after rebinding to 10.1.2.3: %v", err)
	}
	// A mixed answer: the forbidden address is skipped, the allowed one used.
	if _, err := c.Get(context.Background(), u, nil); err != nil {
		t.Fatalf("mixed answer: %v", err)
	}
	if got := dns.calls["rebind.test"]; got != 3 {
		t.Fatalf("resolver called %d times, want once per connection (3)", got)
	}
	if up.hits.Load() != 2 {
		t.Fatalf("hits = %d", up.hits.Load())
	}
}

func TestRedirects(t *testing.T) {
	var b *upstream
	b = newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || r.Header.Get("Referer") != "" {
			http.Error(w, "credentials leaked", 500)
			return
		}
		w.Write(pngBytes(t, 1, 1))
	})
	a := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-private": // an allowed host name whose address is internal
			http.Redirect(w, r, "http://internal.test:"+b.port+"/", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/to-ip":
			http.Redirect(w, r, "http://127.0.0.1:"+b.port+"/", http.StatusFound)
		case "/to-userinfo":
			http.Redirect(w, r, "http://b.test:"+b.port+"@evil.test/", http.StatusFound)
		case "/to-file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		case "/to-b":
			http.Redirect(w, r, "http://b.test:"+b.port+"/ok.png", http.StatusFound)
		default: // /loop/N
			var n int
			fmt.Sscanf(r.URL.Path, "/loop/%d", &n)
			if n > 0 && r.Header.Get("Referer") != "" {
				http.Error(w, "referer leaked", 500)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/loop/%d", n+1), http.StatusFound)
		}
	})
	dns := newDNS(map[string][]string{"a.test": {"127.0.0.1"}, "b.test": {"127.0.0.1"}, "internal.test": {"10.9.8.7"}, "evil.test": {"127.0.0.1"}})
	c, err := New(Config{Hosts: []string{"a.test:" + a.port, "b.test:" + b.port, "internal.test:" + b.port}, AllowAddrs: loopback, Resolver: dns})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) error {
		_, err := c.Get(context.Background(), "http://a.test:"+a.port+path+"?key=SECRET", http.Header{"Authorization": {"Client-ID secret"}})
		return err
	}
	for path, want := range map[string]error{
		"/to-private":  ErrForbiddenAddress,
		"/to-metadata": ErrHostNotAllowed,
		"/to-ip":       ErrHostNotAllowed,
		"/to-userinfo": ErrHostNotAllowed,
		"/loop/0":      ErrTooManyRedirects,
	} {
		if err := get(path); !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v", path, err, want)
		}
	}
	if err := get("/to-file"); err == nil {
		t.Error("redirect to file: followed")
	}
	if err := get("/to-b"); err != nil {
		t.Errorf("allowed redirect (Authorization must be dropped): %v", err)
	}
	if b.hits.Load() != 1 {
		t.Errorf("b reached %d times, want 1", b.hits.Load())
	}
	if n := a.hits.Load(); n != 6+6 { // 6 single redirects + the loop's original request and 5 hops
		t.Errorf("a reached %d times", n)
	}
}

func TestResponseSizeCap(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/stream": // no Content-Length, more than the cap
			w.Header().Set("Content-Type", "image/png")
			chunk := make([]byte, 64<<10)
			for i := 0; i < 64; i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/lying-length": // announces less than it sends
			w.Header().Set("Content-Length", "10")
			w.(http.Flusher).Flush()
			w.Write(make([]byte, 2<<20))
		case "/gzip": // 8 MiB of zeros in a few KiB
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write(make([]byte, 8<<20))
			zw.Close()
		}
	})
	dns := newDNS(map[string][]string{"cdn.test": {"127.0.0.1"}})
	c, err := New(Config{Hosts: []string{"cdn.test:" + up.port}, AllowAddrs: loopback, Resolver: dns, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/stream", "/gzip"} {
		if _, err := c.Get(context.Background(), "http://cdn.test:"+up.port+p, nil); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: got %v, want ErrTooLarge", p, err)
		}
	}
	if _, err := c.Get(context.Background(), "http://cdn.test:"+up.port+"/lying-length", nil); err == nil {
		t.Error("lying Content-Length: no error")
	}
}

func TestStatusAndQueryNotInErrors(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	dns := newDNS(map[string][]string{"cdn.test": {"127.0.0.1"}, "down.test": {"127.0.0.1"}})
	c, err := New(Config{Hosts: []string{"cdn.test:" + up.port, "down.test:1"}, AllowAddrs: loopback, Resolver: dns})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(context.Background(), "http://cdn.test:"+up.port+"/x?key=SECRET123", nil)
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 429 || se.RetryAfter != 2*time.Minute {
		t.Fatalf("got %v", err)
	}
	_, err = c.Get(context.Background(), "http://down.test:1/x?key=SECRET123", nil)
	if err == nil || strings.Contains(err.Error(), "SECRET123") {
		t.Fatalf("transport error leaks the query: %v", err)
	}
}

func TestProxy(t *testing.T) {
	var seen atomic.Value
	proxy := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.URL.String()) // a forward proxy receives the absolute URL
		w.Write(pngBytes(t, 2, 1))
	})
	// No resolver entry and no address allowance: the proxy resolves; our dialer only reaches
	// the configured proxy, which may be private.
	c, err := New(Config{Hosts: []string{"images.example.org"}, Proxy: proxy.URL, Resolver: newDNS(nil)})
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Get(context.Background(), "http://images.example.org/p.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Width != 2 || seen.Load() != "http://images.example.org/p.png" {
		t.Fatalf("asset %v, proxy saw %v", a.Width, seen.Load())
	}
	if _, err := c.Get(context.Background(), "http://other.example.org/p.png", nil); !errors.Is(err, ErrHostNotAllowed) {
		t.Fatalf("allow-list bypassed through the proxy: %v", err)
	}
	if proxy.hits.Load() != 1 {
		t.Fatalf("proxy hits %d", proxy.hits.Load())
	}
}

func TestTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(pngBytes(t, 4, 4))
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	// httptest's certificate is valid for example.com, which the fake DNS points at 127.0.0.1.
	c, err := New(Config{Hosts: []string{"example.com:" + port}, AllowAddrs: loopback, RootCAs: pool,
		Resolver: newDNS(map[string][]string{"example.com": {"127.0.0.1"}})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(context.Background(), "https://example.com:"+port+"/", nil); err != nil {
		t.Fatal(err)
	}
}

func TestInspect(t *testing.T) {
	webp, err := os.ReadFile("testdata/tiny.webp")
	if err != nil {
		t.Fatal(err)
	}
	hostile := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20" onload="alert(1)"><script>alert(2)</script><rect width="1" height="1"/></svg>`)
	cases := []struct {
		name string
		data []byte
		mime string
		w, h int
		err  error
	}{
		{"png", pngBytes(t, 5, 7), "image/png", 5, 7, nil},
		{"webp", webp, "image/webp", 3, 2, nil},
		{"svg", hostile, "image/svg+xml", 10, 20, nil},
		{"html", []byte("<!doctype html><script>alert(1)</script>"), "", 0, 0, ErrUnsupportedType},
		{"xml", []byte(`<?xml version="1.0"?><feed/>`), "", 0, 0, ErrUnsupportedType},
		{"truncated png", pngBytes(t, 5, 7)[:20], "", 0, 0, ErrUnsupportedType},
		{"png too wide", pngHeader(30000, 1, 0), "", 0, 0, ErrTooManyPixels},
		{"empty", nil, "", 0, 0, ErrUnsupportedType},
	}
	for _, tc := range cases {
		a, err := Inspect(tc.data, DefaultLimits)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("%s: got %v, want %v", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || a.Mime != tc.mime || a.Width != tc.w || a.Height != tc.h {
			t.Errorf("%s: got %s %dx%d %v", tc.name, a.Mime, a.Width, a.Height, err)
		}
		if tc.name == "svg" && (bytes.Contains(a.Data, []byte("alert")) || !bytes.Contains(a.Data, []byte("<rect"))) {
			t.Errorf("svg not sanitised: %s", a.Data)
		}
	}
}

// pngHeader returns a complete PNG of w×h 1-bit grey pixels whose IDAT holds deflated
// zero rows: tiny on the wire, w×h bytes once decoded to image.Gray. rows limits how many rows
// are actually deflated (0: all of them).
func pngHeader(w, h, rows int) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 1, 0 // bit depth 1, greyscale
	chunk("IHDR", ihdr)
	if rows == 0 {
		rows = h
	}
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, 1+(w+7)/8)
	for i := 0; i < rows; i++ {
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

func TestDecompressionBomb(t *testing.T) {
	// 20 000 × 20 000 pixels: 50 MB of deflated zeros shrink to ~50 KB; decoded as image.Gray it
	// would take 400 MB.
	bomb := pngHeader(20000, 20000, 0)
	if len(bomb) > 200<<10 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Inspect(bomb, Limits{MaxPixels: 50_000_000, MaxSide: 20_000})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooManyPixels) {
		t.Fatalf("got %v, want ErrTooManyPixels", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Fatalf("inspecting the bomb allocated %d bytes", grew)
	}
	// Served by an upstream, it is refused the same way.
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) { w.Write(bomb) })
	c, _ := New(Config{Hosts: []string{"cdn.test:" + up.port}, AllowAddrs: loopback, Resolver: newDNS(map[string][]string{"cdn.test": {"127.0.0.1"}})})
	if _, err := c.Get(context.Background(), "http://cdn.test:"+up.port+"/bomb.png", nil); !errors.Is(err, ErrTooManyPixels) {
		t.Fatalf("via client: %v", err)
	}
}
