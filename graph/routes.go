package graph

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/rs/cors"

	"github.com/parindex/parindex/analytics"
)

// Options configure parindex's HTTP surface.
type Options struct {
	Limits      Limits
	CORSOrigins []string // origins allowed to call the API from a browser; none by default
	AdminToken  string   // admin endpoints and fields need it; empty refuses them all
	BackupDir   string   // the folder POST /admin/backup writes into, each backup in a sub-folder
	// ReadOnly serves a replica's read-only store: no admin endpoint at all (/admin/* is 404
	// NOT_FOUND) and every admin field refused, whatever AdminToken says.
	ReadOnly   bool
	PublishDir string // the publication folder POST /admin/publish writes into; "" refuses it
	// The pages mounted beside the API, which the API does not know: the single-page app at every
	// other path, the explorer at /graphiql and the examples at /graphiql/examples (main.go gives
	// web.Handler, web.Explorer and web.Page(ExamplesPage())). A nil one is not served.
	App, Explorer, Examples http.Handler
}

// NewRoutes returns parindex's HTTP surface: /graphql (see NewHandler), /graphiql and its
// /graphiql/examples, /export (see NewExportHandler), /healthz and /readyz, the admin endpoints
// unless opts.ReadOnly, and the app for every other path,
// with one access-log line per request. Every answer carries X-Content-Type-Options: nosniff; an
// unknown path under /graphql/, /admin/ or /export/ is 404 NOT_FOUND, not the app; a query string
// longer than MaxBodyBytes is 414 REQUEST_TOO_LARGE. It is what the binary serves and what the
// benchmarks measure.
func NewRoutes(store *analytics.Store, logger *slog.Logger, opts Options) (http.Handler, error) {
	api, err := NewHandler(store, logger, opts.Limits)
	if err != nil {
		return nil, err
	}
	return newRoutes(store, logger, opts, api), nil
}

// newRoutes is NewRoutes around a given GraphQL endpoint.
func newRoutes(store *analytics.Store, logger *slog.Logger, opts Options, api http.Handler) http.Handler {
	if opts.ReadOnly {
		opts.AdminToken = ""
	}
	if len(opts.CORSOrigins) > 0 {
		// rs/cors treats an empty list as "every origin": install it only with explicit origins.
		api = cors.New(cors.Options{
			AllowedOrigins: opts.CORSOrigins,
			AllowedMethods: []string{http.MethodGet, http.MethodPost},
			AllowedHeaders: []string{"Content-Type", "Accept", "If-None-Match"},
			ExposedHeaders: []string{"ETag", "Retry-After"},
			MaxAge:         600,
		}).Handler(api)
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", newAdmin(opts.AdminToken).withAdmin(api))
	if !opts.ReadOnly {
		adminRoutes(mux, store, logger, opts.AdminToken, opts.BackupDir, opts.PublishDir)
	}
	if opts.Explorer != nil {
		mux.Handle("GET /graphiql", opts.Explorer)
	}
	if opts.Examples != nil {
		mux.Handle("GET /graphiql/examples", opts.Examples)
	}
	mux.Handle("GET /export", withQueryStringLimit(NewCachedExportHandler(store, logger, opts.Limits)))
	mux.HandleFunc("/export", func(w http.ResponseWriter, r *http.Request) {
		// Without it, the subtree /export/ would redirect a POST /export there.
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, CodeBadRequest, "an export is downloaded with GET /export?…")
	})
	for _, prefix := range []string{"/graphql/", "/admin/", "/export/"} {
		mux.HandleFunc(prefix, func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, CodeNotFound, "no such path; the API is /graphql, its explorer /graphiql")
		})
	}
	health := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", mediaJSON)
		w.Header().Set("Cache-Control", "no-store")
		if err := store.Ping(r.Context()); err != nil {
			logger.ErrorContext(r.Context(), "health check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			json.NewEncoder(w).Encode(map[string]string{"status": "unavailable"})
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
	}
	// A single server is ready as soon as it answers: its store was opened before it listened.
	mux.HandleFunc("GET /healthz", health)
	mux.HandleFunc("GET /readyz", health)
	if opts.App != nil {
		mux.Handle("/", opts.App)
	}
	return accessLog(logger, nosniff(mux))
}

// nosniff tells browsers to trust every answer's Content-Type rather than guess it.
func nosniff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// withQueryStringLimit holds a handler's query string to the limit of a request body (see
// limitQueryString).
func withQueryStringLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if limitQueryString(w, r) {
			next.ServeHTTP(w, r)
		}
	})
}

// accessLog logs one line per request.
func accessLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		logger.LogAttrs(r.Context(), slog.LevelInfo, "http",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
