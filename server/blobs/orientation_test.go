package blobs

import (
	"encoding/binary"
	"testing"

	"affiche/renderer/orient"
	"affiche/renderer/orient/orienttest"
)

// An uploaded phone photo answers the size the browser shows it at: turned by its EXIF
// orientation, width and height swapped for a quarter turn. The file is stored as sent.
func TestPutAnswersTheOrientedSize(t *testing.T) {
	s, err := Open(t.TempDir(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for o := orient.Orientation(1); o <= 8; o++ {
		data := orienttest.JPEG(orienttest.Quadrants(32+int(o), 16), o, binary.BigEndian)
		info, _, err := s.Put(data)
		if err != nil {
			t.Fatal(err)
		}
		w, h := 32+int(o), 16
		if o.Transposed() {
			w, h = h, w
		}
		if info.Width != w || info.Height != h {
			t.Errorf("orientation %d: %d×%d, want %d×%d", o, info.Width, info.Height, w, h)
		}
	}
}
