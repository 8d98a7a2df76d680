package raster

import "image"

// This file exports, for the PDF backend (renderer/pdf), the pieces both backends must share
// so that they agree: the blurs of shadows and of the blur filter.

// BlurAlpha blurs an alpha mask in place with a Gaussian of standard deviation sigma pixels
// (three box blurs), as drop shadows are blurred.
func BlurAlpha(a *image.Alpha, sigma float64) { blurAlpha(a, sigma) }

// BlurRGBA blurs premultiplied pixels in place with a Gaussian of standard deviation sigma
// pixels, as the blur filter of images is applied.
func BlurRGBA(img *image.RGBA, sigma float64) { blurRGBA(img, sigma) }
