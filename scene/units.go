package scene

import (
	"fmt"
	"strconv"
	"strings"
)

// Unit is a length unit users see. Geometry is always stored in points.
type Unit string

// The display units.
const (
	UnitPt Unit = "pt"
	UnitPx Unit = "px" // 1 px = 1 pt (CSS pixels at 72 dpi, as in Polotno)
	UnitMM Unit = "mm"
	UnitCM Unit = "cm"
	UnitIn Unit = "in"
)

// Points per unit.
const (
	PtPerInch = 72.0
	PtPerMM   = 72.0 / 25.4
	PtPerCM   = 72.0 / 2.54
)

// PerUnit returns how many points one u is (0 for an unknown unit).
func (u Unit) PerUnit() float64 {
	switch u {
	case UnitPt, UnitPx:
		return 1
	case UnitMM:
		return PtPerMM
	case UnitCM:
		return PtPerCM
	case UnitIn:
		return PtPerInch
	}
	return 0
}

// MM converts millimetres to points.
func MM(mm float64) float64 { return mm * PtPerMM }

// ToMM converts points to millimetres.
func ToMM(pt float64) float64 { return pt / PtPerMM }

// ParseLength reads a length such as "3mm", "0.5 in", "12pt", "1080px" or a bare number
// (points) and returns points.
func ParseLength(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, u := range []Unit{UnitMM, UnitCM, UnitIn, UnitPt, UnitPx} {
		if strings.HasSuffix(t, string(u)) {
			v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(t, string(u))), 64)
			if err != nil {
				return 0, fmt.Errorf("%q is not a length", s)
			}
			return v * u.PerUnit(), nil
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a length (try 3mm, 0.5in, 12pt)", s)
	}
	return v, nil
}

// PaperSize is a named page size preset.
type PaperSize struct {
	ID       string  `json:"id"`
	Label    Label   `json:"label"`
	Width    float64 `json:"width"`    // points, portrait
	Height   float64 `json:"height"`   // points
	Category string  `json:"category"` // "print" or "screen"
	// Unit is the unit the preset is naturally described in.
	Unit Unit `json:"unit"`
}

// Label is a user-facing text in French and English.
type Label struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// In returns the label in the given language ("fr" or anything else for English).
func (l Label) In(lang string) string {
	if strings.HasPrefix(lang, "fr") && l.FR != "" {
		return l.FR
	}
	return l.EN
}

func mmSize(id, fr, en string, w, h float64) PaperSize {
	return PaperSize{ID: id, Label: Label{fr, en}, Width: MM(w), Height: MM(h), Category: "print", Unit: UnitMM}
}

func pxSize(id, fr, en string, w, h float64) PaperSize {
	return PaperSize{ID: id, Label: Label{fr, en}, Width: w, Height: h, Category: "screen", Unit: UnitPx}
}

// PaperSizes lists the page size presets, print formats first.
var PaperSizes = []PaperSize{
	mmSize("a5", "A5 (flyer)", "A5 (flyer)", 148, 210),
	mmSize("a4", "A4", "A4", 210, 297),
	mmSize("a3", "A3 (affiche)", "A3 (poster)", 297, 420),
	mmSize("a2", "A2 (affiche)", "A2 (poster)", 420, 594),
	mmSize("a1", "A1 (affiche)", "A1 (poster)", 594, 841),
	mmSize("a0", "A0 (grande affiche)", "A0 (large poster)", 841, 1189),
	{ID: "letter", Label: Label{"US Letter", "US Letter"}, Width: 612, Height: 792, Category: "print", Unit: UnitIn},
	mmSize("40x60", "Affiche 40 × 60 cm", "Poster 40 × 60 cm", 400, 600),
	mmSize("abribus", "Abribus 120 × 176 cm", "Bus shelter 120 × 176 cm", 1200, 1760),
	pxSize("square", "Publication carrée (1080 × 1080)", "Square post (1080 × 1080)", 1080, 1080),
	pxSize("portrait", "Publication portrait (1080 × 1350)", "Portrait post (1080 × 1350)", 1080, 1350),
	pxSize("story", "Story (1080 × 1920)", "Story (1080 × 1920)", 1080, 1920),
	pxSize("link", "Partage de lien (1200 × 630)", "Link preview (1200 × 630)", 1200, 630),
}

// PaperSizeByID finds a preset by its id.
func PaperSizeByID(id string) (PaperSize, bool) {
	for _, p := range PaperSizes {
		if p.ID == strings.ToLower(id) {
			return p, true
		}
	}
	return PaperSize{}, false
}
