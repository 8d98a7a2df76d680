package polotno

import (
	"encoding/json"
	"image"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/vector"
)

// Every figure path is well-formed: only absolute M, L, Q, C and Z with the right number of
// coordinates, all inside the 100 × 100 box (with a small margin for curve controls).
func TestFigurePathsWellFormed(t *testing.T) {
	for name := range figures {
		d, vb, _, ok := FigureGeometry(name)
		if !ok || vb != [4]float64{0, 0, 100, 100} {
			t.Fatalf("%s: no geometry", name)
		}
		if _, err := rasterPath(d, 40); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, _, _, ok := FigureGeometry("nope"); ok {
		t.Error("unknown subtype has geometry")
	}
}

// rasterPath fills path data (100 × 100 box) at size × size pixels.
func rasterPath(d string, size int) ([]bool, error) {
	r := vector.NewRasterizer(size, size)
	s := float32(size) / 100
	f := strings.Fields(strings.NewReplacer("M", " M ", "L", " L ", "Q", " Q ", "C", " C ", "Z", " Z ").Replace(d))
	var nums []float32
	var cmd string
	flush := func() error {
		need := map[string]int{"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}[cmd]
		if len(nums) != need {
			return strconv.ErrSyntax
		}
		for _, v := range nums {
			if v < -20*s || v > 120*s {
				return strconv.ErrRange
			}
		}
		switch cmd {
		case "M":
			r.MoveTo(nums[0], nums[1])
		case "L":
			r.LineTo(nums[0], nums[1])
		case "Q":
			r.QuadTo(nums[0], nums[1], nums[2], nums[3])
		case "C":
			r.CubeTo(nums[0], nums[1], nums[2], nums[3], nums[4], nums[5])
		case "Z":
			r.ClosePath()
		}
		nums = nums[:0]
		return nil
	}
	for _, tok := range f {
		if strings.Contains("MLQCZ", tok) {
			if cmd != "" {
				if err := flush(); err != nil {
					return nil, err
				}
			}
			cmd = tok
			continue
		}
		v, err := strconv.ParseFloat(tok, 32)
		if err != nil || cmd == "" {
			return nil, strconv.ErrSyntax
		}
		nums = append(nums, float32(v)*s)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	dst := image.NewAlpha(image.Rect(0, 0, size, size))
	r.Draw(dst, dst.Bounds(), image.Opaque, image.Point{})
	m := make([]bool, size*size)
	for i := range m {
		m[i] = dst.Pix[i] >= 128
	}
	return m, nil
}

// TestFiguresMatchPolotno compares each figure with Polotno's own drawing. It needs a rendering
// of every subtype by polotno-node, which is not committed (Polotno's output): set
// POLOTNO_FIGURES to a PNG of the subtypes listed in POLOTNO_FIGURES_NAMES (a JSON array), each
// drawn black on white in a 400 × 400 box at (40 + 440·(i mod 8), 40 + 440·(i div 8)).
// bench/polotno/figures.sh makes both files.
func TestFiguresMatchPolotno(t *testing.T) {
	pngPath, namesPath := os.Getenv("POLOTNO_FIGURES"), os.Getenv("POLOTNO_FIGURES_NAMES")
	if pngPath == "" || namesPath == "" {
		t.Skip("POLOTNO_FIGURES and POLOTNO_FIGURES_NAMES not set (see bench/polotno/figures.sh)")
	}
	f, err := os.Open(filepath.Clean(pngPath))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(src.Bounds())
	draw.Draw(img, img.Bounds(), src, image.Point{}, draw.Src)
	var names []string
	b, err := os.ReadFile(filepath.Clean(namesPath))
	if err != nil || json.Unmarshal(b, &names) != nil {
		t.Fatalf("names: %v", err)
	}
	const size, gap, cols = 400, 40, 8
	for i, name := range names {
		d, _, kind, ok := FigureGeometry(name)
		if !ok {
			continue
		}
		mine, err := rasterPath(d, size)
		if err != nil {
			t.Fatal(err)
		}
		x0, y0 := gap+(i%cols)*(size+gap), gap+(i/cols)*(size+gap)
		in, un := 0, 0
		for y := 0; y < size; y++ {
			for x := 0; x < size; x++ {
				c := img.RGBAAt(x0+x, y0+y)
				theirs := int(c.R)+int(c.G)+int(c.B) < 384
				m := mine[y*size+x]
				if m && theirs {
					in++
				}
				if m || theirs {
					un++
				}
			}
		}
		iou := float64(in) / math.Max(1, float64(un))
		want := 0.93
		if figures[name].approx {
			want = 0.4
		}
		t.Logf("%-16s %-8s IoU %.3f", name, kind, iou)
		if iou < want {
			t.Errorf("%s: IoU %.3f with Polotno's drawing, want ≥ %.2f", name, iou, want)
		}
	}
}
