// Command webbuild builds the web app's generated files: web/affiche.wasm (the editor, Go
// compiled to WebAssembly), web/wasm_exec.js (the Go runtime's loader, from GOROOT) and the
// precompressed .br and .gz copies of every file the server sends, so `make wasm`, the browser
// tests and the benchmarks build the app one way.
//
//	go run ./internal/webbuild            # build, then compress what changed (brotli's best level)
//	go run ./internal/webbuild -compress=false
//
// Without compression (browser tests), compressed copies older than their file are deleted so
// the server never sends a stale one. A file is only rewritten when its bytes change, so an
// unchanged build does not compress 10 MB of wasm again.
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
)

// wasmFlags are the editor's build flags. Inlining is turned off outside the packages that draw
// and shape (the renderer, go-text, image) and the runtime: the editor's logic, the scene
// validation and encoding/json lose nothing a user can notice and the download is ~6 % smaller
// (see docs/editor.md, "Download size").
var wasmFlags = []string{
	"-trimpath", "-ldflags=-s -w",
	"-gcflags=all=-l",
	"-gcflags=affiche/renderer/...=",
	"-gcflags=github.com/go-text/...=",
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
	compress := flag.Bool("compress", true, "write .br and .gz copies (brotli's best level: ~30 s for the wasm)")
	dir := flag.String("web", "web", "the web app's folder")
	flag.Parse()
	if err := build(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "webbuild:", err)
		os.Exit(1)
	}
	if err := variants(*dir, *compress); err != nil {
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

// variants writes (or, without compress, deletes stale) .br and .gz copies of the app's files.
func variants(dir string, compress bool) error {
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
		if !compressed[filepath.Ext(p)] || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		src, err := d.Info()
		if err != nil {
			return err
		}
		for _, enc := range []string{".br", ".gz"} {
			st, err := os.Stat(p + enc)
			fresh := err == nil && !st.ModTime().Before(src.ModTime())
			switch {
			case fresh:
			case !compress:
				if err := os.Remove(p + enc); err != nil && !os.IsNotExist(err) {
					return err
				}
			default:
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				if enc == ".br" && len(data) > 1<<20 {
					fmt.Fprintf(os.Stderr, "compressing %s (brotli, best level)…\n", p)
				}
				if err := write(p+enc, encode(enc, data)); err != nil {
					return err
				}
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
