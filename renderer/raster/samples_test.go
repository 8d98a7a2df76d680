package raster

import (
	"bytes"
	"context"
	"image/color"
	"testing"
)

// turnedPhotos are pages with a turned photo, in the ways its samples can be drawn: plain,
// rounded (a mask), cropped to cover its box, half off the page, faded with a border (drawn
// through a layer), flipped, in a group, and twice on one page.
var turnedPhotos = []string{
	`{"type":"image","src":"testdata:dandelions-800.jpg","x":30,"y":40,"width":200,"height":130,"rotation":-8}`,
	`{"type":"image","src":"testdata:dandelions-800.jpg","x":30,"y":40,"width":200,"height":130,"rotation":20,"cornerRadius":24}`,
	`{"type":"image","src":"testdata:dandelions-800.jpg","x":30,"y":40,"width":120,"height":160,"rotation":33,"fit":"cover","cornerRadius":10}`,
	`{"type":"image","src":"testdata:dandelions-800.jpg","x":-90,"y":150,"width":200,"height":130,"rotation":12}`,
	`{"type":"image","src":"testdata:dandelions-800.jpg","x":30,"y":40,"width":200,"height":130,"rotation":-8,"opacity":0.7,"stroke":{"color":"#1d4ed8","width":5}}`,
	`{"type":"image","src":"testdata:dandelions-800.jpg","x":30,"y":40,"width":200,"height":130,"rotation":-8,"flipX":true,"filters":{"grayscale":1}}`,
	`{"type":"group","x":20,"y":20,"width":220,"height":220,"rotation":15,"opacity":0.8,"children":[{"type":"image","src":"testdata:dandelions-800.jpg","x":0,"y":0,"width":200,"height":130,"rotation":-8}]}`,
	`{"type":"image","src":"testdata:dandelions-800.jpg","x":30,"y":40,"width":200,"height":130,"rotation":-8},
	 {"type":"image","src":"testdata:dandelions-800.jpg","x":60,"y":150,"width":200,"height":130,"rotation":-8}`,
}

// TestKeptSamplesSamePixels renders each turned photo without a cache, then three times with
// one (a lone element render between, sharing the cache): every render gives the same bytes,
// and the samples are kept after the first.
func TestKeptSamplesSamePixels(t *testing.T) {
	for _, dpi := range []float64{72, 150} {
		for i, els := range turnedPhotos {
			o := options(t, dpi)
			doc := restoreJSON(t, `{"format":"affiche","version":1,"width":300,"height":300,"pages":[{"elements":[`+els+`]}]}`)
			want, _, err := RenderPage(context.Background(), doc, 0, o)
			if err != nil {
				t.Fatal(err)
			}
			o.ImageCache = NewImageCache(256 << 20)
			for run := 0; run < 3; run++ {
				got, _, err := RenderPage(context.Background(), doc, 0, o)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Pix, want.Pix) {
					bad, worst, _ := pixelDiff(got, want, 0)
					t.Errorf("photo %d at %g dpi, run %d with a cache: %d pixels differ (worst %d)", i, dpi, run, bad, worst)
				}
				if run == 0 {
					if keptSamples(o.ImageCache) == nil {
						t.Errorf("photo %d at %g dpi: no samples kept", i, dpi)
					}
					alone, _, err := RenderElement(context.Background(), doc.Pages[0].Elements[0], o)
					if err != nil {
						t.Fatal(err)
					}
					o2 := o
					o2.ImageCache = nil
					alone2, _, _ := RenderElement(context.Background(), doc.Pages[0].Elements[0], o2)
					if !bytes.Equal(alone.Pix, alone2.Pix) {
						t.Errorf("photo %d at %g dpi: the element alone differs with the cache", i, dpi)
					}
				}
			}
		}
	}
}

// TestKeptSamplesUsed spoils the samples a render kept: the next render shows them, so the
// copy is what draws the photo (and the test above compares real copies).
func TestKeptSamplesUsed(t *testing.T) {
	o := options(t, 72)
	o.ImageCache = NewImageCache(64 << 20)
	doc := restoreJSON(t, `{"format":"affiche","version":1,"width":300,"height":300,"pages":[{"elements":[`+turnedPhotos[0]+`]}]}`)
	if _, _, err := RenderPage(context.Background(), doc, 0, o); err != nil {
		t.Fatal(err)
	}
	s := keptSamples(o.ImageCache)
	if s == nil {
		t.Fatal("no samples kept")
	}
	for i := range s.Pix {
		s.Pix[i] = 0
		if i%4 == 3 {
			s.Pix[i] = 255
		}
	}
	img, _, err := RenderPage(context.Background(), doc, 0, o)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Rect.Min.Add(s.Rect.Max).Div(2)
	expect(t, img, c.X, c.Y, color.RGBA{0, 0, 0, 255}, "the photo's centre drawn from spoilt samples")
}

// keptSamples returns the samples a cache holds (the first found).
func keptSamples(c *ImageCache) *sampledRows {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.entries {
		if s, ok := e.Value.(*cacheEntry).img.(*sampledRows); ok {
			return s
		}
	}
	return nil
}
