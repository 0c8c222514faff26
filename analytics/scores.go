package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
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

const scoresSQL = `
WITH me AS (SELECT parent_id, framework_id FROM unit_results WHERE unit_id = $unit AND year = $year),
leader AS (
    SELECT r.unit_id FROM unit_results r JOIN me ON r.parent_id = me.parent_id
    WHERE r.year = $year ORDER BY r.rank, r.sort_key LIMIT 1
),
best AS (
    SELECT c.criterion_code, max(c.points) AS points
    FROM criterion_results c JOIN me ON c.parent_id = me.parent_id
    WHERE c.year = $year GROUP BY c.criterion_code
)
SELECT cr.code, cr.name, cr.max_points::DOUBLE, f.slug, f.name_vi, f.name_en,
       m.points, m.percent, l.points, best.points
FROM criterion_results m
JOIN me ON true
JOIN criteria cr ON cr.framework_id = me.framework_id AND cr.code = m.criterion_code
JOIN fields f ON f.framework_id = cr.framework_id AND f.slug = cr.field_slug
JOIN criterion_results l ON l.year = $year AND l.unit_id = (SELECT unit_id FROM leader) AND l.criterion_code = m.criterion_code
JOIN best ON best.criterion_code = m.criterion_code
WHERE m.year = $year AND m.unit_id = $unit
ORDER BY l.points - m.points DESC, cr.max_points - m.points DESC, cr.ordinal`

// Scores returns every criterion of a unit's year, the largest loss against the first-ranked unit
// of its parent first, then the largest loss against the maximum.
func (s *Store) Scores(ctx context.Context, idOrCode string, year int) ([]CriterionScore, error) {
	id, err := s.resolveUnit(ctx, idOrCode, &year)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, scoresSQL, sql.Named("unit", id), sql.Named("year", year))
	if err != nil {
		return nil, fmt.Errorf("scores of %s in %d: %w", id, year, err)
	}
	defer rows.Close()
	out := []CriterionScore{}
	for rows.Next() {
		var c CriterionScore
		if err := rows.Scan(&c.Criterion.Code, &c.Criterion.Name, &c.Criterion.MaxPoints,
			&c.Field.Slug, &c.Field.NameVi, &c.Field.NameEn,
			&c.Points, &c.Percent, &c.LeaderPoints, &c.BestPoints); err != nil {
			return nil, fmt.Errorf("scores of %s in %d: %w", id, year, err)
		}
		c.MaxPoints = c.Criterion.MaxPoints
		c.LostToMax = round2(c.MaxPoints - c.Points)
		c.LostToLeader = round2(c.LeaderPoints - c.Points)
		c.LostToBest = round2(c.BestPoints - c.Points)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scores of %s in %d: %w", id, year, err)
	}
	if len(out) == 0 {
		if err := s.checkYear(ctx, year); err != nil {
			return nil, err
		}
		return nil, notFound("unit %s has no scores in %d", id, year)
	}
	return out, nil
}

// round2 rounds points to the cent they are given in, so that differences read 0.35, not
// 0.35000000000000003.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
