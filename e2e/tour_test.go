package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTour opens every panel and popover of the shell once, in French and in English, with
// screenshots to look at; it fails on any page error and checks a few things each one does.
func TestTour(t *testing.T) {
	a := open(t)
	var errors []string
	a.eval(`window.__errors = []; addEventListener('error', e => __errors.push(String(e.message))); addEventListener('unhandledrejection', e => __errors.push(String(e.reason)));
		document.addEventListener('securitypolicyviolation', e => __errors.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI)); true`, nil)

	a.click(`[data-add="text-title"]`)
	a.click(`#ctx-bar .font-button`)
	a.shot("font-picker")
	var fonts int
	a.eval(`document.querySelectorAll('.font-pop [role=option]').length`, &fonts)
	if fonts < 15 {
		t.Errorf("%d fonts listed, want the bundled families", fonts)
	}
	a.click(`.font-pop [role=option][data-family="Playfair Display"]`)
	if f := a.elements(0)[0]["fontFamily"]; f != "Playfair Display" {
		t.Errorf("font after picking: %v", f)
	}
	a.click(`#ctx-bar .color-button`)
	a.shot("color-picker")
	a.click(`.color-pop .swatches button[title="#c92a2a"]`)
	if c := a.elements(0)[0]["color"]; c != "#c92a2a" {
		t.Errorf("colour after picking: %v", c)
	}
	a.click(`#ctx-bar button[aria-haspopup="menu"]`)
	a.shot("arrange-menu")
	a.key("\x1b")
	a.click(`#tab-page`)
	a.shot("page-panel")
	a.click(`#size-list [data-size="square"]`)
	if w := num(a.doc()["pages"].([]any)[0].(map[string]any)["width"]) + num(a.doc()["width"]); w < 1079 {
		t.Errorf("page width after choosing the square post: %v", w)
	}
	a.shot("square")
	a.click(`#add-page`)
	a.click(`#add-page`)
	a.shot("three-pages")
	if n := len(a.doc()["pages"].([]any)); n != 3 {
		t.Errorf("%d pages after adding two", n)
	}
	a.click(`#file-menu-button`)
	a.shot("file-menu")
	a.key("\x1b")
	// A line and its ends; a shape and its border.
	a.click(`#tab-shapes`)
	a.click(`#line-grid button:nth-child(2)`)
	a.click(`#ctx-bar button[aria-label="Extrémités"]`)
	a.shot("line-ends")
	a.click(`.menu-pop .menu-item:nth-of-type(4)`) // start: triangle
	a.click(`#shape-grid button:nth-child(2)`)
	a.click(`#ctx-bar button[aria-label="Contour"]`)
	a.shot("shape-border")
	a.key("\x1b")
	// The keyboard shortcuts, from Go's registry.
	a.click(`#shortcuts-button`)
	a.shot("shortcuts")
	var rows int
	a.eval(`document.querySelectorAll('dialog[open] .shortcuts tr').length`, &rows)
	if rows < 20 {
		t.Errorf("%d shortcuts listed", rows)
	}
	a.key("\x1b")
	// English.
	a.click(`.lang-switch [data-lang="en"]`)
	a.click(`#tab-text`)
	a.shot("english")
	var label string
	a.eval(`document.querySelector('[data-add="text-title"]').textContent`, &label)
	if label != "Add a heading" {
		t.Errorf("English heading button: %q", label)
	}
	a.eval(`window.__errors`, &errors)
	if len(errors) > 0 {
		t.Errorf("page errors: %v", errors)
	}
	_ = chromedp.ModifierCtrl
}
