package libraries

import (
	"bytes"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"affiche/library/offline"
	"affiche/library/providers"
	"affiche/server/apierr"
)

// svgCSP is sent with every SVG: nothing may load or run inside one, even opened on its own
// (inline styles are allowed so that it still draws).
const svgCSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

// handleItem answers GET /api/library/items/{id}?size=thumb|preview|full[&color=…]: the item's
// bytes with their type (read from the bytes for provider images), an ETag, and a cache
// lifetime that suits the source.
func (s *Service) handleItem(w http.ResponseWriter, r *http.Request, id string) error {
	q := r.URL.Query()
	for k := range q {
		if k != "size" && k != "color" && k != "v" {
			return apierr.New(http.StatusBadRequest, apierr.BadRequest, "unknown parameter "+strconv.Quote(k),
				"paramètre inconnu « "+k+" »").At(k)
		}
	}
	size, ok := providers.ParseSize(q.Get("size"))
	if !ok {
		return errBadSize
	}
	color := q.Get("color")
	provider := s.reg != nil && s.reg.Owns(id)
	if provider {
		color = "" // provider SVGs are served as the provider drew them
	}
	data, mime, err := s.read(r.Context(), id, size, color)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", mime)
	h.Set("X-Content-Type-Options", "nosniff")
	if mime == "image/svg+xml" {
		h.Set("Content-Security-Policy", svgCSP)
	}
	switch {
	case provider:
		// Provider images change rarely but their terms bound how long they may be kept
		// (Unsplash: display from their servers, so a short lifetime).
		h.Set("Cache-Control", "private, max-age=3600")
	case strings.HasPrefix(id, offline.ProviderOrg+":"):
		h.Set("Cache-Control", "public, max-age=300") // the folder may change at a restart
	default:
		h.Set("Cache-Control", "public, max-age=86400") // embedded: changes only with the binary
	}
	f := fnv.New64a()
	f.Write(data)
	h.Set("ETag", `"`+strconv.FormatUint(f.Sum64(), 36)+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
	return nil
}
