package orient

import (
	"image"
	"image/draw"
)

// Apply returns img turned upright by o: a new image of the same kind (a JPEG's YCbCr planes
// stay planes, 1.5 bytes a pixel), or img itself when o is upright. The pixels are copied once,
// by tiles so that a quarter turn stays within the caches; a kind without a plane layout, or a
// subsampled YCbCr whose chroma would not land whole, is made RGBA first.
func Apply(img image.Image, o Orientation) image.Image {
	if o.IsUpright() {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return img
	}
	r := func(min image.Point) image.Rectangle {
		ow, oh := o.Size(w, h)
		return image.Rectangle{Min: min, Max: min.Add(image.Pt(ow, oh))}
	}
	// Each kind's pixels start at its Pix offset of Bounds().Min; the result starts at (0, 0).
	switch m := img.(type) {
	case *image.YCbCr:
		if ratio, ok := turnedRatio(m, o); ok {
			cw, ch := chromaSize(m)
			out := &image.YCbCr{SubsampleRatio: ratio, Rect: r(image.Point{})}
			out.Y, out.YStride = plane(m.Y[m.YOffset(b.Min.X, b.Min.Y):], m.YStride, w, h, 1, o)
			co := m.COffset(b.Min.X, b.Min.Y)
			out.Cb, out.CStride = plane(m.Cb[co:], m.CStride, cw, ch, 1, o)
			out.Cr, _ = plane(m.Cr[co:], m.CStride, cw, ch, 1, o)
			return out
		}
	case *image.Gray:
		pix, stride := plane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 1, o)
		return &image.Gray{Pix: pix, Stride: stride, Rect: r(image.Point{})}
	case *image.Gray16:
		pix, stride := plane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 2, o)
		return &image.Gray16{Pix: pix, Stride: stride, Rect: r(image.Point{})}
	case *image.RGBA:
		pix, stride := plane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 4, o)
		return &image.RGBA{Pix: pix, Stride: stride, Rect: r(image.Point{})}
	case *image.NRGBA:
		pix, stride := plane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 4, o)
		return &image.NRGBA{Pix: pix, Stride: stride, Rect: r(image.Point{})}
	case *image.CMYK:
		pix, stride := plane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 4, o)
		return &image.CMYK{Pix: pix, Stride: stride, Rect: r(image.Point{})}
	case *image.RGBA64:
		pix, stride := plane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 8, o)
		return &image.RGBA64{Pix: pix, Stride: stride, Rect: r(image.Point{})}
	case *image.NRGBA64:
		pix, stride := plane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 8, o)
		return &image.NRGBA64{Pix: pix, Stride: stride, Rect: r(image.Point{})}
	case *image.Paletted:
		pix, stride := plane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 1, o)
		return &image.Paletted{Pix: pix, Stride: stride, Rect: r(image.Point{}), Palette: m.Palette}
	}
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(rgba, rgba.Rect, img, b.Min, draw.Src)
	return Apply(rgba, o)
}

// turnedRatio returns the subsampling of m's planes once turned by o; ok is false when a
// plane-wise turn would not be exact (chroma samples straddling an odd edge that a mirror
// moves, or 4:1:1 and 4:1:0 transposed, which image.YCbCr cannot describe).
func turnedRatio(m *image.YCbCr, o Orientation) (image.YCbCrSubsampleRatio, bool) {
	var sx, sy int
	var turned image.YCbCrSubsampleRatio
	canTurn := true
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio444:
		sx, sy, turned = 1, 1, image.YCbCrSubsampleRatio444
	case image.YCbCrSubsampleRatio422:
		sx, sy, turned = 2, 1, image.YCbCrSubsampleRatio440
	case image.YCbCrSubsampleRatio420:
		sx, sy, turned = 2, 2, image.YCbCrSubsampleRatio420
	case image.YCbCrSubsampleRatio440:
		sx, sy, turned = 1, 2, image.YCbCrSubsampleRatio422
	case image.YCbCrSubsampleRatio411:
		sx, sy, canTurn = 4, 1, false
	case image.YCbCrSubsampleRatio410:
		sx, sy, canTurn = 4, 2, false
	default:
		return 0, false
	}
	b := m.Rect
	// Whole chroma samples only: the image starts and ends on a sample's edge.
	if b.Min.X%sx != 0 || b.Max.X%sx != 0 || b.Min.Y%sy != 0 || b.Max.Y%sy != 0 {
		return 0, false
	}
	if !o.Transposed() {
		return m.SubsampleRatio, true
	}
	return turned, canTurn
}

// chromaSize is the size of m's chroma planes (whole samples, see turnedRatio).
func chromaSize(m *image.YCbCr) (int, int) {
	b := m.Rect
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		return b.Dx() / 2, b.Dy()
	case image.YCbCrSubsampleRatio420:
		return b.Dx() / 2, b.Dy() / 2
	case image.YCbCrSubsampleRatio440:
		return b.Dx(), b.Dy() / 2
	case image.YCbCrSubsampleRatio411:
		return b.Dx() / 4, b.Dy()
	case image.YCbCrSubsampleRatio410:
		return b.Dx() / 4, b.Dy() / 2
	}
	return b.Dx(), b.Dy()
}

// tile is the side, in pixels, of the squares a quarter turn copies one at a time.
const tile = 64

// plane turns a w × h plane of bpp-byte pixels (src from its first pixel, rows stride bytes
// apart) by o into a new, packed plane; it returns the plane and its stride.
func plane(src []byte, stride, w, h, bpp int, o Orientation) ([]byte, int) {
	ow, oh := o.Size(w, h)
	out := make([]byte, ow*oh*bpp)
	ostride := ow * bpp
	// Output pixel (x, y) is read at base + x·dx + y·dy in src (see Orientation's values).
	last := (w-1)*bpp + (h-1)*stride
	var base, dx, dy int
	switch o {
	case MirrorX:
		base, dx, dy = (w-1)*bpp, -bpp, stride
	case Rotate180:
		base, dx, dy = last, -bpp, -stride
	case MirrorY:
		base, dx, dy = (h-1)*stride, bpp, -stride
	case Transpose:
		base, dx, dy = 0, stride, bpp
	case Rotate90:
		base, dx, dy = (h-1)*stride, -stride, bpp
	case Transverse:
		base, dx, dy = last, -stride, -bpp
	case Rotate270:
		base, dx, dy = (w-1)*bpp, stride, -bpp
	default:
		base, dx, dy = 0, bpp, stride
	}
	if !o.Transposed() {
		// Rows stay rows: no tiling needed.
		for y := 0; y < oh; y++ {
			copyRow(out[y*ostride:(y+1)*ostride], src, base+y*dy, dx, bpp)
		}
		return out, ostride
	}
	for ty := 0; ty < oh; ty += tile {
		for tx := 0; tx < ow; tx += tile {
			x1 := min(tx+tile, ow)
			for y := ty; y < min(ty+tile, oh); y++ {
				copyRow(out[y*ostride+tx*bpp:y*ostride+x1*bpp], src, base+y*dy+tx*dx, dx, bpp)
			}
		}
	}
	return out, ostride
}

// copyRow fills dst with the pixels of src at s, s+dx, s+2dx…
func copyRow(dst, src []byte, s, dx, bpp int) {
	if dx == bpp && bpp != 1 {
		copy(dst, src[s:])
		return
	}
	switch bpp {
	case 1:
		if dx == 1 {
			copy(dst, src[s:])
			return
		}
		for i := range dst {
			dst[i] = src[s]
			s += dx
		}
	case 4:
		for i := 0; i+4 <= len(dst); i += 4 {
			copy(dst[i:i+4], src[s:s+4])
			s += dx
		}
	default:
		for i := 0; i+bpp <= len(dst); i += bpp {
			copy(dst[i:i+bpp], src[s:s+bpp])
			s += dx
		}
	}
}
