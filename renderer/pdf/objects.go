package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sync"

	"github.com/go-pdf/fpdf"
)

// fpdf can write only what its API knows: fonts, its own images, two-colour gradients, alpha
// states. Everything else a print PDF needs — multi-stop gradients, transparency groups, soft
// masks, images passed through as they are — is written as raw PDF objects through the hook
// fpdf keeps for gofpdi (ImportObjects, ImportObjPos, ImportTemplates): objects refer to each
// other by 40-character placeholders that fpdf replaces with object numbers when it writes the
// file, and a named object is listed in the shared /XObject resources of every page, so page
// content can paint it with `/Name Do`.

// objects collects raw objects for one document.
type objects struct {
	pdf   *fpdf.Fpdf
	n     int
	data  map[string][]byte
	pos   map[string]map[int]string
	names map[string]string
}

func newObjects(p *fpdf.Fpdf) *objects {
	return &objects{pdf: p, data: map[string][]byte{}, pos: map[string]map[int]string{}, names: map[string]string{}}
}

// ref is a placeholder for an object, 40 bytes long as fpdf's import hook requires.
type ref string

// obj is an object being written: a dictionary (and maybe a stream) with references.
type obj struct {
	buf  bytes.Buffer
	refs map[int]string
}

// Ref writes an indirect reference to r ("N 0 R" once fpdf numbers the objects).
func (o *obj) Ref(r ref) {
	if o.refs == nil {
		o.refs = map[int]string{}
	}
	o.refs[o.buf.Len()] = string(r)
	o.buf.WriteString(string(r))
	o.buf.WriteString(" 0 R")
}

// Append writes p's bytes and references.
func (o *obj) Append(p *obj) {
	base := o.buf.Len()
	o.buf.Write(p.buf.Bytes())
	for pos, target := range p.refs {
		if o.refs == nil {
			o.refs = map[int]string{}
		}
		o.refs[base+pos] = target
	}
}

// S writes text.
func (o *obj) S(s string) { o.buf.WriteString(s) }

// F writes formatted text.
func (o *obj) F(format string, a ...any) { fmt.Fprintf(&o.buf, format, a...) }

// newRef reserves a placeholder.
func (ob *objects) newRef() ref {
	ob.n++
	return ref(fmt.Sprintf("affiche%033d", ob.n))
}

// put stores object o under r. stream, when not nil, is appended as the object's stream
// (its dictionary in o must then end with ">>" left open: put writes /Length and the rest).
func (ob *objects) put(r ref, o *obj, stream []byte) {
	var b bytes.Buffer
	b.Write(o.buf.Bytes())
	if stream != nil {
		// o holds "<< ... " without its closing ">>".
		fmt.Fprintf(&b, " /Length %d >>\nstream\n", len(stream))
		b.Write(stream)
		b.WriteString("\nendstream")
	}
	b.WriteString("\nendobj")
	ob.data[string(r)] = b.Bytes()
	if len(o.refs) > 0 {
		ob.pos[string(r)] = o.refs
	}
}

// name lists r in the pages' /XObject resources under name (e.g. "/Fm3"), so content can
// paint it.
func (ob *objects) name(name string, r ref) { ob.names[name] = string(r) }

// flush hands everything to fpdf; call once, just before Output.
func (ob *objects) flush() {
	if len(ob.data) == 0 {
		return
	}
	ob.pdf.ImportObjects(ob.data)
	ob.pdf.ImportObjPos(ob.pos)
	ob.pdf.ImportTemplates(ob.names)
}

// zlibWriters keeps compressors for reuse, by level (+1): each holds about a megabyte of tables.
var zlibWriters [11]sync.Pool

// deflate compresses a stream with zlib (FlateDecode) at a level from -1 (default) to 9.
func deflate(b []byte, level int) []byte {
	var out bytes.Buffer
	out.Grow(len(b)/2 + 64)
	pool := &zlibWriters[max(-1, min(9, level))+1]
	w, _ := pool.Get().(*zlib.Writer)
	if w == nil {
		w, _ = zlib.NewWriterLevel(&out, level)
	} else {
		w.Reset(&out)
	}
	w.Write(b)
	w.Close()
	pool.Put(w)
	return out.Bytes()
}
