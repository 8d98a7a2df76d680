package offline

import (
	"strconv"
	"strings"
)

// SVG returns a standalone SVG document for an icon, an illustration, a shape preset or an SVG
// of the organisation's folder. For single-colour icon sets, color (#rgb, #rgba, #rrggbb,
// #rrggbbaa or a CSS colour name) replaces currentColor; an empty color leaves currentColor,
// which a scene recolours through its svg element's Colors map. Colour sets, shapes and the
// organisation's files are returned as they are, whatever color says.
func (c *Catalogue) SVG(id, color string) ([]byte, error) {
	if color != "" && !validColor(color) {
		return nil, ErrBadColor
	}
	c.mu.RLock()
	e, ok := c.find(id)
	c.mu.RUnlock()
	if !ok {
		return nil, ErrNotFound
	}
	switch e.src {
	case srcShape:
		return e.shape.SVG(), nil
	case srcOrg:
		if e.mime != "image/svg+xml" {
			return nil, ErrNotSVG
		}
		data, _, err := c.orgFull(e)
		return data, err
	case srcIcon:
	default:
		return nil, ErrNotSVG
	}
	set := c.sets[e.set]
	data, err := set.data()
	if err != nil {
		return nil, err
	}
	ic, ok := data.Icons[e.name]
	if !ok {
		return nil, ErrNotFound
	}
	w, h := ic.Width, ic.Height
	if w == 0 {
		w = data.Width
	}
	if h == 0 {
		h = data.Height
	}
	body := ic.Body
	if color != "" && !set.Palette {
		body = strings.ReplaceAll(body, "currentColor", color)
	}
	var b strings.Builder
	b.Grow(len(body) + 160)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="`)
	b.WriteString(strconv.Itoa(w))
	b.WriteString(`" height="`)
	b.WriteString(strconv.Itoa(h))
	b.WriteString(`" viewBox="`)
	b.WriteString(strconv.Itoa(ic.Left) + " " + strconv.Itoa(ic.Top) + " " + strconv.Itoa(w) + " " + strconv.Itoa(h))
	b.WriteString(`">`)
	b.WriteString(body)
	b.WriteString(`</svg>`)
	return []byte(b.String()), nil
}

// validColor accepts hex colours and CSS colour names: nothing that could close an attribute.
func validColor(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '#' {
		switch len(s) {
		case 4, 5, 7, 9:
		default:
			return false
		}
		for i := 1; i < len(s); i++ {
			if hexVal(s[i]) == 0 && s[i] != '0' {
				return false
			}
		}
		return true
	}
	if len(s) > 30 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !('a' <= s[i] && s[i] <= 'z' || 'A' <= s[i] && s[i] <= 'Z') {
			return false
		}
	}
	return true
}
