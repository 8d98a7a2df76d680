package encode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"io"
	"sync"
)

// Go's JPEG encoder runs on one core: 160 ms for an A4 page at 300 dpi. jpegStrips cuts the
// page into strips of whole MCU rows (16 pixel rows: the encoder always writes colour as
// 4:2:0), encodes them concurrently with image/jpeg, and joins their entropy-coded data with
// restart markers. This is sound because every block of a baseline JPEG is coded on its own
// except for its DC coefficient, predicted from the previous block's, and a restart marker
// resets that prediction to zero — the state image/jpeg starts each strip's scan in; each
// strip ends byte-aligned with 1-bits, as the data before a restart marker must. The strips
// share the quantisation and (standard) Huffman tables, so the first strip's headers serve
// the whole image once its height is patched and a DRI segment (the restart interval: the
// MCUs of one strip) is added. The pixels decoded are those of a single-pass encoding; the
// file grows by 2 bytes per strip.

// jpegStripRows is the height of one strip: 16 MCU rows.
const jpegStripRows = 256

// jpegStrips writes img (opaque) as a baseline JPEG encoded in strips on up to workers
// goroutines.
func jpegStrips(w io.Writer, img *image.RGBA, quality, workers int) error {
	b := img.Rect
	strips := (b.Dy() + jpegStripRows - 1) / jpegStripRows
	mcuCols := (b.Dx() + 15) / 16
	if mcuCols*jpegStripRows/16 > 0xffff || b.Dx() >= 1<<16 || b.Dy() >= 1<<16 {
		return errors.New("jpeg: image is too large to encode")
	}
	out := make([][]byte, strips)
	errs := make([]error, strips)
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, strips)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				y0 := b.Min.Y + i*jpegStripRows
				strip := img.SubImage(image.Rect(b.Min.X, y0, b.Max.X, min(y0+jpegStripRows, b.Max.Y)))
				var buf bytes.Buffer
				errs[i] = jpeg.Encode(&buf, strip, &jpeg.Options{Quality: quality})
				out[i] = buf.Bytes()
			}
		}()
	}
	for i := range strips {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	head, _, err := splitJPEG(out[0])
	if err != nil {
		return err
	}
	// The first strip's headers, with the image's height and the restart interval.
	sof := findMarker(head, 0xc0)
	sos := findMarker(head, 0xda)
	if sof < 0 || sos < 0 || sof+9 > len(head) {
		return errors.New("encode: unexpected JPEG headers")
	}
	binary.BigEndian.PutUint16(head[sof+5:], uint16(b.Dy()))
	dri := []byte{0xff, 0xdd, 0, 4, 0, 0}
	binary.BigEndian.PutUint16(dri[4:], uint16(mcuCols*jpegStripRows/16))
	if _, err := w.Write(head[:sos]); err != nil {
		return err
	}
	if _, err := w.Write(dri); err != nil {
		return err
	}
	if _, err := w.Write(head[sos:]); err != nil {
		return err
	}
	for i, s := range out {
		_, scan, err := splitJPEG(s)
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := w.Write([]byte{0xff, 0xd0 + byte((i-1)%8)}); err != nil {
				return err
			}
		}
		if _, err := w.Write(scan); err != nil {
			return err
		}
	}
	_, err = w.Write([]byte{0xff, 0xd9})
	return err
}

// splitJPEG splits a JPEG image/jpeg wrote into its headers (from SOI through the SOS segment)
// and its entropy-coded data (up to, not including, EOI).
func splitJPEG(data []byte) (head, scan []byte, err error) {
	sos := findMarker(data, 0xda)
	if sos < 0 || sos+4 > len(data) || len(data) < 2 || data[len(data)-2] != 0xff || data[len(data)-1] != 0xd9 {
		return nil, nil, errors.New("encode: unexpected JPEG stream")
	}
	end := sos + 2 + int(binary.BigEndian.Uint16(data[sos+2:]))
	if end > len(data)-2 {
		return nil, nil, errors.New("encode: unexpected JPEG stream")
	}
	return data[:end], data[end : len(data)-2], nil
}

// findMarker returns the offset of the first segment with the given marker among the header
// segments that follow SOI (walking segment lengths, so it never looks inside one), or -1.
func findMarker(data []byte, marker byte) int {
	i := 2 // after SOI
	for i+4 <= len(data) && data[i] == 0xff {
		if data[i+1] == marker {
			return i
		}
		if data[i+1] == 0xda { // the scan follows: no more headers
			return -1
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	return -1
}
