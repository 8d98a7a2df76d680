package bundled

import (
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
// URLs, and relative paths to files inside dir (never outside it, whatever "../" or links the
// path holds). Other URLs (server blobs, remote images) are reported as not found.
func FileLoader(dir string) renderer.Loader {
	return &renderer.CachingLoader{Next: renderer.DataLoader{Next: fileLoader{dir: dir}}}
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
