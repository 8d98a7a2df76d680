// Package bundled wires the embedded assets into the renderer: a font registry holding every
// bundled family (with its aliases and the fallback chain), shared by the CLI and the server.
// The browser editor does not use it: it fetches fonts over HTTP.
package bundled

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"affiche/assets"
	"affiche/renderer/font"
)

var (
	fontsOnce sync.Once
	fontsReg  *font.Registry
	fontsErr  error
)

// Fonts returns the registry of bundled fonts, loaded on first use. The registry is safe for
// concurrent use; callers that add their own fonts (a document's uploaded fonts) must add them
// to a Fork of it (font.Registry.Fork), never to this shared one.
func Fonts() (*font.Registry, error) {
	fontsOnce.Do(func() { fontsReg, fontsErr = NewFonts() })
	return fontsReg, fontsErr
}

// NewFonts builds a fresh registry with every bundled face, the aliases of each family (Arial →
// Liberation Sans, …), Roboto as the default and the catalogue's fallback chain. Faces are
// added lazily (font.Registry.AddLazy), named and weighted by the catalogue: a face's file is
// copied out of the binary and parsed only when a text uses it, so the registry is ready at
// once and holds only the faces used (building it eagerly took ~90 ms and kept all 18 MB of
// font files on the heap). TestEveryBundledFaceLoads reads every face.
func NewFonts() (*font.Registry, error) {
	fams, err := assets.FontCatalogue()
	if err != nil {
		return nil, err
	}
	reg := font.NewRegistry()
	for _, fam := range fams {
		for _, face := range fam.Faces {
			file := face.File
			load := func() ([]byte, error) { return assets.FontFile(file) }
			italic := face.Style == assets.StyleItalic
			for _, name := range append([]string{fam.Family}, fam.Aliases...) {
				if err := reg.AddLazy(name, face.Weight, italic, load); err != nil {
					return nil, fmt.Errorf("bundled font %s: %w", face.File, err)
				}
			}
		}
	}
	for _, fam := range fams {
		// Characters the catalogue says the family lacks or draws wrongly come from the fallbacks.
		var runes []rune
		for _, m := range fam.Missing {
			if cp, err := strconv.ParseUint(strings.TrimPrefix(m, "U+"), 16, 32); err == nil {
				runes = append(runes, rune(cp))
			}
		}
		if len(runes) > 0 {
			for _, name := range append([]string{fam.Family}, fam.Aliases...) {
				reg.ExcludeRunes(name, runes...)
			}
		}
	}
	reg.SetDefault(assets.DefaultFamily)
	chain, err := assets.FontFallbacks()
	if err != nil {
		return nil, err
	}
	names := make([]string, len(chain))
	for i, f := range chain {
		names[i] = f.Family
	}
	reg.SetFallbacks(names...)
	return reg, nil
}
