package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"affiche/internal/bundled"
	"affiche/library/credits"
	"affiche/preflight"
	"affiche/scene"
	"affiche/server/export"
)

func init() {
	register(command{
		name:    "preflight",
		summary: "check a design for print problems / vérifier un document avant impression",
		run:     runPreflight,
	})
}

func runPreflight(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("preflight", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "machine-readable output (JSON) / sortie JSON")
	lang := fs.String("lang", userLang(), "language of the messages: fr or en / langue des messages")
	safe := fs.String("safe-margin", "5mm", "safe zone inside the trim / marge de sécurité")
	minDPI := fs.Float64("min-dpi", 0, "resolution images need (default 300, 150 above A2) / résolution minimale")
	withCredits := fs.String("credits", "none", "check the design as exported with credits: none, line or page / vérifier le document tel qu'exporté avec ses crédits")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: affiche preflight IN.json [--json] [--lang fr|en] [--safe-margin 5mm] [--min-dpi N] [--credits none|line|page]")
		fmt.Fprintln(stderr, "Checks a design as a print shop would; exits 1 when something must be fixed.")
		fmt.Fprintln(stderr, "Vérifie un document comme le ferait un imprimeur ; code de sortie 1 s'il faut corriger quelque chose.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(reorderFlags(fs, args)); err != nil || fs.NArg() != 1 {
		if err == nil {
			fs.Usage()
		}
		return errUsage
	}
	margin, err := scene.ParseLength(*safe)
	if err != nil {
		return err
	}
	in := fs.Arg(0)
	doc, err := readDocument(in, stderr)
	if err != nil {
		return err
	}
	mode, ok := credits.ParseMode(*withCredits)
	if !ok {
		return fmt.Errorf("--credits %q: use none, line or page", *withCredits)
	}
	// Checked as it will be exported: the credits line or page answers the licences that
	// require one.
	doc, _ = export.AddCredits(doc, mode, nil)
	fonts, err := bundled.Fonts()
	if err != nil {
		return err
	}
	found := preflight.Check(ctx, doc, preflight.Options{
		Loader: bundled.FileLoader(filepath.Dir(in)), Fonts: fonts, SafeMargin: margin, MinDPI: *minDPI,
	})
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if found == nil {
			found = []preflight.Finding{}
		}
		if err := enc.Encode(found); err != nil {
			return err
		}
	} else {
		printFindings(stdout, doc, found, *lang)
	}
	for _, f := range found {
		if f.Severity == preflight.Error {
			return errFindings
		}
	}
	return nil
}

// errFindings makes the command exit 1 without printing anything more.
var errFindings = fmt.Errorf("%w", errSilent)

func printFindings(w io.Writer, doc *scene.Document, found []preflight.Finding, lang string) {
	fr := lang == "fr"
	if len(found) == 0 {
		if fr {
			fmt.Fprintln(w, "Aucun problème trouvé : le document est prêt pour l'imprimeur.")
		} else {
			fmt.Fprintln(w, "No problems found: the design is ready for print.")
		}
		return
	}
	for _, f := range found {
		sev := map[preflight.Severity][2]string{preflight.Error: {"ERROR", "ERREUR"}, preflight.Warning: {"warning", "attention"}}[f.Severity]
		s, page := sev[0], "page"
		if fr {
			s = sev[1]
		}
		fmt.Fprintf(w, "%-9s %s %d", s, page, f.Page+1)
		if f.ElementID != "" {
			fmt.Fprintf(w, " [%s]", f.ElementID)
		}
		fmt.Fprintf(w, ": %s\n", f.In(lang))
	}
	errs := 0
	for _, f := range found {
		if f.Severity == preflight.Error {
			errs++
		}
	}
	if fr {
		fmt.Fprintf(w, "\n%d problème(s), dont %d à corriger avant impression.\n", len(found), errs)
	} else {
		fmt.Fprintf(w, "\n%d problem(s), %d to fix before printing.\n", len(found), errs)
	}
}
