package main

import (
	"fmt"
	"log/slog"
	"os"

	"affiche/server"
	"affiche/server/libraries"
)

// wireLibrary builds the icon and photo library — the embedded catalogue, the organisation's
// folders (--library-dir) and the online providers the AFFICHE_… variables turn on
// (docs/providers.md) — and mounts it as deps.Libraries. The caller gives it the blob store
// once the server is built (SetBlobs) and closes it at the end.
func wireLibrary(cfg server.Config, deps *server.Deps, log *slog.Logger) (*libraries.Service, error) {
	lib, err := libraries.Load(libraries.Settings{
		Dirs: cfg.LibraryDirs, CacheDir: cfg.LibraryCacheDir, CacheMaxMB: cfg.LibraryCacheMaxMB,
		DataDir: cfg.DataDir, Getenv: os.Getenv, Logger: log,
	})
	if err != nil {
		return nil, fmt.Errorf("library: %w", err)
	}
	log.Info("library ready", lib.Summary()...)
	deps.Libraries = lib
	return lib, nil
}
