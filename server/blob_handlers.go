package server

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"affiche/server/apierr"
	"affiche/server/blobs"
)

// blobCSP is sent with every blob: nothing may load or run inside one, even an SVG opened on
// its own (styles inside an SVG are allowed so it still draws).
const blobCSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

// uploadResponse is the answer to an upload.
type uploadResponse struct {
	URL string `json:"url"`
	blobs.Info
}

// handleUpload stores a file: POST or PUT /api/blobs with the file as the body (any
// Content-Type: the type is read from the bytes), or as the first file of a multipart form.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) error {
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	case <-r.Context().Done():
		return nil
	}
	limit := s.cfg.MaxUploadBytes
	var data []byte
	var err error
	if mt, params, perr := mime.ParseMediaType(r.Header.Get("Content-Type")); perr == nil && mt == "multipart/form-data" {
		data, err = readMultipartFile(w, r, params["boundary"], limit)
	} else {
		data, err = readBody(w, r, limit, "file", "le fichier")
	}
	if err != nil {
		s.mUploads.Inc("none", "rejected")
		return err
	}
	info, created, err := s.blobs.Put(data)
	if err != nil {
		s.mUploads.Inc("none", "rejected")
		if ae := apierr.As(err); ae != nil {
			s.log.Info("upload rejected", "code", ae.Code, "reason", ae.Message, "bytes", len(data), "client", s.clientAddr(r))
		}
		return err
	}
	status, result := http.StatusOK, "existing"
	if created {
		status, result = http.StatusCreated, "created"
	}
	s.mUploads.Inc(info.Kind, result)
	u := "/api/blobs/" + info.SHA256
	w.Header().Set("Location", u)
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, status, uploadResponse{URL: u, Info: info})
}

// readMultipartFile returns the first file part of a multipart/form-data body.
func readMultipartFile(w http.ResponseWriter, r *http.Request, boundary string, limit int64) ([]byte, error) {
	bad := apierr.New(http.StatusBadRequest, apierr.BadRequest, "the form holds no file", "le formulaire ne contient aucun fichier")
	if boundary == "" {
		return nil, bad
	}
	mr := multipart.NewReader(http.MaxBytesReader(w, r.Body, limit+64<<10), boundary)
	for {
		p, err := mr.NextPart()
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, tooLargeUpload(limit)
			}
			return nil, bad
		}
		if p.FileName() == "" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, limit+1))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, tooLargeUpload(limit)
			}
			return nil, bad
		}
		if int64(len(data)) > limit {
			return nil, tooLargeUpload(limit)
		}
		return data, nil
	}
}

func tooLargeUpload(limit int64) error {
	return apierr.Newf(http.StatusRequestEntityTooLarge, apierr.TooLarge,
		"the file is larger than this server's limit of %d MB", "le fichier dépasse la limite de %d Mo de ce serveur", limit>>20)
}

// handleBlob serves a stored blob: GET /api/blobs/{sha256}. Blobs never change, so they are
// cached for a year.
func (s *Server) handleBlob(w http.ResponseWriter, r *http.Request) error {
	h := r.PathValue("hash")
	if !blobs.ValidHash(h) {
		return apierr.ErrNotFound
	}
	f, mimeType, err := s.blobs.Open(h)
	if err != nil {
		if errors.Is(err, blobs.ErrNotFound) {
			return apierr.ErrNotFound
		}
		return err
	}
	defer f.Close()
	hd := w.Header()
	hd.Set("Content-Type", mimeType)
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("ETag", `"`+h+`"`)
	hd.Set("Content-Security-Policy", blobCSP)
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	http.ServeContent(w, r, "", time.Time{}, f)
	return nil
}
