package editor

import (
	"testing"
)

func TestCropSession(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	before := h.json()
	h.do("selection.select", `{"ids":["img"]}`)
	h.do("image.crop", `{"naturalWidth":1000,"naturalHeight":800}`)
	s := h.crop
	// The crop region (500 × 200 px) covers the 200 × 100 box at scale 0.5, centred.
	if !near(s.iw, 500) || !near(s.ih, 400) || !near(s.ix, -75) || !near(s.iy, -80) {
		t.Fatalf("image rect %+v", *s)
	}
	if h.activeContext() != ContextCrop || h.last(MsgUpdateSelection).(SelectionUpdate).Cropping != "img" {
		t.Fatal("not in crop mode")
	}
	ov := h.overlay()
	if ov.Crop == nil || !near(ov.Crop.Image[0][0], 300-75) || !near(ov.Crop.Image[0][1], 500-80) {
		t.Fatalf("crop overlay %+v", ov.Crop)
	}
	// Moving the image under the frame.
	h.drag(400, 550, 420, 560, PointerEvent{})
	if !near(s.ix, -55) || !near(s.iy, -70) {
		t.Fatalf("after move %+v", *s)
	}
	c := h.el("img").Crop
	if !near(c.X, 0.11) || !near(c.Y, 0.175) || !near(c.Width, 0.4) || !near(c.Height, 0.25) {
		t.Fatalf("crop %+v", *c)
	}
	// The image cannot leave the frame.
	h.drag(400, 550, 900, 900, PointerEvent{})
	if s.ix != 0 || s.iy != 0 {
		t.Fatalf("clamped %+v", *s)
	}
	// Scaling the image from a corner keeps its proportions and the opposite corner.
	hd := h.handle("img-se")
	h.drag(hd.X, hd.Y, hd.X+100, hd.Y+10, PointerEvent{})
	if !near(s.iw/s.ih, 1.25) || !near(s.iw, 600) || s.ix != 0 {
		t.Fatalf("scaled %+v", *s)
	}
	// A frame handle crops more; the image stays where it is on the page.
	imgLeft := h.el("img").X + s.ix
	w := h.handle("w")
	h.drag(w.X, w.Y, w.X+50, w.Y, PointerEvent{})
	if el := h.el("img"); !near(el.Width, 150) || !near(el.X+s.ix, imgLeft) {
		t.Fatalf("frame: width %v, image left %v (was %v)", el.Width, el.X+s.ix, imgLeft)
	}
	if len(h.hist.undos) != 0 {
		t.Fatal("steps were made before the crop ended")
	}
	h.key("Enter", Key{})
	if h.crop != nil || len(h.hist.undos) != 1 || h.hist.top().label.EN != "Crop" {
		t.Fatalf("crop end: %d steps", len(h.hist.undos))
	}
	h.do("history.undo", "")
	if h.json() != before {
		t.Fatal("undo of the crop session")
	}

	// Esc abandons the session; a double click starts one.
	h.do("selection.none", "")
	h.click(350, 550, PointerEvent{})
	h.click(350, 550, PointerEvent{Clicks: 2})
	if h.crop == nil {
		t.Fatal("double click did not start cropping")
	}
	h.drag(400, 550, 420, 560, PointerEvent{})
	h.key("Escape", Key{})
	if h.crop != nil || h.json() != before || len(h.hist.undos) != 0 {
		t.Fatal("Esc did not abandon the crop")
	}
	// A click outside the image ends the session and acts as a click.
	h.do("image.crop", "")
	h.drag(400, 550, 420, 560, PointerEvent{})
	h.click(60, 60, PointerEvent{})
	if h.crop != nil || len(h.hist.undos) != 1 || len(h.sel) != 1 || h.sel[0] != "a" {
		t.Fatalf("click outside: crop %v steps %d sel %v", h.crop, len(h.hist.undos), h.sel)
	}
	h.do("selection.select", `{"ids":["img"]}`)
	h.do("image.cropReset", "")
	if h.el("img").Crop != nil {
		t.Fatal("reset")
	}
}
