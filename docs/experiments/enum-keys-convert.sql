-- The national database with every key column of the fact, archive,
-- reference, derived and rollup tables as an ENUM (unit ids, criterion codes, field slugs, group
-- codes), rows in the same order. See enum-keys-import.sql.
CREATE TYPE unit_t AS ENUM (SELECT id FROM units ORDER BY id)
;;
CREATE TYPE crit_t AS ENUM (SELECT DISTINCT code FROM criteria ORDER BY code)
;;
CREATE TYPE field_t AS ENUM (SELECT DISTINCT slug FROM fields ORDER BY slug)
;;
CREATE TYPE group_t AS ENUM (SELECT DISTINCT code FROM group_bands ORDER BY code)
;;
CREATE OR REPLACE TABLE units AS SELECT * REPLACE (id::unit_t AS id, parent_id::unit_t AS parent_id, province_id::unit_t AS province_id) FROM units
;;
CREATE OR REPLACE TABLE lineage AS SELECT * REPLACE (predecessor_id::unit_t AS predecessor_id, successor_id::unit_t AS successor_id) FROM lineage
;;
CREATE OR REPLACE TABLE criteria AS SELECT * REPLACE (code::crit_t AS code, field_slug::field_t AS field_slug) FROM criteria
;;
CREATE OR REPLACE TABLE fields AS SELECT * REPLACE (slug::field_t AS slug) FROM fields
;;
CREATE OR REPLACE TABLE group_bands AS SELECT * REPLACE (code::group_t AS code) FROM group_bands
;;
CREATE OR REPLACE TABLE scores AS SELECT * REPLACE (unit_id::unit_t AS unit_id, criterion_code::crit_t AS criterion_code) FROM scores
;;
CREATE OR REPLACE TABLE scores_archive AS SELECT * REPLACE (unit_id::unit_t AS unit_id, criterion_code::crit_t AS criterion_code) FROM scores_archive
;;
CREATE OR REPLACE TABLE unit_results AS SELECT * REPLACE (unit_id::unit_t AS unit_id, parent_id::unit_t AS parent_id, province_id::unit_t AS province_id, group_code::group_t AS group_code) FROM unit_results
;;
CREATE OR REPLACE TABLE current_results AS SELECT * REPLACE (unit_id::unit_t AS unit_id, parent_id::unit_t AS parent_id, province_id::unit_t AS province_id, group_code::group_t AS group_code, contributors::unit_t[] AS contributors) FROM current_results
;;
CREATE OR REPLACE TABLE field_results AS SELECT * REPLACE (unit_id::unit_t AS unit_id, parent_id::unit_t AS parent_id, province_id::unit_t AS province_id, field_slug::field_t AS field_slug, group_code::group_t AS group_code) FROM field_results
;;
CREATE OR REPLACE TABLE current_field_results AS SELECT * REPLACE (unit_id::unit_t AS unit_id, parent_id::unit_t AS parent_id, province_id::unit_t AS province_id, field_slug::field_t AS field_slug, group_code::group_t AS group_code) FROM current_field_results
;;
CREATE OR REPLACE TABLE criterion_results AS SELECT * REPLACE (unit_id::unit_t AS unit_id, parent_id::unit_t AS parent_id, province_id::unit_t AS province_id, field_slug::field_t AS field_slug, criterion_code::crit_t AS criterion_code, group_code::group_t AS group_code) FROM criterion_results
;;
CREATE OR REPLACE TABLE field_summaries AS SELECT * REPLACE (field_slug::field_t AS field_slug) FROM field_summaries
;;
CREATE OR REPLACE TABLE rollup_unit_parent AS SELECT * REPLACE (province_id::unit_t AS province_id, parent_id::unit_t AS parent_id, group_code::group_t AS group_code) FROM rollup_unit_parent
;;
CREATE OR REPLACE TABLE rollup_unit_province AS SELECT * REPLACE (province_id::unit_t AS province_id, group_code::group_t AS group_code) FROM rollup_unit_province
;;
CREATE OR REPLACE TABLE rollup_field_parent AS SELECT * REPLACE (province_id::unit_t AS province_id, parent_id::unit_t AS parent_id, field_slug::field_t AS field_slug, group_code::group_t AS group_code) FROM rollup_field_parent
;;
CREATE OR REPLACE TABLE rollup_field_province AS SELECT * REPLACE (province_id::unit_t AS province_id, field_slug::field_t AS field_slug, group_code::group_t AS group_code) FROM rollup_field_province
;;
CREATE OR REPLACE TABLE rollup_field_histogram AS SELECT * REPLACE (field_slug::field_t AS field_slug, group_code::group_t AS group_code) FROM rollup_field_histogram
;;
CREATE OR REPLACE TABLE rollup_criterion_parent AS SELECT * REPLACE (province_id::unit_t AS province_id, parent_id::unit_t AS parent_id, field_slug::field_t AS field_slug, criterion_code::crit_t AS criterion_code, group_code::group_t AS group_code) FROM rollup_criterion_parent
;;
CREATE OR REPLACE TABLE rollup_criterion_province AS SELECT * REPLACE (province_id::unit_t AS province_id, field_slug::field_t AS field_slug, criterion_code::crit_t AS criterion_code, group_code::group_t AS group_code) FROM rollup_criterion_province
;;
CREATE OR REPLACE TABLE rollup_criterion_histogram AS SELECT * REPLACE (field_slug::field_t AS field_slug, criterion_code::crit_t AS criterion_code, group_code::group_t AS group_code) FROM rollup_criterion_histogram
;;
CHECKPOINT
