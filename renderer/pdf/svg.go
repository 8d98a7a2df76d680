package pdf

import (
	"compress/zlib"
	"fmt"
	"image/color"
	"math"
	"reflect"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"

	"affiche/renderer"
	"affiche/renderer/geom"
	"affiche/renderer/raster"
	"affiche/scene"
)

// SVG icons are read by oksvg (recoloured by the raster backend's rules, so that both outputs
// agree) and written as PDF paths: fills with their winding rule, strokes with their width,
// caps, joins and dashes under the path's own transform. Gradients in an SVG are drawn from a
// raster image of the icon at the export's resolution instead: oksvg keeps them out of reach.

// svg draws an svg element in its box coordinates: its drawing and its border.
func (wr *writer) svg(c *content, e *scene.Element, path string, opacity float64) {
	src, err := wr.load(e.Src)
	switch {
	case err != nil:
		wr.warnMissing(path+".src", e.Src, err)
		wr.placeholder(c, e, opacity)
	case src.Mime != "image/svg+xml": // a bitmap given to an svg element: draw it as one
		if !wr.bitmap(c, e, path, src, opacity) {
			wr.placeholder(c, e, opacity)
		}
	default:
		wr.svgSource(c, e, path, src, opacity)
	}
	wr.border(c, e, opacity)
}

var gradientType = reflect.TypeOf(rasterx.Gradient{})

// svgSource draws an SVG source placed in e's box (fit, crop, clipped to the rounded box).
func (wr *writer) svgSource(c *content, e *scene.Element, path string, src *renderer.Source, opacity float64) {
	icon, err := raster.ParseSVG(src.Data, e.Colors)
	if err == nil && (!(icon.ViewBox.W > 0) || !(icon.ViewBox.H > 0)) {
		err = fmt.Errorf("no viewBox nor width and height")
	}
	if err != nil {
		wr.warn(path+".src", WarnSVGInvalid, "the SVG could not be read: "+err.Error(),
			"le SVG n'a pas pu être lu : "+err.Error())
		wr.placeholder(c, e, opacity)
		return
	}
	vb := icon.ViewBox
	pl := geom.PlaceImage(vb.W, vb.H, e.Crop, e.Fit, e.Width, e.Height)
	if !(pl.Src.Width > 0) || !(pl.Src.Height > 0) {
		return
	}
	c.save()
	c.path(geom.RoundedRect(0, 0, e.Width, e.Height, e.CornerRadius))
	c.clip(false)
	if hasGradient(icon) {
		wr.svgRaster(c, e, opacity)
		c.restore()
		return
	}
	c.transform(scene.Translate(pl.Dst.X, pl.Dst.Y).
		Mul(scene.Scale(pl.Dst.Width/pl.Src.Width, pl.Dst.Height/pl.Src.Height)).
		Mul(scene.Translate(-(vb.X + pl.Src.X), -(vb.Y + pl.Src.Y))))
	for i := range icon.SVGPaths {
		wr.svgPath(c, &icon.SVGPaths[i], opacity)
	}
	c.restore()
}

// hasGradient reports whether some path of the icon is painted with a gradient.
func hasGradient(icon *oksvg.SvgIcon) bool {
	for i := range icon.SVGPaths {
		v := reflect.ValueOf(&icon.SVGPaths[i]).Elem()
		for _, f := range []string{"fillerColor", "linerColor"} {
			fv := v.FieldByName(f)
			if fv.IsValid() && fv.Kind() == reflect.Interface && !fv.IsNil() && fv.Elem().Type() == gradientType {
				return true
			}
		}
	}
	return false
}

// paints reports whether the path has a fill and a stroke.
func paints(p *oksvg.SvgPath) (fill, stroke bool) {
	v := reflect.ValueOf(p).Elem()
	has := func(name string) bool {
		fv := v.FieldByName(name)
		return fv.IsValid() && fv.Kind() == reflect.Interface && !fv.IsNil()
	}
	return has("fillerColor"), has("linerColor")
}

// pathMatrix returns the path's own transform (its SVG transform attributes), which oksvg
// keeps in an unexported field; identity when it cannot be read.
func pathMatrix(p *oksvg.SvgPath) scene.Affine {
	v := reflect.ValueOf(p).Elem().FieldByName("mAdder")
	if !v.IsValid() {
		return scene.Identity
	}
	v = v.FieldByName("M")
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return scene.Identity
	}
	var m scene.Affine
	for i, n := range []string{"A", "B", "C", "D", "E", "F"} {
		f := v.FieldByName(n)
		if !f.IsValid() || f.Kind() != reflect.Float64 || math.IsNaN(f.Float()) || math.IsInf(f.Float(), 0) {
			return scene.Identity
		}
		m[i] = f.Float()
	}
	return m
}

// rxPath converts an oksvg path (26.6 fixed point) to a geom path.
func rxPath(p rasterx.Path) *geom.Path {
	out := &geom.Path{}
	f := func(v fixed.Int26_6) float64 { return float64(v) / 64 }
	for i := 0; i < len(p); {
		switch rasterx.PathCommand(p[i]) {
		case rasterx.PathMoveTo:
			if i+2 >= len(p) {
				return out
			}
			out.MoveTo(f(p[i+1]), f(p[i+2]))
			i += 3
		case rasterx.PathLineTo:
			if i+2 >= len(p) {
				return out
			}
			out.LineTo(f(p[i+1]), f(p[i+2]))
			i += 3
		case rasterx.PathQuadTo:
			if i+4 >= len(p) {
				return out
			}
			out.QuadTo(f(p[i+1]), f(p[i+2]), f(p[i+3]), f(p[i+4]))
			i += 5
		case rasterx.PathCubicTo:
			if i+6 >= len(p) {
				return out
			}
			out.CubicTo(f(p[i+1]), f(p[i+2]), f(p[i+3]), f(p[i+4]), f(p[i+5]), f(p[i+6]))
			i += 7
		case rasterx.PathClose:
			out.Close()
			i++
		default:
			return out
		}
	}
	return out
}

func sameFunc(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	return va.IsValid() && vb.IsValid() && !va.IsNil() && !vb.IsNil() && va.Pointer() == vb.Pointer()
}

// svgPath writes one oksvg path: fill, then stroke.
func (wr *writer) svgPath(c *content, p *oksvg.SvgPath, opacity float64) {
	fill, stroke := paints(p)
	if !fill && !stroke {
		return
	}
	gp := rxPath(p.Path)
	if gp.Empty() {
		return
	}
	c.save()
	c.transform(pathMatrix(p))
	if fill {
		col := nrgba(p.GetFillColor())
		if a := float64(col.A) / 255 * clamp01(p.FillOpacity) * opacity; a > 0 {
			c.save()
			if a < 1 {
				c.gs(wr.alpha(a))
			}
			col.A = 255
			c.fillColor(col)
			c.path(gp)
			c.fill(!p.UseNonZeroWinding)
			c.restore()
		}
	}
	if stroke && p.LineWidth > 0 {
		col := nrgba(p.GetLineColor())
		if a := float64(col.A) / 255 * clamp01(p.LineOpacity) * opacity; a > 0 {
			c.save()
			if a < 1 {
				c.gs(wr.alpha(a))
			}
			col.A = 255
			c.strokeColor(col)
			capName := ""
			switch {
			case sameFunc(p.LineCap, rasterx.RoundCap):
				capName = "round"
			case sameFunc(p.LineCap, rasterx.SquareCap):
				capName = "square"
			}
			join := ""
			switch p.LineJoin {
			case rasterx.Round, rasterx.Arc, rasterx.ArcClip:
				join = "round"
			case rasterx.Bevel:
				join = "bevel"
			}
			c.strokeStyle(p.LineWidth, capName, join, p.Dash)
			if join == "" && p.MiterLimit > 0 {
				c.num(p.MiterLimit)
				c.op("M")
			}
			c.path(gp)
			c.op("S")
			c.restore()
		}
	}
	c.restore()
}

func nrgba(c color.Color) color.NRGBA {
	if c == nil {
		return color.NRGBA{A: 255}
	}
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// svgRaster draws the icon from the raster backend at the export's resolution, in e's box
// coordinates (the caller has clipped to the box).
func (wr *writer) svgRaster(c *content, e *scene.Element, opacity float64) {
	local := e.Clone()
	local.X, local.Y, local.Rotation, local.FlipX, local.FlipY = 0, 0, 0, false, false
	local.Shadow, local.Stroke, local.Opacity = nil, nil, 1
	img, origin, err := raster.RenderElement(wr.ctx, local, raster.Options{DPI: wr.o.DPI, Fonts: wr.o.Fonts, Loader: wr.loader})
	if err != nil || img.Rect.Empty() {
		return
	}
	k := 72 / wr.o.DPI
	name := wr.putPixels(unpremultiply(img), zlib.DefaultCompression)
	c.save()
	if opacity < 1 {
		c.gs(wr.alpha(opacity))
	}
	w, h := float64(img.Rect.Dx())*k, float64(img.Rect.Dy())*k
	c.transform(scene.Affine{w, 0, 0, -h, float64(origin.X) * k, float64(origin.Y)*k + h})
	c.do(name)
	c.restore()
}
