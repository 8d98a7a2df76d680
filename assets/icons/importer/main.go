// Command importer turns unpacked npm icon packages into the files that package assets embeds:
// for each set a subset of its Iconify JSON (gzip), a search index of names, tags and categories
// (gzip) and its upstream licence file, copied verbatim; and icons/sets.json describing the sets.
//
// It is run by update.sh, which fetches the pinned packages with `npm pack`; it needs no network
// itself. Usage: go run ./assets/icons/importer -src DIR -out assets/icons
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// setSpec says where a set's files come from and which icons to keep.
type setSpec struct {
	Prefix   string
	Kind     string // "icon" (single colour, recolourable) or "illustration" (colour)
	Iconify  string // folder of the unpacked @iconify-json package
	Licence  string // path of the upstream licence file, relative to -src
	Package  string // npm package and version of the Iconify JSON
	TagsFrom string // npm package and version the tags come from ("" if none)
	tags     func(src string) (map[string]meta, error)
	keep     func(name string, tags map[string]meta, all map[string]bool) bool
}

// meta is what an upstream package says about one icon.
type meta struct {
	Tags     []string
	Category string
}

var specs = []setSpec{
	{Prefix: "tabler", Kind: "icon", Iconify: "iconify-json-tabler", Licence: "tabler-icons/package/LICENSE",
		Package: "@iconify-json/tabler@1.2.41", TagsFrom: "@tabler/icons@3.51.0", tags: tablerTags},
	{Prefix: "lucide", Kind: "icon", Iconify: "iconify-json-lucide", Licence: "lucide-static/package/LICENSE",
		Package: "@iconify-json/lucide@1.2.137", TagsFrom: "lucide-static@1.62.0", tags: lucideTags},
	{Prefix: "ph", Kind: "icon", Iconify: "iconify-json-ph", Licence: "phosphor-icons-core/package/LICENSE",
		Package: "@iconify-json/ph@1.2.2", TagsFrom: "@phosphor-icons/core@2.1.1", tags: phosphorTags, keep: phosphorKeep},
	{Prefix: "bi", Kind: "icon", Iconify: "iconify-json-bi", Licence: "bootstrap-icons/package/LICENSE",
		Package: "@iconify-json/bi@1.2.7"},
	{Prefix: "fluent-emoji-flat", Kind: "illustration", Iconify: "iconify-json-fluent-emoji-flat",
		Licence: "fluentui-emoji-js/package/LICENSE", Package: "@iconify-json/fluent-emoji-flat@1.2.6",
		TagsFrom: "@iconify-json/fluent-emoji-flat@1.2.6 (categories)", tags: fluentTags, keep: fluentKeep},
}

// iconifyJSON is the part of the IconifyJSON format the importer reads and writes.
type iconifyJSON struct {
	Prefix  string                 `json:"prefix"`
	Width   int                    `json:"width,omitempty"`
	Height  int                    `json:"height,omitempty"`
	Icons   map[string]iconifyIcon `json:"icons"`
	Aliases map[string]struct {
		Parent string `json:"parent"`
		HFlip  bool   `json:"hFlip,omitempty"`
		VFlip  bool   `json:"vFlip,omitempty"`
		Rotate int    `json:"rotate,omitempty"`
	} `json:"aliases,omitempty"`
}

type iconifyIcon struct {
	Body   string `json:"body"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	Left   int    `json:"left,omitempty"`
	Top    int    `json:"top,omitempty"`
	Hidden bool   `json:"hidden,omitempty"`
	HFlip  bool   `json:"hFlip,omitempty"`
	VFlip  bool   `json:"vFlip,omitempty"`
	Rotate int    `json:"rotate,omitempty"`
}

// iconifyInfo is the part of an Iconify info.json the importer copies into sets.json.
type iconifyInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Author  struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"author"`
	License struct {
		Title string `json:"title"`
		SPDX  string `json:"spdx"`
		URL   string `json:"url"`
	} `json:"license"`
	Palette bool `json:"palette"`
}

// setOut is one entry of sets.json (read by assets.IconSets).
type setOut struct {
	Prefix     string `json:"prefix"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Author     string `json:"author"`
	AuthorURL  string `json:"authorUrl"`
	Licence    string `json:"licence"`
	LicenceURL string `json:"licenceUrl"`
	Version    string `json:"version,omitempty"`
	Package    string `json:"package"`
	TagsFrom   string `json:"tagsFrom,omitempty"`
	Count      int    `json:"count"`
	Palette    bool   `json:"palette"`
}

// indexOut is a set's index.json: what search needs without the SVG bodies.
type indexOut struct {
	Width  int        `json:"width"`
	Height int        `json:"height"`
	Icons  []indexRow `json:"icons"`
}

type indexRow struct {
	Name     string   `json:"n"`
	Tags     []string `json:"t,omitempty"`
	Category string   `json:"c,omitempty"`
	Width    int      `json:"w,omitempty"`
	Height   int      `json:"h,omitempty"`
}

func main() {
	src := flag.String("src", "", "folder holding the unpacked npm packages (NAME/package/...)")
	out := flag.String("out", "assets/icons", "output folder")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "importer:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	if src == "" {
		return errors.New("-src is required")
	}
	var sets []setOut
	for _, s := range specs {
		o, err := importSet(src, out, s)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Prefix, err)
		}
		fmt.Printf("%-18s %5d icons\n", s.Prefix, o.Count)
		sets = append(sets, o)
	}
	b, err := json.MarshalIndent(sets, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "sets.json"), append(b, '\n'), 0o644)
}

func importSet(src, out string, s setSpec) (setOut, error) {
	dir := filepath.Join(src, s.Iconify, "package")
	var ij iconifyJSON
	if err := readJSON(filepath.Join(dir, "icons.json"), &ij); err != nil {
		return setOut{}, err
	}
	var info iconifyInfo
	if err := readJSON(filepath.Join(dir, "info.json"), &info); err != nil {
		return setOut{}, err
	}
	if ij.Width == 0 {
		ij.Width = 16 // Iconify's default
	}
	if ij.Height == 0 {
		ij.Height = 16
	}
	tags := map[string]meta{}
	if s.tags != nil {
		var err error
		if tags, err = s.tags(src); err != nil {
			return setOut{}, err
		}
	}
	all := map[string]bool{}
	for n := range ij.Icons {
		all[n] = true
	}
	// Aliases without a transformation are other names for the same drawing: search words.
	aliasTags := map[string][]string{}
	for a, al := range ij.Aliases {
		if !al.HFlip && !al.VFlip && al.Rotate == 0 {
			aliasTags[al.Parent] = append(aliasTags[al.Parent], strings.ReplaceAll(a, "-", " "))
		}
	}
	names := make([]string, 0, len(ij.Icons))
	for n, ic := range ij.Icons {
		if ic.Hidden || ic.HFlip || ic.VFlip || ic.Rotate != 0 {
			continue // deprecated, or needs a transform we do not apply
		}
		if s.keep != nil && !s.keep(n, tags, all) {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)

	sub := iconifyJSON{Prefix: ij.Prefix, Width: ij.Width, Height: ij.Height, Icons: map[string]iconifyIcon{}}
	idx := indexOut{Width: ij.Width, Height: ij.Height}
	for _, n := range names {
		ic := ij.Icons[n]
		sub.Icons[n] = iconifyIcon{Body: ic.Body, Width: ic.Width, Height: ic.Height, Left: ic.Left, Top: ic.Top}
		m := lookupMeta(tags, n)
		t := append(slices.Clone(m.Tags), aliasTags[n]...)
		slices.Sort(t)
		t = slices.Compact(t)
		idx.Icons = append(idx.Icons, indexRow{Name: n, Tags: t, Category: m.Category, Width: ic.Width, Height: ic.Height})
	}

	setDir := filepath.Join(out, s.Prefix)
	if err := os.MkdirAll(setDir, 0o755); err != nil {
		return setOut{}, err
	}
	if err := writeGzipJSON(filepath.Join(setDir, "icons.json.gz"), sub); err != nil {
		return setOut{}, err
	}
	if err := writeGzipJSON(filepath.Join(setDir, "index.json.gz"), idx); err != nil {
		return setOut{}, err
	}
	lic, err := os.ReadFile(filepath.Join(src, s.Licence))
	if err != nil {
		return setOut{}, err
	}
	if err := os.WriteFile(filepath.Join(setDir, "LICENSE"), lic, 0o644); err != nil {
		return setOut{}, err
	}
	return setOut{
		Prefix: s.Prefix, Name: info.Name, Kind: s.Kind, Author: info.Author.Name, AuthorURL: info.Author.URL,
		Licence: info.License.SPDX, LicenceURL: info.License.URL, Version: info.Version,
		Package: s.Package, TagsFrom: s.TagsFrom, Count: len(names), Palette: info.Palette,
	}, nil
}

// lookupMeta finds an icon's tags, trying the name without a style suffix when the upstream
// package lists only the base icon (tabler "home-filled", phosphor "house-fill").
func lookupMeta(tags map[string]meta, name string) meta {
	if m, ok := tags[name]; ok {
		return m
	}
	for _, suf := range []string{"-filled", "-fill"} {
		if base, ok := strings.CutSuffix(name, suf); ok {
			if m, ok := tags[base]; ok {
				return m
			}
		}
	}
	return meta{}
}

func tablerTags(src string) (map[string]meta, error) {
	var raw map[string]struct {
		Category string `json:"category"`
		Tags     []any  `json:"tags"` // a few tags are numbers
	}
	if err := readJSON(filepath.Join(src, "tabler-icons/package/icons.json"), &raw); err != nil {
		return nil, err
	}
	m := make(map[string]meta, len(raw))
	for n, r := range raw {
		var t []string
		for _, x := range r.Tags {
			if s, ok := x.(string); ok {
				t = append(t, s)
			}
		}
		m[n] = meta{Tags: cleanTags(t), Category: strings.ToLower(r.Category)}
	}
	return m, nil
}

func lucideTags(src string) (map[string]meta, error) {
	var raw map[string][]string
	if err := readJSON(filepath.Join(src, "lucide-static/package/tags.json"), &raw); err != nil {
		return nil, err
	}
	m := make(map[string]meta, len(raw))
	for n, t := range raw {
		m[n] = meta{Tags: cleanTags(t)}
	}
	return m, nil
}

var (
	phEntry = regexp.MustCompile(`(?s)name: "([^"]+)",.*?categories: \[([^\]]*)\],.*?tags: \[([^\]]*)\]`)
	phEnum  = regexp.MustCompile(`i\.([A-Z_]+) = "([^"]+)"`)
	phStr   = regexp.MustCompile(`"([^"]*)"`)
	phCat   = regexp.MustCompile(`e\.([A-Z_]+)`)
)

// phosphorTags reads names, tags and categories from @phosphor-icons/core's bundled module.
func phosphorTags(src string) (map[string]meta, error) {
	b, err := os.ReadFile(filepath.Join(src, "phosphor-icons-core/package/dist/index.mjs"))
	if err != nil {
		return nil, err
	}
	text := string(b)
	start := strings.Index(text, "const n = [")
	if start < 0 {
		return nil, errors.New("phosphor: icon list not found")
	}
	// The first enum ("e") holds the categories used by the entries.
	cats := map[string]string{}
	header := text[:start]
	if i := strings.Index(header, "e = "); i >= 0 {
		for _, m := range phEnum.FindAllStringSubmatch(header[i:], -1) {
			if _, dup := cats[m[1]]; !dup {
				cats[m[1]] = m[2]
			}
		}
	}
	m := map[string]meta{}
	for _, e := range phEntry.FindAllStringSubmatch(text[start:], -1) {
		var t []string
		for _, s := range phStr.FindAllStringSubmatch(e[3], -1) {
			t = append(t, s[1])
		}
		var c []string
		for _, s := range phCat.FindAllStringSubmatch(e[2], -1) {
			if v := cats[s[1]]; v != "" {
				c = append(c, v)
			}
		}
		m[e[1]] = meta{Tags: cleanTags(t), Category: strings.Join(c, ", ")}
	}
	if len(m) < 1000 {
		return nil, fmt.Errorf("phosphor: only %d icons parsed", len(m))
	}
	return m, nil
}

// phosphorKeep keeps the regular and fill weights: the other four weights would multiply
// the results of every search for little gain on a poster.
func phosphorKeep(name string, tags map[string]meta, _ map[string]bool) bool {
	if _, ok := tags[name]; ok {
		return true
	}
	base, ok := strings.CutSuffix(name, "-fill")
	if !ok {
		return false
	}
	_, ok = tags[base]
	return ok
}

func fluentTags(src string) (map[string]meta, error) {
	var raw struct {
		Categories map[string][]string `json:"categories"`
	}
	if err := readJSON(filepath.Join(src, "iconify-json-fluent-emoji-flat/package/metadata.json"), &raw); err != nil {
		return nil, err
	}
	m := map[string]meta{}
	for c, names := range raw.Categories {
		for _, n := range names {
			m[n] = meta{Category: strings.ToLower(c)}
		}
	}
	return m, nil
}

var toneSuffixes = []string{"-medium-light", "-medium-dark", "-medium", "-light", "-dark"}

// fluentKeep drops skin-tone variants (the set has each person in six tones) when the
// neutral version exists: a third of the icons for two thirds of the bytes.
func fluentKeep(name string, _ map[string]meta, all map[string]bool) bool {
	for _, suf := range toneSuffixes {
		if base, ok := strings.CutSuffix(name, suf); ok && all[base] {
			return false
		}
	}
	return true
}

// cleanTags lower-cases tags and drops markers such as "*new*".
func cleanTags(t []string) []string {
	out := make([]string, 0, len(t))
	for _, s := range t {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" || strings.Contains(s, "*") {
			continue
		}
		out = append(out, s)
	}
	return out
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func writeGzipJSON(path string, v any) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.ModTime = zeroTime // reproducible output
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

var zeroTime = time.Time{}
