package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"affiche/assets"
	"affiche/renderer"
	"affiche/renderer/orient"
	"affiche/server/apierr"
	"affiche/server/blobs"
)

// resolver reads, for exports, the resources a scene refers to by URL: blobs (/api/blobs/…),
// bundled fonts (/api/fonts/…) and library items (/api/library/items/…). It never reaches the
// network: an absolute URL is accepted only for those paths, which are read locally (a blob is
// named by its hash, so where the URL says it lives does not matter).
type resolver struct {
	blobs     *blobs.Store
	libraries Libraries
}

var errForeignURL = apierr.New(http.StatusUnprocessableEntity, apierr.Unprocessable,
	"exports can only use images and fonts stored on this server (/api/blobs/…), bundled ones and data: URLs; this server does not download from other sites",
	"les exports ne peuvent utiliser que les images et polices de ce serveur (/api/blobs/…), celles fournies avec Affiche et les URL data: ; ce serveur ne télécharge rien depuis d'autres sites")

// target splits a URL into the kind of resource and its name.
func target(raw string) (kind, name string, q url.Values, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", nil, errForeignURL
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "", "", nil, errForeignURL
	}
	if u.Scheme == "" && u.Host != "" {
		return "", "", nil, errForeignURL
	}
	p := u.Path
	switch {
	case strings.HasPrefix(p, "/api/blobs/"):
		return "blob", strings.TrimPrefix(p, "/api/blobs/"), u.Query(), nil
	case strings.HasPrefix(p, "/api/fonts/"):
		return "font", strings.TrimPrefix(p, "/api/fonts/"), u.Query(), nil
	case strings.HasPrefix(p, "/api/library/items/"):
		return "library", strings.TrimPrefix(p, "/api/library/items/"), u.Query(), nil
	}
	return "", "", nil, errForeignURL
}

// Fetch implements export.Resolver.
func (r *resolver) Fetch(ctx context.Context, raw string) ([]byte, error) {
	kind, name, q, err := target(raw)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "blob":
		b, _, err := r.blobs.ReadFile(name)
		return b, notFound(raw, err)
	case "font":
		b, err := assets.FontFile(name)
		return b, notFound(raw, err)
	default:
		if r.libraries == nil {
			return nil, fmt.Errorf("%s: %w", raw, renderer.ErrNotFound)
		}
		size := q.Get("size")
		if size == "" || size == "preview" || size == "thumb" {
			size = "full" // exports always use the original
		}
		return r.libraries.Open(ctx, name, size)
	}
}

func notFound(raw string, err error) error {
	if err != nil && (errors.Is(err, blobs.ErrNotFound) || errors.Is(err, fs.ErrNotExist)) {
		return fmt.Errorf("%s: %w", raw, renderer.ErrNotFound)
	}
	return err
}

// libraryStater is implemented by libraries that can check an item and give its pixel size
// (0, 0 for vector items) before an export reads it; errors are those of Libraries.Open.
type libraryStater interface {
	Stat(ctx context.Context, id string) (width, height int, err error)
}

// Stat implements export.Resolver: blobs are checked on disk and their size read from the
// image header; fonts and library items are checked to exist.
func (r *resolver) Stat(ctx context.Context, raw string) (int, int, error) {
	kind, name, _, err := target(raw)
	if err != nil {
		return 0, 0, err
	}
	switch kind {
	case "blob":
		f, _, err := r.blobs.Open(name)
		if err != nil {
			return 0, 0, notFound(raw, err)
		}
		defer f.Close()
		head := make([]byte, 64<<10)
		n, _ := io.ReadFull(f, head)
		if cfg, _, err := orient.DecodeConfig(head[:n]); err == nil {
			return cfg.Width, cfg.Height, nil
		}
		return 0, 0, nil
	case "font":
		_, err := assets.FontFile(name)
		return 0, 0, notFound(raw, err)
	default:
		if r.libraries == nil {
			return 0, 0, fmt.Errorf("%s: %w", raw, renderer.ErrNotFound)
		}
		// A library that can tell checks the item now (a missing item or a provider's quota is
		// an error before rendering, not a placeholder in the output) and gives its size.
		if st, ok := r.libraries.(libraryStater); ok {
			return st.Stat(ctx, name)
		}
		// Otherwise items are checked when they are loaded; the estimate assumes the largest
		// photo the offline library ships (2400 px).
		return 2400, 1600, nil
	}
}
