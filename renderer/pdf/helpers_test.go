package pdf

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"affiche/assets"
	"affiche/internal/bundled"
	"affiche/renderer"
	"affiche/renderer/font"
	"affiche/scene"
)

func registry(tb testing.TB) *font.Registry {
	tb.Helper()
	reg, err := bundled.Fonts()
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// testLoader serves files of renderer/testdata/images as "testdata:NAME", the bundled photos
// as "photos/NAME" (as the command line finds them next to a document) and files of
// renderer/pdf/testdata as "local:NAME"; anything else is not found.
var testLoader = renderer.LoaderFunc(func(ctx context.Context, u string) (*renderer.Source, error) {
	dir, name := "", ""
	if n, ok := strings.CutPrefix(u, "testdata:"); ok {
		dir, name = filepath.Join("..", "testdata", "images"), n
	} else if n, ok := strings.CutPrefix(u, "local:"); ok {
		dir, name = "testdata", n
	} else if n, ok := strings.CutPrefix(u, "photos/"); ok && filepath.Base(n) == n {
		b, err := assets.PhotoFile(n)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", u, renderer.ErrNotFound)
		}
		return renderer.NewSource(u, b)
	}
	if dir == "" || filepath.Base(name) != name {
		return nil, fmt.Errorf("%s: %w", u, renderer.ErrNotFound)
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", u, renderer.ErrNotFound)
	}
	return renderer.NewSource(u, b)
})

func options(tb testing.TB) Options {
	return Options{Fonts: registry(tb), Loader: testLoader}
}

func restoreJSON(tb testing.TB, js string) *scene.Document {
	tb.Helper()
	doc, _, err := scene.Restore([]byte(js))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// writePDF exports doc and returns the file's bytes.
func writePDF(tb testing.TB, doc *scene.Document, o Options) ([]byte, []Warning) {
	tb.Helper()
	var buf bytes.Buffer
	warns, err := Write(context.Background(), &buf, doc, o)
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), warns
}

// havePoppler skips the test when poppler's tools are missing.
func havePoppler(tb testing.TB) {
	tb.Helper()
	for _, t := range []string{"pdftoppm", "pdfinfo", "pdffonts", "pdftotext"} {
		if _, err := exec.LookPath(t); err != nil {
			tb.Skipf("%s not found (install poppler-utils): skipping", t)
		}
	}
}

// poppler runs a poppler tool on a PDF given as bytes and returns its standard output.
func poppler(tb testing.TB, pdf []byte, tool string, args ...string) string {
	tb.Helper()
	dir := tb.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		tb.Fatal(err)
	}
	args = append(args, in)
	if tool == "pdftotext" {
		args = append(args, "-")
	}
	cmd := exec.Command(tool, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s %v: %v\n%s", tool, args, err, errb.String())
	}
	if s := errb.String(); strings.TrimSpace(s) != "" {
		tb.Errorf("%s %v complains:\n%s", tool, args, s)
	}
	return out.String()
}

// rasterise renders page (1-based) of a PDF with pdftoppm at dpi, without anti-aliasing
// differences in the way: the PDF's media box is rendered whole.
func rasterise(tb testing.TB, pdf []byte, page int, dpi float64) image.Image {
	tb.Helper()
	dir := tb.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		tb.Fatal(err)
	}
	prefix := filepath.Join(dir, "out")
	cmd := exec.Command("pdftoppm", "-png", "-r", fmt.Sprint(dpi), "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), "-singlefile", in, prefix)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(prefix + ".png")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

func writePNG(tb testing.TB, path string, img image.Image) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
}
