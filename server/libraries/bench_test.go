package libraries_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"

	"affiche/library"
)

// benchGet fetches path over the loopback connection of e (keep-alive), reading the body whole.
func benchGet(b *testing.B, e *env, path string) int64 {
	resp, err := e.http.Client().Get(e.http.URL + path)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d", path, resp.StatusCode)
	}
	return n
}

// BenchmarkSearchHTTP is a search of the offline library through the whole server (routing,
// middleware, JSON of 48 items), as the library panel makes it.
func BenchmarkSearchHTTP(b *testing.B) {
	e := newEnv(b, envOptions{})
	for _, q := range []string{"vélo", "mairie", "calendrier", "house", "salle des fêtes", ""} {
		b.Run(q, func(b *testing.B) {
			path := "/api/library/search?q=" + url.QueryEscape(q)
			benchGet(b, e, path)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				benchGet(b, e, path)
			}
		})
	}
}

// BenchmarkItemHTTP measures item fetches that hit a cache: offline thumbnails (memory cache),
// icons (decoded set), and a provider's image from the disk cache.
func BenchmarkItemHTTP(b *testing.B) {
	up := newUpstream(b)
	withFixtures(up)
	e := newEnv(b, withProviders(up))
	benchGet(b, e, "/api/library/search?q=velo&kind=photo") // the provider remembers its results
	for _, c := range []struct{ name, path string }{
		{"photo-thumb", "/api/library/items/photo:dandelions?size=thumb"},
		{"photo-full", "/api/library/items/photo:dandelions?size=full"},
		{"icon", "/api/library/items/tabler:bike?size=preview&color=%23e63946"},
		{"provider-thumb-disk-cache", "/api/library/items/unsplash:eOLpJytrbsQ?size=thumb"},
	} {
		b.Run(c.name, func(b *testing.B) {
			n := benchGet(b, e, c.path) // fills the cache
			before := up.total()
			b.SetBytes(n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				benchGet(b, e, c.path)
			}
			if up.total() != before {
				b.Fatalf("cache missed: %d upstream requests", up.total()-before)
			}
		})
	}
}

// BenchmarkOpenForExport is what an export pays per library image once it is cached: Open at
// full size (offline photo; provider image from the disk cache).
func BenchmarkOpenForExport(b *testing.B) {
	up := newUpstream(b)
	withFixtures(up)
	e := newEnv(b, withProviders(up))
	benchGet(b, e, "/api/library/search?q=velo&kind=photo")
	ctx := context.Background()
	for _, id := range []string{"photo:dandelions", "unsplash:eOLpJytrbsQ"} {
		b.Run(id, func(b *testing.B) {
			data, err := e.lib.Open(ctx, id, string(library.SizeFull))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.lib.Open(ctx, id, string(library.SizeFull)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
