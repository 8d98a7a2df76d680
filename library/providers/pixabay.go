package providers

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"affiche/library"
	"affiche/library/fetch"
)

// PixabayConfig configures Pixabay. It is on when APIKey is set (unless Disabled).
type PixabayConfig struct {
	Disabled bool
	APIKey   string // AFFICHE_PIXABAY_API_KEY (travels in the query string: it is redacted from every error)
	BaseURL  string // AFFICHE_PIXABAY_URL, default https://pixabay.com
}

// Pixabay searches photos on Pixabay (https://pixabay.com/api/docs/). Its terms ask that search
// answers be cached for 24 hours and that images be downloaded to the server rather than
// hotlinked: Affiche's proxy does exactly that, and the cache keeps both for 24 hours.
type Pixabay struct {
	base
	key, baseURL string
}

type pixabayHit struct {
	ID            int64  `json:"id"`
	PageURL       string `json:"pageURL"`
	Tags          string `json:"tags"`
	PreviewURL    string `json:"previewURL"`
	WebformatURL  string `json:"webformatURL"`
	LargeImageURL string `json:"largeImageURL"`
	FullHDURL     string `json:"fullHDURL"`
	ImageURL      string `json:"imageURL"`
	ImageWidth    int    `json:"imageWidth"`
	ImageHeight   int    `json:"imageHeight"`
	User          string `json:"user"`
	UserID        int64  `json:"user_id"`
}

// NewPixabay builds the Pixabay provider.
func NewPixabay(cfg PixabayConfig, env Env) (*Pixabay, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://pixabay.com"
	}
	a, err := newAPI(env, apiConfig{name: "pixabay", baseURL: cfg.BaseURL, cdn: []string{"pixabay.com", "cdn.pixabay.com"},
		secrets: []string{cfg.APIKey}, rate: standardRate})
	if err != nil {
		return nil, err
	}
	info := Info{
		Name: "pixabay", Title: "Pixabay", Kinds: []library.Kind{library.KindPhoto},
		Configured: cfg.APIKey != "", Enabled: cfg.APIKey != "" && !cfg.Disabled,
		Licence: Text{
			FR: "Licence de contenu Pixabay : usage gratuit, y compris commercial, sans obligation de citer ; ne pas revendre tel quel ; attention aux marques et personnes reconnaissables.",
			EN: "Pixabay Content License: free to use, including commercially, no credit required; not for resale unaltered; mind trademarks and identifiable people.",
		},
		Terms: Text{
			FR: "Indiquer que les résultats viennent de Pixabay ; les images sont téléchargées sur le serveur (pas de lien direct) ; réponses gardées 24 h ; 100 requêtes par minute.",
			EN: "Show that results come from Pixabay; images are downloaded to the server (no hotlinking); answers cached for 24 h; 100 requests per minute.",
		},
		Link:        "https://pixabay.com",
		Hosts:       a.hosts,
		SearchTTL:   24 * time.Hour,
		AssetTTL:    24 * time.Hour,
		Fingerprint: cfg.BaseURL,
	}
	return &Pixabay{base: newBase(info, a, env), key: cfg.APIKey, baseURL: strings.TrimRight(cfg.BaseURL, "/")}, nil
}

func (p *Pixabay) query(v url.Values) string {
	v.Set("key", p.key)
	return p.baseURL + "/api/?" + v.Encode()
}

// Search implements Provider.
func (p *Pixabay) Search(ctx context.Context, q library.Query) (library.Page, error) {
	pageNum, per := page(q, 20, 200)
	if per < 3 {
		per = 3
	}
	text := cleanQuery(q.Text, 100)
	if text == "" {
		return emptyPage(pageNum, per), nil
	}
	v := url.Values{"q": {text}, "image_type": {"photo"}, "safesearch": {"true"},
		"page": {strconv.Itoa(pageNum)}, "per_page": {strconv.Itoa(per)}}
	switch q.Lang {
	case "fr", "en":
		v.Set("lang", q.Lang)
	}
	switch q.Orientation {
	case "landscape":
		v.Set("orientation", "horizontal")
	case "portrait":
		v.Set("orientation", "vertical")
	}
	if c := pixabayColor(q.Color); c != "" {
		v.Set("colors", c)
	}
	var res struct {
		Total     int          `json:"total"`
		TotalHits int          `json:"totalHits"`
		Hits      []pixabayHit `json:"hits"`
	}
	if err := p.api.getJSON(ctx, p.query(v), &res); err != nil {
		return library.Page{}, err
	}
	out := library.Page{Items: make([]library.Item, 0, len(res.Hits)), Total: res.TotalHits, Page: pageNum, PerPage: per}
	for _, h := range res.Hits {
		id := strconv.FormatInt(h.ID, 10)
		out.Items = append(out.Items, p.item(id, h, q.Lang))
		p.remember(id, p.meta(h))
	}
	if pageNum*per < res.TotalHits {
		out.NextPage = pageNum + 1
	}
	return out, nil
}

// meta picks the image URLs: a 340 px variant of the web format for thumbnails (Pixabay's
// documented size switch), the 1280 px large image for the canvas, and the largest the key
// may see for exports.
func (p *Pixabay) meta(h pixabayHit) meta {
	thumb := h.PreviewURL
	if strings.Contains(h.WebformatURL, "_640.") {
		thumb = strings.Replace(h.WebformatURL, "_640.", "_340.", 1)
	}
	full := h.LargeImageURL
	for _, u := range []string{h.ImageURL, h.FullHDURL} {
		if u != "" {
			full = u
			break
		}
	}
	return meta{URLs: map[library.Size]string{library.SizeThumb: thumb, library.SizePreview: h.LargeImageURL, library.SizeFull: full}}
}

func (p *Pixabay) item(id string, h pixabayHit, lang string) library.Item {
	it := p.newItem(id, library.KindPhoto)
	it.Width, it.Height = h.ImageWidth, h.ImageHeight
	for _, t := range strings.Split(h.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			it.Tags = append(it.Tags, t)
		}
	}
	it.Title = strings.Join(it.Tags, ", ")
	text := "Image de " + h.User + " sur Pixabay"
	if lang == "en" {
		text = "Image by " + h.User + " from Pixabay"
	}
	authorURL := ""
	if h.User != "" && h.UserID > 0 {
		authorURL = "https://pixabay.com/users/" + url.PathEscape(h.User) + "-" + strconv.FormatInt(h.UserID, 10) + "/"
	}
	it.Credit = &library.Credit{
		Provider: "Pixabay", Author: h.User, AuthorURL: authorURL,
		Licence: "Pixabay Content License", LicenceURL: "https://pixabay.com/service/license-summary/",
		SourceURL: h.PageURL, Text: text,
	}
	return it
}

var pixabayColors = map[string]string{
	"grayscale": "grayscale", "transparent": "transparent", "red": "red", "orange": "orange",
	"yellow": "yellow", "green": "green", "turquoise": "turquoise", "blue": "blue", "lilac": "lilac",
	"pink": "pink", "white": "white", "gray": "gray", "black": "black", "brown": "brown",
	"noir_et_blanc": "grayscale", "rouge": "red", "jaune": "yellow", "vert": "green", "bleu": "blue",
	"rose": "pink", "blanc": "white", "gris": "gray", "noir": "black", "marron": "brown",
}

func pixabayColor(c string) string { return pixabayColors[strings.ToLower(strings.TrimSpace(c))] }

func (p *Pixabay) lookup(ctx context.Context, id string) (meta, error) {
	var res struct {
		Hits []pixabayHit `json:"hits"`
	}
	if err := p.api.getJSON(ctx, p.query(url.Values{"id": {id}}), &res); err != nil {
		return meta{}, err
	}
	if len(res.Hits) == 0 {
		return meta{}, newError(p.info.Name, CodeNotFound, 0, "no such image")
	}
	return p.meta(res.Hits[0]), nil
}

// Fetch implements Provider: the image is downloaded to the server (Pixabay forbids hotlinking),
// and the registry caches it for 24 hours.
func (p *Pixabay) Fetch(ctx context.Context, id string, size library.Size) (fetch.Asset, error) {
	if err := p.checkID(id, reDigits); err != nil {
		return fetch.Asset{}, err
	}
	link, _, err := p.fetchURL(ctx, id, size, p.lookup)
	if err != nil {
		return fetch.Asset{}, err
	}
	a, err := p.api.image(ctx, link, nil)
	if IsCode(err, CodeNotFound) {
		// The pixabay.com/get/… links expire after a day: ask again once.
		m, lerr := p.lookup(ctx, id)
		if lerr != nil {
			return fetch.Asset{}, err
		}
		p.remember(id, m)
		return p.api.image(ctx, m.URLs[size], nil)
	}
	return a, err
}

// OnInsert implements Provider; Pixabay asks for nothing beyond the download.
func (p *Pixabay) OnInsert(ctx context.Context, id string) error { return p.checkID(id, reDigits) }

// IsCode reports whether err is an *Error with code c.
func IsCode(err error, c Code) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == c
}
