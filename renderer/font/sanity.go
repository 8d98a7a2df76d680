package font

import (
	"encoding/binary"
	"fmt"
)

// Limits on what a font's table directory may declare. go-text allocates a table's declared
// length before reading it, so a 40 KB file claiming a 4 GB table would allocate 4 GB; the
// directory is checked against the file first.
const (
	maxFaces        = 256       // faces in one collection
	maxTables       = 512       // tables in one face (real fonts have under 40)
	maxTableBytes   = 64 << 20  // one decompressed table
	maxWOFFExpanded = 256 << 20 // all decompressed tables of one WOFF face
	zlibMaxRatio    = 1032      // deflate cannot expand a stream more than this
)

// checkDirectory verifies that every table a font file declares lies inside the file and, for
// WOFF, that its declared uncompressed size is one deflate can produce from its compressed
// bytes. It reads only the directories: the tables themselves are go-text's job.
func checkDirectory(data []byte) error {
	n := uint64(len(data))
	u32 := func(off uint64) (uint32, error) {
		if off+4 > n {
			return 0, fmt.Errorf("%w: truncated table directory", ErrNotFont)
		}
		return binary.BigEndian.Uint32(data[off:]), nil
	}
	u16 := func(off uint64) (uint16, error) {
		if off+2 > n {
			return 0, fmt.Errorf("%w: truncated table directory", ErrNotFont)
		}
		return binary.BigEndian.Uint16(data[off:]), nil
	}
	offsets := []uint64{0}
	switch string(data[:4]) {
	case "ttcf":
		count, err := u32(8)
		if err != nil {
			return err
		}
		if count == 0 || count > maxFaces {
			return fmt.Errorf("%w: collection of %d faces", ErrNotFont, count)
		}
		offsets = offsets[:0]
		for i := range uint64(count) {
			o, err := u32(12 + 4*i)
			if err != nil {
				return err
			}
			offsets = append(offsets, uint64(o))
		}
	case "\x00\x00\x01\x00":
		return fmt.Errorf("%w: Mac resource-fork fonts (dfont) are not supported; convert to TTF or OTF", ErrNotFont)
	}
	for _, o := range offsets {
		magic, err := u32(o)
		if err != nil {
			return err
		}
		if magic == 0x774F4646 { // "wOFF"
			if err := checkWOFF(data, o, u16, u32); err != nil {
				return err
			}
			continue
		}
		tables, err := u16(o + 4)
		if err != nil {
			return err
		}
		if tables > maxTables {
			return fmt.Errorf("%w: %d tables", ErrNotFont, tables)
		}
		for i := range uint64(tables) {
			e := o + 12 + 16*i
			off, err := u32(e + 8)
			if err != nil {
				return err
			}
			length, err := u32(e + 12)
			if err != nil {
				return err
			}
			if uint64(off)+uint64(length) > n || length > maxTableBytes {
				return fmt.Errorf("%w: table %q (%d bytes at %d) lies outside the file (%d bytes)",
					ErrNotFont, data[e:e+4], length, off, n)
			}
		}
	}
	return nil
}

// checkWOFF checks the table directory of the WOFF face starting at o.
func checkWOFF(data []byte, o uint64, u16 func(uint64) (uint16, error), u32 func(uint64) (uint32, error)) error {
	n := uint64(len(data))
	tables, err := u16(o + 12)
	if err != nil {
		return err
	}
	if tables > maxTables {
		return fmt.Errorf("%w: %d tables", ErrNotFont, tables)
	}
	var expanded uint64
	for i := range uint64(tables) {
		e := o + 44 + 20*i
		off, err := u32(e + 4)
		if err != nil {
			return err
		}
		comp, err := u32(e + 8)
		if err != nil {
			return err
		}
		orig, err := u32(e + 12)
		if err != nil {
			return err
		}
		tag := data[e : e+4]
		if uint64(off)+uint64(comp) > n {
			return fmt.Errorf("%w: table %q (%d bytes at %d) lies outside the file (%d bytes)", ErrNotFont, tag, comp, off, n)
		}
		if comp < orig && (orig > maxTableBytes || uint64(orig) > uint64(comp)*zlibMaxRatio+1024) {
			return fmt.Errorf("%w: table %q claims to expand from %d to %d bytes", ErrNotFont, tag, comp, orig)
		}
		expanded += uint64(max(comp, orig))
	}
	if expanded > maxWOFFExpanded {
		return fmt.Errorf("%w: tables expand to %d MB (limit %d MB)", ErrNotFont, expanded>>20, maxWOFFExpanded>>20)
	}
	return nil
}
