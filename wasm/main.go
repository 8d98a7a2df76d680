//go:build js && wasm

// Command wasm is Affiche's browser editor: the editor core (affiche/wasm/editor) and the
// shared renderer compiled to WebAssembly, behind a small boundary with the page:
//
//   - commands in: affiche.dispatch(name, argsJSON), affiche.pointer(json), affiche.key(json);
//   - messages out: every editor message is passed to globalThis.afficheMessage(json);
//   - pixels out: affiche.renderElement(id, scale) copies one element's bitmap straight into a
//     Uint8ClampedArray (never JSON);
//   - resources in: font bytes (affiche.addFont), photos decoded by the browser
//     (affiche.setImage, RGBA pixels) and SVG bytes (affiche.setSource).
//
// Fonts are never embedded: the page fetches them from /api/fonts when an element needs them.
package main

import (
	"encoding/json"
	"errors"
	"runtime"
	"syscall/js"

	"affiche/scene"
	"affiche/wasm/editor"
)

// app is the editor and what its renderer has been handed.
type app struct {
	ed     *editor.Editor
	fonts  *fontSet
	images *imageSet
	r      *drawer
	send   js.Value // globalThis.afficheMessage
	funcs  []js.Func
}

func main() {
	a := &app{fonts: newFontSet(), images: newImageSet()}
	a.r = &drawer{fonts: a.fonts, images: a.images}
	a.send = js.Global().Get("afficheMessage")
	lang := "fr"
	if l := js.Global().Get("afficheLang"); l.Type() == js.TypeString {
		lang = l.String()
	}
	tl := &textLayout{fonts: a.fonts}
	a.ed = editor.New(nil, editor.Options{
		OnMessage:  a.onMessage,
		TextLayout: tl,
		Lang:       lang,
	})
	tl.doc = a.ed.Document
	api := js.Global().Get("Object").New()
	a.export(api, "dispatch", a.dispatch)
	a.export(api, "pointer", a.pointer)
	a.export(api, "key", a.key)
	a.export(api, "renderElement", a.renderElement)
	a.export(api, "renderBackground", a.renderBackground)
	a.export(api, "renderPage", a.renderPage)
	a.export(api, "addFont", a.addFont)
	a.export(api, "setImage", a.setImage)
	a.export(api, "setSource", a.setSource)
	a.export(api, "markMissing", a.markMissing)
	a.export(api, "setFontCatalogue", a.setFontCatalogue)
	a.export(api, "commands", a.commands)
	a.export(api, "memory", a.memory)
	a.export(api, "paperSizes", a.paperSizes)
	a.export(api, "documentFonts", a.documentFonts)
	a.export(api, "elementSrc", a.elementSrc)
	a.export(api, "naturalSize", a.naturalSize)
	js.Global().Set("affiche", api)
	if ready := js.Global().Get("afficheReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // keep the functions alive
}

func (a *app) export(obj js.Value, name string, fn func(args []js.Value) any) {
	f := js.FuncOf(func(this js.Value, args []js.Value) any { return fn(args) })
	a.funcs = append(a.funcs, f)
	obj.Set(name, f)
}

// onMessage forwards an editor message to the page as JSON.
func (a *app) onMessage(m editor.Message) {
	b, err := json.Marshal(m)
	if err != nil {
		b, _ = json.Marshal(editor.Message{Type: editor.MsgDisplayError, Data: &editor.Error{Code: "internal",
			Message: "message " + m.Type + ": " + err.Error(), MessageFR: "message " + m.Type + " : " + err.Error()}})
	}
	a.send.Invoke(string(b))
}

// dispatch(name, argsJSON) → {"result": …} or {"error": {code, message, messageFr, path}}.
func (a *app) dispatch(args []js.Value) any {
	if len(args) < 1 {
		return errorJSON(errors.New("dispatch needs a command name"))
	}
	var raw json.RawMessage
	if len(args) > 1 && args[1].Type() == js.TypeString && args[1].String() != "" {
		raw = json.RawMessage(args[1].String())
	}
	res, err := a.ed.Dispatch(args[0].String(), raw)
	if err != nil {
		return errorJSON(err)
	}
	b, err := json.Marshal(struct {
		Result any `json:"result"`
	}{res})
	if err != nil {
		return errorJSON(err)
	}
	return string(b)
}

func errorJSON(err error) string {
	var e *editor.Error
	if !errors.As(err, &e) {
		e = &editor.Error{Code: "internal", Message: err.Error(), MessageFR: err.Error()}
	}
	b, _ := json.Marshal(struct {
		Error *editor.Error `json:"error"`
	}{e})
	return string(b)
}

// pointer(json editor.PointerEvent).
func (a *app) pointer(args []js.Value) any {
	var ev editor.PointerEvent
	if len(args) < 1 || json.Unmarshal([]byte(args[0].String()), &ev) != nil {
		return nil
	}
	a.ed.Pointer(ev)
	return nil
}

// key(json editor.Key) → whether the editor used the key.
func (a *app) key(args []js.Value) any {
	var k editor.Key
	if len(args) < 1 || json.Unmarshal([]byte(args[0].String()), &k) != nil {
		return false
	}
	return a.ed.HandleKey(k)
}

// addFont(family, weight, italic, Uint8Array) → "" or an error message.
func (a *app) addFont(args []js.Value) any {
	if len(args) < 4 {
		return "addFont needs family, weight, italic and bytes"
	}
	data := make([]byte, args[3].Get("length").Int())
	js.CopyBytesToGo(data, args[3])
	if err := a.fonts.add(args[0].String(), args[1].Int(), args[2].Truthy(), data); err != nil {
		return err.Error()
	}
	a.fontsChanged(args[0].String())
	return ""
}

// fontsChanged has the editor measure again, with the real layout, the texts that use the
// families given (every text when none is given): until then it measured them approximately.
func (a *app) fontsChanged(families ...string) {
	b, _ := json.Marshal(map[string][]string{"families": families})
	if _, err := a.ed.Dispatch("document.fontsChanged", b); err != nil {
		js.Global().Get("console").Call("warn", "document.fontsChanged", err.Error())
	}
}

// setImage(url, width, height, Uint8ClampedArray RGBA, naturalWidth, naturalHeight).
func (a *app) setImage(args []js.Value) any {
	if len(args) < 4 {
		return nil
	}
	w, h := args[1].Int(), args[2].Int()
	if w <= 0 || h <= 0 || args[3].Get("length").Int() != w*h*4 {
		return nil
	}
	pix := make([]byte, w*h*4)
	js.CopyBytesToGo(pix, args[3])
	nw, nh := w, h
	if len(args) >= 6 {
		nw, nh = args[4].Int(), args[5].Int()
	}
	a.images.setPixels(args[0].String(), w, h, pix, nw, nh)
	return nil
}

// setSource(url, Uint8Array) → "" or an error message.
func (a *app) setSource(args []js.Value) any {
	if len(args) < 2 {
		return "setSource needs a URL and bytes"
	}
	data := make([]byte, args[1].Get("length").Int())
	js.CopyBytesToGo(data, args[1])
	if err := a.images.setSource(args[0].String(), data); err != nil {
		a.images.missing[args[0].String()] = true
		return err.Error()
	}
	return nil
}

// markMissing(kind, url): the page could not fetch it; draw without it from now on.
func (a *app) markMissing(args []js.Value) any {
	if len(args) < 2 {
		return nil
	}
	switch args[0].String() {
	case "font":
		a.fonts.missing[args[1].String()] = true
		a.fontsChanged() // texts waiting for it are now laid out with a fallback font
	default:
		a.images.missing[args[1].String()] = true
	}
	return nil
}

// setFontCatalogue(json) → "" or an error message.
func (a *app) setFontCatalogue(args []js.Value) any {
	if len(args) < 1 {
		return "setFontCatalogue needs the catalogue"
	}
	if err := a.fonts.setCatalogue([]byte(args[0].String())); err != nil {
		return err.Error()
	}
	return ""
}

// commands() → JSON list of the registry's commands (labels, shortcuts, enabled).
func (a *app) commands(args []js.Value) any {
	b, _ := json.Marshal(a.ed.Commands())
	return string(b)
}

// memory() → JSON of the Go heap and the images at hand, in bytes.
func (a *app) memory(args []js.Value) any {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, _ := json.Marshal(map[string]uint64{"heapAlloc": ms.HeapAlloc, "heapSys": ms.HeapSys, "sys": ms.Sys,
		"images": uint64(a.images.bytes())})
	return string(b)
}

// renderElement(id, scale) → {x, y, width, height, pixels} | {empty: true} | {need: {…}} |
// {tooLarge: pixels} | null (no such element). scale is device pixels per point.
func (a *app) renderElement(args []js.Value) any {
	if len(args) < 2 {
		return nil
	}
	id, scale := args[0].String(), args[1].Float()
	doc := a.ed.Document()
	var el *scene.Element
	var groups []*scene.Element
	for _, p := range doc.Pages {
		if groups, el = ancestors(p, id); el != nil {
			break
		}
	}
	if el == nil || !(scale > 0) {
		return nil
	}
	if n := a.r.elementNeeds(doc, el, scale); !n.empty() {
		return needValue(n)
	}
	b, tooLarge, err := a.r.element(el, opacityOf(groups), scale)
	if err != nil {
		return errorValue(err)
	}
	if tooLarge > 0 {
		return object(map[string]any{"tooLarge": tooLarge})
	}
	return bitmapValue(b)
}

// renderBackground(pageId, scale) → a bitmap of the page's background (fill and image).
func (a *app) renderBackground(args []js.Value) any {
	return a.renderPageWith(args, false)
}

// renderPage(pageId, scale, bleed) → a bitmap of the whole page (thumbnails, quick export).
func (a *app) renderPage(args []js.Value) any {
	return a.renderPageWith(args, true)
}

func (a *app) renderPageWith(args []js.Value, withElements bool) any {
	if len(args) < 2 {
		return nil
	}
	doc := a.ed.Document()
	index := -1
	for i, p := range doc.Pages {
		if p.ID == args[0].String() {
			index = i
		}
	}
	scale := args[1].Float()
	if index < 0 || !(scale > 0) {
		return nil
	}
	bleed := len(args) > 2 && args[2].Truthy()
	if n := a.r.pageNeeds(doc, doc.Pages[index], scale, withElements); !n.empty() {
		return needValue(n)
	}
	b, err := a.r.page(doc, index, scale, withElements, bleed)
	if err != nil {
		return errorValue(err)
	}
	return bitmapValue(b)
}

// paperSizes() → JSON of scene.PaperSizes (the page size presets).
func (a *app) paperSizes(args []js.Value) any {
	b, _ := json.Marshal(scene.PaperSizes)
	return string(b)
}

func object(m map[string]any) js.Value {
	o := js.Global().Get("Object").New()
	for k, v := range m {
		o.Set(k, v)
	}
	return o
}

func bitmapValue(b bitmap) any {
	if b.W == 0 || b.H == 0 {
		return object(map[string]any{"empty": true})
	}
	arr := js.Global().Get("Uint8ClampedArray").New(len(b.Pix))
	js.CopyBytesToJS(arr, b.Pix)
	return object(map[string]any{"x": b.X, "y": b.Y, "width": b.W, "height": b.H, "pixels": arr})
}

func needValue(n need) any {
	j, _ := json.Marshal(n)
	return object(map[string]any{"need": js.Global().Get("JSON").Call("parse", string(j))})
}

func errorValue(err error) any {
	return object(map[string]any{"error": err.Error(), "empty": true})
}

// documentFonts() → JSON list of the fonts the document brings (for the font list).
func (a *app) documentFonts(args []js.Value) any {
	b, _ := json.Marshal(a.ed.Document().Fonts)
	return string(b)
}

// elementSrc(id) → the src URL of an image or svg element ("" otherwise), for the crop view
// (the page draws the whole decoded image under the crop frame).
func (a *app) elementSrc(args []js.Value) any {
	if len(args) < 1 {
		return ""
	}
	if el := a.ed.Element(args[0].String()); el != nil {
		return el.Src
	}
	return ""
}

// naturalSize(url) → [width, height] of the original image the page handed over ([0, 0] when
// it has not), for the crop gesture.
func (a *app) naturalSize(args []js.Value) any {
	if len(args) < 1 {
		return js.ValueOf([]any{0, 0})
	}
	if e := a.images.m[args[0].String()]; e != nil {
		return js.ValueOf([]any{e.naturalW, e.naturalH})
	}
	return js.ValueOf([]any{0, 0})
}
