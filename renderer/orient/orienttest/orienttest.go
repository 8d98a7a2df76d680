// Package orienttest makes image files with an EXIF orientation for tests: the picture a
// phone stores sideways, and the tag that says how to turn it.
package orienttest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"affiche/renderer/orient"
)

// Quadrants returns a w × h picture in four flat colours (red top-left, green top-right, blue
// bottom-left, yellow bottom-right), so that any turn or mirror of it is told apart.
func Quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	cols := [4]color.RGBA{{220, 30, 30, 255}, {30, 180, 40, 255}, {30, 60, 220, 255}, {240, 220, 20, 255}}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			q := 0
			if 2*x >= w {
				q++
			}
			if 2*y >= h {
				q += 2
			}
			m.SetRGBA(x, y, cols[q])
		}
	}
	return m
}

// Stored returns how a camera stores upright for orientation o: the pixels that o turns back
// into upright (the inverse turn).
func Stored(upright image.Image, o orient.Orientation) *image.RGBA {
	// Each orientation is its own inverse except the quarter turns, which swap.
	inv := o
	switch o {
	case orient.Rotate90:
		inv = orient.Rotate270
	case orient.Rotate270:
		inv = orient.Rotate90
	}
	out := orient.Apply(upright, inv)
	if r, ok := out.(*image.RGBA); ok {
		return r
	}
	b := out.Bounds()
	r := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r.Set(x, y, out.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return r
}

// TIFF returns a minimal EXIF block: a TIFF header in the given byte order and an IFD0 with
// the orientation tag (a single SHORT).
func TIFF(o orient.Orientation, bo binary.ByteOrder) []byte {
	var b bytes.Buffer
	if bo == binary.BigEndian {
		b.WriteString("MM\x00*")
	} else {
		b.WriteString("II*\x00")
	}
	put := func(v any) { binary.Write(&b, bo, v) }
	put(uint32(8))      // IFD0 offset
	put(uint16(2))      // entries
	put(uint16(0x011a)) // XResolution: RATIONAL at offset 38 (a tag before, to be skipped)
	put(uint16(5))
	put(uint32(1))
	put(uint32(38))
	put(uint16(0x0112)) // Orientation: SHORT, count 1, value in the first two bytes
	put(uint16(3))
	put(uint32(1))
	put(uint16(o))
	put(uint16(0))
	put(uint32(0)) // no next IFD
	put(uint32(72))
	put(uint32(1))
	return b.Bytes()
}

// WithAPP1 inserts an APP1 segment holding payload right after a JPEG's SOI marker.
func WithAPP1(jpg, payload []byte) []byte {
	var b bytes.Buffer
	b.Write(jpg[:2])
	b.Write([]byte{0xff, 0xe1})
	binary.Write(&b, binary.BigEndian, uint16(len(payload)+2))
	b.Write(payload)
	b.Write(jpg[2:])
	return b.Bytes()
}

// JPEG encodes img (quality 100, 4:2:0 as Go's encoder writes) with an APP1 Exif segment
// giving orientation o (none when o is 0).
func JPEG(img image.Image, o orient.Orientation, bo binary.ByteOrder) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 100}); err != nil {
		panic(err)
	}
	if o == 0 {
		return b.Bytes()
	}
	return WithAPP1(b.Bytes(), append([]byte("Exif\x00\x00"), TIFF(o, bo)...))
}

// PNG encodes img with an eXIf chunk giving orientation o, before the image data.
func PNG(img image.Image, o orient.Orientation) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	data := b.Bytes()
	ihdrEnd := 8 + 12 + 13
	body := TIFF(o, binary.BigEndian)
	var c bytes.Buffer
	binary.Write(&c, binary.BigEndian, uint32(len(body)))
	c.WriteString("eXIf")
	c.Write(body)
	binary.Write(&c, binary.BigEndian, crc32.ChecksumIEEE(c.Bytes()[4:]))
	return append(append(append([]byte{}, data[:ihdrEnd]...), c.Bytes()...), data[ihdrEnd:]...)
}
