package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"affiche/server/apierr"
)

// handlerFunc is an HTTP handler that returns its error; one adapter (serve) writes it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// routes registers every route in one place.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := func(pattern string, methods map[string]handlerFunc) {
		allow := make([]string, 0, len(methods)+1)
		for m := range methods {
			allow = append(allow, m)
		}
		if _, ok := methods[http.MethodGet]; ok {
			allow = append(allow, http.MethodHead)
			methods[http.MethodHead] = methods[http.MethodGet]
		}
		sort.Strings(allow)
		allowed := strings.Join(allow, ", ")
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			h, ok := methods[r.Method]
			if !ok {
				w.Header().Set("Allow", allowed)
				apierr.Write(w, r, apierr.MethodNotAllowedError(allowed))
				return
			}
			s.serve(w, r, h)
		})
	}
	api("/healthz", map[string]handlerFunc{"GET": s.handleHealth})
	api("/metrics", map[string]handlerFunc{"GET": s.handleMetrics})

	api("/api/export", map[string]handlerFunc{"GET": s.handleExportInfo, "POST": s.handleExport})
	api("/api/export/progress", map[string]handlerFunc{"GET": s.handleProgress})
	api("/api/import/polotno", map[string]handlerFunc{"POST": s.handleImportPolotno})
	api("/api/blobs", map[string]handlerFunc{"POST": s.handleUpload, "PUT": s.handleUpload})
	api("/api/blobs/{hash}", map[string]handlerFunc{"GET": s.handleBlob})
	api("/api/fonts", map[string]handlerFunc{"GET": s.handleFonts})
	api("/api/fonts/{file...}", map[string]handlerFunc{"GET": s.handleFontFile})
	api("/api/templates", map[string]handlerFunc{"GET": s.handleTemplates})
	api("/api/templates/{id}", map[string]handlerFunc{"GET": s.handleTemplate})
	api("/api/templates/{id}/preview", map[string]handlerFunc{"GET": s.handleTemplatePreview})
	library := func(w http.ResponseWriter, r *http.Request) {
		if s.deps.Libraries == nil {
			apierr.Write(w, r, apierr.New(http.StatusNotFound, apierr.NotAvailable,
				"the icon and photo library is not available on this server",
				"la bibliothèque d'icônes et de photos n'est pas disponible sur ce serveur"))
			return
		}
		s.deps.Libraries.ServeHTTP(w, r)
	}
	mux.HandleFunc("/api/library/", library)
	mux.HandleFunc("/api/libraries", library)
	mux.HandleFunc("/api/icons/search", library)
	mux.HandleFunc("/api/photos/search", library)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		apierr.Write(w, r, apierr.ErrNotFound)
	})
	mux.HandleFunc("/", s.static.ServeHTTP)
	return s.middleware(mux)
}

// serve runs h and writes its error: an *apierr.Error as is; anything else as a 500 whose
// detail goes to the log only.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, h handlerFunc) {
	err := h(w, r)
	if err == nil {
		return
	}
	if ae := apierr.As(err); ae != nil {
		apierr.Write(w, r, ae)
		return
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	apierr.Write(w, r, apierr.ErrInternal)
}

// statusWriter records the status and size of a response for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack hands the connection over to the websocket upgrader.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil && w.status == 0 {
		w.status = http.StatusSwitchingProtocols
	}
	return conn, rw, err
}

// appCSP is the content security policy of the app and the API: scripts only from this origin
// (no inline script); WebAssembly compilation allowed; no framing. data: and blob: URLs may be
// fetched (the editor decodes embedded images and fonts that way); network requests go only to
// this origin (its websocket included).
const appCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data: blob:; connect-src 'self' data: blob:; worker-src 'self' blob:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// middleware wraps every request: security headers, recovery from panics (500, stack in the log
// only), access log and metrics.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", appCSP)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.status == 0 {
					apierr.Write(sw, r, apierr.ErrInternal)
				}
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			route := r.Pattern
			if route == "" {
				route = "other"
			}
			s.mRequests.Inc(route, fmt.Sprint(status))
			level := slog.LevelInfo
			if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" || (status < 400 && !strings.HasPrefix(r.URL.Path, "/api/")) {
				level = slog.LevelDebug
			}
			s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", status,
				"bytes", sw.bytes, "ms", time.Since(start).Milliseconds(), "client", s.clientAddr(r))
		}()
		next.ServeHTTP(sw, r)
	})
}

// clientAddr returns the address of the client: the peer, or for a trusted proxy the last
// address in X-Forwarded-For that is not itself a trusted proxy.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if len(s.cfg.TrustProxy) == 0 {
		return host
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || !s.trusted(addr) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !s.trusted(a) {
			return a.String()
		}
		host = a.String()
	}
	return host
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.cfg.TrustProxy {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// writeJSON sends v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	st := s.limiter.Stats()
	return writeJSON(w, http.StatusOK, map[string]any{
		"status": "ok", "version": s.deps.Version, "uptimeSeconds": int(time.Since(s.started).Seconds()),
		"exportsRunning": st.Running, "exportsQueued": st.Queued,
		"formats": s.formats(), "goVersion": runtime.Version(),
	})
}
