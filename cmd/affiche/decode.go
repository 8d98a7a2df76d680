package main

import (
	"affiche/assets"
	"affiche/scene"
	"affiche/scene/polotno"
)

// decodeDocument turns file bytes into a document, detecting the format: an Affiche document
// is restored; a Polotno design is imported (fonts it names are looked up among the bundled
// families), its import warnings returned like Restore's.
func decodeDocument(data []byte) (*scene.Document, []*scene.Warning, error) {
	return polotno.Decode(data, polotno.Options{KnownFamilies: func(f string) bool {
		_, ok := assets.FindFamily(f)
		return ok
	}})
}
