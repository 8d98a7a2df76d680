package scene

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
)

// ParseColor reads a colour as users type it in CSS: #rgb, #rgba, #rrggbb, #rrggbbaa,
// rgb()/rgba() (numbers or percentages, commas or spaces, "/ alpha"), hsl()/hsla(), the CSS
// named colours and "transparent". Case and surrounding spaces do not matter.
func ParseColor(s string) (color.NRGBA, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return color.NRGBA{}, fmt.Errorf("empty colour")
	}
	if t[0] == '#' {
		return parseHex(t[1:], s)
	}
	if i := strings.IndexByte(t, '('); i > 0 && strings.HasSuffix(t, ")") {
		fn, args := t[:i], splitArgs(t[i+1:len(t)-1])
		switch fn {
		case "rgb", "rgba":
			return parseRGB(args, s)
		case "hsl", "hsla":
			return parseHSL(args, s)
		}
		return color.NRGBA{}, fmt.Errorf("unknown colour function %q", fn)
	}
	if t == "transparent" {
		return color.NRGBA{}, nil
	}
	if c, ok := namedColors[t]; ok {
		return color.NRGBA{R: uint8(c >> 16), G: uint8(c >> 8), B: uint8(c), A: 255}, nil
	}
	return color.NRGBA{}, fmt.Errorf("%q is not a colour", s)
}

// MustColor is ParseColor for colours known to be valid (constants, validated documents);
// an invalid colour gives opaque black.
func MustColor(s string) color.NRGBA {
	c, err := ParseColor(s)
	if err != nil {
		return color.NRGBA{A: 255}
	}
	return c
}

// HexColor formats a colour as #rrggbb, or #rrggbbaa when not opaque.
func HexColor(c color.NRGBA) string {
	if c.A == 255 {
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	return fmt.Sprintf("#%02x%02x%02x%02x", c.R, c.G, c.B, c.A)
}

func parseHex(h, orig string) (color.NRGBA, error) {
	for _, r := range h {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return color.NRGBA{}, fmt.Errorf("%q is not a hex colour", orig)
		}
	}
	x := func(s string) uint8 { v, _ := strconv.ParseUint(s, 16, 8); return uint8(v) }
	d := func(c byte) uint8 { v := x(string(c)); return v<<4 | v }
	switch len(h) {
	case 3:
		return color.NRGBA{d(h[0]), d(h[1]), d(h[2]), 255}, nil
	case 4:
		return color.NRGBA{d(h[0]), d(h[1]), d(h[2]), d(h[3])}, nil
	case 6:
		return color.NRGBA{x(h[0:2]), x(h[2:4]), x(h[4:6]), 255}, nil
	case 8:
		return color.NRGBA{x(h[0:2]), x(h[2:4]), x(h[4:6]), x(h[6:8])}, nil
	}
	return color.NRGBA{}, fmt.Errorf("%q is not a hex colour", orig)
}

// splitArgs splits "1, 2, 3" or "1 2 3 / 0.5" into its values (the alpha last).
func splitArgs(s string) []string {
	s = strings.ReplaceAll(s, "/", " ")
	s = strings.ReplaceAll(s, ",", " ")
	return strings.Fields(s)
}

// num reads a number or a percentage; pct100 is the value 100 % stands for.
func num(s string, pct100 float64) (float64, error) {
	if strings.HasSuffix(s, "%") {
		v, err := strconv.ParseFloat(s[:len(s)-1], 64)
		return v / 100 * pct100, err
	}
	return strconv.ParseFloat(s, 64)
}

func clamp8(v float64) uint8 {
	if math.IsNaN(v) {
		return 0
	}
	return uint8(math.Round(math.Max(0, math.Min(255, v))))
}

func alphaArg(args []string, n int) (uint8, error) {
	if len(args) <= n {
		return 255, nil
	}
	a, err := num(args[n], 1)
	return clamp8(a * 255), err
}

func parseRGB(args []string, orig string) (color.NRGBA, error) {
	if len(args) != 3 && len(args) != 4 {
		return color.NRGBA{}, fmt.Errorf("%q: rgb() takes 3 or 4 values", orig)
	}
	var c [3]uint8
	for i := 0; i < 3; i++ {
		v, err := num(args[i], 255)
		if err != nil {
			return color.NRGBA{}, fmt.Errorf("%q is not a colour", orig)
		}
		c[i] = clamp8(v)
	}
	a, err := alphaArg(args, 3)
	if err != nil {
		return color.NRGBA{}, fmt.Errorf("%q is not a colour", orig)
	}
	return color.NRGBA{c[0], c[1], c[2], a}, nil
}

func parseHSL(args []string, orig string) (color.NRGBA, error) {
	if len(args) != 3 && len(args) != 4 {
		return color.NRGBA{}, fmt.Errorf("%q: hsl() takes 3 or 4 values", orig)
	}
	hs := strings.TrimSuffix(args[0], "deg")
	h, err1 := strconv.ParseFloat(hs, 64)
	sat, err2 := num(args[1], 1)
	l, err3 := num(args[2], 1)
	a, err4 := alphaArg(args, 3)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
		return color.NRGBA{}, fmt.Errorf("%q is not a colour", orig)
	}
	h = math.Mod(math.Mod(h, 360)+360, 360) / 360
	sat = math.Max(0, math.Min(1, sat))
	l = math.Max(0, math.Min(1, l))
	var q float64
	if l < 0.5 {
		q = l * (1 + sat)
	} else {
		q = l + sat - l*sat
	}
	p := 2*l - q
	hue := func(t float64) float64 {
		t = math.Mod(t+1, 1)
		switch {
		case t < 1.0/6:
			return p + (q-p)*6*t
		case t < 0.5:
			return q
		case t < 2.0/3:
			return p + (q-p)*(2.0/3-t)*6
		}
		return p
	}
	return color.NRGBA{clamp8(hue(h+1.0/3) * 255), clamp8(hue(h) * 255), clamp8(hue(h-1.0/3) * 255), a}, nil
}

// ParseCSSGradient reads "linear-gradient(…)" and "radial-gradient(…)" strings. ok is false when
// s is not a gradient function at all; err reports a malformed one.
func ParseCSSGradient(s string) (g *Gradient, ok bool, err error) {
	t := strings.TrimSpace(s)
	lt := strings.ToLower(t)
	var typ GradientType
	switch {
	case strings.HasPrefix(lt, "linear-gradient(") && strings.HasSuffix(lt, ")"):
		typ, t = GradientLinear, t[len("linear-gradient("):len(t)-1]
	case strings.HasPrefix(lt, "radial-gradient(") && strings.HasSuffix(lt, ")"):
		typ, t = GradientRadial, t[len("radial-gradient("):len(t)-1]
	default:
		return nil, false, nil
	}
	parts := splitTopLevel(t)
	g = &Gradient{Type: typ, Angle: 180}
	if len(parts) > 0 {
		first := strings.ToLower(strings.TrimSpace(parts[0]))
		if typ == GradientLinear {
			if a, isAngle := cssAngle(first); isAngle {
				g.Angle = a
				parts = parts[1:]
			}
		} else if strings.Contains(first, "circle") || strings.Contains(first, "ellipse") || strings.HasPrefix(first, "at ") {
			parts = parts[1:]
		}
	}
	if len(parts) < 2 {
		return nil, true, fmt.Errorf("%q: a gradient needs at least two colours", s)
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		col, off := p, -1.0
		if j := strings.LastIndexByte(p, ' '); j > 0 && !strings.HasSuffix(p, ")") {
			if v, err := num(strings.TrimSpace(p[j+1:]), 1); err == nil {
				col, off = strings.TrimSpace(p[:j]), v
			}
		}
		if _, err := ParseColor(col); err != nil {
			return nil, true, fmt.Errorf("%q: %v", s, err)
		}
		if off < 0 {
			off = float64(i) / float64(len(parts)-1)
		}
		g.Stops = append(g.Stops, Stop{Offset: off, Color: col})
	}
	return g, true, nil
}

// cssAngle reads "90deg", "0.25turn", "1rad" or "to right"-style directions.
func cssAngle(s string) (float64, bool) {
	switch s {
	case "to top":
		return 0, true
	case "to right":
		return 90, true
	case "to bottom":
		return 180, true
	case "to left":
		return 270, true
	case "to top right", "to right top":
		return 45, true
	case "to bottom right", "to right bottom":
		return 135, true
	case "to bottom left", "to left bottom":
		return 225, true
	case "to top left", "to left top":
		return 315, true
	}
	units := []struct {
		suffix string
		mul    float64
	}{{"deg", 1}, {"turn", 360}, {"rad", 180 / math.Pi}, {"grad", 0.9}}
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			v, err := strconv.ParseFloat(strings.TrimSuffix(s, u.suffix), 64)
			return v * u.mul, err == nil
		}
	}
	return 0, false
}

// splitTopLevel splits on commas that are not inside parentheses.
func splitTopLevel(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

// namedColors are the CSS Color Module Level 4 named colours.
var namedColors = map[string]uint32{
	"aliceblue": 0xf0f8ff, "antiquewhite": 0xfaebd7, "aqua": 0x00ffff, "aquamarine": 0x7fffd4,
	"azure": 0xf0ffff, "beige": 0xf5f5dc, "bisque": 0xffe4c4, "black": 0x000000,
	"blanchedalmond": 0xffebcd, "blue": 0x0000ff, "blueviolet": 0x8a2be2, "brown": 0xa52a2a,
	"burlywood": 0xdeb887, "cadetblue": 0x5f9ea0, "chartreuse": 0x7fff00, "chocolate": 0xd2691e,
	"coral": 0xff7f50, "cornflowerblue": 0x6495ed, "cornsilk": 0xfff8dc, "crimson": 0xdc143c,
	"cyan": 0x00ffff, "darkblue": 0x00008b, "darkcyan": 0x008b8b, "darkgoldenrod": 0xb8860b,
	"darkgray": 0xa9a9a9, "darkgreen": 0x006400, "darkgrey": 0xa9a9a9, "darkkhaki": 0xbdb76b,
	"darkmagenta": 0x8b008b, "darkolivegreen": 0x556b2f, "darkorange": 0xff8c00, "darkorchid": 0x9932cc,
	"darkred": 0x8b0000, "darksalmon": 0xe9967a, "darkseagreen": 0x8fbc8f, "darkslateblue": 0x483d8b,
	"darkslategray": 0x2f4f4f, "darkslategrey": 0x2f4f4f, "darkturquoise": 0x00ced1, "darkviolet": 0x9400d3,
	"deeppink": 0xff1493, "deepskyblue": 0x00bfff, "dimgray": 0x696969, "dimgrey": 0x696969,
	"dodgerblue": 0x1e90ff, "firebrick": 0xb22222, "floralwhite": 0xfffaf0, "forestgreen": 0x228b22,
	"fuchsia": 0xff00ff, "gainsboro": 0xdcdcdc, "ghostwhite": 0xf8f8ff, "gold": 0xffd700,
	"goldenrod": 0xdaa520, "gray": 0x808080, "green": 0x008000, "greenyellow": 0xadff2f,
	"grey": 0x808080, "honeydew": 0xf0fff0, "hotpink": 0xff69b4, "indianred": 0xcd5c5c,
	"indigo": 0x4b0082, "ivory": 0xfffff0, "khaki": 0xf0e68c, "lavender": 0xe6e6fa,
	"lavenderblush": 0xfff0f5, "lawngreen": 0x7cfc00, "lemonchiffon": 0xfffacd, "lightblue": 0xadd8e6,
	"lightcoral": 0xf08080, "lightcyan": 0xe0ffff, "lightgoldenrodyellow": 0xfafad2, "lightgray": 0xd3d3d3,
	"lightgreen": 0x90ee90, "lightgrey": 0xd3d3d3, "lightpink": 0xffb6c1, "lightsalmon": 0xffa07a,
	"lightseagreen": 0x20b2aa, "lightskyblue": 0x87cefa, "lightslategray": 0x778899, "lightslategrey": 0x778899,
	"lightsteelblue": 0xb0c4de, "lightyellow": 0xffffe0, "lime": 0x00ff00, "limegreen": 0x32cd32,
	"linen": 0xfaf0e6, "magenta": 0xff00ff, "maroon": 0x800000, "mediumaquamarine": 0x66cdaa,
	"mediumblue": 0x0000cd, "mediumorchid": 0xba55d3, "mediumpurple": 0x9370db, "mediumseagreen": 0x3cb371,
	"mediumslateblue": 0x7b68ee, "mediumspringgreen": 0x00fa9a, "mediumturquoise": 0x48d1cc, "mediumvioletred": 0xc71585,
	"midnightblue": 0x191970, "mintcream": 0xf5fffa, "mistyrose": 0xffe4e1, "moccasin": 0xffe4b5,
	"navajowhite": 0xffdead, "navy": 0x000080, "oldlace": 0xfdf5e6, "olive": 0x808000,
	"olivedrab": 0x6b8e23, "orange": 0xffa500, "orangered": 0xff4500, "orchid": 0xda70d6,
	"palegoldenrod": 0xeee8aa, "palegreen": 0x98fb98, "paleturquoise": 0xafeeee, "palevioletred": 0xdb7093,
	"papayawhip": 0xffefd5, "peachpuff": 0xffdab9, "peru": 0xcd853f, "pink": 0xffc0cb,
	"plum": 0xdda0dd, "powderblue": 0xb0e0e6, "purple": 0x800080, "rebeccapurple": 0x663399,
	"red": 0xff0000, "rosybrown": 0xbc8f8f, "royalblue": 0x4169e1, "saddlebrown": 0x8b4513,
	"salmon": 0xfa8072, "sandybrown": 0xf4a460, "seagreen": 0x2e8b57, "seashell": 0xfff5ee,
	"sienna": 0xa0522d, "silver": 0xc0c0c0, "skyblue": 0x87ceeb, "slateblue": 0x6a5acd,
	"slategray": 0x708090, "slategrey": 0x708090, "snow": 0xfffafa, "springgreen": 0x00ff7f,
	"steelblue": 0x4682b4, "tan": 0xd2b48c, "teal": 0x008080, "thistle": 0xd8bfd8,
	"tomato": 0xff6347, "turquoise": 0x40e0d0, "violet": 0xee82ee, "wheat": 0xf5deb3,
	"white": 0xffffff, "whitesmoke": 0xf5f5f5, "yellow": 0xffff00, "yellowgreen": 0x9acd32,
}
