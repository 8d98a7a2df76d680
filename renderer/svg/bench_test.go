package svg

import (
	"os"
	"path/filepath"
	"testing"
)

func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestTestdataParses checks every test document parses into items with the paints it was
// written with.
func TestTestdataParses(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.svg"))
	if len(files) < 10 {
		t.Fatalf("%d test documents", len(files))
	}
	gradients := map[string]int{"fluent-style-face.svg": 3, "fluent-flat-violin.svg": 4, "objbbox.svg": 4, "illustrator.svg": 1}
	for _, f := range files {
		d, err := Parse(readTestdata(t, filepath.Base(f)), Options{})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if len(d.Items) == 0 {
			t.Errorf("%s: no items", f)
		}
		n := 0
		for _, it := range d.Items {
			if it.Fill.Gradient != nil || it.Stroke.Gradient != nil {
				n++
			}
		}
		if n != gradients[filepath.Base(f)] {
			t.Errorf("%s: %d items with gradients, want %d", f, n, gradients[filepath.Base(f)])
		}
	}
}

func benchParse(b *testing.B, name string, o Options) {
	data := readTestdata(b, name)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data, o); err != nil {
			b.Fatal(err)
		}
	}
}

var blue = Options{Colors: map[string]string{"currentColor": "#1d4ed8"}}

func BenchmarkParseTabler(b *testing.B)      { benchParse(b, "tabler-calendar.svg", blue) }
func BenchmarkParsePhosphor(b *testing.B)    { benchParse(b, "phosphor-acorn.svg", blue) }
func BenchmarkParseFluentFlat(b *testing.B)  { benchParse(b, "fluent-flat-violin.svg", Options{}) }
func BenchmarkParseFluentColor(b *testing.B) { benchParse(b, "fluent-style-face.svg", Options{}) }
func BenchmarkParseIllustrator(b *testing.B) { benchParse(b, "illustrator.svg", Options{}) }
