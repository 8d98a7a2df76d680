package main

import (
	"affiche/library/credits"
	"affiche/server/export"
	"context"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"affiche/internal/bundled"
	"affiche/renderer/encode"
	"affiche/renderer/raster"
	"affiche/scene"
)

func init() {
	register(command{
		name:    "render",
		summary: "render a design to PNG, JPEG or PDF / exporter un document en PNG, JPEG ou PDF",
		run:     runRender,
	})
}

type renderFlags struct {
	out     string
	dpi     float64
	scale   float64
	page    string
	quality int
	credits string
}

func runRender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f renderFlags
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.out, "o", "", "output file: .png, .jpg/.jpeg or .pdf / fichier de sortie")
	fs.Float64Var(&f.dpi, "dpi", 72, "resolution in dots per inch (72 = 1 px per point; 300 for print) / résolution")
	fs.Float64Var(&f.scale, "scale", 1, "multiplies the resolution (2 = twice as many pixels) / facteur d'échelle")
	fs.StringVar(&f.page, "page", "all", "page number from 1, or all / numéro de page à partir de 1, ou all")
	fs.IntVar(&f.quality, "quality", 90, "JPEG quality 1–100 / qualité JPEG")
	fs.StringVar(&f.credits, "credits", "none", "credits of library photos and icons: none, line (at the foot of each page) or page (added at the end) / crédits des photos et icônes : none, line ou page")
	definePDFFlags(fs) // parsed again by renderPDF for .pdf outputs; accepted here so they validate
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: affiche render IN.json -o OUT.png|OUT.jpg [--dpi N] [--page N|all] [--scale S] [--quality Q] [--credits none|line|page]")
		fmt.Fprintln(stderr, "       affiche render IN.json -o OUT.pdf [--preset print|screen] [--bleed 3mm] [--crop-marks] [--outline-text] [--page N|all]")
		fmt.Fprintln(stderr, "Renders an Affiche document (or a Polotno design). Several pages give numbered files: out-1.png, out-2.png…")
		fmt.Fprintln(stderr, "Exporte un document Affiche (ou un modèle Polotno). Plusieurs pages donnent des fichiers numérotés.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(reorderFlags(fs, args)); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 || f.out == "" {
		fs.Usage()
		return errUsage
	}
	dpi := f.dpi * f.scale
	if dpi <= 0 || dpi > 2400 {
		return fmt.Errorf("--dpi × --scale must be between 1 and 2400 (got %g)", dpi)
	}
	if f.quality < 1 || f.quality > 100 {
		return fmt.Errorf("--quality must be between 1 and 100")
	}
	in := fs.Arg(0)
	doc, err := readDocument(in, stderr)
	if err != nil {
		return err
	}
	pages, err := parsePages(f.page, len(doc.Pages))
	if err != nil {
		return err
	}
	mode, ok := credits.ParseMode(f.credits)
	if !ok {
		return fmt.Errorf("--credits %q: use none, line or page", f.credits)
	}
	doc, pages = export.AddCredits(doc, mode, pages)
	ext := strings.ToLower(filepath.Ext(f.out))
	switch ext {
	case ".png", ".jpg", ".jpeg":
		return renderRaster(ctx, doc, in, pages, dpi, ext, f, stderr)
	case ".pdf":
		return renderPDF(ctx, doc, in, pages, args, stderr)
	}
	return fmt.Errorf("%s: unknown output type (use .png, .jpg or .pdf)", f.out)
}

// parsePages reads --page: "all", or a 1-based page number.
func parsePages(s string, n int) ([]int, error) {
	if s == "all" || s == "" {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		return all, nil
	}
	p, err := strconv.Atoi(s)
	if err != nil || p < 1 || p > n {
		return nil, fmt.Errorf("--page must be all or a page number from 1 to %d (got %q)", n, s)
	}
	return []int{p - 1}, nil
}

// pageFile names the output of one page: the name given for a single page, numbered otherwise.
func pageFile(out string, page, count int) string {
	if count == 1 {
		return out
	}
	ext := filepath.Ext(out)
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(out, ext), page+1, ext)
}

func renderRaster(ctx context.Context, doc *scene.Document, in string, pages []int, dpi float64, ext string, f renderFlags, stderr io.Writer) error {
	fonts, err := bundled.Fonts()
	if err != nil {
		return err
	}
	// Pages share one bitmap, and photos drawn the same way on several pages (a logo) are
	// resampled once.
	pool := &raster.PagePool{}
	opts := raster.Options{DPI: dpi, Fonts: fonts, Loader: bundled.FileLoader(filepath.Dir(in)),
		ImageCache: raster.NewImageCache(64 << 20), Pages: pool}
	var written []string
	ok := false
	defer func() { // nothing half-written: on failure remove what this run wrote
		if !ok {
			for _, w := range written {
				os.Remove(w)
			}
		}
	}()
	for _, p := range pages {
		img, warns, err := raster.RenderPage(ctx, doc, p, opts)
		if err != nil {
			return fmt.Errorf("page %d: %v", p+1, err)
		}
		for _, w := range warns {
			fmt.Fprintf(stderr, "%s: page %d: %s\n", label("warning", "avertissement"), p+1, w.In(userLang()))
		}
		name := pageFile(f.out, p, len(pages))
		if err := writeAtomic(name, func(w io.Writer) error { return encodeImage(w, img, ext, dpi, f.quality) }); err != nil {
			return err
		}
		pool.Put(img)
		written = append(written, name)
	}
	ok = true
	return nil
}

func encodeImage(w io.Writer, img *image.RGBA, ext string, dpi float64, quality int) error {
	if ext == ".png" {
		return encode.PNG(w, img, dpi)
	}
	return encode.JPEG(w, img, dpi, quality)
}

// writeAtomic writes a file through a temporary file in the same folder, renamed into place
// only when complete: a failed or interrupted export never leaves a truncated file behind.
func writeAtomic(name string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes 0600 files: exports are shared
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
