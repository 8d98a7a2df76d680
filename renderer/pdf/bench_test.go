package pdf

import (
	"bytes"
	"context"
	"testing"

	"affiche/scene"
)

// benchmarkExport exports doc b.N times with the print preset, each with a fresh loader (as
// in a new export request), and reports the file size.
func benchmarkExport(b *testing.B, doc *scene.Document) {
	reg := registry(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		o := PresetPrint.Apply(Options{Fonts: reg, Loader: testLoader})
		if _, err := Write(context.Background(), &buf, doc, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/file")
}

// BenchmarkPosterA4 is the foundation's A4 poster (photo, gradients, nine fonts, icons).
func BenchmarkPosterA4(b *testing.B) {
	benchmarkExport(b, loadScenes(b)["poster"])
}

// BenchmarkDocument20Pages is the 3-page poster fixture repeated to 20 pages.
func BenchmarkDocument20Pages(b *testing.B) {
	src := loadScenes(b)["poster-3-pages"]
	doc := *src
	doc.Pages = nil
	for i := 0; i < 20; i++ {
		doc.Pages = append(doc.Pages, src.Pages[i%len(src.Pages)])
	}
	benchmarkExport(b, &doc)
}
