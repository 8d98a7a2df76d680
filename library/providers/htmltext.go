package providers

import (
	"strings"

	"golang.org/x/net/html"
)

// htmlText reduces an HTML fragment from a provider (Wikimedia Commons' extmetadata holds HTML)
// to plain text: tags, scripts and styles dropped, entities decoded, whitespace collapsed, at
// most maxLen characters. It also returns the first http(s) link, protocol-relative links made
// https; any other scheme (javascript:, data:) is ignored.
func htmlText(s string, maxLen int) (text, link string) {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			t := strings.Join(strings.Fields(b.String()), " ")
			if r := []rune(t); maxLen > 0 && len(r) > maxLen {
				t = strings.TrimSpace(string(r[:maxLen-1])) + "…"
			}
			return t, link
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "script", "style", "noscript", "template":
				skip++
			case "br", "p", "div", "li", "td", "tr":
				b.WriteByte(' ')
			case "a":
				for hasAttr && link == "" {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" {
						link = safeLink(string(v))
					}
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "noscript", "template":
				if skip > 0 {
					skip--
				}
			case "p", "div", "li", "td":
				b.WriteByte(' ')
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

// safeLink keeps http(s) URLs only.
func safeLink(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "//") {
		v = "https:" + v
	}
	l := strings.ToLower(v)
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		if strings.ContainsAny(v, " \t\r\n<>\"") {
			return ""
		}
		return v
	}
	return ""
}
