package main

import (
	"affiche/renderer/text"
	"affiche/scene"
	"affiche/wasm/editor"
)

// textLayout gives the editor the real text layout (renderer/text, the one every renderer
// draws), so the caret, selections and hit-tests match the pixels. Until an element's fonts
// have arrived it stands in with the editor's approximate layout.
type textLayout struct {
	fonts  *fontSet
	doc    func() *scene.Document // the document being edited (for its own fonts)
	approx editor.ApproxLayout
}

// layout returns the real layout, or nil while fonts are missing.
func (l *textLayout) layout(el *scene.Element) *text.Result {
	var doc *scene.Document
	if l.doc != nil {
		doc = l.doc()
	}
	if len(l.fonts.needs(doc, el)) > 0 {
		return nil
	}
	return text.Layout(el, l.fonts.reg)
}

// Height implements editor.TextLayout.
func (l *textLayout) Height(el *scene.Element) float64 {
	if r := l.layout(el); r != nil {
		return r.ContentHeight
	}
	return l.approx.Height(el)
}

// Caret implements editor.TextLayout.
func (l *textLayout) Caret(el *scene.Element, pos editor.TextPos) editor.CaretRect {
	if r := l.layout(el); r != nil {
		x, top, bottom := r.Caret(pos.Para, pos.Offset)
		return editor.CaretRect{X: x, Top: top, Bottom: bottom}
	}
	return l.approx.Caret(el, pos)
}

// HitTest implements editor.TextLayout.
func (l *textLayout) HitTest(el *scene.Element, x, y float64) editor.TextPos {
	if r := l.layout(el); r != nil {
		p, o := r.HitTest(x, y)
		return editor.TextPos{Para: p, Offset: o}
	}
	return l.approx.HitTest(el, x, y)
}

// SelectionRects implements editor.TextLayout.
func (l *textLayout) SelectionRects(el *scene.Element, from, to editor.TextPos) []scene.Rect {
	if r := l.layout(el); r != nil {
		return r.SelectionRects(from.Para, from.Offset, to.Para, to.Offset)
	}
	return l.approx.SelectionRects(el, from, to)
}
