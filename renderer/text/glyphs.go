package text

import "affiche/scene"

// EachGlyph calls fn for every glyph the layout placed with a font, line by line and run by
// run: what both backends draw.
func (r *Result) EachGlyph(fn func(run *GlyphRun, g *Glyph)) {
	for li := range r.Lines {
		for ri := range r.Lines[li].Runs {
			run := &r.Lines[li].Runs[ri]
			if run.Font == nil {
				continue
			}
			for gi := range run.Glyphs {
				fn(run, &run.Glyphs[gi])
			}
		}
	}
}

// Matrix maps the outline of g, a glyph of run (font units, y up), into the element's box
// (points, y down), slanted by the run's synthetic italic skew.
func (run *GlyphRun) Matrix(g *Glyph) scene.Affine {
	s := run.Font.Scale(run.Size)
	return scene.Affine{s, 0, s * run.Skew, -s, g.X, g.Y}
}
