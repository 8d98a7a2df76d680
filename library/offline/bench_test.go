package offline

import (
	"runtime"
	"testing"

	"affiche/library"
)

// BenchmarkLoad measures start-up: building the catalogue from the embedded assets. The
// heap-MB metric is the live heap the catalogue keeps once loaded.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	var keep *Catalogue
	for b.Loop() {
		c, err := Load()
		if err != nil {
			b.Fatal(err)
		}
		keep = c
	}
	b.StopTimer()
	var before, after runtime.MemStats
	keep = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	keep, _ = Load()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(keep)
}

// BenchmarkSearch measures one search over the whole catalogue (some 15,000 items).
func BenchmarkSearch(b *testing.B) {
	c := catalogue(b)
	for _, q := range []string{"maison", "calendar", "salle des fêtes", "fête de la musique", "ca", "vélo rouge"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.Search(library.Query{Text: q})
			}
		})
	}
}

// BenchmarkSVG measures serving a recoloured icon (its set already decoded).
func BenchmarkSVG(b *testing.B) {
	c := catalogue(b)
	if _, err := c.SVG("tabler:bike", "#e63946"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.SVG("tabler:bike", "#e63946")
	}
}

// BenchmarkFirstSVGOfSet measures decoding the largest set's drawings, paid once per set.
func BenchmarkFirstSVGOfSet(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		c, _ := Load()
		b.StartTimer()
		if _, err := c.SVG("tabler:bike", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPhotoThumbnail measures a photo thumbnail made from the 2400 px original (cache
// off) and served from the cache.
func BenchmarkPhotoThumbnail(b *testing.B) {
	c, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cold", func(b *testing.B) {
		c.SetCacheBytes(0)
		for b.Loop() {
			if _, _, err := c.Data("photo:mountain-path", library.SizeThumb); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		c.SetCacheBytes(DefaultCacheBytes)
		c.Data("photo:mountain-path", library.SizeThumb)
		for b.Loop() {
			c.Data("photo:mountain-path", library.SizeThumb)
		}
	})
}

// BenchmarkBackground measures generating a full-size background (cache off).
func BenchmarkBackground(b *testing.B) {
	c, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	c.SetCacheBytes(0)
	for _, id := range []string{"gradient-sunset", "confetti"} {
		b.Run(id, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := c.Data("background:"+id, library.SizeFull); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
