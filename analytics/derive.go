package analytics

import (
	"context"
	"database/sql"
	"fmt"
)

// refreshDerived rebuilds every derived column and table from the reference tables and the
// scores, inside the caller's transaction. Queries read only what this writes: on these machines
// each join of a request costs 0.3–0.5 ms even on tiny tables, so a ranking that joined units,
// groups, sources and published results took 15–35 ms; read from one table it takes about 1 ms.
//
// Ranks are standard competition ranks (1, 2, 2, 4) among the units of the same parent and
// year, on points (the units of a parent and year share a framework, so points order as percents
// do). The computed group is the highest band whose minimum the total percent reaches, compared
// in exact decimals so that 90.00 % is group I.
func refreshDerived(ctx context.Context, conn *sql.Conn) error {
	for _, step := range []struct{ name, sql string }{
		{"unit sort keys and parents", `
UPDATE units SET sort_key = o.k, parent_code = o.parent_code, parent_name = o.parent_name
FROM (SELECT u.id, row_number() OVER (ORDER BY u.name COLLATE vi, u.list DESC, u.id) AS k,
             p.code AS parent_code, p.name AS parent_name
        FROM units u LEFT JOIN units p ON p.id = u.parent_id) o
WHERE units.id = o.id`},
		{"unit lineage", `
UPDATE units SET lineage_json = coalesce(o.links, '[]')
FROM (SELECT u.id,
             (SELECT to_json(list({
                 predecessor: {id: a.id, code: a.code, name: a.name, shortName: a.short_name, kind: a.kind, parent: a.parent_code},
                 successor:   {id: b.id, code: b.code, name: b.name, shortName: b.short_name, kind: b.kind, parent: b.parent_code},
                 effective: l.effective::VARCHAR, coverage: l.coverage} ORDER BY l.effective, a.code, b.code))::VARCHAR
                FROM lineage l JOIN units a ON a.id = l.predecessor_id JOIN units b ON b.id = l.successor_id
               WHERE l.predecessor_id = u.id OR l.successor_id = u.id) AS links
        FROM units u) o
WHERE units.id = o.id`},
		{"field results", `DELETE FROM field_results`},
		{"field results", `
INSERT INTO field_results
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
ORDER BY s.year, u.parent_id, f.slug, s.unit_id`},
		{"unit results", `DELETE FROM unit_results`},
		{"unit results", `
INSERT INTO unit_results
WITH totals AS (
    SELECT r.year, r.unit_id, r.parent_id, fy.framework_id, sum(r.points) AS points,
           fm.max_points, min(r.source_id) AS source_id,
           to_json(list({field: {slug: r.field_slug, nameVi: fd.name_vi, nameEn: fd.name_en},
                         points: r.points::DOUBLE, maxPoints: r.max_points::DOUBLE,
                         percent: r.percent, rank: r.rank} ORDER BY r.ordinal))::VARCHAR AS fields_json
    FROM field_results r
    JOIN framework_years fy ON fy.year = r.year
    JOIN fields fd ON fd.framework_id = fy.framework_id AND fd.slug = r.field_slug
    JOIN (SELECT framework_id, sum(max_points) AS max_points FROM fields GROUP BY framework_id) fm
      ON fm.framework_id = fy.framework_id
    GROUP BY r.year, r.unit_id, r.parent_id, fy.framework_id, fm.max_points
), ranked AS (
    SELECT t.*,
           round(t.points::DOUBLE / t.max_points::DOUBLE * 100, 6) AS percent,
           rank() OVER (PARTITION BY t.year, t.parent_id ORDER BY t.points DESC) AS rank,
           (SELECT arg_max(g.code, g.min_percent) FROM group_bands g
             WHERE g.framework_id = t.framework_id AND t.points * 100 >= g.min_percent * t.max_points) AS group_code
    FROM totals t
)
SELECT r.year, r.unit_id, r.parent_id, r.framework_id, r.points, r.max_points, r.percent, r.rank,
       r.group_code, r.source_id,
       u.sort_key, u.code, u.name, u.short_name, u.kind, u.parent_code,
       g.label_vi, g.label_en, g.min_percent::DOUBLE,
       s.kind, s.title, s.issued::VARCHAR, s.url,
       pr.group_code, pg.label_vi, pg.label_en, pg.min_percent::DOUBLE, pr.rank,
       ps.kind, ps.title, ps.issued::VARCHAR, ps.url,
       r.fields_json
FROM ranked r
JOIN units u ON u.id = r.unit_id
JOIN group_bands g ON g.framework_id = r.framework_id AND g.code = r.group_code
JOIN sources s ON s.id = r.source_id
LEFT JOIN published_results pr ON pr.year = r.year AND pr.unit_id = r.unit_id
LEFT JOIN group_bands pg ON pg.framework_id = r.framework_id AND pg.code = pr.group_code
LEFT JOIN sources ps ON ps.id = pr.source_id
ORDER BY r.year, r.parent_id, r.rank, u.sort_key`},
		{"years of each unit", `
UPDATE units SET result_years = coalesce(o.years, [])
FROM (SELECT u.id, (SELECT list(r.year ORDER BY r.year) FROM unit_results r WHERE r.unit_id = u.id) AS years
        FROM units u) o
WHERE units.id = o.id`},
	} {
		if _, err := conn.ExecContext(ctx, step.sql); err != nil {
			return fmt.Errorf("refresh derived tables: %s: %w", step.name, err)
		}
	}
	return nil
}
