package scene

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRestore feeds arbitrary bytes to Restore: it must never panic, and whatever it accepts
// must save and load again to the same JSON.
func FuzzRestore(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/invalid"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(sample))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := Restore(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("accepted document does not save: %v", err)
		}
		doc2, _, err := Restore(out)
		if err != nil {
			t.Fatalf("saved document does not load: %v\n%s", err, out)
		}
		out2, _ := json.Marshal(doc2)
		if string(out) != string(out2) {
			t.Fatalf("save → load → save changed the JSON:\n%s\n%s", out, out2)
		}
	})
}
