// Package renderer holds what every rendering backend shares: how images and other resources a
// scene refers to by URL are loaded (once per render, with limits), and the options common to
// all outputs. The backends live in subpackages: geom (vector geometry), font (the font
// registry), text (text layout, done once), raster (pixels) and pdf (print).
package renderer
