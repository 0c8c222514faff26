package analytics

import (
	"context"
	"fmt"
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
	// Certainty is INFERRED for a value built through a receiver the lists do not establish.
	Certainty []*Certainty `json:"certainty"`
	// Frameworks are the framework each value was scored on (whose classes Groups name).
	Frameworks []*string `json:"frameworks"`
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
	ids, err := s.resolveAt(ctx, q.Units, q.To, q.Boundary)
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

	sets := make([]*resultSet, 0, to-from+1)
	for year := from; year <= to; year++ {
		set, err := s.results(ctx, r, year, q.Boundary)
		if err != nil {
			return nil, fmt.Errorf("trend: %w", err)
		}
		sets = append(sets, set)
	}
	series := make([]Series, 0, len(ids))
	for _, id := range ids {
		u := r.units[id]
		n := to - from + 1
		se := Series{Unit: u.ref, Field: field, Years: make([]int, n), Values: make([]*float64, n), Ranks: make([]*int, n),
			Groups: make([]*string, n), Status: make([]Status, n), Sources: make([]*SourceKind, n),
			Coverage: make([]*Coverage, n), Contributors: make([][]string, n), Certainty: make([]*Certainty, n),
			Frameworks: make([]*string, n)}
		for k, set := range sets {
			year := from + k
			se.Years[k], se.Contributors[k] = year, []string{}
			// As published, a unit renamed, moved or re-kinded is told through the version it
			// was that year; under CURRENT, today's unit carries its history itself.
			at := u
			if !q.Boundary.current() {
				if v := u.versionIn(year); v != nil {
					at = v
				}
			}
			i, f := set.row(at), -1
			if i >= 0 && field != nil {
				if f = set.field(field.Slug); f < 0 || !set.value(i, f).ok {
					i = -1 // the unit was scored, not in this field
				}
			}
			if i < 0 {
				se.Status[k] = r.missing(at, year, q.Boundary.current())
				continue
			}
			row := &set.rows[i]
			percent, rank, kind, coverage := row.percent, row.rank, r.sources[row.source].Kind, row.coverage
			if f >= 0 {
				v := set.value(i, f)
				percent, rank = v.percent, v.rank
			} else if row.group != "" {
				group := row.group
				se.Groups[k] = &group
			}
			certainty := row.certainty()
			se.Values[k], se.Ranks[k], se.Sources[k], se.Coverage[k], se.Certainty[k] = &percent, &rank, &kind, &coverage, &certainty
			se.Status[k], se.Contributors[k], se.Frameworks[k] = StatusObserved, row.contributors, &row.framework
			if row.contributors == nil {
				se.Contributors[k] = []string{at.id}
			}
		}
		series = append(series, se)
	}
	return series, nil
}

// missing says why a unit has no value in a year: it did not exist then (under CURRENT, nor did
// any unit it was formed from), or it existed and was not assessed.
func (r *refs) missing(u *unitRef, year int, current bool) Status {
	if u.existed(year) {
		return StatusNotAssessed
	}
	if current {
		for _, a := range u.ancestors() {
			if a.u.existed(year) {
				return StatusNotAssessed
			}
		}
	}
	return StatusNotExisting
}
