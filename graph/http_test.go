package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/analytics"
)

func newTestEndpoint(t testing.TB, limits Limits) (*endpoint, *analytics.Store) {
	t.Helper()
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h, err := NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil)), limits)
	if err != nil {
		t.Fatal(err)
	}
	return h.(*endpoint), store
}

func do(h http.Handler, method, target, body string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var jsonHeader = map[string]string{"Content-Type": "application/json"}

// TestHostileQueriesNeverReachTheDatabase sends the hostile requests to a handler whose
// store is closed: had any of them reached DuckDB it would come back INTERNAL, not with the code
// of the limit that refused it.
//
// The endpoint is priced for the national data (measured: 13,368 units, 10,047 results a year,
// at most 171 units under one parent, 20 reorganisation links of one unit), where these requests
// are expensive; the default data is too small for some of them to be.
func TestHostileQueriesNeverReachTheDatabase(t *testing.T) {
	h := closedNationalEndpoint(t)
	for _, tt := range hostileRequests() {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(h, http.MethodPost, "/graphql", tt.body, jsonHeader)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), `"code":"`+tt.code+`"`) {
				t.Errorf("status %d body %.300s; want %d with %s", rec.Code, rec.Body, tt.status, tt.code)
			}
		})
	}
}

// BenchmarkHostileRefusal measures how long each hostile request takes to be refused.
func BenchmarkHostileRefusal(b *testing.B) {
	h := closedNationalEndpoint(b)
	for _, tt := range hostileRequests() {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				do(h, http.MethodPost, "/graphql", tt.body, jsonHeader)
			}
		})
	}
}

// closedNationalEndpoint is an endpoint priced for the national data over a closed store.
func closedNationalEndpoint(t testing.TB) *endpoint {
	t.Helper()
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	national := analytics.Shape{Units: 13_368, MaxResultsPerYear: 10_047, MaxChildren: 171, MaxLineage: 20,
		MaxFields: 8, MaxCriteriaPerField: 5, MaxCriteria: 40, MaxGroups: 5}
	return newEndpoint(store, slog.New(slog.NewTextHandler(io.Discard, nil)), DefaultLimits(), national)
}

type hostileRequest struct {
	name   string
	body   string
	status int
	code   string
}

func hostileRequests() []hostileRequest {
	deep := `{ __type(name: "Query") { ` + strings.Repeat("ofType { ", 49) + "name" + strings.Repeat(" }", 49) + " } }"
	aliases := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			b.WriteString(" a" + strconv.Itoa(i) + `: ranking(year: 2023) { rank }`)
		}
		return b.String() + " }"
	}
	return []hostileRequest{
		{"depth 50", query(deep, nil), 200, CodeDepth},
		{"1,000 aliases of ranking (over the token limit)", query(aliases(1000), nil), 200, CodeParseFailed},
		{"250 aliases of ranking (under the token limit)", query(aliases(250), nil), 200, CodeComplexity},
		{"a 1 MB body", `{"query": "{ years }", "variables": {"pad": "` + strings.Repeat("x", 1<<20) + `"}}`, 413, CodeRequestTooLarge},
		{"lists inside a list", query(`{ units { lineage { predecessor { code } successor { code } } } a: units { lineage { effective } } b: units(parent: "943") { years } }`, nil), 200, CodeComplexity},
		{"too many tokens", query("{ "+strings.Repeat("a ", MaxParserTokens)+"}", nil), 200, CodeParseFailed},
	}
}

// TestIntrospectionFitsTheDepthLimit keeps the explorer working: its introspection query is the
// deepest legitimate request.
func TestIntrospectionFitsTheDepthLimit(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	typeRef := "kind name"
	for range 9 {
		typeRef = "kind name ofType { " + typeRef + " }"
	}
	q := `{ __schema { types { name fields { name args { name type { ` + typeRef + ` } } type { ` + typeRef + ` } } } } }`
	rec := do(h, http.MethodPost, "/graphql", query(q, nil), jsonHeader)
	if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
		t.Errorf("introspection: %d %.300s", rec.Code, rec.Body)
	}
}

func TestOverloadIsRefusedWith503(t *testing.T) {
	limits := DefaultLimits()
	limits.MaxConcurrent, limits.QueueWait = 1, 20*time.Millisecond
	h, _ := newTestEndpoint(t, limits)
	h.slots <- struct{}{} // a request is running
	start := time.Now()
	rec := do(h, http.MethodPost, "/graphql", query(`{ years }`, nil), jsonHeader)
	waited := time.Since(start)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), CodeOverloaded) || rec.Header().Get("Retry-After") == "" {
		t.Errorf("got %d %s (Retry-After %q); want 503 OVERLOADED with Retry-After", rec.Code, rec.Body, rec.Header().Get("Retry-After"))
	}
	if waited > 2*time.Second {
		t.Errorf("the refused request waited %v; it must not queue without end", waited)
	}
	<-h.slots
	if rec := do(h, http.MethodPost, "/graphql", query(`{ years }`, nil), jsonHeader); rec.Code != 200 {
		t.Errorf("after the slot is free: %d %s", rec.Code, rec.Body)
	}
}

func TestTimeoutIsCoded(t *testing.T) {
	limits := DefaultLimits()
	limits.Timeout = time.Nanosecond
	h, _ := newTestEndpoint(t, limits)
	rec := do(h, http.MethodPost, "/graphql", query(`{ ranking(year: 2023) { rank } }`, nil), jsonHeader)
	if rec.Code != http.StatusGatewayTimeout || !strings.Contains(rec.Body.String(), `"code":"`+CodeTimeout+`"`) {
		t.Errorf("got %d %s; want a TIMEOUT error", rec.Code, rec.Body)
	}
}

func TestGETCaching(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	target := "/graphql?query=" + url.QueryEscape(`{ ranking(year: 2023) { unit { code } rank } }`)
	first := do(h, http.MethodGet, target, "", nil)
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" || first.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("first GET: %d, ETag %q, Cache-Control %q", first.Code, etag, first.Header().Get("Cache-Control"))
	}
	second := do(h, http.MethodGet, target, "", nil)
	if second.Header().Get("ETag") != etag || second.Body.String() != first.Body.String() {
		t.Errorf("second GET: ETag %q body differs: %v", second.Header().Get("ETag"), second.Body.String() != first.Body.String())
	}
	if rec := do(h, http.MethodGet, target, "", map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and no body", rec.Code, rec.Body.Len())
	}
	other := do(h, http.MethodGet, "/graphql?query="+url.QueryEscape(`{ years }`), "", nil)
	if other.Header().Get("ETag") == etag {
		t.Error("two queries share an ETag")
	}
	bad := do(h, http.MethodGet, "/graphql?query="+url.QueryEscape(`{ ranking(year: 1890) { rank } }`), "", nil)
	if bad.Header().Get("ETag") != "" || !strings.Contains(bad.Body.String(), CodeNotFound) {
		t.Errorf("an answer with errors got ETag %q: %s", bad.Header().Get("ETag"), bad.Body)
	}
}

// TestPOSTAnswersRepeatFromMemory checks that a clean POST answer is repeated without running
// the query again, and that answers with errors are not kept.
func TestPOSTAnswersRepeatFromMemory(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	good := query(`{ ranking(year: 2023, first: 3) { unit { code } rank } }`, nil)
	bad := query(`{ ranking(year: 1890) { rank } }`, nil)
	first := do(h, http.MethodPost, "/graphql", good, jsonHeader)
	do(h, http.MethodPost, "/graphql", bad, jsonHeader)
	if first.Code != 200 || !strings.Contains(first.Body.String(), `"rank":1`) {
		t.Fatalf("first POST: %d %s", first.Code, first.Body)
	}
	if first.Header().Get("ETag") != "" {
		t.Errorf("a POST answer got an ETag: %q", first.Header().Get("ETag"))
	}
	runs := 0
	exec := h.exec
	h.exec = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { runs++; exec.ServeHTTP(w, r) })
	second := do(h, http.MethodPost, "/graphql", good, jsonHeader)
	if second.Code != 200 || second.Body.String() != first.Body.String() || runs != 0 {
		t.Errorf("second POST: %d, same body %v, executor ran %d times (want 0)", second.Code, second.Body.String() == first.Body.String(), runs)
	}
	if rec := do(h, http.MethodPost, "/graphql", bad, jsonHeader); !strings.Contains(rec.Body.String(), CodeNotFound) || runs != 1 {
		t.Errorf("an answer with errors was kept: executor ran %d times (want 1): %s", runs, rec.Body)
	}
}

func TestAutomaticPersistedQueries(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	q := `{ years }`
	sum := sha256.Sum256([]byte(q))
	ext := `"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "` + hex.EncodeToString(sum[:]) + `"}}`
	if rec := do(h, http.MethodPost, "/graphql", `{`+ext+`}`, jsonHeader); !strings.Contains(rec.Body.String(), "PERSISTED_QUERY_NOT_FOUND") {
		t.Errorf("unknown hash: %s", rec.Body)
	}
	if rec := do(h, http.MethodPost, "/graphql", `{"query": "`+q+`", `+ext+`}`, jsonHeader); !strings.Contains(rec.Body.String(), "2023") {
		t.Errorf("register: %s", rec.Body)
	}
	if rec := do(h, http.MethodPost, "/graphql", `{`+ext+`}`, jsonHeader); !strings.Contains(rec.Body.String(), "2023") {
		t.Errorf("hash only: %s", rec.Body)
	}
}

// TestHTTPSemantics follows the GraphQL over HTTP specification.
func TestHTTPSemantics(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	gqlResponse := map[string]string{"Content-Type": "application/json", "Accept": "application/graphql-response+json"}
	tests := []struct {
		name, method, target, body string
		header                     map[string]string
		status                     int
		contentType, contains      string
	}{
		{"graphql-response+json: parse error is 400", "POST", "/graphql", query(`{ years`, nil), gqlResponse, 400, "application/graphql-response+json", CodeParseFailed},
		{"graphql-response+json: validation error is 400", "POST", "/graphql", query(`{ nope }`, nil), gqlResponse, 400, "application/graphql-response+json", CodeValidationFailed},
		{"graphql-response+json: success", "POST", "/graphql", query(`{ years }`, nil), gqlResponse, 200, "application/graphql-response+json", "2019"},
		{"application/json: validation error is 200", "POST", "/graphql", query(`{ nope }`, nil), jsonHeader, 200, "application/json", CodeValidationFailed},
		{"POST without JSON is 415", "POST", "/graphql", `query={years}`, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "application/json", CodeBadRequest},
		{"PUT is 405", "PUT", "/graphql", query(`{ years }`, nil), jsonHeader, 405, "application/json", CodeBadRequest},
		{"DELETE is 405", "DELETE", "/graphql", "", nil, 405, "application/json", CodeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(h, tt.method, tt.target, tt.body, tt.header)
			if rec.Code != tt.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.contentType) || !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("got %d %q %.200s; want %d %q containing %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body, tt.status, tt.contentType, tt.contains)
			}
		})
	}
	if rec := do(h, "PUT", "/graphql", "", nil); rec.Header().Get("Allow") == "" {
		t.Error("405 without an Allow header")
	}
}
