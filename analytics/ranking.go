package analytics

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// Result is a unit's result in a year.
type Result struct {
	Unit      UnitRef       `json:"unit"`
	Year      int           `json:"year"`
	Points    float64       `json:"points"`
	MaxPoints float64       `json:"maxPoints"`
	Percent   float64       `json:"percent"`
	Rank      int           `json:"rank"`
	Group     Group         `json:"group"`
	Published *Published    `json:"published"`
	Source    Source        `json:"source"`
	Fields    []FieldResult `json:"fields"`
	// Coverage and Contributors say which units' results make this one: the unit itself as
	// published, or its predecessors under BoundaryCurrent.
	Coverage     Coverage `json:"coverage"`
	Contributors []string `json:"contributors"`
}

// FieldResult is one field of a unit's result.
type FieldResult struct {
	Field     FieldRef `json:"field"`
	Points    float64  `json:"points"`
	MaxPoints float64  `json:"maxPoints"`
	Percent   float64  `json:"percent"`
	Rank      int      `json:"rank"`
}

// Published is what a decision published for a unit and year.
type Published struct {
	Group  Group  `json:"group"`
	Rank   *int   `json:"rank"`
	Source Source `json:"source"`
}

// RankingQuery selects a ranking. Parent, Field, Boundary and First are optional.
type RankingQuery struct {
	Year     int
	Parent   *string // ID or code of the district or province
	Field    *string // a field slug: rank on that field instead of the total
	Boundary *Boundary
	First    *int
	// WithFields asks for each result's field results, one more statement; without it Fields
	// is empty.
	WithFields bool
}

// Ranking returns the results of a year ordered by rank, then by Vietnamese name. It reads the
// year from the read model (model.go): no statement runs once the year is in memory.
func (s *Store) Ranking(ctx context.Context, q RankingQuery) ([]Result, error) {
	r := s.refs.Load()
	if err := s.checkYear(ctx, q.Year); err != nil {
		return nil, err
	}
	limit, err := rowLimit(q.First)
	if err != nil {
		return nil, err
	}
	parent := ""
	if q.Parent != nil {
		if parent, err = s.resolveUnit(ctx, *q.Parent, &q.Year); err != nil {
			return nil, err
		}
	}
	field := -1
	if q.Field != nil {
		if _, err := s.fieldRef(q.Year, *q.Field); err != nil {
			return nil, err
		}
	}
	set, err := s.results(ctx, r, q.Year, q.Boundary)
	if err != nil {
		return nil, fmt.Errorf("ranking %d: %w", q.Year, err)
	}
	if q.Field != nil {
		field = set.field(*q.Field)
	}
	from, to := set.span(parent)
	rank := func(i int) int { return set.rows[i].rank }
	if field >= 0 {
		rank = func(i int) int { return set.value(i, field).rank }
	}
	// The rows of a parent are in ranking order; those of several parents, or ranked on a field,
	// are sorted here: best rank first, then Vietnamese name order.
	order := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		if field < 0 || set.value(i, field).ok {
			order = append(order, i)
		}
	}
	if parent == "" || field >= 0 {
		slices.SortFunc(order, func(a, b int) int {
			return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(set.rows[a].unit.sortKey, set.rows[b].unit.sortKey))
		})
	}
	if err := tooMany(len(order), q.First); err != nil {
		return nil, err
	}
	order = order[:min(len(order), limit)]
	groups := r.groups[r.framework[q.Year]]
	results := make([]Result, len(order))
	for n, i := range order {
		row := &set.rows[i]
		res := Result{Unit: row.unit.ref, Year: q.Year, Points: row.points, MaxPoints: row.maxPoints, Percent: row.percent,
			Rank: row.rank, Group: groups[row.group], Source: r.sources[row.source], Coverage: row.coverage,
			Published: r.published[yearUnit{q.Year, row.unit.id}], Contributors: row.contributors, Fields: []FieldResult{}}
		if res.Contributors == nil {
			res.Contributors = []string{row.unit.id}
		}
		if field >= 0 {
			v := set.value(i, field)
			res.Points, res.MaxPoints, res.Percent, res.Rank = v.points, set.max[field], v.percent, v.rank
		}
		if q.WithFields {
			res.Fields = set.fieldResults(i)
		}
		results[n] = res
	}
	return results, nil
}

// fieldResults returns the field results of row i, in framework order, leaving out fields the
// unit has no score in.
func (set *resultSet) fieldResults(i int) []FieldResult {
	out := make([]FieldResult, 0, len(set.fields))
	for k, f := range set.fields {
		if v := set.value(i, k); v.ok {
			out = append(out, FieldResult{Field: f, Points: v.points, MaxPoints: set.max[k], Percent: v.percent, Rank: v.rank})
		}
	}
	return out
}
