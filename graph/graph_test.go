package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func newTestHandler(t *testing.T) (http.Handler, *analytics.Store) {
	t.Helper()
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	h, err := NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil)), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return h, store
}

func post(t *testing.T, h http.Handler, body string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

func query(q string, vars map[string]any) string {
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	return string(b)
}

// leak matches text that must never reach a client: SQL, DuckDB's error classes, Go files.
var leak = regexp.MustCompile(`(?i)\bselect\b|\bfrom\b.*\bwhere\b|binder error|catalog error|parser error|duckdb|\.go:\d|sql:`)

// TestGolden runs one query per root field (and the errors an analyst meets) against the default
// data and compares the whole response with testdata/NAME.json. Run with -update to rewrite.
func TestGolden(t *testing.T) {
	h, _ := newTestHandler(t)
	for _, tt := range goldenCases() {
		t.Run(tt.name, func(t *testing.T) {
			status, body := post(t, h, tt.body)
			if status != tt.status {
				t.Errorf("status %d, want %d; body %s", status, tt.status, body)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, body, "", "  "); err != nil {
				t.Fatalf("response is not JSON: %v: %s", err, body)
			}
			pretty.WriteByte('\n')
			checkErrors(t, body)
			golden := filepath.Join("testdata", tt.name+".json")
			if *update {
				if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./graph -update to create it)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("response differs from %s:\ngot:\n%s", golden, pretty.Bytes())
			}
		})
	}
}

type goldenCase struct {
	name   string
	body   string
	status int
}

// goldenCases are the queries of TestGolden, each with its status.
func goldenCases() []goldenCase {
	return []goldenCase{
		{"years", query(`{ years }`, nil), 200},
		{"units_search", query(`query($s: String) { units(search: $s, year: 2023) {
			id code name shortName kind level list parent parentName validFrom validTo successors predecessors years } }`,
			map[string]any{"s": "an my"}), 200},
		{"units_parent_year", query(`{ units(parent: "92", year: 2025) { id code name kind level parent } }`, nil), 200},
		{"unit_lineage", query(`{ unit(code: "31552", year: 2025) {
			id code name kind level parent parentName successors predecessors years
			lineage { predecessor { id code name parent } successor { id code name parent } effective coverage change certainty basis } } }`, nil), 200},
		{"unit_history", query(`{ unit(code: "01648", year: 2021) { id name parent parentName validFrom validTo
			history { predecessor { id name parent } successor { id name parent } effective coverage change certainty basis } } }`, nil), 200},
		{"unit_not_found", query(`{ unit(code: "99999") { code } }`, nil), 200},
		{"framework_2023", query(`{ framework(year: 2023) { id name year maxPoints
			fields { slug ordinal nameVi nameEn maxPoints criteria { code name maxPoints } }
			groups { code label labelEn minPercent } source { kind title date url } } }`, nil), 200},
		{"ranking_2023", query(`{ ranking(year: 2023) {
			unit { code name kind } year points maxPoints percent rank group { code label }
			published { group { code label } rank source { kind title date url } }
			source { kind title } fields { field { slug } percent rank } } }`, nil), 200},
		{"ranking_2023_field", query(`{ ranking(year: 2023, parent: "943", field: "public_finance") {
			unit { code shortName } points maxPoints percent rank group { code } } }`, nil), 200},
		{"ranking_columns", query(`{ rankingColumns(year: 2023, parent: "943", first: 4) { unit code name shortName parent
			points maxPoints percent rank group coverage fields { field { slug } points percent rank } } }`, nil), 200},
		{"ranking_2025", query(`{ ranking(year: 2025) { unit { id shortName parent } percent rank group { code } published { rank } } }`, nil), 200},
		{"field_summary_2023", query(`{ fieldSummary(year: 2023) {
			field { slug nameVi nameEn } average rank min max units
			published { average rank source { kind title date } } } }`, nil), 200},
		{"trend", query(`{ trend(units: ["31564", "31552@2025-07-01"]) {
			unit { id name } field { slug } years values ranks groups status sources } }`, nil), 200},
		{"trend_field", query(`{ trend(units: ["31537"], field: "e_government", from: 2020, to: 2023) {
			unit { id } field { slug nameVi } years values ranks groups status sources } }`, nil), 200},
		{"ranking_2023_current", query(`{ ranking(year: 2023, boundary: CURRENT) {
			unit { id shortName parent } percent rank group { code } coverage contributors certainty published { rank } } }`, nil), 200},
		{"trend_current", query(`{ trend(units: ["31552"], boundary: CURRENT) {
			unit { id name } years values ranks status coverage contributors certainty } }`, nil), 200},
		{"changes_2022_2023", query(`{ changes(from: 2022, to: 2023, parent: "943") {
			from to field { slug } boundary
			summary { units compared improved declined unchanged groupUp groupDown onlyFrom onlyTo meanChange }
			units { unit { code shortName } status percentFrom percentTo change relativeChange rankFrom rankTo rankChange
			        groupFrom { code } groupTo { code } groupChange } } }`, nil), 200},
		{"changes_across_reform", query(`{ changes(from: 2024, to: 2025, first: 3) {
			summary { units compared onlyFrom onlyTo } units { unit { id } status percentFrom percentTo } } }`, nil), 200},
		{"changes_columns", query(`{ changes(from: 2022, to: 2023, first: 4) { units { unit { id } status }
			columns { unit code name parent status percentFrom percentTo change relativeChange rankFrom rankTo rankChange
				groupFrom groupTo groupChange } } }`, nil), 200},
		{"changes_current_field", query(`{ changes(from: 2024, to: 2025, boundary: CURRENT, field: "e_government") {
			field { slug } boundary summary { compared improved declined groupUp groupDown meanChange }
			units { unit { shortName } status change rankFrom rankTo } } }`, nil), 200},
		{"compare", query(`{ compare(units: ["31564", "31537"], year: 2023) {
			year fields { slug }
			units { unit { code shortName } percent rank group { code }
			        benchmarks { units parentMean parentMedian topQuartile best bestUnit { shortName } groupMean }
			        fields { field { slug } percent rank benchmarks { parentMean parentMedian topQuartile best bestUnit { shortName } groupMean } } } } }`, nil), 200},
		{"scores", query(`{ scores(unit: "31537", year: 2023) {
			criterion { code name maxPoints } field { slug } points maxPoints percent lostToMax leaderPoints lostToLeader bestPoints lostToBest } }`, nil), 200},
		{"group_distribution", query(`{ groupDistribution(year: 2023, parent: "943") {
			year previousYear units previousUnits groups { group { code label } count share previousCount previousShare } } }`, nil), 200},
		{"group_distribution_2025", query(`{ groupDistribution(year: 2025) { year previousYear units previousUnits groups { group { code } count previousCount } } }`, nil), 200},
		{"aggregate_fields_2023", query(`{ aggregate(filter: {years: [2023]}, groupBy: [FIELD], metrics: [AVG, MIN, MAX, MEDIAN, P25, P75, STDDEV, COUNT],
			orderBy: [{metric: AVG}]) {
			totalCount dimensions metrics rows { cursor field { slug nameVi } values } pageInfo { endCursor hasNextPage } } }`, nil), 200},
		{"aggregate_pages", query(`{ aggregate(groupBy: [YEAR, GROUP], metrics: [COUNT, AVG], having: [{metric: COUNT, op: GTE, value: 2}],
			orderBy: [{dimension: YEAR, direction: ASC}], first: 4, after: "cjE6Mg") {
			totalCount rows { cursor year group values } pageInfo { endCursor hasNextPage } } }`, nil), 200},
		{"aggregate_criteria", query(`{ aggregate(filter: {units: ["31537"], yearFrom: 2022, yearTo: 2023, fields: ["public_finance"]},
			groupBy: [UNIT, CRITERION], metrics: [AVG, AVG_POINTS, SUM_POINTS]) {
			totalCount rows { unit { shortName } criterion values } } }`, nil), 200},
		{"limits", query(`{ limits { maxDepth maxComplexity maxSelections maxIntrospection maxRows maxBodyBytes maxParserTokens timeoutMs queueWaitMs heavyComplexity maxHeavy maxUnits answerCacheBytes maxCachedAnswerBytes } }`, nil), 200},
		{"error_parse", query(`{ ranking(year: 2023 { rank } }`, nil), 200},
		{"error_validation", query(`{ ranking(year: "2023") { rank } }`, nil), 200},
		{"error_variables", query(`query($y: Int!) { ranking(year: $y) { rank } }`, map[string]any{"y": "abc"}), 200},
		{"error_aggregate_unknown", query(`{ aggregate(filter: {fields: ["speed"], units: ["00000"]}, groupBy: [FIELD], metrics: [AVG]) { totalCount } }`, nil), 200},
		{"error_aggregate_order", query(`{ aggregate(groupBy: [YEAR], metrics: [AVG], orderBy: [{metric: MEDIAN}]) { totalCount } }`, nil), 200},
		{"error_changes_years", query(`{ changes(from: 2023, to: 2023) { summary { units } } }`, nil), 200},
		{"error_unknown_field_slug", query(`{ ranking(year: 2023, field: "speed") { rank } }`, nil), 200},
		{"error_no_year", query(`{ framework(year: 1890) { id } }`, nil), 200},
		{"error_bad_trend", query(`{ trend(units: ["31564"], from: 2024, to: 2019) { years } }`, nil), 200},
		{"error_not_json", `{"query": `, 400},
	}
}

// checkErrors fails when an error has no code or carries text that only the server should see.
func checkErrors(t *testing.T, body []byte) {
	t.Helper()
	var resp struct {
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatalf("decode: %v", err)
	}
	for _, e := range resp.Errors {
		if code, _ := e.Extensions["code"].(string); code == "" {
			t.Errorf("error %q has no extensions.code", e.Message)
		}
		if leak.MatchString(e.Message) {
			t.Errorf("error message leaks server text: %q", e.Message)
		}
	}
}

// TestInternalErrorsAreHidden breaks the store under the handler: the client gets INTERNAL and
// a generic message, never the driver's text. (The questions asked are those answered by a
// statement: what the store holds in memory it may still answer once closed.)
func TestInternalErrorsAreHidden(t *testing.T) {
	h, store := newTestHandler(t)
	store.Close()
	for _, q := range []string{`{ aggregate(groupBy: [YEAR], metrics: [COUNT]) { totalCount } }`,
		`{ export(years: [2023]) { rowCount } }`, `{ fieldSummary(year: 2023) { average } }`} {
		_, body := post(t, h, query(q, nil))
		var resp struct {
			Errors []struct {
				Message    string            `json:"message"`
				Extensions map[string]string `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(body, &resp); err != nil {
			t.Fatal(err)
		}
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != CodeInternal || resp.Errors[0].Message != "internal error" {
			t.Errorf("%s: got %s, want one INTERNAL error saying only \"internal error\"", q, body)
		}
	}
}

func TestBodyLimits(t *testing.T) {
	h, _ := newTestHandler(t)
	big := `{"query": "{ years }", "variables": {"pad": "` + strings.Repeat("x", MaxBodyBytes) + `"}}`
	status, body := post(t, h, big)
	if status != http.StatusRequestEntityTooLarge || !bytes.Contains(body, []byte(CodeRequestTooLarge)) {
		t.Errorf("64 KiB+ body: status %d body %.200s", status, body)
	}
	if bytes.Contains(body, []byte("xxxx")) {
		t.Error("the error echoes the body")
	}
	status, body = post(t, h, `{"query": 5}`)
	if status != http.StatusBadRequest || !bytes.Contains(body, []byte(CodeBadRequest)) {
		t.Errorf("query of the wrong type: status %d body %s", status, body)
	}
}

func TestGET(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct {
		name, target string
		status       int
		contains     string
	}{
		{"query", "/graphql?query=%7Byears%7D", 200, `"years":[2019,2020,2021,2022,2023,2024,2025]`},
		{"with variables", "/graphql?query=" + url.QueryEscape(`query($y:Int!){ranking(year:$y){rank}}`) + "&variables=" + url.QueryEscape(`{"y":2025}`), 200, `"rank":1`},
		{"mutation refused", "/graphql?query=" + url.QueryEscape(`mutation { years }`), 200, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.target, nil))
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("status %d body %s; want %d containing %s", rec.Code, rec.Body, tt.status, tt.contains)
			}
		})
	}
}

// TestSchemaIsDescribed keeps the explorer useful: every type, field, argument and enum value of
// schema.graphqls has a description.
func TestSchemaIsDescribed(t *testing.T) {
	checked := 0
	for name, def := range parsedSchema.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		if strings.TrimSpace(def.Description) == "" {
			t.Errorf("type %s has no description", name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			checked++
			if strings.TrimSpace(f.Description) == "" {
				t.Errorf("field %s.%s has no description", name, f.Name)
			}
			for _, a := range f.Arguments {
				if strings.TrimSpace(a.Description) == "" {
					t.Errorf("argument %s.%s(%s) has no description", name, f.Name, a.Name)
				}
			}
		}
		for _, v := range def.EnumValues {
			if strings.TrimSpace(v.Description) == "" {
				t.Errorf("enum value %s.%s has no description", name, v.Name)
			}
		}
	}
	if checked < 80 {
		t.Errorf("checked only %d fields; is the schema loaded?", checked)
	}
}
