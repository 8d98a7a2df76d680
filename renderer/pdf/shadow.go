package pdf

import (
	"compress/zlib"
	"image"
	"image/draw"
	"math"

	"affiche/renderer/raster"
	"affiche/scene"
)

// Drop shadows are raster images, as print tools make them: the element is drawn by the raster
// backend (without its shadow, at full opacity), its alpha blurred as the raster backend blurs
// it (σ = Blur/2, offset in page directions), coloured, and placed under the element with its
// alpha as a soft mask. Blurred shadows need little resolution; hard ones get the export's.

// shadowDPI returns the resolution a shadow of the given blur is drawn at: the export's for a
// sharp one, else enough for a pixel to be a quarter of the blur's σ (72–150 dpi).
func (wr *writer) shadowDPI(blur float64) float64 {
	if blur < 4 {
		return wr.o.DPI
	}
	sigma := blur / 2
	return math.Min(wr.o.DPI, math.Max(72, math.Min(150, 4*72/sigma)))
}

// shadow draws e's shadow in page coordinates.
func (wr *writer) shadow(c *content, e *scene.Element, path string) {
	s := e.Shadow
	col := scene.MustColor(s.Color)
	a := float64(col.A) / 255 * clamp01(s.Opacity) * clamp01(e.Opacity)
	if a <= 0 {
		return
	}
	dpi := wr.shadowDPI(s.Blur)
	scale := dpi / 72
	el := wr.silhouette(e.Clone())
	el.Shadow, el.Opacity = nil, 1
	img, origin, err := raster.RenderElement(wr.ctx, el, raster.Options{DPI: dpi, Fonts: wr.o.Fonts, Loader: wr.loader})
	if err != nil || img.Rect.Empty() {
		return
	}
	sigma := math.Max(0, s.Blur) * scale / 2
	reach := int(math.Ceil(3 * sigma))
	b := img.Rect
	mask := image.NewAlpha(image.Rect(0, 0, b.Dx()+2*reach, b.Dy()+2*reach))
	for y := 0; y < b.Dy(); y++ {
		src := img.Pix[y*img.Stride:]
		d := mask.Pix[(y+reach)*mask.Stride+reach:]
		for x := 0; x < b.Dx(); x++ {
			d[x] = src[4*x+3]
		}
	}
	raster.BlurAlpha(mask, sigma)
	n := image.NewNRGBA(mask.Rect)
	al := uint8(math.Round(a * 255))
	for i, v := range mask.Pix {
		p := n.Pix[4*i : 4*i+4]
		p[0], p[1], p[2] = col.R, col.G, col.B
		p[3] = uint8((uint32(v)*uint32(al) + 127) / 255)
	}
	// A shadow's colour is flat and its alpha smooth: the fastest compression does well.
	name := wr.putPixels(n, zlib.BestSpeed)
	k := 1 / scale
	x := float64(origin.X-reach)*k + s.OffsetX
	y := float64(origin.Y-reach)*k + s.OffsetY
	w, h := float64(n.Rect.Dx())*k, float64(n.Rect.Dy())*k
	c.save()
	c.transform(scene.Affine{w, 0, 0, -h, x, y + h})
	c.do(name)
	c.restore()
	_ = path
}

// silhouette replaces, in a copy of an element made for its shadow, the photos whose shape is
// their box (opaque pictures that fill it) by plain rectangles: the same alpha, without
// decoding and resampling the photo.
func (wr *writer) silhouette(e *scene.Element) *scene.Element {
	switch e.Type {
	case scene.TypeGroup:
		for i, c := range e.Children {
			e.Children[i] = wr.silhouette(c)
		}
	case scene.TypeImage:
		if e.Fit == scene.FitContain || !(e.Opacity > 0) || e.Hidden {
			return e
		}
		src, err := wr.load(e.Src)
		if err != nil || src.Mime != "image/jpeg" {
			return e
		}
		e.Type, e.Shape, e.Fill, e.Src, e.Filters = scene.TypeShape, scene.ShapeRect, scene.Solid("#000"), "", nil
		if e.Stroke != nil {
			// The border lies inside the box: it adds nothing to the silhouette.
			e.Stroke = nil
		}
	}
	return e
}

// unpremultiply converts premultiplied pixels to straight alpha, bounds at (0, 0).
func unpremultiply(img *image.RGBA) *image.NRGBA {
	b := img.Rect
	n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(n, n.Rect, img, b.Min, draw.Src)
	return n
}
