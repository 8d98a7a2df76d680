package pdf

import (
	"os"
	"testing"
)

func TestSmoke(t *testing.T) {
	doc := restoreJSON(t, `{"format":"affiche","version":1,"width":400,"height":300,"pages":[{"background":"linear-gradient(135deg, #fde68a, #f472b6)","elements":[
	{"type":"shape","shape":"rect","x":20,"y":20,"width":120,"height":80,"cornerRadius":16,"fill":"#1d4ed8","stroke":{"color":"#111827","width":4},"shadow":{"blur":10,"offsetY":6,"opacity":0.5}},
	{"type":"shape","shape":"star","x":170,"y":20,"width":100,"height":100,"fill":{"type":"radial","stops":[{"offset":0,"color":"#fff"},{"offset":1,"color":"#f59e0b"}]},"rotation":15,"stroke":{"color":"#92400e","width":3,"join":"round"}},
	{"type":"shape","shape":"ellipse","x":290,"y":30,"width":90,"height":60,"fill":"rgba(16,185,129,0.6)","stroke":{"color":"#065f46","width":3,"dash":[2,1]}},
	{"type":"line","x":20,"y":140,"width":300,"height":10,"stroke":{"color":"#111","width":3},"startHead":"circle","endHead":"arrow"},
	{"type":"line","x":20,"y":170,"width":300,"height":10,"rotation":-5,"stroke":{"color":"#b91c1c","width":2,"dash":[3,2]},"startHead":"bar","endHead":"triangle"},
	{"type":"text","x":20,"y":200,"width":360,"height":80,"text":"Fête « AVATAR » — 12 €","fontSize":30,"fontFamily":"Roboto","fontWeight":"bold","color":"#111827"},
	{"type":"text","x":250,"y":200,"width":150,"height":40,"text":"Tourné","fontSize":20,"rotation":-20,"color":"#7c3aed"}
	]}]}`)
	b, warns := writePDF(t, doc, options(t))
	for _, w := range warns {
		t.Log(w)
	}
	os.MkdirAll("/tmp/pdfsmoke", 0o755)
	os.WriteFile("/tmp/pdfsmoke/smoke.pdf", b, 0o644)
}
