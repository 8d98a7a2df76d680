package font_test

import (
	"encoding/binary"
	"errors"
	"sync"
	"testing"

	"affiche/assets"
	"affiche/renderer/font"
	"affiche/renderer/geom"
)

func fontFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := assets.FontFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestAddReadsNames(t *testing.T) {
	reg := font.NewRegistry()
	for _, p := range []string{"roboto/Roboto-Regular.ttf", "roboto/Roboto-Bold.ttf", "roboto/Roboto-Italic.ttf", "kaushan-script/KaushanScript-Regular.otf"} {
		if err := reg.Add(fontFile(t, p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if got := reg.Families(); len(got) != 2 || got[0] != "Roboto" || got[1] != "Kaushan Script" {
		t.Fatalf("families = %q", got)
	}
	f, exact := reg.Resolve("roboto", 700, false)
	if !exact || f.Family != "Roboto" || f.Weight != 700 || f.Italic {
		t.Fatalf("Resolve(roboto, 700) = %v, %v", f, exact)
	}
	if f.UnitsPerEm != 2048 || f.Ascent <= 0 || f.Descent <= 0 || f.PostScriptName != "Roboto-Bold" {
		t.Errorf("metrics: upem %d ascent %v descent %v ps %q", f.UnitsPerEm, f.Ascent, f.Descent, f.PostScriptName)
	}
	if f.IsCFF() || !f.IsTrueType() {
		t.Errorf("Roboto: IsCFF %v IsTrueType %v", f.IsCFF(), f.IsTrueType())
	}
	if f.UnderlinePosition >= 0 || f.UnderlineThickness <= 0 || f.StrikePosition <= 0 {
		t.Errorf("decoration metrics: %v %v %v", f.UnderlinePosition, f.UnderlineThickness, f.StrikePosition)
	}
	k, _ := reg.Resolve("Kaushan Script", 400, false)
	if !k.IsCFF() || k.IsTrueType() {
		t.Errorf("Kaushan Script: IsCFF %v IsTrueType %v", k.IsCFF(), k.IsTrueType())
	}
	gid, ok := k.GlyphIndex('a')
	if !ok {
		t.Fatal("Kaushan Script has no 'a'")
	}
	cubic := false
	k.GlyphOutline(gid).Walk(func(op geom.Op, _ []geom.Point) { cubic = cubic || op == geom.CubicTo })
	if !cubic {
		t.Error("a CFF outline should have cubic segments")
	}
	if len(k.Data()) == 0 {
		t.Error("Data is empty")
	}
}

func TestAddRejectsGarbage(t *testing.T) {
	reg := font.NewRegistry()
	good := fontFile(t, "roboto/Roboto-Regular.ttf")
	for name, data := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("hello, this is not a font at all"),
		"truncated": good[:400],
		"png":       []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
	} {
		err := reg.Add(data)
		if err == nil {
			t.Errorf("%s: no error", name)
		} else if !errors.Is(err, font.ErrNotFont) {
			t.Errorf("%s: error %v does not wrap ErrNotFont", name, err)
		}
	}
	if err := reg.AddAs("", 400, false, good); err == nil {
		t.Error("AddAs with an empty family name: no error")
	}
	if err := reg.AddAs("X", 0, false, good); err == nil {
		t.Error("AddAs with weight 0: no error")
	}
	if len(reg.Families()) != 0 {
		t.Errorf("families after failures: %q", reg.Families())
	}
}

// ttc wraps a TrueType font twice in a font collection (both faces share the tables).
func ttc(ttf []byte) []byte {
	numTables := int(binary.BigEndian.Uint16(ttf[4:6]))
	dirLen := 12 + 16*numTables
	hdr := 12 + 4*2
	out := make([]byte, hdr+2*dirLen)
	copy(out, "ttcf")
	binary.BigEndian.PutUint32(out[4:], 0x00010000)
	binary.BigEndian.PutUint32(out[8:], 2)
	shift := uint32(hdr + 2*dirLen)
	for face := 0; face < 2; face++ {
		at := hdr + face*dirLen
		binary.BigEndian.PutUint32(out[12+4*face:], uint32(at))
		copy(out[at:], ttf[:dirLen])
		for i := 0; i < numTables; i++ {
			rec := at + 12 + 16*i
			off := binary.BigEndian.Uint32(out[rec+8:])
			binary.BigEndian.PutUint32(out[rec+8:], off+shift)
		}
	}
	return append(out, ttf...)
}

func TestAddCollection(t *testing.T) {
	reg := font.NewRegistry()
	if err := reg.Add(ttc(fontFile(t, "lato/Lato-Regular.ttf"))); err != nil {
		t.Fatal(err)
	}
	faces := reg.Faces("Lato")
	// Both faces are Lato Regular: the second replaces the first.
	if len(faces) != 1 || faces[0].Index != 1 {
		t.Fatalf("faces = %v", faces)
	}
	if faces[0].IsTrueType() {
		t.Error("a face of a collection is not a plain TrueType file")
	}
	gid, _ := faces[0].GlyphIndex('L')
	if faces[0].GlyphOutline(gid).Empty() {
		t.Error("no outline for L in the collection")
	}
}

func TestResolveCSSMatching(t *testing.T) {
	reg := font.NewRegistry()
	data := fontFile(t, "roboto/Roboto-Regular.ttf")
	for _, w := range []int{300, 400, 700, 900} {
		if err := reg.AddAs("Fam", w, false, data); err != nil {
			t.Fatal(err)
		}
	}
	if err := reg.AddAs("Fam", 400, true, data); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		weight   int
		italic   bool
		wantW    int
		wantItal bool
	}{
		{400, false, 400, false},
		{500, false, 400, false}, // 400–500: up to 500, then lighter
		{450, false, 400, false},
		{600, false, 700, false}, // heavier first
		{800, false, 900, false},
		{200, false, 300, false}, // lighter first, then heavier
		{100, false, 300, false},
		{700, true, 400, true}, // the style wins over the weight
		{300, true, 400, true},
	}
	for _, c := range cases {
		f, exact := reg.Resolve("fam", c.weight, c.italic)
		if !exact || f.Weight != c.wantW || f.Italic != c.wantItal {
			t.Errorf("Resolve(%d, %v) = %d %v, want %d %v", c.weight, c.italic, f.Weight, f.Italic, c.wantW, c.wantItal)
		}
	}
	// Upright requested, only italic available: italic.
	reg2 := font.NewRegistry()
	if err := reg2.AddAs("Only Italic", 400, true, data); err != nil {
		t.Fatal(err)
	}
	if f, _ := reg2.Resolve("Only Italic", 400, false); f == nil || !f.Italic {
		t.Errorf("upright from an italic-only family = %v", f)
	}
}

func TestResolveMissingFamily(t *testing.T) {
	reg := font.NewRegistry()
	if f, exact := reg.Resolve("Roboto", 400, false); f != nil || exact {
		t.Fatal("an empty registry resolved a font")
	}
	if err := reg.AddAs("Lato", 400, false, fontFile(t, "lato/Lato-Regular.ttf")); err != nil {
		t.Fatal(err)
	}
	// The default (Roboto) is missing: the first family is used.
	if f, exact := reg.Resolve("Nope", 400, false); f == nil || exact || f.Family != "Lato" {
		t.Fatalf("Resolve(Nope) = %v %v", f, exact)
	}
	if err := reg.AddAs("Roboto", 400, false, fontFile(t, "roboto/Roboto-Regular.ttf")); err != nil {
		t.Fatal(err)
	}
	if f, exact := reg.Resolve("Nope", 700, true); f == nil || exact || f.Family != "Roboto" {
		t.Fatalf("Resolve(Nope) = %v %v, want Roboto", f, exact)
	}
	reg.SetDefault("lato")
	if reg.Default() != "Lato" {
		t.Errorf("Default() = %q", reg.Default())
	}
}

func TestFallbacksAndExclusions(t *testing.T) {
	reg := font.NewRegistry()
	if err := reg.AddAs("Ecolier", 400, false, fontFile(t, "ecolier-court/Ecolier-court.ttf")); err != nil {
		t.Fatal(err)
	}
	if err := reg.AddAs("DejaVu Sans", 400, false, fontFile(t, "dejavu-sans/DejaVuSans.ttf")); err != nil {
		t.Fatal(err)
	}
	reg.SetFallbacks("Missing One", "DejaVu Sans")
	fb := reg.Fallbacks(700, false)
	if len(fb) != 1 || fb[0].Family != "DejaVu Sans" {
		t.Fatalf("Fallbacks = %v", fb)
	}
	e, _ := reg.Resolve("Ecolier", 400, false)
	if !e.HasRune('…') {
		t.Skip("this Ecolier Court maps no …")
	}
	reg.ExcludeRunes("ecolier", '…')
	if e.HasRune('…') || !e.HasRune('a') {
		t.Error("ExcludeRunes did not hide … (or hid a)")
	}
}

func TestOutlinesAndConcurrency(t *testing.T) {
	reg := font.NewRegistry()
	if err := reg.Add(fontFile(t, "roboto/Roboto-Regular.ttf")); err != nil {
		t.Fatal(err)
	}
	f, _ := reg.Resolve("Roboto", 400, false)
	gid, _ := f.GlyphIndex('A')
	p := f.GlyphOutline(gid)
	b := p.Bounds()
	if p.Empty() || b.Height < 1000 || b.Height > f.BBox[3]-f.BBox[1] || b.Y < -1 {
		t.Fatalf("outline of A: %d ops, bounds %+v", len(p.Ops), b)
	}
	space, _ := f.GlyphIndex(' ')
	if !f.GlyphOutline(space).Empty() {
		t.Error("space has an outline")
	}
	if !f.GlyphOutline(font.GID(1 << 30)).Empty() {
		t.Error("an out-of-range glyph has an outline")
	}
	if f.Advance(gid) <= 0 {
		t.Error("A has no advance")
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 'A'; r < 'A'+200; r++ {
				g, _ := f.GlyphIndex(r)
				f.GlyphOutline(g)
				f.Advance(g)
				reg.Resolve("Roboto", 700, true)
			}
		}()
	}
	wg.Wait()
}
