package offline

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"affiche/library"
	"affiche/library/svgsafe"
	"affiche/renderer/orient"
)

// Limits on the organisation's folder. Files over them are skipped when indexing, and refused
// if they have grown past them since.
const (
	MaxOrgPixels    = 50_000_000 // declared width × height of a raster image
	MaxOrgFileBytes = 64 << 20   // size of one file
	MaxOrgSVGBytes  = 5 << 20    // size of one SVG file
	MaxOrgFiles     = 20_000     // files indexed per folder
)

// LicenceOrganisation is the licence of the organisation's own files: theirs to use.
const LicenceOrganisation = "LicenseRef-Organisation"

var orgCredit = &library.Credit{Provider: "Organisation", Licence: LicenceOrganisation}

// folder is one organisation folder, opened as an os.Root so that no path read through it,
// symbolic links included, can leave it.
type folder struct {
	label   string
	dir     string
	root    *os.Root
	files   int
	skipped int
}

// orgFile is where an organisation item's bytes live.
type orgFile struct {
	folder *folder
	path   string // slash-separated, relative to the folder
}

// FolderInfo reports what AddFolder found in one folder.
type FolderInfo struct {
	Label   string // first part of the ids of its items: "org:<label>/<path>"
	Dir     string
	Files   int // indexed images
	Skipped int // files that were not images, were unreadable or over a limit
}

// Folders returns the organisation folders added so far.
func (c *Catalogue) Folders() []FolderInfo {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]FolderInfo, len(c.folders))
	for i, f := range c.folders {
		out[i] = FolderInfo{Label: f.label, Dir: f.dir, Files: f.files, Skipped: f.skipped}
	}
	return out
}

// AddFolder indexes a directory of the organisation's own photos, logos and SVG files
// (JPEG, PNG, GIF, WebP, SVG; subfolders included; hidden files skipped). The words of each
// file's name and folders become its search words; items have provider "org" and ids
// "org:<label>/<path>", where label is the folder's base name (made unique). Files are read
// through os.Root: links that lead outside the folder are skipped. Raster files whose declared
// size is over MaxOrgPixels, files over MaxOrgFileBytes, and files that are not images are
// skipped (counted in Folders). Thumbnails are made when first asked for.
func (c *Catalogue) AddFolder(dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	f := &folder{dir: dir, root: root}
	var found []entry
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			f.skipped++
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if len(found) >= MaxOrgFiles {
			f.skipped++
			return nil
		}
		e, ok := probe(root, p)
		if !ok {
			f.skipped++
			return nil
		}
		e.org = &orgFile{folder: f, path: p}
		found = append(found, e)
		return nil
	})
	if err != nil {
		root.Close()
		return err
	}
	f.files = len(found)

	c.mu.Lock()
	defer c.mu.Unlock()
	f.label = c.uniqueLabel(filepath.Base(filepath.Clean(dir)))
	c.folders = append(c.folders, f)
	for _, e := range found {
		e.id = ProviderOrg + ":" + f.label + "/" + e.org.path
		c.org = append(c.org, e)
	}
	c.rebuildOrgIndex()
	return nil
}

// Close releases the organisation folders.
func (c *Catalogue) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, f := range c.folders {
		errs = append(errs, f.root.Close())
	}
	return errors.Join(errs...)
}

func (c *Catalogue) uniqueLabel(base string) string {
	base = strings.Join(words(base), "-")
	if base == "" {
		base = "dossier"
	}
	label := base
	for n := 2; ; n++ {
		taken := false
		for _, f := range c.folders {
			if f.label == label {
				taken = true
				break
			}
		}
		if !taken {
			return label
		}
		label = fmt.Sprintf("%s-%d", base, n)
	}
}

// rebuildOrgIndex indexes c.org. c.mu is held for writing.
func (c *Catalogue) rebuildOrgIndex() {
	b := newIndexBuilder()
	c.orgByID = make(map[string]int32, len(c.org))
	for k := range c.org {
		e := &c.org[k]
		i := int32(len(c.base) + k)
		c.orgByID[e.id] = i
		b.addName(i, e.name)
		for _, t := range e.tags {
			b.addTag(i, t, weightTag)
		}
		b.addTag(i, e.org.folder.label, weightCategory)
	}
	c.orgIx = b.build()
}

// probe checks one file of an organisation folder and describes it; ok is false for what is
// not an image or is over a limit.
func probe(root *os.Root, p string) (e entry, ok bool) {
	file, err := root.Open(p)
	if err != nil {
		return e, false // unreadable, or a link out of the folder
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > MaxOrgFileBytes || st.Size() == 0 {
		return e, false
	}
	base := path.Base(p)
	stem := strings.TrimSuffix(base, path.Ext(base))
	e = entry{src: srcOrg, kind: library.KindPhoto, name: strings.Join(words(stem), "-"),
		titleFr: cleanTitle(stem), credit: orgCredit}
	e.titleEn = e.titleFr
	for _, d := range strings.Split(path.Dir(p), "/") {
		if d != "." {
			e.tags = append(e.tags, d)
		}
	}
	if strings.EqualFold(path.Ext(base), ".svg") {
		if st.Size() > MaxOrgSVGBytes {
			return e, false
		}
		data, err := io.ReadAll(io.LimitReader(file, MaxOrgSVGBytes+1))
		if err != nil {
			return e, false
		}
		clean, err := svgsafe.Sanitize(data)
		if err != nil {
			return e, false
		}
		w, h := svgsafe.Size(clean)
		e.w, e.h, e.mime, e.kind = int(w+0.5), int(h+0.5), "image/svg+xml", library.KindIllustration
		return e, true
	}
	// The header and the EXIF block (at most 64 KiB, near the start) are read, not the pixels.
	head, _ := io.ReadAll(io.LimitReader(file, 128<<10))
	cfg, format, err := image.DecodeConfig(io.MultiReader(bytes.NewReader(head), file))
	if err != nil {
		return e, false
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxOrgPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return e, false
	}
	// The size as the browser shows the photo (turned by its EXIF orientation).
	e.w, e.h = orient.Of(head).Size(cfg.Width, cfg.Height)
	e.mime = "image/" + format
	return e, true
}

// cleanTitle turns a file name into a title: "logo_mairie-2024" → "logo mairie 2024".
func cleanTitle(stem string) string {
	return strings.Join(strings.FieldsFunc(stem, func(r rune) bool { return r == '_' || r == '-' || r == ' ' || r == '.' }), " ")
}

// orgFull reads an organisation file again (it may have changed since indexing) and checks it
// the same way as when it was indexed.
func (c *Catalogue) orgFull(e *entry) ([]byte, string, error) {
	file, err := e.org.folder.root.Open(e.org.path)
	if err != nil {
		return nil, "", err
	}
	defer file.Close()
	limit := int64(MaxOrgFileBytes)
	if e.mime == "image/svg+xml" {
		limit = MaxOrgSVGBytes
	}
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return nil, "", err
	}
	if int64(len(data)) > limit {
		return nil, "", fmt.Errorf("offline: %s is over %d bytes", e.id, limit)
	}
	if e.mime == "image/svg+xml" {
		clean, err := svgsafe.Sanitize(data)
		return clean, e.mime, err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", err
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxOrgPixels {
		return nil, "", fmt.Errorf("offline: %s is over %d pixels", e.id, MaxOrgPixels)
	}
	return data, "image/" + format, nil
}
