package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"affiche/internal/bundled"
	"affiche/renderer/pdf"
	"affiche/scene"
)

// pdfFlags are the options of `affiche render … -o OUT.pdf`.
type pdfFlags struct {
	bleed       string
	cropMarks   bool
	outlineText bool
	preset      string
}

// definePDFFlags declares the PDF options on fs. runRender parses its flags before it knows
// the output type, so it must declare these too (renderPDF reads them from the arguments).
func definePDFFlags(fs *flag.FlagSet) *pdfFlags {
	f := &pdfFlags{}
	fs.StringVar(&f.bleed, "bleed", "", "PDF: bleed around each page, e.g. 3mm (default: the document's) / fonds perdus")
	fs.BoolVar(&f.cropMarks, "crop-marks", false, "PDF: crop marks outside the bleed / traits de coupe")
	fs.BoolVar(&f.outlineText, "outline-text", false, "PDF: text as vector outlines, no fonts embedded / texte vectorisé")
	fs.StringVar(&f.preset, "preset", "", "PDF: print (3 mm bleed, crop marks) or screen (no bleed, no marks) / préréglage")
	return f
}

// renderPDF writes the pages of doc (from 0) as one PDF, with the PDF options found in args
// (the raster ones are accepted and ignored). The file appears only once complete.
func renderPDF(ctx context.Context, doc *scene.Document, in string, pages []int, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output file")
	f := definePDFFlags(fs)
	fs.Float64("dpi", 72, "")
	fs.Float64("scale", 1, "")
	fs.String("page", "all", "")
	fs.Int("quality", 90, "")
	fs.String("credits", "none", "")
	if err := fs.Parse(reorderFlags(fs, args)); err != nil {
		return errUsage
	}
	if *out == "" {
		return fmt.Errorf("no output file (-o OUT.pdf)")
	}
	fonts, err := bundled.Fonts()
	if err != nil {
		return err
	}
	o := pdf.Options{Fonts: fonts, Loader: bundled.FileLoader(filepath.Dir(in)), Pages: pages}
	if f.preset != "" {
		p, ok := pdf.PresetByID(f.preset)
		if !ok {
			return fmt.Errorf("--preset must be print or screen (got %q)", f.preset)
		}
		o = p.Apply(o)
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["bleed"] {
		b, err := scene.ParseLength(f.bleed)
		if err != nil {
			return fmt.Errorf("--bleed: %v", err)
		}
		if b < 0 || b > pdf.MaxBleed {
			return fmt.Errorf("--bleed must be between 0 and %g mm (got %s)", pdf.MaxBleed/scene.PtPerMM, f.bleed)
		}
		o.Bleed = &b
	}
	if set["crop-marks"] {
		o.CropMarks = f.cropMarks
	}
	o.OutlineText = f.outlineText
	var warns []pdf.Warning
	err = writeAtomic(*out, func(w io.Writer) error {
		var err error
		warns, err = pdf.Write(ctx, w, doc, o)
		return err
	})
	for _, w := range warns {
		fmt.Fprintf(stderr, "%s: %s\n", label("warning", "avertissement"), w.In(userLang()))
	}
	return err
}
