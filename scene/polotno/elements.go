package polotno

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"affiche/scene"
)

// elements converts a children array.
func (im *importer) elements(list []json.RawMessage, depth int) []*scene.Element {
	out := []*scene.Element{}
	for _, r := range list {
		if im.count > scene.MaxElements {
			break
		}
		if e := im.element(r, depth); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// element converts one Polotno element; nil when it is dropped.
func (im *importer) element(r json.RawMessage, depth int) *scene.Element {
	im.count++
	o, ok := parseObj(r)
	if !ok {
		im.w.add(CodeDropped, "", "an element that is not a JSON object was dropped",
			"un élément qui n'est pas un objet JSON a été ignoré")
		return nil
	}
	id := o.str("id", "")
	typ := o.str("type", "")
	e := &scene.Element{ID: id, Opacity: 1}
	extra := map[string]json.RawMessage{}
	switch typ {
	case "group":
		if depth >= scene.MaxDepth {
			im.w.add(CodeDropped, id, fmt.Sprintf("groups nested more than %d deep: the inner ones are dropped", scene.MaxDepth),
				fmt.Sprintf("groupes imbriqués sur plus de %d niveaux : les plus profonds sont ignorés", scene.MaxDepth))
			return nil
		}
		e.Type = scene.TypeGroup
		im.flags(o, e, extra)
		e.Children = im.elements(o.array("children"), depth+1)
		if len(e.Children) == 0 {
			return nil
		}
	case "text":
		e.Type = scene.TypeText
		im.common(o, e, extra)
		im.text(o, e, extra)
	case "image", "gif":
		e.Type = scene.TypeImage
		im.common(o, e, extra)
		if typ == "gif" {
			extra["type"] = raw("gif")
			im.w.add(CodeGIF, id, "animated GIF: its first frame is shown",
				"GIF animé : sa première image est affichée")
		}
		if !im.image(o, e, extra) {
			return nil
		}
	case "svg":
		e.Type = scene.TypeSVG
		im.common(o, e, extra)
		if !im.svg(o, e, extra) {
			return nil
		}
	case "figure":
		e.Type = scene.TypeShape
		im.common(o, e, extra)
		im.figure(o, e, extra)
	case "line":
		e.Type = scene.TypeLine
		im.common(o, e, extra)
		im.line(o, e, extra)
	case "video", "audio", "table":
		im.w.add(CodeDropped, id, fmt.Sprintf("%s element dropped: Affiche has no %[1]s elements yet", typ),
			fmt.Sprintf("élément %s ignoré : Affiche n'a pas encore ce type d'élément", frKind(typ)))
		return nil
	default:
		im.w.add(CodeKind, id, fmt.Sprintf("unknown element type %q dropped", short(typ)),
			fmt.Sprintf("type d'élément inconnu %q ignoré", short(typ)))
		return nil
	}
	if len(extra) > 0 {
		e.Extra = map[string]json.RawMessage{ExtraKey: raw(extra)}
	}
	return e
}

func frKind(typ string) string {
	switch typ {
	case "video":
		return "vidéo"
	case "table":
		return "tableau"
	}
	return typ
}

// editorFlags are Polotno's editing permissions with their defaults. Affiche has one "locked"
// setting; the others are kept for Export when they differ from the default.
var editorFlags = []struct {
	key string
	def bool
}{
	{"draggable", true}, {"resizable", true}, {"selectable", true}, {"removable", true},
	{"contentEditable", true}, {"styleEditable", true}, {"alwaysOnTop", false}, {"showInExport", true},
	{"locked", false},
}

// flags reads what every element (groups included) has: name, opacity, visibility, locks, and
// the Polotno-only fields kept in extra.
func (im *importer) flags(o obj, e *scene.Element, extra map[string]json.RawMessage) {
	e.Name = o.str("name", "")
	op := o.num("opacity", 1)
	if op < 0 || op > 1 {
		op = clamp(op, 0, 1)
	}
	e.Opacity = op
	e.Hidden = !o.boolean("visible", true)
	e.Locked = o.boolean("locked", false) || !o.boolean("draggable", true)
	for _, f := range editorFlags {
		if v := o.boolean(f.key, f.def); v != f.def {
			extra[f.key] = raw(v)
		}
	}
	if !o.boolean("showInExport", true) && !e.Hidden {
		e.Hidden = true
		im.w.add(CodeNotExported, e.ID, "shown in Polotno's editor but left out of its exports: hidden here",
			"visible dans l'éditeur de Polotno mais exclu de ses exports : masqué ici")
	}
	for _, k := range []string{"custom", "placeholder"} {
		if o.nonEmpty(k) {
			extra[k] = o[k]
		}
	}
	if o.nonEmpty("animations") {
		extra["animations"] = o["animations"]
		im.w.add(CodeAnimation, e.ID, "animations are kept in the file but not played: Affiche makes still images",
			"les animations sont conservées dans le fichier mais pas jouées : Affiche produit des images fixes")
	}
}

// common reads the box (converting the rotation origin), the flags, the shadow and the effects
// of every element but groups.
func (im *importer) common(o obj, e *scene.Element, extra map[string]json.RawMessage) {
	im.flags(o, e, extra)
	s := im.scale
	w, h := o.num("width", 100)*s, o.num("height", 100)*s
	if w < 0 || h < 0 {
		im.w.add(CodeValue, e.ID, "a negative width or height was made positive",
			"une largeur ou une hauteur négative a été rendue positive")
		w, h = abs(w), abs(h)
	}
	rot := o.num("rotation", 0)
	e.Width, e.Height, e.Rotation = w, h, rot
	e.X, e.Y = toCentre(o.num("x", 0)*s, o.num("y", 0)*s, w, h, rot)
	if o.boolean("shadowEnabled", false) {
		e.Shadow = &scene.Shadow{
			Color:   im.color(o.str("shadowColor", "black"), "#000000", e.ID, "shadow"),
			Blur:    clamp(o.num("shadowBlur", 5)*s, 0, 500),
			OffsetX: o.num("shadowOffsetX", 0) * s,
			OffsetY: o.num("shadowOffsetY", 0) * s,
			Opacity: clamp(o.num("shadowOpacity", 1), 0, 1),
		}
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// effects reads Polotno's filters: the "old" switches (blur, brightness, sepia, grayscale) and
// the combined filters object. Affiche filters images and SVGs only; elsewhere they are
// reported. Unmapped filters are kept in extra.
func (im *importer) effects(o obj, e *scene.Element, extra map[string]json.RawMessage, image bool) *scene.Filters {
	var f scene.Filters
	old := im.version < 2 // intensities were −100..100 before schemaVersion 2
	intensity := func(v float64) float64 {
		if old {
			v /= 100
		}
		return clamp(v, -1, 1)
	}
	if o.boolean("blurEnabled", false) {
		f.Blur = clamp(o.num("blurRadius", 10)*im.scale, 0, 200)
	}
	if o.boolean("brightnessEnabled", false) {
		f.Brightness = intensity(o.num("brightness", 0))
	}
	if o.boolean("sepiaEnabled", false) {
		f.Sepia = 1
	}
	if o.boolean("grayscaleEnabled", false) {
		f.Grayscale = 1
	}
	var unmapped []string
	if fs := o.object("filters"); len(fs) > 0 {
		keys := make([]string, 0, len(fs))
		for k := range fs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		kept := map[string]json.RawMessage{} // unmapped filters, in today's −1..1 range
		for _, k := range keys {
			v := fs.object(k).num("intensity", fs.num(k, 0))
			switch k {
			case "contrast":
				f.Contrast = intensity(v)
			case "saturation":
				f.Saturation = intensity(v)
			default:
				if !fs.nonEmpty(k) {
					continue
				}
				unmapped = append(unmapped, k)
				if fs.object(k).isNum("intensity") || fs.isNum(k) {
					kept[k] = raw(map[string]float64{"intensity": intensity(v)})
				} else {
					kept[k] = fs[k]
				}
			}
		}
		if len(kept) > 0 {
			extra["filters"] = raw(kept)
		}
	}
	if !image {
		if !f.IsZero() || len(unmapped) > 0 {
			im.w.add(CodeEffect, e.ID, "blur and colour filters apply to images only in Affiche: dropped here",
				"le flou et les filtres de couleur ne s'appliquent qu'aux images dans Affiche : ignorés ici")
		}
		return nil
	}
	if len(unmapped) > 0 {
		im.w.add(CodeFilter, e.ID, fmt.Sprintf("filters Affiche does not have were left out: %s", strings.Join(unmapped, ", ")),
			fmt.Sprintf("filtres absents d'Affiche non appliqués : %s", strings.Join(unmapped, ", ")))
	}
	if f.IsZero() {
		return nil
	}
	return &f
}

// line converts a line: its box height is its thickness, drawn along the box's middle.
func (im *importer) line(o obj, e *scene.Element, extra map[string]json.RawMessage) {
	e.Stroke = &scene.Stroke{
		Color: im.color(o.str("color", "black"), "#000000", e.ID, "colour"),
		Width: clamp(e.Height, 0, scene.MaxStrokeWidth),
		Dash:  dash(o.numbers("dash")),
	}
	e.StartHead = im.head(o.str("startHead", ""), e.ID)
	e.EndHead = im.head(o.str("endHead", ""), e.ID)
	im.effects(o, e, extra, false)
}

func (im *importer) head(s, id string) scene.LineHead {
	switch h := scene.LineHead(s); h {
	case scene.HeadNone, scene.HeadArrow, scene.HeadTriangle, scene.HeadCircle, scene.HeadSquare, scene.HeadBar:
		return h
	}
	im.w.add(CodeValue, id, fmt.Sprintf("line end %q unknown: drawn without a head", short(s)),
		fmt.Sprintf("extrémité de ligne %q inconnue : tracée sans tête", short(s)))
	return scene.HeadNone
}

// dash keeps a usable dash pattern: Polotno's dash lengths are multiples of the stroke width,
// like Affiche's.
func dash(d []float64) []float64 {
	if len(d) == 0 || len(d) > 32 {
		return nil
	}
	total := 0.0
	out := make([]float64, len(d))
	for i, v := range d {
		out[i] = clamp(v, 0, 1000)
		total += out[i]
	}
	if total == 0 {
		return nil
	}
	return out
}
