// Package libraries is the HTTP side of Affiche's icon and photo library: it joins the embedded
// offline catalogue (library/offline, always there) and the online providers an administrator
// turned on (library/providers, off by default) behind one API, and implements the server's
// Libraries dependency:
//
//	GET  /api/libraries                      what is enabled, with licences and attribution rules
//	GET  /api/library/search?q=&kind=&…      one normalised page of results from every source
//	GET  /api/icons/search, /api/photos/search   the same, for icons or photos unless kind is given
//	GET  /api/library/items/{id}?size=       an item's bytes (thumb, preview, full; icons recoloured)
//	POST /api/library/items/{id}/insert      what the editor puts in the scene for an item
//
// Provider keys never reach a browser: answers carry only Affiche's own URLs. With no provider
// configured the service never opens a network connection. Exports read items through Open,
// which goes through the same provider cache.
package libraries

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	_ "golang.org/x/image/webp"

	"affiche/library"
	"affiche/library/fetch"
	"affiche/library/offline"
	"affiche/library/providers"
	"affiche/renderer"
	"affiche/renderer/orient"
	"affiche/server/blobs"
)

// Blobs is where the service copies the images a provider's terms say must be downloaded
// rather than linked (Pixabay): the server's blob store (*blobs.Store).
type Blobs interface {
	Put(data []byte) (blobs.Info, bool, error)
}

// Config sets up a Service.
type Config struct {
	// Catalogue is the offline library; required.
	Catalogue *offline.Catalogue
	// Providers are the online providers; nil means none (offline only, no outgoing traffic).
	Providers *providers.Registry
	// Blobs receives copies of Pixabay images on insert; it may be given later with SetBlobs.
	Blobs Blobs
	// Logger receives warnings (a failed download tracking call); nil means slog.Default().
	Logger *slog.Logger
	// RememberItems bounds how many provider search results are remembered for insert (their
	// credit, size); default 10,000.
	RememberItems int
}

// Service serves the library routes and reads items for exports. It is safe for concurrent use.
type Service struct {
	cat  *offline.Catalogue
	reg  *providers.Registry
	log  *slog.Logger
	seen *seenItems

	mu    sync.RWMutex
	blobs Blobs
}

// copyOnInsert lists the providers whose terms ask for images to be downloaded to the server
// rather than hotlinked: an inserted image is copied into the blob store and the scene refers
// to the copy.
var copyOnInsert = map[string]bool{"pixabay": true}

// New builds the service. The catalogue's item URLs are the ones this service answers
// (/api/library/items/{id}?size=…), which is the catalogue's default.
func New(cfg Config) (*Service, error) {
	if cfg.Catalogue == nil {
		return nil, errors.New("libraries: no offline catalogue")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.RememberItems <= 0 {
		cfg.RememberItems = 10_000
	}
	return &Service{cat: cfg.Catalogue, reg: cfg.Providers, log: cfg.Logger, blobs: cfg.Blobs,
		seen: newSeenItems(cfg.RememberItems)}, nil
}

// SetBlobs gives the service the blob store once the server has opened it.
func (s *Service) SetBlobs(b Blobs) {
	s.mu.Lock()
	s.blobs = b
	s.mu.Unlock()
}

func (s *Service) blobStore() Blobs {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.blobs
}

// Catalogue returns the offline catalogue.
func (s *Service) Catalogue() *offline.Catalogue { return s.cat }

// Providers returns the online providers (nil when none is configured).
func (s *Service) Providers() *providers.Registry { return s.reg }

// online reports whether any provider is enabled.
func (s *Service) online() bool { return s.reg != nil && len(s.reg.Enabled()) > 0 }

// ServeHTTP answers /api/libraries and /api/library/….
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	get := r.Method == http.MethodGet || r.Method == http.MethodHead
	var err error
	switch {
	case p == "/api/libraries":
		if !get {
			err = methodNotAllowed(w, "GET, HEAD")
			break
		}
		err = s.handleInfo(w, r)
	case p == "/api/library/search" || p == "/api/icons/search" || p == "/api/photos/search":
		if !get {
			err = methodNotAllowed(w, "GET, HEAD")
			break
		}
		if kind := map[string]string{"/api/icons/search": "icon", "/api/photos/search": "photo"}[p]; kind != "" {
			// The short routes search one kind unless the request names one.
			q := r.URL.Query()
			if q.Get("kind") == "" {
				q.Set("kind", kind)
				r = r.Clone(r.Context())
				r.URL.RawQuery = q.Encode()
			}
		}
		err = s.handleSearch(w, r)
	case strings.HasPrefix(p, "/api/library/items/"):
		rest := strings.TrimPrefix(p, "/api/library/items/")
		if r.Method == http.MethodPost {
			id, ok := strings.CutSuffix(rest, "/insert")
			if !ok {
				err = methodNotAllowed(w, "GET, HEAD")
				break
			}
			err = s.handleInsert(w, r, id)
			break
		}
		if !get {
			err = methodNotAllowed(w, "GET, HEAD, POST")
			break
		}
		err = s.handleItem(w, r, rest)
	default:
		err = errNoRoute
	}
	if err != nil {
		s.writeError(w, r, err)
	}
}

// Open returns the bytes of item id at size (thumb, preview or full) for an export. An unknown
// id, or one no source can serve any more (its provider switched off), wraps
// renderer.ErrNotFound; a provider's quota or failure is an *apierr.Error (429 with
// Retry-After, 502).
func (s *Service) Open(ctx context.Context, id, size string) ([]byte, error) {
	sz, ok := providers.ParseSize(size)
	if !ok {
		sz = library.SizeFull
	}
	data, _, err := s.read(ctx, id, sz, "")
	if err != nil {
		return nil, exportError(id, err)
	}
	return data, nil
}

// read returns an item's bytes and media type from the offline catalogue or its provider.
// color (icons of the offline library only) replaces currentColor.
func (s *Service) read(ctx context.Context, id string, size library.Size, color string) ([]byte, string, error) {
	if err := checkID(id); err != nil {
		return nil, "", err
	}
	if s.reg != nil && s.reg.Owns(id) {
		a, err := s.reg.Open(ctx, id, size)
		if err != nil {
			return nil, "", err
		}
		return a.Data, a.Mime, nil
	}
	if color != "" {
		b, err := s.cat.SVG(id, color)
		if err == nil {
			return b, "image/svg+xml", nil
		}
		if !errors.Is(err, offline.ErrNotSVG) {
			return nil, "", err
		}
	}
	return s.cat.Data(id, size)
}

// errBadID is returned for ids that cannot name any item: no source prefix, control
// characters, path tricks, hosts. They never reach a provider or a file system.
var errBadID = errors.New("libraries: invalid item id")

// checkID refuses ids that cannot be an item's before they reach any source. Each source checks
// its own syntax again (providers by a strict pattern, the organisation's folder through
// os.Root); this is the first, coarse gate.
func checkID(id string) error {
	if id == "" || len(id) > 512 || !utf8.ValidString(id) {
		return errBadID
	}
	prefix, local, ok := strings.Cut(id, ":")
	if !ok || prefix == "" || local == "" {
		return errBadID
	}
	for _, r := range prefix {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return errBadID
		}
	}
	if strings.HasPrefix(local, "/") || strings.Contains(local, "//") || strings.Contains(local, `\`) {
		return errBadID
	}
	for _, r := range id {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return errBadID
		}
	}
	for _, seg := range strings.Split(local, "/") {
		if seg == "." || seg == ".." {
			return errBadID
		}
	}
	return nil
}

// seenItems remembers the provider results recently sent to browsers (their credit, size,
// title), so that an insert can answer with the credit without asking the provider again.
type seenItems struct {
	mu  sync.Mutex
	max int
	ll  *list.List // front: most recent; values are library.Item
	m   map[string]*list.Element
}

func newSeenItems(max int) *seenItems {
	return &seenItems{max: max, ll: list.New(), m: map[string]*list.Element{}}
}

func (c *seenItems) add(it library.Item) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[it.ID]; ok {
		e.Value = it
		c.ll.MoveToFront(e)
		return
	}
	c.m[it.ID] = c.ll.PushFront(it)
	for c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.m, old.Value.(library.Item).ID)
	}
}

func (c *seenItems) get(id string) (library.Item, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok {
		return library.Item{}, false
	}
	c.ll.MoveToFront(e)
	return e.Value.(library.Item), true
}

// exportError turns a read error into what the exporter understands.
func exportError(id string, err error) error {
	switch {
	case errors.Is(err, errBadID), errors.Is(err, offline.ErrNotFound), errors.Is(err, offline.ErrBadSize),
		errors.Is(err, providers.ErrNotFound), errors.Is(err, providers.ErrBadRequest):
		return fmt.Errorf("library item %s: %w", id, renderer.ErrNotFound)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	var pe *providers.Error
	if errors.As(err, &pe) {
		return providerAPIError(pe)
	}
	if errors.Is(err, fetch.ErrTooManyPixels) {
		return fmt.Errorf("library item %s: %w", id, renderer.ErrTooManyPixels)
	}
	return fmt.Errorf("library item %s: %w", id, err)
}

// Stat checks, before an export, that item id can be read, and returns its pixel size (0, 0 for
// vector drawings) for the export's memory estimate. Offline items are checked in the
// catalogue; a provider's item is fetched at full size (the export then reads it from the
// cache). Errors are those of Open.
func (s *Service) Stat(ctx context.Context, id string) (int, int, error) {
	if err := checkID(id); err != nil {
		return 0, 0, exportError(id, err)
	}
	if s.reg == nil || !s.reg.Owns(id) {
		it, ok := s.cat.Get(id)
		if !ok {
			return 0, 0, exportError(id, offline.ErrNotFound)
		}
		if it.Mime == "image/svg+xml" || it.Kind == library.KindShape {
			return 0, 0, nil
		}
		return it.Width, it.Height, nil
	}
	a, err := s.reg.Open(ctx, id, library.SizeFull)
	if err != nil {
		return 0, 0, exportError(id, err)
	}
	if a.Mime == "image/svg+xml" {
		return 0, 0, nil
	}
	if cfg, _, err := orient.DecodeConfig(a.Data); err == nil {
		return cfg.Width, cfg.Height, nil
	}
	return a.Width, a.Height, nil
}
