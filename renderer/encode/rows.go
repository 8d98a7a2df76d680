package encode

import (
	"encoding/binary"
	"image"
	"sync"
	"sync/atomic"
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

// isOpaqueParallel is isOpaque on several goroutines, each over a share of the rows; all stop
// at the first translucent pixel one of them finds.
func isOpaqueParallel(img *image.RGBA, workers int) bool {
	h := img.Rect.Dy()
	workers = min(workers, h/64) // small images: not worth the goroutines
	if workers <= 1 {
		return isOpaque(img)
	}
	var translucent atomic.Bool
	var wg sync.WaitGroup
	for i := range workers {
		y0, y1 := img.Rect.Min.Y+i*h/workers, img.Rect.Min.Y+(i+1)*h/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for y := y0; y < y1 && !translucent.Load(); y += 16 {
				if !opaqueRows(img, y, min(y+16, y1)) {
					translucent.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return !translucent.Load()
}

// isOpaque reports whether every pixel of img has alpha 255.
func isOpaque(img *image.RGBA) bool { return opaqueRows(img, img.Rect.Min.Y, img.Rect.Max.Y) }

// opaqueRows reports whether every pixel of rows y0…y1−1 of img has alpha 255.
func opaqueRows(img *image.RGBA, y0, y1 int) bool {
	const alpha = 0xff000000ff000000
	w := img.Rect.Dx()
	for y := y0; y < y1; y++ {
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

// update adds p to the checksum, 8 bytes at a time: over a block of 8 bytes c0…c7, b grows by
// 8·a + 8·c0 + 7·c1 + … + 1·c7 and a by their sum. The sums are taken in 16-bit lanes of one
// word (even and odd bytes apart) and gathered by multiplications: with lanes l0…l3, the top
// lane of l·0x0001000100010001 is Σ lk and that of l·0x0000000100020003 is Σ k·lk, and
// 8·c0 + … + 1·c7 = 8·Σc − Σ(odd bytes) − 2·Σ k·(c2k + c2k+1).
func (s *adlerState) update(p []byte) {
	const lanes = 0x00ff00ff00ff00ff
	a, b := s.a, s.b
	for len(p) > 0 {
		// 5552 is the largest n for which b cannot overflow before the modulo (a multiple of 8).
		n := min(len(p), 5552)
		q := p[:n]
		for len(q) >= 8 {
			v := binary.LittleEndian.Uint64(q)
			if v == 0 { // most of an Up-filtered page: b grows by 8·a, a stays
				b += a << 3
				q = q[8:]
				continue
			}
			lo, hi := v&lanes, (v>>8)&lanes
			pair := lo + hi
			sum := uint32((pair * 0x0001000100010001) >> 48)
			odd := uint32((hi * 0x0001000100010001) >> 48)
			k := uint32((pair * 0x0000000100020003) >> 48)
			b += 8*a + 8*sum - odd - 2*k
			a += sum
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
