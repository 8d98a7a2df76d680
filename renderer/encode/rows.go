package encode

import (
	"encoding/binary"
	"image"
)

// Word-at-a-time versions of the hot loops of PNG encoding: the opacity scan, the "Up" filter
// of opaque RGBA rows written as RGB, and Adler-32. Each is checked against its byte-by-byte
// form in rows_test.go.

const hiBits = 0x8080808080808080

// subBytes subtracts the 8 bytes of b from those of a, each modulo 256, with no borrow from
// one byte into the next.
func subBytes(a, b uint64) uint64 {
	return ((a | hiBits) - (b &^ hiBits)) ^ ((a ^ ^b) & hiBits)
}

// upRGB writes the PNG "Up"-filtered form of RGBA row cur (prev is the row above, all zeros
// for the first row) as RGB into out: out[0] is the filter type, then 3 bytes per pixel.
// Alpha is dropped: the caller has checked that every pixel is opaque. out needs len 1+3w.
// Four pixels a step; the loop conditions let the compiler drop the bounds checks.
func upRGB(out, cur, prev []byte, w int) []byte {
	out = out[:1+3*w]
	out[0] = filterUp
	o := out[1:]
	c, p := cur[:4*w], prev[:4*w]
	for len(c) >= 16 && len(p) >= 16 && len(o) >= 12 {
		d0 := subBytes(binary.LittleEndian.Uint64(c), binary.LittleEndian.Uint64(p))
		d1 := subBytes(binary.LittleEndian.Uint64(c[8:]), binary.LittleEndian.Uint64(p[8:]))
		binary.LittleEndian.PutUint64(o, d0&0xffffff|(d0>>8)&0xffffff000000|(d1&0xffff)<<48)
		binary.LittleEndian.PutUint32(o[8:], uint32(d1>>16)&0xff|uint32(d1>>24)&0xffffff00)
		c, p, o = c[16:], p[16:], o[12:]
	}
	for len(c) >= 4 && len(p) >= 4 && len(o) >= 3 {
		o[0], o[1], o[2] = c[0]-p[0], c[1]-p[1], c[2]-p[2]
		c, p, o = c[4:], p[4:], o[3:]
	}
	return out
}

// isOpaque reports whether every pixel of img has alpha 255.
func isOpaque(img *image.RGBA) bool {
	const alpha = 0xff000000ff000000
	w := img.Rect.Dx()
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, y):][:4*w]
		acc := uint64(alpha)
		i := 0
		for ; i+32 <= len(row); i += 32 {
			acc &= binary.LittleEndian.Uint64(row[i:]) & binary.LittleEndian.Uint64(row[i+8:]) &
				binary.LittleEndian.Uint64(row[i+16:]) & binary.LittleEndian.Uint64(row[i+24:])
		}
		for ; i+8 <= len(row); i += 8 {
			acc &= binary.LittleEndian.Uint64(row[i:])
		}
		if acc&alpha != alpha {
			return false
		}
		for ; i < len(row); i += 4 {
			if row[i+3] != 255 {
				return false
			}
		}
	}
	return true
}

// Adler-32 (RFC 1950), computed per band and combined, as zlib's adler32_combine does.

const adlerMod = 65521

type adlerState struct{ a, b uint32 }

// update adds p to the checksum. Eight bytes at a time: over a block of 8, b grows by 8·a
// plus the bytes weighted 8, 7, …, 1, and a by their sum.
func (s *adlerState) update(p []byte) {
	a, b := s.a, s.b
	for len(p) > 0 {
		// 5552 is the largest n for which b cannot overflow before the modulo.
		n := min(len(p), 5552)
		q := p[:n]
		for len(q) >= 8 {
			c0, c1, c2, c3 := uint32(q[0]), uint32(q[1]), uint32(q[2]), uint32(q[3])
			c4, c5, c6, c7 := uint32(q[4]), uint32(q[5]), uint32(q[6]), uint32(q[7])
			b += 8*a + 8*c0 + 7*c1 + 6*c2 + 5*c3 + 4*c4 + 3*c5 + 2*c6 + c7
			a += c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7
			q = q[8:]
		}
		for _, c := range q {
			a += uint32(c)
			b += a
		}
		a %= adlerMod
		b %= adlerMod
		p = p[n:]
	}
	s.a, s.b = a, b
}

// updateZeroRow adds a filter-type byte followed by n zero bytes (a row equal to the one above,
// Up-filtered) without reading them: each zero adds the running a to b.
func (s *adlerState) updateZeroRow(filter byte, n int) {
	a := (s.a + uint32(filter)) % adlerMod
	b := (s.b + a) % adlerMod
	s.a, s.b = a, uint32((uint64(b)+uint64(n%adlerMod)*uint64(a))%adlerMod)
}

func (s *adlerState) sum() uint32 { return s.b<<16 | s.a }

// adler32Combine returns the Adler-32 of the concatenation of two streams, from their sums and
// the second one's length.
func adler32Combine(adler1, adler2 uint32, len2 int) uint32 {
	rem := uint32(len2 % adlerMod)
	a1, b1 := adler1&0xffff, adler1>>16
	a2, b2 := adler2&0xffff, adler2>>16
	sum1 := a1 + a2 + adlerMod - 1
	sum2 := (rem*a1)%adlerMod + b1 + b2 + adlerMod - rem
	for sum1 >= adlerMod {
		sum1 -= adlerMod
	}
	for sum2 >= adlerMod {
		sum2 -= adlerMod
	}
	return sum2<<16 | sum1
}
