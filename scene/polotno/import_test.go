package polotno

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"affiche/scene"
)

// load imports a testdata file; it fails the test on an error.
func load(t *testing.T, name string, opt ...Options) (*scene.Document, []Warning) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var o Options
	if len(opt) > 0 {
		o = opt[0]
	}
	doc, warns, err := ImportWith(data, o)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc, warns
}

// el finds an element by id anywhere in the document.
func el(t *testing.T, doc *scene.Document, id string) *scene.Element {
	t.Helper()
	for _, p := range doc.Pages {
		if e, _ := p.Find(id); e != nil {
			return e
		}
	}
	t.Fatalf("no element %q", id)
	return nil
}

// warned reports whether a warning with the code names the element ("" for any element).
func warned(ws []Warning, code, id string) bool {
	for _, w := range ws {
		if w.Code == code && (id == "" || w.ElementID == id) {
			return true
		}
	}
	return false
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func approxEq(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("%s = %.9g, want %.9g", what, got, want)
	}
}

func extra(e *scene.Element) obj { return extraOf(e.Extra) }

// polygonOf2 reads the vertices of M/L/Z path data.
func polygonOf2(d string) ([][2]float64, bool) {
	figures["test-poly"] = figureDef{kind: scene.ShapePath, path: d}
	defer delete(figures, "test-poly")
	return polygonOf("test-poly")
}

func TestSchemaV0(t *testing.T) {
	doc, warns := load(t, "schema-v0.json")
	// rem-based letter spacing: 0.1 rem of 16 px at 32 px = 0.05 em
	approxEq(t, "letterSpacing", el(t, doc, "ls").LetterSpacing, 0.05)
	img := el(t, doc, "img")
	if img.Filters == nil {
		t.Fatal("filters lost")
	}
	approxEq(t, "brightness", img.Filters.Brightness, 0.5) // 50 on −100..100
	if !img.Locked {
		t.Error("locked: true not kept as Locked")
	}
	bg := el(t, doc, "bg")
	if bg.Background == nil || bg.Background.PerLine {
		t.Errorf("a rich text background before v3 is one rectangle: %+v", bg.Background)
	}
	// padding and radius are fractions of half the line height: 20 × 1.5 / 2 = 15
	approxEq(t, "padding", bg.Background.Padding, 7.5)
	approxEq(t, "cornerRadius", bg.Background.CornerRadius, 3.75)
	if p := el(t, doc, "bgplain").Background; p == nil || !p.PerLine {
		t.Errorf("a plain text background is per line: %+v", p)
	}
	if len(warns) != 0 {
		t.Errorf("unexpected warnings: %v", warns)
	}
}

func TestSchemaV1(t *testing.T) {
	doc, warns := load(t, "schema-v1.json")
	approxEq(t, "letterSpacing", el(t, doc, "ls").LetterSpacing, 0.1)
	f := el(t, doc, "img").Filters
	approxEq(t, "brightness", f.Brightness, -0.4)
	approxEq(t, "contrast", f.Contrast, 0.3)
	approxEq(t, "saturation", f.Saturation, -1)
	if !warned(warns, CodeFilter, "img") {
		t.Error("temperature not reported")
	}
	if !extra(el(t, doc, "img")).has("filters") {
		t.Error("unmapped filters not kept for export")
	}
}

func TestSchemaV2(t *testing.T) {
	doc, _ := load(t, "schema-v2.json")
	f := el(t, doc, "img").Filters
	want := scene.Filters{Brightness: 0.3, Contrast: 0.25, Sepia: 1, Grayscale: 1, Blur: 4}
	if *f != want {
		t.Errorf("filters = %+v, want %+v", *f, want)
	}
	if b := el(t, doc, "bg").Background; b == nil || b.PerLine {
		t.Errorf("v2 rich text background should be one rectangle: %+v", b)
	}
}

func TestSchemaV3(t *testing.T) {
	doc, _ := load(t, "schema-v3.json")
	if b := el(t, doc, "bg").Background; b == nil || !b.PerLine {
		t.Errorf("v3 background is per line: %+v", b)
	}
	if b := el(t, doc, "legacy").Background; b == nil || b.PerLine {
		t.Errorf("legacyBackground: true is one rectangle: %+v", b)
	}
}

func TestSchemaV4PrintDesign(t *testing.T) {
	doc, warns := load(t, "schema-v4.json")
	s := 72.0 / 300
	approxEq(t, "width", doc.Width, 2480.315*s)
	approxEq(t, "height", doc.Height, 3507.874*s)
	if doc.Unit != scene.UnitMM {
		t.Errorf("unit = %q", doc.Unit)
	}
	// bleeds 3 mm and 2 mm (at 300 dpi): the largest, with a warning
	approxEq(t, "bleed", doc.Bleed, 35.433*s)
	if !warned(warns, CodeBleed, "") {
		t.Error("different page bleeds not reported")
	}
	p1, p2, p3 := doc.Pages[0], doc.Pages[1], doc.Pages[2]
	if p1.Width != 0 || p1.Height != 0 {
		t.Errorf("auto page size should inherit: %v × %v", p1.Width, p1.Height)
	}
	approxEq(t, "p2 width", p2.Width, 1748.031*s)
	if p1.Background == nil || p1.Background.Color != "#fefae0" {
		t.Errorf("colour background: %+v", p1.Background)
	}
	if g := p2.Background; g == nil || g.Gradient == nil || g.Gradient.Angle != 90 || len(g.Gradient.Stops) != 2 {
		t.Errorf("gradient background: %+v", g)
	}
	if p3.BackgroundImage == nil || p3.BackgroundImage.Src != "https://example.org/photo.jpg" || p3.BackgroundImage.Fit != scene.FitCover {
		t.Errorf("image background: %+v", p3.BackgroundImage)
	}
	if p3.Name != "Verso" {
		t.Errorf("page name from custom.name: %q", p3.Name)
	}
	txt := el(t, doc, "t")
	approxEq(t, "fontSize", txt.FontSize, 24)
	approxEq(t, "x", txt.X, 72)
	if txt.Stroke == nil || txt.Stroke.Color != "#ff0000" || !near(txt.Stroke.Width, 6*s) {
		t.Errorf("text stroke: %+v", txt.Stroke)
	}
	want := scene.Shadow{Color: "rgba(0,0,0,0.5)", Blur: 12 * s, OffsetX: 6 * s, OffsetY: -3 * s, Opacity: 0.8}
	if txt.Shadow == nil || *txt.Shadow != want {
		t.Errorf("shadow = %+v, want %+v", txt.Shadow, want)
	}
	if extraOf(doc.Extra).num("dpi", 0) != 300 {
		t.Error("dpi not kept for export")
	}
}

// polotnoPoint maps a point of an element's box as Polotno does: rotation about (x, y).
func polotnoPoint(x, y, deg, u, v float64) (float64, float64) {
	ru, rv := rotate(u, v, deg)
	return x + ru, y + rv
}

func TestRotationAboutTopLeft(t *testing.T) {
	doc, _ := load(t, "rotation.json")
	cases := []struct {
		id         string
		x, y, w, h float64
		rot        float64
	}{
		{"r90", 100, 100, 200, 100, 90},
		{"r45", 300, 50, 120, 60, 45},
		{"rm30", 50, 400, 300, 50, -30},
		{"flip", 400, 400, 40, 20, 30},
	}
	for _, c := range cases {
		e := el(t, doc, c.id)
		if e.Rotation != c.rot || e.Width != c.w || e.Height != c.h {
			t.Errorf("%s: box %v×%v rot %v", c.id, e.Width, e.Height, e.Rotation)
		}
		// Every corner of the box must land where Polotno puts it (flips mirror the content,
		// not the box, in both formats).
		corners := e.Corners()
		for i, p := range [4][2]float64{{0, 0}, {c.w, 0}, {c.w, c.h}, {0, c.h}} {
			px, py := polotnoPoint(c.x, c.y, c.rot, p[0], p[1])
			if math.Abs(corners[i][0]-px) > 1e-9 || math.Abs(corners[i][1]-py) > 1e-9 {
				t.Errorf("%s corner %d at (%g, %g), Polotno (%g, %g)", c.id, i, corners[i][0], corners[i][1], px, py)
			}
		}
	}
	// Seen in polotno-node: a 200 × 100 rect at (100, 100) turned 90° covers x 0–100, y 100–300.
	b := el(t, doc, "r90").Bounds()
	if !near(b.X, 0) || !near(b.Y, 100) || !near(b.Width, 100) || !near(b.Height, 200) {
		t.Errorf("r90 bounds %+v", b)
	}
	f := el(t, doc, "flip")
	if !f.FlipX || !f.FlipY {
		t.Error("flips lost")
	}
	// The content transform of a flipped element maps its local top-left to its box's
	// top-right-bottom corner, as Polotno's mirrored drawing does.
	m := f.Transform()
	gx, gy := m.Apply(0, 0)
	px, py := polotnoPoint(400, 400, 30, 40, 20)
	if math.Abs(gx-px) > 1e-9 || math.Abs(gy-py) > 1e-9 {
		t.Errorf("flipped origin at (%g, %g), Polotno (%g, %g)", gx, gy, px, py)
	}
	// A line keeps its thickness as its box height and turns about its start.
	l := el(t, doc, "line")
	if l.Stroke == nil || l.Stroke.Width != 6 || l.Stroke.Color != "#e63946" {
		t.Errorf("line stroke %+v", l.Stroke)
	}
	sx, sy := l.Transform().Apply(0, l.Height/2)
	px, py = polotnoPoint(50, 300, 20, 0, 3)
	if math.Abs(sx-px) > 1e-9 || math.Abs(sy-py) > 1e-9 {
		t.Errorf("line start at (%g, %g), Polotno (%g, %g)", sx, sy, px, py)
	}
}

func TestRichText(t *testing.T) {
	doc, warns := load(t, "rich-text.json")
	q := el(t, doc, "quill")
	if len(q.Paragraphs) != 3 {
		t.Fatalf("quill: %d paragraphs: %+v", len(q.Paragraphs), q.Paragraphs)
	}
	p0 := q.Paragraphs[0]
	if p0.Align != scene.AlignCenter || p0.Text() != "Hello bold it u s red" {
		t.Errorf("first paragraph %q align %q", p0.Text(), p0.Align)
	}
	styles := map[string]scene.TextStyle{}
	for _, r := range p0.Runs {
		styles[strings.TrimSpace(r.Text)] = r.Style(q.TextStyle)
	}
	if styles["bold"].FontWeight != 700 || !styles["it"].Italic || !styles["u"].Underline || !styles["s"].Strike {
		t.Errorf("inline tags: %+v", styles)
	}
	if styles["red"].Color != "rgb(230, 57, 70)" || styles["Hello"].Color != "black" {
		t.Errorf("span colour: %+v", styles)
	}
	if q.Paragraphs[1].Text() != "" {
		t.Errorf("<p><br></p> should be an empty line, got %q", q.Paragraphs[1].Text())
	}
	p2 := q.Paragraphs[2]
	if p2.Text() != "big & <tag> café" {
		t.Errorf("entities: %q", p2.Text())
	}
	big := p2.Runs[0].Style(q.TextStyle)
	if big.FontSize != 60 || big.FontFamily != "Open Sans" || big.FontWeight != 300 {
		t.Errorf("span style: %+v", big)
	}
	if p2.Runs[0].Color != nil {
		t.Error("runs should only hold what differs from the element")
	}

	l := el(t, doc, "lists")
	type want struct {
		text  string
		list  scene.ListKind
		level int
	}
	wants := []want{{"one", "bullet", 0}, {"one.a", "bullet", 1}, {"first", "number", 0}, {"second", "number", 0},
		{"quill 2 bullet", "bullet", 0}, {"after", "", 0}, {"line two", "", 0}}
	if len(l.Paragraphs) != len(wants) {
		t.Fatalf("lists: %d paragraphs %+v", len(l.Paragraphs), l.Paragraphs)
	}
	for i, w := range wants {
		p := l.Paragraphs[i]
		if p.Text() != w.text || p.List != w.list || p.Level != w.level {
			t.Errorf("paragraph %d = %q %q %d, want %+v", i, p.Text(), p.List, p.Level, w)
		}
	}

	p := el(t, doc, "plain")
	if p.PlainText() != "a < b and c > d\nsecond line" {
		t.Errorf("plain text with < read as HTML: %q", p.PlainText())
	}

	s := el(t, doc, "sizes")
	var sizes []float64
	for _, r := range s.Paragraphs[0].Runs {
		sizes = append(sizes, r.Style(s.TextStyle).FontSize)
	}
	if sizes[0] != 30 || sizes[2] != 30 {
		t.Errorf("ql-size-large and 1.5em at 20 px: %v", sizes)
	}
	for _, r := range s.Paragraphs[0].Runs {
		if strings.Contains(r.Text, "spaced") {
			approxEq(t, "letter-spacing 2px at 20px", *r.LetterSpacing, 0.1)
		}
	}
	if !warned(warns, CodeRichText, "sizes") {
		t.Error("highlight and subscript not reported")
	}
}

func TestFigures(t *testing.T) {
	doc, warns := load(t, "figures.json")
	for name, d := range figures {
		if name == "ellipse" {
			continue
		}
		e := el(t, doc, "f-"+name)
		if e.Shape != d.kind {
			t.Errorf("%s: shape %q, want %q", name, e.Shape, d.kind)
		}
		if d.kind == scene.ShapePath && (e.Path != d.path || !isUnitViewBox(e.ViewBox)) {
			t.Errorf("%s: path not set", name)
		}
		if warned(warns, CodeFigure, e.ID) != d.approx {
			t.Errorf("%s: approximation warning %v, want %v", name, !d.approx, d.approx)
		}
	}
	if e := el(t, doc, "f-blob7"); e.Shape != scene.ShapeEllipse || !warned(warns, CodeFigure, e.ID) {
		t.Errorf("blobs become ellipses with a warning: %q", e.Shape)
	}
	if e := el(t, doc, "f-zigzag"); e.Shape != scene.ShapeRect || !warned(warns, CodeFigure, e.ID) {
		t.Errorf("unknown figures become rectangles with a warning: %q", e.Shape)
	}
	if e := el(t, doc, "f-polygon"); e.Sides != 6 {
		t.Errorf("polygon sides %d", e.Sides)
	}
	// Polotno strokes inside the box: the outline is inset by half the stroke width.
	s := el(t, doc, "stroked")
	if s.X != 20 || s.Y != 910 || s.Width != 180 || s.Height != 80 || s.CornerRadius != 30 {
		t.Errorf("stroked box %v,%v %v×%v r%v", s.X, s.Y, s.Width, s.Height, s.CornerRadius)
	}
	if s.Stroke == nil || s.Stroke.Width != 20 || len(s.Stroke.Dash) != 2 {
		t.Errorf("stroke %+v", s.Stroke)
	}
	// Straight-edged figures keep their box; their outline moves in by half the stroke, edge
	// by edge, so that the stroke's outer edge lies on Polotno's outline.
	for _, id := range []string{"stroked-triangle", "stroked-star"} {
		e := el(t, doc, id)
		sub := strings.TrimPrefix(id, "stroked-")
		if e.Shape != scene.ShapePath || e.Width != 200 || e.Height != 100 || *e.ViewBox != [4]float64{0, 0, 200, 100} {
			t.Errorf("%s: %q %v×%v %v", id, e.Shape, e.Width, e.Height, e.ViewBox)
		}
		unit, _ := polygonOf(sub)
		inner, ok := polygonOf2(e.Path)
		outer, ok2 := insetPolygon(inner, -e.Stroke.Width/2)
		if !ok || !ok2 || len(outer) != len(unit) {
			t.Fatalf("%s: outline %q", id, e.Path)
		}
		for i := range unit {
			if math.Abs(outer[i][0]-unit[i][0]*2) > 0.02 || math.Abs(outer[i][1]-unit[i][1]) > 0.02 {
				t.Errorf("%s vertex %d: stroke edge at %v, Polotno outline at (%v, %v)", id, i, outer[i], unit[i][0]*2, unit[i][1])
			}
		}
	}
	if h := el(t, doc, "stroked-heart"); h.Width != 94 || h.X != 803 || h.Path != figures["heart1"].path {
		t.Errorf("curved figures get an inset box: %v %v", h.X, h.Width)
	}
	d := el(t, doc, "default")
	if d.Shape != scene.ShapeRect || d.Fill == nil || d.Fill.Color != defaultFigureFill {
		t.Errorf("defaults: %q %+v", d.Shape, d.Fill)
	}
	g := el(t, doc, "gradient")
	if g.Fill == nil || g.Fill.Gradient == nil {
		t.Error("gradient fill lost")
	}
	if !warned(warns, CodeEffect, "gradient") {
		t.Error("blur on a figure not reported")
	}
}

func TestImages(t *testing.T) {
	doc, warns := load(t, "images.json")
	// 40 × 20 image in a square box: Polotno keeps the left square of the crop region.
	k := el(t, doc, "known")
	if k.Fit != scene.FitFill || k.Crop == nil || *k.Crop != (scene.Rect{X: 0, Y: 0, Width: 0.5, Height: 1}) {
		t.Errorf("known size crop %+v fit %q", k.Crop, k.Fit)
	}
	kc := el(t, doc, "known-crop")
	if kc.Crop == nil || *kc.Crop != (scene.Rect{X: 0.5, Y: 0, Width: 0.5, Height: 1}) {
		t.Errorf("known crop %+v", kc.Crop)
	}
	r := el(t, doc, "remote")
	if r.Fit != scene.FitCover || r.Crop == nil || !near(r.Crop.X, 0.1) || !near(r.Crop.Height, 0.4) {
		t.Errorf("remote crop %+v fit %q", r.Crop, r.Fit)
	}
	if r.CornerRadius != 12 || !r.FlipX || r.Stroke == nil || r.Stroke.Width != 4 || r.Stroke.Color != "#e63946" {
		t.Errorf("corner, flip, border: %v %v %+v", r.CornerRadius, r.FlipX, r.Stroke)
	}
	if n := el(t, doc, "nocrop"); n.Crop != nil || n.Fit != scene.FitCover {
		t.Errorf("no crop: %+v %q", n.Crop, n.Fit)
	}
	if c := el(t, doc, "clip-circle"); c.CornerRadius != 40 || warned(warns, CodeClip, "clip-circle") {
		t.Errorf("circle clip in a square → corner radius 40, got %v", c.CornerRadius)
	}
	if !warned(warns, CodeClip, "clip-remote") || !extra(el(t, doc, "clip-remote")).has("clipSrc") {
		t.Error("remote clip not reported and kept")
	}
	s := el(t, doc, "svg")
	if s.Type != scene.TypeSVG || s.Fit != scene.FitFill || s.Colors["rgb(0, 161, 255)"] != "#2a9d8f" {
		t.Errorf("svg: %q fit %q colours %v", s.Type, s.Fit, s.Colors)
	}
	m := el(t, doc, "mask")
	if m.Type != scene.TypeImage || m.Src != "https://example.org/photo.jpg" || m.CornerRadius != 50 || m.Fit != scene.FitCover {
		t.Errorf("photo in a circle: %q %q r%v", m.Type, m.Src, m.CornerRadius)
	}
	if !warned(warns, CodeClip, "mask-tri") {
		t.Error("photo in a triangle not reported")
	}
	if !warned(warns, CodeDropped, "nosrc") {
		t.Error("image without source not reported")
	}
	for _, p := range doc.Pages {
		if e, _ := p.Find("nosrc"); e != nil {
			t.Error("image without source kept")
		}
	}
}

func TestLines(t *testing.T) {
	doc, warns := load(t, "lines.json")
	a := el(t, doc, "arrow")
	if a.StartHead != scene.HeadArrow || a.EndHead != scene.HeadTriangle || a.Height != 10 || a.Stroke.Width != 10 {
		t.Errorf("arrow %+v", a)
	}
	d := el(t, doc, "dashed")
	if len(d.Stroke.Dash) != 2 || d.Stroke.Dash[0] != 4 || d.Stroke.Color != "black" {
		t.Errorf("dash %+v", d.Stroke)
	}
	o := el(t, doc, "odd")
	if o.StartHead != scene.HeadNone || o.EndHead != scene.HeadBar || !warned(warns, CodeValue, "odd") {
		t.Errorf("unknown head: %q", o.StartHead)
	}
	if h := el(t, doc, "hair"); h.Stroke.Width != 0 {
		t.Errorf("a line of height 0 is invisible in Polotno: width %v", h.Stroke.Width)
	}
}

func TestGroups(t *testing.T) {
	doc, _ := load(t, "groups.json")
	g := el(t, doc, "g1")
	if g.Type != scene.TypeGroup || g.Opacity != 0.5 || g.Name != "Logo" || len(g.Children) != 2 {
		t.Fatalf("group %+v", g)
	}
	if g2 := el(t, doc, "g2"); !g2.Hidden || len(g2.Children) != 1 {
		t.Errorf("nested group %+v", g2)
	}
	// group bounds are their children's (Normalize)
	if g.X != 10 || g.Y != 10 || g.Width != 140 || g.Height != 140 {
		t.Errorf("group box %v,%v %v×%v", g.X, g.Y, g.Width, g.Height)
	}
	if len(doc.Pages[0].Elements) != 1 {
		t.Error("empty group kept")
	}
}

func TestDropped(t *testing.T) {
	doc, warns := load(t, "dropped.json")
	for _, w := range []struct{ code, id string }{
		{CodeDropped, "vid"}, {CodeDropped, "tab"}, {CodeGIF, "gif"}, {CodeAnimation, "anim"},
		{CodeNotExported, "noexport"}, {CodeCurve, "curve"}, {CodeTextFill, "gradtext"}, {CodeKind, "thing"},
		{CodeDropped, ""},
	} {
		if !warned(warns, w.code, w.id) {
			t.Errorf("no %s warning for %q", w.code, w.id)
		}
	}
	for _, w := range warns {
		if w.Message == "" || w.MessageFR == "" || w.Message == w.MessageFR {
			t.Errorf("warning needs English and French: %+v", w)
		}
	}
	if g := el(t, doc, "gif"); g.Type != scene.TypeImage {
		t.Error("gif not kept as an image")
	}
	if !el(t, doc, "noexport").Hidden {
		t.Error("showInExport false not hidden")
	}
	if el(t, doc, "gradtext").Color != "#ff0000" {
		t.Error("gradient text should take the first colour")
	}
	x := extra(el(t, doc, "custom"))
	if !x.has("custom") || x.boolean("selectable", true) || x.str("placeholder", "") != "x" {
		t.Errorf("custom data and flags not kept: %v", x)
	}
	if !extra(el(t, doc, "anim")).has("animations") {
		t.Error("animations not kept")
	}
	if !extraOf(doc.Extra).has("audios") {
		t.Error("audios not kept")
	}
}

func TestFonts(t *testing.T) {
	known := func(f string) bool { return f == "Roboto" }
	doc, warns := load(t, "fonts.json", Options{KnownFamilies: known})
	want := []scene.FontSource{
		{Family: "Marianne", Weight: 400, URL: "https://example.org/Marianne-Regular.woff2"},
		{Family: "Marianne", Weight: 700, URL: "https://example.org/Marianne-Bold.woff2"},
		{Family: "Marianne", Weight: 400, Italic: true, URL: "https://example.org/Marianne-Italic.woff2"},
		{Family: "Spectral", Weight: 400, URL: "https://example.org/Spectral.ttf"},
	}
	if len(doc.Fonts) != len(want) {
		t.Fatalf("fonts %+v", doc.Fonts)
	}
	for i := range want {
		if doc.Fonts[i] != want[i] {
			t.Errorf("font %d = %+v, want %+v", i, doc.Fonts[i], want[i])
		}
	}
	if !warned(warns, CodeFontURL, "carried") || !warned(warns, CodeFont, "missing") || !warned(warns, CodeFont, "inrun") {
		t.Errorf("font warnings: %v", warns)
	}
	if warned(warns, CodeFont, "bundled") || warned(warns, CodeFontURL, "bundled") {
		t.Error("bundled family reported")
	}
}

func TestBrokenValues(t *testing.T) {
	doc, warns := load(t, "broken.json")
	if doc.Width != 1080 || !warned(warns, CodeDefault, "") {
		t.Errorf("missing width: %v", doc.Width)
	}
	if b := el(t, doc, "badcolour"); b.Fill.Color != defaultFigureFill || b.Shadow.Color != "#000000" || !warned(warns, CodeColor, "badcolour") {
		t.Errorf("bad colours: %+v %+v", b.Fill, b.Shadow)
	}
	if n := el(t, doc, "neg"); n.Width != 10 {
		t.Errorf("negative width: %v", n.Width)
	}
	bt := el(t, doc, "badtypes")
	if bt.X != 12 || bt.Y != 0 || bt.Width != 100 || bt.FontSize != 14 || bt.FontWeight != 600 || bt.LineHeight != 10 || bt.LetterSpacing != 5 || bt.Opacity != 1 {
		t.Errorf("wrong types: x %v y %v w %v size %v weight %v lh %v ls %v op %v", bt.X, bt.Y, bt.Width, bt.FontSize, bt.FontWeight, bt.LineHeight, bt.LetterSpacing, bt.Opacity)
	}
	if len(doc.Pages) != 2 || doc.Bleed != 20 {
		t.Errorf("pages %d bleed %v", len(doc.Pages), doc.Bleed)
	}
}

func TestNotPolotno(t *testing.T) {
	for _, in := range []string{``, `[]`, `"x"`, `{"pages": 3}`, `{`} {
		_, _, err := Import([]byte(in))
		if in == `{"pages": 3}` {
			if err != nil {
				t.Errorf("%s: %v (an object with odd fields imports with warnings)", in, err)
			}
			continue
		}
		var se *scene.Error
		if err == nil || !asSceneError(err, &se) || se.MessageFR == "" {
			t.Errorf("%q: error %v", in, err)
		}
	}
}

func asSceneError(err error, target **scene.Error) bool {
	e, ok := err.(*scene.Error)
	*target = e
	return ok
}

// The public Polotno files and the benchmark designs import without errors, with warnings only
// for what Affiche truly lacks.
func TestRealFiles(t *testing.T) {
	allowed := map[string]bool{CodeFont: true, CodeFontURL: true, CodeAnimation: true, CodeDefault: true,
		CodeColor: true, CodeClip: true, CodeRichText: true}
	known := func(f string) bool {
		switch strings.ToLower(f) {
		case "roboto", "liberation sans", "liberation serif", "dejavu sans", "dejavu serif", "liberation mono":
			return true
		}
		return false
	}
	files, _ := filepath.Glob("testdata/real/*.json")
	bench, _ := filepath.Glob("testdata/bench/*.json")
	if len(files) < 5 || len(bench) != 3 {
		t.Fatalf("fixtures missing: %v %v", files, bench)
	}
	for _, f := range append(files, bench...) {
		name, _ := filepath.Rel("testdata", f)
		doc, warns := load(t, name, Options{KnownFamilies: known})
		for _, w := range warns {
			if !allowed[w.Code] {
				t.Errorf("%s: unexpected warning %s", name, w)
			}
			if strings.Contains(name, "bench") {
				t.Errorf("%s: the benchmark designs use only what Affiche has, got %s", name, w)
			}
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Error(err)
		}
	}
	// Spot checks on the real files.
	doc, _ := load(t, "real/vertical-align-html.json")
	s := 72.0 / 450
	approxEq(t, "450 dpi width", doc.Width, 3366.1418*s)
	approxEq(t, "page bleed", doc.Bleed, 177.16535433070865*s)
	if e := el(t, doc, "rC2d9ulke8"); len(e.Paragraphs) != 1 || e.Paragraphs[0].Text() != "" {
		t.Errorf("empty Quill line: %+v", e.Paragraphs)
	}
	doc, warns := load(t, "real/polotno-mask.json")
	if e := el(t, doc, "yM_-_w05_O"); e.Type != scene.TypeImage || e.CornerRadius == 0 || warned(warns, CodeClip, "") {
		t.Errorf("photo in a circle: %+v", e)
	}
	doc, _ = load(t, "real/paragraphs.json")
	if e := el(t, doc, "lcGJI3z_Y3N7N9T_-vy21"); len(e.Paragraphs) != 27 || e.FontWeight != 700 || e.Align != scene.AlignRight {
		t.Errorf("paragraphs: %d", len(e.Paragraphs))
	}
}

func TestWarningLanguages(t *testing.T) {
	w := Warning{Code: CodeFont, PageID: "p1", ElementID: "t1", Message: "font missing", MessageFR: "police absente"}
	if got := w.In("fr-FR"); got != "page p1, élément t1 : police absente" {
		t.Errorf("fr: %q", got)
	}
	if got := w.String(); got != "page p1, element t1: font missing" {
		t.Errorf("en: %q", got)
	}
}
