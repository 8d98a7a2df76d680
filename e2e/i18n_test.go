package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// shellFiles are the page's own modules (other modules register their texts with addTexts).
var shellFiles = []string{"main.js", "shell.js", "toolbar.js", "pages.js", "pickers.js", "files.js", "exportdlg.js",
	"input.js", "textinput.js", "ui.js", "compositor.js", "overlay.js", "resources.js", "shortcuts.js"}

// TestTextsInBothLanguages checks that every interface text the shell uses exists in French and
// in English (no browser needed).
func TestTextsInBothLanguages(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	web := filepath.Join(root, "web")
	src, err := os.ReadFile(filepath.Join(web, "js", "i18n.js"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	fr := s[strings.Index(s, "const FR"):strings.Index(s, "const EN")]
	en := s[strings.Index(s, "const EN"):strings.Index(s, "const DICTS")]
	keyRe := regexp.MustCompile(`'([a-zA-Z0-9_.]+)':`)
	set := func(block string) map[string]bool {
		m := map[string]bool{}
		for _, k := range keyRe.FindAllStringSubmatch(block, -1) {
			m[k[1]] = true
		}
		return m
	}
	frKeys, enKeys := set(fr), set(en)
	used := map[string]string{}
	uses := []*regexp.Regexp{
		regexp.MustCompile(`\bt\('([a-zA-Z0-9_]+\.[a-zA-Z0-9_.]+)'`),
		regexp.MustCompile(`this\.btn\('[^']+', '([a-zA-Z0-9_.]+)'`),
		regexp.MustCompile(`data-i18n(?:-[a-z-]+)?="([^"]+)"`),
		regexp.MustCompile(`i18n(?:Title|AriaLabel)?: '([a-zA-Z0-9_.]+)'`),
	}
	for _, f := range append(shellFiles, "../index.html") {
		b, err := os.ReadFile(filepath.Join(web, "js", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range uses {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				if !strings.HasSuffix(m[1], ".") { // a prefix completed at run time ('font.cat.' + cat)
					used[m[1]] = f
				}
			}
		}
	}
	var missing []string
	for k, f := range used {
		if !frKeys[k] {
			missing = append(missing, k+" (French, used in "+f+")")
		}
		if !enKeys[k] {
			missing = append(missing, k+" (English, used in "+f+")")
		}
	}
	for k := range frKeys {
		if !enKeys[k] {
			missing = append(missing, k+" (English; French has it)")
		}
	}
	for k := range enKeys {
		if !frKeys[k] {
			missing = append(missing, k+" (French; English has it)")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("texts missing:\n%s", strings.Join(missing, "\n"))
	}
	if len(used) < 100 {
		t.Errorf("only %d texts found in use: the scan is broken", len(used))
	}
}
