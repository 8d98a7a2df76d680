package font

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
)

// DefaultFamily is the family used for a missing one until SetDefault says otherwise
// (the scene's default, also Polotno's).
const DefaultFamily = "Roboto"

// Registry holds the fonts a render may use, by family. The zero value is not usable: call
// NewRegistry. It is safe for concurrent use; fonts added later are seen by later lookups.
type Registry struct {
	mu        sync.RWMutex
	families  map[string]*family // by normalised name
	order     []*family          // in the order families were first added
	fallbacks []string
	def       string
	seq       uint64
	// inherited holds the faces a fork shares with the registry it came from: ExcludeRunes
	// changes copies of them, never the shared faces.
	inherited map[*Font]bool
}

type family struct {
	name  string
	faces []*Font
}

// Fork returns a registry that starts with this one's families, faces, aliases, default and
// fallbacks, and to which fonts can be added (a document's own fonts, for one export) without
// changing this one; later changes to this one do not reach the fork either. No font is
// parsed again: the faces are shared (a Font is immutable), so a fork costs a copy of the
// family index, microseconds where building the bundled registry anew takes ~90 ms.
func (r *Registry) Fork() *Registry {
	r.mu.RLock()
	defer r.mu.RUnlock()
	f := &Registry{
		families:  make(map[string]*family, len(r.families)),
		order:     make([]*family, len(r.order)),
		fallbacks: append([]string(nil), r.fallbacks...),
		def:       r.def,
		seq:       r.seq,
		inherited: map[*Font]bool{},
	}
	copies := make(map[*family]*family, len(r.order))
	for i, fam := range r.order {
		c := &family{name: fam.name, faces: append([]*Font(nil), fam.faces...)}
		copies[fam] = c
		f.order[i] = c
		for _, face := range fam.faces {
			f.inherited[face] = true
		}
	}
	for key, fam := range r.families {
		f.families[key] = copies[fam]
	}
	return f
}

// NewRegistry returns an empty registry whose default family is DefaultFamily.
func NewRegistry() *Registry {
	return &Registry{families: map[string]*family{}, def: DefaultFamily}
}

// normalize makes family names match regardless of case and spacing ("open  sans" = "Open Sans").
func normalize(name string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return unicode.IsSpace(r) || r == '"' || r == '\''
	}), " ")
}

// Add parses a font file (TrueType or OpenType, CFF or glyf; a collection adds every face; WOFF 1
// is read too) and files each face under the family, weight and style its name and OS/2 tables
// give. A face with the same family, weight and style as one already there replaces it.
// Garbage gives an error wrapping ErrNotFont, never a panic.
func (r *Registry) Add(data []byte) error {
	faces, err := parse(data)
	if err != nil {
		return err
	}
	for _, f := range faces {
		if f.Family == "" {
			return fmt.Errorf("%w: the font has no family name (add it with AddAs)", ErrNotFont)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range faces {
		r.addLocked(f)
	}
	return nil
}

// AddAs files a font under an explicit family, weight (CSS 1–1000) and style, whatever its own
// tables say: for fonts uploaded and named by a user, or bundled fonts named by a catalogue.
// For a collection only the first face is used.
func (r *Registry) AddAs(familyName string, weight int, italic bool, data []byte) error {
	familyName = strings.TrimSpace(familyName)
	if normalize(familyName) == "" {
		return fmt.Errorf("font family name is empty")
	}
	if weight < 1 || weight > 1000 {
		return fmt.Errorf("font weight %d out of 1–1000", weight)
	}
	faces, err := parse(data)
	if err != nil {
		return err
	}
	f := faces[0]
	f.Family, f.Weight, f.Italic = familyName, weight, italic
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addLocked(f)
	return nil
}

func (r *Registry) addLocked(f *Font) {
	r.seq++
	f.seq = r.seq
	key := normalize(f.Family)
	fam := r.families[key]
	if fam == nil {
		fam = &family{name: f.Family}
		r.families[key] = fam
		r.order = append(r.order, fam)
	}
	for i, old := range fam.faces {
		if old.Weight == f.Weight && old.Italic == f.Italic {
			fam.faces[i] = f
			if !r.inherited[old] { // the registry forked from still draws with it
				sharedOutlines.forget(map[*Font]bool{old: true})
			}
			return
		}
	}
	fam.faces = append(fam.faces, f)
}

// ExcludeRunes marks characters that every face of a family maps but draws wrongly or not at
// all (a catalogue's "missing" list): the layout takes them from the fallback fonts instead.
// Call it when building the registry, before laying out text with it (shaped paragraphs are
// cached by font).
func (r *Registry) ExcludeRunes(familyName string, runes ...rune) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fam := r.families[normalize(familyName)]
	if fam == nil {
		return
	}
	for i, f := range fam.faces {
		if r.inherited[f] {
			f = f.clone()
			fam.faces[i] = f
		}
		m := map[rune]bool{}
		if old := f.exclude.Load(); old != nil {
			for k := range *old {
				m[k] = true
			}
		}
		for _, c := range runes {
			m[c] = true
		}
		f.exclude.Store(&m)
	}
}

// SetDefault sets the family used when a requested one is missing. If that family is missing
// too, the first family added is used.
func (r *Registry) SetDefault(familyName string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.def = familyName
}

// Default returns the name of the family Resolve falls back to ("" for an empty registry).
func (r *Registry) Default() string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if fam := r.defaultLocked(); fam != nil {
		return fam.name
	}
	return ""
}

func (r *Registry) defaultLocked() *family {
	if fam := r.families[normalize(r.def)]; fam != nil {
		return fam
	}
	if len(r.order) > 0 {
		return r.order[0]
	}
	return nil
}

// SetFallbacks sets the families tried, in order, for characters the requested font lacks.
// Families not (yet) in the registry are skipped when looked up.
func (r *Registry) SetFallbacks(families ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fallbacks = append([]string(nil), families...)
}

// Fallbacks returns the best face of each fallback family present, in order, for the given
// weight and style. Faces added with AddLazy are returned unread (most texts never need a
// fallback, and reading them all would cost megabytes): their exported fields are set once one
// of their methods has been called — the layout calls HasRune before it uses a fallback.
func (r *Registry) Fallbacks(weight int, italic bool) []*Font {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []*Font
	for _, name := range r.fallbacks {
		if fam := r.families[normalize(name)]; fam != nil {
			out = append(out, match(fam.faces, weight, italic))
		}
	}
	return out
}

// Has reports whether the family is in the registry.
func (r *Registry) Has(familyName string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.families[normalize(familyName)] != nil
}

// Resolve finds the face of the family that best matches weight and style by the CSS
// font-matching rules. exact is false when the family is missing and the default family was
// used instead. f is nil only when the registry is empty.
func (r *Registry) Resolve(familyName string, weight int, italic bool) (f *Font, exact bool) {
	r.mu.RLock()
	fam := r.families[normalize(familyName)]
	exact = fam != nil
	if fam == nil {
		fam = r.defaultLocked()
	}
	if fam != nil {
		f = match(fam.faces, weight, italic)
	}
	r.mu.RUnlock()
	if f == nil {
		return nil, false
	}
	f.ensure()
	return f, exact
}

// Families returns the family names in the order they were first added.
func (r *Registry) Families() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, len(r.order))
	for i, fam := range r.order {
		out[i] = fam.name
	}
	return out
}

// Faces returns the faces of a family (nil when missing), in the order they were added.
func (r *Registry) Faces(familyName string) []*Font {
	r.mu.RLock()
	var out []*Font
	if fam := r.families[normalize(familyName)]; fam != nil {
		out = append(out, fam.faces...)
	}
	r.mu.RUnlock()
	for _, f := range out {
		f.ensure()
	}
	return out
}

// match picks among a family's faces (never empty) following CSS Fonts 4 §5.2: the requested
// style first (italic falls back to upright and upright to italic), then the nearest weight,
// where a request of 400–500 first tries heavier weights up to 500, then lighter, then heavier;
// a lighter request prefers lighter faces, a heavier request heavier ones.
func match(faces []*Font, weight int, italic bool) *Font {
	var best *Font
	for _, f := range faces {
		if best == nil || better(f, best, weight, italic) {
			best = f
		}
	}
	return best
}

func better(a, b *Font, weight int, italic bool) bool {
	if (a.Italic == italic) != (b.Italic == italic) {
		return a.Italic == italic
	}
	ta, da := WeightRank(weight, a.Weight)
	tb, db := WeightRank(weight, b.Weight)
	if ta != tb {
		return ta < tb
	}
	if da != db {
		return da < db
	}
	return a.seq < b.seq
}

// WeightRank orders a candidate weight w for a desired weight by the CSS Fonts 4 matching
// rules (§5.2): lower tier first, then lower distance. The editor's font loader uses it to
// fetch exactly the face the renderer will choose.
func WeightRank(desired, w int) (tier, dist int) {
	switch {
	case w == desired:
		return 0, 0
	case desired >= 400 && desired <= 500:
		switch {
		case w > desired && w <= 500:
			return 1, w - desired
		case w < desired:
			return 2, desired - w
		default:
			return 3, w - desired
		}
	case desired < 400:
		if w < desired {
			return 1, desired - w
		}
		return 2, w - desired
	default:
		if w > desired {
			return 1, w - desired
		}
		return 2, desired - w
	}
}
