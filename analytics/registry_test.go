package analytics

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics/dataset"
)

// TestRegistryRebuildsEveryList checks the units a default database holds against the official
// lists they were built from: the units valid on each list's date, as rows of that list, hash to
// the SHA-256 the list's file had (recorded by cmd/registry), and count as many provinces,
// districts and communes. A version cut one list short or a parent pointing at the wrong version
// changes a hash.
func TestRegistryRebuildsEveryList(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	lists, err := dataset.Lists()
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 32 || lists[0].Date != "2017-12-13" || lists[31].Date != "2025-03-01" {
		t.Fatalf("lists %d, want the 32 lists from 2017-12-13 to 2025-03-01", len(lists))
	}
	for _, l := range lists {
		var lines []string
		n := map[int]int{}
		err := each(ctx, s.db, `
SELECT u.code, u.name, u.kind, u.level, coalesce(p.code, '')
FROM units u LEFT JOIN units p ON p.id = u.parent_id
WHERE u.list <= '2025-03-01' AND coalesce(u.valid_from, DATE '0001-01-01') <= '`+l.Date+`'::DATE
  AND '`+l.Date+`'::DATE <= coalesce(u.valid_to, DATE '9999-12-31')`, func(rows *sql.Rows) error {
			var code, name, kind, parent string
			var level int
			if err := rows.Scan(&code, &name, &kind, &level, &parent); err != nil {
				return err
			}
			n[level]++
			lines = append(lines, strings.Join([]string{code, name, kind, fmt.Sprint(level), parent}, ","))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(lines)
		h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		if got := hex.EncodeToString(h[:]); got != l.SHA256 {
			t.Errorf("list %s rebuilt from the units differs from the official file", l.Date)
		}
		if n[1] != l.Provinces || n[2] != l.Districts || n[3] != l.Communes {
			t.Errorf("list %s: %d provinces, %d districts, %d communes; the file has %d, %d, %d",
				l.Date, n[1], n[2], n[3], l.Provinces, l.Districts, l.Communes)
		}
	}
}

// TestUnitsThroughTime checks the counts of communes at the end of each year and a move with its
// date (TestImportByYearsList and TestUnitsSearchByYear check the units of Quảng Hòa).
func TestUnitsThroughTime(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	// Communes at the end of each year, as the lists published them.
	for year, want := range map[int]int{2018: 11162, 2019: 11055, 2020: 10614, 2021: 10599, 2022: 10599, 2023: 10598, 2024: 10472} {
		n := 0
		for _, u := range s.refs.Load().units {
			if u.level == 3 && u.existed(year) {
				n++
			}
		}
		if n != want {
			t.Errorf("%d: %d communes, want %d", year, n, want)
		}
	}
	// Xã Quốc Toản moved from huyện Trà Lĩnh (046) to huyện Quảng Hòa on 2020-03-01.
	u, err := s.Unit(ctx, "01474", ptr(2021))
	if err != nil {
		t.Fatal(err)
	}
	moved := false
	for _, l := range u.History() {
		if l.Change == "MOVED" && l.Effective == "2020-03-01" && *l.Predecessor.Parent == "046" && *l.Successor.Parent == "049" &&
			l.Certainty == CertaintyEstablished {
			moved = true
		}
	}
	if !moved || u.ValidFrom == nil || *u.ValidFrom != "2020-03-01" {
		t.Errorf("01474 in 2021: from %v, history %+v; want moved from 046 to 049 on 2020-03-01", u.ValidFrom, u.History())
	}
}

// TestCurrentThroughUncertainLinks builds a history in a test release: commune a merged into b
// in 2020 by a receiver the lists do not establish (INFERRED), d merged into one of b or e
// (CANDIDATE), and b became c on 2025-07-01. c's trend under CURRENT carries a and b in 2019
// and says INFERRED, b alone in 2024 (established), never d; as published, b's history is its
// own.
func TestCurrentThroughUncertainLinks(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	fw := dataset.Framework{ID: "t", Name: "test", FirstYear: 2019, Bands: dataset.DefaultBands, Fields: []dataset.Field{
		{Slug: "a", NameVi: "A", NameEn: "A", Criteria: []dataset.Criterion{{Code: "1", Name: "one", MaxCents: 10000}}},
	}}
	unit := func(code, list, from, to string, level int, parent string) dataset.Unit {
		return dataset.Unit{Code: code, List: list, Name: "Xã " + code, ShortName: code, Kind: "Xã", Level: level, ParentCode: parent, ValidFrom: from, ValidTo: to}
	}
	ds := &dataset.Dataset{
		Sources: []dataset.Source{{ID: 10, Kind: "ILLUSTRATIVE", Title: "t"}},
		Units: []dataset.Unit{
			unit("P", "t", "", "2025-06-30", 2, ""), unit("Q", "u", "2025-07-01", "", 1, ""),
			unit("a", "t", "", "2019-12-31", 3, "P"), unit("d", "t", "", "2019-12-31", 3, "P"),
			unit("b", "t", "", "2025-06-30", 3, "P"), unit("e", "t", "", "2025-06-30", 3, "P"),
			unit("c", "u", "2025-07-01", "", 2, "Q"),
		},
		Lineage: []dataset.Lineage{
			{Predecessor: "a@t", Successor: "b@t", Effective: "2020-01-01", Coverage: "FULL", Change: "MERGED", Certainty: "INFERRED", Basis: "shares a syllable"},
			{Predecessor: "d@t", Successor: "b@t", Effective: "2020-01-01", Coverage: "FULL", Change: "MERGED", Certainty: "CANDIDATE"},
			{Predecessor: "d@t", Successor: "e@t", Effective: "2020-01-01", Coverage: "FULL", Change: "MERGED", Certainty: "CANDIDATE"},
			{Predecessor: "b@t", Successor: "c@u", Effective: "2025-07-01", Coverage: "FULL", Change: "REORGANISED", Certainty: "ESTABLISHED"},
		},
		Frameworks: []dataset.Framework{fw},
	}
	for _, sc := range []struct {
		year  int
		unit  string
		cents int64
	}{{2019, "a@t", 6000}, {2019, "b@t", 8000}, {2019, "d@t", 1000}, {2019, "e@t", 5000}, {2024, "b@t", 9000}, {2024, "e@t", 5000}, {2025, "c@u", 9500}} {
		ds.Scores = append(ds.Scores, dataset.Score{Year: sc.year, UnitID: sc.unit, Criterion: "1", Cents: sc.cents})
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sources WHERE id = 10`); err != nil {
		t.Fatal(err)
	}
	if err := s.load(ctx, ds, "test"); err != nil {
		t.Fatal(err)
	}
	current := BoundaryCurrent
	series, err := s.Trend(ctx, TrendQuery{Units: []string{"c@u"}, From: ptr(2019), To: ptr(2025), Boundary: &current})
	if err != nil {
		t.Fatal(err)
	}
	se := series[0]
	got := func(k int) string {
		if se.Values[k] == nil {
			return string(se.Status[k])
		}
		return fmt.Sprintf("%.0f %s %s %v", *se.Values[k], *se.Coverage[k], *se.Certainty[k], se.Contributors[k])
	}
	for k, want := range map[int]string{
		0: "70 FULL INFERRED [a@t b@t]", // the mean of a and b; d is only a candidate of b
		5: "90 FULL ESTABLISHED [b@t]",
		6: "95 FULL ESTABLISHED [c@u]",
	} {
		if got(k) != want {
			t.Errorf("%d: %s, want %s", se.Years[k], got(k), want)
		}
	}
	// The same through a change and a ranking.
	changes, err := s.Changes(ctx, ChangesQuery{From: 2019, To: 2025, Boundary: &current, Parent: ptr("Q")})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes.Units) != 1 || changes.Units[0].Certainty != CertaintyInferred || changes.Summary.Inferred != 1 {
		t.Errorf("changes 2019–2025 = %+v, want c's change marked INFERRED", changes.Units)
	}
	// c's history: b, then a (inferred) and the candidate link of d.
	u, err := s.Unit(ctx, "c@u", nil)
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	for _, l := range u.History() {
		links = append(links, fmt.Sprintf("%s>%s %s %s", l.Predecessor.Code, l.Successor.Code, l.Change, l.Certainty))
	}
	want := []string{"b>c REORGANISED ESTABLISHED", "a>b MERGED INFERRED", "d>b MERGED CANDIDATE"}
	if !slices.Equal(links, want) {
		t.Errorf("history of c = %v, want %v", links, want)
	}
	// Candidates are not successors: d became nothing certain.
	d, err := s.Unit(ctx, "d@t", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Successors()) != 0 || len(d.Lineage()) != 2 {
		t.Errorf("d: successors %v, lineage %d links; want none and the two candidates", d.Successors(), len(d.Lineage()))
	}
}

// TestOpenBringsUnitsUpToTheRegistry opens a database written before the registry (the units its
// data named, Kế Sách's and their ancestors, and their 2025 links only) and checks that opening it
// adds the rest of the registry in one new release, corrects the units it had, and keeps every
// result: the 2023 ranking answers as before.
func TestOpenBringsUnitsUpToTheRegistry(t *testing.T) {
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
		// What the default data held before the registry: the units its scores and links name.
		`CREATE TABLE kept AS SELECT DISTINCT unit_id AS id FROM scores
		 UNION SELECT predecessor_id FROM lineage WHERE successor_id IN (SELECT unit_id FROM scores)
		 UNION SELECT successor_id FROM lineage WHERE predecessor_id IN (SELECT unit_id FROM scores)`,
		`INSERT INTO kept SELECT DISTINCT parent_id FROM units WHERE id IN (SELECT id FROM kept) AND parent_id IS NOT NULL`,
		`INSERT INTO kept SELECT DISTINCT parent_id FROM units WHERE id IN (SELECT id FROM kept) AND parent_id IS NOT NULL`,
		`DELETE FROM lineage WHERE predecessor_id NOT IN (SELECT id FROM kept) OR successor_id NOT IN (SELECT id FROM kept) OR change <> 'REORGANISED'`,
		`DELETE FROM units WHERE id NOT IN (SELECT id FROM kept)`,
		`UPDATE units SET valid_from = NULL WHERE list = '2025-03-01'`,
		`UPDATE lineage SET basis = NULL`,
		`DELETE FROM registry_version`,
		`DROP TABLE kept`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var units, release int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM units), (SELECT max(id) FROM releases)`).Scan(&units, &release); err != nil {
		t.Fatal(err)
	}
	if units > 40 {
		t.Fatalf("%d units left: the test should keep only the default data's", units)
	}
	s.Close()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var version, description string
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM units)::VARCHAR || ' ' || (SELECT count(*) FROM lineage)::VARCHAR || ' ' ||
		(SELECT max(version) FROM registry_version)::VARCHAR, (SELECT description FROM releases WHERE id = ?)`, release+1).Scan(&version, &description); err != nil {
		t.Fatal(err)
	}
	all, links, _ := dataset.Registry()
	if want := fmt.Sprintf("%d %d %d", len(all), len(links), registryVersion); version != want || description != registryRelease {
		t.Errorf("after opening: units, links and registry version %s, release %d %q; want %s and the registry's release", version, release+1, description, want)
	}
	after, err := s.Ranking(ctx, RankingQuery{Year: 2023, WithFields: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("the 2023 ranking changed when the units were brought up to the registry")
	}
	// Opening again changes nothing.
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.Release(); got != int64(release+1) {
		t.Errorf("release %d after a second opening, want %d", got, release+1)
	}
}
