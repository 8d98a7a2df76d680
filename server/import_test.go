package server

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"affiche/scene"
	"affiche/server/apierr"
)

func manyPolotnoPages(n int) string {
	return `{"width":100,"height":100,"pages":[` + strings.TrimSuffix(strings.Repeat(`{"id":"p","children":[]},`, n), ",") + `]}`
}

func TestImportPolotno(t *testing.T) {
	env := newEnv(t, func(c *Config, d *Deps) { c.MaxSceneBytes = 1 << 20 })
	read := func(name string) string {
		b, err := os.ReadFile("../scene/polotno/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	big := `{"pages":[{"id":"p","children":[]}],"x":"` + strings.Repeat("x", 1<<20) + `"}`
	cases := []struct {
		name, method, ctype, body string
		status                    int
		code, errPath             string
		warning                   string // a warning code expected, for a 200
	}{
		{"figures", "POST", "application/json", read("figures.json"), 200, "", "", ""},
		{"dropped kinds warn", "POST", "application/json", read("dropped.json"), 200, "", "", "dropped"},
		{"real design", "POST", "application/json; charset=utf-8", read("real/polotno-with-text.json"), 200, "", "", ""},
		{"syntax", "POST", "application/json", `{"pages": [`, 400, apierr.InvalidScene, "", ""},
		{"not an object", "POST", "application/json", `[1,2]`, 400, apierr.InvalidScene, "", ""},
		{"too many pages", "POST", "application/json", manyPolotnoPages(scene.MaxPages + 1), 413, apierr.TooLarge, "pages", ""},
		{"affiche document", "POST", "application/json", `{"format":"affiche","version":1,"pages":[]}`, 422, apierr.Unprocessable, "", ""},
		{"wrong content type", "POST", "text/plain", read("figures.json"), 415, apierr.UnsupportedType, "", ""},
		{"too large", "POST", "application/json", big, 413, apierr.TooLarge, "", ""},
		{"GET", "GET", "", "", 405, apierr.MethodNotAllowed, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := env.do(c.method, "/api/import/polotno", c.ctype, []byte(c.body))
			if res.status != c.status {
				t.Fatalf("status %d, want %d: %s", res.status, c.status, res.body)
			}
			if c.status != 200 {
				e := res.apiError(t)
				if c.name == "syntax" && !strings.Contains(e.Message, "line 1, column") {
					t.Errorf("a syntax error must say where it is: %q", e.Message)
				}
				if e.Code != c.code || (c.errPath != "" && e.Path != c.errPath) {
					t.Errorf("error %s at %q, want %s at %q", e.Code, e.Path, c.code, c.errPath)
				}
				return
			}
			var out struct {
				Document struct {
					Format string `json:"format"`
					Pages  []struct {
						Elements []json.RawMessage `json:"elements"`
					} `json:"pages"`
				} `json:"document"`
				Warnings []struct {
					Code, ElementID, PageID, Message, MessageFr string
				} `json:"warnings"`
			}
			if err := json.Unmarshal(res.body, &out); err != nil {
				t.Fatal(err)
			}
			if out.Document.Format != "affiche" || len(out.Document.Pages) == 0 || len(out.Document.Pages[0].Elements) == 0 {
				t.Fatalf("no Affiche document with elements: %.300s", res.body)
			}
			if out.Warnings == nil {
				t.Error("warnings must be a list, even empty")
			}
			found := c.warning == ""
			for _, w := range out.Warnings {
				if w.Code == "" || w.Message == "" || w.MessageFr == "" {
					t.Errorf("warning lacks code or messages: %+v", w)
				}
				if w.Code == c.warning && w.ElementID != "" && w.PageID != "" {
					found = true
				}
			}
			if !found {
				t.Errorf("no %q warning with element and page ids in %+v", c.warning, out.Warnings)
			}
		})
	}
}
