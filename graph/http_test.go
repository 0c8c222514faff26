package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"

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

// TestHostileRequests sends every row of hostileRequests to parindex's routes twice, both priced
// for the national data: over the default data, and over a closed store, where anything that
// reached DuckDB would come back INTERNAL rather than with the code of the limit that refused it.
// The national pricing (measured: 13,368 units, 10,047 results a year, at most 171 units under
// one parent, 20 reorganisation links of one unit) is where these requests are expensive; the
// default data is too small for some of them to be.
//
// Each row must get its status, its code, its headers, and nothing logged at ERROR (a client's
// mistake must not fill the error log), within a time budget (see timeBudget).
func TestHostileRequests(t *testing.T) {
	for _, target := range []struct {
		name string
		open func(testing.TB, *slog.Logger) http.Handler
	}{{"default data", defaultDataRoutes}, {"closed national", closedNationalRoutes}} {
		t.Run(target.name, func(t *testing.T) {
			errorLog := &countingHandler{}
			h := target.open(t, slog.New(errorLog))
			budget := timeBudget(t, h)
			for _, tt := range hostileRequests() {
				t.Run(tt.name, func(t *testing.T) {
					before := errorLog.errors.Load()
					rec := tt.do(h)
					checkHostileAnswer(t, tt, rec)
					if n := errorLog.errors.Load() - before; n > 0 {
						t.Errorf("logged %d lines at ERROR; a client's request is not our error", n)
					}
					if took := tt.median(h); took > budget {
						t.Errorf("took %v (median of %d), over the budget of %v", took, budgetTries, budget)
					}
				})
			}
		})
	}
}

// Time budgets are ratios to a trivial request measured in the same run, so that a slow or busy
// machine slows both alike. { years } takes 5-10 µs in process; the slowest refusals, of a 900 KB
// query string or a 1 MB body (most of it building the test's request), 3-8 ms, and a parse of
// 3,000 tokens 1-3 ms; reaching the database at national size costs hundreds of milliseconds (a
// 20,000-unit aggregate took 443 ms). The ratio and the floor leave more than ten times the
// slowest refusal, and medians of several tries keep a scheduler hiccup on a shared 2-core
// machine from failing the test.
const (
	budgetRatio = 1_000
	budgetFloor = 100 * time.Millisecond
	budgetTries = 5
)

// timeBudget is what a hostile request may take on h: budgetRatio times the median of { years },
// plus budgetFloor.
func timeBudget(t *testing.T, h http.Handler) time.Duration {
	trivial := hostileRequest{name: "trivial", body: query(`{ years }`, nil), status: 200}
	var times []time.Duration
	for range 21 {
		start := time.Now()
		trivial.do(h)
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	budget := budgetRatio*times[len(times)/2] + budgetFloor
	t.Logf("{ years } median %v: budget %v", times[len(times)/2], budget)
	return budget
}

// BenchmarkHostileRefusal measures how long each hostile request takes to be refused.
func BenchmarkHostileRefusal(b *testing.B) {
	h := closedNationalRoutes(b, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, tt := range hostileRequests() {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				tt.do(h)
			}
		})
	}
}

// defaultDataRoutes are parindex's routes over the default data, with the GraphQL endpoint priced
// for the national data, so that a row gets the same answer as over closedNationalRoutes, where
// nothing can reach the database.
func defaultDataRoutes(t testing.TB, logger *slog.Logger) http.Handler {
	t.Helper()
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	api := newEndpoint(store, logger, DefaultLimits(), nationalShape)
	return newRoutes(store, logger, Options{Limits: DefaultLimits()}, api)
}

// closedNationalRoutes are parindex's routes over a closed store, with the GraphQL endpoint
// priced for the national data.
func closedNationalRoutes(t testing.TB, logger *slog.Logger) http.Handler {
	t.Helper()
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	api := newEndpoint(store, logger, DefaultLimits(), nationalShape)
	return newRoutes(store, logger, Options{Limits: DefaultLimits()}, api)
}

// nationalShape is the shape of the national data, measured.
var nationalShape = analytics.Shape{Units: 13_368, MaxResultsPerYear: 10_047, MaxChildren: 171, MaxLineage: 20,
	MaxFields: 8, MaxCriteriaPerField: 5, MaxCriteria: 40, MaxGroups: 5}

// hostileRequest is one row of the hostile-request table: a request a client may send to hurt
// the service or to confuse it, and the answer it must get. Only name, status and either body or
// target are needed: method is POST when there is a body and GET otherwise, target is /graphql,
// and a POST is sent as JSON unless header says otherwise. A row must be refused before the
// database, so that it gets the same answer over the default data and over a closed store.
type hostileRequest struct {
	name   string
	method string            // "" is POST with a body, else GET
	target string            // path and query string; "" is /graphql
	header map[string]string // request headers; a POST without Content-Type gets application/json
	body   string

	status     int               // the status wanted
	code       string            // the extensions.code wanted; "" when the answer has no body
	wantHeader map[string]string // response headers wanted, by prefix; "" wants the header absent
	bodyLacks  string            // text the body must not hold
}

// do sends the request to h.
func (tt hostileRequest) do(h http.Handler) *httptest.ResponseRecorder {
	method, target := tt.method, tt.target
	if method == "" {
		method = http.MethodGet
		if tt.body != "" {
			method = http.MethodPost
		}
	}
	if target == "" {
		target = "/graphql"
	}
	header := map[string]string{}
	if method == http.MethodPost {
		header["Content-Type"] = "application/json"
	}
	maps.Copy(header, tt.header)
	return do(h, method, target, tt.body, header)
}

// median is the median time of budgetTries requests.
func (tt hostileRequest) median(h http.Handler) time.Duration {
	var times []time.Duration
	for range budgetTries {
		start := time.Now()
		tt.do(h)
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	return times[len(times)/2]
}

// checkHostileAnswer checks the answer to a row: its status and headers, its code, and that
// every error it holds carries a code and comes with nosniff.
func checkHostileAnswer(t *testing.T, tt hostileRequest, rec *httptest.ResponseRecorder) {
	t.Helper()
	body := rec.Body.String()
	if rec.Code != tt.status {
		t.Errorf("status %d, want %d; body %.300s", rec.Code, tt.status, body)
	}
	if tt.code != "" && !strings.Contains(body, `"code":"`+tt.code+`"`) {
		t.Errorf("body %.300s; want the code %s", body, tt.code)
	}
	if tt.code == "" && body != "" {
		t.Errorf("body %.300s; want none", body)
	}
	for k, want := range tt.wantHeader {
		if got := rec.Header().Get(k); !strings.HasPrefix(got, want) || (want == "" && got != "") {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	if tt.bodyLacks != "" && strings.Contains(body, tt.bodyLacks) {
		t.Errorf("body %.300s holds %s", body, tt.bodyLacks)
	}
	if body == "" {
		return
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasSuffix(ct, "; charset=utf-8") || !strings.Contains(ct, "json") {
		t.Errorf("Content-Type %q, want JSON in UTF-8", ct)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no X-Content-Type-Options: nosniff")
	}
	var resp struct {
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Errorf("the body is not JSON: %v: %.300s", err, body)
	}
	for _, e := range resp.Errors {
		if e.Extensions.Code == "" {
			t.Errorf("an error without a code: %.300s", body)
		}
	}
}

// countingHandler is a slog handler that counts what is logged at ERROR.
type countingHandler struct{ errors atomic.Int64 }

func (h *countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *countingHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		h.errors.Add(1)
	}
	return nil
}
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countingHandler) WithGroup(string) slog.Handler      { return h }

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
	ids := make([]string, 20_000)
	for i := range ids {
		ids[i] = strconv.Itoa(10_000 + i)
	}
	manyUnits := `query($u: [ID!]) { aggregate(filter: {units: $u}, groupBy: [UNIT], metrics: [AVG]) { totalCount } }`
	manyUnitsVars, _ := json.Marshal(map[string]any{"u": ids})
	get := func(q string, params ...string) string {
		v := url.Values{"query": {q}}
		for i := 0; i+1 < len(params); i += 2 {
			v.Set(params[i], params[i+1])
		}
		return "/graphql?" + v.Encode()
	}
	big := strings.Repeat("x", 900<<10)
	years := `{ years }`
	yearsHash := sha256.Sum256([]byte(years))
	apq := func(ext string) string {
		return `{"query": "{ years }", "extensions": {"persistedQuery": ` + ext + `}}`
	}
	graphQLResponse := map[string]string{"Accept": "application/graphql-response+json"}
	// Fragments that double at each level: 945 bytes that select 2^24 fields once expanded.
	var doubling strings.Builder
	doubling.WriteString("fragment F0 on Query { years } ")
	for i := 1; i <= 24; i++ {
		fmt.Fprintf(&doubling, "fragment F%d on Query { ...F%d ...F%d } ", i, i-1, i-1)
	}
	doubling.WriteString("{ ...F24 }")
	var introspections, typeLists strings.Builder
	for i := range 300 {
		fmt.Fprintf(&introspections, " s%d: __schema { ...S }", i)
	}
	for i := range 40 {
		fmt.Fprintf(&typeLists, " t%d: types { ...T }", i)
	}
	fullType := " fragment T on __Type { name fields { name args { name type { name ofType { name } } } type { name ofType { name } } } }"
	manySchemas := "{" + introspections.String() + " } fragment S on __Schema { types { ...T } }" + fullType
	fieldsOfFields := `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`
	manyTypeLists := "{ __schema {" + typeLists.String() + " } }" + fullType
	rankingOfYear := `query($year: Int!) { ranking(year: $year) { rank } }`
	rankingOfBoundary := `query($b: Boundary) { ranking(year: 2023, boundary: $b) { rank } }`
	rankingFirst := `query($first: Int) { ranking(year: 2023, first: $first) { rank } }`
	exportYears := `query($years: [Int!]) { export(years: $years) { fileName } }`
	aggregateOrder := `query($o: [AggregateOrder!]) { aggregate(groupBy: [YEAR], metrics: [COUNT], orderBy: $o) { totalCount } }`
	searchUnits := `query($s: String) { units(search: $s) { code } }`
	yearsURL := "/export?years=" + strings.TrimSuffix(strings.Repeat("1919-2018,", 6_000), ",")
	return []hostileRequest{
		// Costs of an operation, decided once per fragment before anything is priced or run.
		{name: "fragments doubling 24 times", body: query(doubling.String(), nil), status: 200, code: CodeComplexity},
		{name: "GET: fragments doubling 24 times", target: get(doubling.String()), status: 200, code: CodeComplexity},
		{name: "300 aliases of __schema", body: query(manySchemas, nil), status: 200, code: CodeComplexity},
		{name: "__schema twice", body: query(`{ a: __schema { description } b: __schema { description } }`, nil), status: 200, code: CodeComplexity},
		{name: "40 aliases of every type under one __schema", body: query(manyTypeLists, nil), status: 200, code: CodeComplexity},
		{name: "introspection of fields within fields", body: query(fieldsOfFields, nil), status: 200, code: CodeValidationFailed},
		// An export link is read within its length: its lists are counted before they are expanded.
		{name: "export: 6,000 ranges of years", target: yearsURL, status: 400, code: CodeBadUserInput},
		{name: "export: 20,001 units", target: "/export?units=" + strings.Repeat("1,", 20_000) + "1", status: 400, code: CodeBadUserInput},

		// Limits of a request, decided before it runs.
		{name: "depth 50", body: query(deep, nil), status: 200, code: CodeDepth},
		{name: "1,000 aliases of ranking (over the token limit)", body: query(aliases(1000), nil), status: 200, code: CodeParseFailed},
		{name: "250 aliases of ranking (under the token limit)", body: query(aliases(250), nil), status: 200, code: CodeComplexity},
		{name: "a 1 MB body", body: `{"query": "{ years }", "variables": {"pad": "` + strings.Repeat("x", 1<<20) + `"}}`, status: 413, code: CodeRequestTooLarge},
		{name: "lists inside a list", body: query(`{ units { lineage { predecessor { code } successor { code } } } a: units { lineage { effective } } b: units(parent: "943") { years } }`, nil), status: 200, code: CodeComplexity},
		{name: "too many tokens", body: query("{ "+strings.Repeat("a ", MaxParserTokens)+"}", nil), status: 200, code: CodeParseFailed},
		{name: "20,000 units in an aggregate filter", body: `{"query": ` + strconv.Quote(manyUnits) + `, "variables": ` + string(manyUnitsVars) + `}`, status: 413, code: CodeRequestTooLarge},

		// GET is held to the same limits, and a long query string is refused before it is read.
		{name: "GET: a 900 KB search", target: get(`query($s: String) { units(search: $s) { code } }`, "variables", `{"s": "`+big+`"}`), status: 414, code: CodeRequestTooLarge},
		{name: "GET: 900 KB of variables", target: get(years, "variables", `{"pad": "`+big+`"}`), status: 414, code: CodeRequestTooLarge},
		{name: "GET: 20,000 units in an aggregate filter", target: get(manyUnits, "variables", string(manyUnitsVars)), status: 414, code: CodeRequestTooLarge},
		{name: "GET: depth 50", target: get(deep), status: 200, code: CodeDepth},
		{name: "GET: too many tokens", target: get("{ " + strings.Repeat("a ", MaxParserTokens) + "}"), status: 200, code: CodeParseFailed},
		{name: "GET: 250 aliases of ranking", target: get(aliases(250)), status: 200, code: CodeComplexity},
		{name: "export: a 900 KB query string", target: "/export?units=" + big, status: 414, code: CodeRequestTooLarge},

		// Malformed requests are the client's errors, each with a code.
		{name: "GET: a mutation", target: get(`mutation { rollback(release: 1) { release } }`), status: 405, code: CodeBadRequest,
			wantHeader: map[string]string{"Allow": "POST"}},
		{name: "GET: variables not JSON", target: get(years, "variables", `{"y":`), status: 400, code: CodeBadRequest},
		{name: "GET: extensions not JSON", target: get(years, "extensions", `[1,`), status: 400, code: CodeBadRequest},
		{name: "GET: a query string not URL-encoded", target: "/graphql?query=%zz", status: 400, code: CodeBadRequest},
		{name: "GET: no query", target: "/graphql?variables=%7B%7D", status: 400, code: CodeBadRequest},
		{name: "POST: no query", body: `{"variables": {}}`, status: 400, code: CodeBadRequest},
		{name: "POST: a body that is not JSON", body: `{"query": `, status: 400, code: CodeBadRequest},
		{name: "POST: not JSON", body: `query={years}`, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, status: 415, code: CodeBadRequest},
		{name: "PUT", method: http.MethodPut, body: query(years, nil), status: 405, code: CodeBadRequest, wantHeader: map[string]string{"Allow": "GET, POST"}},

		// Persisted-query mistakes: 400, never INTERNAL nor logged as errors.
		{name: "persisted query: hash mismatch", body: apq(`{"version": 1, "sha256Hash": "` + strings.Repeat("ab", 32) + `"}`), status: 400, code: CodePersistedQueryMismatch},
		{name: "persisted query: version 2", body: apq(`{"version": 2, "sha256Hash": "` + hex.EncodeToString(yearsHash[:]) + `"}`), status: 400, code: CodeBadRequest},
		{name: "persisted query: not an object", body: apq(`"abc"`), status: 400, code: CodeBadRequest},
		{name: "persisted query: not a hash", body: apq(`{"version": 1, "sha256Hash": "zz"}`), status: 400, code: CodeBadRequest},
		{name: "GET: persisted query mismatch", target: get(years, "extensions", `{"persistedQuery": {"version": 1, "sha256Hash": "`+strings.Repeat("cd", 32)+`"}}`), status: 400, code: CodePersistedQueryMismatch},

		// Only the ETag of a clean answer revalidates.
		{name: "If-None-Match: * on an invalid query", target: get(`{ nope }`), header: map[string]string{"If-None-Match": "*"}, status: 200, code: CodeValidationFailed,
			wantHeader: map[string]string{"ETag": ""}},
		{name: "If-None-Match: a made-up ETag on an invalid query", target: get(`{ nope }`), header: map[string]string{"If-None-Match": `"r1-000000000000000000000000"`}, status: 200, code: CodeValidationFailed},

		// No data when execution did not start.
		{name: "graphql-response+json: parse error", body: query(`{ years`, nil), header: graphQLResponse, status: 400, code: CodeParseFailed, bodyLacks: `"data"`,
			wantHeader: map[string]string{"Content-Type": "application/graphql-response+json"}},
		{name: "graphql-response+json: validation error", target: get(`{ nope }`), header: graphQLResponse, status: 400, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "application/json: validation error", body: query(`{ nope }`, nil), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},

		// Values of the wrong type are refused as the GraphQL specification coerces them, inline or as
		// variables, over POST and GET: a request error without data, before anything runs.
		{name: `coercion: "2023" for Int! (variable)`, body: query(rankingOfYear, map[string]any{"year": "2023"}), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `coercion: "2023" for Int! (literal)`, body: query(`{ ranking(year: "2023") { rank } }`, nil), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `coercion: "current" for Boundary (variable)`, body: query(rankingOfBoundary, map[string]any{"b": "current"}), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `coercion: current for Boundary (literal)`, body: query(`{ ranking(year: 2023, boundary: current) { rank } }`, nil), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `coercion: "CURRENT" quoted for Boundary (literal)`, body: query(`{ ranking(year: 2023, boundary: "CURRENT") { rank } }`, nil), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "coercion: 2147483648 for Int (variable)", body: `{"query": ` + strconv.Quote(rankingFirst) + `, "variables": {"first": 2147483648}}`, status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "coercion: 2147483648 for Int (literal)", body: query(`{ ranking(year: 2023, first: 2147483648) { rank } }`, nil), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "coercion: 2023.5 for Int! (variable)", body: `{"query": ` + strconv.Quote(rankingOfYear) + `, "variables": {"year": 2023.5}}`, status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "coercion: 2023.5 for Int! (literal)", body: query(`{ ranking(year: 2023.5) { rank } }`, nil), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "coercion: a list for Int! (variable)", body: query(rankingOfYear, map[string]any{"year": []int{2023}}), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "coercion: a list for Int! (literal)", body: query(`{ ranking(year: [2023]) { rank } }`, nil), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `coercion: "2023" inside a list of Int!`, body: query(exportYears, map[string]any{"years": []any{2023, "2024"}}), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `coercion: "year" for a Dimension inside an input object`, body: query(aggregateOrder, map[string]any{"o": []any{map[string]any{"dimension": "year"}}}), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "coercion: a number for String", body: `{"query": ` + strconv.Quote(searchUnits) + `, "variables": {"s": 5}}`, status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `GET coercion: "2023" for Int! (variable)`, target: get(rankingOfYear, "variables", `{"year": "2023"}`), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `GET coercion: "2023" for Int! (literal)`, target: get(`{ ranking(year: "2023") { rank } }`), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `GET coercion: "current" for Boundary (variable)`, target: get(rankingOfBoundary, "variables", `{"b": "current"}`), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "GET coercion: current for Boundary (literal)", target: get(`{ ranking(year: 2023, boundary: current) { rank } }`), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "GET coercion: 2147483648 for Int (variable)", target: get(rankingFirst, "variables", `{"first": 2147483648}`), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "GET coercion: 2147483648 for Int (literal)", target: get(`{ ranking(year: 2023, first: 2147483648) { rank } }`), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "GET coercion: 2023.5 for Int! (variable)", target: get(rankingOfYear, "variables", `{"year": 2023.5}`), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "GET coercion: a list for Int! (variable)", target: get(rankingOfYear, "variables", `{"year": [2023]}`), status: 200, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: `graphql-response+json: "2023" for Int! (variable)`, body: query(rankingOfYear, map[string]any{"year": "2023"}), header: graphQLResponse, status: 400, code: CodeValidationFailed, bodyLacks: `"data"`},
		{name: "graphql-response+json GET: 2147483648 for Int (literal)", target: get(`{ ranking(year: 2023, first: 2147483648) { rank } }`), header: graphQLResponse, status: 400, code: CodeValidationFailed, bodyLacks: `"data"`},

		// Unknown paths under the API's are not the app.
		{name: "unknown path under /graphql/", target: "/graphql/nope", status: 404, code: CodeNotFound},
		{name: "unknown path under /admin/", target: "/admin/nope", status: 404, code: CodeNotFound},
		{name: "unknown path under /export/", target: "/export/everything.csv", status: 404, code: CodeNotFound},
		{name: "POST /export", method: http.MethodPost, target: "/export?years=2023", status: 405, code: CodeBadRequest, wantHeader: map[string]string{"Allow": "GET"}},
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
	if first.Code != 200 || etag == "" || first.Header().Get("Cache-Control") != "public, max-age=60, stale-while-revalidate=300" {
		t.Fatalf("first GET: %d, ETag %q, Cache-Control %q", first.Code, etag, first.Header().Get("Cache-Control"))
	}
	second := do(h, http.MethodGet, target, "", nil)
	if second.Header().Get("ETag") != etag || second.Body.String() != first.Body.String() {
		t.Errorf("second GET: ETag %q body differs: %v", second.Header().Get("ETag"), second.Body.String() != first.Body.String())
	}
	if rec := do(h, http.MethodGet, target, "", map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and no body", rec.Code, rec.Body.Len())
	}
	if rec := do(h, http.MethodGet, target, "", map[string]string{"If-None-Match": "*"}); rec.Code != 200 || rec.Body.String() != first.Body.String() {
		t.Errorf("If-None-Match: *: %d, want 200 and the answer: * names no answer the client holds", rec.Code)
	}
	// Without the answer in memory, the request runs, and its clean answer is still not sent again.
	h.answers = newByteCache(0, 0, func(cachedAnswer) int { return 0 })
	if rec := do(h, http.MethodGet, target, "", map[string]string{"If-None-Match": `W/` + etag}); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
		t.Errorf("If-None-Match after the cache was emptied: %d with %d bytes, ETag %q; want 304, no body, the ETag", rec.Code, rec.Body.Len(), rec.Header().Get("ETag"))
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

// TestPOSTAnswersRepeatFromMemory checks that a clean POST answer asked for twice is then
// repeated without running the query again, and that answers with errors are not kept.
func TestPOSTAnswersRepeatFromMemory(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	good := query(`{ ranking(year: 2023, first: 3) { unit { code } rank } }`, nil)
	bad := query(`{ ranking(year: 1890) { rank } }`, nil)
	first := do(h, http.MethodPost, "/graphql", good, jsonHeader)
	do(h, http.MethodPost, "/graphql", good, jsonHeader) // asked again: now kept
	do(h, http.MethodPost, "/graphql", bad, jsonHeader)
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

// explorerIntrospection is the introspection query GraphiQL sends (graphql-js's
// getIntrospectionQuery with descriptions, specifiedByURL, isRepeatable and schema description).
const explorerIntrospection = `query IntrospectionQuery {
  __schema {
    description queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`

// TestExplorerIntrospectionIsPriced checks that the explorer's introspection runs, and that the
// price of introspection is what its answer holds: counted on the schema, it is close to the
// number of values in the answer, and well under MaxIntrospection.
func TestExplorerIntrospectionIsPriced(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	rec := do(h, http.MethodPost, "/graphql", query(explorerIntrospection, nil), jsonHeader)
	if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
		t.Fatalf("introspection: %d %.300s", rec.Code, rec.Body)
	}
	var answer any
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
		t.Fatal(err)
	}
	var values func(any) int
	values = func(v any) int {
		n := 0
		switch v := v.(type) {
		case map[string]any:
			for _, x := range v {
				n += 1 + values(x)
			}
		case []any:
			for _, x := range v {
				n += 1 + values(x)
			}
		}
		return n
	}
	schema := NewExecutableSchema(Config{}).Schema()
	doc, errs := gqlparser.LoadQuery(schema, explorerIntrospection)
	if errs != nil {
		t.Fatal(errs)
	}
	c := introspectionCost{schema: schema, fragments: doc.Fragments, budget: MaxIntrospection}
	c.object(doc.Operations[0].SelectionSet, "Query", nil)
	got := values(answer) - 2 // the answer's data and __schema keys
	t.Logf("explorer introspection: priced %d values, answered %d (%d bytes)", c.spent, got, rec.Body.Len())
	if c.spent < got*9/10 || c.spent > got*11/10 || c.spent > MaxIntrospection/4 {
		t.Errorf("priced %d values for an answer of %d; want within 10 %% of it and under a quarter of %d", c.spent, got, MaxIntrospection)
	}
}

// TestHeavyRequestsWaitForTheirSlot checks that a heavy request finding the heavy slots taken is
// refused with 503 OVERLOADED after the queue's wait, without holding a slot meanwhile, while a
// small request is answered at once.
func TestHeavyRequestsWaitForTheirSlot(t *testing.T) {
	limits := DefaultLimits()
	limits.MaxConcurrent, limits.QueueWait = 1, 50*time.Millisecond
	limits.HeavyComplexity, limits.MaxHeavy = 1_000, 1 // every root field that runs a statement
	limits.AnswerCacheBytes = 0                        // every request runs
	h, _ := newTestEndpoint(t, limits)
	heavy, small := query(`{ years }`, nil), query(`{ limits { maxDepth } }`, nil)
	if rec := do(h, http.MethodPost, "/graphql", heavy, jsonHeader); rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
		t.Fatalf("a heavy request alone: %d %s", rec.Code, rec.Body)
	}
	h.heavy <- struct{}{} // a heavy request is running
	done := make(chan *httptest.ResponseRecorder)
	go func() { done <- do(h, http.MethodPost, "/graphql", heavy, jsonHeader) }()
	time.Sleep(10 * time.Millisecond) // the heavy request now waits for its slot, holding none
	if rec := do(h, http.MethodPost, "/graphql", small, jsonHeader); rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
		t.Errorf("a small request beside a waiting heavy one: %d %s", rec.Code, rec.Body)
	}
	rec := <-done
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"code":"`+CodeOverloaded+`"`) || rec.Header().Get("Retry-After") == "" {
		t.Errorf("a heavy request without a heavy slot: %d %s (Retry-After %q); want 503 OVERLOADED", rec.Code, rec.Body, rec.Header().Get("Retry-After"))
	}
	if len(h.slots) != 0 || len(h.heavy) != 1 {
		t.Errorf("after the refusal %d slots and %d heavy slots are held; want 0 and the test's 1", len(h.slots), len(h.heavy))
	}
	<-h.heavy
	if rec := do(h, http.MethodPost, "/graphql", heavy, jsonHeader); rec.Code != 200 {
		t.Errorf("once the heavy slot is free: %d %s", rec.Code, rec.Body)
	}
}

// TestHeavySlotRestsWhileOthersWait checks that a heavy request keeps its heavy slot, once done,
// for longer than it ran while other requests run or wait for a slot, and gives it back at once
// when none does.
func TestHeavySlotRestsWhileOthersWait(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	for _, tt := range []struct {
		waiting, running int
		rests            bool
	}{{0, 0, false}, {1, 0, true}, {0, 1, true}} {
		h.waiting.Store(int32(tt.waiting))
		for range tt.running {
			h.slots <- struct{}{}
		}
		h.heavy <- struct{}{}
		a := &admission{e: h, heavy: true, heavySince: time.Now().Add(-50 * time.Millisecond)}
		a.release()
		if rests := len(h.heavy) == 1; rests != tt.rests {
			t.Errorf("%d waiting, %d running: right after the request, heavy slot held %t; want %t", tt.waiting, tt.running, rests, tt.rests)
		}
		deadline := time.Now().Add(2 * time.Second)
		for len(h.heavy) > 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if len(h.heavy) > 0 {
			t.Errorf("%d waiting, %d running: the heavy slot was not given back", tt.waiting, tt.running)
		}
		for range tt.running {
			<-h.slots
		}
	}
}
