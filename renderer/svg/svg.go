// Package svg reads SVG documents (icons, emoji, logos, illustrations) into the renderer's
// vector geometry: a list of paths in drawing order, each with its paint, so that the raster
// backend fills and strokes them with its own rasteriser and the PDF backend writes them as PDF
// vectors. Both outputs therefore draw the same geometry.
//
// It reads the static subset of SVG 1.1/2 that icon sets and design tools write: shapes and
// paths, groups, use/symbol/defs, nested svg, linear and radial gradients (units, transform,
// spread, href inheritance), clip paths, masks (approximated by the clip of their visible
// shapes), presentation attributes, style attributes and simple <style> sheets (class, id and
// type selectors). Text, images, filters, patterns and markers are not drawn; animation and
// scripting are ignored.
//
// The parser is built for hostile input: the size of the document, its number of elements, the
// nesting of use references and the work of expanding them are all bounded; external references
// are never followed; it never panics.
package svg

import (
	"errors"
	"fmt"
	"image/color"

	"affiche/renderer/geom"
	"affiche/scene"
)

// Limits on what Parse accepts. A document beyond them is refused with ErrTooComplex.
const (
	// MaxBytes is the largest document read.
	MaxBytes = 16 << 20
	// MaxElements is the most elements a document may hold.
	MaxElements = 100_000
	// MaxItems is the most items a document may expand into (use references multiply them).
	MaxItems = 100_000
	// MaxPoints is the most path points all items may hold together.
	MaxPoints = 4_000_000
	// maxDepth bounds the nesting of elements.
	maxDepth = 256
	// maxUseDepth bounds the nesting of use references (and of gradient href chains).
	maxUseDepth = 16
	// maxVisits bounds the element visits made while expanding use references.
	maxVisits = 1_000_000
)

// ErrTooComplex is returned (wrapped) for a document beyond the limits above.
var ErrTooComplex = errors.New("SVG too large or too complex")

// ErrNoSize is returned for a document with neither a viewBox nor a width and height: it has
// no picture to place.
var ErrNoSize = errors.New("no viewBox nor width and height")

// Document is a parsed SVG.
type Document struct {
	// ViewBox is the part of the drawing's coordinate space (the space of the items) that makes
	// up the picture. Its aspect ratio is Width:Height: the root's preserveAspectRatio has been
	// applied.
	ViewBox scene.Rect
	// Width and Height are the picture's natural size in CSS pixels (the root's width and
	// height, or the viewBox size when they are absent or relative).
	Width, Height float64
	// Items are the painted shapes, back to front.
	Items []Item
	// Palette lists the colours the drawing paints with, as written in the file (before
	// recolouring): "#rrggbb" for each distinct colour, opacity aside, and "currentColor" when
	// used, in order of first use. These are the keys Options.Colors recolours.
	Palette []string
}

// Item is one painted shape: its fill, then its stroke, clipped by every Clip.
type Item struct {
	// Path is the geometry in the drawing's space (ViewBox coordinates), with every transform
	// applied.
	Path *geom.Path
	// Fill and Stroke are the paints; None when absent.
	Fill, Stroke Paint
	// EvenOdd selects the even-odd fill rule (fill-rule: evenodd) instead of non-zero.
	EvenOdd bool
	// StrokeWidth is the stroke width in the drawing's space: the width as written times the
	// scale of the element's transforms (√|det|; a non-uniform scale strokes uniformly).
	StrokeWidth float64
	// Cap is "butt", "round" or "square"; Join is "miter", "round" or "bevel" (the scene's names).
	Cap, Join string
	// MiterLimit is the stroke's miter limit (ratio of miter length to width; SVG's default 4).
	MiterLimit float64
	// Dashes is the dash pattern in the drawing's space (an even number of lengths, nil for a
	// solid stroke); DashOffset is where the pattern starts.
	Dashes     []float64
	DashOffset float64
	// Opacity is the product of the element's and its ancestors' opacity (applied to fill and
	// stroke each: overlaps inside a translucent group are not merged first).
	Opacity float64
	// Clips are clip regions in the drawing's space; the item shows only where all of them do.
	Clips []Clip
}

// Clip is a clip region.
type Clip struct {
	Path    *geom.Path
	EvenOdd bool // clip-rule: evenodd
}

// Paint is what a fill or stroke paints with: nothing, a colour or a gradient.
type Paint struct {
	None bool
	// Color is a straight-alpha colour, fill-opacity or stroke-opacity included.
	Color color.NRGBA
	// Gradient, when not nil, paints instead of Color.
	Gradient *Gradient
}

// Visible reports whether the paint shows anything.
func (p Paint) Visible() bool {
	if p.None {
		return false
	}
	if p.Gradient != nil {
		for _, s := range p.Gradient.Stops {
			if s.Color.A > 0 {
				return true
			}
		}
		return false
	}
	return p.Color.A > 0
}

// Spread says how a gradient continues beyond its ends.
type Spread uint8

// The spread methods.
const (
	SpreadPad     Spread = iota // the end colours extend
	SpreadReflect               // the gradient repeats, mirrored every other time
	SpreadRepeat                // the gradient repeats
)

// Gradient is a linear or radial gradient. Its geometry is in gradient space, which Transform
// maps to the drawing's space (bounding-box units, gradientTransform and the element's
// transforms all folded in).
type Gradient struct {
	Radial bool
	// Linear: the gradient runs from (X1, Y1), offset 0, to (X2, Y2), offset 1.
	X1, Y1, X2, Y2 float64
	// Radial: offset 0 is the focal circle (FX, FY, FR), offset 1 the circle (CX, CY, R). The
	// focal point lies inside the end circle (moved there if written outside, as SVG 1.1 says).
	CX, CY, R, FX, FY, FR float64
	Spread                Spread
	Transform             scene.Affine
	// Stops are in offset order, offsets within 0–1 and non-decreasing; at least two.
	Stops []Stop
}

// Stop is a gradient colour stop.
type Stop struct {
	Offset float64
	Color  color.NRGBA // straight alpha, stop-opacity and the paint's opacity included
}

// Options say how to read a document.
type Options struct {
	// Colors replaces colours, as an svg element's "colors" field says: each key is a colour in
	// any CSS syntax, matched by value ("#FFF", "white" and "#ffffff" are the same colour; an
	// opaque key matches the colour whatever its opacity, which is kept), or "currentColor";
	// each value is the new colour. Keys or values that are not colours are ignored.
	Colors map[string]string
}

// Parse reads an SVG document. It refuses documents that are not well-formed XML, whose root
// is not an svg element, that have no size (ErrNoSize) or that exceed the limits
// (ErrTooComplex). Errors in attributes (a bad colour, path data with an error) are dealt
// with as browsers do: the attribute is ignored, a path is drawn up to its error.
func Parse(data []byte, o Options) (doc *Document, err error) {
	defer func() {
		if v := recover(); v != nil { // a bug must not take the caller down with it
			doc, err = nil, fmt.Errorf("svg: internal error: %v", v)
		}
	}()
	root, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	b := newBuilder(root, o)
	return b.build()
}

// Fit returns the transform from the drawing's space to a box of w × h: the view box, cropped
// by crop (fractions of it; nil for all), placed by fit (contain, cover or fill), as an svg
// element shows its source. ok is false when nothing shows.
func (d *Document) Fit(crop *scene.Rect, fit scene.Fit, w, h float64) (scene.Affine, bool) {
	vb := d.ViewBox
	pl := geom.PlaceImage(vb.Width, vb.Height, crop, fit, w, h)
	if !(pl.Src.Width > 0) || !(pl.Src.Height > 0) || !(pl.Dst.Width > 0) || !(pl.Dst.Height > 0) {
		return scene.Identity, false
	}
	return scene.Translate(pl.Dst.X, pl.Dst.Y).
		Mul(scene.Scale(pl.Dst.Width/pl.Src.Width, pl.Dst.Height/pl.Src.Height)).
		Mul(scene.Translate(-(vb.X + pl.Src.X), -(vb.Y + pl.Src.Y))), true
}
