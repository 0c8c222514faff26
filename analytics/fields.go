package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// FieldSummary is a field's average over the units of a scope in a year.
type FieldSummary struct {
	Field     FieldRef               `json:"field"`
	Average   float64                `json:"average"`
	Rank      int                    `json:"rank"`
	Min       float64                `json:"min"`
	Max       float64                `json:"max"`
	Units     int                    `json:"units"`
	Published *PublishedFieldAverage `json:"published"`
	// MixedFrameworks: the units averaged were scored on more than one framework.
	MixedFrameworks bool `json:"mixedFrameworks"`
}

// PublishedFieldAverage is a field average as a decision published it.
type PublishedFieldAverage struct {
	Average *float64 `json:"average"`
	Rank    int      `json:"rank"`
	Source  Source   `json:"source"`
}

// FieldSummary returns, for each field of the year's framework in order, the average of the
// units' percents in a scope and its rank among the fields, with the published values where a
// decision gave them for the same scope. Without a parent, the scope is the parent every unit
// of the year shares, or all units when they have several.
func (s *Store) FieldSummary(ctx context.Context, year int, parent *string) ([]FieldSummary, error) {
	if err := s.checkYear(ctx, year); err != nil {
		return nil, err
	}
	r := s.refs.Load()
	// The averages are derived on load (field_summaries): 8 rows to read, not 80,000 to group.
	scope, rowsScope := r.scope[year], ""
	if parent != nil {
		id, err := s.resolveUnit(ctx, *parent, &year)
		if err != nil {
			return nil, err
		}
		scope, rowsScope = id, id
	}
	rows, err := s.query(ctx, `SELECT field_slug, average, lo, hi, n FROM field_summaries WHERE year = $year AND scope = $scope`,
		sql.Named("year", year), sql.Named("scope", rowsScope))
	if err != nil {
		return nil, fmt.Errorf("field summary %d: %w", year, err)
	}
	defer rows.Close()
	bySlug := map[string]FieldSummary{}
	for rows.Next() {
		var f FieldSummary
		if err := rows.Scan(&f.Field.Slug, &f.Average, &f.Min, &f.Max, &f.Units); err != nil {
			return nil, fmt.Errorf("field summary %d: %w", year, err)
		}
		bySlug[f.Field.Slug] = f
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("field summary %d: %w", year, err)
	}
	areas, err := s.frameworkAreas(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("field summary %d: %w", year, err)
	}
	out := []FieldSummary{}
	for _, ref := range r.yearFields(year) {
		f, ok := bySlug[ref.Slug]
		if !ok {
			continue
		}
		f.Field = ref
		f.Published = r.averages[scopeField{year, scope, ref.Slug}]
		with := 0 // frameworks of the scope's units that have the field
		for fw := range areas[year][rowsScope] {
			if slices.ContainsFunc(r.fields[fw], func(g FieldRef) bool { return g.Slug == ref.Slug }) {
				with++
			}
		}
		f.MixedFrameworks = with > 1
		out = append(out, f)
	}
	// Competition rank of the averages, highest first.
	for i := range out {
		out[i].Rank = 1
		for j := range out {
			if out[j].Average > out[i].Average {
				out[i].Rank++
			}
		}
	}
	return out, nil
}
