package editor

import (
	"slices"
	"testing"

	"affiche/scene"
)

// wideLayout measures text as if its font were twice as tall as ApproxLayout's: it stands for
// the real layout once a font has arrived.
type wideLayout struct{ ApproxLayout }

func (w wideLayout) Height(el *scene.Element) float64 { return 2 * w.ApproxLayout.Height(el) }

func TestFontsChangedRemeasuresTexts(t *testing.T) {
	doc := fixtureDoc(t)
	mid := &scene.Element{ID: "mid", Type: scene.TypeText, X: 50, Y: 600, Width: 300, Height: 200, Opacity: 1,
		Paragraphs: scene.ParagraphsFromText("Au milieu"), VerticalAlign: scene.VAlignMiddle}
	lobster := "Lobster"
	other := &scene.Element{ID: "lob", Type: scene.TypeText, X: 400, Y: 600, Width: 150, Height: 20, Opacity: 1,
		TextStyle: scene.TextStyle{FontFamily: lobster}, Paragraphs: scene.ParagraphsFromText("Autre police")}
	doc.Pages[0].Elements = append(doc.Pages[0].Elements, mid, other)
	h := newHarness(t, doc)
	h.do("selection.select", `{"ids":["t"]}`)
	h.do("text.edit", `{"all":true}`)
	h.do("text.insert", `{"text":"Fête du village"}`) // measured with the approximate layout
	approx := h.el("t").Height
	x0, y0 := h.el("t").X, h.el("t").Y
	steps, rev := len(h.hist.undos), h.revision
	h.layout = wideLayout{} // the fonts have arrived

	h.msgs = nil
	res := h.do("document.fontsChanged", `{"families":["roboto"]}`).(FontsChangedResult)
	if !slices.Equal(res.Resized, []string{"t"}) {
		t.Errorf("resized %v, want [t]", res.Resized)
	}
	if got, want := h.el("t").Height, 2*(ApproxLayout{}).Height(h.el("t")); got != want || got == approx {
		t.Errorf("text height %g after the fonts arrived, want %g (was %g)", got, want, approx)
	}
	if h.el("t").X != x0 || h.el("t").Y != y0 {
		t.Errorf("the text box moved: (%g, %g) → (%g, %g)", x0, y0, h.el("t").X, h.el("t").Y)
	}
	if h.el("mid").Height != 200 {
		t.Errorf("a middle-aligned box changed height: %g", h.el("mid").Height)
	}
	if h.el("lob").Height != 20 {
		t.Errorf("a text in another family was re-measured: %g", h.el("lob").Height)
	}
	if len(h.hist.undos) != steps {
		t.Errorf("%d undo steps added, want none", len(h.hist.undos)-steps)
	}
	if h.revision == rev {
		t.Error("the document revision did not move: the new heights would not be autosaved")
	}
	if h.text == nil || h.text.id != "t" {
		t.Error("the text edit session ended")
	}
	inv, _ := h.last(MsgInvalidateElements).(Invalidation)
	// Only the resized box: the page itself re-renders what waited for the font.
	if !slices.Contains(inv.IDs, "t") || slices.Contains(inv.IDs, "mid") || slices.Contains(inv.IDs, "lob") || slices.Contains(inv.IDs, "a") {
		t.Errorf("invalidated %v, want t only", inv.IDs)
	}

	// Undo goes back over the typing, not over the new measure.
	h.do("cancel", "")
	h.do("history.undo", "")
	if got := h.el("t").Paragraphs[0].Text(); got == "Fête du village" && len(h.el("t").Paragraphs) == 1 {
		t.Errorf("undo did not take back the typing: %q", got)
	}

	// Without families every text is looked at; nothing left to resize is not an error.
	h.do("history.redo", "")
	h.msgs = nil
	res = h.do("document.fontsChanged", "").(FontsChangedResult)
	if !slices.Contains(res.Resized, "lob") || slices.Contains(res.Resized, "mid") {
		t.Errorf("second pass resized %v, want lob and not mid", res.Resized)
	}
	res = h.do("document.fontsChanged", `{"families":["Inconnue"]}`).(FontsChangedResult)
	if len(res.Resized) != 0 {
		t.Errorf("an unused family resized %v", res.Resized)
	}
}
