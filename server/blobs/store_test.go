package blobs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func pngFile(t *testing.T, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPutOpenAndLayout(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	data := pngFile(t, 30, 20)
	info, created, err := s.Put(data)
	if err != nil || !created {
		t.Fatalf("Put: %v %v", created, err)
	}
	sum := sha256.Sum256(data)
	if info.SHA256 != hex.EncodeToString(sum[:]) || info.Width != 30 || info.Height != 20 || info.Mime != "image/png" {
		t.Errorf("info %+v", info)
	}
	if _, err := os.Stat(filepath.Join(dir, "blobs", info.SHA256[:2], info.SHA256)); err != nil {
		t.Errorf("not stored where expected: %v", err)
	}
	// Concurrent uploads of the same file store it once, without error.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := s.Put(data); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	b, mime, err := s.ReadFile(info.SHA256)
	if err != nil || mime != "image/png" || !bytes.Equal(b, data) {
		t.Errorf("ReadFile: %v %q", err, mime)
	}
	for _, bad := range []string{"", "../../etc/passwd", strings.Repeat("g", 64), strings.ToUpper(info.SHA256), info.SHA256[:63], strings.Repeat("0", 64)} {
		if _, _, err := s.Open(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", bad, err)
		}
	}
}

func TestOpenRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "tmp"), 0o750)
	half := filepath.Join(dir, "tmp", "0123abcd")
	os.WriteFile(half, []byte("half a blob from a crash"), 0o640)
	s, err := Open(dir, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(half); !os.IsNotExist(err) {
		t.Errorf("leftover temporary file kept: %v", err)
	}
}

func TestSymlinkOutsideIsNotFollowed(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	outside := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(outside, []byte("secret"), 0o600)
	h := strings.Repeat("ab", 32)
	os.MkdirAll(filepath.Join(dir, "blobs", "ab"), 0o750)
	if err := os.Symlink(outside, filepath.Join(dir, "blobs", "ab", h)); err != nil {
		t.Skip("no symlinks here")
	}
	if b, _, err := s.ReadFile(h); err == nil {
		t.Errorf("read %q through a symlink leaving the store", b)
	}
}
