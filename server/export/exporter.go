// Package export turns a scene into the file a user downloads: PNG or JPEG (one page), a ZIP of
// images (several pages) or a PDF. It decides whether an export may run at all (page, pixel and
// memory limits, the URLs the scene uses), waits for a place under the server's limits
// (Limiter), reports progress (Hub), enforces a time limit, stops when the client goes away,
// and hands the drawing to a backend behind a small interface (Renderer, PDFWriter).
package export

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"affiche/renderer"
	"affiche/renderer/orient"
	"affiche/scene"
	"affiche/server/apierr"
)

// Config sets up an Exporter.
type Config struct {
	// Renderer draws PNG and JPEG pages; nil makes those formats answer 422 not_available.
	Renderer Renderer
	// PDF writes PDF files; nil makes PDF answer 422 not_available.
	PDF PDFWriter
	// Resolver reads the server's blobs, bundled assets and library items.
	Resolver Resolver
	Limiter  *Limiter
	Hub      *Hub
	// MaxPagePixels caps one rendered page (width × height in pixels).
	MaxPagePixels int64
	// MaxExportPixels caps the pixels of all the pages of one export together.
	MaxExportPixels int64
	// Timeout bounds the rendering of one export (the wait in the queue is not counted).
	Timeout time.Duration
	// TempDir holds large outputs while they are produced ("" for the system's).
	TempDir string
	// SpoolMemory is how much of one output is kept in memory before it goes to TempDir.
	SpoolMemory int
	Logger      *slog.Logger
	// OnDone, if set, is told the outcome of every export that passed its checks (for metrics).
	OnDone func(format, outcome string, d time.Duration, pages int, size int64)
}

// Outcomes reported to Config.OnDone.
const (
	OutcomeOK        = "ok"
	OutcomeRejected  = "rejected"  // limits, overload, bad URLs
	OutcomeCancelled = "cancelled" // the client went away
	OutcomeTimeout   = "timeout"
	OutcomeFailed    = "failed" // backend error
)

// Memory estimate of an export: the page buffer and what layers, encoders and the garbage
// collector's slack need beside it, per pixel of the largest page; each distinct image decoded
// at 4 bytes per pixel; and a fixed overhead (layout, encoder tables). Measured with
// renderer/raster: the heap grows by 140–157 MB while one A4 page (8.7 Mpx) renders at 300 dpi.
const (
	BytesPerPagePixel  = 14
	BytesPerImagePixel = 4
	FixedCost          = 16 << 20
)

// Exporter runs exports. It is safe for concurrent use.
type Exporter struct {
	cfg Config
}

// New returns an exporter. Limiter, Hub and Resolver must be set.
func New(cfg Config) *Exporter {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.SpoolMemory <= 0 {
		cfg.SpoolMemory = 8 << 20
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 2 * time.Minute
	}
	return &Exporter{cfg: cfg}
}

// Request is one export to run.
type Request struct {
	// ID names the export for progress watchers (ValidID); empty for none.
	ID string
	// Client identifies who asked (an address), for the per-client limit.
	Client  string
	Doc     *scene.Document
	Options Options
	// ScenePath and OptionsPath are the JSON paths of the scene and of the options in the
	// request ("" when the body is the scene and options come from the query string).
	ScenePath, OptionsPath string
}

// Result is a finished export, ready to send. Close it when sent.
type Result struct {
	ContentType string
	Filename    string
	Pages       int
	out         *spool
}

// Size returns the length of the file in bytes.
func (r *Result) Size() int64 { return r.out.Size() }

// WriteTo sends the file.
func (r *Result) WriteTo(w io.Writer) (int64, error) { return r.out.WriteTo(w) }

// Close frees the file.
func (r *Result) Close() error { return r.out.Close() }

// Export checks, queues and runs an export. Errors are *apierr.Error, except ctx's own error
// when the client went away (nothing can be sent then).
func (e *Exporter) Export(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	opt := req.Options
	publish := func(ev Event) {
		if req.ID != "" {
			ev.ID, ev.Pages = req.ID, len(opt.Pages)
			e.cfg.Hub.Publish(ev)
		}
	}
	if req.ID != "" && !e.cfg.Hub.Start(req.ID) {
		return nil, apierr.New(http.StatusBadRequest, apierr.BadRequest,
			"an export with this id is already under way: choose another id",
			"un export avec cet identifiant est déjà en cours : choisissez-en un autre").At("id")
	}
	if req.ID != "" {
		defer func() { // a backend's panic: watchers learn the export failed, the id is freed
			if p := recover(); p != nil {
				publish(Event{State: StateFailed, Error: apierr.ErrInternal})
				panic(p)
			}
		}()
	}
	fail := func(err *apierr.Error) (*Result, error) {
		publish(Event{State: StateFailed, Error: err})
		return nil, err
	}
	if err := opt.Resolve(req.Doc, req.OptionsPath); err != nil {
		return fail(apierr.As(err))
	}
	if opt.Credits != "" { // credits line or page(s) of the library items used (library/credits)
		req.Doc, opt.Pages = addCredits(req.Doc, opt)
	}
	switch {
	case opt.Format == FormatPDF && e.cfg.PDF == nil:
		return fail(apierr.New(http.StatusUnprocessableEntity, apierr.NotAvailable,
			"PDF export is not available yet on this server: export PNG or JPEG for now",
			"l'export PDF n'est pas encore disponible sur ce serveur : exportez en PNG ou JPEG pour l'instant").At(pathJoin(req.OptionsPath, "format")))
	case opt.Format != FormatPDF && e.cfg.Renderer == nil:
		return fail(apierr.New(http.StatusUnprocessableEntity, apierr.NotAvailable,
			"image export is not available on this server", "l'export en image n'est pas disponible sur ce serveur").At(pathJoin(req.OptionsPath, "format")))
	case opt.Format != FormatPDF && opt.CropMarks:
		return fail(apierr.New(http.StatusUnprocessableEntity, apierr.NotAvailable,
			"crop marks are drawn in PDF exports only: export a PDF, or leave crop marks out",
			"les traits de coupe ne sont tracés que dans les exports PDF : exportez en PDF ou retirez les traits de coupe").At(pathJoin(req.OptionsPath, "cropMarks")))
	}
	cost, err := e.check(ctx, req.Doc, &opt, req.ScenePath)
	if err != nil {
		e.done(opt.Format, OutcomeRejected, start, 0, 0)
		if ae := apierr.As(err); ae != nil {
			return fail(ae)
		}
		return fail(apierr.ErrInternal)
	}
	release, err := e.cfg.Limiter.Acquire(ctx, req.Client, cost, func(pos int) {
		publish(Event{State: StateQueued, Position: pos})
	})
	if err != nil {
		if ae := apierr.As(err); ae != nil {
			publish(Event{State: StateFailed, Error: ae})
			e.done(opt.Format, OutcomeRejected, start, 0, 0)
			return nil, ae
		}
		publish(Event{State: StateCancelled})
		e.done(opt.Format, OutcomeCancelled, start, 0, 0)
		return nil, err
	}
	defer release()
	runStart := time.Now()
	rctx, cancel := context.WithTimeoutCause(ctx, e.cfg.Timeout, errTimeout)
	defer cancel()

	out := newSpool(e.cfg.TempDir, e.cfg.SpoolMemory)
	res := e.resources()
	done := 0
	progress := func(page int) {
		publish(Event{State: StateRendering, Page: page + 1, Done: done, Progress: float64(done) / float64(len(opt.Pages))})
	}
	err = e.render(rctx, req.Doc, opt, res, out, func(page int, finished bool) {
		if finished {
			done++
		}
		progress(page)
	})
	e.cfg.Limiter.Observe(time.Since(runStart))
	if err == nil {
		err = rctx.Err()
	}
	if err != nil {
		out.Close()
		outcome, ae := e.classify(rctx, err)
		if outcome == OutcomeCancelled {
			publish(Event{State: StateCancelled, Done: done})
			e.done(opt.Format, outcome, start, done, 0)
			return nil, ctx.Err()
		}
		publish(Event{State: StateFailed, Done: done, Error: ae})
		e.done(opt.Format, outcome, start, done, 0)
		return nil, ae
	}
	publish(Event{State: StateDone, Done: done, Progress: 1})
	e.done(opt.Format, OutcomeOK, start, done, out.Size())
	r := &Result{Pages: len(opt.Pages), out: out}
	name := FileName(req.Doc.Title)
	switch {
	case opt.Format == FormatPDF:
		r.ContentType, r.Filename = "application/pdf", name+".pdf"
	case len(opt.Pages) > 1:
		r.ContentType, r.Filename = "application/zip", name+".zip"
	case opt.Format == FormatJPEG:
		r.ContentType, r.Filename = "image/jpeg", name+".jpg"
	default:
		r.ContentType, r.Filename = "image/png", name+".png"
	}
	return r, nil
}

var errTimeout = errors.New("export time limit reached")

func (e *Exporter) done(format, outcome string, start time.Time, pages int, size int64) {
	if e.cfg.OnDone != nil {
		e.cfg.OnDone(format, outcome, time.Since(start), pages, size)
	}
}

// classify turns a rendering error into an outcome and an API error; details of unexpected
// errors go to the log only.
func (e *Exporter) classify(rctx context.Context, err error) (string, *apierr.Error) {
	if errors.Is(context.Cause(rctx), errTimeout) {
		return OutcomeTimeout, apierr.Newf(http.StatusUnprocessableEntity, apierr.Timeout,
			"the export took longer than this server's limit of %s: export fewer pages or at a lower resolution",
			"l'export a dépassé la durée maximale de ce serveur (%s) : exportez moins de pages ou à une résolution plus basse",
			e.cfg.Timeout.String())
	}
	if rctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || rctx.Err() == context.Canceled) {
		return OutcomeCancelled, nil
	}
	if ae := apierr.As(err); ae != nil {
		return OutcomeFailed, ae
	}
	switch {
	case errors.Is(err, renderer.ErrNotFound):
		return OutcomeFailed, apierr.New(http.StatusUnprocessableEntity, apierr.Unprocessable,
			"the design refers to an image or a font this server does not have: "+err.Error(),
			"le document utilise une image ou une police que ce serveur n'a pas : "+err.Error())
	case errors.Is(err, renderer.ErrTooManyPixels):
		return OutcomeFailed, apierr.New(http.StatusRequestEntityTooLarge, apierr.TooLarge,
			"an image of the design is too large: "+err.Error(), "une image du document est trop grande : "+err.Error())
	}
	e.cfg.Logger.Error("export failed", "err", err)
	return OutcomeFailed, apierr.ErrInternal
}

// render writes the output: one image, a ZIP of images, or a PDF.
func (e *Exporter) render(ctx context.Context, doc *scene.Document, opt Options, res *Resources, w io.Writer, step func(page int, finished bool)) error {
	if opt.Format == FormatPDF {
		if len(opt.Pages) > 0 {
			step(opt.Pages[0], false)
		}
		return e.cfg.PDF.WritePDF(ctx, doc, opt, res, w, func(page int) { step(page, true) })
	}
	if len(opt.Pages) == 1 {
		step(opt.Pages[0], false)
		if err := e.cfg.Renderer.WriteImage(ctx, doc, opt.Pages[0], opt, res, w); err != nil {
			return err
		}
		step(opt.Pages[0], true)
		return nil
	}
	zw := zip.NewWriter(w)
	name := FileName(doc.Title)
	ext := ".png"
	if opt.Format == FormatJPEG {
		ext = ".jpg"
	}
	digits := len(fmt.Sprint(len(doc.Pages)))
	if digits < 2 {
		digits = 2
	}
	mod := time.Now()
	for _, p := range opt.Pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		step(p, false)
		// Images are compressed already: store them as they are.
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%s-%0*d%s", name, digits, p+1, ext), Method: zip.Store, Modified: mod})
		if err != nil {
			return err
		}
		if err := e.cfg.Renderer.WriteImage(ctx, doc, p, opt, res, fw); err != nil {
			return err
		}
		step(p, true)
	}
	return zw.Close()
}

// resources returns the loaders of one export: data: URLs decoded in place, everything else from
// the resolver, each URL loaded once.
func (e *Exporter) resources() *Resources {
	fetch := func(ctx context.Context, u string) ([]byte, error) {
		if strings.HasPrefix(u, "data:") {
			return renderer.DecodeDataURL(u)
		}
		return e.cfg.Resolver.Fetch(ctx, u)
	}
	local := renderer.LoaderFunc(func(ctx context.Context, u string) (*renderer.Source, error) {
		b, err := e.cfg.Resolver.Fetch(ctx, u)
		if err != nil {
			return nil, err
		}
		return renderer.NewSource(u, b)
	})
	return &Resources{
		Images: &renderer.CachingLoader{Next: renderer.DataLoader{Next: local}},
		Fetch:  fetch,
	}
}

// check applies the limits that can be known before rendering and returns the export's memory
// estimate: page pixels, the URLs used (each must be a data: URL or name something on this
// server), and the images' sizes.
func (e *Exporter) check(ctx context.Context, doc *scene.Document, opt *Options, scenePath string) (int64, error) {
	var maxPage, total int64
	for _, p := range opt.Pages {
		w, h := opt.PagePixels(doc, p)
		px := int64(w) * int64(h)
		if e.cfg.MaxPagePixels > 0 && px > e.cfg.MaxPagePixels {
			return 0, apierr.Newf(http.StatusRequestEntityTooLarge, apierr.TooLarge,
				"page %d would be %d × %d pixels at %g dpi; this server allows %d million pixels per page: lower the resolution",
				"la page %d ferait %d × %d pixels à %g dpi ; ce serveur autorise %d millions de pixels par page : baissez la résolution",
				p+1, w, h, opt.DPI, e.cfg.MaxPagePixels/1_000_000).At(pathJoin(scenePath, fmt.Sprintf("pages[%d]", p)))
		}
		maxPage = max(maxPage, px)
		total += px
	}
	if e.cfg.MaxExportPixels > 0 && total > e.cfg.MaxExportPixels {
		return 0, apierr.Newf(http.StatusRequestEntityTooLarge, apierr.TooLarge,
			"this export would render %d million pixels in all; this server allows %d million per export: export fewer pages or at a lower resolution",
			"cet export représenterait %d millions de pixels au total ; ce serveur en autorise %d par export : exportez moins de pages ou à une résolution plus basse",
			total/1_000_000, e.cfg.MaxExportPixels/1_000_000)
	}
	images := map[string]int64{}
	var firstErr error
	stat := func(path, u string) {
		if firstErr != nil || u == "" {
			return
		}
		if _, seen := images[u]; seen {
			return
		}
		w, h, err := e.stat(ctx, u)
		if err != nil {
			firstErr = urlError(pathJoin(scenePath, path), u, err)
			return
		}
		images[u] = int64(w) * int64(h)
	}
	for i, f := range doc.Fonts {
		stat(fmt.Sprintf("fonts[%d].url", i), f.URL)
	}
	for _, p := range opt.Pages {
		page := doc.Pages[p]
		if page.BackgroundImage != nil {
			stat(fmt.Sprintf("pages[%d].backgroundImage.src", p), page.BackgroundImage.Src)
		}
		walkPaths(page.Elements, fmt.Sprintf("pages[%d].elements", p), func(el *scene.Element, path string) {
			if !el.Hidden && (el.Type == scene.TypeImage || el.Type == scene.TypeSVG) {
				stat(path+".src", el.Src)
			}
		})
	}
	if firstErr != nil {
		return 0, firstErr
	}
	cost := maxPage*BytesPerPagePixel + FixedCost
	for _, px := range images {
		cost += px * BytesPerImagePixel
	}
	return cost, nil
}

// stat checks one URL and returns its pixel size when it is an image.
func (e *Exporter) stat(ctx context.Context, u string) (int, int, error) {
	if !strings.HasPrefix(u, "data:") {
		return e.cfg.Resolver.Stat(ctx, u)
	}
	b, err := renderer.DecodeDataURL(u)
	if err != nil {
		return 0, 0, apierr.New(http.StatusBadRequest, apierr.BadRequest, "malformed data: URL", "URL data: mal formée")
	}
	if cfg, _, err := orient.DecodeConfig(b); err == nil {
		return cfg.Width, cfg.Height, nil
	}
	return 0, 0, nil
}

func urlError(path, u string, err error) error {
	if ae := apierr.As(err); ae != nil {
		return ae.At(path)
	}
	short := u
	if len(short) > 100 {
		short = short[:97] + "…"
	}
	if errors.Is(err, renderer.ErrNotFound) {
		return apierr.Newf(http.StatusUnprocessableEntity, apierr.Unprocessable,
			"%s is not on this server (upload it to /api/blobs first)", "%s n'est pas sur ce serveur (envoyez-le d'abord à /api/blobs)", short).At(path)
	}
	return apierr.Newf(http.StatusUnprocessableEntity, apierr.Unprocessable,
		"%s cannot be read: %v", "%s est illisible : %v", short, err).At(path)
}

func walkPaths(els []*scene.Element, prefix string, fn func(el *scene.Element, path string)) {
	for i, el := range els {
		path := fmt.Sprintf("%s[%d]", prefix, i)
		fn(el, path)
		if len(el.Children) > 0 && !el.Hidden {
			walkPaths(el.Children, path+".children", fn)
		}
	}
}

func pathJoin(prefix, rest string) string {
	switch {
	case prefix == "":
		return rest
	case rest == "":
		return prefix
	}
	return prefix + "." + rest
}

// FileName turns a document title into a safe file name: letters without accents, digits and
// dashes ("Fête de quartier" → "fete-de-quartier"); "affiche" when nothing is left.
func FileName(title string) string {
	var b strings.Builder
	dash := false
	title = strings.NewReplacer("œ", "oe", "Œ", "OE", "æ", "ae", "Æ", "AE", "ß", "ss").Replace(title)
	for _, r := range norm.NFD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	if b.Len() == 0 {
		return "affiche"
	}
	return b.String()
}
