package font_test

import (
	"runtime"
	"testing"

	"affiche/assets"
	"affiche/renderer/font"
)

// BenchmarkRegistryBundled loads every bundled font into a registry and reports the heap the
// registry keeps (the font files themselves are embedded in the binary and not copied).
func BenchmarkRegistryBundled(b *testing.B) {
	fams, err := assets.FontCatalogue()
	if err != nil {
		b.Fatal(err)
	}
	var files [][]byte
	size := 0
	for _, fam := range fams {
		for _, face := range fam.Faces {
			data := fontFile(b, face.File)
			files = append(files, data)
			size += len(data)
		}
	}
	var kept uint64
	b.ReportAllocs()
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		reg := font.NewRegistry()
		for _, data := range files {
			if err := reg.Add(data); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(reg)
	}
	b.ReportMetric(float64(kept)/(1<<20), "MB-kept")
	// What the fonts a poster uses cost once drawn: parsed tables of 6 faces.
	reg := font.NewRegistry()
	for _, data := range files {
		if err := reg.Add(data); err != nil {
			b.Fatal(err)
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	used := 0
	for _, fam := range []string{"Roboto", "Montserrat", "Playfair Display"} {
		for _, f := range reg.Faces(fam)[:2] {
			f.HasRune('a')
			used++
		}
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(reg)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20)/float64(used), "MB/used-face")
	b.ReportMetric(float64(len(files)), "faces")
	b.ReportMetric(float64(size)/(1<<20), "MB-files")
}
