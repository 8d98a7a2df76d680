package oauth1

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The vectors below are the worked examples published in RFC 5849 and in Twitter's developer
// documentation ("Creating a signature").

func TestRFC5849BaseString(t *testing.T) {
	// RFC 5849 §3.4.1.1: POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b, body "c2&a3=2+q".
	u, _ := url.Parse("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")
	form, _ := url.ParseQuery("c2&a3=2+q")
	p := map[string]string{
		"oauth_consumer_key": "9djdj82h48djs9d2", "oauth_token": "kkk9d7dh3k39sjv7",
		"oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": "137131201", "oauth_nonce": "7d8f3e4a",
		"realm": "Example", "oauth_signature": "ignored",
	}
	want := "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q" +
		"%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_" +
		"key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m" +
		"ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk" +
		"9d7dh3k39sjv7"
	if got := BaseString("POST", u, form, p); got != want {
		t.Fatalf("base string\n got %s\nwant %s", got, want)
	}
}

func TestBaseStringURI(t *testing.T) {
	for in, want := range map[string]string{
		"http://EXAMPLE.COM:80/r%20v/X?id=123": "http://example.com/r%20v/X", // RFC 5849 §3.4.1.2
		"https://www.example.net:8080/?q=1":    "https://www.example.net:8080/",
		"HTTPS://api.thenounproject.com:443":   "https://api.thenounproject.com/",
	} {
		u, _ := url.Parse(in)
		if got := BaseStringURI(u); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
}

func TestRFC5849Signatures(t *testing.T) {
	client := Credentials{ConsumerKey: "dpf43f3p2l4k3l03", ConsumerSecret: "kd94hf93k423kf44"}
	cases := []struct {
		name, method, url, tokenSecret, want string
		oauth                                map[string]string
	}{
		{"§1.2 temporary credentials", "POST", "https://photos.example.net/initiate", "", "74KNZJeDHnMBp0EMJ9ZHt/XKycU=",
			map[string]string{"oauth_consumer_key": client.ConsumerKey, "oauth_signature_method": "HMAC-SHA1",
				"oauth_timestamp": "137131200", "oauth_nonce": "wIjqoS", "oauth_callback": "http://printer.example.com/ready"}},
		{"§1.2 token credentials", "POST", "https://photos.example.net/token", "hdhd0244k9j7ao03", "gKgrFCywp7rO0OXSjdot/IHF7IU=",
			map[string]string{"oauth_consumer_key": client.ConsumerKey, "oauth_token": "hh5s93j4hdidpola",
				"oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": "137131201", "oauth_nonce": "walatlh",
				"oauth_verifier": "hfdp7dh39dks9884"}},
		{"§1.2 protected resource", "GET", "http://photos.example.net/photos?file=vacation.jpg&size=original", "pfkkdhi9sl3r4s00", "MdpQcU8iPSUjWoN/UDMsK2sui9I=",
			map[string]string{"oauth_consumer_key": client.ConsumerKey, "oauth_token": "nnch734d00sl2jdk",
				"oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": "137131202", "oauth_nonce": "chapoH"}},
	}
	for _, tc := range cases {
		u, _ := url.Parse(tc.url)
		if got := Signature(BaseString(tc.method, u, nil, tc.oauth), client.ConsumerSecret, tc.tokenSecret); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestTwitterExample(t *testing.T) {
	c := Credentials{
		ConsumerKey: "xvz1evFS4wEEPTGEFPHBog", ConsumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
		Token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", TokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
	}
	u, _ := url.Parse("https://api.twitter.com/1/statuses/update.json?include_entities=true")
	form := url.Values{"status": {"Hello Ladies + Gentlemen, a signed OAuth request!"}}
	p := c.Params("kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", 1318622958)
	if got := Signature(BaseString("POST", u, form, p), c.ConsumerSecret, c.TokenSecret); got != "tnnArxj06cWHq44gCs1OSKk/jLY=" {
		t.Fatalf("got %s", got)
	}
}

func TestSignSetsHeader(t *testing.T) {
	c := Credentials{ConsumerKey: "key+1", ConsumerSecret: "secret"}
	req, _ := http.NewRequest("GET", "https://api.thenounproject.com/v2/icon?query=v%C3%A9lo&limit=20", nil)
	c.SignAt(req, "abc", 1700000000)
	h := req.Header.Get("Authorization")
	for _, want := range []string{`OAuth `, `oauth_consumer_key="key%2B1"`, `oauth_nonce="abc"`, `oauth_signature_method="HMAC-SHA1"`, `oauth_timestamp="1700000000"`, `oauth_version="1.0"`, `oauth_signature="`} {
		if !strings.Contains(h, want) {
			t.Errorf("header %q lacks %q", h, want)
		}
	}
	if strings.Contains(h, "secret") || strings.Contains(h, "oauth_token") {
		t.Errorf("header %q", h)
	}
	// The signature in the header is the one computed over the request's own query.
	p := c.Params("abc", 1700000000)
	want := Encode(Signature(BaseString("GET", req.URL, nil, p), "secret", ""))
	if !strings.Contains(h, `oauth_signature="`+want+`"`) {
		t.Errorf("header %q, want signature %s", h, want)
	}
	if NewNonce() == NewNonce() {
		t.Error("nonces repeat")
	}
}

func TestEncode(t *testing.T) {
	for in, want := range map[string]string{
		"Ladies + Gentlemen": "Ladies%20%2B%20Gentlemen", "An encoded string!": "An%20encoded%20string%21",
		"Dogs, Cats & Mice": "Dogs%2C%20Cats%20%26%20Mice", "☃": "%E2%98%83", "-._~": "-._~",
	} {
		if got := Encode(in); got != want {
			t.Errorf("Encode(%q) = %q, want %q", in, got, want)
		}
	}
}
