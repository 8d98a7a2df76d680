package editor

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"runtime"
	"testing"

	"affiche/scene"
)

// benchDoc is an A4 page with n elements: rectangles, rotated shapes, texts, lines and groups.
func benchDoc(tb testing.TB, n int) *scene.Document {
	rng := rand.New(rand.NewSource(1))
	var els []*scene.Element
	for i := 0; len(els) < n; i++ {
		x, y := rng.Float64()*500, rng.Float64()*760
		id := fmt.Sprintf("e%03d", i)
		switch i % 5 {
		case 0, 1:
			r := rect(id, x, y, 20+rng.Float64()*80, 20+rng.Float64()*80)
			if i%2 == 0 {
				r.Rotation = rng.Float64() * 90
			}
			els = append(els, r)
		case 2:
			els = append(els, &scene.Element{ID: id, Type: scene.TypeText, X: x, Y: y, Width: 150, Height: 60, Opacity: 1,
				Paragraphs: scene.ParagraphsFromText("Marché de producteurs\ntous les samedis")})
		case 3:
			els = append(els, &scene.Element{ID: id, Type: scene.TypeLine, X: x, Y: y, Width: 120, Height: 4, Rotation: 30, Opacity: 1})
		case 4:
			els = append(els, &scene.Element{ID: id, Type: scene.TypeGroup, Opacity: 1, Children: []*scene.Element{
				rect(id+"a", x, y, 30, 30), rect(id+"b", x+40, y, 30, 30)}})
		}
	}
	d := scene.New(scene.DefaultPageWidth, scene.DefaultPageHeight)
	d.Pages[0].Elements = els
	if _, err := scene.Normalize(d); err != nil {
		tb.Fatal(err)
	}
	return d
}

// BenchmarkDragMove measures one pointer move during a drag (hit nothing new: snapping
// against 100 elements, the transient message, the overlay) — the work Go does per frame
// while the page moves bitmaps.
func BenchmarkDragMove(b *testing.B) {
	for _, c := range []struct {
		sel     int
		marshal bool
	}{{1, false}, {10, false}, {1, true}} {
		sel := c.sel
		name := fmt.Sprintf("100elements/%dselected", sel)
		if c.marshal {
			name += "/json" // the messages encoded as the js/wasm layer does
		}
		b.Run(name, func(b *testing.B) {
			doc := benchDoc(b, 100)
			var sent int
			e := New(doc, Options{OnMessage: func(m Message) {
				sent++
				if c.marshal {
					if _, err := json.Marshal(m); err != nil {
						b.Fatal(err)
					}
				}
			}})
			ids := make([]string, 0, sel)
			for _, el := range doc.Pages[0].Elements[:sel] {
				ids = append(ids, el.ID)
			}
			e.setSelection(ids)
			first := e.el0(ids[0])
			x0, y0 := first.X+first.Width/2, first.Y+first.Height/2
			e.Pointer(PointerEvent{Type: "down", X: x0, Y: y0, Buttons: 1})
			e.Pointer(PointerEvent{Type: "move", X: x0 + 10, Y: y0 + 10, Buttons: 1})
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d := float64(i % 200)
				e.Pointer(PointerEvent{Type: "move", X: x0 + d, Y: y0 + d/2, Buttons: 1})
			}
			b.StopTimer()
			e.Pointer(PointerEvent{Type: "up", X: x0, Y: y0})
		})
	}
}

func (e *Editor) el0(id string) *scene.Element { l, _ := e.find(id); return l.el }

// BenchmarkHitTest measures what a click or a hover costs on a 100-element page.
func BenchmarkHitTest(b *testing.B) {
	e := New(benchDoc(b, 100), Options{})
	rng := rand.New(rand.NewSource(2))
	pts := make([][2]float64, 256)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 595, rng.Float64() * 842}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pts[i%len(pts)]
		e.HitTest(p[0], p[1])
	}
}

// BenchmarkHover is a pointer move with no button held (hover, cursor, overlay).
func BenchmarkHover(b *testing.B) {
	e := New(benchDoc(b, 100), Options{OnMessage: func(Message) {}})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Pointer(PointerEvent{Type: "move", X: float64(i % 595), Y: float64(i % 842)})
	}
}

// BenchmarkUndoStep measures a whole change (a nudge of 10 elements) and its undo, and reports
// the memory one step keeps in the history.
func BenchmarkUndoStep(b *testing.B) {
	doc := benchDoc(b, 100)
	e := New(doc, Options{})
	var ids []string
	for _, el := range doc.Pages[0].Elements[:10] {
		ids = append(ids, el.ID)
	}
	e.setSelection(ids)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = e.nudge(1, 0)
		e.hist.breakMerge()
		e.undo()
	}
	b.StopTimer()
	_ = e.nudge(1, 0)
	b.ReportMetric(float64(e.hist.top().size), "est-bytes/step")
}

// BenchmarkHistoryMemory measures the heap one undo step of a 10-element drag really keeps,
// after 200 of them.
func BenchmarkHistoryMemory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		doc := benchDoc(b, 100)
		e := New(doc, Options{})
		var ids []string
		for _, el := range doc.Pages[0].Elements[:10] {
			ids = append(ids, el.ID)
		}
		e.setSelection(ids)
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		for k := 0; k < 200; k++ {
			_ = e.nudge(1, 0)
			e.hist.breakMerge()
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/200, "heap-bytes/step")
		b.ReportMetric(float64(e.hist.bytes)/float64(len(e.hist.undos)), "est-bytes/step")
		runtime.KeepAlive(e)
	}
}
