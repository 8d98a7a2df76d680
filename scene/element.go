package scene

import "encoding/json"

// Type is the kind of an element.
type Type string

// The element kinds.
const (
	TypeText  Type = "text"
	TypeImage Type = "image"
	TypeSVG   Type = "svg"
	TypeShape Type = "shape"
	TypeLine  Type = "line"
	TypeGroup Type = "group"
)

// Known reports whether t is a kind this version can draw. Elements of other kinds are kept
// (so saving loses nothing) but not drawn.
func (t Type) Known() bool {
	switch t {
	case TypeText, TypeImage, TypeSVG, TypeShape, TypeLine, TypeGroup:
		return true
	}
	return false
}

// Element is one item on a page. Its JSON is flat (like Polotno's): the common fields, then the
// fields of its kind. Fields of other kinds are left empty.
//
// The element's box is X, Y (top-left, before rotation), Width × Height in points. Rotation
// turns the box clockwise by Rotation degrees about its centre; FlipX/FlipY mirror its content
// about the centre. A group's children are positioned in page coordinates; a group's own box is
// the bounds of its children (kept up to date by Restore and the editor), and it has no rotation.
type Element struct {
	ID       string  `json:"id"`
	Type     Type    `json:"type"`
	Name     string  `json:"name,omitempty"`
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
	Width    float64 `json:"width"`
	Height   float64 `json:"height"`
	Rotation float64 `json:"rotation,omitempty"` // degrees, clockwise, about the centre
	Opacity  float64 `json:"opacity"`            // 0–1, default 1
	FlipX    bool    `json:"flipX,omitempty"`
	FlipY    bool    `json:"flipY,omitempty"`
	Locked   bool    `json:"locked,omitempty"`
	Hidden   bool    `json:"hidden,omitempty"`
	Shadow   *Shadow `json:"shadow,omitempty"`
	// Credit is the attribution of an inserted library item (photo, icon).
	Credit *Credit `json:"credit,omitempty"`

	// Fill paints a shape's interior. Stroke outlines a shape, draws a line, outlines text glyphs
	// and borders an image or svg.
	Fill   *Fill   `json:"fill,omitempty"`
	Stroke *Stroke `json:"stroke,omitempty"`
	// CornerRadius rounds a rect shape, an image or an svg's clip, in points.
	CornerRadius float64 `json:"cornerRadius,omitempty"`

	// Shape fields.
	Shape ShapeKind `json:"shape,omitempty"`
	// Sides is the number of sides of a polygon or points of a star (default 5).
	Sides int `json:"sides,omitempty"`
	// InnerRadius is a star's inner radius as a fraction of the outer one (default 0.5);
	// for an arrow, the shaft thickness as a fraction of the height (default 0.4).
	InnerRadius float64 `json:"innerRadius,omitempty"`
	// Path is SVG path data for shape "path", in the ViewBox coordinate space stretched to the box.
	Path    string      `json:"path,omitempty"`
	ViewBox *[4]float64 `json:"viewBox,omitempty"` // minX, minY, width, height

	// Line fields: a line runs along the horizontal middle of its box, from the left edge to the
	// right edge (Width is its length), then rotates with the box. Stroke gives colour and width.
	StartHead LineHead `json:"startHead,omitempty"`
	EndHead   LineHead `json:"endHead,omitempty"`

	// Image and svg fields.
	Src string `json:"src,omitempty"`
	// Crop is the visible part of the source image, as fractions of its natural size.
	Crop *Rect `json:"crop,omitempty"`
	// Fit places the (cropped) source in the box: cover (default for images), contain (default
	// for svg) or fill (stretch).
	Fit     Fit      `json:"fit,omitempty"`
	Filters *Filters `json:"filters,omitempty"`
	// Colors replaces colours in an svg: original colour (as written in the file, or
	// "currentColor") → new colour.
	Colors map[string]string `json:"colors,omitempty"`

	// Text fields: the default style of the element, then paragraphs of runs that may override it.
	TextStyle
	Paragraphs []Paragraph `json:"paragraphs,omitempty"`
	// LineHeight is a multiple of the font size (default 1.2).
	LineHeight float64 `json:"lineHeight,omitempty"`
	// ParagraphSpacing is extra space after each paragraph, in multiples of the font size.
	ParagraphSpacing float64         `json:"paragraphSpacing,omitempty"`
	Align            Align           `json:"align,omitempty"`
	VerticalAlign    VAlign          `json:"verticalAlign,omitempty"`
	TextTransform    TextTransform   `json:"textTransform,omitempty"`
	Background       *TextBackground `json:"background,omitempty"`

	// Group fields.
	Children []*Element `json:"children,omitempty"`

	// Extra keeps fields this version does not know.
	Extra map[string]json.RawMessage `json:"-"`
}

// ShapeKind is the geometry of a shape element.
type ShapeKind string

// The shape kinds.
const (
	ShapeRect     ShapeKind = "rect"
	ShapeEllipse  ShapeKind = "ellipse"
	ShapeTriangle ShapeKind = "triangle" // isosceles, apex at the top centre
	ShapePolygon  ShapeKind = "polygon"  // regular, Sides sides, one vertex at the top
	ShapeStar     ShapeKind = "star"     // Sides points, InnerRadius ratio
	ShapeArrow    ShapeKind = "arrow"    // block arrow pointing right
	ShapePath     ShapeKind = "path"     // SVG path data in ViewBox space
)

// LineHead is the decoration at one end of a line.
type LineHead string

// The line heads.
const (
	HeadNone     LineHead = ""
	HeadArrow    LineHead = "arrow"    // open chevron
	HeadTriangle LineHead = "triangle" // filled triangle
	HeadCircle   LineHead = "circle"
	HeadSquare   LineHead = "square"
	HeadBar      LineHead = "bar"
)

// Fit tells how a source image fills its box.
type Fit string

// The fits.
const (
	FitCover   Fit = "cover"
	FitContain Fit = "contain"
	FitFill    Fit = "fill"
)

// Rect is an axis-aligned rectangle.
type Rect struct {
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// Shadow is a drop shadow under an element.
type Shadow struct {
	Color   string  `json:"color"`   // default "#000000"
	Blur    float64 `json:"blur"`    // blur radius in points
	OffsetX float64 `json:"offsetX"` // points
	OffsetY float64 `json:"offsetY"` // points
	Opacity float64 `json:"opacity"` // 0–1, multiplies the colour's alpha
}

// Filters adjust an image's pixels. Zero values change nothing.
type Filters struct {
	Brightness float64 `json:"brightness,omitempty"` // −1..1
	Contrast   float64 `json:"contrast,omitempty"`   // −1..1
	Saturation float64 `json:"saturation,omitempty"` // −1..1 (−1 = grey)
	Grayscale  float64 `json:"grayscale,omitempty"`  // 0..1
	Sepia      float64 `json:"sepia,omitempty"`      // 0..1
	Blur       float64 `json:"blur,omitempty"`       // radius in points
}

// IsZero reports whether the filters change nothing.
func (f *Filters) IsZero() bool {
	return f == nil || *f == Filters{}
}

// Credit is the attribution of a library item (same fields as library.Credit).
type Credit struct {
	Provider   string `json:"provider,omitempty"`
	Author     string `json:"author,omitempty"`
	AuthorURL  string `json:"authorUrl,omitempty"`
	Licence    string `json:"licence,omitempty"`
	LicenceURL string `json:"licenceUrl,omitempty"`
	SourceURL  string `json:"sourceUrl,omitempty"`
	Text       string `json:"text,omitempty"`
	Required   bool   `json:"required,omitempty"`
}

// Clone returns a deep copy of the element (children included).
func (e *Element) Clone() *Element {
	if e == nil {
		return nil
	}
	c := *e
	if e.Shadow != nil {
		s := *e.Shadow
		c.Shadow = &s
	}
	if e.Credit != nil {
		s := *e.Credit
		c.Credit = &s
	}
	c.Fill = e.Fill.Clone()
	c.Stroke = e.Stroke.Clone()
	if e.ViewBox != nil {
		v := *e.ViewBox
		c.ViewBox = &v
	}
	if e.Crop != nil {
		r := *e.Crop
		c.Crop = &r
	}
	if e.Filters != nil {
		f := *e.Filters
		c.Filters = &f
	}
	if e.Colors != nil {
		c.Colors = make(map[string]string, len(e.Colors))
		for k, v := range e.Colors {
			c.Colors[k] = v
		}
	}
	c.TextStyle = e.TextStyle.clone()
	if e.Paragraphs != nil {
		c.Paragraphs = make([]Paragraph, len(e.Paragraphs))
		for i, p := range e.Paragraphs {
			c.Paragraphs[i] = p.clone()
		}
	}
	if e.Background != nil {
		b := *e.Background
		c.Background = &b
	}
	if e.Children != nil {
		c.Children = make([]*Element, len(e.Children))
		for i, ch := range e.Children {
			c.Children[i] = ch.Clone()
		}
	}
	if e.Extra != nil {
		c.Extra = make(map[string]json.RawMessage, len(e.Extra))
		for k, v := range e.Extra {
			c.Extra[k] = append(json.RawMessage(nil), v...)
		}
	}
	return &c
}
