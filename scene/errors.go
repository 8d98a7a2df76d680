package scene

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Error is a problem found while reading a document, located by its JSON path
// ("pages[0].elements[3].fontSize"). Message is English; MessageFR the same in French.
type Error struct {
	Path      string `json:"path"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageFR string `json:"messageFr,omitempty"`
}

// Error codes.
const (
	CodeSyntax   = "syntax"    // not JSON
	CodeFormat   = "format"    // not an Affiche document
	CodePolotno  = "polotno"   // a Polotno design: import it instead
	CodeVersion  = "version"   // made by a newer Affiche
	CodeType     = "type"      // wrong JSON type
	CodeRange    = "range"     // a number out of its range
	CodeValue    = "value"     // a value not understood
	CodeRequired = "required"  // a required field is missing
	CodeLimit    = "limit"     // the document exceeds a size limit
	CodeUnknown  = "unknown"   // warning: unknown element kind, kept but not drawn
	CodeDupID    = "duplicate" // warning: a duplicate id was replaced
)

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// In returns the message in the given language ("fr…" for French, else English).
func (e *Error) In(lang string) string {
	msg, sep := e.Message, ": "
	if strings.HasPrefix(lang, "fr") && e.MessageFR != "" {
		msg, sep = e.MessageFR, " : " // French puts a space before the colon
	}
	if e.Path == "" {
		return msg
	}
	return e.Path + sep + msg
}

// Warning is a problem that did not stop loading (something kept, replaced or approximated).
type Warning = Error

// Errors is the list of problems that made Restore fail, first one first.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i == 5 {
			fmt.Fprintf(&b, "; and %d more", len(es)-5)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// joinPath appends a field name or an index to a JSON path.
func joinPath(prefix, rest string) string {
	switch {
	case prefix == "":
		return rest
	case rest == "":
		return prefix
	case rest[0] == '[':
		return prefix + rest
	}
	return prefix + "." + rest
}

func newErr(path, code, en, fr string) *Error {
	return &Error{Path: path, Code: code, Message: en, MessageFR: fr}
}

// prefixErr puts prefix in front of the path of an error from a nested decode, turning the
// standard library's JSON errors into *Error.
func prefixErr(prefix string, err error) error {
	switch e := err.(type) {
	case *Error:
		c := *e
		c.Path = joinPath(prefix, e.Path)
		return &c
	case *json.UnmarshalTypeError:
		want := jsonTypeName(e.Type.Kind().String())
		field := strings.TrimPrefix(e.Field, "plain.") // the embedded decoding alias
		return newErr(joinPath(prefix, field), CodeType,
			fmt.Sprintf("must be %s, not a JSON %s", want.en, e.Value),
			fmt.Sprintf("doit être %s, pas %s", want.fr, jsonValueFR(e.Value)))
	}
	return newErr(prefix, CodeValue, err.Error(), frenchOf(err.Error()))
}

type enfr struct{ en, fr string }

func jsonTypeName(kind string) enfr {
	switch kind {
	case "float64", "float32", "int", "int64", "int32", "uint8":
		return enfr{"a number", "un nombre"}
	case "string":
		return enfr{"a string", "un texte"}
	case "bool":
		return enfr{"true or false", "true ou false"}
	case "slice", "array":
		return enfr{"a list", "une liste"}
	case "struct", "map", "ptr":
		return enfr{"an object", "un objet"}
	}
	return enfr{"a " + kind, "de type " + kind}
}

func jsonValueFR(v string) string {
	switch v {
	case "number":
		return "un nombre"
	case "string":
		return "un texte"
	case "bool":
		return "un booléen"
	case "array":
		return "une liste"
	case "object":
		return "un objet"
	}
	return v
}

// frenchOf translates the few free-form messages that come from value parsers.
func frenchOf(msg string) string {
	r := strings.NewReplacer(
		"is not a colour", "n'est pas une couleur",
		"is not a hex colour", "n'est pas une couleur hexadécimale",
		"empty colour", "couleur vide",
		"unknown font weight", "graisse de police inconnue",
		"a gradient needs at least two colours", "un dégradé demande au moins deux couleurs",
		"a fill is a colour string or a gradient object", "un remplissage est une couleur ou un objet dégradé",
		"unknown colour function", "fonction de couleur inconnue",
	)
	return r.Replace(msg)
}
