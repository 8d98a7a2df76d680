package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSaveAndReopen saves the project file (Ctrl+S, downloaded), starts a new project, and
// opens the file again through the Open dialog.
func TestSaveAndReopen(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-subtitle"]`)
	a.click(`#tab-shapes`)
	a.click(`#shape-grid button:nth-child(6)`) // star
	a.run(chromedp.SetValue(chromedp.CSS(`#doc-title`), "Fête des voisins"))
	a.eval(`document.getElementById('doc-title').dispatchEvent(new Event('change')); true`, nil)
	a.key("s", chromedp.ModifierCtrl)
	saved := a.downloaded(1)
	var doc map[string]any
	if err := json.Unmarshal(saved, &doc); err != nil {
		t.Fatalf("saved file is not JSON: %v\n%s", err, saved)
	}
	if doc["format"] != "affiche" || doc["title"] != "Fête des voisins" {
		t.Errorf("saved file: format %v, title %v", doc["format"], doc["title"])
	}
	a.shot("saved")

	// New project: the page empties (after confirming).
	a.click(`#file-menu-button`)
	a.click(`[data-action="file.new"]`)
	a.shot("confirm-new")
	a.click(`dialog[open] footer .btn.primary`)
	if n := len(a.elements(0)); n != 0 {
		t.Fatalf("new project has %d elements", n)
	}

	// Open the saved file.
	p := filepath.Join(t.TempDir(), "fete.json")
	os.WriteFile(p, saved, 0o644)
	a.run(chromedp.SetUploadFiles(chromedp.CSS(`#open-input`), []string{p}))
	time.Sleep(300 * time.Millisecond)
	a.idle()
	a.shot("reopened")
	els := a.elements(0)
	if len(els) != 2 || els[0]["type"] != "text" || els[1]["shape"] != "star" {
		t.Fatalf("reopened file has %d elements", len(els))
	}
	if got := a.doc()["title"]; got != "Fête des voisins" {
		t.Errorf("title after reopening: %v", got)
	}
}

// TestAutosave makes a change, reloads the tab and finds the work again, with a notice.
func TestAutosave(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-body"]`)
	a.click(`#tab-shapes`)
	a.click(`#line-grid button:nth-child(2)`) // arrow
	before := a.doc()
	// Autosave runs when edits pause; the status says so.
	deadline := time.Now().Add(5 * time.Second)
	var state string
	for time.Now().Before(deadline) {
		a.eval(`document.getElementById('save-state').textContent`, &state)
		if strings.Contains(state, "Enregistré") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(state, "Enregistré") {
		t.Errorf("save status %q, want it to say the work is saved", state)
	}
	a.shot("saved-locally")
	a.load()
	a.shot("restored")
	after := a.doc()
	b1, _ := json.Marshal(before["pages"])
	b2, _ := json.Marshal(after["pages"])
	if !bytes.Equal(b1, b2) {
		t.Errorf("after reload the pages differ:\nbefore %s\nafter  %s", b1, b2)
	}
	var notice string
	a.eval(`[...document.querySelectorAll('.toast')].map(t => t.textContent).join(' | ')`, &notice)
	if !strings.Contains(notice, "récupéré") {
		t.Errorf("no restore notice; toasts: %q", notice)
	}
}
