package fetch

import (
	"fmt"
	"net/netip"
)

// AddrError says why the dialer refused an address.
type AddrError struct {
	Addr   netip.Addr
	Reason string
}

func (e *AddrError) Error() string {
	return fmt.Sprintf("fetch: address %s refused (%s)", e.Addr, e.Reason)
}

// Is makes errors.Is(err, ErrForbiddenAddress) true.
func (e *AddrError) Is(target error) bool { return target == ErrForbiddenAddress }

func mustPrefixes(ss ...string) []netip.Prefix {
	ps := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		ps[i] = netip.MustParsePrefix(s)
	}
	return ps
}

// Non-public IPv4 ranges (IANA special-purpose registry): none of them is a provider's server.
var deniedV4 = mustPrefixes(
	"0.0.0.0/8",       // "this network"; 0.0.0.0 reaches localhost on Linux (imgproxy CVE-2025-24354)
	"10.0.0.0/8",      // private
	"100.64.0.0/10",   // carrier-grade NAT
	"127.0.0.0/8",     // loopback
	"169.254.0.0/16",  // link-local, cloud metadata services
	"172.16.0.0/12",   // private
	"192.0.0.0/24",    // IETF protocol assignments
	"192.0.2.0/24",    // documentation
	"192.88.99.0/24",  // 6to4 relay anycast (deprecated)
	"192.168.0.0/16",  // private
	"198.18.0.0/15",   // benchmarking
	"198.51.100.0/24", // documentation
	"203.0.113.0/24",  // documentation
	"224.0.0.0/4",     // multicast
	"240.0.0.0/4",     // reserved, and 255.255.255.255 broadcast
)

// Non-public IPv6 ranges other than those netip already classifies.
var deniedV6 = mustPrefixes(
	"::/96",          // IPv4-compatible (deprecated), includes :: and ::1
	"64:ff9b:1::/48", // local-use NAT64
	"100::/64",       // discard-only
	"2001::/23",      // IETF protocol assignments, includes Teredo 2001::/32 (embeds a client address)
	"2001:db8::/32",  // documentation
	"3fff::/20",      // documentation
	"5f00::/16",      // segment routing
	"fc00::/7",       // unique local
	"fec0::/10",      // site-local (deprecated)
)

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// PublicAddr returns nil when a is a public unicast address that a provider's server may have,
// and an *AddrError otherwise. IPv6 forms that embed an IPv4 address (IPv4-mapped, NAT64,
// 6to4) are judged by the embedded address.
func PublicAddr(a netip.Addr) error {
	if !a.IsValid() {
		return &AddrError{Addr: a, Reason: "invalid"}
	}
	if a.Zone() != "" {
		return &AddrError{Addr: a, Reason: "scoped address"}
	}
	if a.Is4In6() {
		if err := PublicAddr(a.Unmap()); err != nil {
			return &AddrError{Addr: a, Reason: "IPv4-mapped " + err.(*AddrError).Reason}
		}
		return nil
	}
	if a.Is4() {
		for _, p := range deniedV4 {
			if p.Contains(a) {
				return &AddrError{Addr: a, Reason: "non-public range " + p.String()}
			}
		}
		return nil
	}
	switch {
	case nat64.Contains(a):
		b := a.As16()
		if err := PublicAddr(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})); err != nil {
			return &AddrError{Addr: a, Reason: "NAT64 of " + err.(*AddrError).Reason}
		}
		return nil
	case sixToFour.Contains(a):
		b := a.As16()
		if err := PublicAddr(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})); err != nil {
			return &AddrError{Addr: a, Reason: "6to4 of " + err.(*AddrError).Reason}
		}
	}
	if !a.IsGlobalUnicast() || a.IsPrivate() {
		return &AddrError{Addr: a, Reason: "not global unicast"}
	}
	for _, p := range deniedV6 {
		if p.Contains(a) {
			return &AddrError{Addr: a, Reason: "non-public range " + p.String()}
		}
	}
	return nil
}
