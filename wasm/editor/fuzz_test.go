package editor

import (
	"encoding/json"
	"math"
	"testing"
)

// FuzzDispatch runs a command with arbitrary arguments between two pointer drags and checks
// that nothing panics, that the document still loads, and that undoing every step gives back
// the document it started from.
func FuzzDispatch(f *testing.F) {
	names := []string{}
	for _, c := range newRegistry().list {
		names = append(names, c.name)
	}
	f.Add(uint8(0), `{}`, 100.0, 100.0, 160.0, 140.0, uint8(0))
	f.Add(uint8(5), `{"text":"bonjour"}`, 60.0, 60.0, 300.0, 80.0, uint8(1))
	f.Add(uint8(12), `{"fill":"#f00","fontSize":1e9}`, 320.0, 120.0, 320.0, 120.0, uint8(3))
	f.Add(uint8(30), `{"anchor":{"para":9,"offset":-4}}`, 60.0, 410.0, 70.0, 410.0, uint8(2))
	f.Add(uint8(40), `{"preset":"a0","landscape":true}`, -1e9, 5.0, 1e9, 5.0, uint8(7))
	f.Fuzz(func(t *testing.T, cmd uint8, args string, x0, y0, x1, y1 float64, mods uint8) {
		for _, v := range []float64{x0, y0, x1, y1} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return
			}
		}
		h := newHarness(t, fixtureDoc(t))
		h.do("selection.select", `{"ids":["a","t"]}`)
		start := h.json()
		ev := PointerEvent{Shift: mods&1 != 0, Alt: mods&2 != 0, Ctrl: mods&4 != 0, Clicks: int(mods>>4) % 4}
		h.drag(x0, y0, x1, y1, ev)
		name := names[int(cmd)%len(names)]
		_, _ = h.Dispatch(name, json.RawMessage(args))
		h.drag(x1, y1, x0, y0, ev)
		h.HandleKey(Key{Key: "Escape"})
		out := h.json()
		if _, _, err := sceneRestore(out); err != nil {
			t.Fatalf("after %s %s the document does not load: %v\n%s", name, args, err, out)
		}
		if name == "document.load" || name == "document.new" {
			return
		}
		for len(h.hist.undos) > 0 {
			h.do("history.undo", "")
		}
		if got := h.json(); got != start {
			t.Fatalf("undoing everything after %s %s:\n got %s\nwant %s", name, args, got, start)
		}
	})
}
