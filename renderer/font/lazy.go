package font

import (
	"bytes"
	"fmt"
	"strings"

	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// AddLazy files a face under an explicit family, weight (CSS 1–1000) and style, like AddAs,
// but reads and parses its file only when the face is first used: a text set in it, a
// fallback lookup, or the PDF embedding its bytes. It is meant for a large set of trusted
// fonts (the bundled library: ~100 faces of which a design uses a handful): the registry is
// ready at once, and only the faces used take memory (a face parsed takes 2–4 times its
// file's size, and the bytes are copied out of the binary). A file that turns out unreadable
// gives a face with no glyphs, metrics of a 1000-unit em, and LoadError set; test such fonts
// by resolving every face once (see LoadError).
func (r *Registry) AddLazy(familyName string, weight int, italic bool, load func() ([]byte, error)) error {
	familyName = strings.TrimSpace(familyName)
	if normalize(familyName) == "" {
		return fmt.Errorf("font family name is empty")
	}
	if weight < 1 || weight > 1000 {
		return fmt.Errorf("font weight %d out of 1–1000", weight)
	}
	if load == nil {
		return fmt.Errorf("font %s %d: no loader", familyName, weight)
	}
	f := &Font{Family: familyName, Weight: weight, Italic: italic, lazy: load, outlines: sharedOutlines}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addLocked(f)
	return nil
}

// LoadError returns why a face added with AddLazy could not be read (nil when it was, and for
// faces added otherwise). It reads the face if that has not happened yet.
func (f *Font) LoadError() error {
	f.ensure()
	return f.lazyErr
}

// ensure reads and parses a lazily added face, once. Every method, and the registry lookups
// that hand out a Font to read (Resolve, Faces; not Fallbacks), call it first, so the exported
// fields are set before anyone reads them.
func (f *Font) ensure() {
	if f.lazy != nil {
		f.lazyOnce.Do(f.loadLazy)
	}
}

func (f *Font) loadLazy() {
	data, err := f.lazy()
	if err == nil {
		err = f.parseLazy(data)
	}
	if err != nil {
		f.lazyErr = fmt.Errorf("font %s: %w", f, err)
		f.UnitsPerEm, f.Ascent, f.Descent = 1000, 800, 200
		f.CapHeight, f.XHeight, f.UnderlinePosition, f.UnderlineThickness = 700, 500, -100, 70
		f.StrikePosition, f.StrikeThickness = 285, 70
		f.PostScriptName = sanitizePSName(f.Family + "-" + styleName(f.Weight, f.Italic))
		f.data, f.numGlyphs = nil, 0
		f.parseOnce.Do(func() { f.ot, f.face = emptyFont() })
	}
}

// parseLazy reads the face's metrics and keeps the parsed tables (it is being used).
func (f *Font) parseLazy(data []byte) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%w (malformed: %v)", ErrNotFont, v)
		}
	}()
	if len(data) > MaxFontBytes || len(data) < 12 {
		return fmt.Errorf("%w: %d bytes", ErrNotFont, len(data))
	}
	lds, err := ot.NewLoaders(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotFont, err)
	}
	if len(lds) == 0 {
		return fmt.Errorf("%w: no faces", ErrNotFont)
	}
	parsed, otf, err := parseFace(lds[0], data)
	if err != nil {
		return err
	}
	parsed.trueType = string(data[:4]) != "ttcf" && plainTrueType(parsed, lds[0], data)
	f.setFile(parsed)
	f.parseOnce.Do(func() {
		f.ot = otf
		f.face = gofont.NewFace(otf)
	})
	return nil
}
