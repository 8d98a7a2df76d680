package providers

import (
	"net/http"
	"testing"
	"time"

	"affiche/library"
)

// TestThrottleOneRule: an API's 429, an image CDN's 429 and MediaWiki's in-body maxlag all wait
// by the same rule: the Retry-After delay exactly, else a back-off of 1 min that doubles with
// each refusal in a row. (Image downloads used to wait at least 1 min whatever Retry-After said
// and never doubled; Commons waited a fixed 30 s.)
func TestThrottleOneRule(t *testing.T) {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	env := testEnv(t, false)
	env.Now = func() time.Time { return now }
	up := newUpstream(t)
	var retryAfter string
	refuse := func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		http.Error(w, "slow down", http.StatusTooManyRequests)
	}
	up.handle("/v1/search", refuse)
	up.handle("/cdn/busy.jpg", refuse)
	up.handle("/w/api.php", func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Write([]byte(`{"error":{"code":"maxlag","info":"Waiting for a database server: 6 seconds lagged."}}`))
	})
	cdn := must[*Pexels](t)(NewPexels(PexelsConfig{APIKey: "k", BaseURL: up.URL()}, env))
	cdn.remember("42", meta{URLs: map[library.Size]string{library.SizeThumb: up.URL() + "/cdn/busy.jpg"}})
	api := must[*Pexels](t)(NewPexels(PexelsConfig{APIKey: "k", BaseURL: up.URL()}, env))
	commons := must[*Commons](t)(NewCommons(CommonsConfig{Enabled: true, BaseURL: up.URL()}, env))
	paths := map[string]func() error{
		"API 429":        func() error { _, err := api.Search(ctx, library.Query{Text: "gare"}); return err },
		"image 429":      func() error { _, err := cdn.Fetch(ctx, "42", library.SizeThumb); return err },
		"Commons maxlag": func() error { _, err := commons.Search(ctx, library.Query{Text: "gare"}); return err },
	}
	for name, call := range paths {
		for _, step := range []struct {
			retryAfter string
			want       time.Duration
		}{{"5", 5 * time.Second}, {"", time.Minute}, {"", 2 * time.Minute}} {
			retryAfter = step.retryAfter
			pe := wantCode(t, call(), CodeQuota)
			if got := pe.Reset.Sub(now); got != step.want {
				t.Errorf("%s, Retry-After %q: blocked for %v, want %v", name, step.retryAfter, got, step.want)
			}
			now = pe.Reset.Add(time.Second) // the next call is sent
		}
	}
}
