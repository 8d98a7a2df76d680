package providers

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"affiche/library"
	"affiche/library/fetch"
)

// CommonsConfig configures Wikimedia Commons, which needs no key: it is on when Enabled.
type CommonsConfig struct {
	Enabled bool
	BaseURL string // AFFICHE_COMMONS_URL, default https://commons.wikimedia.org
	// Contact is an e-mail address or URL put in the User-Agent, as Wikimedia's policy asks of
	// API clients (AFFICHE_COMMONS_CONTACT).
	Contact string
}

// Commons searches photos on Wikimedia Commons through the MediaWiki API.
type Commons struct {
	base
	baseURL string
}

type commonsPage struct {
	PageID    int64  `json:"pageid"`
	Title     string `json:"title"`
	Index     int    `json:"index"`
	ImageInfo []struct {
		Width          int                        `json:"width"`
		Height         int                        `json:"height"`
		ThumbURL       string                     `json:"thumburl"`
		URL            string                     `json:"url"`
		DescriptionURL string                     `json:"descriptionurl"`
		Mime           string                     `json:"mime"`
		ExtMetadata    map[string]json.RawMessage `json:"extmetadata"`
	} `json:"imageinfo"`
}

type commonsAnswer struct {
	Continue map[string]any `json:"continue"`
	Query    struct {
		Pages []commonsPage `json:"pages"`
	} `json:"query"`
	Error *struct {
		Code string `json:"code"`
		Info string `json:"info"`
	} `json:"error"`
}

const commonsMetaFields = "ObjectName|ImageDescription|Artist|Credit|LicenseShortName|LicenseUrl|AttributionRequired|UsageTerms"

// NewCommons builds the Wikimedia Commons provider.
func NewCommons(cfg CommonsConfig, env Env) (*Commons, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://commons.wikimedia.org"
	}
	e := env
	e.Fetch.UserAgent = "Affiche/1.0 (self-hosted poster editor"
	if c := strings.TrimSpace(cfg.Contact); c != "" && !strings.ContainsAny(c, "\r\n()") {
		e.Fetch.UserAgent += "; " + c
	}
	e.Fetch.UserAgent += ")"
	a, err := newAPI(e, apiConfig{name: "commons", baseURL: cfg.BaseURL, cdn: []string{"upload.wikimedia.org"}})
	if err != nil {
		return nil, err
	}
	info := Info{
		Name: "commons", Title: "Wikimedia Commons", Kinds: []library.Kind{library.KindPhoto},
		Configured: true, Enabled: cfg.Enabled,
		Licence: Text{
			FR: "Fichiers libres (Creative Commons, domaine public…) : la licence et l'auteur de chaque fichier sont indiqués ; la plupart demandent de citer l'auteur et la licence.",
			EN: "Free files (Creative Commons, public domain…): each file carries its licence and author; most require crediting the author and the licence.",
		},
		Terms: Text{
			FR: "Respecter la licence de chaque fichier (crédit « Auteur, licence, via Wikimedia Commons ») ; User-Agent avec un contact de l'administrateur.",
			EN: "Honour each file's licence (credit \"Author, licence, via Wikimedia Commons\"); User-Agent with the administrator's contact.",
		},
		Link:        "https://commons.wikimedia.org",
		Hosts:       a.hosts,
		SearchTTL:   24 * time.Hour,
		AssetTTL:    7 * 24 * time.Hour,
		Fingerprint: cfg.BaseURL,
	}
	return &Commons{base: newBase(info, a, e), baseURL: strings.TrimRight(cfg.BaseURL, "/")}, nil
}

func (c *Commons) call(ctx context.Context, v url.Values) (commonsAnswer, error) {
	v.Set("action", "query")
	v.Set("format", "json")
	v.Set("formatversion", "2")
	v.Set("maxlag", "5")
	var res commonsAnswer
	if err := c.api.getJSON(ctx, c.baseURL+"/w/api.php?"+v.Encode(), &res); err != nil {
		return res, err
	}
	if res.Error != nil { // MediaWiki reports errors with HTTP 200
		switch res.Error.Code {
		case "badvalue", "invalidparammix", "toomanyvalues":
			return res, newError(c.info.Name, CodeBadRequest, http.StatusOK, res.Error.Code)
		}
		return res, newError(c.info.Name, CodeUpstream, http.StatusOK, res.Error.Code)
	}
	return res, nil
}

// refused reports MediaWiki's "slow down" errors, which come with HTTP 200 and usually a
// Retry-After header: api.do then waits as for a 429.
func (r *commonsAnswer) refused() bool {
	return r.Error != nil && (r.Error.Code == "maxlag" || r.Error.Code == "ratelimited")
}

var commonsMimes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true, "image/gif": true}

// Search implements Provider.
func (c *Commons) Search(ctx context.Context, q library.Query) (library.Page, error) {
	pageNum, per := page(q, 20, 50)
	text := cleanQuery(q.Text, 200)
	if text == "" {
		return emptyPage(pageNum, per), nil
	}
	lang := "fr"
	if q.Lang == "en" {
		lang = "en"
	}
	v := url.Values{
		"generator": {"search"}, "gsrsearch": {text + " filetype:bitmap"}, "gsrnamespace": {"6"},
		"gsrlimit": {strconv.Itoa(per)}, "gsroffset": {strconv.Itoa((pageNum - 1) * per)},
		"prop": {"imageinfo"}, "iiprop": {"url|size|mime|extmetadata"}, "iiurlwidth": {"330"},
		"iiextmetadatafilter": {commonsMetaFields}, "iiextmetadatalanguage": {lang}, "uselang": {lang},
	}
	res, err := c.call(ctx, v)
	if err != nil {
		return library.Page{}, err
	}
	pages := res.Query.Pages
	sort.Slice(pages, func(i, j int) bool { return pages[i].Index < pages[j].Index })
	out := library.Page{Items: make([]library.Item, 0, len(pages)), Total: -1, Page: pageNum, PerPage: per}
	for _, p := range pages {
		if len(p.ImageInfo) == 0 || p.PageID <= 0 || !commonsMimes[p.ImageInfo[0].Mime] {
			continue
		}
		id := strconv.FormatInt(p.PageID, 10)
		out.Items = append(out.Items, c.item(id, p, q.Lang))
		c.remember(id, c.meta(p))
	}
	if _, more := res.Continue["gsroffset"]; more {
		out.NextPage = pageNum + 1
	}
	if out.NextPage == 0 {
		out.Total = (pageNum-1)*per + len(out.Items)
	}
	return out, nil
}

func (c *Commons) meta(p commonsPage) meta {
	ii := p.ImageInfo[0]
	m := meta{URLs: map[library.Size]string{library.SizeThumb: ii.ThumbURL, library.SizeFull: ii.URL}}
	if ii.Width <= 1280 {
		m.URLs[library.SizePreview] = ii.URL
	}
	return m
}

// metaString reads one extmetadata value (a string in the requested language).
func metaString(m map[string]json.RawMessage, key string) string {
	raw, ok := m[key]
	if !ok {
		return ""
	}
	var f struct {
		Value json.RawMessage `json:"value"`
	}
	if json.Unmarshal(raw, &f) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(f.Value, &s) == nil {
		return s
	}
	return strings.Trim(string(f.Value), `"`)
}

func (c *Commons) item(id string, p commonsPage, lang string) library.Item {
	ii := p.ImageInfo[0]
	it := c.newItem(id, library.KindPhoto)
	it.Width, it.Height, it.Mime = ii.Width, ii.Height, ii.Mime
	md := ii.ExtMetadata
	title, _ := htmlText(metaString(md, "ObjectName"), 200)
	if title == "" {
		name := strings.TrimPrefix(p.Title, "File:")
		title = strings.TrimSuffix(name, path.Ext(name))
	}
	it.Title = title
	author, authorURL := htmlText(metaString(md, "Artist"), 200)
	if author == "" {
		author, _ = htmlText(metaString(md, "Credit"), 200)
	}
	licence, _ := htmlText(metaString(md, "LicenseShortName"), 100)
	if licence == "" {
		licence, _ = htmlText(metaString(md, "UsageTerms"), 100)
	}
	licenceURL := safeLink(metaString(md, "LicenseUrl"))
	required := !strings.EqualFold(metaString(md, "AttributionRequired"), "false")
	parts := []string{}
	if author != "" {
		parts = append(parts, author)
	}
	if licence != "" {
		parts = append(parts, licence)
	}
	parts = append(parts, "via Wikimedia Commons")
	it.Credit = &library.Credit{
		Provider: "Wikimedia Commons", Author: author, AuthorURL: authorURL,
		Licence: licence, LicenceURL: licenceURL, SourceURL: safeLink(ii.DescriptionURL),
		Text: strings.Join(parts, ", "), Required: required,
	}
	return it
}

// lookup asks for one file by page id; width selects the thumbnail returned (330, 1280…).
func (c *Commons) lookupWidth(ctx context.Context, id string, width int) (commonsPage, error) {
	v := url.Values{"pageids": {id}, "prop": {"imageinfo"}, "iiprop": {"url|size|mime"}, "iiurlwidth": {strconv.Itoa(width)}}
	res, err := c.call(ctx, v)
	if err != nil {
		return commonsPage{}, err
	}
	for _, p := range res.Query.Pages {
		if strconv.FormatInt(p.PageID, 10) == id && len(p.ImageInfo) > 0 && commonsMimes[p.ImageInfo[0].Mime] {
			return p, nil
		}
	}
	return commonsPage{}, newError(c.info.Name, CodeNotFound, 0, "no such file")
}

func (c *Commons) lookup(ctx context.Context, id string) (meta, error) {
	p, err := c.lookupWidth(ctx, id, 330)
	if err != nil {
		return meta{}, err
	}
	return c.meta(p), nil
}

// Fetch implements Provider. The canvas size is Commons' standard 1280 px thumbnail, asked for
// on first use (search answers carry the 330 px one).
func (c *Commons) Fetch(ctx context.Context, id string, size library.Size) (fetch.Asset, error) {
	if err := c.checkID(id, reDigits); err != nil {
		return fetch.Asset{}, err
	}
	m, ok := c.recall(id)
	if !ok {
		var err error
		if m, err = c.lookup(ctx, id); err != nil {
			return fetch.Asset{}, err
		}
		c.remember(id, m)
	}
	if size == library.SizePreview && m.URLs[library.SizePreview] == "" {
		p, err := c.lookupWidth(ctx, id, 1280)
		if err != nil {
			return fetch.Asset{}, err
		}
		m.URLs[library.SizePreview] = p.ImageInfo[0].ThumbURL
		c.remember(id, m)
	}
	return c.api.image(ctx, m.URLs[size], nil)
}

// OnInsert implements Provider; Commons asks for nothing on use.
func (c *Commons) OnInsert(ctx context.Context, id string) error { return c.checkID(id, reDigits) }
