package offline

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"testing"

	"affiche/assets"
	"affiche/library"
)

func TestPhotoData(t *testing.T) {
	c := catalogue(t)
	full, mime, err := c.Data("photo:dandelions", library.SizeFull)
	if err != nil || mime != "image/jpeg" {
		t.Fatal(err, mime)
	}
	orig, _ := assets.PhotoFile("dandelions.jpg")
	if !bytes.Equal(full, orig) {
		t.Error("full size is not the embedded file")
	}
	for size, side := range map[library.Size]int{library.SizeThumb: ThumbSide, library.SizePreview: PreviewSide} {
		b, mime, err := c.Data("photo:dandelions", size)
		if err != nil || mime != "image/jpeg" {
			t.Fatal(size, err, mime)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width != side || cfg.Height != side*1350/2400 {
			t.Errorf("%s: %d×%d, want %d wide", size, cfg.Width, cfg.Height, side)
		}
		again, _, _ := c.Data("photo:dandelions", size)
		if &again[0] != &b[0] {
			t.Errorf("%s: not served from the cache", size)
		}
	}
	if _, _, err := c.Data("photo:dandelions", "huge"); !errors.Is(err, ErrBadSize) {
		t.Errorf("bad size: %v", err)
	}
	if _, _, err := c.Data("photo:nope", library.SizeThumb); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing photo: %v", err)
	}
	if b, mime, err := c.Data("tabler:bike", library.SizeThumb); err != nil || mime != "image/svg+xml" || !bytes.HasPrefix(b, []byte("<svg")) {
		t.Errorf("icon data: %v %s", err, mime)
	}
}

func TestBackgrounds(t *testing.T) {
	c := catalogue(t)
	ids := map[string]bool{}
	for _, bg := range backgrounds {
		if ids[bg.id] || bg.titleFr == "" || bg.titleEn == "" || len(bg.tags) == 0 {
			t.Errorf("background %q: duplicate or missing titles/tags", bg.id)
		}
		ids[bg.id] = true
		b, mime, err := c.Data("background:"+bg.id, library.SizeThumb)
		if err != nil || mime != bg.mime() {
			t.Fatal(bg.id, err, mime)
		}
		img, _, err := image.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(bg.id, err)
		}
		if r := img.Bounds(); r.Dy() != ThumbSide || r.Dx() != ThumbSide*backgroundWidth/backgroundHeight {
			t.Errorf("%s thumb %v", bg.id, r)
		}
		// Not a flat colour: the generator drew something.
		min, max := uint32(1<<16), uint32(0)
		for y := 0; y < img.Bounds().Dy(); y += 7 {
			for x := 0; x < img.Bounds().Dx(); x += 7 {
				r, g, b, _ := img.At(x, y).RGBA()
				v := r + g + b
				min, max = minU(min, v), maxU(max, v)
			}
		}
		if max-min < 3*256*4 {
			t.Errorf("%s looks flat (%d..%d)", bg.id, min, max)
		}
	}
	// Deterministic: the same bytes every time (an export matches its preview).
	a, _ := backgrounds[len(backgrounds)-2].render(200, 283)
	b, _ := backgrounds[len(backgrounds)-2].render(200, 283)
	if !bytes.Equal(a, b) {
		t.Error("background rendering is not deterministic")
	}
	it, _ := c.Get("background:paper")
	if it.Width != backgroundWidth || it.Height != backgroundHeight || it.Credit.Licence != "CC0-1.0" {
		t.Errorf("background item %+v", it)
	}
}

func minU(a, b uint32) uint32 {
	if a < b {
		return a
	}
	return b
}

func maxU(a, b uint32) uint32 {
	if a > b {
		return a
	}
	return b
}
