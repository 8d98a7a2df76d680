// Package fetch is the only way Affiche's server reaches the outside world: an HTTP client that
// talks only to an allow-list of hosts, refuses to connect to any non-public address (checked on
// the resolved address at connect time, so DNS rebinding cannot slip through, and again after
// every redirect), bounds time and response size, and decides the type of what it received from
// the bytes themselves (images checked against a pixel cap before anything decodes them, SVG
// sanitised).
package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// Errors the client returns (wrapped; test with errors.Is).
var (
	ErrForbiddenAddress = errors.New("fetch: address not allowed")
	ErrHostNotAllowed   = errors.New("fetch: host not allowed")
	ErrScheme           = errors.New("fetch: only http and https are allowed")
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	ErrTooLarge         = errors.New("fetch: response too large")
	ErrTooManyPixels    = errors.New("fetch: image has too many pixels")
	ErrUnsupportedType  = errors.New("fetch: unsupported content type")
)

// Resolver looks up the addresses of a host name. *net.Resolver satisfies it; tests inject one
// that lies.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Config sets up a Client. Zero fields take the defaults noted.
type Config struct {
	// Hosts is the allow-list: "api.example.org", "*.example.org" (any subdomain) or
	// "host:port" (that port only; without a port only the scheme's default port is allowed).
	Hosts []string

	// AllowAddrs lists address ranges accepted although they are not public: the intranet
	// address of a self-hosted provider (an Iconify API), or 127.0.0.1/32 for a test's fake
	// upstream. Empty in a default configuration; only addresses in these exact ranges are
	// affected, and only for hosts already on the allow-list.
	AllowAddrs []netip.Prefix

	// Proxy, when set, is an outgoing HTTP proxy (http://host:port) every request goes through.
	// The proxy then resolves and connects to providers, so the address check cannot apply to
	// them: use a proxy that refuses private destinations itself. The host allow-list still
	// applies.
	Proxy string

	Resolver     Resolver       // default net.DefaultResolver
	RootCAs      *x509.CertPool // default: the system roots
	UserAgent    string         // default "Affiche"
	Timeout      time.Duration  // whole request including the body; default 30 s
	MaxBytes     int64          // response size cap; default 32 MiB
	MaxPixels    int64          // image pixel cap (width × height); default 50 Mpx
	MaxSide      int            // image width or height cap; default 20 000
	MaxRedirects int            // default 5
}

// Client is a guarded HTTP client. It is safe for concurrent use.
type Client struct {
	cfg      Config
	hosts    []hostRule
	http     *http.Client
	resolver Resolver
	proxy    *url.URL
	dialer   net.Dialer
}

// New builds a Client from cfg. It fails on an invalid allow-list entry or proxy URL.
func New(cfg Config) (*Client, error) {
	if cfg.UserAgent == "" {
		cfg.UserAgent = "Affiche"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 32 << 20
	}
	if cfg.MaxPixels <= 0 {
		cfg.MaxPixels = 50_000_000
	}
	if cfg.MaxSide <= 0 {
		cfg.MaxSide = 20_000
	}
	if cfg.MaxRedirects <= 0 {
		cfg.MaxRedirects = 5
	}
	c := &Client{cfg: cfg, resolver: cfg.Resolver}
	if c.resolver == nil {
		c.resolver = net.DefaultResolver
	}
	for _, h := range cfg.Hosts {
		r, err := parseHostRule(h)
		if err != nil {
			return nil, err
		}
		c.hosts = append(c.hosts, r)
	}
	if cfg.Proxy != "" {
		p, err := url.Parse(cfg.Proxy)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, fmt.Errorf("fetch: invalid proxy URL")
		}
		c.proxy = p
	}
	c.dialer = net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: c.control}
	tr := &http.Transport{
		DialContext:            c.dial,
		TLSClientConfig:        &tls.Config{RootCAs: cfg.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  20 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           32,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		ForceAttemptHTTP2:      true,
	}
	if c.proxy != nil {
		tr.Proxy = http.ProxyURL(c.proxy)
	} // else no proxy at all: HTTP_PROXY from the environment is deliberately ignored
	c.http = &http.Client{
		Transport:     &guard{c: c, next: tr},
		Timeout:       cfg.Timeout,
		CheckRedirect: c.checkRedirect,
	}
	return c, nil
}

// Config returns the configuration in effect (with defaults filled in).
func (c *Client) Config() Config { return c.cfg }

// Do sends req after checking its URL against the allow-list; redirects are followed (at most
// MaxRedirects) and each hop is checked again. Errors never carry the URL's query string
// (provider keys travel there). The caller closes the body; read it with ReadAll.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if err := c.CheckURL(req.URL); err != nil {
		return nil, err
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = StripQuery(ue.URL)
		}
		return nil, err
	}
	return resp, nil
}

// StripQuery returns rawURL without its query and fragment, for messages.
func StripQuery(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	u.RawQuery, u.Fragment, u.RawFragment, u.User = "", "", "", nil
	return u.String()
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.cfg.MaxRedirects {
		return ErrTooManyRedirects
	}
	if err := c.CheckURL(req.URL); err != nil {
		return err
	}
	// The previous URL may carry a key in its query (Pixabay): never send it on as a Referer.
	req.Header.Del("Referer")
	if req.URL.Host != via[0].URL.Host {
		req.Header.Del("Authorization") // a provider's key never follows a redirect to another host
	}
	return nil
}

// guard checks every request the transport sends, including each redirect hop.
type guard struct {
	c    *Client
	next http.RoundTripper
}

func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := g.c.CheckURL(req.URL); err != nil {
		return nil, err
	}
	if req.Host != "" && req.Host != req.URL.Host {
		return nil, fmt.Errorf("%w: Host header differs from URL", ErrHostNotAllowed)
	}
	return g.next.RoundTrip(req)
}

// checkAddr applies the address policy: public addresses, plus the configured allowances.
func (c *Client) checkAddr(a netip.Addr) error {
	u := a.Unmap()
	for _, p := range c.cfg.AllowAddrs {
		if p.Contains(u) {
			return nil
		}
	}
	return PublicAddr(a)
}

// control runs in the dialer just before connect(2), on the address actually being connected
// to: the last word, whatever resolved it.
func (c *Client) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &AddrError{Reason: "unparsable " + strconv.Quote(address)}
	}
	return c.checkAddr(ap.Addr())
}

// dial resolves the host itself (so the resolver can be injected), refuses the addresses the
// policy forbids, and connects to the others in turn through a dialer whose Control hook checks
// the address once more.
func (c *Client) dial(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	portNum, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("fetch: bad port %q", port)
	}
	if c.proxy != nil && address == proxyAddr(c.proxy) {
		// The proxy is the admin's own choice: it may sit on a private address.
		var d net.Dialer
		d.Timeout = c.dialer.Timeout
		return d.DialContext(ctx, network, address)
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else {
		addrs, err = c.resolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, err
		}
	}
	var firstErr error
	for _, a := range addrs {
		if err := c.checkAddr(a); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		conn, err := c.dialer.DialContext(ctx, network, netip.AddrPortFrom(a, uint16(portNum)).String())
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("fetch: no address for %s", host)
	}
	return nil, firstErr
}

func proxyAddr(p *url.URL) string {
	port := p.Port()
	if port == "" {
		port = defaultPort(p.Scheme)
	}
	return net.JoinHostPort(p.Hostname(), port)
}

// ReadAll reads r to the end, failing with ErrTooLarge as soon as more than max bytes arrive
// (it never trusts a Content-Length).
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, ErrTooLarge
	}
	return b, nil
}

// StatusError is a response whose status was not 200.
type StatusError struct {
	Code       int
	RetryAfter time.Duration // from a Retry-After header, 0 when absent
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("fetch: upstream answered %d %s", e.Code, http.StatusText(e.Code))
}

// ParseRetryAfter reads a Retry-After header (seconds or an HTTP date) relative to now.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// Get fetches rawURL (with the extra header h, which may be nil), checks the status is 200,
// reads at most MaxBytes and inspects the bytes: the result is a raster image within the pixel
// cap or a sanitised SVG. Other content fails with ErrUnsupportedType.
func (c *Client) Get(ctx context.Context, rawURL string, h http.Header) (Asset, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return Asset{}, fmt.Errorf("fetch: bad URL %s", StripQuery(rawURL))
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	req.Header.Set("Accept", "image/avif;q=0,image/webp,image/png,image/jpeg,image/svg+xml;q=0.9,*/*;q=0.1")
	resp, err := c.Do(req)
	if err != nil {
		return Asset{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return Asset{}, &StatusError{Code: resp.StatusCode, RetryAfter: ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	}
	data, err := ReadAll(resp.Body, c.cfg.MaxBytes)
	if err != nil {
		return Asset{}, err
	}
	return Inspect(data, c.Limits())
}

// Limits returns the image limits of this client, for Inspect.
func (c *Client) Limits() Limits {
	return Limits{MaxPixels: c.cfg.MaxPixels, MaxSide: c.cfg.MaxSide}
}
