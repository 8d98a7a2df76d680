// Command webbuild builds the web app's generated files: web/affiche.wasm (the editor, Go
// compiled to WebAssembly), web/wasm_exec.js (the Go runtime's loader, from GOROOT) and the
// compressed .br and .gz copies of every file the server sends, so `make wasm`, the browser
// tests and the benchmarks build the app one way.
//
//	go run ./internal/webbuild         # build, then compress what changed (brotli's best level)
//	go run ./internal/webbuild -fast   # the same without the wasm's slow brotli pass
//
// The compressed copies of JavaScript and CSS are minified first (tdewolff/minify): browsers,
// which all accept brotli, get the small version; the sources in web/ stay readable and are
// what a client without compression gets. In -fast mode (browser tests) the wasm's compressed
// copies older than the wasm are deleted, so the server never sends a stale one; the minified
// JavaScript is still what the browser runs. The wasm is only rewritten when its bytes change, so
// an unchanged build does not compress 11 MB of wasm again.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// wasmFlags are the editor's build flags. Inlining is off except in the packages that draw
// (the renderer but its SVG reader, image, rasterx) and the runtime's: the editor's logic,
// scene validation, encoding/json, go-text and the SVG reader lose little (text shaping is
// ~20 % slower: re-laying out a text after a keystroke takes ~1.0 ms instead of ~0.85 ms in
// the browser) and the download is ~130 KB smaller. Measured in docs/editor.md.
var wasmFlags = []string{
	"-trimpath", "-ldflags=-s -w",
	"-gcflags=all=-l",
	"-gcflags=affiche/renderer/...=",
	"-gcflags=affiche/renderer/svg=-l", // parsing and building an icon: no measurable loss, −10 KB
	"-gcflags=image/...=",
	"-gcflags=golang.org/x/image/...=",
	"-gcflags=github.com/srwiley/...=",
	"-gcflags=runtime=",
	"-gcflags=internal/...=",
	"-gcflags=sync/...=",
	"-gcflags=math/...=",
	"-gcflags=unicode/...=",
	"-gcflags=syscall/js=",
}

// compressed are the extensions the server sends compressed.
var compressed = map[string]bool{".wasm": true, ".js": true, ".css": true, ".html": true, ".svg": true, ".json": true}

func main() {
	fast := flag.Bool("fast", false, "skip the wasm's brotli pass (~30 s); delete its stale compressed copies")
	dir := flag.String("web", "web", "the web app's folder")
	flag.Parse()
	if err := build(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "webbuild:", err)
		os.Exit(1)
	}
	if err := variants(*dir, *fast); err != nil {
		fmt.Fprintln(os.Stderr, "webbuild:", err)
		os.Exit(1)
	}
}

// build compiles the editor and copies wasm_exec.js, replacing each only if it changed.
func build(dir string) error {
	tmp, err := os.CreateTemp(dir, ".affiche-*.wasm")
	if err != nil {
		return err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	args := append(append([]string{"build"}, wasmFlags...), "-o", tmp.Name(), "./wasm")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the editor: %w", err)
	}
	wasm, err := os.ReadFile(tmp.Name())
	if err != nil {
		return err
	}
	if wasm, err = mergeDataSegments(wasm); err != nil {
		return err
	}
	if err := replace(filepath.Join(dir, "affiche.wasm"), wasm); err != nil {
		return err
	}
	loader, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	return replace(filepath.Join(dir, "wasm_exec.js"), loader)
}

// variants writes the .br and .gz copies of the app's files.
func variants(dir string, fast bool) error {
	min := minify.New()
	min.AddFunc(".js", js.Minify)
	min.AddFunc(".css", css.Minify)
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && (d.Name() == "tools" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(p)
		if !compressed[ext] || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		src, err := d.Info()
		if err != nil {
			return err
		}
		var data []byte
		for _, enc := range []string{".br", ".gz"} {
			// The wasm's copies are kept while newer than the wasm (its brotli pass takes ~30 s);
			// the other files' copies are small and always made again, so they can never be
			// stale, whatever made them before (an older minifier, a hand-edited file).
			st, err := os.Stat(p + enc)
			if ext == ".wasm" && err == nil && !st.ModTime().Before(src.ModTime()) {
				continue
			}
			if fast && ext == ".wasm" {
				if err := os.Remove(p + enc); err != nil && !os.IsNotExist(err) {
					return err
				}
				continue
			}
			if data == nil {
				if data, err = os.ReadFile(p); err != nil {
					return err
				}
				if ext == ".js" || ext == ".css" {
					var b bytes.Buffer
					if err := min.Minify(ext, &b, bytes.NewReader(data)); err != nil {
						return fmt.Errorf("minifying %s: %w", p, err)
					}
					data = b.Bytes()
				}
			}
			if enc == ".br" && len(data) > 1<<20 {
				fmt.Fprintf(os.Stderr, "compressing %s (brotli, best level)…\n", p)
			}
			if err := write(p+enc, encode(enc, data)); err != nil {
				return err
			}
		}
		return nil
	})
}

// encode compresses data at the highest level. Brotli's window is 16 MB (lgwin 24, the most
// browsers accept), which matters for the 10 MB wasm.
func encode(enc string, data []byte) []byte {
	var b bytes.Buffer
	if enc == ".br" {
		w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
		w.Write(data)
		w.Close()
		return b.Bytes()
	}
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// replace writes data to name unless the file already holds exactly these bytes.
func replace(name string, data []byte) error {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return write(name, data)
}

// write creates name atomically: a temporary file renamed into place once complete.
func write(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".webbuild-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
