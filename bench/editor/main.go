// Command editor measures the browser editor in headless Chromium against the targets of
// docs (DESIGN.md, "Figures"): the brotli size of the app, the time from navigation to an
// editable canvas on a cold load, the frame work while dragging one element of a 100-element
// A4 design at fit zoom, and the memory of the tab.
//
//	go run ./bench/editor              # builds what it needs, prints the figures
//	go run ./bench/editor -dpr 1 -loads 7 -frames 240
//
// It builds web/affiche.wasm (and its .br copy) when they are older than the Go sources, then
// the affiche binary, and serves the app with it, as a user would run it.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

var (
	flagDPR     = flag.Float64("dpr", 2, "device pixel ratio of the browser window (2: a HiDPI laptop)")
	flagLoads   = flag.Int("loads", 5, "cold loads to time (median reported)")
	flagFrames  = flag.Int("frames", 180, "pointer moves in the drag")
	flagChrome  = flag.String("chromium", "/usr/bin/chromium", "Chromium to drive")
	flagWidth   = flag.Int("width", 1440, "window width in CSS pixels")
	flagHeight  = flag.Int("height", 900, "window height in CSS pixels")
	flagVerbose = flag.Bool("v", false, "print the timeline of each cold load")
	flagShot    = flag.String("shot", "", "save a screenshot of the 100-element design to this PNG file")
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench/editor:", err)
		os.Exit(1)
	}
}

func run() error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if _, err := os.Stat(*flagChrome); err != nil {
		return fmt.Errorf("Chromium not found at %s (apt-get install chromium)", *flagChrome)
	}
	if err := buildWasm(root); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "affiche-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "affiche")
	if out, err := goCmd(root, nil, "build", "-o", bin, "./cmd/affiche").CombinedOutput(); err != nil {
		return fmt.Errorf("building affiche: %v\n%s", err, out)
	}
	base, stop, err := serve(bin, filepath.Join(tmp, "data"))
	if err != nil {
		return err
	}
	defer stop()

	fmt.Printf("Affiche editor benchmarks — %s, %d cores, window %d×%d CSS px at devicePixelRatio %g\n\n",
		time.Now().Format("2006-01-02 15:04"), runtime.NumCPU(), *flagWidth, *flagHeight, *flagDPR)
	if err := appSize(root); err != nil {
		return err
	}
	if err := coldLoads(base, tmp); err != nil {
		return err
	}
	return dragAndMemory(base, tmp)
}

// ---------- Size ----------

// appFiles are what a first visit downloads before the canvas is editable.
var appFiles = []string{"index.html", "css/app.css", "css/library.css", "icons.svg", "favicon.svg", "wasm_exec.js", "affiche.wasm"}

func appSize(root string) error {
	web := filepath.Join(root, "web")
	js, _ := filepath.Glob(filepath.Join(web, "js", "*.js"))
	files := append([]string(nil), appFiles...)
	for _, f := range js {
		rel, _ := filepath.Rel(web, f)
		files = append(files, rel)
	}
	var total, totalRaw, wasmBr int64
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(web, f))
		if err != nil {
			return err
		}
		var n int64
		if br, err := os.ReadFile(filepath.Join(web, f) + ".br"); err == nil {
			n = int64(len(br))
		} else {
			var b bytes.Buffer
			w := brotli.NewWriterLevel(&b, brotli.BestCompression)
			w.Write(data)
			w.Close()
			n = int64(b.Len())
		}
		if f == "affiche.wasm" {
			wasmBr = n
		}
		total += n
		totalRaw += int64(len(data))
	}
	fmt.Printf("App size (brotli, best): %.3f MB (target < 1.8 MB); the wasm alone %.3f MB brotli, %.2f MB raw; everything raw %.2f MB\n",
		mb(total), mb(wasmBr), mb(fileSize(filepath.Join(web, "affiche.wasm"))), mb(totalRaw))
	return nil
}

func mb(n int64) float64 { return float64(n) / 1e6 }

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

// ---------- Cold load ----------

func coldLoads(base, tmp string) error {
	var ready, goStart []float64
	for i := 0; i < *flagLoads; i++ {
		ctx, cancel, err := browser(filepath.Join(tmp, fmt.Sprintf("profile-%d", i)))
		if err != nil {
			return err
		}
		// A cold load: empty cache (fresh profile), no service worker, nothing compiled.
		if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			cancel()
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"]`))); err != nil {
			cancel()
			return fmt.Errorf("cold load: %v", err)
		}
		var m struct {
			Ready, Go float64
			Marks     map[string]any
		}
		if err := eval(ctx, `({ready: performance.getEntriesByName('affiche-ready')[0].startTime, go: performance.getEntriesByName('affiche-go')[0].startTime,
			marks: Object.fromEntries([...performance.getEntriesByType('mark').map(e => [e.name, Math.round(e.startTime)]),
				...performance.getEntriesByType('resource').map(r => [r.name.replace(/^.*\//, ''), Math.round(r.startTime) + '→' + Math.round(r.responseEnd)]),
				['domInteractive', Math.round(performance.getEntriesByType('navigation')[0].domInteractive)], ['domContentLoaded', Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventStart)]])})`, &m); err != nil {
			cancel()
			return err
		}
		if *flagVerbose {
			fmt.Printf("  load %d: %v\n", i+1, m.Marks)
		}
		ready = append(ready, m.Ready)
		goStart = append(goStart, m.Go)
		cancel()
	}
	fmt.Printf("Cold load, navigation → editable canvas: median %.0f ms (target < 900 ms), runs %s; Go editor started at median %.0f ms\n",
		median(ready), list(ready), median(goStart))
	return nil
}

// ---------- Drag ----------

// design100 builds an A4 design of 100 elements: texts in several fonts, shapes, lines and
// photos (uploaded to the server first), overlapping like a busy poster.
func design100(base string) (string, error) {
	r := rand.New(rand.NewSource(1))
	var photos []string
	for i := 0; i < 6; i++ {
		img := image.NewRGBA(image.Rect(0, 0, 1800, 1200))
		for y := 0; y < 1200; y++ {
			for x := 0; x < 1800; x++ {
				img.Set(x, y, color.RGBA{uint8(x*255/1800 + i*30), uint8(y * 255 / 1200), uint8(128 + i*20), 255})
			}
		}
		var b bytes.Buffer
		jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
		res, err := http.Post(base+"api/blobs", "image/jpeg", &b)
		if err != nil {
			return "", err
		}
		var info struct{ URL string }
		json.NewDecoder(res.Body).Decode(&info)
		res.Body.Close()
		photos = append(photos, info.URL)
	}
	fonts := []string{"Roboto", "Lato", "Montserrat", "Playfair Display", "Oswald", "Open Sans", "Vollkorn", "Dancing Script"}
	colors := []string{"#e64980", "#3b5bdb", "#fcc419", "#2b8a3e", "#1c2230", "#f76707", "#ae3ec9"}
	words := strings.Fields("Fête de la musique samedi 21 juin place de la Mairie concerts gratuits buvette animations pour les enfants marché des producteurs locaux entrée libre")
	var els []string
	for i := 0; i < 100; i++ {
		x, y := r.Float64()*480, r.Float64()*760
		id := fmt.Sprintf("e%03d", i)
		switch {
		case i%10 < 4: // 40 texts
			n := 2 + r.Intn(10)
			start := r.Intn(len(words) - n)
			text := strings.Join(words[start:start+n], " ")
			size := 10 + r.Float64()*30
			els = append(els, fmt.Sprintf(`{"id":%q,"type":"text","x":%.1f,"y":%.1f,"width":%.1f,"height":%.1f,"fontFamily":%q,"fontSize":%.1f,"color":%q,"paragraphs":[%q]}`,
				id, x, y, 120+r.Float64()*200, size*3, fonts[r.Intn(len(fonts))], size, colors[r.Intn(len(colors))], text))
		case i%10 < 7: // 30 shapes
			shapes := []string{"rect", "ellipse", "star", "triangle", "polygon"}
			els = append(els, fmt.Sprintf(`{"id":%q,"type":"shape","shape":%q,"x":%.1f,"y":%.1f,"width":%.1f,"height":%.1f,"rotation":%.1f,"fill":%q,"cornerRadius":%.1f}`,
				id, shapes[r.Intn(len(shapes))], x, y, 30+r.Float64()*120, 30+r.Float64()*120, r.Float64()*40-20, colors[r.Intn(len(colors))], r.Float64()*10))
		case i%10 < 9: // 20 lines
			els = append(els, fmt.Sprintf(`{"id":%q,"type":"line","x":%.1f,"y":%.1f,"width":%.1f,"height":10,"rotation":%.1f,"stroke":{"color":%q,"width":%.1f},"endHead":"arrow"}`,
				id, x, y, 60+r.Float64()*200, r.Float64()*90-45, colors[r.Intn(len(colors))], 1+r.Float64()*4))
		default: // 10 photos
			els = append(els, fmt.Sprintf(`{"id":%q,"type":"image","x":%.1f,"y":%.1f,"width":%.1f,"height":%.1f,"src":%q,"cornerRadius":6}`,
				id, x, y, 150.0, 100.0, photos[i%len(photos)]))
		}
	}
	return `{"format":"affiche","version":1,"title":"Bench 100","width":595.28,"height":841.89,"pages":[{"id":"p1","background":"#ffffff","elements":[` +
		strings.Join(els, ",") + `]}]}`, nil
}

func dragAndMemory(base, tmp string) error {
	doc, err := design100(base)
	if err != nil {
		return err
	}
	ctx, cancel, err := browser(filepath.Join(tmp, "profile-drag"))
	if err != nil {
		return err
	}
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"]`))); err != nil {
		return err
	}
	var loadMs float64
	if err := eval(ctx, fmt.Sprintf(`new Promise(r => {
		const t0 = performance.now();
		afficheDebug.bridge.dispatch('document.load', {json: %q});
		afficheDebug.bridge.dispatch('view.fit');
		const f = () => { const c = afficheDebug.compositor; const busy = c.dirty || [...c.entries.values()].some(e => e.stale || e.waiting) || c.list.some(id => !c.entries.has(id));
			if (!busy && performance.now() - t0 > 500) r(performance.now() - t0); else setTimeout(f, 30); };
		f();
	})`, doc), &loadMs); err != nil {
		return err
	}
	var info struct {
		Zoom   float64
		CW, CH int
	}
	eval(ctx, `({zoom: afficheDebug.compositor.camera.zoom, cw: afficheDebug.compositor.view.width, ch: afficheDebug.compositor.view.height})`, &info)
	if *flagShot != "" {
		if buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
			os.WriteFile(*flagShot, buf, 0o644)
		}
	}
	fmt.Printf("\n100-element A4 design: opened and fully drawn in %.0f ms (fonts and photos fetched, 100 bitmaps) at fit zoom %.0f %%, canvas %d×%d device px\n",
		loadMs, info.Zoom*100, info.CW, info.CH)

	// Pick an element in the middle of the paint order and drag it around.
	var start []float64
	eval(ctx, `(() => { const id = 'e052'; afficheDebug.bridge.dispatch('selection.select', {ids: [id]});
		const s = afficheDebug.shell.selection.bounds; const st = document.getElementById('stage').getBoundingClientRect(); const c = afficheDebug.compositor.camera;
		return [st.left + c.panX + (s.x + s.width / 2) * c.zoom, st.top + c.panY + (s.y + s.height / 2) * c.zoom]; })()`, &start)
	if len(start) != 2 {
		return errors.New("could not find the element to drag")
	}
	eval(ctx, `(() => { window.__frames = []; window.__goPointer = 0; const p = affiche.pointer;
		affiche.pointer = (j) => { const t = performance.now(); p(j); window.__goPointer += performance.now() - t; };
		window.__allFrames = 0; afficheDebug.compositor.onFrame = (f) => { __allFrames++; if (f.drew) __frames.push([f.total, f.render, f.composite, f.layers]); }; return true; })()`, nil)
	mouse := func(typ input.DispatchMouseEventType, x, y float64, buttons int64) error {
		_, err := chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: typ, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1})
		return err
	}
	x0, y0 := start[0], start[1]
	mouse(chromedp.MouseMoved, x0, y0, 0)
	mouse(chromedp.MousePressed, x0, y0, 1)
	t0 := time.Now()
	for i := 1; i <= *flagFrames; i++ {
		a := float64(i) / 30
		x, y := x0+120*math.Sin(a), y0+80*math.Sin(a*1.7)
		if err := mouse(chromedp.MouseMoved, x, y, 1); err != nil {
			return err
		}
		time.Sleep(16 * time.Millisecond)
	}
	mouse(chromedp.MouseReleased, x0, y0, 1)
	dragTime := time.Since(t0)
	var frames [][]any
	var goPointer float64
	eval(ctx, `__frames`, &frames)
	eval(ctx, `__goPointer`, &goPointer)
	var allFrames int
	eval(ctx, `__allFrames`, &allFrames)
	var total, comp []float64
	layered := 0
	for _, f := range frames {
		total = append(total, f[0].(float64))
		comp = append(comp, f[2].(float64))
		if f[3] == true {
			layered++
		}
	}
	fmt.Printf("Drag of one element (%d moves over %.1f s, snapping on): %d animation frames, %d drawn, frame work p50 %.2f ms, p95 %.2f ms, max %.2f ms (target p95 < 4 ms); compositing alone p95 %.2f ms; Go pointer handling %.2f ms per move; %d frames from the merged layers\n",
		*flagFrames, dragTime.Seconds(), allFrames, len(total), pct(total, 50), pct(total, 95), pct(total, 100), pct(comp, 95), goPointer/float64(*flagFrames), layered)

	// Memory.
	var mem struct {
		JS, Wasm, Cache, GoHeap, Images float64
	}
	eval(ctx, `(() => { const m = JSON.parse(affiche.memory()); return {js: performance.memory ? performance.memory.usedJSHeapSize : 0, wasm: afficheWasmMemory.buffer.byteLength,
		cache: afficheDebug.compositor.bytes, goHeap: m.heapAlloc, images: m.images}; })()`, &mem)
	rss, pss, procs := rendererMemory("profile-drag")
	// The same browser on an empty page, for scale: what any tab costs.
	var basePSS float64
	if bctx, bcancel, err := browser(filepath.Join(tmp, "profile-blank")); err == nil {
		if chromedp.Do(bctx, chromedp.Navigate("about:blank")) == nil {
			time.Sleep(500 * time.Millisecond)
			_, basePSS, _ = rendererMemory("profile-blank")
		}
		bcancel()
	}
	fmt.Printf("Memory of the tab after the drag: renderer process%s %.0f MB proportional (PSS; an empty tab: %.0f MB), %.0f MB resident; JS heap %.0f MB, wasm linear memory %.0f MB (Go heap in use %.0f MB, photos handed to Go %.1f MB), element bitmaps %.0f MB\n",
		map[bool]string{true: "es", false: ""}[procs > 1], pss/1e6, basePSS/1e6, rss/1e6, mem.JS/1e6, mem.Wasm/1e6, mem.GoHeap/1e6, mem.Images/1e6, mem.Cache/1e6)
	return nil
}

// rendererMemory sums the resident and proportional (PSS: shared pages divided among the
// processes that share them) memory of Chromium's renderer processes for the bench's tab.
func rendererMemory(profile string) (rss, pss float64, procs int) {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		cmd, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err != nil || !bytes.Contains(cmd, []byte("--type=renderer")) || !bytes.Contains(cmd, []byte(profile)) {
			continue
		}
		st, err := os.ReadFile(filepath.Join(d, "smaps_rollup"))
		if err != nil {
			continue
		}
		procs++
		for _, line := range strings.Split(string(st), "\n") {
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			kb, _ := strconv.ParseFloat(f[1], 64)
			switch f[0] {
			case "Rss:":
				rss += kb * 1024
			case "Pss:":
				pss += kb * 1024
			}
		}
	}
	return rss, pss, procs
}

// ---------- Helpers ----------

func browser(profile string) (context.Context, context.CancelFunc, error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(*flagChrome), chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("force-device-scale-factor", strconv.FormatFloat(*flagDPR, 'f', -1, 64)),
		chromedp.Flag("enable-precise-memory-info", true),
		chromedp.WindowSize(*flagWidth, *flagHeight),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		acancel()
		return nil, nil, err
	}
	tctx, tcancel := context.WithTimeout(ctx, 3*time.Minute)
	return tctx, func() { tcancel(); cancel(); acancel() }, nil
}

func eval(ctx context.Context, js string, out any) error {
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("eval %.60q: %v", js, err)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

func pct(v []float64, p float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(len(s)-1, i))]
}

func median(v []float64) float64 { return pct(v, 50) }

func list(v []float64) string {
	var parts []string
	for _, x := range v {
		parts = append(parts, fmt.Sprintf("%.0f", x))
	}
	return strings.Join(parts, ", ")
}

func repoRoot() (string, error) {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the repository")
		}
		dir = parent
	}
}

func goCmd(dir string, env []string, args ...string) *exec.Cmd {
	c := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	c.Dir = dir
	c.Env = append(os.Environ(), env...)
	return c
}

// buildWasm builds the app as `make wasm` does (internal/webbuild, brotli at its best level:
// the size measured is the size served).
func buildWasm(root string) error {
	c := goCmd(root, nil, "run", "./internal/webbuild")
	c.Stderr = os.Stderr
	return c.Run()
}

func serve(bin, data string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "-addr", addr, "-data", data, "-log-level", "warn")
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	base := "http://" + addr + "/"
	stop := func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }
	for i := 0; i < 100; i++ {
		if res, err := http.Get(base + "healthz"); err == nil {
			res.Body.Close()
			return base, stop, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return "", nil, errors.New("the server did not start")
}
