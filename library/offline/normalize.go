package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold lower-cases s and removes accents ("Vélo" → "velo", "Œuvre" → "oeuvre"), so French
// words match whether or not the user typed the accents.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || ('A' <= s[i] && s[i] <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r): // combining accent
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == 'ß':
			b.WriteString("ss")
		case r == '’' || r == 'ʼ':
			b.WriteByte('\'')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// words splits folded text into words of letters and digits: "hôtel-de-ville" → [hotel de ville].
func words(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// stopwords are dropped from queries and vocabulary keys: French and English articles and
// prepositions that carry no subject ("salle des fêtes" → salle fetes).
var stopwords = map[string]bool{
	"de": true, "des": true, "du": true, "d": true, "la": true, "le": true, "les": true, "l": true,
	"un": true, "une": true, "et": true, "a": true, "au": true, "aux": true, "en": true, "pour": true,
	"sur": true, "avec": true, "the": true, "of": true, "and": true, "an": true, "for": true,
	"with": true, "to": true, "in": true, "on": true,
}

// queryWords splits a query into words without stopwords, unless only stopwords were typed.
func queryWords(s string) []string {
	all := words(s)
	out := all[:0:0]
	for _, w := range all {
		if !stopwords[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

// singular returns the French or English singular candidates of a plural word, most likely
// first: "velos" → velo, "chevaux" → cheval, "bateaux" → bateau, "bikes" → bike,
// "libraries" → library. It returns nil for words that do not look plural.
func singular(w string) []string {
	if len(w) < 4 {
		return nil
	}
	var out []string
	switch {
	case strings.HasSuffix(w, "aux"):
		out = append(out, w[:len(w)-3]+"al", w[:len(w)-1]) // chevaux → cheval; bateaux → bateau
	case strings.HasSuffix(w, "ies"):
		out = append(out, w[:len(w)-3]+"y", w[:len(w)-1])
	case strings.HasSuffix(w, "x"):
		out = append(out, w[:len(w)-1]) // jeux → jeu, cheveux → cheveu
	case strings.HasSuffix(w, "ses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		out = append(out, w[:len(w)-1], w[:len(w)-2]) // maisons… buses → bus, churches → church
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		out = append(out, w[:len(w)-1])
	}
	return out
}
