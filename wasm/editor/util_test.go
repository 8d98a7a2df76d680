package editor

import "affiche/scene"

func sceneRestore(s string) (*scene.Document, []*scene.Warning, error) {
	return scene.Restore([]byte(s))
}
