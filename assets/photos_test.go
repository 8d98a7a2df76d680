package assets

import (
	"bytes"
	"image/jpeg"
	"strings"
	"testing"
)

func TestPhotos(t *testing.T) {
	list, err := Photos()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 10 {
		t.Errorf("%d photos", len(list))
	}
	copyright, err := PhotoFile(PhotosCopyright)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, p := range list {
		if ids[p.ID] {
			t.Errorf("duplicate id %s", p.ID)
		}
		ids[p.ID] = true
		// Only licences that do not bind the user's design: no share-alike, no non-commercial.
		if p.Licence != "CC0-1.0" && p.Licence != "CC-BY-4.0" {
			t.Errorf("%s: licence %s", p.ID, p.Licence)
		}
		// The licence is the one Debian's copyright file gives for the source file.
		stanza := "Files: 16.04/" + p.Source + "\n"
		i := strings.Index(string(copyright), stanza)
		if i < 0 {
			t.Errorf("%s: %s not in the copyright file", p.ID, p.Source)
		} else if rest := string(copyright[i:]); !strings.Contains(rest[:strings.Index(rest, "\n\n")], "License: "+p.Licence) {
			t.Errorf("%s: copyright file gives another licence than %s", p.ID, p.Licence)
		}
		if p.Author == "" || p.TitleFr == "" || p.TitleEn == "" || len(p.Tags) == 0 || p.LicenceURL == "" {
			t.Errorf("%s: incomplete %+v", p.ID, p)
		}
		b, err := PhotoFile(p.File)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatal(p.ID, err)
		}
		if cfg.Width != p.Width || cfg.Height != p.Height || max(cfg.Width, cfg.Height) > 2400 {
			t.Errorf("%s: %d×%d, photos.json says %d×%d (max 2400)", p.ID, cfg.Width, cfg.Height, p.Width, p.Height)
		}
	}
	if _, err := PhotoFile("../icons/sets.json"); err == nil {
		t.Error("PhotoFile reads outside the photos")
	}
}
