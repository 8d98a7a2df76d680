package polotno

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"affiche/scene"
)

// nativeDoc is an Affiche document with what Polotno cannot hold as is.
func nativeDoc(t *testing.T) *scene.Document {
	t.Helper()
	bold, red, size, fam := scene.FontWeight(700), "#e63946", 30.0, "Lato"
	no := false
	doc := scene.New(scene.MM(210), scene.MM(297))
	doc.Title = "Fête"
	doc.Bleed = scene.MM(3)
	p := doc.Pages[0]
	p.ID = "p1"
	p.Background = scene.Solid("#fefae0")
	p.Elements = []*scene.Element{
		{ID: "list", Type: scene.TypeText, X: 10, Y: 10, Width: 200, Height: 100, Opacity: 1,
			TextStyle: scene.TextStyle{FontFamily: "Roboto", FontSize: 20, Italic: true, Underline: true, Color: "#000000"},
			Align:     scene.AlignLeft, ParagraphSpacing: 0.5,
			Paragraphs: []scene.Paragraph{
				{Runs: []scene.Run{{Text: "Titre "}, {Text: "gras", FontWeight: &bold}, {Text: " rouge", Color: &red}}},
				{Runs: []scene.Run{{Text: "un"}}, List: scene.ListBullet},
				{Runs: []scene.Run{{Text: "un.a"}}, List: scene.ListBullet, Level: 1},
				{Runs: []scene.Run{{Text: "deux & <trois>", FontSize: &size, FontFamily: &fam, Italic: &no, Underline: &no}}, List: scene.ListNumber},
				{Runs: []scene.Run{{Text: ""}}},
				{Runs: []scene.Run{{Text: "à droite", Link: "https://example.org/?a=1&b=2"}}, Align: scene.AlignRight},
			}},
		{ID: "plain", Type: scene.TypeText, X: 10, Y: 150, Width: 200, Height: 50, Opacity: 1,
			TextStyle:  scene.TextStyle{FontSize: 12},
			Paragraphs: scene.ParagraphsFromText("ligne 1\nligne 2")},
		{ID: "star", Type: scene.TypeShape, Shape: scene.ShapeStar, Sides: 7, InnerRadius: 0.4, X: 10, Y: 300, Width: 100, Height: 80, Opacity: 1,
			Fill:   &scene.Fill{Gradient: &scene.Gradient{Type: scene.GradientLinear, Angle: 45, Stops: []scene.Stop{{Offset: 0, Color: "#ff0000"}, {Offset: 1, Color: "#0000ff"}}}},
			Stroke: &scene.Stroke{Color: "#000000", Width: 4, Dash: []float64{2, 1}}},
		{ID: "rect", Type: scene.TypeShape, Shape: scene.ShapeRect, CornerRadius: 6, X: 200, Y: 300, Width: 100, Height: 50, Opacity: 1,
			Fill: scene.Solid("#2a9d8f"), Stroke: &scene.Stroke{Color: "#000000", Width: 10}, Rotation: 30},
		{ID: "heart", Type: scene.TypeShape, Shape: scene.ShapePath, Path: figures["heart1"].path,
			ViewBox: &[4]float64{0, 0, 100, 100}, X: 10, Y: 400, Width: 60, Height: 60, Opacity: 1, Fill: scene.Solid("red")},
		{ID: "arrow", Type: scene.TypeShape, Shape: scene.ShapeArrow, X: 100, Y: 400, Width: 120, Height: 60, Opacity: 1, Fill: scene.Solid("red")},
		{ID: "line", Type: scene.TypeLine, X: 10, Y: 500, Width: 200, Height: 40, Rotation: 45, Opacity: 1,
			Stroke: &scene.Stroke{Color: "#264653", Width: 4}, EndHead: scene.HeadArrow},
		{ID: "contain", Type: scene.TypeImage, X: 10, Y: 600, Width: 100, Height: 100, Opacity: 1, Fit: scene.FitContain,
			Src: "data:image/png;base64," + tinyPNG},
		{ID: "cover", Type: scene.TypeImage, X: 150, Y: 600, Width: 100, Height: 100, Opacity: 1, Fit: scene.FitCover,
			Src: "data:image/png;base64," + tinyPNG, Filters: &scene.Filters{Grayscale: 0.5, Contrast: 0.2}},
		{ID: "group", Type: scene.TypeGroup, Locked: true, Opacity: 1, Children: []*scene.Element{
			{ID: "child", Type: scene.TypeShape, Shape: scene.ShapeEllipse, X: 300, Y: 600, Width: 50, Height: 50, Opacity: 1, Fill: scene.Solid("blue")},
		}},
	}
	if _, err := scene.Normalize(doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// tinyPNG is a 40 × 20 PNG.
const tinyPNG = "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUAQMAAADFiO34AAAABlBMVEXmOUb///93irpUAAAADElEQVQI12NgGBgAAAB4AAHa7aJXAAAAAElFTkSuQmCC"

func exported(t *testing.T, doc *scene.Document) (map[string]map[string]any, []Warning) {
	t.Helper()
	b, warns, err := Export(doc)
	if err != nil {
		t.Fatal(err)
	}
	var root struct {
		SchemaVersion int                        `json:"schemaVersion"`
		Pages         []struct{ Children []any } `json:"pages"`
	}
	if err := json.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	if root.SchemaVersion != 4 {
		t.Errorf("schemaVersion %d", root.SchemaVersion)
	}
	els := map[string]map[string]any{}
	var walk func([]any)
	walk = func(list []any) {
		for _, c := range list {
			m := c.(map[string]any)
			els[m["id"].(string)] = m
			if kids, ok := m["children"].([]any); ok {
				walk(kids)
			}
		}
	}
	for _, p := range root.Pages {
		walk(p.Children)
	}
	return els, warns
}

func TestExportNative(t *testing.T) {
	doc := nativeDoc(t)
	els, warns := exported(t, doc)
	for _, w := range []struct{ code, id string }{
		{CodeList, "list"}, {CodeLossy, "list"}, {CodeShape, "star"}, {CodeShape, "arrow"},
		{CodeLossy, "cover"}, {CodeLossy, ""},
	} {
		if !warned(warns, w.code, w.id) {
			t.Errorf("no %s warning for %q: %v", w.code, w.id, warns)
		}
	}
	if warned(warns, CodeShape, "heart") || warned(warns, CodeShape, "rect") || warned(warns, CodeFit, "contain") {
		t.Errorf("exact mappings reported: %v", warns)
	}

	html := els["list"]["text"].(string)
	want := `<p>Titre <strong>gras</strong><span style="color: #e63946"> rouge</span></p>` +
		`<ul><li>un</li><li class="ql-indent-1">un.a</li></ul>` +
		`<ol><li><span style="font-family: &#39;Lato&#39;; font-size: 30px; font-style: normal; text-decoration: none">deux &amp; &lt;trois&gt;</span></li></ol>` +
		`<p><br></p><p class="ql-align-right"><a href="https://example.org/?a=1&amp;b=2">à droite</a></p>`
	if html != want {
		t.Errorf("HTML\n got %s\nwant %s", html, want)
	}
	if els["plain"]["text"] != "ligne 1\nligne 2" {
		t.Errorf("plain text %q", els["plain"]["text"])
	}
	if els["heart"]["type"] != "figure" || els["heart"]["subType"] != "heart1" {
		t.Errorf("heart: %v %v", els["heart"]["type"], els["heart"]["subType"])
	}
	r := els["rect"]
	if r["subType"] != "rect" || r["width"] != 110.0 || r["height"] != 60.0 || r["cornerRadius"] != 11.0 || r["strokeWidth"] != 10.0 {
		t.Errorf("rect with inside stroke: %v", r)
	}
	star := els["star"]
	src, _ := star["src"].(string)
	svg, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(src, "data:image/svg+xml;base64,"))
	if star["type"] != "svg" || err != nil || !strings.Contains(string(svg), "linearGradient") || !strings.Contains(string(svg), `stroke-dasharray="8 4"`) {
		t.Errorf("star as SVG: %v %s", star["type"], svg)
	}
	// The line's box is as tall as its stroke, around the same middle line.
	l := els["line"]
	if l["height"] != 4.0 || l["color"] != "#264653" || l["endHead"] != "arrow" {
		t.Errorf("line %v", l)
	}
	// contain with a known 2:1 image: the box shrinks to 100 × 50, centred.
	c := els["contain"]
	if c["width"] != 100.0 || c["height"] != 50.0 || c["y"] != 625.0 {
		t.Errorf("contain box %v", c)
	}
	// cover: the centred square of the 2:1 image.
	cv := els["cover"]
	if cv["cropX"] != 0.25 || cv["cropWidth"] != 0.5 || cv["grayscaleEnabled"] != true {
		t.Errorf("cover crop %v", cv)
	}
	if els["group"]["draggable"] != false {
		t.Error("locked group not written as draggable: false")
	}
	if els["child"]["subType"] != "circle" {
		t.Errorf("ellipse → circle: %v", els["child"]["subType"])
	}

	// Importing the export gives the same text back.
	b, _, _ := Export(doc)
	back, _, err := Import(b)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	diff("", generic(t, &scene.Document{Pages: []*scene.Page{{Elements: []*scene.Element{withoutExtra(el(t, doc, "list"))}}}}),
		generic(t, &scene.Document{Pages: []*scene.Page{{Elements: []*scene.Element{withoutExtra(el(t, back, "list"))}}}}), 1e-9, &out)
	for _, d := range out {
		if !strings.Contains(d, "paragraphSpacing") {
			t.Error("text round trip:", d)
		}
	}
	for _, id := range []string{"rect", "line", "heart", "child"} {
		a, b := el(t, doc, id), el(t, back, id)
		ca, cb := a.Corners(), b.Corners()
		if id == "line" { // compare the drawn segment, not the box
			ax, ay := a.Transform().Apply(0, a.Height/2)
			bx, by := b.Transform().Apply(0, b.Height/2)
			ca[0], cb[0] = [2]float64{ax, ay}, [2]float64{bx, by}
			ca[1], cb[1] = ca[0], cb[0]
			ca[2], cb[2] = ca[0], cb[0]
			ca[3], cb[3] = ca[0], cb[0]
		}
		for i := range ca {
			if math.Abs(ca[i][0]-cb[i][0]) > 1e-3 || math.Abs(ca[i][1]-cb[i][1]) > 1e-3 {
				t.Errorf("%s corner %d moved: %v → %v", id, i, ca[i], cb[i])
			}
		}
	}
}

func withoutExtra(e *scene.Element) *scene.Element {
	c := e.Clone()
	c.Extra = nil
	return c
}

func TestExportDPI(t *testing.T) {
	doc, _ := load(t, "schema-v4.json")
	b, _, err := Export(doc)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	_ = json.Unmarshal(b, &root)
	if root["dpi"] != 300.0 || math.Abs(root["width"].(float64)-2480.315) > 1e-3 || root["unit"] != "mm" {
		t.Errorf("dpi %v width %v unit %v", root["dpi"], root["width"], root["unit"])
	}
	pages := root["pages"].([]any)
	if pages[0].(map[string]any)["width"] != "auto" || math.Abs(pages[0].(map[string]any)["bleed"].(float64)-35.433) > 1e-3 {
		t.Errorf("page 1 %v", pages[0])
	}
	if pages[2].(map[string]any)["background"] != "https://example.org/photo.jpg" {
		t.Error("background image lost")
	}
}
