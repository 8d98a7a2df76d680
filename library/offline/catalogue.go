// Package offline is Affiche's embedded library: icons, illustrations, photos, generated
// backgrounds and shape presets that work with no network, searchable in French and English,
// plus the organisation's own folder of photos and logos when an admin configures one.
//
// Load builds the search index from package assets; drawings and photos are decoded only when
// asked for. A Catalogue is safe for concurrent use.
package offline

import (
	"errors"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	"affiche/assets"
	"affiche/library"
	"affiche/library/offline/shapes"
)

// Provider names used in item ids and library.Item.Provider.
const (
	ProviderOffline = "offline" // the embedded library
	ProviderOrg     = "org"     // the organisation's own folder
)

// Paging defaults of Search.
const (
	DefaultPerPage = 48
	MaxPerPage     = 200
)

// Errors returned by the Catalogue. Others come from decoding files.
var (
	ErrNotFound = errors.New("offline: no such item")
	ErrBadColor = errors.New("offline: colour must be #rgb, #rrggbb (with optional alpha) or a colour name")
	ErrNotSVG   = errors.New("offline: item is not a vector drawing")
	ErrBadSize  = errors.New("offline: unknown size")
)

// source tells where an entry's bytes come from.
type source uint8

const (
	srcIcon source = iota
	srcPhoto
	srcBackground
	srcShape
	srcOrg
)

// entry is one item of the catalogue, in the compact form kept in memory; Search and Get turn
// it into a library.Item.
type entry struct {
	id       string
	kind     library.Kind
	src      source
	set      int16  // icon set (srcIcon), background (srcBackground), folder (srcOrg)
	name     string // icon name, photo id, background id, shape id, org path
	titleFr  string // "" for icons: the title is the name
	titleEn  string
	w, h     int
	mime     string
	tags     []string
	category string
	credit   *library.Credit
	photo    *assets.Photo
	shape    *shapes.Preset
	org      *orgFile
}

// iconSet is an embedded icon set; its drawings are decoded on first use.
type iconSet struct {
	assets.IconSet
	credit *library.Credit
	data   func() (*assets.IconData, error)
}

// URLFunc returns the server URL that serves an item at a size.
type URLFunc func(id string, size library.Size) string

// DefaultURL is the URL scheme used until SetURL is called: /api/library/items/{id}?size=….
func DefaultURL(id string, size library.Size) string {
	return "/api/library/items/" + url.PathEscape(id) + "?size=" + string(size)
}

// Catalogue is the searchable offline library.
type Catalogue struct {
	vocab *vocabulary
	sets  []*iconSet
	base  []entry // embedded items, never changed after Load
	ix    *index  // over base
	byID  map[string]int32
	cache *byteCache

	mu      sync.RWMutex
	url     URLFunc
	folders []*folder
	org     []entry // items of the organisation's folders
	orgIx   *index  // over org, item numbers offset by len(base)
	orgByID map[string]int32
}

// Load builds the catalogue from the embedded assets.
func Load() (*Catalogue, error) {
	vocab, err := parseVocabulary(vocabFR, vocabEN)
	if err != nil {
		return nil, err
	}
	photos, err := assets.Photos()
	if err != nil {
		return nil, err
	}
	sets, err := assets.IconSets()
	if err != nil {
		return nil, err
	}
	n := len(shapes.Presets()) + len(photos) + len(backgrounds)
	for _, s := range sets {
		n += s.Count
	}
	c := &Catalogue{vocab: vocab, base: make([]entry, 0, n), byID: make(map[string]int32, n), url: DefaultURL,
		cache: newByteCache(DefaultCacheBytes), orgIx: newIndexBuilder().build(), orgByID: map[string]int32{}}
	b := newIndexBuilder()
	for _, p := range shapes.Presets() {
		c.addShape(b, p)
	}
	for i := range photos {
		c.addPhoto(b, &photos[i])
	}
	for i := range backgrounds {
		c.addBackground(b, i)
	}
	for i, s := range sets {
		if err := c.addIconSet(b, int16(i), s); err != nil {
			return nil, err
		}
	}
	c.ix = b.build()
	return c, nil
}

// SetURL sets how item URLs are built, to match the server's routes.
func (c *Catalogue) SetURL(f URLFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.url = f
}

// SetCacheBytes bounds the memory used by cached thumbnails, previews and generated images.
func (c *Catalogue) SetCacheBytes(n int64) { c.cache.setLimit(n) }

func (c *Catalogue) push(b *indexBuilder, e entry) int32 {
	n := int32(len(c.base))
	c.base = append(c.base, e)
	c.byID[e.id] = n
	return n
}

func (c *Catalogue) addIconSet(b *indexBuilder, n int16, s assets.IconSet) error {
	idx, err := assets.LoadIconIndex(s.Prefix)
	if err != nil {
		return err
	}
	prefix := s.Prefix
	set := &iconSet{IconSet: s,
		credit: &library.Credit{Provider: s.Name, Author: s.Author, AuthorURL: s.AuthorURL,
			Licence: s.Licence, LicenceURL: s.LicenceURL, SourceURL: s.AuthorURL,
			Text: s.Name + " (" + s.Licence + ")"},
		data: sync.OnceValues(func() (*assets.IconData, error) { return assets.LoadIconData(prefix) }),
	}
	c.sets = append(c.sets, set)
	kind := library.KindIcon
	if s.Kind == assets.IconKindIllustration {
		kind = library.KindIllustration
	}
	for _, ic := range idx.Icons {
		w, h := ic.Width, ic.Height
		if w == 0 {
			w = idx.Width
		}
		if h == 0 {
			h = idx.Height
		}
		i := c.push(b, entry{id: s.Prefix + ":" + ic.Name, kind: kind, src: srcIcon, set: n, name: ic.Name,
			w: w, h: h, mime: "image/svg+xml", tags: ic.Tags, category: ic.Category, credit: set.credit})
		b.addName(i, ic.Name)
		for _, t := range ic.Tags {
			b.addTag(i, t, weightTag)
		}
		b.addTag(i, ic.Category, weightCategory)
	}
	return nil
}

func (c *Catalogue) addPhoto(b *indexBuilder, p *assets.Photo) {
	cr := &library.Credit{Provider: "Affiche", Author: p.Author, Licence: p.Licence, LicenceURL: p.LicenceURL,
		SourceURL: p.SourceURL, Text: p.Author + ", " + licenceLabel(p.Licence), Required: p.Licence != "CC0-1.0"}
	i := c.push(b, entry{id: "photo:" + p.ID, kind: library.KindPhoto, src: srcPhoto, name: p.ID,
		titleFr: p.TitleFr, titleEn: p.TitleEn, w: p.Width, h: p.Height, mime: "image/jpeg",
		tags: p.Tags, credit: cr, photo: p})
	c.indexTitles(b, i, p.TitleFr, p.TitleEn)
	for _, t := range p.Tags {
		b.addTag(i, t, weightTag)
	}
	b.addTag(i, "photo", weightCategory)
	b.addTag(i, "photograph", weightCategory)
}

func (c *Catalogue) addBackground(b *indexBuilder, n int) {
	bg := &backgrounds[n]
	i := c.push(b, entry{id: "background:" + bg.id, kind: library.KindPhoto, src: srcBackground, set: int16(n),
		name: bg.id, titleFr: bg.titleFr, titleEn: bg.titleEn, w: backgroundWidth, h: backgroundHeight,
		mime: bg.mime(), tags: bg.tags, category: "background", credit: generatedCredit})
	c.indexTitles(b, i, bg.titleFr, bg.titleEn)
	for _, t := range bg.tags {
		b.addTag(i, t, weightTag)
	}
	for _, t := range []string{"background", "fond", "arrière-plan", "wallpaper"} {
		b.addTag(i, t, weightTag)
	}
}

func (c *Catalogue) addShape(b *indexBuilder, p *shapes.Preset) {
	i := c.push(b, entry{id: "shape:" + p.ID, kind: library.KindShape, src: srcShape, name: p.ID,
		titleFr: p.LabelFr, titleEn: p.LabelEn, w: int(p.Params.Width), h: int(p.Params.Height),
		mime: "image/svg+xml", tags: p.Tags, credit: generatedCredit, shape: p})
	c.indexTitles(b, i, p.LabelFr, p.LabelEn)
	for _, t := range p.Tags {
		b.addTag(i, t, weightTag)
	}
	b.addTag(i, p.Params.Type, weightCategory)
}

// indexTitles indexes both titles of a photo or shape as names: "Pissenlits au soleil".
func (c *Catalogue) indexTitles(b *indexBuilder, i int32, titles ...string) {
	for _, t := range titles {
		w := queryWords(t)
		b.add(i, "="+strings.Join(w, "-"), weightFullName)
		for _, x := range w {
			b.add(i, x, weightNameWord*0.9)
			for _, s := range singular(x) {
				b.add(i, s, weightNameWord*0.85)
			}
		}
	}
}

// generatedCredit is the credit of what Affiche draws itself (shapes, backgrounds).
var generatedCredit = &library.Credit{Provider: "Affiche", Licence: "CC0-1.0",
	LicenceURL: "https://creativecommons.org/publicdomain/zero/1.0/"}

func licenceLabel(spdx string) string {
	switch spdx {
	case "CC-BY-4.0":
		return "CC BY 4.0"
	case "CC0-1.0":
		return "CC0"
	}
	return spdx
}

// entryAt returns entry number i of base or org. The caller holds c.mu for org entries.
func (c *Catalogue) entryAt(i int32) *entry {
	if int(i) < len(c.base) {
		return &c.base[i]
	}
	return &c.org[int(i)-len(c.base)]
}

// find returns the entry with the given id. The caller holds c.mu.
func (c *Catalogue) find(id string) (*entry, bool) {
	if i, ok := c.byID[id]; ok {
		return &c.base[i], true
	}
	if i, ok := c.orgByID[id]; ok {
		return c.entryAt(i), true
	}
	return nil, false
}

// Get returns the item with the given id, its title in French.
func (c *Catalogue) Get(id string) (library.Item, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.find(id)
	if !ok {
		return library.Item{}, false
	}
	return c.item(e, "fr"), true
}

// Sets returns the embedded icon sets with their licences, for an "about the library" page.
func (c *Catalogue) Sets() []assets.IconSet {
	out := make([]assets.IconSet, len(c.sets))
	for i, s := range c.sets {
		out[i] = s.IconSet
	}
	return out
}

// Len returns the number of items, embedded and organisation's.
func (c *Catalogue) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.base) + len(c.org)
}

// item turns an entry into the normalised item, title in lang ("en" or French otherwise).
func (c *Catalogue) item(e *entry, lang string) library.Item {
	it := library.Item{ID: e.id, Provider: ProviderOffline, Kind: e.kind, Width: e.w, Height: e.h,
		Mime: e.mime, Tags: slices.Clone(e.tags), Credit: e.credit}
	if e.src == srcOrg {
		it.Provider = ProviderOrg
	}
	switch {
	case e.titleFr == "" && e.titleEn == "":
		it.Title = strings.ReplaceAll(e.name, "-", " ")
	case lang == "en" && e.titleEn != "":
		it.Title = e.titleEn
	default:
		it.Title = e.titleFr
	}
	if e.shape != nil {
		p := e.shape.Params
		p.Dash = slices.Clone(p.Dash)
		it.Shape = &p
	}
	if e.credit != nil {
		cr := *e.credit
		it.Credit = &cr
	}
	it.ThumbURL = c.url(e.id, library.SizeThumb)
	it.PreviewURL = c.url(e.id, library.SizePreview)
	it.FullURL = c.url(e.id, library.SizeFull)
	return it
}

// Search finds items matching q.Text in French or English. Words are matched without accents
// or case, a word may be typed in part, and all words must match (if no item matches them all,
// items matching some of them are returned). An empty text lists the items in catalogue order
// (shapes, photos, backgrounds, the organisation's files, then icon sets). q.Kind and q.Provider
// ("offline" or "org") filter the results.
func (c *Catalogue) Search(q library.Query) library.Page {
	c.mu.RLock()
	defer c.mu.RUnlock()
	per := q.PerPage
	if per <= 0 {
		per = DefaultPerPage
	}
	per = min(per, MaxPerPage)
	page := max(q.Page, 1)

	var hits []int32
	if strings.TrimSpace(q.Text) == "" {
		hits = c.browse(q)
	} else {
		hits = c.rank(q)
	}
	out := library.Page{Items: []library.Item{}, Total: len(hits), Page: page, PerPage: per}
	start := (page - 1) * per
	if start < len(hits) {
		end := min(start+per, len(hits))
		for _, i := range hits[start:end] {
			out.Items = append(out.Items, c.item(c.entryAt(i), q.Lang))
		}
		if end < len(hits) {
			out.NextPage = page + 1
		}
	}
	return out
}

// keep applies the query's kind and provider filters.
func keep(e *entry, q library.Query) bool {
	if q.Kind != "" && e.kind != q.Kind {
		return false
	}
	switch q.Provider {
	case "":
	case ProviderOrg:
		return e.src == srcOrg
	case ProviderOffline:
		return e.src != srcOrg
	default:
		return false
	}
	return true
}

func (c *Catalogue) browse(q library.Query) []int32 {
	var out []int32
	n := int32(len(c.base))
	add := func(from, to int32, want func(*entry) bool) {
		for i := from; i < to; i++ {
			if e := c.entryAt(i); want(e) && keep(e, q) {
				out = append(out, i)
			}
		}
	}
	notIcon := func(e *entry) bool { return e.src != srcIcon }
	add(0, n, notIcon)
	add(n, n+int32(len(c.org)), func(*entry) bool { return true })
	add(0, n, func(e *entry) bool { return e.src == srcIcon })
	return out
}

// unit is one part of a query that an item must match: any of alts, or, for a phrase of the
// vocabulary, all of its words as typed ("fête de la musique" finds the music icons and also a
// file named Fête_de_la_musique.jpg).
type unit struct {
	alts  []alternative
	words [][]alternative
}

// units turns the query into units: a French phrase found in the vocabulary is one unit
// ("salle des fêtes"), every other word is one.
func (c *Catalogue) units(text string) []unit {
	w := queryWords(text)
	var units []unit
	for i := 0; i < len(w); {
		n := min(maxPhrase, len(w)-i)
		for ; n >= 2; n-- {
			if t, ok := c.vocab.entries[strings.Join(w[i:i+n], " ")]; ok {
				u := unit{alts: vocabAlternatives(nil, t, 1)}
				for _, x := range w[i : i+n] {
					u.words = append(u.words, directAlternatives(x))
				}
				units = append(units, u)
				break
			}
		}
		if n >= 2 {
			i += n
			continue
		}
		units = append(units, unit{alts: c.wordAlternatives(w[i])})
		i++
	}
	return units
}

// wordAlternatives reads one query word: as typed (also as the start of a longer word), as a
// singular, and through the French vocabulary (or its completions when typed in part).
func (c *Catalogue) wordAlternatives(w string) []alternative {
	alts := directAlternatives(w)
	if t, ok := c.vocab.lookup(w); ok {
		return vocabAlternatives(alts, t, 1)
	}
	if len(w) >= 3 {
		for _, k := range c.vocab.completions(w, 3) {
			alts = vocabAlternatives(alts, c.vocab.entries[k], 0.7)
		}
	}
	return alts
}

// directAlternatives reads a word as typed: whole, as the start of a longer word, as a singular.
func directAlternatives(w string) []alternative {
	alts := []alternative{{term: w, factor: 1, prefix: len(w) >= 2}, {term: "=" + w, factor: 1, prefix: len(w) >= 2}}
	for _, s := range singular(w) {
		alts = append(alts, alternative{term: s, factor: 0.95}, alternative{term: "=" + s, factor: 0.95})
	}
	return alts
}

// vocabAlternatives adds a vocabulary entry's English terms, the first ones counting most. A
// one-word term is looked up both as a word and as a whole name.
func vocabAlternatives(alts []alternative, targets []string, factor float32) []alternative {
	for k, t := range targets {
		f := max(0.6, 0.92-0.04*float32(k)) * factor
		alts = append(alts, alternative{term: t, factor: f})
		if !strings.ContainsAny(t, " =") {
			alts = append(alts, alternative{term: "=" + t, factor: f})
		}
	}
	return alts
}

// phraseWords scores the items that match every word of a phrase by the sum of their word
// scores, where that beats the phrase's own score in unit; touched is extended as in unitScores.
func (c *Catalogue) phraseWords(words [][]alternative, unit []float32, touched []int32) []int32 {
	if len(words) == 0 {
		return touched
	}
	sum := map[int32]float32{}
	count := map[int32]int{}
	tmp := make([]float32, len(unit))
	var hit []int32
	for _, alts := range words {
		hit = hit[:0]
		hit = c.ix.unitScores(alts, tmp, hit)
		hit = c.orgIx.unitScores(alts, tmp, hit)
		for _, i := range hit {
			sum[i] += tmp[i]
			count[i]++
			tmp[i] = 0
		}
	}
	for i, n := range count {
		if n == len(words) && sum[i] > unit[i] {
			if unit[i] == 0 {
				touched = append(touched, i)
			}
			unit[i] = sum[i]
		}
	}
	return touched
}

// scored is a candidate result.
type scored struct {
	item  int32
	score float32
}

func (c *Catalogue) rank(q library.Query) []int32 {
	units := c.units(q.Text)
	if len(units) == 0 {
		return nil
	}
	total := len(c.base) + len(c.org)
	sum := make([]float32, total)
	count := make([]uint8, total)
	unit := make([]float32, total)
	var seen []int32
	var touched []int32
	for _, u := range units {
		touched = touched[:0]
		touched = c.ix.unitScores(u.alts, unit, touched)
		touched = c.orgIx.unitScores(u.alts, unit, touched)
		touched = c.phraseWords(u.words, unit, touched)
		for _, i := range touched {
			if count[i] == 0 {
				seen = append(seen, i)
			}
			sum[i] += unit[i]
			count[i]++
			unit[i] = 0
		}
	}
	var res []scored
	for _, all := range []bool{true, false} {
		for _, i := range seen {
			if all && int(count[i]) != len(units) {
				continue
			}
			e := c.entryAt(i)
			if !keep(e, q) {
				continue
			}
			s := sum[i]
			if !all {
				s *= float32(count[i]) / float32(len(units))
			}
			// The whole query is the item's name: "building bank" → building-bank.
			if len(units) > 1 && strings.Join(queryWords(q.Text), "-") == e.name {
				s += weightFullName
			}
			res = append(res, scored{i, s})
		}
		if len(res) > 0 {
			break
		}
	}
	sort.Slice(res, func(a, b int) bool {
		ea, eb := c.entryAt(res[a].item), c.entryAt(res[b].item)
		if res[a].score != res[b].score {
			return res[a].score > res[b].score
		}
		if len(ea.name) != len(eb.name) {
			return len(ea.name) < len(eb.name)
		}
		return res[a].item < res[b].item
	})
	return c.diversify(res)
}

// diversify interleaves groups (icon sets, photos, the organisation's files): each result
// counts a little less for every result of its group already placed above it, so that the
// first page shows several styles instead of forty variants from one set.
func (c *Catalogue) diversify(res []scored) []int32 {
	const decay = 0.96
	group := func(e *entry) int {
		if e.src == srcIcon {
			return int(e.set)
		}
		return -1 - int(e.src)
	}
	queues := map[int][]scored{}
	var order []int
	for _, r := range res {
		g := group(c.entryAt(r.item))
		if _, ok := queues[g]; !ok {
			order = append(order, g)
		}
		queues[g] = append(queues[g], r)
	}
	factor := map[int]float32{}
	for _, g := range order {
		factor[g] = 1
	}
	out := make([]int32, 0, len(res))
	for len(out) < len(res) {
		best, bestScore := 0, float32(-1)
		for _, g := range order {
			q := queues[g]
			if len(q) == 0 {
				continue
			}
			if s := q[0].score * factor[g]; s > bestScore {
				best, bestScore = g, s
			}
		}
		out = append(out, queues[best][0].item)
		queues[best] = queues[best][1:]
		factor[best] = max(factor[best]*decay, 0.5)
	}
	return out
}
