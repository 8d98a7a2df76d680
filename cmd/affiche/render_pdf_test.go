package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRenderPDFFlags(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.json")
	os.WriteFile(in, []byte(`{"format":"affiche","version":1,"title":"Essai","width":595.28,"height":841.89,"bleed":5.669,"pages":[
		{"elements":[{"type":"text","x":40,"y":40,"width":400,"height":60,"text":"Bonjour à tous","fontSize":24}]},
		{"elements":[{"type":"image","x":0,"y":0,"width":100,"height":100,"src":"missing.png"}]}]}`), 0o644)
	doc, err := readDocument(in, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.pdf")
	var stderr bytes.Buffer
	err = renderPDF(context.Background(), doc, in, []int{0, 1}, []string{in, "-o", out, "--preset", "print", "--bleed", "5mm", "--dpi", "150", "--crop-marks=false"}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "missing.png") {
		t.Errorf("the missing image is not reported: %q", stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-1.4")) {
		t.Fatalf("no PDF written: %v", err)
	}
	if bytes.Contains(b, []byte("/Separation /All")) {
		t.Error("--crop-marks=false did not override the preset")
	}
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		info, _ := exec.Command("pdfinfo", "-box", out).Output()
		// 5 mm bleed: 220 × 307 mm = 623.62 × 870.24 pt.
		if !regexp.MustCompile(`BleedBox:\s+0\.00\s+0\.00\s+623\.6\d\s+870\.2\d`).Match(info) {
			t.Errorf("--bleed 5mm without marks:\n%s", info)
		}
	}
	// Bad values are errors, and nothing is left behind.
	for _, args := range [][]string{{"-o", out + "2", "--preset", "poster"}, {"-o", out + "2", "--bleed", "3 parsecs"}, {"-o", out + "2", "--bleed", "5cm"}} {
		if err := renderPDF(context.Background(), doc, in, []int{0}, args, &stderr); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if _, err := os.Stat(out + "2"); err == nil {
		t.Error("a failed export left a file")
	}
}
