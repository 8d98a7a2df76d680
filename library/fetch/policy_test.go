package fetch

import (
	"errors"
	"net/netip"
	"net/url"
	"testing"
)

func TestPublicAddr(t *testing.T) {
	refused := []string{
		"0.0.0.0", "0.1.2.3", "10.0.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.8.8.8",
		"169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.170", "192.0.2.1", "192.168.1.1",
		"198.18.0.1", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1",
		"255.255.255.255",
		"::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1", "2001:db8::1",
		"::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:0.0.0.0", "::ffff:169.254.169.254", // IPv4-mapped
		"::127.0.0.1", "::10.0.0.1", // IPv4-compatible
		"64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", // NAT64 of loopback, private, metadata
		"64:ff9b:1::1",        // local-use NAT64
		"2002:c0a8:101::1",    // 6to4 of 192.168.1.1
		"2002:7f00:1::1",      // 6to4 of 127.0.0.1
		"2001:0:4136:e378::1", // Teredo
		"100::1", "5f00::1", "3fff::1",
	}
	allowed := []string{"8.8.8.8", "1.1.1.1", "151.101.1.69", "2606:4700:4700::1111", "2a00:1450:4007:80e::200e",
		"::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"}
	for _, s := range refused {
		a := netip.MustParseAddr(s)
		err := PublicAddr(a)
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("PublicAddr(%s) = %v, want refusal", s, err)
		}
	}
	for _, s := range allowed {
		if err := PublicAddr(netip.MustParseAddr(s)); err != nil {
			t.Errorf("PublicAddr(%s) = %v, want nil", s, err)
		}
	}
	if err := PublicAddr(netip.MustParseAddr("fe80::1%eth0")); err == nil {
		t.Error("scoped address allowed")
	}
	if err := PublicAddr(netip.Addr{}); err == nil {
		t.Error("invalid address allowed")
	}
}

func TestControlHookChecksConnectAddress(t *testing.T) {
	c, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"127.0.0.1:80", "0.0.0.0:443", "[::ffff:127.0.0.1]:80", "[::1]:80", "169.254.169.254:80", "[64:ff9b::a00:1]:443"} {
		if err := c.control("tcp", a, nil); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("control(%s) = %v", a, err)
		}
	}
	if err := c.control("tcp", "8.8.8.8:443", nil); err != nil {
		t.Errorf("control(public) = %v", err)
	}
	c2, _ := New(Config{AllowAddrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	if err := c2.control("tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("explicit allowance ignored: %v", err)
	}
	if err := c2.control("tcp", "127.0.0.2:80", nil); err == nil {
		t.Error("allowance wider than configured")
	}
}

func TestCheckURL(t *testing.T) {
	c, err := New(Config{Hosts: []string{"api.example.org", "*.cdn.example.org", "self.example.org:8443", "bücher.example"}})
	if err != nil {
		t.Fatal(err)
	}
	ok := []string{
		"https://api.example.org/v1/search?q=x", "http://api.example.org:80/", "https://api.example.org:443/",
		"https://API.Example.ORG./x", "https://img.cdn.example.org/a.jpg", "https://a.b.cdn.example.org/",
		"https://self.example.org:8443/x.svg", "https://xn--bcher-kva.example/", "https://BÜCHER.example/",
	}
	refused := []string{
		"https://api.example.org:8080/", "http://api.example.org:443/", "https://api.example.org:/",
		"https://user@api.example.org/", "https://user:pw@api.example.org/",
		"https://api.example.org@evil.org/", "https://evil.org#@api.example.org", "https://evil.org?@api.example.org",
		"ftp://api.example.org/", "file:///etc/passwd", "gopher://api.example.org:70/", "javascript:alert(1)",
		"https://cdn.example.org/", "https://evilcdn.example.org/", "https://api.example.org.evil.org/",
		"https://self.example.org/", "https://127.0.0.1/", "https://[::1]/", "https://2130706433/",
		"https://0x7f000001/", "//api.example.org/", "https://api%2eexample.org/",
	}
	for _, s := range ok {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if err := c.CheckURL(u); err != nil {
			t.Errorf("CheckURL(%s) = %v", s, err)
		}
	}
	for _, s := range refused {
		u, err := url.Parse(s)
		if err != nil {
			continue // the parser already refuses it
		}
		if err := c.CheckURL(u); err == nil {
			t.Errorf("CheckURL(%s) allowed", s)
		}
	}
	if _, err := New(Config{Hosts: []string{"*.com"}}); err == nil {
		t.Error("wildcard over a TLD accepted")
	}
	if _, err := New(Config{Hosts: []string{"bad host"}}); err == nil {
		t.Error("invalid host accepted")
	}
}
