package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// A rollup is a table of partial aggregates of a results table, derived with it: the rows of
// the results table grouped by a few of its columns (the keys), with what every metric needs to
// be finished from them: counts, sums, sums of squares, minima and maxima. An aggregate whose
// dimensions and filters use only a rollup's keys is answered from the rollup, which holds tens
// to hundreds of times fewer rows than the table it summarises (Cube calls these
// pre-aggregations). At national scale the criterion × group counts and means over 8 M scores
// read 176,000 rows instead of 8 M.
//
// Quantiles cannot be finished from sums. A histogram rollup keeps percent among its keys, so
// that each of its rows is one value with its count; a quantile is then read off the cumulative
// counts exactly as quantile_cont reads it off the sorted values. The scores of a criterion take
// a few hundred values, so the histogram of 8 M scores holds 477,000 rows.
type rollup struct {
	table string   // the rollup's table
	base  string   // the results table it summarises
	keys  []string // the base table's columns it keeps, without percent
	// histogram: percent is a key too, and quantiles and percent filters can be answered.
	histogram bool
	// from is a finer rollup of the same base to sum instead of the base table, or "".
	from string
}

// rollups, smallest first for each base table: an aggregate uses the first that covers it. The
// province rollups are summed from the parent rollups, a few times smaller than the results.
var rollups = []rollup{
	{"rollup_unit_province", "unit_results", []string{"year", "province_id", "group_code"}, false, "rollup_unit_parent"},
	{"rollup_unit_parent", "unit_results", []string{"year", "province_id", "parent_id", "group_code"}, false, ""},
	{"rollup_field_province", "field_results", []string{"year", "province_id", "field_slug", "group_code"}, false, "rollup_field_parent"},
	{"rollup_field_histogram", "field_results", []string{"year", "field_slug", "group_code"}, true, ""},
	{"rollup_field_parent", "field_results", []string{"year", "province_id", "parent_id", "field_slug", "group_code"}, false, ""},
	{"rollup_criterion_province", "criterion_results", []string{"year", "province_id", "field_slug", "criterion_code", "group_code"}, false, "rollup_criterion_parent"},
	{"rollup_criterion_histogram", "criterion_results", []string{"year", "field_slug", "criterion_code", "group_code"}, true, ""},
	{"rollup_criterion_parent", "criterion_results", []string{"year", "province_id", "parent_id", "field_slug", "criterion_code", "group_code"}, false, ""},
}

// refreshRollups rebuilds the rollups of the scope's year (0: every year) from the results
// tables, which must be refreshed first: those summed from the results tables, then those summed
// from other rollups.
func refreshRollups(ctx context.Context, conn *sql.Conn, scope derivedScope) error {
	for _, summed := range []bool{false, true} {
		for _, r := range rollups {
			if (r.from != "") != summed {
				continue
			}
			done := func() {}
			if traceDerive != nil {
				done = traceDerive(r.table)
			}
			if _, err := conn.ExecContext(ctx, scope.replace(r.table, r.query(scope))); err != nil {
				return fmt.Errorf("refresh derived tables: %s: %w", r.table, err)
			}
			done()
		}
	}
	return nil
}

// query is the statement that computes the rollup's rows of the scope. Rows are not sorted but
// for a whole build, by year, so that a filter on year skips row groups; a year's refresh
// appends its rows together. (Sorting by every key doubled the time of a year's refresh.)
func (r rollup) query(scope derivedScope) string {
	keys := strings.Join(r.allKeys(), ", ")
	order := ""
	if scope == 0 {
		order = "\nORDER BY year"
	}
	if r.from != "" {
		// Counts stay BIGINT: summed they would be HUGEINT, which aggregates read six times slower.
		return "SELECT " + keys + `, sum(n)::BIGINT AS n, sum(np)::BIGINT AS np, sum(sum_p) AS sum_p, sum(sum_p2) AS sum_p2,
       min(min_p) AS min_p, max(max_p) AS max_p, sum(npts)::BIGINT AS npts, sum(sum_pts) AS sum_pts
FROM ` + r.from + ` WHERE ` + scope.where("year") + `
GROUP BY ` + keys + order
	}
	return "SELECT " + keys + `, count(*) AS n, count(percent) AS np, sum(percent) AS sum_p,
       sum(percent * percent) AS sum_p2, min(percent) AS min_p, max(percent) AS max_p,
       count(points) AS npts, sum(points) AS sum_pts
FROM ` + r.base + ` WHERE ` + scope.where("year") + `
GROUP BY ` + keys + order
}

func (r rollup) allKeys() []string {
	if r.histogram {
		return append(slices.Clone(r.keys), "percent")
	}
	return r.keys
}

// covers reports whether the rollup can answer an aggregate over its base table that reads the
// given columns and, when quantiles is set, computes a quantile.
func (r rollup) covers(base string, columns []string, quantiles bool) bool {
	if r.base != base || (quantiles && !r.histogram) {
		return false
	}
	keys := r.allKeys()
	for _, c := range columns {
		if !slices.Contains(keys, c) {
			return false
		}
	}
	return true
}

// chooseRollup is the first rollup that answers an aggregate over base, or nil.
func chooseRollup(base string, columns []string, quantiles bool) *rollup {
	for i := range rollups {
		if rollups[i].covers(base, columns, quantiles) {
			return &rollups[i]
		}
	}
	return nil
}

// quantileOf is the fraction a quantile metric asks for, or 0 for the other metrics.
var quantileOf = map[Metric]float64{MetricMedian: 0.5, MetricP25: 0.25, MetricP75: 0.75}

// rollupMetricSQL finishes a metric from the rows of a rollup (alias t). In a histogram, the
// source also carries each row's cumulative count of percents up to its own (cend) and the
// group's count (total), from which a quantile is read the way DuckDB's quantile_cont reads it
// off sorted values: the position (total-1)·q, the values at its floor and ceiling, and the
// linear interpolation between them.
func rollupMetricSQL(m Metric) string {
	switch m {
	case MetricCount:
		return "sum(t.n)"
	case MetricAvg:
		return "(sum(t.sum_p) / nullif(sum(t.np), 0))"
	case MetricMin:
		return "min(t.min_p)"
	case MetricMax:
		return "max(t.max_p)"
	case MetricStddev:
		// The sample variance from the sums; clamped at 0 against rounding when every value is equal.
		return "(CASE WHEN sum(t.np) > 1 THEN sqrt(greatest(0, (sum(t.sum_p2) - sum(t.sum_p) * sum(t.sum_p) / sum(t.np)) / (sum(t.np) - 1))) END)"
	case MetricAvgPoints:
		return "(sum(t.sum_pts) / nullif(sum(t.npts), 0))"
	case MetricSumPoints:
		return "sum(t.sum_pts)"
	}
	q, ok := quantileOf[m]
	if !ok {
		return ""
	}
	pos := fmt.Sprintf("((any_value(t.total) - 1) * %g)", q)
	lo := fmt.Sprintf("min(t.percent) FILTER (WHERE t.cend > floor((t.total - 1) * %g))", q)
	hi := fmt.Sprintf("min(t.percent) FILTER (WHERE t.cend > ceil((t.total - 1) * %g))", q)
	return fmt.Sprintf("(%s + (%s - %s) * (%s - floor(%s)))", lo, hi, lo, pos, pos)
}

// rollupSource is the FROM item of an aggregate answered from a rollup (alias t), and the
// conditions left for the aggregate's WHERE: the table itself with every condition, or for
// quantiles the filtered histogram summed by the aggregate's dimensions and percent, each row
// with its cumulative count within its group (cend) and the group's count (total), and no
// condition left. Summed first, each group holds a percent once and the running count is a plain
// running sum: over the 477,000 rows of the criterion histogram, a running sum over peers of
// equal percent took 850 ms, this 90 ms.
func rollupSource(r *rollup, where []string, dims []string, quantiles bool) (from string, rest []string) {
	if !quantiles {
		return r.table + " t", where
	}
	partition := ""
	keys := append(slices.Clone(dims), "t.percent")
	if len(dims) > 0 {
		partition = "PARTITION BY " + strings.Join(dims, ", ") + " "
	}
	summed := "SELECT " + strings.Join(keys, ", ") + `, sum(t.n) AS n, sum(t.np)::DOUBLE AS np, sum(t.sum_p) AS sum_p,
       sum(t.sum_p2) AS sum_p2, min(t.min_p) AS min_p, max(t.max_p) AS max_p, sum(t.npts) AS npts, sum(t.sum_pts) AS sum_pts
FROM ` + r.table + " t"
	if len(where) > 0 {
		summed += " WHERE " + strings.Join(where, " AND ")
	}
	summed += " GROUP BY " + strings.Join(keys, ", ")
	return "(SELECT t.*, sum(t.np) OVER (" + partition + "ORDER BY t.percent ASC NULLS LAST ROWS UNBOUNDED PRECEDING) AS cend, " +
		"sum(t.np) OVER (" + partition + ") AS total FROM (" + summed + ") t) t", nil
}
