package fetch

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif"  // registers the GIF decoder for DecodeConfig
	_ "image/jpeg" // registers the JPEG decoder
	_ "image/png"  // registers the PNG decoder
	"net/http"

	_ "golang.org/x/image/webp" // registers the WebP decoder (TIFF deliberately not registered)

	"affiche/library/svgsafe"
	"affiche/renderer/orient"
)

// Asset is a fetched (or uploaded) image whose type was decided from its bytes.
type Asset struct {
	Data   []byte
	Mime   string // image/jpeg, image/png, image/gif, image/webp or image/svg+xml
	Width  int    // pixels, or SVG user units (0 when the SVG gives no size)
	Height int
}

// Limits bounds the images Inspect accepts.
type Limits struct {
	MaxPixels int64 // width × height
	MaxSide   int   // width and height each
}

// DefaultLimits are the limits of a Client built with default settings.
var DefaultLimits = Limits{MaxPixels: 50_000_000, MaxSide: 20_000}

// Inspect decides what data is from its bytes, never from a Content-Type header or a file name.
// A raster image (JPEG, PNG, GIF, WebP) has its dimensions read with image.DecodeConfig — which
// reads only the header — and is refused with ErrTooManyPixels beyond lim, before anything
// decodes it; an SVG is sanitised (svgsafe) and the clean copy returned. Anything else fails
// with ErrUnsupportedType. The server's blob store can use it for uploads too.
func Inspect(data []byte, lim Limits) (Asset, error) {
	if lim.MaxPixels <= 0 {
		lim.MaxPixels = DefaultLimits.MaxPixels
	}
	if lim.MaxSide <= 0 {
		lim.MaxSide = DefaultLimits.MaxSide
	}
	if svgsafe.IsSVG(data) {
		clean, err := svgsafe.Sanitize(data)
		if err != nil {
			return Asset{}, fmt.Errorf("%w: %v", ErrUnsupportedType, err)
		}
		w, h := svgsafe.Size(clean)
		return Asset{Data: clean, Mime: "image/svg+xml", Width: int(w + 0.5), Height: int(h + 0.5)}, nil
	}
	mime := http.DetectContentType(data)
	want := map[string]string{"image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}[mime]
	if want == "" {
		return Asset{}, fmt.Errorf("%w: %s", ErrUnsupportedType, mime)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Asset{}, fmt.Errorf("%w: unreadable %s: %v", ErrUnsupportedType, want, err)
	}
	if format != want {
		return Asset{}, fmt.Errorf("%w: %s bytes decode as %s", ErrUnsupportedType, want, format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Asset{}, fmt.Errorf("%w: empty image", ErrUnsupportedType)
	}
	if cfg.Width > lim.MaxSide || cfg.Height > lim.MaxSide || int64(cfg.Width)*int64(cfg.Height) > lim.MaxPixels {
		return Asset{}, fmt.Errorf("%w: %d×%d", ErrTooManyPixels, cfg.Width, cfg.Height)
	}
	// The size as the browser shows the photo (turned by its EXIF orientation).
	w, h := orient.Of(data).Size(cfg.Width, cfg.Height)
	return Asset{Data: data, Mime: mime, Width: w, Height: h}, nil
}
