package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// waitJS polls a JavaScript expression until it is true, at most 20 s.
func (a *app) waitJS(what, js string) {
	a.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var ok bool
		a.eval(`(() => { try { return !!(`+js+`); } catch { return false; } })()`, &ok)
		if ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	a.shot("timeout")
	a.t.Fatalf("waited 20 s for %s", what)
}

// searchIn types words in the search box of a library panel and waits for the results.
func (a *app) searchIn(panel, words string) {
	a.t.Helper()
	a.click(panel + ` input[type="search"]`)
	a.typeText(words)
	a.run(chromedpKey(kb.Enter))
	a.waitJS("results for "+words, `document.querySelector('`+panel+` .lib-found:not([aria-busy]) .lib-tile:not(.skeleton) .lib-main')`)
	a.idle()
}

// imagesLoaded waits until the first thumbnails of a panel have arrived (for screenshots).
func (a *app) imagesLoaded(panel string) {
	a.t.Helper()
	a.waitJS("thumbnails in "+panel, `[...document.querySelectorAll('`+panel+` .lib-tile:not(.skeleton) img')].slice(0, 12).every(i => i.complete)`)
}

// history returns what Go says of the undo history.
func (a *app) history() (steps int, canUndo bool) {
	var h struct {
		Steps   int
		CanUndo bool
	}
	a.eval(`afficheDebug.shell.history`, &h)
	return h.Steps, h.CanUndo
}

// elementByType returns the first element of a type on page 0, or nil.
func elementByType(els []map[string]any, typ string) map[string]any {
	for _, e := range els {
		if e["type"] == typ {
			return e
		}
	}
	return nil
}

// TestLibraryElementsPhotosTemplates is a Canva user's first minutes with the libraries:
// search "vélo" in the Elements panel, insert the first icon and recolour it, drop a photo
// onto the page, set a page background, export a PNG through the server (the icon's pixels
// are there), then start again from a template.
func TestLibraryElementsPhotosTemplates(t *testing.T) {
	a := open(t)

	// Elements: the home view suggests searches, then "vélo" finds bicycle icons.
	a.click(`#tab-elements`)
	a.waitJS("the suggestions", `document.querySelectorAll('#panel-elements .lib-chip').length >= 6 && document.querySelector('#panel-elements .lib-icon .lib-tile:not(.skeleton)')`)
	var chipsText string
	a.eval(`[...document.querySelectorAll('#panel-elements .lib-chips .lib-chip')].map(b => b.textContent).join(',')`, &chipsText)
	for _, w := range []string{"Fête", "Mairie", "Sport", "École", "Nature", "Flèches"} {
		if !strings.Contains(chipsText, w) {
			t.Errorf("suggested searches %q lack %q", chipsText, w)
		}
	}
	a.imagesLoaded("#panel-elements")
	a.shot("elements-home")
	a.searchIn("#panel-elements", "vélo")
	a.imagesLoaded("#panel-elements")
	a.shot("search-velo")
	var firstID string
	a.eval(`document.querySelector('#panel-elements .lib-found .lib-tile').dataset.id`, &firstID)
	if !strings.Contains(firstID, "bike") && !strings.Contains(firstID, "bicycle") {
		t.Errorf("first result for vélo is %q, want a bicycle", firstID)
	}
	a.click(`#panel-elements .lib-found .lib-tile .lib-main`)
	a.waitJS("the icon in the document", `afficheDebug.shell.doc.pages[0].elements === 1`)
	a.idle()
	a.shot("icon-inserted")
	els := a.elements(0)
	icon := elementByType(els, "svg")
	if icon == nil {
		t.Fatalf("no svg element after inserting an icon: %v", els)
	}
	credit, _ := icon["credit"].(map[string]any)
	if credit == nil || credit["licence"] == "" || credit["provider"] == "" {
		t.Errorf("the icon carries no credit/licence: %v", icon["credit"])
	}
	if w, h := num(icon["width"]), num(icon["height"]); math.Abs(math.Max(w, h)-120) > 1 {
		t.Errorf("icon size %v × %v, want about 120 pt", w, h)
	}
	if steps, _ := a.history(); steps != 1 {
		t.Errorf("inserting the icon made %d undo steps, want 1", steps)
	}
	var selected []string
	a.eval(`afficheDebug.shell.selection.ids`, &selected)
	if len(selected) != 1 || selected[0] != icon["id"] {
		t.Errorf("selection after insert = %v, want the icon %v", selected, icon["id"])
	}
	// Recolour it from the context toolbar: colors.currentColor changes.
	a.click(`#ctx-bar .lib-icon-color`)
	a.click(`.color-popover button[aria-label="#c92a2a"]`)
	icon = elementByType(a.elements(0), "svg")
	if c, _ := icon["colors"].(map[string]any); c == nil || !strings.EqualFold(fmt.Sprint(c["currentColor"]), "#c92a2a") {
		t.Errorf("icon colours after recolouring = %v", icon["colors"])
	}
	a.shot("icon-recoloured")

	// Keyboard: from the search box, ArrowDown then Enter inserts the first result; the
	// focus stays in the grid.
	a.click(`#panel-elements input[type="search"]`)
	a.run(chromedpKey(kb.ArrowDown), chromedpKey(kb.ArrowRight))
	a.run(chromedpKey(kb.Enter))
	a.waitJS("a second icon", `afficheDebug.shell.doc.pages[0].elements === 2`)
	var focusInGrid bool
	a.eval(`!!document.activeElement.closest('#panel-elements .lib-grid')`, &focusInGrid)
	if !focusInGrid {
		t.Errorf("after Enter the focus left the grid")
	}
	a.key("z", chromedp.ModifierCtrl)
	a.waitJS("the second icon undone", `afficheDebug.shell.doc.pages[0].elements === 1`)

	// Photos: drop the first photo onto the lower part of the page.
	a.click(`#tab-photos`)
	a.waitJS("the photos", `document.querySelector('#panel-photos .lib-photo .lib-tile:not(.skeleton) .lib-main') && document.querySelector('#panel-photos .lib-background .lib-tile:not(.skeleton)')`)
	a.imagesLoaded("#panel-photos")
	a.shot("photos")
	var page struct{ Width, Height float64 }
	a.eval(`afficheDebug.shell.currentPage()`, &page)
	x, y := a.toScreen(page.Width/2, page.Height*0.8)
	a.eval(fmt.Sprintf(`(() => {
		const tile = document.querySelector('#panel-photos .lib-photo .lib-tile .lib-main');
		const dt = new DataTransfer();
		tile.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
		const stage = document.getElementById('stage');
		stage.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt, clientX: %g, clientY: %g}));
		stage.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt, clientX: %g, clientY: %g}));
		tile.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));
		return true;
	})()`, x, y, x, y), nil)
	a.waitJS("the photo in the document", `afficheDebug.shell.doc.pages[0].elements === 2`)
	a.idle()
	photo := elementByType(a.elements(0), "image")
	if photo == nil {
		t.Fatal("no image element after dropping a photo")
	}
	pw, ph := num(photo["width"]), num(photo["height"])
	if pw > page.Width/2+0.5 || ph > page.Height/2+0.5 || (math.Abs(pw-page.Width/2) > 0.5 && math.Abs(ph-page.Height/2) > 0.5) {
		t.Errorf("photo is %v × %v on a %v × %v page, want it to fit half the page", pw, ph, page.Width, page.Height)
	}
	if cy := num(photo["y"]) + ph/2; math.Abs(cy-page.Height*0.8) > 1 {
		t.Errorf("photo centred at y=%v, want the drop point %v", cy, page.Height*0.8)
	}
	if c, _ := photo["credit"].(map[string]any); c == nil || c["author"] == nil || c["required"] != true {
		t.Errorf("the photo's credit did not travel into the scene: %v", photo["credit"])
	}
	a.shot("photo-dropped")

	// A background covers the page, behind everything, locked.
	a.click(`#panel-photos .lib-background .lib-tile:nth-child(3) .lib-main`)
	a.waitJS("the background", `afficheDebug.shell.doc.pages[0].elements === 3`)
	a.idle()
	els = a.elements(0)
	bg := els[0]
	if bg["type"] != "image" || bg["locked"] != true || num(bg["x"]) != 0 || num(bg["y"]) != 0 ||
		math.Abs(num(bg["width"])-page.Width) > 0.01 || math.Abs(num(bg["height"])-page.Height) > 0.01 {
		t.Errorf("background element = %v, want a locked page-sized image at the back", bg)
	}
	a.shot("background")

	// Export through the server: the red icon is on the PNG, where it is in the design.
	icon = elementByType(els, "svg")
	var docJSON string
	a.eval(`afficheDebug.bridge.dispatch('document.save', {})`, &docJSON)
	body, res := post(t, "api/export?format=png&dpi=72&credits=line", docJSON)
	if res.StatusCode != 200 {
		t.Fatalf("export: %d %s", res.StatusCode, body)
	}
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	red := countNear(img, image.Rect(int(num(icon["x"])), int(num(icon["y"])), int(num(icon["x"])+num(icon["width"])), int(num(icon["y"])+num(icon["height"]))), 0xc9, 0x2a, 0x2a, 40)
	if red < 300 {
		t.Errorf("the exported PNG has %d icon-red pixels in the icon's box, want the icon drawn", red)
	}
	writeArtifact(t, "export.png", body)

	// Templates: the design is not empty, so the editor asks before replacing it.
	a.click(`#tab-templates`)
	a.waitJS("the templates", `document.querySelector('#panel-templates .tpl-card:not(.skeleton)')`)
	a.shot("templates")
	var tplTitle string
	a.eval(`document.querySelector('#panel-templates .tpl-card .tpl-name').textContent`, &tplTitle)
	a.click(`#panel-templates .tpl-card`)
	a.run(chromedpWaitVisible(`dialog[open] footer .btn.primary`))
	var question string
	a.eval(`document.querySelector('dialog[open] h2').textContent`, &question)
	if question != "Remplacer la création en cours ?" {
		t.Errorf("confirmation title %q", question)
	}
	a.shot("replace-question")
	a.click(`dialog[open] footer .btn.primary`)
	a.waitJS("the template loaded", `afficheDebug.shell.doc.pages[0].elements > 5`)
	a.idle()
	time.Sleep(300 * time.Millisecond) // fonts arrive
	a.idle()
	a.shot("template-applied")
	var title string
	a.eval(`afficheDebug.shell.doc.title`, &title)
	if title != tplTitle {
		t.Errorf("document title %q after applying the template %q", title, tplTitle)
	}
	if _, canUndo := a.history(); canUndo {
		t.Errorf("a template opens as a new document (nothing to undo)")
	}
}

// TestLibraryPagingAndLanguage checks that results page in as the panel scrolls, that an
// empty search says so with suggestions, and that the panels speak English too.
func TestLibraryPagingAndLanguage(t *testing.T) {
	a := open(t)
	a.click(`#tab-elements`)
	a.searchIn("#panel-elements", "calendrier")
	var n int
	a.eval(`document.querySelectorAll('#panel-elements .lib-found .lib-tile:not(.skeleton)').length`, &n)
	if n < 48 || n%48 != 0 {
		t.Fatalf("%d results shown, want whole pages of 48", n)
	}
	a.eval(`(document.getElementById('side-panel').scrollTop = 1e6, true)`, nil)
	a.waitJS("the next page", fmt.Sprintf(`document.querySelectorAll('#panel-elements .lib-found .lib-tile:not(.skeleton)').length > %d`, n))
	a.shot("second-page")
	// Nothing found: a message and suggestions, not a blank panel.
	a.eval(`(() => { const i = document.querySelector('#panel-elements input[type="search"]'); i.value = ''; return true; })()`, nil)
	a.searchInEmpty("#panel-elements", "zzqxw")
	var empty string
	a.eval(`document.querySelector('#panel-elements .lib-empty').textContent`, &empty)
	if !strings.Contains(empty, "Aucun résultat") {
		t.Errorf("empty state %q", empty)
	}
	a.shot("no-results")
	// English.
	a.click(`.lang-switch button[data-lang="en"]`)
	var label string
	a.eval(`document.querySelector('#tab-elements span').textContent + '|' + document.querySelector('#panel-elements h2').textContent + '|' + document.querySelector('#tab-templates span').textContent`, &label)
	if label != "Elements|Elements|Templates" {
		t.Errorf("English labels = %q", label)
	}
	a.click(`#tab-photos`)
	a.waitJS("the photos", `document.querySelector('#panel-photos .lib-photo .lib-tile:not(.skeleton)')`)
	a.shot("photos-en")
}

// searchInEmpty types words that find nothing and waits for the empty state.
func (a *app) searchInEmpty(panel, words string) {
	a.t.Helper()
	a.click(panel + ` input[type="search"]`)
	a.typeText(words)
	a.run(chromedpKey(kb.Enter))
	a.waitJS("the empty state", `document.querySelector('`+panel+` .lib-empty:not([hidden])')`)
}

// countNear counts the pixels of r within tol (per channel) of the colour.
func countNear(img image.Image, r image.Rectangle, cr, cg, cb uint8, tol int) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			R, G, B, _ := img.At(x, y).RGBA()
			if abs(int(R>>8)-int(cr)) <= tol && abs(int(G>>8)-int(cg)) <= tol && abs(int(B>>8)-int(cb)) <= tol {
				n++
			}
		}
	}
	return n
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func writeArtifact(t *testing.T, name string, b []byte) {
	t.Helper()
	p := fmt.Sprintf("%s/e2e/artifacts/%s-%s", env.root, t.Name(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Log(err)
	}
}

// chromedpKey presses a key.
func chromedpKey(k string) chromedp.Action[chromedp.Void] { return chromedp.KeyEvent(k) }
