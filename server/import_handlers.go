package server

import (
	"encoding/json"
	"net/http"

	"affiche/assets"
	"affiche/scene"
	"affiche/scene/polotno"
	"affiche/server/apierr"
)

// importResult is the answer of POST /api/import/polotno: the Affiche document and what the
// conversion approximated or dropped.
type importResult struct {
	Document *scene.Document   `json:"document"`
	Warnings []polotno.Warning `json:"warnings"`
}

// handleImportPolotno runs POST /api/import/polotno: the body is a Polotno design (JSON), the
// answer the Affiche document it converts to, with the conversion's warnings. The editor calls
// it when a file it is asked to open turns out to be a Polotno design.
func (s *Server) handleImportPolotno(w http.ResponseWriter, r *http.Request) error {
	if !isJSON(r.Header.Get("Content-Type")) {
		return apierr.New(http.StatusUnsupportedMediaType, apierr.UnsupportedType,
			"send the Polotno design as JSON (Content-Type: application/json)",
			"envoyez le modèle Polotno en JSON (Content-Type: application/json)")
	}
	body, err := readBody(w, r, s.cfg.MaxSceneBytes, "design", "le modèle")
	if err != nil {
		return err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return syntaxError(body, err)
	}
	if scene.Detect(body) == scene.KindAffiche {
		return apierr.New(http.StatusUnprocessableEntity, apierr.Unprocessable,
			"this is already an Affiche document: open it directly",
			"c'est déjà un document Affiche : ouvrez-le directement")
	}
	doc, warns, err := polotno.ImportWith(body, polotno.Options{KnownFamilies: func(f string) bool {
		_, ok := assets.FindFamily(f)
		return ok
	}})
	if err != nil {
		return sceneAPIError(err, "")
	}
	if warns == nil {
		warns = []polotno.Warning{}
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, importResult{Document: doc, Warnings: warns})
}
