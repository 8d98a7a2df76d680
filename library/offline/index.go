package offline

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// Weights of the places a query word can be found in an item. A whole-name match beats a name
// word, which beats a keyword, which beats a category.
const (
	weightFullName = 16 // the item's whole name: "=bike" for tabler:bike
	weightNameWord = 10 // one word of the name: "bike" in "bike-off"
	weightPhrase   = 7  // a whole multi-word keyword: "town hall"
	weightTag      = 6  // one word of a keyword
	weightCategory = 2.5

	prefixFactor = 0.6 // a word typed in part ("calend" → calendar) counts this much
)

// posting says that a term occurs in an item with a weight.
type posting struct {
	item   int32
	weight float32
}

// index is an inverted index from folded terms to the items that contain them. Terms are words
// ("bike"), multi-word keywords ("town hall") and whole names, marked by a leading "="
// ("=bike", "=building-bank") so that a whole name is told apart from a word of a longer name.
type index struct {
	terms    []string             // sorted, for prefix search
	postings map[string][]posting // term → items, one posting per item (the best weight)
}

// indexBuilder collects terms item by item.
type indexBuilder struct {
	post map[string][]posting
}

func newIndexBuilder() *indexBuilder { return &indexBuilder{post: map[string][]posting{}} }

// add records that item contains term with weight, keeping the best weight per item.
func (b *indexBuilder) add(item int32, term string, weight float32) {
	if term == "" {
		return
	}
	p := b.post[term]
	if n := len(p); n > 0 && p[n-1].item == item {
		if weight > p[n-1].weight {
			p[n-1].weight = weight
		}
		return
	}
	b.post[term] = append(p, posting{item, weight})
}

// addName indexes an item's name: the whole name and each word, shorter names scoring higher
// so that "home" ranks above "home-off" and "home-bolt".
func (b *indexBuilder) addName(item int32, name string) {
	w := words(name)
	if len(w) == 0 {
		return
	}
	b.add(item, "="+strings.Join(w, "-"), weightFullName)
	scale := float32(1 / (1 + 0.12*float64(len(w)-1)))
	for i, x := range w {
		f := scale
		if i > 0 {
			f *= 0.95 // the first word usually names the object: "car-crash" is a car
		}
		b.add(item, x, weightNameWord*f)
	}
}

// addTag indexes a keyword: the whole phrase (when it has several words) and each word.
func (b *indexBuilder) addTag(item int32, tag string, weight float32) {
	w := words(tag)
	if len(w) > 1 {
		b.add(item, strings.Join(w, " "), weightPhrase*weight/weightTag)
	}
	for _, x := range w {
		b.add(item, x, weight)
	}
}

func (b *indexBuilder) build() *index {
	ix := &index{postings: b.post, terms: make([]string, 0, len(b.post))}
	for t, p := range b.post {
		ix.terms = append(ix.terms, t)
		b.post[t] = slices.Clip(p)
	}
	sort.Strings(ix.terms)
	return ix
}

// prefixed calls fn for every term that starts with p (p itself included).
func (ix *index) prefixed(p string, fn func(term string, ps []posting)) {
	i := sort.SearchStrings(ix.terms, p)
	for ; i < len(ix.terms) && strings.HasPrefix(ix.terms[i], p); i++ {
		fn(ix.terms[i], ix.postings[ix.terms[i]])
	}
}

// alternative is one way of reading a query unit: a term to look up and how much a hit counts.
type alternative struct {
	term   string
	factor float32
	prefix bool // also match terms that start with term
}

// unitScores computes, for one query unit, each item's best score over its alternatives.
// scores must be zero on entry for every item; touched receives the items given a score.
func (ix *index) unitScores(alts []alternative, scores []float32, touched []int32) []int32 {
	for _, a := range alts {
		visit := func(term string, ps []posting) {
			f := a.factor
			if term != a.term {
				f *= prefixFactor
				// A long completion is a weaker hint than a short one: "velo" → "velodrome".
				f *= float32(math.Max(0.5, 1-0.04*float64(len(term)-len(a.term))))
			}
			for _, p := range ps {
				s := p.weight * f
				if old := scores[p.item]; s > old {
					if old == 0 {
						touched = append(touched, p.item)
					}
					scores[p.item] = s
				}
			}
		}
		if a.prefix {
			ix.prefixed(a.term, visit)
		} else if ps, ok := ix.postings[a.term]; ok {
			visit(a.term, ps)
		}
	}
	return touched
}
