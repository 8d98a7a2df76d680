package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"affiche/scene"
)

// readDocument reads a design file for the command line: an Affiche document, or a Polotno
// design imported on the fly. Warnings are printed to stderr in the user's language.
func readDocument(path string, stderr io.Writer) (*scene.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, scene.MaxInputBytes+1))
	if err != nil {
		return nil, err
	}
	doc, warns, err := decodeDocument(data)
	if err != nil {
		if e, ok := err.(*scene.Error); ok {
			return nil, fmt.Errorf("%s: %s", filepath.Base(path), e.In(userLang()))
		}
		if es, ok := err.(scene.Errors); ok {
			for _, e := range es[1:] {
				fmt.Fprintf(stderr, "  %s\n", e.In(userLang()))
			}
			return nil, fmt.Errorf("%s: %s", filepath.Base(path), es[0].In(userLang()))
		}
		return nil, fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	for _, w := range warns {
		fmt.Fprintf(stderr, "%s: %s\n", label("warning", "avertissement"), w.In(userLang()))
	}
	return doc, nil
}

// userLang returns "fr" when the environment's locale is French, else "en".
func userLang() string {
	for _, v := range []string{"AFFICHE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if len(s) >= 2 && s[:2] == "fr" {
				return "fr"
			}
			return "en"
		}
	}
	return "en"
}

// label picks the English or French word for the user's language.
func label(en, fr string) string {
	if userLang() == "fr" {
		return fr
	}
	return en
}
