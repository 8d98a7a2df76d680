package providers

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"affiche/library"
	"affiche/library/fetch"
	"affiche/library/providers/oauth1"
)

// NounProjectConfig configures the Noun Project. It is on when Key and Secret are set (unless
// Disabled).
type NounProjectConfig struct {
	Disabled         bool
	Key              string // AFFICHE_NOUNPROJECT_KEY
	Secret           string // AFFICHE_NOUNPROJECT_SECRET
	BaseURL          string // AFFICHE_NOUNPROJECT_URL, default https://api.thenounproject.com
	PublicDomainOnly bool   // AFFICHE_NOUNPROJECT_PUBLIC_DOMAIN_ONLY: only icons that need no credit
}

// NounProject searches icons on the Noun Project (API v2, OAuth 1.0a-signed requests).
type NounProject struct {
	base
	creds        oauth1.Credentials
	baseURL      string
	publicDomain bool
}

// nounID accepts the id as a JSON number or string (the API has used both).
type nounID string

func (n *nounID) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*n = nounID(s)
		return nil
	}
	var i json.Number
	if err := json.Unmarshal(b, &i); err != nil {
		return err
	}
	*n = nounID(i.String())
	return nil
}

type nounIcon struct {
	ID                 nounID `json:"id"`
	Term               string `json:"term"`
	Attribution        string `json:"attribution"`
	LicenseDescription string `json:"license_description"`
	Permalink          string `json:"permalink"`
	ThumbnailURL       string `json:"thumbnail_url"`
	IconURL            string `json:"icon_url"`
	Creator            struct {
		Name      string `json:"name"`
		Username  string `json:"username"`
		Permalink string `json:"permalink"`
	} `json:"creator"`
	Tags []json.RawMessage `json:"tags"`
}

// nounAnswer is what every Noun Project answer carries besides its data: the key's usage,
// kept raw so that an odd usage_limits never spoils the answer.
type nounAnswer struct {
	UsageLimits json.RawMessage `json:"usage_limits"`
}

func (a *nounAnswer) answer() *nounAnswer { return a }

// NewNounProject builds the Noun Project provider.
func NewNounProject(cfg NounProjectConfig, env Env) (*NounProject, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.thenounproject.com"
	}
	a, err := newAPI(env, apiConfig{name: "nounproject", baseURL: cfg.BaseURL, cdn: []string{"static.thenounproject.com"},
		secrets: []string{cfg.Key, cfg.Secret}, window: time.Hour})
	if err != nil {
		return nil, err
	}
	ok := cfg.Key != "" && cfg.Secret != ""
	info := Info{
		Name: "nounproject", Title: "Noun Project", Kinds: []library.Kind{library.KindIcon},
		Configured: ok, Enabled: ok && !cfg.Disabled,
		Licence: Text{
			FR: "Icônes sous licence Creative Commons BY 3.0 (citer « icône par X, Noun Project ») ou du domaine public (aucune mention requise).",
			EN: "Icons under Creative Commons BY 3.0 (credit \"icon by X from Noun Project\") or in the public domain (no credit needed).",
		},
		Terms: Text{
			FR: "Citer l'auteur sauf pour le domaine public ; requêtes signées OAuth 1.0a ; quota mensuel selon l'abonnement (5 000 en offre gratuite).",
			EN: "Credit the creator unless public domain; OAuth 1.0a-signed requests; monthly quota depending on the plan (5,000 on the free tier).",
		},
		Link:        "https://thenounproject.com",
		Hosts:       a.hosts,
		SearchTTL:   24 * time.Hour,
		AssetTTL:    7 * 24 * time.Hour,
		Fingerprint: cfg.BaseURL + "|pd=" + strconv.FormatBool(cfg.PublicDomainOnly),
	}
	return &NounProject{base: newBase(info, a, env), creds: oauth1.Credentials{ConsumerKey: cfg.Key, ConsumerSecret: cfg.Secret},
		baseURL: strings.TrimRight(cfg.BaseURL, "/"), publicDomain: cfg.PublicDomainOnly}, nil
}

// get signs and sends a GET, decodes the answer into out (a struct embedding nounAnswer) and
// applies the monthly quota it reports: once spent, nothing is sent until the next month.
func (n *NounProject) get(ctx context.Context, rawURL string, out interface{ answer() *nounAnswer }) error {
	req, err := n.api.newRequest(ctx, rawURL)
	if err != nil {
		return err
	}
	n.creds.Sign(req)
	if err := n.api.do(req, out); err != nil {
		return err
	}
	var u struct {
		Monthly struct {
			Limit int `json:"limit"`
			Usage int `json:"usage"`
		} `json:"monthly"`
	}
	if json.Unmarshal(out.answer().UsageLimits, &u) == nil && u.Monthly.Limit > 0 && u.Monthly.Usage >= u.Monthly.Limit {
		now := n.api.now().UTC()
		n.api.lim.block(time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC))
	}
	return nil
}

// Search implements Provider. The API pages with cursors (next_page): the cursor of page N+1 is
// remembered when page N is served, so pages must be asked for in order.
func (n *NounProject) Search(ctx context.Context, q library.Query) (library.Page, error) {
	pageNum, per := page(q, 30, 50)
	text := cleanQuery(q.Text, 100)
	if text == "" || q.Kind == library.KindPhoto || q.Kind == library.KindIllustration {
		return emptyPage(pageNum, per), nil
	}
	v := url.Values{"query": {text}, "limit": {strconv.Itoa(per)}, "thumbnail_size": {"200"}, "include_svg": {"1"}}
	if n.publicDomain {
		v.Set("limit_to_public_domain", "1")
	}
	cursorKey := strings.Join([]string{text, strconv.Itoa(per), strconv.Itoa(pageNum)}, "\x00")
	if pageNum > 1 {
		var cursor string
		if !n.store.get("cursor", cursorKey, &cursor) || cursor == "" {
			return library.Page{}, newError(n.info.Name, CodeBadRequest, 0, "page cursor unknown: start the search again")
		}
		v.Set("next_page", cursor)
	}
	var res struct {
		nounAnswer
		Icons    []nounIcon `json:"icons"`
		Total    int        `json:"total"`
		NextPage string     `json:"next_page"`
	}
	if err := n.get(ctx, n.baseURL+"/v2/icon?"+v.Encode(), &res); err != nil {
		return library.Page{}, err
	}
	out := library.Page{Items: make([]library.Item, 0, len(res.Icons)), Total: res.Total, Page: pageNum, PerPage: per}
	for _, ic := range res.Icons {
		id := string(ic.ID)
		if !reDigits.MatchString(id) {
			continue
		}
		out.Items = append(out.Items, n.item(id, ic, q.Lang))
		n.remember(id, n.meta(ic))
	}
	if res.NextPage != "" {
		out.NextPage = pageNum + 1
		next := strings.Join([]string{text, strconv.Itoa(per), strconv.Itoa(pageNum + 1)}, "\x00")
		n.store.put("cursor", next, res.NextPage, n.info.SearchTTL)
	}
	return out, nil
}

func (n *NounProject) meta(ic nounIcon) meta {
	return meta{URLs: map[library.Size]string{
		library.SizeThumb: ic.ThumbnailURL, library.SizePreview: ic.IconURL, library.SizeFull: ic.IconURL,
	}}
}

func (n *NounProject) item(id string, ic nounIcon, lang string) library.Item {
	it := n.newItem(id, library.KindIcon)
	it.Title, it.Mime = ic.Term, "image/svg+xml"
	pd := ic.LicenseDescription == "public-domain"
	c := &library.Credit{Provider: "Noun Project", Author: ic.Creator.Name, Required: !pd}
	if ic.Creator.Permalink != "" {
		c.AuthorURL = safeLink("https://thenounproject.com" + ic.Creator.Permalink)
	}
	if ic.Permalink != "" {
		c.SourceURL = safeLink("https://thenounproject.com" + ic.Permalink)
	}
	if pd {
		c.Licence, c.LicenceURL = "CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"
	} else {
		c.Licence, c.LicenceURL = "CC-BY-3.0", "https://creativecommons.org/licenses/by/3.0/"
	}
	switch {
	case lang == "en" && ic.Attribution != "":
		c.Text = ic.Attribution
	case lang == "en":
		c.Text = ic.Term + " by " + ic.Creator.Name + " from Noun Project"
	default:
		c.Text = "« " + ic.Term + " » par " + ic.Creator.Name + ", Noun Project"
	}
	if !pd {
		c.Text += " (CC BY 3.0)"
	}
	it.Credit = c
	for _, raw := range ic.Tags { // tags are strings or {"slug": …} objects depending on the endpoint
		var s string
		var o struct {
			Slug string `json:"slug"`
		}
		if json.Unmarshal(raw, &s) == nil && s != "" {
			it.Tags = append(it.Tags, s)
		} else if json.Unmarshal(raw, &o) == nil && o.Slug != "" {
			it.Tags = append(it.Tags, o.Slug)
		}
	}
	return it
}

func (n *NounProject) lookup(ctx context.Context, id string) (meta, error) {
	var res struct {
		nounAnswer
		Icon nounIcon `json:"icon"`
	}
	if err := n.get(ctx, n.baseURL+"/v2/icon/"+id+"?thumbnail_size=200&include_svg=1", &res); err != nil {
		return meta{}, err
	}
	return n.meta(res.Icon), nil
}

// Fetch implements Provider: the PNG thumbnail for the panel, the SVG otherwise — from the
// icon_url the search gave, or else through the download endpoint.
func (n *NounProject) Fetch(ctx context.Context, id string, size library.Size) (fetch.Asset, error) {
	if err := n.checkID(id, reDigits); err != nil {
		return fetch.Asset{}, err
	}
	link, m, err := n.fetchURL(ctx, id, size, n.lookup)
	if err == nil && (size == library.SizeThumb || m.URLs[library.SizeFull] != "") {
		a, err := n.api.image(ctx, link, nil)
		if !IsCode(err, CodeNotFound) { // expired signed links fall through to the download endpoint
			return a, err
		}
	} else if err != nil && !IsCode(err, CodeNotFound) {
		return fetch.Asset{}, err
	}
	var dl struct {
		nounAnswer
		Base64      string `json:"base64_encoded_file"`
		ContentType string `json:"content_type"`
	}
	if err := n.get(ctx, n.baseURL+"/v2/icon/"+id+"/download?filetype=svg", &dl); err != nil {
		return fetch.Asset{}, err
	}
	raw, err := base64.StdEncoding.DecodeString(dl.Base64)
	if err != nil || int64(len(raw)) > n.api.client.Config().MaxBytes { // the cap of every image download
		return fetch.Asset{}, newError(n.info.Name, CodeUpstream, 0, "bad download payload")
	}
	a, err := fetch.Inspect(raw, n.api.client.Limits())
	if err != nil {
		return fetch.Asset{}, n.api.transportErr(err)
	}
	return a, nil
}

// OnInsert implements Provider; the Noun Project asks for attribution, which travels in Credit.
func (n *NounProject) OnInsert(ctx context.Context, id string) error {
	return n.checkID(id, reDigits)
}
