package raster

import (
	"context"
	"image"
	"image/draw"
	"testing"

	"affiche/scene"
)

// TestRenderElementMatchesPage draws every element of every golden scene alone with
// RenderElement, composites the bitmaps at their origins over the page background, and
// compares with RenderPage: the editor shows exactly what exports. Compositing the same
// premultiplied layers in another order rounds differently, by a level or two.
func TestRenderElementMatchesPage(t *testing.T) {
	const tol = 3
	for _, c := range goldenCases {
		if c.bleed {
			continue // RenderElement works in page pixels without the bleed
		}
		t.Run(c.name(), func(t *testing.T) {
			doc := loadScene(t, c.scene)
			o := options(t, c.dpi)
			want, _, err := RenderPage(context.Background(), doc, c.page, o)
			if err != nil {
				t.Fatal(err)
			}
			bare := *doc
			p := *doc.Pages[c.page]
			p.Elements = nil
			bare.Pages = []*scene.Page{&p}
			got, _, err := RenderPage(context.Background(), &bare, 0, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range doc.Pages[c.page].Elements {
				img, origin, err := RenderElement(context.Background(), e, o)
				if err != nil {
					t.Fatalf("%s: %v", e.ID, err)
				}
				r := img.Rect.Add(origin)
				draw.Draw(got, r, img, img.Rect.Min, draw.Over)
			}
			bad, worst, diff := pixelDiff(got, want, tol)
			t.Logf("largest difference: %d", worst)
			if bad > 0 {
				writePNG(t, "../testdata/failed/"+c.name()+".composite.png", got)
				writePNG(t, "../testdata/failed/"+c.name()+".composite.diff.png", diff)
				t.Errorf("%d pixels differ by more than %d (worst %d)", bad, tol, worst)
			}
		})
	}
}

// TestRenderElementBounds checks that an element's bitmap holds its overflow: stroke, line
// heads, shadow; and that its origin is where it sits on the page.
func TestRenderElementBounds(t *testing.T) {
	ctx := context.Background()
	o := Options{DPI: 144}
	// A 100 × 50 pt rect at (10, 20) with a 10 pt stroke: 5 pt overflow on each side.
	e := &scene.Element{ID: "r", Type: scene.TypeShape, Shape: scene.ShapeRect, X: 10, Y: 20, Width: 100, Height: 50,
		Opacity: 1, Fill: scene.Solid("#ff0000"), Stroke: &scene.Stroke{Color: "#000", Width: 10}}
	img, origin, err := RenderElement(ctx, e, o)
	if err != nil {
		t.Fatal(err)
	}
	if origin != image.Pt(10, 30) || img.Rect != image.Rect(0, 0, 220, 120) {
		t.Errorf("stroked rect: origin %v size %v, want (10,30) 220×120", origin, img.Rect.Size())
	}
	// A shadow offset down-right grows the bitmap that way, by offset + 3σ.
	e.Stroke = nil
	e.Shadow = &scene.Shadow{Color: "#000", Blur: 4, OffsetX: 10, OffsetY: 10, Opacity: 1}
	img, origin, err = RenderElement(ctx, e, o)
	if err != nil {
		t.Fatal(err)
	}
	// σ = 4/2 pt = 4 px at 144 dpi; reach 12 px; offset 20 px.
	if origin != image.Pt(20, 40) || img.Rect.Dx() != 200+20+12 || img.Rect.Dy() != 100+20+12 {
		t.Errorf("shadowed rect: origin %v size %v", origin, img.Rect.Size())
	}
	// A line's heads stick out of its box.
	l := &scene.Element{ID: "l", Type: scene.TypeLine, X: 0, Y: 0, Width: 100, Height: 0, Opacity: 1,
		Stroke: &scene.Stroke{Color: "#000", Width: 4}, EndHead: scene.HeadTriangle}
	img, origin, err = RenderElement(ctx, l, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if origin.Y > -9 || origin.Y+img.Rect.Dy() < 9 {
		t.Errorf("line head cut: origin %v size %v", origin, img.Rect.Size())
	}
	// Hidden and invisible elements paint nothing.
	e.Hidden = true
	img, _, err = RenderElement(ctx, e, o)
	if err != nil || !img.Rect.Empty() {
		t.Errorf("hidden element: %v %v", img.Rect, err)
	}
}
