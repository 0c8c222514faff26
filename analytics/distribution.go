package analytics

import (
	"context"
	"database/sql"
	"fmt"
)

// GroupDistribution counts units per group in a year and the year before.
type GroupDistribution struct {
	Year          int          `json:"year"`
	PreviousYear  *int         `json:"previousYear"`
	Units         int          `json:"units"`
	PreviousUnits *int         `json:"previousUnits"`
	Groups        []GroupCount `json:"groups"`
}

// GroupCount is the units of one group.
type GroupCount struct {
	Group         Group    `json:"group"`
	Count         int      `json:"count"`
	Share         float64  `json:"share"`
	PreviousCount *int     `json:"previousCount"`
	PreviousShare *float64 `json:"previousShare"`
}

const distributionSQL = `
WITH scoped AS (
    SELECT year, group_code FROM unit_results
    WHERE year IN ($year, $year - 1) AND ($parent = '' OR parent_id = $parent OR province_id = $parent)
),
counts AS (SELECT year, group_code, count(*) AS n FROM scoped GROUP BY year, group_code),
totals AS (SELECT year, count(*) AS n FROM scoped GROUP BY year)
SELECT g.code, g.label_vi, g.label_en, g.min_percent::DOUBLE,
       coalesce(c.n, 0), (SELECT n FROM totals WHERE year = $year),
       CASE WHEN (SELECT n FROM totals WHERE year = $year - 1) IS NOT NULL THEN coalesce(p.n, 0) END,
       (SELECT n FROM totals WHERE year = $year - 1)
FROM framework_years fy
JOIN group_bands g ON g.framework_id = fy.framework_id
LEFT JOIN counts c ON c.year = $year AND c.group_code = g.code
LEFT JOIN counts p ON p.year = $year - 1 AND p.group_code = g.code
WHERE fy.year = $year
ORDER BY g.ordinal`

// GroupDistribution counts the units of each group of the year's framework (empty groups too) in
// a scope, and in the same scope the year before when it has results there. Groups of the two
// years are matched by code.
func (s *Store) GroupDistribution(ctx context.Context, year int, parent *string) (*GroupDistribution, error) {
	scope := ""
	if parent != nil {
		id, err := s.resolveUnit(ctx, *parent, &year)
		if err != nil {
			return nil, err
		}
		scope = id
	}
	rows, err := s.db.QueryContext(ctx, distributionSQL, sql.Named("year", year), sql.Named("parent", scope))
	if err != nil {
		return nil, fmt.Errorf("group distribution %d: %w", year, err)
	}
	defer rows.Close()
	out := &GroupDistribution{Year: year, Groups: []GroupCount{}}
	for rows.Next() {
		var g GroupCount
		var units, prevCount, prevUnits sql.NullInt64
		if err := rows.Scan(&g.Group.Code, &g.Group.Label, &g.Group.LabelEn, &g.Group.MinPercent,
			&g.Count, &units, &prevCount, &prevUnits); err != nil {
			return nil, fmt.Errorf("group distribution %d: %w", year, err)
		}
		out.Units = int(units.Int64)
		if out.Units > 0 {
			g.Share = float64(g.Count) / float64(out.Units) * 100
		}
		if prevUnits.Valid {
			py, pu, pc := year-1, int(prevUnits.Int64), int(prevCount.Int64)
			share := float64(pc) / float64(pu) * 100
			out.PreviousYear, out.PreviousUnits = &py, &pu
			g.PreviousCount, g.PreviousShare = &pc, &share
		}
		out.Groups = append(out.Groups, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("group distribution %d: %w", year, err)
	}
	if out.Units == 0 {
		if err := s.checkYear(ctx, year); err != nil {
			return nil, err
		}
	}
	return out, nil
}
