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

// OpenverseConfig configures Openverse, which needs no key: it is on when Enabled.
type OpenverseConfig struct {
	Enabled bool
	BaseURL string // AFFICHE_OPENVERSE_URL, default https://api.openverse.org
	// LicenseType filters licences (AFFICHE_OPENVERSE_LICENSE_TYPE). The default,
	// "commercial,modification", keeps only licences that allow both commercial use and
	// adaptation (no NC, no ND), which suits posters.
	LicenseType string
	// OriginHosts lists the sites whose original files may be downloaded for full-size exports
	// (AFFICHE_OPENVERSE_ORIGIN_HOSTS). Other works use Openverse's own thumbnail service.
	OriginHosts []string
}

// Openverse searches openly licensed images (https://api.openverse.org/v1/).
type Openverse struct {
	base
	baseURL, licenseType string
	origins              *fetch.Client
}

type openverseImage struct {
	ID                string `json:"id"`
	Title             string `json:"title"`
	ForeignLandingURL string `json:"foreign_landing_url"`
	URL               string `json:"url"`
	Creator           string `json:"creator"`
	CreatorURL        string `json:"creator_url"`
	License           string `json:"license"`
	LicenseVersion    string `json:"license_version"`
	LicenseURL        string `json:"license_url"`
	Provider          string `json:"provider"`
	Source            string `json:"source"`
	Attribution       string `json:"attribution"`
	Thumbnail         string `json:"thumbnail"`
	Width             int    `json:"width"`
	Height            int    `json:"height"`
	Filetype          string `json:"filetype"`
	Tags              []struct {
		Name string `json:"name"`
	} `json:"tags"`
}

// NewOpenverse builds the Openverse provider.
func NewOpenverse(cfg OpenverseConfig, env Env) (*Openverse, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.openverse.org"
	}
	if cfg.LicenseType == "" {
		cfg.LicenseType = "commercial,modification"
	}
	if cfg.OriginHosts == nil {
		cfg.OriginHosts = []string{"live.staticflickr.com", "*.staticflickr.com", "upload.wikimedia.org"}
	}
	a, err := newAPI(env, apiConfig{name: "openverse", baseURL: cfg.BaseURL, rate: openverseRate})
	if err != nil {
		return nil, err
	}
	oc := env.Fetch
	oc.Hosts = cfg.OriginHosts
	origins, err := fetch.New(oc)
	if err != nil {
		return nil, err
	}
	info := Info{
		Name: "openverse", Title: "Openverse", Kinds: []library.Kind{library.KindPhoto},
		Configured: true, Enabled: cfg.Enabled,
		Licence: Text{
			FR: "Œuvres sous licences Creative Commons ou du domaine public : la licence de chaque image est indiquée ; la plupart demandent de citer l'auteur (CC BY, CC BY-SA).",
			EN: "Works under Creative Commons licences or in the public domain: each image carries its licence; most require crediting the author (CC BY, CC BY-SA).",
		},
		Terms: Text{
			FR: "Respecter la licence de chaque œuvre et afficher l'attribution fournie ; accès anonyme limité (20 résultats par page, peu de requêtes par minute).",
			EN: "Honour each work's licence and show the attribution given; anonymous access is limited (20 results per page, few requests per minute).",
		},
		Link:        "https://openverse.org",
		Hosts:       append(append([]string{}, a.hosts...), cfg.OriginHosts...),
		SearchTTL:   24 * time.Hour,
		AssetTTL:    7 * 24 * time.Hour,
		Fingerprint: cfg.BaseURL + "|" + cfg.LicenseType,
	}
	return &Openverse{base: newBase(info, a, env), baseURL: strings.TrimRight(cfg.BaseURL, "/"), licenseType: cfg.LicenseType, origins: origins}, nil
}

// openverseRate reads the throttle headers Openverse sends per scope
// (X-RateLimit-Available-anon_burst, …): the smallest one counts.
func openverseRate(h http.Header, now time.Time) (int, time.Time, bool) {
	remaining, ok := -1, false
	for k, vs := range h {
		if !strings.HasPrefix(strings.ToLower(k), "x-ratelimit-available-") || len(vs) == 0 {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(vs[0]))
		if err != nil {
			continue
		}
		if !ok || n < remaining {
			remaining, ok = n, true
		}
	}
	return remaining, time.Time{}, ok
}

// Search implements Provider.
func (o *Openverse) Search(ctx context.Context, q library.Query) (library.Page, error) {
	pageNum, per := page(q, 20, 20)
	text := cleanQuery(q.Text, 200)
	if text == "" {
		return emptyPage(pageNum, per), nil
	}
	v := url.Values{"q": {text}, "page": {strconv.Itoa(pageNum)}, "page_size": {strconv.Itoa(per)},
		"license_type": {o.licenseType}, "mature": {"false"}}
	switch q.Orientation {
	case "landscape":
		v.Set("aspect_ratio", "wide")
	case "portrait":
		v.Set("aspect_ratio", "tall")
	case "square":
		v.Set("aspect_ratio", "square")
	}
	var res struct {
		ResultCount int              `json:"result_count"`
		PageCount   int              `json:"page_count"`
		Results     []openverseImage `json:"results"`
	}
	if err := o.api.getJSON(ctx, o.baseURL+"/v1/images/?"+v.Encode(), &res); err != nil {
		return library.Page{}, err
	}
	out := library.Page{Items: make([]library.Item, 0, len(res.Results)), Total: res.ResultCount, Page: pageNum, PerPage: per}
	for _, im := range res.Results {
		if !reUUID.MatchString(im.ID) {
			continue
		}
		out.Items = append(out.Items, o.item(im, q.Lang))
		o.remember(im.ID, o.meta(im))
	}
	if pageNum < res.PageCount {
		out.NextPage = pageNum + 1
	}
	return out, nil
}

// meta: thumbnails come from Openverse's thumbnail service; the original file is used for the
// canvas and exports when its site is one of OriginHosts, the thumbnail otherwise.
func (o *Openverse) meta(im openverseImage) meta {
	thumb := im.Thumbnail
	if thumb == "" {
		thumb = o.baseURL + "/v1/images/" + im.ID + "/thumb/"
	}
	full := thumb
	if u, err := url.Parse(im.URL); err == nil && o.origins.CheckURL(u) == nil {
		full = im.URL
	}
	return meta{URLs: map[library.Size]string{library.SizeThumb: thumb, library.SizePreview: full, library.SizeFull: full}}
}

// licenceName turns Openverse's licence code and version into the usual short name.
func licenceName(code, version string) (name, spdx string) {
	code = strings.ToLower(code)
	switch code {
	case "cc0":
		return "CC0 1.0", "CC0-1.0"
	case "pdm":
		return "Public Domain Mark 1.0", "PDM-1.0"
	}
	name = "CC " + strings.ToUpper(code)
	spdx = "CC-" + strings.ToUpper(code)
	if version != "" {
		name += " " + version
		spdx += "-" + version
	}
	return name, spdx
}

func (o *Openverse) item(im openverseImage, lang string) library.Item {
	it := o.newItem(im.ID, library.KindPhoto)
	it.Title, it.Width, it.Height = im.Title, im.Width, im.Height
	switch im.Filetype {
	case "jpg", "jpeg":
		it.Mime = "image/jpeg"
	case "png":
		it.Mime = "image/png"
	}
	name, spdx := licenceName(im.License, im.LicenseVersion)
	required := im.License != "cc0" && im.License != "pdm"
	var text string
	if lang == "en" && im.Attribution != "" {
		text = im.Attribution // Openverse's ready-made line (in English)
	} else {
		title, by := im.Title, ""
		if lang == "en" {
			if title == "" {
				title = "Untitled"
			}
			if im.Creator != "" {
				by = " by " + im.Creator
			}
			text = "\"" + title + "\"" + by + " is licensed under " + name + "."
		} else {
			if title == "" {
				title = "Sans titre"
			}
			if im.Creator != "" {
				by = " par " + im.Creator
			}
			text = "« " + title + " »" + by + ", licence " + name + "."
		}
	}
	src := im.Source
	if src == "" {
		src = im.Provider
	}
	it.Credit = &library.Credit{
		Provider: "Openverse (" + src + ")", Author: im.Creator, AuthorURL: im.CreatorURL,
		Licence: spdx, LicenceURL: im.LicenseURL, SourceURL: im.ForeignLandingURL,
		Text: text, Required: required,
	}
	for _, t := range im.Tags {
		if t.Name != "" && len(it.Tags) < 20 {
			it.Tags = append(it.Tags, t.Name)
		}
	}
	return it
}

func (o *Openverse) lookup(ctx context.Context, id string) (meta, error) {
	var im openverseImage
	if err := o.api.getJSON(ctx, o.baseURL+"/v1/images/"+id+"/", &im); err != nil {
		return meta{}, err
	}
	return o.meta(im), nil
}

// Fetch implements Provider.
func (o *Openverse) Fetch(ctx context.Context, id string, size library.Size) (fetch.Asset, error) {
	if err := o.checkID(id, reUUID); err != nil {
		return fetch.Asset{}, err
	}
	link, m, err := o.fetchURL(ctx, id, size, o.lookup)
	if err != nil {
		return fetch.Asset{}, err
	}
	if link != m.URLs[library.SizeThumb] {
		u, _ := url.Parse(link)
		if o.origins.CheckURL(u) == nil {
			a, err := o.origins.Get(ctx, link, nil)
			if err == nil {
				return a, nil
			}
			// The original site failed: fall back to Openverse's copy.
		}
		link = m.URLs[library.SizeThumb]
	}
	return o.api.image(ctx, link, nil)
}

// OnInsert implements Provider; Openverse asks for nothing on use.
func (o *Openverse) OnInsert(ctx context.Context, id string) error { return o.checkID(id, reUUID) }
