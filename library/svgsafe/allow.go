package svgsafe

type elemRule uint8

const (
	ruleText  elemRule = 1 << iota // character data inside is kept
	ruleHref                       // may carry a same-document href
	ruleImage                      // href may also be a base64 raster data URL
)

// elements lists the SVG elements that are kept. Everything else — script, foreignObject,
// iframe, animation elements (they can rewrite href), feImage, metadata, editor elements — is
// dropped with its whole subtree.
var elements = map[string]elemRule{
	"svg": 0, "g": 0, "defs": 0, "symbol": 0, "use": ruleHref, "a": 0, "switch": 0,
	"path": 0, "rect": 0, "circle": 0, "ellipse": 0, "line": 0, "polyline": 0, "polygon": 0,
	"text": ruleText, "tspan": ruleText, "textPath": ruleText | ruleHref,
	"title": ruleText, "desc": ruleText, "style": ruleText,
	"linearGradient": ruleHref, "radialGradient": ruleHref, "stop": 0, "pattern": ruleHref,
	"clipPath": 0, "mask": 0, "marker": 0, "image": ruleHref | ruleImage,
	"filter": ruleHref, "feBlend": 0, "feColorMatrix": 0, "feComponentTransfer": 0,
	"feFuncR": 0, "feFuncG": 0, "feFuncB": 0, "feFuncA": 0, "feComposite": 0,
	"feConvolveMatrix": 0, "feDiffuseLighting": 0, "feDisplacementMap": 0,
	"feDistantLight": 0, "feDropShadow": 0, "feFlood": 0, "feGaussianBlur": 0, "feMerge": 0,
	"feMergeNode": 0, "feMorphology": 0, "feOffset": 0, "fePointLight": 0,
	"feSpecularLighting": 0, "feSpotLight": 0, "feTile": 0, "feTurbulence": 0,
}

// attributes lists the attributes (without namespace) that are kept. Event handlers (on*),
// href (handled apart), xml:base and anything unknown are dropped.
var attributes = set(
	// core
	"id", "class", "style", "lang", "tabindex", "role", "aria-label", "aria-hidden", "focusable",
	"requiredExtensions", "systemLanguage",
	// document and geometry
	"version", "baseProfile", "viewBox", "preserveAspectRatio", "x", "y", "width", "height",
	"x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points",
	"pathLength", "transform", "transform-origin",
	// painting
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
	"stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
	"stroke-opacity", "opacity", "color", "display", "visibility", "overflow", "clip",
	"clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits",
	"mask-type", "filter", "filterUnits", "primitiveUnits", "marker", "marker-start",
	"marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits", "refX", "refY",
	"orient", "gradientUnits", "gradientTransform", "spreadMethod", "offset", "stop-color",
	"stop-opacity", "patternUnits", "patternContentUnits", "patternTransform", "mix-blend-mode",
	"isolation", "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
	"color-interpolation-filters", "color-rendering", "vector-effect", "paint-order",
	"flood-color", "flood-opacity", "lighting-color", "enable-background", "solid-color",
	"solid-opacity",
	// text
	"font-family", "font-size", "font-style", "font-weight", "font-variant", "font-stretch",
	"font-size-adjust", "font", "text-anchor", "text-decoration", "dominant-baseline",
	"alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing", "writing-mode",
	"direction", "unicode-bidi", "dx", "dy", "rotate", "textLength", "lengthAdjust",
	"startOffset", "method", "spacing", "side", "white-space",
	// filter primitives
	"in", "in2", "result", "stdDeviation", "edgeMode", "mode", "operator", "k1", "k2", "k3", "k4",
	"type", "values", "tableValues", "slope", "intercept", "amplitude", "exponent", "radius",
	"scale", "xChannelSelector", "yChannelSelector", "baseFrequency", "numOctaves", "seed",
	"stitchTiles", "kernelMatrix", "kernelUnitLength", "order", "divisor", "bias", "targetX",
	"targetY", "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
	"specularExponent", "azimuth", "elevation", "pointsAtX", "pointsAtY", "pointsAtZ",
	"limitingConeAngle", "z",
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
