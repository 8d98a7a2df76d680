package main

import (
	"context"
	"errors"
	"io"

	"affiche/scene"
)

// renderPDF writes a print PDF. The PDF backend plugs in here.
func renderPDF(ctx context.Context, doc *scene.Document, in string, pages []int, args []string, stderr io.Writer) error {
	return errors.New("PDF export is not available in this build yet")
}
