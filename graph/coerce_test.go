package graph

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestCoercionMessages checks that a value of the wrong type is refused before anything runs,
// with a message that names the argument or variable, the place inside it, the value and the type
// it needed.
func TestCoercionMessages(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	raw := func(q, vars string) string { return `{"query": ` + strconv.Quote(q) + `, "variables": ` + vars + `}` }
	rankingOfYear := `query($year: Int!) { ranking(year: $year) { rank } }`
	tests := []struct {
		name, body, target string // target for a GET, else body is POSTed
		want               string
	}{
		// Int
		{"string for Int! (variable)", raw(rankingOfYear, `{"year": "2023"}`), "",
			`Variable "$year" got "2023": Int! takes a whole number, not a string`},
		{"string for Int! (literal)", query(`{ ranking(year: "2023") { rank } }`, nil), "",
			`Argument "year" of ranking got "2023": Int! takes a whole number, not a string`},
		{"fraction for Int! (variable)", raw(rankingOfYear, `{"year": 2023.5}`), "",
			`Variable "$year" got 2023.5: Int! takes a whole number`},
		{"fraction for Int! (literal)", query(`{ ranking(year: 2023.5) { rank } }`, nil), "",
			`Argument "year" of ranking got 2023.5: Int! takes a whole number`},
		{"2023.0 for Int! (literal)", query(`{ ranking(year: 2023.0) { rank } }`, nil), "",
			`Argument "year" of ranking got 2023.0: Int! takes a whole number, written without a decimal point or exponent`},
		{"beyond 32 bits (variable)", raw(`query($n: Int) { ranking(year: 2023, first: $n) { rank } }`, `{"n": 2147483648}`), "",
			`Variable "$n" got 2147483648: Int takes a whole number within 32 bits (-2147483648 to 2147483647)`},
		{"beyond 32 bits (literal)", query(`{ ranking(year: 2023, first: 2147483648) { rank } }`, nil), "",
			`Argument "first" of ranking got 2147483648: Int takes a whole number within 32 bits (-2147483648 to 2147483647)`},
		{"beyond 64 bits (variable)", raw(`query($n: Int) { ranking(year: 2023, first: $n) { rank } }`, `{"n": 1e30}`), "",
			`Variable "$n" got 1e30: Int takes a whole number within 32 bits (-2147483648 to 2147483647)`},
		{"list for Int! (variable)", raw(rankingOfYear, `{"year": [2023]}`), "",
			`Variable "$year" got [2023]: Int! takes a whole number, not a list`},
		{"list for Int! (literal)", query(`{ ranking(year: [2023]) { rank } }`, nil), "",
			`Argument "year" of ranking got [2023]: Int! takes a whole number, not a list`},
		{"boolean for Int!", raw(rankingOfYear, `{"year": true}`), "",
			`Variable "$year" got true: Int! takes a whole number, not a boolean`},
		{"string in a list of Int! (variable)", raw(`query($y: [Int!]) { export(years: $y) { fileName } }`, `{"y": [2023, "2024"]}`), "",
			`Variable "$y[1]" got "2024": Int! takes a whole number, not a string`},
		{"string in a list of Int! (literal)", query(`{ export(years: [2023, "2024"]) { fileName } }`, nil), "",
			`Argument "years[1]" of export got "2024": Int! takes a whole number, not a string`},
		{"string for Int in an input object (variable)", raw(`query($f: ScoreFilter) { aggregate(filter: $f, groupBy: [YEAR], metrics: [COUNT]) { totalCount } }`, `{"f": {"yearFrom": "2023"}}`), "",
			`Variable "$f.yearFrom" got "2023": Int takes a whole number, not a string`},
		{"string for Int in an input object (literal)", query(`{ aggregate(filter: {yearFrom: "2023"}, groupBy: [YEAR], metrics: [COUNT]) { totalCount } }`, nil), "",
			`Argument "filter.yearFrom" of aggregate got "2023": Int takes a whole number, not a string`},
		{"GET: string for Int! (variable)", "", "/graphql?query=" + url.QueryEscape(rankingOfYear) + "&variables=" + url.QueryEscape(`{"year": "2023"}`),
			`Variable "$year" got "2023": Int! takes a whole number, not a string`},
		{"GET: beyond 32 bits (literal)", "", "/graphql?query=" + url.QueryEscape(`{ ranking(year: 2147483648) { rank } }`),
			`Argument "year" of ranking got 2147483648: Int! takes a whole number within 32 bits (-2147483648 to 2147483647)`},

		// Enums
		{"lower case for Boundary (variable)", raw(`query($b: Boundary) { ranking(year: 2023, boundary: $b) { rank } }`, `{"b": "current"}`), "",
			`Variable "$b" got "current": Boundary takes one of AS_PUBLISHED, CURRENT (names are case-sensitive)`},
		{"lower case for Boundary (literal)", query(`{ ranking(year: 2023, boundary: current) { rank } }`, nil), "",
			`Argument "boundary" of ranking got current: Boundary takes one of AS_PUBLISHED, CURRENT (names are case-sensitive)`},
		{"quoted name for Boundary (literal)", query(`{ ranking(year: 2023, boundary: "CURRENT") { rank } }`, nil), "",
			`Argument "boundary" of ranking got "CURRENT": Boundary takes one of AS_PUBLISHED, CURRENT, written without quotes`},
		{"number for Boundary (variable)", raw(`query($b: Boundary) { ranking(year: 2023, boundary: $b) { rank } }`, `{"b": 1}`), "",
			`Variable "$b" got 1: Boundary takes one of AS_PUBLISHED, CURRENT, not a number`},
		{"lower case in a list of Dimension (variable)", raw(`query($d: [Dimension!]!) { aggregate(groupBy: $d, metrics: [COUNT]) { totalCount } }`, `{"d": ["year"]}`), "",
			`Variable "$d[0]" got "year": Dimension! takes one of YEAR, UNIT, PARENT, PROVINCE, FIELD, CRITERION, GROUP (names are case-sensitive)`},
		{"lower case for an enum inside a list of objects", raw(`query($o: [AggregateOrder!]) { aggregate(groupBy: [YEAR], metrics: [COUNT], orderBy: $o) { totalCount } }`, `{"o": [{"dimension": "year"}]}`), "",
			`Variable "$o[0].dimension" got "year": Dimension takes one of YEAR, UNIT, PARENT, PROVINCE, FIELD, CRITERION, GROUP (names are case-sensitive)`},

		// Float, String, Boolean, ID
		{"string for Float (variable)", raw(`query($f: ScoreFilter) { aggregate(filter: $f, groupBy: [YEAR], metrics: [COUNT]) { totalCount } }`, `{"f": {"percentMin": "50"}}`), "",
			`Variable "$f.percentMin" got "50": Float takes a number, not a string`},
		{"number for String (variable)", raw(`query($s: String) { units(search: $s) { code } }`, `{"s": 5}`), "",
			`Variable "$s" got 5: String takes a string, not a number`},
		{"string for Boolean (variable)", raw(`query($b: Boolean) { export(bom: $b) { fileName } }`, `{"b": "true"}`), "",
			`Variable "$b" got "true": Boolean takes true or false, not a string`},
		{"string for Boolean (directive literal)", query(`{ years @include(if: "yes") }`, nil), "",
			`Argument "if" of @include got "yes": Boolean! takes true or false, not a string`},
		{"fraction for ID (variable)", raw(`query($p: ID) { units(parent: $p) { code } }`, `{"p": 943.5}`), "",
			`Variable "$p" got 943.5: ID takes a string or a whole number`},
		{"boolean in a list of ID! (variable)", raw(`query($u: [ID!]!) { trend(units: $u) { years } }`, `{"u": ["31528", true]}`), "",
			`Variable "$u[1]" got true: ID! takes a string or a whole number, not a boolean`},

		// Input objects, null and missing values
		{"unknown field (variable)", raw(`query($f: ScoreFilter) { aggregate(filter: $f, groupBy: [YEAR], metrics: [COUNT]) { totalCount } }`, `{"f": {"yaer": 2023}}`), "",
			`Variable "$f.yaer" got 2023: ScoreFilter has no field "yaer"`},
		{"unknown field (literal)", query(`{ aggregate(filter: {yaer: 2023}, groupBy: [YEAR], metrics: [COUNT]) { totalCount } }`, nil), "",
			`Argument "filter.yaer" of aggregate got 2023: ScoreFilter has no field "yaer"`},
		{"string for an input object (variable)", raw(`query($f: ScoreFilter) { aggregate(filter: $f, groupBy: [YEAR], metrics: [COUNT]) { totalCount } }`, `{"f": "2023"}`), "",
			`Variable "$f" got "2023": ScoreFilter takes an object of its fields, not a string`},
		{"required field left out (variable)", raw(`query($h: [HavingCondition!]) { aggregate(groupBy: [YEAR], metrics: [AVG], having: $h) { totalCount } }`, `{"h": [{"op": "GT", "value": 50}]}`), "",
			`Variable "$h[0].metric" is missing: Metric! is required`},
		{"required field left out (literal)", query(`{ aggregate(groupBy: [YEAR], metrics: [AVG], having: [{op: GT, value: 50}]) { totalCount } }`, nil), "",
			`Argument "having[0].metric" of aggregate is missing: Metric! is required`},
		{"null for Int!", raw(rankingOfYear, `{"year": null}`), "",
			`Variable "$year" got null: Int! cannot be null`},
		{"null for Int! (literal)", query(`{ ranking(year: null) { rank } }`, nil), "",
			`Argument "year" of ranking got null: Int! cannot be null`},
		{"Int! left out", raw(rankingOfYear, `{}`), "",
			`Variable "$year" is missing: Int! is required`},
		{"default value of the wrong type", query(`query($y: Int! = "2023") { ranking(year: $y) { rank } }`, nil), "",
			`Default value of "$y" got "2023": Int! takes a whole number, not a string`},
		{"a long value is shortened", raw(`query($s: String) { units(search: $s) { code } }`, `{"s": [`+strings.Repeat(`"abcdefghij", `, 100)+`"x"]}`), "",
			`Variable "$s" got ["abcdefghij","abcdefghij","abcdefghij","abcdefghij","abcdef…: String takes a string, not a list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec = do(h, http.MethodPost, "/graphql", tt.body, jsonHeader)
			if tt.target != "" {
				rec = do(h, http.MethodGet, tt.target, "", nil)
			}
			var resp struct {
				Errors []struct {
					Message    string
					Extensions struct{ Code string }
				}
				Data json.RawMessage
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
			}
			if len(resp.Errors) != 1 || resp.Data != nil {
				t.Fatalf("got %d %s; want one error and no data", rec.Code, rec.Body)
			}
			if got := resp.Errors[0]; got.Message != tt.want || got.Extensions.Code != CodeValidationFailed {
				t.Errorf("got %q (%s)\nwant %q (%s)", got.Message, got.Extensions.Code, tt.want, CodeValidationFailed)
			}
		})
	}
}

// TestCoercionTakesWhatTheSpecificationTakes checks that values the specification coerces still
// answer: a whole number written 2023.0 or 2.023e3 in a variable, an enum's exact name, one item
// for a list, an integer for an ID or a Float.
func TestCoercionTakesWhatTheSpecificationTakes(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	raw := func(q, vars string) string { return `{"query": ` + strconv.Quote(q) + `, "variables": ` + vars + `}` }
	rankingOfYear := `query($year: Int!) { ranking(year: $year, first: 1) { year } }`
	tests := []struct{ name, body, want string }{
		{"Int 2023", raw(rankingOfYear, `{"year": 2023}`), `"year":2023`},
		{"Int 2023.0", raw(rankingOfYear, `{"year": 2023.0}`), `"year":2023`},
		{"Int 2.023e3", raw(rankingOfYear, `{"year": 2.023e3}`), `"year":2023`},
		{"Int literal", query(`{ ranking(year: 2023, first: 1) { year } }`, nil), `"year":2023`},
		{"Int in a list, 2024.0", raw(`query($y: [Int!]) { export(years: $y) { fileName } }`, `{"y": [2023, 2024.0]}`), `2023-2024`},
		{"one Int for a list", raw(`query($y: [Int!]) { export(years: $y) { fileName } }`, `{"y": 2023}`), `_2023_`},
		{"enum CURRENT (variable)", raw(`query($b: Boundary) { ranking(year: 2023, first: 1, boundary: $b) { rank } }`, `{"b": "CURRENT"}`), `"rank":1`},
		{"enum CURRENT (literal)", query(`{ ranking(year: 2023, first: 1, boundary: CURRENT) { rank } }`, nil), `"rank":1`},
		{"one ID for a list of ID! (variable)", raw(`query($u: [ID!]!) { trend(units: $u) { unit { code } } }`, `{"u": "31528"}`), `"code":"31528"`},
		{"one ID for a list of ID! (literal)", query(`{ trend(units: "31528") { unit { code } } }`, nil), `"code":"31528"`},
		{"an integer for ID", raw(`query($u: [ID!]!) { trend(units: $u) { unit { code } } }`, `{"u": [31528]}`), `"code":"31528"`},
		{"an integer written 31528.0 for ID", raw(`query($u: [ID!]!) { trend(units: $u) { unit { code } } }`, `{"u": [31528.0]}`), `"code":"31528"`},
		{"an integer for Float", raw(`query($f: ScoreFilter) { aggregate(filter: $f, groupBy: [YEAR], metrics: [COUNT]) { totalCount } }`, `{"f": {"percentMin": 0}}`), `"totalCount":`},
		{"an input object with an enum", raw(`query($o: [AggregateOrder!]) { aggregate(groupBy: [YEAR], metrics: [COUNT], orderBy: $o) { totalCount } }`, `{"o": {"dimension": "YEAR", "direction": "ASC"}}`), `"totalCount":`},
		{"a default value", query(`query($y: Int! = 2023) { ranking(year: $y, first: 1) { year } }`, nil), `"year":2023`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(h, http.MethodPost, "/graphql", tt.body, jsonHeader)
			if body := rec.Body.String(); rec.Code != 200 || strings.Contains(body, `"errors"`) || !strings.Contains(body, tt.want) {
				t.Errorf("got %d %.300s; want an answer holding %s", rec.Code, body, tt.want)
			}
		})
	}
}
