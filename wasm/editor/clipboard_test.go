package editor

import (
	"encoding/json"
	"testing"

	"affiche/scene"
)

func pasteArgs(s string) string {
	b, _ := json.Marshal(map[string]string{"text": s})
	return string(b)
}

func TestClipboardRoundTrip(t *testing.T) {
	src := newHarness(t, fixtureDoc(t))
	src.doc.Fonts = []scene.FontSource{{Family: "Roboto", Weight: 400, URL: "blob:roboto"}, {Family: "Other", Weight: 400, URL: "blob:o"}}
	src.do("selection.select", `{"ids":["g","t"]}`)
	clip := src.do("clipboard.copy", "").(string)
	var c Clipboard
	if err := json.Unmarshal([]byte(clip), &c); err != nil || c.Format != ClipboardFormat || len(c.Elements) != 2 {
		t.Fatalf("clipboard %s", clip)
	}
	if c.Elements[0].ID != "g" || c.Elements[1].ID != "t" {
		t.Fatal("elements are not in paint order")
	}
	if len(c.Fonts) != 1 || c.Fonts[0].Family != "Roboto" {
		t.Fatalf("fonts %+v", c.Fonts)
	}

	// Into another document (another tab): same place, fresh ids, fonts brought along.
	dst := newHarness(t, testDoc(t, rect("x", 0, 0, 10, 10)))
	res := dst.do("clipboard.paste", pasteArgs(clip)).(map[string][]string)
	if len(res["ids"]) != 2 || len(dst.sel) != 2 {
		t.Fatalf("paste result %v", res)
	}
	g := dst.el(res["ids"][0])
	if g.ID == "g" || g.Children[0].ID == "g1" || g.Type != scene.TypeGroup || g.Children[0].X != 300 {
		t.Fatalf("pasted group %+v", g)
	}
	if dst.el(res["ids"][1]).PlainText() != "Fête du village\nSamedi 14 juin" {
		t.Fatal("text lost")
	}
	if len(dst.doc.Fonts) != 1 || dst.doc.Fonts[0].URL != "blob:roboto" {
		t.Fatalf("fonts %+v", dst.doc.Fonts)
	}
	// Same elements compare equal apart from ids.
	a, _ := json.Marshal(src.el("t"))
	pasted := *dst.el(res["ids"][1])
	pasted.ID = "t"
	b, _ := json.Marshal(&pasted)
	if string(a) != string(b) {
		t.Fatalf("pasted text differs:\n%s\n%s", a, b)
	}

	// Pasting in the same document over the originals moves the copy aside, further each time.
	src.do("clipboard.paste", pasteArgs(clip))
	first := src.el(src.sel[1])
	if first.X != 60 || first.Y != 410 {
		t.Fatalf("first paste at %v,%v", first.X, first.Y)
	}
	src.do("clipboard.paste", pasteArgs(clip))
	second := src.el(src.sel[1])
	if second.X != 70 || second.Y != 420 {
		t.Fatalf("second paste at %v,%v", second.X, second.Y)
	}

	// Cut removes; pasting brings back at the same place (nothing is there any more).
	src.do("selection.select", `{"ids":["a"]}`)
	cut := src.do("clipboard.cut", "").(string)
	if src.Element("a") != nil {
		t.Fatal("cut did not remove")
	}
	src.do("clipboard.paste", pasteArgs(cut))
	if el := src.el(src.sel[0]); el.X != 50 || el.Y != 50 {
		t.Fatalf("paste after cut at %v,%v", el.X, el.Y)
	}
}

func TestPastePlainTextAndBadClipboard(t *testing.T) {
	h := newHarness(t, nil)
	h.do("clipboard.paste", pasteArgs("Inscriptions en mairie\navant le 30 juin"))
	el := h.el(h.sel[0])
	if el.Type != scene.TypeText || len(el.Paragraphs) != 2 {
		t.Fatalf("plain paste %+v", el)
	}
	_, err := h.Dispatch("clipboard.paste", json.RawMessage(pasteArgs(`{"format":"affiche-clipboard","version":1,"elements":[{"type":"shape","fill":"nope"}]}`)))
	if e, ok := err.(*Error); !ok || e.Path != "elements[0].fill" {
		t.Fatalf("invalid clipboard: %#v", err)
	}
}
