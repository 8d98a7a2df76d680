package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sync"
)

// The photo library (assets/photos): CC0 and CC-BY-4.0 photographs from Debian's
// lomiri-wallpapers-16.04, re-encoded by assets/photos/importer to at most 2400 px, JPEG q85.
// Their licences are in COPYRIGHT.lomiri-wallpapers (Debian's copyright file, verbatim).
//
//go:embed photos/photos.json photos/*.jpg photos/COPYRIGHT.lomiri-wallpapers
var photoFiles embed.FS

// Photo describes one embedded photograph and its credit.
type Photo struct {
	ID         string   `json:"id"`     // stable id, the second part of the item id: "dandelions"
	File       string   `json:"file"`   // file name in assets/photos
	Source     string   `json:"source"` // file name in the Debian package
	TitleFr    string   `json:"titleFr"`
	TitleEn    string   `json:"titleEn"`
	Author     string   `json:"author"`
	Licence    string   `json:"licence"` // SPDX id: "CC0-1.0", "CC-BY-4.0"
	LicenceURL string   `json:"licenceUrl"`
	SourceURL  string   `json:"sourceUrl"`
	Tags       []string `json:"tags"` // English and French keywords
	Width      int      `json:"width"`
	Height     int      `json:"height"`
}

// PhotosCopyright is the file, embedded with the photos, that states each photo's licence.
const PhotosCopyright = "COPYRIGHT.lomiri-wallpapers"

// photoList is filled on first use (not at package initialisation: see iconSets).
var photoList struct {
	once sync.Once
	list []Photo
	err  error
}

// Photos returns the embedded photos. The slice is shared: do not modify it.
func Photos() ([]Photo, error) {
	photoList.once.Do(func() {
		b, err := photoFiles.ReadFile("photos/photos.json")
		if err == nil {
			err = json.Unmarshal(b, &photoList.list)
		}
		if err != nil {
			photoList.err = fmt.Errorf("assets: photos/photos.json: %w", err)
		}
	})
	return photoList.list, photoList.err
}

// PhotoFile returns the bytes of an embedded photo file (a Photo.File, or PhotosCopyright).
// The bytes are shared with the binary's read-only data: do not modify them.
func PhotoFile(name string) ([]byte, error) {
	if path.Base(name) != name {
		return nil, fmt.Errorf("assets: bad photo file name %q", name)
	}
	return photoFiles.ReadFile(path.Join("photos", name))
}
