package e2e

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}

// plainText joins the runs of a text element's paragraphs.
func plainText(el map[string]any) string {
	var paras []string
	for _, p := range el["paragraphs"].([]any) {
		var b strings.Builder
		switch p := p.(type) {
		case string:
			b.WriteString(p)
		case map[string]any:
			for _, r := range p["runs"].([]any) {
				b.WriteString(r.(map[string]any)["text"].(string))
			}
		}
		paras = append(paras, b.String())
	}
	return strings.Join(paras, "\n")
}

// TestAddAndEditText adds a heading from the left bar, edits it in place (accents, a new
// paragraph, bold on a selection) and checks the document and the text input.
func TestAddAndEditText(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-title"]`)
	a.shot("title-added")
	els := a.elements(0)
	if len(els) != 1 || els[0]["type"] != "text" {
		t.Fatalf("after adding a title: %v", els)
	}
	el := els[0]
	cx, cy := a.toScreen(num(el["x"])+num(el["width"])/2, num(el["y"])+num(el["height"])/2)
	a.dblclick(cx, cy)
	var editing bool
	a.eval(`afficheDebug.input.textInput.active && document.activeElement.id === 'text-input'`, &editing)
	if !editing {
		a.shot("not-editing")
		t.Fatal("double-click did not start editing the text (or the text input has no focus)")
	}
	a.key("a", chromedp.ModifierCtrl) // select all the text
	a.typeText("Fête de la musique")
	a.key("\r")
	a.typeText("Samedi 21 juin — entrée libre")
	a.shot("typed")
	a.key("\x1b") // Escape ends editing
	a.shot("done")
	els = a.elements(0)
	if got, want := plainText(els[0]), "Fête de la musique\nSamedi 21 juin — entrée libre"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	// The element grew to hold two lines of its own font size.
	if h := num(els[0]["height"]); h < 1.8*num(els[0]["fontSize"]) {
		t.Errorf("height %.1f for two lines of %.1f pt", h, num(els[0]["fontSize"]))
	}
	// Undo goes back to the placeholder text in one step (the typing burst).
	a.key("z", chromedp.ModifierCtrl)
	els = a.elements(0)
	if got := plainText(els[0]); strings.Contains(got, "musique") {
		t.Errorf("after one undo the text is still %q", got)
	}
	a.key("z", chromedp.ModifierCtrl, chromedp.ModifierShift)
	if got := plainText(a.elements(0)[0]); !strings.Contains(got, "entrée libre") {
		t.Errorf("redo gave %q", got)
	}
	_ = math.Abs
}

// box returns an element's geometry.
func box(el map[string]any) (x, y, w, h, rot float64) {
	return num(el["x"]), num(el["y"]), num(el["width"]), num(el["height"]), num(el["rotation"])
}

// handle returns the window position of a selection handle from the overlay Go sent.
func (a *app) handle(name string) (float64, float64) {
	a.t.Helper()
	var p []float64
	a.eval(`(() => { const h = (afficheDebug.overlay.data.handles || []).find(h => h.name === '`+name+`'); return h ? [h.x, h.y] : null; })()`, &p)
	if len(p) != 2 {
		a.shot("no-handle")
		a.t.Fatalf("no %s handle on the selection", name)
	}
	return a.toScreen(p[0], p[1])
}

// TestMoveResizeRotate adds a rectangle, then moves, resizes and rotates it with the mouse;
// every gesture is one undo step.
func TestMoveResizeRotate(t *testing.T) {
	a := open(t)
	a.click(`#tab-shapes`)
	a.click(`#shape-grid button:first-child`)
	x0, y0, w0, h0, _ := box(a.elements(0)[0])
	var zoom float64
	a.eval(`afficheDebug.compositor.camera.zoom`, &zoom)

	// Move: drag from the centre by (+120, +80) CSS px.
	cx, cy := a.toScreen(x0+w0/2, y0+h0/2)
	a.drag(cx, cy, cx+120, cy+80, 0)
	a.shot("moved")
	x1, y1, _, _, _ := box(a.elements(0)[0])
	if math.Abs(x1-x0-120/zoom) > 8/zoom || math.Abs(y1-y0-80/zoom) > 8/zoom {
		t.Errorf("moved to (%.1f, %.1f) from (%.1f, %.1f), want about +(%.1f, %.1f) (snapping allows a few px)", x1, y1, x0, y0, 120/zoom, 80/zoom)
	}

	// Resize from the bottom-right handle.
	hx, hy := a.handle("se")
	a.drag(hx, hy, hx+60, hy+40, 0)
	a.shot("resized")
	_, _, w2, h2, _ := box(a.elements(0)[0])
	if w2 <= w0+30/zoom || h2 <= h0+20/zoom {
		t.Errorf("resized to %.1f × %.1f from %.1f × %.1f", w2, h2, w0, h0)
	}

	// Rotate with the rotation handle, Shift snapping to 15° steps.
	rx, ry := a.handle("rotate")
	x2, y2, _, _, _ := box(a.elements(0)[0])
	ccx, ccy := a.toScreen(x2+w2/2, y2+h2/2)
	// Drag the handle a quarter turn around the centre.
	r := math.Hypot(rx-ccx, ry-ccy)
	a.drag(rx, ry, ccx-r, ccy, chromedp.ModifierShift)
	a.shot("rotated")
	_, _, _, _, rot := box(a.elements(0)[0])
	if math.Mod(math.Abs(rot), 15) > 0.01 || rot == 0 {
		t.Errorf("rotation %.2f°, want a non-zero multiple of 15°", rot)
	}

	// Three gestures, three undo steps, back to the start.
	for i := 0; i < 3; i++ {
		a.key("z", chromedp.ModifierCtrl)
	}
	x3, y3, w3, h3, rot3 := box(a.elements(0)[0])
	if x3 != x0 || y3 != y0 || w3 != w0 || h3 != h0 || rot3 != 0 {
		t.Errorf("after three undos: %.1f %.1f %.1f %.1f %.1f°, want %.1f %.1f %.1f %.1f 0°", x3, y3, w3, h3, rot3, x0, y0, w0, h0)
	}
	a.shot("undone")
}

// TestSnapAndGroup drags a shape next to another one and checks it snaps to its edge, then
// groups and ungroups them with the keyboard.
func TestSnapAndGroup(t *testing.T) {
	a := open(t)
	a.click(`#tab-shapes`)
	a.click(`#shape-grid button:nth-child(3)`) // circle
	a.click(`#shape-grid button:nth-child(1)`) // rectangle, on top, at the same centre
	els := a.elements(0)
	if len(els) != 2 {
		t.Fatalf("%d elements", len(els))
	}
	var zoom float64
	a.eval(`afficheDebug.compositor.camera.zoom`, &zoom)
	ex, ey, ew, eh, _ := box(els[0])
	rx, ry, rw, rh, _ := box(els[1])
	// Drag the rectangle so that its left edge lands 3 px (screen) right of the circle's left edge.
	cx, cy := a.toScreen(rx+rw/2, ry+rh/2)
	want := ex - rx // distance to travel for the left edges to meet
	a.drag(cx, cy, cx+want*zoom+3, cy+250, 0)
	var guides int
	a.eval(`0`, &guides)
	a.shot("snapped")
	nx, _, _, _, _ := box(a.elements(0)[1])
	if math.Abs(nx-ex) > 0.01 {
		t.Errorf("left edge at %.2f, want it snapped to the circle's %.2f", nx, ex)
	}
	_ = ey + ew + eh

	a.key("a", chromedp.ModifierCtrl)
	a.key("g", chromedp.ModifierCtrl)
	els = a.elements(0)
	if len(els) != 1 || els[0]["type"] != "group" || len(els[0]["children"].([]any)) != 2 {
		t.Fatalf("after Ctrl+G: %d elements, first %v", len(els), els[0]["type"])
	}
	a.shot("grouped")
	a.key("g", chromedp.ModifierCtrl, chromedp.ModifierShift)
	if els = a.elements(0); len(els) != 2 {
		t.Errorf("after Ctrl+Shift+G: %d elements, want 2", len(els))
	}
}

// TestZoomAndPan zooms with Ctrl+wheel around the pointer, pans with the wheel, and checks
// that the elements are drawn sharp again at the new zoom (the visible ones first).
func TestZoomAndPan(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-title"]`)
	var before struct{ Zoom, PanX, PanY float64 }
	a.eval(`afficheDebug.compositor.camera`, &before)
	el := a.elements(0)[0]
	cx, cy := a.toScreen(num(el["x"])+num(el["width"])/2, num(el["y"])+num(el["height"])/2)
	wheel := func(dy float64, mods chromedp.Modifier) {
		if _, err := chromedp.Call(a.ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{
			Type: chromedp.MouseWheel, X: cx, Y: cy, DeltaX: 1e-6, DeltaY: dy, Modifiers: int64(mods)}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond)
	}
	for i := 0; i < 5; i++ {
		wheel(-100, chromedp.ModifierCtrl)
	}
	a.idle()
	time.Sleep(200 * time.Millisecond)
	a.idle()
	var after struct{ Zoom, PanX, PanY float64 }
	a.eval(`afficheDebug.compositor.camera`, &after)
	if after.Zoom < before.Zoom*1.5 {
		t.Errorf("zoom %.2f → %.2f after Ctrl+wheel up, want it much larger", before.Zoom, after.Zoom)
	}
	// The point under the pointer stays under the pointer.
	nx, ny := a.toScreen(num(el["x"])+num(el["width"])/2, num(el["y"])+num(el["height"])/2)
	if math.Abs(nx-cx) > 2 || math.Abs(ny-cy) > 2 {
		t.Errorf("the text's centre moved from (%.0f, %.0f) to (%.0f, %.0f) while zooming on it", cx, cy, nx, ny)
	}
	var sharp bool
	a.eval(`(() => { const c = afficheDebug.compositor; const e = c.entries.get(c.list[0]); return Math.abs(e.scale - c.targetScale()) < 1e-6; })()`, &sharp)
	if !sharp {
		t.Error("after zooming the text was not drawn again at the new scale")
	}
	a.shot("zoomed")
	wheel(120, 0)
	var panned struct{ PanY float64 }
	a.eval(`afficheDebug.compositor.camera`, &panned)
	if panned.PanY >= after.PanY {
		t.Errorf("wheel down did not scroll the page up (panY %.0f → %.0f)", after.PanY, panned.PanY)
	}
}

// TestStyleSelectedWords selects a word while editing and makes it bold from the toolbar: the
// run gets the weight, the rest of the text keeps its own; then a bulleted list.
func TestStyleSelectedWords(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-body"]`)
	el := a.elements(0)[0]
	cx, cy := a.toScreen(num(el["x"])+num(el["width"])/2, num(el["y"])+num(el["height"])/2)
	a.dblclick(cx, cy)
	a.key("a", chromedp.ModifierCtrl)
	a.typeText("Concert gratuit")
	for i := 0; i < 7; i++ {
		a.key(kb.ArrowLeft, chromedp.ModifierShift) // Shift+← selects "gratuit"
	}
	a.eval(`document.querySelector('#ctx-bar button[aria-label="Gras"]') !== null`, nil)
	a.click(`#ctx-bar button[aria-label="Gras"]`)
	a.shot("bold-word")
	var focus string
	a.eval(`document.activeElement.id`, &focus)
	if focus != "text-input" {
		t.Errorf("after the toolbar click the focus is on %q, not the text", focus)
	}
	paras := a.elements(0)[0]["paragraphs"].([]any)
	runs := paras[0].(map[string]any)["runs"].([]any)
	var bold, plain string
	for _, r := range runs {
		r := r.(map[string]any)
		if num(r["fontWeight"]) >= 700 {
			bold += r["text"].(string)
		} else {
			plain += r["text"].(string)
		}
	}
	if bold != "gratuit" || plain != "Concert " {
		t.Errorf("bold %q, plain %q; want bold \"gratuit\"", bold, plain)
	}
	a.click(`#ctx-bar button[aria-label="Liste à puces"]`)
	if l := a.elements(0)[0]["paragraphs"].([]any)[0].(map[string]any)["list"]; l != "bullet" {
		t.Errorf("list %v after the bullets button", l)
	}
	a.key("\x1b")
	a.shot("bullets")
}

// TestTypingIMEAndPaste types through an input method (composition, as for accents with dead
// keys or Asian scripts) and pastes rich text: only plain text arrives, at the caret.
func TestTypingIMEAndPaste(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-body"]`)
	el := a.elements(0)[0]
	cx, cy := a.toScreen(num(el["x"])+num(el["width"])/2, num(el["y"])+num(el["height"])/2)
	a.dblclick(cx, cy)
	a.key("a", chromedp.ModifierCtrl)
	a.typeText("f")
	// A composition: the IME shows "e", then "ê", then commits "ê".
	for _, step := range []string{"e", "ê"} {
		if _, err := chromedp.Call(a.ctx, input.ImeSetComposition, input.ImeSetCompositionParams{Text: step, SelectionStart: int64(len([]rune(step))), SelectionEnd: int64(len([]rune(step)))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.Call(a.ctx, input.InsertText, input.InsertTextParams{Text: "ê"}); err != nil {
		t.Fatal(err)
	}
	a.typeText("te")
	a.eval(`(() => { const dt = new DataTransfer(); dt.setData('text/html', '<b>du</b> village'); dt.setData('text/plain', ' du village');
		document.getElementById('text-input').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})); return true; })()`, nil)
	a.idle()
	a.key(kb.Escape)
	el = a.elements(0)[0]
	if got := plainText(el); got != "fête du village" {
		t.Errorf("text %q, want %q", got, "fête du village")
	}
	for _, p := range el["paragraphs"].([]any) {
		for _, r := range p.(map[string]any)["runs"].([]any) {
			if w := num(r.(map[string]any)["fontWeight"]); w >= 700 {
				t.Errorf("pasted text kept a bold style: %v", r)
			}
		}
	}
	a.shot("typed")
}

// TestPressAfterDragIsAFirstClick: presses are counted into double and triple clicks by time
// and distance; a press that became a drag, a key or a click elsewhere ends the series, so
// grabbing a text right after a double click drags it instead of editing it (this made the
// poster journey lose its typing when the machine was slow).
func TestPressAfterDragIsAFirstClick(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-title"]`)
	el := a.elements(0)[0]
	cx, cy := a.toScreen(num(el["x"])+num(el["width"])/2, num(el["y"])+num(el["height"])/2)
	var counts []int
	a.eval(`(() => { window.__clicks = []; const p = affiche.pointer; affiche.pointer = (j) => { const e = JSON.parse(j); if (e.type === 'down') __clicks.push(e.clicks); return p(j); }; return true; })()`, nil)
	a.dblclick(cx, cy)           // presses 1 and 2
	a.key("\x1b")                // a key ends the series
	a.drag(cx, cy, cx, cy+40, 0) // a first press, then a drag
	a.dblclick(cx, cy+40)        // the drag ended the series: 1 and 2 again
	a.eval(`__clicks`, &counts)
	if want := []int{1, 2, 1, 1, 2}; !slices.Equal(counts, want) {
		t.Fatalf("click counts %v, want %v", counts, want)
	}
	var editing bool
	a.eval(`afficheDebug.input.textInput.active && document.activeElement.id === 'text-input'`, &editing)
	if !editing {
		t.Fatal("the double click after the drag did not edit the text")
	}
}
