package providers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"affiche/library"
	"affiche/library/fetch"
)

// UnsplashConfig configures Unsplash. It is on when AccessKey is set (unless Disabled).
type UnsplashConfig struct {
	Disabled  bool
	AccessKey string // AFFICHE_UNSPLASH_ACCESS_KEY
	AppName   string // AFFICHE_UNSPLASH_APP_NAME: the application name registered at Unsplash, for utm_source
	BaseURL   string // AFFICHE_UNSPLASH_URL, default https://api.unsplash.com (tests point it elsewhere)
}

// Unsplash searches photos on Unsplash (https://unsplash.com/documentation).
type Unsplash struct {
	base
	app, baseURL string
}

type unsplashPhoto struct {
	ID             string `json:"id"`
	Width          int    `json:"width"`
	Height         int    `json:"height"`
	Description    string `json:"description"`
	AltDescription string `json:"alt_description"`
	URLs           struct {
		Raw, Full, Regular, Small, Thumb string
	} `json:"urls"`
	Links struct {
		HTML             string `json:"html"`
		DownloadLocation string `json:"download_location"`
	} `json:"links"`
	User struct {
		Name     string `json:"name"`
		Username string `json:"username"`
		Links    struct {
			HTML string `json:"html"`
		} `json:"links"`
	} `json:"user"`
	Tags []struct {
		Title string `json:"title"`
	} `json:"tags"`
}

// NewUnsplash builds the Unsplash provider.
func NewUnsplash(cfg UnsplashConfig, env Env) (*Unsplash, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.unsplash.com"
	}
	if cfg.AppName == "" {
		cfg.AppName = "affiche"
	}
	a, err := newAPI(env, apiConfig{name: "unsplash", baseURL: cfg.BaseURL, cdn: []string{"images.unsplash.com", "plus.unsplash.com"},
		secrets: []string{cfg.AccessKey}, window: 15 * time.Minute,
		header: http.Header{"Authorization": {"Client-ID " + cfg.AccessKey}, "Accept-Version": {"v1"}},
		rate: func(h http.Header, now time.Time) (int, time.Time, bool) {
			n, _, ok := standardRate(h, now) // Unsplash gives no reset: the window is an hour
			return n, time.Time{}, ok
		}})
	if err != nil {
		return nil, err
	}
	info := Info{
		Name: "unsplash", Title: "Unsplash", Kinds: []library.Kind{library.KindPhoto},
		Configured: cfg.AccessKey != "", Enabled: cfg.AccessKey != "" && !cfg.Disabled,
		Licence: Text{
			FR: "Licence Unsplash : usage gratuit, y compris commercial, sans obligation de citer ; interdit de revendre les photos telles quelles ou de créer un service concurrent.",
			EN: "Unsplash License: free to use, including commercially, no credit required by the licence; photos may not be sold unaltered or used to build a competing service.",
		},
		Terms: Text{
			FR: "Afficher « Photo de X sur Unsplash » avec liens ; Affiche signale chaque insertion à Unsplash (suivi des téléchargements) ; clé propre à chaque installation, jamais envoyée au navigateur.",
			EN: "Show \"Photo by X on Unsplash\" with links; Affiche reports each insertion to Unsplash (download tracking); one key per installation, never sent to browsers.",
		},
		Link:        "https://unsplash.com/?" + utm(cfg.AppName),
		Hosts:       a.hosts,
		SearchTTL:   time.Hour,
		AssetTTL:    24 * time.Hour,
		Fingerprint: cfg.BaseURL + "|" + cfg.AppName,
	}
	return &Unsplash{base: newBase(info, a, env), app: cfg.AppName, baseURL: strings.TrimRight(cfg.BaseURL, "/")}, nil
}

func utm(app string) string {
	return "utm_source=" + url.QueryEscape(app) + "&utm_medium=referral"
}

// withUTM adds Unsplash's referral parameters to a link, as its guidelines ask.
func withUTM(link, app string) string {
	if link == "" {
		return ""
	}
	if strings.Contains(link, "?") {
		return link + "&" + utm(app)
	}
	return link + "?" + utm(app)
}

// Search implements Provider.
func (u *Unsplash) Search(ctx context.Context, q library.Query) (library.Page, error) {
	pageNum, per := page(q, 20, 30)
	text := cleanQuery(q.Text, 200)
	if text == "" {
		return emptyPage(pageNum, per), nil
	}
	v := url.Values{"query": {text}, "page": {strconv.Itoa(pageNum)}, "per_page": {strconv.Itoa(per)}, "content_filter": {"high"}}
	switch q.Orientation {
	case "landscape", "portrait":
		v.Set("orientation", q.Orientation)
	case "square":
		v.Set("orientation", "squarish")
	}
	if c := unsplashColor(q.Color); c != "" {
		v.Set("color", c)
	}
	if q.Lang == "fr" || q.Lang == "en" {
		v.Set("lang", q.Lang)
	}
	var res struct {
		Total      int             `json:"total"`
		TotalPages int             `json:"total_pages"`
		Results    []unsplashPhoto `json:"results"`
	}
	if err := u.api.getJSON(ctx, u.baseURL+"/search/photos?"+v.Encode(), &res); err != nil {
		return library.Page{}, err
	}
	p := library.Page{Items: make([]library.Item, 0, len(res.Results)), Total: res.Total, Page: pageNum, PerPage: per}
	for _, ph := range res.Results {
		if !reSlug.MatchString(ph.ID) {
			continue
		}
		p.Items = append(p.Items, u.item(ph, q.Lang))
		u.remember(ph.ID, u.meta(ph))
	}
	if pageNum < res.TotalPages {
		p.NextPage = pageNum + 1
	}
	return p, nil
}

func (u *Unsplash) meta(ph unsplashPhoto) meta {
	return meta{URLs: map[library.Size]string{
		library.SizeThumb: ph.URLs.Small, library.SizePreview: ph.URLs.Regular, library.SizeFull: ph.URLs.Full,
	}, Download: ph.Links.DownloadLocation}
}

func (u *Unsplash) item(ph unsplashPhoto, lang string) library.Item {
	it := u.newItem(ph.ID, library.KindPhoto)
	it.Title = ph.AltDescription
	if it.Title == "" {
		it.Title = ph.Description
	}
	it.Width, it.Height, it.Mime = ph.Width, ph.Height, "image/jpeg"
	name := ph.User.Name
	if name == "" {
		name = ph.User.Username
	}
	text := "Photo de " + name + " sur Unsplash"
	if lang == "en" {
		text = "Photo by " + name + " on Unsplash"
	}
	it.Credit = &library.Credit{
		Provider: "Unsplash", Author: name, AuthorURL: withUTM(ph.User.Links.HTML, u.app),
		Licence: "Unsplash License", LicenceURL: "https://unsplash.com/license",
		SourceURL: withUTM(ph.Links.HTML, u.app), Text: text, Required: true,
	}
	for _, t := range ph.Tags {
		if t.Title != "" {
			it.Tags = append(it.Tags, t.Title)
		}
	}
	return it
}

var unsplashColors = map[string]string{
	"black_and_white": "black_and_white", "black": "black", "white": "white", "yellow": "yellow",
	"orange": "orange", "red": "red", "purple": "purple", "magenta": "magenta", "green": "green",
	"teal": "teal", "blue": "blue",
	"noir_et_blanc": "black_and_white", "noir": "black", "blanc": "white", "jaune": "yellow",
	"rouge": "red", "violet": "purple", "vert": "green", "bleu": "blue",
}

func unsplashColor(c string) string { return unsplashColors[strings.ToLower(strings.TrimSpace(c))] }

func (u *Unsplash) lookup(ctx context.Context, id string) (meta, error) {
	var ph unsplashPhoto
	if err := u.api.getJSON(ctx, u.baseURL+"/photos/"+url.PathEscape(id), &ph); err != nil {
		return meta{}, err
	}
	return u.meta(ph), nil
}

// Fetch implements Provider. Images come from Unsplash's CDN URLs as the API gave them (their
// ixid parameter lets Unsplash count views).
func (u *Unsplash) Fetch(ctx context.Context, id string, size library.Size) (fetch.Asset, error) {
	if err := u.checkID(id, reSlug); err != nil {
		return fetch.Asset{}, err
	}
	link, _, err := u.fetchURL(ctx, id, size, u.lookup)
	if err != nil {
		return fetch.Asset{}, err
	}
	return u.api.image(ctx, link, nil)
}

// OnInsert implements Provider: it calls the photo's download_location, which Unsplash's API
// guidelines require when a user chooses a photo (here: inserts it into a design).
func (u *Unsplash) OnInsert(ctx context.Context, id string) error {
	if err := u.checkID(id, reSlug); err != nil {
		return err
	}
	m, ok := u.recall(id)
	if !ok || m.Download == "" {
		var err error
		if m, err = u.lookup(ctx, id); err != nil {
			return err
		}
		u.remember(id, m)
	}
	if m.Download == "" {
		return newError(u.info.Name, CodeUpstream, 0, "no download_location")
	}
	var out struct {
		URL string `json:"url"`
	}
	return u.api.getJSON(ctx, m.Download, &out)
}
