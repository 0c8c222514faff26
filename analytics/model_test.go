package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
)

// TestReadModelMatchesDerivedTables compares every row and field value of the in-memory model
// with the derived tables it is read from, for every year and both boundaries.
func TestReadModelMatchesDerivedTables(t *testing.T) {
	s := openDefault(t)
	ctx := context.Background()
	r := s.refs.Load()
	for _, b := range []Boundary{BoundaryAsPublished, BoundaryCurrent} {
		tbl := (&b).tables()
		for _, year := range r.years {
			set, err := s.results(ctx, r, year, &b)
			if err != nil {
				t.Fatal(err)
			}
			type total struct {
				points, percent float64
				rank            int
				group           string
				source          int
				coverage        Coverage
			}
			want := map[string]total{}
			err = each(ctx, s.db, fmt.Sprintf(`SELECT unit_id, points, percent, rank, coalesce(group_code, ''), source_id, %s
				FROM %s WHERE year = %d`, tbl.coverage, tbl.results, year), func(rows *sql.Rows) error {
				var id string
				var v total
				if err := rows.Scan(&id, &v.points, &v.percent, &v.rank, &v.group, &v.source, &v.coverage); err != nil {
					return err
				}
				want[id] = v
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(set.rows) != len(want) || len(want) == 0 {
				t.Fatalf("%s %d: %d rows in memory, %d in %s", b, year, len(set.rows), len(want), tbl.results)
			}
			for _, row := range set.rows {
				got := total{row.points, row.percent, row.rank, row.group, row.source, row.coverage}
				if got != want[row.unit.id] {
					t.Errorf("%s %d %s: memory %+v, table %+v", b, year, row.unit.id, got, want[row.unit.id])
				}
			}
			fields := 0
			err = each(ctx, s.db, fmt.Sprintf(`SELECT unit_id, field_slug, points, max_points, percent, rank FROM %s WHERE year = %d`,
				tbl.fields, year), func(rows *sql.Rows) error {
				var id, slug string
				var v fieldValue
				if err := rows.Scan(&id, &slug, &v.points, &v.max, &v.percent, &v.rank); err != nil {
					return err
				}
				v.ok = true
				fields++
				i, k := set.row(r.units[id]), set.field(slug)
				if i < 0 || k < 0 || set.value(i, k) != v {
					t.Errorf("%s %d %s %s: table %+v, not in memory", b, year, id, slug, v)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			present := 0
			for _, v := range set.values {
				if v.ok {
					present++
				}
			}
			if present != fields {
				t.Errorf("%s %d: %d field values in memory, %d in %s", b, year, present, fields, tbl.fields)
			}
		}
	}
}

// TestReadModelConcurrentFirstReads has many requests need the same unread years at once (the
// background warm-up racing them) and checks they all get the answer read alone.
func TestReadModelConcurrentFirstReads(t *testing.T) {
	ctx := context.Background()
	want := func(s *Store) []any {
		trend, err1 := s.Trend(ctx, TrendQuery{Units: []string{"31564"}})
		ranking, err2 := s.Ranking(ctx, RankingQuery{Year: 2023, WithFields: true})
		changes, err3 := s.Changes(ctx, ChangesQuery{From: 2022, To: 2023})
		return []any{trend, ranking, changes, err1, err2, err3}
	}
	alone := want(openDefault(t))
	s := openDefault(t)
	var wg sync.WaitGroup
	got := make([][]any, 8)
	for i := range got {
		wg.Go(func() { got[i] = want(s) })
	}
	wg.Wait()
	for i, g := range got {
		if !reflect.DeepEqual(g, alone) {
			t.Errorf("request %d answered differently from a request alone", i)
		}
	}
}

// TestChangeColumnsAreTheRows checks the columnar form against the rows, value by value.
func TestChangeColumnsAreTheRows(t *testing.T) {
	s := openDefault(t)
	ch, err := s.Changes(context.Background(), ChangesQuery{From: 2024, To: 2025, Boundary: ptr(BoundaryCurrent)})
	if err != nil {
		t.Fatal(err)
	}
	cols := ch.Columns()
	if len(cols.Unit) != len(ch.Units) || len(ch.Units) == 0 {
		t.Fatalf("%d columns rows for %d units", len(cols.Unit), len(ch.Units))
	}
	for i, u := range ch.Units {
		row := []any{u.Unit.ID, u.Status, u.PercentFrom, u.PercentTo, u.Change, u.RankChange, groupCode(u.GroupTo)}
		col := []any{cols.Unit[i], cols.Status[i], cols.PercentFrom[i], cols.PercentTo[i], cols.Change[i], cols.RankChange[i], cols.GroupTo[i]}
		if !reflect.DeepEqual(row, col) {
			t.Errorf("row %d: %v, columns %v", i, row, col)
		}
	}
}

// TestRankingColumnsAreTheRows checks the columnar ranking against the rows, value by value: by
// total and by field, as published and current, with and without fields.
func TestRankingColumnsAreTheRows(t *testing.T) {
	s := openDefault(t)
	ctx := context.Background()
	for _, q := range []RankingQuery{
		{Year: 2023, Parent: ptr("943"), WithFields: true},
		{Year: 2023, Field: ptr("public_finance"), WithFields: true},
		{Year: 2023, Boundary: ptr(BoundaryCurrent), WithFields: true},
		{Year: 2025},
	} {
		rows, err := s.Ranking(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := s.RankingColumns(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || len(cols.Unit) != len(rows) {
			t.Fatalf("%+v: %d rows in columns for %d rows", q, len(cols.Unit), len(rows))
		}
		if fields := len(s.refs.Load().yearFields(q.Year)); q.WithFields && len(cols.Fields) != fields || !q.WithFields && len(cols.Fields) != 0 {
			t.Fatalf("%+v: %d field columns, framework has %d", q, len(cols.Fields), fields)
		}
		for i, r := range rows {
			row := []any{r.Unit.ID, r.Unit.Code, r.Unit.Name, r.Unit.ShortName, r.Unit.Parent, r.Points, r.MaxPoints, r.Percent, r.Rank, r.Group.Code, r.Coverage}
			col := []any{cols.Unit[i], cols.Code[i], cols.Name[i], cols.ShortName[i], cols.Parent[i], cols.Points[i], cols.MaxPoints[i],
				cols.Percent[i], cols.Rank[i], cols.Group[i], cols.Coverage[i]}
			if !reflect.DeepEqual(row, col) {
				t.Errorf("%+v row %d: %v, columns %v", q, i, row, col)
			}
			// Each field the row has is in its column; the column is null for the others.
			seen := 0
			for _, fc := range cols.Fields {
				k := slices.IndexFunc(r.Fields, func(f FieldResult) bool { return f.Field == fc.Field })
				if k < 0 {
					if fc.Points[i] != nil || fc.Percent[i] != nil || fc.Rank[i] != nil {
						t.Errorf("%+v row %d: %s has a value in columns and none in the row", q, i, fc.Field.Slug)
					}
					continue
				}
				seen++
				f := r.Fields[k]
				if fc.Points[i] == nil || *fc.Points[i] != f.Points || *fc.Percent[i] != f.Percent || *fc.Rank[i] != f.Rank {
					t.Errorf("%+v row %d field %s: columns differ from %+v", q, i, f.Field.Slug, f)
				}
			}
			if seen != len(r.Fields) {
				t.Errorf("%+v row %d: %d of its %d fields in columns", q, i, seen, len(r.Fields))
			}
		}
	}
}

// TestImportKeepsTheOtherYears: after an import of 2024, the read model keeps the other years it
// had read, moved onto the new release's units, and every year answers as a fresh read does.
func TestImportKeepsTheOtherYears(t *testing.T) {
	s := openDefault(t)
	ctx := context.Background()
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	before := s.refs.Load()
	old2023 := before.model.years[2023].sets.Load()
	if _, err := s.Import(ctx, illustrativeRequest(), readCorpus(t, corpusAnnex)); err != nil {
		t.Fatal(err)
	}
	r := s.refs.Load()
	if r == before {
		t.Fatal("the import made no new release")
	}
	// Kept, not read again: the moved rows share their lists of contributors with the old ones.
	kept, shared := r.model.years[2023].sets.Load(), 0
	for _, o := range old2023[1].rows {
		if kept == nil || len(o.contributors) == 0 {
			continue
		}
		if k := kept[1].rows[kept[1].row(r.units[o.unit.id])]; &k.contributors[0] == &o.contributors[0] {
			shared++
		}
	}
	if shared == 0 {
		t.Fatalf("2023 was read again, not kept from the model of the release before the import")
	}
	for _, year := range r.years {
		fresh, err := s.readYear(ctx, r, year)
		if err != nil {
			t.Fatal(err)
		}
		for i := range fresh {
			set, err := s.results(ctx, r, year, &[]Boundary{BoundaryAsPublished, BoundaryCurrent}[i])
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(set, fresh[i]) {
				t.Errorf("%d, boundary %d: the model differs from a fresh read", year, i)
			}
			for _, row := range set.rows {
				if row.unit != r.units[row.unit.id] {
					t.Fatalf("%d: row of %s points at a unit of an earlier release", year, row.unit.id)
				}
			}
		}
	}
}
