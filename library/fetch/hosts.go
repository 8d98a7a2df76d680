package fetch

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"

	"golang.org/x/net/idna"
)

// hostRule is one entry of the allow-list: an exact host or "*.suffix", with a port or, when
// port is empty, the scheme's default port only.
type hostRule struct {
	host     string
	wildcard bool
	port     string
}

func parseHostRule(s string) (hostRule, error) {
	s = strings.TrimSpace(s)
	var r hostRule
	if strings.HasPrefix(s, "*.") {
		r.wildcard = true
		s = s[2:]
	}
	host := s
	if h, p, err := net.SplitHostPort(s); err == nil {
		host, r.port = h, p
	}
	h, err := normalizeHost(host)
	if err != nil {
		return r, fmt.Errorf("fetch: allow-list entry %q: %w", s, err)
	}
	if r.wildcard && strings.Count(h, ".") < 1 {
		return r, fmt.Errorf("fetch: allow-list entry %q: wildcard needs a domain with a dot", s)
	}
	r.host = h
	return r, nil
}

var hostProfile = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.StrictDomainName(true), idna.BidiRule(), idna.ValidateLabels(true))

// normalizeHost returns the canonical form of a URL host for comparison: lower case, one
// trailing dot removed, international names in their ASCII (punycode) form, IP literals in
// netip's canonical text. Anything else is an error.
func normalizeHost(h string) (string, error) {
	h = strings.TrimSuffix(h, ".")
	if h == "" {
		return "", fmt.Errorf("empty host")
	}
	if a, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil {
		if a.Zone() != "" {
			return "", fmt.Errorf("scoped address")
		}
		return a.Unmap().String(), nil
	}
	ascii, err := hostProfile.ToASCII(h)
	if err != nil {
		return "", fmt.Errorf("invalid host name: %v", err)
	}
	ascii = strings.ToLower(ascii)
	for _, label := range strings.Split(ascii, ".") {
		if label == "" || len(label) > 63 {
			return "", fmt.Errorf("invalid host name")
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", fmt.Errorf("invalid host name")
			}
		}
	}
	return ascii, nil
}

func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// CheckURL tells whether the client may request u: http or https only, no user information
// (the "https://allowed@evil/" trick), no opaque form, and a host and port on the allow-list.
func (c *Client) CheckURL(u *url.URL) error {
	if u == nil {
		return ErrHostNotAllowed
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: %q", ErrScheme, u.Scheme)
	}
	if u.User != nil {
		return fmt.Errorf("%w: user information in URL", ErrHostNotAllowed)
	}
	if u.Opaque != "" || u.Host == "" {
		return fmt.Errorf("%w: no host", ErrHostNotAllowed)
	}
	host, err := normalizeHost(u.Hostname())
	if err != nil {
		return fmt.Errorf("%w: %v", ErrHostNotAllowed, err)
	}
	port := u.Port()
	if port == "" && strings.HasSuffix(u.Host, ":") {
		return fmt.Errorf("%w: empty port", ErrHostNotAllowed)
	}
	for _, r := range c.hosts {
		if r.wildcard && !strings.HasSuffix(host, "."+r.host) || !r.wildcard && r.host != host {
			continue
		}
		if r.port == "" && (port == "" || port == defaultPort(u.Scheme)) || r.port != "" && port == r.port {
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrHostNotAllowed, host)
}
