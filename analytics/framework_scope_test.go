package analytics

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics/dataset"
)

// scopeFixture adds to the default dataset two illustrative frameworks of Cao Bằng for 2021:
// the province's (issuer 04: two fields, four classes in percent, Tốt ≥ 90 … Kém) and one of
// Thành phố Cao Bằng (issuer 040: appraisal 60 in two fields plus a satisfaction survey of 40,
// bonus and penalty points, classes in points with Xuất sắc ≥ 93, wards ranked apart from
// communes), with scores for every unit of both districts that existed at the end of 2021. The
// communes of huyện Quảng Hòa (049) are scored on the province's framework, those of the city on
// its own.
type scopeFixture struct {
	s              *Store
	city, district []*unitRef // the units of 040 and of 049 in 2021, in Vietnamese order
	points         map[string]float64
}

func newScopeFixture(t *testing.T) *scopeFixture {
	t.Helper()
	ctx := context.Background()
	s := openDefault(t)
	f := &scopeFixture{s: s, points: map[string]float64{}}
	r := s.refs.Load()
	for _, u := range r.units {
		if u.level == 3 && u.existed(2021) {
			switch u.parentID {
			case "040@2025-03-01":
				f.city = append(f.city, u)
			case "049@2025-03-01":
				f.district = append(f.district, u)
			}
		}
	}
	for _, us := range [][]*unitRef{f.city, f.district} {
		slices.SortFunc(us, func(a, b *unitRef) int { return a.sortKey - b.sortKey })
	}
	if len(f.city) < 6 || len(f.district) != 19 {
		t.Fatalf("%d units of 040 and %d of 049 in 2021; want some and 19", len(f.city), len(f.district))
	}
	field := func(slug, name string, max int64, component string) dataset.Field {
		return dataset.Field{Slug: slug, NameVi: name, NameEn: slug, Component: component,
			Criteria: []dataset.Criterion{{Code: slug[:3], Name: name, MaxCents: max}}}
	}
	ds := &dataset.Dataset{
		Sources: []dataset.Source{{ID: 50, Kind: "ILLUSTRATIVE", Title: "Bộ chỉ số minh họa (kiểm thử)"}},
		Frameworks: []dataset.Framework{
			{
				ID: "cao-bang-minh-hoa", Name: "Cao Bằng (minh họa)", Issuer: "04@2025-03-01", FirstYear: 2021, Source: 50,
				Fields: []dataset.Field{field("direction", "Chỉ đạo", 5000, ""), field("procedures", "Thủ tục", 5000, "")},
				Bands: []dataset.Band{{Code: "TOT", LabelVi: "Tốt", LabelEn: "Good", Min: 90, InPoints: false}, {Code: "KHA", LabelVi: "Khá", LabelEn: "Fair", Min: 70, InPoints: false},
					{Code: "TB", LabelVi: "Trung bình", LabelEn: "Average", Min: 50, InPoints: false}, {Code: "KEM", LabelVi: "Kém", LabelEn: "Poor", Min: 0, InPoints: false}},
			},
			{
				ID: "tp-cao-bang-minh-hoa", Name: "Thành phố Cao Bằng (minh họa)", Issuer: "040@2025-03-01", FirstYear: 2021, Source: 50,
				Components: []dataset.Component{{Slug: "appraisal", NameVi: "Thẩm định", NameEn: "Appraisal"},
					{Slug: "satisfaction", NameVi: "Đo lường sự hài lòng", NameEn: "Satisfaction"}},
				Fields: []dataset.Field{field("direction", "Chỉ đạo", 3000, "appraisal"), field("procedures", "Thủ tục", 3000, "appraisal"),
					field("satisfaction", "Sự hài lòng", 4000, "satisfaction")},
				Adjustments: []dataset.Adjustment{{Code: "T1", Name: "Điểm thưởng", Kind: dataset.AdjustmentBonus, MaxCents: 500},
					{Code: "P1", Name: "Điểm trừ", Kind: dataset.AdjustmentPenalty, MaxCents: 500}},
				Bands: []dataset.Band{{Code: "XS", LabelVi: "Xuất sắc", LabelEn: "Excellent", Min: 93, InPoints: true}, {Code: "T", LabelVi: "Tốt", LabelEn: "Good", Min: 80, InPoints: true},
					{Code: "K", LabelVi: "Khá", LabelEn: "Fair", Min: 65, InPoints: true}, {Code: "C", LabelVi: "Chưa đạt", LabelEn: "Not reached", Min: 0, InPoints: true}},
				Cohorts: []dataset.Cohort{{Slug: "phuong", NameVi: "Phường", NameEn: "Wards", Kinds: []string{"Phường"}},
					{Slug: "xa", NameVi: "Xã", NameEn: "Communes", Kinds: []string{"Xã"}}},
			},
		},
	}
	score := func(u *unitRef, code string, cents int64) {
		ds.Scores = append(ds.Scores, dataset.Score{Year: 2021, UnitID: u.id, Criterion: code, Cents: cents})
		f.points[u.id] += float64(cents) / 100
	}
	for i, u := range f.city {
		switch i {
		case 0: // 93 points exactly: Xuất sắc
			score(u, "dir", 3000)
			score(u, "pro", 2800)
			score(u, "sat", 3500)
		case 1: // 95 less a penalty of 4: Tốt
			score(u, "dir", 3000)
			score(u, "pro", 3000)
			score(u, "sat", 3500)
			score(u, "P1", -400)
		default:
			score(u, "dir", 2000+int64(i)*100)
			score(u, "pro", 2500-int64(i%3)*100)
			score(u, "sat", 3000+int64(i)*50)
		}
		if i == 2 {
			score(u, "T1", 300)
		}
	}
	for i, u := range f.district { // 2 Tốt, 15 Khá, 2 Trung bình, as Decision 395/QĐ-UBND counted
		each := int64(3600 + i*30)
		switch {
		case i < 2:
			each = 4600
		case i >= 17:
			each = 3000
		}
		score(u, "dir", each)
		score(u, "pro", each)
	}
	if err := s.Load(ctx, ds, "test frameworks"); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFrameworkInForce(t *testing.T) {
	ctx := context.Background()
	f := newScopeFixture(t)
	for _, tt := range []struct {
		unit, want string
	}{
		{f.city[0].id, "tp-cao-bang-minh-hoa"},  // its district's, the nearest issuer
		{f.district[0].id, "cao-bang-minh-hoa"}, // its province's
		{"31552", "ke-sach-2019"},               // Kế Sách's own
		{"00001", dataset.ReferenceFramework},   // nobody's: the reference
	} {
		fw, err := f.s.Framework(ctx, 2021, &tt.unit)
		if err != nil || fw.ID != tt.want {
			t.Errorf("framework of %s in 2021: %v %v; want %s", tt.unit, err, fw, tt.want)
		}
	}
	// A province's framework does not outlive the reorganisation of 1 July 2025: the province of
	// that day (Cao Bằng kept its code 04) issues its own, and until then the reference is in force.
	for _, u := range f.s.refs.Load().units {
		if u.parentID == "04@2025-07-01" {
			if fw, err := f.s.Framework(ctx, 2025, &u.id); err != nil || fw.ID != dataset.ReferenceFramework {
				t.Errorf("framework of %s in 2025: %v %v; want the reference", u.id, err, fw)
			}
			break
		}
	}
	fw, err := f.s.Framework(ctx, 2021, &f.district[0].id)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, g := range fw.Groups {
		labels = append(labels, g.Label)
	}
	if strings.Join(labels, ", ") != "Tốt, Khá, Trung bình, Kém" || fw.Issuer == nil || fw.Issuer.Code != "04" || fw.FirstYear != 2021 {
		t.Errorf("Cao Bằng's framework: %v, issuer %+v from %d", labels, fw.Issuer, fw.FirstYear)
	}
	list, err := f.s.Frameworks(ctx, ptr(2021), ptr("04"))
	if err != nil || len(list) != 1 || list[0].ID != "cao-bang-minh-hoa" {
		t.Errorf("frameworks of issuer 04 in 2021: %v %+v", err, list)
	}

	// The Go rule (import's) and the statement (derive's) name the same framework for every unit.
	r := f.s.refs.Load()
	n := 0
	err = each(ctx, f.s.db, `SELECT year, unit_id, framework_id FROM unit_frameworks`, func(rows *sql.Rows) error {
		var year int
		var unit, fw string
		if err := rows.Scan(&year, &unit, &fw); err != nil {
			return err
		}
		if got := r.inForce(r.units[unit], year); got != fw {
			t.Errorf("%d %s: in force %q, derived %q", year, unit, got, fw)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("%v, %d rows", err, n)
	}
}

func TestFrameworkRules(t *testing.T) {
	ctx := context.Background()
	f := newScopeFixture(t)
	results, err := f.s.Ranking(ctx, RankingQuery{Year: 2021, Parent: ptr("040"), WithFields: true})
	if err != nil {
		t.Fatal(err)
	}
	firsts := map[string]int{}
	byUnit := map[string]Result{}
	for _, res := range results {
		if res.Cohort == nil {
			t.Fatalf("%s has no cohort", res.Unit.ID)
		}
		if res.Rank == 1 {
			firsts[*res.Cohort]++
		}
		byUnit[res.Unit.ID] = res
		if want := f.points[res.Unit.ID]; math.Abs(res.Points-want) > 1e-9 || math.Abs(res.Percent-want) > 1e-6 {
			t.Errorf("%s: %.2f points, %.4f %%; want %.2f", res.Unit.ID, res.Points, res.Percent, want)
		}
	}
	if firsts["phuong"] != 1 || firsts["xa"] != 1 {
		t.Errorf("rank 1 per cohort: %v; want one ward and one commune", firsts)
	}
	// A cohort alone: its units in rank order from 1; one that is not there is refused, naming them.
	wards, err := f.s.Ranking(ctx, RankingQuery{Year: 2021, Parent: ptr("040"), Cohort: ptr("phuong"), Field: ptr("satisfaction")})
	if err != nil || len(wards) == 0 || wards[0].Rank != 1 {
		t.Fatalf("the wards ranked on satisfaction: %v %+v", err, wards)
	}
	for i, w := range wards {
		if *w.Cohort != "phuong" || i > 0 && w.Rank < wards[i-1].Rank {
			t.Errorf("row %d: %s cohort %s rank %d", i, w.Unit.ID, *w.Cohort, w.Rank)
		}
	}
	if _, err := f.s.Ranking(ctx, RankingQuery{Year: 2021, Parent: ptr("040"), Cohort: ptr("dac-khu")}); !errors.Is(err, ErrInvalidInput) ||
		!strings.Contains(err.Error(), "phuong, xa") {
		t.Errorf("an unknown cohort: %v", err)
	}
	communes, err := f.s.GroupDistribution(ctx, 2021, ptr("040"), ptr("xa"))
	if err != nil || communes.Units != len(f.city)-len(wards) {
		t.Errorf("the communes' distribution: %v, %d units of %d", err, communes.Units, len(f.city))
	}
	// Classes in points: 93 reaches Xuất sắc; 95 less a penalty of 4 does not.
	first, second, third := byUnit[f.city[0].id], byUnit[f.city[1].id], byUnit[f.city[2].id]
	if first.Group.Code != "XS" || first.Group.MinPoints == nil || *first.Group.MinPoints != 93 || second.Group.Code != "T" {
		t.Errorf("groups: 93 points %+v, 91 points %+v", first.Group, second.Group)
	}
	if second.Adjustment == nil || *second.Adjustment != -4 || third.Adjustment == nil || *third.Adjustment != 3 || *first.Adjustment != 0 {
		t.Errorf("adjustments %v %v %v; want 0, -4, 3", first.Adjustment, second.Adjustment, third.Adjustment)
	}
	if c := first.Components; len(c) != 2 || c[0].Component.Slug != "appraisal" || c[0].Points != 58 || c[0].Component.MaxPoints != 60 ||
		c[1].Points != 35 || c[1].Percent != 87.5 {
		t.Errorf("components %+v", c)
	}

	// Across two frameworks an answer says so; within one it does not.
	for _, tt := range []struct {
		parent string
		mixed  bool
	}{{"04", true}, {"049", false}, {"040", false}} {
		cols, err := f.s.RankingColumns(ctx, RankingQuery{Year: 2021, Parent: &tt.parent})
		if err != nil || cols.MixedFrameworks != tt.mixed {
			t.Errorf("ranking of %s: %v, mixed %v; want %v", tt.parent, err, cols.MixedFrameworks, tt.mixed)
		}
		agg, err := f.s.Aggregate(ctx, AggregateQuery{Filter: &ScoreFilter{Years: []int{2021}, Provinces: []string{"04"}, Parents: parentsOf(tt.parent)},
			Metrics: []Metric{MetricAvg}, GroupBy: []Dimension{}})
		if err != nil || agg.MixedFrameworks != tt.mixed {
			t.Errorf("aggregate of %s: %v, mixed %v (%v); want %v", tt.parent, err, agg.MixedFrameworks, agg.Frameworks, tt.mixed)
		}
		dist, err := f.s.GroupDistribution(ctx, 2021, &tt.parent, nil)
		if err != nil || dist.MixedFrameworks != tt.mixed {
			t.Errorf("distribution of %s: %v, mixed %v; want %v", tt.parent, err, dist.MixedFrameworks, tt.mixed)
		}
	}
	dist, err := f.s.GroupDistribution(ctx, 2021, ptr("049"), nil)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, g := range dist.Groups {
		count[g.Group.Label] = g.Count
	}
	if count["Tốt"] != 2 || count["Khá"] != 15 || count["Trung bình"] != 2 || count["Kém"] != 0 || len(dist.Groups) != 4 {
		t.Errorf("Quảng Hòa 2021: %v", count)
	}
	summary, err := f.s.FieldSummary(ctx, 2021, ptr("04"))
	if err != nil {
		t.Fatal(err)
	}
	for _, fs := range summary {
		if want := fs.Field.Slug != "satisfaction"; fs.MixedFrameworks != want {
			t.Errorf("field summary of 04, %s: mixed %v; want %v", fs.Field.Slug, fs.MixedFrameworks, want)
		}
	}
	cmp, err := f.s.Compare(ctx, []string{f.city[0].id, f.district[0].id}, 2021)
	if err != nil || !cmp.MixedFrameworks || cmp.Units[0].Cohort == nil || cmp.Units[1].Cohort != nil {
		t.Errorf("compare across frameworks: %v %+v", err, cmp)
	}
}

// parentsOf is the filter of a district, or none for a province.
func parentsOf(id string) []string {
	if len(id) == 3 {
		return []string{id}
	}
	return nil
}

// TestChangesSayWhenTheFrameworkChanged: Kế Sách replaced its framework in 2022 (Decision 962).
func TestChangesSayWhenTheFrameworkChanged(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	for _, tt := range []struct {
		from, to int
		changed  bool
	}{{2021, 2022, true}, {2022, 2023, false}} {
		ch, err := s.Changes(ctx, ChangesQuery{From: tt.from, To: tt.to, Parent: ptr("943")})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if tt.changed {
			want = ch.Summary.Compared
		}
		if ch.Summary.Compared == 0 || ch.Summary.FrameworkChanged != want || ch.MixedFrameworks != tt.changed {
			t.Errorf("%d–%d: %d of %d compared changed framework, mixed %v; want %d", tt.from, tt.to,
				ch.Summary.FrameworkChanged, ch.Summary.Compared, ch.MixedFrameworks, want)
		}
		for _, c := range ch.Units {
			if c.Status == ChangeBoth && c.FrameworkChanged != tt.changed {
				t.Errorf("%d–%d %s: framework changed %v", tt.from, tt.to, c.Unit.ID, c.FrameworkChanged)
			}
		}
	}
}

// TestOpenScopesTheFrameworksOfOneYear opens a database of one framework per year (written before
// frameworks had issuers) and finds the default dataset's frameworks scoped to their issuers, each
// from its first year, and every answer as before.
func TestOpenScopesTheFrameworksOfOneYear(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/old.duckdb"
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	before, err := s.Ranking(ctx, RankingQuery{Year: 2023, WithFields: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE framework_years (year SMALLINT PRIMARY KEY, framework_id TEXT NOT NULL)`,
		`INSERT INTO framework_years SELECT DISTINCT year, framework_id FROM unit_frameworks WHERE framework_id <> 'vn-tham-chieu'`,
		`DROP TABLE framework_scopes; DROP TABLE components; DROP TABLE cohorts; DROP TABLE unit_frameworks`,
		`DELETE FROM frameworks WHERE id = 'vn-tham-chieu'; DELETE FROM fields WHERE framework_id = 'vn-tham-chieu';
		 DELETE FROM criteria WHERE framework_id = 'vn-tham-chieu'; DELETE FROM group_bands WHERE framework_id = 'vn-tham-chieu'`,
		`ALTER TABLE frameworks DROP COLUMN decision_source_id`, `ALTER TABLE fields DROP COLUMN component`,
		`ALTER TABLE criteria DROP COLUMN kind`, `ALTER TABLE group_bands DROP COLUMN min_points`, `ALTER TABLE imports DROP COLUMN framework_issuer`,
		`DELETE FROM schema_migrations WHERE version >= 4`,
		`DELETE FROM derived_version; INSERT INTO derived_version VALUES (14)`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var scopes []string
	err = each(ctx, s.db, `SELECT issuer_id || ' ' || first_year || ' ' || framework_id FROM framework_scopes ORDER BY first_year`, func(rows *sql.Rows) error {
		scopes = append(scopes, "")
		return rows.Scan(&scopes[len(scopes)-1])
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "943@2025-03-01 2019 ke-sach-2019, 943@2025-03-01 2022 ke-sach-962-2022, 92@2025-07-01 2025 can-tho-2025"; strings.Join(scopes, ", ") != want {
		t.Errorf("scopes %v; want %s", scopes, want)
	}
	after, err := s.Ranking(ctx, RankingQuery{Year: 2023, WithFields: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("the 2023 ranking changed when the frameworks were scoped")
	}
}

// TestBackupKeepsFrameworks: a backup restored answers the same for units of an issuer's framework
// with components, bonus and penalty points, classes in points and cohorts.
func TestBackupKeepsFrameworks(t *testing.T) {
	ctx := context.Background()
	f := newScopeFixture(t)
	q := RankingQuery{Year: 2021, Parent: ptr("040"), WithFields: true}
	before, err := f.s.Ranking(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	dir, path := t.TempDir()+"/backup", t.TempDir()+"/restored.duckdb"
	if _, err := f.s.Backup(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, dir, path); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	after, err := s.Ranking(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("restored: %+v\nwant %+v", after[:1], before[:1])
	}
	fw, err := s.Framework(ctx, 2021, &f.city[0].id)
	if err != nil || len(fw.Cohorts) != 2 || !slices.Equal(fw.Cohorts[0].Kinds, []string{"Phường"}) || len(fw.Adjustments) != 2 || len(fw.Components) != 2 {
		t.Errorf("restored framework: %v %+v", err, fw)
	}
}
