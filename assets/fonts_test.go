package assets_test

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"affiche/assets"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// frenchText holds the characters French typography needs beyond ASCII.
const frenchText = "àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔŒÆ«»€’“”…–—\u00a0\u202f"

// maxTotalBytes bounds the library: it is embedded in every server binary.
const maxTotalBytes = 20_000_000

func catalogue(t *testing.T) []assets.FontFamily {
	t.Helper()
	fams, err := assets.FontCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(fams) < 10 {
		t.Fatalf("catalogue has %d families, want at least 10", len(fams))
	}
	return fams
}

// sfntTables maps table tags to their bytes, read from the font's table directory.
func sfntTables(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, errors.New("too short for an sfnt header")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errors.New("truncated table directory")
	}
	tables := map[string][]byte{}
	for i := range n {
		rec := data[12+16*i:]
		off := binary.BigEndian.Uint32(rec[8:])
		length := binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("table %q out of bounds", rec[:4])
		}
		tables[string(rec[:4])] = data[off : off+length]
	}
	return tables, nil
}

func TestFacesParseAndAgreeWithCatalogue(t *testing.T) {
	cffFamilies := 0
	for _, fam := range catalogue(t) {
		hasCFF := false
		for _, face := range fam.Faces {
			data, err := assets.FontFile(face.File)
			if err != nil {
				t.Errorf("%s: %v", face.File, err)
				continue
			}
			f, err := sfnt.Parse(data)
			if err != nil {
				t.Errorf("%s: sfnt: %v", face.File, err)
				continue
			}
			if f.NumGlyphs() < 50 {
				t.Errorf("%s: only %d glyphs", face.File, f.NumGlyphs())
			}
			var buf sfnt.Buffer
			if name, err := f.Name(&buf, sfnt.NameIDFamily); err != nil || name == "" {
				t.Errorf("%s: no family name (%v)", face.File, err)
			}

			wantFormat := assets.FormatTrueType
			if string(data[:4]) == "OTTO" {
				wantFormat = assets.FormatCFF
				hasCFF = true
			}
			if face.Format != wantFormat {
				t.Errorf("%s: catalogue says format %q, file is %q", face.File, face.Format, wantFormat)
			}

			tables, err := sfntTables(data)
			if err != nil {
				t.Errorf("%s: %v", face.File, err)
				continue
			}
			if _, ok := tables["fvar"]; ok {
				t.Errorf("%s: variable font; ship static instances", face.File)
			}
			italic := f.PostTable() != nil && f.PostTable().ItalicAngle != 0
			if head := tables["head"]; len(head) >= 46 {
				italic = italic || binary.BigEndian.Uint16(head[44:])&2 != 0
			}
			if os2 := tables["OS/2"]; len(os2) >= 64 {
				if w := int(binary.BigEndian.Uint16(os2[4:])); w != face.Weight {
					t.Errorf("%s: catalogue weight %d, OS/2 usWeightClass %d", face.File, face.Weight, w)
				}
				italic = italic || binary.BigEndian.Uint16(os2[62:])&1 != 0
			}
			if (face.Style == assets.StyleItalic) != italic {
				t.Errorf("%s: catalogue style %q, font italic flags say %v", face.File, face.Style, italic)
			}
		}
		if hasCFF {
			cffFamilies++
		}
	}
	if cffFamilies > 1 {
		t.Errorf("%d CFF families; fpdf cannot embed CFF, keep at most one", cffFamilies)
	}
}

func TestLicences(t *testing.T) {
	// Each licence identifier must come with a text that really is that
	// licence: a sentence of its body, compared with spaces collapsed because
	// Debian's copyright files indent and rewrap the text.
	marker := map[string]string{
		"OFL-1.1":        "the goals of the open font license (ofl) are to stimulate worldwide development",
		"Apache-2.0":     "apache license version 2.0, january 2004",
		"Bitstream-Vera": "bitstream vera fonts copyright",
	}
	for _, fam := range catalogue(t) {
		want, ok := marker[fam.Licence]
		if !ok {
			t.Errorf("%s: licence %q is not on the allowed list", fam.Family, fam.Licence)
			continue
		}
		text, err := assets.FontFile(fam.LicenceFile)
		if err != nil {
			t.Errorf("%s: licence file: %v", fam.Family, err)
			continue
		}
		if !strings.Contains(strings.ToLower(strings.Join(strings.Fields(string(text)), " ")), want) {
			t.Errorf("%s: %s does not contain %q", fam.Family, fam.LicenceFile, want)
		}
		for _, n := range fam.Notices {
			if b, err := assets.FontFile(n); err != nil || len(b) == 0 {
				t.Errorf("%s: notice %s: %v (%d bytes)", fam.Family, n, err, len(b))
			}
		}
		if fam.Source == "" || fam.Designer == "" || fam.Labels["fr"] == "" || fam.Labels["en"] == "" {
			t.Errorf("%s: source, designer and fr/en labels are required", fam.Family)
		}
	}
}

func TestEveryFileIsCatalogued(t *testing.T) {
	listed := map[string]bool{"catalogue.json": true}
	for _, fam := range catalogue(t) {
		listed[fam.LicenceFile] = true
		for _, n := range fam.Notices {
			listed[n] = true
		}
		for _, face := range fam.Faces {
			listed[face.File] = true
		}
	}
	var total int64
	err := fs.WalkDir(assets.FontsFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !listed[p] {
			t.Errorf("%s is on disk but not in catalogue.json", p)
		}
		delete(listed, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range listed {
		t.Errorf("%s is in catalogue.json but not on disk", p)
	}
	if total > maxTotalBytes {
		t.Errorf("font library is %d bytes, budget %d", total, maxTotalBytes)
	}
	t.Logf("font library: %d bytes", total)
}

func TestFamiliesUniqueAndFacesDistinct(t *testing.T) {
	names := map[string]bool{}
	for _, fam := range catalogue(t) {
		if names[strings.ToLower(fam.Family)] {
			t.Errorf("family %q listed twice", fam.Family)
		}
		names[strings.ToLower(fam.Family)] = true
		seen := map[string]bool{}
		for _, face := range fam.Faces {
			key := fmt.Sprint(face.Weight, face.Style)
			if seen[key] {
				t.Errorf("%s: two faces for weight %d %s", fam.Family, face.Weight, face.Style)
			}
			seen[key] = true
		}
		if fam.Faces[0].Weight != 400 || fam.Faces[0].Style != assets.StyleNormal {
			t.Errorf("%s: first face is %d %s, want the regular", fam.Family, fam.Faces[0].Weight, fam.Faces[0].Style)
		}
	}
}

func TestDefaultFamilyHasFourFaces(t *testing.T) {
	i := slices.IndexFunc(catalogue(t), func(f assets.FontFamily) bool { return f.Family == assets.DefaultFamily })
	if i < 0 {
		t.Fatalf("default family %q is not in the catalogue", assets.DefaultFamily)
	}
	def := catalogue(t)[i]
	if def.Category == assets.CategoryFallback {
		t.Errorf("default family is a fallback")
	}
	var got []string
	for _, f := range def.Faces {
		got = append(got, fmt.Sprint(f.Weight, f.Style))
	}
	slices.Sort(got)
	want := []string{"400italic", "400normal", "700italic", "700normal"}
	if !slices.Equal(got, want) {
		t.Errorf("default family faces = %v, want %v", got, want)
	}
}

// missingRunes lists, as "U+XXXX" in text order, the runes of text with no glyph in f.
func missingRunes(t *testing.T, f *sfnt.Font, text string) []string {
	t.Helper()
	var buf sfnt.Buffer
	var out []string
	for _, r := range text {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil {
			t.Fatal(err)
		}
		if g == 0 {
			out = append(out, fmt.Sprintf("U+%04X", r))
		}
	}
	return out
}

func parseFace(t *testing.T, file string) *sfnt.Font {
	t.Helper()
	data, err := assets.FontFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return f
}

// brokenGlyphs lists characters that a font maps to the glyph of another
// character (a font bug); the catalogue records them as missing so that the
// renderer takes them from a fallback font.
var brokenGlyphs = map[string]map[rune]rune{
	"ecolier-court/Ecolier-court.ttf": {'…': '¼', '•': '.', '„': '¹'},
}

// outline returns the outline of r's glyph in f as comparable text.
func outline(t *testing.T, f *sfnt.Font, r rune) string {
	t.Helper()
	var buf sfnt.Buffer
	g, err := f.GlyphIndex(&buf, r)
	if err != nil || g == 0 {
		t.Fatalf("no glyph for %q (%v)", r, err)
	}
	segs, err := f.LoadGlyph(&buf, g, fixed.I(1000), nil)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(segs)
}

func TestFrenchCoverage(t *testing.T) {
	for _, fam := range catalogue(t) {
		if fam.Category == assets.CategoryFallback {
			if len(fam.Missing) != 0 {
				t.Errorf("%s: fallback families carry no missing record", fam.Family)
			}
			continue
		}
		if !slices.IsSortedFunc(fam.Missing, func(a, b string) int { return cmp.Compare(codePoint(t, a), codePoint(t, b)) }) {
			t.Errorf("%s: missing %v is not in code point order", fam.Family, fam.Missing)
		}
		for _, face := range fam.Faces {
			f := parseFace(t, face.File)
			// Every French character the face lacks must be recorded…
			for _, u := range missingRunes(t, f, frenchText) {
				if !slices.Contains(fam.Missing, u) {
					t.Errorf("%s lacks %s but the catalogue does not record it", face.File, u)
				}
			}
			for r := range brokenGlyphs[face.File] {
				if u := fmt.Sprintf("U+%04X", r); !slices.Contains(fam.Missing, u) {
					t.Errorf("%s draws %s wrongly but the catalogue does not record it", face.File, u)
				}
			}
			// …and every record must be a lack or a proven broken glyph.
			for _, u := range fam.Missing {
				r := codePoint(t, u)
				if len(missingRunes(t, f, string(r))) == 1 {
					continue
				}
				same, ok := brokenGlyphs[face.File][r]
				if !ok {
					t.Errorf("%s: catalogue records %s as missing but the font has it", face.File, u)
					continue
				}
				if outline(t, f, r) != outline(t, f, same) {
					t.Errorf("%s: %s no longer draws as %q; drop it from missing", face.File, u, same)
				}
			}
		}
	}
}

func codePoint(t *testing.T, u string) rune {
	t.Helper()
	var r rune
	if _, err := fmt.Sscanf(u, "U+%X", &r); err != nil || fmt.Sprintf("U+%04X", r) != u {
		t.Fatalf("bad code point %q", u)
	}
	return r
}

func TestFallbackChain(t *testing.T) {
	chain, err := assets.FontFallbacks()
	if err != nil {
		t.Fatal(err)
	}
	// Each sample must be covered by some family of the chain, so that the
	// renderer never draws tofu for these scripts.
	samples := map[string]string{
		"Arabic":   "مرحبا بكم",
		"Hebrew":   "שלום",
		"Greek":    "Καλημέρα",
		"Cyrillic": "Привет",
		"symbols":  "★☎✉✓♥☀⚠♿→⚽",
		"French":   frenchText,
	}
	for script, text := range samples {
		var uncovered []string
		for _, r := range text {
			found := false
			for _, fam := range chain {
				if len(missingRunes(t, parseFace(t, fam.Faces[0].File), string(r))) == 0 {
					found = true
					break
				}
			}
			if !found {
				uncovered = append(uncovered, fmt.Sprintf("%c U+%04X", r, r))
			}
		}
		if len(uncovered) > 0 {
			t.Errorf("%s: no fallback font has %v", script, uncovered)
		}
	}
	for i, fam := range chain {
		if fam.FallbackRank != i+1 {
			t.Errorf("fallback %d is %s with rank %d; ranks must run 1, 2, 3…", i, fam.Family, fam.FallbackRank)
		}
	}
}

func TestFontFileRejectsUncataloguedPaths(t *testing.T) {
	for _, p := range []string{
		"", ".", "catalogue.json", "roboto", "roboto/", "/roboto/Roboto-Regular.ttf",
		"roboto/../roboto/Roboto-Regular.ttf", "./roboto/Roboto-Regular.ttf",
		"../fonts.go", "../../go.mod", "/etc/passwd", "Roboto/Roboto-Regular.ttf",
		"roboto/Roboto-Regular.ttf\x00", "roboto\\Roboto-Regular.ttf",
	} {
		if _, err := assets.FontFile(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("FontFile(%q) error = %v, want fs.ErrNotExist", p, err)
		}
	}
	if b, err := assets.FontFile("roboto/Roboto-Regular.ttf"); err != nil || len(b) == 0 {
		t.Errorf("FontFile(roboto/Roboto-Regular.ttf) = %d bytes, %v", len(b), err)
	}
}

func TestFontCatalogueReturnsCopies(t *testing.T) {
	a := catalogue(t)
	a[0].Family = "changed"
	a[0].Faces[0].File = "changed"
	a[0].Labels["fr"] = "changed"
	b := catalogue(t)
	if b[0].Family == "changed" || b[0].Faces[0].File == "changed" || b[0].Labels["fr"] == "changed" {
		t.Errorf("FontCatalogue shares memory between calls: %+v", b[0])
	}
}

func TestFindFamily(t *testing.T) {
	for name, want := range map[string]string{
		"Roboto":          "Roboto",
		"open sans":       "Open Sans",
		"ARIAL":           "Liberation Sans",
		"Times New Roman": "Liberation Serif",
		"Courier New":     "Liberation Mono",
		"Ecolier_court":   "Ecolier Court",
	} {
		got, ok := assets.FindFamily(name)
		if !ok || got.Family != want {
			t.Errorf("FindFamily(%q) = %q, %v; want %q", name, got.Family, ok, want)
		}
	}
	for _, name := range []string{"", "Comic Sans MS", "Roboto "} {
		if got, ok := assets.FindFamily(name); ok {
			t.Errorf("FindFamily(%q) = %q, want no match", name, got.Family)
		}
	}
}
