package editor

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDiffShapeAndTransport(t *testing.T) {
	h := newHarness(t, fixtureDoc(t))
	before := h.json()
	h.do("selection.select", `{"ids":["a","b"]}`)
	h.do("selection.group", "")
	d := h.hist.top().diff
	if got := strings.Join(d.Added(), ","); got != h.sel[0] {
		t.Fatalf("added %s", got)
	}
	if got := strings.Join(d.Removed(), ","); got != "a,b" {
		t.Fatalf("removed %s", got)
	}
	if len(d.Updated()) != 0 || len(d.Pages) != 1 || d.Doc != nil {
		t.Fatalf("updated %v pages %d", d.Updated(), len(d.Pages))
	}
	after := h.json()

	// A diff travels as JSON (co-editing later) and applies to another copy of the document.
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var d2 Diff
	if err := json.Unmarshal(b, &d2); err != nil {
		t.Fatal(err)
	}
	other := newHarness(t, fixtureDoc(t))
	if other.json() != before {
		t.Fatal("fixture differs")
	}
	other.applyDiff(&d2)
	if other.json() != after {
		t.Fatalf("applied remotely:\n got %s\nwant %s", other.json(), after)
	}
	other.applyDiff(d2.Invert())
	if other.json() != before {
		t.Fatal("inverse applied remotely")
	}

	// Composing a change with its inverse leaves nothing.
	if c := compose(d, d.Invert()); !c.Empty() {
		t.Fatalf("d then its inverse: %+v", c)
	}
}
