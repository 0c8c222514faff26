package analytics

import (
	"context"
	"errors"
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
// one: the three provinces that became Cần Thơ (92, 93, 94: 267 communes in 2023 and 263 in
// 2024, in 28 districts, among them Kế Sách, and 103 new communes with partial links), from 2023.
var nationalSample = NationalOptions{Provinces: []string{"92", "93", "94"}, FirstYear: 2023}

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
	// Each unit-year has the criteria of its framework: 40 in Cần Thơ (the national framework),
	// 40 and a satisfaction survey's 4 in Hậu Giang, 40 and 4 bonus and penalty criteria in Sóc
	// Trăng, 32 in Kế Sách and in Cần Thơ from 2025 (the default dataset's).
	const scores = (83+80)*40 + (75+75)*44 + (96+95)*44 + (13+13+103)*32
	if st.Scores != scores || st.Units == 0 || st.Lineage == 0 || st.FileBytes == 0 {
		t.Errorf("stats = %+v, want %d scores", st, scores)
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
	checkFrameworksInForce(t, s, nationalSample)
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
		if r.Framework != "ke-sach-962-2022" {
			t.Errorf("%s in 2023: framework %s, want Kế Sách's ke-sach-962-2022", r.Unit.ID, r.Framework)
		}
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
	if len(newRanking) != 103 || newRanking[0].Framework != "can-tho-2025" {
		t.Errorf("Cần Thơ's 2025 ranking has %d communes, the first on %s; want 103 on can-tho-2025", len(newRanking), newRanking[0].Framework)
	}

	// Sóc Trăng's communes outside Kế Sách have bonus and penalty points; Hậu Giang's total is
	// an appraisal and a satisfaction survey.
	socTrang, err := s.Ranking(ctx, RankingQuery{Year: 2024, Parent: ptr("94")})
	if err != nil {
		t.Fatal(err)
	}
	bonus, penalty := 0, 0
	for _, r := range socTrang {
		switch {
		case r.Framework == "ke-sach-962-2022":
			if r.Adjustment != nil {
				t.Errorf("%s (Kế Sách): adjustment %v, want none", r.Unit.ID, *r.Adjustment)
			}
		case r.Framework != "soc-trang-2020" || r.Adjustment == nil:
			t.Errorf("%s: framework %s, adjustment %v; want soc-trang-2020 with bonus and penalty points", r.Unit.ID, r.Framework, r.Adjustment)
		case *r.Adjustment > 0:
			bonus++
		case *r.Adjustment < 0:
			penalty++
		}
	}
	if bonus == 0 || penalty == 0 {
		t.Errorf("Sóc Trăng 2024: %d communes with bonus points, %d with penalty points; want some of each", bonus, penalty)
	}
	hauGiang, err := s.Ranking(ctx, RankingQuery{Year: 2024, Parent: ptr("93"), WithFields: true})
	if err != nil || len(hauGiang) == 0 {
		t.Fatalf("Hậu Giang 2024: %d results, %v", len(hauGiang), err)
	}
	for _, r := range hauGiang {
		if r.Framework != "hau-giang-2019" || len(r.Components) != 2 || len(r.Fields) != 9 {
			t.Fatalf("%s: framework %s, %d components, %d fields; want hau-giang-2019's appraisal and satisfaction survey, 9 fields",
				r.Unit.ID, r.Framework, len(r.Components), len(r.Fields))
		}
		if sum := r.Components[0].Points + r.Components[1].Points; math.Abs(sum-r.Points) > 1e-9 {
			t.Errorf("%s: components %v + %v, total %v", r.Unit.ID, r.Components[0].Points, r.Components[1].Points, r.Points)
		}
	}
	unit, err := s.Unit(ctx, "31528@2025-07-01", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(unit.Predecessors()) == 0 {
		t.Errorf("Xã Kế Sách has no predecessors")
	}
}

// TestNationalFrameworks builds Hải Dương and Hải Phòng, which became Hải Phòng on 1 July 2025:
// in 2024 Hải Dương's communes are classed on its three classes, Kiến An's wards on the district's
// appraisal and satisfaction survey; in 2025 Hải Phòng ranks its 45 wards apart from its 69
// communes and special zones, and classes them by points.
func TestNationalFrameworks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hai-phong.duckdb")
	opts := NationalOptions{Provinces: []string{"30", "31"}, FirstYear: 2024}
	if _, err := CreateNational(ctx, path, opts); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkFrameworksInForce(t, s, opts)

	haiDuong, err := s.Ranking(ctx, RankingQuery{Year: 2024, Parent: ptr("30")})
	if err != nil || len(haiDuong) == 0 {
		t.Fatalf("Hải Dương 2024: %d results, %v", len(haiDuong), err)
	}
	classes := map[string]int{}
	for _, r := range haiDuong {
		if r.Framework != "hai-duong-2019" {
			t.Fatalf("%s: framework %s, want hai-duong-2019", r.Unit.ID, r.Framework)
		}
		classes[r.Group.Label]++
	}
	for label := range classes {
		if !strings.Contains(label, "hoàn thành") && !strings.Contains(label, "Hoàn thành") {
			t.Errorf("Hải Dương 2024 classes %v, want its own labels", classes)
			break
		}
	}

	kienAn, err := s.Ranking(ctx, RankingQuery{Year: 2024, Parent: ptr("307"), WithFields: true})
	if err != nil || len(kienAn) == 0 {
		t.Fatalf("Kiến An 2024: %d results, %v", len(kienAn), err)
	}
	for _, r := range kienAn {
		if r.Framework != "kien-an-2021" || len(r.Components) != 2 || r.Components[1].Component.Slug != "satisfaction" {
			t.Fatalf("%s: framework %s, components %+v; want kien-an-2021 with a satisfaction survey", r.Unit.ID, r.Framework, r.Components)
		}
		if p := r.Components[1].Points; p < 0 || p > 40 {
			t.Errorf("%s: %v points of satisfaction, at most 40", r.Unit.ID, p)
		}
	}

	haiPhong, err := s.Ranking(ctx, RankingQuery{Year: 2025, Parent: ptr("31")})
	if err != nil {
		t.Fatal(err)
	}
	count, firsts := map[string]int{}, map[string]int{}
	for _, r := range haiPhong {
		cohort := "(none)"
		if r.Cohort != nil {
			cohort = *r.Cohort
		}
		count[cohort]++
		if r.Rank == 1 {
			firsts[cohort]++
		}
		if r.Framework != "hai-phong-2025" || r.Group.MinPoints == nil {
			t.Errorf("%s: framework %s, class %+v; want hai-phong-2025's classes in points", r.Unit.ID, r.Framework, r.Group)
		}
	}
	if want := map[string]int{"wards": 45, "communes": 69}; !reflect.DeepEqual(count, want) || firsts["wards"] == 0 || firsts["communes"] == 0 {
		t.Errorf("Hải Phòng 2025: units by cohort %v, first ranks %v; want %v, each cohort from rank 1", count, firsts, want)
	}
}

// checkFrameworksInForce checks that the Store scored every unit of a national build on the
// framework the generator scored it on (dataset.InForce, the same rule in Go), and that every
// province's and district's framework of the build is in force for some unit.
func checkFrameworksInForce(t *testing.T, s *Store, opts NationalOptions) {
	t.Helper()
	ds, _, err := dataset.National(opts.Provinces, opts.FirstYear)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.QueryContext(context.Background(), `SELECT uf.year, uf.unit_id, uf.framework_id, coalesce(u.parent_id, ''), coalesce(u.province_id, '')
		FROM unit_frameworks uf JOIN units u ON u.id = uf.unit_id ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	used := map[string]int{}
	for rows.Next() {
		var year int
		var unit, fw, parent, province string
		if err := rows.Scan(&year, &unit, &fw, &parent, &province); err != nil {
			t.Fatal(err)
		}
		n++
		used[fw]++
		if want, ok := dataset.InForce(ds.Frameworks, parent, province, year); !ok || want.ID != fw {
			t.Errorf("%s in %d: the Store's framework %s, dataset.InForce's %s", unit, year, fw, want.ID)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no unit has a framework in force")
	}
	for _, fw := range ds.Frameworks {
		if fw.Issuer != "" && used[fw.ID] == 0 {
			t.Errorf("framework %s of %s is in force for no unit; units × years by framework: %v", fw.ID, fw.Issuer, used)
		}
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
		g, err := s.GroupDistribution(ctx, year, &d.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		dist.Units += g.Units
		for _, c := range g.Groups {
			counts[c.Group.Framework+" "+c.Group.Code] += c.Count
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
	g, err := s.GroupDistribution(ctx, year, ptr("94"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.Units != dist.Units {
		t.Errorf("group distribution: %d units in the province, %d in its districts", g.Units, dist.Units)
	}
	for _, c := range g.Groups {
		// Kế Sách's classes are its framework's, the rest of Sóc Trăng's the province's.
		if key := c.Group.Framework + " " + c.Group.Code; c.Count != counts[key] {
			t.Errorf("group %s: %d in the province, %d in its districts", key, c.Count, counts[key])
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
