package dataset

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"reflect"
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
const nationalSampleChecksum = "8a20311d48876845"

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

	if len(ds.Frameworks) != 2 {
		t.Fatalf("%d frameworks, want 2", len(ds.Frameworks))
	}
	reference := fieldsWith(200, 300)
	for _, fw := range ds.Frameworks {
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
	for y := NationalFirstYear; y <= NationalNewYear; y++ {
		if _, ok := Latest(ds.Frameworks, y); !ok {
			t.Errorf("no framework in force in %d", y)
		}
	}
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
	for y := NationalFirstYear; y <= NationalNewYear; y++ {
		fw, _ := Latest(ds.Frameworks, y)
		for _, f := range fw.Fields {
			for _, c := range f.Criteria {
				maxCents[fmt.Sprintf("%d|%s", y, c.Code)] = c.MaxCents
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
// own level alone has a standard deviation of 5).
func TestNationalContinuity(t *testing.T) {
	ds, plan, err := National([]string{"46", "77"}, 0) // Huế, which grew in 2021, and Bà Rịa - Vũng Tàu
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
		for u, v := range totalsOf(rows, plan.frameworks[year]) {
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
		if !ok || version[next] == version[k] {
			continue
		}
		before, after := byID[version[k]], byID[version[next]]
		switch {
		case before.ParentCode != after.ParentCode:
			changes["moved"]++
		case before.Name != after.Name:
			changes["renamed"]++
		default:
			changes["other"]++
		}
		national := nationalMean(plan.frameworks[next.year], next.year) - nationalMean(plan.frameworks[k.year], k.year)
		if d := w - v - national; math.Abs(d) > 3.5 {
			t.Errorf("%s %s scores %.2f in %d, %s %s %.2f in %d: %+.2f beyond the national change",
				before.ID(), before.Name, v, k.year, after.ID(), after.Name, w, next.year, d)
		}
	}
	if changes["moved"] == 0 || changes["renamed"] == 0 {
		t.Errorf("changes between two year ends = %v, want communes moved and renamed", changes)
	}
}
