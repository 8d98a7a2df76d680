package encode

import (
	"bytes"
	"compress/flate"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"os"
	"runtime"
	"sync"
	"testing"

	"affiche/assets"
)

// posterImage is an A4 page at 300 dpi (2480 × 3508) made like a poster: a flat background, a
// gradient band, a 2400 × 1598 photograph and blocks of fine black "text" stripes.
var posterImage = sync.OnceValues(func() (*image.RGBA, error) {
	img := image.NewRGBA(image.Rect(0, 0, 2480, 3508))
	draw.Draw(img, img.Rect, &image.Uniform{color.RGBA{250, 244, 230, 255}}, image.Point{}, draw.Src)
	for y := 0; y < 500; y++ {
		for x := 0; x < 2480; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(230 - y/4), uint8(57 + x/20), 70, 255})
		}
	}
	b, err := assets.PhotoFile("forest-stream.jpg")
	if err != nil {
		return nil, err
	}
	photo, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	draw.Draw(img, image.Rect(40, 600, 2440, 2198), photo, photo.Bounds().Min, draw.Src)
	for y := 2300; y < 3400; y++ {
		for x := 120; x < 2360; x++ {
			if (y/60)%2 == 0 && (x*7+y*3)%23 < 9 {
				img.SetRGBA(x, y, color.RGBA{20, 20, 30, 255})
			}
		}
	}
	return img, nil
})

// goldenPoster is the golden render of renderer/testdata/scenes/poster.json at 150 dpi with
// bleed (1276 × 1789): a real page, photo and flat areas.
var goldenPoster = sync.OnceValues(func() (*image.RGBA, error) {
	f, err := os.Open("../testdata/golden/poster-150dpi-bleed.png")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(m.Bounds())
	draw.Draw(img, img.Rect, m, image.Point{}, draw.Src)
	return img, nil
})

// BenchmarkPNG compares compression levels, row filters and parallelism on two pages (a
// synthetic A4 300-dpi poster and a real render at 150 dpi), with the standard library's
// encoder as reference. Run with -benchtime=5x.
func BenchmarkPNG(b *testing.B) {
	for _, page := range []struct {
		name string
		get  func() (*image.RGBA, error)
	}{{"synthetic300", posterImage}, {"golden150", goldenPoster}} {
		img, err := page.get()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(page.name, func(b *testing.B) { benchPNGVariants(b, img) })
	}
}

func benchPNGVariants(b *testing.B, img *image.RGBA) {
	b.Run("stdlib-default", func(b *testing.B) {
		benchEncode(b, func(w io.Writer) error { return png.Encode(w, img) })
	})
	b.Run("stdlib-bestspeed", func(b *testing.B) {
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		benchEncode(b, func(w io.Writer) error { return enc.Encode(w, img) })
	})
	filters := map[int]string{filterNone: "none", filterSub: "sub", filterUp: "up", filterPaeth: "paeth", filterAuto: "auto"}
	for _, level := range []int{flate.HuffmanOnly, flate.BestSpeed, flate.DefaultCompression} {
		for _, f := range []int{filterNone, filterSub, filterUp, filterPaeth, filterAuto} {
			for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
				if level != flate.BestSpeed && (workers == 1 || f == filterNone || f == filterPaeth) {
					continue
				}
				cfg := pngConfig{level: level, filter: f, workers: workers}
				b.Run(fmt.Sprintf("level%d-%s-%dcpu", level, filters[f], workers), func(b *testing.B) {
					benchEncode(b, func(w io.Writer) error { return pngWith(w, img, 300, cfg) })
				})
			}
		}
	}
}

func BenchmarkJPEG(b *testing.B) {
	img, err := posterImage()
	if err != nil {
		b.Fatal(err)
	}
	benchEncode(b, func(w io.Writer) error { return JPEG(w, img, 300, 90) })
}

func benchEncode(b *testing.B, enc func(w io.Writer) error) {
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := enc(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1e6, "MB")
}
