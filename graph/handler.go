package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/parindex/parindex/analytics"
)

// Limits of a GraphQL request that do not depend on the machine.
const (
	MaxBodyBytes    = 64 << 10 // request body, and query string of a GET (see limitQueryString)
	MaxParserTokens = 3_000    // tokens in one query document; the explorer's introspection has about 350
	queryCacheBytes = 32 << 20 // parsed documents kept, in bytes (see parsedSize)
	apqCacheBytes   = 4 << 20  // persisted queries kept, in bytes: each is at most MaxBodyBytes
)

// endpoint is /graphql. It is safe for concurrent use.
type endpoint struct {
	exec    http.Handler
	store   *analytics.Store
	limits  Limits
	slots   chan struct{} // requests executing
	heavy   chan struct{} // heavy requests executing (admission.go)
	waiting atomic.Int32  // requests waiting for a slot
	asked   *askedOnce    // answers asked for once: kept only when asked again
	answers *byteCache[cachedAnswer]
	queries *byteCache[*ast.QueryDocument] // parsed documents, by their text
	logger  *slog.Logger
}

// cachedAnswer is an answer, kept for the data release it was computed from.
type cachedAnswer struct {
	contentType string
	body        []byte
}

// NewHandler returns the GraphQL endpoint, following the GraphQL over HTTP specification:
//   - JSON POST (Content-Type application/json, else 415) and GET for queries (a mutation over
//     GET is 405 with Allow: POST); other methods 405;
//   - answers in application/graphql-response+json when the client accepts it (a request refused
//     before it runs then has status 400), else application/json (status 200 for every
//     well-formed request, the errors in the body); a refused request's answer has no data, and
//     a request that is not a GraphQL request is 400 BAD_REQUEST (see run in transport.go);
//   - every error coded in extensions.code and free of SQL, engine or file text;
//   - bounded: body size and a GET's query string (414), parser tokens, depth, complexity (lists
//     count their size), rows, a deadline that cancels the database query, and at most
//     limits.MaxConcurrent requests at once, the next ones waiting at most limits.QueueWait
//     before a 503 OVERLOADED;
//   - cacheable: automatic persisted queries; a clean GET answer carries the Cache-Control of
//     limits.CacheMaxAge and limits.CacheStaleWhileRevalidate and an ETag tied to the data
//     release, the request and the coding, and If-None-Match naming it gets 304; POST answers,
//     answers with errors and admin answers are no-store; clean answers (GET or POST) repeat
//     from memory until the release changes, within limits.AnswerCacheBytes, with their coded
//     bytes;
//   - compressed (br, zstd or gzip, by Accept-Encoding) from minCompressBytes (compress.go).
//
// It reads the data's shape once, to price lists before running them.
func NewHandler(store *analytics.Store, logger *slog.Logger, limits Limits) (http.Handler, error) {
	shape, err := store.Shape(context.Background())
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	return newEndpoint(store, logger, limits, shape), nil
}

// newEndpoint builds the endpoint for data of the given shape.
func newEndpoint(store *analytics.Store, logger *slog.Logger, limits Limits, shape analytics.Shape) *endpoint {
	cfg := Config{Resolvers: &Resolver{Store: store, Limits: limits}}
	cfg.Directives.Admin = adminDirective
	complexity(&cfg.Complexity, shape)
	schema := NewExecutableSchema(cfg)
	srv := handler.New(schema)
	srv.AddTransport(transport.Options{AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions}})
	// transport.GET and transport.POST, with a code on every error, variables coerced as the
	// specification says and answers written faster (transport.go, coerce.go).
	srv.AddTransport(getQuery{schema: schema.Schema()})
	srv.AddTransport(postJSON{schema: schema.Schema()})
	srv.SetValidationRulesFn(validationRules) // literals coerced as the specification says
	queries := newByteCache(queryCacheBytes, parsedSize(MaxBodyBytes), documentSize)
	srv.SetQueryCache(queries)
	srv.SetParserTokenLimit(MaxParserTokens)
	srv.Use(extension.Introspection{})
	srv.Use(persistedQueries{extension.AutomaticPersistedQuery{
		Cache: newByteCache(apqCacheBytes, MaxBodyBytes, func(q string) int { return len(q) })}})
	srv.Use(shapeLimit{maxDepth: limits.MaxDepth, schema: schema.Schema()}) // before gqlgen's complexity walk, which it spares
	srv.Use(extension.FixedComplexityLimit(limits.MaxComplexity))
	srv.Use(heavyGate{threshold: limits.HeavyComplexity}) // after the complexity limit, whose figure it reads
	// No field middleware (AroundFields): the fields of lists of objects are written straight from
	// their structs (direct.go) and would not pass through it.
	srv.SetErrorPresenter(errorPresenter(logger))
	srv.SetRecoverFunc(recoverFunc(logger))
	return &endpoint{
		exec:   srv,
		store:  store,
		limits: limits,
		slots:  make(chan struct{}, limits.MaxConcurrent),
		heavy:  make(chan struct{}, max(limits.MaxHeavy, 1)),
		answers: newByteCache(limits.AnswerCacheBytes, limits.MaxCachedAnswerBytes,
			func(a cachedAnswer) int { return len(a.contentType) + len(a.body) }),
		queries: queries,
		asked:   newAskedOnce(askedOnceKeys),
		logger:  logger,
	}
}

// parsedSize is about what the parsed document of a query of n bytes takes in memory: measured
// with gqlparser v2.5.64, from 20 (aliases) to 39 (bare fields) times its text. A client chooses
// the documents kept: 1,000 documents of 3,000 tokens would take about 700 MB.
func parsedSize(n int) int { return 40 * n }

// documentSize is parsedSize of the text a document was parsed from.
func documentSize(doc *ast.QueryDocument) int {
	for _, op := range doc.Operations {
		if op.Position != nil && op.Position.Src != nil {
			return parsedSize(len(op.Position.Src.Input))
		}
	}
	return 0
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var cacheKey string
	accept := r.Header.Get("Accept-Encoding")
	switch r.Method {
	case http.MethodOptions:
		e.exec.ServeHTTP(w, r)
		return
	case http.MethodPost:
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, CodeBadRequest, "POST a JSON body with Content-Type: application/json")
			return
		}
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		if r.Header.Get("Authorization") != "" {
			break // an admin answer is never cached, nor answered from the cache
		}
		// The same request of the same release has the same answer: repeat it from memory.
		cacheKey = e.answerKey(r, "POST", body)
		if e.repeat(w, r, cacheKey, accept) {
			return
		}
	case http.MethodGet:
		if !limitQueryString(w, r) {
			return
		}
		if r.Header.Get("Authorization") != "" {
			break // an admin answer is never cached, nor answered from the cache
		}
		// The release, what the client accepts and the whole query string name the answer.
		cacheKey = e.answerKey(r, "GET", []byte(r.URL.RawQuery))
		if e.repeat(w, r, cacheKey, accept) {
			return
		}
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		writeError(w, http.StatusMethodNotAllowed, CodeBadRequest, "use GET for queries or POST with a JSON body")
		return
	}

	// Admission: a slot, or a short wait for one, or 503; a heavy request also waits for a heavy
	// slot once its complexity is known (admission.go).
	adm := &admission{e: e}
	defer adm.release()
	if adm.slot = e.take(r.Context(), e.slots, e.limits.QueueWait); !adm.slot {
		if r.Context().Err() == nil {
			writeOverloaded(w)
		}
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), admissionKey{}, adm))

	ctx, cancel := context.WithTimeout(r.Context(), e.limits.Timeout)
	defer cancel()
	// Hold the answer: only a clean one gets an ETag and a place in the cache, and an answer lost
	// to the deadline is replaced by a coded error.
	rec := &heldAnswer{header: http.Header{}, status: http.StatusOK}
	e.exec.ServeHTTP(rec, r.WithContext(ctx))
	if adm.refused {
		writeOverloaded(w)
		return
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && !bytes.Contains(rec.body.Bytes(), []byte(`"data"`)) {
		writeError(w, http.StatusGatewayTimeout, CodeTimeout, fmt.Sprintf("the request took longer than %v", e.limits.Timeout))
		return
	}
	if adminUsed(ctx) || r.Header.Get("Authorization") != "" {
		cacheKey = "" // admin answers and writes are never kept for the next client
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	answer := cachedAnswer{contentType: rec.header.Get("Content-Type"), body: rec.body.Bytes()}
	if cacheKey != "" && rec.status == http.StatusOK && !bytes.Contains(answer.body, []byte(`"errors":`)) {
		kept := rec.body.Len() <= e.limits.MaxCachedAnswerBytes && e.asked.again(cacheKey)
		if kept {
			answer.body = bytes.Clone(answer.body)
			e.answers.Add(r.Context(), cacheKey, answer)
		}
		e.writeClean(w, r, cacheKey, answer, accept, kept)
		return
	}
	// Answers with errors, admin answers and writes are for this client only, now.
	w.Header().Set("Cache-Control", "no-store")
	status := rec.status
	if adminRefused(ctx) {
		status = http.StatusUnauthorized
	}
	e.writeBody(w, status, answer, accept)
}

// repeat answers a request from memory when its clean answer is kept there (in the coding the
// client accepts when that is kept too), and reports whether it did.
func (e *endpoint) repeat(w http.ResponseWriter, r *http.Request, key, accept string) bool {
	// Only the answers that may be kept have their coded bytes kept.
	if coding := negotiateCoding(accept, codingsKept); coding != "" {
		if a, ok := e.cached(r.Context(), codedKey(key, coding)); ok {
			e.send(w, r, key, a, coding)
			return true
		}
	}
	a, ok := e.cached(r.Context(), key)
	if ok {
		e.writeClean(w, r, key, a, accept, true)
	}
	return ok
}

// writeClean sends a clean answer in the coding the client accepts (Accept-Encoding), when the
// answer is worth compressing; kept says the answer is kept in memory, and then its coded bytes
// are kept beside it, so that the next client asking for the same answer in the same coding
// costs no compression.
func (e *endpoint) writeClean(w http.ResponseWriter, r *http.Request, key string, a cachedAnswer, accept string, kept bool) {
	coding, fast := e.answerCoding(a, accept)
	if coding == "" {
		e.send(w, r, key, a, "")
		return
	}
	if r.Method == http.MethodGet && etagMatch(r.Header.Get("If-None-Match"), etag(key, coding)) {
		e.send(w, r, key, cachedAnswer{}, coding) // 304: the coded bytes are not needed
		return
	}
	coded := cachedAnswer{contentType: a.contentType, body: compressBytes(coding, fast, a.body)}
	if kept {
		e.answers.Add(r.Context(), codedKey(key, coding), coded)
	}
	e.send(w, r, key, coded, coding)
}

// send writes a clean answer, already in the coding. A GET answer may be stored by shared caches
// for the release, under an ETag of the release, the request and the coding, and an If-None-Match
// naming that ETag gets 304 Not Modified; a POST answer may not be stored.
func (e *endpoint) send(w http.ResponseWriter, r *http.Request, key string, a cachedAnswer, coding string) {
	h := w.Header()
	setCoding(h, coding)
	if r.Method != http.MethodGet {
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Type", a.contentType)
		w.Write(a.body)
		return
	}
	tag := etag(key, coding)
	h.Set("ETag", tag)
	h.Set("Cache-Control", e.limits.cacheControl())
	addVary(h, "Accept")
	// The ETag names a clean answer of this release: a client holding it has the current copy.
	if etagMatch(r.Header.Get("If-None-Match"), tag) {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", a.contentType)
	w.Write(a.body)
}

// writeBody writes an answer that is not kept, compressed when it is worth it.
func (e *endpoint) writeBody(w http.ResponseWriter, status int, a cachedAnswer, accept string) {
	coding, fast := e.answerCoding(a, accept)
	setCoding(w.Header(), coding)
	w.WriteHeader(status)
	if coding == "" {
		w.Write(a.body)
		return
	}
	w.Write(compressBytes(coding, fast, a.body))
}

// answerCoding returns the coding an answer is sent in, "" when it is sent as it is: small
// answers and media already compressed are. An answer too large to be kept in memory is
// compressed every time, fast (see codingsStreamed).
func (e *endpoint) answerCoding(a cachedAnswer, accept string) (coding string, fast bool) {
	switch {
	case len(a.body) < minCompressBytes || !compressible(a.contentType):
		return "", false
	case len(a.body) <= e.limits.MaxCachedAnswerBytes:
		return negotiateCoding(accept, codingsKept), false
	}
	return negotiateCoding(accept, codingsStreamed), true
}

// etag is the entity tag of the answer kept under key, in the coding ("" for none).
func etag(key, coding string) string {
	if coding == "" {
		return `"` + key + `"`
	}
	return `"` + codedKey(key, coding) + `"`
}

// codedKey is the key of an answer's bytes in the coding.
func codedKey(key, coding string) string { return key + "-" + coding }

// writeOverloaded answers a request refused for lack of a slot.
func writeOverloaded(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", mediaJSON)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusServiceUnavailable)
	io.WriteString(w, overloadedBody)
}

// cached returns the answer kept under key, if any.
func (e *endpoint) cached(ctx context.Context, key string) (cachedAnswer, bool) {
	return e.answers.Get(ctx, key)
}

// answerKey names an answer: the data release, the method, what the client accepts and the
// request itself (a GET's query string, a POST's body).
func (e *endpoint) answerKey(r *http.Request, method string, request []byte) string {
	h := sha256.New()
	io.WriteString(h, method+"\x00"+r.Header.Get("Accept")+"\x00")
	h.Write(request)
	return "r" + strconv.FormatInt(e.store.Release(), 10) + "-" + hex.EncodeToString(h.Sum(nil)[:12])
}

// readBody reads a POST body within the limit and checks that it is a GraphQL request in JSON,
// answering the client itself when not: gqlgen would echo a bad body whole in its error.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, CodeRequestTooLarge, "request body is larger than 64 KiB")
			return nil, false
		}
		writeError(w, http.StatusBadRequest, CodeBadRequest, "could not read the request body")
		return nil, false
	}
	var req struct {
		Query         string         `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
		Extensions    map[string]any `json:"extensions"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest,
			`request body must be a JSON object {"query": "…", "variables": {…}, "operationName": "…"}`)
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, true
}

// heldAnswer keeps a whole answer in memory.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldAnswer) Header() http.Header         { return h.header }
func (h *heldAnswer) WriteHeader(status int)      { h.status = status }
func (h *heldAnswer) Write(b []byte) (int, error) { return h.body.Write(b) }

// etagMatch reports whether an If-None-Match header names etag. "*" does not: it would answer
// 304 to any request, an invalid one included, before knowing whether its answer is clean.
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(t), "W/") == etag {
			return true
		}
	}
	return false
}

// limitQueryString refuses a query string longer than MaxBodyBytes with 414 REQUEST_TOO_LARGE,
// and reports whether the request may go on: a GET is held to the limits of a POST body.
func limitQueryString(w http.ResponseWriter, r *http.Request) bool {
	if len(r.URL.RawQuery) <= MaxBodyBytes {
		return true
	}
	writeError(w, http.StatusRequestURITooLong, CodeRequestTooLarge,
		fmt.Sprintf("the query string is longer than %d KiB (a larger GraphQL request goes in a POST body)", MaxBodyBytes>>10))
	return false
}

// writeError answers with a GraphQL-shaped error outside the executor.
// It is never stored: the next request may succeed.
func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", mediaJSON)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
}
