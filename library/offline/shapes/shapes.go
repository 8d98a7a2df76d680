// Package shapes lists the shape and line presets of the Elements panel: what each one inserts
// (a scene element kind and its parameters), with French and English labels and a small SVG
// picture for the panel. It embeds nothing, so the wasm editor can import it.
package shapes

import (
	"fmt"
	"math"
	"strings"

	"affiche/library"
)

// Preset is one entry of the Elements panel.
type Preset struct {
	ID      string   // stable id: "rect", "star-5", "line-arrow"
	LabelFr string   // "Rectangle arrondi"
	LabelEn string   // "Rounded rectangle"
	Tags    []string // search words in both languages
	Params  library.ShapePreset
}

const (
	ink  = "#1d3557" // default fill of a shape (a dark blue that prints well)
	line = "#1d3557"
)

// presets is the panel's order.
var presets = []*Preset{
	{ID: "rect", LabelFr: "Rectangle", LabelEn: "Rectangle", Tags: []string{"carré", "square", "box", "boîte", "bloc", "block"},
		Params: library.ShapePreset{Type: "shape", Shape: "rect", Width: 200, Height: 140, Fill: ink}},
	{ID: "square", LabelFr: "Carré", LabelEn: "Square", Tags: []string{"rectangle", "box", "boîte"},
		Params: library.ShapePreset{Type: "shape", Shape: "rect", Width: 160, Height: 160, Fill: ink}},
	{ID: "rounded-rect", LabelFr: "Rectangle arrondi", LabelEn: "Rounded rectangle", Tags: []string{"coins arrondis", "rounded corners", "bouton", "button", "cartouche"},
		Params: library.ShapePreset{Type: "shape", Shape: "rect", Width: 200, Height: 140, CornerRadius: 24, Fill: ink}},
	{ID: "pill", LabelFr: "Pilule", LabelEn: "Pill", Tags: []string{"capsule", "bouton", "button", "étiquette", "label", "badge"},
		Params: library.ShapePreset{Type: "shape", Shape: "rect", Width: 220, Height: 80, CornerRadius: 40, Fill: ink}},
	{ID: "frame", LabelFr: "Cadre", LabelEn: "Frame", Tags: []string{"contour", "outline", "bordure", "border", "rectangle vide"},
		Params: library.ShapePreset{Type: "shape", Shape: "rect", Width: 200, Height: 140, Stroke: line, StrokeWidth: 4}},
	{ID: "circle", LabelFr: "Cercle", LabelEn: "Circle", Tags: []string{"rond", "round", "disque", "disc", "ellipse", "point", "dot"},
		Params: library.ShapePreset{Type: "shape", Shape: "ellipse", Width: 160, Height: 160, Fill: ink}},
	{ID: "ellipse", LabelFr: "Ellipse", LabelEn: "Ellipse", Tags: []string{"ovale", "oval", "rond"},
		Params: library.ShapePreset{Type: "shape", Shape: "ellipse", Width: 220, Height: 140, Fill: ink}},
	{ID: "ring", LabelFr: "Anneau", LabelEn: "Ring", Tags: []string{"cercle", "circle", "contour", "outline", "rond"},
		Params: library.ShapePreset{Type: "shape", Shape: "ellipse", Width: 160, Height: 160, Stroke: line, StrokeWidth: 6}},
	{ID: "triangle", LabelFr: "Triangle", LabelEn: "Triangle", Tags: []string{"pointe", "pyramide", "pyramid"},
		Params: library.ShapePreset{Type: "shape", Shape: "triangle", Width: 180, Height: 160, Fill: ink}},
	{ID: "polygon-5", LabelFr: "Pentagone", LabelEn: "Pentagon", Tags: []string{"polygone", "polygon", "5 côtés", "five sides"},
		Params: library.ShapePreset{Type: "shape", Shape: "polygon", Sides: 5, Width: 170, Height: 162, Fill: ink}},
	{ID: "polygon-6", LabelFr: "Hexagone", LabelEn: "Hexagon", Tags: []string{"polygone", "polygon", "6 côtés", "six sides", "alvéole", "honeycomb"},
		Params: library.ShapePreset{Type: "shape", Shape: "polygon", Sides: 6, Width: 160, Height: 180, Fill: ink}},
	{ID: "polygon-8", LabelFr: "Octogone", LabelEn: "Octagon", Tags: []string{"polygone", "polygon", "8 côtés", "eight sides", "stop"},
		Params: library.ShapePreset{Type: "shape", Shape: "polygon", Sides: 8, Width: 170, Height: 170, Fill: ink}},
	{ID: "star-5", LabelFr: "Étoile", LabelEn: "Star", Tags: []string{"étoile à cinq branches", "five-pointed star", "favori", "favourite"},
		Params: library.ShapePreset{Type: "shape", Shape: "star", Sides: 5, InnerRadius: 0.45, Width: 170, Height: 162, Fill: ink}},
	{ID: "burst", LabelFr: "Macaron", LabelEn: "Burst", Tags: []string{"étoile", "star", "promo", "badge", "soleil", "sunburst", "éclat", "offre", "sticker"},
		Params: library.ShapePreset{Type: "shape", Shape: "star", Sides: 16, InnerRadius: 0.8, Width: 170, Height: 170, Fill: "#e63946"}},
	{ID: "arrow", LabelFr: "Flèche", LabelEn: "Arrow", Tags: []string{"direction", "droite", "right", "suivant", "next", "bloc"},
		Params: library.ShapePreset{Type: "shape", Shape: "arrow", InnerRadius: 0.4, Width: 200, Height: 110, Fill: ink}},

	{ID: "line", LabelFr: "Ligne", LabelEn: "Line", Tags: []string{"trait", "séparateur", "separator", "divider", "filet"},
		Params: library.ShapePreset{Type: "line", Width: 240, Height: 20, Stroke: line, StrokeWidth: 4}},
	{ID: "line-dashed", LabelFr: "Ligne en tirets", LabelEn: "Dashed line", Tags: []string{"tirets", "pointillés", "dashes", "découpe", "cut"},
		Params: library.ShapePreset{Type: "line", Width: 240, Height: 20, Stroke: line, StrokeWidth: 4, Dash: []float64{3, 2}}},
	{ID: "line-dotted", LabelFr: "Ligne en pointillés", LabelEn: "Dotted line", Tags: []string{"points", "pointillés", "dots", "dotted"},
		Params: library.ShapePreset{Type: "line", Width: 240, Height: 20, Stroke: line, StrokeWidth: 5, Dash: []float64{0, 2}, Cap: "round"}},
	{ID: "line-arrow", LabelFr: "Flèche simple", LabelEn: "Arrow line", Tags: []string{"flèche", "arrow", "direction", "trait"},
		Params: library.ShapePreset{Type: "line", Width: 240, Height: 30, Stroke: line, StrokeWidth: 4, EndHead: "arrow"}},
	{ID: "line-arrow-both", LabelFr: "Double flèche", LabelEn: "Double arrow", Tags: []string{"flèche", "arrow", "aller-retour", "both ways", "largeur", "width"},
		Params: library.ShapePreset{Type: "line", Width: 240, Height: 30, Stroke: line, StrokeWidth: 4, StartHead: "arrow", EndHead: "arrow"}},
	{ID: "line-triangle", LabelFr: "Flèche pleine", LabelEn: "Filled arrow line", Tags: []string{"flèche", "arrow", "triangle", "pointe"},
		Params: library.ShapePreset{Type: "line", Width: 240, Height: 30, Stroke: line, StrokeWidth: 4, EndHead: "triangle"}},
	{ID: "line-circle", LabelFr: "Ligne à pastilles", LabelEn: "Line with dots", Tags: []string{"points", "dots", "connecteur", "connector", "étape", "timeline"},
		Params: library.ShapePreset{Type: "line", Width: 240, Height: 30, Stroke: line, StrokeWidth: 4, StartHead: "circle", EndHead: "circle"}},
	{ID: "line-bar", LabelFr: "Cote", LabelEn: "Dimension line", Tags: []string{"mesure", "measure", "dimension", "taquets", "bars"},
		Params: library.ShapePreset{Type: "line", Width: 240, Height: 30, Stroke: line, StrokeWidth: 3, StartHead: "bar", EndHead: "bar"}},
}

// Presets returns the presets in panel order. The presets are shared: do not modify them.
func Presets() []*Preset { return presets }

// Get returns the preset with the given id.
func Get(id string) (*Preset, bool) {
	for _, p := range presets {
		if p.ID == id {
			return p, true
		}
	}
	return nil, false
}

// SVG draws the preset at its default size, for the panel's thumbnail. It is a picture of the
// preset, not the renderer's drawing of the element (which the editor makes once inserted).
func (p *Preset) SVG() []byte {
	s := p.Params
	w, h := s.Width, s.Height
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">`, num(w), num(h), num(w), num(h))
	paint := func() string {
		fill := "none"
		if s.Fill != "" {
			fill = s.Fill
		}
		a := ` fill="` + fill + `"`
		if s.Stroke != "" {
			a += fmt.Sprintf(` stroke="%s" stroke-width="%s"`, s.Stroke, num(s.StrokeWidth))
		}
		return a
	}
	// Shapes with a stroke are inset by half the stroke so it stays inside the box.
	in := s.StrokeWidth / 2
	switch {
	case s.Type == "line":
		y := h / 2
		x0, x1 := 0.0, w
		if s.StartHead != "" {
			x0 += s.StrokeWidth * 2
		}
		if s.EndHead != "" {
			x1 -= s.StrokeWidth * 2
		}
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"`, num(x0), num(y), num(x1), num(y), s.Stroke, num(s.StrokeWidth))
		if s.Cap != "" {
			fmt.Fprintf(&b, ` stroke-linecap="%s"`, s.Cap)
		}
		if len(s.Dash) > 0 {
			d := make([]string, len(s.Dash))
			for i, x := range s.Dash {
				d[i] = num(x * s.StrokeWidth)
			}
			fmt.Fprintf(&b, ` stroke-dasharray="%s"`, strings.Join(d, " "))
		}
		b.WriteString("/>")
		head(&b, s.StartHead, x0, y, -1, s)
		head(&b, s.EndHead, x1, y, 1, s)
	case s.Shape == "rect":
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" rx="%s"%s/>`, num(in), num(in), num(w-2*in), num(h-2*in), num(s.CornerRadius), paint())
	case s.Shape == "ellipse":
		fmt.Fprintf(&b, `<ellipse cx="%s" cy="%s" rx="%s" ry="%s"%s/>`, num(w/2), num(h/2), num(w/2-in), num(h/2-in), paint())
	case s.Shape == "triangle":
		fmt.Fprintf(&b, `<polygon points="%s,0 %s,%s 0,%s"%s/>`, num(w/2), num(w), num(h), num(h), paint())
	case s.Shape == "polygon" || s.Shape == "star":
		n := max(s.Sides, 3)
		inner := 1.0
		steps := n
		if s.Shape == "star" {
			inner = s.InnerRadius
			steps = 2 * n
		}
		pts := make([]string, steps)
		for i := range steps {
			a := -math.Pi/2 + float64(i)*2*math.Pi/float64(steps)
			r := 1.0
			if i%2 == 1 && s.Shape == "star" {
				r = inner
			}
			pts[i] = num(w/2+r*(w/2)*math.Cos(a)) + "," + num(h/2+r*(h/2)*math.Sin(a))
		}
		fmt.Fprintf(&b, `<polygon points="%s"%s/>`, strings.Join(pts, " "), paint())
	case s.Shape == "arrow":
		t := s.InnerRadius * h / 2
		hx := w - h/2
		fmt.Fprintf(&b, `<polygon points="0,%s %s,%s %s,0 %s,%s %s,%s %s,%s 0,%s"%s/>`,
			num(h/2-t), num(hx), num(h/2-t), num(hx), num(w), num(h/2), num(hx), num(h), num(hx), num(h/2+t), num(h/2+t), paint())
	}
	b.WriteString("</svg>")
	return []byte(b.String())
}

// head draws a line head at (x, y) pointing in direction dir (−1 left, +1 right).
func head(b *strings.Builder, kind string, x, y, dir float64, s library.ShapePreset) {
	k := s.StrokeWidth * 2.5
	switch kind {
	case "arrow":
		fmt.Fprintf(b, `<polyline points="%s,%s %s,%s %s,%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"/>`,
			num(x-dir*k), num(y-k), num(x+dir*s.StrokeWidth), num(y), num(x-dir*k), num(y+k), s.Stroke, num(s.StrokeWidth))
	case "triangle":
		fmt.Fprintf(b, `<polygon points="%s,%s %s,%s %s,%s" fill="%s"/>`,
			num(x-dir*k), num(y-k), num(x+dir*k), num(y), num(x-dir*k), num(y+k), s.Stroke)
	case "circle":
		fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="%s" fill="%s"/>`, num(x), num(y), num(k*0.8), s.Stroke)
	case "square":
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x-k*0.7), num(y-k*0.7), num(k*1.4), num(k*1.4), s.Stroke)
	case "bar":
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`, num(x), num(y-k*1.2), num(x), num(y+k*1.2), s.Stroke, num(s.StrokeWidth))
	}
}

func num(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
