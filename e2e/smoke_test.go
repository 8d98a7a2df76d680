package e2e

import "testing"

// TestOpens loads the editor and checks it is ready: an empty A4 page, the shell in French.
func TestOpens(t *testing.T) {
	a := open(t)
	a.shot("empty")
	var info struct {
		Pages int    `json:"pages"`
		Lang  string `json:"lang"`
		Title string `json:"title"`
	}
	a.eval(`({pages: afficheDebug.shell.doc.pages.length, lang: document.documentElement.lang, title: document.querySelector('[data-i18n="rail.text"]').textContent})`, &info)
	if info.Pages != 1 || info.Lang != "fr" || info.Title != "Texte" {
		t.Errorf("got %+v, want one page and the French interface", info)
	}
}
