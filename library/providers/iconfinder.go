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

// IconfinderConfig configures Iconfinder. It is on when APIKey is set (unless Disabled).
type IconfinderConfig struct {
	Disabled bool
	APIKey   string // AFFICHE_ICONFINDER_API_KEY
	BaseURL  string // AFFICHE_ICONFINDER_URL, default https://api.iconfinder.com/v4
	// License filters icons by licence (AFFICHE_ICONFINDER_LICENSE); the default,
	// "commercial-nonattribution", keeps icons usable commercially without credit.
	License string
}

// Iconfinder searches free icons on Iconfinder (API v4); premium icons are always left out.
type Iconfinder struct {
	base
	baseURL, license string
}

type iconfinderFormat struct {
	Format      string `json:"format"`
	PreviewURL  string `json:"preview_url"`
	DownloadURL string `json:"download_url"`
}

type iconfinderIcon struct {
	IconID      int64    `json:"icon_id"`
	Tags        []string `json:"tags"`
	IsPremium   bool     `json:"is_premium"`
	Type        string   `json:"type"`
	RasterSizes []struct {
		Size       int                `json:"size"`
		SizeWidth  int                `json:"size_width"`
		SizeHeight int                `json:"size_height"`
		Formats    []iconfinderFormat `json:"formats"`
	} `json:"raster_sizes"`
	VectorSizes []struct {
		Size       int                `json:"size"`
		SizeWidth  int                `json:"size_width"`
		SizeHeight int                `json:"size_height"`
		Formats    []iconfinderFormat `json:"formats"`
	} `json:"vector_sizes"`
}

// NewIconfinder builds the Iconfinder provider.
func NewIconfinder(cfg IconfinderConfig, env Env) (*Iconfinder, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.iconfinder.com/v4"
	}
	if cfg.License == "" {
		cfg.License = "commercial-nonattribution"
	}
	a, err := newAPI(env, apiConfig{name: "iconfinder", baseURL: cfg.BaseURL, cdn: []string{"*.iconfinder.com"},
		secrets: []string{cfg.APIKey}, header: http.Header{"Authorization": {"Bearer " + cfg.APIKey}},
		rate: standardRate, window: time.Hour})
	if err != nil {
		return nil, err
	}
	info := Info{
		Name: "iconfinder", Title: "Iconfinder", Kinds: []library.Kind{library.KindIcon},
		Configured: cfg.APIKey != "", Enabled: cfg.APIKey != "" && !cfg.Disabled,
		Licence: Text{
			FR: "Icônes gratuites seulement (les icônes payantes sont exclues), filtrées par licence : par défaut, usage commercial sans obligation de citer.",
			EN: "Free icons only (premium icons are excluded), filtered by licence: by default, commercial use without credit.",
		},
		Terms: Text{
			FR: "Appels de serveur à serveur avec la clé de l'installation ; limites de requêtes indiquées par Iconfinder.",
			EN: "Server-to-server calls with the installation's key; request limits set by Iconfinder.",
		},
		Link:        "https://www.iconfinder.com",
		Hosts:       a.hosts,
		SearchTTL:   24 * time.Hour,
		AssetTTL:    7 * 24 * time.Hour,
		Fingerprint: cfg.BaseURL + "|" + cfg.License,
	}
	return &Iconfinder{base: newBase(info, a, env), baseURL: strings.TrimRight(cfg.BaseURL, "/"), license: cfg.License}, nil
}

// Search implements Provider.
func (f *Iconfinder) Search(ctx context.Context, q library.Query) (library.Page, error) {
	pageNum, per := page(q, 30, 100)
	text := cleanQuery(q.Text, 100)
	if text == "" || q.Kind == library.KindPhoto || q.Kind == library.KindIllustration {
		return emptyPage(pageNum, per), nil
	}
	v := url.Values{"query": {text}, "count": {strconv.Itoa(per)}, "offset": {strconv.Itoa((pageNum - 1) * per)},
		"premium": {"0"}, "vector": {"1"}, "license": {f.license}}
	var res struct {
		TotalCount int              `json:"total_count"`
		Icons      []iconfinderIcon `json:"icons"`
	}
	if err := f.api.getJSON(ctx, f.baseURL+"/icons/search?"+v.Encode(), &res); err != nil {
		return library.Page{}, err
	}
	out := library.Page{Items: make([]library.Item, 0, len(res.Icons)), Total: res.TotalCount, Page: pageNum, PerPage: per}
	for _, ic := range res.Icons {
		if ic.IsPremium || ic.IconID <= 0 {
			continue
		}
		id := strconv.FormatInt(ic.IconID, 10)
		out.Items = append(out.Items, f.item(id, ic, q.Lang))
		f.remember(id, f.meta(ic))
	}
	if pageNum*per < res.TotalCount {
		out.NextPage = pageNum + 1
	}
	return out, nil
}

// meta: the raster preview closest to 128 px for thumbnails, the SVG download for the rest.
func (f *Iconfinder) meta(ic iconfinderIcon) meta {
	m := meta{URLs: map[library.Size]string{}}
	best := -1
	for _, r := range ic.RasterSizes {
		for _, fm := range r.Formats {
			if fm.Format == "png" && fm.PreviewURL != "" && (best < 0 || abs(r.Size-128) < abs(best-128)) {
				best, m.URLs[library.SizeThumb] = r.Size, fm.PreviewURL
			}
		}
	}
	for _, vs := range ic.VectorSizes {
		for _, fm := range vs.Formats {
			if fm.Format == "svg" && fm.DownloadURL != "" {
				u := f.resolve(fm.DownloadURL)
				m.URLs[library.SizePreview], m.URLs[library.SizeFull] = u, u
			}
		}
	}
	if m.URLs[library.SizeFull] == "" && best > 0 { // raster-only icon: its largest preview
		bigSize := 0
		for _, r := range ic.RasterSizes {
			for _, fm := range r.Formats {
				if fm.Format == "png" && fm.PreviewURL != "" && r.Size > bigSize {
					bigSize, m.URLs[library.SizePreview] = r.Size, fm.PreviewURL
					m.URLs[library.SizeFull] = fm.PreviewURL
				}
			}
		}
	}
	return m
}

// resolve makes a download URL absolute: the API gives paths such as
// "/icons/123/formats/svg/456/download", relative to its base (…/v4).
func (f *Iconfinder) resolve(s string) string {
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return s
	}
	b, err := url.Parse(f.baseURL)
	if err != nil {
		return ""
	}
	p := s
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if bp := strings.TrimRight(b.Path, "/"); bp != "" && !strings.HasPrefix(p, bp+"/") {
		p = bp + p
	}
	return b.Scheme + "://" + b.Host + p
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func (f *Iconfinder) item(id string, ic iconfinderIcon, lang string) library.Item {
	it := f.newItem(id, library.KindIcon)
	it.Tags = ic.Tags
	if len(ic.Tags) > 0 {
		it.Title = ic.Tags[0]
	}
	if len(ic.VectorSizes) > 0 {
		it.Mime = "image/svg+xml"
		it.Width, it.Height = ic.VectorSizes[0].SizeWidth, ic.VectorSizes[0].SizeHeight
	} else {
		it.Mime = "image/png"
	}
	text := "Icône Iconfinder"
	if lang == "en" {
		text = "Icon from Iconfinder"
	}
	it.Credit = &library.Credit{
		Provider: "Iconfinder", Licence: f.license, SourceURL: "https://www.iconfinder.com/icons/" + id,
		Text: text, Required: f.license != "commercial-nonattribution",
	}
	return it
}

func (f *Iconfinder) lookup(ctx context.Context, id string) (meta, error) {
	var ic iconfinderIcon
	if err := f.api.getJSON(ctx, f.baseURL+"/icons/"+id, &ic); err != nil {
		return meta{}, err
	}
	if ic.IsPremium {
		return meta{}, newError(f.info.Name, CodeNotFound, 0, "premium icon")
	}
	return f.meta(ic), nil
}

// Fetch implements Provider. SVG downloads go through the API with the key (and wait while
// its rate limit is reached); previews come from the CDN without either.
func (f *Iconfinder) Fetch(ctx context.Context, id string, size library.Size) (fetch.Asset, error) {
	if err := f.checkID(id, reDigits); err != nil {
		return fetch.Asset{}, err
	}
	link, _, err := f.fetchURL(ctx, id, size, f.lookup)
	if err != nil {
		return fetch.Asset{}, err
	}
	var h http.Header
	if u, err := url.Parse(link); err == nil && u.Host == f.api.host {
		if err := f.api.blocked(f.api.now()); err != nil {
			return fetch.Asset{}, err
		}
		h = f.api.header
	}
	return f.api.image(ctx, link, h)
}

// OnInsert implements Provider; Iconfinder asks for nothing on use.
func (f *Iconfinder) OnInsert(ctx context.Context, id string) error { return f.checkID(id, reDigits) }
