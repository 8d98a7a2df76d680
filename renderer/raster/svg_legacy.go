//go:build !js

package raster

// The oksvg reader, kept only for the PDF backend (raster.ParseSVG) until it draws from
// renderer/svg too.

import (
	"bytes"
	"fmt"
	"image/color"
	"regexp"
	"strings"

	"github.com/srwiley/oksvg"

	"affiche/scene"
)

// ParseSVG reads an SVG with its colours replaced as an element's Colors say (the same
// recolouring the raster backend draws with). It never panics.
func ParseSVG(data []byte, colors map[string]string) (*oksvg.SvgIcon, error) {
	return parseSVG(data, colors)
}

// parseSVG reads an SVG with its colours replaced as the element's Colors say.
func parseSVG(data []byte, colors map[string]string) (icon *oksvg.SvgIcon, err error) {
	defer func() {
		if v := recover(); v != nil { // a malformed drawing must not take the page down
			icon, err = nil, fmt.Errorf("%v", v)
		}
	}()
	data, fixups := recolor(data, colors)
	data = markFillRules(data)
	icon, err = oksvg.ReadIconStream(bytes.NewReader(data), oksvg.IgnoreErrorMode)
	if err != nil {
		return nil, err
	}
	for i := range icon.SVGPaths {
		if p := &icon.SVGPaths[i]; p.MiterLimit == evenOddMark {
			p.UseNonZeroWinding = false
			p.MiterLimit = 4
		}
	}
	// Translucent colours were written as placeholders oksvg reads (it ignores a colour's own
	// alpha): put them back as an opaque colour and an opacity.
	for i := range icon.SVGPaths {
		p := &icon.SVGPaths[i]
		if c, ok := fixups[rgba8(p.GetFillColor())]; ok {
			p.SetFillColor(color.NRGBA{c.R, c.G, c.B, 255})
			p.FillOpacity *= float64(c.A) / 255
		}
		if c, ok := fixups[rgba8(p.GetLineColor())]; ok {
			p.SetLineColor(color.NRGBA{c.R, c.G, c.B, 255})
			p.LineOpacity *= float64(c.A) / 255
		}
	}
	return icon, nil
}

// oksvg does not read fill-rule, and icon sets use even-odd for holes (Bootstrap Icons). The
// rule is carried through its parser as a stroke miter limit no drawing uses (an inherited
// property, like fill-rule), then turned back into the winding rule of each path.
const evenOddMark = 4.000123

var (
	reFillRuleAttr = regexp.MustCompile(`fill-rule\s*=\s*("(evenodd|nonzero)"|'(evenodd|nonzero)')`)
	reFillRuleProp = regexp.MustCompile(`fill-rule\s*:\s*(evenodd|nonzero)`)
)

func markFillRules(data []byte) []byte {
	data = reFillRuleAttr.ReplaceAllFunc(data, func(b []byte) []byte {
		if bytes.Contains(b, []byte("evenodd")) {
			return []byte(`stroke-miterlimit="4.000123"`)
		}
		return []byte(`stroke-miterlimit="4"`)
	})
	return reFillRuleProp.ReplaceAllFunc(data, func(b []byte) []byte {
		if bytes.Contains(b, []byte("evenodd")) {
			return []byte(`stroke-miterlimit:4.000123`)
		}
		return []byte(`stroke-miterlimit:4`)
	})
}

var (
	// fill="…", stroke='…', stop-color="…", color="…" as attributes …
	reColorAttr = regexp.MustCompile(`(^|\s)(fill|stroke|stop-color|color)(\s*=\s*)("[^"]*"|'[^']*')`)
	// … and as style properties (in style attributes and <style> sheets).
	reColorProp = regexp.MustCompile(`(^|[\s;{"'])(fill|stroke|stop-color|color)(\s*:\s*)([^;"'}<>!]+)`)
)

// recolor rewrites the colours of an SVG's fill, stroke and stop-color attributes and style
// properties: a colour that matches a key of colors (as written, or as the same colour, or
// "currentColor") takes the new colour; every colour is written as #rrggbb, which oksvg reads
// whatever syntax the file used (rgba(), hsl(), #rgba, transparent). currentColor without a
// replacement is black, the CSS default. Translucent colours get an opaque placeholder colour,
// returned in fixups.
func recolor(data []byte, colors map[string]string) ([]byte, map[color.RGBA]color.NRGBA) {
	type rule struct {
		from color.NRGBA
		to   color.NRGBA
	}
	literal := map[string]color.NRGBA{}
	var rules []rule
	current := color.NRGBA{A: 255}
	for k, v := range colors {
		to := scene.MustColor(v)
		key := strings.ToLower(strings.TrimSpace(k))
		if key == "currentcolor" {
			current = to
			continue
		}
		literal[key] = to
		if c, err := scene.ParseColor(key); err == nil {
			rules = append(rules, rule{c, to})
		}
	}
	mapColor := func(v string) (color.NRGBA, bool) {
		t := strings.ToLower(strings.TrimSpace(v))
		switch {
		case t == "" || t == "none" || t == "inherit" || strings.HasPrefix(t, "url("):
			return color.NRGBA{}, false
		case t == "currentcolor":
			return current, true
		}
		if c, ok := literal[t]; ok {
			return c, true
		}
		c, err := scene.ParseColor(t)
		if err != nil {
			return color.NRGBA{}, false
		}
		for _, r := range rules {
			if r.from == c {
				return r.to, true
			}
		}
		return c, true
	}
	// The opaque colours the file will hold, so that placeholders avoid them.
	used := map[uint32]bool{}
	for _, g := range reColorAttr.FindAllSubmatch(data, -1) {
		if c, ok := mapColor(string(g[4][1 : len(g[4])-1])); ok {
			used[uint32(c.R)<<16|uint32(c.G)<<8|uint32(c.B)] = true
		}
	}
	for _, g := range reColorProp.FindAllSubmatch(data, -1) {
		if c, ok := mapColor(string(g[4])); ok {
			used[uint32(c.R)<<16|uint32(c.G)<<8|uint32(c.B)] = true
		}
	}
	fixups := map[color.RGBA]color.NRGBA{}
	next := uint32(0x0b0d01)
	sentinels := map[color.NRGBA]string{}
	write := func(prop string, c color.NRGBA) string {
		switch {
		case c.A == 255 || prop == "stop-color":
			return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
		case c.A == 0:
			return "none"
		}
		if s, ok := sentinels[c]; ok {
			return s
		}
		for used[next] {
			next = (next + 0x010203) & 0xffffff
		}
		used[next] = true
		h := fmt.Sprintf("#%06x", next)
		sentinels[c] = h
		fixups[color.RGBA{uint8(next >> 16), uint8(next >> 8), uint8(next), 255}] = c
		return h
	}
	out := reColorAttr.ReplaceAllFunc(data, func(b []byte) []byte {
		g := reColorAttr.FindSubmatch(b)
		q := g[4]
		c, ok := mapColor(string(q[1 : len(q)-1]))
		if !ok {
			return b
		}
		return []byte(string(g[1]) + string(g[2]) + string(g[3]) + string(q[0]) + write(string(g[2]), c) + string(q[0]))
	})
	out = reColorProp.ReplaceAllFunc(out, func(b []byte) []byte {
		g := reColorProp.FindSubmatch(b)
		c, ok := mapColor(string(g[4]))
		if !ok {
			return b
		}
		return []byte(string(g[1]) + string(g[2]) + string(g[3]) + write(string(g[2]), c))
	})
	return out, fixups
}
