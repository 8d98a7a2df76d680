package providers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"affiche/library"
	"affiche/library/cache"
	"affiche/library/fetch"
)

// Names of the providers, in the order they are listed.
var Names = []string{"unsplash", "pexels", "pixabay", "openverse", "commons", "iconify", "nounproject", "iconfinder"}

var titles = map[string]string{
	"unsplash": "Unsplash", "pexels": "Pexels", "pixabay": "Pixabay", "openverse": "Openverse",
	"commons": "Wikimedia Commons", "iconify": "Iconify", "nounproject": "Noun Project", "iconfinder": "Iconfinder",
}

// Config is the whole online-library configuration. The zero value turns everything off.
type Config struct {
	Unsplash    UnsplashConfig
	Pexels      PexelsConfig
	Pixabay     PixabayConfig
	Openverse   OpenverseConfig
	Commons     CommonsConfig
	Iconify     IconifyConfig
	NounProject NounProjectConfig
	Iconfinder  IconfinderConfig

	// Fetch holds the outgoing-client settings shared by all providers: Proxy
	// (AFFICHE_FETCH_PROXY), AllowAddrs (AFFICHE_FETCH_ALLOW_PRIVATE), limits. Hosts is ignored.
	Fetch fetch.Config
	// CacheDir is where search answers and images are cached (AFFICHE_LIBRARY_CACHE_DIR); empty
	// means no disk cache. CacheMaxBytes bounds it (AFFICHE_LIBRARY_CACHE_MAX_MB; default 512 MiB).
	CacheDir      string
	CacheMaxBytes int64
	// ItemURL builds item URLs on Affiche's server; default DefaultItemURL.
	ItemURL func(id string, size library.Size) string
	// SearchTimeout bounds one provider's search within a fan-out; default 10 s.
	SearchTimeout time.Duration
	// Now is the clock (tests).
	Now func() time.Time
}

// ConfigFromEnv reads the AFFICHE_* variables documented in docs/providers.md through getenv
// (os.Getenv). Nothing is enabled unless its variables are set.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	var c Config
	var errs []error
	str := func(k string) string { return strings.TrimSpace(getenv(k)) }
	flag := func(k string) bool {
		switch v := strings.ToLower(str(k)); v {
		case "", "0", "false", "no", "off", "non":
			return false
		case "1", "true", "yes", "on", "oui":
			return true
		default:
			errs = append(errs, fmt.Errorf("%s=%q: not a boolean (true/false)", k, v))
			return false
		}
	}
	disabled := func(k string) bool { return str(k) != "" && !flag(k) }
	list := func(k string) []string {
		var out []string
		for _, s := range strings.Split(str(k), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	c.Unsplash = UnsplashConfig{AccessKey: str("AFFICHE_UNSPLASH_ACCESS_KEY"), AppName: str("AFFICHE_UNSPLASH_APP_NAME"),
		BaseURL: str("AFFICHE_UNSPLASH_URL"), Disabled: disabled("AFFICHE_UNSPLASH_ENABLED")}
	c.Pexels = PexelsConfig{APIKey: str("AFFICHE_PEXELS_API_KEY"), BaseURL: str("AFFICHE_PEXELS_URL"), Disabled: disabled("AFFICHE_PEXELS_ENABLED")}
	c.Pixabay = PixabayConfig{APIKey: str("AFFICHE_PIXABAY_API_KEY"), BaseURL: str("AFFICHE_PIXABAY_URL"), Disabled: disabled("AFFICHE_PIXABAY_ENABLED")}
	c.Openverse = OpenverseConfig{Enabled: flag("AFFICHE_OPENVERSE_ENABLED"), BaseURL: str("AFFICHE_OPENVERSE_URL"),
		LicenseType: str("AFFICHE_OPENVERSE_LICENSE_TYPE"), OriginHosts: list("AFFICHE_OPENVERSE_ORIGIN_HOSTS")}
	c.Commons = CommonsConfig{Enabled: flag("AFFICHE_COMMONS_ENABLED"), BaseURL: str("AFFICHE_COMMONS_URL"), Contact: str("AFFICHE_COMMONS_CONTACT")}
	c.Iconify = IconifyConfig{Enabled: flag("AFFICHE_ICONIFY_ENABLED"), BaseURL: str("AFFICHE_ICONIFY_URL"),
		Prefixes: list("AFFICHE_ICONIFY_PREFIXES"), Licences: list("AFFICHE_ICONIFY_LICENSES")}
	c.NounProject = NounProjectConfig{Key: str("AFFICHE_NOUNPROJECT_KEY"), Secret: str("AFFICHE_NOUNPROJECT_SECRET"),
		BaseURL: str("AFFICHE_NOUNPROJECT_URL"), PublicDomainOnly: flag("AFFICHE_NOUNPROJECT_PUBLIC_DOMAIN_ONLY"),
		Disabled: disabled("AFFICHE_NOUNPROJECT_ENABLED")}
	c.Iconfinder = IconfinderConfig{APIKey: str("AFFICHE_ICONFINDER_API_KEY"), BaseURL: str("AFFICHE_ICONFINDER_URL"),
		License: str("AFFICHE_ICONFINDER_LICENSE"), Disabled: disabled("AFFICHE_ICONFINDER_ENABLED")}
	c.Fetch.Proxy = str("AFFICHE_FETCH_PROXY")
	for _, s := range list("AFFICHE_FETCH_ALLOW_PRIVATE") {
		p, err := parsePrefix(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("AFFICHE_FETCH_ALLOW_PRIVATE: %w", err))
			continue
		}
		c.Fetch.AllowAddrs = append(c.Fetch.AllowAddrs, p)
	}
	c.CacheDir = str("AFFICHE_LIBRARY_CACHE_DIR")
	if v := str("AFFICHE_LIBRARY_CACHE_MAX_MB"); v != "" {
		mb, err := strconv.ParseInt(v, 10, 64)
		if err != nil || mb <= 0 {
			errs = append(errs, fmt.Errorf("AFFICHE_LIBRARY_CACHE_MAX_MB=%q: not a positive number", v))
		}
		c.CacheMaxBytes = mb << 20
	}
	return c, errors.Join(errs...)
}

// Registry holds the enabled providers, the cache, and the fan-out logic.
type Registry struct {
	infos   []Info // every provider, enabled or not
	enabled map[string]Provider
	order   []string
	cache   *cache.Cache
	timeout time.Duration
}

// New builds the enabled providers from cfg and opens the cache. A provider whose settings are
// invalid (a malformed base URL) is an error: better refuse to start than silently drop it.
func New(cfg Config) (*Registry, error) {
	var c *cache.Cache
	if cfg.CacheDir != "" {
		var err error
		if c, err = cache.Open(cache.Options{Dir: cfg.CacheDir, MaxBytes: cfg.CacheMaxBytes, Now: cfg.Now}); err != nil {
			return nil, err
		}
	}
	env := Env{Fetch: cfg.Fetch, Cache: c, ItemURL: cfg.ItemURL, Now: cfg.Now}
	if env.Fetch.UserAgent == "" {
		env.Fetch.UserAgent = "Affiche/1.0 (self-hosted poster editor)"
	}
	var all []Provider
	var errs []error
	add := func(p Provider, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		all = append(all, p)
	}
	add(NewUnsplash(cfg.Unsplash, env))
	add(NewPexels(cfg.Pexels, env))
	add(NewPixabay(cfg.Pixabay, env))
	add(NewOpenverse(cfg.Openverse, env))
	add(NewCommons(cfg.Commons, env))
	add(NewIconify(cfg.Iconify, env))
	add(NewNounProject(cfg.NounProject, env))
	add(NewIconfinder(cfg.Iconfinder, env))
	if len(errs) > 0 {
		return nil, fmt.Errorf("providers: %w", errors.Join(errs...))
	}
	return NewRegistry(all, c, cfg.SearchTimeout), nil
}

// NewRegistry assembles a registry from already built providers (those whose Info says
// Enabled are used) and an optional cache.
func NewRegistry(all []Provider, c *cache.Cache, searchTimeout time.Duration) *Registry {
	if searchTimeout <= 0 {
		searchTimeout = 10 * time.Second
	}
	r := &Registry{enabled: map[string]Provider{}, cache: c, timeout: searchTimeout}
	for _, p := range all {
		info := p.Info()
		r.infos = append(r.infos, info)
		if info.Enabled {
			r.enabled[info.Name] = p
			r.order = append(r.order, info.Name)
		}
	}
	return r
}

// Providers describes every provider, enabled or not (for the admin page and /api/libraries).
func (r *Registry) Providers() []Info { return append([]Info(nil), r.infos...) }

// Enabled describes the enabled providers only.
func (r *Registry) Enabled() []Info {
	var out []Info
	for _, n := range r.order {
		out = append(out, r.enabled[n].Info())
	}
	return out
}

// Hosts lists every host the enabled providers may contact (what leaves the server).
func (r *Registry) Hosts() []string {
	var out []string
	for _, n := range r.order {
		out = append(out, r.enabled[n].Info().Hosts...)
	}
	return out
}

// Provider returns an enabled provider by name.
func (r *Registry) Provider(name string) (Provider, bool) {
	p, ok := r.enabled[name]
	return p, ok
}

// Owns reports whether a library item id ("unsplash:abc") belongs to an online provider — one
// of Names, enabled or not. Other ids belong to the offline catalogue.
func (r *Registry) Owns(id string) bool {
	name, _, ok := strings.Cut(id, ":")
	if !ok {
		return false
	}
	_, known := titles[name]
	return known
}

func (r *Registry) split(id string) (Provider, string, error) {
	name, local, ok := strings.Cut(id, ":")
	if !ok || local == "" {
		return nil, "", newError("library", CodeBadRequest, 0, "invalid item id")
	}
	p, ok := r.enabled[name]
	if !ok {
		if _, known := titles[name]; known {
			return nil, "", newError(name, CodeDisabled, 0, "")
		}
		return nil, "", newError(name, CodeNotFound, 0, "unknown provider")
	}
	return p, local, nil
}

// Result is a search answer: the page, and a notice per provider that could not answer in a
// fan-out (quota reached, unreachable), which the UI shows beside the results.
type Result struct {
	library.Page
	Notices []Notice `json:"notices,omitempty"`
}

// Notice says why one provider is missing from a fan-out's results.
type Notice struct {
	Provider string    `json:"provider"`
	Code     Code      `json:"code"`
	Message  Text      `json:"message"`
	Reset    time.Time `json:"reset,omitzero"`
}

// Search runs q on q.Provider, or — when it is empty — on every enabled provider offering
// q.Kind (every enabled provider when Kind is empty too), and merges their pages by taking
// results from each in turn. A fan-out fails only when every provider failed; otherwise the
// failures become Notices. Answers are cached for each provider's SearchTTL.
func (r *Registry) Search(ctx context.Context, q library.Query) (Result, error) {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.Provider != "" {
		p, ok := r.enabled[q.Provider]
		if !ok {
			code := CodeDisabled
			if _, known := titles[q.Provider]; !known {
				code = CodeNotFound
			}
			return Result{}, newError(q.Provider, code, 0, "")
		}
		if q.Kind != "" && !hasKind(p.Info().Kinds, q.Kind) {
			return Result{Page: emptyPage(q.Page, q.PerPage)}, nil // photos asked of an icon library
		}
		page, err := r.searchOne(ctx, p, q)
		if err != nil {
			return Result{}, err
		}
		return Result{Page: page}, nil
	}
	var targets []Provider
	for _, n := range r.order {
		p := r.enabled[n]
		if q.Kind == "" || hasKind(p.Info().Kinds, q.Kind) {
			targets = append(targets, p)
		}
	}
	if len(targets) == 0 {
		return Result{Page: emptyPage(q.Page, q.PerPage)}, nil
	}
	pages := make([]library.Page, len(targets))
	errs := make([]error, len(targets))
	var wg sync.WaitGroup
	for i, p := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(ctx, r.timeout)
			defer cancel()
			pages[i], errs[i] = r.searchOne(ctx, p, q)
		}()
	}
	wg.Wait()
	var res Result
	res.Page = library.Page{Items: []library.Item{}, Page: q.Page}
	failed := 0
	var firstErr error
	var ok []library.Page
	for i, p := range targets {
		if errs[i] != nil {
			failed++
			pe := AsError(p.Info().Name, errs[i])
			if firstErr == nil || pe.Code == CodeQuota {
				firstErr = pe
			}
			res.Notices = append(res.Notices, Notice{Provider: pe.Provider, Code: pe.Code, Message: messageFor(pe.Code, pe.Provider, pe.Reset), Reset: pe.Reset})
			continue
		}
		ok = append(ok, pages[i])
	}
	if failed == len(targets) {
		return Result{}, firstErr
	}
	res.Page = merge(ok, q.Page)
	return res, nil
}

func hasKind(ks []library.Kind, k library.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// merge interleaves pages: first result of each, then the second of each, …
func merge(pages []library.Page, pageNum int) library.Page {
	out := library.Page{Items: []library.Item{}, Page: pageNum}
	total := 0
	for _, p := range pages {
		out.PerPage += p.PerPage
		if p.Total < 0 || total < 0 {
			total = -1
		} else {
			total += p.Total
		}
		if p.NextPage > 0 {
			out.NextPage = pageNum + 1
		}
	}
	out.Total = total
	for i := 0; ; i++ {
		added := false
		for _, p := range pages {
			if i < len(p.Items) {
				out.Items = append(out.Items, p.Items[i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}

// searchOne runs (or recalls from the cache) one provider's search.
func (r *Registry) searchOne(ctx context.Context, p Provider, q library.Query) (library.Page, error) {
	info := p.Info()
	if r.cache == nil || info.SearchTTL <= 0 {
		return p.Search(ctx, q)
	}
	key := cache.NewKey("search", info.Name, info.Fingerprint, strings.ToLower(cleanQuery(q.Text, 200)),
		string(q.Kind), strconv.Itoa(q.Page), strconv.Itoa(q.PerPage), q.Orientation, strings.ToLower(q.Color), q.Lang)
	e, err := r.cache.GetOrFill(ctx, key, info.SearchTTL, func(ctx context.Context) ([]byte, []byte, error) {
		page, err := p.Search(ctx, q)
		if err != nil {
			return nil, nil, err
		}
		b, err := json.Marshal(page)
		return b, nil, err
	})
	if err != nil {
		return library.Page{}, err
	}
	var page library.Page
	if err := json.Unmarshal(e.Data, &page); err != nil {
		r.cache.Delete(key)
		return p.Search(ctx, q)
	}
	return page, nil
}

type assetMeta struct {
	Mime   string `json:"mime"`
	Width  int    `json:"w,omitempty"`
	Height int    `json:"h,omitempty"`
}

// Open returns the image of item id ("pixabay:195893") at size, from the cache or from the
// provider (then cached for its AssetTTL). The bytes are checked: a raster image within the
// pixel cap, or sanitised SVG.
func (r *Registry) Open(ctx context.Context, id string, size library.Size) (fetch.Asset, error) {
	if _, ok := ParseSize(string(size)); !ok || size == "" {
		return fetch.Asset{}, newError("library", CodeBadRequest, 0, "invalid size")
	}
	p, local, err := r.split(id)
	if err != nil {
		return fetch.Asset{}, err
	}
	info := p.Info()
	if r.cache == nil || info.AssetTTL <= 0 {
		return p.Fetch(ctx, local, size)
	}
	key := cache.NewKey("asset", info.Name, info.Fingerprint, local, string(size))
	e, err := r.cache.GetOrFill(ctx, key, info.AssetTTL, func(ctx context.Context) ([]byte, []byte, error) {
		a, err := p.Fetch(ctx, local, size)
		if err != nil {
			return nil, nil, err
		}
		m, _ := json.Marshal(assetMeta{Mime: a.Mime, Width: a.Width, Height: a.Height})
		return a.Data, m, nil
	})
	if err != nil {
		return fetch.Asset{}, err
	}
	var m assetMeta
	if json.Unmarshal(e.Meta, &m) != nil || m.Mime == "" {
		r.cache.Delete(key)
		return p.Fetch(ctx, local, size)
	}
	return fetch.Asset{Data: e.Data, Mime: m.Mime, Width: m.Width, Height: m.Height}, nil
}

// OnInsert tells the item's provider it was placed in a design (Unsplash download tracking).
func (r *Registry) OnInsert(ctx context.Context, id string) error {
	p, local, err := r.split(id)
	if err != nil {
		return err
	}
	return p.OnInsert(ctx, local)
}

// CacheStats returns the disk cache's counters (zero without a cache).
func (r *Registry) CacheStats() cache.Stats {
	if r.cache == nil {
		return cache.Stats{}
	}
	return r.cache.Stats()
}

func parsePrefix(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is neither an address nor a CIDR range", s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}
