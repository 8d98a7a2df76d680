// Package orient reads the EXIF orientation of image files and turns decoded pixels upright,
// as browsers do: a phone photo taken sideways is stored sideways with a tag saying how to turn
// it, and the editor (which lets the browser decode photos) shows it turned. The exports must
// show the same. It imports nothing of the project, so that every part that reads an image's
// size (renderer, server, libraries) can agree with the browser.
package orient

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
)

// Orientation is an EXIF orientation (TIFF tag 0x0112): how the stored pixels are turned to be
// shown. 1 is upright; 2 mirrored left–right; 3 turned 180°; 4 mirrored top–bottom; 5
// transposed (mirrored about the main diagonal); 6 turned 90° clockwise; 7 transversed; 8
// turned 90° counter-clockwise. 0 (no tag) is treated as 1.
type Orientation uint8

// The orientations by name.
const (
	Upright    Orientation = 1
	MirrorX    Orientation = 2
	Rotate180  Orientation = 3
	MirrorY    Orientation = 4
	Transpose  Orientation = 5
	Rotate90   Orientation = 6 // clockwise, to be shown
	Transverse Orientation = 7
	Rotate270  Orientation = 8 // clockwise, to be shown (90° counter-clockwise)
)

// IsUpright reports whether o leaves the pixels as stored (1, or 0 for no tag).
func (o Orientation) IsUpright() bool { return o <= Upright || o > Rotate270 }

// Transposed reports whether o swaps width and height (5–8).
func (o Orientation) Transposed() bool { return o >= Transpose && o <= Rotate270 }

// Size returns the size shown of a w × h stored image.
func (o Orientation) Size(w, h int) (int, int) {
	if o.Transposed() {
		return h, w
	}
	return w, h
}

// Unit returns the map [a b c d e f] (as scene.Affine: x' = a·x + c·y + e, y' = b·x + d·y + f)
// from a point of the stored image, in fractions of its width and height from its top-left
// corner, to where it is shown, in fractions of the shown width and height.
func (o Orientation) Unit() [6]float64 {
	switch o {
	case MirrorX:
		return [6]float64{-1, 0, 0, 1, 1, 0}
	case Rotate180:
		return [6]float64{-1, 0, 0, -1, 1, 1}
	case MirrorY:
		return [6]float64{1, 0, 0, -1, 0, 1}
	case Transpose: // (x, y) → (y, x)
		return [6]float64{0, 1, 1, 0, 0, 0}
	case Rotate90: // (x, y) → (1−y, x)
		return [6]float64{0, 1, -1, 0, 1, 0}
	case Transverse: // (x, y) → (1−y, 1−x)
		return [6]float64{0, -1, -1, 0, 1, 1}
	case Rotate270: // (x, y) → (y, 1−x)
		return [6]float64{0, -1, 1, 0, 0, 1}
	}
	return [6]float64{1, 0, 0, 1, 0, 0}
}

// maxSegments bounds the JPEG markers and PNG chunks looked at before giving up: metadata sits
// at the start of a file, and a crafted file must not make this walk long.
const maxSegments = 512

// Of returns the orientation a browser applies to an image file: the EXIF tag of a JPEG's first
// APP1 "Exif" segment, or of a PNG's eXIf chunk when it comes before the image data (Chromium
// reads it only there, and only with a valid CRC). WebP, GIF and anything malformed, truncated
// or unknown give Upright: Chromium ignores a WebP's EXIF orientation, so the editor shows such
// a file as stored. It never panics and reads only the file's headers.
func Of(data []byte) Orientation {
	switch {
	case len(data) >= 4 && data[0] == 0xff && data[1] == 0xd8:
		return ofJPEG(data)
	case len(data) >= 8 && string(data[:8]) == "\x89PNG\r\n\x1a\n":
		return ofPNG(data)
	}
	return Upright
}

func ofJPEG(data []byte) Orientation {
	p := 2
	for range maxSegments {
		if p+4 > len(data) || data[p] != 0xff {
			return Upright
		}
		m := data[p+1]
		switch {
		case m == 0xff: // fill byte
			p++
			continue
		case m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7): // markers without a length
			p += 2
			continue
		case m == 0xda || m == 0xd9: // start of scan, end of image: no more metadata
			return Upright
		}
		n := int(data[p+2])<<8 | int(data[p+3])
		if n < 2 || p+2+n > len(data) {
			return Upright
		}
		if seg := data[p+4 : p+2+n]; m == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			// The first Exif segment decides, as in Chromium.
			return FromTIFF(seg[6:])
		}
		p += 2 + n
	}
	return Upright
}

func ofPNG(data []byte) Orientation {
	p := 8
	for range maxSegments {
		if p+12 > len(data) {
			return Upright
		}
		n := binary.BigEndian.Uint32(data[p:])
		if n > uint32(len(data)-p-12) {
			return Upright
		}
		typ := string(data[p+4 : p+8])
		switch typ {
		case "IDAT", "IEND":
			return Upright
		case "eXIf":
			body := data[p+8 : p+8+int(n)]
			if crc32.ChecksumIEEE(data[p+4:p+8+int(n)]) != binary.BigEndian.Uint32(data[p+8+int(n):]) {
				return Upright
			}
			return FromTIFF(body)
		}
		p += 12 + int(n)
	}
	return Upright
}

// FromTIFF returns the orientation tag of an EXIF block (a TIFF header, either byte order, then
// IFD0), or Upright when there is none or the block is malformed. Only IFD0 is read, so no
// chain of offsets can loop; an entry counts only as a single SHORT of value 1–8.
func FromTIFF(t []byte) Orientation {
	if len(t) < 8 {
		return Upright
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return Upright
	}
	off := bo.Uint32(t[4:])
	if off < 8 || off > uint32(len(t)-2) {
		return Upright
	}
	n := int(bo.Uint16(t[off:]))
	entries := t[off+2:]
	for i := 0; i < n && 12*i+12 <= len(entries); i++ {
		e := entries[12*i : 12*i+12]
		if bo.Uint16(e) != 0x0112 {
			continue
		}
		if bo.Uint16(e[2:]) != 3 || bo.Uint32(e[4:]) != 1 { // one SHORT
			return Upright
		}
		if v := bo.Uint16(e[8:]); v >= 1 && v <= 8 {
			return Orientation(v)
		}
		return Upright
	}
	return Upright
}

// DecodeConfig is image.DecodeConfig on a file's bytes with the size as shown (width and height
// swapped for orientations 5–8). Only the decoders the program registered are used.
func DecodeConfig(data []byte) (image.Config, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, format, err
	}
	cfg.Width, cfg.Height = Of(data).Size(cfg.Width, cfg.Height)
	return cfg, format, nil
}
