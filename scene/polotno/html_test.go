package polotno

import (
	"strings"
	"testing"

	"affiche/scene"
)

func TestParseRichTextEdges(t *testing.T) {
	base := scene.TextStyle{FontFamily: "Roboto", FontSize: 20, FontWeight: 400, Color: "black"}
	cases := []struct {
		html string
		want []string // paragraph texts, with "•" before bullet items and "#" before numbered ones
	}{
		{`Hello <b>world</b>`, []string{"Hello world"}},
		{"<p>a</p>\n  <p>b</p>", []string{"a", "b"}},
		{`<p>a<br>b<br></p>`, []string{"a", "b"}},
		{`<p>a<br><br></p>`, []string{"a", ""}},
		{`<p><br></p><p><br></p>`, []string{"", ""}},
		{`<div>x</div>y`, []string{"x", "y"}},
		{`<p>non&nbsp;sécable &amp; &#8364;</p>`, []string{"non\u00a0sécable & €"}},
		{`<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>`, []string{"•a", "•b", "•c"}},
		{`<ol><li>one<br>more</li></ol>`, []string{"#one", "more"}},
		{`<p><strong>unclosed <em>tags`, []string{"unclosed tags"}},
		{`</p></li></ul>stray ends`, []string{"stray ends"}},
		{``, []string{""}},
	}
	for _, c := range cases {
		ps, _ := parseRichText(c.html, base, 20, 1)
		var got []string
		for _, p := range ps {
			prefix := map[scene.ListKind]string{scene.ListBullet: "•", scene.ListNumber: "#"}[p.List]
			got = append(got, prefix+p.Text())
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q → %q, want %q", c.html, got, c.want)
		}
	}
	// nested list levels
	ps, _ := parseRichText(`<ul><li>a<ul><li>b</li></ul></li></ul>`, base, 20, 1)
	if ps[1].Level != 1 {
		t.Errorf("nested list level %d", ps[1].Level)
	}
	// styles nest and end where their tag ends; text-decoration none clears both lines
	ps, _ = parseRichText(`<u><s>both</s> under <span style="text-decoration: none">none</span></u> plain`, base, 20, 1)
	st := func(i int) scene.TextStyle { return ps[0].Runs[i].Style(base) }
	// (runs with the same style merge: "none" and " plain")
	if len(ps[0].Runs) != 3 || !st(0).Underline || !st(0).Strike || !st(1).Underline || st(1).Strike || st(2).Underline || ps[0].Runs[2].Text != "none plain" {
		t.Errorf("nesting: %+v", ps[0].Runs)
	}
	// scale: a 40 px span at 300 dpi is 9.6 pt
	ps, _ = parseRichText(`<span style="font-size: 40px">x</span>`, base, 20, 72.0/300)
	if got := *ps[0].Runs[0].FontSize; got < 9.599 || got > 9.601 {
		t.Errorf("font-size at 300 dpi: %v", got)
	}
}
