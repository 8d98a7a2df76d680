package text

import (
	"math"
	"strings"
	"testing"

	"affiche/scene"
)

// FuzzLayout lays out random paragraphs with random styles: Layout and the caret functions must
// never panic and must give finite coordinates.
func FuzzLayout(f *testing.F) {
	f.Add("Bonjour « le monde » !\nשלום عالم\n\n• liste", []byte{3, 200, 7, 1, 9})
	f.Add("AVATAR office ﬁ Straße\u202f! \U0001F600\t\u2028x", []byte{0, 0, 255, 4})
	f.Add("\u0301\u200d\ufe0f\u202e abc \u202c", []byte{9, 9})
	f.Add(strings.Repeat("mot ", 200), []byte{1})
	reg := registry(f)
	families := append(reg.Families(), "Missing Family")
	f.Fuzz(func(t *testing.T, s string, style []byte) {
		if len(s) > 4000 {
			s = s[:4000]
		}
		b := func(i int) int {
			if len(style) == 0 {
				return 0
			}
			return int(style[i%len(style)])
		}
		e := textElement(float64(b(0)*3-50), float64(b(1)), "")
		e.Paragraphs = nil
		e.LineHeight = float64(b(2)%40) / 10
		e.ParagraphSpacing = float64(b(3)%20) / 5
		e.Align = []scene.Align{"", scene.AlignLeft, scene.AlignCenter, scene.AlignRight, scene.AlignJustify}[b(4)%5]
		e.VerticalAlign = []scene.VAlign{"", scene.VAlignTop, scene.VAlignMiddle, scene.VAlignBottom}[b(5)%4]
		e.TextTransform = []scene.TextTransform{"", scene.TransformUppercase, scene.TransformLowercase, scene.TransformCapitalize}[b(6)%4]
		e.LetterSpacing = float64(b(7)%60)/10 - 1
		if b(8)%3 == 0 {
			e.Background = &scene.TextBackground{Color: "#fff", Opacity: 1, Padding: 3, PerLine: b(9)%2 == 0}
		}
		k := 10
		for pi, ptext := range strings.Split(s, "\n") {
			p := scene.Paragraph{List: []scene.ListKind{"", "", scene.ListBullet, scene.ListNumber}[b(k)%4], Level: b(k+1) % 12}
			k += 2
			// Cut the paragraph into runs at arbitrary byte positions (maybe inside a rune).
			for len(ptext) > 0 {
				n := min(len(ptext), 1+b(k)%17)
				k++
				run := scene.Run{Text: ptext[:n]}
				ptext = ptext[n:]
				if v := b(k); v%2 == 0 {
					size := float64(v%90) - 5
					run.FontSize = &size
				}
				if v := b(k + 1); v%3 == 0 {
					fam := families[v%len(families)]
					run.FontFamily = &fam
					w := scene.FontWeight(v * 5)
					run.FontWeight = &w
					it := v%2 == 0
					run.Italic = &it
				}
				k += 2
				p.Runs = append(p.Runs, run)
			}
			e.Paragraphs = append(e.Paragraphs, p)
			if pi > 50 {
				break
			}
		}
		r := Layout(e, reg)
		bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
		for _, ln := range r.Lines {
			if bad(ln.X) || bad(ln.Width) || bad(ln.Baseline) {
				t.Fatalf("line %+v", ln)
			}
			for _, run := range ln.Runs {
				if run.Font == nil {
					t.Fatal("run without a font")
				}
				for _, g := range run.Glyphs {
					if bad(g.X) || bad(g.Y) || bad(g.Advance) || g.Cluster < 0 || g.Cluster > len(run.Text) {
						t.Fatalf("glyph %+v in %q", g, run.Text)
					}
				}
			}
		}
		for pi := -1; pi <= len(e.Paragraphs); pi++ {
			for o := -1; o < 40; o += 3 {
				x, top, bottom := r.Caret(pi, o)
				if bad(x) || bad(top) || bad(bottom) {
					t.Fatalf("Caret(%d, %d) = %v %v %v", pi, o, x, top, bottom)
				}
				r.HitTest(x, top)
			}
		}
		r.SelectionRects(0, 0, len(e.Paragraphs), 1<<30)
	})
}
