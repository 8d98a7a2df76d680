package text

import (
	"strconv"
	"strings"
	"sync"
	"testing"

	"affiche/assets"
	"affiche/renderer/font"
	"affiche/scene"
)

// bundledRegistry loads every bundled font as the catalogue names it, with the catalogue's
// fallback chain and missing characters.
var bundledRegistry = sync.OnceValues(func() (*font.Registry, error) {
	reg := font.NewRegistry()
	fams, err := assets.FontCatalogue()
	if err != nil {
		return nil, err
	}
	for _, fam := range fams {
		for _, face := range fam.Faces {
			data, err := assets.FontFile(face.File)
			if err != nil {
				return nil, err
			}
			if err := reg.AddAs(fam.Family, face.Weight, face.Style == assets.StyleItalic, data); err != nil {
				return nil, err
			}
		}
		var ex []rune
		for _, m := range fam.Missing {
			if v, err := strconv.ParseUint(strings.TrimPrefix(m, "U+"), 16, 32); err == nil {
				ex = append(ex, rune(v))
			}
		}
		reg.ExcludeRunes(fam.Family, ex...)
	}
	chain, err := assets.FontFallbacks()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range chain {
		names = append(names, f.Family)
	}
	reg.SetFallbacks(names...)
	reg.SetDefault(assets.DefaultFamily)
	return reg, nil
})

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
