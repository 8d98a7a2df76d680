package providers

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"affiche/library"
	"affiche/library/cache"
	"affiche/library/fetch"
)

// Env is what every provider is built with besides its own settings.
type Env struct {
	// Fetch holds the client settings shared by all providers (proxy, address allowances for a
	// self-hosted provider, limits, resolver). Its Hosts are ignored: each provider allows only
	// its own hosts.
	Fetch fetch.Config
	// Cache, when not nil, keeps what a provider must remember between requests (the image URLs
	// of a search result, paging cursors). Without it a small in-memory store is used.
	Cache *cache.Cache
	// ItemURL builds the URL of an item at a size on Affiche's server; default DefaultItemURL.
	ItemURL func(id string, size library.Size) string
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

func (e Env) now() func() time.Time {
	if e.Now != nil {
		return e.Now
	}
	return time.Now
}

// meta is what a provider remembers about an item between a search and a fetch.
type meta struct {
	URLs     map[library.Size]string `json:"urls"`
	Download string                  `json:"download,omitempty"` // Unsplash download_location
}

// store keeps small records: through the disk cache when there is one, else in memory.
type store struct {
	provider, fingerprint string
	disk                  *cache.Cache
	now                   func() time.Time

	mu  sync.Mutex
	mem map[string]memRecord
}

type memRecord struct {
	data    []byte
	expires time.Time
}

const memStoreMax = 20_000

func newStore(provider, fingerprint string, env Env) *store {
	return &store{provider: provider, fingerprint: fingerprint, disk: env.Cache, now: env.now(), mem: map[string]memRecord{}}
}

func (s *store) put(kind, key string, v any, ttl time.Duration) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	if s.disk != nil {
		_ = s.disk.Put(cache.NewKey("providers-"+kind, s.provider, s.fingerprint, key), b, nil, ttl)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.mem) >= memStoreMax { // drop the expired, then anything, to stay bounded
		now := s.now()
		for k, r := range s.mem {
			if now.After(r.expires) || len(s.mem) >= memStoreMax {
				delete(s.mem, k)
			}
			if len(s.mem) < memStoreMax*9/10 {
				break
			}
		}
	}
	s.mem[kind+"\x00"+key] = memRecord{data: b, expires: s.now().Add(ttl)}
}

func (s *store) get(kind, key string, v any) bool {
	var b []byte
	if s.disk != nil {
		e, ok := s.disk.Get(cache.NewKey("providers-"+kind, s.provider, s.fingerprint, key))
		if !ok {
			return false
		}
		b = e.Data
	} else {
		s.mu.Lock()
		r, ok := s.mem[kind+"\x00"+key]
		s.mu.Unlock()
		if !ok || s.now().After(r.expires) {
			return false
		}
		b = r.data
	}
	return json.Unmarshal(b, v) == nil
}

// base is embedded in every provider: its Info, API plumbing and record store.
type base struct {
	info    Info
	api     *api
	store   *store
	itemURL func(id string, size library.Size) string
}

func newBase(info Info, a *api, env Env) base {
	u := env.ItemURL
	if u == nil {
		u = DefaultItemURL
	}
	return base{info: info, api: a, store: newStore(info.Name, info.Fingerprint, env), itemURL: u}
}

// Info describes the provider.
func (b *base) Info() Info { return b.info }

// newItem fills the fields every item has: ids and the URLs through Affiche's server.
func (b *base) newItem(id string, kind library.Kind) library.Item {
	full := b.info.Name + ":" + id
	return library.Item{
		ID: full, Provider: b.info.Name, Kind: kind,
		ThumbURL:   b.itemURL(full, library.SizeThumb),
		PreviewURL: b.itemURL(full, library.SizePreview),
		FullURL:    b.itemURL(full, library.SizeFull),
	}
}

// remember keeps an item's image URLs for a later Fetch.
func (b *base) remember(id string, m meta) {
	b.store.put("meta", id, m, max(b.info.AssetTTL, b.info.SearchTTL))
}

func (b *base) recall(id string) (meta, bool) {
	var m meta
	ok := b.store.get("meta", id, &m)
	return m, ok
}

// checkID refuses ids that do not match a provider's id syntax before they reach a URL.
func (b *base) checkID(id string, re *regexp.Regexp) error {
	if !re.MatchString(id) {
		return newError(b.info.Name, CodeBadRequest, 0, "invalid id")
	}
	return nil
}

// fetchURL returns the URL to fetch for id at size, recalling it from a search or, when the
// record has expired (a design opened days later), asking the provider with lookup.
func (b *base) fetchURL(ctx context.Context, id string, size library.Size, lookup func(context.Context, string) (meta, error)) (string, meta, error) {
	m, ok := b.recall(id)
	if !ok {
		var err error
		if m, err = lookup(ctx, id); err != nil {
			return "", m, err
		}
		b.remember(id, m)
	}
	u := m.URLs[size]
	if u == "" {
		for _, s := range []library.Size{library.SizePreview, library.SizeFull, library.SizeThumb} {
			if u = m.URLs[s]; u != "" {
				break
			}
		}
	}
	if u == "" {
		return "", m, newError(b.info.Name, CodeNotFound, 0, "no image URL")
	}
	return u, m, nil
}

// page normalises a query's paging for a provider with a per-page maximum.
func page(q library.Query, def, maxPer int) (pageNum, perPage int) {
	pageNum, perPage = q.Page, q.PerPage
	if pageNum < 1 {
		pageNum = 1
	}
	if perPage <= 0 {
		perPage = def
	}
	if perPage > maxPer {
		perPage = maxPer
	}
	return pageNum, perPage
}

// cleanQuery trims a search text, collapses its spaces and bounds its length (in characters).
func cleanQuery(s string, maxLen int) string {
	s = strings.Join(strings.Fields(s), " ")
	if maxLen > 0 && utf8.RuneCountInString(s) > maxLen {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:maxLen]))
	}
	return s
}

var (
	reDigits = regexp.MustCompile(`^[0-9]{1,20}$`)
	reSlug   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	reUUID   = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// emptyPage is a page with no results.
func emptyPage(pageNum, perPage int) library.Page {
	return library.Page{Items: []library.Item{}, Total: 0, Page: pageNum, PerPage: perPage}
}
