package providers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"affiche/library/fetch"
)

// rateFunc reads a provider's rate-limit headers: requests left and when the window resets
// (zero when the headers do not say). ok is false when the headers are absent.
type rateFunc func(h http.Header, now time.Time) (remaining int, reset time.Time, ok bool)

// limiter remembers that a provider said "stop" until it says requests may resume.
type limiter struct {
	mu      sync.Mutex
	until   time.Time
	strikes int
}

func (l *limiter) blockedUntil(now time.Time) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.until, now.Before(l.until)
}

func (l *limiter) block(until time.Time) {
	l.mu.Lock()
	if until.After(l.until) {
		l.until = until
	}
	l.mu.Unlock()
}

// backoff is the pause after a 429 that gives no reset time: 1 min, doubling to 1 h.
func (l *limiter) backoff(now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	d := time.Minute << min(l.strikes, 6)
	if d > time.Hour {
		d = time.Hour
	}
	l.strikes++
	if t := now.Add(d); t.After(l.until) {
		l.until = t
	}
	return l.until
}

func (l *limiter) success() {
	l.mu.Lock()
	l.strikes = 0
	l.mu.Unlock()
}

// apiConfig describes a provider's API to newAPI.
type apiConfig struct {
	name    string        // the provider's name, for its errors
	baseURL string        // the API's base URL: its host is allowed
	cdn     []string      // the other hosts the provider's client may reach (image CDNs)
	secrets []string      // keys, redacted from every error
	header  http.Header   // sent with every API request: the key, for APIs that take it there
	rate    rateFunc      // reads the rate-limit headers; nil when the API sends none
	window  time.Duration // the wait when the quota is spent and no reset is given; default 1 min
}

// api is the HTTP plumbing every provider shares: quota state, redaction, status mapping.
type api struct {
	name      string
	host      string   // the API's host[:port]
	hosts     []string // host and the CDNs: all the client may reach, for Info.Hosts
	client    *fetch.Client
	secrets   []string
	header    http.Header
	rate      rateFunc
	window    time.Duration
	lim       limiter
	now       func() time.Time
	maxAnswer int64
}

// newAPI builds a provider's API plumbing, its fetch client allowed only the provider's hosts.
func newAPI(env Env, c apiConfig) (*api, error) {
	host, err := hostOf(c.baseURL)
	if err != nil {
		return nil, err
	}
	fc := env.Fetch
	fc.Hosts = append([]string{host}, c.cdn...)
	client, err := fetch.New(fc)
	if err != nil {
		return nil, err
	}
	var ss []string
	for _, s := range c.secrets {
		if s != "" {
			ss = append(ss, s)
		}
	}
	if c.window <= 0 {
		c.window = time.Minute
	}
	return &api{name: c.name, host: host, hosts: fc.Hosts, client: client, secrets: ss, header: c.header, rate: c.rate, window: c.window,
		now: env.now(), maxAnswer: 8 << 20}, nil
}

// redact removes every configured secret (raw and URL-encoded) from s.
func (a *api) redact(s string) string {
	for _, sec := range a.secrets {
		for _, form := range []string{sec, url.QueryEscape(sec), url.PathEscape(sec)} {
			if form != "" {
				s = strings.ReplaceAll(s, form, "[REDACTED]")
			}
		}
	}
	return s
}

// quotaErr is the error returned while the provider is blocked.
func (a *api) quotaErr(until time.Time) *Error {
	e := newError(a.name, CodeQuota, http.StatusTooManyRequests, "")
	e.Reset = until
	return e
}

// transportErr turns a client error into an *Error without its text's secrets.
func (a *api) transportErr(err error) *Error {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		e := newError(a.name, CodeUnavailable, 0, a.redact(err.Error()))
		if errors.Is(err, context.Canceled) {
			e.cause = context.Canceled
		} else {
			e.cause = context.DeadlineExceeded
		}
		return e
	case errors.Is(err, fetch.ErrForbiddenAddress), errors.Is(err, fetch.ErrHostNotAllowed), errors.Is(err, fetch.ErrScheme):
		return newError(a.name, CodeBlocked, 0, a.redact(err.Error()))
	case errors.Is(err, fetch.ErrTooLarge), errors.Is(err, fetch.ErrTooManyPixels), errors.Is(err, fetch.ErrUnsupportedType):
		return newError(a.name, CodeUpstream, 0, a.redact(err.Error()))
	case errors.Is(err, fetch.ErrTooManyRedirects):
		return newError(a.name, CodeUpstream, 0, "too many redirects")
	}
	return newError(a.name, CodeUnavailable, 0, a.redact(err.Error()))
}

// blocked returns the quota error while an earlier refusal still holds, nil otherwise.
func (a *api) blocked(now time.Time) error {
	if until, ok := a.lim.blockedUntil(now); ok {
		return a.quotaErr(until)
	}
	return nil
}

// throttle blocks the provider after it refused a request for its rate, and returns the quota
// error. Requests resume after the answer's Retry-After delay when it gives one, else at reset
// (from the rate headers; zero when unknown), else after the provider's window when its quota is
// known to be spent, else after a back-off that doubles from 1 min to 1 h with each refusal in a
// row. API answers, image downloads and in-body refusals all wait by this one rule.
func (a *api) throttle(now time.Time, retryAfter time.Duration, reset time.Time, spent bool) *Error {
	until := reset
	if retryAfter > 0 {
		until = now.Add(retryAfter)
	}
	if !until.After(now) {
		if spent {
			until = now.Add(a.window)
		} else {
			until = a.lim.backoff(now)
		}
	}
	a.lim.block(until)
	return a.quotaErr(until)
}

// refuser is an answer that can say "too many requests" inside an HTTP 200 (MediaWiki's maxlag).
type refuser interface{ refused() bool }

// do sends an API request and decodes its 200 answer (at most maxAnswer bytes of JSON) into
// out. Any other outcome becomes an *Error: a 429, a 403 once the quota is spent, or an out that
// is a refuser and refused, goes through throttle; no request is sent while the provider is
// blocked.
func (a *api) do(req *http.Request, out any) error {
	now := a.now()
	if err := a.blocked(now); err != nil {
		return err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return a.transportErr(err)
	}
	defer resp.Body.Close()
	body, err := fetch.ReadAll(resp.Body, a.maxAnswer)
	if err != nil {
		return a.transportErr(err)
	}
	remaining, reset, known := -1, time.Time{}, false
	if a.rate != nil {
		remaining, reset, known = a.rate(resp.Header, now)
	}
	spent := known && remaining <= 0
	retryAfter := fetch.ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	if resp.StatusCode == http.StatusTooManyRequests || spent && resp.StatusCode == http.StatusForbidden {
		return a.throttle(now, retryAfter, reset, spent)
	}
	if resp.StatusCode != http.StatusOK {
		// The body is not kept: it may echo the request.
		return newError(a.name, statusCode(resp.StatusCode), resp.StatusCode, fmt.Sprintf("HTTP %d", resp.StatusCode))
	}
	if spent { // this answer is good, the next one would not be
		if !reset.After(now) {
			reset = now.Add(a.window)
		}
		a.lim.block(reset)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return newError(a.name, CodeUpstream, http.StatusOK, "malformed JSON: "+a.redact(err.Error()))
	}
	if r, ok := out.(refuser); ok && r.refused() {
		return a.throttle(now, retryAfter, reset, spent)
	}
	a.lim.success()
	return nil
}

// statusCode classifies an API answer's HTTP status other than 200 and 429.
func statusCode(status int) Code {
	switch {
	case status == http.StatusNotFound:
		return CodeNotFound
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return CodeAuth
	case status == http.StatusBadRequest || status == http.StatusUnprocessableEntity:
		return CodeBadRequest
	case status >= 500:
		return CodeUnavailable
	}
	return CodeUpstream
}

// getJSON GETs rawURL and decodes a 200 answer into out (see do).
func (a *api) getJSON(ctx context.Context, rawURL string, out any) error {
	req, err := a.newRequest(ctx, rawURL)
	if err != nil {
		return err
	}
	return a.do(req, out)
}

// newRequest builds an API GET with the API's header, asking for JSON. Providers that sign
// requests (Noun Project) sign it before passing it to do.
func (a *api) newRequest(ctx context.Context, rawURL string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, newError(a.name, CodeBadRequest, 0, "bad URL "+a.redact(fetch.StripQuery(rawURL)))
	}
	for k, vs := range a.header {
		req.Header[k] = vs
	}
	req.Header.Set("Accept", "application/json")
	return req, nil
}

// image fetches an image URL taken from the provider's answer, with header h (nil for a CDN).
// Its statuses do not mean what the API's do (statusCode): a 403 or 410 is an expired link, so
// they map to CodeNotFound and callers may ask the API for a fresh one; a 429 throttles as usual.
func (a *api) image(ctx context.Context, rawURL string, h http.Header) (fetch.Asset, error) {
	if rawURL == "" {
		return fetch.Asset{}, newError(a.name, CodeNotFound, 0, "no image at this size")
	}
	asset, err := a.client.Get(ctx, rawURL, h)
	if err == nil {
		return asset, nil
	}
	var se *fetch.StatusError
	if errors.As(err, &se) {
		switch {
		case se.Code == http.StatusNotFound || se.Code == http.StatusGone:
			return asset, newError(a.name, CodeNotFound, se.Code, "image gone")
		case se.Code == http.StatusTooManyRequests:
			return asset, a.throttle(a.now(), se.RetryAfter, time.Time{}, false)
		case se.Code == http.StatusForbidden:
			return asset, newError(a.name, CodeNotFound, se.Code, "image link expired or refused")
		}
		return asset, newError(a.name, CodeUnavailable, se.Code, fmt.Sprintf("image HTTP %d", se.Code))
	}
	return asset, a.transportErr(err)
}

// standardRate reads the common X-RateLimit-Remaining / X-RateLimit-Reset headers. The reset is
// a Unix time when it is that large, otherwise a number of seconds from now.
func standardRate(h http.Header, now time.Time) (int, time.Time, bool) {
	rem := h.Get("X-Ratelimit-Remaining")
	if rem == "" {
		return -1, time.Time{}, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(rem))
	if err != nil {
		return -1, time.Time{}, false
	}
	var reset time.Time
	if v, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-Ratelimit-Reset")), 10, 64); err == nil && v > 0 {
		if v > 1_000_000_000 {
			reset = time.Unix(v, 0)
		} else {
			reset = now.Add(time.Duration(v) * time.Second)
		}
	}
	return n, reset, true
}

// hostOf returns the host[:port] of a base URL, for the allow-list.
func hostOf(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("invalid base URL %q", base)
	}
	if u.User != nil {
		return "", fmt.Errorf("base URL %q must not contain credentials", base)
	}
	return u.Host, nil
}
