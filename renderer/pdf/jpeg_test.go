package pdf

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"affiche/renderer/raster"
	"affiche/scene"
)

// A JPEG photo keeps its bytes whatever is done to it that PDF can express — crop, flips,
// rotation, opacity, rounded corners, brightness and contrast (a Decode array) — and the page
// still looks like the PNG. testdata holds a CMYK (Adobe, inverted), a progressive and a grey
// JPEG made from dandelions-800.jpg by ImageMagick.
func TestJPEGKeepsItsBytes(t *testing.T) {
	havePoppler(t)
	doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"pages":[{"background":"#2b6cb0","elements":[
		{"type":"image","x":40,"y":40,"width":240,"height":200,"src":"testdata:dandelions-800.jpg",
		 "crop":{"x":0.1,"y":0.2,"width":0.5,"height":0.6},"flipX":true,"opacity":0.6,"cornerRadius":24},
		{"type":"image","x":320,"y":50,"width":230,"height":180,"src":"testdata:dandelions-800.jpg",
		 "crop":{"x":0.3,"y":0.1,"width":0.6,"height":0.8},"flipY":true,"rotation":12},
		{"type":"image","x":40,"y":290,"width":510,"height":270,"src":"testdata:dandelions-800.jpg",
		 "crop":{"x":0.05,"y":0.05,"width":0.9,"height":0.9},"flipX":true,"filters":{"brightness":0.12,"contrast":0.35}},
		{"type":"image","x":40,"y":600,"width":160,"height":90,"src":"local:cmyk.jpg","flipY":true},
		{"type":"image","x":220,"y":600,"width":160,"height":90,"src":"local:progressive.jpg","flipX":true,"opacity":0.8},
		{"type":"image","x":400,"y":600,"width":160,"height":90,"src":"local:grey.jpg","filters":{"grayscale":1,"saturation":0.4,"contrast":-0.3}}]}]}`)
	b, warns := writePDF(t, doc, options(t))
	if len(warns) > 0 {
		t.Errorf("warnings: %+v", warns)
	}
	src := map[string]string{
		"dandelions-800.jpg": filepath.Join("..", "testdata", "images", "dandelions-800.jpg"),
		"cmyk.jpg":           filepath.Join("testdata", "cmyk.jpg"),
		"progressive.jpg":    filepath.Join("testdata", "progressive.jpg"),
		"grey.jpg":           filepath.Join("testdata", "grey.jpg"),
	}
	for name, path := range src {
		jpg, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, jpg) {
			t.Errorf("%s: its bytes are not in the PDF (re-encoded)", name)
		}
		// The photo is embedded once as it is and once with the levels' Decode array.
		want := 1
		if name == "dandelions-800.jpg" {
			want = 2
		}
		if n := bytes.Count(b, jpg[:256]); n != want {
			t.Errorf("%s is embedded %d times, want %d", name, n, want)
		}
	}
	list := poppler(t, b, "pdfimages", "-list")
	rows := regexp.MustCompile(`(?m)^\s+1\s+\d+\s+(\w+)\s+(\d+)\s+(\d+)\s+(\w+)\s+\d+\s+\d+\s+(\w+)`).FindAllStringSubmatch(list, -1)
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join(r[1:], " "))
	}
	// pdfimages lists every placement: the plain photo twice, the other four once.
	want := []string{"image 800 450 rgb jpeg", "image 800 450 rgb jpeg", "image 800 450 rgb jpeg",
		"image 320 180 cmyk jpeg", "image 320 180 rgb jpeg", "image 320 180 gray jpeg"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("pdfimages -list: got\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), list)
	}
	// The levels and the grey photo's contrast are Decode arrays.
	d0, d1 := levels(&scene.Filters{Brightness: 0.12, Contrast: 0.35})
	for _, want := range []string{fmt.Sprintf("/Decode [%s %s %[1]s %[2]s %[1]s %[2]s]", pdfNum(d0), pdfNum(d1)), "/Decode [0.255 0.745]"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("no %s in the PDF", want)
		}
	}
	compareWithRaster(t, "jpeg-kept", doc, b, []region{
		{"cropped, flipped, 60 %", image.Rect(40, 40, 280, 240), maxColourShift},
		{"levels (Decode)", image.Rect(40, 290, 550, 560), maxColourShift},
		// A viewer turns DeviceCMYK inks into screen colours its own way (poppler: ~15/255
		// lighter on this photo than Go's decoder, which takes (1−c)(1−k)); the print shop
		// gets the inks themselves. A wrongly inverted CMYK JPEG would be a negative.
		{"CMYK", image.Rect(40, 600, 200, 690), 20},
		{"progressive", image.Rect(220, 600, 380, 690), maxColourShift},
		{"grey with grey filters", image.Rect(400, 600, 560, 690), maxColourShift},
	})
}

// Filters PDF cannot express make new pixels, written as a JPEG (grey when the result is grey),
// which still look like the PNG.
func TestFilteredJPEGIsReencoded(t *testing.T) {
	havePoppler(t)
	doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"pages":[{"elements":[
		{"type":"image","x":40,"y":40,"width":510,"height":280,"src":"testdata:dandelions-800.jpg",
		 "filters":{"brightness":-0.04,"contrast":0.12,"saturation":0.2}},
		{"type":"image","x":40,"y":360,"width":240,"height":135,"src":"testdata:dandelions-800.jpg","flipX":true,"filters":{"grayscale":1,"contrast":0.2}},
		{"type":"image","x":310,"y":360,"width":240,"height":135,"src":"local:cmyk.jpg","filters":{"brightness":0.1}},
		{"type":"image","x":40,"y":540,"width":240,"height":135,"src":"local:progressive.jpg","filters":{"blur":4}}]}]}`)
	b, _ := writePDF(t, doc, options(t))
	jpg, err := os.ReadFile(filepath.Join("..", "testdata", "images", "dandelions-800.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, jpg[:256]) {
		t.Error("the photo's own bytes are in the PDF: its filters were not applied")
	}
	list := poppler(t, b, "pdfimages", "-list")
	for _, want := range []string{`800\s+450\s+rgb\s+3\s+8\s+jpeg`, `800\s+450\s+gray\s+1\s+8\s+jpeg`,
		`320\s+180\s+rgb\s+3\s+8\s+jpeg`, `320\s+180\s+rgb\s+3\s+8\s+jpeg`} {
		if !regexp.MustCompile(`image\s+` + want).MatchString(list) {
			t.Errorf("pdfimages -list lacks %s:\n%s", want, list)
		}
	}
	compareWithRaster(t, "jpeg-filtered", doc, b, []region{
		{"saturation", image.Rect(40, 40, 550, 320), maxColourShift},
		{"grayscale", image.Rect(40, 360, 280, 495), maxColourShift},
		{"CMYK brightness", image.Rect(310, 360, 550, 495), maxColourShift},
		{"blur", image.Rect(40, 540, 280, 675), maxColourShift},
	})
}

// region is a part of a page (points: one pixel each at 72 dpi) compared on its own, with the
// largest shift of its mean colour allowed.
type region struct {
	name     string
	r        image.Rectangle
	maxShift float64
}

// compareWithRaster rasterises page 1 of a PDF at 72 dpi and compares it with the raster
// backend's PNG of doc, as the golden scenes are compared, and each region on its own: a photo
// drawn with the wrong levels or inks stands out there even when the page as a whole is close.
func compareWithRaster(t *testing.T, name string, doc *scene.Document, pdf []byte, regions []region) {
	t.Helper()
	want, _, err := raster.RenderPage(context.Background(), doc, 0, raster.Options{DPI: 72, Fonts: registry(t), Loader: testLoader})
	if err != nil {
		t.Fatal(err)
	}
	got := rasterise(t, pdf, 1, 72)
	if d := os.Getenv("AFFICHE_PDF_OUT"); d != "" {
		writePNG(t, filepath.Join(d, name+"-pdf.png"), got)
		writePNG(t, filepath.Join(d, name+"-raster.png"), want)
		os.WriteFile(filepath.Join(d, name+".pdf"), pdf, 0o644)
	}
	mean, bad, diff := compareImages(got, want, badLevel)
	t.Logf("page: mean difference %.2f/255, %.2f%% of pixels off by more than %d", mean, 100*bad, badLevel)
	if mean > maxMeanDiff[72] || bad > maxBadFraction {
		path := filepath.Join(t.TempDir(), name+"-diff.png")
		writePNG(t, path, diff)
		t.Errorf("PDF and PNG differ: mean %.2f, %.2f%% bad pixels; diff in %s", mean, 100*bad, path)
	}
	type subImager interface {
		SubImage(image.Rectangle) image.Image
	}
	for _, rg := range regions {
		// Leave out the edges, where the two rasterisers' anti-aliasing differs.
		r := rg.r.Inset(3)
		g, w := got.(subImager).SubImage(r), want.SubImage(r)
		m, _, _ := compareImages(g, w, badLevel)
		mg, mw := meanColour(g), meanColour(w)
		shift := 0.0
		for k := range 3 {
			shift = math.Max(shift, math.Abs(mg[k]-mw[k]))
		}
		t.Logf("%s: mean difference %.2f/255, mean colour %.1f vs %.1f", rg.name, m, mg, mw)
		if m > max(maxRegionDiff, rg.maxShift) || shift > rg.maxShift {
			t.Errorf("%s: the PDF's photo differs from the PNG's by %.2f/255 on average (max %.1f), its mean colour %.1f from %.1f (max shift %.1f)",
				rg.name, m, max(maxRegionDiff, rg.maxShift), mg, mw, rg.maxShift)
		}
	}
}

// meanColour returns the mean of each channel over an image.
func meanColour(img image.Image) [3]float64 {
	b := img.Bounds()
	var sum [3]float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := rgb(img.At(x, y))
			for k := range 3 {
				sum[k] += float64(c[k])
			}
		}
	}
	n := float64(b.Dx() * b.Dy())
	return [3]float64{sum[0] / n, sum[1] / n, sum[2] / n}
}

// maxRegionDiff bounds the mean difference over one photo: the two rasterisers resample with
// different filters, which shows on a photo's fine detail at 72 dpi.
const maxRegionDiff = 8.0

// maxColourShift bounds the difference of a photo's mean colour (per channel): resampling
// moves detail, not the mean, so wrong levels or a wrong colour conversion show here.
const maxColourShift = 3.0

// pdfNum formats v as content.num does.
func pdfNum(v float64) string {
	var c content
	c.num(v)
	return strings.TrimSpace(string(c.b))
}

// Only Adobe's APP14 segment marks a CMYK JPEG as inverted, not the word in its metadata.
func TestCMYKInvertedOnlyWithAdobeMarker(t *testing.T) {
	jpg, err := os.ReadFile(filepath.Join("testdata", "cmyk.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(jpg, []byte("\xff\xd8\xff\xee\x00\x0eAdobe")) {
		t.Fatal("testdata/cmyk.jpg no longer starts with its APP14 segment")
	}
	// The same file with the APP14 segment replaced by a comment that names Adobe.
	com := append([]byte("\xff\xd8\xff\xfe\x00\x0eAdobe XMP\x00\x00\x00"), jpg[2+2+14:]...)
	for _, c := range []struct {
		name   string
		data   []byte
		invert bool
	}{{"APP14", jpg, true}, {"comment", com, false}} {
		o, ok := jpegObject(c.data, nil)
		if !ok {
			t.Fatalf("%s: not passed through", c.name)
		}
		dict := o.buf.String()
		if !strings.Contains(dict, "/DeviceCMYK") || strings.Contains(dict, "/Decode [1 0 1 0 1 0 1 0]") != c.invert {
			t.Errorf("%s: %s", c.name, dict)
		}
	}
}
