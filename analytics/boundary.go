package analytics

import "math"

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
// does is replaced by its successors, in order and without repeats.
func (s *Store) currentUnits(ids []string) ([]string, error) {
	r := s.refs.Load()
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		u := r.units[id]
		next := u.successors
		if u.to == math.MaxInt {
			next = []string{id}
		}
		for _, c := range next {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	if len(out) == 0 {
		return nil, notFound("none of the units asked for exists today or has a successor")
	}
	return out, nil
}
