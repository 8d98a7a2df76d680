package scene

import (
	"encoding/json"
	"fmt"
)

// Fill paints an area: a solid colour or a gradient. In JSON a solid fill is a plain colour
// string ("#e63946", "rgb(…)", "tomato"); a gradient is an object.
type Fill struct {
	Color    string    // when Gradient is nil
	Gradient *Gradient // when set, Color is ignored
}

// GradientType is linear or radial.
type GradientType string

// The gradient types.
const (
	GradientLinear GradientType = "linear"
	GradientRadial GradientType = "radial"
)

// Gradient is a colour gradient over the element's box (or the page).
type Gradient struct {
	Type GradientType `json:"type"`
	// Angle of a linear gradient in degrees, CSS convention: 0 goes bottom → top, 90 left → right.
	Angle float64 `json:"angle,omitempty"`
	// CX, CY (fractions of the box, default 0.5) and R (fraction of the distance from the centre
	// to the farthest corner, default 1) place a radial gradient.
	CX    *float64 `json:"cx,omitempty"`
	CY    *float64 `json:"cy,omitempty"`
	R     *float64 `json:"r,omitempty"`
	Stops []Stop   `json:"stops"`
}

// Stop is a colour at an offset (0–1) of a gradient.
type Stop struct {
	Offset float64 `json:"offset"`
	Color  string  `json:"color"`
}

// Solid returns a solid fill of the given colour.
func Solid(color string) *Fill { return &Fill{Color: color} }

// Clone returns a deep copy.
func (f *Fill) Clone() *Fill {
	if f == nil {
		return nil
	}
	c := *f
	if f.Gradient != nil {
		g := *f.Gradient
		g.Stops = append([]Stop(nil), f.Gradient.Stops...)
		c.Gradient = &g
	}
	return &c
}

// MarshalJSON writes a colour string or a gradient object.
func (f Fill) MarshalJSON() ([]byte, error) {
	if f.Gradient != nil {
		return json.Marshal(f.Gradient)
	}
	return json.Marshal(f.Color)
}

// UnmarshalJSON reads a colour string, a CSS gradient string or a gradient object.
func (f *Fill) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if g, ok, err := ParseCSSGradient(s); ok {
			if err != nil {
				return err
			}
			*f = Fill{Gradient: g}
			return nil
		}
		*f = Fill{Color: s}
		return nil
	}
	if len(b) > 0 && b[0] == '{' {
		var g Gradient
		if err := json.Unmarshal(b, &g); err != nil {
			return err
		}
		*f = Fill{Gradient: &g}
		return nil
	}
	return fmt.Errorf("a fill is a colour string or a gradient object")
}

// Stroke is an outline: its colour, width and dash pattern.
type Stroke struct {
	Color string  `json:"color"`
	Width float64 `json:"width"` // points
	// Dash alternates dash and gap lengths, in multiples of Width (so a dash scales with it).
	Dash []float64 `json:"dash,omitempty"`
	// Cap is the line cap: butt (default), round or square.
	Cap string `json:"cap,omitempty"`
	// Join is the line join: miter (default), round or bevel.
	Join string `json:"join,omitempty"`
}

// Clone returns a deep copy.
func (s *Stroke) Clone() *Stroke {
	if s == nil {
		return nil
	}
	c := *s
	c.Dash = append([]float64(nil), s.Dash...)
	return &c
}
