package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strings"
)

// Example is a query an analyst can start from. Every example runs in the tests against the
// default data, so none of them can rot.
type Example struct {
	Field       string // the root field it shows
	Title       string
	Description string
	Query       string
	Variables   map[string]any
}

// Examples are the queries of docs/queries.md and of /graphiql/examples, one or more per root
// field.
var Examples = []Example{
	{"years", "Years with results", "Every year that has scores, oldest first.", `{ years }`, nil},
	{"units", "Find a commune without diacritics", `"an my" finds Xã An Mỹ; the list is in Vietnamese order.`,
		`query FindUnit($search: String) {
  units(search: $search) {
    id code name kind level parent parentName validTo successors years
  }
}`, map[string]any{"search": "an my"}},
	{"unit", "A commune created by the 2025 merger, and what it was made of", "A bare code resolves to the unit that existed in the year asked about.",
		`query Unit($code: ID!, $year: Int) {
  unit(code: $code, year: $year) {
    id name kind parentName predecessors
    lineage { predecessor { id name parent } effective coverage }
  }
}`, map[string]any{"code": "31552", "year": 2025}},
	{"framework", "The framework a commune was scored on", "Its issuer and decision, fields, criteria with their maximum points, and the classes.",
		`query Framework($year: Int!, $unit: ID) {
  framework(year: $year, unit: $unit) {
    name maxPoints firstYear issuer { code name } decision { kind title } source { kind title }
    fields { slug nameVi maxPoints criteria { code name maxPoints } }
    groups { ordinal code label minPercent }
  }
}`, map[string]any{"year": 2023, "unit": "31552"}},
	{"frameworks", "Every issuer's frameworks in force in a year", "Each province or district scores on its own framework; the reference one applies where none has been imported.",
		`query Frameworks($year: Int) {
  frameworks(year: $year) {
    id name firstYear lastYear issuer { code name }
    decision { kind title } source { kind }
    groups { ordinal code label minPercent minPoints }
    components { slug nameVi maxPoints } adjustments { code kind maxPoints } cohorts { slug nameVi kinds }
  }
}`, map[string]any{"year": 2023}},
	{"ranking", "The ranking of a district, with what the decision published", "Computed group beside the published one, and where each number comes from.",
		`query Ranking($year: Int!, $parent: ID) {
  ranking(year: $year, parent: $parent) {
    unit { code name kind } percent rank group { code label }
    published { group { code label } rank source { kind title date } }
    source { kind title }
  }
}`, map[string]any{"year": 2023, "parent": "943"}},
	{"ranking", "Every commune of a province before 2025", "Before 1 July 2025 a province's communes were in its districts: with the province as parent, they are listed together, best rank first, each ranked within its own district (parent).",
		`query ProvinceRanking($year: Int!, $province: ID) {
  ranking(year: $year, parent: $province) { unit { shortName parent } percent rank group { code } }
}`, map[string]any{"year": 2023, "province": "94"}},
	{"ranking", "Ranking on one field", "Points, percent and rank of the field; the group stays the unit's overall group.",
		`query FieldRanking($year: Int!, $field: String) {
  ranking(year: $year, field: $field) { unit { shortName } points maxPoints percent rank }
}`, map[string]any{"year": 2023, "field": "public_finance"}},
	{"ranking", "Today's communes ranked for a year before they existed", "Boundary CURRENT combines each commune's predecessors; coverage and contributors say how.",
		`query CurrentRanking($year: Int!) {
  ranking(year: $year, boundary: CURRENT) {
    unit { id shortName } percent rank group { code } coverage contributors
  }
}`, map[string]any{"year": 2023}},
	{"ranking", "Today's communes formed from a district that no longer exists", "Districts were dissolved on 1 July 2025; at the CURRENT boundary Kế Sách (943) stands for today's communes formed from its communes, each ranked within today's province.",
		`query FormerDistrict($year: Int!, $parent: ID) {
  ranking(year: $year, parent: $parent, boundary: CURRENT) {
    unit { shortName parent } percent rank coverage contributors
  }
}`, map[string]any{"year": 2024, "parent": "943"}},
	{"rankingColumns", "A district's ranking with every field, as columns", "One array per column, in ranking order, and one set of arrays per field: what a data frame or a heatmap reads.",
		`query RankingColumns($year: Int!, $parent: ID) {
  rankingColumns(year: $year, parent: $parent) {
    unit shortName percent rank group
    fields { field { slug } percent rank }
  }
}`, map[string]any{"year": 2023, "parent": "943"}},
	{"fieldSummary", "Field averages of a year, ranked among the eight", `The "giá trị trung bình của lĩnh vực" of the decisions, with the published values beside the computed ones.`,
		`query Fields($year: Int!) {
  fieldSummary(year: $year) {
    field { slug nameVi } average rank min max
    published { average rank source { title } }
  }
}`, map[string]any{"year": 2023}},
	{"trend", "A commune's trend", "Columnar for charts: a year without a result is a status and a null, never 0.",
		`query Trend($units: [ID!]!) {
  trend(units: $units) { unit { name } years values ranks groups status }
}`, map[string]any{"units": []string{"31564", "31537"}}},
	{"trend", "A merged commune's history across the 2025 reorganisation", "Xã Nhơn Mỹ (2025) told back through An Mỹ and Nhơn Mỹ of Kế Sách; Song Phụng has no data, so the coverage is PARTIAL.",
		`query MergedHistory($units: [ID!]!) {
  trend(units: $units, boundary: CURRENT) { unit { name } years values status coverage contributors }
}`, map[string]any{"units": []string{"31552"}}},
	{"changes", "Who improved and who fell", "Every unit in both years, the biggest rise first, with a summary.",
		`query Changes($from: Int!, $to: Int!, $parent: ID) {
  changes(from: $from, to: $to, parent: $parent) {
    summary { compared improved declined groupUp groupDown meanChange }
    units { unit { shortName } percentFrom percentTo change rankFrom rankTo rankChange groupFrom { code } groupTo { code } }
  }
}`, map[string]any{"from": 2022, "to": 2023, "parent": "943"}},
	{"changes", "Changes across the reorganisation, for today's communes", "As published, 2024's communes and 2025's are different units; with CURRENT they compare.",
		`query CurrentChanges($from: Int!, $to: Int!) {
  changes(from: $from, to: $to, boundary: CURRENT) {
    summary { compared improved declined onlyFrom onlyTo }
    units { unit { shortName } status change }
  }
}`, map[string]any{"from": 2024, "to": 2025}},
	{"changes", "A whole comparison as columns, for a data frame or a chart", "The rows of `units` as one array per value: a national comparison (10,000 communes) takes about a third of the bytes it takes as objects.",
		`query ChangeColumns($from: Int!, $to: Int!) {
  changes(from: $from, to: $to) {
    summary { compared improved declined }
    columns { code name status percentFrom percentTo change rankChange groupFrom groupTo }
  }
}`, map[string]any{"from": 2022, "to": 2023}},
	{"compare", "Communes side by side, with benchmarks", "Each unit's total and fields against its parent's mean, median, top quartile, best unit and group mean.",
		`query Compare($units: [ID!]!, $year: Int!) {
  compare(units: $units, year: $year) {
    units {
      unit { shortName } percent rank group { code }
      benchmarks { parentMean parentMedian topQuartile best bestUnit { shortName } groupMean }
      fields { field { slug } percent benchmarks { parentMean best } }
    }
  }
}`, map[string]any{"units": []string{"31564", "31540", "31537"}, "year": 2023}},
	{"scores", "Where a commune loses points", "Every criterion, the largest loss against the district's first-ranked unit first.",
		`query Scores($unit: ID!, $year: Int!) {
  scores(unit: $unit, year: $year) {
    criterion { code name } field { slug } points maxPoints lostToLeader lostToBest
  }
}`, map[string]any{"unit": "31537", "year": 2023}},
	{"groupDistribution", "How many communes in each group, this year and last", "Empty groups are listed too.",
		`query Groups($year: Int!, $parent: ID) {
  groupDistribution(year: $year, parent: $parent) {
    year previousYear units previousUnits
    groups { group { code label } count share previousCount previousShare }
  }
}`, map[string]any{"year": 2023, "parent": "943"}},
	{"aggregate", "Average and spread per year", "Grouped aggregates compile into one SQL statement.",
		`query PerYear {
  aggregate(groupBy: [YEAR], metrics: [COUNT, AVG, MEDIAN, P25, P75, STDDEV]) {
    totalCount rows { year values }
  }
}`, nil},
	{"aggregate", "Criteria where a district scores lowest", "Criterion level, filtered and ordered, with a condition on a metric.",
		`query WeakCriteria($filter: ScoreFilter) {
  aggregate(filter: $filter, groupBy: [FIELD, CRITERION], metrics: [AVG, MIN, COUNT],
            having: [{metric: AVG, op: LT, value: 90}], orderBy: [{metric: AVG, direction: ASC}], first: 5) {
    totalCount rows { field { slug } criterion values } pageInfo { endCursor hasNextPage }
  }
}`, map[string]any{"filter": map[string]any{"years": []int{2023}, "parents": []string{"943"}}}},
	{"aggregate", "Page through units by group", "Pass pageInfo.endCursor as after for the next page.",
		`query Pages($after: String) {
  aggregate(filter: {yearFrom: 2022, yearTo: 2023}, groupBy: [YEAR, GROUP, UNIT], metrics: [AVG], first: 5, after: $after) {
    totalCount rows { cursor year group unit { shortName } values } pageInfo { endCursor hasNextPage }
  }
}`, nil},
	{"aggregate", "Groups as columns, for a chart or a data frame", "The rows of the page as one array per dimension and metric: a national province × year table (1,300 groups) encodes several times faster this way.",
		`query GroupsPerYear {
  aggregate(groupBy: [YEAR, GROUP], metrics: [COUNT, AVG]) {
    totalCount columns { year group values }
  }
}`, nil},
	{"export", "A district's panel as a file for Excel", "Plans the download: GET the url for the file (here a wide CSV with a BOM). The columns say what each holds; rowCount is known before the download.",
		`query Export($parent: ID, $from: Int, $to: Int) {
  export(format: "csv", shape: "wide-year", level: "field", parent: $parent, from: $from, to: $to, bom: true) {
    url fileName rowCount columns { name type description }
  }
}`, map[string]any{"parent": "943", "from": 2019, "to": 2025}},
	{"export", "Everything at criterion level, for R or Python", "A zip with a Parquet file, its datapackage.json (Frictionless Table Schema), CITATION.cff and a README saying which numbers are illustrative.",
		`{ export(format: "zip", bundle: "parquet", level: "criterion") { url fileName contentType rowCount years release } }`, nil},
	{"limits", "The limits every request is held to", "Each rejection carries the code named in the field's description.",
		`{ limits { maxDepth maxComplexity maxSelections maxIntrospection maxRows maxBodyBytes maxParserTokens timeoutMs maxConcurrent queueWaitMs heavyComplexity maxHeavy maxUnits answerCacheBytes maxCachedAnswerBytes } }`, nil},
}

// ExplorerLink opens the example in /graphiql.
func (e Example) ExplorerLink() string {
	v := url.Values{"query": {e.Query}}
	if e.Variables != nil {
		b, _ := json.MarshalIndent(e.Variables, "", "  ")
		v.Set("variables", string(b))
	}
	return "/graphiql?" + strings.ReplaceAll(v.Encode(), "+", "%20")
}

// ExamplesMarkdown renders the examples as docs/queries.md.
func ExamplesMarkdown() string {
	var b strings.Builder
	b.WriteString("# Example queries\n\n")
	b.WriteString("Generated from `graph/examples.go` (`go test ./graph -update` rewrites this file); every example runs in the tests\n")
	b.WriteString("against the default data. Open any of them in the explorer from http://localhost:8080/graphiql/examples.\n")
	b.WriteString("Numbers of the default data are illustrative except what decision 2234/QĐ-UBND published (see the README).\n")
	field := ""
	for _, e := range Examples {
		if e.Field != field {
			field = e.Field
			fmt.Fprintf(&b, "\n## `%s`\n", field)
		}
		fmt.Fprintf(&b, "\n### %s\n\n%s\n\n```graphql\n%s\n```\n", e.Title, e.Description, e.Query)
		if e.Variables != nil {
			v, _ := json.MarshalIndent(e.Variables, "", "  ")
			fmt.Fprintf(&b, "\nVariables:\n\n```json\n%s\n```\n", v)
		}
	}
	return b.String()
}

var examplesPage = template.Must(template.New("examples").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>parindex — example queries</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1c2430}
h2{margin-top:2rem;font-size:1.1rem}li{margin:.6rem 0}code{background:#f1f3f5;padding:0 .2rem}small{color:#5b6570}</style>
</head><body>
<h1>Example queries</h1>
<p>Each link opens the query in the <a href="/graphiql">explorer</a>, ready to run. The schema's documentation is in the explorer's Docs panel.</p>
{{range .}}{{if .First}}<h2><code>{{.Field}}</code></h2>{{end}}
<li><a href="{{.Link}}">{{.Title}}</a><br><small>{{.Description}}</small></li>{{end}}
</body></html>`))

// ExamplesPage returns the HTML page that lists the examples with links into the explorer; the
// binary serves it at /graphiql/examples beside the explorer (web.Page).
func ExamplesPage() []byte {
	type item struct {
		Example
		First bool
		Link  string
	}
	var items []item
	for i, e := range Examples {
		items = append(items, item{Example: e, First: i == 0 || Examples[i-1].Field != e.Field, Link: e.ExplorerLink()})
	}
	var page bytes.Buffer
	if err := examplesPage.Execute(&page, items); err != nil {
		panic(fmt.Sprintf("graph: examples page: %v", err)) // a broken template is a programming error
	}
	return page.Bytes()
}
