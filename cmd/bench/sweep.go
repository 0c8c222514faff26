package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/parindex/parindex/analytics"
)

// The sweep measures the aggregates over every criterion score (9 M at national scale): criterion
// alone and with each other dimension, and with each pair of them, once with count and mean and
// once with count, mean and median. For each it prints the store's p50 and p99 and what the
// statement read: a rollup (analytics/rollup.go) or the results table.
//
//	go run ./cmd/bench -sweep [-n 10]
func runSweep(ctx context.Context, cfg config, store *analytics.Store, w io.Writer) error {
	// Not UNIT: with criterion it makes a group of nearly every score (9 M groups, half a minute),
	// a listing rather than an aggregate; the request deadline stops it.
	others := []analytics.Dimension{analytics.DimYear, analytics.DimProvince, analytics.DimParent,
		analytics.DimField, analytics.DimGroup}
	groupings := [][]analytics.Dimension{{analytics.DimCriterion}}
	for i, a := range others {
		groupings = append(groupings, []analytics.Dimension{analytics.DimCriterion, a})
		for _, b := range others[i+1:] {
			groupings = append(groupings, []analytics.Dimension{analytics.DimCriterion, a, b})
		}
	}
	metricSets := [][]analytics.Metric{
		{analytics.MetricCount, analytics.MetricAvg},
		{analytics.MetricCount, analytics.MetricAvg, analytics.MetricMedian},
	}
	n := min(cfg.n, 10)
	fmt.Fprintf(w, "| group by | metrics | groups | reads | store p50 | store p99 |\n|---|---|---|---|---|---|\n")
	met, total := 0, 0
	for _, dims := range groupings {
		for _, metrics := range metricSets {
			q := analytics.AggregateQuery{GroupBy: dims, Metrics: metrics, First: intPtr(100)}
			text, _, err := store.AggregateSQL(ctx, q)
			if err != nil {
				return err
			}
			var times []time.Duration
			groups := 0
			for i := 0; i < n+1; i++ {
				start := time.Now()
				res, err := store.Aggregate(ctx, q)
				if err != nil {
					return fmt.Errorf("sweep %v %v: %w", dims, metrics, err)
				}
				if i > 0 { // the first run is a warm-up
					times = append(times, time.Since(start))
				}
				groups = res.TotalCount
			}
			slices.Sort(times)
			p50, p99 := times[len(times)/2], times[len(times)-1]
			total++
			if p50 <= 100*time.Millisecond {
				met++
			}
			fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s |\n", joinNames(dims), joinNames(metrics), groups,
				readsFrom(text), ms(p50)+" ms", ms(p99)+" ms")
		}
	}
	fmt.Fprintf(w, "\n%d of %d aggregates over every criterion score answer in ≤ 100 ms at p50 (%d runs each, after one unmeasured).\n", met, total, n)
	return nil
}

var fromTable = regexp.MustCompile(`FROM ((?:rollup|criterion|field|unit)_\w+)`)

// readsFrom names the table a compiled aggregate reads.
func readsFrom(text string) string {
	if m := fromTable.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return "?"
}

func joinNames[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strings.ToLower(string(x))
	}
	return strings.Join(s, " × ")
}
