package pdf

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"affiche/scene"
)

const a4 = `"width":595.28,"height":841.89`

// box reads a box line of `pdfinfo -box` ("TrimBox: x0 y0 x1 y1") in millimetres.
func box(tb testing.TB, info, name string) [4]float64 {
	tb.Helper()
	m := regexp.MustCompile(`(?m)^` + name + `:\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)`).FindStringSubmatch(info)
	if m == nil {
		tb.Fatalf("no %s in:\n%s", name, info)
	}
	var b [4]float64
	for i := range b {
		v, _ := strconv.ParseFloat(m[i+1], 64)
		b[i] = v / scene.PtPerMM
	}
	return b
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.02 } // mm; pdfinfo prints 0.01 pt

func TestPageBoxes(t *testing.T) {
	havePoppler(t)
	doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"bleed":8.504,"pages":[{"background":"#1d4ed8","elements":[]}]}`)
	for _, bleed := range []float64{0, 3, 5} {
		for _, marks := range []bool{false, true} {
			o := options(t)
			o.Bleed, o.CropMarks = ptr(scene.MM(bleed)), marks
			b, _ := writePDF(t, doc, o)
			info := poppler(t, b, "pdfinfo", "-box")
			trim, bl, media := box(t, info, "TrimBox"), box(t, info, "BleedBox"), box(t, info, "MediaBox")
			if w, h := trim[2]-trim[0], trim[3]-trim[1]; !near(w, 210) || !near(h, 297) {
				t.Errorf("bleed %g, marks %v: trim box %.2f × %.2f mm, want 210 × 297", bleed, marks, w, h)
			}
			if w, h := bl[2]-bl[0], bl[3]-bl[1]; !near(w, 210+2*bleed) || !near(h, 297+2*bleed) {
				t.Errorf("bleed %g, marks %v: bleed box %.2f × %.2f mm, want %g × %g", bleed, marks, w, h, 210+2*bleed, 297+2*bleed)
			}
			if !near(trim[0]-bl[0], bleed) || !near(bl[2]-trim[2], bleed) || !near(trim[1]-bl[1], bleed) || !near(bl[3]-trim[3], bleed) {
				t.Errorf("bleed %g: the trim box is not centred in the bleed box: %v in %v", bleed, trim, bl)
			}
			room := media[2] - bl[2]
			if marks && room < 5 || !marks && !near(room, 0) {
				t.Errorf("bleed %g, marks %v: media box reaches %.2f mm beyond the bleed", bleed, marks, room)
			}
			if !near(media[0], 0) || !near(media[1], 0) || !near(bl[0]-media[0], room) {
				t.Errorf("bleed %g, marks %v: media box %v, bleed box %v", bleed, marks, media, bl)
			}
			// The background fills the bleed: the corner of the bleed box is blue, and with
			// marks the margin outside it is white except for the marks.
			img := rasterise(t, b, 1, 72)
			px := func(xmm, ymm float64) [3]uint8 {
				return rgb(img.At(int(scene.MM(xmm)), int(scene.MM(ymm))))
			}
			m := media[2] - bl[2]
			if c := px(m+0.6, m+0.6); c != [3]uint8{0x1d, 0x4e, 0xd8} {
				t.Errorf("bleed %g, marks %v: bleed corner is %v, want the background", bleed, marks, c)
			}
			if marks {
				if c := px(1, 1); c != [3]uint8{255, 255, 255} {
					t.Errorf("bleed %g: media corner is %v, want white paper", bleed, c)
				}
			}
		}
	}
}

func TestCropMarksOutsideTheBleed(t *testing.T) {
	havePoppler(t)
	doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"pages":[{"elements":[]}]}`)
	o := options(t)
	o.Bleed, o.CropMarks = ptr(scene.MM(3)), true
	b, _ := writePDF(t, doc, o)
	const dpi = 300
	img := rasterise(t, b, 1, dpi)
	info := poppler(t, b, "pdfinfo", "-box")
	bl, trim := box(t, info, "BleedBox"), box(t, info, "TrimBox")
	pxPerMM := dpi / 25.4
	// The trim line's extension, 2 mm above the bleed box's top edge (PDF y up: media top is
	// its height), must be inked; inside the bleed there must be no ink.
	mediaH := box(t, info, "MediaBox")[3]
	x := int(trim[0] * pxPerMM)
	inked := func(ymm float64) bool {
		c := rgb(img.At(x, int((mediaH-ymm)*pxPerMM)))
		return c[0] < 128
	}
	if !inked(bl[3] + 2) {
		t.Error("no crop mark on the left trim line above the bleed")
	}
	if inked(bl[3] - 1) {
		t.Error("ink inside the bleed on the trim line")
	}
	if !bytes.Contains(b, []byte("/Separation /All")) {
		t.Error("crop marks are not in the registration colour (Separation All)")
	}
}

func TestPerPageSizesAndMetadata(t *testing.T) {
	havePoppler(t)
	doc := restoreJSON(t, `{"format":"affiche","version":1,"title":"Fête « été » 2025","author":"Mairie de Saint-Julien",`+a4+`,"pages":[
		{"elements":[]},{"width":841.89,"height":595.28,"elements":[]},{"width":419.53,"height":595.28,"elements":[]}]}`)
	o := options(t)
	o.Bleed = ptr(0)
	b, _ := writePDF(t, doc, o)
	info := poppler(t, b, "pdfinfo", "-f", "1", "-l", "3")
	for i, want := range []string{"595.28 x 841.89", "841.89 x 595.28", "419.53 x 595.28"} {
		if !regexp.MustCompile(`Page\s+` + strconv.Itoa(i+1) + ` size:\s+` + want).MatchString(info) {
			t.Errorf("page %d is not %s pt:\n%s", i+1, want, info)
		}
	}
	for _, s := range []string{"Title:           Fête « été » 2025", "Author:          Mairie de Saint-Julien", "Creator:         Affiche", "Pages:           3"} {
		if !strings.Contains(info, s) {
			t.Errorf("pdfinfo lacks %q:\n%s", s, info)
		}
	}
	// A page selection writes only those pages.
	o.Pages = []int{2, 0}
	b, _ = writePDF(t, doc, o)
	info = poppler(t, b, "pdfinfo", "-f", "1", "-l", "2")
	if !strings.Contains(info, "Pages:           2") || !regexp.MustCompile(`Page\s+1 size:\s+419.53 x 595.28`).MatchString(info) {
		t.Errorf("pages 3 and 1:\n%s", info)
	}
}

const textDoc = `{"format":"affiche","version":1,` + a4 + `,"pages":[{"elements":[
	{"type":"text","x":40,"y":40,"width":500,"height":60,"text":"Fête « AVATAR » — 12 € l'entrée","fontFamily":"Roboto","fontSize":24},
	{"type":"text","x":40,"y":120,"width":500,"height":60,"text":"Œuvres d'été à Noël","fontFamily":"Lato","fontWeight":"bold","fontSize":24},
	{"type":"text","x":40,"y":200,"width":500,"height":60,"text":"Deuxième ligne justifiée avec soin","fontFamily":"Montserrat","fontSize":18,"letterSpacing":0.05},
	{"type":"text","x":40,"y":280,"width":500,"height":80,"text":"Venez nombreux","fontFamily":"Kaushan Script","fontSize":32},
	{"type":"text","x":40,"y":380,"width":500,"height":80,"text":"office affiché","fontFamily":"Playfair Display","fontSize":32}
]}]}`

func TestFontsEmbeddedAsSubsets(t *testing.T) {
	havePoppler(t)
	doc := restoreJSON(t, textDoc)
	b, _ := writePDF(t, doc, options(t))
	out := poppler(t, b, "pdffonts")
	lines := strings.Split(strings.TrimSpace(out), "\n")[2:]
	names := map[string]bool{}
	for _, l := range lines {
		f := strings.Fields(l)
		// name type… encoding emb sub uni object ID
		n := len(f)
		if f[n-5] != "yes" || f[n-4] != "yes" || f[n-3] != "yes" {
			t.Errorf("font not embedded as a subset with a Unicode map: %s", l)
		}
		if !regexp.MustCompile(`^[A-Z]{6}\+`).MatchString(f[0]) {
			t.Errorf("subset font without a subset tag: %s", f[0])
		}
		names[strings.SplitN(f[0], "+", 2)[1]] = true
	}
	for _, want := range []string{"Roboto-Regular", "Lato-Bold", "Montserrat-Regular", "PlayfairDisplay-Regular"} {
		if !names[want] {
			t.Errorf("pdffonts lacks %s:\n%s", want, out)
		}
	}
	for n := range names {
		if strings.Contains(n, "Kaushan") {
			t.Errorf("the CFF font Kaushan Script is embedded (%s): it must be drawn as outlines", n)
		}
	}
}

func TestTextExtraction(t *testing.T) {
	havePoppler(t)
	doc := restoreJSON(t, textDoc)
	b, _ := writePDF(t, doc, options(t))
	got := poppler(t, b, "pdftotext", "-raw") + poppler(t, b, "pdftotext")
	for _, want := range []string{"Fête « AVATAR » — 12 € l'entrée", "Œuvres d'été à Noël", "Deuxième ligne justifiée avec soin",
		"Venez nombreux", // Kaushan Script (CFF): outlines with invisible text over them
		"office affiché", // Playfair's ffi ligature: an outline with its three letters over it
	} {
		if !strings.Contains(got, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, got)
		}
	}
}

func TestOutlineText(t *testing.T) {
	havePoppler(t)
	doc := restoreJSON(t, textDoc)
	o := options(t)
	o.OutlineText = true
	b, _ := writePDF(t, doc, o)
	if out := poppler(t, b, "pdffonts"); len(strings.Split(strings.TrimSpace(out), "\n")) != 2 {
		t.Errorf("outlined text still embeds fonts:\n%s", out)
	}
	if got := strings.TrimSpace(poppler(t, b, "pdftotext")); got != "" {
		t.Errorf("outlined text still has text: %q", got)
	}
	// The outlines are drawn where the text was: the page has ink in the first line.
	img := rasterise(t, b, 1, 72)
	ink := 0
	for x := 40; x < 300; x++ {
		for y := 40; y < 70; y++ {
			if rgb(img.At(x, y))[0] < 100 {
				ink++
			}
		}
	}
	if ink < 300 {
		t.Errorf("only %d inked pixels where the outlined first line is", ink)
	}
}

func TestJPEGPassedThroughPNGWithSoftMask(t *testing.T) {
	havePoppler(t)
	jpg, err := os.ReadFile(filepath.Join("..", "testdata", "images", "dandelions-800.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"pages":[{"elements":[
		{"type":"image","x":0,"y":0,"width":300,"height":300,"src":"testdata:dandelions-800.jpg","cornerRadius":20},
		{"type":"image","x":300,"y":0,"width":200,"height":200,"src":"testdata:dandelions-800.jpg","rotation":30},
		{"type":"image","x":100,"y":400,"width":120,"height":120,"src":"testdata:badge.png"}]}]}`)
	b, _ := writePDF(t, doc, options(t))
	if !bytes.Contains(b, jpg) {
		t.Error("the JPEG's bytes are not in the PDF: it was re-encoded")
	}
	if n := bytes.Count(b, jpg[:200]); n != 1 {
		t.Errorf("the JPEG is embedded %d times, want once", n)
	}
	list := poppler(t, b, "pdfimages", "-list")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^\s+1\s+\d+\s+image\s+800\s+450\s+rgb\s+3\s+8\s+jpeg`),
		regexp.MustCompile(`(?m)image\s+240\s+240\s+rgb\s+3\s+8\s+image`),
		regexp.MustCompile(`(?m)smask\s+240\s+240\s+gray\s+1\s+8\s+image`),
	} {
		if !want.MatchString(list) {
			t.Errorf("pdfimages -list lacks %s:\n%s", want, list)
		}
	}
}

func TestMissingImageIsAPlaceholderAndAWarning(t *testing.T) {
	doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"pages":[{"elements":[
		{"type":"image","x":10,"y":10,"width":100,"height":100,"src":"https://example.org/none.jpg"}]}]}`)
	_, warns := writePDF(t, doc, options(t))
	if len(warns) != 1 || warns[0].Code != WarnImageMissing || warns[0].Path != "pages[0].elements[0].src" || warns[0].MessageFR == "" {
		t.Fatalf("warnings %+v", warns)
	}
}

// Every document fixture of the repository exports without an error, a panic or a word on
// standard output (where fpdf prints the problems it has with a font).
func TestEveryFixtureExports(t *testing.T) {
	var files []string
	for _, pat := range []string{"../../scene/testdata/valid/*.json", "../../preflight/testdata/*.json", "../../templates/*.json", "../testdata/scenes/*.json", "testdata/*.json"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, _, err := scene.Restore(data)
		if err != nil {
			continue // not a document (a catalogue)
		}
		printed := captureStdout(t, func() {
			for _, o := range []Options{options(t), PresetPrint.Apply(options(t)), {OutlineText: true, CropMarks: true}} {
				if _, err := Write(context.Background(), io.Discard, doc, o); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
		})
		if printed != "" {
			t.Errorf("%s: the export printed %q", f, printed)
		}
	}
}

func TestBadInputsAreErrors(t *testing.T) {
	doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"pages":[{"elements":[]}]}`)
	for _, o := range []Options{{Pages: []int{1}}, {Pages: []int{-1}}, {Bleed: ptr(-1)}, {Bleed: ptr(1000)}, {DPI: 5000}} {
		if _, err := Write(context.Background(), io.Discard, doc, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if _, err := Write(ctx, &buf, doc, Options{}); !errors.Is(err, context.Canceled) || buf.Len() != 0 {
		t.Errorf("cancelled: %v, %d bytes written", err, buf.Len())
	}
}

func TestSameInputSameFile(t *testing.T) {
	doc := restoreJSON(t, textDoc)
	o := options(t)
	o.Date = time.Date(2025, 6, 21, 18, 0, 0, 0, time.UTC)
	a, _ := writePDF(t, doc, o)
	b, _ := writePDF(t, doc, o)
	if len(a) != len(b) {
		t.Errorf("two exports of one document differ in size: %d, %d", len(a), len(b))
	}
}

func TestTouchingElementsExtendIntoBleed(t *testing.T) {
	havePoppler(t)
	doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"pages":[{"elements":[
		{"type":"image","x":0,"y":541.89,"width":595.28,"height":300,"src":"testdata:dandelions-800.jpg"},
		{"type":"shape","shape":"rect","x":0,"y":0,"width":595.28,"height":100,"fill":"#ff0000"},
		{"type":"shape","shape":"rect","x":0,"y":400,"width":100,"height":100,"fill":"#00ff00","stroke":{"color":"#000","width":2}},
		{"type":"shape","shape":"rect","x":200,"y":400,"width":100,"height":100,"fill":"#0000ff"}]}]}`)
	o := options(t)
	o.Bleed = ptr(9) // 3.2 mm: whole pixels at 72 dpi, so that the trimmed pages compare
	b, _ := writePDF(t, doc, o)
	img := rasterise(t, b, 1, 72)
	bl := 9
	at := func(x, y int) [3]uint8 { return rgb(img.At(x+bl, y+bl)) }
	white := [3]uint8{255, 255, 255}
	if c := at(300, 846); c == white {
		t.Error("the photo touching the bottom of the trim does not reach into the bleed")
	}
	if c := at(-4, 800); c == white {
		t.Error("the photo touching the left of the trim does not reach into the bleed")
	}
	if c := at(300, -4); c != [3]uint8{255, 0, 0} {
		t.Errorf("the band touching the top does not reach into the bleed: %v", c)
	}
	if c := at(-4, 50); c != [3]uint8{255, 0, 0} {
		t.Errorf("the band touching the left does not reach into the bleed: %v", c)
	}
	if c := at(-4, 450); c != white {
		t.Errorf("a stroked rectangle touching the trim grew into the bleed: %v", c)
	}
	// Inside the trim nothing changes: the page matches the export without bleed.
	o.Bleed = ptr(0)
	b0, _ := writePDF(t, doc, o)
	trimmed := rasterise(t, b0, 1, 72)
	sub := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(bl, bl, bl+595, bl+841))
	moved := &offsetImage{sub, image.Pt(bl, bl)}
	if mean, _, _ := compareImages(moved, trimmed, 96); mean > 0.5 {
		t.Errorf("the trimmed page changed with the bleed: mean difference %.2f", mean)
	}
}

// offsetImage shows an image shifted so that point off of it is at (0, 0).
type offsetImage struct {
	image.Image
	off image.Point
}

func (o *offsetImage) Bounds() image.Rectangle {
	return o.Image.Bounds().Sub(o.off)
}

func (o *offsetImage) At(x, y int) color.Color { return o.Image.At(x+o.off.X, y+o.off.Y) }

func TestGIFConvertedSVGGradientLinksKept(t *testing.T) {
	havePoppler(t)
	pal := image.NewPaletted(image.Rect(0, 0, 40, 30), color.Palette{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i % 2)
	}
	var g bytes.Buffer
	if err := gif.Encode(&g, pal, nil); err != nil {
		t.Fatal(err)
	}
	gifURL := "data:image/gif;base64," + base64.StdEncoding.EncodeToString(g.Bytes())
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/></svg>`
	svgURL := "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg))
	doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"pages":[{"elements":[
		{"type":"image","x":10,"y":10,"width":80,"height":60,"src":"`+gifURL+`"},
		{"type":"svg","x":100,"y":10,"width":100,"height":100,"src":"`+svgURL+`"},
		{"type":"text","x":10,"y":200,"width":300,"height":40,"paragraphs":[{"runs":[{"text":"Site de la mairie","link":"https://mairie.example.fr/"}]}],"fontSize":16}]}]}`)
	o := options(t)
	o.DPI = 150
	b, _ := writePDF(t, doc, o)
	list := poppler(t, b, "pdfimages", "-list")
	if !regexp.MustCompile(`image\s+40\s+30\s+rgb`).MatchString(list) {
		t.Errorf("the GIF is not embedded at its 40 × 30 pixels:\n%s", list)
	}
	// The SVG's gradient is a vector shading, not an image.
	if regexp.MustCompile(`image\s+20[89]\s+20[89]`).MatchString(list) || !bytes.Contains(b, []byte("/ShadingType 2")) {
		t.Errorf("the gradient SVG is not drawn as a shading:\n%s", list)
	}
	if !bytes.Contains(b, []byte("/URI (https://mairie.example.fr/)")) {
		t.Error("the text's link is lost")
	}
}
