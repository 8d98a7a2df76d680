package offline

import (
	"bufio"
	_ "embed"
	"fmt"
	"sort"
	"strings"
)

// vocabFR maps French words to English keywords of the icon sets (see the file's header);
// vocabEN maps a few English words to the words the sets use instead.
var (
	//go:embed vocab_fr.txt
	vocabFR string
	//go:embed vocab_en.txt
	vocabEN string
)

// maxPhrase is the longest vocabulary key, in words (stopwords excluded).
const maxPhrase = 4

// vocabulary maps folded French keys (words joined by one space, stopwords removed) to English
// search terms, best first.
type vocabulary struct {
	entries map[string][]string
	keys    []string // single-word keys, sorted, for prefix look-up
}

// parseVocabulary reads lines "french, other french = english, other english". Targets are
// words ("bike"), keywords of several words ("town hall") or whole icon names: any target with
// a hyphen ("building-bank"), or a word marked "icon:" ("icon:bank" finds the icon named bank
// but not piggy-bank).
func parseVocabulary(files ...string) (*vocabulary, error) {
	v := &vocabulary{entries: map[string][]string{}}
	for _, text := range files {
		if err := v.parse(text); err != nil {
			return nil, err
		}
	}
	for k := range v.entries {
		if !strings.Contains(k, " ") {
			v.keys = append(v.keys, k)
		}
	}
	sort.Strings(v.keys)
	return v, nil
}

func (v *vocabulary) parse(text string) error {
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("vocabulary line %d: no '='", n)
		}
		var targets []string
		for _, t := range strings.Split(right, ",") {
			t = strings.TrimSpace(t)
			if t == "" {
				continue
			}
			switch name, isName := strings.CutPrefix(t, "icon:"); {
			case isName || strings.Contains(t, "-"):
				targets = append(targets, "="+strings.Join(words(name), "-"))
			default:
				targets = append(targets, strings.Join(words(t), " "))
			}
		}
		if len(targets) == 0 {
			return fmt.Errorf("vocabulary line %d: no English keyword", n)
		}
		for _, k := range strings.Split(left, ",") {
			w := queryWords(k)
			if len(w) == 0 {
				continue
			}
			if len(w) > maxPhrase {
				return fmt.Errorf("vocabulary line %d: %q has more than %d words", n, k, maxPhrase)
			}
			key := strings.Join(w, " ")
			v.entries[key] = appendNew(v.entries[key], targets...)
		}
	}
	return sc.Err()
}

// lookup returns the targets of a key, trying singular forms of a one-word key.
func (v *vocabulary) lookup(key string) ([]string, bool) {
	if t, ok := v.entries[key]; ok {
		return t, true
	}
	if !strings.Contains(key, " ") {
		for _, s := range singular(key) {
			if t, ok := v.entries[s]; ok {
				return t, true
			}
		}
	}
	return nil, false
}

// completions returns up to max one-word keys that start with p, shortest first.
func (v *vocabulary) completions(p string, max int) []string {
	i := sort.SearchStrings(v.keys, p)
	var out []string
	for ; i < len(v.keys) && strings.HasPrefix(v.keys[i], p); i++ {
		out = append(out, v.keys[i])
	}
	sort.SliceStable(out, func(a, b int) bool { return len(out[a]) < len(out[b]) })
	if len(out) > max {
		out = out[:max]
	}
	return out
}

func appendNew(list []string, add ...string) []string {
	for _, a := range add {
		dup := false
		for _, x := range list {
			if x == a {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, a)
		}
	}
	return list
}
