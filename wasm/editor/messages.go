package editor

import (
	"encoding/json"

	"affiche/scene"
)

// Message is what the editor tells the page, through Options.OnMessage. Type names the
// payload; Data is one of the *Update / Invalidate / Display / Trigger structs below and is
// always JSON-serialisable. Messages produced by one Dispatch, HandleKey or Pointer call are
// sent before that call returns, in this order: UpdateDocument, InvalidateElements,
// UpdateSelection, UpdateProperties, UpdateTextEdit, UpdateOverlay, UpdateHistory,
// UpdateCamera, UpdateTool, UpdateCommands. UpdateTransient, TriggerTextEdit and DisplayError
// are sent when they happen.
type Message struct {
	Type string `json:"type"`
	Data any    `json:"data"`
}

// The message types.
const (
	MsgUpdateDocument     = "UpdateDocument"     // DocumentUpdate
	MsgInvalidateElements = "InvalidateElements" // Invalidation
	MsgUpdateSelection    = "UpdateSelection"    // SelectionUpdate
	MsgUpdateProperties   = "UpdateProperties"   // PropertiesUpdate
	MsgUpdateTextEdit     = "UpdateTextEdit"     // TextEditUpdate
	MsgUpdateOverlay      = "UpdateOverlay"      // Overlay
	MsgUpdateHistory      = "UpdateHistory"      // HistoryUpdate
	MsgUpdateCamera       = "UpdateCamera"       // CameraUpdate
	MsgUpdateTool         = "UpdateTool"         // ToolUpdate
	MsgUpdateCommands     = "UpdateCommands"     // CommandsUpdate
	MsgUpdateTransient    = "UpdateTransient"    // TransientUpdate
	MsgTriggerTextEdit    = "TriggerTextEdit"    // TextEditTrigger
	MsgDisplayError       = "DisplayError"       // *Error
	// MsgCommandResult carries the result of a command run by a shortcut through HandleKey
	// (document.save's JSON for Mod+S): CommandResult.
	MsgCommandResult = "CommandResult"
)

// CommandResult is the result of a command that a keyboard shortcut ran.
type CommandResult struct {
	Command string `json:"command"`
	Result  any    `json:"result"`
}

// DocumentUpdate summarises the document after a change: its pages and, for the current page,
// its elements in paint order. The page uses Elements as its display list: it draws the
// bitmaps of the non-group, non-hidden entries in this order.
type DocumentUpdate struct {
	Title string     `json:"title"`
	Unit  scene.Unit `json:"unit"`
	Bleed float64    `json:"bleed"`
	Pages []PageInfo `json:"pages"`
	// CurrentPage is the id of the page being edited, CurrentIndex its position.
	CurrentPage  string `json:"currentPage"`
	CurrentIndex int    `json:"currentIndex"`
	// Elements of the current page, back to front, each group before its children.
	Elements []ElementInfo `json:"elements"`
	// Revision grows with every change of the document (undo included).
	Revision int64 `json:"revision"`
	// Saved is true when the document has not changed since it was loaded or saved to a file.
	Saved bool `json:"saved"`
}

// PageInfo is one page in DocumentUpdate.
type PageInfo struct {
	ID     string  `json:"id"`
	Name   string  `json:"name,omitempty"`
	Width  float64 `json:"width"`  // points, the document's default applied
	Height float64 `json:"height"` // points
	// Background is the page's fill: a CSS colour string or a gradient object (null = white).
	Background         *scene.Fill `json:"background"`
	HasBackgroundImage bool        `json:"hasBackgroundImage,omitempty"`
	Elements           int         `json:"elements"` // number of top-level elements
}

// ElementInfo is one entry of the current page's display list.
type ElementInfo struct {
	ID     string     `json:"id"`
	Type   scene.Type `json:"type"`
	Name   string     `json:"name,omitempty"`
	Parent string     `json:"parent,omitempty"` // the enclosing group's id
	Depth  int        `json:"depth"`            // 0 for top-level elements
	Hidden bool       `json:"hidden,omitempty"`
	Locked bool       `json:"locked,omitempty"`
}

// Invalidation tells the page which cached element bitmaps are stale. Ids may belong to any
// page (ids are unique in a document). Groups appear too: a page that draws only leaves can
// ignore them.
type Invalidation struct {
	// IDs changed in content or shape: render them again.
	IDs []string `json:"ids"`
	// Moved changed only position (x, y): their bitmaps can be reused at the new place.
	Moved []string `json:"moved,omitempty"`
	// Removed no longer exist: drop their bitmaps.
	Removed []string `json:"removed,omitempty"`
	// Pages lists the pages whose content changed (for page thumbnails).
	Pages []string `json:"pages,omitempty"`
	// All is true when the whole document was replaced: drop every bitmap.
	All bool `json:"all,omitempty"`
}

// SelectionUpdate is the selection and the modes that go with it.
type SelectionUpdate struct {
	Page string   `json:"page"`
	IDs  []string `json:"ids"`
	// Scope is the group the user entered (double-click) or "": its children are selectable.
	Scope string `json:"scope,omitempty"`
	// Bounds is the axis-aligned box of the selection in page points (nil when empty).
	Bounds *scene.Rect `json:"bounds"`
	// Types lists the distinct kinds selected.
	Types []scene.Type `json:"types"`
	// Locked is true when any selected element is locked.
	Locked bool `json:"locked,omitempty"`
	// Editing is the text element being edited in place; Cropping the image being cropped.
	Editing  string `json:"editing,omitempty"`
	Cropping string `json:"cropping,omitempty"`
}

// PropertiesUpdate holds what the context toolbar shows: for each element field (JSON name, as
// in the scene format), its value when all selected elements share it. While text is being
// edited with a range selected, text style fields come from that range.
type PropertiesUpdate struct {
	Count int          `json:"count"`
	Types []scene.Type `json:"types"`
	// Values are the shared values. Text style fields are the effective style (run overrides
	// included); "list" is the shared list kind of the paragraphs.
	Values map[string]json.RawMessage `json:"values"`
	// Mixed lists the fields whose values differ between elements (or within the range).
	Mixed []string `json:"mixed"`
	// TextRange is true when the text fields describe the selected text range.
	TextRange bool `json:"textRange,omitempty"`
}

// Overlay is everything the page draws above the elements, in page points: the selection
// frame and its handles, hover outline, rubber band, snap guides and labels, crop frame.
// Handle sizes are the page's choice; Go hit-tests handles within Options.HandlePx.
type Overlay struct {
	// Outlines of each selected element (its rotated box).
	Selection []Quad `json:"selection"`
	// Frame is the box the handles belong to (one element's rotated box, or the selection's
	// bounds), nil when there is nothing to transform.
	Frame   *Quad    `json:"frame"`
	Handles []Handle `json:"handles"`
	// Hover is the outline of the element under the pointer (not selected), if any.
	Hover *Quad `json:"hover"`
	// Scope is the outline of the entered group, drawn dashed.
	Scope *Quad `json:"scope"`
	// Brush is the rubber band rectangle while the user drags one.
	Brush  *scene.Rect `json:"brush"`
	Guides []Guide     `json:"guides"`
	Labels []Label     `json:"labels"`
	// Crop is set while an image is being cropped.
	Crop *CropOverlay `json:"crop"`
	// Cursor is the CSS cursor for the pointer's position ("default", "move", "nwse-resize", …).
	Cursor string `json:"cursor"`
	// CursorAngle is the angle in degrees of a resize or rotate cursor, for pages that draw
	// their own rotated cursors.
	CursorAngle float64 `json:"cursorAngle,omitempty"`
	// Locked is true when the frame belongs to locked elements (draw a lock, no handles).
	Locked bool `json:"locked,omitempty"`
}

// Quad is a rotated box given by its four corners (top-left, top-right, bottom-right,
// bottom-left before rotation), in page points.
type Quad [4][2]float64

// Handle is one grip on the selection frame.
type Handle struct {
	// Name is nw, n, ne, e, se, s, sw, w (resize), rotate, start/end (line ends), or, while
	// cropping, img-nw, img-ne, img-se, img-sw (scale the image under the crop frame).
	Name   string  `json:"name"`
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Cursor string  `json:"cursor"`
	Angle  float64 `json:"angle"` // degrees: the frame's rotation plus the handle's direction
}

// Guide is a snap guide: a segment in page points.
type Guide struct {
	X1   float64 `json:"x1"`
	Y1   float64 `json:"y1"`
	X2   float64 `json:"x2"`
	Y2   float64 `json:"y2"`
	Kind string  `json:"kind"` // "page" (page edge or centre), "edge", "center", "spacing"
}

// Label is a measurement shown during a gesture (gap, size, angle), at a point in page points.
type Label struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Text  string  `json:"text"`  // formatted in the document's unit and the editor's language
	Value float64 `json:"value"` // points, or degrees for an angle
	Kind  string  `json:"kind"`  // "gap", "size", "angle"
}

// CropOverlay shows the whole image under its crop frame.
type CropOverlay struct {
	ID    string `json:"id"`
	Image Quad   `json:"image"` // where the whole source image lies
	Frame Quad   `json:"frame"` // the visible part (the element's box)
}

// HistoryUpdate tells the undo/redo buttons what they can do.
type HistoryUpdate struct {
	CanUndo bool `json:"canUndo"`
	CanRedo bool `json:"canRedo"`
	// UndoLabel and RedoLabel name the step, e.g. {"fr": "Déplacer", "en": "Move"}.
	UndoLabel *scene.Label `json:"undoLabel,omitempty"`
	RedoLabel *scene.Label `json:"redoLabel,omitempty"`
	Steps     int          `json:"steps"` // undo steps kept
}

// CameraUpdate is the view: screen = page point × Zoom + Pan, in CSS pixels of the viewport.
type CameraUpdate struct {
	Zoom           float64 `json:"zoom"` // CSS pixels per point (1 = 100 %)
	PanX           float64 `json:"panX"`
	PanY           float64 `json:"panY"`
	ViewportWidth  float64 `json:"viewportWidth"`
	ViewportHeight float64 `json:"viewportHeight"`
	// Fit is true while the camera follows the page's size (zoom to fit).
	Fit bool `json:"fit"`
	// Panning is true while the user drags the view (space + drag or the hand tool).
	Panning bool `json:"panning,omitempty"`
}

// ToolUpdate names the active tool and the state of its state chart.
type ToolUpdate struct {
	Tool  string `json:"tool"`  // select, text, rect, ellipse, line, hand
	State string `json:"state"` // idle, pointing, dragging, resizing, rotating, brushing, …
}

// CommandsUpdate lists whether each command can run now; sent when that changes.
type CommandsUpdate struct {
	Enabled map[string]bool `json:"enabled"`
}

// TransientUpdate gives the live geometry of elements during a gesture. The page draws each
// element's cached bitmap with Matrix applied (in page space) instead of asking for pixels;
// after the gesture ends it receives an empty TransientUpdate (Gesture "") followed by the
// InvalidateElements of the committed change.
type TransientUpdate struct {
	Gesture  string             `json:"gesture"` // move, resize, rotate, endpoint, crop, create, ""
	Elements []TransientElement `json:"elements"`
}

// TransientElement is one element moved by a gesture.
type TransientElement struct {
	ID string `json:"id"`
	// Matrix maps the element as it was drawn at the start of the gesture to where it is now,
	// in page points ([a b c d e f] like canvas setTransform).
	Matrix scene.Affine `json:"matrix"`
	// The element's box now.
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
	Width    float64 `json:"width"`
	Height   float64 `json:"height"`
	Rotation float64 `json:"rotation"`
	// Rerender is true when Matrix only approximates the change (re-wrapped text, a crop, a
	// line's new length): the page may ask for fresh pixels when it has time.
	Rerender bool `json:"rerender,omitempty"`
}

// TextEditTrigger asks the page to start or stop its text input (a hidden textarea that
// receives typing and IME composition for the element being edited).
type TextEditTrigger struct {
	ID     string `json:"id"`
	Active bool   `json:"active"`
}

// TextEditUpdate places the caret and the selection highlight of the text being edited.
// Geometry is in the element's local coordinates (points from its box's top-left corner);
// Matrix maps them to page points (rotation included).
type TextEditUpdate struct {
	ID     string       `json:"id"`
	Matrix scene.Affine `json:"matrix"`
	Anchor TextPos      `json:"anchor"`
	Focus  TextPos      `json:"focus"` // where the caret is
	Caret  CaretRect    `json:"caret"`
	// Rects highlight the selected range (empty when the selection is collapsed).
	Rects []scene.Rect `json:"rects"`
	// Style is the effective style at the caret (what the next typed character gets).
	Style scene.TextStyle `json:"style"`
	List  scene.ListKind  `json:"list,omitempty"`
}

// CaretRect is the caret as a vertical segment in element-local points.
type CaretRect struct {
	X      float64 `json:"x"`
	Top    float64 `json:"top"`
	Bottom float64 `json:"bottom"`
}
