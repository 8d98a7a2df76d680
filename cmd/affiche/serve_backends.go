package main

import (
	"runtime/debug"

	"affiche/renderer/raster"
	"affiche/server"
	"affiche/server/export"
)

// wireBackends gives the server its rendering backends: renderer/raster for PNG and JPEG
// (with a cache of resampled photos and a pool of page bitmaps shared by all exports),
// renderer/pdf for PDF.
func wireBackends(deps *server.Deps) {
	deps.Renderer = export.Raster{Images: raster.NewImageCache(export.DefaultImageCacheBytes), Pages: &raster.PagePool{}}
	deps.PDF = export.PDF{}
}

// version returns the module version or VCS revision the binary was built from.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return s.Value[:12]
		}
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
