package pdf

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"affiche/renderer/text"
	"affiche/scene"
)

// Line breaks: the text poppler reads back from the PDF, word by word with its boxes, falls on
// the lines of the shared layout — every character of every line of every unrotated text
// element, in order, and nothing else.

var reWord = regexp.MustCompile(`<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>`)

type pdfWord struct {
	x0, y0, x1, y1 float64
	text           string
}

// pdfWords returns the words poppler reads on page 1 (page coordinates of the media box).
func pdfWords(tb testing.TB, pdf []byte) []pdfWord {
	out := poppler(tb, pdf, "pdftotext", "-bbox", "-f", "1", "-l", "1")
	var ws []pdfWord
	for _, m := range reWord.FindAllStringSubmatch(out, -1) {
		f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
		ws = append(ws, pdfWord{f(m[1]), f(m[2]), f(m[3]), f(m[4]), html.UnescapeString(m[5])})
	}
	return ws
}

// layoutRow is one laid-out line on the page.
type layoutRow struct {
	box  scene.Rect
	text string // without spaces
	got  []pdfWord
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00ad' || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}

// layoutRows lays out every visible, unrotated, left-to-right text element of the page.
func layoutRows(tb testing.TB, doc *scene.Document, page int) []*layoutRow {
	reg := registry(tb)
	var rows []*layoutRow
	doc.Pages[page].Walk(func(e *scene.Element) bool {
		if e.Hidden || !(e.Opacity > 0) {
			return false
		}
		if e.Type != scene.TypeText || e.Rotation != 0 || e.FlipX || e.FlipY {
			return true
		}
		res := text.Layout(e, reg)
		for _, ln := range res.Lines {
			var b strings.Builder
			rtl := false
			x0, x1 := ln.X, ln.X+ln.Width
			for _, r := range ln.Runs {
				for _, g := range r.Glyphs {
					x0, x1 = math.Min(x0, g.X), math.Max(x1, g.X+g.Advance)
				}
				if r.RTL {
					rtl = true
				}
				if r.Color.A > 0 {
					b.WriteString(r.Text)
				}
			}
			t := noSpace(b.String())
			if rtl || t == "" {
				continue
			}
			rows = append(rows, &layoutRow{
				box:  scene.Rect{X: e.X + x0 - 2, Y: e.Y + ln.Top(), Width: x1 - x0 + 4, Height: ln.Bottom() - ln.Top()},
				text: t,
			})
		}
		return true
	})
	return rows
}

func TestLineBreaksMatchLayout(t *testing.T) {
	havePoppler(t)
	for name, doc := range loadScenes(t) {
		for p := range doc.Pages {
			t.Run(fmt.Sprintf("%s/p%d", name, p+1), func(t *testing.T) {
				o := options(t)
				o.Pages, o.Bleed = []int{p}, ptr(0)
				b, _ := writePDF(t, doc, o)
				rows := layoutRows(t, doc, p)
				for _, w := range pdfWords(t, b) {
					cx, cy := (w.x0+w.x1)/2, (w.y0+w.y1)/2
					var best *layoutRow
					for _, r := range rows {
						if r.box.Contains(cx, cy) && (best == nil || math.Abs(cy-(r.box.Y+r.box.Height/2)) < math.Abs(cy-(best.box.Y+best.box.Height/2))) {
							best = r
						}
					}
					if best != nil {
						best.got = append(best.got, w)
					}
				}
				lines := 0
				for _, r := range rows {
					// Words in reading order.
					ws := r.got
					for i := 1; i < len(ws); i++ {
						for j := i; j > 0 && ws[j].x0 < ws[j-1].x0; j-- {
							ws[j], ws[j-1] = ws[j-1], ws[j]
						}
					}
					var got strings.Builder
					for _, w := range ws {
						got.WriteString(w.text)
					}
					if g := noSpace(got.String()); g != r.text {
						t.Errorf("line at y=%.1f: PDF has %q, layout %q", r.box.Y, g, r.text)
					}
					lines++
				}
				t.Logf("%d lines checked", lines)
			})
		}
	}
}
