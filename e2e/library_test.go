package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
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
	// Another background replaces the first one's image, in one undo step.
	steps, _ := a.history()
	a.click(`#panel-photos .lib-background .lib-tile:nth-child(1) .lib-main`)
	a.waitJS("the new background", `afficheDebug.shell.history.steps > `+fmt.Sprint(steps))
	a.idle()
	els2 := a.elements(0)
	if after, _ := a.history(); len(els2) != 3 || els2[0]["src"] == bg["src"] || after != steps+1 {
		t.Errorf("second background: %d elements, src %v → %v, %d → %d undo steps; want the image replaced in one step", len(els2), bg["src"], els2[0]["src"], steps, after)
	}
	els = els2

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
	if _, canUndo := a.history(); !canUndo {
		t.Fatalf("applying a template cannot be undone")
	}
	// One Ctrl+Z brings the previous design back.
	a.dispatch("history.undo", nil)
	a.idle()
	a.eval(`afficheDebug.shell.doc.title`, &title)
	if title == tplTitle {
		t.Errorf("after one undo the template %q is still there", title)
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

// TestLibraryProviderPhotos turns Unsplash on against a fake upstream (the recorded answer
// shape of library/providers/testdata): the Photos panel shows it as a source with its
// attribution line, an inserted photo carries the photographer's credit and is reported to
// Unsplash, and a quota answer is shown as information with a way back to the library.
func TestLibraryProviderPhotos(t *testing.T) {
	if env.skip != "" {
		t.Skip(env.skip)
	}
	var mu sync.Mutex
	downloads := 0
	var up *httptest.Server
	up = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/search/photos":
			if r.URL.Query().Get("query") == "quota" {
				w.Header().Set("Retry-After", "120")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			b, err := os.ReadFile(filepath.Join(env.root, "library", "providers", "testdata", "unsplash_search.json"))
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write(bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(up.URL)))
		case strings.HasSuffix(p, "/download"):
			mu.Lock()
			downloads++
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"url": %q}`, up.URL+"/cdn/photo")
		case strings.HasPrefix(p, "/cdn/"):
			img := image.NewRGBA(image.Rect(0, 0, 400, 300))
			for i := range img.Pix {
				img.Pix[i] = uint8(i * 7)
			}
			w.Header().Set("Content-Type", "image/png")
			png.Encode(w, img)
		default:
			http.NotFound(w, r)
		}
	}))
	defer up.Close()

	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	var log bytes.Buffer
	srv := exec.Command(env.bin, "serve", "-addr", fmt.Sprintf("127.0.0.1:%d", port), "-data", t.TempDir(), "-log-level", "warn")
	srv.Env = append(os.Environ(), "AFFICHE_UNSPLASH_ACCESS_KEY=e2e-key", "AFFICHE_UNSPLASH_URL="+up.URL,
		"AFFICHE_FETCH_ALLOW_PRIVATE=127.0.0.1/32")
	srv.Stdout, srv.Stderr = &log, &log
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { srv.Process.Signal(os.Interrupt); srv.Wait() }()
	for i := 0; ; i++ {
		res, err := http.Get(base + "healthz")
		if err == nil {
			res.Body.Close()
			break
		}
		if i > 100 {
			t.Fatalf("the server with Unsplash did not start: %s", log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	a := open(t)
	a.run(chromedp.Navigate(base))
	a.waitReady()
	a.click(`#tab-photos`)
	a.waitJS("the Unsplash source", `[...document.querySelectorAll('#panel-photos .lib-sources .lib-chip')].some(b => b.textContent === 'Unsplash')`)
	a.eval(`[...document.querySelectorAll('#panel-photos .lib-sources .lib-chip')].find(b => b.textContent === 'Unsplash').click(), true`, nil)
	a.waitJS("the prompt", `document.querySelector('#panel-photos .lib-empty')`)
	var attrib, href string
	a.eval(`document.querySelector('#panel-photos .lib-attrib').textContent`, &attrib)
	a.eval(`document.querySelector('#panel-photos .lib-attrib a').href`, &href)
	if attrib != "Photos Unsplash" || !strings.Contains(href, "utm_source=") {
		t.Errorf("attribution line %q → %q, want “Photos Unsplash” linking to Unsplash with utm_source", attrib, href)
	}
	a.searchIn("#panel-photos", "vélo")
	a.imagesLoaded("#panel-photos")
	a.shot("unsplash-results")
	a.click(`#panel-photos .lib-found .lib-tile .lib-main`)
	a.waitJS("the photo in the document", `afficheDebug.shell.doc.pages[0].elements === 1`)
	photo := elementByType(a.elements(0), "image")
	c, _ := photo["credit"].(map[string]any)
	if c == nil || c["provider"] != "Unsplash" || c["author"] != "Camille Martin" || c["required"] != true {
		t.Errorf("Unsplash photo credit = %v", photo["credit"])
	}
	mu.Lock()
	n := downloads
	mu.Unlock()
	if n != 1 {
		t.Errorf("Unsplash was told of %d insertions, want 1", n)
	}
	a.shot("unsplash-inserted")
	// Quota: a polite notice, and the built-in library one click away.
	a.eval(`(document.querySelector('#panel-photos input[type="search"]').value = '', true)`, nil)
	a.click(`#panel-photos input[type="search"]`)
	a.typeText("quota")
	a.run(chromedpKey(kb.Enter))
	a.waitJS("the quota notice", `document.querySelector('#panel-photos .lib-quota:not([hidden])')`)
	var notice string
	a.eval(`document.querySelector('#panel-photos .lib-quota p').textContent`, &notice)
	if !strings.HasPrefix(notice, "Quota atteint pour Unsplash") {
		t.Errorf("quota notice %q", notice)
	}
	a.shot("unsplash-quota")
	a.click(`#panel-photos .lib-quota button`)
	a.waitJS("the library's results", `document.querySelector('#panel-photos .lib-sources .lib-chip[aria-pressed="true"]').textContent === 'Bibliothèque'`)
}
