package analytics

import (
	"context"
	"database/sql"
	"fmt"
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

// tables names the derived tables of a boundary.
type tables struct {
	results, fields string
}

func (b *Boundary) tables() tables {
	if b != nil && *b == BoundaryCurrent {
		return tables{results: "current_results", fields: "current_field_results"}
	}
	return tables{results: "unit_results", fields: "field_results"}
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
func (s *Store) currentUnits(ctx context.Context, ids []string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT u.id, u.valid_to IS NULL, coalesce(list(l.successor_id ORDER BY l.successor_id) FILTER (WHERE l.successor_id IS NOT NULL), [])
FROM units u LEFT JOIN lineage l ON l.predecessor_id = u.id
WHERE list_contains($ids, u.id)
GROUP BY u.id, u.valid_to`, sql.Named("ids", ids))
	if err != nil {
		return nil, fmt.Errorf("current units: %w", err)
	}
	defer rows.Close()
	next := map[string][]string{}
	for rows.Next() {
		var id string
		var exists bool
		var successors []any
		if err := rows.Scan(&id, &exists, &successors); err != nil {
			return nil, fmt.Errorf("current units: %w", err)
		}
		if exists {
			next[id] = []string{id}
		} else {
			next[id] = stringList(successors)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("current units: %w", err)
	}
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		for _, c := range next[id] {
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
