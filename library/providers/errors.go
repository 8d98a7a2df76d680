package providers

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Code classifies provider errors for the UI and the HTTP status the server answers with.
type Code string

// The error codes.
const (
	CodeQuota       Code = "quota"       // rate limit or monthly quota reached: show "quota reached", not a failure
	CodeNotFound    Code = "not_found"   // no such item
	CodeUnavailable Code = "unavailable" // the provider cannot be reached or answers 5xx
	CodeBadRequest  Code = "bad_request" // the query or id is not acceptable
	CodeAuth        Code = "auth"        // the configured key was refused
	CodeBlocked     Code = "blocked"     // the address or host policy refused a URL
	CodeUpstream    Code = "upstream"    // the provider answered something unusable
	CodeDisabled    Code = "disabled"    // the provider is not enabled on this server
)

// Sentinels for errors.Is: an *Error matches the sentinel of its code.
var (
	ErrQuota       = errors.New("providers: quota reached")
	ErrNotFound    = errors.New("providers: not found")
	ErrUnavailable = errors.New("providers: provider unavailable")
	ErrBadRequest  = errors.New("providers: bad request")
	ErrAuth        = errors.New("providers: key refused")
	ErrBlocked     = errors.New("providers: blocked by the fetch policy")
	ErrUpstream    = errors.New("providers: unusable answer")
	ErrDisabled    = errors.New("providers: provider not enabled")
)

var sentinels = map[Code]error{
	CodeQuota: ErrQuota, CodeNotFound: ErrNotFound, CodeUnavailable: ErrUnavailable,
	CodeBadRequest: ErrBadRequest, CodeAuth: ErrAuth, CodeBlocked: ErrBlocked,
	CodeUpstream: ErrUpstream, CodeDisabled: ErrDisabled,
}

// Error is what providers return. Its text never contains a key: messages are built from
// redacted parts only, and the underlying transport error is not kept.
type Error struct {
	Code     Code
	Provider string
	Status   int       // the provider's HTTP status, when there was one
	Reset    time.Time // for CodeQuota: when requests may resume (zero when unknown)
	detail   string    // redacted, for logs
	cause    error     // context errors only, so errors.Is(err, context.Canceled) works
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: %s", e.Provider, sentinels[e.Code])
	if e.detail != "" {
		s += ": " + e.detail
	}
	return s
}

// Is matches the sentinel of the error's code.
func (e *Error) Is(target error) bool { return sentinels[e.Code] == target }

// Unwrap exposes a context cancellation or deadline, nothing else.
func (e *Error) Unwrap() error { return e.cause }

// HTTPStatus is the status the server should answer with.
func (e *Error) HTTPStatus() int {
	switch e.Code {
	case CodeQuota:
		return http.StatusTooManyRequests
	case CodeNotFound, CodeDisabled:
		return http.StatusNotFound
	case CodeBadRequest:
		return http.StatusBadRequest
	default:
		return http.StatusBadGateway
	}
}

// Message is the user-facing text in lang ("fr" or "en").
func (e *Error) Message(lang string) string { return messageFor(e.Code, e.Provider, e.Reset).In(lang) }

func messageFor(code Code, provider string, reset time.Time) Text {
	title := titles[provider]
	if title == "" {
		title = provider
	}
	switch code {
	case CodeQuota:
		t := Text{FR: "Quota atteint pour " + title + " : réessayez plus tard.", EN: "Quota reached for " + title + ": try again later."}
		if !reset.IsZero() {
			r := reset.Local().Format("15:04")
			if time.Until(reset) > 20*time.Hour {
				r = reset.Local().Format("02/01 15:04")
			}
			t = Text{FR: "Quota atteint pour " + title + " : réessayez après " + r + ".", EN: "Quota reached for " + title + ": try again after " + r + "."}
		}
		return t
	case CodeNotFound:
		return Text{FR: "Image introuvable chez " + title + ".", EN: "Image not found at " + title + "."}
	case CodeBadRequest:
		return Text{FR: "Recherche refusée par " + title + " : modifiez-la ou recommencez.", EN: title + " refused the search: change it or start again."}
	case CodeAuth:
		return Text{FR: title + " refuse la clé configurée : prévenez l'administrateur.", EN: title + " refused the configured key: tell the administrator."}
	case CodeDisabled:
		return Text{FR: title + " n'est pas activé sur ce serveur.", EN: title + " is not enabled on this server."}
	case CodeBlocked:
		return Text{FR: "Adresse refusée par la politique de sécurité du serveur.", EN: "Address refused by the server's security policy."}
	case CodeUpstream:
		return Text{FR: title + " a renvoyé une réponse inutilisable.", EN: title + " sent an unusable answer."}
	default:
		return Text{FR: title + " est injoignable pour le moment.", EN: title + " cannot be reached at the moment."}
	}
}

func newError(provider string, code Code, status int, detail string) *Error {
	return &Error{Code: code, Provider: provider, Status: status, detail: detail}
}

// AsError returns err as an *Error (wrapping anything else as CodeUnavailable).
func AsError(provider string, err error) *Error {
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	return &Error{Code: CodeUnavailable, Provider: provider, detail: "internal error"}
}
