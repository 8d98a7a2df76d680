package e2e

import (
	"math"
	"testing"
)

// pageWidth is the width of page i of a saved document (its own, or the document's default).
func pageWidth(d map[string]any, i int) float64 {
	if w := num(d["pages"].([]any)[i].(map[string]any)["width"]); w > 0 {
		return w
	}
	return num(d["width"])
}

// TestPageSizeScalesContent turns an A4 page holding a title into an A3 poster from the Page
// panel: by default the design grows with the page (font size and position scaled by √2, the
// title still centred); undo brings everything back; with "Keep the layout" chosen (and
// remembered after a reload) the title stays where it was.
func TestPageSizeScalesContent(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-title"]`)
	a.key("\x1b")
	before := a.elements(0)[0]
	x0, y0, w0, f0 := num(before["x"]), num(before["y"]), num(before["width"]), num(before["fontSize"])
	if pw := pageWidth(a.doc(), 0); math.Abs(pw-595.28) > 0.1 || f0 <= 0 {
		t.Fatalf("start: page %v pt wide, title %v pt", pw, f0)
	}

	a.click(`#tab-page`)
	var scaleChecked bool
	a.eval(`document.querySelector('#page-content input[value="scale"]').checked`, &scaleChecked)
	if !scaleChecked {
		t.Fatal(`"Adapter le contenu" is not the default choice`)
	}
	a.shot("page-panel")
	a.click(`#size-list [data-size="a3"]`)
	d := a.doc()
	if pw := pageWidth(d, 0); math.Abs(pw-841.89) > 0.1 {
		t.Fatalf("page width after A3: %v", pw)
	}
	s := math.Min(841.89/595.28, 1190.55/841.89)
	after := a.elements(0)[0]
	x1, y1, w1, f1 := num(after["x"]), num(after["y"]), num(after["width"]), num(after["fontSize"])
	if math.Abs(f1-f0*s) > 0.01 || math.Abs(w1-w0*s) > 0.01 {
		t.Errorf("title %v pt, %v wide after A3; want %v pt, %v wide", f1, w1, f0*s, w0*s)
	}
	if x1 <= x0 || y1 <= y0 || math.Abs(x1+w1/2-841.89/2) > 1 {
		t.Errorf("title at %v,%v (centre %v) after A3, was at %v,%v", x1, y1, x1+w1/2, x0, y0)
	}
	a.shot("a3-scaled")

	// Undo from the top bar: the page and the title are back exactly.
	a.click(`#undo`)
	back := a.elements(0)[0]
	if pw := pageWidth(a.doc(), 0); math.Abs(pw-595.28) > 0.1 {
		t.Errorf("page width after undo: %v", pw)
	}
	if num(back["x"]) != x0 || num(back["y"]) != y0 || num(back["width"]) != w0 || num(back["fontSize"]) != f0 {
		t.Errorf("after undo the title is %v,%v %v wide %v pt; was %v,%v %v wide %v pt",
			back["x"], back["y"], back["width"], back["fontSize"], x0, y0, w0, f0)
	}

	// "Garder la disposition": the page grows, the title stays; the choice survives a reload.
	a.click(`#page-content label[data-content="keep"]`)
	a.click(`#size-list [data-size="a3"]`)
	kept := a.elements(0)[0]
	if pw := pageWidth(a.doc(), 0); math.Abs(pw-841.89) > 0.1 {
		t.Errorf("page width after A3 (keep): %v", pw)
	}
	if num(kept["x"]) != x0 || num(kept["y"]) != y0 || num(kept["fontSize"]) != f0 {
		t.Errorf("keep the layout moved the title to %v,%v %v pt", kept["x"], kept["y"], kept["fontSize"])
	}
	a.shot("a3-kept")
	a.load()
	a.click(`#tab-page`)
	var keepChecked bool
	a.eval(`document.querySelector('#page-content input[value="keep"]').checked`, &keepChecked)
	if !keepChecked {
		t.Error(`"Garder la disposition" is not remembered after a reload`)
	}

	// A poster with a full-page photo-like backdrop, a band, a title and a framed circle,
	// turned into a square post: the backdrop still covers the page, the rest is scaled by
	// 1080/841.89 and centred.
	a.click(`#page-content label[data-content="scale"]`)
	a.dispatch("document.load", map[string]any{"json": posterJSON})
	a.idle()
	a.shot("poster-a4")
	a.click(`#size-list [data-size="square"]`)
	els := a.elements(0)
	if len(els) != 4 {
		t.Fatalf("%d elements after the square", len(els))
	}
	k := 1080 / 841.89
	if bg := els[0]; num(bg["x"]) != 0 || num(bg["y"]) != 0 || math.Abs(num(bg["width"])-1080) > 0.01 || math.Abs(num(bg["height"])-1080) > 0.01 {
		t.Errorf("backdrop %v,%v %vx%v on the square page", bg["x"], bg["y"], bg["width"], bg["height"])
	}
	if title := els[2]; math.Abs(num(title["fontSize"])-64*k) > 0.01 || math.Abs(num(title["x"])-((1080-595.28*k)/2+40*k)) > 0.01 {
		t.Errorf("title %v pt at x %v", title["fontSize"], title["x"])
	}
	if ring := els[3]; math.Abs(num(ring["stroke"].(map[string]any)["width"])-6*k) > 0.01 {
		t.Errorf("ring stroke %v", ring["stroke"])
	}
	a.shot("poster-square")
}

// posterJSON is an A4 poster: a backdrop rectangle covering the page, a band, a title and a
// circle with a thick border.
const posterJSON = `{"format":"affiche","version":1,"width":595.28,"height":841.89,"pages":[{"id":"p1","elements":[
{"id":"bg","type":"shape","shape":"rect","x":0,"y":0,"width":595.28,"height":841.89,"fill":"linear-gradient(180deg, #fff3bf, #ffd8a8)"},
{"id":"band","type":"shape","shape":"rect","x":40,"y":60,"width":515.28,"height":150,"cornerRadius":18,"fill":"#1864ab"},
{"id":"title","type":"text","x":40,"y":90,"width":515.28,"height":80,"fontSize":64,"fontWeight":700,"color":"#ffffff","align":"center","text":"Fête du village"},
{"id":"ring","type":"shape","shape":"ellipse","x":172.64,"y":330,"width":250,"height":250,"fill":"#ffffff","stroke":{"color":"#e8590c","width":6}}
]}]}`
