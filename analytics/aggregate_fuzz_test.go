package analytics

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
)

// aggregateFuzz is the store FuzzAggregateRollups asks: the default data, opened once per fuzz
// worker and never closed (the process ends with the worker).
var aggregateFuzz struct {
	once sync.Once
	s    *Store
	err  error
}

// FuzzAggregateRollups reads the fuzzer's bytes as an aggregate request (dimensions, metrics, a
// filter, having conditions, a sort and a page size) and checks that the rollups answer it as the
// results tables do, and that its pages walked with their cursors are the whole answer. In CI it
// runs its seeds only; run it longer with
//
//	go test ./analytics -run '^$' -fuzz '^FuzzAggregateRollups$' -fuzztime 3m
func FuzzAggregateRollups(f *testing.F) {
	// Bytes: dimensions (a bit each), metrics (two bytes, a bit each), filter flags, then the
	// values each part draws (see decodeAggregate).
	for _, seed := range [][]byte{
		{0b0100000, 0b10000, 0, 0},                          // criterion: median
		{0b0100001, 0b11111111, 0b11, 3, 1, 0b101, 2, 7, 9}, // criterion × year, every metric, a filter
		{0b1000100, 0b0000011, 0, 0b11111111, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
		{0b0011010, 0b00000011, 0b11, 0b0100, 200, 3, 1, 0, 9, 2},
		{0b1111111, 0b11111111, 0b11, 0b11111111, 255, 255, 255, 255, 255, 255, 255, 255},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		aggregateFuzz.once.Do(func() {
			aggregateFuzz.s, aggregateFuzz.err = Open(context.Background(), ":memory:")
		})
		if aggregateFuzz.err != nil {
			t.Fatal(aggregateFuzz.err)
		}
		s := aggregateFuzz.s
		q, sortsOnMetric := decodeAggregate(s.refs.Load(), data)
		ctx := context.Background()
		whole := q
		whole.First, whole.After = ptr(MaxRows), nil
		s.rollupsOff = true
		want, wantErr := s.Aggregate(ctx, whole)
		s.rollupsOff = false
		got, err := s.Aggregate(ctx, whole)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("%+v: rollups %v, results tables %v", q, err, wantErr)
		}
		if err != nil {
			if ue := (*UserError)(nil); !errors.As(err, &ue) {
				t.Fatalf("%+v: %v is not a user's error", q, err)
			}
			return
		}
		label := fmt.Sprintf("%+v (filter %+v)", q, q.Filter)
		if sortsOnMetric {
			// Values equal to the last digit may come in either order from the two: compare the
			// groups as sets.
			byGroups(got.Rows)
			byGroups(want.Rows)
		}
		sameAggregate(t, label, got, want)

		// The pages, walked with their cursors, are the whole answer (rollups on).
		s.rollupsOff = false
		page := q
		if got.TotalCount > 50**q.First {
			page.First = ptr(got.TotalCount/50 + 1) // at most about 50 pages
		}
		var rows []AggregateRow
		for n := 0; ; n++ {
			res, err := s.Aggregate(ctx, page)
			if err != nil {
				t.Fatalf("%s, page %d: %v", label, n, err)
			}
			if res.TotalCount != got.TotalCount {
				t.Fatalf("%s, page %d: totalCount %d, the whole answer has %d", label, n, res.TotalCount, got.TotalCount)
			}
			rows = append(rows, res.Rows...)
			if !res.PageInfo.HasNextPage {
				break
			}
			if n > MaxRows {
				t.Fatalf("%s: pages never end", label)
			}
			page.After = res.PageInfo.EndCursor
		}
		whole2, err := s.Aggregate(ctx, whole)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(whole2.Rows) {
			t.Fatalf("%s: the pages hold %d rows, the whole answer %d", label, len(rows), len(whole2.Rows))
		}
		for i := range rows {
			rows[i].Cursor, whole2.Rows[i].Cursor = "", ""
		}
		sameAggregate(t, label+", pages", &AggregateConnection{Rows: rows, TotalCount: whole2.TotalCount}, whole2)
	})
}

// decodeAggregate reads an aggregate request from bytes, choosing values that exist in the
// reference data r (so that most requests answer rather than fail their checks), and says
// whether it sorts on a metric.
func decodeAggregate(r *refs, data []byte) (AggregateQuery, bool) {
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := int(data[0])
		data = data[1:]
		return b
	}
	pick := func(xs []string, n int) []string {
		var out []string
		for range n % 4 {
			if len(xs) > 0 {
				out = append(out, xs[next()%len(xs)])
			}
		}
		return out
	}
	dims := []Dimension{DimYear, DimUnit, DimParent, DimProvince, DimField, DimCriterion, DimGroup}
	metrics := []Metric{MetricCount, MetricAvg, MetricMin, MetricMax, MetricMedian, MetricP25, MetricP75,
		MetricStddev, MetricAvgPoints, MetricSumPoints}
	var q AggregateQuery
	for i, mask := 0, next(); i < len(dims); i++ {
		if mask&(1<<i) != 0 {
			q.GroupBy = append(q.GroupBy, dims[i])
		}
	}
	for i, mask := 0, next()|next()<<8; i < len(metrics); i++ {
		if mask&(1<<i) != 0 {
			q.Metrics = append(q.Metrics, metrics[i])
		}
	}
	var units, parents, provinces []string
	for id, u := range r.units {
		if len(u.years) > 0 {
			units = append(units, id)
		}
		if u.parentID != "" {
			parents = append(parents, u.parentID)
		}
		if u.provinceID != "" {
			provinces = append(provinces, u.provinceID)
		}
	}
	for _, xs := range []*[]string{&units, &parents, &provinces} {
		slices.Sort(*xs)
		*xs = slices.Compact(*xs)
	}
	f := &ScoreFilter{}
	flags := next()
	if flags&1 != 0 {
		for range next() % 4 {
			f.Years = append(f.Years, 2018+next()%9) // 2019–2025 have results
		}
	}
	if flags&2 != 0 {
		f.YearFrom = ptr(2018 + next()%8)
	}
	if flags&4 != 0 {
		f.YearTo = ptr(2019 + next()%8)
	}
	if flags&8 != 0 {
		f.Groups = pick(slices.Sorted(maps.Keys(r.bands)), next())
	}
	if flags&16 != 0 {
		f.Fields = pick(slices.Sorted(maps.Keys(r.slugs)), next())
	}
	if flags&32 != 0 {
		f.Criteria = pick(slices.Sorted(maps.Keys(r.criteria)), next())
	}
	if flags&64 != 0 {
		f.PercentMin, f.PercentMax = ptr(float64(next())*0.5+0.37), ptr(float64(next())*0.5+0.37)
	}
	if flags&128 != 0 {
		switch next() % 3 {
		case 0:
			f.Units = pick(units, next())
		case 1:
			f.Parents = pick(parents, next())
		default:
			f.Provinces = pick(provinces, next())
		}
	}
	q.Filter = f
	ops := []ComparisonOp{OpGT, OpGTE, OpLT, OpLTE, OpEQ}
	for range next() % 3 {
		if len(q.Metrics) > 0 {
			// Thresholds off the cents the data is given in, so that no group sits on one.
			q.Having = append(q.Having, HavingCondition{Metric: q.Metrics[next()%len(q.Metrics)], Op: ops[next()%len(ops)],
				Value: float64(next())*0.5 + 0.0037})
		}
	}
	sortsOnMetric := false
	for range next() % 3 {
		o := AggregateOrder{Direction: ptr([]SortDirection{SortAsc, SortDesc}[next()%2])}
		if next()%2 == 0 && len(q.Metrics) > 0 {
			o.Metric = &q.Metrics[next()%len(q.Metrics)]
			sortsOnMetric = true
		} else if len(q.GroupBy) > 0 {
			o.Dimension = &q.GroupBy[next()%len(q.GroupBy)]
		} else {
			continue
		}
		q.OrderBy = append(q.OrderBy, o)
	}
	q.First = ptr(1 + next()%40)
	return q, sortsOnMetric
}

// byGroups sorts rows by their groups, for answers compared as sets.
func byGroups(rows []AggregateRow) {
	key := func(r AggregateRow) string {
		var b strings.Builder
		if r.Year != nil {
			fmt.Fprintf(&b, "%d", *r.Year)
		}
		for _, u := range []*UnitRef{r.Unit, r.Parent, r.Province} {
			if u != nil {
				b.WriteString("|" + u.ID)
			}
		}
		if r.Field != nil {
			b.WriteString("|" + r.Field.Slug)
		}
		for _, s := range []*string{r.Criterion, r.Group} {
			if s != nil {
				b.WriteString("|" + *s)
			}
		}
		return b.String()
	}
	slices.SortFunc(rows, func(a, b AggregateRow) int { return strings.Compare(key(a), key(b)) })
}
