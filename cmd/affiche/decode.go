package main

import "affiche/scene"

// decodeDocument turns file bytes into a document, detecting the format.
func decodeDocument(data []byte) (*scene.Document, []*scene.Warning, error) {
	return scene.Restore(data)
}
