package geom

import (
	"fmt"
	"math"
	"strconv"
)

// SVGPathError is a syntax error in SVG path data, at a byte offset.
type SVGPathError struct {
	Offset int
	Msg    string
}

// Error describes the problem and where it is, counting characters from 1.
func (e *SVGPathError) Error() string {
	return fmt.Sprintf("path data: %s at character %d", e.Msg, e.Offset+1)
}

// ParseSVGPath reads SVG path data (the "d" attribute: M L H V C S Q T A Z in absolute and
// relative forms, implicit repeated commands, compact numbers such as "1.5.5" or "0 01 1").
// Arcs become cubic Béziers. As SVG prescribes, a syntax error ends the path: the part read
// before it is returned with the error. The result is never nil.
func ParseSVGPath(d string) (*Path, error) {
	s := &svgScanner{d: d}
	p := &Path{}
	var (
		cmd              byte
		cx, cy           float64 // current point
		sx, sy           float64 // subpath start
		lcx, lcy         float64 // last control point, for S and T
		lastCubic, lastQ bool
		open             bool // a subpath has been started and not closed
	)
	for {
		s.skipSpace()
		if s.i >= len(d) {
			break
		}
		c := d[s.i]
		switch {
		case isCommand(c):
			cmd = c
			s.i++
		case cmd == 0:
			return p, s.err("path data must start with a command (M)")
		case cmd == 'z' || cmd == 'Z':
			return p, s.err("a number cannot follow Z")
		}
		if p.Empty() && cmd != 'M' && cmd != 'm' {
			return p, s.err("path data must start with M")
		}
		rel := cmd >= 'a'
		ox, oy := 0.0, 0.0
		if rel {
			ox, oy = cx, cy
		}
		var a [7]float64
		read := func(n int) bool {
			for k := 0; k < n; k++ {
				v, ok := s.number()
				if !ok {
					return false
				}
				a[k] = v
			}
			return true
		}
		isCubic, isQuad := false, false
		switch cmd {
		case 'M', 'm':
			if !read(2) {
				return p, s.err("M needs x y")
			}
			cx, cy = ox+a[0], oy+a[1]
			sx, sy = cx, cy
			p.MoveTo(cx, cy)
			open = true
			// Further pairs after a moveto are implicit lineto commands.
			if rel {
				cmd = 'l'
			} else {
				cmd = 'L'
			}
		case 'L', 'l':
			if !read(2) {
				return p, s.err("L needs x y")
			}
			cx, cy = ox+a[0], oy+a[1]
			p.LineTo(cx, cy)
		case 'H', 'h':
			if !read(1) {
				return p, s.err("H needs x")
			}
			cx = ox + a[0]
			p.LineTo(cx, cy)
		case 'V', 'v':
			if !read(1) {
				return p, s.err("V needs y")
			}
			cy = oy + a[0]
			p.LineTo(cx, cy)
		case 'C', 'c':
			if !read(6) {
				return p, s.err("C needs x1 y1 x2 y2 x y")
			}
			lcx, lcy = ox+a[2], oy+a[3]
			p.CubicTo(ox+a[0], oy+a[1], lcx, lcy, ox+a[4], oy+a[5])
			cx, cy = ox+a[4], oy+a[5]
			isCubic = true
		case 'S', 's':
			if !read(4) {
				return p, s.err("S needs x2 y2 x y")
			}
			c1x, c1y := cx, cy
			if lastCubic {
				c1x, c1y = 2*cx-lcx, 2*cy-lcy
			}
			lcx, lcy = ox+a[0], oy+a[1]
			p.CubicTo(c1x, c1y, lcx, lcy, ox+a[2], oy+a[3])
			cx, cy = ox+a[2], oy+a[3]
			isCubic = true
		case 'Q', 'q':
			if !read(4) {
				return p, s.err("Q needs x1 y1 x y")
			}
			lcx, lcy = ox+a[0], oy+a[1]
			p.QuadTo(lcx, lcy, ox+a[2], oy+a[3])
			cx, cy = ox+a[2], oy+a[3]
			isQuad = true
		case 'T', 't':
			if !read(2) {
				return p, s.err("T needs x y")
			}
			qx, qy := cx, cy
			if lastQ {
				qx, qy = 2*cx-lcx, 2*cy-lcy
			}
			lcx, lcy = qx, qy
			p.QuadTo(qx, qy, ox+a[0], oy+a[1])
			cx, cy = ox+a[0], oy+a[1]
			isQuad = true
		case 'A', 'a':
			for k := 0; k < 3; k++ {
				v, ok := s.number()
				if !ok {
					return p, s.err("A needs rx ry rotation large-arc sweep x y")
				}
				a[k] = v
			}
			for k := 3; k < 5; k++ {
				f, ok := s.flag()
				if !ok {
					return p, s.err("an arc flag must be 0 or 1")
				}
				a[k] = f
			}
			for k := 5; k < 7; k++ {
				v, ok := s.number()
				if !ok {
					return p, s.err("A needs rx ry rotation large-arc sweep x y")
				}
				a[k] = v
			}
			x, y := ox+a[5], oy+a[6]
			ArcTo(p, cx, cy, a[0], a[1], a[2], a[3] != 0, a[4] != 0, x, y)
			cx, cy = x, y
		case 'Z', 'z':
			if open {
				p.Close()
			}
			cx, cy = sx, sy
			// A command after Z without M starts at the subpath start.
			s.skipSpace()
			if s.i < len(d) && !isCommand(d[s.i]) {
				return p, s.err("a number cannot follow Z")
			}
			if s.i < len(d) && d[s.i] != 'M' && d[s.i] != 'm' {
				p.MoveTo(cx, cy)
			}
		}
		lastCubic, lastQ = isCubic, isQuad
		if math.IsNaN(cx) || math.IsNaN(cy) || math.IsInf(cx, 0) || math.IsInf(cy, 0) {
			return &Path{}, s.err("number out of range")
		}
	}
	return p, nil
}

func isCommand(c byte) bool {
	switch c {
	case 'M', 'm', 'L', 'l', 'H', 'h', 'V', 'v', 'C', 'c', 'S', 's', 'Q', 'q', 'T', 't', 'A', 'a', 'Z', 'z':
		return true
	}
	return false
}

type svgScanner struct {
	d string
	i int
}

func (s *svgScanner) err(msg string) error { return &SVGPathError{Offset: s.i, Msg: msg} }

func (s *svgScanner) skipSpace() {
	for s.i < len(s.d) {
		switch s.d[s.i] {
		case ' ', '\t', '\n', '\r', '\f':
			s.i++
		default:
			return
		}
	}
}

// skipSep skips white space and at most one comma.
func (s *svgScanner) skipSep() {
	s.skipSpace()
	if s.i < len(s.d) && s.d[s.i] == ',' {
		s.i++
		s.skipSpace()
	}
}

// number reads one number: sign, digits, at most one dot, an optional exponent. "1.5.5" reads
// as 1.5 then .5; "1-2" as 1 then -2.
func (s *svgScanner) number() (float64, bool) {
	s.skipSep()
	start := s.i
	d := s.d
	if s.i < len(d) && (d[s.i] == '+' || d[s.i] == '-') {
		s.i++
	}
	digits := 0
	for s.i < len(d) && d[s.i] >= '0' && d[s.i] <= '9' {
		s.i++
		digits++
	}
	if s.i < len(d) && d[s.i] == '.' {
		s.i++
		for s.i < len(d) && d[s.i] >= '0' && d[s.i] <= '9' {
			s.i++
			digits++
		}
	}
	if digits == 0 {
		s.i = start
		return 0, false
	}
	if s.i < len(d) && (d[s.i] == 'e' || d[s.i] == 'E') {
		j := s.i + 1
		if j < len(d) && (d[j] == '+' || d[j] == '-') {
			j++
		}
		k := j
		for k < len(d) && d[k] >= '0' && d[k] <= '9' {
			k++
		}
		if k > j {
			s.i = k
		}
	}
	v, err := strconv.ParseFloat(d[start:s.i], 64)
	if err != nil {
		s.i = start
		return 0, false
	}
	return v, true
}

// flag reads an arc flag, a single 0 or 1 that needs no separator after it.
func (s *svgScanner) flag() (float64, bool) {
	s.skipSep()
	if s.i < len(s.d) && (s.d[s.i] == '0' || s.d[s.i] == '1') {
		s.i++
		return float64(s.d[s.i-1] - '0'), true
	}
	return 0, false
}

// ArcTo appends an SVG elliptical arc from (x0, y0) to (x, y) to p as cubic Béziers, following
// the SVG implementation notes (F.6): out-of-range radii are scaled up, a zero radius gives a
// straight line, identical end points give nothing.
func ArcTo(p *Path, x0, y0, rx, ry, rotDeg float64, large, sweep bool, x, y float64) {
	if x0 == x && y0 == y {
		return
	}
	rx, ry = math.Abs(rx), math.Abs(ry)
	if rx == 0 || ry == 0 {
		p.LineTo(x, y)
		return
	}
	sinPhi, cosPhi := math.Sincos(rotDeg * math.Pi / 180)
	// Step 1: (x1', y1').
	dx, dy := (x0-x)/2, (y0-y)/2
	x1 := cosPhi*dx + sinPhi*dy
	y1 := -sinPhi*dx + cosPhi*dy
	// Scale radii up if they cannot span the end points.
	if l := x1*x1/(rx*rx) + y1*y1/(ry*ry); l > 1 {
		s := math.Sqrt(l)
		rx, ry = rx*s, ry*s
	}
	// Step 2: centre (cx', cy').
	num := rx*rx*ry*ry - rx*rx*y1*y1 - ry*ry*x1*x1
	den := rx*rx*y1*y1 + ry*ry*x1*x1
	coef := 0.0
	if den > 0 && num > 0 {
		coef = math.Sqrt(num / den)
	}
	if large == sweep {
		coef = -coef
	}
	cxp, cyp := coef*rx*y1/ry, -coef*ry*x1/rx
	// Step 3: centre.
	cx := cosPhi*cxp - sinPhi*cyp + (x0+x)/2
	cy := sinPhi*cxp + cosPhi*cyp + (y0+y)/2
	// Step 4: angles.
	theta1 := vecAngle(1, 0, (x1-cxp)/rx, (y1-cyp)/ry)
	delta := vecAngle((x1-cxp)/rx, (y1-cyp)/ry, (-x1-cxp)/rx, (-y1-cyp)/ry)
	if !sweep && delta > 0 {
		delta -= 2 * math.Pi
	} else if sweep && delta < 0 {
		delta += 2 * math.Pi
	}
	// At most a quarter turn per cubic keeps the error under 0.03 % of the radius.
	n := int(math.Ceil(math.Abs(delta) / (math.Pi / 2)))
	if n < 1 {
		n = 1
	}
	step := delta / float64(n)
	k := 4.0 / 3.0 * math.Tan(step/4)
	pt := func(t float64) (float64, float64, float64, float64) {
		st, ct := math.Sincos(t)
		// point and derivative on the unit circle, mapped by the ellipse
		ex, ey := rx*ct, ry*st
		dxt, dyt := -rx*st, ry*ct
		return cx + cosPhi*ex - sinPhi*ey, cy + sinPhi*ex + cosPhi*ey,
			cosPhi*dxt - sinPhi*dyt, sinPhi*dxt + cosPhi*dyt
	}
	t := theta1
	ax, ay, adx, ady := pt(t)
	for i := 0; i < n; i++ {
		t2 := t + step
		bx, by, bdx, bdy := pt(t2)
		if i == n-1 {
			bx, by = x, y // land exactly on the end point
		}
		p.CubicTo(ax+k*adx, ay+k*ady, bx-k*bdx, by-k*bdy, bx, by)
		ax, ay, adx, ady = bx, by, bdx, bdy
		t = t2
	}
}

// vecAngle returns the signed angle from (ux, uy) to (vx, vy).
func vecAngle(ux, uy, vx, vy float64) float64 {
	return math.Atan2(ux*vy-uy*vx, ux*vx+uy*vy)
}
