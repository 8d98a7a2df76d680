package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"affiche/assets"
	"affiche/server/apierr"
	"affiche/server/export"
	"affiche/templates"
)

// fontFace is one face in the font catalogue answer.
type fontFace struct {
	Weight int    `json:"weight"`
	Style  string `json:"style"`
	Format string `json:"format"`
	URL    string `json:"url"`
}

// fontFamily is one family in the font catalogue answer.
type fontFamily struct {
	Family     string            `json:"family"`
	Category   string            `json:"category"`
	Licence    string            `json:"licence"`
	LicenceURL string            `json:"licenceUrl"`
	Designer   string            `json:"designer,omitempty"`
	Labels     map[string]string `json:"labels,omitempty"`
	Aliases    []string          `json:"aliases,omitempty"`
	Missing    []string          `json:"missing,omitempty"`
	Fallback   bool              `json:"fallback,omitempty"`
	Faces      []fontFace        `json:"faces"`
}

// handleFonts lists the bundled fonts with the URLs of their files: GET /api/fonts.
func (s *Server) handleFonts(w http.ResponseWriter, r *http.Request) error {
	cat, err := assets.FontCatalogue()
	if err != nil {
		return err
	}
	out := make([]fontFamily, 0, len(cat))
	for _, f := range cat {
		ff := fontFamily{Family: f.Family, Category: f.Category, Licence: f.Licence, LicenceURL: "/api/fonts/" + f.LicenceFile,
			Designer: f.Designer, Labels: f.Labels, Aliases: f.Aliases, Missing: f.Missing, Fallback: f.FallbackRank > 0}
		for _, face := range f.Faces {
			ff.Faces = append(ff.Faces, fontFace{Weight: face.Weight, Style: face.Style, Format: face.Format, URL: "/api/fonts/" + face.File})
		}
		out = append(out, ff)
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	return writeJSON(w, http.StatusOK, map[string]any{"default": assets.DefaultFamily, "families": out})
}

// handleFontFile serves a bundled font or licence file: GET /api/fonts/{file...}.
func (s *Server) handleFontFile(w http.ResponseWriter, r *http.Request) error {
	p := r.PathValue("file")
	data, err := assets.FontFile(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return apierr.ErrNotFound
		}
		return err
	}
	ct := "text/plain; charset=utf-8"
	switch strings.ToLower(path.Ext(p)) {
	case ".ttf":
		ct = "font/ttf"
	case ".otf":
		ct = "font/otf"
	}
	serveBytes(w, r, ct, data, "public, max-age=604800")
	return nil
}

// serveBytes sends data with a strong ETag (its SHA-256), so revalidation is a 304.
func serveBytes(w http.ResponseWriter, r *http.Request, contentType string, data []byte, cacheControl string) {
	sum := sha256.Sum256(data)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// templateEntry is one template in the catalogue answer.
type templateEntry struct {
	templates.Template
	URL        string `json:"url"`
	PreviewURL string `json:"previewUrl"`
}

// previewWidth is the width in pixels of template previews (sharp at 2× in a 180 px card).
const previewWidth = 360

// handleTemplates lists the templates: GET /api/templates.
func (s *Server) handleTemplates(w http.ResponseWriter, r *http.Request) error {
	cat, err := templates.Catalogue()
	if err != nil {
		return err
	}
	out := make([]templateEntry, len(cat))
	for i, t := range cat {
		out[i] = templateEntry{Template: t, URL: "/api/templates/" + t.ID, PreviewURL: "/api/templates/" + t.ID + "/preview"}
	}
	w.Header().Set("Cache-Control", "no-cache")
	return writeJSON(w, http.StatusOK, map[string]any{"templates": out})
}

// handleTemplate sends one template's scene JSON: GET /api/templates/{id}.
func (s *Server) handleTemplate(w http.ResponseWriter, r *http.Request) error {
	data, err := templates.File(r.PathValue("id"))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return apierr.ErrNotFound
		}
		return err
	}
	serveBytes(w, r, "application/json; charset=utf-8", data, "no-cache")
	return nil
}

// handleTemplatePreview sends a small PNG of a template's first page, rendered once through the
// export pipeline (so under its limits) and kept in memory: GET /api/templates/{id}/preview.
func (s *Server) handleTemplatePreview(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	data, err := templates.File(id)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return apierr.ErrNotFound
		}
		return err
	}
	if cached, ok := s.previews.Load(id); ok {
		serveBytes(w, r, "image/png", cached.([]byte), "public, max-age=86400")
		return nil
	}
	doc, err := restoreScene(data, "")
	if err != nil {
		return err
	}
	pw, _ := doc.PageSize(0)
	opt := export.DefaultOptions()
	opt.DPI = max(export.MinDPI, previewWidth*72/pw)
	opt.Pages = []int{0}
	res, err := s.exporter.Export(r.Context(), export.Request{Client: "template-preview", Doc: doc, Options: opt})
	if err != nil {
		return err
	}
	defer res.Close()
	var b bytes.Buffer
	if _, err := res.WriteTo(&b); err != nil {
		return err
	}
	s.previews.Store(id, b.Bytes())
	serveBytes(w, r, "image/png", b.Bytes(), "public, max-age=86400")
	return nil
}
