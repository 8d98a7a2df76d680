package assets

import (
	"strings"
	"testing"
)

// TestIconSets checks each embedded set: its licence file is there and is the licence sets.json
// names, its index and drawings decode and agree, and single-colour sets use currentColor.
func TestIconSets(t *testing.T) {
	sets, err := IconSets()
	if err != nil {
		t.Fatal(err)
	}
	licenceText := map[string][]string{
		"MIT": {"MIT License", "Permission is hereby granted, free of charge"},
		"ISC": {"ISC License", "Permission to use, copy, modify, and/or distribute"},
	}
	total := 0
	for _, s := range sets {
		lic, err := IconLicence(s.Prefix)
		if err != nil {
			t.Fatalf("%s: %v", s.Prefix, err)
		}
		words, ok := licenceText[s.Licence]
		if !ok {
			t.Errorf("%s: licence %q is not on the allow-list (MIT, ISC)", s.Prefix, s.Licence)
		}
		for _, w := range words {
			if !strings.Contains(string(lic), w) {
				t.Errorf("%s: LICENSE does not contain %q", s.Prefix, w)
			}
		}
		if s.Name == "" || s.Author == "" || s.LicenceURL == "" || s.Package == "" {
			t.Errorf("%s: incomplete description %+v", s.Prefix, s)
		}
		if s.Prefix == "remix" || strings.HasPrefix(s.Prefix, "ri") {
			t.Errorf("%s: Remix Icon's licence forbids logo use", s.Prefix)
		}
		idx, err := LoadIconIndex(s.Prefix)
		if err != nil {
			t.Fatal(err)
		}
		data, err := LoadIconData(s.Prefix)
		if err != nil {
			t.Fatal(err)
		}
		if len(idx.Icons) != s.Count || len(data.Icons) != s.Count {
			t.Errorf("%s: sets.json says %d, index has %d, data %d", s.Prefix, s.Count, len(idx.Icons), len(data.Icons))
		}
		for _, e := range idx.Icons {
			ic, ok := data.Icons[e.Name]
			if !ok {
				t.Errorf("%s:%s in the index has no drawing", s.Prefix, e.Name)
				continue
			}
			single := strings.Contains(ic.Body, "currentColor")
			if s.Palette == single {
				t.Errorf("%s:%s: palette %v but currentColor %v", s.Prefix, e.Name, s.Palette, single)
				break
			}
		}
		if (s.Kind == IconKindIllustration) != s.Palette {
			t.Errorf("%s: kind %s with palette %v", s.Prefix, s.Kind, s.Palette)
		}
		total += s.Count
	}
	if total < 10000 {
		t.Errorf("%d icons, want several thousand", total)
	}
	if _, err := LoadIconIndex("nope"); err == nil {
		t.Error("unknown set loaded")
	}
}
