package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// derivedVersion names the shape of the derived tables this code reads. A database that holds
// another shape is rebuilt when it is opened (see ensureDerived).
const derivedVersion = 16

// refreshDerived rebuilds every derived column and table from the reference tables and the
// scores, inside the caller's transaction. Queries read only what this writes: on these machines
// each join of a request costs 0.3–0.5 ms even on tiny tables, so a ranking that joined units,
// groups, sources and published results took 15–35 ms; read from one table it takes about 1 ms.
//
// Derived:
//   - as published: unit_results, field_results and criterion_results, one row per unit that
//     was scored, as it was that year (its coverage is FULL and it is its own contributor, so
//     neither is stored);
//   - field_summaries: each field's average, minimum, maximum and count per year and district,
//     province (over all its communes) and over every unit (scope ”), as published;
//   - rollups of the results tables as published, for aggregates (rollup.go);
//   - current: current_results and current_field_results, one row per unit that exists today
//     and year, with its own results or, for years before it existed, the equal-weight mean of
//     its predecessors' results, with coverage FULL or PARTIAL and the contributors.
//
// Ranks are standard competition ranks (1, 2, 2, 4) among the units of the same parent and year.
// The computed group is the highest band whose minimum the total percent reaches; as published
// it is compared in exact decimals, so that 90.00 % is group I.
func refreshDerived(ctx context.Context, conn *sql.Conn) error {
	return refreshDerivedYear(ctx, conn, 0)
}

// refreshDerivedYear is refreshDerived for the results of one year only (0: every year), when
// nothing but that year's scores and published results changed (an import): the rows of that
// year are replaced and the other years kept, so that an import of a national year does not pay
// for the twenty others. The units' own keys and lineage are left as they are.
func refreshDerivedYear(ctx context.Context, conn *sql.Conn, year int) error {
	scope := derivedScope(year)
	steps := []struct{ name, sql string }{
		{"unit keys", `
UPDATE units SET sort_key = o.k, parent_code = o.parent_code, parent_name = o.parent_name, province_id = o.province_id
FROM (SELECT u.id, row_number() OVER (ORDER BY u.name COLLATE vi, u.list DESC, u.id) AS k,
             p.code AS parent_code, p.name AS parent_name,
             CASE WHEN u.level = 1 THEN u.id WHEN p.level = 1 THEN p.id ELSE g.id END AS province_id
        FROM units u LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN units g ON g.id = p.parent_id) o
WHERE units.id = o.id`},
		// The framework in force for each unit with scores or published results in a year: its
		// nearest issuer's (its parent's, then its province's, matched by code on the same side
		// of the reorganisation of 1 July 2025, as dataset.SameIssuer: a renamed district keeps
		// its framework, a province of 1 July 2025 does not inherit one), the latest that began
		// by that year, else the one of issuer '' (everywhere); and the cohort of the unit's kind
		// under it.
		{"unit frameworks", scope.replace("unit_frameworks", `
WITH scored AS (
    SELECT DISTINCT year, unit_id FROM scores WHERE `+scope.where("year")+`
    UNION SELECT year, unit_id FROM published_results WHERE `+scope.where("year")+`
), issuers AS (
    SELECT split_part(issuer_id, '@', 1) AS code, split_part(issuer_id, '@', 2) >= '2025-07-01' AS reorganised,
           issuer_id = '' AS everywhere, first_year, framework_id
    FROM framework_scopes
), units_of AS (
    SELECT s.year, s.unit_id, u.kind, u.parent_id, u.province_id,
           split_part(u.parent_id, '@', 1) AS parent_code, split_part(u.parent_id, '@', 2) >= '2025-07-01' AS parent_reorganised,
           split_part(u.province_id, '@', 1) AS province_code, split_part(u.province_id, '@', 2) >= '2025-07-01' AS province_reorganised
    FROM scored s JOIN units u ON u.id = s.unit_id
), inforce AS (
    SELECT s.year, s.unit_id, any_value(s.kind) AS kind, any_value(s.parent_id) AS parent_id, any_value(s.province_id) AS province_id,
           arg_max(i.framework_id, (CASE WHEN i.everywhere THEN 0
                                         WHEN i.code = s.parent_code AND i.reorganised = s.parent_reorganised THEN 2 ELSE 1 END) * 10000 + i.first_year) AS framework_id
    FROM units_of s
    JOIN issuers i ON i.first_year <= s.year
     AND (i.everywhere OR i.code = s.parent_code AND i.reorganised = s.parent_reorganised
                       OR i.code = s.province_code AND i.reorganised = s.province_reorganised)
    GROUP BY s.year, s.unit_id
)
SELECT f.year::SMALLINT AS year, f.unit_id, f.framework_id,
       coalesce((SELECT min(c.slug) FROM cohorts c WHERE c.framework_id = f.framework_id AND list_contains(c.kinds, f.kind)), '') AS cohort,
       f.parent_id, f.province_id
FROM inforce f
ORDER BY year, unit_id`)},
		// The scores are summed by unit and field first, and the units and fields joined to the
		// sums (80k rows for a national year, not 400k grouped by nine columns). Bonus and penalty
		// points sum into the field '' (every unit of a framework that has them gets that row,
		// 0 when it has none, so that a mean over predecessors counts each of them).
		{"field base", `
CREATE OR REPLACE TEMP TABLE field_base AS
WITH sums AS (
    SELECT s.year, s.unit_id, uf.framework_id, uf.cohort, c.field_slug, sum(s.points) AS exact_points, min(s.source_id) AS source_id
    FROM scores s
    JOIN unit_frameworks uf ON uf.year = s.year AND uf.unit_id = s.unit_id
    JOIN criteria c ON c.framework_id = uf.framework_id AND c.code = s.criterion_code
    WHERE ` + scope.where("s.year") + `
    GROUP BY s.year, s.unit_id, uf.framework_id, uf.cohort, c.field_slug
), adjusted AS (
    SELECT * FROM sums
    UNION ALL
    SELECT year, unit_id, framework_id, cohort, '', 0, min(source_id)
    FROM sums
    WHERE framework_id IN (SELECT framework_id FROM criteria WHERE kind <> 'SCORE')
    GROUP BY year, unit_id, framework_id, cohort
    HAVING NOT bool_or(field_slug = '')
)
SELECT t.year::SMALLINT AS year, t.unit_id, u.parent_id, u.province_id, t.framework_id, t.cohort,
       t.field_slug, coalesce(f.ordinal, 0)::TINYINT AS ordinal,
       t.exact_points, f.max_points AS exact_max,
       t.exact_points::DOUBLE AS points, f.max_points::DOUBLE AS max_points,
       round(t.exact_points::DOUBLE / f.max_points::DOUBLE * 100, 6) AS percent,
       (CASE WHEN t.field_slug <> '' THEN rank() OVER (PARTITION BY t.year, u.parent_id, t.cohort, t.field_slug ORDER BY t.exact_points DESC) END)::INTEGER AS rank,
       t.source_id
FROM adjusted t
JOIN units u ON u.id = t.unit_id
LEFT JOIN fields f ON f.framework_id = t.framework_id AND f.slug = t.field_slug`},
		{"unit results", scope.replace("unit_results", totalsSQL("field_base", false))},
		{"field results", scope.replace("field_results", fieldResultsSQL("field_base", "unit_results"))},
		// Scopes: each district (the parent of communes before 1 July 2025), each province (over
		// all its communes, in districts or not), and every unit of the year ('').
		{"field summaries", scope.replace("field_summaries", `
SELECT year, parent_id AS scope, field_slug, avg(percent) AS average, min(percent) AS lo, max(percent) AS hi, count(*) AS n
FROM field_results WHERE `+scope.where("year")+` AND parent_id IS DISTINCT FROM province_id GROUP BY year, parent_id, field_slug
UNION ALL
SELECT year, province_id, field_slug, avg(percent), min(percent), max(percent), count(*)
FROM field_results WHERE `+scope.where("year")+` AND province_id IS NOT NULL GROUP BY year, province_id, field_slug
UNION ALL
SELECT year, '' AS scope, field_slug, avg(percent), min(percent), max(percent), count(*)
FROM field_results WHERE `+scope.where("year")+` GROUP BY year, field_slug
ORDER BY year, scope, field_slug`)},
		// Sorted by two integers, each unit's and each criterion's place (numbered on the 10k
		// units and the criteria), rather than by four strings for each of 400k rows.
		{"criterion results", scope.replace("criterion_results", `
WITH r AS (
    SELECT year, unit_id, parent_id, province_id, framework_id, group_code,
           row_number() OVER (PARTITION BY year ORDER BY province_id, parent_id, unit_id) AS place
    FROM unit_results WHERE `+scope.where("year")+`
), c AS (
    SELECT framework_id, code, field_slug, max_points, row_number() OVER (PARTITION BY framework_id ORDER BY code) AS place
    FROM criteria WHERE kind = 'SCORE'
)
SELECT s.year::SMALLINT AS year, s.unit_id, r.parent_id, r.province_id, c.field_slug, s.criterion_code,
       s.points::DOUBLE AS points, c.max_points::DOUBLE AS max_points,
       round(s.points::DOUBLE / c.max_points::DOUBLE * 100, 6) AS percent, r.group_code
FROM scores s
JOIN r ON r.year = s.year AND r.unit_id = s.unit_id
JOIN c ON c.framework_id = r.framework_id AND c.code = s.criterion_code
WHERE `+scope.where("s.year")+`
ORDER BY s.year, r.place, c.place`)},
		// A current unit with results of its own that year keeps them (FULL, itself the only
		// contributor); one without gets the equal-weight mean (of exact sums, so that it does
		// not depend on the order of the rows) of the results of the units it
		// was formed from that had results that year, through any number of links (a commune
		// merged into another in 2020 that was merged again in 2025), candidates excepted. The
		// value is FULL when every path to a contributor is whole and every such unit that
		// existed that year contributed; INFERRED when a path rests on a receiver the lists do
		// not establish.
		{"current field base", `
CREATE OR REPLACE TEMP TABLE current_field_base AS
WITH RECURSIVE cur AS (SELECT id, parent_id, province_id, kind FROM units WHERE valid_to IS NULL),
links AS (
    SELECT predecessor_id, successor_id, coverage = 'FULL' AS whole, certainty = 'INFERRED' AS inferred
    FROM lineage WHERE certainty <> 'CANDIDATE'
),
walk(unit_id, ancestor_id, whole, inferred) AS (
    SELECT l.successor_id, l.predecessor_id, l.whole, l.inferred FROM links l JOIN cur ON cur.id = l.successor_id
    UNION ALL
    SELECT w.unit_id, l.predecessor_id, w.whole AND l.whole, w.inferred OR l.inferred
    FROM walk w JOIN links l ON l.successor_id = w.ancestor_id
),
anc AS (SELECT unit_id, ancestor_id, bool_and(whole) AS whole, bool_or(inferred) AS inferred FROM walk GROUP BY unit_id, ancestor_id),
years AS (SELECT DISTINCT year FROM field_base),
expected AS (
    SELECT a.unit_id, y.year, count(*) AS n
    FROM anc a
    JOIN units u ON u.id = a.ancestor_id
    JOIN years y ON coalesce(u.valid_from, DATE '0001-01-01') <= make_date(y.year, 12, 31)
                AND make_date(y.year, 12, 31) <= coalesce(u.valid_to, DATE '9999-12-31')
    GROUP BY a.unit_id, y.year
),
own AS (SELECT DISTINCT year, unit_id FROM field_base),
combined AS (
    SELECT f.year, f.unit_id, f.framework_id, f.cohort, f.field_slug, f.ordinal, f.points, f.max_points, f.source_id,
           'FULL' AS coverage, false AS inferred, [f.unit_id] AS contributors
    FROM field_base f JOIN cur ON cur.id = f.unit_id
    UNION ALL
    SELECT f.year, a.unit_id, min(f.framework_id), NULL, f.field_slug, any_value(f.ordinal),
           sum(f.exact_points)::DOUBLE / count(*), sum(f.exact_max)::DOUBLE / count(*), min(f.source_id),
           CASE WHEN bool_and(a.whole) AND count(*) = any_value(e.n) THEN 'FULL' ELSE 'PARTIAL' END,
           bool_or(a.inferred),
           list(f.unit_id ORDER BY f.unit_id)
    FROM anc a
    JOIN field_base f ON f.unit_id = a.ancestor_id
    LEFT JOIN expected e ON e.unit_id = a.unit_id AND e.year = f.year
    WHERE NOT EXISTS (SELECT 1 FROM own o WHERE o.unit_id = a.unit_id AND o.year = f.year)
    GROUP BY f.year, a.unit_id, f.field_slug
),
-- A combined unit (whose predecessors may have had several frameworks) is ranked in the cohort
-- its own kind has under the framework of the first of them.
cohorted AS (
    SELECT c.*, cur.parent_id, cur.province_id,
           coalesce(c.cohort, (SELECT min(h.slug) FROM cohorts h WHERE h.framework_id = c.framework_id AND list_contains(h.kinds, cur.kind)), '') AS unit_cohort
    FROM combined c JOIN cur ON cur.id = c.unit_id
)
SELECT c.year, c.unit_id, c.parent_id, c.province_id, c.framework_id, c.unit_cohort AS cohort, c.field_slug, c.ordinal,
       c.points::DECIMAL(18, 9) AS exact_points, c.max_points::DECIMAL(18, 9) AS exact_max,
       c.points, c.max_points, round(c.points / c.max_points * 100, 6) AS percent,
       (CASE WHEN c.field_slug <> '' THEN rank() OVER (PARTITION BY c.year, c.parent_id, c.unit_cohort, c.field_slug ORDER BY round(c.points / c.max_points, 9) DESC) END)::INTEGER AS rank,
       c.source_id, c.coverage, c.inferred, c.contributors
FROM cohorted c`},
		{"current results", scope.replace("current_results", totalsSQL("current_field_base", true))},
		// A unit's coverage and contributors are the same for each of its fields: its results say them.
		{"current field results", scope.replace("current_field_results", fieldResultsSQL("current_field_base", "current_results"))},
		// Only the units whose years change are written (most units of the registry have none:
		// NULL, read as no year).
		{"years of each unit", `
UPDATE units SET result_years = o.years
FROM (SELECT u.id, r.years
        FROM units u LEFT JOIN (SELECT unit_id, list(year ORDER BY year) AS years FROM unit_results GROUP BY unit_id) r ON r.unit_id = u.id
       WHERE ` + scope.unitsOfYear("u") + ` AND (r.years IS NOT NULL OR u.result_years IS NOT NULL)) o
WHERE units.id = o.id AND units.result_years IS DISTINCT FROM o.years`},
		{"drop temporary tables", `DROP TABLE field_base; DROP TABLE current_field_base`},
		// Derived by versions before 11 for trends, which the read model (model.go) now answers.
		{"drop tables no longer derived", `DROP TABLE IF EXISTS unit_series; DROP TABLE IF EXISTS field_series`},
		{"derived version", fmt.Sprintf(`DELETE FROM derived_version; INSERT INTO derived_version VALUES (%d)`, derivedVersion)},
	}
	for _, step := range steps {
		if year != 0 && step.name == "unit keys" {
			continue // units did not change
		}
		done := func() {}
		if traceDerive != nil {
			done = traceDerive(step.name)
		}
		if _, err := conn.ExecContext(ctx, step.sql); err != nil {
			return fmt.Errorf("refresh derived tables: %s: %w", step.name, err)
		}
		done()
	}
	return refreshRollups(ctx, conn, scope)
}

// traceDerive, when set (by benchmarks), is called as each step of a refresh starts; the function
// it returns, as the step ends.
var traceDerive func(step string) (done func())

// derivedScope is the year a refresh of the derived tables is limited to; 0 is every year.
type derivedScope int

// replace is the statement that fills target with the rows of query: the whole table, or the
// rows of the scope's year.
func (y derivedScope) replace(target, query string) string {
	if y == 0 {
		return "CREATE OR REPLACE TABLE " + target + " AS " + query
	}
	return fmt.Sprintf("DELETE FROM %s WHERE year = %d; INSERT INTO %s %s", target, y, target, query)
}

// unitsOfYear is the condition that keeps the units (alias u) whose years of results change with
// the refresh of the scope's year: those with results in that year now and not before, or before
// and not now. The years of the others, which the refresh did not touch, are already right.
func (y derivedScope) unitsOfYear(u string) string {
	if y == 0 {
		return "TRUE"
	}
	return fmt.Sprintf("(%[1]s.id IN (SELECT unit_id FROM unit_results WHERE year = %[2]d)) <> coalesce(list_contains(%[1]s.result_years, %[2]d), false)", u, y)
}

// where is the condition that keeps the scope's rows, on a column holding the year.
func (y derivedScope) where(column string) string {
	if y == 0 {
		return "TRUE"
	}
	return fmt.Sprintf("%s = %d", column, y)
}

// totalsSQL is the query of a results table (one row per unit and year) from a table of field
// results of the same boundary. Names, group labels, sources and published results are not copied
// here: requests take them from the reference data in memory (refs.go). Combined results (the
// current boundary) carry their coverage and contributors; a unit's own results, neither.
func totalsSQL(fields string, combined bool) string {
	lineage, out := "", ""
	if combined {
		lineage = ", any_value(f.coverage) AS coverage, any_value(f.inferred) AS inferred, any_value(f.contributors) AS contributors"
		out = ", t.coverage, t.inferred, t.contributors"
	}
	return strings.NewReplacer("$fields", fields, "$lineage", lineage, "$out", out).Replace(`
WITH framework_max AS (
    SELECT framework_id, sum(max_points) AS max_points FROM fields GROUP BY framework_id
), totals AS (
    SELECT f.year, f.unit_id, any_value(f.parent_id) AS parent_id, any_value(f.province_id) AS province_id,
           any_value(f.framework_id) AS framework_id, any_value(f.cohort) AS cohort,
           sum(f.exact_points) AS exact_points, any_value(fm.max_points) AS exact_max,
           min(f.source_id) AS source_id$lineage
    FROM $fields f
    JOIN framework_max fm ON fm.framework_id = f.framework_id
    GROUP BY f.year, f.unit_id
)
-- The class is the best band whose minimum (points, or percent of the maximum) the total
-- reaches, compared in exact decimals so that 90.00 % is in the band of 90; else the last band.
SELECT t.year, t.unit_id, t.parent_id, t.province_id, t.framework_id, t.cohort,
       t.exact_points::DOUBLE AS points, t.exact_max::DOUBLE AS max_points,
       round(t.exact_points::DOUBLE / t.exact_max::DOUBLE * 100, 6) AS percent,
       rank() OVER (PARTITION BY t.year, t.parent_id, t.cohort ORDER BY t.exact_points DESC)::INTEGER AS rank,
       coalesce((SELECT arg_min(g.code, g.ordinal) FROM group_bands g
                  WHERE g.framework_id = t.framework_id
                    AND CASE WHEN g.min_points IS NOT NULL THEN t.exact_points >= g.min_points
                             ELSE t.exact_points * 100 >= g.min_percent * t.exact_max END),
                (SELECT arg_max(g.code, g.ordinal) FROM group_bands g WHERE g.framework_id = t.framework_id)) AS group_code,
       t.source_id, u.sort_key$out
FROM totals t
JOIN units u ON u.id = t.unit_id
ORDER BY t.year, t.parent_id, rank, u.sort_key`)
}

// fieldResultsSQL is the query of a field results table from the field rows of a boundary and
// its totals, which give each row the unit's group.
func fieldResultsSQL(base, results string) string {
	return strings.NewReplacer("$base", base, "$results", results).Replace(`
SELECT f.year, f.unit_id, f.parent_id, f.province_id, f.field_slug, f.ordinal, f.points, f.max_points,
       f.percent, f.rank, f.source_id, r.group_code
FROM $base f JOIN $results r ON r.year = f.year AND r.unit_id = f.unit_id
WHERE f.field_slug <> ''
ORDER BY f.year, f.parent_id, f.field_slug, f.unit_id`)
}

// ensureDerived rebuilds the derived tables when the database holds another shape than this
// code reads (a database written by an older parindex).
func (s *Store) ensureDerived(ctx context.Context) error {
	var version sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT max(version) FROM derived_version`).Scan(&version); err != nil {
		return fmt.Errorf("derived version: %w", err)
	}
	if version.Valid && version.Int64 == derivedVersion {
		return nil
	}
	return s.inTx(ctx, func(conn *sql.Conn) error { return refreshDerived(ctx, conn) })
}
