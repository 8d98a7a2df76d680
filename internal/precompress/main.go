// Command precompress writes NAME.gz and NAME.br next to each file given, at the highest
// compression levels, so the server can serve the web app's large files precompressed.
package main

import (
	"compress/gzip"
	"fmt"
	"os"

	"github.com/andybalholm/brotli"
)

func main() {
	for _, name := range os.Args[1:] {
		if err := compress(name); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}

func compress(name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if err := write(name+".gz", func(f *os.File) error {
		w, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
		if _, err := w.Write(data); err != nil {
			return err
		}
		return w.Close()
	}); err != nil {
		return err
	}
	return write(name+".br", func(f *os.File) error {
		w := brotli.NewWriterLevel(f, brotli.BestCompression)
		if _, err := w.Write(data); err != nil {
			return err
		}
		return w.Close()
	})
}

// write creates name atomically: a temporary file renamed into place once complete.
func write(name string, fill func(*os.File) error) error {
	tmp, err := os.CreateTemp(".", ".precompress-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
