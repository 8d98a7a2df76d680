package e2e

import (
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// photo writes a 1600 × 1000 JPEG with coloured bands, like a photo the user picks.
func photo(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1000))
	for y := 0; y < 1000; y++ {
		for x := 0; x < 1600; x++ {
			img.Set(x, y, color.RGBA{uint8(40 + x*180/1600), uint8(90 + y*120/1000), uint8(200 - x*100/1600), 255})
		}
	}
	for y := 300; y < 700; y++ { // a dark "subject" in the middle
		for x := 600; x < 1000; x++ {
			img.Set(x, y, color.RGBA{30, 30, 40, 255})
		}
	}
	p := filepath.Join(t.TempDir(), "place-de-la-mairie.jpg")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	jpeg.Encode(f, img, &jpeg.Options{Quality: 90})
	f.Close()
	return p
}

// TestUploadImage uploads a photo from the Uploads panel: it goes to the server's blob store,
// lands on the page with its proportions, is drawn from the browser-decoded pixels, and is
// listed in the panel for later use.
func TestUploadImage(t *testing.T) {
	a := open(t)
	a.click(`#tab-uploads`)
	a.run(chromedp.SetUploadFiles(chromedp.CSS(`#upload-input`), []string{photo(t)}))
	deadline := time.Now().Add(15 * time.Second)
	var els []map[string]any
	for time.Now().Before(deadline) {
		if els = a.elements(0); len(els) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(els) != 1 || els[0]["type"] != "image" {
		a.shot("no-image")
		t.Fatalf("after the upload: %v", els)
	}
	src, _ := els[0]["src"].(string)
	if !strings.HasPrefix(src, "/api/blobs/") {
		t.Errorf("image src %q, want a server blob", src)
	}
	if r := num(els[0]["width"]) / num(els[0]["height"]); r < 1.55 || r > 1.65 {
		t.Errorf("image box ratio %.3f, want the photo's 1.6", r)
	}
	time.Sleep(300 * time.Millisecond)
	a.idle()
	a.shot("uploaded")
	// The middle of the image is the dark subject: the canvas shows the photo.
	x, y, w, h, _ := box(els[0])
	sx, sy := a.toScreen(x+w/2, y+h/2)
	var px []int
	a.eval(`(() => { const c = document.getElementById('view'); const r = c.getBoundingClientRect(); const d = afficheDebug.compositor.dpr;
		const s = document.getElementById('stage').getBoundingClientRect();
		return [...c.getContext('2d').getImageData(Math.round((`+ftoa(sx)+` - s.left) * d), Math.round((`+ftoa(sy)+` - s.top) * d), 1, 1).data]; })()`, &px)
	if len(px) < 3 || px[0] > 80 || px[1] > 80 {
		t.Errorf("centre pixel %v, want the photo's dark subject", px)
	}
	var listed int
	a.eval(`document.querySelectorAll('#upload-grid button').length`, &listed)
	if listed != 1 {
		t.Errorf("%d uploads listed in the panel, want 1", listed)
	}
	// Crop mode from the toolbar, then done.
	a.click(`#ctx-bar .btn:has(use[href$="#i-crop"])`)
	a.shot("cropping")
	var cropping string
	a.eval(`afficheDebug.shell.selection.cropping || ''`, &cropping)
	if cropping == "" {
		t.Fatalf("the crop button did not start cropping")
	}
	// Pull the right edge of the crop frame in: the photo keeps its place, less of it shows.
	hx, hy := a.handle("e")
	a.drag(hx, hy, hx-80, hy, 0)
	a.shot("cropped")
	a.key("\r")
	el := a.elements(0)[0]
	crop, _ := el["crop"].(map[string]any)
	if crop == nil || num(crop["width"]) >= 0.99 {
		t.Errorf("after cropping: crop %v, width %.1f", el["crop"], num(el["width"]))
	}
	a.shot("crop-done")
}

func ftoa(f float64) string {
	return strings.TrimRight(strings.TrimRight(strconvF(f), "0"), ".")
}

// TestDropImage drops a PNG file onto the page (as from the file manager): it is uploaded and
// placed where it was dropped.
func TestDropImage(t *testing.T) {
	a := open(t)
	x, y := a.toScreen(150, 200)
	var ok bool
	a.eval(`(async () => {
		const c = document.createElement('canvas'); c.width = 300; c.height = 150;
		const g = c.getContext('2d'); g.fillStyle = '#e64980'; g.fillRect(0, 0, 300, 150);
		const blob = await new Promise(r => c.toBlob(r, 'image/png'));
		const dt = new DataTransfer(); dt.items.add(new File([blob], 'affiche-rose.png', {type: 'image/png'}));
		const opts = {dataTransfer: dt, bubbles: true, cancelable: true, clientX: `+ftoa(x)+`, clientY: `+ftoa(y)+`};
		const stage = document.getElementById('stage');
		stage.dispatchEvent(new DragEvent('dragenter', opts));
		stage.dispatchEvent(new DragEvent('dragover', opts));
		stage.dispatchEvent(new DragEvent('drop', opts));
		return true; })()`, &ok)
	deadline := time.Now().Add(10 * time.Second)
	var els []map[string]any
	for time.Now().Before(deadline) {
		if els = a.elements(0); len(els) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(els) != 1 || els[0]["type"] != "image" {
		t.Fatalf("after the drop: %v", els)
	}
	ex, ey, ew, eh, _ := box(els[0])
	if math.Abs(ex+ew/2-150) > 2 || math.Abs(ey+eh/2-200) > 2 {
		t.Errorf("dropped image centred at (%.1f, %.1f), want (150, 200)", ex+ew/2, ey+eh/2)
	}
	a.idle()
	a.shot("dropped")
}
