package main

import (
	"context"
	"errors"
	"testing"

	"affiche/renderer"
	"affiche/scene"
)

// TestImageNeeds checks when the page is asked for an image's pixels: at first, then only when
// the element is drawn much larger than the pixels at hand, never beyond the original.
func TestImageNeeds(t *testing.T) {
	s := newImageSet()
	el := &scene.Element{ID: "i", Type: scene.TypeImage, Src: "/api/blobs/x", Width: 200, Height: 100}
	im, src := s.needs(el, 1)
	if len(im) != 1 || len(src) != 0 || im[0].Width != 200 || im[0].Height != 100 {
		t.Fatalf("first need: %+v %+v", im, src)
	}
	s.setPixels("/api/blobs/x", 200, 100, make([]byte, 200*100*4), 2000, 1000)
	if im, _ := s.needs(el, 1.2); len(im) != 0 {
		t.Errorf("20 %% larger asks again: %+v", im)
	}
	if im, _ := s.needs(el, 2); len(im) != 1 || im[0].Width != 400 {
		t.Errorf("twice larger: %+v", im)
	}
	s.setPixels("/api/blobs/x", 2000, 1000, make([]byte, 2000*1000*4), 2000, 1000)
	if im, _ := s.needs(el, 20); len(im) != 0 {
		t.Errorf("already the original's pixels, asked again: %+v", im)
	}
	// A crop showing a quarter of the width needs four times the pixels across.
	el.Crop = &scene.Rect{X: 0, Y: 0, Width: 0.25, Height: 1}
	s2 := newImageSet()
	if im, _ := s2.needs(el, 1); len(im) != 1 || im[0].Width != 800 {
		t.Errorf("cropped need: %+v", im)
	}
	// Missing images are not asked for again, and the loader says so.
	s2.missing["/api/blobs/x"] = true
	if im, _ := s2.needs(el, 1); len(im) != 0 {
		t.Errorf("missing image asked again: %+v", im)
	}
	if _, err := s2.Load(context.Background(), "/api/blobs/x"); !errors.Is(err, renderer.ErrNotFound) {
		t.Errorf("loader error %v, want ErrNotFound", err)
	}
}

// TestUnpremultiply checks the conversion to the canvas's straight alpha.
func TestUnpremultiply(t *testing.T) {
	pix := []byte{128, 64, 0, 128, 10, 20, 30, 255, 0, 0, 0, 0, 200, 200, 200, 100}
	unpremultiply(pix)
	want := []byte{255, 128, 0, 128, 10, 20, 30, 255, 0, 0, 0, 0, 255, 255, 255, 100}
	for i := range want {
		if pix[i] != want[i] {
			t.Fatalf("got %v, want %v", pix, want)
		}
	}
}

// TestDataURLAliases checks that elements whose data: image the page handed over are drawn
// from those pixels (through an alias the loader resolves), not decoded again in Go, and that
// the document itself is left alone.
func TestDataURLAliases(t *testing.T) {
	s := newImageSet()
	const u = "data:image/png;base64,AAAA"
	el := &scene.Element{ID: "g", Type: scene.TypeGroup, Children: []*scene.Element{
		{ID: "i", Type: scene.TypeImage, Src: u, Width: 10, Height: 10},
	}}
	if got := s.withAliases(el); got.Children[0].Src != u {
		t.Errorf("before the pixels arrive the src is %q", got.Children[0].Src)
	}
	s.setPixels(u, 1, 1, []byte{1, 2, 3, 255}, 1, 1)
	got := s.withAliases(el)
	a := got.Children[0].Src
	if a == u || el.Children[0].Src != u {
		t.Fatalf("alias %q, original now %q", a, el.Children[0].Src)
	}
	src, err := s.Load(context.Background(), a)
	if err != nil || src.Width != 1 {
		t.Errorf("loading the alias: %v %+v", err, src)
	}
	if again := s.withAliases(el).Children[0].Src; again != a {
		t.Errorf("second alias %q, want the same %q", again, a)
	}
}
