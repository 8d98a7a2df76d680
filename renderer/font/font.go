// Package font is Affiche's font registry: it parses TrueType/OpenType fonts given as bytes
// (bundled or uploaded), files them by family, weight and style, matches requests the way CSS
// does, and exposes what the text layout and the backends need: metrics, glyph outlines and the
// original bytes. It never reads files itself, so it builds for the browser (GOOS=js) too.
package font

import (
	"bytes"
	"sync"
	"sync/atomic"

	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"

	"affiche/renderer/geom"
)

// GID is a glyph index in a font.
type GID uint32

// Font is one face: a family in one weight and style. All measures are in font units (see
// UnitsPerEm), y up, as in the font file; multiply by size/UnitsPerEm to get points.
// A Font is immutable once registered and safe for concurrent use.
type Font struct {
	// Family, Weight (CSS 1–1000) and Italic are the names the registry files the face under.
	Family string
	Weight int
	Italic bool
	// UnitsPerEm is the size of the em square in font units.
	UnitsPerEm int
	// Ascent is the height above the baseline and Descent the depth below it (both positive,
	// from the hhea table or OS/2 when the font asks for it); LineGap is the extra leading the
	// font suggests.
	Ascent, Descent, LineGap float64
	// CapHeight and XHeight are the heights of capital H and small x.
	CapHeight, XHeight float64
	// UnderlinePosition is the top of the underline bar (negative: below the baseline) and
	// UnderlineThickness its thickness; StrikePosition and StrikeThickness are the same for the
	// strikethrough bar (position of its top above the baseline).
	UnderlinePosition, UnderlineThickness float64
	StrikePosition, StrikeThickness       float64
	// BBox is the union of all glyph boxes (xMin, yMin, xMax, yMax), from the head table.
	BBox [4]float64
	// ItalicAngle is the slant in degrees, counter-clockwise (negative for a usual italic).
	ItalicAngle float64
	// PostScriptName is the font's PostScript name (name ID 6), e.g. "Roboto-Bold"; it is made
	// from the family, weight and style when the font has none. PDF writers use it as BaseFont.
	PostScriptName string
	// Index is the face's position in a font collection (TTC), 0 otherwise.
	Index int

	data     []byte
	cff      bool
	trueType bool
	outlines *outlineCache
	// The parsed tables take 2–4 times the file's size, so they are built on first use (most
	// registered fonts are never drawn) and kept from then on.
	parseOnce sync.Once
	ot        *gofont.Font
	faceMu    sync.Mutex
	face      *gofont.Face // for advances and outlines; guarded by faceMu
	seq       uint64       // registration order, breaks ties
	exclude   atomic.Pointer[map[rune]bool]
	numGlyphs int
	// A face added with AddLazy reads and parses its file on first use (see lazy.go).
	lazy     func() ([]byte, error)
	lazyOnce sync.Once
	lazyErr  error
}

// clone returns a new Font with f's names, metrics and bytes (its tables are parsed again on
// first use), for a registry that must change a face it shares with another.
func (f *Font) clone() *Font {
	f.ensure()
	c := &Font{Family: f.Family, Weight: f.Weight, Italic: f.Italic, outlines: f.outlines, seq: f.seq, lazyErr: f.lazyErr}
	c.setFile(f)
	if ex := f.exclude.Load(); ex != nil {
		c.exclude.Store(ex)
	}
	return c
}

// setFile copies what src's file says (metrics, PostScript name, outline format, the bytes)
// into f; the names f is filed under stay.
func (f *Font) setFile(src *Font) {
	f.UnitsPerEm = src.UnitsPerEm
	f.Ascent, f.Descent, f.LineGap = src.Ascent, src.Descent, src.LineGap
	f.CapHeight, f.XHeight = src.CapHeight, src.XHeight
	f.UnderlinePosition, f.UnderlineThickness = src.UnderlinePosition, src.UnderlineThickness
	f.StrikePosition, f.StrikeThickness = src.StrikePosition, src.StrikeThickness
	f.BBox, f.ItalicAngle, f.PostScriptName, f.Index = src.BBox, src.ItalicAngle, src.PostScriptName, src.Index
	f.data, f.cff, f.trueType, f.numGlyphs = src.data, src.cff, src.trueType, src.numGlyphs
}

// Data returns the original bytes of the font file (the whole collection for a TTC face).
// The PDF backend embeds them. The slice is shared: do not modify it.
func (f *Font) Data() []byte { f.ensure(); return f.data }

// IsCFF reports whether the glyphs are PostScript (CFF/CFF2) outlines. Writers that can
// embed only TrueType outlines (fpdf) must draw such text as paths.
func (f *Font) IsCFF() bool { f.ensure(); return f.cff }

// IsTrueType reports whether Data is a plain TrueType file (glyf outlines, not a collection,
// not WOFF) that a PDF writer limited to TrueType can embed.
func (f *Font) IsTrueType() bool { f.ensure(); return f.trueType }

// OT returns the parsed go-text font, for the text layout's shaper. It is read-only and safe
// for concurrent use.
func (f *Font) OT() *gofont.Font {
	f.ensure()
	f.parseOnce.Do(f.load)
	return f.ot
}

// load parses the font's tables again (Add parsed them once to check the file, then let them go).
func (f *Font) load() {
	lds, err := ot.NewLoaders(bytes.NewReader(f.data))
	if err == nil && f.Index < len(lds) {
		var otf *gofont.Font
		if otf, err = gofont.NewFont(lds[f.Index]); err == nil {
			f.ot = otf
			f.face = gofont.NewFace(otf)
			return
		}
	}
	// Unreachable for a file that Add accepted (parsing is deterministic); stay usable anyway.
	f.ot, f.face = emptyFont()
}

// HasRune reports whether the font maps r to a glyph (cmap only) that the registry was not told
// to ignore (see Registry.ExcludeRunes).
func (f *Font) HasRune(r rune) bool {
	if ex := f.exclude.Load(); ex != nil && (*ex)[r] {
		return false
	}
	_, ok := f.OT().NominalGlyph(r)
	return ok
}

// GlyphIndex returns the glyph the font's cmap gives r, and whether there is one.
func (f *Font) GlyphIndex(r rune) (GID, bool) {
	g, ok := f.OT().NominalGlyph(r)
	return GID(g), ok
}

// Advance returns the horizontal advance of a glyph, in font units (without kerning).
func (f *Font) Advance(gid GID) float64 {
	f.OT()
	f.faceMu.Lock()
	defer f.faceMu.Unlock()
	return float64(f.face.HorizontalAdvance(gofont.GID(gid)))
}

// NumGlyphs returns the number of glyphs in the font.
func (f *Font) NumGlyphs() int { f.ensure(); return f.numGlyphs }

// Scale returns the factor that turns font units into points at the given size.
func (f *Font) Scale(size float64) float64 { f.ensure(); return size / float64(f.UnitsPerEm) }

// GlyphOutline returns the outline of a glyph in font units, y up as in the font. Glyphs with
// no outline (space, bitmap-only glyphs, out-of-range ids) give an empty path, never nil.
// Outlines are cached (bounded); the returned path is shared: do not modify it (use
// Transformed for a copy in page space).
func (f *Font) GlyphOutline(gid GID) *geom.Path {
	if p, ok := f.outlines.get(f, gid); ok {
		return p
	}
	p := f.loadOutline(gid)
	f.outlines.put(f, gid, p)
	return p
}

func (f *Font) loadOutline(gid GID) (p *geom.Path) {
	p = &geom.Path{}
	defer func() {
		// A malformed glyph program must not take the renderer down.
		if recover() != nil {
			p = &geom.Path{}
		}
	}()
	if int(gid) >= f.NumGlyphs() {
		return p
	}
	f.OT()
	f.faceMu.Lock()
	out, ok := f.face.GlyphDataOutline(gofont.GID(gid))
	f.faceMu.Unlock()
	if !ok {
		return p
	}
	open := false
	for _, s := range out.Segments {
		a := s.Args
		switch s.Op {
		case ot.SegmentOpMoveTo:
			if open {
				p.Close()
			}
			p.MoveTo(float64(a[0].X), float64(a[0].Y))
			open = true
		case ot.SegmentOpLineTo:
			p.LineTo(float64(a[0].X), float64(a[0].Y))
		case ot.SegmentOpQuadTo:
			p.QuadTo(float64(a[0].X), float64(a[0].Y), float64(a[1].X), float64(a[1].Y))
		case ot.SegmentOpCubeTo:
			p.CubicTo(float64(a[0].X), float64(a[0].Y), float64(a[1].X), float64(a[1].Y), float64(a[2].X), float64(a[2].Y))
		}
	}
	if open {
		p.Close()
	}
	return p
}

// String names the face, e.g. "Roboto 700 italic".
func (f *Font) String() string {
	s := f.Family + " " + itoa(f.Weight)
	if f.Italic {
		s += " italic"
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
