// Package web embeds Affiche's static web app: the HTML/CSS shell, the Go wasm_exec.js and the
// editor compiled to WebAssembly with its precompressed .gz and .br copies (built by `make wasm`,
// not committed). The pattern "*" always matches (at least this file), so the package builds
// before the app is built; the server never serves Go sources.
package web

import (
	"embed"
	"io/fs"
)

//go:embed *
var files embed.FS

// FS returns the app's files, paths relative to this folder ("index.html", "affiche.wasm").
func FS() fs.FS { return files }
