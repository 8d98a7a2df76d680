//go:build js

package renderer

import (
	"image"

	"affiche/renderer/orient"
)

// In the browser editor the page decodes photos and turns them by their EXIF orientation
// itself (createImageBitmap with imageOrientation "from-image") before handing the pixels over
// (NewDecodedSource). Only a file the page could not decode reaches NewSource as bytes there (Go's
// JPEG and PNG decoders are linked by dependencies): such a rare file is shown as stored, since
// reading and applying its orientation here would add ≈30 KB to the editor's download.

func orientationOf([]byte) orient.Orientation { return orient.Upright }

func upright(img image.Image, _ orient.Orientation) image.Image { return img }
