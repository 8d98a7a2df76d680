package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCreditsOption: a design with a photo whose licence requires a credit. Preflight warns
// unless it is checked as exported with --credits; render --credits page adds a credits page.
func TestCreditsOption(t *testing.T) {
	in := filepath.Join("..", "..", "preflight", "testdata", "planted.json")
	_, out, _ := runCLI(t, "preflight", in, "--json")
	if !strings.Contains(out, `"needs-credit"`) && !strings.Contains(out, `"credit-missing"`) {
		t.Fatalf("preflight without credits found no missing credit:\n%s", out)
	}
	for _, mode := range []string{"line", "page"} {
		_, out, stderr := runCLI(t, "preflight", in, "--json", "--credits", mode)
		if strings.Contains(out, "credit") {
			t.Errorf("--credits %s: preflight still warns about a credit:\n%s%s", mode, out, stderr)
		}
	}
	if code, _, stderr := runCLI(t, "preflight", in, "--credits", "often"); code != 2 && !strings.Contains(stderr, "--credits") {
		t.Errorf("a bad --credits value: exit %d, %s", code, stderr)
	}

	dir := t.TempDir()
	pdfOut := filepath.Join(dir, "out.pdf")
	if code, _, stderr := runCLI(t, "render", in, "-o", pdfOut, "--credits", "page"); code != 0 {
		t.Fatalf("render --credits page: exit %d: %s", code, stderr)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: the credits page's text is not checked")
	}
	txt, err := exec.Command("pdftotext", pdfOut, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(txt), "Jeanne Martin") || !strings.Contains(string(txt), "Crédits") {
		t.Errorf("no credits page in the PDF:\n%s", txt)
	}
}
