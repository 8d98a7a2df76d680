package polotno

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzImport checks that Import never panics, and that whatever it accepts exports and imports
// again without panicking or failing.
func FuzzImport(f *testing.F) {
	for _, dir := range []string{"testdata", "testdata/real"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil && len(b) < 20000 {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(`{"pages":[{"children":[{"type":"text","text":"<ul><li><ol><li><b><i>x</ul>"}]}]}`))
	f.Add([]byte(`{"schemaVersion":0,"dpi":0.0001,"width":1e308,"pages":[{"children":[{"type":"group","children":[{"type":"group"}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := Import(data)
		if err != nil {
			return
		}
		b, _, err := Export(doc)
		if err != nil {
			t.Fatalf("export of an imported design failed: %v", err)
		}
		if _, _, err := Import(b); err != nil {
			t.Fatalf("re-import failed: %v\n%s", err, b)
		}
	})
}
