// Package library is Affiche's icon, photo and illustration library: one normalised shape for
// items whether they come from the embedded offline catalogue or from an online provider that
// the server proxies.
package library

// Kind tells what an item is.
type Kind string

// The kinds of library items.
const (
	KindIcon         Kind = "icon"         // single-colour vector icon, recolourable
	KindIllustration Kind = "illustration" // multi-colour vector art (emoji, illustrations)
	KindPhoto        Kind = "photo"        // raster photograph or background
	KindShape        Kind = "shape"        // a shape or line preset for the Elements panel
)

// Item is one search result, in the same shape for every source. URLs point at Affiche's own
// server (never straight at a provider), so the browser talks only to its server.
type Item struct {
	ID       string `json:"id"`       // "<provider>:<provider's id>", e.g. "tabler:bike", "unsplash:Dwu85P9SOIk"
	Provider string `json:"provider"` // "offline", "org" (the organisation's own folder), "unsplash", "pexels", …
	Kind     Kind   `json:"kind"`
	Title    string `json:"title,omitempty"`

	ThumbURL   string `json:"thumbUrl"`   // small preview for the panel (≈200 px)
	PreviewURL string `json:"previewUrl"` // on-canvas size (≈1000 px) or the SVG itself
	FullURL    string `json:"fullUrl"`    // full resolution, used by exports

	Width  int    `json:"width,omitempty"` // natural size in px (photos) or view-box units (vectors)
	Height int    `json:"height,omitempty"`
	Mime   string `json:"mime,omitempty"` // image/svg+xml, image/jpeg, image/png, image/webp

	Credit *Credit  `json:"credit,omitempty"`
	Tags   []string `json:"tags,omitempty"`

	// Shape is set on KindShape items: the element the editor inserts.
	Shape *ShapePreset `json:"shape,omitempty"`
}

// Credit is what a licence or a provider's terms require us to show about an item. It travels
// into the scene (scene.Credit has the same fields) when the item is inserted.
type Credit struct {
	Provider   string `json:"provider,omitempty"` // human name: "Unsplash", "Tabler Icons"
	Author     string `json:"author,omitempty"`
	AuthorURL  string `json:"authorUrl,omitempty"`
	Licence    string `json:"licence,omitempty"` // SPDX id or short name: "MIT", "CC-BY-4.0", "Unsplash License"
	LicenceURL string `json:"licenceUrl,omitempty"`
	SourceURL  string `json:"sourceUrl,omitempty"` // the item's page at the provider
	Text       string `json:"text,omitempty"`      // ready-made attribution line, e.g. "Photo by X on Unsplash"
	Required   bool   `json:"required,omitempty"`  // true when the licence or terms require showing it
}

// Page is one page of search results.
type Page struct {
	Items    []Item `json:"items"`
	Total    int    `json:"total"` // total matches when known, else -1
	Page     int    `json:"page"`  // 1-based
	PerPage  int    `json:"perPage"`
	NextPage int    `json:"nextPage,omitempty"` // 0 when this is the last page
}

// Query is a normalised search request.
type Query struct {
	Text        string `json:"q"`
	Kind        Kind   `json:"kind,omitempty"`
	Provider    string `json:"provider,omitempty"`
	Page        int    `json:"page,omitempty"`        // 1-based; 0 means 1
	PerPage     int    `json:"perPage,omitempty"`     // 0 means the source's default
	Orientation string `json:"orientation,omitempty"` // landscape|portrait|square
	Color       string `json:"color,omitempty"`       // a colour name or hex the provider understands
	Lang        string `json:"lang,omitempty"`        // "fr" or "en": the user's language (search works in both regardless)
}

// Size names the variants of an item the server serves.
type Size string

// The item sizes.
const (
	SizeThumb   Size = "thumb"   // for the panel: about 320 px on the long side
	SizePreview Size = "preview" // for the canvas: about 1200 px on the long side
	SizeFull    Size = "full"    // the original, used by exports
)

// ShapePreset is a shape or line of the Elements panel, in the terms of the scene's elements
// (scene.Element): the editor copies these fields into a new element of type Type.
type ShapePreset struct {
	Type  string `json:"type"`            // scene element type: "shape" or "line"
	Shape string `json:"shape,omitempty"` // rect, ellipse, triangle, polygon, star, arrow
	// Sides of a polygon, points of a star.
	Sides int `json:"sides,omitempty"`
	// InnerRadius of a star (fraction of the outer radius) or an arrow's shaft (fraction of
	// the height), as in scene.Element.
	InnerRadius  float64 `json:"innerRadius,omitempty"`
	CornerRadius float64 `json:"cornerRadius,omitempty"` // points, at the default size
	Width        float64 `json:"width"`                  // default size in points (a line's length)
	Height       float64 `json:"height"`                 // a line's box height (its stroke needs room)
	Fill         string  `json:"fill,omitempty"`         // colour; "" for no fill
	Stroke       string  `json:"stroke,omitempty"`       // colour; "" for no stroke
	StrokeWidth  float64 `json:"strokeWidth,omitempty"`  // points
	// Dash alternates dash and gap lengths in multiples of StrokeWidth (scene.Stroke.Dash).
	Dash      []float64 `json:"dash,omitempty"`
	Cap       string    `json:"cap,omitempty"`       // butt (default), round, square
	StartHead string    `json:"startHead,omitempty"` // line heads: arrow, triangle, circle, square, bar
	EndHead   string    `json:"endHead,omitempty"`
}
