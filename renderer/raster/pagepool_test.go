package raster

import (
	"bytes"
	"context"
	"image"
	"testing"
	"time"
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

// TestPagePoolKeepsFewAndForgets checks the bounds: Max pages kept, the smallest that fits
// lent, nothing kept once the pool has been idle.
func TestPagePoolKeepsFewAndForgets(t *testing.T) {
	p := &PagePool{Max: 2, Idle: 50 * time.Millisecond}
	small, large := image.NewRGBA(image.Rect(0, 0, 10, 10)), image.NewRGBA(image.Rect(0, 0, 100, 100))
	p.Put(large)
	p.Put(small)
	p.Put(image.NewRGBA(image.Rect(0, 0, 5, 5))) // beyond Max: not kept
	if got := p.get(image.Rect(0, 0, 8, 8), false); &got.Pix[0] != &small.Pix[0] || got.Rect.Dx() != 8 || got.Stride != 32 {
		t.Error("an 8 × 8 page should reuse the 10 × 10 bitmap")
	}
	if got := p.get(image.Rect(0, 0, 20, 20), true); &got.Pix[0] != &large.Pix[0] {
		t.Error("a 20 × 20 page should reuse the 100 × 100 bitmap")
	}
	if got := p.get(image.Rect(0, 0, 20, 20), false); &got.Pix[0] == &large.Pix[0] || &got.Pix[0] == &small.Pix[0] {
		t.Error("a bitmap was lent twice")
	}
	// Full, a larger page replaces the smallest kept one; a smaller one is turned away.
	one := &PagePool{}
	one.Put(small)
	one.Put(large)
	one.Put(image.NewRGBA(image.Rect(0, 0, 5, 5)))
	if got := one.get(image.Rect(0, 0, 8, 8), false); &got.Pix[0] != &large.Pix[0] {
		t.Error("a pool of one page should keep the largest given back")
	}
	p.Put(large)
	time.Sleep(200 * time.Millisecond)
	if got := p.get(image.Rect(0, 0, 20, 20), false); &got.Pix[0] == &large.Pix[0] {
		t.Error("the pool kept a page after being idle")
	}
}
