package analytics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestRollupsAnswerAsTheResultsTables: every aggregate a rollup answers gives the groups and
// values that the results tables give, metric by metric, quantiles included, on the default data
// (seven years of one district) and on a national sample (two years of a province and what it
// became).
func TestRollupsAnswerAsTheResultsTables(t *testing.T) {
	all := []Metric{MetricCount, MetricAvg, MetricMin, MetricMax, MetricMedian, MetricP25, MetricP75,
		MetricStddev, MetricAvgPoints, MetricSumPoints}
	decomposable := []Metric{MetricCount, MetricAvg, MetricMin, MetricMax, MetricStddev, MetricAvgPoints, MetricSumPoints}
	groupings := [][]Dimension{
		nil,
		{DimYear},
		{DimProvince, DimYear},
		{DimParent, DimGroup},
		{DimGroup, DimYear},
		{DimField},
		{DimField, DimGroup, DimYear},
		{DimProvince, DimField},
		{DimParent, DimField, DimYear},
		{DimCriterion},
		{DimCriterion, DimGroup},
		{DimYear, DimField, DimCriterion},
		{DimParent, DimCriterion},
		{DimProvince, DimCriterion, DimGroup, DimYear},
	}
	filters := []*ScoreFilter{
		nil,
		{YearFrom: ptr(2024)},
		{Groups: []string{"I", "II"}},
		{Fields: []string{"e_government", "impact"}},
		{Criteria: []string{"1.1", "3.2", "7.4"}},
		{PercentMin: ptr(40.0), PercentMax: ptr(90.0)},
	}
	stores := map[string]*Store{"default": openDefault(t), "national sample": openExportSample(t)}
	ctx := context.Background()
	answered := 0
	for name, s := range stores {
		var provinces []string
		rows, err := s.Aggregate(ctx, AggregateQuery{GroupBy: []Dimension{DimProvince}, Metrics: []Metric{MetricCount}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows.Rows {
			if r.Province != nil {
				provinces = append(provinces, r.Province.ID)
			}
		}
		cases := filters
		if len(provinces) > 0 {
			cases = append(cases, &ScoreFilter{Provinces: provinces[:1], Years: []int{2024, 2025}})
		}
		for _, dims := range groupings {
			for _, f := range cases {
				for _, metrics := range [][]Metric{all, decomposable, {MetricMedian}} {
					q := AggregateQuery{Filter: f, GroupBy: dims, Metrics: metrics, First: ptr(MaxRows)}
					label := fmt.Sprintf("%s: groupBy %v, filter %+v, metrics %v", name, dims, f, metrics)
					s.rollupsOff = true
					want, err := s.Aggregate(ctx, q)
					if err != nil {
						t.Fatalf("%s, results tables: %v", label, err)
					}
					s.rollupsOff = false
					got, err := s.Aggregate(ctx, q)
					if err != nil {
						t.Fatalf("%s, rollups: %v", label, err)
					}
					sameAggregate(t, label, got, want)
					answered++
				}
			}
		}
		// Having and ordering by a metric go through the rollup's expressions too.
		q := AggregateQuery{GroupBy: []Dimension{DimCriterion, DimGroup}, Metrics: []Metric{MetricCount, MetricMedian},
			Having:  []HavingCondition{{Metric: MetricMedian, Op: OpGTE, Value: 60}},
			OrderBy: []AggregateOrder{{Metric: ptr(MetricCount)}}, First: ptr(7)}
		s.rollupsOff = true
		want, err := s.Aggregate(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		s.rollupsOff = false
		got, err := s.Aggregate(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Rows) == 0 {
			t.Fatalf("%s: the having case selects nothing; it tests nothing", name)
		}
		sameAggregate(t, name+": having and order by", got, want)
	}
	t.Logf("%d aggregates compared", answered)
}

func sameAggregate(t *testing.T, label string, got, want *AggregateConnection) {
	t.Helper()
	if got.TotalCount != want.TotalCount || len(got.Rows) != len(want.Rows) {
		t.Fatalf("%s: %d rows of %d, want %d of %d", label, len(got.Rows), got.TotalCount, len(want.Rows), want.TotalCount)
	}
	for i := range want.Rows {
		g, w := got.Rows[i], want.Rows[i]
		gv, wv := g.Values, w.Values
		g.Values, w.Values = nil, nil
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: row %d is %+v, want %+v", label, i, g, w)
		}
		for j := range wv {
			switch {
			case (gv[j] == nil) != (wv[j] == nil):
				t.Fatalf("%s: row %d metric %d: %v, want %v", label, i, j, fmtValue(gv[j]), fmtValue(wv[j]))
			case wv[j] != nil && math.Abs(*gv[j]-*wv[j]) > 1e-9*math.Max(1, math.Abs(*wv[j])):
				t.Fatalf("%s: row %d metric %d: %v, want %v", label, i, j, *gv[j], *wv[j])
			}
		}
	}
}

func fmtValue(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

// TestChooseRollup: an aggregate is sent to the smallest rollup that holds its columns, and to
// the results table when none does (a unit, a percent range without a histogram, a quantile of
// totals).
func TestChooseRollup(t *testing.T) {
	for _, c := range []struct {
		base      string
		columns   []string
		quantiles bool
		want      string
	}{
		{"unit_results", []string{"province_id", "year"}, false, "rollup_unit_province"},
		{"unit_results", []string{"parent_id"}, false, "rollup_unit_parent"},
		{"unit_results", []string{"unit_id"}, false, ""},
		{"unit_results", []string{"year"}, true, ""},
		{"field_results", []string{"year", "field_slug"}, false, "rollup_field_province"},
		{"field_results", []string{"year", "field_slug"}, true, "rollup_field_histogram"},
		{"field_results", []string{"percent", "group_code"}, false, "rollup_field_histogram"},
		{"field_results", []string{"parent_id", "field_slug"}, false, "rollup_field_parent"},
		{"field_results", []string{"parent_id"}, true, ""},
		{"criterion_results", []string{"criterion_code", "group_code"}, false, "rollup_criterion_province"},
		{"criterion_results", []string{"criterion_code", "group_code"}, true, "rollup_criterion_histogram"},
		{"criterion_results", []string{"parent_id", "criterion_code"}, false, "rollup_criterion_parent"},
		{"criterion_results", []string{"unit_id", "criterion_code"}, false, ""},
	} {
		got := ""
		if r := chooseRollup(c.base, c.columns, c.quantiles); r != nil {
			got = r.table
		}
		if got != c.want {
			t.Errorf("chooseRollup(%s, %v, quantiles %v) = %q, want %q", c.base, c.columns, c.quantiles, got, c.want)
		}
	}
}

// TestAggregateReadsRollups: with a rollup gone, the aggregates it answers fail and the others
// still work: aggregates do read the rollups.
func TestAggregateReadsRollups(t *testing.T) {
	s := openDefault(t)
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `DROP TABLE rollup_criterion_histogram`); err != nil {
		t.Fatal(err)
	}
	median := AggregateQuery{GroupBy: []Dimension{DimCriterion}, Metrics: []Metric{MetricMedian}}
	if _, err := s.Aggregate(ctx, median); err == nil {
		t.Errorf("the median of each criterion was answered without its histogram")
	}
	if _, err := s.Aggregate(ctx, AggregateQuery{GroupBy: []Dimension{DimCriterion}, Metrics: []Metric{MetricAvg}}); err != nil {
		t.Errorf("the mean of each criterion: %v", err)
	}
	s.rollupsOff = true
	if _, err := s.Aggregate(ctx, median); err != nil {
		t.Errorf("the median of each criterion from the results table: %v", err)
	}
}

// TestAggregatePages: walking an aggregate page by page with the cursors gives the rows of one
// whole page, in the same order, with the same totalCount; past the end, no rows and the count.
func TestAggregatePages(t *testing.T) {
	s := openDefault(t)
	ctx := context.Background()
	q := AggregateQuery{GroupBy: []Dimension{DimYear, DimGroup}, Metrics: []Metric{MetricCount, MetricAvg},
		OrderBy: []AggregateOrder{{Metric: ptr(MetricCount)}}, First: ptr(MaxRows)}
	whole, err := s.Aggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if whole.TotalCount < 7 || len(whole.Rows) != whole.TotalCount || whole.PageInfo.HasNextPage {
		t.Fatalf("one page: %d rows of %d, next page %v", len(whole.Rows), whole.TotalCount, whole.PageInfo.HasNextPage)
	}
	// The one page reads every group without counting them in SQL; pages of 3 count with a window.
	for first, want := range map[int]bool{MaxRows: true, 3: false} {
		q.First = ptr(first)
		p, err := s.planAggregate(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if p.whole != want || strings.Contains(p.query, "OVER ()") == want {
			t.Errorf("first %d: whole %v, want %v:\n%s", first, p.whole, want, p.query)
		}
	}
	if n := s.refs.Load().maxGroups([]Dimension{DimUnit, DimYear}, &ScoreFilter{}); n != math.MaxInt32 {
		t.Errorf("units of no filter: at most %d groups, want no bound", n)
	}
	// The bound is never below the groups there are (counted here by a page of one, which counts
	// in SQL): a bound too low would return more rows than the page asked for.
	for _, c := range []struct {
		dims []Dimension
		f    ScoreFilter
	}{
		{[]Dimension{DimField}, ScoreFilter{}}, {[]Dimension{DimGroup}, ScoreFilter{}}, {[]Dimension{DimCriterion}, ScoreFilter{}},
		{[]Dimension{DimYear, DimGroup, DimField}, ScoreFilter{}}, {[]Dimension{DimCriterion, DimGroup}, ScoreFilter{Years: []int{2023}}},
		{[]Dimension{DimUnit, DimField}, ScoreFilter{Units: []string{"31564", "31537"}}},
	} {
		res, err := s.Aggregate(ctx, AggregateQuery{Filter: &c.f, GroupBy: c.dims, Metrics: []Metric{MetricCount}, First: ptr(1)})
		if err != nil {
			t.Fatal(err)
		}
		if n := s.refs.Load().maxGroups(c.dims, &c.f); n < res.TotalCount || res.TotalCount == 0 {
			t.Errorf("%v %+v: at most %d groups, and there are %d", c.dims, c.f, n, res.TotalCount)
		}
	}
	var walked []AggregateRow
	q.First = ptr(3)
	for page := 0; ; page++ {
		res, err := s.Aggregate(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if res.TotalCount != whole.TotalCount {
			t.Fatalf("page %d: totalCount %d, want %d", page, res.TotalCount, whole.TotalCount)
		}
		walked = append(walked, res.Rows...)
		if !res.PageInfo.HasNextPage {
			break
		}
		q.After = res.PageInfo.EndCursor
	}
	if !reflect.DeepEqual(walked, whole.Rows) {
		t.Errorf("pages of 3 give\n%+v\nwant\n%+v", walked, whole.Rows)
	}
	q.After = &walked[len(walked)-1].Cursor
	past, err := s.Aggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(past.Rows) != 0 || past.TotalCount != whole.TotalCount || past.PageInfo.HasNextPage {
		t.Errorf("past the end: %d rows of %d, next page %v; want none of %d", len(past.Rows), past.TotalCount, past.PageInfo.HasNextPage, whole.TotalCount)
	}
}

// TestAggregateFilterNamesWhatIsUnknown: every unknown unit, field, criterion and group of a
// filter is named in one NOT_FOUND error; known ones (an ID, a bare code) pass.
func TestAggregateFilterNamesWhatIsUnknown(t *testing.T) {
	s := openDefault(t)
	ctx := context.Background()
	bad := &ScoreFilter{Units: []string{"31564", "00000"}, Parents: []string{"943"}, Fields: []string{"impact", "speed"},
		Criteria: []string{"1.1", "9.9"}, Groups: []string{"I", "Z"}}
	_, err := s.Aggregate(ctx, AggregateQuery{Filter: bad, Metrics: []Metric{MetricCount}})
	want := `filter: no unit "00000", no field "speed", no criterion "9.9", no group "Z"`
	var ue *UserError
	if !errors.As(err, &ue) || ue.Kind != ErrNotFound || ue.Message != want {
		t.Fatalf("err = %v, want NOT_FOUND %q", err, want)
	}
	good := &ScoreFilter{Units: []string{"31564@2025-03-01"}, Parents: []string{"943"}, Fields: []string{"impact"},
		Criteria: []string{"1.1"}, Groups: []string{"I"}}
	if _, err := s.Aggregate(ctx, AggregateQuery{Filter: good, Metrics: []Metric{MetricCount}}); err != nil {
		t.Errorf("known values refused: %v", err)
	}
}

// TestAggregateColumnsAreTheRows: the columns of an aggregate's page hold the rows' dimensions and
// values, in order, and only the dimensions asked.
func TestAggregateColumnsAreTheRows(t *testing.T) {
	s := openDefault(t)
	ctx := context.Background()
	res, err := s.Aggregate(ctx, AggregateQuery{GroupBy: []Dimension{DimYear, DimParent, DimField, DimGroup},
		Metrics: []Metric{MetricCount, MetricAvg, MetricStddev}, First: ptr(MaxRows)})
	if err != nil {
		t.Fatal(err)
	}
	cols := res.Columns()
	if len(res.Rows) < 10 || len(cols.Year) != len(res.Rows) || len(cols.Values) != 3 {
		t.Fatalf("%d rows, %d years, %d value columns", len(res.Rows), len(cols.Year), len(cols.Values))
	}
	if cols.Unit != nil || cols.Province != nil || cols.Criterion != nil {
		t.Errorf("dimensions not asked have columns: %+v", cols)
	}
	for i, r := range res.Rows {
		if *cols.Year[i] != *r.Year || *cols.Parent[i] != r.Parent.ID || *cols.Field[i] != r.Field.Slug ||
			fmtValue2(cols.Group[i]) != fmtValue2(r.Group) {
			t.Fatalf("row %d: columns %v %v %v %v, row %+v", i, *cols.Year[i], *cols.Parent[i], *cols.Field[i], cols.Group[i], r)
		}
		for m := range res.Metrics {
			if fmtValue(cols.Values[m][i]) != fmtValue(r.Values[m]) {
				t.Fatalf("row %d metric %d: %s, want %s", i, m, fmtValue(cols.Values[m][i]), fmtValue(r.Values[m]))
			}
		}
	}
}

func fmtValue2(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

// TestAggregatesArePrepared: a release prepares and keeps the statements of its first
// maxCompiled aggregates, runs later ones from their text with the same answers, and forgets them
// all with the next release.
func TestAggregatesArePrepared(t *testing.T) {
	s := openDefault(t)
	ctx := context.Background()
	defer func(n int64) { maxCompiled = n }(maxCompiled)
	maxCompiled = 2
	kept := func() (n int) {
		s.stmts.Range(func(k, _ any) bool {
			if strings.Contains(k.(string), " AS d0") {
				n++
			}
			return true
		})
		return n
	}
	var first []*AggregateConnection
	for i, year := range []int{2021, 2022, 2023, 2021, 2022, 2023} {
		res, err := s.Aggregate(ctx, AggregateQuery{Filter: &ScoreFilter{Years: []int{year}}, GroupBy: []Dimension{DimField}, Metrics: []Metric{MetricAvg}})
		if err != nil {
			t.Fatal(err)
		}
		if len(first) < 3 {
			first = append(first, res)
		} else if want := first[i%3]; !reflect.DeepEqual(res, want) {
			t.Errorf("%d asked again: %+v, first %+v", year, res, want)
		}
		if i == 2 && kept() != 2 {
			t.Errorf("after three aggregates with a limit of two: %d kept", kept())
		}
	}
	if kept() != 2 {
		t.Fatalf("%d aggregate statements kept, want 2", kept())
	}
	if err := s.refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if kept() != 0 || s.compiled.Load() != 0 {
		t.Errorf("after a new release: %d kept, %d counted; want none", kept(), s.compiled.Load())
	}
}
