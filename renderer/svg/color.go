package svg

import (
	"fmt"
	"image/color"
	"strings"

	"affiche/scene"
)

// paintKind says what a fill or stroke value is.
type paintKind uint8

const (
	paintNone paintKind = iota
	paintColor
	paintCurrent // currentColor
	paintURL     // a paint server (gradient), with a fallback
)

// paintSpec is a parsed fill or stroke value.
type paintSpec struct {
	kind     paintKind
	c        color.NRGBA // paintColor: the colour as recoloured
	orig     color.NRGBA // paintColor: the colour as written
	url      string      // paintURL: the referenced id
	fallback *paintSpec  // paintURL: what to paint when the reference is not a gradient
}

// recolor maps colours as Options.Colors says.
type recolor struct {
	current    *color.NRGBA // currentColor's replacement
	exact      map[color.NRGBA]color.NRGBA
	opaque     map[[3]uint8]color.NRGBA // keys given opaque match any alpha
	hasRecolor bool
}

func newRecolor(colors map[string]string) *recolor {
	r := &recolor{exact: map[color.NRGBA]color.NRGBA{}, opaque: map[[3]uint8]color.NRGBA{}}
	for k, v := range colors {
		to, err := scene.ParseColor(v)
		if err != nil {
			continue
		}
		key := strings.TrimSpace(k)
		if strings.EqualFold(key, "currentColor") {
			c := to
			r.current = &c
			continue
		}
		from, err := scene.ParseColor(key)
		if err != nil {
			continue
		}
		r.hasRecolor = true
		if from.A == 255 {
			r.opaque[[3]uint8{from.R, from.G, from.B}] = to
		} else {
			r.exact[from] = to
		}
	}
	return r
}

// apply returns the replacement of a colour written in the file.
func (r *recolor) apply(c color.NRGBA) color.NRGBA {
	if !r.hasRecolor {
		return c
	}
	if to, ok := r.exact[c]; ok {
		return to
	}
	if to, ok := r.opaque[[3]uint8{c.R, c.G, c.B}]; ok {
		to.A = uint8((uint32(to.A)*uint32(c.A) + 127) / 255)
		return to
	}
	return c
}

// parseColor reads a colour value (any CSS syntax scene.ParseColor reads); "currentColor" is
// reported by current.
func parseColor(s string) (c color.NRGBA, current, ok bool) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "currentColor") {
		return color.NRGBA{}, true, true
	}
	// icc-color(...) after an sRGB fallback: keep the fallback.
	if i := strings.Index(strings.ToLower(s), "icc-color("); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	c, err := scene.ParseColor(s)
	return c, false, err == nil
}

// parsePaint reads a fill or stroke value; ok is false when it cannot be read (the property is
// then ignored, as CSS says).
func (r *recolor) parsePaint(s string) (paintSpec, bool) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "none", "transparent":
		return paintSpec{kind: paintNone}, true
	case "currentcolor":
		return paintSpec{kind: paintCurrent}, true
	}
	if len(s) > 4 && strings.EqualFold(s[:4], "url(") {
		end := strings.IndexByte(s, ')')
		if end < 0 {
			return paintSpec{}, false
		}
		ref := strings.Trim(strings.TrimSpace(s[4:end]), `"'`)
		p := paintSpec{kind: paintURL}
		if strings.HasPrefix(ref, "#") {
			p.url = ref[1:]
		}
		if rest := strings.TrimSpace(s[end+1:]); rest != "" {
			if fb, ok := r.parsePaint(rest); ok && fb.kind != paintURL {
				p.fallback = &fb
			}
		}
		return p, true
	}
	c, cur, ok := parseColor(s)
	if !ok {
		return paintSpec{}, false
	}
	if cur {
		return paintSpec{kind: paintCurrent}, true
	}
	return paintSpec{kind: paintColor, c: r.apply(c), orig: c}, true
}

// hexRGB formats the opaque part of a colour as #rrggbb.
func hexRGB(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// withOpacity multiplies a colour's alpha.
func withOpacity(c color.NRGBA, o float64) color.NRGBA {
	if o >= 1 {
		return c
	}
	if !(o > 0) {
		c.A = 0
		return c
	}
	c.A = uint8(float64(c.A)*o + 0.5)
	return c
}
