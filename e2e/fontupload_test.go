package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestUploadFontAddsDocumentFont uploads a TrueType font: it becomes one of the document's
// fonts through the editor's document.addFont command, as one undo step.
func TestUploadFontAddsDocumentFont(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "assets", "fonts", "playfair-display", "PlayfairDisplay-Bold.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "MaPolice-Bold.ttf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	a := open(t)
	a.click(`#tab-uploads`)
	a.run(chromedp.SetUploadFiles(chromedp.CSS(`#upload-input`), []string{p}))
	fonts := func() []any {
		f, _ := a.doc()["fonts"].([]any)
		return f
	}
	for i := 0; i < 100 && len(fonts()) == 0; i++ {
		time.Sleep(100 * time.Millisecond)
	}
	fs := fonts()
	if len(fs) != 1 {
		t.Fatalf("the document has %d fonts after the upload", len(fs))
	}
	f := fs[0].(map[string]any)
	if f["family"] == "" || f["url"] == "" || f["weight"] != float64(700) {
		t.Errorf("font added: %v", f)
	}
	a.dispatch("history.undo", nil)
	if n := len(fonts()); n != 0 {
		t.Errorf("undo left %d fonts", n)
	}
	a.dispatch("history.redo", nil)
	if n := len(fonts()); n != 1 {
		t.Errorf("redo gives %d fonts", n)
	}
}
