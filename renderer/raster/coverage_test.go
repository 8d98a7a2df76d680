package raster

import (
	"image"
	"math"
	"testing"

	"affiche/renderer/geom"
	"affiche/scene"
)

// coverageOf renders a path into a map of pixel → coverage.
func coverageOf(p *geom.Path, clip image.Rectangle, evenOdd bool) *image.Alpha {
	c := newCoverage()
	c.addPath(p, scene.Identity)
	a := image.NewAlpha(clip)
	c.render(clip, evenOdd, &scratch{}, func(y, x0 int, cov []uint8) {
		copy(a.Pix[a.PixOffset(x0, y):], cov)
	})
	return a
}

// polygonArea is the area of the flattened path (shoelace formula), what coverage must sum to.
func polygonArea(p *geom.Path) float64 {
	var area, sx, sy, px, py float64
	p.Flatten(0.1, func(op geom.Op, x, y float64) {
		switch op {
		case geom.MoveTo:
			area += px*sy - sx*py
			sx, sy, px, py = x, y, x, y
		case geom.LineTo:
			area += px*y - x*py
			px, py = x, y
		}
	})
	area += px*sy - sx*py
	return math.Abs(area) / 2
}

func sumAlpha(a *image.Alpha) float64 {
	s := 0.0
	for _, v := range a.Pix {
		s += float64(v) / 255
	}
	return s
}

func TestCoverageExactArea(t *testing.T) {
	clip := image.Rect(0, 0, 64, 64)
	// An axis-aligned rectangle on fractional edges: interior 255, edges proportional.
	a := coverageOf(geom.Rect(10.25, 20.5, 10, 5), clip, false)
	if got := a.AlphaAt(15, 22).A; got != 255 {
		t.Errorf("interior coverage %d", got)
	}
	if got := a.AlphaAt(10, 22).A; got != 191 { // 0.75 of the pixel
		t.Errorf("left edge coverage %d, want 191", got)
	}
	if got := a.AlphaAt(15, 20).A; got != 128 { // half the pixel
		t.Errorf("top edge coverage %d, want 128", got)
	}
	if got := a.AlphaAt(10, 20).A; got != 96 { // 0.75 × 0.5
		t.Errorf("corner coverage %d, want 96", got)
	}
	if s := sumAlpha(a); math.Abs(s-50) > 0.2 {
		t.Errorf("rectangle area %.3f, want 50", s)
	}
	// A circle: the coverage sums to its area.
	a = coverageOf(geom.Circle(32, 32, 20), clip, false)
	if s, want := sumAlpha(a), polygonArea(geom.Circle(32, 32, 20)); math.Abs(s-want) > 0.2 || math.Abs(s-math.Pi*400) > 8 {
		t.Errorf("circle area %.2f, want %.2f (π r² = %.2f)", s, want, math.Pi*400)
	}
	// A slanted triangle.
	a = coverageOf(geom.Polygon(geom.Point{X: 3, Y: 1}, geom.Point{X: 60, Y: 9}, geom.Point{X: 17, Y: 50}), clip, false)
	want := math.Abs((60-3)*(50-1)-(17-3)*(9-1)) / 2
	if s := sumAlpha(a); math.Abs(s-want) > 0.5 {
		t.Errorf("triangle area %.2f, want %.2f", s, want)
	}
}

func TestCoverageFillRules(t *testing.T) {
	clip := image.Rect(0, 0, 40, 40)
	// Two concentric squares in the same direction: non-zero fills the hole, even-odd does not.
	p := geom.Rect(0, 0, 40, 40)
	p.Append(geom.Rect(10, 10, 20, 20))
	if a := coverageOf(p, clip, false); a.AlphaAt(20, 20).A != 255 {
		t.Errorf("non-zero: hole coverage %d, want 255", a.AlphaAt(20, 20).A)
	}
	if a := coverageOf(p, clip, true); a.AlphaAt(20, 20).A != 0 || a.AlphaAt(5, 5).A != 255 {
		t.Errorf("even-odd: hole %d (want 0), ring %d (want 255)", a.AlphaAt(20, 20).A, a.AlphaAt(5, 5).A)
	}
}

func TestCoverageClipping(t *testing.T) {
	// A shape much larger than the clip, with edges outside it on every side.
	clip := image.Rect(100, 100, 120, 110)
	a := coverageOf(geom.Rect(-1e6, -5e5, 3e6, 2e6), clip, false)
	for _, v := range a.Pix {
		if v != 255 {
			t.Fatalf("coverage %d inside a huge rectangle", v)
		}
	}
	// Left edge outside, right edge inside: partial clip.
	a = coverageOf(geom.Polygon(geom.Point{X: -50, Y: 100}, geom.Point{X: 110.5, Y: 100}, geom.Point{X: 110.5, Y: 110}, geom.Point{X: -50, Y: 110}), clip, false)
	if a.AlphaAt(100, 105).A != 255 || a.AlphaAt(110, 105).A != 128 || a.AlphaAt(111, 105).A != 0 {
		t.Errorf("clipped rect: %d %d %d", a.AlphaAt(100, 105).A, a.AlphaAt(110, 105).A, a.AlphaAt(111, 105).A)
	}
	// A slanted edge that starts far left of the clip and crosses it.
	p := geom.Polygon(geom.Point{X: -1000, Y: 100}, geom.Point{X: 1000, Y: 110}, geom.Point{X: -1000, Y: 110})
	a = coverageOf(p, clip, false)
	full := coverageOf(p, image.Rect(-1000, 100, 1000, 110), false)
	for y := 100; y < 110; y++ {
		for x := 100; x < 120; x++ {
			if d := int(a.AlphaAt(x, y).A) - int(full.AlphaAt(x, y).A); d < -1 || d > 1 {
				t.Fatalf("clipped coverage at %d,%d = %d, unclipped %d", x, y, a.AlphaAt(x, y).A, full.AlphaAt(x, y).A)
			}
		}
	}
}

func TestCoverageBandsAgree(t *testing.T) {
	// A tall, wide shape spans several bands: the result must not depend on the banding.
	clip := image.Rect(0, 0, 3000, 400)
	e := geom.Ellipse(3, 2.5, 2990, 395)
	a := coverageOf(e, clip, false)
	want := polygonArea(e)
	if s := sumAlpha(a); math.Abs(s-want)/want > 2e-5 {
		t.Errorf("ellipse area %.1f, want %.1f", s, want)
	}
}

func TestCoverageDegenerate(t *testing.T) {
	c := newCoverage()
	c.moveTo(math.NaN(), math.Inf(1))
	c.lineTo(math.Inf(-1), 5)
	c.lineTo(1e300, -1e300)
	c.render(image.Rect(0, 0, 10, 10), false, &scratch{}, func(y, x0 int, cov []uint8) {})
}

func TestCoverageEdgesOutsideClipFirst(t *testing.T) {
	// The first subpath lies below the clip, the second inside: edges must not be skipped
	// because an earlier one starts beyond the area drawn.
	p := geom.Rect(0, 50, 10, 10)
	p.Append(geom.Rect(2, 2, 6, 6))
	a := coverageOf(p, image.Rect(0, 0, 10, 10), false)
	if a.AlphaAt(5, 5).A != 255 {
		t.Errorf("inner square lost: coverage %d", a.AlphaAt(5, 5).A)
	}
}
