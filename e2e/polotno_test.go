package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"affiche/scene/polotno"
)

// TestOpenPolotnoDesign opens a Polotno design through File › Open: the page has the server
// convert it, loads the document and offers the conversion's warnings.
func TestOpenPolotnoDesign(t *testing.T) {
	src := filepath.Join("..", "scene", "polotno", "testdata", "dropped.json")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	want, warns, err := polotno.Import(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Pages[0].Elements) == 0 || len(warns) < 2 {
		t.Fatalf("fixture: %d elements, %d warnings", len(want.Pages[0].Elements), len(warns))
	}
	a := open(t)
	var label string
	a.eval(`document.querySelector('[data-action="file.importPolotno"]').textContent`, &label)
	if !strings.Contains(label, "Polotno") {
		t.Errorf("File menu entry: %q", label)
	}
	p := filepath.Join(t.TempDir(), "modele.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	a.run(chromedp.SetUploadFiles(chromedp.CSS(`#open-input`), []string{p}))
	var toastText string
	for i := 0; i < 100; i++ {
		a.eval(`[...document.querySelectorAll('#toasts .toast')].map(e => e.textContent).join(' | ')`, &toastText)
		if strings.Contains(toastText, "Polotno") && !strings.Contains(toastText, "…") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	a.idle()
	els := a.elements(0)
	if len(els) != len(want.Pages[0].Elements) {
		t.Fatalf("the editor has %d elements on page 1; the import gives %d", len(els), len(want.Pages[0].Elements))
	}
	for i, e := range els {
		if e["id"] != want.Pages[0].Elements[i].ID {
			t.Errorf("element %d is %v, want %s", i, e["id"], want.Pages[0].Elements[i].ID)
		}
	}
	if !strings.Contains(toastText, "Modèle Polotno importé") && !strings.Contains(toastText, "Polotno design imported") {
		t.Fatalf("no import toast: %q", toastText)
	}
	a.shot("polotno-imported")
	a.click(`#toasts .toast .btn:not(.icon-only)`)
	var n int
	a.eval(`document.querySelectorAll('dialog[open] .import-warnings li').length`, &n)
	if n != len(warns) {
		t.Errorf("the warnings dialog lists %d warnings; the import gave %d", n, len(warns))
	}
	var dropped bool
	a.eval(`!!document.querySelector('dialog[open] .import-warnings li[data-code="dropped"]')`, &dropped)
	if !dropped {
		t.Error("the dropped video is not among the warnings shown")
	}
	a.shot("polotno-warnings")
}
