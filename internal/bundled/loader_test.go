package bundled

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"affiche/renderer"
)

// A 1×1 PNG.
var onePixel = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdac\xfc\xcf\xc0\xf0\x1f\x00\x05\x05\x02\x00_\xc8\xf1\xd2\x00\x00\x00\x00IEND\xaeB`\x82")

func TestFileLoader(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "img"), 0o755)
	os.WriteFile(filepath.Join(dir, "img", "a.png"), onePixel, 0o644)
	os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.png"), onePixel, 0o644)
	os.Symlink(filepath.Join(filepath.Dir(dir), "secret.png"), filepath.Join(dir, "link.png"))
	l := FileLoader(dir)
	ctx := context.Background()
	s, err := l.Load(ctx, "img/a.png")
	if err != nil || s.Width != 1 || s.Mime != "image/png" {
		t.Fatalf("img/a.png: %v %+v", err, s)
	}
	if _, err := l.Load(ctx, "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="); err != nil {
		t.Errorf("data URL: %v", err)
	}
	if s, err := l.Load(ctx, "/api/library/items/tabler:bike?size=preview"); err != nil || s.Mime != "image/svg+xml" {
		t.Errorf("offline icon: %v", err)
	}
	if s, err := l.Load(ctx, "/api/library/items/photo%3Adandelions?size=full"); err != nil || s.Width < 1000 {
		t.Errorf("offline photo: %v %+v", err, s)
	}
	if _, err := l.Load(ctx, "/api/library/items/nope:nothing"); !errors.Is(err, renderer.ErrNotFound) {
		t.Errorf("unknown item: %v", err)
	}
	for _, bad := range []string{"../secret.png", "/etc/passwd", "img/../../secret.png", "link.png", "https://example.org/x.png", "file:../secret.png"} {
		if _, err := l.Load(ctx, bad); err == nil {
			t.Errorf("%s was read", bad)
		} else if bad != "link.png" && !errors.Is(err, renderer.ErrNotFound) {
			t.Errorf("%s: %v is not ErrNotFound", bad, err)
		}
	}
}
