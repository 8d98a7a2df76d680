package shapes

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"testing"
)

func TestPresets(t *testing.T) {
	shapeKinds := []string{"rect", "ellipse", "triangle", "polygon", "star", "arrow"} // scene.ShapeKind
	heads := []string{"", "arrow", "triangle", "circle", "square", "bar"}             // scene.LineHead
	seen := map[string]bool{}
	for _, p := range Presets() {
		if seen[p.ID] || p.ID == "" || p.LabelFr == "" || p.LabelEn == "" || len(p.Tags) == 0 {
			t.Errorf("%q: duplicate id or missing label/tags", p.ID)
		}
		seen[p.ID] = true
		s := p.Params
		if s.Width <= 0 || s.Height <= 0 || (s.Fill == "" && s.Stroke == "") {
			t.Errorf("%s: size %v×%v fill %q stroke %q", p.ID, s.Width, s.Height, s.Fill, s.Stroke)
		}
		switch s.Type {
		case "shape":
			if !slices.Contains(shapeKinds, s.Shape) {
				t.Errorf("%s: shape %q", p.ID, s.Shape)
			}
			if (s.Shape == "polygon" || s.Shape == "star") && s.Sides < 3 {
				t.Errorf("%s: %d sides", p.ID, s.Sides)
			}
		case "line":
			if s.Stroke == "" || s.StrokeWidth <= 0 || !slices.Contains(heads, s.StartHead) || !slices.Contains(heads, s.EndHead) {
				t.Errorf("%s: line %+v", p.ID, s)
			}
		default:
			t.Errorf("%s: type %q", p.ID, s.Type)
		}
		svg := p.SVG()
		d := xml.NewDecoder(bytes.NewReader(svg))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s: %v\n%s", p.ID, err, svg)
				break
			}
		}
		if got, ok := Get(p.ID); !ok || got != p {
			t.Errorf("Get(%q)", p.ID)
		}
	}
	for _, id := range []string{"rect", "rounded-rect", "ellipse", "triangle", "polygon-5", "polygon-6", "polygon-8", "star-5", "arrow", "line", "line-arrow", "line-arrow-both"} {
		if !seen[id] {
			t.Errorf("preset %s missing", id)
		}
	}
	if _, ok := Get("nope"); ok {
		t.Error("Get(nope)")
	}
}
