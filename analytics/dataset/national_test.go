package dataset

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// nationalOptions reduce the national dataset as the Store's NationalOptions do.
type nationalOptions struct {
	provinces []string
	firstYear int
}

// nationalSample is the reduced national build the tests use, through the same code as the full
// one: the three provinces that became Cần Thơ (92, 93, 94: 267 communes in 2023 and 263 in
// 2024, in 28 districts, among them Kế Sách, and 103 new communes with partial links), from 2023.
var nationalSample = nationalOptions{provinces: []string{"92", "93", "94"}, firstYear: 2023}

// nationalSampleChecksum pins the sample's scores, so that a change of the generator (or of
// floating point on another machine) that moves any score by a cent is seen. If you changed the
// generator on purpose, put the new value here.
const nationalSampleChecksum = "87632a02aa6d1939"

func generateNational(t *testing.T, opts nationalOptions) (*Dataset, *NationalPlan, []Score) {
	t.Helper()
	ds, plan, err := National(opts.provinces, opts.firstYear)
	if err != nil {
		t.Fatal(err)
	}
	var rows []Score
	if _, err := plan.Generate(context.Background(), func(batch []Score) error {
		rows = append(rows, batch...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ds, plan, rows
}

// unitYear is a unit's version and a year.
type unitYear struct {
	unit string
	year int
}

// frameworksInForce returns the framework each unit of the plan is scored on each year.
func frameworksInForce(t *testing.T, plan *NationalPlan) map[unitYear]Framework {
	t.Helper()
	out := map[unitYear]Framework{}
	for year := plan.first; year <= plan.newYear; year++ {
		groups := plan.provinces
		if year <= plan.last {
			groups = plan.groupsOf(year)
		}
		for _, g := range groups {
			fw, err := plan.inForce(g, year)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range g.units {
				out[unitYear{u, year}] = fw
			}
		}
	}
	return out
}

// TestNationalLists checks the full reference tables against the registry and the crosswalk,
// without generating scores.
func TestNationalLists(t *testing.T) {
	ds, plan, err := National(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	units, links, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ds.Units, units) {
		t.Errorf("%d units, want the registry's %d in its order", len(ds.Units), len(units))
	}
	if !reflect.DeepEqual(ds.Lineage, links) {
		t.Errorf("%d lineage links, want the registry's %d in its order", len(ds.Lineage), len(links))
	}
	count := map[string]int{}
	kinds := map[string]string{}
	for _, u := range ds.Units {
		if u.List == listBefore || u.List == listAfter {
			count[fmt.Sprintf("%s/%d", u.List, u.Level)]++
		}
		kinds[u.ID()] = fmt.Sprintf("%s/%d", u.List, u.Level)
	}
	want := map[string]int{"2025-03-01/1": 63, "2025-03-01/2": 696, "2025-03-01/3": 10047, "2025-07-01/1": 34, "2025-07-01/2": 3321}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("units of the last lists by list and level = %v, want %v", count, want)
	}

	crosswalk, err := ReadFacts("data/vn-crosswalk-2025-07-01.csv")
	if err != nil {
		t.Fatal(err)
	}
	successors := map[string]int{}
	predecessors := map[string]int{}
	partial, reorganised := 0, 0
	for _, l := range ds.Lineage {
		if l.Change != ChangeReorganised {
			continue
		}
		reorganised++
		if kinds[l.Predecessor] == "" || kinds[l.Successor] != "2025-07-01/2" {
			t.Fatalf("link %s -> %s: unknown unit", l.Predecessor, l.Successor)
		}
		successors[l.Predecessor]++
		predecessors[l.Successor]++
		if l.Coverage == "PARTIAL" {
			partial++
		}
	}
	if reorganised != len(crosswalk) {
		t.Errorf("%d links of the reorganisation, the crosswalk has %d", reorganised, len(crosswalk))
	}
	for _, u := range ds.Units {
		if u.List == listBefore && u.Level == 3 && successors[u.ID()] == 0 {
			t.Errorf("old commune %s %s is not mapped", u.ID(), u.Name)
		}
		if u.List == listAfter && u.Level == 2 && predecessors[u.ID()] == 0 {
			t.Errorf("new commune %s %s has no predecessor", u.ID(), u.Name)
		}
	}
	if partial == 0 {
		t.Error("no PARTIAL links")
	}
	for _, l := range ds.Lineage {
		if l.Coverage == "PARTIAL" && l.Change == ChangeReorganised && successors[l.Predecessor] < 2 {
			t.Errorf("%s is split (PARTIAL) but has %d successor", l.Predecessor, successors[l.Predecessor])
			break
		}
	}

	news := 0
	for _, g := range plan.provinces {
		news += len(g.units)
	}
	if news != 3321 {
		t.Errorf("the generator scores %d new communes, want 3321", news)
	}
}

// TestInForce: the framework in force for a unit is its nearest issuer's (its parent, then its
// province, matched by code), the latest begun by the year, else the latest of issuer "".
func TestInForce(t *testing.T) {
	fws := []Framework{
		{ID: "vn-2005", FirstYear: 2005},
		{ID: "vn-2016", FirstYear: 2016},
		{ID: "province-2018", Issuer: "04@2025-03-01", FirstYear: 2018},
		{ID: "province-2021", Issuer: "04@2025-03-01", FirstYear: 2021},
		{ID: "district-2020", Issuer: "045@2025-03-01", FirstYear: 2020},
		{ID: "province-2025", Issuer: "04@2025-07-01", FirstYear: 2025},
	}
	tests := []struct {
		parent, province string
		year             int
		want             string
	}{
		{"045@2025-03-01", "04@2025-03-01", 2010, "vn-2005"},       // before any issuer's
		{"045@2025-03-01", "04@2025-03-01", 2016, "vn-2016"},       // the latest of ""
		{"045@2025-03-01", "04@2025-03-01", 2019, "province-2018"}, // the province's before the district's began
		{"045@2025-03-01", "04@2025-03-01", 2020, "district-2020"}, // the district's before the province's later one
		{"045@2020-02-01", "04@2025-03-01", 2024, "district-2020"}, // an earlier version of the district
		{"046@2025-03-01", "04@2025-03-01", 2022, "province-2021"}, // another district of the province
		{"04@2025-07-01", "04@2025-07-01", 2025, "province-2025"},  // a commune of the province after the reorganisation
		{"04@2025-03-01", "04@2025-03-01", 2024, "province-2021"},
		{"06@2025-07-01", "06@2025-07-01", 2025, "vn-2016"}, // another province
		{"061@2025-03-01", "06@2025-03-01", 2017, "vn-2016"},
	}
	for _, tt := range tests {
		got, ok := InForce(fws, tt.parent, tt.province, tt.year)
		if !ok || got.ID != tt.want {
			t.Errorf("InForce(%s, %s, %d) = %s, %v; want %s", tt.parent, tt.province, tt.year, got.ID, ok, tt.want)
		}
	}
	if got, ok := InForce(fws[2:], "061@2025-03-01", "06@2025-03-01", 2020); ok {
		t.Errorf("without a framework of issuer \"\", a unit of no issuer has %s", got.ID)
	}
	// A province of the reorganisation does not inherit the framework of the province whose code
	// it took: without its own, its communes are on the framework of issuer "".
	if got, _ := InForce(fws[:5], "04@2025-07-01", "04@2025-07-01", 2025); got.ID != "vn-2016" {
		t.Errorf("a commune of 04 in 2025 without the new province's framework: %s; want vn-2016", got.ID)
	}
}

// TestNationalFrameworks checks the frameworks of the full national dataset: the national ones
// where no issuer has its own, and the illustrative ones of provinces and districts, each whole
// (fields of 100 points, criteria, classes, components, bonus and penalty points, cohorts), each
// in force for the units it was made for, and every unit of every year scored on one.
func TestNationalFrameworks(t *testing.T) {
	ds, plan, err := National(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Unit{}
	for _, u := range ds.Units {
		byID[u.ID()] = u
	}
	newProvince := map[string]string{} // code -> name, in the list of 01/07/2025
	for _, u := range ds.Units {
		if u.List == listAfter && u.Level == 1 {
			newProvince[u.Code] = u.Name
		}
	}

	// Frameworks by issuer: their first years.
	want := map[string][]int{
		"": {2005, 2016}, haNoiOld: {2018}, haNoiNew: {2025}, caoBang: {2018, 2021}, quangNinh: {2016},
		haiDuong: {2019}, haiPhongOld: {2017}, kienAn: {2021}, haiPhongNew: {2025}, thanhHoa: {2017},
		ngheAn: {2019}, binhDuong: {2018}, hauGiang: {2019}, socTrang: {2020}, lamDongNew: {2025},
		KeSachDistrict: {2019, 2022}, CanThoCity: {2025},
	}
	got := map[string][]int{}
	ids := map[string]bool{}
	maxima := map[string]bool{}
	labels := map[string]bool{}
	var provinces, districts, satisfactions, adjusted, inPoints, cohorts int
	for _, fw := range ds.Frameworks {
		got[fw.Issuer] = append(got[fw.Issuer], fw.FirstYear)
		if ids[fw.ID] {
			t.Errorf("framework %s is listed twice", fw.ID)
		}
		ids[fw.ID] = true
		if fw.Decision != 0 && !slices.ContainsFunc(ds.Sources, func(s Source) bool { return s.ID == fw.Decision }) {
			t.Errorf("framework %s: decision source %d is not a source of the dataset", fw.ID, fw.Decision)
		}
		if !strings.Contains(fw.Name, "minh họa") {
			t.Errorf("framework %s: name %q does not say it is illustrative", fw.ID, fw.Name)
		}
		if fw.Issuer != "" {
			u, ok := byID[fw.Issuer]
			switch {
			case !ok:
				t.Errorf("framework %s: issuer %s is not a unit of the dataset", fw.ID, fw.Issuer)
			case u.Level == 1:
				provinces++
				// A pre-2025 province's framework reaches the units of its code after
				// 01/07/2025: that code must still be the same province's.
				if name, ok := newProvince[u.Code]; ok && u.List != listAfter && name != u.Name {
					t.Errorf("framework %s of %s would be in force for %s after 01/07/2025, which took its code", fw.ID, u.Name, name)
				}
			case u.Level == 2 && u.List != listAfter:
				districts++
			default:
				t.Errorf("framework %s: issuer %s %s is neither a province nor a district before 2025", fw.ID, u.ID(), u.Name)
			}
		}

		// Fields: the eight of the API in their order, then a satisfaction survey's; 100 points.
		var vector []string
		for i, f := range fw.Fields {
			switch {
			case i < len(FieldSlugs) && f.Slug != FieldSlugs[i], i >= len(FieldSlugs) && f.Slug != satisfaction:
				t.Errorf("framework %s: field %d is %s", fw.ID, i, f.Slug)
			}
			if len(f.Criteria) == 0 || f.NameVi == "" || f.NameEn == "" {
				t.Errorf("framework %s: field %s has %d criteria, names %q, %q", fw.ID, f.Slug, len(f.Criteria), f.NameVi, f.NameEn)
			}
			for _, c := range f.Criteria {
				if c.MaxCents <= 0 || c.Code == "" || c.Name == "" {
					t.Errorf("framework %s: criterion %+v", fw.ID, c)
				}
			}
			vector = append(vector, fmt.Sprint(f.MaxCents()))
		}
		maxima[strings.Join(vector, "/")] = true
		if fw.MaxCents() != 10000 {
			t.Errorf("framework %s: fields of %d cents, want 100 points", fw.ID, fw.MaxCents())
		}

		// Components: every field in one, the satisfaction survey's field alone in its own.
		if len(fw.Components) > 0 {
			satisfactions++
			parts := map[string]int64{}
			for _, f := range fw.Fields {
				if !slices.ContainsFunc(fw.Components, func(c Component) bool { return c.Slug == f.Component }) {
					t.Errorf("framework %s: field %s is in component %q, not one of the framework's", fw.ID, f.Slug, f.Component)
				}
				if (f.Slug == satisfaction) != (f.Component == satisfaction) {
					t.Errorf("framework %s: field %s is in component %s", fw.ID, f.Slug, f.Component)
				}
				parts[f.Component] += f.MaxCents()
			}
			if len(parts) != 2 || parts[satisfaction] < 3000 || parts[satisfaction] > 4000 {
				t.Errorf("framework %s: components of %v cents, want an appraisal and a satisfaction survey of 30 to 40 points", fw.ID, parts)
			}
		} else if fw.FieldIndex(satisfaction) >= 0 {
			t.Errorf("framework %s: a satisfaction field without components", fw.ID)
		}

		// Bonus and penalty points.
		kinds := map[string]int{}
		for _, a := range fw.Adjustments {
			kinds[a.Kind]++
			if a.MaxCents <= 0 || a.Code == "" || a.Name == "" || fw.FieldIndex(a.Code) >= 0 {
				t.Errorf("framework %s: adjustment %+v", fw.ID, a)
			}
		}
		if len(fw.Adjustments) > 0 {
			adjusted++
			if kinds[AdjustmentBonus] == 0 || kinds[AdjustmentPenalty] == 0 || len(kinds) != 2 {
				t.Errorf("framework %s: adjustments of kinds %v, want bonus and penalty points", fw.ID, kinds)
			}
		}

		// Classes: 3 to 5, best first, each with both labels; the last takes the rest.
		if n := len(fw.Bands); n < 3 || n > 5 {
			t.Errorf("framework %s has %d classes, want 3 to 5", fw.ID, n)
		}
		var names []string
		for i, b := range fw.Bands {
			names = append(names, b.LabelVi)
			if b.LabelVi == "" || b.LabelEn == "" || b.Code == "" || b.InPoints != fw.Bands[0].InPoints {
				t.Errorf("framework %s: class %+v", fw.ID, b)
			}
			if i > 0 && b.Min >= fw.Bands[i-1].Min {
				t.Errorf("framework %s: class %s from %v after %s from %v", fw.ID, b.Code, b.Min, fw.Bands[i-1].Code, fw.Bands[i-1].Min)
			}
		}
		labels[strings.Join(names, " / ")] = true
		if len(fw.Bands) > 0 && fw.Bands[0].InPoints {
			inPoints++
		}

		// Cohorts: every kind of unit under the issuer in exactly one.
		if len(fw.Cohorts) > 0 {
			cohorts++
			code, _, _ := strings.Cut(fw.Issuer, "@")
			n := 0
			for _, u := range ds.Units {
				if u.List != listAfter || u.ParentCode != code {
					continue
				}
				n++
				in := 0
				for _, c := range fw.Cohorts {
					if slices.Contains(c.Kinds, u.Kind) {
						in++
					}
				}
				if in != 1 {
					t.Errorf("framework %s: %s %s (%s) is in %d cohorts", fw.ID, u.ID(), u.Name, u.Kind, in)
				}
			}
			if n == 0 {
				t.Errorf("framework %s has cohorts but no units", fw.ID)
			}
		}
	}
	for _, years := range got {
		slices.Sort(years)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("first years by issuer = %v\nwant %v", got, want)
	}
	if provinces < 12 || districts < 2 || satisfactions < 3 || adjusted < 3 || inPoints != 1 || cohorts != 1 || len(maxima) < 12 || len(labels) < 5 {
		t.Errorf("%d frameworks of provinces, %d of districts, %d with a satisfaction survey, %d with bonus and penalty points, "+
			"%d with thresholds in points, %d with cohorts, %d sets of field maxima, %d sets of classes; want at least 12, 2, 3, 3, 1, 1, 12, 5",
			provinces, districts, satisfactions, adjusted, inPoints, cohorts, len(maxima), len(labels))
	}

	// The framework in force for units the frameworks were made for, and every unit of every
	// year scored on one.
	inForce := map[string]string{} // unit|year -> framework
	used := map[string]int{}
	for year := NationalFirstYear; year <= NationalNewYear; year++ {
		groups := plan.provinces
		if year <= NationalLastYear {
			groups = plan.groupsOf(year)
		}
		for _, g := range groups {
			fw, err := plan.inForce(g, year)
			if err != nil {
				t.Fatal(err)
			}
			used[fw.ID] += len(g.units)
			for _, u := range g.units {
				inForce[fmt.Sprintf("%s|%d", u, year)] = fw.ID
			}
		}
	}
	for _, fw := range ds.Frameworks {
		if used[fw.ID] == 0 {
			t.Errorf("framework %s is in force for no unit", fw.ID)
		}
	}
	for _, tt := range []struct {
		unit string
		year int
		want string
	}{
		{"31564@2025-03-01", 2021, "ke-sach-2019"},     // An Mỹ, Kế Sách: its district's
		{"31564@2025-03-01", 2023, "ke-sach-962-2022"}, // replaced in 2022, and nearer than Sóc Trăng's
		{"31564@2025-03-01", 2018, "vn-minh-hoa-2016"}, // before the district's and Sóc Trăng's
		{"31528@2025-07-01", 2025, "can-tho-2025"},     // Xã Kế Sách, Cần Thơ
		{"11431@2025-03-01", 2020, "hai-phong-2017"},   // Đồng Hoà, Kiến An: the province's
		{"11431@2025-03-01", 2022, "kien-an-2021"},     // then its district's
	} {
		if got := inForce[fmt.Sprintf("%s|%d", tt.unit, tt.year)]; got != tt.want {
			t.Errorf("%s in %d: framework %q, want %q", tt.unit, tt.year, got, tt.want)
		}
	}
	// Every commune of a province with a framework, outside its districts with their own, is
	// scored on it; Hải Phòng's and Hà Nội's of 2025 on theirs, and Cao Bằng's, whose province of
	// 1 July 2025 issued none, on the framework of issuer "" (a province's framework does not
	// outlive the reorganisation).
	for _, tt := range []struct {
		province, want string
		year           int
	}{
		{"04", "cao-bang-2018", 2020}, {"04", "cao-bang-2021", 2021}, {"04", "vn-minh-hoa-2016", 2025},
		{"01", "ha-noi-2018", 2024}, {"01", "ha-noi-2025", 2025}, {"31", "hai-phong-2025", 2025},
		{"30", "hai-duong-2019", 2024}, {"74", "binh-duong-2018", 2018}, {"74", "vn-minh-hoa-2016", 2017},
		{"68", "lam-dong-2025", 2025}, {"79", "vn-minh-hoa-2016", 2025}, {"92", "vn-minh-hoa-2016", 2024},
	} {
		n := 0
		for key, fw := range inForce {
			unit, year, _ := strings.Cut(key, "|")
			u := byID[unit]
			if year != fmt.Sprint(tt.year) || provinceCode(byID, u) != tt.province || (u.List == listAfter) != (tt.year == NationalNewYear) {
				continue
			}
			n++
			if district := byID[u.ParentID()]; fw != tt.want && !(district.Code == "307" && fw == "kien-an-2021") {
				t.Errorf("%s %s in %d: framework %s, want %s", unit, u.Name, tt.year, fw, tt.want)
				break
			}
		}
		if n == 0 {
			t.Errorf("no unit of province %s in %d", tt.province, tt.year)
		}
	}
}

// provinceCode is the code of a unit's province.
func provinceCode(byID map[string]Unit, u Unit) string {
	for u.ParentCode != "" {
		u = byID[u.ParentID()]
	}
	return u.Code
}

// TestNationalYears: each year scores the communes of the official list in force at its end
// (the first list's for the years before it), ranked within the district versions of that
// year; a new commune starts from communes scored in the last year, its crosswalk
// predecessors formed on 01/01/2025 followed back to what they were.
func TestNationalYears(t *testing.T) {
	ds, plan, err := National(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	lists, err := Lists()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Unit{}
	for _, u := range ds.Units {
		byID[u.ID()] = u
	}
	// The figures the statistics office publishes, for a reader of this test.
	published := map[int]int{2017: 11162, 2018: 11162, 2019: 11055, 2020: 10614, 2021: 10599, 2022: 10599, 2023: 10598, 2024: 10472}
	scored := map[string]bool{}
	for year := NationalFirstYear; year <= NationalLastYear; year++ {
		end := fmt.Sprintf("%d-12-31", year)
		want := lists[0].Communes
		for _, l := range lists {
			if l.Date <= end {
				want = l.Communes
			}
		}
		n := 0
		for _, g := range plan.groupsOf(year) {
			d := byID[g.id]
			if d.Level != 2 || !validAtEnd(d.ValidFrom, d.ValidTo, year) {
				t.Errorf("%d: communes ranked under %s (level %d, %s to %s)", year, g.id, d.Level, d.ValidFrom, d.ValidTo)
			}
			for _, u := range g.units {
				if c := byID[u]; c.ParentID() != g.id || c.Level != 3 {
					t.Errorf("%d: %s (level %d, parent %s) ranked under %s", year, u, c.Level, c.ParentID(), g.id)
				}
				if year == NationalLastYear {
					scored[u] = true
				}
			}
			n += len(g.units)
		}
		if n != want {
			t.Errorf("%d: %d communes scored, the list in force at the end of the year has %d", year, n, want)
		}
		if p, ok := published[year]; ok && n != p {
			t.Errorf("%d: %d communes scored, %d published", year, n, p)
		}
	}

	crosswalk := map[string][]string{}
	for _, l := range ds.Lineage {
		if l.Change == ChangeReorganised {
			crosswalk[l.Successor] = append(crosswalk[l.Successor], l.Predecessor)
		}
	}
	walkedBack, without := 0, 0
	for _, g := range plan.provinces {
		for _, u := range g.units {
			if len(plan.preds[u]) == 0 {
				without++
				for _, p := range crosswalk[u] {
					if byID[p].Level != 2 {
						t.Errorf("%s has no scored predecessor, though it comes from %s (level %d)", u, p, byID[p].Level)
					}
				}
			}
			for _, p := range plan.preds[u] {
				if !scored[p] {
					t.Errorf("%s starts from %s, which has no %d score", u, p, NationalLastYear)
				}
				if byID[p].List != listBefore {
					walkedBack++
				}
			}
		}
	}
	if walkedBack == 0 {
		t.Error("no new commune starts from a commune changed on 01/01/2025")
	}
	if without != 5 {
		t.Errorf("%d new communes have no scored predecessor, want the 5 special zones made of island districts", without)
	}
}

// TestNationalScores checks the generator on the sample: the same scores on every run (and
// machine), every criterion of every unit and year within its maximum, a spread over the groups,
// and new communes that start from their predecessors.
func TestNationalScores(t *testing.T) {
	_, plan, rows := generateNational(t, nationalSample)
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

	frameworks := frameworksInForce(t, plan)
	// Each criterion of the framework in force for the unit, within its range: 0 to its maximum,
	// a bonus too, a penalty 0 or below, down to minus its maximum.
	criteria := map[unitYear]int{}
	totals := map[unitYear]int64{}
	adjusted := map[string]int{}
	for _, r := range rows {
		k := unitYear{r.UnitID, r.Year}
		fw, ok := frameworks[k]
		if !ok {
			t.Fatalf("%d %s: scored, but not a unit of the year", r.Year, r.UnitID)
		}
		lo, hi, kind := int64(-1), int64(-1), "SCORE"
		for _, f := range fw.Fields {
			for _, c := range f.Criteria {
				if c.Code == r.Criterion {
					lo, hi = 0, c.MaxCents
				}
			}
		}
		for _, a := range fw.Adjustments {
			if a.Code == r.Criterion {
				lo, hi, kind = 0, a.MaxCents, a.Kind
				if a.Kind == AdjustmentPenalty {
					lo, hi = -a.MaxCents, 0
				}
			}
		}
		if hi < 0 {
			t.Fatalf("%d %s: criterion %s is not in framework %s", r.Year, r.UnitID, r.Criterion, fw.ID)
		}
		if r.Cents < lo || r.Cents > hi {
			t.Fatalf("%d %s %s (%s of %s): %d cents, want %d to %d", r.Year, r.UnitID, r.Criterion, kind, fw.ID, r.Cents, lo, hi)
		}
		if r.Cents != 0 && kind != "SCORE" {
			adjusted[kind]++
		}
		criteria[k]++
		totals[k] += r.Cents
	}
	if adjusted[AdjustmentBonus] < 50 || adjusted[AdjustmentPenalty] < 20 {
		t.Errorf("%v bonus and penalty scores not 0, want at least 50 and 20", adjusted)
	}
	used := map[string]bool{}
	for k, n := range criteria {
		fw := frameworks[k]
		used[fw.ID] = true
		want := len(fw.Adjustments)
		for _, f := range fw.Fields {
			want += len(f.Criteria)
		}
		if n != want {
			t.Fatalf("%s in %d has %d criteria, want framework %s's %d", k.unit, k.year, n, fw.ID, want)
		}
	}
	if want := []string{"can-tho-2025", "hau-giang-2019", "ke-sach-962-2022", "soc-trang-2020", "vn-minh-hoa-2016"}; !reflect.DeepEqual(slices.Sorted(maps.Keys(used)), want) {
		t.Errorf("the sample is scored on %v, want %v", slices.Sorted(maps.Keys(used)), want)
	}
	var olds, news int
	for y := nationalSample.firstYear; y <= NationalLastYear; y++ {
		for _, g := range plan.groupsOf(y) {
			olds += len(g.units)
		}
	}
	for _, g := range plan.provinces {
		news += len(g.units)
	}
	if want := olds + news; len(criteria) != want {
		t.Errorf("%d units × years scored, want %d", len(criteria), want)
	}

	// Every framework has 100 points: a total in cents is a percent × 100.
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
// the sample stands for the full
func TestNationalReduction(t *testing.T) {
	_, _, sample := generateNational(t, nationalSample)
	_, _, alone := generateNational(t, nationalOptions{provinces: []string{"94"}, firstYear: NationalLastYear})
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

// TestNationalContinuity: a commune renamed, made a phường or moved to another district keeps
// its traits, so its total goes on from one year to the next like any other commune's: the
// national change, plus a yearly shock that moves a target by at most 3 points and persistent
// trends of at most 0.4 a year. A commune given fresh traits would jump by several points (its
// own level alone has a standard deviation of 5). So does a commune whose framework changes
// (Cao Bằng's in 2018 and 2021, Hải Phòng's in 2017, Kiến An's with its satisfaction survey in
// 2021): its total is a percent of whichever maximum.
func TestNationalContinuity(t *testing.T) {
	// Huế, which grew in 2021, Bà Rịa - Vũng Tàu, Cao Bằng and Hải Phòng.
	ds, plan, err := National([]string{"46", "77", "04", "31"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Unit{}
	for _, u := range ds.Units {
		byID[u.ID()] = u
	}
	key := map[string]string{}
	for _, c := range plan.communes {
		key[c.id] = c.key
	}
	frameworks := frameworksInForce(t, plan)
	type keyYear struct {
		key  string
		year int
	}
	totals := map[keyYear]float64{}
	version := map[keyYear]string{}
	if _, err := plan.Generate(context.Background(), func(rows []Score) error {
		if len(rows) == 0 || rows[0].Year > NationalLastYear {
			return nil
		}
		year := rows[0].Year
		for u, v := range totalsOf(rows, frameworks[unitYear{rows[0].UnitID, year}]) {
			totals[keyYear{key[u], year}] = v
			version[keyYear{key[u], year}] = u
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	changes := map[string]int{}
	for k, v := range totals {
		next := keyYear{k.key, k.year + 1}
		w, ok := totals[next]
		fwBefore, fwAfter := frameworks[unitYear{version[k], k.year}], frameworks[unitYear{version[next], next.year}]
		if !ok || version[next] == version[k] && fwBefore.ID == fwAfter.ID {
			continue
		}
		before, after := byID[version[k]], byID[version[next]]
		switch {
		case before.ParentCode != after.ParentCode:
			changes["moved"]++
		case before.Name != after.Name:
			changes["renamed"]++
		case fwBefore.ID != fwAfter.ID && fwAfter.Issuer != "":
			changes["framework "+fwAfter.ID]++
		default:
			changes["other"]++
		}
		national := nationalMean(plan.reference[next.year], next.year) - nationalMean(plan.reference[k.year], k.year)
		if d := w - v - national; math.Abs(d) > 3.5 {
			t.Errorf("%s %s scores %.2f in %d (%s), %s %s %.2f in %d (%s): %+.2f beyond the national change",
				before.ID(), before.Name, v, k.year, fwBefore.ID, after.ID(), after.Name, w, next.year, fwAfter.ID, d)
		}
	}
	for _, c := range []string{"moved", "renamed", "framework cao-bang-2018", "framework cao-bang-2021", "framework hai-phong-2017", "framework kien-an-2021"} {
		if changes[c] == 0 {
			t.Errorf("changes between two year ends = %v, want %s", changes, c)
		}
	}
}
