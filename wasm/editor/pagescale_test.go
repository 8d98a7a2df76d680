package editor

import (
	"encoding/json"
	"math"
	"testing"

	"affiche/scene"
)

// scaleDoc is an A4 page holding one element of each kind with absolute lengths to scale.
func scaleDoc(t *testing.T) *scene.Document {
	t.Helper()
	big := 40.0
	styled := &scene.Element{ID: "title", Type: scene.TypeText, X: 60, Y: 80, Width: 400, Height: 50, Opacity: 1,
		TextStyle:  scene.TextStyle{FontSize: 30, LetterSpacing: 0.1},
		Background: &scene.TextBackground{Color: "#ffee00", Opacity: 1, Padding: 6, CornerRadius: 4},
		Paragraphs: []scene.Paragraph{{Runs: []scene.Run{{Text: "Fête "}, {Text: "du village", FontSize: &big}}}, {Runs: []scene.Run{{Text: "Samedi 14 juin"}}}}}
	middle := &scene.Element{ID: "mid", Type: scene.TypeText, X: 60, Y: 600, Width: 300, Height: 120, Opacity: 1,
		VerticalAlign: scene.VAlignMiddle, Paragraphs: scene.ParagraphsFromText("Au centre")}
	box := rect("box", 100, 300, 200, 100)
	box.Stroke = &scene.Stroke{Color: "#000000", Width: 4, Dash: []float64{2, 1}}
	box.CornerRadius = 12
	box.Shadow = &scene.Shadow{Color: "#000000", Blur: 8, OffsetX: 2, OffsetY: 4, Opacity: 0.5}
	box.Rotation = 30
	line := &scene.Element{ID: "line", Type: scene.TypeLine, X: 50, Y: 500, Width: 300, Height: 12, Opacity: 1,
		Stroke: &scene.Stroke{Color: "#000000", Width: 2}, EndHead: scene.HeadArrow}
	photo := &scene.Element{ID: "photo", Type: scene.TypeImage, X: 350, Y: 450, Width: 200, Height: 150, Opacity: 1,
		Src: "https://example.org/p.jpg", Crop: &scene.Rect{X: 0.1, Y: 0.2, Width: 0.5, Height: 0.5},
		Filters: &scene.Filters{Blur: 3, Brightness: 0.2}, CornerRadius: 10}
	g := &scene.Element{ID: "g", Type: scene.TypeGroup, Opacity: 1, Children: []*scene.Element{
		rect("g1", 300, 100, 40, 40),
		{ID: "g2", Type: scene.TypeShape, Shape: scene.ShapeEllipse, X: 360, Y: 120, Width: 40, Height: 60, Opacity: 1,
			Fill: scene.Solid("tomato"), Stroke: &scene.Stroke{Color: "#000000", Width: 3}}}}
	back := rect("back", 0, 0, scene.DefaultPageWidth, scene.DefaultPageHeight)
	return testDoc(t, back, box, line, photo, g, styled, middle)
}

// scaledCentre is where a point of the old page lands: scaled by s, the old page centred on
// the new one.
func scaledPoint(x, y, s, ow, oh, nw, nh float64) (float64, float64) {
	return (nw-ow*s)/2 + x*s, (nh-oh*s)/2 + y*s
}

func nearly(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

func TestPageSizeScalesContent(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   string
		nw, nh float64
	}{
		{"a3", `{"preset":"a3","content":"scale"}`, scene.MM(297), scene.MM(420)},
		{"square", `{"preset":"square","content":"scale"}`, 1080, 1080},
		{"landscape smaller", `{"width":400,"height":200,"content":"scale"}`, 400, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, scaleDoc(t))
			ow, oh := h.doc.PageSize(0)
			before := h.json()
			old := map[string]*scene.Element{}
			for _, id := range []string{"back", "box", "line", "photo", "g", "g1", "g2", "title", "mid"} {
				old[id] = h.el(id).Clone()
			}
			steps := len(h.hist.undos)
			h.do("page.setSize", tc.args)
			if got := len(h.hist.undos) - steps; got != 1 {
				t.Fatalf("%d undo steps, want 1", got)
			}
			if w, hh := h.doc.PageSize(0); !nearly(w, tc.nw) || !nearly(hh, tc.nh) {
				t.Fatalf("page %vx%v", w, hh)
			}
			s := math.Min(tc.nw/ow, tc.nh/oh)

			// Every non-backdrop box: centre mapped, sides scaled, rotation kept.
			for _, id := range []string{"box", "line", "photo", "g1", "g2"} {
				o, n := old[id], h.el(id)
				cx, cy := scaledPoint(o.X+o.Width/2, o.Y+o.Height/2, s, ow, oh, tc.nw, tc.nh)
				if !nearly(n.X+n.Width/2, cx) || !nearly(n.Y+n.Height/2, cy) || !nearly(n.Width, o.Width*s) ||
					!nearly(n.Height, o.Height*s) || n.Rotation != o.Rotation {
					t.Errorf("%s: box %v,%v %vx%v rot %v; want centre %v,%v size %vx%v", id, n.X, n.Y, n.Width, n.Height, n.Rotation,
						cx, cy, o.Width*s, o.Height*s)
				}
			}
			// Lengths drawn inside the boxes.
			box := h.el("box")
			if !nearly(box.Stroke.Width, 4*s) || !nearly(box.CornerRadius, 12*s) || box.Stroke.Dash[0] != 2 ||
				!nearly(box.Shadow.Blur, 8*s) || !nearly(box.Shadow.OffsetX, 2*s) || !nearly(box.Shadow.OffsetY, 4*s) || box.Shadow.Opacity != 0.5 {
				t.Errorf("box content: stroke %+v radius %v shadow %+v", box.Stroke, box.CornerRadius, box.Shadow)
			}
			if l := h.el("line"); !nearly(l.Stroke.Width, 2*s) || l.EndHead != scene.HeadArrow {
				t.Errorf("line stroke %v", l.Stroke.Width)
			}
			if p := h.el("photo"); !nearly(p.Filters.Blur, 3*s) || p.Filters.Brightness != 0.2 || *p.Crop != *old["photo"].Crop ||
				!nearly(p.CornerRadius, 10*s) {
				t.Errorf("photo filters %+v crop %+v radius %v", p.Filters, p.Crop, p.CornerRadius)
			}
			if g2 := h.el("g2"); !nearly(g2.Stroke.Width, 3*s) {
				t.Errorf("group child stroke %v", g2.Stroke.Width)
			}
			// The group's box is the bounds of its scaled children.
			g, b := h.el("g"), h.el("g").Bounds()
			if !nearly(g.X, b.X) || !nearly(g.Y, b.Y) || !nearly(g.Width, b.Width) || !nearly(g.Height, b.Height) {
				t.Errorf("group box %v,%v %vx%v, children bounds %+v", g.X, g.Y, g.Width, g.Height, b)
			}
			gx, gy := scaledPoint(old["g"].X, old["g"].Y, s, ow, oh, tc.nw, tc.nh)
			if !nearly(g.X, gx) || !nearly(g.Y, gy) || !nearly(g.Width, old["g"].Width*s) {
				t.Errorf("group at %v,%v %v wide, want %v,%v %v", g.X, g.Y, g.Width, gx, gy, old["g"].Width*s)
			}

			// Text: every size scaled, relative values kept, top-aligned box measured again.
			title := h.el("title")
			if !nearly(title.FontSize, 30*s) || !nearly(*title.Paragraphs[0].Runs[1].FontSize, 40*s) ||
				title.Paragraphs[0].Runs[0].FontSize != nil || title.LetterSpacing != 0.1 {
				t.Errorf("title sizes %v / %v, letter spacing %v", title.FontSize, *title.Paragraphs[0].Runs[1].FontSize, title.LetterSpacing)
			}
			if !nearly(title.Background.Padding, 6*s) || !nearly(title.Background.CornerRadius, 4*s) {
				t.Errorf("text background %+v", title.Background)
			}
			if want := math.Max(h.layout.Height(title), minSize); !nearly(title.Height, want) {
				t.Errorf("title height %v, its text is %v tall", title.Height, want)
			}
			tx, ty := scaledPoint(60, 80, s, ow, oh, tc.nw, tc.nh)
			if !nearly(title.X, tx) || !nearly(title.Y, ty) || !nearly(title.Width, 400*s) {
				t.Errorf("title at %v,%v %v wide, want %v,%v %v", title.X, title.Y, title.Width, tx, ty, 400*s)
			}
			// A middle-aligned box keeps its scaled height (its text is shorter) and its centre.
			mid := h.el("mid")
			mcx, mcy := scaledPoint(60+150, 600+60, s, ow, oh, tc.nw, tc.nh)
			if !nearly(mid.Height, 120*s) || !nearly(mid.Y+mid.Height/2, mcy) || !nearly(mid.X+mid.Width/2, mcx) {
				t.Errorf("middle text %v,%v %vx%v", mid.X, mid.Y, mid.Width, mid.Height)
			}

			// The backdrop still covers the page exactly.
			if bk := h.el("back"); !nearly(bk.X, 0) || !nearly(bk.Y, 0) || !nearly(bk.Width, tc.nw) || !nearly(bk.Height, tc.nh) {
				t.Errorf("backdrop %v,%v %vx%v on a %vx%v page", bk.X, bk.Y, bk.Width, bk.Height, tc.nw, tc.nh)
			}

			// Everything loads again (no field out of the format's limits).
			after := h.json()
			if _, _, err := scene.Restore([]byte(after)); err != nil {
				t.Fatalf("scaled document does not load: %v", err)
			}
			h.do("history.undo", "")
			if got := h.json(); got != before {
				t.Fatalf("undo does not restore the document:\n%s\nwant\n%s", got, before)
			}
			h.do("history.redo", "")
			if got := h.json(); got != after {
				t.Fatal("redo differs from the change")
			}
		})
	}
}

// TestPageSizeKeepContent: without content (or with "keep") the elements do not move.
func TestPageSizeKeepContent(t *testing.T) {
	for _, args := range []string{`{"preset":"a3"}`, `{"preset":"a3","content":"keep"}`} {
		h := newHarness(t, scaleDoc(t))
		els, _ := json.Marshal(h.CurrentPage().Elements)
		h.do("page.setSize", args)
		if w, _ := h.doc.PageSize(0); !nearly(w, scene.MM(297)) {
			t.Fatalf("%s: width %v", args, w)
		}
		if got, _ := json.Marshal(h.CurrentPage().Elements); string(got) != string(els) {
			t.Errorf("%s moved elements", args)
		}
	}
	h := newHarness(t, scaleDoc(t))
	before := h.json()
	_, err := h.Dispatch("page.setSize", json.RawMessage(`{"preset":"a3","content":"stretch"}`))
	if e, ok := err.(*Error); !ok || e.Code != ErrInvalid || e.Path != "content" || e.MessageFR == "" {
		t.Fatalf("unknown content value: %v", err)
	}
	if h.json() != before {
		t.Fatal("a refused setSize changed the document")
	}
}

// TestPageSizeScaleAllPages: with all, every page is scaled from its own size; without it only
// the named page, others untouched.
func TestPageSizeScaleAllPages(t *testing.T) {
	d := scaleDoc(t)
	d.Pages = append(d.Pages, &scene.Page{ID: "page2", Width: 1080, Height: 1080,
		Elements: []*scene.Element{rect("p2", 540-50, 540-50, 100, 100)}})
	if _, err := scene.Normalize(d); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, d)
	before := h.json()
	p2 := h.el("p2").Clone()
	h.do("page.setSize", `{"id":"page1","preset":"a3","content":"scale"}`)
	if got := h.el("p2"); *got.Fill != *p2.Fill || got.X != p2.X || got.Width != p2.Width {
		t.Fatal("resizing page 1 moved an element of page 2")
	}
	if w, _ := h.doc.PageSize(1); w != 1080 {
		t.Fatalf("page 2 width %v", w)
	}
	h.do("history.undo", "")
	if h.json() != before {
		t.Fatal("undo")
	}

	h.do("page.setSize", `{"width":540,"height":540,"all":true,"content":"scale"}`)
	// Page 2 was 1080 square: halved, centred.
	if got := h.el("p2"); !nearly(got.X, 245) || !nearly(got.Y, 245) || !nearly(got.Width, 50) {
		t.Errorf("page 2 element %v,%v %v wide", got.X, got.Y, got.Width)
	}
	// Page 1 was A4: s = 540/841.89, centred horizontally.
	s := 540 / scene.DefaultPageHeight
	if box := h.el("title"); !nearly(box.FontSize, 30*s) || !nearly(box.X, (540-scene.DefaultPageWidth*s)/2+60*s) {
		t.Errorf("page 1 title %v pt at x %v", box.FontSize, box.X)
	}
	for i := range h.doc.Pages {
		if w, hh := h.doc.PageSize(i); w != 540 || hh != 540 {
			t.Errorf("page %d is %vx%v", i, w, hh)
		}
	}
	if n := len(h.hist.undos); n != 1 { // the first step was undone, then replaced
		t.Fatalf("%d steps", n)
	}
	h.do("history.undo", "")
	if h.json() != before {
		t.Fatal("undo of all pages")
	}
}

// TestPageSizeScaleWhileCropping: a crop session ends as its own step before the resize.
func TestPageSizeScaleWhileCropping(t *testing.T) {
	h := newHarness(t, scaleDoc(t))
	h.do("selection.select", `{"ids":["photo"]}`)
	h.do("image.crop", `{"naturalWidth":800,"naturalHeight":600}`)
	h.do("page.setSize", `{"preset":"a3","content":"scale"}`)
	if h.crop != nil {
		t.Fatal("still cropping")
	}
	s := math.Min(scene.MM(297)/scene.MM(210), scene.MM(420)/scene.MM(297))
	if w := h.el("photo").Width; !nearly(w, 200*s) {
		t.Fatalf("photo width %v", w)
	}
	before := h.json()
	h.do("history.undo", "")
	if w := h.el("photo").Width; w != 200 || h.json() == before {
		t.Fatalf("undo: photo width %v", w)
	}
}
