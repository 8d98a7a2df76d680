package main

import (
	"runtime/debug"

	"affiche/server"
)

// wireBackends gives the server its rendering backends. The raster renderer plugs in here when
// it lands (server/export.Raster); the PDF writer likewise (deps.PDF).
func wireBackends(deps *server.Deps) {}

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
