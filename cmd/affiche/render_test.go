package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestRenderSizes(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.json")
	os.WriteFile(in, []byte(`{"format":"affiche","version":1,"pages":[
		{"elements":[{"type":"text","x":40,"y":40,"width":300,"height":50,"text":"Fête — 5 €"}]},
		{"width":1080,"height":1080,"background":"#264653"}]}`), 0o644)
	cases := []struct {
		args  []string
		files map[string][2]int
	}{
		{[]string{"render", in, "-o", filepath.Join(dir, "a.png")}, map[string][2]int{"a-1.png": {595, 842}, "a-2.png": {1080, 1080}}},
		{[]string{"render", in, "-o", filepath.Join(dir, "b.png"), "--page", "1", "--dpi", "300"}, map[string][2]int{"b.png": {2480, 3508}}},
		{[]string{"render", "--scale", "2", "-o", filepath.Join(dir, "c.png"), in, "--page=2"}, map[string][2]int{"c.png": {2160, 2160}}},
	}
	for _, c := range cases {
		if code, _, stderr := runCLI(t, c.args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		for name, size := range c.files {
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(f)
			f.Close()
			if err != nil || cfg.Width != size[0] || cfg.Height != size[1] {
				t.Errorf("%s: %dx%d (%v), want %dx%d", name, cfg.Width, cfg.Height, err, size[0], size[1])
			}
		}
	}
	if code, _, _ := runCLI(t, "render", in, "-o", filepath.Join(dir, "d.jpg"), "--page", "2"); code != 0 {
		t.Fatal("jpeg export failed")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "d.jpg")); len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Error("d.jpg is not a JPEG")
	}
}

func TestRenderBadInputNamesThePathAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "bad.json")
	os.WriteFile(in, []byte(`{"format":"affiche","version":1,"pages":[{"elements":[{"type":"text"},{"type":"text","fontSize":-3}]}]}`), 0o644)
	out := filepath.Join(dir, "out.png")
	code, _, stderr := runCLI(t, "render", in, "-o", out)
	if code == 0 {
		t.Fatal("bad input accepted")
	}
	if !strings.Contains(stderr, "pages[0].elements[1].fontSize") {
		t.Errorf("stderr does not name the JSON path: %s", stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left behind: %v", entries)
	}
	for _, args := range [][]string{
		{"render", in},
		{"render", "-o", out},
		{"render", in, "-o", filepath.Join(dir, "x.gif")},
		{"render", filepath.Join(dir, "missing.json"), "-o", out},
		{"render", in, "-o", out, "--page", "9"},
	} {
		if code, _, _ := runCLI(t, args...); code == 0 {
			t.Errorf("%v succeeded", args)
		}
	}
}

// TestRenderEveryFixture renders every scene of the renderer's golden set and the scene
// fixtures through the command line.
func TestRenderEveryFixture(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var files []string
	for _, g := range []string{"../../renderer/testdata/scenes/*.json", "../../scene/testdata/valid/*.json", "../../templates/*/*.json", "../../templates/*.json"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 3 {
		t.Fatalf("only %d fixtures", len(files))
	}
	dir := t.TempDir()
	for _, f := range files {
		if strings.HasSuffix(f, "catalogue.json") {
			continue
		}
		out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(f), ".json")+".png")
		if code, _, stderr := runCLI(t, "render", f, "-o", out, "--page", "1"); code != 0 {
			t.Errorf("%s: exit %d: %s", f, code, stderr)
		}
	}
}

func TestRenderPolotnoDirectly(t *testing.T) {
	design := "/work/shared/bench/polotno-node/designs/poster.json"
	if _, err := os.Stat(design); err != nil {
		design = "../../../shared/bench/polotno-node/designs/poster.json"
		if _, err := os.Stat(design); err != nil {
			t.Skip("peer designs not present")
		}
	}
	out := filepath.Join(t.TempDir(), "p.png")
	if code, _, stderr := runCLI(t, "render", design, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, _ := os.Open(out)
	defer f.Close()
	if cfg, err := png.DecodeConfig(f); err != nil || cfg.Width != 595 || cfg.Height != 842 {
		t.Errorf("%dx%d %v", cfg.Width, cfg.Height, err)
	}
}
