// Package fakerender is a stand-in rendering backend for the server's tests: it draws each page
// as its background colour with every solid-filled, unrotated shape as a rectangle, at the
// requested resolution, and encodes it with the standard library. Its output depends on the
// scene and the options, it allocates the page buffer a real renderer would, and it can be
// slowed down or blocked to test queues, progress and cancellation.
package fakerender

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"sync/atomic"
	"time"

	"affiche/scene"
	"affiche/server/export"
)

// Renderer implements export.Renderer.
type Renderer struct {
	// Delay is slept (watching ctx) before drawing each page.
	Delay time.Duration
	// Gate, if set, is received from before each page is drawn (tests release pages one by one).
	Gate chan struct{}
	// Fail, if set, is returned instead of drawing.
	Fail error
	// Panic makes WriteImage panic (the server must survive it).
	Panic bool
	// Pages counts the pages drawn.
	Pages atomic.Int64
	// LoadImages makes the renderer load every image of the page through the resources.
	LoadImages bool
}

// WriteImage implements export.Renderer.
func (r *Renderer) WriteImage(ctx context.Context, doc *scene.Document, page int, opt export.Options, res *export.Resources, w io.Writer) error {
	if r.Panic {
		panic("fakerender: asked to panic")
	}
	if r.Gate != nil {
		select {
		case <-r.Gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if r.Delay > 0 {
		t := time.NewTimer(r.Delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	if r.Fail != nil {
		return r.Fail
	}
	img, err := Draw(ctx, doc, page, opt, res, r.LoadImages)
	if err != nil {
		return err
	}
	r.Pages.Add(1)
	if opt.Format == export.FormatJPEG {
		return jpeg.Encode(w, img, &jpeg.Options{Quality: opt.Quality})
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, img)
}

// Draw makes the page image.
func Draw(ctx context.Context, doc *scene.Document, page int, opt export.Options, res *export.Resources, loadImages bool) (*image.RGBA, error) {
	w, h := opt.PagePixels(doc, page)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	p := doc.Pages[page]
	bg := color.NRGBA{255, 255, 255, 255}
	if p.Background != nil && p.Background.Gradient == nil {
		if c, err := scene.ParseColor(p.Background.Color); err == nil {
			bg = c
		}
	}
	draw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	s := opt.DPI / 72
	off := opt.Bleed
	if opt.CropMarks {
		off += export.CropMarkMargin
	}
	var failed error
	p.Walk(func(e *scene.Element) bool {
		if ctx.Err() != nil {
			return false
		}
		if loadImages && (e.Type == scene.TypeImage || e.Type == scene.TypeSVG) && res != nil && failed == nil {
			if _, err := res.Images.Load(ctx, e.Src); err != nil {
				failed = err
			}
		}
		if e.Type != scene.TypeShape || e.Rotation != 0 || e.Fill == nil || e.Fill.Gradient != nil || e.Hidden {
			return true
		}
		c, err := scene.ParseColor(e.Fill.Color)
		if err != nil {
			return true
		}
		r := image.Rect(int((e.X+off)*s), int((e.Y+off)*s), int((e.X+off+e.Width)*s), int((e.Y+off+e.Height)*s))
		draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Over)
		return true
	})
	if failed != nil {
		return nil, failed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return img, nil
}

// ErrBackend is an internal failure a test can ask for.
var ErrBackend = errors.New("fakerender: backend failure")
