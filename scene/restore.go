package scene

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// Limits that keep a hostile or broken file from exhausting memory or time.
const (
	MaxInputBytes  = 256 << 20 // a self-contained document with embedded images
	MaxPages       = 500
	MaxElements    = 20000 // in the whole document, groups' children included
	MaxDepth       = 16    // group nesting
	MaxTextRunes   = 100000
	MaxPageSide    = 14400 // points: 200 in, the largest page PDF readers accept
	MaxCoord       = 1e6   // points, for positions and sizes of elements
	MaxFontSize    = 3000  // points
	MaxPathBytes   = 1 << 20
	MaxStrokeWidth = 1000
)

// Defaults filled in by Restore.
const (
	DefaultFontFamily = "Roboto"
	DefaultFontSize   = 24.0
	DefaultColor      = "#000000"
	DefaultLineHeight = 1.2
)

// DefaultPageWidth and DefaultPageHeight are A4 portrait in points.
var (
	DefaultPageWidth  = MM(210)
	DefaultPageHeight = MM(297)
)

// Kind of JSON a file holds, as told by Detect.
const (
	KindAffiche = "affiche"
	KindPolotno = "polotno"
	KindUnknown = "unknown"
)

// Detect tells whether data looks like an Affiche document or a Polotno design, from its
// top-level fields only (cheap; it does not validate).
func Detect(data []byte) string {
	var top struct {
		Format *string           `json:"format"`
		Pages  []json.RawMessage `json:"pages"`
	}
	if json.Unmarshal(data, &top) != nil {
		return KindUnknown
	}
	if top.Format != nil && *top.Format == FormatName {
		return KindAffiche
	}
	if top.Format == nil && len(top.Pages) > 0 {
		var p map[string]json.RawMessage
		if json.Unmarshal(top.Pages[0], &p) == nil {
			if _, ok := p["children"]; ok {
				return KindPolotno
			}
		}
	}
	return KindUnknown
}

// migrations[i] upgrades the generic JSON form of a document from version i+1 to i+2.
// Version 1 is the first published format, so there are none yet; each future change of
// meaning adds one here and a fixture of the old version under testdata/versions.
var migrations []func(doc map[string]any) error

// Restore reads a document from JSON: checks its size and syntax, migrates older versions,
// decodes it keeping unknown fields, fills defaults and validates every field. Errors name the
// JSON path of the problem; warnings list what was kept or replaced.
func Restore(data []byte) (*Document, []*Warning, error) {
	if len(data) > MaxInputBytes {
		return nil, nil, newErr("", CodeLimit,
			fmt.Sprintf("the file is %d MB; the limit is %d MB", len(data)>>20, MaxInputBytes>>20),
			fmt.Sprintf("le fichier fait %d Mo ; la limite est de %d Mo", len(data)>>20, MaxInputBytes>>20))
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, nil, syntaxError(data, err)
	}
	var format string
	_ = json.Unmarshal(top["format"], &format)
	if format != FormatName {
		if Detect(data) == KindPolotno {
			return nil, nil, newErr("", CodePolotno,
				"this is a Polotno design: import it (affiche import) to open it",
				"c'est un modèle Polotno : importez-le (affiche import) pour l'ouvrir")
		}
		return nil, nil, newErr("format", CodeFormat,
			`not an Affiche document (expected "format": "affiche")`,
			`ce n'est pas un document Affiche ("format": "affiche" attendu)`)
	}
	version := CurrentVersion
	if raw, ok := top["version"]; ok {
		if err := json.Unmarshal(raw, &version); err != nil || version < 1 {
			return nil, nil, newErr("version", CodeValue, "must be a whole number ≥ 1", "doit être un nombre entier ≥ 1")
		}
	}
	if version > CurrentVersion {
		return nil, nil, newErr("version", CodeVersion,
			fmt.Sprintf("made by a newer Affiche (format version %d; this one reads up to %d): update Affiche", version, CurrentVersion),
			fmt.Sprintf("créé par une version plus récente d'Affiche (format %d ; celle-ci lit jusqu'au %d) : mettez Affiche à jour", version, CurrentVersion))
	}
	if version < CurrentVersion {
		var generic map[string]any
		if err := json.Unmarshal(data, &generic); err != nil {
			return nil, nil, syntaxError(data, err)
		}
		for v := version; v < CurrentVersion; v++ {
			if err := migrations[v-1](generic); err != nil {
				return nil, nil, newErr("", CodeVersion,
					fmt.Sprintf("cannot upgrade from version %d: %v", v, err),
					fmt.Sprintf("impossible de mettre à jour depuis la version %d : %v", v, err))
			}
		}
		generic["version"] = CurrentVersion
		var err error
		if data, err = json.Marshal(generic); err != nil {
			return nil, nil, err
		}
	}
	var doc Document
	if err := json.Unmarshal(data, &doc); err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, nil, e
		}
		return nil, nil, prefixErr("", err)
	}
	doc.Version = CurrentVersion
	v := &validator{ids: map[string]bool{}}
	v.document(&doc)
	if len(v.errs) > 0 {
		return nil, v.warns, v.errs
	}
	return &doc, v.warns, nil
}

// Normalize fills defaults and validates a document built in code (the editor, importers),
// exactly as Restore does after decoding.
func Normalize(doc *Document) ([]*Warning, error) {
	v := &validator{ids: map[string]bool{}}
	v.document(doc)
	if len(v.errs) > 0 {
		return v.warns, v.errs
	}
	return v.warns, nil
}

func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:se.Offset], []byte("\n"))
		col := int(se.Offset) - bytes.LastIndexByte(data[:se.Offset], '\n')
		return newErr("", CodeSyntax,
			fmt.Sprintf("not valid JSON at line %d, column %d: %v", line, col, se),
			fmt.Sprintf("JSON invalide ligne %d, colonne %d : %v", line, col, se))
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return newErr("", CodeType, "a document must be a JSON object", "un document doit être un objet JSON")
	}
	return newErr("", CodeSyntax, "not valid JSON: "+err.Error(), "JSON invalide : "+err.Error())
}

type validator struct {
	errs     Errors
	warns    []*Warning
	ids      map[string]bool
	elements int
}

func (v *validator) fail(path, code, en, fr string) {
	if len(v.errs) < 100 {
		v.errs = append(v.errs, newErr(path, code, en, fr))
	}
}

func (v *validator) warn(path, code, en, fr string) {
	if len(v.warns) < 1000 {
		v.warns = append(v.warns, newErr(path, code, en, fr))
	}
}

func (v *validator) between(path string, x, lo, hi float64) {
	if math.IsNaN(x) || x < lo || x > hi {
		v.fail(path, CodeRange, fmt.Sprintf("must be between %g and %g (got %g)", lo, hi, x),
			fmt.Sprintf("doit être compris entre %g et %g (valeur : %g)", lo, hi, x))
	}
}

func (v *validator) positive(path string, x, hi float64) {
	if math.IsNaN(x) || x <= 0 {
		v.fail(path, CodeRange, fmt.Sprintf("must be > 0 (got %g)", x), fmt.Sprintf("doit être > 0 (valeur : %g)", x))
	} else if x > hi {
		v.fail(path, CodeLimit, fmt.Sprintf("must be at most %g (got %g)", hi, x), fmt.Sprintf("doit valoir au plus %g (valeur : %g)", hi, x))
	}
}

func (v *validator) color(path, c string) {
	if _, err := ParseColor(c); err != nil {
		v.fail(path, CodeValue, err.Error(), frenchOf(err.Error()))
	}
}

func (v *validator) enum(path, val string, allowed ...string) {
	for _, a := range allowed {
		if val == a {
			return
		}
	}
	v.fail(path, CodeValue, fmt.Sprintf("unknown value %q (expected one of %q)", val, allowed),
		fmt.Sprintf("valeur inconnue %q (valeurs possibles : %q)", val, allowed))
}

func (v *validator) id(path string, id *string) {
	if *id == "" {
		*id = NewID()
	} else if v.ids[*id] {
		old := *id
		*id = NewID()
		v.warn(path, CodeDupID, fmt.Sprintf("duplicate id %q replaced by %q", old, *id),
			fmt.Sprintf("identifiant %q en double remplacé par %q", old, *id))
	}
	v.ids[*id] = true
}

func (v *validator) document(d *Document) {
	d.Format, d.Version = FormatName, CurrentVersion
	if d.Width == 0 && d.Height == 0 {
		d.Width, d.Height = DefaultPageWidth, DefaultPageHeight
	}
	v.positive("width", d.Width, MaxPageSide)
	v.positive("height", d.Height, MaxPageSide)
	if d.Unit == "" {
		d.Unit = UnitMM
	}
	v.enum("unit", string(d.Unit), "pt", "px", "mm", "cm", "in")
	v.between("bleed", d.Bleed, 0, MM(50))
	for i := range d.Fonts {
		f := &d.Fonts[i]
		p := fmt.Sprintf("fonts[%d]", i)
		if f.Family == "" {
			v.fail(p+".family", CodeRequired, "is required", "est obligatoire")
		}
		if f.URL == "" {
			v.fail(p+".url", CodeRequired, "is required", "est obligatoire")
		}
		if f.Weight == 0 {
			f.Weight = 400
		}
		v.between(p+".weight", float64(f.Weight), 1, 1000)
	}
	if len(d.Pages) > MaxPages {
		v.fail("pages", CodeLimit, fmt.Sprintf("%d pages; the limit is %d", len(d.Pages), MaxPages),
			fmt.Sprintf("%d pages ; la limite est de %d", len(d.Pages), MaxPages))
		return
	}
	if len(d.Pages) == 0 {
		d.Pages = []*Page{{Elements: []*Element{}}}
	}
	pageIDs := map[string]bool{}
	for i, p := range d.Pages {
		path := fmt.Sprintf("pages[%d]", i)
		if p == nil {
			v.fail(path, CodeType, "must be an object", "doit être un objet")
			continue
		}
		if p.ID == "" || pageIDs[p.ID] {
			p.ID = NewID()
		}
		pageIDs[p.ID] = true
		if p.Width != 0 {
			v.positive(path+".width", p.Width, MaxPageSide)
		}
		if p.Height != 0 {
			v.positive(path+".height", p.Height, MaxPageSide)
		}
		if p.Background != nil {
			v.fill(path+".background", p.Background)
		}
		if bi := p.BackgroundImage; bi != nil {
			if bi.Src == "" {
				v.fail(path+".backgroundImage.src", CodeRequired, "is required", "est obligatoire")
			}
			if bi.Fit == "" {
				bi.Fit = FitCover
			}
			v.enum(path+".backgroundImage.fit", string(bi.Fit), "cover", "contain", "fill")
			if bi.Opacity != nil {
				v.between(path+".backgroundImage.opacity", *bi.Opacity, 0, 1)
			}
			v.filters(path+".backgroundImage.filters", bi.Filters)
		}
		if p.Elements == nil {
			p.Elements = []*Element{}
		}
		v.elements_(path+".elements", p.Elements, 1)
		UpdateGroupBounds(p.Elements)
	}
}

func (v *validator) elements_(path string, els []*Element, depth int) {
	if depth > MaxDepth {
		v.fail(path, CodeLimit, fmt.Sprintf("groups are nested more than %d deep", MaxDepth),
			fmt.Sprintf("groupes imbriqués sur plus de %d niveaux", MaxDepth))
		return
	}
	for i, e := range els {
		p := fmt.Sprintf("%s[%d]", path, i)
		if e == nil {
			v.fail(p, CodeType, "must be an object", "doit être un objet")
			continue
		}
		v.elements++
		if v.elements > MaxElements {
			v.fail(p, CodeLimit, fmt.Sprintf("more than %d elements", MaxElements),
				fmt.Sprintf("plus de %d éléments", MaxElements))
			return
		}
		v.element(p, e, depth)
	}
}

func (v *validator) element(p string, e *Element, depth int) {
	v.id(p+".id", &e.ID)
	v.between(p+".x", e.X, -MaxCoord, MaxCoord)
	v.between(p+".y", e.Y, -MaxCoord, MaxCoord)
	v.between(p+".width", e.Width, 0, MaxCoord)
	v.between(p+".height", e.Height, 0, MaxCoord)
	v.between(p+".rotation", e.Rotation, -MaxCoord, MaxCoord)
	v.between(p+".opacity", e.Opacity, 0, 1)
	v.between(p+".cornerRadius", e.CornerRadius, 0, MaxCoord)
	if s := e.Shadow; s != nil {
		v.color(p+".shadow.color", s.Color)
		v.between(p+".shadow.blur", s.Blur, 0, 500)
		v.between(p+".shadow.offsetX", s.OffsetX, -MaxCoord, MaxCoord)
		v.between(p+".shadow.offsetY", s.OffsetY, -MaxCoord, MaxCoord)
		v.between(p+".shadow.opacity", s.Opacity, 0, 1)
	}
	if e.Fill != nil {
		v.fill(p+".fill", e.Fill)
	}
	if e.Stroke != nil {
		v.stroke(p+".stroke", e.Stroke)
	}
	switch e.Type {
	case TypeShape:
		v.shape(p, e)
	case TypeLine:
		if e.Stroke == nil {
			e.Stroke = &Stroke{Color: DefaultColor, Width: 2}
		}
		heads := []string{"", "arrow", "triangle", "circle", "square", "bar"}
		v.enum(p+".startHead", string(e.StartHead), heads...)
		v.enum(p+".endHead", string(e.EndHead), heads...)
	case TypeImage, TypeSVG:
		if e.Src == "" {
			v.fail(p+".src", CodeRequired, "is required", "est obligatoire")
		}
		if e.Fit == "" {
			e.Fit = FitCover
			if e.Type == TypeSVG {
				e.Fit = FitContain
			}
		}
		v.enum(p+".fit", string(e.Fit), "cover", "contain", "fill")
		if c := e.Crop; c != nil {
			v.between(p+".crop.x", c.X, 0, 1)
			v.between(p+".crop.y", c.Y, 0, 1)
			v.positive(p+".crop.width", c.Width, 1)
			v.positive(p+".crop.height", c.Height, 1)
			if c.X+c.Width > 1.000001 || c.Y+c.Height > 1.000001 {
				v.fail(p+".crop", CodeRange, "must lie inside the image (x + width ≤ 1, y + height ≤ 1)",
					"doit rester dans l'image (x + width ≤ 1, y + height ≤ 1)")
			}
		}
		v.filters(p+".filters", e.Filters)
		for k, c := range e.Colors {
			v.color(p+".colors["+fmt.Sprintf("%q", k)+"]", c)
		}
	case TypeText:
		v.text(p, e)
	case TypeGroup:
		v.elements_(p+".children", e.Children, depth+1)
	case "":
		v.fail(p+".type", CodeRequired, "is required", "est obligatoire")
	default:
		v.warn(p+".type", CodeUnknown, fmt.Sprintf("unknown element kind %q: kept in the file but not drawn", e.Type),
			fmt.Sprintf("type d'élément inconnu %q : conservé dans le fichier mais non affiché", e.Type))
	}
}

func (v *validator) shape(p string, e *Element) {
	if e.Shape == "" {
		e.Shape = ShapeRect
	}
	v.enum(p+".shape", string(e.Shape), "rect", "ellipse", "triangle", "polygon", "star", "arrow", "path")
	switch e.Shape {
	case ShapePolygon, ShapeStar:
		if e.Sides == 0 {
			e.Sides = 5
			if e.Shape == ShapePolygon {
				e.Sides = 6
			}
		}
		v.between(p+".sides", float64(e.Sides), 3, 100)
	}
	switch e.Shape {
	case ShapeStar:
		if e.InnerRadius == 0 {
			e.InnerRadius = 0.5
		}
		v.between(p+".innerRadius", e.InnerRadius, 0.01, 1)
	case ShapeArrow:
		if e.InnerRadius == 0 {
			e.InnerRadius = 0.4
		}
		v.between(p+".innerRadius", e.InnerRadius, 0.01, 1)
	case ShapePath:
		if e.Path == "" {
			v.fail(p+".path", CodeRequired, "is required for a path shape", "est obligatoire pour une forme libre")
		}
		if len(e.Path) > MaxPathBytes {
			v.fail(p+".path", CodeLimit, "path data is too long", "tracé trop long")
		}
		if e.ViewBox == nil {
			e.ViewBox = &[4]float64{0, 0, e.Width, e.Height}
		}
		v.positive(p+".viewBox[2]", e.ViewBox[2], MaxCoord)
		v.positive(p+".viewBox[3]", e.ViewBox[3], MaxCoord)
	}
}

func (v *validator) fill(p string, f *Fill) {
	if f.Gradient == nil {
		v.color(p, f.Color)
		return
	}
	g := f.Gradient
	if g.Type == "" {
		g.Type = GradientLinear
	}
	v.enum(p+".type", string(g.Type), "linear", "radial")
	if len(g.Stops) < 2 {
		v.fail(p+".stops", CodeValue, "a gradient needs at least two stops", "un dégradé demande au moins deux couleurs")
	}
	if len(g.Stops) > 64 {
		v.fail(p+".stops", CodeLimit, "at most 64 stops", "64 couleurs au plus")
	}
	for i, s := range g.Stops {
		v.between(fmt.Sprintf("%s.stops[%d].offset", p, i), s.Offset, 0, 1)
		v.color(fmt.Sprintf("%s.stops[%d].color", p, i), s.Color)
	}
	for _, r := range []struct {
		n string
		x *float64
	}{{"cx", g.CX}, {"cy", g.CY}, {"r", g.R}} {
		if r.x != nil {
			v.between(p+"."+r.n, *r.x, -10, 10)
		}
	}
}

func (v *validator) stroke(p string, s *Stroke) {
	if s.Color == "" {
		s.Color = DefaultColor
	}
	v.color(p+".color", s.Color)
	v.between(p+".width", s.Width, 0, MaxStrokeWidth)
	if len(s.Dash) > 32 {
		v.fail(p+".dash", CodeLimit, "at most 32 values", "32 valeurs au plus")
	}
	total := 0.0
	for i, d := range s.Dash {
		v.between(fmt.Sprintf("%s.dash[%d]", p, i), d, 0, 1000)
		total += d
	}
	if len(s.Dash) > 0 && total == 0 {
		s.Dash = nil
	}
	v.enum(p+".cap", s.Cap, "", "butt", "round", "square")
	v.enum(p+".join", s.Join, "", "miter", "round", "bevel")
}

func (v *validator) filters(p string, f *Filters) {
	if f == nil {
		return
	}
	v.between(p+".brightness", f.Brightness, -1, 1)
	v.between(p+".contrast", f.Contrast, -1, 1)
	v.between(p+".saturation", f.Saturation, -1, 1)
	v.between(p+".grayscale", f.Grayscale, 0, 1)
	v.between(p+".sepia", f.Sepia, 0, 1)
	v.between(p+".blur", f.Blur, 0, 200)
}

func (v *validator) style(p string, s *TextStyle) {
	if s.FontFamily == "" {
		s.FontFamily = DefaultFontFamily
	}
	if s.FontSize == 0 {
		s.FontSize = DefaultFontSize
	}
	v.positive(p+".fontSize", s.FontSize, MaxFontSize)
	if s.FontWeight == 0 {
		s.FontWeight = WeightNormal
	}
	v.between(p+".fontWeight", float64(s.FontWeight), 1, 1000)
	if s.Color == "" {
		s.Color = DefaultColor
	}
	v.color(p+".color", s.Color)
	v.between(p+".letterSpacing", s.LetterSpacing, -0.5, 5)
}

func (v *validator) text(p string, e *Element) {
	v.style(p, &e.TextStyle)
	if e.LineHeight == 0 {
		e.LineHeight = DefaultLineHeight
	}
	v.between(p+".lineHeight", e.LineHeight, 0.1, 10)
	v.between(p+".paragraphSpacing", e.ParagraphSpacing, 0, 10)
	if e.Align == "" {
		e.Align = AlignLeft
	}
	aligns := []string{"left", "center", "right", "justify"}
	v.enum(p+".align", string(e.Align), aligns...)
	if e.VerticalAlign == "" {
		e.VerticalAlign = VAlignTop
	}
	v.enum(p+".verticalAlign", string(e.VerticalAlign), "top", "middle", "bottom")
	if e.TextTransform == "" {
		e.TextTransform = TransformNone
	}
	v.enum(p+".textTransform", string(e.TextTransform), "none", "uppercase", "lowercase", "capitalize")
	if b := e.Background; b != nil {
		v.color(p+".background.color", b.Color)
		v.between(p+".background.opacity", b.Opacity, 0, 1)
		v.between(p+".background.padding", b.Padding, 0, MaxCoord)
		v.between(p+".background.cornerRadius", b.CornerRadius, 0, MaxCoord)
	}
	if len(e.Paragraphs) == 0 {
		e.Paragraphs = []Paragraph{{Runs: []Run{{Text: ""}}}}
	}
	runes := 0
	for i := range e.Paragraphs {
		par := &e.Paragraphs[i]
		pp := fmt.Sprintf("%s.paragraphs[%d]", p, i)
		if par.Align != "" {
			v.enum(pp+".align", string(par.Align), aligns...)
		}
		v.enum(pp+".list", string(par.List), "", "bullet", "number")
		v.between(pp+".level", float64(par.Level), 0, 8)
		if len(par.Runs) == 0 {
			par.Runs = []Run{{Text: ""}}
		}
		for j := range par.Runs {
			r := &par.Runs[j]
			rp := fmt.Sprintf("%s.runs[%d]", pp, j)
			runes += utf8.RuneCountInString(r.Text)
			if r.FontSize != nil {
				v.positive(rp+".fontSize", *r.FontSize, MaxFontSize)
			}
			if r.FontWeight != nil {
				v.between(rp+".fontWeight", float64(*r.FontWeight), 1, 1000)
			}
			if r.Color != nil {
				v.color(rp+".color", *r.Color)
			}
			if r.LetterSpacing != nil {
				v.between(rp+".letterSpacing", *r.LetterSpacing, -0.5, 5)
			}
		}
	}
	if runes > MaxTextRunes {
		v.fail(p+".paragraphs", CodeLimit, fmt.Sprintf("%d characters; the limit is %d", runes, MaxTextRunes),
			fmt.Sprintf("%d caractères ; la limite est de %d", runes, MaxTextRunes))
	}
}
