package analytics

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics/annex"

	"github.com/parindex/parindex/analytics/dataset"
)

// The frameworks of these tests are illustrative in their criteria and maximum points (files
// named *-minh-hoa), which no decision we can reach publishes; what is real is said where it is
// used: Cao Bằng's four classes (Decision 2402/QĐ-UBND of 08/12/2021), Kiến An's 60 + 40 split
// and phường Nam Sơn's result (Decision 343/QĐ-UBND of 13/4/2022), Hải Phòng's separate rankings
// of wards and of communes and special zones with "xuất sắc" from 93 points, Hà Nội's bonus and
// penalty points (Decision 5666/QĐ-UBND of 17/11/2025).

// frameworkRequest is the import of a framework file of testdata/import.
func frameworkRequest(year int, issuer, decision, date, file string) ImportRequest {
	return ImportRequest{Kind: ImportFramework, Year: year, Decision: decision, Date: date, Issuer: issuer, FileName: file, Importer: "test"}
}

// mustImport imports a file and fails the test unless it is committed.
func mustImport(t *testing.T, s *Store, req ImportRequest, data []byte) *ImportReport {
	t.Helper()
	rep, err := s.Import(context.Background(), req, data)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != ImportCommitted {
		var b bytes.Buffer
		rep.WriteText(&b)
		t.Fatalf("%s: %s", req.FileName, b.String())
	}
	return rep
}

// importCaoBang imports the Cao Bằng-like framework: the province's, from 2021, with the four
// classes of Decision 2402/QĐ-UBND (Tốt ≥ 90 %, Khá 70–< 90 %, Trung bình 50–< 70 %, Kém < 50 %).
func importCaoBang(t *testing.T, s *Store) *ImportReport {
	t.Helper()
	req := frameworkRequest(2021, "UBND tỉnh Cao Bằng", "2402/QĐ-UBND", "2021-12-08", "framework-cao-bang-2021-minh-hoa.csv")
	return mustImport(t, s, req, readCorpus(t, "../testdata/import/"+req.FileName))
}

// problemCodes lists the codes of a report's problems, or of its warnings.
func problemCodes(ps []ImportProblem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

// pointsTo gives a unit of the framework fw the total of cents: every criterion at its maximum,
// then points taken from the first criteria until the total is reached. It returns the points of
// each criterion, in the framework's order.
func pointsTo(fw *Framework, cents int64) []int64 {
	var out []int64
	var total int64
	for _, f := range fw.Fields {
		for _, c := range f.Criteria {
			m := int64(math.Round(c.MaxPoints * 100))
			out = append(out, m)
			total += m
		}
	}
	for i := range out {
		take := min(out[i], total-cents)
		out[i] -= take
		total -= take
	}
	return out
}

// TestImportCaoBangFramework imports the Cao Bằng-like framework, whose four classes are the
// decision's, and a 2021 results file of huyện Quảng Hòa scored on it with totals at the edges
// of the classes: each unit is classed and ranked as the framework says.
func TestImportCaoBangFramework(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	rep := importCaoBang(t, s)
	if w := rep.Framework; w.Issuer == nil || w.Issuer.Code != "04" || w.FirstYear != 2021 || w.Groups != 4 || w.Criteria != 32 || w.Replaces != nil {
		t.Fatalf("framework written: %+v", w)
	}
	tuDo := "01609" // Xã Tự Do, huyện Quảng Hòa, tỉnh Cao Bằng
	fw, err := s.Framework(ctx, 2021, &tuDo)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	var minima []float64
	for _, g := range fw.Groups {
		labels = append(labels, g.Label)
		minima = append(minima, *g.MinPercent)
	}
	if fw.ID != rep.Framework.ID || fw.Issuer == nil || fw.Issuer.Code != "04" || fw.Decision == nil || !strings.Contains(fw.Decision.Title, "2402/QĐ-UBND ngày 08/12/2021") ||
		!slices.Equal(labels, []string{"Tốt", "Khá", "Trung bình", "Kém"}) || !slices.Equal(minima, []float64{90, 70, 50, 0}) {
		t.Fatalf("framework of %s in 2021: %+v, groups %v from %v", tuDo, fw, labels, minima)
	}
	if before, err := s.Framework(ctx, 2020, &tuDo); err != nil || before.ID != "vn-tham-chieu" {
		t.Errorf("framework of %s in 2020: %v %+v; want the reference, Cao Bằng's begins in 2021", tuDo, err, before)
	}

	// Totals at the edges of the classes, and a tie.
	year, parent := 2021, "049"
	units, err := s.Units(ctx, UnitsQuery{Parent: &parent, Year: &year})
	if err != nil || len(units) != 19 {
		t.Fatalf("units of huyện Quảng Hòa in 2021: %d %v", len(units), err)
	}
	totals := []int64{9000, 8975, 8975, 7000, 6975, 5000, 4975}
	for i := len(totals); i < len(units); i++ {
		totals = append(totals, int64(8850-i*100)) // 81.50 down to 70.50
	}
	var b strings.Builder
	b.WriteString("unit_code,criterion_code,points\n")
	codes := []string{}
	for _, f := range fw.Fields {
		for _, c := range f.Criteria {
			codes = append(codes, c.Code)
		}
	}
	for i, u := range units {
		for k, cents := range pointsTo(fw, totals[i]) {
			fmt.Fprintf(&b, "%s,%s,%q\n", u.Code, codes[k], formatCents(cents))
		}
	}
	req := ImportRequest{Year: 2021, Decision: "MINH-HOA-06/2021 (minh họa, không phải quyết định thật)", Date: "2022-03-09",
		Issuer: "UBND huyện Quảng Hòa", FileName: "quang-hoa-2021-diem-minh-hoa.csv", Importer: "test"}
	results := mustImport(t, s, req, []byte(b.String()))
	if len(results.Warnings) != 0 || len(results.Frameworks) != 1 || results.Frameworks[0].ID != fw.ID {
		t.Errorf("warnings %+v, checked against %+v; want Cao Bằng's framework and no warning", results.Warnings, results.Frameworks)
	}
	ranking, err := s.Ranking(ctx, RankingQuery{Year: 2021, Parent: &parent})
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]Result{}
	for _, r := range ranking {
		byCode[r.Unit.Code] = r
	}
	for i, want := range []struct {
		group string
		rank  int
	}{{"TOT", 1}, {"KHA", 2}, {"KHA", 2}, {"KHA", 16}, {"TB", 17}, {"TB", 18}, {"KEM", 19}} {
		got := byCode[units[i].Code]
		if got.Group.Code != want.group || got.Group.Framework != fw.ID || got.Rank != want.rank || got.Framework != fw.ID {
			t.Errorf("%s at %s points: group %s (%s) rank %d; want %s rank %d", units[i].Name, formatCents(totals[i]), got.Group.Code, got.Group.Label, got.Rank, want.group, want.rank)
		}
	}
}

// TestImportKienAnComponents imports the Kiến An-like framework, whose total is the appraisal
// against the index (thẩm định, at most 60) plus measured satisfaction (at most 40), and the 2021
// results of its ten wards, where phường Nam Sơn has 83.21 = 43.26 + 39.95 and rank 3 of 10
// (Decision 343/QĐ-UBND of 13/4/2022; the other wards' points are invented).
func TestImportKienAnComponents(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	req := frameworkRequest(2021, "UBND quận Kiến An, thành phố Hải Phòng", "343/QĐ-UBND", "2022-04-13", "framework-kien-an-2021-minh-hoa.csv")
	fwRep := mustImport(t, s, req, readCorpus(t, "../testdata/import/"+req.FileName))
	if w := fwRep.Framework; w.Issuer == nil || w.Issuer.Code != "307" || w.Components != 2 || w.Fields != 9 {
		t.Fatalf("framework written: %+v", w)
	}
	results := ImportRequest{Year: 2021, Decision: "MINH-HOA-04/2021 (minh họa, không phải quyết định thật)", Date: "2022-04-13",
		Issuer: "UBND quận Kiến An", FileName: "kien-an-2021-minh-hoa.csv", Importer: "test"}
	rep := mustImport(t, s, results, readCorpus(t, "../testdata/import/"+results.FileName))
	if rep.Units != 10 || rep.Scores != 90 || rep.Published != 10 || len(rep.Warnings) != 0 {
		t.Errorf("report: %d units, %d scores, %d published, warnings %+v", rep.Units, rep.Scores, rep.Published, rep.Warnings)
	}
	parent := "307"
	ranking, err := s.Ranking(ctx, RankingQuery{Year: 2021, Parent: &parent, WithFields: true})
	if err != nil || len(ranking) != 10 {
		t.Fatalf("ranking of quận Kiến An: %d %v", len(ranking), err)
	}
	var ranks []int
	for _, r := range ranking {
		ranks = append(ranks, r.Rank)
	}
	if want := []int{1, 2, 3, 4, 5, 5, 7, 8, 9, 10}; !slices.Equal(ranks, want) {
		t.Errorf("ranks %v; want %v", ranks, want)
	}
	namSon := ranking[2]
	components := map[string]float64{}
	maxima := map[string]float64{}
	for _, c := range namSon.Components {
		components[c.Component.Slug], maxima[c.Component.Slug] = c.Points, c.Component.MaxPoints
	}
	if namSon.Unit.Name != "Phường Nam Sơn" || namSon.Points != 83.21 || namSon.MaxPoints != 100 || namSon.Rank != 3 ||
		components["tham_dinh"] != 43.26 || components["hai_long"] != 39.95 || maxima["tham_dinh"] != 60 || maxima["hai_long"] != 40 {
		t.Errorf("third: %s %v of %v, rank %d, components %v of %v; want Phường Nam Sơn 83.21 = 43.26 + 39.95 of 60 + 40, rank 3",
			namSon.Unit.Name, namSon.Points, namSon.MaxPoints, namSon.Rank, components, maxima)
	}
	if namSon.Published == nil || namSon.Published.Rank == nil || *namSon.Published.Rank != 3 || namSon.Group.Label != "Tốt" {
		t.Errorf("Nam Sơn: published %+v, group %+v; want rank 3 published, Tốt", namSon.Published, namSon.Group)
	}

	// A component's total that disagrees with its criteria is refused, naming the component.
	data := bytes.Replace(readCorpus(t, "../testdata/import/"+results.FileName), []byte(`"43,26","39,95"`), []byte(`"43,62","39,95"`), 1)
	results.DryRun = true
	bad, err := s.Import(ctx, results, data)
	if err != nil || bad.Status != ImportRefused || !slices.Equal(problemCodes(bad.Problems), []string{"COMPONENT_TOTAL_MISMATCH"}) ||
		!strings.Contains(bad.Problems[0].Message, "tham_dinh add up to 43,26") {
		t.Errorf("a wrong component total: %v %+v", err, bad)
	}
}

// TestImportHaiPhongCohorts imports a Hải Phòng-like framework of 2025, which ranks the city's
// wards among wards and its communes and special zones among themselves, and a 2025 file of all
// its units: two rankings under one parent, each starting at 1.
func TestImportHaiPhongCohorts(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	req := frameworkRequest(2025, "UBND thành phố Hải Phòng", "MINH-HOA-05/2025 (minh họa, không phải quyết định thật)", "2025-10-15", "framework-hai-phong-2025-minh-hoa.csv")
	fwRep := mustImport(t, s, req, readCorpus(t, "../testdata/import/"+req.FileName))
	if w := fwRep.Framework; w.Issuer == nil || w.Issuer.Code != "31" || w.Cohorts != 2 || w.Groups != 5 {
		t.Fatalf("framework written: %+v", w)
	}
	city := "31"
	fw, err := s.Framework(ctx, 2025, &city)
	if err != nil || fw.ID != fwRep.Framework.ID || fw.Groups[0].Label != "Xuất sắc" || fw.Groups[0].MinPoints == nil || *fw.Groups[0].MinPoints != 93 {
		t.Fatalf("framework of Hải Phòng in 2025: %v %+v", err, fw)
	}
	// The list of 2025-07-01: 45 wards, 67 communes and 2 special zones.
	year := 2025
	units, err := s.Units(ctx, UnitsQuery{Parent: &city, Year: &year})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, u := range units {
		kinds[u.Kind]++
	}
	if fmt.Sprint(kinds) != fmt.Sprint(map[string]int{"Phường": 45, "Xã": 67, "Đặc khu": 2}) {
		t.Fatalf("units of Hải Phòng in 2025: %v", kinds)
	}
	results := ImportRequest{Year: 2025, Decision: "MINH-HOA-07/2025 (minh họa, không phải quyết định thật)", Date: "2026-01-20",
		Issuer: "UBND thành phố Hải Phòng", FileName: "hai-phong-2025-minh-hoa.csv", Importer: "test"}
	rep := mustImport(t, s, results, readCorpus(t, "../testdata/import/"+results.FileName))
	if rep.Units != 114 || len(rep.Warnings) != 0 {
		t.Errorf("report: %d units, warnings %+v", rep.Units, rep.Warnings)
	}
	ranking, err := s.Ranking(ctx, RankingQuery{Year: 2025, Parent: &city})
	if err != nil || len(ranking) != 114 {
		t.Fatalf("ranking of Hải Phòng: %d %v", len(ranking), err)
	}
	cohorts := map[string][]Result{}
	for _, r := range ranking {
		if r.Cohort == nil {
			t.Fatalf("%s has no cohort", r.Unit.Name)
		}
		cohorts[*r.Cohort] = append(cohorts[*r.Cohort], r)
	}
	want := map[string]struct {
		n     int
		kinds []string
		first string
	}{"phuong": {45, []string{"Phường"}, "Phường Hồng Bàng"}, "xa_dac_khu": {69, []string{"Xã", "Đặc khu"}, "Xã An Lão"}}
	for slug, w := range want {
		rs := cohorts[slug]
		if len(rs) != w.n {
			t.Errorf("cohort %s: %d units; want %d", slug, len(rs), w.n)
			continue
		}
		for _, r := range rs {
			above := 0
			for _, o := range rs {
				if o.Points > r.Points {
					above++
				}
			}
			if !slices.Contains(w.kinds, r.Unit.Kind) || r.Rank != above+1 {
				t.Errorf("%s (%s) in cohort %s: rank %d; want %d among %v", r.Unit.Name, r.Unit.Kind, slug, r.Rank, above+1, w.kinds)
			}
		}
		if rs[0].Rank != 1 || rs[0].Unit.Name != w.first || rs[0].Points != 95 || rs[0].Group.Code != "XS" {
			t.Errorf("cohort %s starts with %s (rank %d, %v points, group %s); want %s, 95 points, Xuất sắc", slug, rs[0].Unit.Name, rs[0].Rank, rs[0].Points, rs[0].Group.Code, w.first)
		}
	}
	if len(cohorts) != 2 {
		t.Errorf("cohorts %v; want phuong and xa_dac_khu", slices.Sorted(maps.Keys(cohorts)))
	}
}

// haNoiAnnex is an annex of the 126 units of Hà Nội in 2025 on the Hà Nội-like framework: the
// same points for every unit but the first two, which get the bonus and penalty cells given.
func haNoiAnnex(t *testing.T, s *Store, fw *Framework, bonus, penalty string) []byte {
	t.Helper()
	year, city := 2025, "01"
	units, err := s.Units(context.Background(), UnitsQuery{Parent: &city, Year: &year})
	if err != nil || len(units) != 126 {
		t.Fatalf("units of Hà Nội in 2025: %d %v", len(units), err)
	}
	var b strings.Builder
	b.WriteString("STT,Mã ĐVHC,Tên đơn vị")
	var codes []string
	for _, f := range fw.Fields {
		for _, c := range f.Criteria {
			codes = append(codes, c.Code)
			b.WriteString("," + c.Code)
		}
	}
	b.WriteString(",TH,TR\n")
	for i, u := range units {
		points := pointsTo(fw, int64(8500-(i%40)*50))
		th, tr := "", ""
		switch i {
		case 0:
			points, th = pointsTo(fw, 8500), bonus
		case 1:
			points, tr = pointsTo(fw, 8500), penalty
		}
		fmt.Fprintf(&b, "%d,%s,%s", i+1, u.Code, u.Name)
		for _, p := range points {
			b.WriteString(`,"` + formatCents(p) + `"`)
		}
		fmt.Fprintf(&b, ",%q,%q\n", th, tr)
	}
	return []byte(b.String())
}

// TestImportBonusPenalty imports a Hà Nội-like framework with bonus and penalty points (điểm
// thưởng, điểm trừ) and a 2025 file of Hà Nội's units: a penalty makes a total lower and a bonus
// higher, the maximum unchanged; a positive penalty, a negative bonus and a penalty beyond its
// maximum are refused.
func TestImportBonusPenalty(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	req := frameworkRequest(2025, "UBND thành phố Hà Nội", "5666/QĐ-UBND", "2025-11-17", "framework-ha-noi-2025-minh-hoa.csv")
	fwRep := mustImport(t, s, req, readCorpus(t, "../testdata/import/"+req.FileName))
	if fwRep.Framework.Adjustments != 2 {
		t.Fatalf("framework written: %+v", fwRep.Framework)
	}
	city := "01"
	fw, err := s.Framework(ctx, 2025, &city)
	if err != nil || len(fw.Adjustments) != 2 || fw.MaxPoints != 100 {
		t.Fatalf("framework of Hà Nội: %v %+v", err, fw)
	}
	results := ImportRequest{Year: 2025, Decision: "MINH-HOA-08/2025 (minh họa, không phải quyết định thật)", Date: "2026-01-20",
		Issuer: "UBND thành phố Hà Nội", FileName: "ha-noi-2025-minh-hoa.csv", Importer: "test", DryRun: true}
	for _, tt := range []struct {
		name, bonus, penalty string
		codes                []string
	}{
		{"positive penalty", "", "2", []string{"POSITIVE_PENALTY"}},
		{"negative bonus", "-1", "", []string{"NEGATIVE_POINTS"}},
		{"penalty beyond its maximum", "", "-5,5", []string{"POINTS_BELOW_MINIMUM"}},
		{"bonus beyond its maximum", "3,25", "", []string{"POINTS_ABOVE_MAXIMUM"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := s.Import(ctx, results, haNoiAnnex(t, s, fw, tt.bonus, tt.penalty))
			if err != nil || rep.Status != ImportRefused || !slices.Equal(problemCodes(rep.Problems), tt.codes) || !strings.Contains(rep.Problems[0].Message, fw.ID) {
				t.Errorf("%v %+v; want %v naming framework %s", err, rep, tt.codes, fw.ID)
			}
		})
	}
	results.DryRun = false
	// The bonus and penalty columns headed by their kinds, as an annex writes them.
	data := bytes.Replace(haNoiAnnex(t, s, fw, "1,5", "-2"), []byte(",TH,TR\n"), []byte(",Điểm thưởng,Điểm trừ\n"), 1)
	mustImport(t, s, results, data)
	ranking, err := s.Ranking(ctx, RankingQuery{Year: 2025, Parent: &city})
	if err != nil || len(ranking) != 126 {
		t.Fatalf("ranking of Hà Nội: %d %v", len(ranking), err)
	}
	byCode := map[string]Result{}
	for _, r := range ranking {
		byCode[r.Unit.Code] = r
	}
	year := 2025
	units, _ := s.Units(ctx, UnitsQuery{Parent: &city, Year: &year})
	bonus, penalty, plain := byCode[units[0].Code], byCode[units[1].Code], byCode[units[40].Code] // 85 points each before adjustments
	if plain.Points != 85 || plain.Adjustment == nil || *plain.Adjustment != 0 {
		t.Fatalf("%s: %v points, adjustment %v; want 85, 0", plain.Unit.Name, plain.Points, plain.Adjustment)
	}
	if bonus.Points != 86.5 || *bonus.Adjustment != 1.5 || bonus.MaxPoints != 100 || bonus.Rank != 1 {
		t.Errorf("%s with a bonus of 1.5: %v points of %v, adjustment %v, rank %d; want 86.5 of 100, rank 1", bonus.Unit.Name, bonus.Points, bonus.MaxPoints, *bonus.Adjustment, bonus.Rank)
	}
	if penalty.Points != 83 || *penalty.Adjustment != -2 || penalty.Percent != 83 || penalty.Rank <= plain.Rank {
		t.Errorf("%s with a penalty of 2: %v points (%v %%), adjustment %v, rank %d; want 83, below %s (rank %d)", penalty.Unit.Name, penalty.Points, penalty.Percent, *penalty.Adjustment, penalty.Rank, plain.Unit.Name, plain.Rank)
	}
}

// TestImportFrameworkRollback imports two frameworks of tỉnh Cao Bằng from 2021, the second
// replacing the first; rolling back restores the first, then none (the reference framework).
func TestImportFrameworkRollback(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	first := importCaoBang(t, s)
	data := readCorpus(t, "../testdata/import/framework-cao-bang-2021-minh-hoa.csv")
	// A corrected decision: three classes.
	data = bytes.Replace(data, []byte(",,,,,,TB,Trung bình,Average,50\n"), nil, 1)
	req := frameworkRequest(2021, "Ủy ban nhân dân tỉnh Cao Bằng", "2402/QĐ-UBND (đính chính)", "2021-12-20", "framework-cao-bang-2021-dinh-chinh-minh-hoa.csv")
	second := mustImport(t, s, req, data)
	if second.Framework.Replaces == nil || *second.Framework.Replaces != first.Framework.ID || second.UnitsChanged != 1 {
		t.Fatalf("second framework: %+v; want it to replace %s", second.Framework, first.Framework.ID)
	}
	tuDo := "01609"
	inForce := func() string {
		fw, err := s.Framework(ctx, 2021, &tuDo)
		if err != nil {
			t.Fatal(err)
		}
		return fw.ID
	}
	if got := inForce(); got != second.Framework.ID {
		t.Fatalf("in force: %s; want %s", got, second.Framework.ID)
	}
	if _, err := s.Rollback(ctx, *first.Release, "test"); err != nil {
		t.Fatal(err)
	}
	if got := inForce(); got != first.Framework.ID {
		t.Errorf("after rolling back the second: %s; want %s", got, first.Framework.ID)
	}
	if _, err := s.Rollback(ctx, *first.Release-1, "test"); err != nil {
		t.Fatal(err)
	}
	if got := inForce(); got != "vn-tham-chieu" {
		t.Errorf("after rolling back both: %s; want the reference framework", got)
	}
}

// TestImportFrameworkRefusals: what is wrong with a framework file, or with what it would
// replace, refuses it with a code and writes nothing.
func TestImportFrameworkRefusals(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	caoBang := string(readCorpus(t, "../testdata/import/framework-cao-bang-2021-minh-hoa.csv"))
	kienAn := string(readCorpus(t, "../testdata/import/framework-kien-an-2021-minh-hoa.csv"))
	haiPhong := string(readCorpus(t, "../testdata/import/framework-hai-phong-2025-minh-hoa.csv"))
	edit := func(file string, pairs ...string) string { return strings.NewReplacer(pairs...).Replace(file) }
	band := func(code string, min int) string {
		return fmt.Sprintf(",,,,,,%s,Nhóm %s,Group %s,%d\n", code, code, code, min)
	}
	for _, tt := range []struct {
		name, issuer string
		year         int
		file         string
		codes        []string
	}{
		{"one class", "UBND tỉnh Cao Bằng", 2021, edit(caoBang, ",,,,,,KHA,Khá,Fair,70\n", "", ",,,,,,TB,Trung bình,Average,50\n", "", ",,,,,,KEM,Kém,Poor,\n", ""), []string{"GROUP_COUNT"}},
		{"seven classes", "UBND tỉnh Cao Bằng", 2021, edit(caoBang, ",,,,,,KEM,Kém,Poor,\n", band("D", 40)+band("E", 30)+band("F", 20)+band("G", 10)), []string{"GROUP_COUNT"}},
		{"classes out of order", "UBND tỉnh Cao Bằng", 2021, edit(caoBang, ",TB,Trung bình,Average,50", ",TB,Trung bình,Average,75"), []string{"GROUPS_NOT_ORDERED"}},
		{"a class without a minimum", "UBND tỉnh Cao Bằng", 2021, edit(caoBang, ",Fair,70", ",Fair,"), []string{"GROUP_MINIMUM"}},
		{"percent and points", "UBND tỉnh Cao Bằng", 2021, edit(caoBang, "min_percent\n", "min_percent,min_points\n", ",,,,,,TOT,Tốt,Good,90\n", ",,,,,,TOT,Tốt,Good,,90\n"), []string{"GROUPS_MIXED", "GROUPS_MIXED"}},
		{"a kind in two cohorts", "UBND thành phố Hải Phòng", 2025, edit(haiPhong, "Xã;Đặc khu", "Xã;Phường"), []string{"KIND_IN_TWO_COHORTS"}},
		{"an unknown kind", "UBND thành phố Hải Phòng", 2025, edit(haiPhong, "Xã;Đặc khu", "Xã;Làng"), []string{"UNKNOWN_UNIT_KIND"}},
		{"a field in no component", "UBND quận Kiến An", 2021, edit(kienAn, "institutions,Cải cách thể chế,Institutional reform,tham_dinh", "institutions,Cải cách thể chế,Institutional reform,"), []string{"MISSING_COMPONENT"}},
		{"a field slug not a slug", "UBND quận Kiến An", 2021, edit(kienAn, "satisfaction,", "Sự hài lòng,"), []string{"UNKNOWN_FIELD"}},
		{"an API field under another slug", "UBND quận Kiến An", 2021, edit(kienAn, "institutions,", "the_che,"), []string{"FIELD_SLUG_DIFFERS"}},
		{"a penalty in a field", "UBND thành phố Hải Phòng", 2025, edit(haiPhong, ",,,,,,,XS,", "direction,,,9.9,Điểm trừ,5,PENALTY,,,,,,,,\n,,,,,,,XS,"), []string{"ADJUSTMENT_IN_FIELD"}},
		{"an unknown kind of criterion", "UBND thành phố Hải Phòng", 2025, edit(haiPhong, ",,,,,,,XS,", ",,,9.9,Điểm trừ,5,MALUS,,,,,,,,\n,,,,,,,XS,"), []string{"UNKNOWN_KIND"}},
		{"a class without its English label", "UBND tỉnh Cao Bằng", 2021, edit(caoBang, ",Khá,Fair,", ",Khá,,"), []string{"MISSING_LABEL"}},
		{"an issuer that names no province or district", "Phòng Nội vụ", 2021, caoBang, []string{"ISSUER_REQUIRED"}},
		{"an issuer of other years", "UBND huyện Kế Sách", 2026, caoBang, []string{"ISSUER_NOT_IN_YEAR"}},
		{"an issuer named in several provinces", "UBND huyện Châu Thành", 2023, caoBang, []string{"ISSUER_AMBIGUOUS"}},
		// Kế Sách's units have scores of 2023 on its framework of 2022: a framework from 2023
		// would change what they were scored on.
		{"results already scored", "UBND huyện Kế Sách", 2023, caoBang, []string{"YEAR_HAS_SCORES"}},
		{"results of the province's districts already scored", "UBND tỉnh Sóc Trăng", 2024, caoBang, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, err := s.Checksum(ctx)
			if err != nil {
				t.Fatal(err)
			}
			req := frameworkRequest(tt.year, tt.issuer, "MINH-HOA-09 (minh họa, không phải quyết định thật)", fmt.Sprintf("%d-01-15", tt.year), "framework-minh-hoa.csv")
			req.DryRun = true
			rep, err := s.Import(ctx, req, []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := problemCodes(rep.Problems); !slices.Equal(got, append([]string{}, tt.codes...)) {
				t.Errorf("problems %v; want %v\n%+v", got, tt.codes, rep.Problems)
			}
			if len(tt.codes) > 0 && rep.Status != ImportRefused || len(tt.codes) == 0 && rep.Status != ImportDryRun {
				t.Errorf("status %s", rep.Status)
			}
			if after, _ := s.Checksum(ctx); after != before {
				t.Error("a dry run or a refused framework changed the data")
			}
		})
	}
}

// TestImportSpansFrameworks checks a province's file of 2021 whose units are under two
// frameworks: huyện Quảng Hòa's own (1.1 at most 3 points) and tỉnh Cao Bằng's, in force in its
// other districts (1.1 at most 4). Each unit's row is checked against its own, and a refusal
// names the framework it checked against.
func TestImportSpansFrameworks(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	province := string(readCorpus(t, "../testdata/import/framework-cao-bang-2021-minh-hoa.csv"))
	province = strings.NewReplacer(`năm",3,`, `năm",4,`, `"Tuyên truyền cải cách hành chính",2,`, `"Tuyên truyền cải cách hành chính",1,`).Replace(province)
	mustImport(t, s, frameworkRequest(2021, "UBND tỉnh Cao Bằng", "2402/QĐ-UBND", "2021-12-08", "framework-cao-bang-2021-minh-hoa.csv"), []byte(province))
	district := frameworkRequest(2021, "UBND huyện Quảng Hòa", "MINH-HOA-10/2021 (minh họa, không phải quyết định thật)", "2021-03-01", "framework-2026-minh-hoa.csv")
	quangHoa := mustImport(t, s, district, readCorpus(t, "../testdata/import/framework-2026-minh-hoa.csv")).Framework.ID

	year := 2021
	var units []Unit
	for _, parent := range []string{"049", "048"} { // huyện Quảng Hòa, huyện Hạ Lang
		us, err := s.Units(ctx, UnitsQuery{Parent: &parent, Year: &year})
		if err != nil || len(us) == 0 {
			t.Fatalf("units of %s in 2021: %d %v", parent, len(us), err)
		}
		units = append(units, us...)
	}
	tuDo := "01609"
	fwQuangHoa, err := s.Framework(ctx, 2021, &tuDo)
	if err != nil || fwQuangHoa.ID != quangHoa {
		t.Fatalf("framework of Xã Tự Do: %v %+v; want %s", err, fwQuangHoa, quangHoa)
	}
	file := func(first string) []byte {
		var b strings.Builder
		b.WriteString("unit_code,criterion_code,points\n")
		for i, u := range units {
			fw, err := s.Framework(ctx, 2021, &u.Code)
			if err != nil {
				t.Fatal(err)
			}
			for k, f := range fw.Fields {
				for j, c := range f.Criteria {
					points := formatCents(int64(c.MaxPoints * 100 * 3 / 4))
					if i == 0 && k == 0 && j == 0 {
						points = first
					}
					fmt.Fprintf(&b, "%s,%s,%q\n", u.Code, c.Code, points)
				}
			}
		}
		return []byte(b.String())
	}
	req := ImportRequest{Year: 2021, Decision: "MINH-HOA-11/2021 (minh họa, không phải quyết định thật)", Date: "2022-03-09",
		Issuer: "UBND tỉnh Cao Bằng", FileName: "cao-bang-2021-minh-hoa.csv", Importer: "test", DryRun: true}
	rep, err := s.Import(ctx, req, file("3,5")) // above Quảng Hòa's 3, below the province's 4
	if err != nil || rep.Status != ImportRefused || !slices.Equal(problemCodes(rep.Problems), []string{"POINTS_ABOVE_MAXIMUM"}) || !strings.Contains(rep.Problems[0].Message, quangHoa) {
		t.Fatalf("%v %+v; want POINTS_ABOVE_MAXIMUM naming %s", err, rep, quangHoa)
	}
	rep, err = s.Import(ctx, req, file("2,5"))
	if err != nil || rep.Status != ImportDryRun || len(rep.Frameworks) != 2 || rep.Frameworks[0].Units+rep.Frameworks[1].Units != len(units) {
		t.Fatalf("%v %+v; want a valid file checked against two frameworks", err, rep)
	}
}

// TestFrameworkDocExample reads the example of docs/import.md as a framework file: the
// documentation shows a file the importer takes.
func TestFrameworkDocExample(t *testing.T) {
	doc := string(readCorpus(t, "../docs/import.md"))
	_, block, ok := strings.Cut(doc, "```csv\n")
	block, _, closed := strings.Cut(block, "```")
	if !ok || !closed {
		t.Fatal("docs/import.md has no csv block")
	}
	sheets, err := annex.Read([]byte(block), "")
	if err != nil {
		t.Fatal(err)
	}
	fw, problems := parseFrameworkFile(sheets[0], dataset.Framework{ID: "doc"}, frameworkVocabulary{})
	if len(problems) > 0 || len(fw.Fields) != 2 || len(fw.Components) != 2 || len(fw.Bands) != 3 || fw.Bands[2].Min != 0 || fw.Bands[2].InPoints {
		t.Errorf("the example: %+v, problems %+v", fw, problems)
	}
}
