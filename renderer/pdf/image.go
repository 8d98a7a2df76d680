package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"strings"

	"affiche/renderer"
	"affiche/renderer/geom"
	"affiche/renderer/orient"
	"affiche/renderer/raster"
	"affiche/scene"
)

// Images are embedded once per source (and filter) at their native resolution: JPEG bytes go
// in untouched (DCTDecode), 8-bit opaque PNGs keep their compressed data (Flate with the PNG
// predictors), anything else (PNG with alpha, palette, 16 bits, GIF, WebP) is decoded and
// written losslessly as 8-bit RGB or grey with its alpha as a soft mask. Cropping, fitting and
// rounded corners are vector clips around the whole picture, flips and rotation the placing
// matrix, opacity an ExtGState: none of them touches the pixels.
//
// Filters: brightness and contrast map each channel linearly (then clamp), which is what an
// image's Decode array does, so a JPEG with only those keeps its bytes too (as do saturation
// and grayscale on a grey JPEG, where they change nothing). Saturation, grayscale and sepia on
// colours mix channels and blur mixes pixels: PDF has no operator for that, so those make new
// pixels. A filtered photo is then written as a JPEG at quality 95, which keeps a photo's
// detail (grey when every pixel is grey): lossless Flate would be 5–8× larger and, at zlib's
// default level, slower to compress than the JPEG encoder (measured on the bundled photos).
//
// EXIF orientation: a photo is shown as the browser shows it (see renderer.Source). Bytes passed
// through keep their stored pixels, so the placing matrix turns them (placement); pixels made
// here come from the decoder already upright.

// pdfImage is an image XObject.
type pdfImage struct {
	name string             // resource name, e.g. "/Im2"
	w, h int                // pixels, as shown (after orientation)
	o    orient.Orientation // how the XObject's pixels are turned to be shown
	err  error
}

// placement is the matrix that draws an image XObject (the unit square, its first row at the
// top) into the rectangle (x, y, w, h) of y-down coordinates, turned upright by o.
func placement(x, y, w, h float64, o orient.Orientation) scene.Affine {
	// Unit square → stored fractions from the top-left (y flipped) → shown fractions → box.
	return scene.Affine{w, 0, 0, h, x, y}.Mul(scene.Affine(o.Unit())).Mul(scene.Affine{1, 0, 0, -1, 0, 1})
}

// load fetches a source through the export's caching loader.
func (wr *writer) load(url string) (*renderer.Source, error) {
	if strings.TrimSpace(url) == "" {
		return nil, errors.New("no source URL")
	}
	return wr.loader.Load(wr.ctx, url)
}

func (wr *writer) warnMissing(path, url string, err error) {
	en, fr := renderer.ImageMissing(url, err)
	wr.warn(path, WarnImageMissing, en, fr)
}

// image draws an image element in its box coordinates: the picture and its border.
func (wr *writer) image(c *content, e *scene.Element, path string, opacity float64) {
	src, err := wr.load(e.Src)
	switch {
	case err != nil:
		wr.warnMissing(path+".src", e.Src, err)
		wr.placeholder(c, e, opacity)
	case src.Mime == "image/svg+xml":
		wr.svgSource(c, e, path, src, opacity)
	default:
		if !wr.bitmap(c, e, path, src, opacity) {
			wr.placeholder(c, e, opacity)
		}
	}
	wr.border(c, e, opacity)
}

// bitmap draws a bitmap source placed in e's box (crop, fit, rounded corners, filters). It
// returns false (after a warning) when the image cannot be read.
func (wr *writer) bitmap(c *content, e *scene.Element, path string, src *renderer.Source, opacity float64) bool {
	w, h := e.Width, e.Height
	if !(w > 0) || !(h > 0) || src.Width <= 0 || src.Height <= 0 {
		return true
	}
	pl := geom.PlaceImage(float64(src.Width), float64(src.Height), e.Crop, e.Fit, w, h)
	if !(pl.Src.Width > 0) || !(pl.Src.Height > 0) || !(pl.Dst.Width > 0) || !(pl.Dst.Height > 0) {
		return true
	}
	sx, sy := pl.Dst.Width/pl.Src.Width, pl.Dst.Height/pl.Src.Height
	// The blur filter's radius is in points: in source pixels it depends on the placed size.
	sigma := 0.0
	if e.Filters != nil && e.Filters.Blur > 0 {
		sigma = raster.BlurFilterSigma(e.Filters, 1/math.Sqrt(sx*sy))
	}
	im := wr.imageObject(src, e.Filters, sigma)
	if im.err != nil {
		wr.warnMissing(path+".src", e.Src, im.err)
		return false
	}
	ix, iy := pl.Dst.X-pl.Src.X*sx, pl.Dst.Y-pl.Src.Y*sy
	iw, ih := float64(im.w)*sx, float64(im.h)*sy
	clip := pl.Dst
	if ext, ok := wr.extension(e); ok {
		// Touching the trim: the photo reaches into the bleed with the pixels its crop hid,
		// over a copy fitted to the larger box where it has none.
		if !covers(scene.Rect{X: ix, Y: iy, Width: iw, Height: ih}, ext) {
			wr.bleedUnderlay(c, e, ext, im, opacity)
		}
		clip = ext
	}
	c.save()
	if geom.ClampRadius(w, h, e.CornerRadius) > 0 {
		c.path(geom.RoundedRect(0, 0, w, h, e.CornerRadius))
		c.clip(false)
	}
	c.rect(clip)
	c.clip(false)
	if opacity < 1 {
		c.gs(wr.alpha(opacity))
	}
	c.transform(placement(ix, iy, iw, ih, im.o))
	c.do(im.name)
	c.restore()
	return true
}

// imageObject returns the XObject of a source with filters applied (blur sigma in source
// pixels), making it on first use.
func (wr *writer) imageObject(src *renderer.Source, f *scene.Filters, sigma float64) *pdfImage {
	key := src.URL
	if !f.IsZero() {
		g := *f
		g.Blur = 0
		key += fmt.Sprintf("|%v|%.2f", g, sigma)
	}
	if im, ok := wr.images[key]; ok {
		return im
	}
	im := &pdfImage{w: src.Width, h: src.Height}
	wr.images[key] = im
	filtered := !f.IsZero()
	if src.Data != nil {
		switch src.Mime {
		case "image/jpeg":
			if o, ok := jpegObject(src.Data, f); ok {
				im.name, im.o = wr.putImage(o, src.Data), src.Orientation
				return im
			}
		case "image/png":
			if o, stream, ok := pngObject(src.Data); ok && !filtered {
				im.name, im.o = wr.putImage(o, stream), src.Orientation
				return im
			}
		}
	}
	img, err := src.Image()
	if err != nil {
		im.err = err
		return im
	}
	if !filtered {
		n := toNRGBA(img)
		im.w, im.h = n.Rect.Dx(), n.Rect.Dy()
		im.name = wr.putPixels(n, zlib.DefaultCompression)
		return im
	}
	// Filters work on premultiplied pixels, as in the raster backend.
	pm := toRGBA(img)
	im.w, im.h = pm.Rect.Dx(), pm.Rect.Dy()
	raster.ApplyFilters(pm, f)
	if sigma > 0 {
		raster.BlurRGBA(pm, sigma)
	}
	if src.Mime == "image/jpeg" {
		// A photo stays a photo (see the top of this file).
		if name, ok := wr.putJPEG(pm); ok {
			im.name = name
			return im
		}
	}
	im.name = wr.putPixels(unpremultiply(pm), zlib.DefaultCompression)
	return im
}

// putJPEG writes opaque pixels as a quality-95 JPEG, grey when every pixel is; ok is false
// (nothing written) when some pixel is not opaque.
func (wr *writer) putJPEG(pm *image.RGBA) (string, bool) {
	w, h := pm.Rect.Dx(), pm.Rect.Dy()
	grey := true
	for y := 0; y < h; y++ {
		row := pm.Pix[y*pm.Stride : y*pm.Stride+4*w]
		for x := 0; x < len(row); x += 4 {
			if row[x+3] != 255 {
				return "", false
			}
			if grey && (row[x] != row[x+1] || row[x+1] != row[x+2]) {
				grey = false
			}
		}
	}
	var img image.Image = pm
	if grey {
		g := image.NewGray(pm.Rect)
		for y := 0; y < h; y++ {
			row, out := pm.Pix[y*pm.Stride:], g.Pix[y*g.Stride:]
			for x := 0; x < w; x++ {
				out[x] = row[4*x]
			}
		}
		img = g
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		return "", false
	}
	o, ok := jpegObject(buf.Bytes(), nil)
	if !ok {
		return "", false
	}
	return wr.putImage(o, buf.Bytes()), true
}

// putImage stores an image XObject whose dictionary o is left open (stream is the data).
func (wr *writer) putImage(o *obj, stream []byte) string {
	r := wr.objs.newRef()
	wr.objs.put(r, o, stream)
	wr.nForm++
	name := fmt.Sprintf("/Im%d", wr.nForm)
	wr.objs.name(name, r)
	return name
}

// jpegObject passes a JPEG file through: its dictionary, to which the data is the stream, with
// the filters f as its Decode array. ok is false when f cannot be so expressed (see the top of
// this file) or the header cannot be read.
func jpegObject(data []byte, f *scene.Filters) (*obj, bool) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, false
	}
	filtered := !f.IsZero()
	if filtered && (f.Blur != 0 || f.Sepia != 0) {
		return nil, false
	}
	o := &obj{}
	o.F("<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8 ", cfg.Width, cfg.Height)
	channels := 0
	switch cfg.ColorModel {
	case color.GrayModel:
		// Saturation and grayscale leave a grey as it is (each row of their matrices sums to 1).
		o.S("/ColorSpace /DeviceGray")
		channels = 1
	case color.YCbCrModel:
		if filtered && (f.Saturation != 0 || f.Grayscale != 0) {
			return nil, false
		}
		o.S("/ColorSpace /DeviceRGB")
		channels = 3
	case color.CMYKModel:
		if filtered {
			// The filters work on the RGB the decoder makes of the inks.
			return nil, false
		}
		o.S("/ColorSpace /DeviceCMYK")
		if adobeMarker(data) {
			// Adobe's CMYK JPEGs store inverted values (Go's decoder inverts them too).
			o.S(" /Decode [1 0 1 0 1 0 1 0]")
		}
	default:
		return nil, false
	}
	if filtered && (f.Brightness != 0 || f.Contrast != 0) {
		d0, d1 := levels(f)
		var c content
		for range channels {
			c.nums(d0, d1)
		}
		o.F(" /Decode [%s]", bytes.TrimSpace(c.b))
	}
	o.S(" /Filter /DCTDecode")
	return o, true
}

// adobeMarker reports whether a JPEG has Adobe's APP14 segment before its scan: the one that
// says its CMYK values are inverted (the word elsewhere, e.g. in XMP metadata, says nothing).
func adobeMarker(data []byte) bool {
	for p := 2; p+4 <= len(data) && data[p] == 0xff; {
		m, n := data[p+1], int(data[p+2])<<8|int(data[p+3])
		switch {
		case m == 0xff: // fill byte
			p++
			continue
		case m == 0xda || m == 0xd9: // start of scan, end of image
			return false
		case m == 0xee && n >= 7 && p+2+n <= len(data) && string(data[p+4:p+9]) == "Adobe":
			return true
		}
		p += 2 + n
	}
	return false
}

// levels returns where brightness and contrast take black and white, as a Decode pair: a
// channel value v (0–1) becomes ((v + brightness) − ½)·(1 + contrast)² + ½, as in
// raster.ApplyFilters, and readers clamp the result to 0–1 as it does.
func levels(f *scene.Filters) (d0, d1 float64) {
	k := (1 + f.Contrast) * (1 + f.Contrast)
	d0 = (f.Brightness-0.5)*k + 0.5
	return d0, d0 + k
}

// pngObject keeps the compressed data of an 8-bit, non-interlaced grey or RGB PNG without
// transparency: PDF's Flate filter with PNG predictors reads it as it is.
func pngObject(data []byte) (*obj, []byte, bool) {
	if len(data) < 33 || string(data[:8]) != "\x89PNG\r\n\x1a\n" {
		return nil, nil, false
	}
	var idat bytes.Buffer
	var w, h, depth, ctype, interlace int
	for p := 8; p+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		if n < 0 || p+12+n > len(data) {
			return nil, nil, false
		}
		typ := string(data[p+4 : p+8])
		body := data[p+8 : p+8+n]
		if crc32.ChecksumIEEE(data[p+4:p+8+n]) != binary.BigEndian.Uint32(data[p+8+n:]) {
			return nil, nil, false
		}
		switch typ {
		case "IHDR":
			if n < 13 {
				return nil, nil, false
			}
			w, h = int(binary.BigEndian.Uint32(body)), int(binary.BigEndian.Uint32(body[4:]))
			depth, ctype, interlace = int(body[8]), int(body[9]), int(body[12])
		case "tRNS":
			return nil, nil, false
		case "IDAT":
			idat.Write(body)
		case "IEND":
			p = len(data)
			continue
		}
		p += 12 + n
	}
	if w <= 0 || h <= 0 || depth != 8 || interlace != 0 || (ctype != 0 && ctype != 2) || idat.Len() == 0 {
		return nil, nil, false
	}
	colors, cs := 3, "/DeviceRGB"
	if ctype == 0 {
		colors, cs = 1, "/DeviceGray"
	}
	o := &obj{}
	o.F("<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8 /ColorSpace %s"+
		" /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d >>",
		w, h, cs, colors, w)
	return o, idat.Bytes(), true
}

// putPixels writes straight-alpha pixels as an RGB (or grey) image with a soft mask when some
// pixel is not opaque, compressed at the given zlib level.
func (wr *writer) putPixels(n *image.NRGBA, level int) string {
	w, h := n.Rect.Dx(), n.Rect.Dy()
	grey, opaqueAll := true, true
	for y := 0; y < h && (grey || opaqueAll); y++ {
		row := n.Pix[y*n.Stride : y*n.Stride+4*w]
		for x := 0; x < w; x++ {
			p := row[4*x : 4*x+4]
			if p[0] != p[1] || p[1] != p[2] {
				grey = false
			}
			if p[3] != 255 {
				opaqueAll = false
			}
		}
	}
	ch := 3
	cs := "/DeviceRGB"
	if grey {
		ch, cs = 1, "/DeviceGray"
	}
	col := make([]byte, 0, (ch*w+1)*h)
	var alpha []byte
	if !opaqueAll {
		alpha = make([]byte, 0, (w+1)*h)
	}
	prev := make([]byte, ch*w)
	cur := make([]byte, ch*w)
	prevA := make([]byte, w)
	curA := make([]byte, w)
	for y := 0; y < h; y++ {
		row := n.Pix[y*n.Stride : y*n.Stride+4*w]
		for x := 0; x < w; x++ {
			if grey {
				cur[x] = row[4*x]
			} else {
				copy(cur[3*x:3*x+3], row[4*x:4*x+3])
			}
			curA[x] = row[4*x+3]
		}
		col = paeth(col, cur, prev, ch)
		prev, cur = cur, prev
		if alpha != nil {
			alpha = paeth(alpha, curA, prevA, 1)
			prevA, curA = curA, prevA
		}
	}
	o := &obj{}
	o.F("<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8 /ColorSpace %s"+
		" /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d >>",
		w, h, cs, ch, w)
	if alpha != nil {
		mr := wr.objs.newRef()
		mo := &obj{}
		mo.F("<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8 /ColorSpace /DeviceGray"+
			" /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns %d >>", w, h, w)
		wr.objs.put(mr, mo, deflate(alpha, level))
		o.S(" /SMask ")
		o.Ref(mr)
	}
	return wr.putImage(o, deflate(col, level))
}

// paeth appends a row filtered with the PNG Paeth predictor (its type byte first).
func paeth(dst, cur, prev []byte, bpp int) []byte {
	dst = append(dst, 4)
	for i := range cur {
		var a, c int
		if i >= bpp {
			a, c = int(cur[i-bpp]), int(prev[i-bpp])
		}
		b := int(prev[i])
		p := a + b - c
		pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
		pred := c
		if pa <= pb && pa <= pc {
			pred = a
		} else if pb <= pc {
			pred = b
		}
		dst = append(dst, cur[i]-byte(pred))
	}
	return dst
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// toNRGBA returns straight-alpha pixels with bounds at (0, 0), sharing the pixels of an
// *image.NRGBA already so placed.
func toNRGBA(img image.Image) *image.NRGBA {
	b := img.Bounds()
	if n, ok := img.(*image.NRGBA); ok && b.Min == (image.Point{}) {
		return n
	}
	n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(n, n.Rect, img, b.Min, draw.Src)
	return n
}

// toRGBA returns premultiplied pixels with bounds at (0, 0) in a new image (draw has fast
// paths from the decoders' YCbCr, grey, CMYK and NRGBA images).
func toRGBA(img image.Image) *image.RGBA {
	b := img.Bounds()
	pm := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(pm, pm.Rect, img, b.Min, draw.Src)
	return pm
}
