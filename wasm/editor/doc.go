// Package editor is the core of Affiche's browser editor: it owns the document being edited and
// the session state beside it (selection, camera, hover, active tool, text editing), the
// history of reversible changes, the command registry with its keyboard shortcuts, the pointer
// state chart (select, move, resize, rotate, rubber band, crop, create, edit text), hit-testing
// and snapping.
//
// It knows no screen: it builds and is tested natively, and the thin js/wasm layer in wasm/
// forwards the page's commands and input to it. The page talks to an Editor through three
// entry points — Dispatch (a command by registry name with JSON arguments), HandleKey and
// Pointer — and hears back through one callback, Options.OnMessage, with typed messages
// ("UpdateDocument", "InvalidateElements", "UpdateTransient", …; see messages.go). Pixels never
// travel through these messages: the page asks the renderer for the bitmaps of the elements a
// message names.
//
// Geometry is in points, in the coordinates of the current page (origin at its top-left
// corner), like the scene itself. Lengths the user feels on screen (snap distance, handle size,
// hit tolerance) are in CSS pixels and converted with the camera's zoom.
package editor
