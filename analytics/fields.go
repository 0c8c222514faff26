package analytics

import (
	"context"
	"database/sql"
	"fmt"
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
}

// PublishedFieldAverage is a field average as a decision published it.
type PublishedFieldAverage struct {
	Average *float64 `json:"average"`
	Rank    int      `json:"rank"`
	Source  Source   `json:"source"`
}

const fieldSummarySQL = `
WITH scope AS (
    -- The parent asked for; else the one parent every unit of the year shares, if there is one.
    SELECT CASE WHEN $parent <> '' THEN $parent
                WHEN count(DISTINCT parent_id) = 1 THEN any_value(parent_id) END AS id
    FROM unit_results WHERE year = $year
), summary AS (
    SELECT r.field_slug, r.ordinal, avg(r.percent) AS average, min(r.percent) AS lo, max(r.percent) AS hi, count(*) AS n
    FROM field_results r, scope
    WHERE r.year = $year AND (scope.id IS NULL OR r.parent_id = scope.id)
    GROUP BY r.field_slug, r.ordinal
)
SELECT m.field_slug, f.name_vi, f.name_en, m.average, rank() OVER (ORDER BY m.average DESC),
       m.lo, m.hi, m.n,
       pa.rank, pa.average_percent::DOUBLE, s.kind, s.title, s.issued::VARCHAR, s.url
FROM summary m
CROSS JOIN scope
JOIN framework_years fy ON fy.year = $year
JOIN fields f ON f.framework_id = fy.framework_id AND f.slug = m.field_slug
LEFT JOIN published_field_averages pa ON pa.year = $year AND pa.scope_id = scope.id AND pa.field_slug = m.field_slug
LEFT JOIN sources s ON s.id = pa.source_id
ORDER BY m.ordinal`

// FieldSummary returns, for each field of the year's framework in order, the average of the
// units' percents in a scope and its rank among the fields, with the published values where a
// decision gave them for the same scope.
func (s *Store) FieldSummary(ctx context.Context, year int, parent *string) ([]FieldSummary, error) {
	scope := ""
	if parent != nil {
		id, err := s.resolveUnit(ctx, *parent, &year)
		if err != nil {
			return nil, err
		}
		scope = id
	}
	rows, err := s.db.QueryContext(ctx, fieldSummarySQL, sql.Named("year", year), sql.Named("parent", scope))
	if err != nil {
		return nil, fmt.Errorf("field summary %d: %w", year, err)
	}
	defer rows.Close()
	out := []FieldSummary{}
	for rows.Next() {
		var f FieldSummary
		var pubRank sql.NullInt64
		var pubAvg *float64
		var kind, title sql.NullString
		var date, url *string
		if err := rows.Scan(&f.Field.Slug, &f.Field.NameVi, &f.Field.NameEn, &f.Average, &f.Rank,
			&f.Min, &f.Max, &f.Units, &pubRank, &pubAvg, &kind, &title, &date, &url); err != nil {
			return nil, fmt.Errorf("field summary %d: %w", year, err)
		}
		if pubRank.Valid {
			f.Published = &PublishedFieldAverage{
				Average: pubAvg, Rank: int(pubRank.Int64),
				Source: Source{Kind: SourceKind(kind.String), Title: title.String, Date: date, URL: url},
			}
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("field summary %d: %w", year, err)
	}
	if len(out) == 0 {
		if err := s.checkYear(ctx, year); err != nil {
			return nil, err
		}
	}
	return out, nil
}
