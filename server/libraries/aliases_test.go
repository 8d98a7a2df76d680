package libraries_test

import (
	"testing"

	"affiche/library"
)

// TestShortSearchRoutes: /api/icons/search and /api/photos/search search one kind, unless the
// request names another.
func TestShortSearchRoutes(t *testing.T) {
	e := newEnv(t, envOptions{})
	cases := []struct {
		path string
		want library.Kind
	}{
		{"/api/icons/search?q=v%C3%A9lo", library.KindIcon},
		{"/api/photos/search?q=montagne", library.KindPhoto},
		{"/api/icons/search?q=v%C3%A9lo&kind=illustration", library.KindIllustration},
	}
	for _, c := range cases {
		var a searchAnswer
		e.getJSON(c.path, 200, &a)
		if len(a.Items) == 0 {
			t.Errorf("%s: no results", c.path)
		}
		for _, it := range a.Items {
			if it.Kind != c.want {
				t.Errorf("%s: %s is a %s, want only %s", c.path, it.ID, it.Kind, c.want)
				break
			}
		}
	}
}
