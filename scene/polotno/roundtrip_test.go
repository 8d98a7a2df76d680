package polotno

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"testing"

	"affiche/scene"
)

// generic returns a document as plain JSON values for comparison.
func generic(t *testing.T, doc *scene.Document) any {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// diff lists the differences between two JSON values; numbers may differ by tol.
func diff(path string, a, b any, tol float64, out *[]string) {
	if len(*out) > 20 {
		return
	}
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: %v vs %v", path, a, b))
			return
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			diff(path+"."+k, av[k], bv[k], tol, out)
		}
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			*out = append(*out, fmt.Sprintf("%s: %d vs %v items", path, len(av), b))
			return
		}
		for i := range av {
			diff(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i], tol, out)
		}
	case float64:
		bv, ok := b.(float64)
		if !ok || math.Abs(av-bv) > tol {
			*out = append(*out, fmt.Sprintf("%s: %v vs %v", path, a, b))
		}
	default:
		if a != b {
			*out = append(*out, fmt.Sprintf("%s: %v vs %v", path, a, b))
		}
	}
}

// Polotno → Affiche → Polotno → Affiche gives the same scene, for every fixture.
func TestRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	real, _ := filepath.Glob("testdata/real/*.json")
	bench, _ := filepath.Glob("testdata/bench/*.json")
	files = append(append(files, real...), bench...)
	for _, f := range files {
		name, _ := filepath.Rel("testdata", f)
		t.Run(name, func(t *testing.T) {
			doc1, _ := load(t, name)
			// Saving the imported document and loading it again keeps everything, the
			// Polotno-only fields included.
			saved, err := json.Marshal(doc1)
			if err != nil {
				t.Fatal(err)
			}
			restored, _, err := scene.Restore(saved)
			if err != nil {
				t.Fatalf("restore: %v", err)
			}
			var out []string
			diff("", generic(t, doc1), generic(t, restored), 0, &out)
			for _, d := range out {
				t.Error("save and load:", d)
			}
			b, _, err := Export(restored)
			if err != nil {
				t.Fatal(err)
			}
			doc2, _, err := Import(b)
			if err != nil {
				t.Fatalf("re-import: %v", err)
			}
			out = nil
			diff("", generic(t, doc1), generic(t, doc2), 1e-3, &out)
			for _, d := range out {
				t.Error(d)
			}
		})
	}
}
