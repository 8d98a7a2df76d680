package raster

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs of renderer/testdata/golden")

// Golden tolerance: a pixel matches when no channel differs by more than goldenTol (out of
// 255), and an image matches when at most goldenBadPermille ‰ of its pixels do not. Rendering
// is deterministic Go code, so on one machine the images are identical; the tolerance absorbs
// floating-point differences between architectures (fused multiply-add on arm64) and small
// changes in the libraries, which move anti-aliased edges by a level or two.
const (
	goldenTol         = 6
	goldenBadPermille = 2
)

// goldenCase is one page of a scene rendered with some options.
type goldenCase struct {
	scene string
	page  int
	dpi   float64
	bleed bool
}

func (c goldenCase) name() string {
	n := strings.TrimSuffix(c.scene, ".json")
	if c.page > 0 {
		n += fmt.Sprintf("-p%d", c.page+1)
	}
	if c.dpi != 72 {
		n += fmt.Sprintf("-%gdpi", c.dpi)
	}
	if c.bleed {
		n += "-bleed"
	}
	return n
}

var goldenCases = []goldenCase{
	{"poster.json", 0, 72, false},
	{"poster.json", 0, 150, true},
	{"infographic.json", 0, 72, false},
	{"typography.json", 0, 72, false},
	{"typography.json", 1, 72, false},
	{"photos.json", 0, 36, false},
}

// TestGolden renders every scene of renderer/testdata/scenes and compares the pixels with the
// PNGs of renderer/testdata/golden. On failure it writes the render and a diff image (red:
// pixels beyond the tolerance) to renderer/testdata/failed. go test -update rewrites the goldens.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name(), func(t *testing.T) {
			doc := loadScene(t, c.scene)
			o := options(t, c.dpi)
			o.Bleed = c.bleed
			img, warns, err := RenderPage(context.Background(), doc, c.page, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range warns {
				t.Errorf("warning: %v", w)
			}
			golden := filepath.Join("..", "testdata", "golden", c.name()+".png")
			if *update {
				writePNG(t, golden, img)
				return
			}
			want, err := readPNG(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if want.Bounds() != img.Bounds() {
				t.Fatalf("size %v, golden %v", img.Bounds(), want.Bounds())
			}
			bad, worst, diff := pixelDiff(img, want, goldenTol)
			total := img.Bounds().Dx() * img.Bounds().Dy()
			if bad*1000 > total*goldenBadPermille {
				failed := filepath.Join("..", "testdata", "failed")
				writePNG(t, filepath.Join(failed, c.name()+".png"), img)
				writePNG(t, filepath.Join(failed, c.name()+".diff.png"), diff)
				t.Errorf("%d of %d pixels differ by more than %d (worst %d): see %s", bad, total, goldenTol, worst, failed)
			}
		})
	}
}

// TestScenesCoverEverything checks that the golden scenes together use every element kind,
// shape, line head, fit, filter and text feature, so that the goldens show them all.
func TestScenesCoverEverything(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("..", "testdata", "scenes"))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "scenes", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
		loadScene(t, e.Name()) // every scene restores without error
	}
	s := all.String()
	for _, want := range []string{
		`"type": "text"`, `"type": "image"`, `"type": "svg"`, `"type": "shape"`, `"type": "line"`, `"type": "group"`,
		`"shape": "rect"`, `"shape": "ellipse"`, `"shape": "triangle"`, `"shape": "polygon"`, `"shape": "star"`, `"shape": "arrow"`, `"shape": "path"`,
		`Head": "arrow"`, `Head": "triangle"`, `Head": "circle"`, `Head": "square"`, `Head": "bar"`,
		`"fit": "cover"`, `"fit": "contain"`, `"fit": "fill"`, `"crop"`, `"cornerRadius"`, `"flipX": true`, `"flipY": true`,
		`"brightness"`, `"contrast"`, `"saturation"`, `"grayscale"`, `"sepia"`, `"blur"`,
		`"type": "radial"`, `"type": "linear"`, `"dash"`, `"cap": "round"`, `"cap": "square"`, `"join": "round"`, `"join": "bevel"`,
		`"shadow"`, `"rotation"`, `"opacity"`, `"colors"`, `"currentColor"`,
		`"list": "bullet"`, `"list": "number"`, `"level": 1`, `"align": "center"`, `"align": "right"`, `"align": "justify"`,
		`"verticalAlign": "middle"`, `"verticalAlign": "bottom"`, `"letterSpacing"`, `"lineHeight"`, `"underline": true`,
		`"strikethrough": true`, `"italic": true`, `"textTransform": "uppercase"`, `"stroke"`, `"background"`, `"perLine": true`,
		`"backgroundImage"`, `"bleed"`, `AVATAR`, `€`, `«`, `»`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no golden scene uses %s", want)
		}
	}
}
