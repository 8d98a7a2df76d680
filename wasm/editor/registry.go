package editor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"affiche/scene"
)

// Command contexts: which keyboard focus a shortcut belongs to.
const (
	ContextCanvas = "canvas" // the canvas, no text being edited, no crop in progress
	ContextText   = "text"   // a text element is being edited in place
	ContextCrop   = "crop"   // an image is being cropped
	ContextAny    = "any"
)

// command is one entry of the registry.
type command struct {
	name     string
	label    scene.Label
	context  string
	bindings []binding
	enabled  func(e *Editor) bool
	run      func(e *Editor, args json.RawMessage) (any, error)
	// native commands are bound to a shortcut for display only: HandleKey lets the browser
	// raise its copy/cut/paste event, whose handler calls Dispatch (the system clipboard is
	// only reachable from those events on plain-http intranets).
	native bool
	// duringGesture commands do not end the pointer gesture in progress (camera, cancel).
	duringGesture bool
	// keepsBurst commands do not end a typing burst (typing itself, nudges).
	keepsBurst bool
}

// binding is one shortcut of a command, with the arguments it passes.
type binding struct {
	text            string // as written: "Mod+Shift+Z"
	args            json.RawMessage
	mod, shift, alt bool
	key             string // normalised key
	anyShift        bool   // shift may or may not be held (keys like "=" that need it on some layouts)
}

func parseBinding(s string, args string) binding {
	b := binding{text: s}
	if args != "" {
		b.args = json.RawMessage(args)
	}
	parts := strings.Split(s, "+")
	if strings.HasSuffix(s, "++") { // "Mod++" is not used; keep parsing simple
		parts = append(parts[:len(parts)-2], "+")
	}
	for _, p := range parts[:len(parts)-1] {
		switch p {
		case "Mod":
			b.mod = true
		case "Shift":
			b.shift = true
		case "Alt":
			b.alt = true
		default:
			panic("editor: bad modifier in shortcut " + s) // registry definitions only, at init
		}
	}
	b.key = normKey(parts[len(parts)-1])
	b.anyShift = b.key == "=" || b.key == "-"
	return b
}

// normKey brings KeyboardEvent.key values and shortcut names to one form.
func normKey(k string) string {
	switch k {
	case " ", "Spacebar":
		return "Space"
	case "+":
		return "="
	case "_":
		return "-"
	case "{":
		return "["
	case "}":
		return "]"
	case "Esc":
		return "Escape"
	case "Del":
		return "Delete"
	}
	if len(k) == 1 {
		return strings.ToLower(k)
	}
	return k
}

// keyFromCode is the key a physical key carries on a US layout: the fallback when the
// layout's own character does not match (AZERTY brackets, Alt-modified characters on a Mac).
func keyFromCode(code string) string {
	switch {
	case strings.HasPrefix(code, "Key") && len(code) == 4:
		return strings.ToLower(code[3:])
	case strings.HasPrefix(code, "Digit") && len(code) == 6:
		return code[5:]
	case strings.HasPrefix(code, "Numpad") && len(code) == 7 && code[6] >= '0' && code[6] <= '9':
		return code[6:]
	}
	switch code {
	case "BracketLeft":
		return "["
	case "BracketRight":
		return "]"
	case "Equal", "NumpadAdd":
		return "="
	case "Minus", "NumpadSubtract":
		return "-"
	}
	return ""
}

func (b *binding) matches(k Key, key string) bool {
	if b.key != key || b.mod != (k.Ctrl || k.Meta) || b.alt != k.Alt {
		return false
	}
	return b.anyShift || b.shift == k.Shift
}

// registry holds every command, in menu order.
type registry struct {
	list   []*command
	byName map[string]*command
}

func (r *registry) add(c *command) {
	if _, dup := r.byName[c.name]; dup {
		panic("editor: command registered twice: " + c.name) // registry definitions only
	}
	if c.context == "" {
		c.context = ContextCanvas
	}
	r.list = append(r.list, c)
	r.byName[c.name] = c
}

// activeContext is the keyboard context the editor is in.
func (e *Editor) activeContext() string {
	switch {
	case e.text != nil:
		return ContextText
	case e.crop != nil:
		return ContextCrop
	}
	return ContextCanvas
}

// Commands lists every command with its labels, shortcuts and whether it can run now.
func (e *Editor) Commands() []CommandInfo {
	out := make([]CommandInfo, 0, len(e.registry.list))
	for _, c := range e.registry.list {
		info := CommandInfo{Name: c.name, LabelKey: "command." + c.name, Label: c.label, Context: c.context,
			Enabled: c.enabled == nil || c.enabled(e), Shortcuts: []string{}}
		for _, b := range c.bindings {
			info.Shortcuts = append(info.Shortcuts, b.text)
		}
		out = append(out, info)
	}
	return out
}

func (e *Editor) enabledMap() map[string]bool {
	m := make(map[string]bool, len(e.registry.list))
	for _, c := range e.registry.list {
		m[c.name] = c.enabled == nil || c.enabled(e)
	}
	return m
}

// HandleKey runs the command bound to a key press in the current context and reports whether
// it did (the page then prevents the browser's default action). Releases and modifier keys
// update a gesture in progress (Shift keeps proportions, Alt resizes from the centre, …) and
// the space bar arms panning. Copy, cut and paste shortcuts return false on purpose: the
// browser then fires its clipboard events, whose handlers call Dispatch.
func (e *Editor) HandleKey(k Key) bool {
	defer e.flush()
	switch k.Key {
	case "Shift", "Alt", "Control", "Meta":
		e.modifiersChanged(k)
		return false
	}
	if (k.Key == " " || k.Code == "Space") && e.text == nil && !k.Ctrl && !k.Meta {
		if k.Up {
			e.space = false
			if _, panning := e.state.(*panningState); !panning {
				e.out.overlay = true
			}
		} else {
			e.space = true
			e.out.overlay = true
		}
		return true
	}
	if k.Up {
		return false
	}
	ctx := e.activeContext()
	c, b := e.registry.lookup(k, ctx)
	if c == nil {
		return false
	}
	if c.native {
		return false
	}
	if c.enabled != nil && !c.enabled(e) {
		return false
	}
	res, err := e.run(c, b.args)
	if err != nil {
		e.emit(MsgDisplayError, fromScene(err))
	} else if res != nil {
		e.emit(MsgCommandResult, CommandResult{Command: c.name, Result: res})
	}
	return true
}

func (r *registry) lookup(k Key, ctx string) (*command, *binding) {
	keys := []string{normKey(k.Key)}
	if alt := keyFromCode(k.Code); alt != "" && alt != keys[0] {
		keys = append(keys, alt)
	}
	for _, key := range keys {
		for _, c := range r.list {
			if c.context != ctx && c.context != ContextAny {
				continue
			}
			for i := range c.bindings {
				if c.bindings[i].matches(k, key) {
					return c, &c.bindings[i]
				}
			}
		}
	}
	return nil, nil
}

// duplicateShortcuts lists shortcuts bound twice in one context (a test keeps it empty).
func (r *registry) duplicateShortcuts() []string {
	type slot struct {
		ctx, key        string
		mod, shift, alt bool
	}
	seen := map[slot]string{}
	var dups []string
	for _, c := range r.list {
		ctxs := []string{c.context}
		if c.context == ContextAny {
			ctxs = []string{ContextCanvas, ContextText, ContextCrop}
		}
		for _, b := range c.bindings {
			shifts := []bool{b.shift}
			if b.anyShift {
				shifts = []bool{false, true}
			}
			for _, ctx := range ctxs {
				for _, sh := range shifts {
					s := slot{ctx, b.key, b.mod, sh, b.alt}
					if other, ok := seen[s]; ok && other != c.name {
						dups = append(dups, fmt.Sprintf("%s: %s and %s (%s)", b.text, other, c.name, ctx))
					}
					seen[s] = c.name
				}
			}
		}
	}
	return dups
}

// decode reads a command's JSON arguments strictly.
func decode(args json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(args))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errf(ErrArgs, "bad arguments: %v", "arguments incorrects : %v", err)
	}
	return nil
}
