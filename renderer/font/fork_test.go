package font

import (
	"reflect"
	"testing"

	"affiche/assets"
)

func assetFont(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := assets.FontFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestFork checks that a fork sees its parent's fonts, default and fallbacks, and that what
// is added to or changed in either one stays there.
func TestFork(t *testing.T) {
	base := NewRegistry()
	for _, p := range []string{"roboto/Roboto-Regular.ttf", "roboto/Roboto-Bold.ttf", "lato/Lato-Regular.ttf"} {
		if err := base.Add(assetFont(t, p)); err != nil {
			t.Fatal(err)
		}
	}
	base.SetDefault("Lato")
	base.SetFallbacks("Roboto")

	fork := base.Fork()
	if got, want := fork.Families(), base.Families(); !reflect.DeepEqual(got, want) {
		t.Fatalf("fork families %q, want %q", got, want)
	}
	if fork.Default() != "Lato" || len(fork.Fallbacks(400, false)) != 1 {
		t.Errorf("fork default %q, fallbacks %v", fork.Default(), fork.Fallbacks(400, false))
	}
	bf, _ := base.Resolve("Roboto", 700, false)
	ff, _ := fork.Resolve("Roboto", 700, false)
	if bf != ff {
		t.Error("the fork parsed a face again instead of sharing it")
	}

	// A document font in the fork: a new family, and a face replacing an inherited one.
	if err := fork.AddAs("Brand", 400, false, assetFont(t, "oswald/Oswald-Regular.ttf")); err != nil {
		t.Fatal(err)
	}
	if err := fork.AddAs("Roboto", 700, false, assetFont(t, "lato/Lato-Bold.ttf")); err != nil {
		t.Fatal(err)
	}
	if !fork.Has("Brand") || base.Has("Brand") {
		t.Errorf("Brand: in fork %v, in base %v", fork.Has("Brand"), base.Has("Brand"))
	}
	if f, _ := base.Resolve("Roboto", 700, false); f != bf {
		t.Error("replacing a face in the fork changed the base")
	}
	if f, _ := fork.Resolve("Roboto", 700, false); f == bf || f.PostScriptName != "Lato-Bold" {
		t.Errorf("fork's Roboto 700 = %s (%s), want the Lato Bold file added", f, f.PostScriptName)
	}
	// And the other way: the base changes after the fork, the fork does not see it.
	base.SetDefault("Roboto")
	base.SetFallbacks()
	if err := base.Add(assetFont(t, "lato/Lato-Bold.ttf")); err != nil {
		t.Fatal(err)
	}
	if fork.Default() != "Lato" || len(fork.Fallbacks(400, false)) != 1 || len(fork.Faces("Lato")) != 1 {
		t.Errorf("the base's later changes reached the fork: default %q, %d fallbacks, %d Lato faces",
			fork.Default(), len(fork.Fallbacks(400, false)), len(fork.Faces("Lato")))
	}

	// ExcludeRunes in the fork works on copies of the shared faces.
	fork.ExcludeRunes("Lato", 'a')
	fl, _ := fork.Resolve("Lato", 400, false)
	bl, _ := base.Resolve("Lato", 400, false)
	if fl.HasRune('a') || !bl.HasRune('a') {
		t.Errorf("after ExcludeRunes in the fork: fork has 'a' %v, base has 'a' %v (want false, true)", fl.HasRune('a'), bl.HasRune('a'))
	}
	if !fl.HasRune('b') || fl.Ascent != bl.Ascent || fl.PostScriptName != bl.PostScriptName {
		t.Error("the fork's copy of the face lost its glyphs or metrics")
	}
}

// TestCloneCopiesEveryField guards clone against fields added to Font later: every field but
// the lazily parsed tables and their locks must be copied.
func TestCloneCopiesEveryField(t *testing.T) {
	reg := NewRegistry()
	if err := reg.Add(assetFont(t, "roboto/Roboto-Italic.ttf")); err != nil {
		t.Fatal(err)
	}
	f, _ := reg.Resolve("Roboto", 400, true)
	f.OT() // parse, so that the fields left out differ
	c := f.clone()
	skip := map[string]bool{"parseOnce": true, "ot": true, "faceMu": true, "face": true, "exclude": true}
	fv, cv := reflect.ValueOf(f).Elem(), reflect.ValueOf(c).Elem()
	for i := 0; i < fv.NumField(); i++ {
		name := fv.Type().Field(i).Name
		if skip[name] {
			continue
		}
		a, b := fv.Field(i), cv.Field(i)
		if a.Kind() == reflect.Slice {
			if a.Pointer() != b.Pointer() || a.Len() != b.Len() {
				t.Errorf("clone: field %s not copied", name)
			}
			continue
		}
		if !reflect.DeepEqual(fieldValue(a), fieldValue(b)) {
			t.Errorf("clone: field %s = %v, want %v", name, fieldValue(b), fieldValue(a))
		}
	}
}

// fieldValue reads a (possibly unexported) field for comparison.
func fieldValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int64:
		return v.Int()
	case reflect.Uint64:
		return v.Uint()
	case reflect.Float64:
		return v.Float()
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = fieldValue(v.Index(i))
		}
		return out
	case reflect.Pointer:
		return v.Pointer()
	}
	return v.Kind().String()
}
