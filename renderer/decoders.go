//go:build !js

package renderer

// Decoders for the formats users upload (TIFF is deliberately absent: a history of CVEs).
// The browser editor links none of them: there the browser decodes images and hands their
// pixels over, ~25× faster than Go in WebAssembly, and the download is lighter.
import (
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/webp"

	"affiche/renderer/orient"
)

// orientationOf reads the EXIF orientation the browser would apply to a file.
func orientationOf(data []byte) orient.Orientation { return orient.Of(data) }

// upright turns decoded pixels by their file's orientation.
func upright(img image.Image, o orient.Orientation) image.Image { return orient.Apply(img, o) }
