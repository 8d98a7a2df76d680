package assets

import (
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sync"
)

// The icon library (assets/icons): Iconify JSON collections from npm, subsetted and
// gzip-compressed by assets/icons/importer (refreshed with assets/icons/update.sh), each with its
// upstream licence file verbatim. About 2 MB for some 14,800 icons.
//
//go:embed icons/sets.json icons/*/LICENSE icons/*/icons.json.gz icons/*/index.json.gz
var iconFiles embed.FS

// Icon set kinds, as in IconSet.Kind.
const (
	IconKindIcon         = "icon"         // single-colour (currentColor), recolourable
	IconKindIllustration = "illustration" // multi-colour, drawn as is
)

// IconSet describes one embedded icon set and the licence it is shipped under.
type IconSet struct {
	Prefix     string `json:"prefix"` // Iconify prefix, also the first part of item ids: "tabler"
	Name       string `json:"name"`   // "Tabler Icons"
	Kind       string `json:"kind"`   // IconKindIcon or IconKindIllustration
	Author     string `json:"author"`
	AuthorURL  string `json:"authorUrl"`
	Licence    string `json:"licence"` // SPDX id
	LicenceURL string `json:"licenceUrl"`
	Version    string `json:"version,omitempty"` // upstream version, when Iconify records it
	Package    string `json:"package"`           // npm package@version the drawings come from
	TagsFrom   string `json:"tagsFrom,omitempty"`
	Count      int    `json:"count"`
	Palette    bool   `json:"palette"` // true for colour sets
}

// IconIndex is a set's search index: every icon's name, tags and category, without drawings.
type IconIndex struct {
	Width  int         `json:"width"`  // default view-box width of the set's icons
	Height int         `json:"height"` // default view-box height
	Icons  []IconEntry `json:"icons"`
}

// IconEntry is one icon in an IconIndex.
type IconEntry struct {
	Name     string   `json:"n"`
	Tags     []string `json:"t,omitempty"` // upstream keywords and alias names, lower case
	Category string   `json:"c,omitempty"`
	Width    int      `json:"w,omitempty"` // 0: the set's default
	Height   int      `json:"h,omitempty"`
}

// IconData is a set's drawings in Iconify JSON form.
type IconData struct {
	Prefix string              `json:"prefix"`
	Width  int                 `json:"width"`
	Height int                 `json:"height"`
	Icons  map[string]IconBody `json:"icons"`
}

// IconBody is one Iconify icon: the SVG content inside <svg> and its view box.
type IconBody struct {
	Body   string `json:"body"`
	Width  int    `json:"width,omitempty"` // 0: the set's default
	Height int    `json:"height,omitempty"`
	Left   int    `json:"left,omitempty"`
	Top    int    `json:"top,omitempty"`
}

// iconSets is filled on first use. It is not a package-level sync.OnceValues: that would make
// the icon files reachable from package initialisation, so every binary importing the package
// (for its fonts, say) would carry them.
var iconSets struct {
	once sync.Once
	sets []IconSet
	err  error
}

// IconSets returns the embedded icon sets, in the order search prefers them. The slice is
// shared: do not modify it.
func IconSets() ([]IconSet, error) {
	iconSets.once.Do(func() {
		b, err := iconFiles.ReadFile("icons/sets.json")
		if err == nil {
			err = json.Unmarshal(b, &iconSets.sets)
		}
		if err != nil {
			iconSets.err = fmt.Errorf("assets: icons/sets.json: %w", err)
		}
	})
	return iconSets.sets, iconSets.err
}

// LoadIconIndex decodes the search index of the set with the given prefix.
func LoadIconIndex(prefix string) (*IconIndex, error) {
	var idx IconIndex
	if err := readGzipJSON(path.Join("icons", prefix, "index.json.gz"), &idx); err != nil {
		return nil, err
	}
	return &idx, nil
}

// LoadIconData decodes the drawings of the set with the given prefix (several MB for the large
// sets once decoded: load it when an icon of the set is first asked for, and keep it).
func LoadIconData(prefix string) (*IconData, error) {
	var d IconData
	if err := readGzipJSON(path.Join("icons", prefix, "icons.json.gz"), &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// IconLicence returns the licence file of the set with the given prefix, verbatim.
func IconLicence(prefix string) ([]byte, error) {
	return iconFiles.ReadFile(path.Join("icons", prefix, "LICENSE"))
}

func readGzipJSON(name string, v any) error {
	f, err := iconFiles.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("assets: %s: %w", name, err)
	}
	if err := json.NewDecoder(zr).Decode(v); err != nil {
		return fmt.Errorf("assets: %s: %w", name, err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil { // checks the gzip trailer
		return fmt.Errorf("assets: %s: %w", name, err)
	}
	return nil
}
