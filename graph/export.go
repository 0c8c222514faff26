package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
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
// that a client cannot take a cut file for a whole one.
//
// A file may be stored by shared caches as DefaultLimits say (see NewCachedExportHandler), under
// an ETag of the release, the export's canonical query and the coding; an If-None-Match naming
// the current one gets 304 Not Modified at once, without a slot. CSV and JSON files are
// compressed as they are written (br, zstd or gzip) when the client accepts it. It is safe for
// concurrent use.
func NewExportHandler(store *analytics.Store, logger *slog.Logger) http.Handler {
	return NewCachedExportHandler(store, logger, DefaultLimits())
}

// NewCachedExportHandler is NewExportHandler with the Cache-Control of limits.CacheMaxAge and
// limits.CacheStaleWhileRevalidate.
func NewCachedExportHandler(store *analytics.Store, logger *slog.Logger, limits Limits) http.Handler {
	slots := make(chan struct{}, maxConcurrentExports)
	cacheControl := limits.cacheControl()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		coding := negotiateCoding(r.Header.Get("Accept-Encoding"), codingsStreamed)
		// A cache revalidating the file of the current release needs no slot: the file of a
		// release never changes. The same query of another release has another ETag.
		if q, err := analytics.ParseExportValues(r.URL.Query()); err == nil && r.Header.Get("If-None-Match") != "" {
			tags := exportETags(store.Release(), q)
			for _, c := range []string{coding, ""} { // a file not worth compressing is sent as it is
				if etagMatch(r.Header.Get("If-None-Match"), tags(c)) {
					h := w.Header()
					h.Set("ETag", tags(c))
					h.Set("Cache-Control", cacheControl)
					addVary(h, "Accept-Encoding")
					w.WriteHeader(http.StatusNotModified)
					return
				}
			}
		}
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
		if !compressible(e.Info.ContentType) {
			coding = ""
		}
		h := w.Header()
		h.Set("Content-Type", e.Info.ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Info.FileName}))
		h.Set("Cache-Control", cacheControl)
		h.Set("ETag", exportETags(int64(e.Info.Release), q)(coding))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Parindex-Rows", strconv.Itoa(e.Info.RowCount))
		h.Set("X-Parindex-Release", strconv.Itoa(e.Info.Release))
		setCoding(h, coding)
		if r.Method == http.MethodHead {
			return
		}
		// Rows are compressed as they come: the file is never whole in memory.
		out := io.Writer(w)
		var stream *compressedStream
		if coding != "" {
			stream = newCompressedStream(coding, w)
			out = stream
		}
		cw := &countingWriter{w: out}
		err = e.Write(ctx, cw)
		if err == nil && stream != nil {
			err = stream.Close()
		}
		if err != nil {
			if cw.n == 0 && ctx.Err() == nil {
				logger.ErrorContext(ctx, "export: write", "err", err, "file", e.Info.FileName)
				for _, k := range []string{"Content-Disposition", "Content-Encoding", "ETag"} {
					h.Del(k)
				}
				writeError(w, http.StatusInternalServerError, CodeInternal, "internal error")
				return
			}
			logger.ErrorContext(ctx, "export: write broken off", "err", err, "file", e.Info.FileName, "bytes", cw.n)
			panic(http.ErrAbortHandler) // the client sees a broken transfer, not a short file
		}
	})
}

// exportETags returns the entity tags of an export of the release, in each coding ("" for
// none): the release and the query as ParseExportValues read it, written back in its one
// canonical order.
func exportETags(release int64, q analytics.ExportQuery) func(coding string) string {
	sum := sha256.Sum256([]byte(q.Values().Encode()))
	key := "r" + strconv.FormatInt(release, 10) + "-x" + hex.EncodeToString(sum[:12])
	return func(coding string) string { return etag(key, coding) }
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
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
