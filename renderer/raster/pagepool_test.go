package raster

import (
	"bytes"
	"context"
	"testing"
)

// TestPagePool renders pages into bitmaps given back to a pool: each render gives the pixels
// of a render without the pool, whatever the page drawn before (a transparent page starts
// transparent, a smaller page after a larger one, a larger after a smaller).
func TestPagePool(t *testing.T) {
	poster := loadScene(t, "poster.json")
	small := restoreJSON(t, `{"format":"affiche","version":1,"width":100,"height":60,"pages":[{"elements":[
		{"type":"shape","x":10,"y":10,"width":50,"height":20,"fill":"#ff0000"}]}]}`)
	pool := &PagePool{}
	for i, c := range []struct {
		doc         string
		dpi         float64
		transparent bool
	}{{"poster", 72, false}, {"small", 72, true}, {"small", 150, false}, {"poster", 50, true}, {"poster", 72, false}, {"small", 72, true}} {
		doc := poster
		if c.doc == "small" {
			doc = small
		}
		o := options(t, c.dpi)
		o.Transparent = c.transparent
		want, _, err := RenderPage(context.Background(), doc, 0, o)
		if err != nil {
			t.Fatal(err)
		}
		o.Pages = pool
		got, _, err := RenderPage(context.Background(), doc, 0, o)
		if err != nil {
			t.Fatal(err)
		}
		if got.Rect != want.Rect || got.Stride != want.Stride || !bytes.Equal(got.Pix, want.Pix) {
			bad, worst, _ := pixelDiff(got, want, 0)
			t.Errorf("render %d (%s at %g dpi, transparent %v) from the pool: %v, %d pixels differ (worst %d)", i, c.doc, c.dpi, c.transparent, got.Rect, bad, worst)
		}
		pool.Put(got)
	}
	var none *PagePool
	none.Put(nil) // no pool: nothing to give back, no panic
}
