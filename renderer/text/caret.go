package text

// paraInfo keeps what caret placement and hit-testing need for one paragraph.
type paraInfo struct {
	firstLine, lastLine int // indices in Result.Lines (inclusive)
	textLen             int // bytes in the paragraph's plain text
	// stops per line: caret positions in visual order.
	stops [][]caretStop
}

// caretStop is one caret position on a line: a byte offset in the paragraph's plain text and
// the x where the caret is drawn for it.
type caretStop struct {
	offset int
	x      float64
}
