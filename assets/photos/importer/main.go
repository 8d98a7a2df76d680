// Command importer re-encodes the source photos listed in assets/photos/photos.json to at most
// 2400 px on the long side, JPEG quality 85, without metadata, and writes their sizes back into
// photos.json. The sources are the Debian package lomiri-wallpapers-16.04 (see update.sh).
//
// Usage: go run ./assets/photos/importer -src DIR -out assets/photos
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image/jpeg"
	"os"
	"path/filepath"

	"github.com/disintegration/imaging"
)

const (
	maxSide = 2400
	quality = 85
)

func main() {
	src := flag.String("src", "", "folder holding the source photos")
	out := flag.String("out", "assets/photos", "output folder (holds photos.json)")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "importer:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	listPath := filepath.Join(out, "photos.json")
	b, err := os.ReadFile(listPath)
	if err != nil {
		return err
	}
	// Decode into generic maps so fields the importer does not know are written back unchanged.
	var list []map[string]any
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	for _, p := range list {
		source, _ := p["source"].(string)
		file, _ := p["file"].(string)
		if source == "" || file == "" || filepath.Base(file) != file {
			return fmt.Errorf("photo %v: bad source or file", p["id"])
		}
		img, err := imaging.Open(filepath.Join(src, source))
		if err != nil {
			return err
		}
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		if w > maxSide || h > maxSide {
			if w >= h {
				img = imaging.Resize(img, maxSide, 0, imaging.Lanczos)
			} else {
				img = imaging.Resize(img, 0, maxSide, imaging.Lanczos)
			}
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, file), buf.Bytes(), 0o644); err != nil {
			return err
		}
		p["width"], p["height"] = img.Bounds().Dx(), img.Bounds().Dy()
		fmt.Printf("%-22s %5d×%-5d %7d bytes\n", file, img.Bounds().Dx(), img.Bounds().Dy(), buf.Len())
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(list); err != nil {
		return err
	}
	return os.WriteFile(listPath, buf.Bytes(), 0o644)
}
