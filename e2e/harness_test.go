// Package e2e drives the real editor in headless Chromium: the affiche binary serves the app
// built for the browser, and chromedp opens it, clicks, drags and types as a user would.
// Screenshots of every step are written to e2e/artifacts/ (git-ignored). Without Chromium the
// tests are skipped with a message saying how to get it.
package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// env is what every test shares: the server and the browser.
var env struct {
	skip      string // why the tests are skipped, if they are
	setupErr  error  // why the browser tests cannot run (a build failure)
	root      string // repository root
	base      string // http://127.0.0.1:PORT/
	bin       string
	dataDir   string
	dlDir     string
	server    *exec.Cmd
	serverLog *bytes.Buffer
	alloc     context.Context
	cancel    context.CancelFunc
	browser   context.Context
}

// Chromium flags for a quiet, reproducible headless browser.
var chromeFlags = []chromedp.ExecAllocatorOption{
	chromedp.Flag("headless", true),
	chromedp.Flag("no-sandbox", true),
	chromedp.Flag("disable-gpu", true),
	chromedp.Flag("disable-background-networking", true),
	chromedp.Flag("disable-component-update", true),
	chromedp.Flag("disable-sync", true),
	chromedp.Flag("no-first-run", true),
	chromedp.Flag("no-default-browser-check", true),
	chromedp.Flag("disable-dev-shm-usage", true),
	chromedp.Flag("hide-scrollbars", true),
	chromedp.Flag("mute-audio", true),
	chromedp.Flag("force-device-scale-factor", "1"),
	chromedp.Flag("lang", "fr-FR"),
	chromedp.Flag("accept-lang", "fr-FR,fr"),
	chromedp.WindowSize(1440, 900),
}

func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		if err := setup(); err != nil && env.skip == "" {
			// Browser tests fail with this error; tests that need no browser still run.
			env.setupErr = err
			if env.serverLog != nil {
				fmt.Fprintln(os.Stderr, env.serverLog.String())
			}
		}
		if env.skip != "" {
			fmt.Fprintln(os.Stderr, "e2e: SKIPPED —", env.skip)
		}
		defer teardown()
		return m.Run()
	}()
	os.Exit(code)
}

func setup() error {
	if testing.Short() {
		env.skip = "-short given"
		return nil
	}
	chrome := chromiumPath()
	if chrome == "" {
		env.skip = "Chromium not found (looked for /usr/bin/chromium; set CHROMIUM=path, or install it: apt-get install chromium, as .ci/run does)"
		return errors.New(env.skip)
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	env.root = root
	if err := buildApp(root); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "affiche-e2e-")
	if err != nil {
		return err
	}
	env.dataDir = filepath.Join(tmp, "data")
	env.dlDir = filepath.Join(tmp, "downloads")
	os.MkdirAll(env.dlDir, 0o755)
	os.MkdirAll(filepath.Join(root, "e2e", "artifacts"), 0o755)
	env.bin = filepath.Join(tmp, "affiche")
	if out, err := goCmd(root, nil, "build", "-o", env.bin, "./cmd/affiche").CombinedOutput(); err != nil {
		return fmt.Errorf("building affiche: %v\n%s", err, out)
	}
	if err := startServer(); err != nil {
		return err
	}
	opts := append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(chrome),
		chromedp.UserDataDir(filepath.Join(tmp, "profile"))}, chromeFlags...)
	env.alloc, env.cancel = chromedp.NewExecAllocator(context.Background(), opts...)
	env.browser, _ = chromedp.NewContext(env.alloc)
	if err := chromedp.Do(env.browser); err != nil { // starts the browser
		return fmt.Errorf("starting Chromium: %v", err)
	}
	return nil
}

func teardown() {
	if env.cancel != nil {
		env.cancel()
	}
	if env.server != nil && env.server.Process != nil {
		env.server.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { env.server.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			env.server.Process.Kill()
		}
	}
	if env.dataDir != "" {
		os.RemoveAll(filepath.Dir(env.dataDir))
	}
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the test directory")
		}
		dir = parent
	}
}

func goCmd(dir string, extraEnv []string, args ...string) *exec.Cmd {
	c := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	c.Dir = dir
	c.Env = append(os.Environ(), extraEnv...)
	return c
}

// buildApp builds the app as `make wasm` does (internal/webbuild), without the wasm's slow
// brotli pass (its stale compressed copies are deleted, so the server never sends one); the
// browser runs the minified JavaScript users get. An unchanged build rewrites nothing.
func buildApp(root string) error {
	out, err := goCmd(root, nil, "run", "./internal/webbuild", "-fast").CombinedOutput()
	if err != nil {
		return fmt.Errorf("building the app: %v\n%s", err, out)
	}
	return nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func startServer() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	env.base = "http://" + addr + "/"
	env.serverLog = &bytes.Buffer{}
	env.server = exec.Command(env.bin, "serve", "-addr", addr, "-data", env.dataDir, "-log-level", "warn")
	env.server.Stdout = env.serverLog
	env.server.Stderr = env.serverLog
	if err := env.server.Start(); err != nil {
		return err
	}
	for i := 0; i < 100; i++ {
		res, err := http.Get(env.base + "healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("the server did not answer /healthz within 10 s")
}

// ---------- Per-test helpers ----------

// app is one browser tab with the editor open.
type app struct {
	t   *testing.T
	ctx context.Context
	n   int // screenshot counter
	mu  sync.Mutex
	dl  []string // downloaded files, in order
}

// open starts a fresh tab on the editor (a clean IndexedDB unless keep is true) and waits until
// the canvas is ready to edit.
func open(t *testing.T) *app {
	t.Helper()
	if env.skip != "" {
		t.Skip(env.skip)
	}
	if env.setupErr != nil {
		t.Fatalf("e2e setup failed: %v", env.setupErr)
	}
	ctx, cancel := chromedp.NewContext(env.browser)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelT)
	a := &app{t: t, ctx: ctx}
	chromedp.ListenBrowser(ctx, func(ev any) {
		if e, ok := ev.(*browser.EventDownloadProgress); ok && e.State == browser.DownloadProgressStateCompleted {
			a.mu.Lock()
			a.dl = append(a.dl, e.GUID)
			a.mu.Unlock()
		}
	})
	// The page's console errors and uncaught exceptions go to the test log.
	chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *cdpruntime.EventExceptionThrown:
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			t.Logf("page exception: %s", msg)
		case *cdpruntime.EventConsoleAPICalled:
			if e.Type == cdpruntime.ConsoleAPICalledTypeError || e.Type == cdpruntime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					if a.Description != "" {
						parts = append(parts, a.Description)
					} else {
						parts = append(parts, string(a.Value))
					}
				}
				t.Logf("console.%s: %s", e.Type, strings.Join(parts, " "))
			}
		}
	})
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: env.dlDir, EventsEnabled: ptr(true)}); err != nil {
		t.Fatalf("download behaviour: %v", err)
	}
	// A fresh origin state per test: no autosave from another test.
	a.run(chromedp.Navigate(env.base + "healthz"))
	a.eval(`new Promise(r => { const q = indexedDB.deleteDatabase('affiche'); q.onsuccess = q.onerror = q.onblocked = () => r(true); })`, nil)
	a.eval(`localStorage.clear(); true`, nil)
	a.load()
	return a
}

// load navigates to the editor and waits for it to be ready.
func (a *app) load() {
	a.t.Helper()
	a.run(chromedp.Navigate(env.base))
	a.waitReady()
}

func (a *app) waitReady() {
	a.t.Helper()
	a.run(chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"]`)))
	// The file pickers cannot be driven headless: use the download/upload fallbacks.
	a.eval(`delete window.showSaveFilePicker; delete window.showOpenFilePicker; window.showSaveFilePicker = undefined; window.showOpenFilePicker = undefined; true`, nil)
	a.idle()
}

func (a *app) run(actions ...chromedp.Action[chromedp.Void]) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(a.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		a.shot("failure")
		a.t.Fatalf("chromedp: %v", err)
	}
}

// eval runs JavaScript (awaiting a promise) and decodes its JSON result into out (may be nil).
func (a *app) eval(js string, out any) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(a.ctx, 30*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		a.t.Fatalf("eval %q: %v", short(js), err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			a.t.Fatalf("eval %q: decoding %s: %v", short(js), raw, err)
		}
	}
}

func short(s string) string {
	if len(s) > 120 {
		return s[:117] + "…"
	}
	return s
}

// idle waits until the compositor has nothing left to draw (three quiet animation frames),
// at most 10 s; then it logs what the compositor is waiting for.
func (a *app) idle() {
	a.t.Helper()
	var ok bool
	a.eval(`new Promise(r => {
		let n = 0; const t0 = performance.now();
		const f = () => {
			const c = afficheDebug.compositor;
			if (!c.scheduled && !c.dirty && ++n > 2) return r(true);
			if (performance.now() - t0 > 10000) return r(false);
			requestAnimationFrame(f);
		};
		requestAnimationFrame(f);
	})`, &ok)
	if !ok {
		var state any
		a.eval(`(() => { const c = afficheDebug.compositor; return {dirty: c.dirty, scheduled: c.scheduled, list: c.list, entries: [...c.entries.values()].map(e => ({id: e.id, stale: e.stale, waiting: e.waiting, scale: e.scale, w: e.w})), inflight: [...afficheDebug.resources.inflight.keys()]}; })()`, &state)
		a.t.Logf("the canvas is still busy after 10 s: %v", state)
	}
}

// shot saves a screenshot of the whole window to e2e/artifacts/<test>-<n>-<name>.png.
func (a *app) shot(name string) string {
	a.n++
	ctx, cancel := context.WithTimeout(a.ctx, 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		a.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	p := filepath.Join(env.root, "e2e", "artifacts", fmt.Sprintf("%s-%02d-%s.png", strings.ReplaceAll(a.t.Name(), "/", "_"), a.n, name))
	os.WriteFile(p, buf, 0o644)
	return p
}

// doc returns the document as saved (parsed JSON).
func (a *app) doc() map[string]any {
	a.t.Helper()
	var s string
	a.eval(`(() => { const r = afficheDebug.bridge.dispatch('document.save', {}); return typeof r === 'string' ? r : (r.json || JSON.stringify(r)); })()`, &s)
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		a.t.Fatalf("document JSON: %v", err)
	}
	return m
}

// elements returns the elements of page i of the saved document.
func (a *app) elements(i int) []map[string]any {
	d := a.doc()
	pages := d["pages"].([]any)
	var out []map[string]any
	for _, e := range pages[i].(map[string]any)["elements"].([]any) {
		out = append(out, e.(map[string]any))
	}
	return out
}

// dispatch runs an editor command.
func (a *app) dispatch(name string, args any) {
	a.t.Helper()
	b, _ := json.Marshal(args)
	a.eval(fmt.Sprintf(`(afficheDebug.bridge.dispatch(%q, %s), true)`, name, b), nil)
}

// toScreen maps a page point to CSS pixels of the window.
func (a *app) toScreen(x, y float64) (float64, float64) {
	var r [2]float64
	a.eval(fmt.Sprintf(`(() => { const s = document.getElementById('stage').getBoundingClientRect(); const c = afficheDebug.compositor.camera; return [s.left + c.panX + %g * c.zoom, s.top + c.panY + %g * c.zoom]; })()`, x, y), &r)
	return r[0], r[1]
}

// click clicks the element matched by a CSS selector.
func (a *app) click(sel string) {
	a.t.Helper()
	a.run(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	a.idle()
}

// mouse sends a mouse event at window CSS pixels.
func (a *app) mouse(typ input.DispatchMouseEventType, x, y float64, buttons int64, clicks int64, mods chromedp.Modifier) {
	a.t.Helper()
	p := input.DispatchMouseEventParams{Type: typ, X: x, Y: y, Modifiers: int64(mods), Buttons: buttons, ClickCount: clicks}
	if typ != chromedp.MouseMoved {
		p.Button = input.MouseButtonLeft
	}
	if _, err := chromedp.Call(a.ctx, input.DispatchMouseEvent, p); err != nil {
		a.t.Fatalf("mouse: %v", err)
	}
}

// drag presses at (x0, y0), moves in steps to (x1, y1) and releases, in window CSS pixels.
func (a *app) drag(x0, y0, x1, y1 float64, mods chromedp.Modifier) {
	a.t.Helper()
	a.mouse(chromedp.MouseMoved, x0, y0, 0, 0, mods)
	a.mouse(chromedp.MousePressed, x0, y0, 1, 1, mods)
	const steps = 12
	for i := 1; i <= steps; i++ {
		f := float64(i) / steps
		a.mouse(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, 1, 0, mods)
		a.run(chromedp.Sleep(16 * time.Millisecond))
	}
	a.mouse(chromedp.MouseReleased, x1, y1, 1, 1, mods)
	a.idle()
}

// dblclick double-clicks at window CSS pixels.
func (a *app) dblclick(x, y float64) {
	a.mouse(chromedp.MouseMoved, x, y, 0, 0, 0)
	a.mouse(chromedp.MousePressed, x, y, 1, 1, 0)
	a.mouse(chromedp.MouseReleased, x, y, 1, 1, 0)
	a.mouse(chromedp.MousePressed, x, y, 1, 2, 0)
	a.mouse(chromedp.MouseReleased, x, y, 1, 2, 0)
	a.idle()
}

// key presses a key with modifiers ("z" with input.ModifierCtrl, "Escape", "Delete", …).
func (a *app) key(k string, mods ...chromedp.Modifier) {
	a.t.Helper()
	a.run(chromedp.KeyEvent(k, chromedp.KeyModifiers(mods...)))
	a.idle()
}

// typeText types text into whatever has the focus, as keystrokes.
func (a *app) typeText(s string) {
	a.t.Helper()
	for _, r := range s {
		if _, err := chromedp.Call(a.ctx, input.InsertText, input.InsertTextParams{Text: string(r)}); err != nil {
			a.t.Fatalf("typing: %v", err)
		}
	}
	a.idle()
}

// downloaded waits for the n-th download of this tab and returns its bytes.
func (a *app) downloaded(n int) []byte {
	a.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		a.mu.Lock()
		if len(a.dl) >= n {
			guid := a.dl[n-1]
			a.mu.Unlock()
			b, err := os.ReadFile(filepath.Join(env.dlDir, guid))
			if err != nil {
				a.t.Fatalf("download: %v", err)
			}
			return b
		}
		a.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
	}
	a.shot("no-download")
	a.t.Fatalf("no download #%d within 60 s", n)
	return nil
}

// canvasPNG returns the view canvas pixels as an image.
func (a *app) canvasImage() image.Image {
	a.t.Helper()
	var data string
	a.eval(`document.getElementById('view').toDataURL('image/png')`, &data)
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(data, "data:image/png;base64,"))
	if err != nil {
		a.t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		a.t.Fatal(err)
	}
	return img
}

// post sends a JSON body to the server and returns the answer's bytes.
func post(t *testing.T, path, body string) ([]byte, *http.Response) {
	t.Helper()
	res, err := http.Post(env.base+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return b, res
}

func ptr[T any](v T) *T { return &v }

func chromedpWaitVisible(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(sel))
}

func strconvF(f float64) string { return fmt.Sprintf("%.3f", f) }
