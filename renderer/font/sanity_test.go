package font_test

import (
	"encoding/binary"
	"errors"
	"testing"

	"affiche/renderer/font"
)

// TestLyingTableDirectories feeds files whose table directory claims more than the file holds:
// each must be refused with ErrNotFont before go-text allocates what the directory claims.
func TestLyingTableDirectories(t *testing.T) {
	ttf := fontFile(t, "noto-sans-hebrew/NotoSansHebrew-Regular.ttf")

	// A TrueType file whose first table claims 4 GB.
	huge := append([]byte(nil), ttf...)
	binary.BigEndian.PutUint32(huge[12+12:], 0xFFFFFFF0)

	// A WOFF whose only table says 100 bytes of zlib expand to 3 GB.
	woff := make([]byte, 44+20+100)
	copy(woff, "wOFF")
	copy(woff[4:], "\x00\x01\x00\x00")
	binary.BigEndian.PutUint32(woff[8:], uint32(len(woff)))
	binary.BigEndian.PutUint16(woff[12:], 1)
	copy(woff[44:], "glyf")
	binary.BigEndian.PutUint32(woff[48:], 64)         // offset
	binary.BigEndian.PutUint32(woff[52:], 100)        // compressed length
	binary.BigEndian.PutUint32(woff[56:], 3000000000) // claimed original length

	// A collection that claims a million faces.
	ttc := []byte("ttcf\x00\x01\x00\x00\x00\x0f\x42\x40\x00\x00\x00\x10")

	for name, data := range map[string][]byte{"ttf": huge, "woff": woff, "ttc": ttc} {
		reg := font.NewRegistry()
		err := reg.Add(data)
		if !errors.Is(err, font.ErrNotFont) {
			t.Errorf("%s: Add = %v, want ErrNotFont", name, err)
		}
	}

}
