package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestExportPDF exports the page as a print PDF through the dialog: the file is a PDF, and
// poppler (when installed) rasterises it into a picture of the design.
func TestExportPDF(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-title"]`)
	a.click(`#tab-shapes`)
	a.click(`#shape-grid button:nth-child(6)`)
	a.click(`#export-button`)
	a.run(chromedpWaitVisible(`dialog[open] [data-id="export-start"]`))
	a.shot("dialog")
	a.eval(`document.querySelector('dialog[open] input[name="format"][value="pdf"]').click(); true`, nil)
	a.click(`dialog[open] [data-id="export-start"]`)
	a.shot("exporting")
	pdf := a.downloaded(1)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("export is not a PDF: %q…", pdf[:min(len(pdf), 40)])
	}
	a.shot("exported")
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Log("pdftoppm not installed: the PDF is not rasterised")
		return
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "out.pdf")
	os.WriteFile(p, pdf, 0o644)
	out := filepath.Join(env.root, "e2e", "artifacts", t.Name()+"-pdf")
	if b, err := exec.Command("pdftoppm", "-png", "-r", "50", "-singlefile", p, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
}

// TestCanvasMatchesServerPNG draws a design in the editor at 100 % (one CSS pixel per point,
// devicePixelRatio 1) and compares the page's pixels on the canvas with the server's PNG of
// the same page at 72 dpi: both come from the same renderer, so they must agree to within
// compositing rounding.
func TestCanvasMatchesServerPNG(t *testing.T) {
	a := open(t)
	design := `{"format":"affiche","version":1,"width":420,"height":300,"pages":[{"id":"p1","background":"#fdf6e3","elements":[
	 {"id":"t1","type":"text","x":20,"y":18,"width":380,"height":60,"fontFamily":"Roboto","fontSize":30,"fontWeight":700,"color":"#1c2230","align":"center","paragraphs":["Fête de la musique"]},
	 {"id":"t2","type":"text","x":30,"y":80,"width":200,"height":90,"fontFamily":"Lato","fontSize":14,"color":"#3b5bdb","lineHeight":1.3,"paragraphs":[{"runs":[{"text":"Samedi "},{"text":"21 juin","fontWeight":700}]},{"runs":[{"text":"place de la Mairie, entrée libre"}],"list":"bullet"}]},
	 {"id":"r1","type":"shape","shape":"rect","x":250,"y":90,"width":140,"height":80,"cornerRadius":14,"fill":"#e64980","stroke":{"color":"#1c2230","width":3}},
	 {"id":"e1","type":"shape","shape":"ellipse","x":40,"y":190,"width":90,"height":90,"fill":"#fcc419","opacity":0.8},
	 {"id":"s1","type":"shape","shape":"star","x":160,"y":185,"width":100,"height":100,"rotation":20,"fill":"#2b8a3e"},
	 {"id":"l1","type":"line","x":280,"y":220,"width":120,"height":20,"rotation":-15,"stroke":{"color":"#1c2230","width":4},"endHead":"triangle"}
	]}]}`
	a.eval(fmt.Sprintf(`(afficheDebug.bridge.dispatch('document.load', {json: %q}), true)`, design), nil)
	a.dispatch("view.zoom", map[string]any{"zoom": 1})
	a.idle()
	time.Sleep(300 * time.Millisecond) // fonts arrive, elements are drawn again
	a.idle()
	a.shot("canvas")
	var cam struct{ PanX, PanY, Zoom float64 }
	a.eval(`(() => { const c = afficheDebug.compositor; return {panX: Math.round(c.camera.panX * c.dpr), panY: Math.round(c.camera.panY * c.dpr), zoom: c.camera.zoom * c.dpr}; })()`, &cam)
	if cam.Zoom != 1 {
		t.Fatalf("zoom × devicePixelRatio = %v, want 1", cam.Zoom)
	}
	canvas := a.canvasImage()
	var docJSON string
	a.eval(`afficheDebug.bridge.dispatch('document.save', {})`, &docJSON)
	body, res := post(t, "api/export?format=png&dpi=72", docJSON)
	if res.StatusCode != 200 {
		t.Fatalf("export: %d %s", res.StatusCode, body)
	}
	server, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sb := server.Bounds()
	diff := image.NewRGBA(sb)
	var sum float64
	var over int
	for y := 0; y < sb.Dy(); y++ {
		for x := 0; x < sb.Dx(); x++ {
			c1 := color.NRGBAModel.Convert(server.At(x, y)).(color.NRGBA)
			c2 := color.NRGBAModel.Convert(canvas.At(int(cam.PanX)+x, int(cam.PanY)+y)).(color.NRGBA)
			d := math.Max(math.Max(absd(c1.R, c2.R), absd(c1.G, c2.G)), absd(c1.B, c2.B))
			sum += d
			if d > 16 {
				over++
			}
			v := uint8(math.Min(255, d*4))
			diff.Set(x, y, color.RGBA{v, 0, 0, 255})
		}
	}
	n := float64(sb.Dx() * sb.Dy())
	mean := sum / n
	t.Logf("canvas vs server PNG: mean difference %.3f/255, %d pixels (%.3f %%) differ by more than 16/255", mean, over, 100*float64(over)/n)
	if mean > 0.5 || float64(over)/n > 0.002 {
		f, _ := os.Create(filepath.Join(env.root, "e2e", "artifacts", t.Name()+"-diff.png"))
		png.Encode(f, diff)
		f.Close()
		os.WriteFile(filepath.Join(env.root, "e2e", "artifacts", t.Name()+"-server.png"), body, 0o644)
		t.Errorf("the canvas differs from the server's PNG: mean %.3f/255, %d pixels over 16/255 (diff image in e2e/artifacts)", mean, over)
	}
}

func absd(a, b uint8) float64 { return math.Abs(float64(a) - float64(b)) }

// TestQuickPNGWithoutServer exports while the server cannot be reached: the dialog says so and
// offers the PNG drawn in the browser by the same renderer.
func TestQuickPNGWithoutServer(t *testing.T) {
	a := open(t)
	a.click(`[data-add="text-title"]`)
	// The export endpoint goes away (network error), the rest of the page keeps working.
	a.eval(`(() => { const f = window.fetch; window.fetch = (u, o) => String(u).includes('api/export') ? Promise.reject(new TypeError('Failed to fetch')) : f(u, o); return true; })()`, nil)
	a.click(`#export-button`)
	a.run(chromedpWaitVisible(`dialog[open] [data-id="export-start"]`))
	a.eval(`document.querySelector('dialog[open] select[aria-label]').value = '72'; document.querySelector('dialog[open] select[aria-label]').dispatchEvent(new Event('change')); true`, nil)
	a.shot("offline-dialog")
	var pdfDisabled bool
	a.eval(`document.querySelector('dialog[open] input[name="format"][value="pdf"]').disabled`, &pdfDisabled)
	if !pdfDisabled {
		t.Error("PDF is offered although the server cannot be reached")
	}
	a.click(`dialog[open] [data-id="export-start"]`)
	b := a.downloaded(1)
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the quick export is not a PNG: %v", err)
	}
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != 595 || h != 842 {
		t.Errorf("PNG %d×%d, want the A4 page at 72 dpi (595×842)", w, h)
	}
}
