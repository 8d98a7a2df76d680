//go:build !js

package renderer

// Decoders for the formats users upload (TIFF is deliberately absent: a history of CVEs).
// The browser editor links none of them: there the browser decodes images and hands their
// pixels over, ~25× faster than Go in WebAssembly, and the download is lighter.
import (
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/webp"
)
