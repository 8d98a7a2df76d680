package main

import (
	"affiche/assets"
	"affiche/scene"
	"affiche/scene/polotno"
)

// decodeDocument turns file bytes into a document, detecting the format: an Affiche document
// is restored; a Polotno design is imported, its import warnings returned like Restore's.
func decodeDocument(data []byte) (*scene.Document, []*scene.Warning, error) {
	if scene.Detect(data) != scene.KindPolotno {
		return scene.Restore(data)
	}
	doc, warns, err := polotno.ImportWith(data, polotno.Options{KnownFamilies: func(f string) bool {
		_, ok := assets.FindFamily(f)
		return ok
	}})
	if err != nil {
		return nil, nil, err
	}
	out := make([]*scene.Warning, len(warns))
	for i, w := range warns {
		path := w.ElementID
		if path == "" {
			path = w.PageID
		}
		out[i] = &scene.Warning{Path: path, Code: w.Code, Message: w.Message, MessageFR: w.MessageFR}
	}
	return doc, out, nil
}
