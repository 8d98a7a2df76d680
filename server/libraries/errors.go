package libraries

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"affiche/library/offline"
	"affiche/library/providers"
	"affiche/server/apierr"
)

// Error codes of the library routes, beside the server's common ones (docs/api.md).
const (
	CodeQuota               = "quota"                // a provider's rate limit or monthly quota is reached [429]
	CodeProviderDisabled    = "provider_disabled"    // the provider is not enabled on this server [404]
	CodeProviderUnavailable = "provider_unavailable" // the provider cannot be reached, refused the key or answered nonsense [502]
)

var (
	errNoRoute  = apierr.ErrNotFound
	errBadIDAPI = apierr.New(http.StatusBadRequest, apierr.BadRequest,
		"this is not a library item id (expected provider:name, e.g. tabler:bike)",
		"ceci n'est pas un identifiant d'élément de bibliothèque (attendu : fournisseur:nom, par ex. tabler:bike)").At("id")
	errItemNotFound = apierr.New(http.StatusNotFound, apierr.NotFound,
		"no such item in the library", "cet élément n'existe pas dans la bibliothèque")
	errBadColor = apierr.New(http.StatusBadRequest, apierr.BadRequest,
		"color must be #rgb, #rrggbb (optionally with alpha) or a CSS colour name",
		"color doit être #rgb, #rrggbb (avec transparence éventuelle) ou un nom de couleur CSS").At("color")
	errBadSize = apierr.New(http.StatusBadRequest, apierr.BadRequest,
		"size must be thumb, preview or full", "size doit valoir thumb, preview ou full").At("size")
)

// quotaBody is the answer when a provider's quota is reached: the panel shows the message and
// may retry after RetryAfter seconds.
type quotaBody struct {
	Code       string    `json:"code"`
	Message    string    `json:"message"`
	MessageFr  string    `json:"messageFr"`
	Provider   string    `json:"provider"`
	RetryAfter int       `json:"retryAfter"` // seconds, as the Retry-After header
	Reset      time.Time `json:"reset,omitzero"`
}

// retryAfter is how long to wait before a provider may be asked again (a minute when the
// provider did not say).
func retryAfter(pe *providers.Error) time.Duration {
	if pe.Reset.IsZero() {
		return time.Minute
	}
	return max(time.Until(pe.Reset), time.Second)
}

// providerAPIError turns a provider error into the server's API error (for exports and inserts).
func providerAPIError(pe *providers.Error) *apierr.Error {
	en, fr := pe.Message("en"), pe.Message("fr")
	switch pe.Code {
	case providers.CodeQuota:
		return &apierr.Error{Status: http.StatusTooManyRequests, Code: CodeQuota, Message: en, MessageFr: fr, RetryAfter: retryAfter(pe)}
	case providers.CodeNotFound:
		return apierr.New(http.StatusNotFound, apierr.NotFound, en, fr)
	case providers.CodeDisabled:
		return apierr.New(http.StatusNotFound, CodeProviderDisabled, en, fr)
	case providers.CodeBadRequest:
		return apierr.New(http.StatusBadRequest, apierr.BadRequest, en, fr)
	}
	return apierr.New(http.StatusBadGateway, CodeProviderUnavailable, en, fr)
}

// writeError answers err: provider errors by their code (quota as 429 with Retry-After and a
// retryAfter field), catalogue errors as 400/404, anything unexpected as a 500 whose detail
// goes to the log only.
func (s *Service) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errHandled) {
		return
	}
	if r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return // the client went away
	}
	var pe *providers.Error
	if errors.As(err, &pe) {
		if pe.Code == providers.CodeQuota {
			d := retryAfter(pe)
			secs := int((d + time.Second - 1) / time.Second)
			h := w.Header()
			h.Set("Content-Type", "application/json; charset=utf-8")
			h.Set("Cache-Control", "no-store")
			h.Set("Retry-After", strconv.Itoa(secs))
			w.WriteHeader(http.StatusTooManyRequests)
			if r.Method != http.MethodHead {
				b, _ := json.Marshal(quotaBody{Code: CodeQuota, Message: pe.Message("en"), MessageFr: pe.Message("fr"),
					Provider: pe.Provider, RetryAfter: secs, Reset: pe.Reset})
				w.Write(append(b, '\n'))
			}
			return
		}
		if pe.Code != providers.CodeNotFound && pe.Code != providers.CodeDisabled && pe.Code != providers.CodeBadRequest {
			s.log.Warn("library provider failed", "provider", pe.Provider, "err", pe.Error())
		}
		apierr.Write(w, r, providerAPIError(pe))
		return
	}
	var ae *apierr.Error
	switch {
	case errors.Is(err, errBadID):
		ae = errBadIDAPI
	case errors.Is(err, offline.ErrNotFound):
		ae = errItemNotFound
	case errors.Is(err, offline.ErrBadColor):
		ae = errBadColor
	case errors.Is(err, offline.ErrBadSize):
		ae = errBadSize
	default:
		ae = apierr.As(err)
	}
	if ae == nil {
		s.log.Error("library request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = apierr.ErrInternal
	}
	apierr.Write(w, r, ae)
}

// errHandled says the handler has answered already.
var errHandled = errors.New("handled")

func methodNotAllowed(w http.ResponseWriter, allow string) error {
	w.Header().Set("Allow", allow)
	return apierr.MethodNotAllowedError(allow)
}
