package svg

import (
	"math"
	"strconv"
	"strings"

	"affiche/scene"
)

// scanner reads numbers from attribute values written the SVG way: separated by spaces and/or
// one comma, or by nothing when the next number's sign or dot ends the previous one ("1-2",
// "1.5.5").
type scanner struct {
	s string
	i int
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func (sc *scanner) skipSep() {
	for sc.i < len(sc.s) && isSpace(sc.s[sc.i]) {
		sc.i++
	}
	if sc.i < len(sc.s) && sc.s[sc.i] == ',' {
		sc.i++
		for sc.i < len(sc.s) && isSpace(sc.s[sc.i]) {
			sc.i++
		}
	}
}

func (sc *scanner) done() bool {
	for sc.i < len(sc.s) && isSpace(sc.s[sc.i]) {
		sc.i++
	}
	return sc.i >= len(sc.s)
}

// number reads one number (finite), ok false when none is there.
func (sc *scanner) number() (float64, bool) {
	s, start := sc.s, sc.i
	i := start
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			i = j
		}
	}
	v, err := strconv.ParseFloat(s[start:i], 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	sc.i = i
	return v, true
}

// numbers reads a list of numbers ("points", "viewBox", "stroke-dasharray" without units);
// ok is false when something else is found.
func numbers(s string) (out []float64, ok bool) {
	sc := &scanner{s: s}
	sc.skipSep()
	for !sc.done() {
		v, ok := sc.number()
		if !ok {
			return out, false
		}
		out = append(out, v)
		sc.skipSep()
	}
	return out, true
}

// Units of length in CSS pixels (user units).
var units = map[string]float64{
	"": 1, "px": 1, "pt": 96.0 / 72, "pc": 16, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96,
	"em": 16, "rem": 16, "ex": 8,
}

// length reads a length in user units; a percentage is of ref. ok is false for anything else
// (auto, a bad unit).
func length(s string, ref float64) (float64, bool) {
	s = strings.TrimSpace(s)
	sc := &scanner{s: s}
	v, ok := sc.number()
	if !ok {
		return 0, false
	}
	u := strings.ToLower(strings.TrimSpace(s[sc.i:]))
	if u == "%" {
		return v / 100 * ref, true
	}
	k, ok := units[u]
	if !ok {
		return 0, false
	}
	return v * k, true
}

// fraction reads a number or a percentage as a fraction ("50%" and "0.5" are 0.5).
func fraction(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	if pct {
		s = s[:len(s)-1]
	}
	sc := &scanner{s: s}
	v, ok := sc.number()
	if !ok || !sc.done() {
		return 0, false
	}
	if pct {
		v /= 100
	}
	return v, true
}

// parseTransform reads a transform list (matrix, translate, scale, rotate, skewX, skewY, in
// the attribute's syntax; CSS's px and deg units are accepted). ok is false on an error, in
// which case the attribute is ignored, as SVG says.
func parseTransform(s string) (m scene.Affine, ok bool) {
	m = scene.Identity
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return m, true
	}
	i := 0
	for {
		for i < len(s) && (isSpace(s[i]) || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			return m, true
		}
		j := i
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		name := s[i:j]
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '(' {
			return scene.Identity, false
		}
		k := strings.IndexByte(s[j:], ')')
		if k < 0 {
			return scene.Identity, false
		}
		args := strings.NewReplacer("px", "", "deg", "").Replace(s[j+1 : j+k])
		a, ok := numbers(args)
		if !ok {
			return scene.Identity, false
		}
		i = j + k + 1
		var t scene.Affine
		switch {
		case name == "matrix" && len(a) == 6:
			t = scene.Affine{a[0], a[1], a[2], a[3], a[4], a[5]}
		case name == "translate" && (len(a) == 1 || len(a) == 2):
			a = append(a, 0)
			t = scene.Translate(a[0], a[1])
		case name == "scale" && (len(a) == 1 || len(a) == 2):
			if len(a) == 1 {
				a = append(a, a[0])
			}
			t = scene.Scale(a[0], a[1])
		case name == "rotate" && (len(a) == 1 || len(a) == 3):
			t = scene.Rotate(a[0])
			if len(a) == 3 {
				t = scene.Translate(a[1], a[2]).Mul(t).Mul(scene.Translate(-a[1], -a[2]))
			}
		case name == "skewX" && len(a) == 1:
			t = scene.Affine{1, 0, math.Tan(a[0] * math.Pi / 180), 1, 0, 0}
		case name == "skewY" && len(a) == 1:
			t = scene.Affine{1, math.Tan(a[0] * math.Pi / 180), 0, 1, 0, 0}
		default:
			return scene.Identity, false
		}
		m = m.Mul(t)
	}
}

// parseViewBox reads "minx miny width height"; ok is false unless width and height are
// positive.
func parseViewBox(s string) (scene.Rect, bool) {
	a, ok := numbers(s)
	if !ok || len(a) != 4 || !(a[2] > 0) || !(a[3] > 0) {
		return scene.Rect{}, false
	}
	return scene.Rect{X: a[0], Y: a[1], Width: a[2], Height: a[3]}, true
}

// aspect is a preserveAspectRatio value.
type aspect struct {
	none   bool
	ax, ay float64 // alignment: 0 min, 0.5 mid, 1 max
	slice  bool
}

func parseAspect(s string) aspect {
	a := aspect{ax: 0.5, ay: 0.5}
	f := strings.Fields(s)
	if len(f) > 0 && f[0] == "defer" {
		f = f[1:]
	}
	if len(f) == 0 {
		return a
	}
	switch f[0] {
	case "none":
		a.none = true
	case "xMinYMin", "xMidYMin", "xMaxYMin", "xMinYMid", "xMidYMid", "xMaxYMid", "xMinYMax", "xMidYMax", "xMaxYMax":
		pos := map[string]float64{"Min": 0, "Mid": 0.5, "Max": 1}
		a.ax, a.ay = pos[f[0][1:4]], pos[f[0][5:8]]
	default:
		return aspect{ax: 0.5, ay: 0.5}
	}
	if len(f) > 1 && f[1] == "slice" {
		a.slice = true
	}
	return a
}

// viewportTransform maps a viewBox into a viewport of w × h at (x, y) as preserveAspectRatio
// says.
func viewportTransform(vb scene.Rect, x, y, w, h float64, a aspect) scene.Affine {
	sx, sy := w/vb.Width, h/vb.Height
	if !a.none {
		s := math.Min(sx, sy)
		if a.slice {
			s = math.Max(sx, sy)
		}
		sx, sy = s, s
	}
	tx := x - vb.X*sx + a.ax*(w-vb.Width*sx)
	ty := y - vb.Y*sy + a.ay*(h-vb.Height*sy)
	if a.none {
		tx, ty = x-vb.X*sx, y-vb.Y*sy
	}
	return scene.Affine{sx, 0, 0, sy, tx, ty}
}

// finite reports whether every value is a finite number.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
