package renderer

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"strings"
	"sync"

	"affiche/renderer/orient"
)

// MaxImagePixels caps the decoded size of any image, checked with DecodeConfig before decoding
// (a decompression bomb declares a huge size in a tiny file).
const MaxImagePixels = 100_000_000

// allowedFormats are the image formats NewSource accepts (names as image.DecodeConfig gives them).
var allowedFormats = map[string]bool{"jpeg": true, "png": true, "gif": true, "webp": true}

// ErrTooManyPixels is returned for an image above MaxImagePixels.
var ErrTooManyPixels = errors.New("image too large")

// Source is one loaded resource (an image or an SVG) referred to by URL in a scene. Raw bytes
// are kept for backends that pass them through (the PDF embeds JPEGs untouched); the decoded
// image is made at most once, on first use.
//
// A photo is shown as the browser shows it: turned by its EXIF orientation. Width, Height and
// Image are the upright picture; only backends that pass Data through see the stored pixels,
// and must turn them by Orientation themselves.
type Source struct {
	URL  string
	Mime string // image/jpeg, image/png, image/webp, image/gif, image/svg+xml
	Data []byte // may be nil when the image was handed over already decoded (the browser)
	// Width and Height are the natural size in pixels as shown, after Orientation (0 for SVG
	// until parsed).
	Width, Height int
	// Orientation is how Data's pixels are turned to be shown (orient.Of; 1 or 0 when they
	// are stored upright, always for a decoded source).
	Orientation orient.Orientation

	once sync.Once
	img  image.Image
	err  error
}

// NewDecodedSource wraps an image that is already decoded (e.g. pixels from the browser).
func NewDecodedSource(url string, img image.Image) *Source {
	s := &Source{URL: url, Mime: "image/x-decoded", img: img}
	b := img.Bounds()
	s.Width, s.Height = b.Dx(), b.Dy()
	s.once.Do(func() {})
	return s
}

// NewSource checks data (type from the bytes, pixel cap from the header) and returns a Source
// that decodes lazily.
func NewSource(url string, data []byte) (*Source, error) {
	s := &Source{URL: url, Data: data}
	if IsSVG(data) {
		s.Mime = "image/svg+xml"
		return s, nil
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: not an image we can read (%v)", shortURL(url), err)
	}
	if !allowedFormats[format] {
		// Decoders registered by dependencies (go-text registers TIFF) are not trusted with
		// user files: only the formats users upload and browsers show are read.
		return nil, fmt.Errorf("%s: %s images are not supported (use JPEG, PNG, WebP or GIF)", shortURL(url), format)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return nil, fmt.Errorf("%s: %d×%d pixels: %w (limit %d Mpx)", shortURL(url), cfg.Width, cfg.Height, ErrTooManyPixels, MaxImagePixels/1_000_000)
	}
	s.Orientation = orientationOf(data)
	s.Mime = "image/" + format
	s.Width, s.Height = s.Orientation.Size(cfg.Width, cfg.Height)
	return s, nil
}

// Image returns the decoded image, upright (decoded and turned on first call).
func (s *Source) Image() (image.Image, error) {
	s.once.Do(func() {
		if s.Mime == "image/svg+xml" {
			s.err = fmt.Errorf("%s: an SVG has no pixels", shortURL(s.URL))
			return
		}
		s.img, _, s.err = image.Decode(bytes.NewReader(s.Data))
		if s.err == nil {
			s.img = upright(s.img, s.Orientation)
		}
	})
	return s.img, s.err
}

// IsSVG reports whether data looks like an SVG document (after an optional BOM, XML
// declaration, comments and doctype).
func IsSVG(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	h := strings.ToLower(string(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))))
	i := strings.Index(h, "<svg")
	if i < 0 {
		return false
	}
	pre := strings.TrimSpace(h[:i])
	return pre == "" || strings.HasPrefix(pre, "<?xml") || strings.HasPrefix(pre, "<!--") || strings.HasPrefix(pre, "<!doctype")
}

func shortURL(u string) string {
	if strings.HasPrefix(u, "data:") {
		if i := strings.IndexByte(u, ','); i > 0 && i < 80 {
			return u[:i] + ",…"
		}
		return "data:…"
	}
	if len(u) > 120 {
		return u[:117] + "…"
	}
	return u
}

// Loader fetches what a scene refers to by URL. Implementations: data: URLs (DataLoader),
// the server's blobs, bundled assets and library items, the browser's decoded pixels.
// Load returns an error that says which URL failed and why; it never panics.
type Loader interface {
	Load(ctx context.Context, url string) (*Source, error)
}

// LoaderFunc adapts a function to Loader.
type LoaderFunc func(ctx context.Context, url string) (*Source, error)

// Load calls f.
func (f LoaderFunc) Load(ctx context.Context, url string) (*Source, error) { return f(ctx, url) }

// ErrNotFound is returned (wrapped) by loaders for a URL they do not serve.
var ErrNotFound = errors.New("not found")

// DecodeDataURL returns the bytes of a data: URL (base64 or percent-encoded).
func DecodeDataURL(u string) ([]byte, error) {
	if !strings.HasPrefix(u, "data:") {
		return nil, fmt.Errorf("not a data: URL")
	}
	comma := strings.IndexByte(u, ',')
	if comma < 0 {
		return nil, fmt.Errorf("malformed data: URL")
	}
	meta, payload := u[5:comma], u[comma+1:]
	if strings.HasSuffix(meta, ";base64") {
		payload = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, payload)
		b, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "="))
		}
		return b, err
	}
	return percentDecode(payload)
}

// percentDecode decodes the %XX escapes of a data: URL's text (a "+" stays a "+", as in a
// path). It is written out rather than taken from net/url, which would add ~30 KB of code
// (net/netip, unique) to the browser editor for this one call.
func percentDecode(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			out = append(out, s[i])
			continue
		}
		if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			end := min(i+3, len(s))
			return nil, fmt.Errorf("invalid escape %q in data: URL", s[i:end])
		}
		out = append(out, byte(unhex(s[i+1])<<4|unhex(s[i+2])))
		i += 2
	}
	return out, nil
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}

// DataLoader loads data: URLs and delegates every other URL to Next (nil: not found).
type DataLoader struct{ Next Loader }

// Load implements Loader.
func (d DataLoader) Load(ctx context.Context, u string) (*Source, error) {
	if strings.HasPrefix(u, "data:") {
		b, err := DecodeDataURL(u)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", shortURL(u), err)
		}
		return NewSource(u, b)
	}
	if d.Next == nil {
		return nil, fmt.Errorf("%s: %w", shortURL(u), ErrNotFound)
	}
	return d.Next.Load(ctx, u)
}

// CachingLoader remembers each URL's Source (or error) so that a render loads and decodes each
// image once, however many elements use it. Safe for concurrent use.
type CachingLoader struct {
	Next Loader
	mu   sync.Mutex
	m    map[string]*cached
}

type cached struct {
	once sync.Once
	src  *Source
	err  error
}

// Load implements Loader.
func (c *CachingLoader) Load(ctx context.Context, u string) (*Source, error) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*cached{}
	}
	e, ok := c.m[u]
	if !ok {
		e = &cached{}
		c.m[u] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.src, e.err = c.Next.Load(ctx, u) })
	return e.src, e.err
}

// ImageMissing returns the warning, in English and French, that both backends give when the
// image at url could not be loaded (err) and a placeholder is drawn instead.
func ImageMissing(url string, err error) (en, fr string) {
	short := url
	if strings.HasPrefix(url, "data:") {
		short = "data:…"
	} else if len(short) > 80 {
		short = short[:77] + "…"
	}
	reason := err.Error()
	reasonFR := reason
	switch {
	case errors.Is(err, ErrTooManyPixels):
		reasonFR = fmt.Sprintf("image trop grande (plus de %d millions de pixels)", MaxImagePixels/1_000_000)
	case errors.Is(err, ErrNotFound):
		reasonFR = "introuvable"
	}
	return fmt.Sprintf("image %s could not be loaded (%s): a placeholder is drawn", short, reason),
		fmt.Sprintf("l'image %s n'a pas pu être chargée (%s) : un cadre gris la remplace", short, reasonFR)
}
