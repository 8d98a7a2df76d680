package text

import (
	"unicode"
	"unicode/utf8"

	"affiche/scene"
)

// upperSpecial lists the characters whose capital is several letters (Unicode SpecialCasing),
// which unicode.ToUpper leaves alone: "ß" is "SS" in capitals, as browsers show it.
var upperSpecial = map[rune]string{
	'ß': "SS", 'ŉ': "ʼN", 'ǰ': "J̌", 'ﬀ': "FF", 'ﬁ': "FI", 'ﬂ': "FL", 'ﬃ': "FFI", 'ﬄ': "FFL",
	'ﬅ': "ST", 'ﬆ': "ST", 'և': "ԵՒ",
}

// titleSpecial is the same for the first letter of a word (capitalize).
var titleSpecial = map[rune]string{
	'ß': "Ss", 'ﬀ': "Ff", 'ﬁ': "Fi", 'ﬂ': "Fl", 'ﬃ': "Ffi", 'ﬄ': "Ffl", 'ﬅ': "St", 'ﬆ': "St",
}

// displayBuilder builds the text of a paragraph as displayed (text transform applied, tabs
// shown as spaces) and remembers, for every displayed byte, the byte of the source text it
// comes from.
type displayBuilder struct {
	tt       scene.TextTransform
	buf      []byte
	d2s      []int32 // per displayed byte: source byte offset; nil while identical
	srcLen   int
	inWord   bool // the previous character was part of a word (capitalize)
	prevRune rune
}

func (d *displayBuilder) add(src string) {
	base := d.srcLen
	d.srcLen += len(src)
	identity := d.tt == "" || d.tt == scene.TransformNone
	for i, r := range src {
		var out string
		switch {
		case r == '\t':
			out = " "
		case identity:
			out = ""
		default:
			out = d.transformRune(r)
		}
		if out == "" {
			// Unchanged: copy the source bytes.
			_, size := utf8.DecodeRuneInString(src[i:])
			out = src[i : i+size]
		}
		if d.d2s == nil && (len(out) != runeLen(src, i) || out != src[i:i+len(out)]) {
			// First change in length or bytes: start the explicit map.
			d.d2s = make([]int32, len(d.buf), len(d.buf)+len(src))
			for k := range d.d2s {
				d.d2s[k] = int32(k)
			}
		}
		d.buf = append(d.buf, out...)
		if d.d2s != nil {
			for range len(out) {
				d.d2s = append(d.d2s, int32(base+i))
			}
		}
		d.inWord = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) ||
			((r == '\'' || r == '’') && unicode.IsLetter(d.prevRune))
		d.prevRune = r
	}
}

func runeLen(s string, i int) int {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size
}

// transformRune returns r as displayed, or "" when unchanged.
func (d *displayBuilder) transformRune(r rune) string {
	switch d.tt {
	case scene.TransformUppercase:
		if s, ok := upperSpecial[r]; ok {
			return s
		}
		if u := unicode.ToUpper(r); u != r {
			return string(u)
		}
	case scene.TransformLowercase:
		if l := unicode.ToLower(r); l != r {
			return string(l)
		}
	case scene.TransformCapitalize:
		if !d.inWord && unicode.IsLetter(r) {
			if s, ok := titleSpecial[r]; ok {
				return s
			}
			if t := unicode.ToTitle(r); t != r {
				return string(t)
			}
		}
	}
	return ""
}

// text returns the displayed text.
func (d *displayBuilder) text() string { return string(d.buf) }

// srcOffset maps a displayed byte offset (0..len) to the source byte offset.
func (d *displayBuilder) srcOffsetFunc() func(int) int {
	if d.d2s == nil {
		return func(k int) int { return k }
	}
	m := d.d2s
	n := d.srcLen
	return func(k int) int {
		if k >= len(m) {
			return n
		}
		if k < 0 {
			return 0
		}
		return int(m[k])
	}
}
