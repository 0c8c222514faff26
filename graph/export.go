package graph

import (
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/parindex/parindex/analytics"
)

// Bounds of the download endpoint. An export of everything at national scale takes seconds and
// keeps DuckDB's two cores busy, so few run at once and each may take longer than a query.
const (
	maxConcurrentExports = 2
	exportWriteTimeout   = 15 * time.Minute
)

// NewExportHandler returns GET /export, which streams a file of any selection (the URL contract
// is in docs/export.md; the GraphQL export query plans the same files and answers with their
// address). A request first takes one of maxConcurrentExports slots, or gets a 503 OVERLOADED at
// once: nothing is parsed, planned or read outside a slot. While an import or a rollback runs, new
// exports get the same 503, so that the new release is not held back by scans beside it. Every
// parameter is checked before the first byte: a bad one gets a 400 with a JSON error and its code
// (BAD_USER_INPUT or NOT_FOUND), never a partial file. The whole file is read from one data
// release, pinned when it is planned, whatever commits meanwhile; its name, its metadata and the
// X-Parindex-Release header say which. An error after the first byte breaks the connection, so
// that a client cannot take a cut file for a whole one. It is safe for concurrent use.
func NewExportHandler(store *analytics.Store, logger *slog.Logger) http.Handler {
	slots := make(chan struct{}, maxConcurrentExports)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if store.Importing() {
			w.Header().Set("Retry-After", "5")
			writeError(w, http.StatusServiceUnavailable, CodeOverloaded, "a new data release is being imported; retry in a few seconds")
			return
		}
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		default:
			w.Header().Set("Retry-After", "5")
			writeError(w, http.StatusServiceUnavailable, CodeOverloaded, "other exports are being written; retry in a few seconds")
			return
		}
		q, err := analytics.ParseExportValues(r.URL.Query())
		var e *analytics.Export
		if err == nil {
			e, err = store.PlanExport(ctx, q)
		}
		var userErr *analytics.UserError
		switch {
		case errors.As(err, &userErr):
			code := CodeBadUserInput
			if errors.Is(err, analytics.ErrNotFound) {
				code = CodeNotFound
			}
			writeError(w, http.StatusBadRequest, code, userErr.Message)
			return
		case errors.Is(err, analytics.ErrReleaseChanging):
			w.Header().Set("Retry-After", "5")
			writeError(w, http.StatusServiceUnavailable, CodeOverloaded, "a new data release is being published; retry in a few seconds")
			return
		case err != nil && ctx.Err() != nil:
			return // the client has gone
		case err != nil:
			logger.ErrorContext(ctx, "export: plan", "err", err, "query", r.URL.RawQuery)
			writeError(w, http.StatusInternalServerError, CodeInternal, "internal error")
			return
		}
		defer e.Close()
		// The server's write timeout is sized for queries, not for files of millions of rows.
		if err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(exportWriteTimeout)); err != nil {
			logger.WarnContext(ctx, "export: cannot extend the write deadline", "err", err)
		}
		h := w.Header()
		h.Set("Content-Type", e.Info.ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Info.FileName}))
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Parindex-Rows", strconv.Itoa(e.Info.RowCount))
		h.Set("X-Parindex-Release", strconv.Itoa(e.Info.Release))
		if r.Method == http.MethodHead {
			return
		}
		cw := &countingWriter{w: w}
		if err := e.Write(ctx, cw); err != nil {
			if cw.n == 0 && ctx.Err() == nil {
				logger.ErrorContext(ctx, "export: write", "err", err, "file", e.Info.FileName)
				h.Del("Content-Disposition")
				writeError(w, http.StatusInternalServerError, CodeInternal, "internal error")
				return
			}
			logger.ErrorContext(ctx, "export: write broken off", "err", err, "file", e.Info.FileName, "bytes", cw.n)
			panic(http.ErrAbortHandler) // the client sees a broken transfer, not a short file
		}
	})
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// deref is the value of an optional argument, or its zero value.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
