package editor

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"strings"

	"affiche/scene"
)

var labelChange = lbl("Modifier", "Change")

// Which element fields apply to which kinds, for selection.set and UpdateProperties.
var (
	commonKeys   = []string{"name", "opacity", "flipX", "flipY", "locked", "hidden", "shadow"}
	geometryKeys = []string{"x", "y", "width", "height", "rotation"}
	textStyleKey = []string{"fontFamily", "fontSize", "fontWeight", "italic", "color", "underline", "strikethrough", "letterSpacing"}
	kindKeys     = map[scene.Type][]string{
		scene.TypeShape: {"fill", "stroke", "cornerRadius", "shape", "sides", "innerRadius", "path", "viewBox"},
		scene.TypeLine:  {"stroke", "startHead", "endHead"},
		scene.TypeImage: {"stroke", "cornerRadius", "crop", "fit", "filters", "src", "credit"},
		scene.TypeSVG:   {"stroke", "cornerRadius", "fit", "colors", "src", "filters", "credit"},
		scene.TypeText: {"stroke", "lineHeight", "paragraphSpacing", "align", "verticalAlign", "textTransform",
			"background", "list", "text"},
	}
)

func applies(t scene.Type, key string) bool {
	return slices.Contains(commonKeys, key) || slices.Contains(kindKeys[t], key) ||
		(t == scene.TypeText && slices.Contains(textStyleKey, key))
}

func known(key string) bool {
	if slices.Contains(commonKeys, key) || slices.Contains(geometryKeys, key) || slices.Contains(textStyleKey, key) {
		return true
	}
	for _, ks := range kindKeys {
		if slices.Contains(ks, key) {
			return true
		}
	}
	return false
}

// setProps is selection.set: a JSON object of element fields (as in the scene format) applied
// to every selected element where the field makes sense (a group passes its children the
// fields of their kinds), as one undo step. While text is edited with a range selected, text
// style fields style that range.
func (e *Editor) setProps(args json.RawMessage) error {
	var patch map[string]json.RawMessage
	if err := json.Unmarshal(args, &patch); err != nil || len(patch) == 0 {
		return errf(ErrArgs, "selection.set takes an object of element fields", "selection.set attend un objet de champs d'élément")
	}
	keys := make([]string, 0, len(patch))
	for k := range patch {
		if !known(k) {
			return &Error{Code: ErrArgs, Path: k, Message: "unknown or unchangeable field", MessageFR: "champ inconnu ou non modifiable"}
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if e.text != nil && !e.text.collapsed() {
		onlyStyle := true
		for _, k := range keys {
			onlyStyle = onlyStyle && slices.Contains(textStyleKey, k)
		}
		if onlyStyle {
			return e.textStyleCmd(args)
		}
	}
	els := e.selected()
	if e.text != nil {
		e.out.textEdit = true
	}
	e.out.properties = true
	// Repeated changes of the same fields of the same elements (a slider or a colour being
	// dragged) merge into one step until a pause or another command.
	merge := "set:" + strings.Join(keys, ",") + ":"
	for _, el := range els {
		merge += el.ID + ","
	}
	return e.change(labelChange, merge, func(t *tx) error {
		for _, el := range els {
			if err := e.patchElement(t, el.ID, patch, keys); err != nil {
				return err
			}
		}
		return nil
	})
}

func (e *Editor) patchElement(t *tx, id string, patch map[string]json.RawMessage, keys []string) error {
	el := t.touch(e, id)
	if el == nil {
		return errf(ErrNotFound, "no element %q", "aucun élément %q", id)
	}
	num := func(k string) (float64, bool, error) {
		raw, ok := patch[k]
		if !ok {
			return 0, false, nil
		}
		var v float64
		if err := json.Unmarshal(raw, &v); err != nil || math.IsNaN(v) || math.Abs(v) > scene.MaxCoord {
			return 0, false, &Error{Code: ErrInvalid, Path: k, Message: "must be a number", MessageFR: "doit être un nombre"}
		}
		return v, true, nil
	}
	// Geometry first (never on locked elements).
	if !el.Locked {
		// A group's position is its bounds' corner; an element's is its unrotated box's.
		cur := scene.Rect{X: el.X, Y: el.Y}
		if el.Type == scene.TypeGroup {
			cur = el.Bounds()
		}
		if x, ok, err := num("x"); err != nil {
			return err
		} else if ok {
			translate(el, x-cur.X, 0)
		}
		if y, ok, err := num("y"); err != nil {
			return err
		} else if ok {
			translate(el, 0, y-cur.Y)
		}
		w, okW, err := num("width")
		if err != nil {
			return err
		}
		h, okH, err := num("height")
		if err != nil {
			return err
		}
		if (okW && w <= 0) || (okH && h < 0) {
			return &Error{Code: ErrInvalid, Path: "width", Message: "sizes must be positive", MessageFR: "les dimensions doivent être positives"}
		}
		if okW || okH {
			if el.Type == scene.TypeGroup {
				b := el.Bounds()
				s := 1.0
				if okW && b.Width > 0 {
					s = w / b.Width
				} else if okH && b.Height > 0 {
					s = h / b.Height
				}
				scaleAbout(el, s, b.X, b.Y, true)
			} else {
				nw, nh := el.Width, el.Height
				if okW {
					nw = w
				}
				if okH {
					nh = h
				}
				setSizeKeepTopLeft(el, nw, nh)
			}
		}
		if r, ok, err := num("rotation"); err != nil {
			return err
		} else if ok && el.Type != scene.TypeGroup {
			el.Rotation = normAngle(r)
		} else if ok {
			cx, cy := centre(el.Bounds())
			rotateAbout(el, r, cx, cy) // a group has no angle of its own: turn it by r
		}
	}
	// Text style on texts (a group passes it to its texts).
	var sp stylePatch
	hasStyle := false
	for _, k := range keys {
		if slices.Contains(textStyleKey, k) {
			hasStyle = true
		}
	}
	if hasStyle {
		sub := map[string]json.RawMessage{}
		for _, k := range textStyleKey {
			if v, ok := patch[k]; ok {
				sub[k] = v
			}
		}
		b, _ := json.Marshal(sub)
		if err := decode(b, &sp); err != nil {
			return err
		}
		if err := sp.validate(); err != nil {
			return err
		}
	}
	return e.patchTree(el, patch, keys, hasStyle, &sp)
}

// patchTree applies the non-geometry fields to el and, for a group, to its children.
func (e *Editor) patchTree(el *scene.Element, patch map[string]json.RawMessage, keys []string, hasStyle bool, sp *stylePatch) error {
	if el.Type == scene.TypeGroup {
		own := map[string]json.RawMessage{}
		for _, k := range keys {
			if slices.Contains(commonKeys, k) {
				own[k] = patch[k]
			}
		}
		if len(own) > 0 {
			if err := e.mergeInto(el, own); err != nil {
				return err
			}
		}
		rest := map[string]json.RawMessage{}
		for _, k := range keys {
			if !slices.Contains(commonKeys, k) && !slices.Contains(geometryKeys, k) {
				rest[k] = patch[k]
			}
		}
		if len(rest) == 0 {
			return nil
		}
		restKeys := make([]string, 0, len(rest))
		for k := range rest {
			restKeys = append(restKeys, k)
		}
		sort.Strings(restKeys)
		for _, c := range el.Children {
			if err := e.patchTree(c, rest, restKeys, hasStyle, sp); err != nil {
				return err
			}
		}
		scene.UpdateGroupBounds([]*scene.Element{el})
		return nil
	}
	sub := map[string]json.RawMessage{}
	var list *scene.ListKind
	var text *string
	for _, k := range keys {
		if slices.Contains(geometryKeys, k) || slices.Contains(textStyleKey, k) || !applies(el.Type, k) {
			continue
		}
		switch k {
		case "list":
			var l scene.ListKind
			if err := json.Unmarshal(patch[k], &l); err != nil {
				return &Error{Code: ErrInvalid, Path: k, Message: "must be bullet, number or empty", MessageFR: "doit valoir bullet, number ou rien"}
			}
			list = &l
		case "text":
			var s string
			if err := json.Unmarshal(patch[k], &s); err != nil {
				return &Error{Code: ErrInvalid, Path: k, Message: "must be a string", MessageFR: "doit être un texte"}
			}
			text = &s
		default:
			sub[k] = patch[k]
		}
	}
	if len(sub) > 0 {
		if err := e.mergeInto(el, sub); err != nil {
			return err
		}
	}
	if el.Type != scene.TypeText {
		return nil
	}
	if text != nil {
		el.Paragraphs = scene.ParagraphsFromText(*text)
		if err := normalizeElement(el); err != nil {
			return err
		}
	}
	if list != nil {
		if *list != scene.ListNone && *list != scene.ListBullet && *list != scene.ListNumber {
			return &Error{Code: ErrInvalid, Path: "list", Message: "must be bullet, number or empty", MessageFR: "doit valoir bullet, number ou rien"}
		}
		el.Paragraphs = cloneParagraphs(el.Paragraphs)
		for i := range el.Paragraphs {
			el.Paragraphs[i].List = *list
		}
	}
	if hasStyle {
		sp.applyToElement(el)
	}
	e.fitText(el)
	return nil
}

// mergeInto merges fields into an element in place, validated as a loaded document would be.
func (e *Editor) mergeInto(el *scene.Element, fields map[string]json.RawMessage) error {
	n, err := mergePatch(el, fields)
	if err != nil {
		return err
	}
	kids := n.Children
	n.Children = nil
	if err := normalizeElement(n); err != nil {
		return err
	}
	n.Children = kids
	n.ID = el.ID
	*el = *n
	return nil
}

// properties builds UpdateProperties for the selection (or the edited text's range).
func (e *Editor) properties() PropertiesUpdate {
	u := PropertiesUpdate{Values: map[string]json.RawMessage{}, Mixed: []string{}, Types: []scene.Type{}}
	els := e.selected()
	u.Count = len(els)
	if len(els) == 0 {
		return u
	}
	for _, el := range els {
		if !slices.Contains(u.Types, el.Type) {
			u.Types = append(u.Types, el.Type)
		}
	}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	// Geometry of the selection.
	if len(els) == 1 && els[0].Type != scene.TypeGroup {
		el := els[0]
		u.Values["x"], u.Values["y"] = raw(el.X), raw(el.Y)
		u.Values["width"], u.Values["height"] = raw(el.Width), raw(el.Height)
		u.Values["rotation"] = raw(el.Rotation)
	} else {
		b := scene.UnionBounds(els)
		u.Values["x"], u.Values["y"] = raw(b.X), raw(b.Y)
		u.Values["width"], u.Values["height"] = raw(b.Width), raw(b.Height)
	}
	// Fields of the selected elements and, through groups, of their leaves.
	values := map[string][]json.RawMessage{}
	note := func(k string, v json.RawMessage) { values[k] = append(values[k], v) }
	for _, el := range els {
		m := fieldsOf(el)
		for _, k := range commonKeys {
			note(k, m[k])
		}
	}
	var leaves []*scene.Element
	for _, el := range els {
		walkTree(el, func(x *scene.Element) {
			if x.Type != scene.TypeGroup {
				leaves = append(leaves, x)
			}
		})
	}
	for _, el := range leaves {
		m := fieldsOf(el)
		for _, k := range kindKeys[el.Type] {
			switch k {
			case "text", "src":
				continue
			case "list":
				from, to := e.textRange(el)
				note(k, raw(listOf(el, from, to)))
				continue
			}
			note(k, m[k])
		}
		if el.Type == scene.TypeText {
			from, to := e.textRange(el)
			styles := rangeStyles(el, from, to)
			for _, k := range textStyleKey {
				for _, s := range styles {
					note(k, styleField(s, k))
				}
			}
			u.TextRange = u.TextRange || (e.text != nil && e.text.id == el.ID)
		}
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vs := values[k]
		same := true
		for _, v := range vs[1:] {
			same = same && bytes.Equal(v, vs[0])
		}
		switch {
		case !same:
			u.Mixed = append(u.Mixed, k)
		case vs[0] != nil:
			u.Values[k] = vs[0]
		}
	}
	return u
}

// textRange is the range whose style UpdateProperties shows for a text: the edited range, or
// the whole text.
func (e *Editor) textRange(el *scene.Element) (TextPos, TextPos) {
	if e.text != nil && e.text.id == el.ID {
		s := e.text
		s.clamp(el)
		return s.ordered()
	}
	return TextPos{}, endOfText(el)
}

func listOf(el *scene.Element, from, to TextPos) scene.ListKind {
	k := el.Paragraphs[from.Para].List
	for i := from.Para; i <= to.Para; i++ {
		if el.Paragraphs[i].List != k {
			return "mixed"
		}
	}
	return k
}

func styleField(s scene.TextStyle, k string) json.RawMessage {
	var v any
	switch k {
	case "fontFamily":
		v = s.FontFamily
	case "fontSize":
		v = s.FontSize
	case "fontWeight":
		v = s.FontWeight
	case "italic":
		v = s.Italic
	case "color":
		v = s.Color
	case "underline":
		v = s.Underline
	case "strikethrough":
		v = s.Strike
	case "letterSpacing":
		v = s.LetterSpacing
	}
	b, _ := json.Marshal(v)
	return b
}

// fieldsOf returns an element's JSON fields (children left out).
func fieldsOf(el *scene.Element) map[string]json.RawMessage {
	c := *el
	c.Children = nil
	b, _ := json.Marshal(c)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	return m
}
