package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/go-pdf/fpdf"

	"affiche/renderer/font"
)

// Fonts are embedded with fpdf's AddUTF8FontFromBytes, which subsets TrueType fonts: the PDF
// holds the glyphs of the characters used, a width per character and a ToUnicode map, so that
// text can be selected and copied. fpdf addresses glyphs by character (code = Unicode value,
// 16 bits), so only glyphs a character maps to in the font's cmap can be written as text; the
// others (ligatures, shaped forms, characters beyond the BMP) and every glyph of a font fpdf
// cannot embed (CFF/OpenType, collections, licences that forbid embedding) are drawn as
// outlines.
//
// fpdf writes text only through its own string drawing, which places characters with its own
// advances. The writer writes its own text operators instead (a TJ array that puts every glyph
// exactly where the layout put it) and uses fpdf for what it does well: the font file, its
// subset and its tables. That needs two facts fpdf keeps to itself — the font's resource name
// and the characters used — which a throwaway fpdf template (sharing the document's fonts)
// reveals and records.

// pdfFont is one embedded font.
type pdfFont struct {
	src   *font.Font
	sf    *sfnt
	key   string // fpdf family name (lower case, ASCII)
	res   string // resource name, e.g. "/F1a2b…"
	ps    string // PostScript name written after the subset tag
	runes map[rune]bool
}

var reFontRes = regexp.MustCompile(`/F([0-9A-Za-z]+) 10\.00 Tf`)

// embed returns the embedded font for f, embedding it on first use; nil when its text must be
// drawn as outlines.
func (wr *writer) embed(f *font.Font, path string) *pdfFont {
	if f == nil || wr.o.OutlineText || len(f.Data()) == 0 {
		return nil
	}
	id := &f.Data()[0]
	if pf, ok := wr.fonts[id]; ok {
		return pf
	}
	wr.fonts[id] = nil
	pf, err := wr.addFont(f)
	if err != nil {
		wr.warn(path, WarnFontOutlined,
			fmt.Sprintf("the font %s cannot be embedded (%v): its text is drawn as outlines, with an invisible copy in another font to keep it searchable", f, err),
			fmt.Sprintf("la police %s ne peut pas être incorporée (%v) : son texte est dessiné en contours, avec une copie invisible dans une autre police pour la recherche et le copier-coller", f, err))
		return nil
	}
	wr.fonts[id] = pf
	return pf
}

func (wr *writer) addFont(f *font.Font) (pf *pdfFont, err error) {
	defer func() {
		if v := recover(); v != nil {
			pf, err = nil, fmt.Errorf("%w: %v", errFont, v)
		}
	}()
	if f.IsCFF() || !f.IsTrueType() {
		return nil, fontErr("PostScript (CFF) outlines")
	}
	sf, err := parseSFNT(f.Data())
	if err != nil {
		return nil, err
	}
	wr.nFont++
	ps := psName(f.PostScriptName)
	idx := fmt.Sprintf("k%d", wr.nFont)
	// The key is as long as the subset name that replaces it in the file ("ABCDEF+" + ps).
	if len(ps)+3 < len(idx)+1 {
		ps += strings.Repeat("_", len(idx)+1-len(ps)-3)
	}
	key := idx + strings.Repeat("z", len(ps)+3-len(idx))
	wr.pdf.AddUTF8FontFromBytes(key, "", f.Data())
	if wr.pdf.Err() {
		return nil, fmt.Errorf("%w: %v", errFont, wr.pdf.Error())
	}
	pf = &pdfFont{src: f, sf: sf, key: key, ps: ps, runes: map[rune]bool{}}
	tpl := wr.pdf.CreateTemplateCustom(fpdf.PointType{}, fpdf.SizeType{Wd: 1, Ht: 1}, func(t *fpdf.Tpl) {
		t.SetFont(key, "", 10)
	})
	m := reFontRes.FindSubmatch(tpl.Bytes())
	if m == nil {
		return nil, fontErr("fpdf did not register it")
	}
	pf.res = "/F" + string(m[1])
	return pf, nil
}

// psName keeps the characters a PDF name may hold without escapes.
func psName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 60 {
			break
		}
	}
	if b.Len() == 0 {
		return "Font"
	}
	return b.String()
}

// textGlyph reports whether glyph g can be written as the character r in pf: the font's cmap
// (as fpdf reads it) gives r that very glyph.
func (pf *pdfFont) textGlyph(r rune, g font.GID) bool {
	return pf != nil && r > 0 && r < 0xFFFF && g != 0 && pf.sf.glyph(r) == int(g)
}

// advance is the advance the PDF gives r at size (fpdf's declared width).
func (pf *pdfFont) advance(r rune, size float64) float64 {
	return float64(pf.sf.width(pf.sf.glyph(r))) * size / 1000
}

// registerRunes tells fpdf which characters each font must keep in its subset, by drawing
// them in a template that is never used.
func (wr *writer) registerRunes() {
	var fonts []*pdfFont
	for _, pf := range wr.fonts {
		if pf != nil && len(pf.runes) > 0 {
			fonts = append(fonts, pf)
		}
	}
	if len(fonts) == 0 {
		return
	}
	sort.Slice(fonts, func(i, j int) bool { return fonts[i].key < fonts[j].key })
	wr.pdf.CreateTemplateCustom(fpdf.PointType{}, fpdf.SizeType{Wd: 1, Ht: 1}, func(t *fpdf.Tpl) {
		for _, pf := range fonts {
			rs := make([]rune, 0, len(pf.runes))
			for r := range pf.runes {
				rs = append(rs, r)
			}
			t.SetFont(pf.key, "", 10)
			t.Text(0, 0, string(rs))
		}
	})
}

// tagSubsets renames each embedded font "ABCDEF+PostScriptName", the name PDF gives subset
// fonts (fpdf writes "utf8" + family). The new name has the same length as the old one, so
// no offset in the file moves.
func (wr *writer) tagSubsets(b []byte) {
	for _, pf := range wr.fonts {
		if pf == nil {
			continue
		}
		rs := make([]rune, 0, len(pf.runes))
		for r := range pf.runes {
			rs = append(rs, r)
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
		h := sha256.Sum256([]byte(pf.ps + string(rs)))
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = 'A' + h[i]%26
		}
		old := []byte("/utf8" + pf.key)
		repl := []byte("/" + string(tag) + "+" + pf.ps)
		if len(old) != len(repl) {
			continue
		}
		for i := 0; ; {
			j := bytes.Index(b[i:], old)
			if j < 0 {
				break
			}
			j += i
			end := j + len(old)
			if end == len(b) || isDelim(b[end]) {
				copy(b[j:], repl)
			}
			i = end
		}
	}
}

func isDelim(c byte) bool {
	return strings.IndexByte(" \t\r\n\f\x00()<>[]{}/%", c) >= 0
}
