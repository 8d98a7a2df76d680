package renderer

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"net/url"
	"strings"
	"testing"

	_ "golang.org/x/image/tiff" // registered by a dependency in real binaries too
)

func pngBytes(w, h int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)))
	return b.Bytes()
}

func TestNewSource(t *testing.T) {
	s, err := NewSource("a.png", pngBytes(3, 2))
	if err != nil || s.Width != 3 || s.Height != 2 || s.Mime != "image/png" {
		t.Fatalf("%+v %v", s, err)
	}
	img, err := s.Image()
	if err != nil || img.Bounds().Dx() != 3 {
		t.Fatalf("decode: %v", err)
	}
	// A PNG header declaring 100 000 × 100 000 pixels in a few bytes: refused before decoding.
	bomb := pngBytes(1, 1)
	binary.BigEndian.PutUint32(bomb[16:], 100000)
	binary.BigEndian.PutUint32(bomb[20:], 100000)
	binary.BigEndian.PutUint32(bomb[29:], crc32.ChecksumIEEE(bomb[12:29]))
	if _, err := NewSource("bomb.png", bomb); !errors.Is(err, ErrTooManyPixels) {
		t.Errorf("bomb: %v", err)
	}
	// A minimal little-endian TIFF header: the decoder exists in the binary but is not trusted.
	tiff := []byte("II*\x00\x08\x00\x00\x00\x00\x00")
	if _, err := NewSource("x.tif", tiff); err == nil {
		t.Error("TIFF accepted")
	}
	if _, err := NewSource("x.txt", []byte("hello")); err == nil {
		t.Error("text accepted as an image")
	}
	svg := []byte("<?xml version=\"1.0\"?>\n<!-- c -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
	if s, err := NewSource("x.svg", svg); err != nil || s.Mime != "image/svg+xml" {
		t.Errorf("svg: %+v %v", s, err)
	}
}

func TestDataLoaderAndCache(t *testing.T) {
	calls := 0
	next := LoaderFunc(func(ctx context.Context, u string) (*Source, error) {
		calls++
		return NewSource(u, pngBytes(1, 1))
	})
	l := &CachingLoader{Next: DataLoader{Next: next}}
	for i := 0; i < 3; i++ {
		if _, err := l.Load(context.Background(), "/api/blobs/x"); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 {
		t.Errorf("loaded %d times, want 1", calls)
	}
	if _, err := l.Load(context.Background(), "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'/%3E"); err != nil {
		t.Errorf("percent-encoded data URL: %v", err)
	}
	if _, err := (DataLoader{}).Load(context.Background(), "https://example.org/a.png"); !errors.Is(err, ErrNotFound) {
		t.Errorf("remote URL without a next loader: %v", err)
	}
	if _, err := DecodeDataURL("data:image/png;base64,@@@"); err == nil {
		t.Error("bad base64 accepted")
	}
	if !strings.Contains(shortURL("data:image/png;base64,AAAA"), "…") {
		t.Error("data URLs are shortened in messages")
	}
}

// TestDataURLEscapes checks the percent-decoding of textual data: URLs against net/url's.
func TestDataURLEscapes(t *testing.T) {
	for _, payload := range []string{"%3Csvg%20a='1'%3E", "a+b%2Bc", "%e2%82%ac %C3%A9", "plain", ""} {
		got, err := DecodeDataURL("data:image/svg+xml," + payload)
		want, _ := url.PathUnescape(payload)
		if err != nil || string(got) != want {
			t.Errorf("%q: got %q, %v; want %q", payload, got, err, want)
		}
	}
	for _, bad := range []string{"%", "%4", "%zz", "ok%2"} {
		if _, err := DecodeDataURL("data:text/plain," + bad); err == nil {
			t.Errorf("%q: malformed escape accepted", bad)
		}
	}
}
