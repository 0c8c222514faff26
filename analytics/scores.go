package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
)

// CriterionScore is a unit's score on one criterion, with what it lost against the maximum,
// against the first-ranked unit of its parent, and against the best score of its parent.
type CriterionScore struct {
	Criterion    Criterion `json:"criterion"`
	Field        FieldRef  `json:"field"`
	Points       float64   `json:"points"`
	MaxPoints    float64   `json:"maxPoints"`
	Percent      float64   `json:"percent"`
	LostToMax    float64   `json:"lostToMax"`
	LeaderPoints float64   `json:"leaderPoints"`
	LostToLeader float64   `json:"lostToLeader"`
	BestPoints   float64   `json:"bestPoints"`
	LostToBest   float64   `json:"lostToBest"`
}

// yearCriteria is a year's criterion scores as published, in memory: the points in cents of each
// row of the year's results (as published: resultSet.rows, in their order) on each criterion of
// the row's framework, -1 where the unit has no score. A national year is 400k scores, 1.6 MB.
type yearCriteria struct {
	criteria map[string][]criterionRef // each framework's criteria, in order
	place    map[string]map[string]int // their positions, by framework and code
	offset   []int32                   // row i's criterion k is at offset[i] + k
	cents    []int32
}

// at returns row i's cents on criterion k of its framework.
func (c *yearCriteria) at(i, k int) int32 { return c.cents[int(c.offset[i])+k] }

// yearCriteria returns the criterion scores of year, aligned with set (the year's results as
// published), reading them on first use: one scan of the year's rows of criterion_results (a
// national year in about 0.2 s), then every drill-down of the year answers from memory.
func (s *Store) yearCriteria(ctx context.Context, r *refs, year int, set *resultSet) (*yearCriteria, error) {
	y := r.model.years[year]
	if y == nil {
		return &yearCriteria{}, nil
	}
	if c := y.criteria.Load(); c != nil {
		return c, nil
	}
	y.mu.Lock()
	defer y.mu.Unlock()
	if c := y.criteria.Load(); c != nil {
		return c, nil
	}
	c := &yearCriteria{criteria: map[string][]criterionRef{}, place: map[string]map[string]int{}, offset: make([]int32, len(set.rows))}
	total := 0
	for i, row := range set.rows {
		list, ok := c.criteria[row.framework]
		if !ok {
			list = slices.SortedFunc(maps.Values(r.criteriaOf[row.framework]), func(a, b criterionRef) int {
				return cmp.Compare(a.ordinal, b.ordinal)
			})
			c.criteria[row.framework] = list
			c.place[row.framework] = map[string]int{}
			for k, cr := range list {
				c.place[row.framework][cr.Code] = k
			}
		}
		c.offset[i] = int32(total)
		total += len(list)
	}
	c.cents = slices.Repeat([]int32{-1}, total)
	// Others may be waiting for this read: the request's deadline must not cut it short.
	rows, err := s.db.QueryContext(context.WithoutCancel(ctx),
		`SELECT unit_id, criterion_code, round(points * 100)::INTEGER FROM criterion_results WHERE year = $year`, sql.Named("year", year))
	if err != nil {
		return nil, fmt.Errorf("criterion scores of %d: %w", year, err)
	}
	defer rows.Close()
	for rows.Next() {
		var unit, code string
		var cents int32
		if err := rows.Scan(&unit, &code, &cents); err != nil {
			return nil, fmt.Errorf("criterion scores of %d: %w", year, err)
		}
		u := r.units[unit]
		if u == nil {
			continue
		}
		if i := set.row(u); i >= 0 {
			if k, ok := c.place[set.rows[i].framework][code]; ok {
				c.cents[int(c.offset[i])+k] = cents
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("criterion scores of %d: %w", year, err)
	}
	y.criteria.Store(c)
	return c, nil
}

// Scores returns every criterion of a unit's year, the largest loss against the first-ranked unit
// of its parent first, then the largest loss against the maximum, then in framework order. It
// answers from memory: the year's results (model.go) give the unit's parent and its first-ranked
// unit, and the year's criterion scores, read on first use, the points (a statement over the
// parent's scores took 3–5 ms at national scale, and the joins before it 15–20 ms).
func (s *Store) Scores(ctx context.Context, idOrCode string, year int) ([]CriterionScore, error) {
	id, err := s.resolveUnit(ctx, idOrCode, &year)
	if err != nil {
		return nil, err
	}
	r := s.refs.Load()
	set, err := s.results(ctx, r, year, nil)
	if err != nil {
		return nil, fmt.Errorf("scores of %s in %d: %w", id, year, err)
	}
	i := -1
	if u := r.units[id]; u != nil {
		i = set.row(u)
	}
	if i < 0 {
		if err := s.checkYear(ctx, year); err != nil {
			return nil, err
		}
		return nil, notFound("unit %s has no scores in %d", id, year)
	}
	yc, err := s.yearCriteria(ctx, r, year, set)
	if err != nil {
		return nil, fmt.Errorf("scores of %s in %d: %w", id, year, err)
	}
	// The parent's rows are in ranking order, a cohort at a time: the leader is the first of the
	// unit's cohort, and the best is the best of the cohort (of one framework).
	from, to := set.cohortSpan(i)
	fw := set.rows[i].framework
	leader := from
	if set.rows[leader].framework != fw {
		leader = i // a leader scored on another framework is no measure
	}
	fields := r.fields[fw]
	out := []CriterionScore{}
	var order []int
	for k, cr := range yc.criteria[fw] {
		mine, lead := yc.at(i, k), yc.at(leader, k)
		if mine < 0 || lead < 0 {
			continue // a criterion the unit or its leader has no score in
		}
		f := slices.IndexFunc(fields, func(f FieldRef) bool { return f.Slug == cr.field })
		if f < 0 {
			continue
		}
		best := mine
		for j := from; j < to; j++ {
			if set.rows[j].framework == fw {
				best = max(best, yc.at(j, k))
			}
		}
		c := CriterionScore{Criterion: cr.Criterion, Field: fields[f], Points: float64(mine) / 100, MaxPoints: cr.MaxPoints,
			LeaderPoints: float64(lead) / 100, BestPoints: float64(best) / 100}
		// As criterion_results.percent: round(points / max × 100, 6).
		c.Percent = math.Round(c.Points/cr.MaxPoints*100*1e6) / 1e6
		c.LostToMax = round2(c.MaxPoints - c.Points)
		c.LostToLeader = round2(c.LeaderPoints - c.Points)
		c.LostToBest = round2(c.BestPoints - c.Points)
		out = append(out, c)
		order = append(order, cr.ordinal)
	}
	if len(out) == 0 {
		return nil, notFound("unit %s has no scores in %d", id, year)
	}
	// Sorted on the differences of the raw points, as the statements before this one sorted them.
	idx := make([]int, len(out))
	for n := range idx {
		idx[n] = n
	}
	slices.SortFunc(idx, func(a, b int) int {
		x, y := &out[a], &out[b]
		return cmp.Or(cmp.Compare(y.LeaderPoints-y.Points, x.LeaderPoints-x.Points),
			cmp.Compare(y.MaxPoints-y.Points, x.MaxPoints-x.Points), cmp.Compare(order[a], order[b]))
	})
	sorted := make([]CriterionScore, len(out))
	for n, k := range idx {
		sorted[n] = out[k]
	}
	return sorted, nil
}

// round2 rounds points to the cent they are given in, so that differences read 0.35, not
// 0.35000000000000003.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
