package analytics

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"
)

// TestChangesAgreeWithRankings: every unit's two years in changes are its ranking rows.
func TestChangesAgreeWithRankings(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	for _, b := range []Boundary{BoundaryAsPublished, BoundaryCurrent} {
		t.Run(string(b), func(t *testing.T) {
			from, to := 2022, 2023
			if b == BoundaryCurrent {
				from, to = 2024, 2025
			}
			ch, err := s.Changes(ctx, ChangesQuery{From: from, To: to, Boundary: &b})
			if err != nil {
				t.Fatal(err)
			}
			rank := func(year int) map[string]Result {
				rs, err := s.Ranking(ctx, RankingQuery{Year: year, Boundary: &b})
				if err != nil {
					t.Fatal(err)
				}
				m := map[string]Result{}
				for _, r := range rs {
					m[r.Unit.ID] = r
				}
				return m
			}
			a, z := rank(from), rank(to)
			if ch.Summary.Compared == 0 || ch.Summary.Units != len(ch.Units) {
				t.Fatalf("summary %+v for %d rows", ch.Summary, len(ch.Units))
			}
			improved := 0
			for _, c := range ch.Units {
				ra, rz := a[c.Unit.ID], z[c.Unit.ID]
				if c.Status != ChangeBoth || *c.PercentFrom != ra.Percent || *c.PercentTo != rz.Percent ||
					*c.RankFrom != ra.Rank || *c.RankTo != rz.Rank || c.GroupFrom.Code != ra.Group.Code || c.GroupTo.Code != rz.Group.Code {
					t.Errorf("%s: change %+v disagrees with rankings %v/%v, %d/%d", c.Unit.Name, c, ra.Percent, rz.Percent, ra.Rank, rz.Rank)
				}
				if math.Abs(*c.Change-(rz.Percent-ra.Percent)) > 1e-6 || *c.RankChange != ra.Rank-rz.Rank {
					t.Errorf("%s: change %v rank change %d", c.Unit.Name, *c.Change, *c.RankChange)
				}
				if *c.Change > 0 {
					improved++
				}
			}
			if improved != ch.Summary.Improved || len(a) != len(ch.Units) || len(z) != len(ch.Units) {
				t.Errorf("improved %d, summary %d; rows %d, rankings %d and %d", improved, ch.Summary.Improved, len(ch.Units), len(a), len(z))
			}
		})
	}
}

// TestAggregateAgreesWithFieldSummary: the field averages of 2023 are the same numbers both ways.
func TestAggregateAgreesWithFieldSummary(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	agg, err := s.Aggregate(ctx, AggregateQuery{GroupBy: []Dimension{DimField}, Metrics: []Metric{MetricAvg, MetricMin, MetricMax, MetricCount},
		Filter: &ScoreFilter{Years: []int{2023}}})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.FieldSummary(ctx, 2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	if agg.TotalCount != len(sum) || len(agg.Rows) != len(sum) {
		t.Fatalf("aggregate has %d rows (total %d), field summary %d", len(agg.Rows), agg.TotalCount, len(sum))
	}
	bySlug := map[string]FieldSummary{}
	for _, f := range sum {
		bySlug[f.Field.Slug] = f
	}
	for _, r := range agg.Rows {
		f := bySlug[r.Field.Slug]
		got := []float64{*r.Values[0], *r.Values[1], *r.Values[2], *r.Values[3]}
		want := []float64{f.Average, f.Min, f.Max, float64(f.Units)}
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-9 {
				t.Errorf("%s: aggregate %v, field summary %v", r.Field.Slug, got, want)
				break
			}
		}
	}
}

// TestCurrentHistoryOfNhonMy: Xã Nhơn Mỹ (2025) tells 2019–2024 from its predecessors — An Mỹ
// and Nhơn Mỹ of Kế Sách, which have data, and Song Phụng of Long Phú, which has none — and
// says so.
func TestCurrentHistoryOfNhonMy(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	b := BoundaryCurrent
	series, err := s.Trend(ctx, TrendQuery{Units: []string{"31552@2025-07-01"}, Boundary: &b})
	if err != nil {
		t.Fatal(err)
	}
	if len(series) != 1 {
		t.Fatalf("%d series", len(series))
	}
	se := series[0]
	oldAnMy, oldNhonMy := "31564@2025-03-01", "31552@2025-03-01"
	published, err := s.Trend(ctx, TrendQuery{Units: []string{oldAnMy, oldNhonMy}})
	if err != nil {
		t.Fatal(err)
	}
	for i, y := range se.Years {
		if y == 2025 {
			if *se.Coverage[i] != CoverageFull || !reflect.DeepEqual(se.Contributors[i], []string{"31552@2025-07-01"}) {
				t.Errorf("2025: coverage %v contributors %v; want its own FULL result", *se.Coverage[i], se.Contributors[i])
			}
			continue
		}
		if se.Status[i] != StatusObserved || !reflect.DeepEqual(se.Contributors[i], []string{oldNhonMy, oldAnMy}) {
			t.Errorf("%d: status %s contributors %v", y, se.Status[i], se.Contributors[i])
			continue
		}
		// Song Phụng has no data: the coverage says the value stands for part of the commune.
		if *se.Coverage[i] != CoveragePartial {
			t.Errorf("%d: coverage %s, want PARTIAL", y, *se.Coverage[i])
		}
		want := (*published[0].Values[i] + *published[1].Values[i]) / 2
		if math.Abs(*se.Values[i]-want) > 1e-6 {
			t.Errorf("%d: %v, want the equal-weight mean %v", y, *se.Values[i], want)
		}
	}
	if !slices.Equal(se.Years, []int{2019, 2020, 2021, 2022, 2023, 2024, 2025}) {
		t.Errorf("years %v", se.Years)
	}
}

func TestRowLimits(t *testing.T) {
	for _, tt := range []struct {
		n     int
		first *int
		fails bool
	}{
		{MaxRows, nil, false},
		{MaxRows + 1, nil, true},
		{MaxRows + 1, ptr(10), false},
	} {
		if err := tooMany(tt.n, tt.first); (err != nil) != tt.fails {
			t.Errorf("tooMany(%d, %v) = %v", tt.n, tt.first, err)
		}
	}
	for _, first := range []int{-1, MaxRows + 1} {
		if _, err := rowLimit(&first); err == nil {
			t.Errorf("rowLimit(%d) accepted", first)
		}
	}
}
