package font

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"

	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// MaxFontBytes caps the size of one font file (the largest CJK fonts are ~20 MB).
const MaxFontBytes = 64 << 20

// ErrNotFont is returned (wrapped) for data that is not a font this package can read.
var ErrNotFont = errors.New("not a TrueType/OpenType font")

var (
	tagCFF  = ot.MustNewTag("CFF ")
	tagCFF2 = ot.MustNewTag("CFF2")
	tagGlyf = ot.MustNewTag("glyf")
	tagName = ot.MustNewTag("name")
	tagPost = ot.MustNewTag("post")
	tagHead = ot.MustNewTag("head")
	tagMaxp = ot.MustNewTag("maxp")
)

// parse reads every face of a font file (one, or several for a collection).
func parse(data []byte) (faces []*Font, err error) {
	defer func() {
		// go-text validates tables, but a crafted file must never take the process down.
		if r := recover(); r != nil {
			faces, err = nil, fmt.Errorf("%w (malformed: %v)", ErrNotFont, r)
		}
	}()
	if len(data) > MaxFontBytes {
		return nil, fmt.Errorf("%w: %d bytes (limit %d MB)", ErrNotFont, len(data), MaxFontBytes>>20)
	}
	if len(data) < 12 {
		return nil, fmt.Errorf("%w: %d bytes", ErrNotFont, len(data))
	}
	if err := checkDirectory(data); err != nil {
		return nil, err
	}
	lds, err := ot.NewLoaders(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotFont, err)
	}
	collection := string(data[:4]) == "ttcf"
	for i, ld := range lds {
		f, _, err := parseFace(ld, data)
		if err != nil {
			if len(lds) > 1 {
				return nil, fmt.Errorf("face %d: %w", i, err)
			}
			return nil, err
		}
		f.Index = i
		f.trueType = !collection && plainTrueType(f, ld, data)
		faces = append(faces, f)
	}
	if len(faces) == 0 {
		return nil, fmt.Errorf("%w: no faces", ErrNotFont)
	}
	return faces, nil
}

// plainTrueType reports whether a face read from data (not a collection) is a plain TrueType
// file: glyf outlines, not WOFF.
func plainTrueType(f *Font, ld *ot.Loader, data []byte) bool {
	return !f.cff && (ld.Type == ot.TrueType || ld.Type == ot.AppleTrueType) && string(data[:4]) != "wOFF" && string(data[:4]) != "wOF2"
}

// parseFace reads one face's names and metrics; it also returns the parsed go-text font.
func parseFace(ld *ot.Loader, data []byte) (*Font, *gofont.Font, error) {
	otf, err := gofont.NewFont(ld)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrNotFont, err)
	}
	f := &Font{data: data}
	f.cff = ld.HasTable(tagCFF) || ld.HasTable(tagCFF2)
	if !f.cff && !ld.HasTable(tagGlyf) {
		return nil, nil, fmt.Errorf("%w: no glyph outlines (glyf or CFF table)", ErrNotFont)
	}
	raw, err := ld.RawTable(tagHead)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrNotFont, err)
	}
	head, _, err := tables.ParseHead(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: head table: %v", ErrNotFont, err)
	}
	if head.UnitsPerEm < 16 || head.UnitsPerEm > 16384 {
		return nil, nil, fmt.Errorf("%w: %d units per em (must be 16–16384)", ErrNotFont, head.UnitsPerEm)
	}
	f.UnitsPerEm = int(head.UnitsPerEm)
	f.BBox = [4]float64{float64(head.XMin), float64(head.YMin), float64(head.XMax), float64(head.YMax)}
	if raw, err := ld.RawTable(tagMaxp); err == nil {
		if maxp, _, err := tables.ParseMaxp(raw); err == nil {
			f.numGlyphs = int(maxp.NumGlyphs)
		}
	}
	if f.numGlyphs == 0 {
		return nil, nil, fmt.Errorf("%w: no glyphs", ErrNotFont)
	}

	desc := otf.Describe()
	f.Family = strings.TrimSpace(desc.Family)
	f.Weight = int(math.Round(float64(desc.Aspect.Weight)))
	if f.Weight < 1 || f.Weight > 1000 {
		f.Weight = 400
	}
	f.Italic = desc.Aspect.Style == gofont.StyleItalic

	face := gofont.NewFace(otf)
	upem := float64(f.UnitsPerEm)
	if ext, ok := face.FontHExtents(); ok && ext.Ascender-ext.Descender > 0 {
		f.Ascent, f.Descent, f.LineGap = float64(ext.Ascender), -float64(ext.Descender), float64(ext.LineGap)
	} else {
		f.Ascent, f.Descent = 0.8*upem, 0.2*upem
	}
	f.CapHeight = float64(face.LineMetric(gofont.CapHeight))
	f.XHeight = float64(face.LineMetric(gofont.XHeight))
	if f.CapHeight <= 0 {
		f.CapHeight = 0.7 * upem
	}
	if f.XHeight <= 0 {
		f.XHeight = 0.5 * upem
	}
	f.UnderlinePosition = float64(face.LineMetric(gofont.UnderlinePosition))
	f.UnderlineThickness = float64(face.LineMetric(gofont.UnderlineThickness))
	if f.UnderlineThickness <= 0 {
		f.UnderlineThickness = upem / 14
	}
	if f.UnderlinePosition == 0 {
		f.UnderlinePosition = -upem / 10
	}
	f.StrikeThickness = float64(face.LineMetric(gofont.StrikethroughThickness))
	if f.StrikeThickness <= 0 {
		f.StrikeThickness = f.UnderlineThickness
	}
	f.StrikePosition = float64(face.LineMetric(gofont.StrikethroughPosition))
	if f.StrikePosition <= 0 {
		f.StrikePosition = f.XHeight/2 + f.StrikeThickness/2
	}
	if raw, err := ld.RawTable(tagPost); err == nil && len(raw) >= 8 {
		f.ItalicAngle = float64(int32(binary.BigEndian.Uint32(raw[4:8]))) / 65536
	}
	if raw, err := ld.RawTable(tagName); err == nil {
		if names, _, err := tables.ParseName(raw); err == nil {
			f.PostScriptName = sanitizePSName(names.Name(6))
		}
	}
	if f.PostScriptName == "" {
		f.PostScriptName = sanitizePSName(f.Family + "-" + styleName(f.Weight, f.Italic))
	}
	f.outlines = sharedOutlines
	return f, otf, nil
}

// sanitizePSName keeps the characters a PDF name and a PostScript name allow.
func sanitizePSName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 32 && r < 127 && !strings.ContainsRune("[](){}<>/%#", r) {
			b.WriteRune(r)
		}
		if b.Len() >= 63 {
			break
		}
	}
	return b.String()
}

// styleName names a weight and style the usual way ("Bold", "Italic", "SemiBoldItalic").
func styleName(weight int, italic bool) string {
	names := map[int]string{100: "Thin", 200: "ExtraLight", 300: "Light", 400: "Regular", 500: "Medium",
		600: "SemiBold", 700: "Bold", 800: "ExtraBold", 900: "Black"}
	w, ok := names[(weight+50)/100*100]
	if !ok {
		w = "W" + itoa(weight)
	}
	if italic {
		if w == "Regular" {
			return "Italic"
		}
		return w + "Italic"
	}
	return w
}

var (
	emptyOnce sync.Once
	emptyOT   *gofont.Font
)

// emptyFont returns a font with no glyphs, for a face whose tables could not be parsed again.
func emptyFont() (*gofont.Font, *gofont.Face) {
	emptyOnce.Do(func() {
		// Absent tables are zero values in go-text; only the cmap must answer.
		emptyOT = &gofont.Font{Cmap: emptyCmap{}}
	})
	return emptyOT, gofont.NewFace(emptyOT)
}

// emptyCmap maps no character.
type emptyCmap struct{}

func (emptyCmap) Iter() gofont.CmapIter          { return emptyIter{} }
func (emptyCmap) Lookup(rune) (gofont.GID, bool) { return 0, false }

type emptyIter struct{}

func (emptyIter) Next() bool               { return false }
func (emptyIter) Char() (rune, gofont.GID) { return 0, 0 }
