-- What ENUM keys would buy a national import (issue 6).
-- See BENCHMARKS.md, "Known limits" (the national import).
--
-- Statements are separated by lines holding ";;". They were timed one by one (wall and process
-- CPU) on one connection of database/sql with duckdb-go v2.10506.0, on copies of
-- data/national.duckdb (go run ./cmd/bench -build):
--   1. enum-keys-convert.sql on one copy (the other stays as it is);
--   2. this file on both copies, each freshly copied, with its .wal removed.
-- The setup stages the 2024 scores as the importer stages a file (unit and criterion by position,
-- points in cents, each moved by a quarter point); from "-- TIMING ON" on, the statements are what
-- Store.Import runs in its transaction for a national long CSV: the comparison with the data in
-- effect (diffStaged), the archive, the append (insertStaged) and every statement of
-- refreshDerivedYear(2024) and its rollups as derivedVersion 13 writes them, then the commit.
SET checkpoint_threshold = '256MB'
;;
SET disabled_compression_methods = 'fsst'
;;
CREATE TEMP TABLE import_units AS SELECT (row_number() OVER (ORDER BY unit_id) - 1)::INTEGER AS unit, unit_id FROM (SELECT DISTINCT unit_id FROM scores WHERE year = 2024)
;;
CREATE TEMP TABLE import_criteria AS SELECT (row_number() OVER (ORDER BY code) - 1)::SMALLINT AS crit, code FROM (SELECT DISTINCT criterion_code AS code FROM scores WHERE year = 2024)
;;
CREATE TEMP TABLE import_scores AS SELECT u.unit, c.crit, ((s.points * 100)::INTEGER + 25)::INTEGER AS cents FROM scores s JOIN import_units u USING (unit_id) JOIN import_criteria c ON c.code = s.criterion_code WHERE year = 2024 ORDER BY s.rowid
;;
CREATE TEMP TABLE import_scope AS SELECT unit_id FROM import_units
;;
-- TIMING ON
;;
BEGIN
;;
-- compare
WITH cur AS (
    SELECT s.unit_id, u.unit, c.crit, (s.points * 100)::BIGINT AS cents, src.kind = 'ILLUSTRATIVE' AS illustrative
    FROM scores s
    JOIN sources src ON src.id = s.source_id
    LEFT JOIN import_units u ON u.unit_id = s.unit_id
    LEFT JOIN import_criteria c ON c.code = s.criterion_code
    WHERE s.year = 2024 AND s.unit_id IN (SELECT unit_id FROM import_scope)
)
SELECT count(*), sum(a) FROM (
SELECT coalesce(cur.unit_id, u.unit_id),
       count(*) FILTER (WHERE cur.cents IS NULL) AS a,
       count(*) FILTER (WHERE cur.cents <> n.cents),
       count(*) FILTER (WHERE n.cents IS NULL),
       count(*) FILTER (WHERE cur.illustrative),
       count(cur.cents) > 0
FROM cur FULL JOIN import_scores n ON n.unit = cur.unit AND n.crit = cur.crit
LEFT JOIN import_units u ON u.unit = n.unit
GROUP BY 1)
;;
-- archive
INSERT INTO scores_archive SELECT *, 999 FROM scores WHERE year = 2024; DELETE FROM scores WHERE year = 2024
;;
-- append
INSERT INTO scores (year, unit_id, criterion_code, points, source_id, release_id)
SELECT 2024, u.unit_id, c.code, (n.cents::DECIMAL(9, 2) * 0.01)::DECIMAL(7, 2), 1, 999
FROM import_scores n JOIN import_units u ON u.unit = n.unit JOIN import_criteria c ON c.crit = n.crit
ORDER BY n.rowid
;;
-- field base

CREATE OR REPLACE TEMP TABLE field_base AS
WITH sums AS (
    SELECT s.year, s.unit_id, fy.framework_id, c.field_slug, sum(s.points) AS exact_points, min(s.source_id) AS source_id
    FROM scores s
    JOIN framework_years fy ON fy.year = s.year
    JOIN criteria c ON c.framework_id = fy.framework_id AND c.code = s.criterion_code
    WHERE s.year = 2024
    GROUP BY s.year, s.unit_id, fy.framework_id, c.field_slug
)
SELECT t.year::SMALLINT AS year, t.unit_id, u.parent_id, u.province_id, f.slug AS field_slug, f.ordinal::TINYINT AS ordinal,
       t.exact_points, f.max_points AS exact_max,
       t.exact_points::DOUBLE AS points, f.max_points::DOUBLE AS max_points,
       round(t.exact_points::DOUBLE / f.max_points::DOUBLE * 100, 6) AS percent,
       rank() OVER (PARTITION BY t.year, u.parent_id, f.slug ORDER BY t.exact_points DESC)::INTEGER AS rank,
       t.source_id
FROM sums t
JOIN units u ON u.id = t.unit_id
JOIN fields f ON f.framework_id = t.framework_id AND f.slug = t.field_slug
;;
-- unit results
DELETE FROM unit_results WHERE year = 2024; INSERT INTO unit_results 
WITH framework_max AS (
    SELECT framework_id, sum(max_points) AS max_points FROM fields GROUP BY framework_id
), totals AS (
    SELECT f.year, f.unit_id, any_value(f.parent_id) AS parent_id, any_value(f.province_id) AS province_id,
           fy.framework_id, sum(f.exact_points) AS exact_points, fm.max_points AS exact_max,
           min(f.source_id) AS source_id
    FROM field_base f
    JOIN framework_years fy ON fy.year = f.year
    JOIN framework_max fm ON fm.framework_id = fy.framework_id
    GROUP BY f.year, f.unit_id, fy.framework_id, fm.max_points
)
SELECT t.year, t.unit_id, t.parent_id, t.province_id, t.framework_id,
       t.exact_points::DOUBLE AS points, t.exact_max::DOUBLE AS max_points,
       round(t.exact_points::DOUBLE / t.exact_max::DOUBLE * 100, 6) AS percent,
       rank() OVER (PARTITION BY t.year, t.parent_id ORDER BY t.exact_points DESC)::INTEGER AS rank,
       (SELECT arg_max(g.code, g.min_percent) FROM group_bands g
         WHERE g.framework_id = t.framework_id AND t.exact_points * 100 >= g.min_percent * t.exact_max) AS group_code,
       t.source_id, u.sort_key
FROM totals t
JOIN units u ON u.id = t.unit_id
ORDER BY t.year, t.parent_id, rank, u.sort_key
;;
-- field results
DELETE FROM field_results WHERE year = 2024; INSERT INTO field_results 
SELECT f.year, f.unit_id, f.parent_id, f.province_id, f.field_slug, f.ordinal, f.points, f.max_points,
       f.percent, f.rank, f.source_id, r.group_code
FROM field_base f JOIN unit_results r ON r.year = f.year AND r.unit_id = f.unit_id
ORDER BY f.year, f.parent_id, f.field_slug, f.unit_id
;;
-- field summaries
DELETE FROM field_summaries WHERE year = 2024; INSERT INTO field_summaries 
SELECT year, parent_id AS scope, field_slug, avg(percent) AS average, min(percent) AS lo, max(percent) AS hi, count(*) AS n
FROM field_results WHERE year = 2024 AND parent_id IS DISTINCT FROM province_id GROUP BY year, parent_id, field_slug
UNION ALL
SELECT year, province_id, field_slug, avg(percent), min(percent), max(percent), count(*)
FROM field_results WHERE year = 2024 AND province_id IS NOT NULL GROUP BY year, province_id, field_slug
UNION ALL
SELECT year, '' AS scope, field_slug, avg(percent), min(percent), max(percent), count(*)
FROM field_results WHERE year = 2024 GROUP BY year, field_slug
ORDER BY year, scope, field_slug
;;
-- criterion results
DELETE FROM criterion_results WHERE year = 2024; INSERT INTO criterion_results 
WITH r AS (
    SELECT year, unit_id, parent_id, province_id, framework_id, group_code,
           row_number() OVER (PARTITION BY year ORDER BY province_id, parent_id, unit_id) AS place
    FROM unit_results WHERE year = 2024
), c AS (
    SELECT framework_id, code, field_slug, max_points, row_number() OVER (PARTITION BY framework_id ORDER BY code) AS place
    FROM criteria
)
SELECT s.year::SMALLINT AS year, s.unit_id, r.parent_id, r.province_id, c.field_slug, s.criterion_code,
       s.points::DOUBLE AS points, c.max_points::DOUBLE AS max_points,
       round(s.points::DOUBLE / c.max_points::DOUBLE * 100, 6) AS percent, r.group_code
FROM scores s
JOIN r ON r.year = s.year AND r.unit_id = s.unit_id
JOIN c ON c.framework_id = r.framework_id AND c.code = s.criterion_code
WHERE s.year = 2024
ORDER BY s.year, r.place, c.place
;;
-- current field base

CREATE OR REPLACE TEMP TABLE current_field_base AS
WITH cur AS (SELECT id, parent_id, province_id FROM units WHERE valid_to IS NULL),
npred AS (SELECT successor_id, count(*) AS n FROM lineage GROUP BY successor_id),
combined AS (
    SELECT f.year, f.unit_id, f.field_slug, f.ordinal, f.points, f.max_points, f.source_id,
           'FULL' AS coverage, [f.unit_id] AS contributors
    FROM field_base f JOIN cur ON cur.id = f.unit_id
    UNION ALL
    SELECT f.year, l.successor_id, f.field_slug, any_value(f.ordinal), avg(f.points), max(f.max_points), min(f.source_id),
           CASE WHEN bool_and(l.coverage = 'FULL') AND count(*) = any_value(n.n) THEN 'FULL' ELSE 'PARTIAL' END,
           list(f.unit_id ORDER BY f.unit_id)
    FROM lineage l
    JOIN cur ON cur.id = l.successor_id
    JOIN field_base f ON f.unit_id = l.predecessor_id
    LEFT JOIN npred n ON n.successor_id = l.successor_id
    WHERE NOT EXISTS (SELECT 1 FROM field_base o WHERE o.unit_id = l.successor_id AND o.year = f.year)
    GROUP BY f.year, l.successor_id, f.field_slug
)
SELECT c.year, c.unit_id, cur.parent_id, cur.province_id, c.field_slug, c.ordinal,
       c.points::DECIMAL(18, 9) AS exact_points, c.max_points::DECIMAL(18, 9) AS exact_max,
       c.points, c.max_points, round(c.points / c.max_points * 100, 6) AS percent,
       rank() OVER (PARTITION BY c.year, cur.parent_id, c.field_slug ORDER BY round(c.points / c.max_points, 9) DESC)::INTEGER AS rank,
       c.source_id, c.coverage, c.contributors
FROM combined c JOIN cur ON cur.id = c.unit_id
;;
-- current results
DELETE FROM current_results WHERE year = 2024; INSERT INTO current_results 
WITH framework_max AS (
    SELECT framework_id, sum(max_points) AS max_points FROM fields GROUP BY framework_id
), totals AS (
    SELECT f.year, f.unit_id, any_value(f.parent_id) AS parent_id, any_value(f.province_id) AS province_id,
           fy.framework_id, sum(f.exact_points) AS exact_points, fm.max_points AS exact_max,
           min(f.source_id) AS source_id, any_value(f.coverage) AS coverage, any_value(f.contributors) AS contributors
    FROM current_field_base f
    JOIN framework_years fy ON fy.year = f.year
    JOIN framework_max fm ON fm.framework_id = fy.framework_id
    GROUP BY f.year, f.unit_id, fy.framework_id, fm.max_points
)
SELECT t.year, t.unit_id, t.parent_id, t.province_id, t.framework_id,
       t.exact_points::DOUBLE AS points, t.exact_max::DOUBLE AS max_points,
       round(t.exact_points::DOUBLE / t.exact_max::DOUBLE * 100, 6) AS percent,
       rank() OVER (PARTITION BY t.year, t.parent_id ORDER BY t.exact_points DESC)::INTEGER AS rank,
       (SELECT arg_max(g.code, g.min_percent) FROM group_bands g
         WHERE g.framework_id = t.framework_id AND t.exact_points * 100 >= g.min_percent * t.exact_max) AS group_code,
       t.source_id, u.sort_key, t.coverage, t.contributors
FROM totals t
JOIN units u ON u.id = t.unit_id
ORDER BY t.year, t.parent_id, rank, u.sort_key
;;
-- current field results
DELETE FROM current_field_results WHERE year = 2024; INSERT INTO current_field_results 
SELECT f.year, f.unit_id, f.parent_id, f.province_id, f.field_slug, f.ordinal, f.points, f.max_points,
       f.percent, f.rank, f.source_id, r.group_code
FROM current_field_base f JOIN current_results r ON r.year = f.year AND r.unit_id = f.unit_id
ORDER BY f.year, f.parent_id, f.field_slug, f.unit_id
;;
-- years of each unit

UPDATE units SET result_years = coalesce(o.years, [])
FROM (SELECT u.id, r.years
        FROM units u LEFT JOIN (SELECT unit_id, list(year ORDER BY year) AS years FROM unit_results GROUP BY unit_id) r ON r.unit_id = u.id
       WHERE (u.id IN (SELECT unit_id FROM unit_results WHERE year = 2024)) <> coalesce(list_contains(u.result_years, 2024), false)) o
WHERE units.id = o.id
;;
-- drop temporary tables
DROP TABLE field_base; DROP TABLE current_field_base
;;
-- drop tables no longer derived
DROP TABLE IF EXISTS unit_series; DROP TABLE IF EXISTS field_series
;;
-- derived version
DELETE FROM derived_version; INSERT INTO derived_version VALUES (13)
;;
-- rollup_unit_parent
DELETE FROM rollup_unit_parent WHERE year = 2024; INSERT INTO rollup_unit_parent SELECT year, province_id, parent_id, group_code, count(*) AS n, count(percent) AS np, sum(percent) AS sum_p,
       sum(percent * percent) AS sum_p2, min(percent) AS min_p, max(percent) AS max_p,
       count(points) AS npts, sum(points) AS sum_pts
FROM unit_results WHERE year = 2024
GROUP BY year, province_id, parent_id, group_code
;;
-- rollup_field_histogram
DELETE FROM rollup_field_histogram WHERE year = 2024; INSERT INTO rollup_field_histogram SELECT year, field_slug, group_code, percent, count(*) AS n, count(percent) AS np, sum(percent) AS sum_p,
       sum(percent * percent) AS sum_p2, min(percent) AS min_p, max(percent) AS max_p,
       count(points) AS npts, sum(points) AS sum_pts
FROM field_results WHERE year = 2024
GROUP BY year, field_slug, group_code, percent
;;
-- rollup_field_parent
DELETE FROM rollup_field_parent WHERE year = 2024; INSERT INTO rollup_field_parent SELECT year, province_id, parent_id, field_slug, group_code, count(*) AS n, count(percent) AS np, sum(percent) AS sum_p,
       sum(percent * percent) AS sum_p2, min(percent) AS min_p, max(percent) AS max_p,
       count(points) AS npts, sum(points) AS sum_pts
FROM field_results WHERE year = 2024
GROUP BY year, province_id, parent_id, field_slug, group_code
;;
-- rollup_criterion_histogram
DELETE FROM rollup_criterion_histogram WHERE year = 2024; INSERT INTO rollup_criterion_histogram SELECT year, field_slug, criterion_code, group_code, percent, count(*) AS n, count(percent) AS np, sum(percent) AS sum_p,
       sum(percent * percent) AS sum_p2, min(percent) AS min_p, max(percent) AS max_p,
       count(points) AS npts, sum(points) AS sum_pts
FROM criterion_results WHERE year = 2024
GROUP BY year, field_slug, criterion_code, group_code, percent
;;
-- rollup_criterion_parent
DELETE FROM rollup_criterion_parent WHERE year = 2024; INSERT INTO rollup_criterion_parent SELECT year, province_id, parent_id, field_slug, criterion_code, group_code, count(*) AS n, count(percent) AS np, sum(percent) AS sum_p,
       sum(percent * percent) AS sum_p2, min(percent) AS min_p, max(percent) AS max_p,
       count(points) AS npts, sum(points) AS sum_pts
FROM criterion_results WHERE year = 2024
GROUP BY year, province_id, parent_id, field_slug, criterion_code, group_code
;;
-- rollup_unit_province
DELETE FROM rollup_unit_province WHERE year = 2024; INSERT INTO rollup_unit_province SELECT year, province_id, group_code, sum(n)::BIGINT AS n, sum(np)::BIGINT AS np, sum(sum_p) AS sum_p, sum(sum_p2) AS sum_p2,
       min(min_p) AS min_p, max(max_p) AS max_p, sum(npts)::BIGINT AS npts, sum(sum_pts) AS sum_pts
FROM rollup_unit_parent WHERE year = 2024
GROUP BY year, province_id, group_code
;;
-- rollup_field_province
DELETE FROM rollup_field_province WHERE year = 2024; INSERT INTO rollup_field_province SELECT year, province_id, field_slug, group_code, sum(n)::BIGINT AS n, sum(np)::BIGINT AS np, sum(sum_p) AS sum_p, sum(sum_p2) AS sum_p2,
       min(min_p) AS min_p, max(max_p) AS max_p, sum(npts)::BIGINT AS npts, sum(sum_pts) AS sum_pts
FROM rollup_field_parent WHERE year = 2024
GROUP BY year, province_id, field_slug, group_code
;;
-- rollup_criterion_province
DELETE FROM rollup_criterion_province WHERE year = 2024; INSERT INTO rollup_criterion_province SELECT year, province_id, field_slug, criterion_code, group_code, sum(n)::BIGINT AS n, sum(np)::BIGINT AS np, sum(sum_p) AS sum_p, sum(sum_p2) AS sum_p2,
       min(min_p) AS min_p, max(max_p) AS max_p, sum(npts)::BIGINT AS npts, sum(sum_pts) AS sum_pts
FROM rollup_criterion_parent WHERE year = 2024
GROUP BY year, province_id, field_slug, criterion_code, group_code
;;
COMMIT
;;
