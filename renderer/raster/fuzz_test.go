package raster

import (
	"context"
	"errors"
	"testing"

	"affiche/scene"
)

// FuzzRenderPage renders any document that scene.Restore accepts: it must never panic (a panic
// inside one element becomes a WarnDrawFailed warning, which the fuzzer reports too).
func FuzzRenderPage(f *testing.F) {
	for _, s := range []string{
		`{"format":"affiche","version":1,"width":100,"height":100,"pages":[{"elements":[{"type":"shape","shape":"star","sides":7,"x":10,"y":10,"width":80,"height":80,"fill":"linear-gradient(45deg, red, blue)","stroke":{"color":"#000","width":3,"dash":[1,2],"join":"round"},"rotation":33,"shadow":{"blur":4}}]}]}`,
		`{"format":"affiche","version":1,"width":100,"height":100,"pages":[{"elements":[{"type":"line","x":0,"y":50,"width":100,"height":0,"startHead":"arrow","endHead":"bar","stroke":{"color":"red","width":5,"cap":"square"},"flipX":true}]}]}`,
		`{"format":"affiche","version":1,"width":100,"height":100,"pages":[{"elements":[{"type":"text","x":5,"y":5,"width":90,"height":90,"text":"Fête « AVATAR »\nأهلا","stroke":{"color":"#fff","width":1},"background":{"color":"#000","perLine":true,"padding":2},"rotation":-10}]}]}`,
		`{"format":"affiche","version":1,"width":100,"height":100,"pages":[{"elements":[{"type":"shape","shape":"path","path":"M0 0 A 5 5 0 1 1 10 10 Q 5 0 0 10 Z","viewBox":[0,0,10,10],"x":0,"y":0,"width":100,"height":100,"fill":"#000"}]}]}`,
		`{"format":"affiche","version":1,"width":100,"height":100,"pages":[{"elements":[{"type":"svg","src":"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 4 4'%3E%3Ccircle cx='2' cy='2' r='2' fill='currentColor'/%3E%3C/svg%3E","x":0,"y":0,"width":50,"height":50,"cornerRadius":10,"colors":{"currentColor":"red"}}]}]}`,
		`{"format":"affiche","version":1,"width":100,"height":100,"pages":[{"elements":[{"type":"group","opacity":0.5,"children":[{"type":"image","src":"data:,x","x":0,"y":0,"width":50,"height":50,"stroke":{"color":"#000","width":2}}]}]}]}`,
	} {
		f.Add([]byte(s))
	}
	reg := registry(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := scene.Restore(data)
		if err != nil {
			return
		}
		for i := range doc.Pages {
			w, h := doc.PageSize(i)
			dpi := 18.0
			if w*h > 1e6 {
				dpi = 1 // keep huge pages cheap
			}
			_, warns, err := RenderPage(context.Background(), doc, i, Options{DPI: dpi, Fonts: reg})
			if err != nil {
				continue
			}
			for _, w := range warns {
				if w.Code == WarnDrawFailed {
					t.Fatalf("%s: %s", w.Path, w.Message)
				}
			}
		}
	})
}

// FuzzElementGeometry drives the geometry of shapes and lines with arbitrary numbers (extreme
// sizes, rotations, stroke widths, radii, dashes) through RenderPage and RenderElement.
func FuzzElementGeometry(f *testing.F) {
	f.Add(uint8(0), 10.0, 10.0, 80.0, 40.0, 30.0, 4.0, 8.0, 2.0, uint8(0), true)
	f.Add(uint8(3), -50.0, 20.0, 1e5, 0.001, 1e4, 900.0, 1e5, 0.0, uint8(5), false)
	f.Add(uint8(7), 0.0, 0.0, 0.0, 0.0, -720.0, 0.5, 0.0, 999.0, uint8(2), true)
	kinds := []scene.ShapeKind{scene.ShapeRect, scene.ShapeEllipse, scene.ShapeTriangle, scene.ShapePolygon, scene.ShapeStar, scene.ShapeArrow, scene.ShapePath}
	heads := []scene.LineHead{"", scene.HeadArrow, scene.HeadTriangle, scene.HeadCircle, scene.HeadSquare, scene.HeadBar}
	caps := []string{"", "round", "square"}
	joins := []string{"", "round", "bevel"}
	f.Fuzz(func(t *testing.T, kind uint8, x, y, w, h, rot, sw, cr, dash float64, style uint8, flip bool) {
		e := &scene.Element{X: x, Y: y, Width: w, Height: h, Rotation: rot, Opacity: 1, FlipX: flip, CornerRadius: cr,
			Fill: scene.Solid("#123456"), Stroke: &scene.Stroke{Color: "#654321", Width: sw, Cap: caps[int(style)%3], Join: joins[int(style/3)%3]},
			Shadow: &scene.Shadow{Color: "#000", Blur: cr / 100, OffsetX: dash, OffsetY: -dash, Opacity: 0.5}}
		if dash > 0 {
			e.Stroke.Dash = []float64{dash, dash / 2}
		}
		if int(kind) < len(kinds) {
			e.Type, e.Shape = scene.TypeShape, kinds[kind]
			e.Path = "M0 0 L10 0 A 3 7 20 1 0 0 10 Z"
		} else {
			e.Type = scene.TypeLine
			e.StartHead, e.EndHead = heads[int(kind)%len(heads)], heads[int(style)%len(heads)]
		}
		doc := scene.New(200, 200)
		doc.Pages[0].Elements = []*scene.Element{e}
		if _, err := scene.Normalize(doc); err != nil {
			return
		}
		_, warns, err := RenderPage(context.Background(), doc, 0, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range warns {
			if w.Code == WarnDrawFailed {
				t.Fatalf("%s: %s", w.Path, w.Message)
			}
		}
		if _, _, err := RenderElement(context.Background(), e, Options{DPI: 1}); err != nil && !errors.Is(err, ErrTooLarge) {
			t.Fatal(err)
		}
	})
}
