// Package apierr is the error shape of Affiche's HTTP API: a stable code, an HTTP status, a
// message in English and in French, and for problems in a request body the JSON path of the
// offending value. Handlers and the packages they call (blobs, export) return *Error; the server
// writes it as JSON. Anything else that reaches the client becomes a 500 with a generic message,
// and its detail goes to the log only.
package apierr

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Codes, stable for clients. The status each one usually carries is in brackets.
const (
	BadRequest       = "bad_request"        // a malformed request or option [400]
	InvalidScene     = "invalid_scene"      // the scene fails validation; Path locates it [400]
	NotFound         = "not_found"          // [404]
	MethodNotAllowed = "method_not_allowed" // [405]
	TooLarge         = "too_large"          // body, image, pixels or pages over a limit [413]
	UnsupportedType  = "unsupported_type"   // content type not accepted [415]
	Unprocessable    = "unprocessable"      // understood but cannot be done [422]
	NotAvailable     = "not_available"      // a feature this server does not offer (yet) [422]
	TooManyRequests  = "too_many_requests"  // one client has too many exports under way [429]
	Overloaded       = "overloaded"         // the export queue is full [503]
	Timeout          = "timeout"            // an export took longer than its time limit [422]
	Internal         = "internal"           // a bug or an I/O failure; details are in the log [500]
)

// Error is an API error. It is safe to show: it never carries internal details.
type Error struct {
	Status    int    `json:"-"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageFr string `json:"messageFr"`
	// Path is the JSON path of the value at fault in the request body, when there is one.
	Path string `json:"path,omitempty"`
	// RetryAfter, when non-zero, is sent as the Retry-After header (503, 429).
	RetryAfter time.Duration `json:"-"`
	// Details lists further problems of the same request (e.g. every invalid field of a scene).
	Details []*Error `json:"details,omitempty"`
}

func (e *Error) Error() string {
	if e.Path != "" {
		return e.Code + ": " + e.Path + ": " + e.Message
	}
	return e.Code + ": " + e.Message
}

// New returns an error with the given status, code and messages.
func New(status int, code, en, fr string) *Error {
	return &Error{Status: status, Code: code, Message: en, MessageFr: fr}
}

// Newf is New with the same format arguments applied to both messages.
func Newf(status int, code, en, fr string, args ...any) *Error {
	return New(status, code, fmt.Sprintf(en, args...), fmt.Sprintf(fr, args...))
}

// At returns a copy of e located at path.
func (e *Error) At(path string) *Error {
	c := *e
	c.Path = path
	return &c
}

// As returns err as an *Error when it is one (or wraps one), else nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Write sends e as JSON with its status and Retry-After header. A HEAD request gets the headers.
func Write(w http.ResponseWriter, r *http.Request, e *Error) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Del("Content-Encoding")
	h.Del("Content-Disposition")
	h.Del("Content-Length")
	if e.RetryAfter > 0 {
		secs := int((e.RetryAfter + time.Second - 1) / time.Second)
		h.Set("Retry-After", strconv.Itoa(secs))
	}
	status := e.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	w.WriteHeader(status)
	if r != nil && r.Method == http.MethodHead {
		return
	}
	b, _ := json.Marshal(e)
	w.Write(append(b, '\n'))
}

// Common errors.
var (
	ErrNotFound = New(http.StatusNotFound, NotFound, "not found", "introuvable")
	ErrInternal = New(http.StatusInternalServerError, Internal,
		"internal error: the server could not complete the request (details are in its log)",
		"erreur interne : le serveur n'a pas pu traiter la demande (le détail est dans son journal)")
)

// MethodNotAllowedError returns the 405 error for a route that accepts only allow.
func MethodNotAllowedError(allow string) *Error {
	return Newf(http.StatusMethodNotAllowed, MethodNotAllowed,
		"method not allowed here; use %s", "méthode non acceptée ici ; utilisez %s", allow)
}
