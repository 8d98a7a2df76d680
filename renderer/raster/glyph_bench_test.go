package raster

import (
	"image"
	"image/draw"
	"testing"
	"time"

	"golang.org/x/image/vector"

	"affiche/renderer/geom"
	"affiche/scene"
)

// BenchmarkGlyphMask compares rasterising glyph masks (the 26 capitals of Roboto at 16 and
// 96 px) with our coverage rasteriser and with golang.org/x/image/vector, the usual choice
// for glyph masks.
func BenchmarkGlyphMask(b *testing.B) {
	reg := registry(b)
	f, _ := reg.Resolve("Roboto", 400, false)
	var outlines []*geom.Path
	for r := 'A'; r <= 'Z'; r++ {
		gid, _ := f.GlyphIndex(r)
		outlines = append(outlines, f.GlyphOutline(gid))
	}
	for _, px := range []float64{16, 96} {
		s := f.Scale(px)
		m := scene.Affine{s, 0, 0, -s, 0.25, 0.5}
		b.Run("coverage-"+itoa(int(px)), func(b *testing.B) {
			sc := &scratch{}
			c0 := cpuTime()
			for b.Loop() {
				for _, o := range outlines {
					poly := newCoverage()
					poly.addPath(o, m)
					r := poly.bounds()
					a := image.NewAlpha(r)
					poly.render(r, false, sc, func(y, x0 int, cov []uint8) { copy(a.Pix[a.PixOffset(x0, y):], cov) })
				}
			}
			reportCPUus(b, c0)
		})
		b.Run("xvector-"+itoa(int(px)), func(b *testing.B) {
			var z vector.Rasterizer
			c0 := cpuTime()
			for b.Loop() {
				for _, o := range outlines {
					poly := newCoverage()
					poly.addPath(o, m) // for the bounds only
					r := poly.bounds()
					z.Reset(r.Dx(), r.Dy())
					o.Flatten(flattenTolerance(m), func(op geom.Op, x, y float64) {
						x, y = m.Apply(x, y)
						x, y = x-float64(r.Min.X), y-float64(r.Min.Y)
						switch op {
						case geom.MoveTo:
							z.MoveTo(float32(x), float32(y))
						case geom.LineTo:
							z.LineTo(float32(x), float32(y))
						case geom.Close:
							z.ClosePath()
						}
					})
					a := image.NewAlpha(image.Rect(0, 0, r.Dx(), r.Dy()))
					z.Draw(a, a.Rect, image.Opaque, image.Point{})
					_ = draw.Over
				}
			}
			reportCPUus(b, c0)
		})
	}
}

func reportCPUus(b *testing.B, c0 time.Duration) {
	if c := cpuTime() - c0; c > 0 {
		b.ReportMetric(float64(c.Microseconds())/float64(b.N), "cpu-µs/op")
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
