package pdf

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image"
	"strings"
	"testing"

	"affiche/renderer/orient"
	"affiche/renderer/orient/orienttest"
)

// A photo with an EXIF orientation keeps its bytes in the PDF, placed turned so that the page
// looks like the PNG (itself tested against an upright photo in renderer/raster), for each of
// the 8 orientations: fitted, covering, cropped, turned and flipped; a PNG with an eXIf chunk
// keeps its compressed data the same way.
func TestEXIFOrientation(t *testing.T) {
	havePoppler(t)
	upright := orienttest.Quadrants(96, 48)
	for o := orient.Orientation(1); o <= 8; o++ {
		jpg := orienttest.JPEG(orienttest.Stored(upright, o), o, binary.LittleEndian)
		pngData := orienttest.PNG(orienttest.Stored(upright, o), o)
		j := "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(jpg)
		p := "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngData)
		doc := restoreJSON(t, `{"format":"affiche","version":1,`+a4+`,"pages":[{"background":"#ffffff","elements":[
			{"type":"image","x":40,"y":40,"width":240,"height":120,"src":"`+j+`","fit":"fill"},
			{"type":"image","x":320,"y":40,"width":200,"height":200,"src":"`+j+`","fit":"cover"},
			{"type":"image","x":40,"y":280,"width":240,"height":160,"src":"`+j+`","crop":{"x":0.25,"y":0.1,"width":0.75,"height":0.7}},
			{"type":"image","x":340,"y":300,"width":200,"height":100,"src":"`+j+`","rotation":20,"flipX":true},
			{"type":"image","x":40,"y":520,"width":240,"height":120,"src":"`+p+`","fit":"fill"},
			{"type":"image","x":320,"y":520,"width":200,"height":160,"src":"`+p+`","crop":{"x":0.5,"y":0,"width":0.5,"height":1},"flipY":true}]}]}`)
		b, warns := writePDF(t, doc, options(t))
		if len(warns) > 0 {
			t.Fatalf("%d: warnings %+v", o, warns)
		}
		if n := bytes.Count(b, jpg); n != 1 {
			t.Errorf("%d: the JPEG's bytes are in the PDF %d times, want once, untouched", o, n)
		}
		list := poppler(t, b, "pdfimages", "-list")
		sw, sh := 96, 48
		if o.Transposed() {
			sw, sh = 48, 96
		}
		// The XObjects keep the stored size: nothing was decoded and turned.
		for _, want := range []string{fmt.Sprintf("%d %d rgb 3 8 jpeg", sw, sh), fmt.Sprintf("%d %d rgb 3 8 image", sw, sh)} {
			if !strings.Contains(strings.Join(strings.Fields(list), " "), want) {
				t.Errorf("%d: pdfimages -list lacks %q:\n%s", o, want, list)
			}
		}
		// Each photo is compared on its own: a wrong turn swaps whole quadrants.
		compareWithRaster(t, fmt.Sprintf("exif-o%d", o), doc, b, []region{
			{"fill", image.Rect(40, 40, 280, 160), maxColourShift},
			{"cover", image.Rect(320, 40, 520, 240), maxColourShift},
			{"crop", image.Rect(40, 280, 280, 440), maxColourShift},
			{"png fill", image.Rect(40, 520, 280, 640), maxColourShift},
			{"png crop", image.Rect(320, 520, 520, 680), maxColourShift},
		})
	}
}
