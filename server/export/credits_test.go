package export

import (
	"net/url"
	"testing"

	"affiche/scene"
)

func TestCreditsOption(t *testing.T) {
	o, err := ParseJSON([]byte(`{"credits":"PAGE","preset":"print"}`), DefaultOptions(), "options")
	if err != nil || o.Credits != "page" || o.Format != FormatPDF {
		t.Fatalf("json: %+v %v", o, err)
	}
	// A preset given after says how, not what: the credits stay.
	o, err = ParseQuery(url.Values{"credits": {"line"}}, DefaultOptions())
	if err != nil || o.Credits != "line" {
		t.Fatalf("query: %+v %v", o, err)
	}
	if o, err = ParseJSON([]byte(`{"preset":"web"}`), o, "options"); err != nil || o.Credits != "line" {
		t.Fatalf("preset dropped the credits: %+v %v", o, err)
	}
	if o, _ = ParseJSON([]byte(`{"credits":"none"}`), o, "options"); o.Credits != "" {
		t.Fatalf("none: %q", o.Credits)
	}
	if _, err := ParseJSON([]byte(`{"credits":"footer"}`), DefaultOptions(), "options"); err == nil {
		t.Fatal("footer accepted")
	}
}

func TestAddCredits(t *testing.T) {
	d := scene.New(scene.MM(210), scene.MM(297))
	d.Pages[0].Elements = []*scene.Element{{ID: "p", Type: scene.TypeImage, Width: 100, Height: 100, Opacity: 1, Src: "/api/blobs/x",
		Credit: &scene.Credit{Provider: "Unsplash", Author: "Jeanne Martin", Licence: "Unsplash License", Required: true}}}
	out, pages := addCredits(d, Options{Credits: "page", Pages: []int{0}})
	if len(out.Pages) != 2 || len(pages) != 2 || pages[1] != 1 || len(d.Pages) != 1 {
		t.Fatalf("page: %d pages, export %v", len(out.Pages), pages)
	}
	out, pages = addCredits(d, Options{Credits: "line", Pages: []int{0}})
	if len(out.Pages) != 1 || len(pages) != 1 || len(out.Pages[0].Elements) != 2 {
		t.Fatalf("line: %+v", out.Pages[0].Elements)
	}
}
