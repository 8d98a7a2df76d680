package raster

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"affiche/renderer"
	"affiche/renderer/encode"
	"affiche/scene"
)

// benchPhoto is a 3000 × 2000 (6 Mpx) photograph-like JPEG (q85, 4:2:0): a sky gradient,
// hills, a sun, foliage noise. Generated, so it needs no licence and no file.
var benchPhoto = sync.OnceValue(func() []byte {
	const w, h = 3000, 2000
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	rng := rand.New(rand.NewPCG(7, 11))
	rgb := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)/w, float64(y)/h
			hill := 0.55 + 0.08*math.Sin(fx*9) + 0.04*math.Sin(fx*23+1)
			var r, g, b float64
			if fy < hill {
				r, g, b = 120+100*fy, 170+60*fy, 235-40*fy
				if d := math.Hypot(fx-0.7, fy-0.2); d < 0.08 {
					r, g, b = 255, 240, 200
				}
			} else {
				n := rng.Float64()*40 - 20
				r, g, b = 60+n+30*math.Sin(fx*200), 110+n+20*math.Sin(fy*150), 50+n
			}
			rgb.SetRGBA(x, y, color.RGBA{uint8(math.Max(0, math.Min(255, r))), uint8(math.Max(0, math.Min(255, g))), uint8(math.Max(0, math.Min(255, b))), 255})
		}
	}
	_ = img
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, rgb, &jpeg.Options{Quality: 85}); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// benchLoader serves the benchmark photo as "bench:photo" (decoded anew by every render, as
// an export does).
var benchLoader = renderer.LoaderFunc(func(ctx context.Context, u string) (*renderer.Source, error) {
	if u == "bench:photo" {
		return renderer.NewSource(u, benchPhoto())
	}
	return nil, fmt.Errorf("%s: %w", u, renderer.ErrNotFound)
})

// benchPoster is the A4 poster of the benchmarks: a 6 Mpx photo, 3 shapes, 5 text blocks and
// an icon.
func benchPoster(tb testing.TB) *scene.Document {
	benchPhoto() // made once, outside the timings
	icon := "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g fill="none" stroke="currentColor" stroke-linecap="round" stroke-linejoin="round" stroke-width="2"><path d="M4 7a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2zm12-4v4M8 3v4m-4 4h16"/><path d="M8 15h2v2H8z"/></g></svg>`))
	return restoreJSON(tb, `{"format":"affiche","version":1,"width":595.28,"height":841.89,"bleed":8.504,"pages":[{
	"background":"#fdf8f0","elements":[
	{"type":"image","src":"bench:photo","x":0,"y":0,"width":595.28,"height":400,"crop":{"x":0.05,"y":0,"width":0.9,"height":0.95},"filters":{"contrast":0.1,"saturation":0.15}},
	{"type":"shape","shape":"rect","x":30,"y":360,"width":535.28,"height":120,"cornerRadius":16,"fill":"linear-gradient(90deg, #7f1d1d, #b91c1c)","shadow":{"blur":12,"offsetY":6,"opacity":0.3}},
	{"type":"shape","shape":"star","sides":16,"innerRadius":0.85,"x":440,"y":30,"width":120,"height":120,"fill":"#fbbf24","rotation":12},
	{"type":"shape","shape":"ellipse","x":40,"y":700,"width":90,"height":90,"fill":"#ffffff","stroke":{"color":"#7f1d1d","width":4}},
	{"type":"text","x":50,"y":372,"width":495,"height":70,"text":"Fête de la musique","fontFamily":"Playfair Display","fontWeight":700,"fontSize":54,"color":"#ffffff","align":"center"},
	{"type":"text","x":50,"y":440,"width":495,"height":30,"text":"Samedi 21 juin 2025 · Place de la Mairie","fontFamily":"Montserrat","fontSize":18,"color":"#fde68a","align":"center"},
	{"type":"text","x":50,"y":510,"width":495,"height":110,"text":"Chorales, fanfares et concerts dans toutes les rues du village, de 18 h jusqu'à minuit. Buvette et restauration sur place ; repas du terroir à 12 € (gratuit pour les moins de 12 ans). Cinéma en plein air à 23 h : « AVATAR ».","fontFamily":"Lato","fontSize":15,"lineHeight":1.45,"align":"justify","color":"#292524"},
	{"type":"text","x":150,"y":640,"width":395,"height":100,"fontFamily":"Lato","fontSize":14,"color":"#292524","text":[{"runs":[{"text":"18 h — Chorale des écoles"}],"list":"number"},{"runs":[{"text":"19 h 30 — Fanfare « Les Cuivrés »"}],"list":"number"},{"runs":[{"text":"21 h — Concert rock"}],"list":"number"},{"runs":[{"text":"23 h — Projection"}],"list":"number"}]},
	{"type":"text","x":50,"y":800,"width":495,"height":24,"text":"Ville de Saint-Julien-sur-Loire — www.saint-julien.fr","fontFamily":"Roboto Condensed","fontSize":12,"color":"#78716c","align":"center"},
	{"type":"svg","src":"`+icon+`","x":62,"y":722,"width":46,"height":46,"colors":{"currentColor":"#7f1d1d"}}
	]}]}`)
}

func benchOptions(tb testing.TB, dpi float64) Options {
	return Options{DPI: dpi, Fonts: registry(tb), Loader: benchLoader}
}

// BenchmarkRenderPoster renders the A4 poster (RenderPage only). "cold": the photo is decoded
// and resampled in every iteration, as in a first export; "warm": the loader keeps decoded
// sources between renders, so only resampling remains; "cached": an ImageCache keeps the
// photo resampled between renders (a server exporting one design again). Glyph masks and
// shaped text stay cached in all, as in a running server.
func BenchmarkRenderPoster(b *testing.B) {
	doc := benchPoster(b)
	for _, c := range []struct {
		dpi  float64
		mode string
	}{{72, "cold"}, {300, "cold"}, {72, "warm"}, {300, "warm"}, {72, "cached"}, {300, "cached"}} {
		dpi := c.dpi
		b.Run(fmt.Sprintf("%gdpi-%s", c.dpi, c.mode), func(b *testing.B) {
			o := benchOptions(b, dpi)
			switch c.mode {
			case "warm":
				o.Loader = &renderer.CachingLoader{Next: benchLoader}
			case "cached":
				o.ImageCache = NewImageCache(128 << 20)
			}
			b.ReportAllocs()
			c0 := cpuTime()
			for b.Loop() {
				if _, _, err := RenderPage(context.Background(), doc, 0, o); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, c0)
		})
	}
}

// BenchmarkEncodePoster encodes the rendered poster (encoding only).
func BenchmarkEncodePoster(b *testing.B) {
	doc := benchPoster(b)
	for _, dpi := range []float64{72, 300} {
		img, _, err := RenderPage(context.Background(), doc, 0, benchOptions(b, dpi))
		if err != nil {
			b.Fatal(err)
		}
		for _, format := range []string{"png", "jpeg"} {
			b.Run(fmt.Sprintf("%s-%gdpi", format, dpi), func(b *testing.B) {
				var buf bytes.Buffer
				b.ReportAllocs()
				c0 := cpuTime()
				for b.Loop() {
					buf.Reset()
					var err error
					if format == "png" {
						err = encode.PNG(&buf, img, dpi)
					} else {
						err = encode.JPEG(&buf, img, dpi, 90)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, c0)
				b.ReportMetric(float64(buf.Len())/1e6, "MB")
			})
		}
	}
}

// reportCPU reports the CPU time per iteration (all threads), to read beside the wall time
// when other processes share the machine.
func reportCPU(b *testing.B, c0 time.Duration) {
	if c := cpuTime() - c0; c > 0 {
		b.ReportMetric(float64(c.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkPeakMemory300 measures the heap one 300-dpi render and PNG encode of the poster
// holds at its peak (sampled every 200 µs), beyond what was live before it.
func BenchmarkPeakMemory300(b *testing.B) {
	doc := benchPoster(b)
	o := benchOptions(b, 300)
	var peak uint64
	for b.Loop() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		stop := make(chan struct{})
		done := make(chan uint64)
		go func() {
			var top uint64
			t := time.NewTicker(200 * time.Microsecond)
			defer t.Stop()
			for {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				top = max(top, m.HeapAlloc)
				select {
				case <-stop:
					done <- top
					return
				case <-t.C:
				}
			}
		}()
		img, _, err := RenderPage(context.Background(), doc, 0, o)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := encode.PNG(&buf, img, 300); err != nil {
			b.Fatal(err)
		}
		close(stop)
		if top := <-done; top > base {
			peak = max(peak, top-base)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}
