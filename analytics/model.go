package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// The read model holds the derived results of one data release in memory, a year at a time:
// ranking, trend and changes answer from it without a statement. At national scale DuckDB
// answered their point reads in 0.8–2.7 ms at best (a prepared statement over a narrow, sorted
// table); from memory they take microseconds. So do compare, the group distribution and, once
// the year's criterion scores are read (scores.go), the drill-down. DuckDB stays the store, the
// source of every number here, and answers aggregates and exports.
//
// A year is read on first use and kept until the next release; after each refresh a goroutine
// reads every year, newest first, so that requests rarely wait. National data holds about
// 20,000 unit-years per year (as published and under the current boundary) and reads in
// 60–120 ms a year.
type model struct {
	years map[int]*modelYear // every year with results, fixed when the release is read
}

// modelYear is one year of the model. sets is nil until the year has been read; a read that
// fails leaves it nil, so the next request tries again.
type modelYear struct {
	mu   sync.Mutex // held while reading
	sets atomic.Pointer[[2]*resultSet]
	// The year's criterion scores as published, read on first use by a drill-down (scores.go).
	criteria atomic.Pointer[yearCriteria]
}

// resultSet is the results of one year and boundary: one row per unit with its total and its
// fields, ordered by parent, rank and Vietnamese name (the order of a district's ranking; a
// province's communes before 2025 are in several parents' rows, see area).
type resultSet struct {
	rows   []resultRow
	unit   []int32             // row of each unit, by unitRef.index; -1 for none
	parent map[string][2]int32 // rows [from, to) of each parent
	nested map[string]bool     // provinces with units under a district (before 1 July 2025)
	fields []FieldRef          // the fields of the year's frameworks (refs.yearFields)
	values []fieldValue        // len(rows) × len(fields): row i's fields start at i × len(fields)
	// Every row in ranking order across parents, sorted on first use (see ranked).
	rankedOnce sync.Once
	rankedAll  []int
}

// ranked returns every row of the set, best rank first, then in Vietnamese order of names: the
// order of a ranking without a parent. It is sorted once per set (10,047 rows of a national year:
// a sort each time cost a whole-year ranking more than writing its first thousands of rows) and
// must not be changed by the caller.
func (set *resultSet) ranked() []int {
	set.rankedOnce.Do(func() {
		set.rankedAll = make([]int, len(set.rows))
		for i := range set.rankedAll {
			set.rankedAll[i] = i
		}
		slices.SortFunc(set.rankedAll, func(a, b int) int {
			return cmp.Or(cmp.Compare(set.rows[a].rank, set.rows[b].rank), cmp.Compare(set.rows[a].unit.sortKey, set.rows[b].unit.sortKey))
		})
	})
	return set.rankedAll
}

// resultRow is a unit's total in a year.
type resultRow struct {
	unit                       *unitRef
	parent, province           string
	framework, cohort          string // the framework in force, and the cohort ranked in ("" for none)
	points, maxPoints, percent float64
	rank                       int
	group                      string
	source                     int
	coverage                   Coverage
	inferred                   bool     // CURRENT: a contributor came through an inferred link
	contributors               []string // nil: the unit itself
}

// certainty says whether the row rests on a link the lists do not establish.
func (row *resultRow) certainty() Certainty {
	if row.inferred {
		return CertaintyInferred
	}
	return CertaintyEstablished
}

// fieldValue is a unit's result in one field; ok is false where the unit has no score in it.
type fieldValue struct {
	points, max, percent float64
	rank                 int
	ok                   bool
}

// boundaryIndex is the position of a boundary in modelYear.sets.
func boundaryIndex(b *Boundary) int {
	if b.current() {
		return 1
	}
	return 0
}

func newModel(years []int) *model {
	m := &model{years: make(map[int]*modelYear, len(years))}
	for _, y := range years {
		m.years[y] = &modelYear{}
	}
	return m
}

// keep moves the years old's model has read, but changed, into m, whose release r read after a
// change to the results of changed alone. A kept year's rows point at r's units, and are indexed
// again by them; a year whose framework or units changed is left to be read.
func (m *model) keep(old, r *refs, changed int) {
	// Each old unit's place in r, by its old position: nil when r lacks it or orders it elsewhere.
	to := make([]*unitRef, len(old.units))
	for id, o := range old.units {
		if u := r.units[id]; u != nil && u.sortKey == o.sortKey {
			to[o.index] = u
		}
	}
	for year, y := range m.years {
		o := old.model.years[year]
		if year == changed || o == nil || !slices.Equal(old.yearFrameworks[year], r.yearFrameworks[year]) {
			continue
		}
		sets := o.sets.Load()
		if sets == nil {
			continue
		}
		var kept [2]*resultSet
		for i, set := range sets {
			if kept[i] = set.moveTo(to, len(r.units)); kept[i] == nil {
				break
			}
		}
		if kept[0] != nil && kept[1] != nil {
			y.sets.Store(&kept)
		}
	}
}

// moveTo is the set with each row pointing at to[the old position of its unit], or nil when one
// of those is nil; the new release has units units. The rows keep their order, parents and field
// values (shared: a set is never written once read); only the index by unit is made again, for
// the new positions.
func (set *resultSet) moveTo(to []*unitRef, units int) *resultSet {
	moved := &resultSet{rows: slices.Clone(set.rows), unit: slices.Repeat([]int32{-1}, units),
		parent: set.parent, nested: set.nested, fields: set.fields, values: set.values}
	for i := range moved.rows {
		u := to[moved.rows[i].unit.index]
		if u == nil {
			return nil
		}
		moved.rows[i].unit = u
		moved.unit[u.index] = int32(i)
	}
	return moved
}

// results returns the results of a year and boundary, reading the year if it has not been read.
// A year without results gives an empty set.
func (s *Store) results(ctx context.Context, r *refs, year int, b *Boundary) (*resultSet, error) {
	y, ok := r.model.years[year]
	if !ok {
		return &resultSet{}, nil
	}
	if sets := y.sets.Load(); sets != nil {
		return sets[boundaryIndex(b)], nil
	}
	y.mu.Lock()
	defer y.mu.Unlock()
	if sets := y.sets.Load(); sets == nil {
		// Others may be waiting for this read: the request's deadline must not cut it short.
		sets, err := s.readYear(context.WithoutCancel(ctx), r, year)
		if err != nil {
			return nil, err
		}
		y.sets.Store(sets)
	}
	return y.sets.Load()[boundaryIndex(b)], nil
}

// Warm reads every unit and every year of the newest release into memory, newest first, and
// returns the first error. Open starts it in the background after each refresh; it is exported
// for benchmarks and tools that want the whole model read before they measure.
func (s *Store) Warm(ctx context.Context) error {
	r := s.refs.Load()
	if _, err := s.details(ctx, r); err != nil {
		return err
	}
	for _, year := range slices.Backward(r.years) {
		if s.refs.Load() != r {
			return nil // a newer release came in, with its own warm-up
		}
		if err := ctx.Err(); err != nil {
			return err // the store is closing: a year's read is not cut short, the next is not begun
		}
		if _, err := s.results(ctx, r, year, nil); err != nil {
			return err
		}
	}
	return nil
}

// readYear reads a year's results of both boundaries: a unit's fields come as columns of its
// row (a pivot in DuckDB), which reads about four times faster than a row per field.
func (s *Store) readYear(ctx context.Context, r *refs, year int) (*[2]*resultSet, error) {
	var sets [2]*resultSet
	for i, b := range []Boundary{BoundaryAsPublished, BoundaryCurrent} {
		set, err := s.readResults(ctx, r, year, &b, r.yearFields(year))
		if err != nil {
			return nil, fmt.Errorf("read %s results of %d: %w", b, year, err)
		}
		sets[i] = set
	}
	return &sets, nil
}

func (s *Store) readResults(ctx context.Context, r *refs, year int, b *Boundary, fields []FieldRef) (*resultSet, error) {
	t := b.tables()
	var pivot []string
	for _, f := range fields {
		slug := strings.ReplaceAll(f.Slug, "'", "''")
		pivot = append(pivot, strings.ReplaceAll(`max(points) FILTER (field_slug = '$'), max(max_points) FILTER (field_slug = '$'),
			max(percent) FILTER (field_slug = '$'), max(rank) FILTER (field_slug = '$')`, "$", slug))
	}
	text := `SELECT r.unit_id, r.parent_id, r.province_id, r.framework_id, r.cohort, r.points, r.max_points, r.percent, r.rank, r.group_code, r.source_id, ` + t.coverage
	if b.current() {
		text += `, r.contributors, r.inferred` // as published, a unit's result is its own
	}
	if len(pivot) > 0 {
		text += `, f.* EXCLUDE (unit_id) FROM ` + t.results + ` r
		LEFT JOIN (SELECT unit_id, ` + strings.Join(pivot, ", ") + ` FROM ` + t.fields + ` WHERE year = $year GROUP BY unit_id) f
		ON f.unit_id = r.unit_id`
	} else {
		text += ` FROM ` + t.results + ` r`
	}
	text += ` WHERE r.year = $year`
	rows, err := s.db.QueryContext(ctx, text, sql.Named("year", year))
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	set := &resultSet{parent: map[string][2]int32{}, fields: fields}
	// Parents and groups repeat: each distinct one is kept once, and the rows share it. Groups
	// looked up by 10,000 rows' own copies cost a cache miss each (changes: 2.4 ms of 12).
	shared := map[string]string{}
	intern := func(b sql.RawBytes) string {
		if s, ok := shared[string(b)]; ok {
			return s
		}
		s := string(b)
		shared[s] = s
		return s
	}
	var (
		unitID   sql.RawBytes
		parent   sql.RawBytes
		province sql.RawBytes
		fw       sql.RawBytes
		cohort   sql.RawBytes
		row      resultRow
		group    sql.RawBytes
		listed   []any
		inferred bool
		values   = make([]struct {
			points, max, percent sql.NullFloat64
			rank                 sql.NullInt64
		}, len(fields))
	)
	dest := []any{&unitID, &parent, &province, &fw, &cohort, &row.points, &row.maxPoints, &row.percent, &row.rank, &group, &row.source, &row.coverage}
	if b.current() {
		dest = append(dest, &listed, &inferred)
	}
	for i := range values {
		dest = append(dest, &values[i].points, &values[i].max, &values[i].percent, &values[i].rank)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		u := r.units[string(unitID)]
		if u == nil {
			return nil, fmt.Errorf("unit %s is not in the reference data", unitID)
		}
		res := row
		res.unit, res.parent, res.province, res.group = u, intern(parent), intern(province), intern(group)
		res.framework, res.cohort = intern(fw), intern(cohort)
		if b.current() {
			res.contributors, res.inferred = stringList(listed), inferred
		}
		set.rows = append(set.rows, res)
		for _, v := range values {
			set.values = append(set.values, fieldValue{points: v.points.Float64, max: v.max.Float64, percent: v.percent.Float64,
				rank: int(v.rank.Int64), ok: v.percent.Valid})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	set.sort(len(r.units))
	return set, nil
}

// sort orders the rows by parent, rank and Vietnamese name, moving their field values with them,
// indexes them by unit (of which there are units) and by parent, and notes the provinces whose
// units are in districts (nested).
func (set *resultSet) sort(units int) {
	n := len(set.fields)
	order := make([]int32, len(set.rows))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &set.rows[a], &set.rows[b]
		return cmp.Or(strings.Compare(x.parent, y.parent), strings.Compare(x.cohort, y.cohort), cmp.Compare(x.rank, y.rank), cmp.Compare(x.unit.sortKey, y.unit.sortKey))
	})
	rows := make([]resultRow, len(set.rows))
	values := make([]fieldValue, len(set.values))
	for i, o := range order {
		rows[i] = set.rows[o]
		copy(values[i*n:(i+1)*n], set.values[int(o)*n:(int(o)+1)*n])
	}
	set.rows, set.values = rows, values
	set.unit = slices.Repeat([]int32{-1}, units)
	set.nested = map[string]bool{}
	for i, row := range set.rows {
		set.unit[row.unit.index] = int32(i)
		if row.province != row.parent && row.province != "" {
			set.nested[row.province] = true
		}
		span := set.parent[row.parent]
		if span[1] == 0 {
			span[0] = int32(i)
		}
		span[1] = int32(i + 1)
		set.parent[row.parent] = span
	}
}

// span returns the rows [from, to) of a parent, or every row when parent is empty.
func (set *resultSet) span(parent string) (from, to int) {
	if parent == "" {
		return 0, len(set.rows)
	}
	span := set.parent[parent]
	return int(span[0]), int(span[1])
}

// cohortSpan returns the rows [from, to) of row i's parent and cohort: its parent's rows are in
// ranking order a cohort at a time.
func (set *resultSet) cohortSpan(i int) (from, to int) {
	from, to = set.span(set.rows[i].parent)
	cohort := set.rows[i].cohort
	for from < to && set.rows[from].cohort != cohort {
		from++
	}
	for to > from && set.rows[to-1].cohort != cohort {
		to--
	}
	return from, to
}

// cohortOf is a row's cohort, or nil for none ("").
func cohortOf(s *string) *string {
	if *s == "" {
		return nil
	}
	return s
}

// area returns the rows of the units under parent: its own units, one span of rows in ranking
// order (ranked is true), and for a province whose units were in districts (before 1 July 2025)
// the communes of those districts, in no particular order; every row for "".
func (set *resultSet) area(parent string) (rows []int, ranked bool) {
	if parent != "" && set.nested[parent] {
		for i := range set.rows {
			if set.covers(i, parent) {
				rows = append(rows, i)
			}
		}
		return rows, false
	}
	from, to := set.span(parent)
	rows = make([]int, 0, to-from)
	for i := from; i < to; i++ {
		rows = append(rows, i)
	}
	return rows, parent != ""
}

// covers reports whether row i is in parent's area (see area).
func (set *resultSet) covers(i int, parent string) bool {
	row := &set.rows[i]
	return parent == "" || row.parent == parent || row.province == parent
}

// row returns the index of a unit's row, or -1.
func (set *resultSet) row(u *unitRef) int {
	if u.index >= len(set.unit) {
		return -1 // an empty set
	}
	return int(set.unit[u.index])
}

// field returns the position of a field in the set, or -1.
func (set *resultSet) field(slug string) int {
	return slices.IndexFunc(set.fields, func(f FieldRef) bool { return f.Slug == slug })
}

// value returns field k of row i.
func (set *resultSet) value(i, k int) fieldValue { return set.values[i*len(set.fields)+k] }
