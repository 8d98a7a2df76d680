package polotno

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// obj is one JSON object of a Polotno file, read field by field: Polotno files are written by
// many versions and tools, so a field of an unexpected type falls back to its default instead
// of failing the whole import.
type obj map[string]json.RawMessage

// parseObj reads a JSON object; ok is false for anything else.
func parseObj(b []byte) (obj, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, false
	}
	var o obj
	if json.Unmarshal(b, &o) != nil {
		return nil, false
	}
	return o, true
}

// has reports whether the field is present and not null.
func (o obj) has(k string) bool {
	v, ok := o[k]
	return ok && string(bytes.TrimSpace(v)) != "null"
}

// num returns a numeric field (a number or a numeric string); def when missing, of another type
// or not finite.
func (o obj) num(k string, def float64) float64 {
	v, ok := o[k]
	if !ok {
		return def
	}
	var f float64
	if json.Unmarshal(v, &f) == nil {
		return finite(f, def)
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return finite(f, def)
		}
	}
	return def
}

// isNum reports whether the field holds a number (or a numeric string).
func (o obj) isNum(k string) bool {
	return !math.IsNaN(o.num(k, math.NaN()))
}

// str returns a string field; a number is formatted (fontWeight: 700); def when missing or of
// another type.
func (o obj) str(k, def string) string {
	v, ok := o[k]
	if !ok {
		return def
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var f float64
	if json.Unmarshal(v, &f) == nil {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return def
}

// boolean returns a boolean field; def when missing or of another type.
func (o obj) boolean(k string, def bool) bool {
	v, ok := o[k]
	if !ok {
		return def
	}
	var b bool
	if json.Unmarshal(v, &b) == nil {
		return b
	}
	return def
}

// object returns a nested object field, nil when missing or not an object.
func (o obj) object(k string) obj {
	v, ok := o[k]
	if !ok {
		return nil
	}
	n, _ := parseObj(v)
	return n
}

// array returns the members of an array field, nil when missing or not an array.
func (o obj) array(k string) []json.RawMessage {
	v, ok := o[k]
	if !ok {
		return nil
	}
	var a []json.RawMessage
	if json.Unmarshal(v, &a) != nil {
		return nil
	}
	return a
}

// numbers returns an array of numbers, skipping members that are not numbers.
func (o obj) numbers(k string) []float64 {
	var out []float64
	for _, m := range o.array(k) {
		var f float64
		if json.Unmarshal(m, &f) == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			out = append(out, f)
		}
	}
	return out
}

// nonEmpty reports whether a field holds something other than null, false, 0, "", [] or {}.
func (o obj) nonEmpty(k string) bool {
	v, ok := o[k]
	if !ok {
		return false
	}
	switch strings.Join(strings.Fields(string(v)), "") {
	case "null", "false", "0", `""`, "[]", "{}":
		return false
	}
	return true
}

func finite(f, def float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return def
	}
	return f
}

func clamp(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, v))
}

// raw marshals a Go value for an Extra map; values here are plain data that always marshal.
func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}
