package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// fpdf embeds a TrueType font by parsing it itself, and when it dislikes a font it prints a
// message on standard output and carries on with zero widths, or panics on a truncated table.
// sfnt reads the same tables the way fpdf does, first, so that only fonts fpdf handles well
// are given to it (the others are drawn as outlines), and so that the writer knows, without
// asking fpdf, which glyph each character gets in the embedded font and the width the PDF will
// declare for it.

// sfnt is what the PDF writer needs from a TrueType font file.
type sfnt struct {
	upem        int
	numGlyphs   int
	numHMetrics int
	hmtx        []byte
	// cmap4 is the format-4 cmap subtable fpdf picks: the first Unicode one (platform 0, or
	// Windows Unicode BMP), in table order.
	cmap4 []byte
}

func u16(b []byte, off int) (int, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return int(binary.BigEndian.Uint16(b[off:])), true
}

func u32(b []byte, off int) (int, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	return int(binary.BigEndian.Uint32(b[off:])), true
}

var errFont = errors.New("font not embeddable by the PDF writer")

func fontErr(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errFont}, a...)...)
}

// parseSFNT checks that fpdf can embed data and reads what the writer needs. fsType
// restrictions (no embedding, no subsetting, bitmap only) make the font unembeddable too.
func parseSFNT(data []byte) (*sfnt, error) {
	v, ok := u32(data, 0)
	if !ok || (v != 0x00010000 && v != 0x74727565) {
		return nil, fontErr("not a TrueType font")
	}
	n, ok := u16(data, 4)
	if !ok || n == 0 || n > 200 {
		return nil, fontErr("bad table directory")
	}
	tables := map[string][]byte{}
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil, fontErr("truncated table directory")
		}
		tag := string(data[rec : rec+4])
		off, _ := u32(data, rec+8)
		size, _ := u32(data, rec+12)
		if off < 0 || size < 0 || off+size > len(data) || off+size < off {
			return nil, fontErr("table %q out of the file", tag)
		}
		tables[tag] = data[off : off+size]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "cmap", "loca", "glyf", "name", "post"} {
		if len(tables[t]) == 0 {
			return nil, fontErr("no %q table", t)
		}
	}
	s := &sfnt{}
	head := tables["head"]
	if len(head) < 54 {
		return nil, fontErr("short head table")
	}
	s.upem, _ = u16(head, 18)
	locFormat, _ := u16(head, 50)
	glyphFormat, _ := u16(head, 52)
	if s.upem < 16 || s.upem > 16384 || (locFormat != 0 && locFormat != 1) || glyphFormat != 0 {
		return nil, fontErr("unsupported head table")
	}
	hhea := tables["hhea"]
	if len(hhea) < 36 {
		return nil, fontErr("short hhea table")
	}
	metricFormat, _ := u16(hhea, 32)
	s.numHMetrics, _ = u16(hhea, 34)
	if metricFormat != 0 || s.numHMetrics == 0 {
		return nil, fontErr("unsupported hhea table")
	}
	s.numGlyphs, ok = u16(tables["maxp"], 4)
	if !ok || s.numGlyphs == 0 || s.numHMetrics > s.numGlyphs {
		return nil, fontErr("bad maxp table")
	}
	s.hmtx = tables["hmtx"]
	if len(s.hmtx) < 4*s.numHMetrics {
		return nil, fontErr("short hmtx table")
	}
	locSize := 2
	if locFormat == 1 {
		locSize = 4
	}
	if len(tables["loca"]) < locSize*(s.numGlyphs+1) {
		return nil, fontErr("short loca table")
	}
	if os2 := tables["OS/2"]; len(os2) > 0 {
		fsType, ok := u16(os2, 8)
		if !ok || len(os2) < 78 {
			return nil, fontErr("short OS/2 table")
		}
		if fsType == 0x0002 || fsType&0x0300 != 0 {
			return nil, fontErr("the font's licence forbids embedding or subsetting it (fsType %#x)", fsType)
		}
	}
	if err := checkName(tables["name"]); err != nil {
		return nil, err
	}
	if len(tables["post"]) < 16 {
		return nil, fontErr("short post table")
	}
	cmap := tables["cmap"]
	cnt, ok := u16(cmap, 2)
	if !ok {
		return nil, fontErr("short cmap table")
	}
	for i := 0; i < cnt; i++ {
		platform, ok1 := u16(cmap, 4+8*i)
		enc, ok2 := u16(cmap, 6+8*i)
		off, ok3 := u32(cmap, 8+8*i)
		if !ok1 || !ok2 || !ok3 {
			return nil, fontErr("truncated cmap table")
		}
		if (platform == 3 && enc == 1) || platform == 0 {
			if f, ok := u16(cmap, off); ok && f == 4 {
				l, ok := u16(cmap, off+2)
				if !ok || off+l > len(cmap) || l < 16 {
					return nil, fontErr("truncated cmap subtable")
				}
				s.cmap4 = cmap[off : off+l]
				break
			}
		}
	}
	if s.cmap4 == nil {
		return nil, fontErr("no Unicode cmap of format 4")
	}
	segX2, _ := u16(s.cmap4, 6)
	if segX2 == 0 || segX2%2 != 0 || 16+4*segX2 > len(s.cmap4) {
		return nil, fontErr("bad cmap subtable")
	}
	return s, nil
}

// checkName rejects what makes fpdf stop reading the name table with a message: a format
// other than 0, or an odd-length Windows Unicode name among those it reads.
func checkName(name []byte) error {
	format, ok := u16(name, 0)
	if !ok || format != 0 {
		return fontErr("unsupported name table")
	}
	count, _ := u16(name, 2)
	for i := 0; i < count; i++ {
		rec := 6 + 12*i
		platform, ok := u16(name, rec)
		if !ok || rec+12 > len(name) {
			return fontErr("truncated name table")
		}
		enc, _ := u16(name, rec+2)
		lang, _ := u16(name, rec+4)
		id, _ := u16(name, rec+6)
		size, _ := u16(name, rec+8)
		if platform == 3 && enc == 1 && lang == 0x409 && (id == 1 || id == 2 || id == 3 || id == 4 || id == 6) && size%2 != 0 {
			return fontErr("odd-length name")
		}
	}
	return nil
}

// glyph returns the glyph fpdf's embedded font draws for r (0: none), reading the format-4
// subtable as fpdf does.
func (s *sfnt) glyph(r rune) int {
	if r <= 0 || r >= 0xFFFF {
		return 0
	}
	c := int(r)
	t := s.cmap4
	segs := 0
	if v, ok := u16(t, 6); ok {
		segs = v / 2
	}
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	// Binary search on the end codes.
	lo, hi := 0, segs
	for lo < hi {
		m := (lo + hi) / 2
		e, _ := u16(t, ends+2*m)
		if e < c {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo >= segs {
		return 0
	}
	start, _ := u16(t, starts+2*lo)
	if c < start {
		return 0
	}
	delta, _ := u16(t, deltas+2*lo)
	ro, _ := u16(t, ranges+2*lo)
	if ro == 0 {
		return (c + delta) & 0xFFFF
	}
	pos := ranges + 2*lo + ro + 2*(c-start)
	if pos+2 > len(t) {
		return 0
	}
	g, _ := u16(t, pos)
	if g == 0 {
		return 0
	}
	return (g + delta) & 0xFFFF
}

// width returns the width fpdf declares for glyph g, in thousandths of the em (rounded as
// fpdf rounds it; advances of 32768 units or more count as 0, as in fpdf).
func (s *sfnt) width(g int) int {
	i := g
	if i >= s.numHMetrics {
		i = s.numHMetrics - 1
	}
	adv, _ := u16(s.hmtx, 4*i)
	if adv >= 1<<15 {
		adv = 0
	}
	return int(math.Round(1000 / float64(s.upem) * float64(adv)))
}
