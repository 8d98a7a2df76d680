package raster

import (
	"container/list"
	"image"
	"image/color"
	"math"
	"sync"

	"affiche/renderer/font"
	"affiche/renderer/geom"
	"affiche/renderer/text"
	"affiche/scene"
)

// textOps draws a text element from its layout: background boxes, the outline stroke under the
// glyphs, the glyphs, then underlines and strikethroughs. Unrotated text blits cached glyph
// masks; rotated or mirrored text fills the glyph outlines mapped by the element's transform.
func (r *render) textOps(e *scene.Element, m scene.Affine, path string) []op {
	if r.o.Fonts == nil {
		r.warn(path, WarnNoFonts, "no fonts are available: the text is not drawn",
			"aucune police n'est disponible : le texte n'est pas dessiné")
		return nil
	}
	res := text.Layout(e, r.o.Fonts)
	for _, w := range res.Warnings {
		r.warn(path, w.Code, w.Message, w.MessageFR)
	}
	var ops []op
	if bg := e.Background; bg != nil && len(res.Backgrounds) > 0 {
		c := scene.MustColor(bg.Color)
		if pc := premul(c, bg.Opacity); pc.A > 0 {
			boxes := &geom.Path{}
			for _, b := range res.Backgrounds {
				boxes.Append(geom.RoundedRect(b.X, b.Y, b.Width, b.Height, bg.CornerRadius))
			}
			ops = append(ops, pathFill(boxes, m, solidPaint{pc}, false))
		}
	}
	if visibleStroke(e.Stroke) {
		// One polygon for every glyph's stroke: where strokes overlap they merge instead of
		// doubling their opacity.
		poly := newCoverage()
		st := strokeStyleOf(e.Stroke, m)
		if st.join == "" {
			st.join = "round" // sharp miters on letter corners look like spikes
		}
		res.EachGlyph(func(run *text.GlyphRun, g *text.Glyph) {
			strokePath(poly, run.Font.GlyphOutline(g.ID), m.Mul(run.Matrix(g)), st)
		})
		ops = append(ops, &fillOp{poly: poly, paint: solidPaint{premul(scene.MustColor(e.Stroke.Color), 1)}})
	}
	// Unrotated text of ordinary size blits cached glyph masks; huge glyphs are filled from
	// their outlines, which only rasterises the part inside the bitmap.
	fast := m[1] == 0 && m[2] == 0 && m[0] > 0 && m[0] == m[3]
	for li := range res.Lines {
		for ri := range res.Lines[li].Runs {
			run := &res.Lines[li].Runs[ri]
			if run.Font == nil || len(run.Glyphs) == 0 {
				continue
			}
			c := premul(run.Color, 1)
			if c.A == 0 {
				continue
			}
			if fast && run.Size*m[0] <= maxMaskGlyphPx {
				ops = append(ops, r.glyphMasks(run, m, c)...)
				continue
			}
			poly := newCoverage()
			for gi := range run.Glyphs {
				poly.addPath(run.Font.GlyphOutline(run.Glyphs[gi].ID), m.Mul(run.Matrix(&run.Glyphs[gi])))
			}
			if !poly.empty() {
				ops = append(ops, &fillOp{poly: poly, paint: solidPaint{c}})
			}
			if run.Embolden > 0 { // synthetic bold: a stroke around the outlines, same colour
				bold := newCoverage()
				st := strokeStyle{width: run.Embolden * strokeScale(m), join: "round"}
				for gi := range run.Glyphs {
					strokePath(bold, run.Font.GlyphOutline(run.Glyphs[gi].ID), m.Mul(run.Matrix(&run.Glyphs[gi])), st)
				}
				ops = append(ops, &fillOp{poly: bold, paint: solidPaint{c}})
			}
		}
	}
	for _, d := range res.Decorations {
		c := premul(d.Color, 1)
		if c.A > 0 && d.Rect.Width > 0 && d.Rect.Height > 0 {
			ops = append(ops, pathFill(geom.Rect(d.Rect.X, d.Rect.Y, d.Rect.Width, d.Rect.Height), m, solidPaint{c}, false))
		}
	}
	return ops
}

// glyphMasks returns one mask op per visible glyph of an unrotated run, from the glyph cache.
func (r *render) glyphMasks(run *text.GlyphRun, m scene.Affine, c color.RGBA) []op {
	sizePx := run.Size * m[0]
	ops := make([]op, 0, len(run.Glyphs))
	for gi := range run.Glyphs {
		g := &run.Glyphs[gi]
		ox, oy := m.Apply(g.X, g.Y)
		if math.IsNaN(ox) || math.IsNaN(oy) || math.Abs(ox) > limit || math.Abs(oy) > limit {
			continue
		}
		px, fx := splitPosition(ox)
		py, fy := splitPosition(oy)
		mask := glyphs.mask(run.Font, g.ID, sizePx, fx, fy, run.Skew, run.Embolden*m[0])
		if mask == nil {
			continue
		}
		placed := *mask
		placed.Rect = mask.Rect.Add(image.Pt(int(px), int(py)))
		ops = append(ops, &maskOp{mask: &placed, c: c})
	}
	return ops
}

// subpixel is the number of glyph positions kept per pixel, horizontally and vertically.
const subpixel = 4

// splitPosition splits a coordinate into a whole pixel and a fraction rounded to 1/subpixel.
func splitPosition(v float64) (whole, frac float64) {
	whole = math.Floor(v)
	frac = math.Floor((v-whole)*subpixel+0.5) / subpixel
	if frac >= 1 {
		whole, frac = whole+1, 0
	}
	return whole, frac
}

// Glyph masks are cached process-wide, bounded in bytes: the editor re-renders the same text
// all the time, and a poster uses few glyphs. Masks of huge glyphs are not cached.
const (
	maxMaskGlyphPx   = 400 // font size in pixels above which glyphs are not drawn as masks
	glyphCacheBytes  = 24 << 20
	maxCachedGlyph   = 256 << 10
	glyphSizeQuantum = 64 // sizes are keyed in 1/64 pixel
)

var glyphs = &glyphCache{max: glyphCacheBytes, order: list.New(), m: map[glyphKey]*list.Element{}}

type glyphKey struct {
	f        *font.Font
	gid      font.GID
	size     int64 // pixels × glyphSizeQuantum
	fx, fy   uint8 // sub-pixel offset in 1/subpixel
	skew     int32 // synthetic italic slant × 1000
	embolden int64 // synthetic bold stroke width, pixels × glyphSizeQuantum
}

type glyphEntry struct {
	key  glyphKey
	mask *image.Alpha // bounds relative to the whole-pixel pen position; nil: nothing to draw
}

// glyphCache is a least-recently-used cache of glyph coverage masks, safe for concurrent use.
type glyphCache struct {
	mu    sync.Mutex
	max   int
	bytes int
	order *list.List
	m     map[glyphKey]*list.Element
}

// mask returns the coverage mask of a glyph at sizePx with its origin at (fx, fy) inside the
// pixel, slanted by skew and thickened by a stroke of embolden pixels; its bounds are relative
// to that pixel.
func (c *glyphCache) mask(f *font.Font, gid font.GID, sizePx, fx, fy, skew, embolden float64) *image.Alpha {
	key := glyphKey{f, gid, int64(math.Round(sizePx * glyphSizeQuantum)), uint8(fx * subpixel), uint8(fy * subpixel),
		int32(math.Round(skew * 1000)), int64(math.Round(embolden * glyphSizeQuantum))}
	c.mu.Lock()
	if e, ok := c.m[key]; ok {
		c.order.MoveToFront(e)
		m := e.Value.(*glyphEntry).mask
		c.mu.Unlock()
		return m
	}
	c.mu.Unlock()
	mask := renderGlyph(f, gid, float64(key.size)/glyphSizeQuantum, fx, fy, float64(key.skew)/1000, float64(key.embolden)/glyphSizeQuantum)
	n := 64
	if mask != nil {
		n += len(mask.Pix)
	}
	if n > maxCachedGlyph {
		return mask
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; !ok {
		c.m[key] = c.order.PushFront(&glyphEntry{key, mask})
		c.bytes += n
		for c.bytes > c.max && c.order.Len() > 1 {
			last := c.order.Back()
			ent := last.Value.(*glyphEntry)
			c.order.Remove(last)
			delete(c.m, ent.key)
			c.bytes -= 64
			if ent.mask != nil {
				c.bytes -= len(ent.mask.Pix)
			}
		}
	}
	return mask
}

// renderGlyph rasterises a glyph outline into a mask.
func renderGlyph(f *font.Font, gid font.GID, sizePx, fx, fy, skew, embolden float64) *image.Alpha {
	outline := f.GlyphOutline(gid)
	if outline.Empty() {
		return nil
	}
	s := f.Scale(sizePx)
	m := scene.Affine{s, 0, s * skew, -s, fx, fy}
	poly := newCoverage()
	poly.addPath(outline, m)
	b := poly.bounds()
	var bold *coverage
	if embolden > 0 {
		// The stroke's polygons may wind the other way round from the outline's: rasterise
		// them apart and unite the coverages.
		bold = newCoverage()
		strokePath(bold, outline, m, strokeStyle{width: embolden, join: "round"})
		b = b.Union(bold.bounds())
	}
	if b.Empty() {
		return nil
	}
	a := image.NewAlpha(b)
	sc := &scratch{}
	poly.render(b, false, sc, func(y, x0 int, cov []uint8) {
		copy(a.Pix[a.PixOffset(x0, y):], cov)
	})
	if bold != nil {
		bold.render(b, false, sc, func(y, x0 int, cov []uint8) {
			row := a.Pix[a.PixOffset(x0, y):]
			for i, v := range cov {
				u := uint32(row[i])
				row[i] = uint8(u + uint32(v) - div255(u*uint32(v)))
			}
		})
	}
	return a
}
