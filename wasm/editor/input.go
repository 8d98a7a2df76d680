package editor

import (
	"fmt"

	"affiche/scene"
)

// PointerEvent is a mouse, pen or touch event on the canvas.
type PointerEvent struct {
	// Type is "down", "move", "up" or "cancel" (pointercancel, lost capture, window blur).
	Type string `json:"type"`
	// X and Y are in points in the current page's coordinates (the page computes them with the
	// camera of the last CameraUpdate: (screen − pan) / zoom).
	X float64 `json:"x"`
	Y float64 `json:"y"`
	// SX and SY are the same position in CSS pixels of the viewport (used to pan the view).
	SX float64 `json:"sx"`
	SY float64 `json:"sy"`
	// Button is the button that changed (0 main, 1 middle, 2 secondary); Buttons those held.
	Button  int  `json:"button"`
	Buttons int  `json:"buttons"`
	Shift   bool `json:"shift"`
	Alt     bool `json:"alt"`
	Ctrl    bool `json:"ctrl"`
	Meta    bool `json:"meta"`
	// Clicks is the click count of a "down" (the DOM's event.detail): 2 for a double click.
	Clicks int `json:"clicks"`
	// PointerType is "mouse", "pen" or "touch" (touch gets larger tolerances).
	PointerType string `json:"pointerType"`
}

// Key is a keyboard event, pressed or released.
type Key struct {
	Key   string `json:"key"`  // KeyboardEvent.key: "z", "Z", "ArrowLeft", "[", " ", "Escape"
	Code  string `json:"code"` // KeyboardEvent.code: "KeyZ", "BracketLeft", "Space", "Digit0"
	Ctrl  bool   `json:"ctrl"`
	Shift bool   `json:"shift"`
	Alt   bool   `json:"alt"`
	Meta  bool   `json:"meta"`
	// Up is true for keyup; Repeat for an auto-repeated keydown.
	Up     bool `json:"up"`
	Repeat bool `json:"repeat"`
}

// CommandInfo describes one command of the registry for menus, toolbars and tooltips.
type CommandInfo struct {
	Name     string      `json:"name"`     // registry name, e.g. "selection.group"
	LabelKey string      `json:"labelKey"` // translation key, e.g. "command.selection.group"
	Label    scene.Label `json:"label"`    // French and English labels
	// Shortcuts in a portable notation: "Mod+Shift+Z" (Mod is Ctrl, or ⌘ on a Mac), "Delete",
	// "Shift+ArrowUp", "T".
	Shortcuts []string `json:"shortcuts"`
	// Context is "canvas" (elements selected or nothing), "text" (while editing text) or "any".
	Context string `json:"context"`
	Enabled bool   `json:"enabled"` // whether it can run now
}

// Error is what Dispatch returns when a command fails (and what DisplayError carries): a code,
// a message in English and French, and for document errors the JSON path of the problem.
type Error struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageFR string `json:"messageFr"`
	Path      string `json:"path,omitempty"`
}

// Error codes.
const (
	ErrUnknownCommand = "unknown-command" // no command has that name
	ErrDisabled       = "disabled"        // the command cannot run now (nothing selected, …)
	ErrArgs           = "bad-args"        // the arguments are not what the command takes
	ErrNotFound       = "not-found"       // an element or page id that does not exist
	ErrInvalid        = "invalid"         // a document or value that does not validate
	ErrLocked         = "locked"          // the elements are locked
	ErrPolotno        = "polotno"         // document.load was given a Polotno design: import it (POST /api/import/polotno)
)

func (e *Error) Error() string {
	if e.Path != "" {
		return e.Path + ": " + e.Message
	}
	return e.Message
}

func errf(code, en, fr string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(en, args...), MessageFR: fmt.Sprintf(fr, args...)}
}

// fromScene turns a scene validation error (or list of them) into an *Error with its path.
func fromScene(err error) *Error {
	switch e := err.(type) {
	case *scene.Error:
		code := ErrInvalid
		if e.Code == scene.CodePolotno {
			code = ErrPolotno
		}
		return &Error{Code: code, Message: e.Message, MessageFR: e.MessageFR, Path: e.Path}
	case scene.Errors:
		if len(e) > 0 {
			out := fromScene(e[0])
			if len(e) > 1 {
				out.Message += fmt.Sprintf(" (and %d more problems)", len(e)-1)
				out.MessageFR += fmt.Sprintf(" (et %d autres problèmes)", len(e)-1)
			}
			return out
		}
	case *Error:
		return e
	}
	return &Error{Code: ErrInvalid, Message: err.Error(), MessageFR: err.Error()}
}
