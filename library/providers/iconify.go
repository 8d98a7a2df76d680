package providers

import (
	"context"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"affiche/library"
	"affiche/library/fetch"
)

// IconifyConfig configures Iconify, which needs no key: it is on when Enabled. BaseURL can
// point at a self-hosted Iconify API inside the intranet (then allow its address with
// AFFICHE_FETCH_ALLOW_PRIVATE).
type IconifyConfig struct {
	Enabled bool
	BaseURL string // AFFICHE_ICONIFY_URL, default https://api.iconify.design
	// Prefixes restricts the search to these icon sets (AFFICHE_ICONIFY_PREFIXES, comma-separated).
	Prefixes []string
	// Licences lists the SPDX licence ids accepted (AFFICHE_ICONIFY_LICENSES); icons from sets
	// under any other licence (non-commercial, GPL, unknown) are left out of the results.
	Licences []string
}

// DefaultIconifyLicences are permissive licences fit for posters.
var DefaultIconifyLicences = []string{"MIT", "Apache-2.0", "ISC", "BSD-2-Clause", "BSD-3-Clause", "CC0-1.0",
	"CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "OFL-1.1", "Unlicense", "MPL-2.0"}

// Iconify searches the icon sets of an Iconify API (https://iconify.design/docs/api/).
type Iconify struct {
	base
	baseURL  string
	prefixes []string
	licences map[string]bool
}

var (
	reIconName  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	reIconifyID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*$`)
)

type iconifySet struct {
	Name   string `json:"name"`
	Author struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"author"`
	License struct {
		Title string `json:"title"`
		SPDX  string `json:"spdx"`
		URL   string `json:"url"`
	} `json:"license"`
	Height  any  `json:"height"`
	Palette bool `json:"palette"`
}

// NewIconify builds the Iconify provider.
func NewIconify(cfg IconifyConfig, env Env) (*Iconify, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.iconify.design"
	}
	if len(cfg.Licences) == 0 {
		cfg.Licences = DefaultIconifyLicences
	}
	var prefixes []string
	for _, p := range cfg.Prefixes {
		if p = strings.TrimSpace(p); reIconName.MatchString(p) {
			prefixes = append(prefixes, p)
		}
	}
	lic := map[string]bool{}
	for _, l := range cfg.Licences {
		lic[strings.ToLower(strings.TrimSpace(l))] = true
	}
	a, err := newAPI(env, apiConfig{name: "iconify", baseURL: cfg.BaseURL})
	if err != nil {
		return nil, err
	}
	sortedLic := append([]string(nil), cfg.Licences...)
	sort.Strings(sortedLic)
	info := Info{
		Name: "iconify", Title: "Iconify", Kinds: []library.Kind{library.KindIcon, library.KindIllustration},
		Configured: true, Enabled: cfg.Enabled,
		Licence: Text{
			FR: "Chaque jeu d'icônes a sa licence (MIT, Apache, CC BY…) ; seuls les jeux sous les licences autorisées par l'administrateur apparaissent ; CC BY demande de citer l'auteur.",
			EN: "Each icon set has its own licence (MIT, Apache, CC BY…); only sets under the licences the administrator allows appear; CC BY requires crediting the author.",
		},
		Terms: Text{
			FR: "Aucune clé ; l'API publique ou une instance auto-hébergée ; respecter la licence de chaque jeu.",
			EN: "No key; the public API or a self-hosted instance; honour each set's licence.",
		},
		Link:        "https://iconify.design",
		Hosts:       a.hosts,
		SearchTTL:   24 * time.Hour,
		AssetTTL:    30 * 24 * time.Hour,
		Fingerprint: cfg.BaseURL + "|" + strings.Join(prefixes, ",") + "|" + strings.Join(sortedLic, ","),
	}
	return &Iconify{base: newBase(info, a, env), baseURL: strings.TrimRight(cfg.BaseURL, "/"), prefixes: prefixes, licences: lic}, nil
}

// Search implements Provider. The Iconify API pages with start/limit (limit at least 32): the
// page asked for is cut out of that.
func (ic *Iconify) Search(ctx context.Context, q library.Query) (library.Page, error) {
	pageNum, per := page(q, 48, 200)
	text := cleanQuery(q.Text, 100)
	if text == "" {
		return emptyPage(pageNum, per), nil
	}
	limit := max(per, 32)
	start := (pageNum - 1) * per
	v := url.Values{"query": {text}, "limit": {strconv.Itoa(limit)}, "start": {strconv.Itoa(start)}}
	if len(ic.prefixes) > 0 {
		v.Set("prefixes", strings.Join(ic.prefixes, ","))
	}
	var res struct {
		Icons       []string              `json:"icons"`
		Total       int                   `json:"total"`
		Limit       int                   `json:"limit"`
		Start       int                   `json:"start"`
		Collections map[string]iconifySet `json:"collections"`
	}
	if err := ic.api.getJSON(ctx, ic.baseURL+"/search?"+v.Encode(), &res); err != nil {
		return library.Page{}, err
	}
	out := library.Page{Items: []library.Item{}, Total: res.Total, Page: pageNum, PerPage: per}
	for i, name := range res.Icons {
		if i >= per {
			break
		}
		if !reIconifyID.MatchString(name) {
			continue
		}
		prefix := name[:strings.IndexByte(name, ':')]
		set, ok := res.Collections[prefix]
		if !ok || !ic.licences[strings.ToLower(set.License.SPDX)] {
			continue // unknown or unwanted licence
		}
		kind := library.KindIcon
		if set.Palette {
			kind = library.KindIllustration
		}
		if q.Kind != "" && q.Kind != kind {
			continue
		}
		out.Items = append(out.Items, ic.item(name, set, q.Lang, kind))
	}
	if start+per < res.Total {
		out.NextPage = pageNum + 1
	}
	return out, nil
}

func (ic *Iconify) item(id string, set iconifySet, lang string, kind library.Kind) library.Item {
	it := ic.newItem(id, kind)
	it.Title = strings.ReplaceAll(id[strings.IndexByte(id, ':')+1:], "-", " ")
	it.Mime = "image/svg+xml"
	spdx := set.License.SPDX
	required := strings.HasPrefix(strings.ToUpper(spdx), "CC-BY")
	author := set.Author.Name
	text := "Icône " + set.Name
	if author != "" {
		text += " par " + author
	}
	if lang == "en" {
		text = "Icon from " + set.Name
		if author != "" {
			text += " by " + author
		}
	}
	text += " (" + firstNonEmpty(set.License.Title, spdx) + ")"
	it.Credit = &library.Credit{
		Provider: set.Name, Author: author, AuthorURL: safeLink(set.Author.URL),
		Licence: spdx, LicenceURL: safeLink(set.License.URL), Text: text, Required: required,
	}
	it.Tags = []string{id[:strings.IndexByte(id, ':')]}
	return it
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// Fetch implements Provider: every size is the same SVG, sanitised.
func (ic *Iconify) Fetch(ctx context.Context, id string, size library.Size) (fetch.Asset, error) {
	if err := ic.checkID(id, reIconifyID); err != nil {
		return fetch.Asset{}, err
	}
	prefix, name, _ := strings.Cut(id, ":")
	a, err := ic.api.image(ctx, ic.baseURL+"/"+prefix+"/"+name+".svg", nil)
	if err == nil && a.Mime != "image/svg+xml" {
		return fetch.Asset{}, newError(ic.info.Name, CodeUpstream, 0, "not an SVG")
	}
	return a, err
}

// OnInsert implements Provider; Iconify asks for nothing on use.
func (ic *Iconify) OnInsert(ctx context.Context, id string) error {
	return ic.checkID(id, reIconifyID)
}
