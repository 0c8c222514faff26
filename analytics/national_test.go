package analytics

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics/dataset"
)

// nationalSample is the reduced national build the tests use, through the same code as the full
// one: the three provinces that became Cần Thơ (92, 93, 94: 263 communes in 25 districts, among
// them Kế Sách, and 103 new communes with partial links), from 2023.
var nationalSample = NationalOptions{Provinces: []string{"92", "93", "94"}, FirstYear: 2023}

// nationalSampleChecksum pins the sample's scores, so that a change of the generator (or of
// floating point on another machine) that moves any score by a cent is seen. If you changed the
// generator on purpose, put the new value here.
const nationalSampleChecksum = "9cf8b49eaf0c7158"

func generateNational(t *testing.T, opts NationalOptions) (*dataset.Dataset, *nationalPlan, []dataset.Score) {
	t.Helper()
	ds, plan, err := nationalDataset(opts)
	if err != nil {
		t.Fatal(err)
	}
	var rows []dataset.Score
	var g nationalGauge
	if err := plan.generate(context.Background(), func(batch []dataset.Score) error {
		rows = append(rows, batch...)
		return nil
	}, &g); err != nil {
		t.Fatal(err)
	}
	return ds, plan, rows
}

// TestNationalLists checks the full reference tables against the official lists and the
// crosswalk, without generating scores.
func TestNationalLists(t *testing.T) {
	ds, plan, err := nationalDataset(NationalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	kinds := map[string]string{}
	for _, u := range ds.Units {
		count[fmt.Sprintf("%s/%d", u.List, u.Level)]++
		kinds[u.ID()] = fmt.Sprintf("%s/%d", u.List, u.Level)
	}
	want := map[string]int{"2025-03-01/1": 63, "2025-03-01/2": 696, "2025-03-01/3": 10047, "2025-07-01/1": 34, "2025-07-01/2": 3321}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("units by list and level = %v, want %v", count, want)
	}

	crosswalk, err := dataset.ReadFacts("data/vn-crosswalk-2025-07-01.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Lineage) != len(crosswalk) {
		t.Errorf("%d lineage links, the crosswalk has %d", len(ds.Lineage), len(crosswalk))
	}
	successors := map[string]int{}
	predecessors := map[string]int{}
	partial := 0
	for _, l := range ds.Lineage {
		if kinds[l.Predecessor] == "" || kinds[l.Successor] != "2025-07-01/2" {
			t.Fatalf("link %s -> %s: unknown unit", l.Predecessor, l.Successor)
		}
		successors[l.Predecessor]++
		predecessors[l.Successor]++
		if l.Coverage == "PARTIAL" {
			partial++
		}
	}
	for _, u := range ds.Units {
		if u.List == dataset.ListBefore && u.Level == 3 && successors[u.ID()] == 0 {
			t.Errorf("old commune %s %s is not mapped", u.ID(), u.Name)
		}
		if u.List == dataset.ListAfter && u.Level == 2 && predecessors[u.ID()] == 0 {
			t.Errorf("new commune %s %s has no predecessor", u.ID(), u.Name)
		}
	}
	if partial == 0 {
		t.Error("no PARTIAL links")
	}
	for _, l := range ds.Lineage {
		if l.Coverage == "PARTIAL" && successors[l.Predecessor] < 2 {
			t.Errorf("%s is split (PARTIAL) but has %d successor", l.Predecessor, successors[l.Predecessor])
			break
		}
	}

	var olds, news int
	for _, g := range plan.districts {
		olds += len(g.units)
	}
	for _, g := range plan.provinces {
		news += len(g.units)
	}
	if olds != 10047 || news != 3321 {
		t.Errorf("the generator scores %d old and %d new communes, want 10047 and 3321", olds, news)
	}

	if len(ds.Frameworks) != 2 {
		t.Fatalf("%d frameworks, want 2", len(ds.Frameworks))
	}
	years := 0
	reference := dataset.FieldsWith(200, 300)
	for _, fw := range ds.Frameworks {
		years += len(fw.Years)
		if len(fw.Fields) != len(reference) {
			t.Fatalf("framework %s has %d fields", fw.ID, len(fw.Fields))
		}
		criteria := 0
		for i, f := range fw.Fields {
			criteria += len(f.Criteria)
			if f.Slug != reference[i].Slug || f.NameVi != reference[i].NameVi || f.MaxCents() != reference[i].MaxCents() {
				t.Errorf("framework %s field %d = %s %q %d, want %s %q %d", fw.ID, i, f.Slug, f.NameVi, f.MaxCents(),
					reference[i].Slug, reference[i].NameVi, reference[i].MaxCents())
			}
		}
		if criteria != 40 {
			t.Errorf("framework %s has %d criteria, want 40", fw.ID, criteria)
		}
	}
	if years != NationalNewYear-NationalFirstYear+1 {
		t.Errorf("the frameworks cover %d years, want %d", years, NationalNewYear-NationalFirstYear+1)
	}
}

// TestNationalScores checks the generator on the sample: the same scores on every run (and
// machine), every criterion of every unit and year within its maximum, a spread over the groups,
// and new communes that start from their predecessors.
func TestNationalScores(t *testing.T) {
	ds, plan, rows := generateNational(t, nationalSample)
	_, _, again := generateNational(t, nationalSample)
	if !reflect.DeepEqual(rows, again) {
		t.Fatal("two runs of the generator differ")
	}
	h := fnv.New64a()
	for _, r := range rows {
		fmt.Fprintf(h, "%d|%s|%s|%d\n", r.Year, r.UnitID, r.Criterion, r.Cents)
	}
	if got := fmt.Sprintf("%016x", h.Sum64()); got != nationalSampleChecksum {
		t.Errorf("sample checksum = %s, want %s (see nationalSampleChecksum)", got, nationalSampleChecksum)
	}

	maxCents := map[string]int64{} // framework year|criterion
	for _, fw := range ds.Frameworks {
		for _, y := range fw.Years {
			for _, f := range fw.Fields {
				for _, c := range f.Criteria {
					maxCents[fmt.Sprintf("%d|%s", y, c.Code)] = c.MaxCents
				}
			}
		}
	}
	type unitYear struct {
		unit string
		year int
	}
	criteria := map[unitYear]int{}
	totals := map[unitYear]int64{}
	for _, r := range rows {
		max, ok := maxCents[fmt.Sprintf("%d|%s", r.Year, r.Criterion)]
		if !ok {
			t.Fatalf("%d %s: criterion %s is not in the year's framework", r.Year, r.UnitID, r.Criterion)
		}
		if r.Cents < 0 || r.Cents > max {
			t.Fatalf("%d %s %s: %d cents, maximum %d", r.Year, r.UnitID, r.Criterion, r.Cents, max)
		}
		criteria[unitYear{r.UnitID, r.Year}]++
		totals[unitYear{r.UnitID, r.Year}] += r.Cents
	}
	var olds, news int
	for _, g := range plan.districts {
		olds += len(g.units)
	}
	for _, g := range plan.provinces {
		news += len(g.units)
	}
	if want := olds*(NationalLastYear-nationalSample.FirstYear+1) + news; len(criteria) != want {
		t.Errorf("%d units × years scored, want %d", len(criteria), want)
	}
	for k, n := range criteria {
		if n != 40 {
			t.Fatalf("%s in %d has %d criteria, want 40", k.unit, k.year, n)
		}
	}

	groups := map[string]int{}
	for _, c := range totals {
		switch p := float64(c) / 100; {
		case p >= 90:
			groups["I"]++
		case p >= 80:
			groups["II"]++
		case p >= 70:
			groups["III"]++
		case p >= 50:
			groups["IV"]++
		default:
			groups["V"]++
		}
	}
	if len(groups) < 4 || groups["II"]+groups["III"] <= len(totals)/2 {
		t.Errorf("groups %v: want at least four groups, most units in II and III", groups)
	}

	// A new commune starts from the mean of its predecessors' last totals, plus the national
	// change and a shock of at most 2 points, moved only by its province's spread being bounded.
	for _, prov := range plan.provinces {
		for _, u := range prov.units {
			preds := plan.preds[u]
			if len(preds) == 0 {
				continue
			}
			var sum float64
			for _, p := range preds {
				sum += float64(totals[unitYear{p, NationalLastYear}]) / 100
			}
			start := float64(totals[unitYear{u, NationalNewYear}]) / 100
			if d := start - sum/float64(len(preds)); math.Abs(d) > 4 {
				t.Errorf("%s scores %.2f in %d, %.2f from its predecessors' mean", u, start, NationalNewYear, d)
			}
		}
	}
}

// TestNationalReduction: a unit scores the same whichever other provinces are built with it, so
// the sample stands for the full dataset.
func TestNationalReduction(t *testing.T) {
	_, _, sample := generateNational(t, nationalSample)
	_, _, alone := generateNational(t, NationalOptions{Provinces: []string{"94"}, FirstYear: NationalLastYear})
	want := map[string]int64{}
	for _, r := range sample {
		if r.Year == NationalLastYear {
			want[fmt.Sprintf("%s|%s", r.UnitID, r.Criterion)] = r.Cents
		}
	}
	n := 0
	for _, r := range alone {
		if r.Year != NationalLastYear {
			continue
		}
		n++
		if w, ok := want[fmt.Sprintf("%s|%s", r.UnitID, r.Criterion)]; !ok || w != r.Cents {
			t.Fatalf("%s %s: %d cents alone, %d in the sample", r.UnitID, r.Criterion, r.Cents, w)
		}
	}
	if n == 0 {
		t.Fatal("province 94 alone has no scores")
	}
}

// TestCreateNational builds the sample into a file through CreateNational and opens it the way
// parindex does.
func TestCreateNational(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "national.duckdb")
	var steps []string
	opts := nationalSample
	opts.Progress = func(s string) { steps = append(steps, s) }
	st, err := CreateNational(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) == 0 || !strings.HasPrefix(steps[len(steps)-1], "done") {
		t.Errorf("progress = %q, want lines ending with done", steps)
	}
	if st.Scores != (263*2+103)*40 || st.Units == 0 || st.Lineage == 0 || st.FileBytes == 0 {
		t.Errorf("stats = %+v, want %d scores", st, (263*2+103)*40)
	}
	if _, err := CreateNational(ctx, path, nationalSample); !errors.Is(err, fs.ErrExist) {
		t.Errorf("a second CreateNational on the same path: err = %v, want fs.ErrExist", err)
	}
	if _, err := os.Stat(path + ".partial"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the partial file is left: %v", err)
	}

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	years, err := s.Years(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(years, []int{2023, 2024, 2025}) {
		t.Errorf("years = %v, want 2023–2025", years)
	}
	ranking, err := s.Ranking(ctx, RankingQuery{Year: 2023, Parent: ptr("943")})
	if err != nil {
		t.Fatal(err)
	}
	if len(ranking) != 13 || ranking[0].Rank != 1 {
		t.Fatalf("Kế Sách's 2023 ranking has %d units (first rank %d), want 13 from rank 1", len(ranking), ranking[0].Rank)
	}
	for _, r := range ranking {
		if r.Source.Kind != SourceIllustrative {
			t.Errorf("%s: source %s, want ILLUSTRATIVE", r.Unit.ID, r.Source.Kind)
		}
		if r.Published != nil {
			t.Errorf("%s has a published result: Open loaded the default dataset into the national file", r.Unit.ID)
		}
	}
	series, err := s.Trend(ctx, TrendQuery{Units: []string{"31564@2025-03-01", "31528@2025-07-01"}})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus := [][]Status{
		{StatusObserved, StatusObserved, StatusNotExisting}, // An Mỹ, merged on 2025-07-01
		{StatusNotExisting, StatusNotExisting, StatusObserved},
	}
	for i, se := range series {
		if !reflect.DeepEqual(se.Status, wantStatus[i]) {
			t.Errorf("trend of %s: status %v, want %v", se.Unit.ID, se.Status, wantStatus[i])
		}
	}
	newRanking, err := s.Ranking(ctx, RankingQuery{Year: 2025, Parent: ptr("92")})
	if err != nil {
		t.Fatal(err)
	}
	if len(newRanking) != 103 {
		t.Errorf("Cần Thơ's 2025 ranking has %d communes, want 103", len(newRanking))
	}
	unit, err := s.Unit(ctx, "31528@2025-07-01", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(unit.Predecessors) == 0 {
		t.Errorf("Xã Kế Sách has no predecessors")
	}
}

// TestCreateNationalCancelled: a build stopped half-way leaves no file behind.
func TestCreateNationalCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "national.duckdb")
	opts := nationalSample
	opts.Progress = func(s string) {
		if strings.HasPrefix(s, "scores 2024") {
			cancel()
		}
	}
	if _, err := CreateNational(ctx, path, opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	for _, p := range []string{path, path + ".partial", path + ".partial.wal"} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is left behind (%v)", filepath.Base(p), err)
		}
	}
}

// TestProvinceCoversItsDistricts: before 1 July 2025 a province's communes are in its districts;
// a ranking, comparison, group distribution or field summary with the province as parent covers
// them all, as the sum of its districts', each commune keeping its rank within its district.
func TestProvinceCoversItsDistricts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sample.duckdb")
	if _, err := CreateNational(ctx, path, NationalOptions{Provinces: []string{"94"}, FirstYear: 2023}); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const year = 2024
	districts, err := s.Units(ctx, UnitsQuery{Parent: ptr("94"), Year: ptr(year)})
	if err != nil || len(districts) < 2 {
		t.Fatalf("districts of 94 in %d: %d, %v", year, len(districts), err)
	}
	province, err := s.Ranking(ctx, RankingQuery{Year: year, Parent: ptr("94"), WithFields: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Result{}
	var dist GroupDistribution
	counts := map[string]int{}
	fieldUnits, fieldSums := map[string]int{}, map[string]float64{}
	changed := 0
	for _, d := range districts {
		rows, err := s.Ranking(ctx, RankingQuery{Year: year, Parent: &d.ID, WithFields: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			want[r.Unit.ID] = r
		}
		g, err := s.GroupDistribution(ctx, year, &d.ID)
		if err != nil {
			t.Fatal(err)
		}
		dist.Units += g.Units
		for _, c := range g.Groups {
			counts[c.Group.Code] += c.Count
		}
		fs, err := s.FieldSummary(ctx, year, &d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			fieldUnits[f.Field.Slug] += f.Units
			fieldSums[f.Field.Slug] += f.Average * float64(f.Units)
		}
		ch, err := s.Changes(ctx, ChangesQuery{From: year - 1, To: year, Parent: &d.ID})
		if err != nil {
			t.Fatal(err)
		}
		changed += ch.Summary.Units
	}
	if len(province) != len(want) || len(want) == 0 {
		t.Fatalf("province 94: %d units, its districts %d", len(province), len(want))
	}
	for i, r := range province {
		if !reflect.DeepEqual(r, want[r.Unit.ID]) {
			t.Errorf("%s: %+v in the province, %+v in its district", r.Unit.ID, r, want[r.Unit.ID])
		}
		if i > 0 && province[i-1].Rank > r.Rank {
			t.Errorf("row %d: rank %d after %d; want best rank first", i, r.Rank, province[i-1].Rank)
		}
	}
	g, err := s.GroupDistribution(ctx, year, ptr("94"))
	if err != nil {
		t.Fatal(err)
	}
	if g.Units != dist.Units {
		t.Errorf("group distribution: %d units in the province, %d in its districts", g.Units, dist.Units)
	}
	for _, c := range g.Groups {
		if c.Count != counts[c.Group.Code] {
			t.Errorf("group %s: %d in the province, %d in its districts", c.Group.Code, c.Count, counts[c.Group.Code])
		}
	}
	fs, err := s.FieldSummary(ctx, year, ptr("94"))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != len(fieldUnits) || len(fs) == 0 {
		t.Fatalf("field summary: %d fields in the province, %d in its districts", len(fs), len(fieldUnits))
	}
	for _, f := range fs {
		if mean := fieldSums[f.Field.Slug] / float64(fieldUnits[f.Field.Slug]); f.Units != fieldUnits[f.Field.Slug] || math.Abs(f.Average-mean) > 1e-9 {
			t.Errorf("field %s: %d units, mean %v in the province; %d, %v in its districts", f.Field.Slug, f.Units, f.Average, fieldUnits[f.Field.Slug], mean)
		}
	}
	ch, err := s.Changes(ctx, ChangesQuery{From: year - 1, To: year, Parent: ptr("94")})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Summary.Units != changed || changed == 0 {
		t.Errorf("changes: %d units in the province, %d in its districts", ch.Summary.Units, changed)
	}
}
