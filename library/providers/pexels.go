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

// PexelsConfig configures Pexels. It is on when APIKey is set (unless Disabled).
type PexelsConfig struct {
	Disabled bool
	APIKey   string // AFFICHE_PEXELS_API_KEY
	BaseURL  string // AFFICHE_PEXELS_URL, default https://api.pexels.com
}

// Pexels searches photos on Pexels (https://www.pexels.com/api/documentation/).
type Pexels struct {
	base
	baseURL string
}

type pexelsPhoto struct {
	ID              int64  `json:"id"`
	Width           int    `json:"width"`
	Height          int    `json:"height"`
	URL             string `json:"url"`
	Photographer    string `json:"photographer"`
	PhotographerURL string `json:"photographer_url"`
	Alt             string `json:"alt"`
	Src             struct {
		Original, Large2x, Large, Medium, Small, Tiny string
	} `json:"src"`
}

// NewPexels builds the Pexels provider.
func NewPexels(cfg PexelsConfig, env Env) (*Pexels, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.pexels.com"
	}
	a, err := newAPI(env, apiConfig{name: "pexels", baseURL: cfg.BaseURL, cdn: []string{"images.pexels.com"},
		secrets: []string{cfg.APIKey}, header: http.Header{"Authorization": {cfg.APIKey}},
		rate: standardRate, window: time.Hour})
	if err != nil {
		return nil, err
	}
	info := Info{
		Name: "pexels", Title: "Pexels", Kinds: []library.Kind{library.KindPhoto},
		Configured: cfg.APIKey != "", Enabled: cfg.APIKey != "" && !cfg.Disabled,
		Licence: Text{
			FR: "Licence Pexels : usage gratuit, y compris commercial ; citer l'auteur n'est pas obligatoire mais apprécié ; ne pas revendre les photos telles quelles.",
			EN: "Pexels License: free to use, including commercially; crediting the photographer is not required but appreciated; photos may not be sold unaltered.",
		},
		Terms: Text{
			FR: "Afficher un lien visible vers Pexels dans le panneau et créditer les photographes (« Photo de X sur Pexels ») ; 200 requêtes/heure, 20 000/mois.",
			EN: "Show a prominent link to Pexels in the panel and credit photographers (\"Photo by X on Pexels\"); 200 requests/hour, 20,000/month.",
		},
		Link:        "https://www.pexels.com",
		Hosts:       a.hosts,
		SearchTTL:   6 * time.Hour,
		AssetTTL:    7 * 24 * time.Hour,
		Fingerprint: cfg.BaseURL,
	}
	return &Pexels{base: newBase(info, a, env), baseURL: strings.TrimRight(cfg.BaseURL, "/")}, nil
}

// Search implements Provider.
func (p *Pexels) Search(ctx context.Context, q library.Query) (library.Page, error) {
	pageNum, per := page(q, 20, 80)
	text := cleanQuery(q.Text, 200)
	if text == "" {
		return emptyPage(pageNum, per), nil
	}
	v := url.Values{"query": {text}, "page": {strconv.Itoa(pageNum)}, "per_page": {strconv.Itoa(per)}}
	switch q.Orientation {
	case "landscape", "portrait", "square":
		v.Set("orientation", q.Orientation)
	}
	if c := pexelsColor(q.Color); c != "" {
		v.Set("color", c)
	}
	switch q.Lang {
	case "fr":
		v.Set("locale", "fr-FR")
	case "en":
		v.Set("locale", "en-US")
	}
	var res struct {
		TotalResults int           `json:"total_results"`
		Page         int           `json:"page"`
		PerPage      int           `json:"per_page"`
		Photos       []pexelsPhoto `json:"photos"`
		NextPage     string        `json:"next_page"`
	}
	if err := p.api.getJSON(ctx, p.baseURL+"/v1/search?"+v.Encode(), &res); err != nil {
		return library.Page{}, err
	}
	out := library.Page{Items: make([]library.Item, 0, len(res.Photos)), Total: res.TotalResults, Page: pageNum, PerPage: per}
	for _, ph := range res.Photos {
		id := strconv.FormatInt(ph.ID, 10)
		out.Items = append(out.Items, p.item(id, ph, q.Lang))
		p.remember(id, p.meta(ph))
	}
	if res.NextPage != "" {
		out.NextPage = pageNum + 1
	}
	return out, nil
}

func (p *Pexels) meta(ph pexelsPhoto) meta {
	return meta{URLs: map[library.Size]string{
		library.SizeThumb: ph.Src.Medium, library.SizePreview: ph.Src.Large2x, library.SizeFull: ph.Src.Original,
	}}
}

func (p *Pexels) item(id string, ph pexelsPhoto, lang string) library.Item {
	it := p.newItem(id, library.KindPhoto)
	it.Title, it.Width, it.Height, it.Mime = ph.Alt, ph.Width, ph.Height, "image/jpeg"
	text := "Photo de " + ph.Photographer + " sur Pexels"
	if lang == "en" {
		text = "Photo by " + ph.Photographer + " on Pexels"
	}
	it.Credit = &library.Credit{
		Provider: "Pexels", Author: ph.Photographer, AuthorURL: ph.PhotographerURL,
		Licence: "Pexels License", LicenceURL: "https://www.pexels.com/license/",
		SourceURL: ph.URL, Text: text,
	}
	return it
}

var pexelsColors = map[string]string{
	"red": "red", "orange": "orange", "yellow": "yellow", "green": "green", "turquoise": "turquoise",
	"blue": "blue", "violet": "violet", "pink": "pink", "brown": "brown", "black": "black",
	"gray": "gray", "white": "white",
	"rouge": "red", "jaune": "yellow", "vert": "green", "bleu": "blue", "rose": "pink",
	"marron": "brown", "noir": "black", "gris": "gray", "blanc": "white",
}

// pexelsColor accepts a named colour (English or French) or a hex code, which Pexels takes as is.
func pexelsColor(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	if n, ok := pexelsColors[c]; ok {
		return n
	}
	if h := strings.TrimPrefix(c, "#"); len(h) == 6 && strings.Trim(h, "0123456789abcdef") == "" {
		return "#" + h
	}
	return ""
}

func (p *Pexels) lookup(ctx context.Context, id string) (meta, error) {
	var ph pexelsPhoto
	if err := p.api.getJSON(ctx, p.baseURL+"/v1/photos/"+id, &ph); err != nil {
		return meta{}, err
	}
	return p.meta(ph), nil
}

// Fetch implements Provider.
func (p *Pexels) Fetch(ctx context.Context, id string, size library.Size) (fetch.Asset, error) {
	if err := p.checkID(id, reDigits); err != nil {
		return fetch.Asset{}, err
	}
	link, _, err := p.fetchURL(ctx, id, size, p.lookup)
	if err != nil {
		return fetch.Asset{}, err
	}
	return p.api.image(ctx, link, nil)
}

// OnInsert implements Provider; Pexels asks for nothing on use.
func (p *Pexels) OnInsert(ctx context.Context, id string) error { return p.checkID(id, reDigits) }
