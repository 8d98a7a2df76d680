package libraries

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"affiche/library"
	"affiche/library/offline"
	"affiche/library/providers"
	"affiche/renderer/orient"
	"affiche/scene"
	"affiche/server/apierr"
)

// InsertRequest is the optional body of POST /api/library/items/{id}/insert.
type InsertRequest struct {
	// Color recolours a single-colour icon: the answer's Colors maps currentColor to it.
	Color string `json:"color,omitempty"`
	// Item is the search result as the browser received it. It is used only when the server no
	// longer remembers that result (it restarted since the search), for the credit and size.
	Item *library.Item `json:"item,omitempty"`
}

// Insertion is what the editor puts in the scene for an inserted item: a new element of type
// Type whose src is Src, sized from Width × Height, carrying Credit.
type Insertion struct {
	ID string `json:"id"`
	// Type is the scene element type to create: "image", "svg", or for shape presets "shape" or
	// "line" (then Shape holds the element's fields and Src is empty).
	Type string `json:"type"`
	// Src is the URL the element refers to: this server's library URL (preview size; exports
	// read the full size), or /api/blobs/… when the image was copied to the server.
	Src string `json:"src,omitempty"`
	// Width and Height are the natural size: pixels for images, view-box units for SVG,
	// points for shapes. 0 when unknown (use a square).
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Mime   string `json:"mime,omitempty"`
	Title  string `json:"title,omitempty"`
	// Credit goes into the element's credit field as it is (scene.Credit).
	Credit *scene.Credit `json:"credit,omitempty"`
	// Colors goes into an svg element's colors field (recoloured icons).
	Colors map[string]string    `json:"colors,omitempty"`
	Shape  *library.ShapePreset `json:"shape,omitempty"`
	// Copied is true when the image was downloaded into the server's blob store (Pixabay's
	// terms); Tracked when the provider was told of the insertion (Unsplash's download event).
	Copied  bool `json:"copied,omitempty"`
	Tracked bool `json:"tracked,omitempty"`
}

// trackOnInsert lists the providers whose OnInsert reports the insertion to them.
var trackOnInsert = map[string]bool{"unsplash": true}

var errForgotten = apierr.New(http.StatusNotFound, apierr.NotFound,
	"this search result is no longer known to the server: search again, then insert it",
	"ce résultat de recherche n'est plus connu du serveur : relancez la recherche, puis insérez-le")

// handleInsert answers POST /api/library/items/{id}/insert.
func (s *Service) handleInsert(w http.ResponseWriter, r *http.Request, id string) error {
	var req InsertRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		return apierr.New(http.StatusRequestEntityTooLarge, apierr.TooLarge, "the request body is limited to 64 KB", "le corps de la requête est limité à 64 Ko")
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			return apierr.New(http.StatusBadRequest, apierr.BadRequest, "the body must be a JSON object: "+err.Error(),
				"le corps doit être un objet JSON : "+err.Error())
		}
	}
	ins, err := s.Insert(r, id, req)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, r, http.StatusOK, ins)
}

// Insert prepares the insertion of item id: for a provider's item it runs the provider's
// insertion duty (Unsplash: its download event) and copies the image to the blob store when
// the provider's terms ask for it (Pixabay), and it answers the element to create.
func (s *Service) Insert(r *http.Request, id string, req InsertRequest) (Insertion, error) {
	if err := checkID(id); err != nil {
		return Insertion{}, err
	}
	if s.reg != nil && s.reg.Owns(id) {
		return s.insertProvided(r, id, req)
	}
	it, ok := s.cat.Get(id)
	if !ok {
		return Insertion{}, offline.ErrNotFound
	}
	ins := Insertion{ID: id, Width: it.Width, Height: it.Height, Mime: it.Mime, Title: it.Title, Credit: sceneCredit(it.Credit)}
	switch {
	case it.Kind == library.KindShape && it.Shape != nil:
		ins.Type, ins.Shape, ins.Mime, ins.Credit = it.Shape.Type, it.Shape, "", nil
		ins.Width, ins.Height = int(it.Shape.Width+0.5), int(it.Shape.Height+0.5)
		return ins, nil
	case it.Mime == "image/svg+xml":
		ins.Type = string(scene.TypeSVG)
	default:
		ins.Type = string(scene.TypeImage)
	}
	ins.Src = it.PreviewURL
	if req.Color != "" && it.Kind == library.KindIcon {
		if _, err := s.cat.SVG(id, req.Color); err != nil {
			return Insertion{}, err
		}
		ins.Colors = map[string]string{"currentColor": req.Color}
	}
	return ins, nil
}

func (s *Service) insertProvided(r *http.Request, id string, req InsertRequest) (Insertion, error) {
	ctx := r.Context()
	provider, _, _ := strings.Cut(id, ":")
	it, ok := s.seen.get(id)
	if !ok {
		if req.Item == nil || req.Item.ID != id {
			return Insertion{}, errForgotten
		}
		it = sanitizeItem(*req.Item)
	}
	ins := Insertion{ID: id, Width: it.Width, Height: it.Height, Mime: it.Mime, Title: it.Title, Credit: sceneCredit(it.Credit),
		Type: string(scene.TypeImage)}
	if it.Kind == library.KindIcon || it.Kind == library.KindIllustration || it.Mime == "image/svg+xml" {
		ins.Type = string(scene.TypeSVG)
	}
	if err := s.reg.OnInsert(ctx, id); err != nil {
		if errors.Is(err, providers.ErrQuota) || errors.Is(err, providers.ErrDisabled) || ctx.Err() != nil {
			return Insertion{}, err
		}
		s.log.Warn("library insert: the provider could not be told", "provider", provider, "err", err)
	} else {
		ins.Tracked = trackOnInsert[provider]
	}
	if copyOnInsert[provider] {
		b := s.blobStore()
		if b == nil {
			return Insertion{}, errors.New("libraries: no blob store to copy " + provider + " images into")
		}
		a, err := s.reg.Open(ctx, id, library.SizeFull)
		if err != nil {
			return Insertion{}, err
		}
		info, _, err := b.Put(a.Data)
		if err != nil {
			return Insertion{}, err
		}
		ins.Src, ins.Mime, ins.Copied = "/api/blobs/"+info.SHA256, info.Mime, true
		if info.Width > 0 && info.Height > 0 {
			ins.Width, ins.Height = info.Width, info.Height
		}
		return ins, nil
	}
	ins.Src = providers.DefaultItemURL(id, library.SizePreview)
	if ins.Width <= 0 || ins.Height <= 0 {
		// The size decides the element's proportions: read it from the preview's header.
		if a, err := s.reg.Open(ctx, id, library.SizePreview); err == nil {
			ins.Mime = a.Mime
			if cfg, _, err := orient.DecodeConfig(a.Data); err == nil {
				ins.Width, ins.Height = cfg.Width, cfg.Height
			} else if a.Width > 0 {
				ins.Width, ins.Height = a.Width, a.Height
			}
		}
	}
	return ins, nil
}

// sanitizeItem keeps what an insert may take from a browser-sent item: sizes within reason,
// text, and a credit whose links are web links.
func sanitizeItem(it library.Item) library.Item {
	out := library.Item{ID: it.ID, Kind: it.Kind, Title: clip(it.Title, 300)}
	if it.Width > 0 && it.Width <= 100_000 && it.Height > 0 && it.Height <= 100_000 {
		out.Width, out.Height = it.Width, it.Height
	}
	switch it.Mime {
	case "image/svg+xml", "image/jpeg", "image/png", "image/webp", "image/gif":
		out.Mime = it.Mime
	}
	if c := it.Credit; c != nil {
		out.Credit = &library.Credit{Provider: clip(c.Provider, 100), Author: clip(c.Author, 200), AuthorURL: webLink(c.AuthorURL),
			Licence: clip(c.Licence, 100), LicenceURL: webLink(c.LicenceURL), SourceURL: webLink(c.SourceURL),
			Text: clip(c.Text, 500), Required: c.Required}
	}
	return out
}

func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

func webLink(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(s) > 1000 {
		return ""
	}
	return s
}

// sceneCredit copies a library credit into the scene's credit (the same fields).
func sceneCredit(c *library.Credit) *scene.Credit {
	if c == nil {
		return nil
	}
	return &scene.Credit{Provider: c.Provider, Author: c.Author, AuthorURL: c.AuthorURL, Licence: c.Licence,
		LicenceURL: c.LicenceURL, SourceURL: c.SourceURL, Text: c.Text, Required: c.Required}
}
