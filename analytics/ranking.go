package analytics

import (
	"cmp"
	"context"
	"database/sql"
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

// The ranking statements read narrow columns of one derived table; names, groups, sources and
// published results come from the reference data in memory. At national scale, reading the wide
// rows took 4.5 ms for one district, the narrow columns 0.8 ms. They have no ORDER BY: DuckDB's
// sort costs about a millisecond even for 13 rows, so Ranking sorts in Go.
const (
	rankingColumns = `SELECT unit_id, points, max_points, percent, rank, group_code, source_id, coverage`
	rankingWhere   = ` WHERE year = $year`
	byParent       = ` AND parent_id = $parent`
	byField        = ` AND field_slug = $field`
	fieldsColumns  = `SELECT unit_id, field_slug, points, max_points, percent, rank`
)

// Ranking returns the results of a year ordered by rank, then by Vietnamese name.
func (s *Store) Ranking(ctx context.Context, q RankingQuery) ([]Result, error) {
	r := s.refs.Load()
	if err := s.checkYear(ctx, q.Year); err != nil {
		return nil, err
	}
	limit, err := rowLimit(q.First)
	if err != nil {
		return nil, err
	}
	t := q.Boundary.tables()
	args := []any{sql.Named("year", q.Year)}
	where := rankingWhere
	if q.Parent != nil {
		parent, err := s.resolveUnit(ctx, *q.Parent, &q.Year)
		if err != nil {
			return nil, err
		}
		where += byParent
		args = append(args, sql.Named("parent", parent))
	}
	from := t.results
	if q.Field != nil {
		if _, err := s.fieldRef(q.Year, *q.Field); err != nil {
			return nil, err
		}
		from = t.fields
		where += byField
		args = append(args, sql.Named("field", *q.Field))
	}
	columns := rankingColumns
	if q.Boundary.current() {
		columns += ", contributors"
	}
	rows, err := s.query(ctx, columns+" FROM "+from+where, args...)
	if err != nil {
		return nil, fmt.Errorf("ranking %d: %w", q.Year, err)
	}
	defer rows.Close()
	fw := r.framework[q.Year]
	results := []Result{}
	byUnit := map[string]int{}
	for rows.Next() {
		var res Result
		var unitID, group string
		var source int
		var contributors []any
		dest := []any{&unitID, &res.Points, &res.MaxPoints, &res.Percent, &res.Rank, &group, &source, &res.Coverage}
		if q.Boundary.current() {
			dest = append(dest, &contributors)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("ranking %d: %w", q.Year, err)
		}
		u := r.units[unitID]
		if u == nil {
			return nil, fmt.Errorf("ranking %d: unit %s is not in the reference data", q.Year, unitID)
		}
		res.Unit, res.Year, res.Group, res.Source = u.ref, q.Year, r.groups[fw][group], r.sources[source]
		res.Published = r.published[yearUnit{q.Year, unitID}]
		if q.Boundary.current() {
			res.Contributors = stringList(contributors)
		} else {
			res.Contributors = []string{unitID}
		}
		res.Fields = []FieldResult{}
		byUnit[unitID] = len(results)
		results = append(results, res)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ranking %d: %w", q.Year, err)
	}
	if err := tooMany(len(results), q.First); err != nil {
		return nil, err
	}
	// Best rank first, then Vietnamese name order.
	slices.SortFunc(results, func(a, b Result) int {
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(r.units[a.Unit.ID].sortKey, r.units[b.Unit.ID].sortKey))
	})
	results = results[:min(len(results), limit)]
	if q.WithFields && len(results) > 0 {
		if err := s.rankingFields(ctx, t, q, args, results); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// rankingFields fills each result's field results, in framework order, in one statement.
func (s *Store) rankingFields(ctx context.Context, t tables, q RankingQuery, args []any, results []Result) error {
	r := s.refs.Load()
	where := rankingWhere
	if q.Parent != nil {
		where += byParent
	}
	if q.Field != nil {
		args = args[:len(args)-1] // every field, not only the one ranked on
	}
	rows, err := s.query(ctx, fieldsColumns+" FROM "+t.fields+where, args...)
	if err != nil {
		return fmt.Errorf("ranking %d: fields: %w", q.Year, err)
	}
	defer rows.Close()
	refs := r.fields[r.framework[q.Year]]
	index := map[string]int{}
	for i, res := range results {
		index[res.Unit.ID] = i
		results[i].Fields = make([]FieldResult, len(refs))
	}
	ordinal := map[string]int{}
	for i, f := range refs {
		ordinal[f.Slug] = i
	}
	for rows.Next() {
		var unitID, slug string
		var f FieldResult
		if err := rows.Scan(&unitID, &slug, &f.Points, &f.MaxPoints, &f.Percent, &f.Rank); err != nil {
			return fmt.Errorf("ranking %d: fields: %w", q.Year, err)
		}
		i, ok := index[unitID]
		if !ok {
			continue // cut by first
		}
		o := ordinal[slug]
		f.Field = refs[o]
		results[i].Fields[o] = f
	}
	return rows.Err()
}
