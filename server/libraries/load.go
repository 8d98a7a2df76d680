package libraries

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"affiche/library/offline"
	"affiche/library/providers"
)

// Settings are what `affiche serve` knows that the library needs.
type Settings struct {
	// Dirs are the organisation's folders of photos and logos (--library-dir,
	// AFFICHE_LIBRARY_DIR), indexed at start-up.
	Dirs []string
	// CacheDir is the providers' disk cache (--library-cache-dir, AFFICHE_LIBRARY_CACHE_DIR).
	// Empty means DataDir/library-cache when a provider is enabled (Pixabay's terms ask for
	// answers to be kept 24 h, and exports reuse cached images); unused otherwise.
	CacheDir string
	// CacheMaxMB bounds the disk cache (0: the providers' default, 512 MB).
	CacheMaxMB int64
	// DataDir is the server's data directory.
	DataDir string
	// Getenv reads the providers' AFFICHE_… variables (os.Getenv); nil reads none.
	Getenv func(string) string
	// Adjust, when set, changes the provider configuration after it is read (tests use it to
	// point providers at fake upstreams or to watch the network).
	Adjust func(*providers.Config)
	Logger *slog.Logger
}

// Load builds the whole library: the embedded catalogue with the organisation's folders, and
// the providers the environment enables. A folder that cannot be opened or a provider setting
// that is invalid is an error: better refuse to start than run without what the admin asked for.
func Load(set Settings) (*Service, error) {
	cat, err := offline.Load()
	if err != nil {
		return nil, fmt.Errorf("offline library: %w", err)
	}
	for _, d := range set.Dirs {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		if err := cat.AddFolder(d); err != nil {
			cat.Close()
			return nil, fmt.Errorf("library folder %s: %w", d, err)
		}
	}
	getenv := set.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	pc, err := providers.ConfigFromEnv(getenv)
	if err != nil {
		cat.Close()
		return nil, err
	}
	if set.CacheDir != "" {
		pc.CacheDir = set.CacheDir
	}
	if set.CacheMaxMB > 0 {
		pc.CacheMaxBytes = set.CacheMaxMB << 20
	}
	if set.Adjust != nil {
		set.Adjust(&pc)
	}
	if pc.CacheDir == "" && set.DataDir != "" && anyEnabled(pc) {
		pc.CacheDir = filepath.Join(set.DataDir, "library-cache")
	}
	reg, err := providers.New(pc)
	if err != nil {
		cat.Close()
		return nil, err
	}
	return New(Config{Catalogue: cat, Providers: reg, Logger: set.Logger})
}

// anyEnabled reports whether the configuration turns any provider on (without building them).
func anyEnabled(c providers.Config) bool {
	return c.Unsplash.AccessKey != "" && !c.Unsplash.Disabled ||
		c.Pexels.APIKey != "" && !c.Pexels.Disabled ||
		c.Pixabay.APIKey != "" && !c.Pixabay.Disabled ||
		c.Openverse.Enabled || c.Commons.Enabled || c.Iconify.Enabled ||
		c.NounProject.Key != "" && !c.NounProject.Disabled ||
		c.Iconfinder.APIKey != "" && !c.Iconfinder.Disabled
}

// Close releases the organisation's folders.
func (s *Service) Close() error { return s.cat.Close() }

// Summary describes the library for the start-up log: items offline, folders, providers on.
func (s *Service) Summary() []any {
	names := []string{}
	if s.reg != nil {
		for _, p := range s.reg.Enabled() {
			names = append(names, p.Name)
		}
	}
	out := []any{"offline_items", s.cat.Len(), "providers", strings.Join(names, ",")}
	for _, f := range s.cat.Folders() {
		out = append(out, "folder_"+f.Label, fmt.Sprintf("%d files, %d skipped", f.Files, f.Skipped))
	}
	return out
}
