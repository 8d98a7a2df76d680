package editor

import (
	"encoding/json"
	"math"
	"slices"
	"strings"

	"affiche/scene"
)

// Labels of the undo steps of element commands.
var (
	labelDelete     = lbl("Supprimer", "Delete")
	labelDuplicate  = lbl("Dupliquer", "Duplicate")
	labelGroup      = lbl("Grouper", "Group")
	labelUngroup    = lbl("Dissocier", "Ungroup")
	labelOrder      = lbl("Changer l'ordre", "Reorder")
	labelNudge      = lbl("Déplacer", "Nudge")
	labelAlign      = lbl("Aligner", "Align")
	labelDistribute = lbl("Répartir", "Distribute")
	labelLock       = lbl("Verrouiller", "Lock")
	labelUnlock     = lbl("Déverrouiller", "Unlock")
	labelHide       = lbl("Masquer", "Hide")
	labelShow       = lbl("Afficher", "Show")
)

// Default look of new elements.
const (
	defaultShapeFill  = "#8fa8c8"
	defaultLineColour = "#1f2933"
)

// normalizeElement fills an element's defaults and validates it exactly as loading a document
// would; error paths are relative to the element ("fill", "paragraphs[0].runs[1].color").
func normalizeElement(el *scene.Element) error {
	d := &scene.Document{Width: 100, Height: 100, Pages: []*scene.Page{{ID: "p", Elements: []*scene.Element{el}}}}
	if _, err := scene.Normalize(d); err != nil {
		out := fromScene(err)
		out.Path = strings.TrimPrefix(strings.TrimPrefix(out.Path, "pages[0].elements[0]"), ".")
		return out
	}
	return nil
}

// defaultElement builds the element a creation tool makes by a click at (x, y) on the
// current page: sized relative to the page.
func (e *Editor) defaultElement(tool string, x, y float64) *scene.Element {
	pw, ph := e.doc.PageSize(e.page)
	m := math.Min(pw, ph)
	el := &scene.Element{ID: scene.NewID(), Opacity: 1, X: x, Y: y}
	switch tool {
	case ToolText:
		el.Type = scene.TypeText
		el.FontSize = math.Max(8, math.Round(m/18))
		el.Width = math.Round(pw * 0.5)
		text := "Votre texte"
		if !strings.HasPrefix(e.opts.Lang, "fr") {
			text = "Your text"
		}
		el.Paragraphs = scene.ParagraphsFromText(text)
	case ToolLine:
		el.Type = scene.TypeLine
		el.Width = math.Round(m / 4)
		el.Height = 4
		el.Stroke = &scene.Stroke{Color: defaultLineColour, Width: math.Max(1, math.Round(m/200))}
	default:
		el.Type = scene.TypeShape
		el.Shape = scene.ShapeRect
		if tool == ToolEllipse {
			el.Shape = scene.ShapeEllipse
		}
		el.Width, el.Height = math.Round(m/4), math.Round(m/4)
		el.Fill = scene.Solid(defaultShapeFill)
	}
	_ = normalizeElement(el) // built from valid defaults: cannot fail
	if el.Type == scene.TypeText {
		el.Height = math.Max(e.layout.Height(el), minSize)
	}
	return el
}

// insertElement adds el on top of the list the user works in (the entered group or the page).
func (e *Editor) insertElement(t *tx, el *scene.Element) error {
	return e.mutateContainer(t, func(list []*scene.Element) []*scene.Element { return append(list, el) })
}

// mutateContainer replaces the list of the current container (entered group or page) by
// what fn returns, recording the change. fn may add, remove and reorder elements of the list
// but must not change the elements themselves.
func (e *Editor) mutateContainer(t *tx, fn func(list []*scene.Element) []*scene.Element) error {
	if e.scope != "" {
		g := t.touch(e, e.scope)
		if g == nil {
			return errf(ErrNotFound, "the group no longer exists", "le groupe n'existe plus")
		}
		g.Children = fn(slices.Clone(g.Children))
		e.structureChanged()
		if l, ok := e.find(e.scope); ok {
			scene.UpdateGroupBounds([]*scene.Element{l.top})
		}
		return nil
	}
	p := e.CurrentPage()
	t.touchPage(p)
	old := slices.Clone(p.Elements)
	p.Elements = fn(slices.Clone(p.Elements))
	e.structureChanged()
	for _, el := range old {
		if !slices.Contains(p.Elements, el) {
			if _, ok := t.els[el.ID]; !ok {
				t.els[el.ID] = &ElementRecord{Page: p.ID, Element: el.Clone()}
			}
		}
	}
	for _, el := range p.Elements {
		if !slices.Contains(old, el) {
			t.newElement(el.ID)
		}
	}
	return nil
}

// mergePatch returns a copy of el with the JSON object patch merged over its fields (null
// removes a field); id, type and children cannot be patched.
func mergePatch(el *scene.Element, patch map[string]json.RawMessage) (*scene.Element, error) {
	b, err := json.Marshal(el)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, v := range patch {
		switch k {
		case "id", "type", "children":
			continue
		}
		if string(v) == "null" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	if b, err = json.Marshal(m); err != nil {
		return nil, err
	}
	out := new(scene.Element)
	if err := out.UnmarshalJSON(b); err != nil {
		return nil, fromScene(err)
	}
	out.Children = el.Children
	return out, nil
}

type addArgs struct {
	// Type is text, shape, line, image or svg; Shape the shape kind (default rect).
	Type  scene.Type      `json:"type"`
	Shape scene.ShapeKind `json:"shape"`
	// X, Y, Width, Height place the element (default: a size relative to the page, centred).
	X      *float64 `json:"x"`
	Y      *float64 `json:"y"`
	Width  *float64 `json:"width"`
	Height *float64 `json:"height"`
	// Text is the text of a text element.
	Text string `json:"text"`
	// Src is the URL of an image or svg; NaturalWidth and NaturalHeight its size in pixels
	// (they give the element its proportions).
	Src           string  `json:"src"`
	NaturalWidth  float64 `json:"naturalWidth"`
	NaturalHeight float64 `json:"naturalHeight"`
	// Props are more element fields (fill, stroke, fontSize, credit, …), as in the scene format.
	Props map[string]json.RawMessage `json:"props"`
}

// addElement adds an element from the left bar (or a dropped image) and selects it.
func (e *Editor) addElement(a *addArgs) (any, error) {
	pw, ph := e.doc.PageSize(e.page)
	var el *scene.Element
	switch a.Type {
	case scene.TypeText:
		el = e.defaultElement(ToolText, 0, 0)
		if a.Text != "" {
			el.Paragraphs = scene.ParagraphsFromText(a.Text)
		}
	case scene.TypeLine:
		el = e.defaultElement(ToolLine, 0, 0)
	case scene.TypeShape, "":
		el = e.defaultElement(ToolRect, 0, 0)
		if a.Shape != "" {
			el.Shape = a.Shape
		}
	case scene.TypeImage, scene.TypeSVG:
		if a.Src == "" {
			return nil, errf(ErrArgs, "an image needs a src", "une image demande une adresse (src)")
		}
		el = &scene.Element{ID: scene.NewID(), Type: a.Type, Src: a.Src, Opacity: 1}
		nw, nh := a.NaturalWidth, a.NaturalHeight
		if !(nw > 0 && nh > 0) {
			nw, nh = 1, 1
		}
		s := math.Min(pw*0.5/nw, ph*0.5/nh)
		el.Width, el.Height = nw*s, nh*s
	default:
		return nil, errf(ErrArgs, "unknown element type %q", "type d'élément inconnu %q", a.Type)
	}
	if len(a.Props) > 0 {
		var err error
		if el, err = mergePatch(el, a.Props); err != nil {
			return nil, err
		}
	}
	if a.Width != nil && *a.Width > 0 {
		el.Width = *a.Width
	}
	if a.Height != nil && *a.Height >= 0 {
		el.Height = *a.Height
	}
	el.X, el.Y = (pw-el.Width)/2, (ph-el.Height)/2
	if a.X != nil {
		el.X = *a.X
	}
	if a.Y != nil {
		el.Y = *a.Y
	}
	if err := normalizeElement(el); err != nil {
		return nil, err
	}
	if el.Type == scene.TypeText && (a.Height == nil || *a.Height <= 0) {
		el.Height = math.Max(e.layout.Height(el), minSize)
	}
	if err := e.change(labelCreate, "", func(t *tx) error { return e.insertElement(t, el) }); err != nil {
		return nil, err
	}
	e.setSelection([]string{el.ID})
	return map[string]string{"id": el.ID}, nil
}

// removeElement takes an element out of the document (and an emptied group with it).
func (e *Editor) removeElement(t *tx, id string) {
	l, ok := e.find(id)
	if !ok {
		return
	}
	if l.parent == nil {
		t.touchPage(l.page)
		t.touch(e, id)
		l.page.Elements = slices.DeleteFunc(slices.Clone(l.page.Elements), func(x *scene.Element) bool { return x.ID == id })
		e.structureChanged()
		return
	}
	par := t.touch(e, l.parent.ID)
	par.Children = slices.DeleteFunc(slices.Clone(par.Children), func(x *scene.Element) bool { return x.ID == id })
	e.structureChanged()
	if len(par.Children) == 0 {
		if e.scope == par.ID {
			e.scope = ""
		}
		e.removeElement(t, par.ID)
		return
	}
	if pl, ok := e.find(par.ID); ok {
		scene.UpdateGroupBounds([]*scene.Element{pl.top})
	}
}

func (e *Editor) deleteSelection() error {
	els := e.unlockedSelected()
	if len(els) == 0 {
		return errf(ErrLocked, "the selected elements are locked", "les éléments sélectionnés sont verrouillés")
	}
	return e.change(labelDelete, "", func(t *tx) error {
		for _, el := range els {
			e.removeElement(t, el.ID)
		}
		e.setSelection(nil)
		return nil
	})
}

// freshIDs gives an element and its children new ids.
func freshIDs(el *scene.Element) {
	walkTree(el, func(x *scene.Element) { x.ID = scene.NewID() })
}

// duplicateOffset is how far a duplicate or a paste on the same spot moves, in points.
const duplicateOffset = 10

func (e *Editor) duplicateSelection() error {
	els := e.inPaintOrder(e.selected())
	var ids []string
	err := e.change(labelDuplicate, "", func(t *tx) error {
		return e.mutateContainer(t, func(list []*scene.Element) []*scene.Element {
			for _, el := range els {
				c := el.Clone()
				freshIDs(c)
				translate(c, duplicateOffset, duplicateOffset)
				i := slices.Index(list, el)
				list = slices.Insert(list, i+1, c)
				ids = append(ids, c.ID)
			}
			return list
		})
	})
	if err == nil {
		e.setSelection(ids)
	}
	return err
}

func (e *Editor) group() error {
	els := e.inPaintOrder(e.selected())
	if len(els) < 2 {
		return errf(ErrDisabled, "select at least two elements to group", "sélectionnez au moins deux éléments à grouper")
	}
	g := &scene.Element{ID: scene.NewID(), Type: scene.TypeGroup, Opacity: 1}
	err := e.change(labelGroup, "", func(t *tx) error {
		return e.mutateContainer(t, func(list []*scene.Element) []*scene.Element {
			top := slices.Index(list, els[len(els)-1])
			out := make([]*scene.Element, 0, len(list))
			for i, el := range list {
				if slices.Contains(els, el) {
					g.Children = append(g.Children, el)
				} else {
					out = append(out, el)
				}
				if i == top {
					out = append(out, g)
				}
			}
			scene.UpdateGroupBounds([]*scene.Element{g})
			return out
		})
	})
	if err == nil {
		e.setSelection([]string{g.ID})
	}
	return err
}

func (e *Editor) ungroup() error {
	var groups []*scene.Element
	for _, el := range e.selected() {
		if el.Type == scene.TypeGroup && !el.Locked {
			groups = append(groups, el)
		}
	}
	var ids []string
	err := e.change(labelUngroup, "", func(t *tx) error {
		// The children keep the group's opacity by multiplying it into theirs.
		for _, g := range groups {
			if g.Opacity != 1 {
				for _, c := range g.Children {
					t.touch(e, c.ID).Opacity *= g.Opacity
				}
			}
		}
		return e.mutateContainer(t, func(list []*scene.Element) []*scene.Element {
			out := make([]*scene.Element, 0, len(list))
			for _, el := range list {
				if slices.Contains(groups, el) {
					out = append(out, el.Children...)
					for _, c := range el.Children {
						ids = append(ids, c.ID)
					}
					continue
				}
				out = append(out, el)
			}
			return out
		})
	})
	if err == nil {
		keep := []string{}
		for _, el := range e.selected() {
			if !slices.Contains(groups, el) {
				keep = append(keep, el.ID)
			}
		}
		e.setSelection(append(keep, ids...))
	}
	return err
}

// reorder moves the selection in the paint order: forward/backward by one step, front/back.
func (e *Editor) reorder(how string) error {
	sel := e.unlockedSelected()
	return e.change(labelOrder, "", func(t *tx) error {
		return e.mutateContainer(t, func(list []*scene.Element) []*scene.Element {
			in := func(el *scene.Element) bool { return slices.Contains(sel, el) }
			switch how {
			case "front", "back":
				var moved, rest []*scene.Element
				for _, el := range list {
					if in(el) {
						moved = append(moved, el)
					} else {
						rest = append(rest, el)
					}
				}
				if how == "front" {
					return append(rest, moved...)
				}
				return append(moved, rest...)
			case "forward":
				for i := len(list) - 2; i >= 0; i-- {
					if in(list[i]) && !in(list[i+1]) {
						list[i], list[i+1] = list[i+1], list[i]
					}
				}
			case "backward":
				for i := 1; i < len(list); i++ {
					if in(list[i]) && !in(list[i-1]) {
						list[i], list[i-1] = list[i-1], list[i]
					}
				}
			}
			return list
		})
	})
}

func (e *Editor) nudge(dx, dy float64) error {
	if math.IsNaN(dx) || math.IsNaN(dy) || math.Abs(dx) > scene.MaxCoord || math.Abs(dy) > scene.MaxCoord {
		return errf(ErrArgs, "bad nudge distance", "distance de déplacement incorrecte")
	}
	els := e.unlockedSelected()
	return e.change(labelNudge, "nudge:"+strings.Join(e.sel, ","), func(t *tx) error {
		for _, el := range els {
			translate(t.touch(e, el.ID), dx, dy)
			e.updateAncestors(el.ID)
		}
		return nil
	})
}

// align lines the selection up: on the page when one element is selected, else on the
// selection's bounds. Edges: left, center, right, top, middle, bottom.
func (e *Editor) align(edge string) error {
	els := e.unlockedSelected()
	ref := scene.UnionBounds(e.selected())
	if len(e.sel) == 1 {
		w, h := e.doc.PageSize(e.page)
		ref = scene.Rect{Width: w, Height: h}
	}
	switch edge {
	case "left", "center", "right", "top", "middle", "bottom":
	default:
		return errf(ErrArgs, "unknown alignment %q", "alignement inconnu %q", edge)
	}
	return e.change(labelAlign, "", func(t *tx) error {
		for _, el := range els {
			b := el.Bounds()
			var dx, dy float64
			switch edge {
			case "left":
				dx = ref.X - b.X
			case "center":
				dx = ref.X + ref.Width/2 - (b.X + b.Width/2)
			case "right":
				dx = ref.X + ref.Width - (b.X + b.Width)
			case "top":
				dy = ref.Y - b.Y
			case "middle":
				dy = ref.Y + ref.Height/2 - (b.Y + b.Height/2)
			case "bottom":
				dy = ref.Y + ref.Height - (b.Y + b.Height)
			}
			translate(t.touch(e, el.ID), dx, dy)
			e.updateAncestors(el.ID)
		}
		return nil
	})
}

// distribute spaces three or more elements evenly between the first and the last one.
func (e *Editor) distribute(axis string) error {
	horiz := axis == "horizontal"
	if !horiz && axis != "vertical" {
		return errf(ErrArgs, "unknown axis %q (horizontal or vertical)", "axe inconnu %q (horizontal ou vertical)", axis)
	}
	els := e.unlockedSelected()
	type item struct {
		el *scene.Element
		b  scene.Rect
	}
	items := make([]item, len(els))
	for i, el := range els {
		items[i] = item{el, el.Bounds()}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		ca, cb := spanLo(a.b, horiz)+spanHi(a.b, horiz), spanLo(b.b, horiz)+spanHi(b.b, horiz)
		switch {
		case ca < cb:
			return -1
		case ca > cb:
			return 1
		}
		return 0
	})
	first, last := items[0].b, items[len(items)-1].b
	total := spanHi(last, horiz) - spanLo(first, horiz)
	sum := 0.0
	for _, it := range items {
		lo, hi := span(it.b, horiz)
		sum += hi - lo
	}
	gap := (total - sum) / float64(len(items)-1)
	return e.change(labelDistribute, "", func(t *tx) error {
		pos := spanLo(first, horiz)
		for _, it := range items {
			lo, hi := span(it.b, horiz)
			d := pos - lo
			el := t.touch(e, it.el.ID)
			if horiz {
				translate(el, d, 0)
			} else {
				translate(el, 0, d)
			}
			e.updateAncestors(it.el.ID)
			pos += hi - lo + gap
		}
		return nil
	})
}

// setFlag sets locked or hidden on the selection; nil toggles (set unless all have it).
func (e *Editor) setFlag(name string, v *bool) error {
	els := e.selected()
	get := func(el *scene.Element) *bool {
		if name == "locked" {
			return &el.Locked
		}
		return &el.Hidden
	}
	val := false
	if v != nil {
		val = *v
	} else {
		for _, el := range els {
			if !*get(el) {
				val = true
			}
		}
	}
	label := map[[2]bool]scene.Label{{true, true}: labelLock, {true, false}: labelUnlock,
		{false, true}: labelHide, {false, false}: labelShow}[[2]bool{name == "locked", val}]
	return e.change(label, "", func(t *tx) error {
		for _, el := range els {
			*get(t.touch(e, el.ID)) = val
		}
		return nil
	})
}
