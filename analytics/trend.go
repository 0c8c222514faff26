package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Series is a unit's values over years, in columns: the i-th entry of each slice belongs to
// Years[i]. Charts read it directly, and it stays cheap to encode however many years it spans.
type Series struct {
	Unit    UnitRef       `json:"unit"`
	Field   *FieldRef     `json:"field"`
	Years   []int         `json:"years"`
	Values  []*float64    `json:"values"`
	Ranks   []*int        `json:"ranks"`
	Groups  []*string     `json:"groups"`
	Status  []Status      `json:"status"`
	Sources []*SourceKind `json:"sources"`
	// Coverage and Contributors say, for each value, whose results make it (see Result).
	Coverage     []*Coverage `json:"coverage"`
	Contributors [][]string  `json:"contributors"`
}

// Status says why a value is there or missing.
type Status string

// Observation statuses. A missing value is a status, never a zero.
const (
	StatusObserved     Status = "OBSERVED"
	StatusNotAssessed  Status = "NOT_ASSESSED"
	StatusNotExisting  Status = "NOT_EXISTING"
	StatusNotPublished Status = "NOT_PUBLISHED"
	StatusProvisional  Status = "PROVISIONAL"
)

// TrendQuery selects series. Field, From and To are optional.
type TrendQuery struct {
	Units    []string // IDs or codes
	Field    *string
	From     *int
	To       *int
	Boundary *Boundary
}

// Bounds of one trend request.
const (
	MaxTrendUnits = 100
	MaxTrendYears = 100
)

// Trend returns one series per unit, in the order asked, over every year from From to To
// (default: the first and last years with results). The values come from one statement over a
// table sorted by unit; the statuses of missing years come from the reference data.
func (s *Store) Trend(ctx context.Context, q TrendQuery) ([]Series, error) {
	if len(q.Units) == 0 {
		return nil, invalid("trend needs at least one unit")
	}
	if len(q.Units) > MaxTrendUnits {
		return nil, invalid("trend takes at most %d units, got %d", MaxTrendUnits, len(q.Units))
	}
	r := s.refs.Load()
	if len(r.years) == 0 {
		return []Series{}, nil
	}
	from, to := r.years[0], r.years[len(r.years)-1]
	if q.From != nil {
		from = *q.From
	}
	if q.To != nil {
		to = *q.To
	}
	if from > to {
		return nil, invalid("trend: from (%d) is after to (%d)", from, to)
	}
	if to-from+1 > MaxTrendYears {
		return nil, invalid("trend spans at most %d years, got %d–%d", MaxTrendYears, from, to)
	}
	var field *FieldRef
	if q.Field != nil {
		for _, y := range []int{to, from} { // a field of an earlier framework is still a field
			if ref, err := s.fieldRef(y, *q.Field); err == nil {
				field = ref
				break
			} else if y == from {
				return nil, err
			}
		}
	}
	ids, err := s.resolveUnits(ctx, q.Units, q.To)
	if err != nil {
		return nil, err
	}
	if q.Boundary.current() {
		// Today's units: a unit that no longer exists is followed through what it became.
		if ids, err = s.currentUnits(ids); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	var unique []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	ids = unique

	boundary := BoundaryAsPublished
	if q.Boundary.current() {
		boundary = BoundaryCurrent
	}
	placeholders := make([]string, len(ids))
	args := []any{sql.Named("boundary", string(boundary)), sql.Named("from", from), sql.Named("to", to)}
	for i, id := range ids {
		placeholders[i] = fmt.Sprintf("$u%d", i)
		args = append(args, sql.Named(fmt.Sprintf("u%d", i), id))
	}
	text := `SELECT unit_id, year, percent, rank, group_code, source_id, coverage, contributors FROM unit_series`
	if field != nil {
		text = `SELECT unit_id, year, percent, rank, NULL, source_id, coverage, contributors FROM field_series`
		args = append(args, sql.Named("field", field.Slug))
	}
	text += ` WHERE unit_id IN (` + strings.Join(placeholders, ", ") + `) AND boundary = $boundary AND year BETWEEN $from AND $to`
	if field != nil {
		text += ` AND field_slug = $field`
	}
	rows, err := s.query(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}
	defer rows.Close()
	type value struct {
		percent      float64
		rank         int
		group        sql.NullString
		source       int
		coverage     Coverage
		contributors []string
	}
	values := map[yearUnit]value{}
	for rows.Next() {
		var k yearUnit
		var v value
		var contributors []any
		if err := rows.Scan(&k.unit, &k.year, &v.percent, &v.rank, &v.group, &v.source, &v.coverage, &contributors); err != nil {
			return nil, fmt.Errorf("trend: %w", err)
		}
		v.contributors = stringList(contributors)
		values[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}

	series := make([]Series, 0, len(ids))
	for _, id := range ids {
		u := r.units[id]
		se := Series{Unit: u.ref, Field: field, Years: []int{}, Values: []*float64{}, Ranks: []*int{}, Groups: []*string{},
			Status: []Status{}, Sources: []*SourceKind{}, Coverage: []*Coverage{}, Contributors: [][]string{}}
		for year := from; year <= to; year++ {
			se.Years = append(se.Years, year)
			v, ok := values[yearUnit{year, id}]
			if !ok {
				se.Values, se.Ranks, se.Groups = append(se.Values, nil), append(se.Ranks, nil), append(se.Groups, nil)
				se.Sources, se.Coverage, se.Contributors = append(se.Sources, nil), append(se.Coverage, nil), append(se.Contributors, []string{})
				se.Status = append(se.Status, r.missing(u, year, q.Boundary.current()))
				continue
			}
			percent, rank, kind, coverage := v.percent, v.rank, r.sources[v.source].Kind, v.coverage
			se.Values, se.Ranks = append(se.Values, &percent), append(se.Ranks, &rank)
			if v.group.Valid {
				g := v.group.String
				se.Groups = append(se.Groups, &g)
			} else {
				se.Groups = append(se.Groups, nil)
			}
			se.Sources, se.Coverage = append(se.Sources, &kind), append(se.Coverage, &coverage)
			se.Contributors = append(se.Contributors, v.contributors)
			se.Status = append(se.Status, StatusObserved)
		}
		series = append(series, se)
	}
	return series, nil
}

// missing says why a unit has no value in a year: it did not exist then (under CURRENT, nor did
// any of its predecessors), or it existed and was not assessed.
func (r *refs) missing(u *unitRef, year int, current bool) Status {
	if u.existed(year) {
		return StatusNotAssessed
	}
	if current {
		for _, p := range u.predecessors {
			if pu := r.units[p]; pu != nil && pu.existed(year) {
				return StatusNotAssessed
			}
		}
	}
	return StatusNotExisting
}
