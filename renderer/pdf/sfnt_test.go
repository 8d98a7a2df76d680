package pdf

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/go-pdf/fpdf"

	"affiche/assets"
)

// captureStdout runs fn and returns what it printed on standard output (fpdf prints its
// font errors there).
func captureStdout(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, r)
		done <- b.String()
	}()
	defer func() { os.Stdout = old }()
	fn()
	w.Close()
	os.Stdout = old
	return <-done
}

// Every bundled TrueType font passes the check, fpdf reads it without a word, and the glyphs
// and widths the writer derives from the file are the ones fpdf declares.
func TestSFNTAgreesWithFpdf(t *testing.T) {
	fams, err := assets.FontCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	sample := []rune("AaÀàÉéèêëÇçŒœÆæ«»€$£—–’…0123456789 ?!fiﬁ\u00a0\u202fقשΩ✓")
	for _, fam := range fams {
		for _, face := range fam.Faces {
			data, err := assets.FontFile(face.File)
			if err != nil {
				t.Fatal(err)
			}
			sf, err := parseSFNT(data)
			if face.Format != "truetype" {
				if err == nil {
					t.Errorf("%s (%s): accepted", face.File, face.Format)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", face.File, err)
				continue
			}
			out := captureStdout(t, func() {
				p := fpdf.New("P", "pt", "A4", "")
				p.AddUTF8FontFromBytes("x", "", data)
				p.AddPage()
				p.SetFont("x", "", 10)
				for _, r := range sample {
					g := sf.glyph(r)
					want := 0
					if g != 0 {
						want = sf.width(g)
					}
					got := p.GetStringSymbolWidth(string(r))
					if g != 0 && got != want {
						t.Errorf("%s: %q width %d, fpdf %d", face.File, r, want, got)
					}
				}
				if p.Err() {
					t.Errorf("%s: %v", face.File, p.Error())
				}
			})
			if out != "" {
				t.Errorf("%s: fpdf printed %q", face.File, out)
			}
		}
	}
}

func TestSFNTRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("OTTO"), []byte("\x00\x01\x00\x00\x00\x05garbage"), bytes.Repeat([]byte{0xff}, 300)} {
		if _, err := parseSFNT(b); err == nil {
			t.Errorf("%q accepted", b)
		}
	}
	data, _ := assets.FontFile("roboto/Roboto-Regular.ttf")
	for _, n := range []int{12, 100, 1000, len(data) / 2} {
		if _, err := parseSFNT(data[:n]); err == nil {
			t.Errorf("truncated at %d: accepted", n)
		}
	}
}
