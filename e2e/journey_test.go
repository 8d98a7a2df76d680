package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPosterJourney makes a small poster the way a new user would — page colour, a photo, a
// title, a subtitle, a shape behind them — saves it, and exports the print PDF.
func TestPosterJourney(t *testing.T) {
	a := open(t)
	// Page background from the Page panel.
	a.click(`#tab-page`)
	a.click(`#page-bg button[title="#fcc419"]`)
	// A photo.
	a.click(`#tab-uploads`)
	a.run(chromedp.SetUploadFiles(chromedp.CSS(`#upload-input`), []string{photo(t)}))
	for i := 0; i < 100 && len(a.elements(0)) == 0; i++ {
		time.Sleep(100 * time.Millisecond)
	}
	el := a.elements(0)[0]
	x, y, w, h, _ := box(el)
	// Move the photo up to the top of the page (it snaps to the centre line on the way).
	cx, cy := a.toScreen(x+w/2, y+h/2)
	tx, ty := a.toScreen(x+w/2, 60+h/2)
	a.drag(cx, cy, tx, ty, 0)
	// Title and subtitle, edited in place.
	a.click(`#tab-text`)
	a.click(`[data-add="text-title"]`)
	title := a.elements(0)[1]
	tcx, tcy := a.toScreen(num(title["x"])+num(title["width"])/2, num(title["y"])+num(title["height"])/2)
	a.dblclick(tcx, tcy)
	a.key("a", chromedp.ModifierCtrl)
	a.typeText("Fête du village")
	a.key("\x1b")
	a.click(`[data-add="text-subtitle"]`)
	sub := a.elements(0)[2]
	scx, scy := a.toScreen(num(sub["x"])+num(sub["width"])/2, num(sub["y"])+num(sub["height"])/2)
	a.drag(scx, scy, scx, scy+70, 0)
	a.dblclick(scx, scy+70)
	a.key("a", chromedp.ModifierCtrl)
	a.typeText("Samedi 14 juin · place de la Mairie")
	a.key("\x1b")
	var texts []string
	for _, el := range a.elements(0) {
		if el["type"] == "text" {
			b, _ := json.Marshal(el["paragraphs"])
			texts = append(texts, string(b))
		}
	}
	if len(texts) != 2 || !strings.Contains(texts[0], "Fête du village") || !strings.Contains(texts[1], "Samedi 14 juin") {
		t.Errorf("the poster's texts are %v, want the title then the date", texts)
	}
	var errorsShown int
	a.eval(`document.querySelectorAll('.toast.error').length`, &errorsShown)
	if errorsShown > 0 {
		t.Errorf("%d error messages shown during the journey", errorsShown)
	}
	var caret bool
	a.eval(`!!afficheDebug.overlay.text`, &caret)
	if caret {
		t.Error("a caret is still drawn after Escape ended the editing")
	}
	a.shot("poster")
	// Save, then export for the print shop.
	a.key("s", chromedp.ModifierCtrl)
	if saved := a.downloaded(1); !bytes.Contains(saved, []byte("Fête du village")) {
		t.Errorf("the saved file does not hold the title")
	}
	a.click(`#export-button`)
	a.run(chromedpWaitVisible(`dialog[open] [data-id="export-start"]`))
	a.eval(`document.querySelector('dialog[open] input[name="preset"][value="print"]').click(); true`, nil)
	a.click(`dialog[open] [data-id="export-start"]`)
	pdf := a.downloaded(2)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF")
	}
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		p := filepath.Join(t.TempDir(), "poster.pdf")
		os.WriteFile(p, pdf, 0o644)
		exec.Command("pdftoppm", "-png", "-r", "60", "-singlefile", p, filepath.Join(env.root, "e2e", "artifacts", t.Name()+"-pdf")).Run()
	}
}
