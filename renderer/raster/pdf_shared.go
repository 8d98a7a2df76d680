package raster

import (
	"image"

	"github.com/srwiley/oksvg"
)

// This file exports, for the PDF backend (renderer/pdf), the pieces both backends must share
// so that they agree: how an SVG is read and recoloured, and the blurs of shadows and of the
// blur filter.

// ParseSVG reads an SVG with its colours replaced as an element's Colors say (the same
// recolouring the raster backend draws with). It never panics.
func ParseSVG(data []byte, colors map[string]string) (*oksvg.SvgIcon, error) {
	return parseSVG(data, colors)
}

// BlurAlpha blurs an alpha mask in place with a Gaussian of standard deviation sigma pixels
// (three box blurs), as drop shadows are blurred.
func BlurAlpha(a *image.Alpha, sigma float64) { blurAlpha(a, sigma) }

// BlurRGBA blurs premultiplied pixels in place with a Gaussian of standard deviation sigma
// pixels, as the blur filter of images is applied.
func BlurRGBA(img *image.RGBA, sigma float64) { blurRGBA(img, sigma) }
