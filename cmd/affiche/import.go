package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"affiche/assets"
	"affiche/scene"
	"affiche/scene/polotno"
)

func init() {
	register(command{
		name:    "import",
		summary: "convert a Polotno design to Affiche / convertir un modèle Polotno pour Affiche",
		run:     runImport,
	})
	register(command{
		name:    "export-polotno",
		summary: "convert an Affiche document to Polotno JSON / convertir un document Affiche en JSON Polotno",
		run:     runExportPolotno,
	})
}

// importReport is what `affiche import --json-report` prints.
type importReport struct {
	Input    string            `json:"input"`
	Output   string            `json:"output"`
	Pages    int               `json:"pages"`
	Elements int               `json:"elements"`
	Warnings []polotno.Warning `json:"warnings"`
}

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output file (Affiche JSON); - for standard output / fichier de sortie")
	report := fs.Bool("json-report", false, "print the warnings as JSON on standard output / afficher les avertissements en JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: affiche import design.json -o out.json [--json-report]")
		fmt.Fprintln(stderr, label("Converts a Polotno design (JSON) into an Affiche document and lists what was approximated.",
			"Convertit un modèle Polotno (JSON) en document Affiche et liste ce qui a été approché."))
		fs.PrintDefaults()
	}
	in, err := parseInterspersed(fs, args)
	if err != nil {
		return errUsage
	}
	if in == "" || *out == "" {
		fs.Usage()
		return errUsage
	}
	if *out == "-" && *report {
		fmt.Fprintln(stderr, label("-o - and --json-report both write to standard output: choose one",
			"-o - et --json-report écrivent tous deux sur la sortie standard : choisissez l'un des deux"))
		return errUsage
	}
	data, err := readLimited(in)
	if err != nil {
		return err
	}
	doc, warns, err := polotno.ImportWith(data, polotno.Options{KnownFamilies: knownFamily})
	if err != nil {
		return describeSceneError(in, err, stderr)
	}
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return err
	}
	if err := writeOutput(*out, append(b, '\n'), stdout); err != nil {
		return err
	}
	if *report {
		rep := importReport{Input: in, Output: *out, Pages: len(doc.Pages), Warnings: warns}
		if rep.Warnings == nil {
			rep.Warnings = []polotno.Warning{}
		}
		for _, p := range doc.Pages {
			p.Walk(func(*scene.Element) bool { rep.Elements++; return true })
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		return enc.Encode(rep)
	}
	for _, w := range warns {
		fmt.Fprintf(stderr, "%s: %s\n", label("warning", "avertissement"), w.In(userLang()))
	}
	fmt.Fprintf(stderr, label("%s: %d page(s), %d warning(s)\n", "%s : %d page(s), %d avertissement(s)\n"),
		filepath.Base(in), len(doc.Pages), len(warns))
	return nil
}

func runExportPolotno(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export-polotno", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output file (Polotno JSON); - for standard output / fichier de sortie")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: affiche export-polotno document.json -o design.polotno.json")
		fmt.Fprintln(stderr, label("Writes an Affiche document as a Polotno design and lists what Polotno cannot hold.",
			"Écrit un document Affiche comme modèle Polotno et liste ce que Polotno ne sait pas conserver."))
		fs.PrintDefaults()
	}
	in, err := parseInterspersed(fs, args)
	if err != nil {
		return errUsage
	}
	if in == "" || *out == "" {
		fs.Usage()
		return errUsage
	}
	data, err := readLimited(in)
	if err != nil {
		return err
	}
	doc, _, err := scene.Restore(data)
	if err != nil {
		return describeSceneError(in, err, stderr)
	}
	b, warns, err := polotno.Export(doc)
	if err != nil {
		return err
	}
	if err := writeOutput(*out, append(b, '\n'), stdout); err != nil {
		return err
	}
	for _, w := range warns {
		fmt.Fprintf(stderr, "%s: %s\n", label("warning", "avertissement"), w.In(userLang()))
	}
	return nil
}

// knownFamily reports whether a family (or one of its aliases) is bundled.
func knownFamily(name string) bool {
	_, ok := assets.FindFamily(name)
	return ok
}

// parseInterspersed parses flags that may come before or after the one positional argument.
func parseInterspersed(fs *flag.FlagSet, args []string) (string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) > 1 {
		fs.Usage()
		return "", errors.New("too many arguments")
	}
	if len(pos) == 0 {
		return "", nil
	}
	return pos[0], nil
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, scene.MaxInputBytes+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

func writeOutput(path string, b []byte, stdout io.Writer) error {
	if path == "-" {
		_, err := stdout.Write(b)
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// describeSceneError turns a scene error into a message in the user's language, listing the
// further problems of a scene.Errors on stderr.
func describeSceneError(path string, err error, stderr io.Writer) error {
	var e *scene.Error
	if errors.As(err, &e) {
		return fmt.Errorf("%s: %s", filepath.Base(path), e.In(userLang()))
	}
	var es scene.Errors
	if errors.As(err, &es) && len(es) > 0 {
		for _, e := range es[1:] {
			fmt.Fprintf(stderr, "  %s\n", e.In(userLang()))
		}
		return fmt.Errorf("%s: %s", filepath.Base(path), es[0].In(userLang()))
	}
	return fmt.Errorf("%s: %v", filepath.Base(path), err)
}
