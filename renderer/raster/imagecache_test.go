package raster

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"testing"

	"affiche/renderer"
)

// TestImageCacheSamePixels renders the photo scenes with and without a cache, twice with it:
// every render gives the pixels of the uncached one, and the second render with the cache
// takes its pictures from it.
func TestImageCacheSamePixels(t *testing.T) {
	for _, name := range []string{"photos.json", "poster.json"} {
		doc := loadScene(t, name)
		for _, dpi := range []float64{72, 110} {
			o := options(t, dpi)
			o.Bleed = true
			want, _, err := RenderPage(context.Background(), doc, 0, o)
			if err != nil {
				t.Fatal(err)
			}
			o.ImageCache = NewImageCache(256 << 20)
			for run := 0; run < 2; run++ {
				before := o.ImageCache.Stats()
				got, _, err := RenderPage(context.Background(), doc, 0, o)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Pix, want.Pix) {
					bad, worst, _ := pixelDiff(got, want, 0)
					t.Errorf("%s at %g dpi, run %d with a cache: %d pixels differ (worst %d)", name, dpi, run, bad, worst)
				}
				after := o.ImageCache.Stats()
				if run == 1 && (after.Hits == before.Hits || after.Misses != before.Misses) {
					t.Errorf("%s at %g dpi, second render: %d hits and %d misses, want only hits", name, dpi, after.Hits-before.Hits, after.Misses-before.Misses)
				}
			}
			if s := o.ImageCache.Stats(); s.Entries == 0 || s.Bytes <= 0 || s.Bytes > s.MaxBytes {
				t.Errorf("%s: stats %+v", name, s)
			}
		}
	}
}

// solidPNG is a data: URL of a w × h PNG of one colour.
func solidPNG(t *testing.T, w, h int, c color.RGBA) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

// TestImageCacheKeyedByContent serves two different files under one URL: the cache, keyed by
// content, never shows the first in place of the second. It also checks that every input of
// the pixels is in the key (flip, filters, size, crop, rotation).
func TestImageCacheKeyedByContent(t *testing.T) {
	cache := NewImageCache(64 << 20)
	files := map[string]string{"same-url": solidPNG(t, 4, 4, red)}
	loader := renderer.LoaderFunc(func(ctx context.Context, u string) (*renderer.Source, error) {
		d, err := renderer.DecodeDataURL(files[u])
		if err != nil {
			return nil, err
		}
		return renderer.NewSource(u, d)
	})
	o := Options{Loader: loader, ImageCache: cache}
	el := `{"type":"image","src":"same-url","x":10,"y":10,"width":80,"height":80}`
	img, _ := page(t, 100, 100, el, o)
	expect(t, img, 50, 50, red, "first file")
	files["same-url"] = solidPNG(t, 4, 4, blue)
	img, _ = page(t, 100, 100, el, o)
	expect(t, img, 50, 50, blue, "second file under the same URL")

	// Each variant once without the cache and twice with it: the same pixels every time.
	files["two"] = twoColourPNG(t)
	for _, extra := range []string{
		``, `,"flipX":true`, `,"flipY":true`, `,"rotation":30`, `,"rotation":30,"flipX":true`,
		`,"filters":{"grayscale":1}`, `,"filters":{"blur":3}`, `,"crop":{"x":0.5,"y":0,"width":0.5,"height":1}`,
		`,"cornerRadius":20`, `,"width":60`,
	} {
		el := `{"type":"image","src":"two","x":10,"y":10,"width":80,"height":40,"fit":"fill"` + extra + `}`
		want, _ := page(t, 100, 60, el, Options{Loader: loader})
		for run := 0; run < 2; run++ {
			got, _ := page(t, 100, 60, el, o)
			if !bytes.Equal(got.Pix, want.Pix) {
				bad, worst, _ := pixelDiff(got, want, 0)
				t.Errorf("%s, run %d with the cache: %d pixels differ (worst %d)", extra, run, bad, worst)
			}
		}
	}
}

func TestImageCacheBound(t *testing.T) {
	c := NewImageCache(1000)
	for i := 0; i < 10; i++ {
		c.put(i, image.NewRGBA(image.Rect(0, 0, 10, 10))) // 400 bytes each
	}
	s := c.Stats()
	if s.Bytes > 1000 || s.Entries != 2 {
		t.Errorf("after 10 puts of 400 bytes in 1000: %+v", s)
	}
	if c.get(9) == nil || c.get(8) == nil || c.get(0) != nil {
		t.Error("the most recent entries should stay, the oldest go")
	}
	c.put(10, image.NewRGBA(image.Rect(0, 0, 20, 20))) // 1600 bytes: more than half, not kept
	if c.get(10) != nil {
		t.Error("a picture larger than half the cache was kept")
	}
	var nilCache *ImageCache
	nilCache.put(1, image.NewRGBA(image.Rect(0, 0, 1, 1)))
	if nilCache.get(1) != nil {
		t.Error("a nil cache returned something")
	}
	zero := NewImageCache(0)
	zero.put(1, image.NewRGBA(image.Rect(0, 0, 1, 1)))
	if zero.get(1) != nil || zero.Stats().Entries != 0 {
		t.Error("a cache of 0 bytes kept something")
	}
}
