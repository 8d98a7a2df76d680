package raster

import (
	"image"
	"math"

	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"

	"affiche/renderer/geom"
	"affiche/scene"
)

// Strokes are outlined by rasterx's stroker (miter, round and bevel joins, butt, round and
// square caps, dashes), whose output polygons we collect and fill with our own coverage
// rasteriser. gg (fogleman/gg through golang/freetype's raster) has no miter join: the
// default join of every scene stroke would come out bevelled.

// recorder is a rasterx.Scanner that records the polygons it is given into a coverage instead
// of drawing them.
type recorder struct {
	poly *coverage
}

var _ rasterx.Scanner = (*recorder)(nil)

func (r *recorder) Start(a fixed.Point26_6) { r.poly.moveTo(float64(a.X)/64, float64(a.Y)/64) }
func (r *recorder) Line(b fixed.Point26_6)  { r.poly.lineTo(float64(b.X)/64, float64(b.Y)/64) }
func (r *recorder) Draw()                   {}
func (r *recorder) GetPathExtent() fixed.Rectangle26_6 {
	b := r.poly
	if b.empty() && !b.open {
		return fixed.Rectangle26_6{}
	}
	return fixed.Rectangle26_6{
		Min: fixed.Point26_6{X: toFixed(float64(b.minX)), Y: toFixed(float64(b.minY))},
		Max: fixed.Point26_6{X: toFixed(float64(b.maxX)), Y: toFixed(float64(b.maxY))},
	}
}
func (r *recorder) SetBounds(w, h int)                {}
func (r *recorder) SetColor(c any)                    {}
func (r *recorder) SetWinding(useNonZeroWinding bool) {}

// Clear does nothing: rasterx clears its scanner whenever a stroker is made, and a recorder
// collecting several strokes into one polygon must not lose the earlier ones.
func (r *recorder) Clear()                       {}
func (r *recorder) SetClip(rect image.Rectangle) {}
func toFixed(v float64) fixed.Int26_6            { return fixed.Int26_6(math.Round(float64(clampCoord(v)) * 64)) }
func toFixedPt(x, y float64) fixed.Point26_6     { return fixed.Point26_6{X: toFixed(x), Y: toFixed(y)} }
func strokeScale(m scene.Affine) float64         { return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2])) }
func validStroke(width float64) bool             { return width > 0 && !math.IsInf(width, 0) }
func fixedWidth(width float64) fixed.Int26_6     { return fixed.Int26_6(math.Min(width, limit) * 64) }
func defaultMiterLimit() fixed.Int26_6           { return 10 * 64 } // as PDF and canvas
func capFunc(c string) rasterx.CapFunc           { return capFuncs[c] }
func joinOf(j string) (rasterx.JoinMode, rasterx.GapFunc) {
	switch j {
	case "round":
		return rasterx.Round, rasterx.RoundGap
	case "bevel":
		return rasterx.Bevel, rasterx.FlatGap
	}
	return rasterx.Miter, rasterx.FlatGap
}

var capFuncs = map[string]rasterx.CapFunc{
	"": rasterx.ButtCap, "butt": rasterx.ButtCap, "round": rasterx.RoundCap, "square": rasterx.SquareCap,
}

// strokeStyle is a stroke in page pixels.
type strokeStyle struct {
	width      float64   // pixels
	cap        string    // butt, round, square
	join       string    // miter, round, bevel
	dashes     []float64 // pixels; nil = solid
	dashOffset float64   // pixels into the pattern where the stroke starts (SVG icons)
	miterLimit float64   // ratio; 0 = 10, as PDF and canvas (SVG's default is 4)
}

// strokePath adds the outline of p's stroke to poly: p is mapped by m to page pixels first,
// so the stroke keeps its width whatever stretching the path's own coordinates had.
func strokePath(poly *coverage, p *geom.Path, m scene.Affine, st strokeStyle) {
	if !validStroke(st.width) || p.Empty() {
		return
	}
	rec := &recorder{poly: poly}
	d := rasterx.NewDasher(0, 0, rec)
	jm, gap := joinOf(st.join)
	var dashes []float64
	if len(st.dashes) > 0 {
		dashes = st.dashes
	}
	miter := defaultMiterLimit()
	if st.miterLimit >= 1 && st.miterLimit < 1000 {
		miter = fixed.Int26_6(st.miterLimit * 64)
	}
	offset := 0.0
	if total := sum(dashes); total > 0 && st.dashOffset != 0 && !math.IsInf(st.dashOffset, 0) {
		offset = math.Mod(st.dashOffset, total) // rasterx walks the pattern from 0 to the offset
		if offset < 0 {
			offset += total
		}
	}
	d.SetStroke(fixedWidth(st.width), miter, capFunc(st.cap), nil, gap, jm, dashes, offset)
	open := false
	var sx, sy float64
	p.Walk(func(op geom.Op, pts []geom.Point) {
		pt := func(i int) fixed.Point26_6 {
			x, y := m.Apply(pts[i].X, pts[i].Y)
			return toFixedPt(x, y)
		}
		if op != geom.MoveTo && op != geom.Close && !open {
			d.Start(toFixedPt(m.Apply(sx, sy)))
			open = true
		}
		switch op {
		case geom.MoveTo:
			if open {
				d.Stop(false)
			}
			sx, sy = pts[0].X, pts[0].Y
			d.Start(pt(0))
			open = true
		case geom.LineTo:
			d.Line(pt(0))
		case geom.QuadTo:
			d.QuadBezier(pt(0), pt(1))
		case geom.CubicTo:
			d.CubeBezier(pt(0), pt(1), pt(2))
		case geom.Close:
			if open {
				d.Stop(true)
			}
			open = false
		}
	})
	if open {
		d.Stop(false)
	}
}

func sum(vs []float64) float64 {
	t := 0.0
	for _, v := range vs {
		t += v
	}
	return t
}
