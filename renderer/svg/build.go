package svg

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"affiche/renderer/geom"
	"affiche/scene"
)

// viewport is the size percentages refer to.
type viewport struct{ w, h float64 }

// diag is the length other percentages (radii, stroke widths) refer to.
func (v viewport) diag() float64 { return math.Sqrt((v.w*v.w + v.h*v.h) / 2) }

// style is the computed value of the inherited properties at an element.
type style struct {
	fill, stroke               paintSpec
	fillOpacity, strokeOpacity float64
	evenOdd, clipEvenOdd       bool
	strokeWidth                float64
	cap, join                  string
	miter                      float64
	dashes                     []float64 // user units; nil for solid
	dashOffset                 float64
	color                      color.NRGBA // currentColor, recoloured
	visible                    bool
}

// builder turns the element tree into items.
type builder struct {
	root     *node
	rc       *recolor
	sheet    *sheet
	ids      map[string]*node
	doc      *Document
	initial  style
	vp0      viewport
	styles   map[*node]*style // styles of elements outside the rendering walk (stops, clip paths)
	points   int
	visits   int
	err      error
	palette  map[string]bool
	useStack []*node
}

func newBuilder(root *node, o Options) *builder {
	b := &builder{
		root:    root,
		rc:      newRecolor(o.Colors),
		ids:     map[string]*node{},
		doc:     &Document{},
		styles:  map[*node]*style{},
		palette: map[string]bool{},
	}
	b.sheet = newSheet(root)
	var collect func(n *node)
	collect = func(n *node) {
		if id := n.get("id"); id != "" {
			if _, dup := b.ids[id]; !dup {
				b.ids[id] = n
			}
		}
		for _, c := range n.children {
			collect(c)
		}
	}
	collect(root)
	black := color.NRGBA{A: 255}
	b.initial = style{
		fill:        paintSpec{kind: paintColor, c: b.rc.apply(black), orig: black},
		stroke:      paintSpec{kind: paintNone},
		fillOpacity: 1, strokeOpacity: 1, strokeWidth: 1,
		cap: "butt", join: "miter", miter: 4,
		color:   black,
		visible: true,
	}
	return b
}

// build lays out the root viewport and walks the tree.
func (b *builder) build() (*Document, error) {
	root := b.root
	vb, hasVB := parseViewBox(root.get("viewBox"))
	w, okW := length(root.get("width"), 0)
	h, okH := length(root.get("height"), 0)
	okW = okW && w > 0 && !strings.HasSuffix(strings.TrimSpace(root.get("width")), "%")
	okH = okH && h > 0 && !strings.HasSuffix(strings.TrimSpace(root.get("height")), "%")
	if !hasVB {
		if !okW || !okH {
			return nil, ErrNoSize
		}
		vb = scene.Rect{Width: w, Height: h}
	}
	switch {
	case !okW && !okH:
		w, h = vb.Width, vb.Height
	case !okW:
		w = h * vb.Width / vb.Height
	case !okH:
		h = w * vb.Height / vb.Width
	}
	if !finite(w, h, vb.X, vb.Y, vb.Width, vb.Height) || !(w > 0) || !(h > 0) {
		return nil, ErrNoSize
	}
	b.doc.Width, b.doc.Height = w, h
	ctm := scene.Identity
	b.doc.ViewBox = vb
	if math.Abs(w*vb.Height-h*vb.Width) > 1e-9*w*vb.Height {
		a := parseAspect(root.get("preserveAspectRatio"))
		vt := viewportTransform(vb, 0, 0, w, h, a)
		if a.none {
			// Non-uniform: the items go to the viewport's space.
			ctm = vt
			b.doc.ViewBox = scene.Rect{Width: w, Height: h}
		} else if inv, ok := vt.Invert(); ok {
			// Uniform: the picture is the viewport seen in the viewBox's space.
			x0, y0 := inv.Apply(0, 0)
			x1, y1 := inv.Apply(w, h)
			b.doc.ViewBox = scene.Rect{X: x0, Y: y0, Width: x1 - x0, Height: y1 - y0}
		}
	}
	b.vp0 = viewport{vb.Width, vb.Height}
	b.walk(root, &b.initial, ctm, b.vp0, 1)
	if b.err != nil {
		return nil, b.err
	}
	return b.doc, nil
}

// fail records the first limit reached.
func (b *builder) fail(format string, a ...any) {
	if b.err == nil {
		b.err = fmt.Errorf("%w: "+format, append([]any{ErrTooComplex}, a...)...)
	}
}

// computeStyle applies an element's declarations to its parent's inherited style.
func (b *builder) computeStyle(parent *style, d *decls, vp viewport) *style {
	s := *parent
	for p := prop(0); p < nProps; p++ {
		v := d[p]
		if v == "" || v == "inherit" {
			continue
		}
		switch p {
		case pFill, pStroke:
			ps, ok := b.rc.parsePaint(v)
			if !ok {
				continue
			}
			if p == pFill {
				s.fill = ps
			} else {
				s.stroke = ps
			}
		case pFillOpacity, pStrokeOpacity:
			f, ok := fraction(v)
			if !ok {
				continue
			}
			f = math.Max(0, math.Min(1, f))
			if p == pFillOpacity {
				s.fillOpacity = f
			} else {
				s.strokeOpacity = f
			}
		case pFillRule, pClipRule:
			var eo bool
			switch v {
			case "evenodd":
				eo = true
			case "nonzero":
			default:
				continue
			}
			if p == pFillRule {
				s.evenOdd = eo
			} else {
				s.clipEvenOdd = eo
			}
		case pStrokeWidth:
			if w, ok := length(v, vp.diag()); ok && w >= 0 && finite(w) {
				s.strokeWidth = w
			}
		case pStrokeLinecap:
			if v == "butt" || v == "round" || v == "square" {
				s.cap = v
			}
		case pStrokeLinejoin:
			switch v {
			case "miter", "miter-clip", "arcs":
				s.join = "miter"
			case "round", "bevel":
				s.join = v
			}
		case pStrokeMiterlimit:
			if f, ok := fraction(v); ok && f >= 1 && !strings.HasSuffix(v, "%") {
				s.miter = f
			}
		case pStrokeDasharray:
			if d, ok := dashArray(v, vp); ok {
				s.dashes = d
			}
		case pStrokeDashoffset:
			if o, ok := length(v, vp.diag()); ok && finite(o) {
				s.dashOffset = o
			}
		case pColor:
			if c, cur, ok := parseColor(v); ok && !cur {
				s.color = b.rc.apply(c)
			}
		case pVisibility:
			switch v {
			case "visible":
				s.visible = true
			case "hidden", "collapse":
				s.visible = false
			}
		}
	}
	return &s
}

// dashArray reads stroke-dasharray: nil for none, a solid stroke, or an invalid list (which SVG
// draws solid); an odd list is repeated to make it even.
func dashArray(v string, vp viewport) ([]float64, bool) {
	if v == "none" {
		return nil, true
	}
	fields := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	var out []float64
	sum := 0.0
	for _, f := range fields {
		l, ok := length(f, vp.diag())
		if !ok || l < 0 || !finite(l) {
			return nil, true
		}
		out = append(out, l)
		sum += l
	}
	if !(sum > 0) || !finite(sum) {
		return nil, true
	}
	if len(out)%2 == 1 {
		out = append(out, out...)
	}
	return out, true
}

// ancestorStyle returns the style of an element as its ancestors make it (for elements used
// from elsewhere: gradient stops, clip-path and mask content).
func (b *builder) ancestorStyle(n *node) *style {
	if n == nil {
		return &b.initial
	}
	if s, ok := b.styles[n]; ok {
		return s
	}
	s := b.computeStyle(b.ancestorStyle(n.parent), b.sheet.declsOf(n), b.vp0)
	b.styles[n] = s
	return s
}

// graphics lists the elements the walk draws or descends into.
var graphics = map[string]bool{
	"svg": true, "g": true, "a": true, "switch": true, "use": true,
	"path": true, "rect": true, "circle": true, "ellipse": true, "line": true,
	"polyline": true, "polygon": true,
}

func opacityOf(v string) float64 {
	if v == "" {
		return 1
	}
	f, ok := fraction(v)
	if !ok {
		return 1
	}
	return math.Max(0, math.Min(1, f))
}

// walk draws an element and its content. ps is the parent's style, ctm maps the parent's user
// space to the drawing's, vp is the viewport percentages refer to, opacity the ancestors'.
func (b *builder) walk(n *node, ps *style, ctm scene.Affine, vp viewport, opacity float64) {
	if b.err != nil || !graphics[n.name] {
		return
	}
	b.visits++
	if b.visits > maxVisits {
		b.fail("more than %d elements drawn (use references)", maxVisits)
		return
	}
	d := b.sheet.declsOf(n)
	if d[pDisplay] == "none" {
		return
	}
	opacity *= opacityOf(d[pOpacity])
	if !(opacity > 0) {
		return
	}
	st := b.computeStyle(ps, d, vp)
	if t := d[pTransform]; t != "" {
		if m, ok := parseTransform(t); ok {
			ctm = ctm.Mul(m)
		}
	}
	if !finite(ctm[:]...) {
		return
	}
	start := len(b.doc.Items)
	switch n.name {
	case "svg":
		if n == b.root {
			b.children(n, st, ctm, vp, opacity)
			break
		}
		b.viewportContent(n, n, st, ctm, vp, opacity, n.get("width"), n.get("height"))
	case "g", "a":
		b.children(n, st, ctm, vp, opacity)
	case "switch":
		for _, c := range n.children {
			if graphics[c.name] && c.get("requiredExtensions") == "" {
				b.walk(c, st, ctm, vp, opacity)
				break
			}
		}
	case "use":
		b.use(n, st, ctm, vp, opacity)
	default:
		b.shape(n, st, ctm, vp, opacity)
	}
	if len(b.doc.Items) > start {
		b.clipItems(n, d, ctm, start)
	}
}

func (b *builder) children(n *node, st *style, ctm scene.Affine, vp viewport, opacity float64) {
	for _, c := range n.children {
		b.walk(c, st, ctm, vp, opacity)
	}
}

// viewportContent draws the content of a nested svg or of a symbol (box n, content of n): a
// new viewport at x, y of size w × h (width and height, 100 % when absent), with the box's
// viewBox mapped into it, clipped to it.
func (b *builder) viewportContent(box, content *node, st *style, ctm scene.Affine, vp viewport, opacity float64, ws, hs string) {
	x, _ := length(box.get("x"), vp.w)
	y, _ := length(box.get("y"), vp.h)
	w, okW := length(ws, vp.w)
	h, okH := length(hs, vp.h)
	if !okW {
		w = vp.w
	}
	if !okH {
		h = vp.h
	}
	if !(w > 0) || !(h > 0) || !finite(x, y, w, h) {
		return
	}
	inner := ctm.Mul(scene.Translate(x, y))
	ivp := viewport{w, h}
	if vb, ok := parseViewBox(box.get("viewBox")); ok {
		inner = ctm.Mul(viewportTransform(vb, x, y, w, h, parseAspect(box.get("preserveAspectRatio"))))
		ivp = viewport{vb.Width, vb.Height}
	}
	start := len(b.doc.Items)
	b.children(content, st, inner, ivp, opacity)
	if ov := strings.TrimSpace(box.get("overflow")); ov == "visible" || ov == "auto" {
		return
	}
	clip := Clip{Path: geom.Rect(x, y, w, h).Transformed(ctm)}
	for i := start; i < len(b.doc.Items); i++ {
		b.doc.Items[i].Clips = append(b.doc.Items[i].Clips, clip)
	}
}

// ref returns the element a local reference ("#id") names.
func (b *builder) ref(href string) *node {
	href = strings.TrimSpace(href)
	if !strings.HasPrefix(href, "#") {
		return nil // external references are never followed
	}
	return b.ids[href[1:]]
}

func (b *builder) use(n *node, st *style, ctm scene.Affine, vp viewport, opacity float64) {
	t := b.ref(n.get("href"))
	if t == nil {
		return
	}
	for p := n; p != nil; p = p.parent {
		if p == t {
			return // a use inside what it references
		}
	}
	for _, u := range b.useStack {
		if u == t {
			return // a cycle
		}
	}
	if len(b.useStack) >= maxUseDepth {
		b.fail("use references nested more than %d deep", maxUseDepth)
		return
	}
	b.useStack = append(b.useStack, t)
	defer func() { b.useStack = b.useStack[:len(b.useStack)-1] }()
	x, _ := length(n.get("x"), vp.w)
	y, _ := length(n.get("y"), vp.h)
	if !finite(x, y) {
		return
	}
	inner := ctm.Mul(scene.Translate(x, y))
	switch t.name {
	case "symbol":
		d := b.sheet.declsOf(t)
		if d[pDisplay] == "none" {
			return
		}
		sst := b.computeStyle(st, d, vp)
		opacity *= opacityOf(d[pOpacity])
		ws, hs := n.get("width"), n.get("height")
		if ws == "" {
			ws = t.get("width")
		}
		if hs == "" {
			hs = t.get("height")
		}
		// The symbol's x and y (SVG 2) add to the use's.
		b.viewportContent(t, t, sst, inner, vp, opacity, ws, hs)
	case "svg":
		ws, hs := n.get("width"), n.get("height")
		if ws == "" {
			ws = t.get("width")
		}
		if hs == "" {
			hs = t.get("height")
		}
		d := b.sheet.declsOf(t)
		if d[pDisplay] == "none" {
			return
		}
		b.viewportContent(t, t, b.computeStyle(st, d, vp), inner, vp, opacity*opacityOf(d[pOpacity]), ws, hs)
	default:
		b.walk(t, st, inner, vp, opacity)
	}
}

// shape adds the item of a basic shape or path.
func (b *builder) shape(n *node, st *style, ctm scene.Affine, vp viewport, opacity float64) {
	if !st.visible {
		return
	}
	p := shapePath(n, vp)
	if p == nil {
		return
	}
	var bbox *scene.Rect
	bboxOf := func() scene.Rect {
		if bbox == nil {
			r := tightBounds(p)
			bbox = &r
		}
		return *bbox
	}
	fill := Paint{None: true} // a line has no inside
	if n.name != "line" {
		fill = b.paint(st.fill, st, st.fillOpacity, bboxOf, ctm, vp)
	}
	stroke := Paint{None: true}
	if st.strokeWidth > 0 {
		stroke = b.paint(st.stroke, st, st.strokeOpacity, bboxOf, ctm, vp)
	}
	if !fill.Visible() && !stroke.Visible() {
		return
	}
	if len(b.doc.Items) >= MaxItems {
		b.fail("more than %d shapes", MaxItems)
		return
	}
	b.points += len(p.Pts)
	if b.points > MaxPoints {
		b.fail("more than %d path points", MaxPoints)
		return
	}
	it := Item{
		Path:    p.Transformed(ctm),
		Fill:    fill,
		Stroke:  stroke,
		EvenOdd: st.evenOdd,
		Opacity: opacity,
	}
	if stroke.Visible() {
		k := math.Sqrt(math.Abs(ctm[0]*ctm[3] - ctm[1]*ctm[2]))
		it.StrokeWidth = st.strokeWidth * k
		it.Cap, it.Join, it.MiterLimit = st.cap, st.join, st.miter
		if len(st.dashes) > 0 {
			it.Dashes = make([]float64, len(st.dashes))
			for i, v := range st.dashes {
				it.Dashes[i] = v * k
			}
			it.DashOffset = st.dashOffset * k
		}
	}
	b.doc.Items = append(b.doc.Items, it)
}

// note records a colour of the palette.
func (b *builder) note(key string) {
	if !b.palette[key] {
		b.palette[key] = true
		b.doc.Palette = append(b.doc.Palette, key)
	}
}

// currentColor resolves currentColor at an element.
func (b *builder) currentColor(st *style) color.NRGBA {
	if b.rc.current != nil {
		return *b.rc.current
	}
	return st.color
}

// paint resolves a fill or stroke with its opacity. bbox gives the element's bounding box in
// its user space, which ctm maps to the drawing's space.
func (b *builder) paint(ps paintSpec, st *style, opacity float64, bbox func() scene.Rect, ctm scene.Affine, vp viewport) Paint {
	switch ps.kind {
	case paintColor:
		b.note(hexRGB(ps.orig))
		return Paint{Color: withOpacity(ps.c, opacity)}
	case paintCurrent:
		b.note("currentColor")
		return Paint{Color: withOpacity(b.currentColor(st), opacity)}
	case paintURL:
		if g := b.ids[ps.url]; g != nil && (g.name == "linearGradient" || g.name == "radialGradient") {
			return b.gradient(g, opacity, bbox, ctm, vp)
		}
		if ps.fallback != nil {
			return b.paint(*ps.fallback, st, opacity, bbox, ctm, vp)
		}
	}
	return Paint{None: true}
}

// gradient resolves a gradient element (its attributes and stops inherited through href)
// for an element of bounding box bbox under ctm.
func (b *builder) gradient(g *node, opacity float64, bbox func() scene.Rect, ctm scene.Affine, vp viewport) Paint {
	chain := []*node{g}
	for len(chain) < maxUseDepth {
		next := b.ref(chain[len(chain)-1].get("href"))
		if next == nil || (next.name != "linearGradient" && next.name != "radialGradient") {
			break
		}
		cycle := false
		for _, c := range chain {
			cycle = cycle || c == next
		}
		if cycle {
			break
		}
		chain = append(chain, next)
	}
	// get returns an attribute from the first gradient of the chain that has it; geometric
	// attributes come only from gradients of the same kind.
	get := func(name string, geometric bool) (string, bool) {
		for _, c := range chain {
			if geometric && c.name != g.name {
				continue
			}
			if v, ok := c.attr(name); ok {
				return v, true
			}
		}
		return "", false
	}
	var stopNodes []*node
	for _, c := range chain {
		for _, k := range c.children {
			if k.name == "stop" {
				stopNodes = append(stopNodes, k)
			}
		}
		if len(stopNodes) > 0 {
			break
		}
	}
	stops := b.stops(stopNodes, opacity)
	switch len(stops) {
	case 0:
		return Paint{None: true}
	case 1:
		return Paint{Color: stops[0].Color}
	}
	units, _ := get("gradientUnits", false)
	bboxUnits := strings.TrimSpace(units) != "userSpaceOnUse"
	m := ctm
	if bboxUnits {
		r := bbox()
		if !(r.Width > 0) || !(r.Height > 0) {
			return Paint{None: true}
		}
		m = m.Mul(boxMatrix(r))
	}
	if v, ok := get("gradientTransform", false); ok {
		if t, ok := parseTransform(v); ok {
			m = m.Mul(t)
		}
	}
	if _, ok := m.Invert(); !ok || !finite(m[:]...) {
		return Paint{None: true}
	}
	// coord reads a coordinate: a fraction of the box in bounding-box units, a length (a
	// percentage of the viewport) in user space.
	coord := func(name, def string, ref float64) (float64, bool) {
		v, ok := get(name, true)
		if !ok {
			v = def
		}
		if bboxUnits {
			f, ok := fraction(v)
			return f, ok
		}
		return length(v, ref)
	}
	gr := &Gradient{Transform: m, Stops: stops, Radial: g.name == "radialGradient"}
	switch v, _ := get("spreadMethod", false); strings.TrimSpace(v) {
	case "reflect":
		gr.Spread = SpreadReflect
	case "repeat":
		gr.Spread = SpreadRepeat
	}
	last := Paint{Color: stops[len(stops)-1].Color}
	if gr.Radial {
		var ok [6]bool
		gr.CX, ok[0] = coord("cx", "50%", vp.w)
		gr.CY, ok[1] = coord("cy", "50%", vp.h)
		gr.R, ok[2] = coord("r", "50%", vp.diag())
		fx, fy := "", ""
		if v, has := get("fx", true); has {
			fx = v
		}
		if v, has := get("fy", true); has {
			fy = v
		}
		gr.FX, gr.FY = gr.CX, gr.CY
		ok[3], ok[4] = true, true
		if fx != "" {
			gr.FX, ok[3] = coord("fx", "", vp.w)
		}
		if fy != "" {
			gr.FY, ok[4] = coord("fy", "", vp.h)
		}
		gr.FR, ok[5] = coord("fr", "0", vp.diag())
		if ok != [6]bool{true, true, true, true, true, true} || !finite(gr.CX, gr.CY, gr.R, gr.FX, gr.FY, gr.FR) || gr.R < 0 || gr.FR < 0 {
			return Paint{None: true}
		}
		if gr.R == 0 {
			return last
		}
		gr.FR = math.Min(gr.FR, gr.R)
		// A focal point outside the end circle moves onto it (just inside), as SVG 1.1 says.
		if d := math.Hypot(gr.FX-gr.CX, gr.FY-gr.CY); d > gr.R*0.999 {
			k := gr.R * 0.999 / d
			gr.FX, gr.FY = gr.CX+(gr.FX-gr.CX)*k, gr.CY+(gr.FY-gr.CY)*k
		}
	} else {
		var ok [4]bool
		gr.X1, ok[0] = coord("x1", "0%", vp.w)
		gr.Y1, ok[1] = coord("y1", "0%", vp.h)
		gr.X2, ok[2] = coord("x2", "100%", vp.w)
		gr.Y2, ok[3] = coord("y2", "0%", vp.h)
		if ok != [4]bool{true, true, true, true} || !finite(gr.X1, gr.Y1, gr.X2, gr.Y2) {
			return Paint{None: true}
		}
		if gr.X1 == gr.X2 && gr.Y1 == gr.Y2 {
			return last
		}
	}
	return Paint{Gradient: gr}
}

// stops reads gradient stops: offsets clamped to 0–1 and non-decreasing, colours recoloured,
// stop-opacity and the paint's opacity applied.
func (b *builder) stops(nodes []*node, opacity float64) []Stop {
	out := make([]Stop, 0, len(nodes))
	prev := 0.0
	for _, n := range nodes {
		d := b.sheet.declsOf(n)
		off, ok := fraction(n.get("offset"))
		if !ok {
			off = 0
		}
		off = math.Max(prev, math.Min(1, math.Max(0, off)))
		prev = off
		c := color.NRGBA{A: 255}
		orig := "#000000"
		if v := d[pStopColor]; v != "" && v != "inherit" {
			if pc, cur, ok := parseColor(v); ok {
				if cur {
					c, orig = b.currentColor(b.ancestorStyle(n)), "currentColor"
				} else {
					c, orig = b.rc.apply(pc), hexRGB(pc)
				}
			}
		} else {
			c = b.rc.apply(c)
		}
		b.note(orig)
		c = withOpacity(c, opacityOf(d[pStopOpacity])*opacity)
		out = append(out, Stop{Offset: off, Color: c})
	}
	return out
}

// clipItems applies an element's clip-path and mask to the items it drew (from start on).
// ctm is the element's user space.
func (b *builder) clipItems(n *node, d *decls, ctm scene.Affine, start int) {
	var clips []Clip
	hidden := false
	var bbox *scene.Rect
	bboxOf := func() scene.Rect {
		if bbox == nil {
			r := b.itemsBounds(start, ctm)
			bbox = &r
		}
		return *bbox
	}
	for _, p := range []prop{pClipPath, pMask} {
		id := urlRef(d[p])
		if id == "" {
			continue
		}
		t := b.ids[id]
		want := "clipPath"
		if p == pMask {
			want = "mask"
		}
		if t == nil || t.name != want {
			continue // an invalid reference is ignored, as browsers do
		}
		cs, ok := b.clipRegion(t, ctm, bboxOf, 0)
		if !ok {
			hidden = true
			break
		}
		clips = append(clips, cs...)
	}
	if hidden {
		b.doc.Items = b.doc.Items[:start]
		return
	}
	if len(clips) == 0 {
		return
	}
	for i := start; i < len(b.doc.Items); i++ {
		it := &b.doc.Items[i]
		it.Clips = append(append([]Clip(nil), it.Clips...), clips...)
	}
}

// urlRef returns the id of a "url(#id)" value, "" for anything else.
func urlRef(v string) string {
	v = strings.TrimSpace(v)
	if len(v) < 6 || !strings.EqualFold(v[:4], "url(") {
		return ""
	}
	end := strings.IndexByte(v, ')')
	if end < 0 {
		return ""
	}
	ref := strings.Trim(strings.TrimSpace(v[4:end]), `"'`)
	if !strings.HasPrefix(ref, "#") {
		return ""
	}
	return ref[1:]
}

// itemsBounds returns the bounding box of items[start:] in the user space ctm maps from.
func (b *builder) itemsBounds(start int, ctm scene.Affine) scene.Rect {
	inv, ok := ctm.Invert()
	if !ok {
		return scene.Rect{}
	}
	var r scene.Rect
	first := true
	for i := start; i < len(b.doc.Items); i++ {
		r = union(r, tightBounds(b.doc.Items[i].Path.Transformed(inv)), first)
		first = false
	}
	return r
}

// clipRegion returns the region of a clipPath, or of a mask approximated by the union of its
// visible light shapes, for an element whose user space ctm maps to the drawing's. ok is false
// when the region is empty (the element is not drawn).
func (b *builder) clipRegion(t *node, ctm scene.Affine, bbox func() scene.Rect, depth int) (clips []Clip, ok bool) {
	if depth > 4 {
		return nil, true
	}
	isMask := t.name == "mask"
	unitsAttr := "clipPathUnits"
	if isMask {
		unitsAttr = "maskContentUnits"
	}
	m := ctm
	if !isMask {
		if tr, ok := parseTransform(t.get("transform")); ok {
			m = m.Mul(tr)
		}
	}
	if strings.TrimSpace(t.get(unitsAttr)) == "objectBoundingBox" {
		r := bbox()
		if !(r.Width > 0) || !(r.Height > 0) {
			return nil, false
		}
		m = m.Mul(boxMatrix(r))
	}
	if !finite(m[:]...) {
		return nil, false
	}
	path := &geom.Path{}
	rules := map[bool]int{}
	st := b.ancestorStyle(t)
	b.collectClip(t, st, m, b.vp0, isMask, path, rules, 0)
	if b.err != nil || path.Empty() {
		return nil, false
	}
	clip := Clip{Path: path, EvenOdd: rules[true] > 0 && rules[false] == 0}
	clips = []Clip{clip}
	// A clip path may itself be clipped.
	if id := urlRef(b.sheet.declsOf(t)[pClipPath]); id != "" {
		if inner := b.ids[id]; inner != nil && inner.name == "clipPath" && inner != t {
			more, ok := b.clipRegion(inner, ctm, bbox, depth+1)
			if !ok {
				return nil, false
			}
			clips = append(clips, more...)
		}
	}
	return clips, true
}

// collectClip adds the geometry of a clip path's (or mask's) children to path, counting the
// clip rules they use. Masks keep only shapes painted light enough to show what they mask.
func (b *builder) collectClip(n *node, ps *style, ctm scene.Affine, vp viewport, isMask bool, path *geom.Path, rules map[bool]int, depth int) {
	for _, c := range n.children {
		if b.err != nil {
			return
		}
		b.visits++
		if b.visits > maxVisits {
			b.fail("more than %d elements drawn (use references)", maxVisits)
			return
		}
		d := b.sheet.declsOf(c)
		if d[pDisplay] == "none" {
			continue
		}
		st := b.computeStyle(ps, d, vp)
		m := ctm
		if tr, ok := parseTransform(d[pTransform]); ok {
			m = m.Mul(tr)
		}
		switch c.name {
		case "g", "a":
			if isMask {
				if opacityOf(d[pOpacity]) > 0 {
					b.collectClip(c, st, m, vp, isMask, path, rules, depth)
				}
			}
		case "use":
			t := b.ref(c.get("href"))
			if t == nil || depth >= maxUseDepth || !graphics[t.name] || t.name == "svg" {
				continue
			}
			x, _ := length(c.get("x"), vp.w)
			y, _ := length(c.get("y"), vp.h)
			wrap := &node{name: "g", children: []*node{t}}
			b.collectClip(wrap, st, m.Mul(scene.Translate(x, y)), vp, isMask, path, rules, depth+1)
		default:
			if !graphics[c.name] || !st.visible {
				continue
			}
			if isMask && (opacityOf(d[pOpacity]) == 0 || !lightPaint(st.fill, st.fillOpacity, b.currentColor(st))) {
				continue
			}
			p := shapePath(c, vp)
			if p == nil || c.name == "line" {
				continue
			}
			b.points += len(p.Pts)
			if b.points > MaxPoints {
				b.fail("more than %d path points", MaxPoints)
				return
			}
			path.Append(p.Transformed(m))
			if isMask {
				rules[st.evenOdd]++
			} else {
				rules[st.clipEvenOdd]++
			}
		}
	}
}

// lightPaint reports whether a mask shape's fill lets what it masks show (a luminance above
// half, or a gradient).
func lightPaint(p paintSpec, opacity float64, current color.NRGBA) bool {
	var c color.NRGBA
	switch p.kind {
	case paintNone:
		return false
	case paintURL:
		return true
	case paintCurrent:
		c = current
	default:
		c = p.orig // what the mask meant, whatever the recolouring
	}
	lum := (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
	return lum*float64(c.A)/255*opacity >= 0.5
}
