package polotno

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"affiche/scene"
)

// Export writes a document as a Polotno design (schemaVersion 4) for what maps cleanly, and
// reports what Polotno cannot hold or shows differently. The document should be normalised
// (scene.Restore or scene.Normalize). Fields Import kept in Extra["polotno"] are written back.
func Export(doc *scene.Document) ([]byte, []Warning, error) {
	return ExportWith(doc, Options{})
}

// ExportWith is Export with options (Options.ImageSize helps place cropped images exactly).
func ExportWith(doc *scene.Document, opt Options) ([]byte, []Warning, error) {
	if doc == nil {
		return nil, nil, fmt.Errorf("polotno: no document")
	}
	ex := &exporter{opt: opt}
	root := ex.document(doc)
	b, err := json.Marshal(root)
	if err != nil {
		return nil, nil, err
	}
	return b, ex.w.result(), nil
}

type exporter struct {
	opt   Options
	w     warner
	scale float64 // Polotno pixels per point: dpi / 72
}

// extraOf returns the Polotno fields Import kept on an object.
func extraOf(extra map[string]json.RawMessage) obj {
	o, _ := parseObj(extra[ExtraKey])
	return o
}

// px converts points to Polotno pixels, rounded to 1/1000 px so files stay readable.
func (ex *exporter) px(v float64) float64 { return round3(v * ex.scale) }

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func (ex *exporter) document(doc *scene.Document) map[string]any {
	x := extraOf(doc.Extra)
	dpi := x.num("dpi", 72)
	if dpi <= 0 || dpi > 10000 {
		dpi = 72
	}
	ex.scale = dpi / 72
	unit := string(doc.Unit)
	if unit == "" {
		unit = "px"
	}
	root := map[string]any{
		"width":         ex.px(doc.Width),
		"height":        ex.px(doc.Height),
		"unit":          unit,
		"dpi":           dpi,
		"schemaVersion": LatestVersion,
		"fonts":         ex.fonts(doc.Fonts),
		"audios":        []any{},
	}
	if x.has("audios") {
		root["audios"] = x["audios"]
	}
	if x.has("custom") {
		root["custom"] = x["custom"]
	}
	if doc.Title != "" || doc.Author != "" || doc.Lang != "" {
		ex.w.add(CodeLossy, "", "title, author and language have no place in a Polotno file: left out",
			"le titre, l'auteur et la langue n'ont pas de place dans un fichier Polotno : omis")
	}
	pages := make([]any, 0, len(doc.Pages))
	for i, p := range doc.Pages {
		if p == nil {
			continue
		}
		ex.w.page = p.ID
		pages = append(pages, ex.page(doc, i, p))
	}
	ex.w.page = ""
	root["pages"] = pages
	return root
}

// fonts groups the document's font sources by family, one style per source.
func (ex *exporter) fonts(fs []scene.FontSource) []any {
	type fam struct {
		name   string
		styles []map[string]any
		url    string
	}
	var order []string
	byName := map[string]*fam{}
	for _, f := range fs {
		k := f.Family
		if byName[k] == nil {
			byName[k] = &fam{name: f.Family, url: f.URL}
			order = append(order, k)
		}
		w := f.Weight
		if w == 0 {
			w = 400
		}
		style := "normal"
		if f.Italic {
			style = "italic"
		}
		byName[k].styles = append(byName[k].styles, map[string]any{
			"src": `url("` + f.URL + `")`, "fontStyle": style, "fontWeight": weightString(scene.FontWeight(w)),
		})
	}
	out := make([]any, 0, len(order))
	for _, k := range order {
		f := byName[k]
		m := map[string]any{"fontFamily": f.name, "url": f.url}
		if len(f.styles) > 1 || f.styles[0]["fontWeight"] != "normal" || f.styles[0]["fontStyle"] != "normal" {
			m["styles"] = f.styles
		}
		out = append(out, m)
	}
	return out
}

func weightString(w scene.FontWeight) string {
	switch w {
	case 0, scene.WeightNormal:
		return "normal"
	case scene.WeightBold:
		return "bold"
	}
	return strconv.Itoa(int(w))
}

func (ex *exporter) page(doc *scene.Document, i int, p *scene.Page) map[string]any {
	x := extraOf(p.Extra)
	m := map[string]any{"id": p.ID, "width": "auto", "height": "auto", "bleed": ex.px(doc.Bleed)}
	if p.Width > 0 && p.Width != doc.Width {
		m["width"] = ex.px(p.Width)
	}
	if p.Height > 0 && p.Height != doc.Height {
		m["height"] = ex.px(p.Height)
	}
	m["background"] = "white"
	if p.Background != nil {
		m["background"] = cssFill(p.Background)
	}
	if bi := p.BackgroundImage; bi != nil {
		if p.Background != nil {
			ex.w.add(CodeLossy, "", "Polotno has one page background: the image is kept, the colour under it is left out",
				"Polotno n'a qu'un fond de page : l'image est gardée, la couleur dessous est omise")
		}
		if (bi.Opacity != nil && *bi.Opacity < 1) || !bi.Filters.IsZero() || (bi.Fit != "" && bi.Fit != scene.FitCover) {
			ex.w.add(CodeLossy, "", "Polotno covers the page with its background image, without opacity or filters",
				"Polotno couvre la page avec son image de fond, sans opacité ni filtres")
		}
		m["background"] = bi.Src
	}
	for _, k := range []string{"duration", "bleedTop", "bleedRight", "bleedBottom", "bleedLeft"} {
		if x.has(k) {
			m[k] = x[k]
		}
	}
	custom := x.object("custom")
	if p.Name != "" {
		if custom == nil {
			custom = obj{}
		}
		custom["name"] = raw(p.Name)
	}
	if len(custom) > 0 {
		m["custom"] = custom
	}
	m["children"] = ex.elements(p.Elements)
	return m
}

func (ex *exporter) elements(els []*scene.Element) []any {
	out := make([]any, 0, len(els))
	for _, e := range els {
		if e == nil {
			continue
		}
		if m := ex.element(e); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// element converts one element; nil when Polotno cannot hold it.
func (ex *exporter) element(e *scene.Element) map[string]any {
	x := extraOf(e.Extra)
	var m map[string]any
	switch e.Type {
	case scene.TypeGroup:
		m = map[string]any{"id": e.ID, "type": "group", "name": e.Name, "opacity": e.Opacity,
			"visible": !e.Hidden, "children": ex.elements(e.Children)}
		lock(e, m)
	case scene.TypeText:
		m = ex.box(e, e.X, e.Y, e.Width, e.Height)
		m["type"] = "text"
		ex.text(e, x, m)
	case scene.TypeImage:
		m = ex.image(e, x)
	case scene.TypeSVG:
		m = ex.svg(e)
	case scene.TypeShape:
		m = ex.shape(e, x)
	case scene.TypeLine:
		m = ex.line(e)
	default:
		ex.w.add(CodeKind, e.ID, fmt.Sprintf("element kind %q has no Polotno equivalent: left out", e.Type),
			fmt.Sprintf("le type d'élément %q n'a pas d'équivalent Polotno : omis", e.Type))
		return nil
	}
	if e.Type != scene.TypeGroup {
		ex.shadow(e, m)
	}
	// Fields Import kept and this export did not set.
	for k, v := range x {
		if _, set := m[k]; !set {
			switch k {
			case "subType", "maskOf", "type", "fill", "colorsReplace", "richText":
				continue // handled by the converters above
			}
			m[k] = v
		}
	}
	if e.Hidden && !x.boolean("showInExport", true) {
		m["visible"] = true // hidden because Polotno left it out of its exports
	}
	return m
}

// box writes the fields every element but groups has, converting the rotation origin back to
// Polotno's top-left corner for the box (x, y, w, h) in points.
func (ex *exporter) box(e *scene.Element, x, y, w, h float64) map[string]any {
	px, py := toCorner(x, y, w, h, e.Rotation)
	m := map[string]any{
		"id": e.ID, "name": e.Name,
		"x": ex.px(px), "y": ex.px(py), "width": ex.px(w), "height": ex.px(h),
		"rotation": e.Rotation, "opacity": e.Opacity, "visible": !e.Hidden,
	}
	lock(e, m)
	return m
}

// lock writes Affiche's lock as Polotno's draggable flag, keeping the legacy "locked" flag of
// a file that used it.
func lock(e *scene.Element, m map[string]any) {
	switch {
	case !e.Locked:
		m["draggable"], m["locked"] = true, false
	case !extraOf(e.Extra).boolean("locked", false):
		m["draggable"] = false
	}
}

func (ex *exporter) shadow(e *scene.Element, m map[string]any) {
	s := e.Shadow
	if s == nil {
		m["shadowEnabled"] = false
		return
	}
	m["shadowEnabled"] = true
	m["shadowColor"] = s.Color
	m["shadowBlur"] = ex.px(s.Blur)
	m["shadowOffsetX"] = ex.px(s.OffsetX)
	m["shadowOffsetY"] = ex.px(s.OffsetY)
	m["shadowOpacity"] = s.Opacity
}

// filters writes an image's filters as Polotno's switches and combined filters.
func (ex *exporter) filters(e *scene.Element, m map[string]any) {
	f := e.Filters
	if f.IsZero() {
		return
	}
	if f.Blur > 0 {
		m["blurEnabled"], m["blurRadius"] = true, ex.px(f.Blur)
	}
	if f.Brightness != 0 {
		m["brightnessEnabled"], m["brightness"] = true, f.Brightness
	}
	if f.Sepia > 0 {
		m["sepiaEnabled"] = true
	}
	if f.Grayscale > 0 {
		m["grayscaleEnabled"] = true
	}
	if (f.Sepia > 0 && f.Sepia < 1) || (f.Grayscale > 0 && f.Grayscale < 1) {
		ex.w.add(CodeLossy, e.ID, "Polotno's sepia and greyscale are on or off: partial amounts become full",
			"le sépia et le noir et blanc de Polotno sont tout ou rien : les dosages partiels deviennent complets")
	}
	fs := map[string]any{}
	if f.Contrast != 0 {
		fs["contrast"] = map[string]float64{"intensity": f.Contrast}
	}
	if f.Saturation != 0 {
		fs["saturation"] = map[string]float64{"intensity": f.Saturation}
	}
	if x := extraOf(e.Extra).object("filters"); x != nil {
		for k, v := range x {
			if _, ok := fs[k]; !ok && k != "contrast" && k != "saturation" {
				fs[k] = v
			}
		}
	}
	if len(fs) > 0 {
		m["filters"] = fs
	}
}

// picture writes what images and svgs share: flips, corners and border.
func (ex *exporter) picture(e *scene.Element, m map[string]any) {
	m["flipX"], m["flipY"] = e.FlipX, e.FlipY
	m["cornerRadius"] = ex.px(e.CornerRadius)
	m["borderSize"], m["borderColor"] = 0.0, "black"
	if e.Stroke != nil && e.Stroke.Width > 0 {
		m["borderSize"], m["borderColor"] = ex.px(e.Stroke.Width), e.Stroke.Color
	}
	ex.filters(e, m)
}

// image writes an image. Polotno shows the crop region scaled to cover the box, keeping its
// top-left corner: the exact region is computed when the natural size is known.
func (ex *exporter) image(e *scene.Element, x obj) map[string]any {
	bx, by, bw, bh := e.X, e.Y, e.Width, e.Height
	crop := scene.Rect{Width: 1, Height: 1}
	if e.Crop != nil {
		crop = *e.Crop
	}
	nw, nh, known := (&importer{opt: ex.opt}).naturalSize(e.Src)
	switch e.Fit {
	case scene.FitContain:
		if known {
			// Shrink the box to the shown part: same pixels, centre kept.
			a := crop.Width * nw / (crop.Height * nh)
			if a > bw/bh {
				h := bw / a
				by, bh = by+(bh-h)/2, h
			} else {
				w := bh * a
				bx, bw = bx+(bw-w)/2, w
			}
		} else {
			ex.w.add(CodeFit, e.ID, "Polotno cannot fit a whole image inside a larger box: it will fill the box and crop the image",
				"Polotno ne sait pas loger une image entière dans un cadre plus grand : elle remplira le cadre et sera recadrée")
		}
	case scene.FitFill:
		if known && bw > 0 && bh > 0 {
			a := crop.Width * nw / (crop.Height * nh)
			if math.Abs(a-bw/bh) > 0.01*a {
				ex.w.add(CodeFit, e.ID, "Polotno does not stretch images: this distorted image will be cropped instead",
					"Polotno n'étire pas les images : cette image déformée sera recadrée à la place")
			}
		}
	default: // cover: centred in Affiche, anchored top-left in Polotno
		if known && bw > 0 && bh > 0 {
			rw, rh := crop.Width*nw, crop.Height*nh
			a := bw / bh
			w, h := math.Min(rw, rh*a), math.Min(rh, rw/a)
			crop = scene.Rect{X: crop.X + (rw-w)/2/nw, Y: crop.Y + (rh-h)/2/nh, Width: w / nw, Height: h / nh}
		}
	}
	m := ex.box(e, bx, by, bw, bh)
	m["type"] = "image"
	if x.str("type", "") == "gif" {
		m["type"] = "gif"
	}
	m["src"] = e.Src
	m["cropX"], m["cropY"], m["cropWidth"], m["cropHeight"] = crop.X, crop.Y, crop.Width, crop.Height
	ex.picture(e, m)
	if shape := x.str("maskOf", ""); shape != "" {
		// Polotno's photo in a shape: the svg masks the photo.
		m["type"], m["src"], m["maskSrc"] = "svg", shape, e.Src
		if x.has("colorsReplace") {
			m["colorsReplace"] = x["colorsReplace"]
		}
		delete(m, "clipSrc")
	}
	return m
}

// svg writes an svg. Polotno stretches an svg to its box: for "contain", the box shrinks to the
// drawing's proportions when the svg is a data: URL that gives them.
func (ex *exporter) svg(e *scene.Element) map[string]any {
	bx, by, bw, bh := e.X, e.Y, e.Width, e.Height
	if e.Fit != scene.FitFill && bw > 0 && bh > 0 {
		if a, ok := svgAspect(e.Src); ok {
			if e.Fit == scene.FitCover {
				ex.w.add(CodeFit, e.ID, "Polotno stretches SVGs to their box: this cropped SVG is shown whole and stretched",
					"Polotno étire les SVG à leur cadre : ce SVG recadré est affiché entier et étiré")
			} else if a > bw/bh {
				h := bw / a
				by, bh = by+(bh-h)/2, h
			} else {
				w := bh * a
				bx, bw = bx+(bw-w)/2, w
			}
		}
	}
	m := ex.box(e, bx, by, bw, bh)
	m["type"] = "svg"
	m["src"] = e.Src
	colors := map[string]string{}
	for k, v := range e.Colors {
		colors[k] = v
	}
	m["colorsReplace"] = colors
	if e.Crop != nil {
		m["cropX"], m["cropY"], m["cropWidth"], m["cropHeight"] = e.Crop.X, e.Crop.Y, e.Crop.Width, e.Crop.Height
	}
	ex.picture(e, m)
	return m
}

// line writes a line: Polotno's box is as tall as the line is thick, centred on the same line.
func (ex *exporter) line(e *scene.Element) map[string]any {
	t, col := 0.0, "black"
	var dash []float64
	if e.Stroke != nil {
		t, col, dash = e.Stroke.Width, e.Stroke.Color, e.Stroke.Dash
	}
	m := ex.box(e, e.X, e.Y+e.Height/2-t/2, e.Width, t)
	m["type"] = "line"
	m["color"] = col
	if dash == nil {
		dash = []float64{}
	}
	m["dash"] = dash
	m["startHead"], m["endHead"] = string(e.StartHead), string(e.EndHead)
	return m
}

// cssFill writes a fill as a CSS colour or gradient.
func cssFill(f *scene.Fill) string {
	if f == nil {
		return "transparent"
	}
	if f.Gradient == nil {
		return f.Color
	}
	g := f.Gradient
	stops := append([]scene.Stop(nil), g.Stops...)
	sort.SliceStable(stops, func(i, j int) bool { return stops[i].Offset < stops[j].Offset })
	parts := make([]string, 0, len(stops)+1)
	if g.Type == scene.GradientRadial {
		cx, cy := 0.5, 0.5
		if g.CX != nil {
			cx = *g.CX
		}
		if g.CY != nil {
			cy = *g.CY
		}
		parts = append(parts, fmt.Sprintf("circle at %s%% %s%%", fnum(cx*100), fnum(cy*100)))
	} else {
		parts = append(parts, fnum(g.Angle)+"deg")
	}
	for _, s := range stops {
		parts = append(parts, s.Color+" "+fnum(s.Offset*100)+"%")
	}
	return string(g.Type) + "-gradient(" + strings.Join(parts, ", ") + ")"
}

func fnum(v float64) string { return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64) }
