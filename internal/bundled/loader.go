package bundled

import (
	"net/url"
	"sync"

	"affiche/library"
	"affiche/library/offline"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"affiche/renderer"
)

// MaxFileBytes caps a local image file read by the command line (a 300-dpi A0 photo is far
// smaller than this).
const MaxFileBytes = 200 << 20

// FileLoader returns the loader the command line uses for a document stored in dir: data:
// URLs, items of the embedded offline library (/api/library/items/{id}, as the editor inserts
// them), and relative paths to files inside dir (never outside it, whatever "../" or links the
// path holds). Other URLs (server blobs, remote images) are reported as not found.
func FileLoader(dir string) renderer.Loader {
	return &renderer.CachingLoader{Next: renderer.DataLoader{Next: libraryLoader{next: fileLoader{dir: dir}}}}
}

// libraryLoader serves the offline library's item URLs at full size; other URLs go to next.
type libraryLoader struct{ next renderer.Loader }

var (
	catOnce sync.Once
	cat     *offline.Catalogue
	catErr  error
)

func (l libraryLoader) Load(ctx context.Context, u string) (*renderer.Source, error) {
	const prefix = "/api/library/items/"
	if !strings.HasPrefix(u, prefix) {
		return l.next.Load(ctx, u)
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", u, err)
	}
	id, err := url.PathUnescape(strings.TrimPrefix(parsed.EscapedPath(), prefix))
	if err != nil || strings.Contains(id, "/") && !strings.HasPrefix(id, "org:") {
		return nil, fmt.Errorf("%s: %w", u, renderer.ErrNotFound)
	}
	catOnce.Do(func() { cat, catErr = offline.Load() })
	if catErr != nil {
		return nil, catErr
	}
	var data []byte
	if c := parsed.Query().Get("color"); c != "" {
		data, err = cat.SVG(id, c)
	} else {
		data, _, err = cat.Data(id, library.SizeFull)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%v)", u, renderer.ErrNotFound, err)
	}
	return renderer.NewSource(u, data)
}

type fileLoader struct{ dir string }

func (l fileLoader) Load(ctx context.Context, u string) (*renderer.Source, error) {
	name := strings.TrimPrefix(u, "file:")
	if strings.Contains(u, "://") || !filepath.IsLocal(filepath.FromSlash(name)) {
		return nil, fmt.Errorf("%s: %w (the command line reads data: URLs and files next to the document)", u, renderer.ErrNotFound)
	}
	root, err := os.OpenRoot(l.dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", u, renderer.ErrNotFound)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", u, err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d MB", u, MaxFileBytes>>20)
	}
	return renderer.NewSource(u, data)
}
