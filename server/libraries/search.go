package libraries

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"affiche/library"
	"affiche/library/offline"
	"affiche/library/providers"
	"affiche/server/apierr"
)

// KindBackground is the search kind of the offline library's generated backgrounds (items of
// kind photo whose ids start with "background:").
const KindBackground = "background"

// SearchResult is the answer of GET /api/library/search: one page of results from every
// source asked, offline results first, then the providers' (interleaved).
type SearchResult struct {
	library.Page
	// Notices say why a provider is missing from the results (quota reached, unreachable):
	// the panel shows them beside the results.
	Notices []providers.Notice `json:"notices,omitempty"`
	// Sources are the sources that answered, in order, with their own paging.
	Sources []Source `json:"sources"`
}

// Source is one source's part of a search answer.
type Source struct {
	Provider string `json:"provider"` // "offline", "org", or a provider name
	Count    int    `json:"count"`    // items of this page from it
	Total    int    `json:"total"`    // -1 when unknown
	NextPage int    `json:"nextPage,omitempty"`
}

// searchParams reads and checks the query of a search request.
func searchParams(v url.Values) (library.Query, bool, error) {
	bad := func(name, en, fr string) error {
		return apierr.New(http.StatusBadRequest, apierr.BadRequest, en, fr).At(name)
	}
	known := map[string]bool{"q": true, "kind": true, "provider": true, "page": true, "perPage": true,
		"orientation": true, "color": true, "lang": true}
	for k := range v {
		if !known[k] {
			return library.Query{}, false, bad(k, "unknown search parameter "+strconv.Quote(k), "paramètre de recherche inconnu « "+k+" »")
		}
	}
	q := library.Query{Text: strings.Join(strings.Fields(v.Get("q")), " "), Provider: v.Get("provider"),
		Orientation: v.Get("orientation"), Color: v.Get("color"), Lang: v.Get("lang")}
	if utf8.RuneCountInString(q.Text) > 200 || !utf8.ValidString(q.Text) {
		return q, false, bad("q", "the search text is limited to 200 characters", "le texte recherché est limité à 200 caractères")
	}
	background := false
	switch k := v.Get("kind"); k {
	case "":
	case string(library.KindIcon), string(library.KindIllustration), string(library.KindPhoto), string(library.KindShape):
		q.Kind = library.Kind(k)
	case KindBackground:
		q.Kind, background = library.KindPhoto, true
	default:
		return q, false, bad("kind", "kind must be icon, illustration, photo, shape or background",
			"kind doit valoir icon, illustration, photo, shape ou background")
	}
	num := func(name string, lo, hi int) (int, error) {
		s := v.Get(name)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return 0, bad(name, name+" must be a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi),
				name+" doit être un nombre entier de "+strconv.Itoa(lo)+" à "+strconv.Itoa(hi))
		}
		return n, nil
	}
	var err error
	if q.Page, err = num("page", 1, 1000); err != nil {
		return q, false, err
	}
	if q.PerPage, err = num("perPage", 1, offline.MaxPerPage); err != nil {
		return q, false, err
	}
	switch q.Orientation {
	case "", "landscape", "portrait", "square":
	default:
		return q, false, bad("orientation", "orientation must be landscape, portrait or square", "orientation doit valoir landscape, portrait ou square")
	}
	if len(q.Color) > 32 || strings.IndexFunc(q.Color, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '#' || r == '_' || r == '-')
	}) >= 0 {
		return q, false, bad("color", "color must be a colour name or a #hex value", "color doit être un nom de couleur ou une valeur #hex")
	}
	switch q.Lang {
	case "":
		q.Lang = "fr"
	case "fr", "en":
	default:
		return q, false, bad("lang", "lang must be fr or en", "lang doit valoir fr ou en")
	}
	if len(q.Provider) > 32 {
		return q, false, bad("provider", "unknown provider", "fournisseur inconnu")
	}
	if q.Page == 0 {
		q.Page = 1
	}
	return q, background, nil
}

// handleSearch answers GET /api/library/search.
func (s *Service) handleSearch(w http.ResponseWriter, r *http.Request) error {
	q, background, err := searchParams(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.Search(r, q, background)
	if err != nil {
		return err
	}
	if len(res.Notices) > 0 {
		w.Header().Set("Cache-Control", "no-store")
	} else {
		w.Header().Set("Cache-Control", "private, max-age=60")
	}
	return writeJSON(w, r, http.StatusOK, res)
}

// Search runs q on the offline catalogue and, unless q names one source, on every enabled
// provider of q's kind; background restricts it to the generated backgrounds (offline only).
// An empty text lists the offline catalogue only (providers need words to search).
// A provider named in q.Provider that fails gives its error (a quota: *providers.Error with
// CodeQuota); in a fan-out, failures become notices.
func (s *Service) Search(r *http.Request, q library.Query, background bool) (SearchResult, error) {
	res := SearchResult{Page: library.Page{Items: []library.Item{}, Page: q.Page}, Sources: []Source{}}
	offlineOnly := q.Provider == offline.ProviderOffline || q.Provider == offline.ProviderOrg
	wantOffline := q.Provider == "" || offlineOnly
	if !wantOffline && (s.reg == nil || !s.reg.Owns(q.Provider+":x")) {
		return res, apierr.New(http.StatusNotFound, apierr.NotFound, "unknown library "+strconv.Quote(q.Provider),
			"bibliothèque inconnue « "+q.Provider+" »").At("provider")
	}
	var pages []library.Page
	if wantOffline {
		var p library.Page
		if background {
			p = s.backgrounds(q)
		} else {
			p = s.cat.Search(q)
		}
		pages = append(pages, p)
		name := offline.ProviderOffline
		if q.Provider == offline.ProviderOrg {
			name = offline.ProviderOrg
		}
		res.Sources = append(res.Sources, Source{Provider: name, Count: len(p.Items), Total: p.Total, NextPage: p.NextPage})
	}
	askProviders := s.reg != nil && (q.Provider != "" || s.online()) && !offlineOnly && !background &&
		q.Kind != library.KindShape && q.Text != ""
	if askProviders {
		pr, err := s.reg.Search(r.Context(), q)
		if err != nil {
			if q.Provider != "" {
				return res, err
			}
			// Every provider failed: keep the offline results and say why.
			pe := providers.AsError("library", err)
			pr = providers.Result{Page: library.Page{Items: []library.Item{}, Page: q.Page, Total: 0}}
			pr.Notices = []providers.Notice{noticeOf(pe)}
		}
		for _, it := range pr.Items {
			s.seen.add(it)
		}
		pages = append(pages, pr.Page)
		res.Notices = pr.Notices
		name := q.Provider
		if name == "" {
			name = "providers"
		}
		if len(pr.Items) > 0 || q.Provider != "" {
			res.Sources = append(res.Sources, Source{Provider: name, Count: len(pr.Items), Total: pr.Total, NextPage: pr.NextPage})
		}
	}
	total := 0
	for _, p := range pages {
		res.Items = append(res.Items, p.Items...)
		res.PerPage += p.PerPage
		if p.Total < 0 || total < 0 {
			total = -1
		} else {
			total += p.Total
		}
		if p.NextPage > 0 {
			res.NextPage = q.Page + 1
		}
	}
	res.Total = total
	return res, nil
}

// noticeOf describes a failed provider for the notices of a search answer.
func noticeOf(pe *providers.Error) providers.Notice {
	return providers.Notice{Provider: pe.Provider, Code: pe.Code,
		Message: providers.Text{FR: pe.Message("fr"), EN: pe.Message("en")}, Reset: pe.Reset}
}

// backgrounds searches the offline library's generated backgrounds: photos whose id starts
// with "background:", paged here (there are a few dozen).
func (s *Service) backgrounds(q library.Query) library.Page {
	per := q.PerPage
	if per <= 0 {
		per = offline.DefaultPerPage
	}
	var all []library.Item
	sub := q
	sub.Provider, sub.PerPage = offline.ProviderOffline, offline.MaxPerPage
	for page := 1; page <= 50; page++ {
		sub.Page = page
		p := s.cat.Search(sub)
		for _, it := range p.Items {
			if strings.HasPrefix(it.ID, "background:") {
				all = append(all, it)
			}
		}
		if p.NextPage == 0 {
			break
		}
	}
	out := library.Page{Items: []library.Item{}, Total: len(all), Page: q.Page, PerPage: per}
	start := (q.Page - 1) * per
	if start < len(all) {
		end := min(start+per, len(all))
		out.Items = append(out.Items, all[start:end]...)
		if end < len(all) {
			out.NextPage = q.Page + 1
		}
	}
	return out
}

// writeJSON sends v as JSON (headers only for HEAD).
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return nil
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
