package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"affiche/assets"
	"affiche/scene"
	"affiche/scene/polotno"
	"affiche/server/apierr"
	"affiche/server/export"
)

// formats lists the export formats this server can produce now.
func (s *Server) formats() []string {
	f := []string{}
	if s.deps.Renderer != nil {
		f = append(f, export.FormatPNG, export.FormatJPEG)
	}
	if s.deps.PDF != nil {
		f = append(f, export.FormatPDF)
	}
	return f
}

// handleExportInfo describes the export service: formats available, presets, limits.
func (s *Server) handleExportInfo(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-cache")
	return writeJSON(w, http.StatusOK, map[string]any{
		"formats": s.formats(),
		"presets": export.Presets,
		"limits": map[string]any{
			"minDpi": export.MinDPI, "maxDpi": export.MaxDPI,
			"maxPagePixels": s.cfg.MaxPagePixels, "maxExportPixels": s.cfg.MaxExportPixels,
			"maxRequestBytes": s.cfg.MaxSceneBytes, "maxPages": scene.MaxPages,
			"timeoutSeconds": int(s.cfg.ExportTimeout.Seconds()),
		},
	})
}

// isJSON reports whether a Content-Type header names JSON (an absent header counts as JSON).
func isJSON(ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// readBody reads the request body up to limit bytes; a larger body is a 413.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, what, whatFr string) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, apierr.New(http.StatusRequestEntityTooLarge, apierr.TooLarge,
				fmt.Sprintf("the %s is larger than this server's limit of %d MB", what, limit>>20),
				fmt.Sprintf("%s dépasse la limite de %d Mo de ce serveur", whatFr, limit>>20))
		}
		return nil, apierr.New(http.StatusBadRequest, apierr.BadRequest, "the request body could not be read", "le corps de la requête n'a pas pu être lu")
	}
	return body, nil
}

// envelope is the JSON form of an export request that carries options beside the scene.
type envelope struct {
	Scene   json.RawMessage `json:"scene"`
	Options json.RawMessage `json:"options"`
	ID      string          `json:"id"`
}

// handleExport runs POST /api/export.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) error {
	if !isJSON(r.Header.Get("Content-Type")) {
		return apierr.New(http.StatusUnsupportedMediaType, apierr.UnsupportedType,
			"send the design as JSON (Content-Type: application/json)",
			"envoyez le document en JSON (Content-Type: application/json)")
	}
	select {
	case s.intake <- struct{}{}:
		defer func() { <-s.intake }()
	default:
		return &apierr.Error{Status: http.StatusServiceUnavailable, Code: apierr.Overloaded,
			Message:    "the server is busy with other exports: try again in a moment",
			MessageFr:  "le serveur est occupé par d'autres exports : réessayez dans un instant",
			RetryAfter: 5 * time.Second}
	}
	body, err := readBody(w, r, s.cfg.MaxSceneBytes, "request", "la requête")
	if err != nil {
		return err
	}
	sceneJSON, scenePath := body, ""
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return syntaxError(body, err)
	}
	if len(env.Scene) > 0 {
		sceneJSON, scenePath = env.Scene, "scene"
	}
	opt, err := export.ParseQuery(r.URL.Query(), export.DefaultOptions())
	if err != nil {
		return err
	}
	optPath := ""
	if scenePath != "" && len(env.Options) > 0 && string(env.Options) != "null" {
		if opt, err = export.ParseJSON(env.Options, opt, "options"); err != nil {
			return err
		}
		optPath = "options"
	}
	id := r.URL.Query().Get("id")
	if id == "" {
		id = r.Header.Get("X-Export-Id")
	}
	if id == "" && scenePath != "" {
		id = env.ID
	}
	if id == "" {
		id = export.NewID()
	} else if !export.ValidID(id) {
		return apierr.New(http.StatusBadRequest, apierr.BadRequest,
			"the export id must be 8 to 64 letters, digits, '-' or '_'",
			"l'identifiant d'export doit compter 8 à 64 lettres, chiffres, « - » ou « _ »").At("id")
	} else if s.hub.Busy(id) {
		return apierr.New(http.StatusBadRequest, apierr.BadRequest,
			"an export with this id is already under way: choose another id",
			"un export avec cet identifiant est déjà en cours : choisissez-en un autre").At("id")
	}
	doc, err := restoreScene(sceneJSON, scenePath)
	if err != nil {
		return err
	}
	w.Header().Set("X-Export-Id", id)
	res, err := s.exporter.Export(r.Context(), export.Request{
		ID: id, Client: s.clientAddr(r), Doc: doc, Options: opt, ScenePath: scenePath, OptionsPath: optPath,
	})
	if err != nil {
		if apierr.As(err) == nil && r.Context().Err() != nil {
			s.log.Info("export cancelled: the client went away", "id", id)
			return nil // nobody to answer
		}
		return err
	}
	defer res.Close()
	h := w.Header()
	h.Set("Content-Type", res.ContentType)
	h.Set("Content-Length", strconv.FormatInt(res.Size(), 10))
	h.Set("Content-Disposition", `attachment; filename="`+res.Filename+`"`) // FileName keeps to [a-z0-9-.]
	h.Set("Cache-Control", "no-store")
	h.Set("X-Export-Pages", strconv.Itoa(res.Pages))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	if _, err := res.WriteTo(w); err != nil {
		s.log.Info("export not fully sent", "id", id, "err", err)
	}
	return nil
}

// restoreScene reads a scene — an Affiche document, or a Polotno design converted on the way
// in — turning its errors into API errors located in the request.
func restoreScene(data []byte, prefix string) (*scene.Document, error) {
	doc, _, err := polotno.Decode(data, polotno.Options{KnownFamilies: func(f string) bool {
		_, ok := assets.FindFamily(f)
		return ok
	}})
	if err == nil {
		return doc, nil
	}
	return nil, sceneAPIError(err, prefix)
}

// sceneAPIError turns the errors of scene.Restore or polotno.Import into one API error (the
// first, with up to 20 in Details) whose paths are located under prefix in the request.
func sceneAPIError(err error, prefix string) error {
	var list []*scene.Error
	var se *scene.Error
	var ses scene.Errors
	switch {
	case errors.As(err, &ses):
		list = ses
	case errors.As(err, &se):
		list = []*scene.Error{se}
	default:
		return err
	}
	toAPI := func(e *scene.Error) *apierr.Error {
		status, code := http.StatusBadRequest, apierr.InvalidScene
		switch e.Code {
		case scene.CodeLimit:
			status, code = http.StatusRequestEntityTooLarge, apierr.TooLarge
		case scene.CodeVersion, scene.CodePolotno:
			status, code = http.StatusUnprocessableEntity, apierr.Unprocessable
		}
		fr := e.MessageFR
		if fr == "" {
			fr = e.Message
		}
		return &apierr.Error{Status: status, Code: code, Message: e.Message, MessageFr: fr, Path: joinPath(prefix, e.Path)}
	}
	first := toAPI(list[0])
	for i, e := range list {
		if i == 20 {
			break
		}
		first.Details = append(first.Details, toAPI(e))
	}
	if len(first.Details) == 1 {
		first.Details = nil
	}
	return first
}

func joinPath(prefix, p string) string {
	switch {
	case prefix == "":
		return p
	case p == "":
		return prefix
	case p[0] == '[':
		return prefix + p
	}
	return prefix + "." + p
}

// syntaxError locates a JSON syntax error by line and column.
func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := min(int(se.Offset), len(data))
		line := 1 + bytes.Count(data[:off], []byte("\n"))
		col := off - bytes.LastIndexByte(data[:off], '\n')
		return apierr.Newf(http.StatusBadRequest, apierr.InvalidScene,
			"not valid JSON at line %d, column %d: %s", "JSON invalide ligne %d, colonne %d : %s", line, col, se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return apierr.Newf(http.StatusBadRequest, apierr.BadRequest,
				"wrong type: expected %s", "type incorrect : %s attendu", te.Type.String()).At(te.Field)
		}
		return apierr.New(http.StatusBadRequest, apierr.InvalidScene, "the request must be a JSON object", "la requête doit être un objet JSON")
	}
	return apierr.New(http.StatusBadRequest, apierr.InvalidScene, "not valid JSON: "+err.Error(), "JSON invalide : "+err.Error())
}

var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 4096,
	// CheckOrigin is left to the default: the Origin must match the Host (same site only).
}

// StateWaiting is sent first on a progress websocket when no export with its id has started.
const StateWaiting = "waiting"

// handleProgress streams an export's progress over a websocket: GET /api/export/progress?id=ID.
// Without an id the server chooses one and sends it in the first message; the client then
// passes it to POST /api/export.
func (s *Server) handleProgress(w http.ResponseWriter, r *http.Request) error {
	id := r.URL.Query().Get("id")
	if id != "" && !export.ValidID(id) {
		return apierr.New(http.StatusBadRequest, apierr.BadRequest,
			"the export id must be 8 to 64 letters, digits, '-' or '_'",
			"l'identifiant d'export doit compter 8 à 64 lettres, chiffres, « - » ou « _ »").At("id")
	}
	if !websocket.IsWebSocketUpgrade(r) {
		return apierr.New(http.StatusBadRequest, apierr.BadRequest,
			"this address is a websocket: connect with a WebSocket client", "cette adresse est un websocket : connectez-vous avec un client WebSocket")
	}
	if id == "" {
		id = export.NewID()
	}
	watch, ok := s.hub.Watch(id)
	if !ok {
		return &apierr.Error{Status: http.StatusServiceUnavailable, Code: apierr.Overloaded,
			Message: "too many progress connections are open", MessageFr: "trop de connexions de suivi sont ouvertes", RetryAfter: 10 * time.Second}
	}
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		watch.Close()
		return nil // the upgrader answered already
	}
	s.wsWG.Add(1)
	defer s.wsWG.Done()
	defer watch.Close()
	defer conn.Close()

	conn.SetReadDeadline(time.Time{}) // the server's ReadTimeout is for request bodies, not sockets
	ctx, cancel := context.WithTimeout(s.ctx, time.Hour)
	defer cancel()
	// Reading is needed to see pings, pongs and the client closing.
	go func() {
		defer cancel()
		conn.SetReadLimit(512)
		for {
			if _, _, err := conn.NextReader(); err != nil {
				return
			}
		}
	}()
	send := func(v any) error {
		conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		return conn.WriteJSON(v)
	}
	if !s.hub.Seen(id) {
		if err := send(export.Event{ID: id, State: StateWaiting}); err != nil {
			return nil
		}
	}
	ping := time.NewTicker(30 * time.Second)
	defer ping.Stop()
	events := make(chan export.Event)
	go func() {
		defer close(events)
		for {
			ev, ok := watch.Next(ctx)
			if !ok {
				return
			}
			select {
			case events <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "server stopping"), time.Now().Add(time.Second))
				return nil
			}
			if err := send(ev); err != nil {
				return nil
			}
			if ev.State == export.StateDone || ev.State == export.StateFailed || ev.State == export.StateCancelled {
				conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ev.State), time.Now().Add(time.Second))
				return nil
			}
		case <-ping.C:
			if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)); err != nil {
				return nil
			}
		}
	}
}
