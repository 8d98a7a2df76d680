package polotno

import (
	"fmt"
	"strings"
)

// Warning is something Import or Export approximated, replaced or dropped. It names the page
// and element concerned (Polotno ids on import, Affiche ids on export) and says what happened in
// English and in French.
type Warning struct {
	Code      string `json:"code"`
	PageID    string `json:"pageId,omitempty"`
	ElementID string `json:"elementId,omitempty"`
	Message   string `json:"message"`
	MessageFR string `json:"messageFr"`
}

// Warning codes.
const (
	CodeVersion     = "version"      // a schemaVersion newer than 4: read as version 4
	CodeDefault     = "default"      // a missing or unreadable value replaced by Polotno's default
	CodeValue       = "value"        // a value out of range, clamped
	CodeColor       = "color"        // a colour that is not CSS, replaced
	CodeBleed       = "bleed"        // pages with different bleeds: the largest is used
	CodeFont        = "font-missing" // a family neither bundled nor carried by the file
	CodeFontURL     = "font-url"     // a family not bundled, loaded from the file's URL
	CodeDropped     = "dropped"      // an element kind Affiche does not have (video, audio, table…)
	CodeGIF         = "gif"          // an animated GIF kept as a still image
	CodeAnimation   = "animation"    // animations, kept in the file but not played
	CodeFilter      = "filter"       // an image filter Affiche does not have
	CodeEffect      = "effect"       // a filter on something other than an image
	CodeClip        = "clip"         // an image clip mask or an SVG photo mask
	CodeFigure      = "figure"       // a figure drawn with the nearest shape
	CodeCurve       = "curved-text"  // curved text drawn straight
	CodeTextFill    = "text-fill"    // a gradient text fill drawn in one colour
	CodeRichText    = "rich-text"    // rich-text markup Affiche does not have
	CodeNotExported = "not-exported" // hidden from Polotno's exports: hidden here
	CodeFit         = "fit"          // an image placement Polotno cannot express (export)
	CodeList        = "list"         // lists written as HTML lists (export)
	CodeStyles      = "styles"       // per-run styles written as HTML (export)
	CodeShape       = "shape"        // a shape written as an SVG image (export)
	CodeLossy       = "lossy"        // a setting Polotno has no field for (export)
	CodeKind        = "unknown-kind" // an element kind neither format knows
	CodeScene       = "scene"        // a warning from scene.Normalize after the conversion
)

// In returns the warning as one line in the given language ("fr…" for French, else English),
// prefixed with the page and element it concerns.
func (w Warning) In(lang string) string {
	msg, page, el, sep := w.Message, "page", "element", ": "
	if strings.HasPrefix(lang, "fr") && w.MessageFR != "" {
		msg, page, el, sep = w.MessageFR, "page", "élément", " : "
	}
	var where []string
	if w.PageID != "" {
		where = append(where, fmt.Sprintf("%s %s", page, w.PageID))
	}
	if w.ElementID != "" {
		where = append(where, fmt.Sprintf("%s %s", el, w.ElementID))
	}
	if len(where) == 0 {
		return msg
	}
	return strings.Join(where, ", ") + sep + msg
}

// String returns the warning in English.
func (w Warning) String() string { return w.In("en") }

// warner collects warnings, at most maxWarnings of them plus one saying how many were left out.
type warner struct {
	list    []Warning
	dropped int
	page    string
}

const maxWarnings = 500

func (w *warner) add(code, elementID, en, fr string) {
	if len(w.list) >= maxWarnings {
		w.dropped++
		return
	}
	w.list = append(w.list, Warning{Code: code, PageID: w.page, ElementID: elementID, Message: en, MessageFR: fr})
}

func (w *warner) result() []Warning {
	if w.dropped > 0 {
		w.list = append(w.list, Warning{Code: CodeLossy,
			Message:   fmt.Sprintf("%d more warnings not listed", w.dropped),
			MessageFR: fmt.Sprintf("%d autres avertissements non listés", w.dropped)})
	}
	return w.list
}
