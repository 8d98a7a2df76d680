// Package assets holds the files Affiche ships inside its binary (fonts,
// icons, photos) with their licences and catalogues. Together they weigh
// tens of megabytes, so only the server and command-line programs import this
// package; the wasm editor fetches what it needs over HTTP.
//
// This file covers the starter font library (assets/fonts, about 18 MB of
// open fonts, described in docs/fonts.md).
package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

//go:embed fonts
var fontFiles embed.FS

// DefaultFamily is the family used when a text asks for none, or for one that
// neither the catalogue nor the document provides. It is also Polotno's default.
const DefaultFamily = "Roboto"

// Font categories used in FontFamily.Category.
const (
	CategorySans        = "sans"        // sans-serif text and heading faces
	CategorySerif       = "serif"       // serif text and heading faces
	CategoryDisplay     = "display"     // faces meant for large sizes only
	CategoryHandwriting = "handwriting" // scripts and handwritten styles
	CategoryMono        = "mono"        // monospaced faces
	CategoryFallback    = "fallback"    // faces not offered to users, only used for missing glyphs
)

// Font styles used in FontFace.Style (the CSS font-style values Affiche supports).
const (
	StyleNormal = "normal" // upright
	StyleItalic = "italic" // italic or oblique
)

// Outline formats used in FontFace.Format.
const (
	// FormatTrueType is an sfnt font with quadratic "glyf" outlines; fpdf can embed it.
	FormatTrueType = "truetype"
	// FormatCFF is an OpenType font with cubic "CFF " outlines; fpdf cannot embed
	// it, so PDF output must draw its text as outlines.
	FormatCFF = "cff"
)

// FontFace is one font file of a family: one weight in one style.
type FontFace struct {
	// Weight is the CSS / OS/2 weight class: 400 regular, 700 bold.
	Weight int `json:"weight"`
	// Style is StyleNormal or StyleItalic.
	Style string `json:"style"`
	// File is the path of the font inside FontsFS, e.g. "roboto/Roboto-Regular.ttf".
	File string `json:"file"`
	// Format is FormatTrueType or FormatCFF.
	Format string `json:"format"`
}

// FontFamily describes one bundled family as listed in fonts/catalogue.json.
type FontFamily struct {
	// Family is the name documents use in their fontFamily fields, e.g. "Open Sans".
	Family string `json:"family"`
	// Slug is the family's folder in FontsFS and a URL-safe identifier.
	Slug string `json:"slug"`
	// Category is one of the Category constants.
	Category string `json:"category"`
	// Licence is the SPDX identifier of the font licence, e.g. "OFL-1.1".
	Licence string `json:"licence"`
	// LicenceFile is the path in FontsFS of the licence text shipped with the fonts.
	LicenceFile string `json:"licenceFile"`
	// Notices lists further copyright files shipped with the family (may be empty).
	Notices []string `json:"notices,omitempty"`
	// Source says where the files come from (package and version).
	Source string `json:"source"`
	// Designer names the type designers.
	Designer string `json:"designer"`
	// Faces lists the family's files, regular first.
	Faces []FontFace `json:"faces"`
	// Missing lists, as "U+XXXX" in code point order, the characters the
	// renderer must take from a fallback font: those of French typography
	// (accents, ligatures, quotes, dashes, €, no-break spaces) that the family
	// lacks, and any character whose glyph the font draws wrongly (Ecolier
	// Court draws "…" as "¼"). Fallback families leave it empty.
	Missing []string `json:"missing,omitempty"`
	// Aliases are other names documents may use for this family, such as the
	// metric-compatible "Arial" for Liberation Sans; FindFamily resolves them.
	Aliases []string `json:"aliases,omitempty"`
	// FallbackRank is 0 for families outside the fallback chain; otherwise the
	// renderer tries the family, in increasing rank, for glyphs the chosen
	// family lacks.
	FallbackRank int `json:"fallbackRank,omitempty"`
	// Labels holds a short description per language ("fr", "en").
	Labels map[string]string `json:"labels"`
}

// catalogue is the parsed catalogue with the set of files FontFile may serve.
type catalogue struct {
	families []FontFamily
	files    map[string]bool
}

var loadCatalogue = sync.OnceValues(func() (*catalogue, error) {
	data, err := fontFiles.ReadFile("fonts/catalogue.json")
	if err != nil {
		return nil, fmt.Errorf("assets: reading font catalogue: %w", err)
	}
	var families []FontFamily
	if err := json.Unmarshal(data, &families); err != nil {
		return nil, fmt.Errorf("assets: parsing font catalogue: %w", err)
	}
	c := &catalogue{families: families, files: map[string]bool{}}
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("assets: font catalogue: %w", err)
	}
	return c, nil
})

// check validates the catalogue and fills c.files.
func (c *catalogue) check() error {
	names := map[string]bool{}
	slugs := map[string]bool{}
	for i, f := range c.families {
		where := fmt.Sprintf("family %d (%q)", i, f.Family)
		if f.Family == "" || f.Slug == "" {
			return fmt.Errorf("%s: family and slug are required", where)
		}
		for _, name := range append([]string{f.Family}, f.Aliases...) {
			key := strings.ToLower(name)
			if names[key] {
				return fmt.Errorf("%s: name %q used twice", where, name)
			}
			names[key] = true
		}
		if slugs[f.Slug] {
			return fmt.Errorf("%s: duplicate slug %q", where, f.Slug)
		}
		slugs[f.Slug] = true
		switch f.Category {
		case CategorySans, CategorySerif, CategoryDisplay, CategoryHandwriting, CategoryMono, CategoryFallback:
		default:
			return fmt.Errorf("%s: unknown category %q", where, f.Category)
		}
		if len(f.Faces) == 0 {
			return fmt.Errorf("%s: no faces", where)
		}
		own := []string{f.LicenceFile}
		own = append(own, f.Notices...)
		for _, face := range f.Faces {
			if face.Weight < 1 || face.Weight > 1000 {
				return fmt.Errorf("%s: %s: weight %d out of 1–1000", where, face.File, face.Weight)
			}
			if face.Style != StyleNormal && face.Style != StyleItalic {
				return fmt.Errorf("%s: %s: unknown style %q", where, face.File, face.Style)
			}
			if face.Format != FormatTrueType && face.Format != FormatCFF {
				return fmt.Errorf("%s: %s: unknown format %q", where, face.File, face.Format)
			}
			own = append(own, face.File)
		}
		for _, p := range own {
			if !fs.ValidPath(p) || path.Dir(p) != f.Slug {
				return fmt.Errorf("%s: file %q is not inside folder %q", where, p, f.Slug)
			}
			if c.files[p] {
				return fmt.Errorf("%s: file %q listed twice", where, p)
			}
			if _, err := fs.Stat(fontFiles, "fonts/"+p); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			c.files[p] = true
		}
	}
	return nil
}

// FontCatalogue returns the bundled font families in catalogue order (text
// families first, fallback families last). The catalogue is parsed once; each
// call returns a fresh copy that the caller may modify. An error means the
// embedded catalogue is broken, which the package tests rule out.
func FontCatalogue() ([]FontFamily, error) {
	c, err := loadCatalogue()
	if err != nil {
		return nil, err
	}
	out := make([]FontFamily, len(c.families))
	for i, f := range c.families {
		out[i] = f.clone()
	}
	return out, nil
}

// FindFamily returns the family whose name or one of whose aliases equals name,
// ignoring case, as a fresh copy. It reports false when no bundled family
// answers to name, or when the embedded catalogue is broken.
func FindFamily(name string) (FontFamily, bool) {
	c, err := loadCatalogue()
	if err != nil {
		return FontFamily{}, false
	}
	for _, f := range c.families {
		if strings.EqualFold(f.Family, name) || slices.ContainsFunc(f.Aliases, func(a string) bool { return strings.EqualFold(a, name) }) {
			return f.clone(), true
		}
	}
	return FontFamily{}, false
}

// FontFallbacks returns the families of the fallback chain (FallbackRank > 0)
// in the order the renderer should try them for a glyph that the requested
// family lacks, as fresh copies.
func FontFallbacks() ([]FontFamily, error) {
	all, err := FontCatalogue()
	if err != nil {
		return nil, err
	}
	var chain []FontFamily
	for _, f := range all {
		if f.FallbackRank > 0 {
			chain = append(chain, f)
		}
	}
	slices.SortStableFunc(chain, func(a, b FontFamily) int { return a.FallbackRank - b.FallbackRank })
	return chain, nil
}

// clone returns a deep copy of f.
func (f FontFamily) clone() FontFamily {
	g := f
	g.Faces = append([]FontFace(nil), f.Faces...)
	g.Notices = append([]string(nil), f.Notices...)
	g.Missing = append([]string(nil), f.Missing...)
	g.Aliases = append([]string(nil), f.Aliases...)
	g.Labels = make(map[string]string, len(f.Labels))
	for k, v := range f.Labels {
		g.Labels[k] = v
	}
	return g
}

// FontFile returns a copy of the bundled file at p, a path as written in the
// catalogue: a face's File, a LicenceFile or a Notices entry. Any other path,
// including one that escapes the font folder, gives an error wrapping
// fs.ErrNotExist, so p may come straight from a request.
func FontFile(p string) ([]byte, error) {
	c, err := loadCatalogue()
	if err != nil {
		return nil, err
	}
	if !c.files[p] {
		return nil, fmt.Errorf("assets: %q is not a catalogued font file: %w", p, fs.ErrNotExist)
	}
	return fontFiles.ReadFile("fonts/" + p)
}

var fontsSub = sync.OnceValue(func() fs.FS {
	sub, err := fs.Sub(fontFiles, "fonts")
	if err != nil {
		// fs.Sub fails only for an invalid directory name; "fonts" is valid.
		panic(err)
	}
	return sub
})

// FontsFS returns the font folder as a read-only file system whose paths match
// the catalogue ("catalogue.json", "roboto/Roboto-Regular.ttf", …), for
// serving the files with http.FileServerFS or reading them with fs.ReadFile.
func FontsFS() fs.FS {
	return fontsSub()
}
