package svgsafe

import (
	"strings"
)

// SanitizeCSS cleans the text of a <style> element: comments are removed (they can split a
// keyword), @import and @font-face rules are dropped, every url() that is not a same-document
// reference ("#id") becomes "none". A style sheet that uses CSS escapes, expression(),
// image-set(), behaviours/bindings or script URLs cannot be checked safely and is dropped whole
// (the empty string is returned).
func SanitizeCSS(css string) string {
	css = stripComments(css)
	if !checkableCSS(css) {
		return ""
	}
	css = dropAtRules(css)
	out, ok := sanitizeValueURLs(css)
	if !ok || !checkableCSS(out) { // a replacement must not join pieces into a new keyword
		return ""
	}
	return strings.TrimSpace(out)
}

// SanitizeDeclarations cleans the value of a style="" attribute (a declaration list) with the
// same rules as SanitizeCSS.
func SanitizeDeclarations(decls string) string {
	decls = stripComments(decls)
	if !checkableCSS(decls) || strings.Contains(decls, "@") || strings.ContainsAny(decls, "{}<>") {
		return ""
	}
	out, ok := sanitizeValueURLs(decls)
	if !ok || !checkableCSS(out) {
		return ""
	}
	return strings.TrimSpace(out)
}

func stripComments(s string) string {
	if !strings.Contains(s, "/*") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			return b.String()
		}
		s = s[i+2+j+2:]
	}
}

// checkableCSS reports whether css is free of constructs that defeat a textual check or run
// code in old engines.
func checkableCSS(css string) bool {
	l := strings.ToLower(css)
	if strings.ContainsRune(l, '\\') || strings.ContainsRune(l, 0) {
		return false
	}
	for _, bad := range []string{"expression(", "image-set(", "behavior", "-moz-binding", "javascript:", "vbscript:", "src(", "<!--", "-->", "</"} {
		if strings.Contains(compactURL(l), bad) {
			return false
		}
	}
	return true
}

// dropAtRules keeps @media, @supports and @keyframes (their url()s are checked like the rest)
// and removes every other at-rule — @import, @font-face, @namespace and unknown ones — with its
// statement or block.
func dropAtRules(css string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(css, '@')
		if i < 0 {
			b.WriteString(css)
			return b.String()
		}
		b.WriteString(css[:i])
		rest := css[i+1:]
		name := rest
		if k := strings.IndexAny(rest, " \t\r\n{;(\"'/"); k >= 0 {
			name = rest[:k]
		}
		switch asciiLower(name) {
		case "media", "supports", "keyframes", "-webkit-keyframes":
			b.WriteByte('@')
			css = rest
			continue
		}
		semi, brace := strings.IndexByte(rest, ';'), strings.IndexByte(rest, '{')
		switch {
		case semi >= 0 && (brace < 0 || semi < brace):
			css = rest[semi+1:]
		case brace >= 0:
			css = skipBlock(rest)
		default:
			return b.String()
		}
	}
}

// skipBlock returns what follows the first balanced {…} block of s (or "" when unbalanced).
func skipBlock(s string) string {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return ""
	}
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return s[j+1:]
			}
		}
	}
	return ""
}

// sanitizeValueURLs replaces each url(…) whose target is not "#fragment" with "none". It fails
// on an unterminated url( so that nothing half-parsed passes.
func sanitizeValueURLs(s string) (string, bool) {
	lower := asciiLower(s) // same byte offsets as s, unlike strings.ToLower
	if !strings.Contains(lower, "url(") {
		return s, true
	}
	var b strings.Builder
	pos := 0
	for {
		i := strings.Index(lower[pos:], "url(")
		if i < 0 {
			b.WriteString(s[pos:])
			return b.String(), true
		}
		i += pos
		b.WriteString(s[pos:i])
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			return "", false
		}
		inner := strings.TrimSpace(s[i+4 : i+j])
		if len(inner) >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[len(inner)-1] == inner[0] {
			inner = strings.TrimSpace(inner[1 : len(inner)-1])
		}
		c := compactURL(inner)
		if strings.HasPrefix(c, "#") && validFragment(c[1:]) {
			b.WriteString("url(" + c + ")")
		} else {
			b.WriteString(" none ")
		}
		pos = i + j + 1
	}
}

// asciiLower lowercases ASCII letters only, keeping byte offsets aligned with the input.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
