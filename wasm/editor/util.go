package editor

import (
	"reflect"
	"slices"

	"affiche/scene"
)

func sortStrings(s []string) { slices.Sort(s) }

func equalElement(a, b *scene.Element) bool { return reflect.DeepEqual(a, b) }
