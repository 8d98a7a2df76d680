package pdf

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The "done when": a 3-page A4 poster with photos, icons, lists and rotated text,
// exported with the print preset, is 216 × 303 mm with 3 mm bleed inside crop marks, has
// selectable text in embedded fonts and its photos at full resolution, and matches the PNG
// line for line.
func TestPosterThreePages(t *testing.T) {
	havePoppler(t)
	doc := loadScenes(t)["poster-3-pages"]
	if doc == nil {
		t.Fatal("testdata/poster-3-pages.json is missing")
	}
	b, warns := writePDF(t, doc, PresetPrint.Apply(options(t)))
	for _, w := range warns {
		t.Logf("warning: %s", w.Message)
	}
	if d := os.Getenv("AFFICHE_PDF_OUT"); d != "" {
		os.WriteFile(filepath.Join(d, "poster-3-pages.pdf"), b, 0o644)
	}
	info := poppler(t, b, "pdfinfo", "-box", "-f", "1", "-l", "3")
	if !strings.Contains(info, "Pages:           3") {
		t.Errorf("not 3 pages:\n%s", info)
	}
	bl, trim := box(t, info, "Page    1 BleedBox"), box(t, info, "Page    1 TrimBox")
	if !near(bl[2]-bl[0], 216) || !near(bl[3]-bl[1], 303) || !near(trim[2]-trim[0], 210) || !near(trim[3]-trim[1], 297) {
		t.Errorf("bleed box %.2f × %.2f mm, trim box %.2f × %.2f mm", bl[2]-bl[0], bl[3]-bl[1], trim[2]-trim[0], trim[3]-trim[1])
	}
	if !strings.Contains(string(b), "/Separation /All") {
		t.Error("no crop marks")
	}
	fonts := poppler(t, b, "pdffonts")
	for _, l := range strings.Split(strings.TrimSpace(fonts), "\n")[2:] {
		if !regexp.MustCompile(`^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes`).MatchString(l) {
			t.Errorf("font not embedded as a subset: %s", l)
		}
	}
	// -raw reads in content order: poppler's layout mode breaks slanted lines into letters.
	txt := poppler(t, b, "pdftotext") + poppler(t, b, "pdftotext", "-raw")
	for _, want := range []string{"FÊTE DE LA MUSIQUE", "Samedi 21 juin 2025 · dès 18 h", "19 h 30 — Fanfare « Les Cuivrés »",
		"Retour en images", "Buvette et crêpes (2 €)", "COUPON À RETOURNER EN MAIRIE", "Tarif : 5 € par atelier", "Venez nombreux !"} {
		if !strings.Contains(txt, want) {
			t.Errorf("no selectable %q", want)
		}
	}
	images := poppler(t, b, "pdfimages", "-list")
	for _, want := range []string{"2400  1350", "2400  1600", "1601  2400"} {
		if !regexp.MustCompile(`image\s+` + strings.ReplaceAll(want, "  ", `\s+`) + `\s+rgb`).MatchString(images) {
			t.Errorf("no photo at full resolution %s:\n%s", want, images)
		}
	}
}
