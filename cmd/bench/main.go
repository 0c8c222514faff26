// Command bench measures parindex's queries on the national illustrative dataset (each year's
// communes, 10,472 to 11,162, × 20 years, about 9 M criterion scores), building that database
// first if it is missing.
//
// For each query family it measures, in one run and with the same parameters (drawn at random
// with a fixed seed, so that no single repeated query is measured), each parameter answered on
// every path in a random order:
//
//	sql    the floor: the statement that reads the same rows from the derived tables, prepared
//	       (aggregates: the compiled statement), where the family has one
//	store  the analytics.Store method the resolver calls: SQL through the driver, scanning included
//	exec   the GraphQL handler in process (graph.NewHandler served into an httptest.ResponseRecorder)
//	http   GraphQL over HTTP on loopback: an http.Server with parindex's routes and a Go client
//
// and prints p50 and p99 of each, the ratios exec/store, http/store and http/sql at p50, and the
// rows and bytes returned. With -load it instead hammers families over HTTP from -concurrency
// clients for a while and reports throughput, latency and the count of every status code.
//
// Usage:
//
//	go run ./cmd/bench [-db data/national.duckdb] [-n 500] [-families trend,ranking] [-md FILE]
//	go run ./cmd/bench -load 10s -concurrency 8 [-families ranking]
//	go run ./cmd/bench -build   # only build the national database if it is missing
//	go run ./cmd/bench -export [-md FILE]   # the exports of issue 5 (export.go)
//	go run ./cmd/bench -soak 60s [-clients 40 -hostile 10]   # normal and hostile clients (soak.go)
//	go run ./cmd/bench -import-soak [-exporters 6]            # an import beside exports (importsoak.go)
//
// Only loopback addresses are used. Every loop is bounded in count and in time.
package main

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph"
	"github.com/parindex/parindex/web"
)

// family is one kind of request, measured the same way on every path. To measure a new root
// field, add a row to families: a GraphQL document, a generator of its variables, and the
// Store call its resolver makes with the same variables.
type family struct {
	name  string
	about string
	// query is the GraphQL document; vars fills its variables.
	query string
	vars  func(r *rand.Rand, p *pool) map[string]any
	// store makes the resolver's Store call with the same variables and returns the rows it got.
	store func(ctx context.Context, s *analytics.Store, v map[string]any) (rows int, err error)
	// sql, where set, runs the statements that read the same rows from the derived tables: what
	// the resolver ran before the read model answered from memory, the floor of an SQL answer.
	sql func(ctx context.Context, s *analytics.Store, v map[string]any) (rows int, err error)
}

// Statements that read a family's rows from the derived tables (see family.sql).
const (
	trendSQL = `SELECT unit_id, year, percent, rank, group_code, source_id FROM unit_results WHERE unit_id = $u ORDER BY year`
	// The current boundary's results also say which predecessors contributed.
	currentTrendSQL = `SELECT unit_id, year, percent, rank, group_code, source_id, coverage, contributors FROM current_results WHERE unit_id = $u ORDER BY year`
	rankingSQL      = `SELECT unit_id, points, max_points, percent, rank, group_code, source_id FROM unit_results WHERE year = $year AND parent_id = $parent`
	fieldsSQL       = `SELECT unit_id, field_slug, points, max_points, percent, rank FROM field_results WHERE year = $year AND parent_id = $parent`
	changesSQL      = `WITH a AS (SELECT unit_id, percent, rank, group_code FROM unit_results WHERE year = $from),
     b AS (SELECT unit_id, percent, rank, group_code FROM unit_results WHERE year = $to)
SELECT coalesce(b.unit_id, a.unit_id), a.percent, a.rank, a.group_code, b.percent, b.rank, b.group_code
FROM a FULL OUTER JOIN b ON a.unit_id = b.unit_id`
)

func trendRaw(boundary string) func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
	return func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
		text := trendSQL
		if boundary == "CURRENT" {
			text = currentTrendSQL
		}
		return s.Count(ctx, text, sql.Named("u", v["units"].([]string)[0]))
	}
}

func rankingRaw(withFields bool) func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
	return func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
		args := []any{sql.Named("year", v["year"].(int)), sql.Named("parent", v["parent"].(string))}
		n, err := s.Count(ctx, rankingSQL, args...)
		if err != nil || !withFields {
			return n, err
		}
		_, err = s.Count(ctx, fieldsSQL, args...)
		return n, err
	}
}

func changesRaw(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
	return s.Count(ctx, changesSQL, sql.Named("from", v["from"].(int)), sql.Named("to", v["to"].(int)))
}

var families = []family{
	{
		name:  "trend",
		about: "one commune's total over every year",
		query: `query($units: [ID!]!) { trend(units: $units) { unit { id name } years values ranks groups status sources } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"units": []string{pick(r, p.communes)}}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			series, err := s.Trend(ctx, analytics.TrendQuery{Units: v["units"].([]string)})
			if err != nil || len(series) == 0 {
				return 0, err
			}
			return len(series[0].Years), nil
		},
		sql: trendRaw("AS_PUBLISHED"),
	},
	{
		name:  "ranking",
		about: "the ranking of a district in 2024, every field",
		query: `query($year: Int!, $parent: ID) { ranking(year: $year, parent: $parent) { unit { id code name } percent rank group { code label } fields { field { slug } percent rank } } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"year": p.lastYear, "parent": pick(r, p.districts)}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			parent := v["parent"].(string)
			res, err := s.Ranking(ctx, analytics.RankingQuery{Year: v["year"].(int), Parent: &parent, WithFields: true})
			return len(res), err
		},
		sql: rankingRaw(true),
	},
	{
		name:  "ranking-columns",
		about: "the ranking of a district in 2024, every field, as columns",
		query: `query($year: Int!, $parent: ID) { rankingColumns(year: $year, parent: $parent) { unit code name percent rank group fields { field { slug } percent rank } } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"year": p.lastYear, "parent": pick(r, p.districts)}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			parent := v["parent"].(string)
			res, err := s.RankingColumns(ctx, analytics.RankingQuery{Year: v["year"].(int), Parent: &parent, WithFields: true})
			if err != nil {
				return 0, err
			}
			return len(res.Unit), nil
		},
		sql: rankingRaw(true),
	},
	{
		name:  "ranking-totals",
		about: "the ranking of a district in 2024, totals and groups only",
		query: `query($year: Int!, $parent: ID) { ranking(year: $year, parent: $parent) { unit { id code name } percent rank group { code label } } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"year": p.lastYear, "parent": pick(r, p.districts)}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			parent := v["parent"].(string)
			res, err := s.Ranking(ctx, analytics.RankingQuery{Year: v["year"].(int), Parent: &parent})
			return len(res), err
		},
		sql: rankingRaw(false),
	},
	{
		name:  "trend-current",
		about: "a 2025 commune told back through its predecessors over every year",
		query: `query($units: [ID!]!) { trend(units: $units, boundary: CURRENT) { unit { id } years values status coverage contributors } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"units": []string{pick(r, p.current)}}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			b := analytics.BoundaryCurrent
			series, err := s.Trend(ctx, analytics.TrendQuery{Units: v["units"].([]string), Boundary: &b})
			if err != nil || len(series) == 0 {
				return 0, err
			}
			return len(series[0].Years), nil
		},
		sql: trendRaw("CURRENT"),
	},
	{
		name:  "changes-national",
		about: "every commune's change between two years (about 10,000 rows)",
		query: `query($from: Int!, $to: Int!) { changes(from: $from, to: $to) { summary { compared improved declined groupUp groupDown }
			units { unit { id } percentFrom percentTo change rankChange } } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			y := pick(r, p.oldYears[1:])
			return map[string]any{"from": y - 1, "to": y}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			ch, err := s.Changes(ctx, analytics.ChangesQuery{From: v["from"].(int), To: v["to"].(int)})
			if err != nil {
				return 0, err
			}
			return len(ch.Units), nil
		},
		sql: changesRaw,
	},
	{
		name:  "changes-national-columns",
		about: "the same national comparison as columns (one array per value)",
		query: `query($from: Int!, $to: Int!) { changes(from: $from, to: $to) { summary { compared improved declined groupUp groupDown }
			columns { unit percentFrom percentTo change rankChange } } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			y := pick(r, p.oldYears[1:])
			return map[string]any{"from": y - 1, "to": y}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			ch, err := s.Changes(ctx, analytics.ChangesQuery{From: v["from"].(int), To: v["to"].(int)})
			if err != nil {
				return 0, err
			}
			return len(ch.Columns().Unit), nil
		},
		sql: changesRaw,
	},
	{
		name:  "compare",
		about: "three communes side by side with their benchmarks",
		query: `query($units: [ID!]!, $year: Int!) { compare(units: $units, year: $year) { units { unit { id } percent rank
			benchmarks { parentMean parentMedian topQuartile best groupMean } fields { field { slug } percent benchmarks { parentMean best } } } } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"units": []string{pick(r, p.communes), pick(r, p.communes), pick(r, p.communes)}, "year": p.lastYear}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			c, err := s.Compare(ctx, v["units"].([]string), v["year"].(int))
			if err != nil {
				return 0, err
			}
			return len(c.Units), nil
		},
	},
	{
		name:  "scores",
		about: "one commune's criteria (40 or so, by its framework) against the best of its district",
		query: `query($unit: ID!, $year: Int!) { scores(unit: $unit, year: $year) { criterion { code } points maxPoints lostToLeader lostToBest } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"unit": pick(r, p.communes), "year": p.lastYear}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			res, err := s.Scores(ctx, v["unit"].(string), v["year"].(int))
			return len(res), err
		},
	},
	{
		name:  "groupDistribution",
		about: "units per group in a district, this year and last",
		query: `query($year: Int!, $parent: ID) { groupDistribution(year: $year, parent: $parent) { units previousUnits groups { group { code } count previousCount } } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"year": p.lastYear, "parent": pick(r, p.districts)}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			parent := v["parent"].(string)
			d, err := s.GroupDistribution(ctx, v["year"].(int), &parent, nil)
			if err != nil {
				return 0, err
			}
			return len(d.Groups), nil
		},
	},
	aggregateFamily("aggregate-fields-year", "field averages of a year (8 groups over 80,000 field results)",
		`{filter: {years: [$year]}, groupBy: [FIELD], metrics: [AVG]}`,
		analytics.AggregateQuery{GroupBy: []analytics.Dimension{analytics.DimField}, Metrics: []analytics.Metric{analytics.MetricAvg}}, true),
	aggregateFamily("aggregate-province-year", "province × year averages (1,260 groups over 200,000 totals)",
		`{groupBy: [PROVINCE, YEAR], metrics: [AVG], first: 2000}`,
		analytics.AggregateQuery{GroupBy: []analytics.Dimension{analytics.DimProvince, analytics.DimYear}, Metrics: []analytics.Metric{analytics.MetricAvg}, First: intPtr(2000)}, false),
	withSelection(aggregateFamily("aggregate-province-year-columns", "province × year averages as columns (1,260 groups over 200,000 totals)",
		`{groupBy: [PROVINCE, YEAR], metrics: [AVG], first: 2000}`,
		analytics.AggregateQuery{GroupBy: []analytics.Dimension{analytics.DimProvince, analytics.DimYear}, Metrics: []analytics.Metric{analytics.MetricAvg}, First: intPtr(2000)}, false),
		"rows { values }", "columns { province year values }"),
	aggregateFamily("aggregate-criteria-year", "criterion averages of one year (about 42 groups over 420,000 scores)",
		`{filter: {years: [$year]}, groupBy: [CRITERION], metrics: [AVG]}`,
		analytics.AggregateQuery{GroupBy: []analytics.Dimension{analytics.DimCriterion}, Metrics: []analytics.Metric{analytics.MetricAvg}}, true),
	aggregateFamily("aggregate-all-scores", "criterion × group count, mean and median over all 9 M scores",
		`{groupBy: [CRITERION, GROUP], metrics: [COUNT, AVG, MEDIAN], first: 500}`,
		analytics.AggregateQuery{GroupBy: []analytics.Dimension{analytics.DimCriterion, analytics.DimGroup},
			Metrics: []analytics.Metric{analytics.MetricCount, analytics.MetricAvg, analytics.MetricMedian}, First: intPtr(500)}, false),
	aggregateFamily("aggregate-all-scores-mean", "criterion × group count and mean over all 9 M scores (no median)",
		`{groupBy: [CRITERION, GROUP], metrics: [COUNT, AVG], first: 500}`,
		analytics.AggregateQuery{GroupBy: []analytics.Dimension{analytics.DimCriterion, analytics.DimGroup},
			Metrics: []analytics.Metric{analytics.MetricCount, analytics.MetricAvg}, First: intPtr(500)}, false),
	{
		name:  "fieldSummary-national",
		about: "field averages of a year over every commune",
		query: `query($year: Int!) { fieldSummary(year: $year) { field { slug } average rank min max units } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"year": pick(r, p.oldYears)}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			res, err := s.FieldSummary(ctx, v["year"].(int), nil)
			return len(res), err
		},
	},
	{
		name:  "fieldSummary-district",
		about: "field averages of a year over a district's communes",
		query: `query($year: Int!, $parent: ID) { fieldSummary(year: $year, parent: $parent) { field { slug } average rank min max units } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"year": pick(r, p.oldYears), "parent": pick(r, p.districts)}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			parent := v["parent"].(string)
			res, err := s.FieldSummary(ctx, v["year"].(int), &parent)
			return len(res), err
		},
	},
	{
		name:  "units-search",
		about: "the first 20 units whose name contains a fragment of a commune's name, as the app's search asks",
		query: `query($search: String) { units(search: $search, first: 20) { id code name kind parent parentName validFrom validTo years } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			return map[string]any{"search": fragment(r, pick(r, p.names))}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			search := v["search"].(string)
			res, err := s.Units(ctx, analytics.UnitsQuery{Search: &search, First: intPtr(20)})
			return len(res), err
		},
	},
}

// aggregateFamily measures one aggregate; args are the GraphQL arguments, q the same request to
// the store. With byYear, a year is drawn and put in the filter.
func aggregateFamily(name, about, args string, q analytics.AggregateQuery, byYear bool) family {
	return family{
		name:  name,
		about: about,
		query: map[bool]string{true: `query($year: Int!) `, false: ``}[byYear] + `{ aggregate` + argsCall(args) + ` { totalCount rows { values } } }`,
		vars: func(r *rand.Rand, p *pool) map[string]any {
			if !byYear {
				return map[string]any{}
			}
			return map[string]any{"year": pick(r, p.oldYears)}
		},
		store: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			res, err := s.Aggregate(ctx, withYear(q, v))
			if err != nil {
				return 0, err
			}
			return len(res.Rows), nil
		},
		sql: func(ctx context.Context, s *analytics.Store, v map[string]any) (int, error) {
			text, args, err := s.AggregateSQL(ctx, withYear(q, v))
			if err != nil {
				return 0, err
			}
			return s.Count(ctx, text, args...)
		},
	}
}

// withYear is q, filtered on the year drawn when there is one.
func withYear(q analytics.AggregateQuery, v map[string]any) analytics.AggregateQuery {
	if year, ok := v["year"].(int); ok {
		q.Filter = &analytics.ScoreFilter{Years: []int{year}}
	}
	return q
}

// withSelection is f asking another selection of the aggregate than the rows' values.
func withSelection(f family, from, to string) family {
	f.query = strings.Replace(f.query, from, to, 1)
	return f
}

// argsCall turns "{a: 1, b: 2}" into "(a: 1, b: 2)".
func argsCall(args string) string {
	return "(" + strings.TrimSuffix(strings.TrimPrefix(args, "{"), "}") + ")"
}

func intPtr(n int) *int { return &n }

// pool is what parameters are drawn from.
type pool struct {
	districts []string // IDs of the districts of the last year before the reorganisation
	communes  []string // IDs of its communes
	names     []string // short names of those communes
	oldYears  []int    // years of the old communes
	lastYear  int      // their last year
	current   []string // IDs of the communes of the list of 2025-07-01
}

// newPool reads the units of the last year before the reorganisation (11,239 at the end of
// 2024, under the analytics.MaxRows cap of one listing) and the communes of the year after.
func newPool(ctx context.Context, s *analytics.Store) (*pool, error) {
	years, err := s.Years(ctx)
	if err != nil {
		return nil, err
	}
	p := &pool{}
	for _, y := range years {
		if y <= analytics.NationalLastYear {
			p.oldYears = append(p.oldYears, y)
		}
	}
	if len(p.oldYears) == 0 {
		return nil, errors.New("bench: the database has no year before 2025; is it the national dataset?")
	}
	p.lastYear = p.oldYears[len(p.oldYears)-1]
	first := analytics.MaxRows
	units, err := s.Units(ctx, analytics.UnitsQuery{Year: &p.lastYear, First: &first})
	if err != nil {
		return nil, err
	}
	// A year holds one version of each district: the one its communes' parent codes name. The
	// island districts without communes are left out.
	parents := map[string]bool{}
	for _, u := range units {
		if u.Level != 3 || u.Parent == nil {
			continue
		}
		p.communes = append(p.communes, u.ID)
		p.names = append(p.names, u.ShortName)
		parents[*u.Parent] = true
	}
	for _, u := range units {
		if u.Level == 2 && parents[u.Code] {
			p.districts = append(p.districts, u.ID)
		}
	}
	newYear := p.lastYear + 1
	if units, err = s.Units(ctx, analytics.UnitsQuery{Year: &newYear, First: &first}); err != nil {
		return nil, err
	}
	for _, u := range units {
		if u.Level == 2 {
			p.current = append(p.current, u.ID)
		}
	}
	if len(p.districts) < 100 || len(p.communes) < 1000 || len(p.current) < 1000 {
		return nil, fmt.Errorf("bench: %d districts and %d communes in %d; is it the national dataset?", len(p.districts), len(p.communes), p.lastYear)
	}
	return p, nil
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// fragment is what someone types into a search box: one or two words of a name, half of the time
// without diacritics.
func fragment(r *rand.Rand, name string) string {
	words := strings.Fields(name)
	if len(words) > 1 {
		i := r.IntN(len(words) - 1)
		words = words[i : i+2]
	}
	f := strings.Join(words, " ")
	if r.IntN(2) == 0 {
		f = strings.ToLower(stripMarks(f))
	}
	return f
}

// stripMarks writes a Vietnamese text without its diacritics, as people type it on a keyboard
// without Vietnamese input ("Đại Hải" -> "Dai Hai").
func stripMarks(s string) string {
	return strings.Map(func(c rune) rune {
		if base, ok := vietnameseBase[unicode.ToLower(c)]; ok {
			if unicode.IsUpper(c) {
				return unicode.ToUpper(base)
			}
			return base
		}
		return c
	}, s)
}

var vietnameseBase = func() map[rune]rune {
	m := map[rune]rune{}
	for _, letters := range []string{"aàáảãạăằắẳẵặâầấẩẫậ", "dđ", "eèéẻẽẹêềếểễệ", "iìíỉĩị", "oòóỏõọôồốổỗộơờớởỡợ", "uùúủũụưừứửữự", "yỳýỷỹỵ"} {
		base := []rune(letters)[0]
		for _, c := range letters {
			m[c] = base
		}
	}
	return m
}()

type config struct {
	db           string
	n            int
	warmup       int
	seed         uint64
	families     []family
	maxTime      time.Duration
	md           string
	load         time.Duration
	concurrency  int
	maxRequests  int
	cpuprofile   string
	buildOnly    bool
	export       bool
	sweep        bool
	exports      string
	soak         time.Duration
	clients      int
	hostile      int
	hostileKinds string
	hostileChild string // the server the soak's hostile clients target, in their own process
	importSoak   bool
	exporters    int
}

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // as parindex's main does
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(512 << 20) // as parindex's main does
	}
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var cfg config
	var names string
	var seed uint
	fs.StringVar(&cfg.db, "db", "data/national.duckdb", "national database; built first when missing (about a minute)")
	fs.IntVar(&cfg.n, "n", 500, "measured requests per family and path")
	fs.IntVar(&cfg.warmup, "warmup", 20, "unmeasured requests per family and path before measuring")
	fs.UintVar(&seed, "seed", 1, "seed of the parameters drawn")
	fs.StringVar(&names, "families", "", "comma-separated families (default: all; with -load: ranking); one of "+familyNames())
	fs.DurationVar(&cfg.maxTime, "max-time", time.Minute, "time limit of each family (its paths interleaved)")
	fs.StringVar(&cfg.md, "md", "", "also write the results as Markdown to this file")
	fs.DurationVar(&cfg.load, "load", 0, "load mode: hammer each family over HTTP for this long")
	fs.IntVar(&cfg.concurrency, "concurrency", 8, "load mode: concurrent clients")
	fs.IntVar(&cfg.maxRequests, "max-requests", 1_000_000, "load mode: stop after this many requests")
	fs.StringVar(&cfg.cpuprofile, "cpuprofile", "", "write a CPU profile of the measurements to this file")
	fs.BoolVar(&cfg.buildOnly, "build", false, "build the national database if it is missing, then exit")
	fs.BoolVar(&cfg.export, "export", false, "measure the exports instead (see export.go)")
	fs.BoolVar(&cfg.sweep, "sweep", false, "measure the aggregates over every criterion score, grouped every way, instead (see sweep.go)")
	fs.DurationVar(&cfg.soak, "soak", 0, "soak mode: the profile page's questions from -clients clients for this long, alone and then beside -hostile clients (see soak.go)")
	fs.IntVar(&cfg.clients, "clients", 40, "soak mode: clients asking what a leader's page asks")
	fs.IntVar(&cfg.hostile, "hostile", 10, "soak mode: clients sending requests the limits refuse, and distinct large answers")
	fs.StringVar(&cfg.hostileKinds, "hostile-kinds", "all", "soak mode: what the hostile clients send: refused (requests the limits refuse), cache (distinct 240 KB answers) or all (half each)")
	fs.StringVar(&cfg.hostileChild, "soak-hostile-child", "", "run only the soak's hostile clients against this server and write their tallies as JSON (started by -soak)")
	fs.BoolVar(&cfg.importSoak, "import-soak", false, "import a national year idle, then beside -exporters clients downloading exports (see importsoak.go)")
	fs.IntVar(&cfg.exporters, "exporters", 6, "with -import-soak: clients downloading exports in a loop")
	fs.StringVar(&cfg.exports, "exports", "", "with -export: comma-separated exports to measure (default: all); of csv, http, total, field, parquet, xlsx, wide, copy")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("bench: unexpected argument %q", fs.Arg(0))
	}
	cfg.seed = uint64(seed)
	if names == "" && cfg.load > 0 {
		names = "ranking"
	}
	if names == "" {
		cfg.families = families
	} else {
		for _, name := range strings.Split(names, ",") {
			i := slices.IndexFunc(families, func(f family) bool { return f.name == strings.TrimSpace(name) })
			if i < 0 {
				return cfg, fmt.Errorf("bench: no family %q; families: %s", name, familyNames())
			}
			cfg.families = append(cfg.families, families[i])
		}
	}
	if cfg.n < 1 || cfg.warmup < 0 || cfg.concurrency < 1 || cfg.concurrency > 256 || cfg.maxRequests < 1 {
		return cfg, errors.New("bench: -n, -concurrency and -max-requests must be positive (-concurrency at most 256)")
	}
	return cfg, nil
}

func familyNames() string {
	var names []string
	for _, f := range families {
		names = append(names, f.name)
	}
	return strings.Join(names, ", ")
}

func run(ctx context.Context, cfg config) error {
	if cfg.hostileChild != "" {
		return runHostileChild(ctx, cfg, cfg.hostileChild)
	}
	if err := ensureNational(ctx, cfg.db); err != nil || cfg.buildOnly {
		return err
	}
	if cfg.export {
		return runExportBench(ctx, cfg)
	}
	if cfg.importSoak {
		return runImportSoak(ctx, cfg)
	}
	openStart := time.Now()
	store, err := analytics.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(os.Stderr, "bench: opened %s in %s\n", cfg.db, time.Since(openStart).Round(time.Millisecond))
	warmStart := time.Now()
	if err := store.Warm(ctx); err != nil {
		return err
	}
	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	fmt.Fprintf(os.Stderr, "bench: read model warm in %s; Go heap %d MB; resident %d MB\n", time.Since(warmStart).Round(time.Millisecond), mem.HeapAlloc>>20, residentBytes()>>20)
	if cfg.sweep {
		return runSweep(ctx, cfg, store, os.Stdout)
	}
	p, err := newPool(ctx, store)
	if err != nil {
		return err
	}

	// Access logs are formatted as parindex formats them, then dropped.
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	limits := benchLimits()
	if cfg.soak > 0 {
		limits = graph.DefaultLimits() // the answer cache is part of what the soak tries
	}
	srv, err := serveLoopback(store, logger, limits)
	if err != nil {
		return err
	}
	defer srv.Close()
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 300, MaxIdleConnsPerHost: 300, IdleConnTimeout: time.Minute},
	}
	defer client.CloseIdleConnections()

	if cfg.cpuprofile != "" {
		f, err := os.Create(cfg.cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	if cfg.soak > 0 {
		return runSoak(ctx, cfg, p, client, strings.TrimSuffix(srv.url, "/graphql"))
	}
	if cfg.load > 0 {
		var results []loadResult
		for _, f := range cfg.families {
			res, err := hammer(ctx, cfg, f, p, client, srv.url)
			if err != nil {
				return err
			}
			results = append(results, res)
		}
		return report(cfg, func(w io.Writer, md bool) { writeLoad(w, md, cfg, results) })
	}

	exec, err := graph.NewHandler(store, logger, benchLimits())
	if err != nil {
		return err
	}
	var results []familyResult
	for _, f := range cfg.families {
		res, err := measure(ctx, cfg, f, p, store, exec, client, srv.url)
		if err != nil {
			return err
		}
		results = append(results, res)
		fmt.Fprintf(os.Stderr, "bench: %s done\n", f.name)
	}
	return report(cfg, func(w io.Writer, md bool) { writeTable(w, md, cfg, results) })
}

// ensureNational builds the national database when the file is missing, and refuses one built
// before the registry of units: its communes were those of 2025-03-01 in every year, and opening
// it would only bring its units, not its scores, up to the registry.
func ensureNational(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		db, err := sql.Open("duckdb", path+"?access_mode=read_only")
		if err != nil {
			return err
		}
		defer db.Close()
		var version sql.NullInt64
		if err := db.QueryRowContext(ctx, `SELECT max(version) FROM registry_version`).Scan(&version); err != nil || !version.Valid {
			return fmt.Errorf("%s was built before the registry of units (every year scored the communes of 2025): remove it and run the bench again to rebuild it", path)
		}
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: %s is missing; building the national dataset (about a minute)\n", path)
	start := time.Now()
	st, err := analytics.CreateNational(ctx, path, analytics.NationalOptions{Progress: func(line string) {
		fmt.Fprintf(os.Stderr, "bench: %6.1fs %s\n", time.Since(start).Seconds(), line)
	}})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: built %s: %d units, %d lineage links, %d scores, %.1f MB; prepare %s, reference %s, "+
		"scores %s (generator busy %s, appender busy %s), derive %s, commit %s, close %s, total %s\n",
		path, st.Units, st.Lineage, st.Scores, float64(st.FileBytes)/1e6, rd(st.Prepare), rd(st.Reference),
		rd(st.Stream), rd(st.Generate), rd(st.Append), rd(st.Derive), rd(st.Commit), rd(st.Close), rd(st.Total))
	return nil
}

func rd(d time.Duration) string { return d.Round(time.Millisecond).String() }

// loopback is an http.Server on 127.0.0.1 serving what parindex serves.
type loopback struct {
	srv *http.Server
	url string
}

func (l *loopback) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return l.srv.Shutdown(ctx)
}

// serveLoopback starts parindex's own routes (graph.NewRoutes, as the binary serves them) on a
// free loopback port.
func serveLoopback(store *analytics.Store, logger *slog.Logger, limits graph.Limits) (*loopback, error) {
	handler, err := graph.NewRoutes(store, logger, graph.Options{Limits: limits, App: web.Handler("")})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: handler, MaxHeaderBytes: graph.MaxHeaderBytes, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	go srv.Serve(graph.Listener(ln))
	return &loopback{srv: srv, url: "http://" + ln.Addr().String() + "/graphql"}, nil
}

// benchLimits are parindex's limits without the answer cache: a request drawn twice would
// otherwise be answered from memory the second time, and the figures are of the work.
func benchLimits() graph.Limits {
	l := graph.DefaultLimits()
	l.AnswerCacheBytes = 0
	return l
}

// path is one way of answering a family's request.
type path int

const (
	pathSQL path = iota
	pathStore
	pathExec
	pathHTTP
	numPaths
)

var pathNames = [numPaths]string{"sql", "store", "exec", "http"}

type pathResult struct {
	n        int
	p50, p99 time.Duration
	rows     float64 // mean rows per request
	bytes    float64 // mean response bytes (GraphQL paths)
}

type familyResult struct {
	family family
	paths  [numPaths]pathResult
}

// measure runs a family on every path with the same sequence of parameters. The paths are
// interleaved: each parameter drawn is answered on every path, in an order drawn afresh each time,
// so that the machine's noise (other engineers' work, a garbage collection, the aftermath of the
// previous request) falls on every path alike and their ratios hold under load.
func measure(ctx context.Context, cfg config, f family, p *pool, store *analytics.Store, exec http.Handler, client *http.Client, url string) (familyResult, error) {
	res := familyResult{family: f}
	call := func(pt path, vars map[string]any) (rows, size int, err error) {
		switch pt {
		case pathSQL:
			rows, err = f.sql(ctx, store, vars)
			return rows, 0, err
		case pathStore:
			rows, err = f.store(ctx, store, vars)
			return rows, 0, err
		case pathExec:
			body, err := requestBody(f, vars)
			if err != nil {
				return 0, 0, err
			}
			req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			exec.ServeHTTP(rec, req)
			return 0, rec.Body.Len(), checkResponse(rec.Code, rec.Body.Bytes())
		default:
			status, resp, err := post(ctx, client, url, f, vars)
			if err != nil {
				return 0, 0, err
			}
			return 0, len(resp), checkResponse(status, resp)
		}
	}
	var paths []path
	for pt := range numPaths {
		if pt != pathSQL || f.sql != nil {
			paths = append(paths, pt)
		}
	}
	warm := rand.New(rand.NewPCG(cfg.seed+1, familySeed(f)))
	for range cfg.warmup {
		vars := f.vars(warm, p)
		for _, pt := range paths {
			if _, _, err := call(pt, vars); err != nil {
				return res, fmt.Errorf("bench: %s (%s, warm-up): %w", f.name, pathNames[pt], err)
			}
		}
	}
	runtime.GC() // start from a clean heap
	r := rand.New(rand.NewPCG(cfg.seed, familySeed(f)))
	order := rand.New(rand.NewPCG(cfg.seed+2, familySeed(f)))
	var lat [numPaths][]time.Duration
	var rows, size [numPaths]int
	deadline := time.Now().Add(cfg.maxTime)
	for i := 0; i < cfg.n && time.Now().Before(deadline); i++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		vars := f.vars(r, p)
		order.Shuffle(len(paths), func(a, b int) { paths[a], paths[b] = paths[b], paths[a] })
		for _, pt := range paths {
			start := time.Now()
			nr, ns, err := call(pt, vars)
			lat[pt] = append(lat[pt], time.Since(start))
			if err != nil {
				return res, fmt.Errorf("bench: %s (%s) with %v: %w", f.name, pathNames[pt], vars, err)
			}
			rows[pt] += nr
			size[pt] += ns
		}
	}
	for _, pt := range paths {
		n := len(lat[pt])
		pr := pathResult{n: n, bytes: float64(size[pt]) / float64(n), rows: float64(rows[pt]) / float64(n)}
		pr.p50, pr.p99 = percentiles(lat[pt])
		res.paths[pt] = pr
	}
	return res, nil
}

func familySeed(f family) uint64 {
	var h uint64 = 14695981039346656037
	for _, c := range []byte(f.name) {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

func requestBody(f family, vars map[string]any) ([]byte, error) {
	return json.Marshal(map[string]any{"query": f.query, "variables": vars})
}

func post(ctx context.Context, client *http.Client, url string, f family, vars map[string]any) (int, []byte, error) {
	body, err := requestBody(f, vars)
	if err != nil {
		return 0, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// checkResponse fails on any status but 200 and on any GraphQL error, so that a broken query
// is never measured as a fast one.
func checkResponse(status int, body []byte) error {
	var resp struct {
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return fmt.Errorf("status %d, body %.200q: %w", status, body, err)
	}
	if status != http.StatusOK || len(resp.Errors) > 0 {
		return fmt.Errorf("status %d: %.300s", status, body)
	}
	return nil
}

func percentiles(d []time.Duration) (p50, p99 time.Duration) {
	if len(d) == 0 {
		return 0, 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[(len(s)-1)/2], s[(len(s)*99+99)/100-1]
}

type loadResult struct {
	family     family
	requests   int
	elapsed    time.Duration
	p50, p99   time.Duration
	statuses   map[int]int
	gqlErrors  int // 200 answers carrying GraphQL errors
	transport  int // requests that got no answer
	firstError string
}

// hammer sends a family's requests from cfg.concurrency clients until cfg.load has passed or
// cfg.maxRequests were sent.
func hammer(ctx context.Context, cfg config, f family, p *pool, client *http.Client, url string) (loadResult, error) {
	fmt.Fprintf(os.Stderr, "bench: load %s for %s with %d clients\n", f.name, cfg.load, cfg.concurrency)
	ctx, cancel := context.WithTimeout(ctx, cfg.load)
	defer cancel()
	var mu sync.Mutex
	res := loadResult{family: f, statuses: map[int]int{}}
	var lat []time.Duration
	var sent int
	take := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if sent >= cfg.maxRequests {
			return false
		}
		sent++
		return true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(cfg.seed+uint64(w), familySeed(f)))
			var mine []time.Duration
			statuses := map[int]int{}
			var gqlErrors, transport int
			var firstError string
			for ctx.Err() == nil && take() {
				t := time.Now()
				status, body, err := post(ctx, client, url, f, f.vars(r, p))
				d := time.Since(t)
				if err != nil {
					if ctx.Err() != nil {
						break // the deadline cut this request short: not an answer
					}
					transport++
					if firstError == "" {
						firstError = err.Error()
					}
					continue
				}
				mine = append(mine, d)
				statuses[status]++
				if status == http.StatusOK && bytes.Contains(body, []byte(`"errors"`)) {
					gqlErrors++
					if firstError == "" {
						firstError = fmt.Sprintf("%.300s", body)
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, mine...)
			for s, n := range statuses {
				res.statuses[s] += n
			}
			res.gqlErrors += gqlErrors
			res.transport += transport
			res.firstError = cmp.Or(res.firstError, firstError)
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.requests = len(lat)
	res.p50, res.p99 = percentiles(lat)
	return res, nil
}

// report writes the results to stdout and, with -md, as Markdown to a file.
func report(cfg config, write func(w io.Writer, md bool)) error {
	write(os.Stdout, false)
	if cfg.md == "" {
		return nil
	}
	var b bytes.Buffer
	write(&b, true)
	return os.WriteFile(cfg.md, b.Bytes(), 0o644)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f", float64(d.Microseconds())/1000) }

func header(w io.Writer, md bool, cfg config) {
	if md {
		fmt.Fprintf(w, "Measured by `go run ./cmd/bench` on %s (%d CPUs, %s), database %s, seed %d.\n\n",
			time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), runtime.Version(), cfg.db, cfg.seed)
	}
}

func writeTable(w io.Writer, md bool, cfg config, results []familyResult) {
	header(w, md, cfg)
	cols := []string{"family", "n", "rows", "bytes", "sql p50", "sql p99",
		"store p50", "store p99", "exec p50", "exec p99", "http p50", "http p99", "exec/store", "http/store", "http/sql"}
	var lines [][]string
	for _, r := range results {
		q, s, e, h := r.paths[pathSQL], r.paths[pathStore], r.paths[pathExec], r.paths[pathHTTP]
		sqlP50, sqlP99 := "-", "-"
		if q.n > 0 {
			sqlP50, sqlP99 = ms(q.p50), ms(q.p99)
		}
		lines = append(lines, []string{r.family.name, fmt.Sprint(s.n), fmt.Sprintf("%.1f", s.rows), fmt.Sprintf("%.0f", h.bytes),
			sqlP50, sqlP99, ms(s.p50), ms(s.p99), ms(e.p50), ms(e.p99), ms(h.p50), ms(h.p99),
			ratio(e.p50, s.p50), ratio(h.p50, s.p50), ratio(h.p50, q.p50)})
	}
	table(w, md, cols, lines)
	if md {
		fmt.Fprintln(w, "\nTimes in ms. sql: the statements reading the same rows from the derived tables (what the resolver ran before the read model), and for aggregates the statement the store compiles (AggregateSQL); store: the analytics.Store method; exec: the GraphQL handler in process; http: POST /graphql on loopback. Answers are not cached.")
		for _, r := range results {
			fmt.Fprintf(w, "- `%s`: %s: `%s`\n", r.family.name, r.family.about, r.family.query)
		}
	} else {
		fmt.Fprintln(w, "times in ms; sql = the same rows read from the derived tables, prepared (aggregates: the compiled statement), store = analytics.Store method, exec = GraphQL handler in process, http = POST /graphql on loopback; no answer cache")
	}
}

func writeLoad(w io.Writer, md bool, cfg config, results []loadResult) {
	header(w, md, cfg)
	cols := []string{"family", "clients", "seconds", "requests", "req/s", "p50 ms", "p99 ms", "statuses", "GraphQL errors", "no answer"}
	var lines [][]string
	for _, r := range results {
		var codes []int
		for c := range r.statuses {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		var st []string
		for _, c := range codes {
			st = append(st, fmt.Sprintf("%d×%d", c, r.statuses[c]))
		}
		lines = append(lines, []string{r.family.name, fmt.Sprint(cfg.concurrency), fmt.Sprintf("%.1f", r.elapsed.Seconds()),
			fmt.Sprint(r.requests), fmt.Sprintf("%.0f", float64(r.requests)/r.elapsed.Seconds()),
			ms(r.p50), ms(r.p99), strings.Join(st, " "), fmt.Sprint(r.gqlErrors), fmt.Sprint(r.transport)})
	}
	table(w, md, cols, lines)
	fmt.Fprintln(w, "\nLatencies count every answer, 503s included; \"no answer\" counts requests that got none.")
	for _, r := range results {
		if r.firstError != "" {
			fmt.Fprintf(w, "\nfirst error (%s): %s\n", r.family.name, r.firstError)
		}
	}
}

func ratio(a, b time.Duration) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(a)/float64(b))
}

func table(w io.Writer, md bool, cols []string, lines [][]string) {
	if md {
		fmt.Fprintf(w, "| %s |\n|", strings.Join(cols, " | "))
		for range cols {
			fmt.Fprint(w, "---|")
		}
		fmt.Fprintln(w)
		for _, l := range lines {
			fmt.Fprintf(w, "| %s |\n", strings.Join(l, " | "))
		}
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(cols, "\t")+"\t")
	for _, l := range lines {
		fmt.Fprintln(tw, strings.Join(l, "\t")+"\t")
	}
	tw.Flush()
}
