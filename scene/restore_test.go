package scene

import (
	"encoding/json"
	"strings"
	"testing"
)

const sample = `{
 "format": "affiche", "version": 1, "title": "Fête", "futureField": {"a": 1},
 "pages": [{
   "id": "p1", "background": "linear-gradient(90deg, #fff, rgb(0 0 255 / 50%))",
   "elements": [
     {"id": "t1", "type": "text", "x": 10, "y": 20, "width": 200, "height": 50, "text": "Bonjour\nle monde", "fontWeight": "bold", "newThing": true},
     {"id": "s1", "type": "shape", "shape": "star", "x": 0, "y": 0, "width": 100, "height": 100, "fill": "tomato",
      "shadow": {"blur": 4}},
     {"id": "g1", "type": "group", "children": [
        {"id": "r1", "type": "shape", "x": 10, "y": 10, "width": 10, "height": 10},
        {"id": "r2", "type": "shape", "x": 50, "y": 40, "width": 10, "height": 10, "rotation": 45}
     ]},
     {"id": "v1", "type": "video", "src": "x.mp4"}
   ]}]
}`

func TestRestoreSample(t *testing.T) {
	doc, warns, err := Restore([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || warns[0].Code != CodeUnknown || warns[0].Path != "pages[0].elements[3].type" {
		t.Fatalf("warnings = %v", warns)
	}
	p := doc.Pages[0]
	txt := p.Elements[0]
	if got := txt.PlainText(); got != "Bonjour\nle monde" {
		t.Errorf("text = %q", got)
	}
	if txt.FontWeight != 700 || txt.FontSize != DefaultFontSize || txt.Opacity != 1 || txt.LineHeight != 1.2 {
		t.Errorf("defaults: %+v", txt.TextStyle)
	}
	if p.Background.Gradient == nil || len(p.Background.Gradient.Stops) != 2 || p.Background.Gradient.Angle != 90 {
		t.Errorf("background = %+v", p.Background)
	}
	if s := p.Elements[1].Shadow; s.Opacity != 1 || s.Color != "#000000" || s.Blur != 4 {
		t.Errorf("shadow defaults = %+v", s)
	}
	g := p.Elements[2]
	if g.X != 10 || g.Y != 10 || g.Width < 50 || g.Height < 40 {
		t.Errorf("group bounds = %v %v %v %v", g.X, g.Y, g.Width, g.Height)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"futureField":{"a":1}`, `"newThing":true`, `"type":"video"`, `"src":"x.mp4"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("saved JSON lacks %s:\n%s", want, out)
		}
	}
	doc2, _, err := Restore(out)
	if err != nil {
		t.Fatal(err)
	}
	out2, _ := json.Marshal(doc2)
	if string(out) != string(out2) {
		t.Errorf("round trip changed the JSON:\n%s\n%s", out, out2)
	}
}

func TestRestoreErrorPaths(t *testing.T) {
	cases := []struct{ name, json, path, code string }{
		{"syntax", `{"format": "affiche",`, "", CodeSyntax},
		{"not affiche", `{"pages": []}`, "format", CodeFormat},
		{"polotno", `{"width": 10, "height": 10, "pages": [{"id": "a", "children": []}]}`, "", CodePolotno},
		{"newer", `{"format": "affiche", "version": 99, "pages": []}`, "version", CodeVersion},
		{"fontSize", `{"format":"affiche","version":1,"pages":[{"elements":[{"type":"shape"},{"type":"shape"},{"type":"shape"},{"type":"text","fontSize":-3}]}]}`, "pages[0].elements[3].fontSize", CodeRange},
		{"type", `{"format":"affiche","version":1,"pages":[{"elements":[{"type":"shape","width":"big"}]}]}`, "pages[0].elements[0].width", CodeType},
		{"nested", `{"format":"affiche","version":1,"pages":[{},{"elements":[{"type":"group","children":[{"type":"shape","fill":"notacolour"}]}]}]}`, "pages[1].elements[0].children[0].fill", CodeValue},
		{"run", `{"format":"affiche","version":1,"pages":[{"elements":[{"type":"text","paragraphs":[{"runs":[{"text":"a","color":"#12"}]}]}]}]}`, "pages[0].elements[0].paragraphs[0].runs[0].color", CodeValue},
		{"missing src", `{"format":"affiche","version":1,"pages":[{"elements":[{"type":"image"}]}]}`, "pages[0].elements[0].src", CodeRequired},
		{"enum", `{"format":"affiche","version":1,"pages":[{"elements":[{"type":"text","align":"middle"}]}]}`, "pages[0].elements[0].align", CodeValue},
		{"page obj", `{"format":"affiche","version":1,"pages":[3]}`, "pages[0]", CodeType},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Restore([]byte(c.json))
			if err == nil {
				t.Fatal("no error")
			}
			var first *Error
			switch e := err.(type) {
			case *Error:
				first = e
			case Errors:
				first = e[0]
			default:
				t.Fatalf("error of type %T: %v", err, err)
			}
			if first.Path != c.path || first.Code != c.code {
				t.Errorf("got path %q code %q (%v), want %q %q", first.Path, first.Code, err, c.path, c.code)
			}
			if first.MessageFR == "" {
				t.Errorf("no French message for %v", err)
			}
		})
	}
}

func TestParseColor(t *testing.T) {
	cases := map[string][4]uint8{
		"#f00": {255, 0, 0, 255}, "#FF000080": {255, 0, 0, 128}, "rgb(0, 128, 255)": {0, 128, 255, 255},
		"rgba(0,0,0,0.5)": {0, 0, 0, 128}, "rgb(100% 0% 0% / 25%)": {255, 0, 0, 64},
		"hsl(120, 100%, 50%)": {0, 255, 0, 255}, "Tomato": {255, 99, 71, 255}, "transparent": {0, 0, 0, 0},
	}
	for in, want := range cases {
		c, err := ParseColor(in)
		if err != nil || [4]uint8{c.R, c.G, c.B, c.A} != want {
			t.Errorf("ParseColor(%q) = %v, %v; want %v", in, c, err, want)
		}
	}
	for _, bad := range []string{"", "#12", "#ggg", "rgb(1,2)", "blurple", "url(x)"} {
		if _, err := ParseColor(bad); err == nil {
			t.Errorf("ParseColor(%q) accepted", bad)
		}
	}
}

func TestNewIDUnique(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100000; i++ {
		id := NewID()
		if len(id) != 12 || seen[id] {
			t.Fatalf("id %q repeated or wrong length", id)
		}
		seen[id] = true
	}
}
