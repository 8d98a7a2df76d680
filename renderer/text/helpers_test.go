package text

import (
	"strings"
	"sync"
	"testing"

	"affiche/internal/bundled"
	"affiche/renderer/font"
	"affiche/scene"
)

// bundledRegistry is the registry the command line and the server use: every bundled face,
// aliases, fallback chain and the characters each family takes from a fallback.
var bundledRegistry = sync.OnceValues(bundled.NewFonts)

func registry(tb testing.TB) *font.Registry {
	tb.Helper()
	reg, err := bundledRegistry()
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// textElement makes a text element with Restore's defaults and one paragraph per string.
func textElement(width, height float64, paras ...string) *scene.Element {
	e := &scene.Element{Type: scene.TypeText, Width: width, Height: height}
	e.FontFamily = "Roboto"
	e.FontSize = 24
	e.FontWeight = 400
	e.Color = "#000000"
	e.LineHeight = 1.2
	e.Align = scene.AlignLeft
	e.VerticalAlign = scene.VAlignTop
	for _, p := range paras {
		e.Paragraphs = append(e.Paragraphs, scene.Paragraph{Runs: []scene.Run{{Text: p}}})
	}
	return e
}

// lineTexts returns the displayed text of each line (runs joined in visual order, markers left
// out, trailing spaces not shown).
func lineTexts(r *Result) []string {
	var out []string
	for _, ln := range r.Lines {
		var b strings.Builder
		for _, run := range ln.Runs {
			if !run.Marker {
				b.WriteString(run.Text)
			}
		}
		out = append(out, b.String())
	}
	return out
}
