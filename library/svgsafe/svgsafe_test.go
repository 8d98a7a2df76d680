package svgsafe

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkSafe parses sanitised output on its own (strict XML, no entities) and fails the test on
// anything that could run script or reach outside the document.
func checkSafe(t testing.TB, out []byte) {
	t.Helper()
	if bytes.Contains(out, []byte("<!")) || bytes.Contains(out, []byte("<?")) {
		t.Fatalf("output keeps a declaration or processing instruction:\n%s", out)
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	d.Strict = true
	depth := 0
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("output is not well-formed XML: %v\n%s", err, out)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if depth == 0 && tk.Name.Local != "svg" {
				t.Fatalf("root is %q", tk.Name.Local)
			}
			depth++
			stack = append(stack, tk.Name.Local)
			if tk.Name.Space != nsSVG {
				t.Fatalf("element %v outside the SVG namespace", tk.Name)
			}
			if _, ok := elements[tk.Name.Local]; !ok {
				t.Fatalf("element %q kept", tk.Name.Local)
			}
			for _, a := range tk.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Fatalf("event handler %v kept", a.Name)
				}
				if a.Name.Local == "href" {
					v := a.Value
					ok := strings.HasPrefix(v, "#")
					for _, p := range []string{"png", "jpeg", "jpg", "gif", "webp"} {
						ok = ok || strings.HasPrefix(v, "data:image/"+p+";base64,")
					}
					if !ok {
						t.Fatalf("href %q kept", v)
					}
				}
				if a.Name.Space == nsXML && a.Name.Local == "base" {
					t.Fatal("xml:base kept")
				}
				checkURLs(t, a.Value)
				checkScript(t, a.Value)
			}
		case xml.EndElement:
			depth--
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "style" {
				checkURLs(t, string(tk))
				checkScript(t, string(tk))
				if strings.Contains(strings.ToLower(string(tk)), "@import") {
					t.Fatalf("@import kept: %q", tk)
				}
			}
		case xml.Directive, xml.ProcInst:
			t.Fatalf("declaration kept: %v", tk)
		}
	}
}

// checkScript fails on script URLs and HTML/SVG data URLs in an attribute or a style sheet.
func checkScript(t testing.TB, s string) {
	t.Helper()
	l := strings.ToLower(compactURL(s))
	for _, bad := range []string{"javascript:", "vbscript:", "data:text", "data:image/svg", "expression("} {
		if strings.Contains(l, bad) {
			t.Fatalf("%q kept in %q", bad, s)
		}
	}
}

func checkURLs(t testing.TB, s string) {
	t.Helper()
	l := strings.ToLower(s)
	for {
		i := strings.Index(l, "url(")
		if i < 0 {
			return
		}
		if !strings.HasPrefix(l[i+4:], "#") {
			t.Fatalf("external url() kept in %q", s)
		}
		l = l[i+4:]
	}
}

func TestHostileSamples(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.svg")
	if err != nil || len(files) < 8 {
		t.Fatalf("samples: %v %d", err, len(files))
	}
	// What must survive in each sample, so that "drop everything" does not pass.
	keep := map[string][]string{
		"script.svg":         {"<circle"},
		"onload.svg":         {`fill="red"`, `viewBox="0 0 10 10"`},
		"external-href.svg":  {`xlink:href="#ok"`, `href="data:image/png;base64,iVBORw0KGgo="`, "<circle", `id="ok"`},
		"foreignobject.svg":  {"<circle"},
		"css-import.svg":     {"url(#grad)", "stroke:red", "<style>"},
		"xinclude.svg":       {"<circle"},
		"data-html.svg":      {"<circle"},
		"editor-junk.svg":    {`d="M0 0L5 5"`, `width="10mm"`},
		"xxe.svg":            nil, // rejected
		"billion-laughs.svg": nil, // rejected
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, known := keep[name]
			if !known {
				t.Fatalf("no expectation for %s", name)
			}
			out, err := Sanitize(src)
			if want == nil {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("want ErrMalformed, got %v (%s)", err, out)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSafe(t, out)
			for _, bad := range []string{"evil.example", "javascript", "file:", "169.254", "alert("} {
				if bytes.Contains(bytes.ToLower(out), []byte(bad)) {
					t.Errorf("output contains %q:\n%s", bad, out)
				}
			}
			for _, w := range want {
				if !bytes.Contains(out, []byte(w)) {
					t.Errorf("lost %q:\n%s", w, out)
				}
			}
			again, err := Sanitize(out)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("not idempotent (%v):\n%s\n%s", err, out, again)
			}
		})
	}
}

func TestTypicalIconKeepsDrawing(t *testing.T) {
	src, err := os.ReadFile("testdata/icon.svg")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Sanitize(src)
	if err != nil {
		t.Fatal(err)
	}
	checkSafe(t, out)
	for _, el := range []string{"<path", "<circle", "<line", "<polyline", "<g", "<linearGradient", "<stop", "<rect", "<title"} {
		if bytes.Count(src, []byte(el)) != bytes.Count(out, []byte(el)) {
			t.Errorf("%s: %d in, %d out", el, bytes.Count(src, []byte(el)), bytes.Count(out, []byte(el)))
		}
	}
	for _, a := range []string{`stroke="currentColor"`, `stroke-linecap="round"`, `fill="url(#g1)"`, `style="fill-opacity:.8;stroke:url(#g1)"`, "Vélo", `transform="translate(1 1)"`} {
		if !bytes.Contains(out, []byte(a)) {
			t.Errorf("lost %s:\n%s", a, out)
		}
	}
	if w, h := Size(out); w != 24 || h != 24 {
		t.Errorf("Size = %v×%v", w, h)
	}
}

func TestRejects(t *testing.T) {
	cases := map[string]error{
		`<html><script>x</script></html>`:                                       ErrNotSVG,
		`<svg:svg xmlns:svg="urn:other"/>`:                                      ErrNotSVG,
		`<svg xmlns="http://www.w3.org/2000/svg"><g></svg>`:                     ErrMalformed,
		`<svg xmlns="http://www.w3.org/2000/svg"/><svg/>`:                       ErrMalformed,
		`<?xml version="1.0" encoding="ISO-8859-1"?><svg/>`:                     ErrMalformed,
		`<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat("<g>", 100): ErrTooLarge,
		``: ErrNotSVG,
	}
	for in, want := range cases {
		if _, err := Sanitize([]byte(in)); !errors.Is(err, want) {
			t.Errorf("%.60q: got %v, want %v", in, err, want)
		}
	}
	big := bytes.Repeat([]byte(" "), DefaultLimits.MaxBytes+1)
	if _, err := Sanitize(big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized input: %v", err)
	}
	many := "<svg>" + strings.Repeat("<g/>", 50) + "</svg>"
	if _, err := SanitizeLimits([]byte(many), Limits{MaxElements: 10}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("element limit: %v", err)
	}
}

func TestNoNamespaceRootGetsOne(t *testing.T) {
	out, err := Sanitize([]byte(`<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>`))
	if err != nil {
		t.Fatal(err)
	}
	checkSafe(t, out)
	if !bytes.HasPrefix(out, []byte(`<svg xmlns="http://www.w3.org/2000/svg"`)) {
		t.Fatalf("%s", out)
	}
}

func TestIsSVG(t *testing.T) {
	yes := []string{
		`<svg xmlns="http://www.w3.org/2000/svg"/>`,
		"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- Generator: Adobe Illustrator -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\" [<!ENTITY a \"b\">]>\n<svg>",
		"  \n<svg\n width=\"1\">",
	}
	no := []string{`<html><svg>`, `<svgfoo>`, `<?xml version="1.0"?><root/>`, "\x89PNG\r\n", `<!-- <svg> `, ``}
	for _, s := range yes {
		if !IsSVG([]byte(s)) {
			t.Errorf("IsSVG(%q) = false", s)
		}
	}
	for _, s := range no {
		if IsSVG([]byte(s)) {
			t.Errorf("IsSVG(%q) = true", s)
		}
	}
}

func TestSanitizeCSS(t *testing.T) {
	cases := map[string]string{
		`.a{fill:url(#x)}`:                           `.a{fill:url(#x)}`,
		`.a{fill:url( "#x" )}`:                       `.a{fill:url(#x)}`,
		`.a{background:url(http://e/x)}`:             `.a{background: none }`,
		`@import "x.css"; .a{fill:red}`:              `.a{fill:red}`,
		`@IMPORT url(x.css); .a{fill:red}`:           `.a{fill:red}`,
		`@font-face{src:url(x)} .b{fill:blue}`:       `.b{fill:blue}`,
		`@media print{.a{fill:url(//e/x)}}`:          `@media print{.a{fill: none }}`,
		`.a{fill:\75 rl(x)}`:                         ``,
		`.a{width:expression(alert(1))}`:             ``,
		`.a{background:image-set("x.png" 1x)}`:       ``,
		`.a{fill:url(x`:                              ``,
		`.İ{fill:url(https://e/x)} .b{fill:url(#k)}`: `.İ{fill: none } .b{fill:url(#k)}`,
	}
	for in, want := range cases {
		if got := SanitizeCSS(in); got != want {
			t.Errorf("SanitizeCSS(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SanitizeDeclarations(`fill:red;}</style><script>`); got != "" {
		t.Errorf("declarations with markup kept: %q", got)
	}
}

func FuzzSanitize(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.svg")
	more, _ := filepath.Glob("testdata/hostile/*.svg")
	for _, p := range append(files, more...) {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := Sanitize(src)
		if err != nil {
			return
		}
		checkSafe(t, out)
		again, err := Sanitize(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %v\n%q\n%q", err, out, again)
		}
	})
}

func BenchmarkSanitizeIcon(b *testing.B) {
	src, err := os.ReadFile("testdata/icon.svg")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sanitize(src); err != nil {
			b.Fatal(err)
		}
	}
}
