package offline

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	// Decoders for the organisation's files. TIFF and BMP are left out on purpose (TIFF's
	// decoder has had several CVEs; neither is a format people keep logos in).
	_ "image/gif"

	_ "golang.org/x/image/webp"

	"github.com/disintegration/imaging"

	"affiche/assets"
	"affiche/library"
	"affiche/renderer/orient"
)

// Long side, in pixels, of the sizes the catalogue makes.
const (
	ThumbSide   = 320
	PreviewSide = 1200
)

// Data returns an item's bytes at a size, with their media type: SVG for icons, illustrations
// and shapes (whatever the size); for photos, backgrounds and the organisation's raster files a
// thumbnail (ThumbSide px on the long side), a preview (PreviewSide px) or the full image.
// Thumbnails, previews and generated backgrounds are kept in a cache bounded by SetCacheBytes.
func (c *Catalogue) Data(id string, size library.Size) ([]byte, string, error) {
	side := 0
	switch size {
	case library.SizeThumb:
		side = ThumbSide
	case library.SizePreview:
		side = PreviewSide
	case library.SizeFull:
	default:
		return nil, "", ErrBadSize
	}
	c.mu.RLock()
	e, ok := c.find(id)
	c.mu.RUnlock()
	if !ok {
		return nil, "", ErrNotFound
	}
	switch e.src {
	case srcIcon, srcShape:
		b, err := c.SVG(id, "")
		return b, "image/svg+xml", err
	case srcPhoto:
		full := func() ([]byte, string, error) {
			b, err := assets.PhotoFile(e.photo.File)
			return b, "image/jpeg", err
		}
		if side == 0 {
			return full()
		}
		return c.cache.get(e.id+"|"+string(size), func() ([]byte, string, error) {
			b, _, err := full()
			if err != nil {
				return nil, "", err
			}
			return shrink(b, side, 0)
		})
	case srcBackground:
		bg := &backgrounds[e.set]
		w, h := backgroundWidth, backgroundHeight
		if side != 0 {
			w, h = side*backgroundWidth/backgroundHeight, side
		}
		return c.cache.get(e.id+"|"+string(size), func() ([]byte, string, error) {
			b, err := bg.render(w, h)
			return b, bg.mime(), err
		})
	case srcOrg:
		if side == 0 || e.mime == "image/svg+xml" {
			return c.orgFull(e)
		}
		return c.cache.get(e.id+"|"+string(size), func() ([]byte, string, error) {
			b, _, err := c.orgFull(e)
			if err != nil {
				return nil, "", err
			}
			return shrink(b, side, MaxOrgPixels)
		})
	}
	return nil, "", ErrNotFound
}

// shrink decodes an image and fits it into side × side pixels: JPEG when it is opaque, PNG
// when it has transparency (logos). An image already small enough is re-encoded unscaled.
// maxPixels, when not 0, refuses images whose declared size is larger, before decoding.
func shrink(data []byte, side, maxPixels int) ([]byte, string, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", err
	}
	if maxPixels > 0 && int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return nil, "", fmt.Errorf("offline: image of %d×%d pixels is over the limit", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", err
	}
	opaque := isOpaque(img)
	if b := img.Bounds(); b.Dx() > side || b.Dy() > side {
		img = imaging.Fit(img, side, side, imaging.CatmullRom)
	}
	// The copy has no EXIF: turn it as the browser turns the original (fitted first: a
	// square box fits either way, and the small copy is cheaper to turn).
	img = orient.Apply(img, orient.Of(data))
	var buf bytes.Buffer
	if opaque {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 82})
		return buf.Bytes(), "image/jpeg", err
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	err = enc.Encode(&buf, img)
	return buf.Bytes(), "image/png", err
}

func isOpaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}
