// Package providers brings online image libraries into Affiche: Unsplash, Pexels, Pixabay,
// Openverse and Wikimedia Commons for photos; Iconify, the Noun Project and Iconfinder for icons.
// Every provider is off unless an administrator configures it; keys stay on the server; every
// request goes through the SSRF-safe client of package fetch, restricted to that provider's
// hosts. Results come back in the normalised library.Item shape, with URLs that point at
// Affiche's own server (see DefaultItemURL), so browsers never talk to a provider.
//
// A Registry builds the enabled providers from a Config (ConfigFromEnv reads the AFFICHE_*
// environment variables), caches search answers and images on disk with each provider's TTL,
// and fans a search out to one provider or to all providers of a kind.
package providers

import (
	"context"
	"net/url"
	"time"

	"affiche/library"
	"affiche/library/fetch"
)

// Provider is one online library.
//
// Search returns a page of results; Fetch returns the image of one of them at a size, as
// checked bytes (a raster within the pixel cap, or sanitised SVG); OnInsert tells the provider a
// user placed the item in a design, when its terms ask for that (Unsplash download tracking).
// The id given to Fetch and OnInsert is the provider's own id, without the "name:" prefix of
// library.Item.ID. Errors are *Error values: test them with errors.Is against ErrQuota,
// ErrNotFound, ErrUnavailable, ErrBadRequest, ErrAuth, ErrBlocked, ErrUpstream.
type Provider interface {
	Info() Info
	Search(ctx context.Context, q library.Query) (library.Page, error)
	Fetch(ctx context.Context, id string, size library.Size) (fetch.Asset, error)
	OnInsert(ctx context.Context, id string) error
}

// Text is a message in both of the UI's languages.
type Text struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// In returns the text in lang ("fr" or "en"; French otherwise).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.FR
}

// Info describes a provider for the admin page and GET /api/libraries.
type Info struct {
	Name       string         `json:"name"`  // the prefix of its item ids: "unsplash"
	Title      string         `json:"title"` // "Unsplash"
	Kinds      []library.Kind `json:"kinds"`
	Configured bool           `json:"configured"` // has the keys it needs
	Enabled    bool           `json:"enabled"`    // configured and switched on
	Licence    Text           `json:"licence"`    // what the images' licence allows
	Terms      Text           `json:"terms"`      // what Affiche and its users must honour
	// Link is the provider's site (with referral parameters where its terms ask for them), for
	// the "Photos provided by …" line of the panel.
	Link string `json:"link"`

	Hosts       []string      `json:"-"` // what the server contacts when the provider is on
	SearchTTL   time.Duration `json:"-"` // how long a search answer may be cached
	AssetTTL    time.Duration `json:"-"` // how long an image may be cached
	Fingerprint string        `json:"-"` // settings that change answers (base URL, filters): part of cache keys
}

// DefaultItemURL is where Affiche's server serves an item at a size:
// /api/library/items/{id}?size=thumb|preview|full, the id being the full library.Item.ID
// ("unsplash:Dwu85P9SOIk"). It is the same scheme as the offline catalogue's.
func DefaultItemURL(id string, size library.Size) string {
	return "/api/library/items/" + url.PathEscape(id) + "?size=" + string(size)
}

// ParseSize reads a size query parameter; "" means preview.
func ParseSize(s string) (library.Size, bool) {
	switch library.Size(s) {
	case library.SizeThumb, library.SizePreview, library.SizeFull:
		return library.Size(s), true
	case "":
		return library.SizePreview, true
	}
	return "", false
}
