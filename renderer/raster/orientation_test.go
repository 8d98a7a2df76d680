package raster

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"testing"

	"affiche/renderer/orient"
	"affiche/renderer/orient/orienttest"
)

// TestEXIFOrientation renders photos stored as cameras store them, for each of the 8 EXIF
// orientations, and compares every pixel with the same page drawn from an upright JPEG of the
// same picture: placed, cropped, covering, turned, enlarged and reduced (the block-averaging
// path), with and without the image cache. On failure the render and a diff image go to
// renderer/testdata/failed.
func TestEXIFOrientation(t *testing.T) {
	// JPEG at quality 100 of flat quadrants aligned on 16-pixel blocks: the stored and the
	// upright files decode to nearly the same pixels; a wrong turn swaps whole colours.
	const tol = 6
	for _, size := range [][2]int{{64, 32}, {640, 320}} {
		upright := orienttest.Quadrants(size[0], size[1])
		dataURL := func(b []byte) string { return "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(b) }
		want := dataURL(orienttest.JPEG(upright, 0, nil))
		placements := []string{
			`"x":20,"y":20,"width":160,"height":80,"fit":"fill"`,
			`"x":10,"y":10,"width":120,"height":100,"fit":"cover"`,
			`"x":20,"y":20,"width":160,"height":80,"crop":{"x":0.5,"y":0,"width":0.5,"height":0.75}`,
			`"x":40,"y":30,"width":120,"height":60,"rotation":30,"flipY":true`,
		}
		for o := orient.Orientation(1); o <= 8; o++ {
			got := dataURL(orienttest.JPEG(orienttest.Stored(upright, o), o, binary.BigEndian))
			for i, pl := range placements {
				for _, cache := range []*ImageCache{nil, NewImageCache(64 << 20)} {
					opts := Options{DPI: 72, ImageCache: cache}
					el := func(src string) string { return `{"type":"image","src":"` + src + `",` + pl + `}` }
					ref, _ := page(t, 200, 130, el(want), opts)
					img, warns := page(t, 200, 130, el(got), opts)
					if len(warns) > 0 {
						t.Fatalf("warnings: %v", warns)
					}
					bad, worst, diff := pixelDiff(img, ref, tol)
					if bad > 0 {
						name := fmt.Sprintf("exif-%dpx-o%d-p%d", size[0], o, i)
						failed := filepath.Join("..", "testdata", "failed")
						writePNG(t, filepath.Join(failed, name+".png"), img)
						writePNG(t, filepath.Join(failed, name+".diff.png"), diff)
						t.Errorf("%s (cache %v): %d pixels differ by more than %d (worst %d): see %s", name, cache != nil, bad, tol, worst, failed)
					}
				}
			}
		}
	}
}
