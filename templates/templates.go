// Package templates holds the design templates Affiche ships (Affiche scene JSON) and their
// catalogue. The catalogue file gives each template's id, titles, description, category and
// tags; its page size and page count are read from the template itself, so they cannot disagree.
package templates

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"

	"affiche/scene"
)

//go:embed catalogue.json *.json
var files embed.FS

// Categories of templates.
const (
	CategoryPoster = "poster" // print posters
	CategoryFlyer  = "flyer"  // print flyers and leaflets
	CategorySocial = "social" // social-media images
)

// Template describes one template in the catalogue.
type Template struct {
	ID          string      `json:"id"`
	File        string      `json:"-"`
	Category    string      `json:"category"`
	Title       scene.Label `json:"title"`
	Description scene.Label `json:"description"`
	Tags        []string    `json:"tags,omitempty"`
	// Width and Height are the first page's size in points; Pages counts the pages.
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Pages  int     `json:"pages"`
}

type entry struct {
	Template
	FileName string `json:"file"`
}

var load = sync.OnceValues(func() ([]Template, error) {
	data, err := files.ReadFile("catalogue.json")
	if err != nil {
		return nil, err
	}
	var entries []entry
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("templates: catalogue.json: %w", err)
	}
	seen := map[string]bool{}
	out := make([]Template, 0, len(entries))
	for _, e := range entries {
		t := e.Template
		t.File = e.FileName
		if t.ID == "" || seen[t.ID] {
			return nil, fmt.Errorf("templates: missing or duplicate id %q", t.ID)
		}
		seen[t.ID] = true
		b, err := files.ReadFile(t.File)
		if err != nil {
			return nil, fmt.Errorf("templates: %s: %w", t.ID, err)
		}
		doc, _, err := scene.Restore(b)
		if err != nil {
			return nil, fmt.Errorf("templates: %s: %w", t.File, err)
		}
		t.Width, t.Height = doc.PageSize(0)
		t.Pages = len(doc.Pages)
		out = append(out, t)
	}
	return out, nil
})

// Catalogue returns the templates in catalogue order. Each template is checked with
// scene.Restore when the catalogue is first read; an error means a shipped file is broken
// (the package tests rule that out). The slice is a copy.
func Catalogue() ([]Template, error) {
	list, err := load()
	if err != nil {
		return nil, err
	}
	return append([]Template(nil), list...), nil
}

// File returns the scene JSON of the template with the given id; an unknown id gives an error
// wrapping fs.ErrNotExist.
func File(id string) ([]byte, error) {
	list, err := load()
	if err != nil {
		return nil, err
	}
	for _, t := range list {
		if t.ID == id {
			return files.ReadFile(t.File)
		}
	}
	return nil, fmt.Errorf("templates: %q: %w", id, fs.ErrNotExist)
}
