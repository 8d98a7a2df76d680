package font

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// TestAddLazy checks that a lazily added face is read only when used, once, and then equals
// the same file added with AddAs.
func TestAddLazy(t *testing.T) {
	data := assetFont(t, "lato/Lato-Bold.ttf")
	var reads atomic.Int32
	reg := NewRegistry()
	if err := reg.AddLazy("Brand", 700, false, func() ([]byte, error) { reads.Add(1); return data, nil }); err != nil {
		t.Fatal(err)
	}
	if err := reg.AddLazy("Other", 400, false, func() ([]byte, error) { t.Error("an unused face was read"); return nil, nil }); err != nil {
		t.Fatal(err)
	}
	reg.ExcludeRunes("Brand", 'x')
	if !reg.Has("Brand") || reads.Load() != 0 {
		t.Fatalf("registering and looking up names read the file %d times", reads.Load())
	}
	eager := NewRegistry()
	if err := eager.AddAs("Brand", 700, false, data); err != nil {
		t.Fatal(err)
	}
	want, _ := eager.Resolve("Brand", 700, false)
	var wg sync.WaitGroup
	got := make([]*Font, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = reg.Resolve("brand", 700, false)
		}()
	}
	wg.Wait()
	if reads.Load() != 1 {
		t.Errorf("the file was read %d times, want once", reads.Load())
	}
	f := got[0]
	for _, g := range got {
		if g != f {
			t.Fatal("Resolve gave different faces")
		}
	}
	if f.LoadError() != nil {
		t.Fatal(f.LoadError())
	}
	if f.UnitsPerEm != want.UnitsPerEm || f.Ascent != want.Ascent || f.Descent != want.Descent || f.LineGap != want.LineGap ||
		f.CapHeight != want.CapHeight || f.XHeight != want.XHeight || f.UnderlinePosition != want.UnderlinePosition ||
		f.StrikePosition != want.StrikePosition || f.BBox != want.BBox || f.ItalicAngle != want.ItalicAngle ||
		f.PostScriptName != want.PostScriptName || f.IsCFF() != want.IsCFF() || f.IsTrueType() != want.IsTrueType() ||
		f.NumGlyphs() != want.NumGlyphs() || len(f.Data()) != len(data) {
		t.Errorf("lazy face %+v differs from the eager one %+v", f, want)
	}
	gid, ok := f.GlyphIndex('A')
	wgid, _ := want.GlyphIndex('A')
	if !ok || gid != wgid || f.Advance(gid) != want.Advance(wgid) || len(f.GlyphOutline(gid).Pts) != len(want.GlyphOutline(wgid).Pts) {
		t.Error("glyphs of the lazy face differ")
	}
	if f.HasRune('x') || !f.HasRune('y') {
		t.Error("ExcludeRunes before the face was read was lost")
	}
}

func TestAddLazyBadFiles(t *testing.T) {
	reg := NewRegistry()
	for name, load := range map[string]func() ([]byte, error){
		"Garbage": func() ([]byte, error) { return []byte("this is not a font file at all"), nil },
		"Absent":  func() ([]byte, error) { return nil, errors.New("no such file") },
		"Cut":     func() ([]byte, error) { return assetFont(t, "lato/Lato-Regular.ttf")[:4000], nil },
	} {
		if err := reg.AddLazy(name, 400, false, load); err != nil {
			t.Fatal(err)
		}
		f, exact := reg.Resolve(name, 400, false)
		if !exact || f.LoadError() == nil {
			t.Errorf("%s: exact %v, LoadError %v", name, exact, f.LoadError())
			continue
		}
		if f.UnitsPerEm <= 0 || f.Ascent <= 0 || f.HasRune('a') || f.NumGlyphs() != 0 || !f.GlyphOutline(3).Empty() {
			t.Errorf("%s: the face of an unreadable file is not an empty, usable face", name)
		}
	}
	for _, bad := range []struct {
		name   string
		weight int
		load   func() ([]byte, error)
	}{{"", 400, func() ([]byte, error) { return nil, nil }}, {"X", 0, func() ([]byte, error) { return nil, nil }}, {"X", 400, nil}} {
		if reg.AddLazy(bad.name, bad.weight, false, bad.load) == nil {
			t.Errorf("AddLazy(%q, %d, loader %v) accepted", bad.name, bad.weight, bad.load != nil)
		}
	}
}

// TestLazyFallbacksStayUnread: a fallback face is read when a text needs one of its
// characters (HasRune), not when the fallbacks are listed.
func TestLazyFallbacksStayUnread(t *testing.T) {
	var reads atomic.Int32
	reg := NewRegistry()
	data := assetFont(t, "dejavu-sans/DejaVuSans.ttf")
	if err := reg.AddLazy("Fallback", 400, false, func() ([]byte, error) { reads.Add(1); return data, nil }); err != nil {
		t.Fatal(err)
	}
	reg.SetFallbacks("Fallback")
	fbs := reg.Fallbacks(400, false)
	if len(fbs) != 1 || reads.Load() != 0 {
		t.Fatalf("Fallbacks: %d faces, file read %d times; want 1 face, unread", len(fbs), reads.Load())
	}
	if !fbs[0].HasRune('→') || reads.Load() != 1 || fbs[0].UnitsPerEm != 2048 {
		t.Errorf("after HasRune: read %d times, %d units per em", reads.Load(), fbs[0].UnitsPerEm)
	}
}
