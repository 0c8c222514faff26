package analytics

import (
	"context"
	"math"
	"path/filepath"
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

// TestCurrentParent: at today's boundary a code names today's unit (province 04 after 1 July
// 2025, not the province of the same code before it), and a parent that no longer exists (a
// district, or the province before 1 July 2025) stands for today's units formed from its units.
// Ranking, changes and the export agree with the lineage table; as published nothing moves.
func TestCurrentParent(t *testing.T) {
	ctx := context.Background()
	s := openExportSample(t)
	cur := ptr(BoundaryCurrent)
	const year = 2024
	sorted := func(rs []Result) []string {
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.Unit.ID
		}
		slices.Sort(ids)
		return ids
	}
	today, err := s.Ranking(ctx, RankingQuery{Year: year, Parent: ptr("04@2025-07-01"), Boundary: cur})
	if err != nil {
		t.Fatal(err)
	}
	byCode, err := s.Ranking(ctx, RankingQuery{Year: year, Parent: ptr("04"), Boundary: cur})
	if err != nil {
		t.Fatal(err)
	}
	if len(today) == 0 || !reflect.DeepEqual(byCode, today) {
		t.Fatalf("code 04 at today's boundary: %d units; 04@2025-07-01: %d", len(byCode), len(today))
	}
	rowOf := map[string]Result{}
	for _, r := range today {
		rowOf[r.Unit.ID] = r
	}
	districts, err := s.Units(ctx, UnitsQuery{Parent: ptr("04@2025-03-01"), Year: ptr(year)})
	if err != nil || len(districts) < 2 {
		t.Fatalf("districts of 04 in %d: %d, %v", year, len(districts), err)
	}
	for _, parent := range []string{districts[0].ID, districts[1].Code, "04@2025-03-01"} {
		id, err := s.resolveUnit(ctx, parent, ptr(year))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT l.successor_id FROM lineage l
			JOIN units p ON p.id = l.predecessor_id
			JOIN current_results c ON c.unit_id = l.successor_id AND c.year = $2
			WHERE p.parent_id = $1 OR p.province_id = $1 ORDER BY 1`, id, year)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				t.Fatal(err)
			}
			want = append(want, u)
		}
		rows.Close()
		if len(want) == 0 {
			t.Fatalf("%s: the lineage names no unit of today", parent)
		}

		got, err := s.Ranking(ctx, RankingQuery{Year: year, Parent: &parent, Boundary: cur})
		if err != nil {
			t.Fatal(err)
		}
		if ids := sorted(got); !slices.Equal(ids, want) {
			t.Errorf("ranking under %s at today's boundary: %v, want %v", parent, ids, want)
		}
		for i, r := range got {
			if !reflect.DeepEqual(r, rowOf[r.Unit.ID]) {
				t.Errorf("%s under %s: %+v, in today's province %+v", r.Unit.ID, parent, r, rowOf[r.Unit.ID])
			}
			if i > 0 && got[i-1].Rank > r.Rank {
				t.Errorf("%s: rank %d after %d; want best rank first", parent, r.Rank, got[i-1].Rank)
			}
		}

		ch, err := s.Changes(ctx, ChangesQuery{From: year, To: year + 1, Parent: &parent, Boundary: cur})
		if err != nil {
			t.Fatal(err)
		}
		var changed []string
		for _, c := range ch.Units {
			changed = append(changed, c.Unit.ID)
		}
		slices.Sort(changed)
		if !slices.Equal(changed, want) || ch.Summary.Compared != len(want) {
			t.Errorf("changes under %s: %v (%d compared), want %v", parent, changed, ch.Summary.Compared, want)
		}

		_, data := exportFile(t, s, ExportQuery{Format: ExportCSV, Parent: &parent, Years: []int{year}, Boundary: cur})
		table := readBack(t, ExportCSV, data)
		var exported []string
		for _, row := range table[1:] {
			exported = append(exported, row[slices.Index(table[0], "unit_id")])
		}
		slices.Sort(exported)
		if !slices.Equal(exported, want) {
			t.Errorf("export under %s at today's boundary: %v, want %v", parent, exported, want)
		}
	}

	// As published, a district is its own communes.
	pub, err := s.Ranking(ctx, RankingQuery{Year: year, Parent: &districts[0].ID})
	if err != nil || len(pub) == 0 {
		t.Fatalf("%s as published: %d units, %v", districts[0].ID, len(pub), err)
	}
	for _, r := range pub {
		if r.Unit.Parent == nil || *r.Unit.Parent != districts[0].Code {
			t.Errorf("%s as published: %s has parent %v", districts[0].ID, r.Unit.ID, r.Unit.Parent)
		}
	}
}

// TestCurrentCode: in a trend at today's boundary, a code names today's commune with that code,
// whatever the old commune of the same code became (in Cần Thơ, two old communes' codes went to
// other communes after 1 July 2025).
func TestCurrentCode(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sample.duckdb")
	if _, err := CreateNational(ctx, path, nationalSample); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.db.QueryContext(ctx, `SELECT n.code, n.id FROM units n JOIN units o ON o.code = n.code AND o.valid_to IS NOT NULL
		WHERE n.valid_to IS NULL AND n.level = 2
		  AND ((SELECT count(*) FROM lineage WHERE predecessor_id = o.id) > 1
		       OR NOT EXISTS (SELECT 1 FROM lineage WHERE predecessor_id = o.id AND successor_id = n.id))
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var code, id string
		if err := rows.Scan(&code, &id); err != nil {
			t.Fatal(err)
		}
		n++
		series, err := s.Trend(ctx, TrendQuery{Units: []string{code}, To: ptr(2024), Boundary: ptr(BoundaryCurrent)})
		if err != nil || len(series) != 1 || series[0].Unit.ID != id {
			var got []string
			for _, se := range series {
				got = append(got, se.Unit.ID)
			}
			t.Errorf("trend of code %s to 2024 at today's boundary: %v, %v; want %s", code, got, err, id)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no code of today's commune that the old commune of the same code did not become alone")
	}
}
