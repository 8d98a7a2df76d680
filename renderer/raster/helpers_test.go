package raster

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"affiche/internal/bundled"
	"affiche/renderer"
	"affiche/renderer/font"
	"affiche/scene"
)

// bundledRegistry is the registry the command line and the server use: every bundled face,
// aliases, fallback chain and the characters each family takes from a fallback.
var bundledRegistry = sync.OnceValues(bundled.NewFonts)

func registry(tb testing.TB) *font.Registry {
	tb.Helper()
	reg, err := bundledRegistry()
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// testLoader serves data: URLs (through RenderPage's DataLoader) and files of
// renderer/testdata/images as "testdata:NAME"; anything else is not found.
var testLoader = renderer.LoaderFunc(func(ctx context.Context, u string) (*renderer.Source, error) {
	if name, ok := strings.CutPrefix(u, "testdata:"); ok && filepath.Base(name) == name {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "images", name))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", u, renderer.ErrNotFound)
		}
		return renderer.NewSource(u, b)
	}
	return nil, fmt.Errorf("%s: %w", u, renderer.ErrNotFound)
})

func options(tb testing.TB, dpi float64) Options {
	return Options{DPI: dpi, Fonts: registry(tb), Loader: testLoader}
}

// loadScene reads and restores a scene of renderer/testdata/scenes.
func loadScene(tb testing.TB, name string) *scene.Document {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "scenes", name))
	if err != nil {
		tb.Fatal(err)
	}
	doc, _, err := scene.Restore(b)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return doc
}

// restoreJSON restores a scene given inline.
func restoreJSON(tb testing.TB, js string) *scene.Document {
	tb.Helper()
	doc, _, err := scene.Restore([]byte(js))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func writePNG(tb testing.TB, path string, img image.Image) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		tb.Fatal(err)
	}
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// pixelDiff compares two images channel by channel (premultiplied 8-bit); it returns how many
// pixels differ by more than tol in some channel, the largest difference, and an image that
// shows the differing pixels in red over a faded copy of want.
func pixelDiff(got, want image.Image, tol int) (bad, worst int, diff *image.RGBA) {
	b := want.Bounds()
	diff = image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := rgbaAt(got, x, y)
			w := rgbaAt(want, x, y)
			d := 0
			for k := range 4 {
				d = max(d, int(math.Abs(float64(g[k])-float64(w[k]))))
			}
			worst = max(worst, d)
			i := diff.PixOffset(x, y)
			if d > tol {
				bad++
				copy(diff.Pix[i:], []uint8{255, 0, 0, 255})
			} else {
				l := uint8((int(w[0]) + int(w[1]) + int(w[2])) / 3 / 4)
				copy(diff.Pix[i:], []uint8{192 + l, 192 + l, 192 + l, 255})
			}
		}
	}
	return bad, worst, diff
}

func rgbaAt(img image.Image, x, y int) [4]uint8 {
	if r, ok := img.(*image.RGBA); ok {
		i := r.PixOffset(x, y)
		return [4]uint8{r.Pix[i], r.Pix[i+1], r.Pix[i+2], r.Pix[i+3]}
	}
	r, g, b, a := img.At(x, y).RGBA()
	return [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}
