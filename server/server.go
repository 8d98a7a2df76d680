// Package server is Affiche's HTTP side: it serves the web app, runs exports (scene → PNG, JPEG,
// ZIP, PDF) under memory and concurrency limits, stores uploaded images and fonts, lists the
// bundled fonts and templates, reports export progress over a websocket, and exposes /healthz and
// /metrics. Everything it needs is embedded; what varies (the rendering backends, the icon and
// photo libraries) comes in through the interfaces of Deps.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"affiche/server/blobs"
	"affiche/server/export"
	"affiche/server/metrics"
	"affiche/web"
)

// Libraries is the icon and photo library (the embedded offline catalogue, and the online
// providers an administrator turns on), mounted at /api/libraries and under /api/library/.
type Libraries interface {
	// ServeHTTP answers the library's routes: /api/libraries and /api/library/… (search, items).
	http.Handler
	// Open returns the bytes of an item at a size (thumb, preview, full) for an export; an
	// unknown id gives an error wrapping renderer.ErrNotFound. Exports ask for the full size.
	Open(ctx context.Context, id, size string) ([]byte, error)
}

// Deps are the parts the server is given rather than building itself.
type Deps struct {
	// Renderer draws PNG and JPEG pages; nil makes those exports answer 422.
	Renderer export.Renderer
	// PDF writes PDFs; nil makes PDF exports answer 422 not_available.
	PDF export.PDFWriter
	// Libraries serves /api/libraries and /api/library/…; nil makes those routes answer 404.
	Libraries Libraries
	// Web is the static app; nil means the embedded one (package web).
	Web fs.FS
	// Logger receives structured logs; nil means slog.Default().
	Logger *slog.Logger
	// Version is shown in /healthz and affiche_build_info.
	Version string
}

// Server is the HTTP server of one Affiche instance.
type Server struct {
	cfg      Config
	deps     Deps
	log      *slog.Logger
	blobs    *blobs.Store
	limiter  *export.Limiter
	hub      *export.Hub
	exporter *export.Exporter
	static   *staticFiles
	handler  http.Handler
	// previews caches template previews by id (a handful of small PNGs).
	previews sync.Map
	// intake bounds the export requests whose bodies are held in memory (read, or waiting in
	// the queue): a full intake answers 503 before reading more. uploads bounds the uploads
	// read and checked at once (others wait their turn).
	intake, uploads chan struct{}
	started         time.Time

	// ctx ends when the server stops; websockets watch it.
	ctx    context.Context
	cancel context.CancelFunc
	wsWG   sync.WaitGroup

	reg        metrics.Registry
	mRequests  *metrics.CounterVec
	mExports   *metrics.CounterVec
	mExportDur *metrics.HistogramVec
	mPages     *metrics.CounterVec
	mBytes     *metrics.CounterVec
	mUploads   *metrics.CounterVec
}

// New builds a server: it fills defaults into cfg, creates the data directory and opens the blob
// store. Close releases what New opened.
func New(cfg Config, deps Deps) (*Server, error) {
	d := DefaultConfig()
	if cfg.Addr == "" {
		cfg.Addr = d.Addr
	}
	if cfg.DataDir == "" {
		cfg.DataDir = d.DataDir
	}
	if cfg.ExportWorkers <= 0 {
		cfg.ExportWorkers = d.ExportWorkers
	}
	if cfg.ExportMemory <= 0 {
		cfg.ExportMemory = d.ExportMemory
	}
	if cfg.ExportTimeout <= 0 {
		cfg.ExportTimeout = d.ExportTimeout
	}
	if cfg.MaxPagePixels <= 0 {
		cfg.MaxPagePixels = d.MaxPagePixels
	}
	if cfg.MaxExportPixels <= 0 {
		cfg.MaxExportPixels = d.MaxExportPixels
	}
	if cfg.MaxSceneBytes <= 0 {
		cfg.MaxSceneBytes = d.MaxSceneBytes
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = d.MaxUploadBytes
	}
	if cfg.MaxImagePixels <= 0 {
		cfg.MaxImagePixels = d.MaxImagePixels
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = d.ShutdownTimeout
	}
	log := deps.Logger
	if log == nil {
		log = slog.Default()
	}
	if deps.Version == "" {
		deps.Version = "dev"
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	tmp := filepath.Join(cfg.DataDir, "tmp")
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	store, err := blobs.Open(cfg.DataDir, blobs.Limits{MaxBytes: cfg.MaxUploadBytes, MaxPixels: cfg.MaxImagePixels})
	if err != nil {
		return nil, err
	}
	webFS := deps.Web
	if webFS == nil {
		webFS = web.FS()
	}
	static, err := newStaticFiles(webFS)
	if err != nil {
		store.Close()
		return nil, err
	}
	s := &Server{cfg: cfg, deps: deps, log: log, blobs: store, static: static, started: time.Now(),
		intake:  make(chan struct{}, cfg.ExportWorkers+max(cfg.ExportQueue, 0)+2),
		uploads: make(chan struct{}, 2*runtime.NumCPU())}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.initMetrics()
	s.limiter = export.NewLimiter(cfg.ExportWorkers, cfg.ExportQueue, cfg.ExportMemory, cfg.ExportsPerClient)
	s.hub = export.NewHub()
	s.exporter = export.New(export.Config{
		Renderer:        deps.Renderer,
		PDF:             deps.PDF,
		Resolver:        &resolver{blobs: store, libraries: deps.Libraries},
		Limiter:         s.limiter,
		Hub:             s.hub,
		MaxPagePixels:   cfg.MaxPagePixels,
		MaxExportPixels: cfg.MaxExportPixels,
		Timeout:         cfg.ExportTimeout,
		TempDir:         tmp,
		Logger:          log,
		OnDone:          s.exportDone,
	})
	s.handler = s.routes()
	return s, nil
}

// Config returns the configuration in force (defaults filled in).
func (s *Server) Config() Config { return s.cfg }

// Handler returns the server's HTTP handler (for tests and for embedding in another server).
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops websockets and releases the blob store. Call it after Run returns, or when the
// Handler was used on its own.
func (s *Server) Close() error {
	s.cancel()
	s.wsWG.Wait()
	return s.blobs.Close()
}

// Run listens on cfg.Addr and serves until ctx ends, then shuts down gracefully: it stops
// accepting connections, waits for running and queued exports to finish (up to
// ShutdownTimeout), then closes progress websockets.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		// A request body (a scene, an upload) must arrive within this; a slow client holds no
		// export worker meanwhile (exports are admitted once their body is read).
		ReadTimeout:    5 * time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.log.Info("affiche listening", "addr", "http://"+ln.Addr().String(), "data", s.cfg.DataDir,
		"export_workers", s.cfg.ExportWorkers, "export_queue", s.cfg.ExportQueue,
		"export_memory_mb", s.cfg.ExportMemory>>20, "pdf", s.deps.PDF != nil, "raster", s.deps.Renderer != nil)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	st := s.limiter.Stats()
	s.log.Info("shutting down: finishing running exports", "running", st.Running, "queued", st.Queued)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	s.cancel() // progress websockets (hijacked, so not waited for by Shutdown)
	if errors.Is(err, context.DeadlineExceeded) {
		s.log.Warn("shutdown timeout reached; closing remaining connections")
		hs.Close()
	}
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	s.log.Info("stopped")
	return nil
}
