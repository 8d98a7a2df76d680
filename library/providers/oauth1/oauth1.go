// Package oauth1 signs HTTP requests with OAuth 1.0a HMAC-SHA1 (RFC 5849), as the Noun Project
// API requires. Only the client side of signing is implemented: the request token dance is not
// needed for a server-to-server ("two-legged") key.
package oauth1

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Credentials are the client (consumer) key pair and, for three-legged use, a token pair.
type Credentials struct {
	ConsumerKey    string
	ConsumerSecret string
	Token          string
	TokenSecret    string
}

// Encode percent-encodes s as RFC 5849 section 3.6 requires: every byte except the unreserved
// characters ALPHA, DIGIT, '-', '.', '_' and '~', in upper-case hexadecimal.
func Encode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// BaseStringURI is the scheme, authority and path of u as section 3.4.1.2 defines them: scheme
// and host in lower case, the port only when it is not the scheme's default, no query.
func BaseStringURI(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if p := u.Port(); p != "" && !(scheme == "http" && p == "80" || scheme == "https" && p == "443") {
		host += ":" + p
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return scheme + "://" + host + path
}

// BaseString builds the signature base string (section 3.4.1) of a request to u with method,
// form-encoded body parameters form (nil for none) and the protocol parameters oauth (without
// oauth_signature and realm). The query of u is decoded as application/x-www-form-urlencoded.
func BaseString(method string, u *url.URL, form url.Values, oauth map[string]string) string {
	type pair struct{ k, v string }
	var ps []pair
	add := func(k, v string) { ps = append(ps, pair{Encode(k), Encode(v)}) }
	for _, kv := range strings.Split(u.RawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			dk, dv = k, v
		}
		add(dk, dv)
	}
	for k, vs := range form {
		for _, v := range vs {
			add(k, v)
		}
	}
	for k, v := range oauth {
		if k == "oauth_signature" || k == "realm" {
			continue
		}
		add(k, v)
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].k != ps[j].k {
			return ps[i].k < ps[j].k
		}
		return ps[i].v < ps[j].v
	})
	var norm strings.Builder
	for i, p := range ps {
		if i > 0 {
			norm.WriteByte('&')
		}
		norm.WriteString(p.k)
		norm.WriteByte('=')
		norm.WriteString(p.v)
	}
	return strings.ToUpper(method) + "&" + Encode(BaseStringURI(u)) + "&" + Encode(norm.String())
}

// Signature is the HMAC-SHA1 signature (section 3.4.2) of base, base64-encoded, keyed with the
// consumer secret and the token secret.
func Signature(base, consumerSecret, tokenSecret string) string {
	mac := hmac.New(sha1.New, []byte(Encode(consumerSecret)+"&"+Encode(tokenSecret)))
	mac.Write([]byte(base))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Header returns the value of an Authorization header carrying oauth (which must include
// oauth_signature), with the parameters in a stable order.
func Header(oauth map[string]string) string {
	keys := make([]string, 0, len(oauth))
	for k := range oauth {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("OAuth ")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Encode(k))
		b.WriteString(`="`)
		b.WriteString(Encode(oauth[k]))
		b.WriteByte('"')
	}
	return b.String()
}

// Params returns the protocol parameters of a request signed with c at time ts with nonce.
func (c Credentials) Params(nonce string, ts int64) map[string]string {
	p := map[string]string{
		"oauth_consumer_key":     c.ConsumerKey,
		"oauth_nonce":            nonce,
		"oauth_signature_method": "HMAC-SHA1",
		"oauth_timestamp":        strconv.FormatInt(ts, 10),
		"oauth_version":          "1.0",
	}
	if c.Token != "" {
		p["oauth_token"] = c.Token
	}
	return p
}

// Sign sets req's Authorization header to a fresh OAuth 1.0a HMAC-SHA1 signature. The request
// must not carry a form body (the Noun Project API is read with GET).
func (c Credentials) Sign(req *http.Request) {
	c.SignAt(req, NewNonce(), time.Now().Unix())
}

// SignAt is Sign with a given nonce and timestamp (for tests).
func (c Credentials) SignAt(req *http.Request, nonce string, ts int64) {
	p := c.Params(nonce, ts)
	p["oauth_signature"] = Signature(BaseString(req.Method, req.URL, nil, p), c.ConsumerSecret, c.TokenSecret)
	req.Header.Set("Authorization", Header(p))
}

// NewNonce returns a random nonce.
func NewNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
