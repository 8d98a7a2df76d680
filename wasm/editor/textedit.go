package editor

import (
	"encoding/json"
	"math"
	"unicode/utf8"

	"affiche/scene"
)

// Labels of text editing steps.
var (
	labelTyping = lbl("Saisie", "Typing")
	labelPaste  = lbl("Coller", "Paste")
	labelFormat = lbl("Mise en forme", "Formatting")
	labelList   = lbl("Liste", "List")
	labelCutTxt = lbl("Couper", "Cut")
)

// textSession is the state of in-place text editing: which element, and the selection as an
// anchor (where it started) and a focus (where the caret is).
type textSession struct {
	id            string
	anchor, focus TextPos
	goalX         float64 // the x the caret keeps when moving up and down
	hasGoal       bool
}

func (s *textSession) clamp(el *scene.Element) {
	s.anchor, s.focus = clampPos(el, s.anchor), clampPos(el, s.focus)
}

func (s *textSession) ordered() (TextPos, TextPos) {
	if s.focus.Less(s.anchor) {
		return s.focus, s.anchor
	}
	return s.anchor, s.focus
}

func (s *textSession) collapsed() bool { return s.anchor == s.focus }

func endOfText(el *scene.Element) TextPos {
	n := len(el.Paragraphs) - 1
	if n < 0 {
		return TextPos{}
	}
	return TextPos{Para: n, Offset: paraLen(&el.Paragraphs[n])}
}

// startTextEdit starts editing el in place: caret at pos (nil: at the end), or all selected.
func (e *Editor) startTextEdit(el *scene.Element, pos *TextPos, all bool) {
	if e.crop != nil {
		e.finishCrop()
	}
	if e.text != nil && e.text.id != el.ID {
		e.endTextEdit(true)
	}
	if l, ok := e.find(el.ID); ok {
		scope := ""
		if l.parent != nil {
			scope = l.parent.ID
		}
		if scope != e.scope {
			e.scope = scope
		}
		if l.pageIndex != e.page {
			e.setPage(l.pageIndex)
		}
	}
	e.setSelection([]string{el.ID})
	s := &textSession{id: el.ID, focus: endOfText(el)}
	switch {
	case all:
		s.anchor = TextPos{}
	case pos != nil:
		s.focus = clampPos(el, *pos)
	}
	if !all {
		s.anchor = s.focus
	}
	started := e.text == nil
	e.text = s
	e.hist.breakMerge()
	e.out.textEdit, e.out.selection, e.out.properties, e.out.overlay = true, true, true, true
	if started {
		e.emit(MsgTriggerTextEdit, TextEditTrigger{ID: el.ID, Active: true})
	}
}

// startTextEditAt starts editing at a double click: the word under the pointer is selected.
func (e *Editor) startTextEditAt(el *scene.Element, ev PointerEvent) {
	lx, ly := toLocal(el, ev.X, ev.Y)
	pos := clampPos(el, e.layout.HitTest(el, lx, ly))
	e.startTextEdit(el, &pos, false)
	s, end := wordAt(el.Paragraphs[pos.Para].Text(), pos.Offset)
	e.text.anchor, e.text.focus = TextPos{pos.Para, s}, TextPos{pos.Para, end}
}

// endTextEdit leaves text editing; an emptied text box is deleted when removeEmpty.
func (e *Editor) endTextEdit(removeEmpty bool) {
	s := e.text
	if s == nil {
		return
	}
	e.text = nil
	e.hist.breakMerge()
	e.emit(MsgTriggerTextEdit, TextEditTrigger{ID: s.id, Active: false})
	e.out.textEdit, e.out.selection, e.out.properties, e.out.overlay = true, true, true, true
	if l, ok := e.find(s.id); ok && removeEmpty && !l.el.Locked && isEmptyText(l.el) {
		_ = e.change(labelDelete, "", func(t *tx) error {
			e.removeElement(t, s.id)
			return nil
		})
	}
}

func isEmptyText(el *scene.Element) bool {
	for i := range el.Paragraphs {
		if paraLen(&el.Paragraphs[i]) > 0 {
			return false
		}
	}
	return true
}

func (e *Editor) editTextCmd(id string, at *TextPos, all bool) error {
	if id == "" && len(e.sel) == 1 {
		id = e.sel[0]
	}
	l, ok := e.find(id)
	if !ok || l.el.Type != scene.TypeText {
		return errf(ErrNotFound, "no text element %q", "aucun texte %q", id)
	}
	if l.el.Locked {
		return errf(ErrLocked, "this text is locked", "ce texte est verrouillé")
	}
	e.startTextEdit(l.el, at, all || at == nil)
	return nil
}

// editedText returns the element being edited.
func (e *Editor) editedText() (*scene.Element, bool) {
	if e.text == nil {
		return nil, false
	}
	l, ok := e.find(e.text.id)
	return l.el, ok
}

// setSizeKeepTopLeft resizes a box keeping its (rotated) top-left corner in place.
func setSizeKeepTopLeft(el *scene.Element, w, h float64) {
	x0, y0 := frame(el).Apply(0, 0)
	el.Width, el.Height = w, h
	dx, dy := scene.Rotate(el.Rotation).Apply(w/2, h/2)
	el.X, el.Y = x0+dx-w/2, y0+dy-h/2
}

// fitText makes a text box as tall as its text.
func (e *Editor) fitText(el *scene.Element) {
	if h := math.Max(e.layout.Height(el), minSize); math.Abs(h-el.Height) > 1e-9 {
		setSizeKeepTopLeft(el, el.Width, h)
	}
	e.updateAncestors(el.ID)
}

// editText runs one change of the edited text as an undo step (typing merges into a burst).
func (e *Editor) editText(label scene.Label, merge string, fn func(el *scene.Element) error) error {
	el0, ok := e.editedText()
	if !ok {
		return errf(ErrDisabled, "no text is being edited", "aucun texte n'est en cours de modification")
	}
	id := el0.ID
	e.out.textEdit, e.out.properties = true, true
	return e.change(label, merge, func(t *tx) error {
		el := t.touch(e, id)
		if err := fn(el); err != nil {
			return err
		}
		e.fitText(el)
		return nil
	})
}

func (e *Editor) replaceSelection(el *scene.Element, text string) error {
	from, to := e.text.ordered()
	runes := 0
	for i := range el.Paragraphs {
		runes += utf8.RuneCountInString(el.Paragraphs[i].Text())
	}
	if runes+utf8.RuneCountInString(text) > scene.MaxTextRunes {
		return errf(ErrInvalid, "a text holds at most %d characters", "un texte contient au plus %d caractères", scene.MaxTextRunes)
	}
	deleteRange(el, from, to)
	pos := insertText(el, from, text)
	e.text.anchor, e.text.focus, e.text.hasGoal = pos, pos, false
	return nil
}

func (e *Editor) textInsert(text string) error {
	if text == "" || !utf8.ValidString(text) {
		return nil
	}
	return e.editText(labelTyping, "type:"+e.text.id, func(el *scene.Element) error { return e.replaceSelection(el, text) })
}

func (e *Editor) textPaste(text string) error {
	if !utf8.ValidString(text) {
		return errf(ErrArgs, "the pasted text is not valid UTF-8", "le texte collé n'est pas en UTF-8 valide")
	}
	return e.editText(labelPaste, "", func(el *scene.Element) error { return e.replaceSelection(el, text) })
}

func (e *Editor) textCopy(cut bool) (any, error) {
	el, ok := e.editedText()
	if !ok {
		return nil, errf(ErrDisabled, "no text is being edited", "aucun texte n'est en cours de modification")
	}
	from, to := e.text.ordered()
	s := textBetween(el, from, to)
	if cut && !e.text.collapsed() {
		if err := e.editText(labelCutTxt, "", func(el *scene.Element) error { return e.replaceSelection(el, "") }); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (e *Editor) textDelete(forward, word bool) error {
	return e.editText(labelTyping, "type:"+e.text.id, func(el *scene.Element) error {
		s := e.text
		if !s.collapsed() {
			return e.replaceSelection(el, "")
		}
		pos := s.focus
		p := &el.Paragraphs[pos.Para]
		t := p.Text()
		from, to := pos, pos
		switch {
		case !forward && pos.Offset == 0 && p.List != scene.ListNone:
			p.List, p.Level = scene.ListNone, 0 // Backspace first ends the list item
			return nil
		case !forward && pos.Offset == 0:
			if pos.Para == 0 {
				return nil
			}
			from = TextPos{pos.Para - 1, paraLen(&el.Paragraphs[pos.Para-1])}
		case !forward && word:
			from.Offset = prevWord(t, pos.Offset)
		case !forward:
			// Backspace removes one code point of a cluster at a time only for marks typed
			// last; a whole character otherwise.
			from.Offset = prevChar(t, pos.Offset)
		case pos.Offset == len(t):
			if pos.Para == len(el.Paragraphs)-1 {
				return nil
			}
			to = TextPos{pos.Para + 1, 0}
		case word:
			to.Offset = nextWord(t, pos.Offset)
		default:
			to.Offset = nextChar(t, pos.Offset)
		}
		deleteRange(el, from, to)
		s.anchor, s.focus, s.hasGoal = from, from, false
		return nil
	})
}

func (e *Editor) textNewParagraph() error {
	return e.editText(labelTyping, "type:"+e.text.id, func(el *scene.Element) error {
		s := e.text
		if s.collapsed() {
			p := &el.Paragraphs[s.focus.Para]
			if p.List != scene.ListNone && paraLen(p) == 0 {
				p.List, p.Level = scene.ListNone, 0 // Enter on an empty item ends the list
				return nil
			}
		}
		if err := e.replaceSelection(el, ""); err != nil {
			return err
		}
		pos := splitParagraph(el, s.focus)
		s.anchor, s.focus = pos, pos
		return nil
	})
}

// textMove moves the caret: by char, word, line, lineEdge (Home/End), paragraph or all
// (start/end of the text); dir is −1 or 1; extend keeps the anchor (Shift).
func (e *Editor) textMove(by string, dir int, extend bool) error {
	el, ok := e.editedText()
	if !ok {
		return errf(ErrDisabled, "no text is being edited", "aucun texte n'est en cours de modification")
	}
	s := e.text
	pos := s.focus
	from, to := s.ordered()
	t := el.Paragraphs[pos.Para].Text()
	keepGoal := false
	switch by {
	case "char", "word":
		if !extend && !s.collapsed() && by == "char" {
			pos = to
			if dir < 0 {
				pos = from
			}
			break
		}
		if dir < 0 {
			switch {
			case pos.Offset > 0 && by == "word":
				pos.Offset = prevWord(t, pos.Offset)
			case pos.Offset > 0:
				pos.Offset = prevChar(t, pos.Offset)
			case pos.Para > 0:
				pos = TextPos{pos.Para - 1, paraLen(&el.Paragraphs[pos.Para-1])}
			}
		} else {
			switch {
			case pos.Offset < len(t) && by == "word":
				pos.Offset = nextWord(t, pos.Offset)
			case pos.Offset < len(t):
				pos.Offset = nextChar(t, pos.Offset)
			case pos.Para < len(el.Paragraphs)-1:
				pos = TextPos{pos.Para + 1, 0}
			}
		}
	case "line":
		c := e.layout.Caret(el, pos)
		x := c.X
		if s.hasGoal {
			x = s.goalX
		}
		s.goalX, keepGoal = x, true
		if dir < 0 {
			if c.Top <= 0.5 {
				pos = TextPos{}
			} else {
				pos = e.layout.HitTest(el, x, c.Top-0.5)
			}
		} else {
			if c.Bottom >= e.layout.Height(el)-0.5 {
				pos = endOfText(el)
			} else {
				pos = e.layout.HitTest(el, x, c.Bottom+0.5)
			}
		}
	case "lineEdge":
		c := e.layout.Caret(el, pos)
		pos = e.layout.HitTest(el, float64(dir)*1e7, (c.Top+c.Bottom)/2)
	case "paragraph":
		pos.Offset = 0
		if dir > 0 {
			pos.Offset = len(t)
		}
	case "all":
		pos = TextPos{}
		if dir > 0 {
			pos = endOfText(el)
		}
	default:
		return errf(ErrArgs, "unknown caret move %q", "déplacement du curseur inconnu %q", by)
	}
	s.focus = clampPos(el, pos)
	if !extend {
		s.anchor = s.focus
	}
	s.hasGoal = keepGoal
	e.out.textEdit, e.out.properties = true, true
	return nil
}

type textSelectArgs struct {
	Anchor *TextPos `json:"anchor"`
	Focus  *TextPos `json:"focus"`
	All    bool     `json:"all"`
	// Word selects the word at this position; Paragraph the paragraph.
	Word      *TextPos `json:"word"`
	Paragraph *int     `json:"paragraph"`
}

func (e *Editor) textSelect(a *textSelectArgs) error {
	el, ok := e.editedText()
	if !ok {
		return errf(ErrDisabled, "no text is being edited", "aucun texte n'est en cours de modification")
	}
	s := e.text
	switch {
	case a.All:
		s.anchor, s.focus = TextPos{}, endOfText(el)
	case a.Word != nil:
		p := clampPos(el, *a.Word)
		st, en := wordAt(el.Paragraphs[p.Para].Text(), p.Offset)
		s.anchor, s.focus = TextPos{p.Para, st}, TextPos{p.Para, en}
	case a.Paragraph != nil:
		pi := clampInt(*a.Paragraph, 0, len(el.Paragraphs)-1)
		s.anchor, s.focus = TextPos{pi, 0}, TextPos{pi, paraLen(&el.Paragraphs[pi])}
	default:
		if a.Focus != nil {
			s.focus = clampPos(el, *a.Focus)
		}
		if a.Anchor != nil {
			s.anchor = clampPos(el, *a.Anchor)
		} else if a.Focus != nil {
			s.anchor = s.focus
		}
	}
	s.hasGoal = false
	e.out.textEdit, e.out.properties = true, true
	return nil
}

// textPointerDown places the caret at a press inside the edited text (double click: word,
// triple click: paragraph, Shift: extend) and starts a drag selection.
func (e *Editor) textPointerDown(el *scene.Element, ev PointerEvent) {
	lx, ly := toLocal(el, ev.X, ev.Y)
	pos := clampPos(el, e.layout.HitTest(el, lx, ly))
	s := e.text
	switch {
	case ev.Clicks == 2:
		st, en := wordAt(el.Paragraphs[pos.Para].Text(), pos.Offset)
		s.anchor, s.focus = TextPos{pos.Para, st}, TextPos{pos.Para, en}
	case ev.Clicks >= 3:
		s.anchor, s.focus = TextPos{pos.Para, 0}, TextPos{pos.Para, paraLen(&el.Paragraphs[pos.Para])}
	case ev.Shift:
		s.focus = pos
	default:
		s.anchor, s.focus = pos, pos
	}
	s.hasGoal = false
	e.hist.breakMerge()
	e.out.textEdit, e.out.properties = true, true
	e.setState(&textSelectingState{})
}

// textSelecting: dragging across the edited text selects it.
type textSelectingState struct{}

func (*textSelectingState) name() string     { return "textSelecting" }
func (*textSelectingState) cancel(e *Editor) { e.setState(idleState{}) }

func (*textSelectingState) pointer(e *Editor, ev PointerEvent) {
	switch ev.Type {
	case "move":
		el, ok := e.editedText()
		if !ok {
			e.setState(idleState{})
			return
		}
		lx, ly := toLocal(el, ev.X, ev.Y)
		e.text.focus = clampPos(el, e.layout.HitTest(el, lx, ly))
		e.out.textEdit, e.out.properties = true, true
	case "up":
		e.setState(idleState{})
	}
}

// stylePatch is a change of character style: fields to set, or a toggle.
type stylePatch struct {
	Toggle        string            `json:"toggle"` // bold, italic, underline, strikethrough
	FontFamily    *string           `json:"fontFamily"`
	FontSize      *float64          `json:"fontSize"`
	FontWeight    *scene.FontWeight `json:"fontWeight"`
	Italic        *bool             `json:"italic"`
	Color         *string           `json:"color"`
	Underline     *bool             `json:"underline"`
	Strike        *bool             `json:"strikethrough"`
	LetterSpacing *float64          `json:"letterSpacing"`
	Link          *string           `json:"link"`
}

func (p *stylePatch) validate() error {
	bad := func(field, en, fr string) error {
		return &Error{Code: ErrInvalid, Path: field, Message: en, MessageFR: fr}
	}
	if p.FontSize != nil && !(*p.FontSize > 0 && *p.FontSize <= scene.MaxFontSize) {
		return bad("fontSize", "must be between 0 and 3000 points", "doit être compris entre 0 et 3000 points")
	}
	if p.FontWeight != nil && (*p.FontWeight < 1 || *p.FontWeight > 1000) {
		return bad("fontWeight", "must be between 1 and 1000", "doit être compris entre 1 et 1000")
	}
	if p.Color != nil {
		if _, err := scene.ParseColor(*p.Color); err != nil {
			return bad("color", "is not a colour", "n'est pas une couleur")
		}
	}
	if p.LetterSpacing != nil && (math.IsNaN(*p.LetterSpacing) || *p.LetterSpacing < -0.5 || *p.LetterSpacing > 5) {
		return bad("letterSpacing", "must be between -0.5 and 5", "doit être compris entre -0,5 et 5")
	}
	if p.FontFamily != nil && *p.FontFamily == "" {
		return bad("fontFamily", "is required", "est obligatoire")
	}
	switch p.Toggle {
	case "", "bold", "italic", "underline", "strikethrough":
	default:
		return bad("toggle", "unknown style toggle", "bascule de style inconnue")
	}
	return nil
}

// resolveToggle turns a toggle into a field value from the current style of the range.
func (p *stylePatch) resolveToggle(cur []scene.TextStyle) {
	all := func(f func(s scene.TextStyle) bool) bool {
		for _, s := range cur {
			if !f(s) {
				return false
			}
		}
		return len(cur) > 0
	}
	switch p.Toggle {
	case "bold":
		w := scene.WeightBold
		if all(func(s scene.TextStyle) bool { return s.FontWeight >= 600 }) {
			w = scene.WeightNormal
		}
		p.FontWeight = &w
	case "italic":
		v := !all(func(s scene.TextStyle) bool { return s.Italic })
		p.Italic = &v
	case "underline":
		v := !all(func(s scene.TextStyle) bool { return s.Underline })
		p.Underline = &v
	case "strikethrough":
		v := !all(func(s scene.TextStyle) bool { return s.Strike })
		p.Strike = &v
	}
	p.Toggle = ""
}

// override returns a run override: nil when the value is the element's own (so that runs
// merge again), else a new pointer (the old ones may be shared with the history's copies).
func override[T comparable](v, base T) *T {
	if v == base {
		return nil
	}
	return &v
}

// applyToRun sets the patch's fields on a run of an element whose own style is base.
func (p *stylePatch) applyToRun(r *scene.Run, base scene.TextStyle) {
	if p.FontFamily != nil {
		r.FontFamily = override(*p.FontFamily, base.FontFamily)
	}
	if p.FontSize != nil {
		r.FontSize = override(*p.FontSize, base.FontSize)
	}
	if p.FontWeight != nil {
		r.FontWeight = override(*p.FontWeight, base.FontWeight)
	}
	if p.Italic != nil {
		r.Italic = override(*p.Italic, base.Italic)
	}
	if p.Color != nil {
		r.Color = override(*p.Color, base.Color)
	}
	if p.Underline != nil {
		r.Underline = override(*p.Underline, base.Underline)
	}
	if p.Strike != nil {
		r.Strike = override(*p.Strike, base.Strike)
	}
	if p.LetterSpacing != nil {
		r.LetterSpacing = override(*p.LetterSpacing, base.LetterSpacing)
	}
	if p.Link != nil {
		r.Link = *p.Link
	}
}

// applyToElement sets the patch on a whole text element: its own style, with the runs'
// overrides of the same fields removed so that the whole text takes it.
func (p *stylePatch) applyToElement(el *scene.Element) {
	s := &el.TextStyle
	if p.FontFamily != nil {
		s.FontFamily = *p.FontFamily
	}
	if p.FontSize != nil {
		s.FontSize = *p.FontSize
	}
	if p.FontWeight != nil {
		s.FontWeight = *p.FontWeight
	}
	if p.Italic != nil {
		s.Italic = *p.Italic
	}
	if p.Color != nil {
		s.Color = *p.Color
	}
	if p.Underline != nil {
		s.Underline = *p.Underline
	}
	if p.Strike != nil {
		s.Strike = *p.Strike
	}
	if p.LetterSpacing != nil {
		s.LetterSpacing = *p.LetterSpacing
	}
	el.Paragraphs = cloneParagraphs(el.Paragraphs)
	for i := range el.Paragraphs {
		para := &el.Paragraphs[i]
		for j := range para.Runs {
			r := &para.Runs[j]
			if p.FontFamily != nil {
				r.FontFamily = nil
			}
			if p.FontSize != nil {
				r.FontSize = nil
			}
			if p.FontWeight != nil {
				r.FontWeight = nil
			}
			if p.Italic != nil {
				r.Italic = nil
			}
			if p.Color != nil {
				r.Color = nil
			}
			if p.Underline != nil {
				r.Underline = nil
			}
			if p.Strike != nil {
				r.Strike = nil
			}
			if p.LetterSpacing != nil {
				r.LetterSpacing = nil
			}
			if p.Link != nil {
				r.Link = *p.Link
			}
		}
		tidyRuns(para)
	}
}

func cloneParagraphs(ps []scene.Paragraph) []scene.Paragraph {
	out := make([]scene.Paragraph, len(ps))
	for i, p := range ps {
		out[i] = p
		out[i].Runs = append([]scene.Run(nil), p.Runs...)
	}
	return out
}

// rangeStyles returns the effective styles of the runs between from and to (the style at the
// caret when they are equal).
func rangeStyles(el *scene.Element, from, to TextPos) []scene.TextStyle {
	if !from.Less(to) {
		return []scene.TextStyle{styleAt(el, from)}
	}
	var out []scene.TextStyle
	for pi := from.Para; pi <= to.Para; pi++ {
		p := &el.Paragraphs[pi]
		pos := 0
		for _, r := range p.Runs {
			s, e := pos, pos+len(r.Text)
			pos = e
			if pi == from.Para && e <= from.Offset || pi == to.Para && s >= to.Offset {
				continue
			}
			if r.Text == "" && paraLen(p) > 0 {
				continue
			}
			out = append(out, r.Style(el.TextStyle))
		}
	}
	if len(out) == 0 {
		out = []scene.TextStyle{styleAt(el, from)}
	}
	return out
}

// textStyleCmd applies a style to the selected range of the edited text, or to the whole
// text when the selection is collapsed.
func (e *Editor) textStyleCmd(args json.RawMessage) error {
	var p stylePatch
	if err := decode(args, &p); err != nil {
		return err
	}
	if err := p.validate(); err != nil {
		return err
	}
	return e.editText(labelFormat, "", func(el *scene.Element) error {
		from, to := e.text.ordered()
		if e.text.collapsed() {
			p.resolveToggle(rangeStyles(el, TextPos{}, endOfText(el)))
			p.applyToElement(el)
			return nil
		}
		p.resolveToggle(rangeStyles(el, from, to))
		styleRange(el, from, to, func(r *scene.Run) { p.applyToRun(r, el.TextStyle) })
		return nil
	})
}

// toggleList sets (or, when every paragraph already has it, removes) a list kind on the
// paragraphs of the selected range, or of the selected text elements.
func (e *Editor) toggleList(kind scene.ListKind) error {
	if kind == "none" {
		kind = scene.ListNone
	}
	if kind != scene.ListNone && kind != scene.ListBullet && kind != scene.ListNumber {
		return errf(ErrArgs, "unknown list kind %q (bullet, number or none)", "type de liste inconnu %q (bullet, number ou none)", kind)
	}
	set := func(el *scene.Element, from, to int) {
		all := kind != scene.ListNone
		for i := from; i <= to; i++ {
			all = all && el.Paragraphs[i].List == kind
		}
		el.Paragraphs = cloneParagraphs(el.Paragraphs)
		for i := from; i <= to; i++ {
			if all {
				el.Paragraphs[i].List, el.Paragraphs[i].Level = scene.ListNone, 0
			} else {
				el.Paragraphs[i].List = kind
			}
		}
	}
	if e.text != nil {
		return e.editText(labelList, "", func(el *scene.Element) error {
			from, to := e.text.ordered()
			set(el, from.Para, to.Para)
			return nil
		})
	}
	texts := e.selectedTexts()
	e.out.properties = true
	return e.change(labelList, "", func(t *tx) error {
		for _, el := range texts {
			if el.Locked {
				continue
			}
			x := t.touch(e, el.ID)
			set(x, 0, len(x.Paragraphs)-1)
			e.fitText(x)
		}
		return nil
	})
}

func (e *Editor) textEditUpdate() (TextEditUpdate, bool) {
	el, ok := e.editedText()
	if !ok {
		return TextEditUpdate{}, false
	}
	s := e.text
	s.clamp(el)
	from, to := s.ordered()
	u := TextEditUpdate{ID: el.ID, Matrix: frame(el), Anchor: s.anchor, Focus: s.focus,
		Caret: e.layout.Caret(el, s.focus), Rects: e.layout.SelectionRects(el, from, to),
		Style: styleAt(el, s.focus), List: el.Paragraphs[s.focus.Para].List}
	if u.Rects == nil {
		u.Rects = []scene.Rect{}
	}
	return u, true
}
