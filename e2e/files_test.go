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

// TestSelfContained uploads a photo, saves the project "with images and fonts", and checks
// that the file carries the photo as a data: URL and opens (and draws) on its own.
func TestSelfContained(t *testing.T) {
	a := open(t)
	a.click(`#tab-uploads`)
	a.run(chromedp.SetUploadFiles(chromedp.CSS(`#upload-input`), []string{photo(t)}))
	for i := 0; i < 100 && len(a.elements(0)) == 0; i++ {
		time.Sleep(100 * time.Millisecond)
	}
	a.click(`#file-menu-button`)
	a.click(`[data-action="file.saveSelfContained"]`)
	saved := a.downloaded(1)
	if !bytes.Contains(saved, []byte(`"src":"data:image/jpeg;base64,`)) {
		t.Fatalf("the self-contained file holds no embedded JPEG (%d bytes)", len(saved))
	}
	a.click(`#file-menu-button`)
	a.click(`[data-action="file.new"]`)
	a.click(`dialog[open] footer .btn.primary`)
	p := filepath.Join(t.TempDir(), "complet.json")
	os.WriteFile(p, saved, 0o644)
	a.run(chromedp.SetUploadFiles(chromedp.CSS(`#open-input`), []string{p}))
	time.Sleep(300 * time.Millisecond)
	a.idle()
	els := a.elements(0)
	if len(els) != 1 || !strings.HasPrefix(els[0]["src"].(string), "data:image/jpeg") {
		t.Fatalf("reopened: %d elements", len(els))
	}
	var drawn bool
	a.eval(`(() => { const c = afficheDebug.compositor; const e = c.entries.get(c.list[0]); return !!(e && e.bitmap && !e.stale); })()`, &drawn)
	if !drawn {
		t.Error("the embedded photo is not drawn")
	}
	a.shot("reopened")
}

// TestPages adds, duplicates, reorders (by dragging a thumbnail) and deletes pages.
func TestPages(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-title"]`)
	a.click(`#add-page`)
	a.click(`#tab-shapes`)
	a.click(`#shape-grid button:nth-child(3)`)
	pageIDs := func() []string {
		var ids []string
		for _, p := range a.doc()["pages"].([]any) {
			ids = append(ids, p.(map[string]any)["id"].(string))
		}
		return ids
	}
	ids := pageIDs()
	if len(ids) != 2 {
		t.Fatalf("%d pages", len(ids))
	}
	// Drag the second thumbnail before the first.
	a.eval(`(() => { const th = document.querySelectorAll('.page-thumb'); const dt = new DataTransfer();
		const r = th[0].getBoundingClientRect();
		th[1].dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));
		th[0].dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true, clientX: r.left + 2, clientY: r.top + 10}));
		th[0].dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true, clientX: r.left + 2, clientY: r.top + 10}));
		th[1].dispatchEvent(new DragEvent('dragend', {dataTransfer: dt, bubbles: true}));
		return true; })()`, nil)
	a.idle()
	if got := pageIDs(); got[0] != ids[1] || got[1] != ids[0] {
		t.Errorf("after dragging page 2 before page 1: %v (was %v)", got, ids)
	}
	// Duplicate the current page from its menu, then delete it.
	a.click(`.page-thumb[aria-selected="true"] .more`)
	a.shot("page-menu")
	a.click(`.menu-pop .menu-item:first-child`)
	if n := len(pageIDs()); n != 3 {
		t.Errorf("%d pages after duplicating", n)
	}
	time.Sleep(500 * time.Millisecond) // thumbnails follow
	a.idle()
	a.shot("three-pages")
	a.click(`.page-thumb[aria-selected="true"] .more`)
	a.click(`.menu-pop .menu-item:last-child`)
	if n := len(pageIDs()); n != 2 {
		t.Errorf("%d pages after deleting one", n)
	}
}
