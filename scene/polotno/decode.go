package polotno

import "affiche/scene"

// Decode reads a design file of either kind: an Affiche document is restored (scene.Restore),
// a Polotno design is imported with opt, its warnings given as scene warnings (the path is the
// element's id, else the page's). The command line, the server and the benchmarks read files
// through it.
func Decode(data []byte, opt Options) (*scene.Document, []*scene.Warning, error) {
	if scene.Detect(data) != scene.KindPolotno {
		return scene.Restore(data)
	}
	doc, warns, err := ImportWith(data, opt)
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
