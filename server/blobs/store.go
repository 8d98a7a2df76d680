// Package blobs is Affiche's content-addressed store for uploaded images and fonts. A blob is
// named by the SHA-256 of its bytes, so the same file uploaded twice is stored once and its URL
// never changes meaning (it can be cached forever). Every upload is checked before it is kept:
// its type comes from its bytes, images must decode within a pixel cap and end where their format
// says, SVG is sanitised (what is stored is the safe copy), fonts must parse. Files are written
// atomically (temporary file, fsync, rename) under an os.Root, so a crash never leaves half a
// blob and no name can reach outside the store's directory.
package blobs

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
)

// Kinds of blob.
const (
	KindImage = "image" // PNG, JPEG, GIF or WebP
	KindSVG   = "svg"   // sanitised SVG
	KindFont  = "font"  // TrueType or OpenType (CFF)
)

// Info describes a stored blob.
type Info struct {
	SHA256 string `json:"sha256"`
	Kind   string `json:"kind"`
	Mime   string `json:"mime"`
	Size   int64  `json:"size"`
	// Width and Height are the natural size in pixels (images) or view-box units (SVG).
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Family and Style are a font's names as the font itself gives them.
	Family string `json:"family,omitempty"`
	Style  string `json:"style,omitempty"`
}

// Limits bounds what the store accepts.
type Limits struct {
	// MaxBytes is the largest upload accepted, in bytes.
	MaxBytes int64
	// MaxPixels is the largest image accepted (width × height), checked from the header before
	// anything is decoded.
	MaxPixels int64
}

// DefaultLimits are generous for photos from a phone or a camera and for font files.
var DefaultLimits = Limits{MaxBytes: 32 << 20, MaxPixels: 40_000_000}

// Store keeps blobs in a directory: blobs/ab/abcdef… (the first two hex digits spread files over
// 256 folders) and tmp/ for uploads being written.
type Store struct {
	root   *os.Root
	limits Limits
	// decode lets one image be fully decoded at a time: the pixel cap bounds each decode, this
	// bounds how many run together.
	decode sync.Mutex
}

// Open opens (creating it if needed) the store in dir.
func Open(dir string, lim Limits) (*Store, error) {
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = DefaultLimits.MaxBytes
	}
	if lim.MaxPixels <= 0 {
		lim.MaxPixels = DefaultLimits.MaxPixels
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("blobs: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("blobs: %w", err)
	}
	for _, d := range []string{"blobs", "tmp"} {
		if err := root.MkdirAll(d, 0o750); err != nil {
			root.Close()
			return nil, fmt.Errorf("blobs: %w", err)
		}
	}
	// Leftovers of uploads cut short by a crash.
	if entries, err := fs.ReadDir(root.FS(), "tmp"); err == nil {
		for _, e := range entries {
			root.Remove("tmp/" + e.Name())
		}
	}
	return &Store{root: root, limits: lim}, nil
}

// Close releases the store's directory handle.
func (s *Store) Close() error { return s.root.Close() }

// Limits returns the limits the store enforces.
func (s *Store) Limits() Limits { return s.limits }

// ValidHash reports whether h is a SHA-256 in lower-case hex, the only form of blob name.
func ValidHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func blobPath(h string) string { return "blobs/" + h[:2] + "/" + h }

// ErrNotFound is returned (wrapped) for a hash the store does not hold.
var ErrNotFound = errors.New("blobs: not found")

// Put checks data and stores it. It returns the blob's description and whether it was new.
// A rejected upload gives an *apierr.Error (413, 415 or 422) saying why in both languages.
func (s *Store) Put(data []byte) (Info, bool, error) {
	info, stored, err := s.inspect(data)
	if err != nil {
		return Info{}, false, err
	}
	sum := sha256.Sum256(stored)
	info.SHA256 = hex.EncodeToString(sum[:])
	info.Size = int64(len(stored))
	name := blobPath(info.SHA256)
	if _, err := s.root.Stat(name); err == nil {
		return info, false, nil
	}
	if err := s.write(name, stored); err != nil {
		return Info{}, false, err
	}
	return info, true, nil
}

// write stores b under name atomically: a temporary file, synced, then renamed into place.
func (s *Store) write(name string, b []byte) error {
	var rnd [12]byte
	rand.Read(rnd[:])
	tmp := "tmp/" + hex.EncodeToString(rnd[:])
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("blobs: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.root.MkdirAll(name[:len("blobs/ab")], 0o750)
	}
	if err == nil {
		err = s.root.Rename(tmp, name)
	}
	if err != nil {
		s.root.Remove(tmp)
		return fmt.Errorf("blobs: writing %s: %w", name, err)
	}
	return nil
}

// Open returns the stored file with the given hash and its MIME type (from its bytes). The
// caller closes the file.
func (s *Store) Open(h string) (*os.File, string, error) {
	if !ValidHash(h) {
		return nil, "", fmt.Errorf("%q: %w", h, ErrNotFound)
	}
	f, err := s.root.Open(blobPath(h))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("%s: %w", h, ErrNotFound)
		}
		return nil, "", fmt.Errorf("blobs: %w", err)
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, "", fmt.Errorf("blobs: %w", err)
	}
	return f, sniff(head[:n]), nil
}

// ReadFile returns the bytes and MIME type of the blob with the given hash.
func (s *Store) ReadFile(h string) ([]byte, string, error) {
	if !ValidHash(h) {
		return nil, "", fmt.Errorf("%q: %w", h, ErrNotFound)
	}
	b, err := s.root.ReadFile(blobPath(h))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("%s: %w", h, ErrNotFound)
		}
		return nil, "", fmt.Errorf("blobs: %w", err)
	}
	return b, sniff(b), nil
}

// sniff tells the MIME type of a stored blob from its first bytes (stored blobs were checked,
// so the magic numbers are enough).
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, pngMagic):
		return "image/png"
	case bytes.HasPrefix(b, jpegMagic):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("GIF8")):
		return "image/gif"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	case bytes.HasPrefix(b, []byte("OTTO")):
		return "font/otf"
	case bytes.HasPrefix(b, []byte{0, 1, 0, 0}), bytes.HasPrefix(b, []byte("true")):
		return "font/ttf"
	case bytes.HasPrefix(b, []byte("<svg")), bytes.HasPrefix(b, []byte("<?xml")):
		return "image/svg+xml"
	}
	return "application/octet-stream"
}
