package geom

import (
	"math"
	"strings"
	"testing"

	"affiche/scene"
)

func near(a, b, eps float64) bool { return math.Abs(a-b) <= eps }

func lastPoint(p *Path) Point { return p.Pts[len(p.Pts)-1] }

func TestParseSVGPathSyntax(t *testing.T) {
	cases := []struct {
		d    string
		ops  string // M L Q C Z as letters
		last Point
	}{
		{"M10 20 L30 40", "ML", Point{30, 40}},
		{"m10,20 l5-5 h10 v10 z", "MLLLZ", Point{25, 25}},
		{"M1.5.5 2e1-3", "ML", Point{20, -3}}, // "1.5.5" is 1.5 then .5; implicit L after M
		{"M0 0C1 2 3 4 5 6S9 9 10 10", "MCC", Point{10, 10}},
		{"M0 0Q5 5 10 0T20 0", "MQQ", Point{20, 0}},
		{"M0 0 10 0 10 10Z M 20 20 L 30 30", "MLLZML", Point{30, 30}},
		{"M0 0 z l 5 5", "MZML", Point{5, 5}}, // after Z the next command starts at the subpath start
	}
	for _, c := range cases {
		p, err := ParseSVGPath(c.d)
		if err != nil {
			t.Errorf("%q: %v", c.d, err)
			continue
		}
		var ops strings.Builder
		for _, op := range p.Ops {
			ops.WriteByte("MLQCZ"[op])
		}
		if ops.String() != c.ops {
			t.Errorf("%q: ops %s, want %s", c.d, ops.String(), c.ops)
		}
		if l := lastPoint(p); !near(l.X, c.last.X, 1e-9) || !near(l.Y, c.last.Y, 1e-9) {
			t.Errorf("%q: ends at %v, want %v", c.d, l, c.last)
		}
	}
}

func TestParseSVGPathErrorsKeepPrefix(t *testing.T) {
	p, err := ParseSVGPath("M0 0 L10 10 L20 x")
	if err == nil || !strings.Contains(err.Error(), "character") {
		t.Fatalf("err = %v", err)
	}
	if len(p.Ops) != 2 || lastPoint(p) != (Point{10, 10}) {
		t.Errorf("kept %v %v, want the path up to the error", p.Ops, p.Pts)
	}
	for _, bad := range []string{"L 1 2", "10 10", "M 1", "M0 0 A 1 1 0 2 0 3 3", "M0 0 Z 5"} {
		if _, err := ParseSVGPath(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestArcs(t *testing.T) {
	// A half circle of radius 10 from (0,0) to (20,0) sweeping clockwise (y down) passes
	// through (10, -10) ... with sweep=1 in SVG (positive angle direction, y down) it bulges up.
	p, err := ParseSVGPath("M0 0 A10 10 0 0 1 20 0")
	if err != nil {
		t.Fatal(err)
	}
	minY := 0.0
	p.Flatten(0.01, func(op Op, x, y float64) {
		if d := math.Hypot(x-10, y); op != Close && !near(d, 10, 0.02) {
			t.Errorf("point (%.3f, %.3f) is %.3f from the centre, want 10", x, y, d)
		}
		minY = math.Min(minY, y)
	})
	if !near(minY, -10, 0.02) {
		t.Errorf("arc top at %.3f, want -10 (sweep flag direction)", minY)
	}
	// Radii too small are scaled up; compact flags "0 01 20 0" parse.
	p, err = ParseSVGPath("M0 0a1 1 0 0120 0")
	if err != nil {
		t.Fatal(err)
	}
	if l := lastPoint(p); !near(l.X, 20, 1e-9) || !near(l.Y, 0, 1e-9) {
		t.Errorf("compact arc ends at %v", l)
	}
	// Zero radius: a straight line.
	p, _ = ParseSVGPath("M0 0 A0 5 0 0 1 7 7")
	if p.Ops[1] != LineTo {
		t.Errorf("zero-radius arc: %v", p.Ops)
	}
	// Rotated ellipse arc: the end point is exact.
	p, _ = ParseSVGPath("M 5 5 A 30 10 45 1 0 40 12")
	if l := lastPoint(p); l != (Point{40, 12}) {
		t.Errorf("rotated arc ends at %v", l)
	}
}

func TestShapesFillTheirBox(t *testing.T) {
	for _, e := range []*scene.Element{
		{Shape: scene.ShapeRect, Width: 100, Height: 50, CornerRadius: 500},
		{Shape: scene.ShapeEllipse, Width: 100, Height: 50},
		{Shape: scene.ShapeTriangle, Width: 100, Height: 50},
		{Shape: scene.ShapePolygon, Sides: 5, Width: 100, Height: 50},
		{Shape: scene.ShapePolygon, Sides: 6, Width: 80, Height: 80},
		{Shape: scene.ShapeStar, Sides: 5, InnerRadius: 0.4, Width: 100, Height: 90},
		{Shape: scene.ShapeArrow, InnerRadius: 0.4, Width: 120, Height: 60},
		{Shape: scene.ShapePath, Path: "M0 0 L10 0 L10 10 Z", ViewBox: &[4]float64{0, 0, 10, 10}, Width: 100, Height: 50},
	} {
		p, err := ShapePath(e)
		if err != nil {
			t.Fatalf("%s: %v", e.Shape, err)
		}
		var minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		p.Flatten(0.01, func(op Op, x, y float64) {
			if op == Close {
				return
			}
			minX, maxX = math.Min(minX, x), math.Max(maxX, x)
			minY, maxY = math.Min(minY, y), math.Max(maxY, y)
		})
		if !near(minX, 0, 1e-6) || !near(minY, 0, 1e-6) || !near(maxX, e.Width, 1e-6) || !near(maxY, e.Height, 1e-6) {
			t.Errorf("%s: bounds %.3f,%.3f–%.3f,%.3f, want 0,0–%g,%g", e.Shape, minX, minY, maxX, maxY, e.Width, e.Height)
		}
	}
}

func TestRoundedRectClampsRadius(t *testing.T) {
	if r := ClampRadius(100, 40, 50); r != 20 {
		t.Errorf("radius clamped to %g, want 20", r)
	}
	if r := ClampRadius(100, 40, math.NaN()); r != 0 {
		t.Errorf("NaN radius gives %g", r)
	}
	// A square with a radius of half its side is a circle.
	p := RoundedRect(0, 0, 20, 20, 10)
	p.Flatten(0.01, func(op Op, x, y float64) {
		if op != Close && !near(math.Hypot(x-10, y-10), 10, 0.01) {
			t.Errorf("(%g, %g) is off the circle", x, y)
		}
	})
}

func TestFlattenTolerance(t *testing.T) {
	for _, r := range []float64{1, 10, 1000} {
		n := 0
		Circle(0, 0, r).Flatten(0.1, func(op Op, x, y float64) {
			n++
			if op == LineTo && !near(math.Hypot(x, y), r, r*0.0003+1e-9) {
				t.Errorf("r=%g: point off the circle", r)
			}
		})
		// Midpoints of the chords stay within the tolerance (plus the Bézier error).
		var px, py float64
		Circle(0, 0, r).Flatten(0.1, func(op Op, x, y float64) {
			if op == LineTo {
				mx, my := (px+x)/2, (py+y)/2
				if d := r - math.Hypot(mx, my); d > 0.1+r*0.0003 {
					t.Errorf("r=%g: chord %.4f from the arc", r, d)
				}
			}
			px, py = x, y
		})
		if r == 1000 && n > 4*maxSegments {
			t.Errorf("r=%g: %d segments", r, n)
		}
	}
}

func TestLineHeadsLandOnTheEnds(t *testing.T) {
	for _, h := range []scene.LineHead{scene.HeadTriangle, scene.HeadCircle, scene.HeadSquare, scene.HeadBar} {
		g := LineBetween(0, 0, 100, 0, 4, h, h, "", "")
		if len(g.Heads) != 2 {
			t.Fatalf("%s: %d heads", h, len(g.Heads))
		}
		for i, hd := range g.Heads {
			b := hd.Path.Bounds()
			if i == 0 && !near(b.X, 0, 1e-9) {
				t.Errorf("%s start head reaches x=%g, want 0", h, b.X)
			}
			if i == 1 && !near(b.X+b.Width, 100, 1e-9) {
				t.Errorf("%s end head reaches x=%g, want 100", h, b.X+b.Width)
			}
		}
		s := g.Shaft.Bounds()
		if s.X <= 0 || s.X+s.Width >= 100 {
			t.Errorf("%s: shaft %v not shortened", h, s)
		}
	}
	// Open arrow: the miter tip of a stroke of width 4 reaches the end exactly.
	g := LineBetween(0, 0, 100, 0, 4, "", scene.HeadArrow, "", "")
	hd := g.Heads[0]
	if !hd.Stroked || hd.Join != "miter" {
		t.Fatalf("arrow head %+v", hd)
	}
	apex := hd.Path.Pts[1]
	tip := apex.X + 2/math.Sin(arrowAngle*math.Pi/180)
	if !near(tip, 100, 1e-9) || !near(lastPoint(g.Shaft).X, apex.X, 1e-9) {
		t.Errorf("arrow tip at %g (want 100), shaft ends at %g (apex %g)", tip, lastPoint(g.Shaft).X, apex.X)
	}
	// A line too short for its heads keeps a zero-length shaft, never a reversed one.
	g = LineBetween(0, 0, 5, 0, 4, scene.HeadSquare, scene.HeadSquare, "", "")
	if a, b := g.Shaft.Pts[0].X, g.Shaft.Pts[1].X; a > b {
		t.Errorf("reversed shaft %g > %g", a, b)
	}
	// Heads follow the direction of a slanted line.
	g = LineBetween(0, 0, 30, 40, 2, "", scene.HeadTriangle, "", "")
	if tip := g.Heads[0].Path.Pts[0]; !near(tip.X, 30, 1e-9) || !near(tip.Y, 40, 1e-9) {
		t.Errorf("slanted tip at %v", tip)
	}
}

func TestPlaceImage(t *testing.T) {
	// 400×200 source in a 100×100 box.
	c := PlaceImage(400, 200, nil, scene.FitCover, 100, 100)
	if c.Src != (scene.Rect{X: 100, Y: 0, Width: 200, Height: 200}) || c.Dst != (scene.Rect{Width: 100, Height: 100}) {
		t.Errorf("cover: %+v", c)
	}
	c = PlaceImage(400, 200, nil, scene.FitContain, 100, 100)
	if c.Src != (scene.Rect{Width: 400, Height: 200}) || c.Dst != (scene.Rect{X: 0, Y: 25, Width: 100, Height: 50}) {
		t.Errorf("contain: %+v", c)
	}
	c = PlaceImage(400, 200, &scene.Rect{X: 0.5, Y: 0, Width: 0.5, Height: 1}, scene.FitFill, 100, 30)
	if c.Src != (scene.Rect{X: 200, Y: 0, Width: 200, Height: 200}) || c.Dst != (scene.Rect{Width: 100, Height: 30}) {
		t.Errorf("fill with crop: %+v", c)
	}
	// Crop then cover: the crop's centre stays the centre.
	c = PlaceImage(1000, 1000, &scene.Rect{X: 0.1, Y: 0.2, Width: 0.4, Height: 0.4}, scene.FitCover, 200, 100)
	if !near(c.Src.X+c.Src.Width/2, 300, 1e-9) || !near(c.Src.Y+c.Src.Height/2, 400, 1e-9) || !near(c.Src.Width/c.Src.Height, 2, 1e-9) {
		t.Errorf("crop+cover: %+v", c)
	}
}

func TestGradientGeometry(t *testing.T) {
	x0, y0, x1, y1 := LinearGradientLine(90, 200, 100)
	if !near(x0, 0, 1e-9) || !near(y0, 50, 1e-9) || !near(x1, 200, 1e-9) || !near(y1, 50, 1e-9) {
		t.Errorf("90deg: %g,%g → %g,%g", x0, y0, x1, y1)
	}
	x0, y0, x1, y1 = LinearGradientLine(0, 200, 100)
	if !near(x0, 100, 1e-9) || !near(y0, 100, 1e-9) || !near(x1, 100, 1e-9) || !near(y1, 0, 1e-9) {
		t.Errorf("0deg (to top): %g,%g → %g,%g", x0, y0, x1, y1)
	}
	// 45deg over a square: from the bottom-left corner to the top-right one.
	x0, y0, x1, y1 = LinearGradientLine(45, 100, 100)
	if !near(x0, 0, 1e-9) || !near(y0, 100, 1e-9) || !near(x1, 100, 1e-9) || !near(y1, 0, 1e-9) {
		t.Errorf("45deg: %g,%g → %g,%g", x0, y0, x1, y1)
	}
	half := 0.5
	cx, cy, r := RadialGradientCircle(&scene.Gradient{CX: &half, CY: new(float64)}, 300, 400)
	if cx != 150 || cy != 0 || !near(r, 150*math.Sqrt(1+(400.0/150)*(400.0/150)), 1e-9) {
		t.Errorf("radial: %g %g %g", cx, cy, r)
	}
	st := SortedStops(&scene.Gradient{Stops: []scene.Stop{{Offset: 1, Color: "b"}, {Offset: -1, Color: "a"}, {Offset: 0.5, Color: "c"}}})
	if st[0].Color != "a" || st[0].Offset != 0 || st[2].Color != "b" {
		t.Errorf("stops %+v", st)
	}
}

func TestDashPattern(t *testing.T) {
	if d := DashPattern(&scene.Stroke{Width: 2, Dash: []float64{3, 1}}); len(d) != 2 || d[0] != 6 || d[1] != 2 {
		t.Errorf("dash %v", d)
	}
	if d := DashPattern(&scene.Stroke{Width: 2, Dash: []float64{3}}); len(d) != 2 || d[1] != 6 {
		t.Errorf("odd dash %v", d)
	}
	if d := DashPattern(&scene.Stroke{Width: 2, Dash: []float64{0, 0}}); d != nil {
		t.Errorf("all-zero dash %v", d)
	}
}

func TestBorderPathInsideBox(t *testing.T) {
	b := BorderPath(100, 60, 10, 4).Bounds()
	if b != (scene.Rect{X: 2, Y: 2, Width: 96, Height: 56}) {
		t.Errorf("border bounds %+v", b)
	}
}

func FuzzParseSVGPath(f *testing.F) {
	for _, s := range []string{"M0 0L10 10Z", "m1.5.5a1 1 0 0120 0", "M0 0C1 2 3 4 5 6S1 1 2 2Q1 1 2 2T5 5", "M1e400 0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, d string) {
		p, _ := ParseSVGPath(d)
		if p == nil {
			t.Fatal("nil path")
		}
		n := 0
		p.Flatten(0.1, func(op Op, x, y float64) { n++ })
		if len(p.Pts) != countPts(p) {
			t.Fatal("points and ops disagree")
		}
	})
}

func countPts(p *Path) int {
	n := 0
	for _, op := range p.Ops {
		n += op.NumPoints()
	}
	return n
}
