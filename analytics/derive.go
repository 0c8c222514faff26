package analytics

import (
	"context"
	"database/sql"
	"fmt"
)

// refreshDerived rebuilds field_results and unit_results from the scores, inside the caller's
// transaction. Queries read only these tables, so a request never sums criteria.
//
// Ranks are standard competition ranks (1, 2, 2, 4) among the units of the same parent and
// year, on points (the units of a parent and year share a framework, so points order as percents
// do). The computed group is the highest band whose minimum the total percent reaches, compared
// in exact decimals so that 90.00 % is group I.
func refreshDerived(ctx context.Context, conn *sql.Conn) error {
	for _, stmt := range []string{
		`DELETE FROM field_results`,
		`INSERT INTO field_results
		SELECT s.year, s.unit_id, u.parent_id, f.slug, f.ordinal,
		       sum(s.points) AS points, f.max_points,
		       round(sum(s.points)::DOUBLE / f.max_points::DOUBLE * 100, 6),
		       rank() OVER (PARTITION BY s.year, u.parent_id, f.slug ORDER BY sum(s.points) DESC),
		       min(s.source_id)
		FROM scores s
		JOIN units u ON u.id = s.unit_id
		JOIN framework_years fy ON fy.year = s.year
		JOIN criteria c ON c.framework_id = fy.framework_id AND c.code = s.criterion_code
		JOIN fields f ON f.framework_id = c.framework_id AND f.slug = c.field_slug
		GROUP BY s.year, s.unit_id, u.parent_id, f.slug, f.ordinal, f.max_points
		ORDER BY s.year, u.parent_id, s.unit_id, f.ordinal`,
		`DELETE FROM unit_results`,
		`INSERT INTO unit_results
		WITH totals AS (
		    SELECT r.year, r.unit_id, r.parent_id, fy.framework_id, sum(r.points) AS points,
		           fm.max_points, min(r.source_id) AS source_id
		    FROM field_results r
		    JOIN framework_years fy ON fy.year = r.year
		    JOIN (SELECT framework_id, sum(max_points) AS max_points FROM fields GROUP BY framework_id) fm
		      ON fm.framework_id = fy.framework_id
		    GROUP BY r.year, r.unit_id, r.parent_id, fy.framework_id, fm.max_points
		)
		SELECT t.year, t.unit_id, t.parent_id, t.framework_id, t.points, t.max_points,
		       round(t.points::DOUBLE / t.max_points::DOUBLE * 100, 6),
		       rank() OVER (PARTITION BY t.year, t.parent_id ORDER BY t.points DESC),
		       (SELECT arg_max(g.code, g.min_percent) FROM group_bands g
		         WHERE g.framework_id = t.framework_id AND t.points * 100 >= g.min_percent * t.max_points),
		       t.source_id
		FROM totals t
		ORDER BY t.year, t.parent_id, t.unit_id`,
	} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("refresh derived tables: %w", err)
		}
	}
	return nil
}
