package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
)

// staticFile is one file of the app, with its precompressed variants. Only names and headers
// are kept: the bytes stay in the fs.FS (for the embedded app, the binary's read-only data) and
// are read per request.
type staticFile struct {
	name     string // path in the fs.FS; empty for the built-in landing page
	page     string // the landing page's text, when name is empty
	mimeType string
	etag     string // quoted
	hash     string // hex SHA-256, first 16 characters
	br, gz   string // paths of the precompressed copies, empty when absent
	brETag   string
	gzETag   string
}

// staticFiles serves the web app from an fs.FS hashed once at start: precompressed .br and .gz
// copies are chosen by Accept-Encoding, content-hashed names (app.3f2a9c1b.js) and ?v=HASH URLs
// are cached for a year, everything else (index.html first) is revalidated on every load.
type staticFiles struct {
	fsys  fs.FS
	files map[string]*staticFile
}

// hashedName matches file names that carry their content hash, as build tools write them.
var hashedName = regexp.MustCompile(`[.-][0-9a-f]{8,64}\.[a-z0-9]+$`)

// hashFile streams a file through SHA-256 and returns the hex digest's first 16 characters and
// the file's first 512 bytes (for content sniffing), without holding the file in memory.
func hashFile(fsys fs.FS, name string) (hash string, head []byte, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	h := sha256.New()
	head = make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return "", nil, err
	}
	head = head[:n]
	h.Write(head)
	if _, err := io.Copy(h, f); err != nil {
		return "", nil, err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], head, nil
}

func newStaticFiles(fsys fs.FS) (*staticFiles, error) {
	s := &staticFiles{fsys: fsys, files: map[string]*staticFile{}}
	var variants []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ".go") {
			return nil
		}
		if strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") {
			variants = append(variants, p)
			return nil
		}
		h, head, err := hashFile(fsys, p)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = http.DetectContentType(head)
		}
		s.files[p] = &staticFile{name: p, mimeType: ct, etag: `"` + h + `"`, hash: h}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range variants {
		base, enc := p[:len(p)-3], p[len(p)-2:]
		f := s.files[base]
		if f == nil {
			continue // a compressed file with no original: not served
		}
		if enc == "br" {
			f.br, f.brETag = p, `"`+f.hash+`-br"`
		} else {
			f.gz, f.gzETag = p, `"`+f.hash+`-gz"`
		}
	}
	if s.files["index.html"] == nil {
		s.files["index.html"] = &staticFile{page: landingPage, mimeType: "text/html; charset=utf-8", etag: `"landing"`, hash: "landing"}
	}
	return s, nil
}

// accepts reports whether an Accept-Encoding header allows the coding (q=0 refuses it).
func accepts(header, coding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return !(strings.HasPrefix(params, "q=0") && strings.Trim(strings.TrimPrefix(params, "q="), "0.") == "")
	}
	return false
}

func (s *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 méthode non acceptée / method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if p == "" {
		p = "index.html"
	}
	f := s.files[p]
	if f == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(notFoundPage))
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.mimeType)
	switch {
	case p == "index.html":
		h.Set("Cache-Control", "no-cache")
	case hashedName.MatchString(p) || (r.URL.Query().Get("v") != "" && strings.HasPrefix(f.hash, r.URL.Query().Get("v"))):
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	default:
		h.Set("Cache-Control", "no-cache")
	}
	name, etag := f.name, f.etag
	if f.br != "" || f.gz != "" {
		h.Add("Vary", "Accept-Encoding")
		ae := r.Header.Get("Accept-Encoding")
		switch {
		case f.br != "" && accepts(ae, "br"):
			name, etag = f.br, f.brETag
			h.Set("Content-Encoding", "br")
		case f.gz != "" && accepts(ae, "gzip"):
			name, etag = f.gz, f.gzETag
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if name == "" {
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(f.page))
		return
	}
	file, err := s.fsys.Open(name)
	if err != nil {
		s.serveError(w)
		return
	}
	defer file.Close()
	content, ok := file.(io.ReadSeeker)
	if !ok { // an fs.FS whose files cannot seek (embed.FS and os.DirFS files can): read this one
		data, err := io.ReadAll(file)
		if err != nil {
			s.serveError(w)
			return
		}
		content = bytes.NewReader(data)
	}
	http.ServeContent(w, r, "", time.Time{}, content)
}

// serveError answers a file of the app that was listed at start but cannot be read now.
func (s *staticFiles) serveError(w http.ResponseWriter) {
	h := w.Header()
	h.Del("Content-Encoding")
	h.Del("ETag")
	h.Set("Cache-Control", "no-store")
	http.Error(w, "500 fichier illisible / file cannot be read", http.StatusInternalServerError)
}

const notFoundPage = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Page introuvable – Affiche</title>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2939">
<h1>Page introuvable</h1><p>Cette adresse n'existe pas. <a href="/">Retour au studio</a>.</p>
<p lang="en"><em>Page not found. <a href="/">Back to the studio</a>.</em></p></body></html>
`

// landingPage is served at / when the web app is not built into the binary (run `make build`).
const landingPage = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Affiche — studio de création graphique</title>
<style>
:root{--ink:#14213d;--muted:#5c677d;--accent:#ef476f;--bg:#fbf7f2;--card:#fff}
*{box-sizing:border-box}
body{margin:0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:linear-gradient(135deg,#ffd166,#f78c6b 55%,#ef476f);color:#fff;padding:3.5rem 1.5rem 3rem}
.wrap{max-width:58rem;margin:0 auto}
.logo{display:inline-flex;align-items:center;gap:.6rem;font-weight:800;font-size:1.35rem;letter-spacing:.02em}
.logo span{display:inline-grid;place-items:center;width:2.2rem;height:2.2rem;border-radius:.6rem;background:#14213d;color:#ffd166}
h1{font-size:clamp(2rem,5vw,3.2rem);line-height:1.1;margin:1.2rem 0 .6rem}
header p{font-size:1.15rem;max-width:40rem;margin:0;opacity:.95}
main{padding:2rem 1.5rem 3rem}
.grid{display:grid;gap:1.2rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}
.card{background:var(--card);border-radius:1rem;padding:1.3rem 1.4rem;box-shadow:0 1px 2px rgba(20,33,61,.06),0 8px 24px rgba(20,33,61,.06)}
.card h2{font-size:1.1rem;margin:0 0 .4rem}
.card p{margin:0 0 .6rem;color:var(--muted)}
.en{color:var(--muted);font-size:.92em;font-style:italic}
code,pre{font:14px/1.5 ui-monospace,Menlo,Consolas,monospace}
pre{background:#14213d;color:#f1f1f1;border-radius:.7rem;padding:1rem;overflow:auto}
a{color:#b5123e}
footer{color:var(--muted);font-size:.9rem;padding:0 1.5rem 2rem}
</style>
</head>
<body>
<header><div class="wrap">
<div class="logo"><span>A</span>Affiche</div>
<h1>Le studio est en marche.</h1>
<p>Ce serveur exporte vos créations en PNG, JPEG et PDF, stocke vos images et polices, et fournit polices et modèles.
L'éditeur dans le navigateur n'est pas inclus dans ce binaire : compilez-le avec <code>make build</code>.</p>
<p class="en" style="color:#fff">The studio is running. This server exports designs, stores images and fonts and serves fonts and
templates; the in-browser editor is not built into this binary — build it with <code>make build</code>.</p>
</div></header>
<main><div class="wrap">
<div class="grid">
<div class="card"><h2>Modèles</h2><p>Les modèles fournis, prêts à personnaliser.</p><p class="en">Bundled templates.</p><a href="/api/templates">/api/templates</a></div>
<div class="card"><h2>Polices</h2><p>Le catalogue des polices libres intégrées.</p><p class="en">Bundled open fonts.</p><a href="/api/fonts">/api/fonts</a></div>
<div class="card"><h2>Export</h2><p>Formats, préréglages et limites de ce serveur.</p><p class="en">Formats, presets and limits.</p><a href="/api/export">/api/export</a></div>
<div class="card"><h2>État</h2><p>Santé du serveur et métriques Prometheus.</p><p class="en">Health and metrics.</p><a href="/healthz">/healthz</a> · <a href="/metrics">/metrics</a></div>
</div>
<h2 style="margin-top:2rem">Exporter un document / Export a design</h2>
<pre>curl -H 'Content-Type: application/json' --data-binary @affiche.json \
     'http://localhost:8080/api/export?preset=print' -o affiche.pdf</pre>
</div></main>
<footer><div class="wrap">Affiche — studio de création graphique libre, auto-hébergé. Voir docs/api.md et docs/admin.md.</div></footer>
</body>
</html>
`
