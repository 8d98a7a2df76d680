package scene

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaPath = "../docs/scene.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	s, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// afficheFixtures finds every Affiche document in the repository (scene fixtures, renderer
// golden scenes, templates, …) except the deliberately invalid ones.
func afficheFixtures(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "invalid", "artifacts":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".json") {
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > 64<<20 {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if Detect(data) == KindAffiche {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestFixturesMatchSchema checks that every Affiche document in the repository validates against
// the JSON Schema and loads with Restore — the schema and the Go types accept the same files.
func TestFixturesMatchSchema(t *testing.T) {
	s := compileSchema(t)
	files := afficheFixtures(t)
	if len(files) < 2 {
		t.Fatalf("only %d fixtures found: %v", len(files), files)
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("%s does not match the schema: %v", f, err)
		}
		if _, _, err := Restore(data); err != nil {
			t.Errorf("%s does not load: %v", f, err)
		}
		// What Restore writes back must match the schema too.
		doc, _, err := Restore(data)
		if err != nil {
			continue
		}
		out, _ := json.Marshal(doc)
		inst2, _ := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err := s.Validate(inst2); err != nil {
			t.Errorf("%s saved again does not match the schema: %v", f, err)
		}
	}
}

func schemaKeys(t *testing.T, pointer ...string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var node any
	if err := json.Unmarshal(data, &node); err != nil {
		t.Fatal(err)
	}
	for _, p := range pointer {
		node = node.(map[string]any)[p]
	}
	keys := map[string]bool{}
	for k := range node.(map[string]any)["properties"].(map[string]any) {
		keys[k] = true
	}
	return keys
}

func sortedKeys(m map[string]bool) []string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// TestSchemaAgreesWithTypes checks that the schema, the Go types and docs/scene-format.md name
// the same fields.
func TestSchemaAgreesWithTypes(t *testing.T) {
	doc, err := os.ReadFile("../docs/scene-format.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("`([a-zA-Z]+)`").FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]] = true
	}
	initKeys()
	cases := []struct {
		name string
		go_  map[string]bool
		path []string
	}{
		{"document", docKeys, nil},
		{"page", pageKeys, []string{"$defs", "page"}},
		{"element", elementKeys, []string{"$defs", "element"}},
		{"run", knownKeys(reflect.TypeOf(Run{})), []string{"$defs", "run"}},
		{"stroke", knownKeys(reflect.TypeOf(Stroke{})), []string{"$defs", "stroke"}},
		{"shadow", knownKeys(reflect.TypeOf(Shadow{})), []string{"$defs", "shadow"}},
		{"filters", knownKeys(reflect.TypeOf(Filters{})), []string{"$defs", "filters"}},
		{"gradient", knownKeys(reflect.TypeOf(Gradient{})), []string{"$defs", "gradient"}},
		{"credit", knownKeys(reflect.TypeOf(Credit{})), []string{"$defs", "credit"}},
	}
	for _, c := range cases {
		sk := schemaKeys(t, c.path...)
		if !reflect.DeepEqual(sk, c.go_) {
			t.Errorf("%s: schema has %v, Go has %v", c.name, sortedKeys(sk), sortedKeys(c.go_))
		}
		for k := range c.go_ {
			if !documented[k] {
				t.Errorf("%s field %q is not documented in docs/scene-format.md", c.name, k)
			}
		}
	}
}

// TestInvalidFixtures loads each file of testdata/invalid and checks the first error's path
// and code.
func TestInvalidFixtures(t *testing.T) {
	want := map[string][2]string{
		"font-size-negative.json":  {"pages[0].elements[1].fontSize", CodeRange},
		"bad-colour-in-group.json": {"pages[0].elements[0].children[1].fill", CodeValue},
		"crop-outside.json":        {"pages[0].elements[0].crop", CodeRange},
		"wrong-type.json":          {"pages[1].elements[0].rotation", CodeType},
		"newer-version.json":       {"version", CodeVersion},
		"truncated.json":           {"", CodeSyntax},
		"not-affiche.json":         {"format", CodeFormat},
		"too-deep.json":            {"pages[0].elements[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0].children", CodeLimit},
	}
	entries, err := os.ReadDir("testdata/invalid")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(want) {
		t.Errorf("%d files in testdata/invalid, %d expectations", len(entries), len(want))
	}
	for _, e := range entries {
		w, ok := want[e.Name()]
		if !ok {
			t.Errorf("no expectation for %s", e.Name())
			continue
		}
		data, _ := os.ReadFile(filepath.Join("testdata/invalid", e.Name()))
		_, _, err := Restore(data)
		var first *Error
		switch x := err.(type) {
		case *Error:
			first = x
		case Errors:
			first = x[0]
		default:
			t.Errorf("%s: error %T %v", e.Name(), err, err)
			continue
		}
		if first.Path != w[0] || first.Code != w[1] {
			t.Errorf("%s: got %q %q (%v), want %q %q", e.Name(), first.Path, first.Code, err, w[0], w[1])
		}
	}
}
