package export

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/png"
	"testing"

	"affiche/renderer"
	"affiche/renderer/raster"
	"affiche/scene"
)

// TestRasterReusesPagesAndImages exports designs one after another through a Raster with an
// image cache and a page pool, as affiche serve does: every file equals the one a Raster
// without them writes.
func TestRasterReusesPagesAndImages(t *testing.T) {
	pic := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range pic.Pix {
		pic.Pix[i] = uint8(40 * i)
	}
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, pic); err != nil {
		t.Fatal(err)
	}
	photo := "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngData.Bytes())
	docs := map[string]string{
		"photo": `{"format":"affiche","version":1,"width":200,"height":120,"pages":[{"background":"#f4efe6","elements":[
			{"type":"image","src":"` + photo + `","x":20,"y":20,"width":160,"height":80,"fit":"fill"},
			{"type":"text","x":20,"y":100,"width":160,"height":20,"text":"Fête","fontSize":14}]}]}`,
		"small": `{"format":"affiche","version":1,"width":60,"height":40,"pages":[{"elements":[
			{"type":"shape","x":5,"y":5,"width":30,"height":20,"fill":"#264653"}]}]}`,
	}
	res := &Resources{Images: renderer.DataLoader{}}
	reusing := Raster{Images: raster.NewImageCache(8 << 20), Pages: &raster.PagePool{}}
	for i, name := range []string{"photo", "small", "photo", "photo", "small"} {
		doc, _, err := scene.Restore([]byte(docs[name]))
		if err != nil {
			t.Fatal(err)
		}
		for _, opt := range []Options{{Format: FormatPNG, DPI: 150}, {Format: FormatJPEG, DPI: 100, Quality: 90}} {
			var want, got bytes.Buffer
			if err := (Raster{}).WriteImage(context.Background(), doc, 0, opt, res, &want); err != nil {
				t.Fatal(err)
			}
			if err := reusing.WriteImage(context.Background(), doc, 0, opt, res, &got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("export %d (%s, %s): the file differs with the cache and the pool", i, name, opt.Format)
			}
		}
	}
	if s := reusing.Images.Stats(); s.Hits == 0 {
		t.Errorf("the image cache was never used: %+v", s)
	}
}
