package polotno

import (
	"encoding/base64"
	"encoding/json"
	"image"
	_ "image/gif" // natural sizes of GIF data: URLs
	_ "image/jpeg"
	_ "image/png"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"affiche/scene"
)

// image converts an image element; false when it has no source.
func (im *importer) image(o obj, e *scene.Element, extra map[string]json.RawMessage) bool {
	e.Src = strings.TrimSpace(o.str("src", ""))
	if e.Src == "" {
		im.w.add(CodeDropped, e.ID, "image without a source dropped", "image sans source ignorée")
		return false
	}
	im.picture(o, e, false)
	e.Filters = im.effects(o, e, extra, true)
	if clip := strings.TrimSpace(o.str("clipSrc", "")); clip != "" {
		extra["clipSrc"] = raw(clip)
		if !im.clipShape(clip, e) {
			im.w.add(CodeClip, e.ID, "the image's clipping shape is kept in the file but not applied: the image is drawn whole",
				"la forme de découpe de l'image est conservée dans le fichier mais pas appliquée : l'image est dessinée entière")
		}
	}
	return true
}

// svg converts an svg element; false when it has no source. An svg with a maskSrc is Polotno's
// "photo in a shape": it becomes the photo, clipped by the shape when Affiche can express it.
func (im *importer) svg(o obj, e *scene.Element, extra map[string]json.RawMessage) bool {
	e.Src = strings.TrimSpace(o.str("src", ""))
	if e.Src == "" {
		im.w.add(CodeDropped, e.ID, "SVG without a source dropped", "SVG sans source ignoré")
		return false
	}
	for k, v := range o.object("colorsReplace") {
		var to string
		if json.Unmarshal(v, &to) != nil || strings.TrimSpace(to) == "" {
			continue
		}
		if e.Colors == nil {
			e.Colors = map[string]string{}
		}
		e.Colors[k] = im.color(to, "#000000", e.ID, "colour")
	}
	e.Filters = im.effects(o, e, extra, true)
	mask := strings.TrimSpace(o.str("maskSrc", ""))
	if mask == "" {
		im.picture(o, e, true)
		return true
	}
	// The shape becomes the clip of the photo it masks.
	extra["maskOf"] = raw(e.Src)
	if len(e.Colors) > 0 {
		extra["colorsReplace"] = o["colorsReplace"]
	}
	shape := e.Src
	e.Type, e.Src, e.Colors = scene.TypeImage, mask, nil
	im.picture(o, e, false)
	if !im.clipShape(shape, e) {
		im.w.add(CodeClip, e.ID, "the photo fills the shape's whole box: Affiche cannot clip it to this shape yet",
			"la photo remplit tout le cadre de la forme : Affiche ne sait pas encore la découper selon cette forme")
	}
	return true
}

// picture reads what images and svgs share: flips, rounded corners, border and crop.
//
// Polotno crops to the fractions cropX, cropY, cropWidth, cropHeight of the natural size and
// then, if that region's proportions differ from the box's, keeps its top-left part with the
// box's proportions (it does not stretch images). When the natural size is known the exact
// region is computed; otherwise the crop is kept with fit "cover", which only differs when the
// proportions disagree (files saved by Polotno keep them in agreement). SVGs are stretched.
func (im *importer) picture(o obj, e *scene.Element, svg bool) {
	s := im.scale
	e.FlipX = o.boolean("flipX", false)
	e.FlipY = o.boolean("flipY", false)
	e.CornerRadius = clamp(o.num("cornerRadius", 0)*s, 0, scene.MaxCoord)
	if bs := o.num("borderSize", 0); bs > 0 {
		e.Stroke = &scene.Stroke{
			Color: im.color(o.str("borderColor", "black"), "#000000", e.ID, "border"),
			Width: clamp(bs*s, 0, scene.MaxStrokeWidth),
		}
	}
	cx, cy := clamp(o.num("cropX", 0), 0, 1), clamp(o.num("cropY", 0), 0, 1)
	cw, ch := clamp(o.num("cropWidth", 1), 0, 1-cx), clamp(o.num("cropHeight", 1), 0, 1-cy)
	if cw < 1e-6 || ch < 1e-6 {
		cx, cy, cw, ch = 0, 0, 1, 1
	}
	if svg {
		e.Fit = scene.FitFill
	} else if nw, nh, ok := im.naturalSize(e.Src); ok && e.Width > 0 && e.Height > 0 {
		rw, rh := cw*nw, ch*nh
		if a := e.Width / e.Height; rw/rh > a {
			rw = rh * a
		} else {
			rh = rw / a
		}
		cw, ch = rw/nw, rh/nh
		e.Fit = scene.FitFill
	} else {
		e.Fit = scene.FitCover
	}
	const eps = 1e-9
	if cx > eps || cy > eps || cw < 1-eps || ch < 1-eps {
		e.Crop = &scene.Rect{X: cx, Y: cy, Width: cw, Height: ch}
	}
}

// naturalSize returns an image's size in pixels, from Options.ImageSize or a data: URL.
func (im *importer) naturalSize(src string) (float64, float64, bool) {
	if im.opt.ImageSize != nil {
		if w, h, ok := im.opt.ImageSize(src); ok && w > 0 && h > 0 {
			return float64(w), float64(h), true
		}
	}
	w, h, ok := dataURLSize(src)
	return float64(w), float64(h), ok
}

// dataURLSize reads the size of a base64 PNG, JPEG or GIF data: URL from its header.
func dataURLSize(src string) (int, int, bool) {
	r, ok := dataURLReader(src)
	if !ok {
		return 0, 0, false
	}
	cfg, _, err := image.DecodeConfig(r)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

// dataURLReader returns the payload of a data: URL.
func dataURLReader(src string) (io.Reader, bool) {
	if len(src) < 5 || !strings.EqualFold(src[:5], "data:") {
		return nil, false
	}
	meta, payload, ok := strings.Cut(src[5:], ",")
	if !ok {
		return nil, false
	}
	if strings.HasSuffix(strings.ToLower(meta), ";base64") {
		payload = strings.TrimRight(payload, "=")
		return base64.NewDecoder(base64.RawStdEncoding, strings.NewReader(payload)), true
	}
	text, err := url.PathUnescape(payload)
	if err != nil {
		return nil, false
	}
	return strings.NewReader(text), true
}

// maxClipSVG bounds how much of a clip SVG is read.
const maxClipSVG = 1 << 20

// clipShape applies a clip SVG that Affiche can express as rounded corners: one circle or
// ellipse in a square box, or one rectangle (rounded or not) filling its viewBox. It reports
// whether the clip was applied.
func (im *importer) clipShape(src string, e *scene.Element) bool {
	r, ok := dataURLReader(src)
	if !ok {
		return false
	}
	z := html.NewTokenizer(io.LimitReader(r, maxClipSVG))
	var shapes []html.Token
	var viewBox []float64
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		switch t.Data {
		case "svg":
			viewBox = numbersOf(attr(t, "viewbox"))
		case "circle", "ellipse", "rect", "path", "polygon", "polyline", "line", "image", "text", "use":
			shapes = append(shapes, t)
		}
	}
	if len(shapes) != 1 {
		return false
	}
	t := shapes[0]
	square := math.Abs(e.Width-e.Height) <= 0.01*math.Max(e.Width, e.Height)
	switch t.Data {
	case "circle", "ellipse":
		if square {
			e.CornerRadius = e.Width / 2
			return true
		}
	case "rect":
		if len(viewBox) != 4 || viewBox[2] <= 0 || viewBox[3] <= 0 {
			return false
		}
		x, y := num(attr(t, "x")), num(attr(t, "y"))
		w, h := num(attr(t, "width")), num(attr(t, "height"))
		fills := math.Abs(x-viewBox[0]) < 0.01*viewBox[2] && math.Abs(y-viewBox[1]) < 0.01*viewBox[3] &&
			math.Abs(w-viewBox[2]) < 0.01*viewBox[2] && math.Abs(h-viewBox[3]) < 0.01*viewBox[3]
		if !fills {
			return false
		}
		rx := num(attr(t, "rx"))
		if rx == 0 {
			rx = num(attr(t, "ry"))
		}
		e.CornerRadius = math.Max(e.CornerRadius, rx*e.Width/viewBox[2])
		return true
	}
	return false
}

func attr(t html.Token, k string) string {
	for _, a := range t.Attr {
		if strings.EqualFold(a.Key, k) {
			return a.Val
		}
	}
	return ""
}

func num(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "px"), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

func numbersOf(s string) []float64 {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' }) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}
