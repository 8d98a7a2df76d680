// Package encode writes rendered pages as PNG and JPEG files, fast, with their resolution
// recorded (PNG pHYs, JPEG JFIF density) so that print software opens a 300-dpi export at its
// true size.
//
// Go's image/png compresses at its default level on one core: about 830 ms for an A4 page at
// 300 dpi. PNG here cuts the filtered rows into bands that are deflated concurrently at
// level 1 into one zlib stream (each band but the last ends with a sync flush, which aligns it
// to a byte boundary so the raw deflate streams concatenate; the Adler-32 checksums of the
// bands are combined), writes RGB instead of RGBA when the image is opaque, and filters every
// row with "Up": on an A4 300-dpi poster it compresses within 1 % of libpng's adaptive choice
// in 40 % of its time, and far faster than Paeth or Sub (BenchmarkPNG measures them).
//
// Deflate is github.com/klauspost/compress/flate: at level 1 it takes 21 ms of CPU where
// compress/flate's BestSpeed takes 45 ms on the rows of the peer's A4 poster at 300 dpi, for a
// file 4.6 % larger (1.21 MB instead of 1.16; 1.6 % smaller on the 150-dpi golden poster).
// Opaque rows are filtered as RGB straight from the page, 8 bytes at a time (rows.go).
package encode

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/draw"
	"io"
	"math"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"
)

// PNG writes img as an 8-bit PNG: RGB when every pixel is opaque, RGBA otherwise (straight
// alpha, as PNG requires: premultiplied input is converted). dpi > 0 is recorded in the pHYs
// chunk.
func PNG(w io.Writer, img image.Image, dpi float64) error {
	return pngWith(w, img, dpi, pngConfig{level: flate.BestSpeed, filter: filterUp, workers: runtime.GOMAXPROCS(0)})
}

// Row filters (PNG filter types 0–4) and the adaptive choice.
const (
	filterNone = iota
	filterSub
	filterUp
	filterAverage
	filterPaeth
	filterAuto // per row, the filter with the smallest sum of absolute values (libpng's heuristic), among None, Sub and Up
)

type pngConfig struct {
	level   int
	filter  int
	workers int
	band    int // rows per band (0: chosen from the image size)
}

// ErrEmpty is returned for an image with no pixels.
var ErrEmpty = errors.New("encode: empty image")

func pngWith(w io.Writer, img image.Image, dpi float64, cfg pngConfig) error {
	rgba, straight := asRGBA(img)
	b := rgba.Rect
	if b.Empty() {
		return ErrEmpty
	}
	opaque := isOpaqueParallel(rgba, cfg.workers)
	bpp := 4
	if opaque {
		bpp = 3
	}
	width, height := b.Dx(), b.Dy()
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.WriteString("\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8] = 8 // bit depth
	ihdr[9] = 6 // RGBA
	if opaque {
		ihdr[9] = 2 // RGB
	}
	if err := writeChunk(bw, "IHDR", ihdr[:]); err != nil {
		return err
	}
	if dpi > 0 {
		ppm := uint32(math.Round(dpi / 0.0254))
		var phys [9]byte
		binary.BigEndian.PutUint32(phys[0:], ppm)
		binary.BigEndian.PutUint32(phys[4:], ppm)
		phys[8] = 1 // unit: metre
		if err := writeChunk(bw, "pHYs", phys[:]); err != nil {
			return err
		}
	}

	// Bands of rows, deflated concurrently, written in order.
	band := cfg.band
	if band <= 0 {
		// ~256 KB of raw rows per band: enough for deflate to find its matches, small enough
		// to keep both cores busy to the end.
		band = max(16, (256<<10)/(width*bpp+1))
	}
	nb := (height + band - 1) / band
	type result struct {
		data  []byte
		adler uint32
		n     int // uncompressed length
		err   error
	}
	results := make([]chan result, nb)
	for i := range results {
		results[i] = make(chan result, 1)
	}
	workers := max(1, min(cfg.workers, nb))
	jobs := make(chan int)
	// At most 2 bands per worker wait to be written, so memory stays bounded when the
	// destination is slow.
	slots := make(chan struct{}, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			enc := newBandEncoder(width, bpp, cfg)
			for i := range jobs {
				y0 := b.Min.Y + i*band
				y1 := min(y0+band, b.Max.Y)
				data, adler, n, err := enc.encode(rgba, straight, y0, y1, i == nb-1)
				results[i] <- result{data, adler, n, err}
			}
		}()
	}
	go func() {
		for i := 0; i < nb; i++ {
			slots <- struct{}{}
			jobs <- i
		}
		close(jobs)
	}()
	defer wg.Wait()

	var adler uint32 = 1
	// The zlib stream: header, deflate data, Adler-32; split over IDAT chunks as it comes.
	header := []byte{0x78, 0x01} // deflate, 32K window, fastest; (0x7801 % 31 == 0)
	pending := header
	var err error
	for i := 0; i < nb; i++ {
		res := <-results[i]
		<-slots
		if res.err != nil && err == nil {
			err = res.err
		}
		if err != nil {
			continue // drain the others
		}
		adler = adler32Combine(adler, res.adler, res.n)
		chunk := append(pending, res.data...)
		pending = nil
		if i == nb-1 {
			var sum [4]byte
			binary.BigEndian.PutUint32(sum[:], adler)
			chunk = append(chunk, sum[:]...)
		}
		if err = writeChunk(bw, "IDAT", chunk); err != nil {
			continue
		}
	}
	if err != nil {
		return err
	}
	if err := writeChunk(bw, "IEND", nil); err != nil {
		return err
	}
	return bw.Flush()
}

// bandEncoder filters and deflates bands of rows, reusing its buffers.
type bandEncoder struct {
	cfg     pngConfig
	bpp     int
	raw     []byte    // one row of raw pixels, then its filtered forms
	prev    []byte    // the previous row, raw
	cand    [3][]byte // filtered candidates for filterAuto
	zero    []byte    // an RGBA row of zeros (fast path)
	zeroRow []byte    // a row equal to the one above, Up-filtered as RGB (fast path)
	out     bytes.Buffer
	fw      *flate.Writer
	adlerIn adlerState
}

func newBandEncoder(width, bpp int, cfg pngConfig) *bandEncoder {
	e := &bandEncoder{cfg: cfg, bpp: bpp}
	n := width * bpp
	e.raw = make([]byte, n)
	e.prev = make([]byte, n)
	for i := range e.cand {
		e.cand[i] = make([]byte, n+1)
	}
	if bpp == 3 && cfg.filter == filterUp {
		e.zero = make([]byte, 4*width) // the row above the first
		e.zeroRow = make([]byte, n+1)
		e.zeroRow[0] = filterUp
	}
	e.fw, _ = flate.NewWriter(&e.out, cfg.level)
	return e
}

// encode returns the raw deflate data of rows y0..y1 (ending with a sync flush, or with the
// final block when last), the Adler-32 of the uncompressed bytes and their count.
func (e *bandEncoder) encode(img *image.RGBA, straight bool, y0, y1 int, last bool) ([]byte, uint32, int, error) {
	e.out.Reset()
	e.fw.Reset(&e.out)
	e.adlerIn = adlerState{a: 1}
	n := 0
	// Opaque rows with the Up filter are filtered straight from the image; otherwise each row
	// is read (converted) first, and the first row of a band is filtered against the row
	// above it, read from the image.
	fast := e.bpp == 3 && e.cfg.filter == filterUp
	switch {
	case fast:
	case y0 > img.Rect.Min.Y:
		readRow(img, straight, y0-1, e.bpp, e.prev)
	default:
		clear(e.prev)
	}
	w := img.Rect.Dx()
	for y := y0; y < y1; y++ {
		var row []byte
		same := false
		if fast {
			cur := img.Pix[img.PixOffset(img.Rect.Min.X, y):][:4*w]
			prev := e.zero
			if y > img.Rect.Min.Y {
				prev = img.Pix[img.PixOffset(img.Rect.Min.X, y-1):][:4*w]
			}
			// A row equal to the one above (a third of an A4 poster's rows) filters to zeros.
			if same = bytes.Equal(cur, prev); same {
				row = e.zeroRow
			} else {
				row = upRGB(e.cand[0], cur, prev, w)
			}
		} else {
			readRow(img, straight, y, e.bpp, e.raw)
			row = e.filter()
		}
		if _, err := e.fw.Write(row); err != nil {
			return nil, 0, 0, err
		}
		if same {
			e.adlerIn.updateZeroRow(row[0], len(row)-1)
		} else {
			e.adlerIn.update(row)
		}
		n += len(row)
		e.raw, e.prev = e.prev, e.raw
	}
	var err error
	if last {
		err = e.fw.Close()
	} else {
		err = e.fw.Flush()
	}
	if err != nil {
		return nil, 0, 0, err
	}
	return append([]byte(nil), e.out.Bytes()...), e.adlerIn.sum(), n, nil
}

// filter returns the filtered form of e.raw (with its filter-type byte), given e.prev.
func (e *bandEncoder) filter() []byte {
	cur, prev, bpp := e.raw, e.prev, e.bpp
	switch e.cfg.filter {
	case filterNone:
		out := e.cand[0]
		out[0] = filterNone
		copy(out[1:], cur)
		return out
	case filterSub:
		return filterSubRow(e.cand[0], cur, bpp)
	case filterUp:
		return filterUpRow(e.cand[0], cur, prev)
	case filterPaeth:
		return filterPaethRow(e.cand[0], cur, prev, bpp)
	}
	// Adaptive: the candidate with the smallest sum of absolute (signed) values.
	best, bestSum := e.cand[0], math.MaxInt
	for i, f := range []func([]byte) []byte{
		func(o []byte) []byte { return filterUpRow(o, cur, prev) },
		func(o []byte) []byte { return filterSubRow(o, cur, bpp) },
		func(o []byte) []byte { o[0] = filterNone; copy(o[1:], cur); return o },
	} {
		out := f(e.cand[i])
		s := absSum(out[1:], bestSum)
		if s < bestSum {
			best, bestSum = out, s
		}
	}
	return best
}

func absSum(b []byte, stop int) int {
	s := 0
	for i, v := range b {
		if v < 128 {
			s += int(v)
		} else {
			s += 256 - int(v)
		}
		if i&1023 == 1023 && s >= stop {
			return s
		}
	}
	return s
}

func filterSubRow(out, cur []byte, bpp int) []byte {
	out[0] = filterSub
	o := out[1:]
	copy(o[:bpp], cur[:bpp])
	for i := bpp; i < len(cur); i++ {
		o[i] = cur[i] - cur[i-bpp]
	}
	return out
}

func filterUpRow(out, cur, prev []byte) []byte {
	out[0] = filterUp
	o := out[1:]
	for i := range cur {
		o[i] = cur[i] - prev[i]
	}
	return out
}

func filterPaethRow(out, cur, prev []byte, bpp int) []byte {
	out[0] = filterPaeth
	o := out[1:]
	for i := range cur {
		var a, c int
		b := int(prev[i])
		if i >= bpp {
			a, c = int(cur[i-bpp]), int(prev[i-bpp])
		}
		p := a + b - c
		pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
		pred := c
		if pa <= pb && pa <= pc {
			pred = a
		} else if pb <= pc {
			pred = b
		}
		o[i] = cur[i] - byte(pred)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// readRow copies row y as RGB (bpp 3) or straight-alpha RGBA (bpp 4) bytes.
func readRow(img *image.RGBA, straight bool, y, bpp int, dst []byte) {
	src := img.Pix[img.PixOffset(img.Rect.Min.X, y):]
	w := img.Rect.Dx()
	if bpp == 3 {
		for x := 0; x < w; x++ {
			dst[3*x], dst[3*x+1], dst[3*x+2] = src[4*x], src[4*x+1], src[4*x+2]
		}
		return
	}
	copy(dst, src[:4*w])
	if straight {
		return
	}
	for x := 0; x < w; x++ {
		a := uint32(dst[4*x+3])
		if a == 255 {
			continue
		}
		if a == 0 {
			dst[4*x], dst[4*x+1], dst[4*x+2] = 0, 0, 0
			continue
		}
		for k := 0; k < 3; k++ {
			dst[4*x+k] = uint8(min(255, (uint32(dst[4*x+k])*255+a/2)/a))
		}
	}
}

// asRGBA returns the image's pixels as an *image.RGBA and whether they are straight (NRGBA)
// rather than premultiplied.
func asRGBA(img image.Image) (*image.RGBA, bool) {
	switch m := img.(type) {
	case *image.RGBA:
		return m, false
	case *image.NRGBA:
		return &image.RGBA{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect}, true
	}
	r := image.NewRGBA(img.Bounds())
	draw.Draw(r, r.Rect, img, r.Rect.Min, draw.Src)
	return r, false
}

func writeChunk(w io.Writer, kind string, data []byte) error {
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], kind)
	crc := crc32.NewIEEE()
	crc.Write(head[4:])
	crc.Write(data)
	var tail [4]byte
	binary.BigEndian.PutUint32(tail[:], crc.Sum32())
	if _, err := w.Write(head[:]); err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	_, err := w.Write(tail[:])
	return err
}
