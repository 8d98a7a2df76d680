package encode

import (
	"bufio"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"io"
	"math"
	"runtime"
)

// JPEG writes img as a baseline JPEG of the given quality (1–100; 0 means 90) with a JFIF
// header recording dpi (when > 0). JPEG has no transparency: translucent pixels are flattened
// onto white, as on paper.
func JPEG(w io.Writer, img image.Image, dpi float64, quality int) error {
	if quality <= 0 {
		quality = 90
	}
	quality = min(quality, 100)
	rgba, straight := asRGBA(img)
	if rgba.Rect.Empty() {
		return ErrEmpty
	}
	if !isOpaque(rgba) {
		rgba = onWhite(rgba, straight)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	jw := &jfifWriter{w: bw, dpi: dpi}
	var err error
	if workers := runtime.GOMAXPROCS(0); workers > 1 && rgba.Rect.Dy() >= 2*jpegStripRows {
		err = jpegStrips(jw, rgba, quality, workers) // in strips, concurrently (jpegstrips.go)
	} else {
		err = jpeg.Encode(jw, rgba, &jpeg.Options{Quality: quality})
	}
	if err != nil {
		return err
	}
	if !jw.done {
		return errors.New("encode: the JPEG encoder wrote no start of image")
	}
	return bw.Flush()
}

// onWhite returns a copy of img composited over opaque white.
func onWhite(img *image.RGBA, straight bool) *image.RGBA {
	out := image.NewRGBA(img.Rect)
	w := img.Rect.Dx()
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		s := img.Pix[img.PixOffset(img.Rect.Min.X, y):]
		d := out.Pix[out.PixOffset(out.Rect.Min.X, y):]
		for x := 0; x < w; x++ {
			a := uint32(s[4*x+3])
			for k := 0; k < 3; k++ {
				c := uint32(s[4*x+k])
				if straight {
					c = (c*a + 127) / 255
				}
				d[4*x+k] = uint8(c + 255 - a)
			}
			d[4*x+3] = 255
		}
	}
	return out
}

// jfifWriter inserts a JFIF APP0 segment (version 1.02, density in dots per inch) right after
// the start-of-image marker that image/jpeg writes first (it writes no APP0 of its own).
type jfifWriter struct {
	w    io.Writer
	dpi  float64
	done bool
	head []byte
}

func (j *jfifWriter) Write(p []byte) (int, error) {
	if j.done {
		return j.w.Write(p)
	}
	n := len(p)
	j.head = append(j.head, p...)
	if len(j.head) < 2 {
		return n, nil
	}
	if j.head[0] != 0xff || j.head[1] != 0xd8 {
		return 0, errors.New("encode: unexpected JPEG stream")
	}
	// Units 1 (dots per inch) with the density; without a resolution, units 0 and a 1:1
	// aspect ratio, as JFIF prescribes.
	units, d := byte(0), uint16(1)
	if j.dpi > 0 {
		units, d = 1, uint16(min(math.Round(j.dpi), 65535))
	}
	app0 := []byte{0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 2, units, 0, 0, 0, 0, 0, 0}
	binary.BigEndian.PutUint16(app0[14:], d)
	binary.BigEndian.PutUint16(app0[16:], d)
	if _, err := j.w.Write(app0); err != nil {
		return 0, err
	}
	j.done = true
	if _, err := j.w.Write(j.head[2:]); err != nil {
		return 0, err
	}
	j.head = nil
	return n, nil
}
