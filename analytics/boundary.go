package analytics

import (
	"context"
	"math"
)

// Boundary says which units a history is told for.
type Boundary string

// Boundaries.
const (
	// BoundaryAsPublished tells each year's units as they were that year.
	BoundaryAsPublished Boundary = "AS_PUBLISHED"
	// BoundaryCurrent tells today's units, with their predecessors' results combined for the
	// years before they existed.
	BoundaryCurrent Boundary = "CURRENT"
)

// tables names the derived tables of a boundary, and the expression of a results row's coverage:
// a unit's own results (as published) are whole and store no coverage.
type tables struct {
	results, fields, coverage string
}

func (b *Boundary) tables() tables {
	if b != nil && *b == BoundaryCurrent {
		return tables{results: "current_results", fields: "current_field_results", coverage: "coverage"}
	}
	return tables{results: "unit_results", fields: "field_results", coverage: "'FULL'"}
}

func (b *Boundary) current() bool { return b != nil && *b == BoundaryCurrent }

// stringList converts a DuckDB list of text, scanned as []any, to strings.
func stringList(v []any) []string {
	out := make([]string, 0, len(v))
	for _, x := range v {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// currentUnits maps unit IDs to today's units: a unit that still exists stays, one that no longer
// does is replaced by what it became today, through every link a history follows (a commune
// merged in 2020 whose receiver merged again in 2025), in order and without repeats.
func (s *Store) currentUnits(ids []string) ([]string, error) { return s.refs.Load().current(ids) }

// current is currentUnits in the reference data r.
func (r *refs) current(ids []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	var follow func(u *unitRef)
	follow = func(u *unitRef) {
		if u.to == math.MaxInt {
			if !seen[u.id] {
				seen[u.id] = true
				out = append(out, u.id)
			}
			return
		}
		for _, l := range u.links {
			if l.pred == u && l.follows() {
				follow(l.succ)
			}
		}
	}
	for _, id := range ids {
		follow(r.units[id])
	}
	if len(out) == 0 {
		return nil, notFound("none of the units asked for exists today or has a successor")
	}
	return out, nil
}

// resolveAt resolves IDs or codes for a question about year (nil: the newest) at boundary b: as
// published a code names the unit that existed in that year; under CURRENT, today's unit when
// there is one (code 92 is the city of Cần Thơ formed on 1 July 2025, not the one before it).
func (s *Store) resolveAt(_ context.Context, keys []string, year *int, b *Boundary) ([]string, error) {
	return s.refs.Load().resolveAt(keys, year, b)
}

// resolveAt is Store.resolveAt in the reference data r.
func (r *refs) resolveAt(keys []string, year *int, b *Boundary) ([]string, error) {
	if b.current() {
		today := math.MaxInt // only a unit that still exists existed "in" it
		year = &today
	}
	return r.resolve(keys, year)
}

// parentArea is the units a ranking or a comparison keeps for its parent.
type parentArea struct {
	parent string // "" for every unit
	// Under CURRENT, for a parent that no longer exists: today's units formed from its units, by
	// unitRef.index. nil otherwise.
	formed []bool
}

// parentArea resolves the parent of a ranking or a comparison of year, in the reference data r.
// As published, a code names the unit that existed in year. Under CURRENT a code names today's
// unit when there is one, and a unit that no longer exists (a district, or a province before
// 1 July 2025) stands for today's units formed from its units: those with a predecessor under it.
// Without this, the district an office still reports for, asked at today's boundary, would have
// no units at all.
func (r *refs) parentArea(key *string, year int, b *Boundary) (parentArea, error) {
	if key == nil {
		return parentArea{}, nil
	}
	ids, err := r.resolveAt([]string{*key}, &year, b)
	if err != nil {
		return parentArea{}, err
	}
	id := ids[0]
	a := parentArea{parent: id}
	if u := r.units[id]; !b.current() || u == nil || u.to == math.MaxInt {
		return a, nil
	}
	a.formed = make([]bool, len(r.units))
	for _, k := range r.formedFrom(id) {
		a.formed[k] = true
	}
	return a, nil
}

// rows returns the rows of set in the area, and whether they are one parent's rows in ranking
// order (see resultSet.area).
func (a parentArea) rows(set *resultSet) (rows []int, ranked bool) {
	if a.formed == nil {
		return set.area(a.parent)
	}
	for i := range set.rows {
		if a.covers(set, i) {
			rows = append(rows, i)
		}
	}
	return rows, false
}

// covers reports whether row i of set is in the area.
func (a parentArea) covers(set *resultSet, i int) bool {
	if a.formed == nil {
		return set.covers(i, a.parent)
	}
	k := set.rows[i].unit.index
	return k < len(a.formed) && a.formed[k]
}

// units returns the IDs of today's units formed from a parent that no longer exists, in no
// particular order; nil for any other area.
func (a parentArea) units(r *refs) []string {
	if a.formed == nil {
		return nil
	}
	ids := []string{}
	for _, u := range r.units {
		if u.index < len(a.formed) && a.formed[u.index] {
			ids = append(ids, u.id)
		}
	}
	return ids
}
