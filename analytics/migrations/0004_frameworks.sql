-- Frameworks belong to their issuer. A scope says that an issuer's framework applies to the units
-- under it from a year until the issuer's next scope; the framework in force for a unit and year
-- is its nearest issuer's (district, then province), else the scope of issuer '' (everywhere).
-- A database of one framework per year keeps them as scopes of '' from each year its framework
-- changed; the default dataset's own frameworks go to their issuers (Kế Sách, Cần Thơ).
CREATE TABLE framework_scopes (
    issuer_id    TEXT NOT NULL,      -- unit ID of the issuer; '' for everywhere
    first_year   SMALLINT NOT NULL,
    framework_id TEXT NOT NULL,
    PRIMARY KEY (issuer_id, first_year)
);
INSERT INTO framework_scopes
SELECT CASE WHEN framework_id IN ('ke-sach-2019', 'ke-sach-962-2022') THEN '943@2025-03-01'
            WHEN framework_id = 'can-tho-2025' THEN '92@2025-07-01' ELSE '' END,
       year, framework_id
FROM (SELECT year, framework_id, lag(framework_id) OVER (ORDER BY year) AS before, lag(year) OVER (ORDER BY year) AS before_year
      FROM framework_years)
WHERE before IS DISTINCT FROM framework_id OR before_year <> year - 1;
DROP TABLE framework_years;

-- The decision that issued a framework, when it is known apart from the source of its criteria
-- and points (Kế Sách: the decision is official, its criteria are not published).
ALTER TABLE frameworks ADD COLUMN decision_source_id INTEGER;

-- Components split the total (appraisal 60 + satisfaction survey 40); a field counts in one.
CREATE TABLE components (
    framework_id TEXT NOT NULL,
    slug         TEXT NOT NULL,
    ordinal      TINYINT NOT NULL,
    name_vi      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    PRIMARY KEY (framework_id, slug)
);
ALTER TABLE fields ADD COLUMN component TEXT;

-- A criterion is scored (SCORE), or adds (BONUS) or takes away (PENALTY) points outside the
-- fields: bonus and penalty criteria have the field '' and count in the total only.
ALTER TABLE criteria ADD COLUMN kind TEXT DEFAULT 'SCORE';

-- A band's threshold is a percent of the maximum or a number of points; its ordinal (1 best)
-- is its position, the only way classes of two frameworks compare.
ALTER TABLE group_bands ALTER COLUMN min_percent DROP NOT NULL;
ALTER TABLE group_bands ADD COLUMN min_points DECIMAL(7, 2);

-- Cohorts: kinds of units an issuer ranks apart (wards among wards). A unit whose kind no cohort
-- lists is ranked with the units of no cohort.
CREATE TABLE cohorts (
    framework_id TEXT NOT NULL,
    slug         TEXT NOT NULL,
    ordinal      TINYINT NOT NULL,
    name_vi      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    kinds        TEXT[] NOT NULL,
    PRIMARY KEY (framework_id, slug)
);

-- A framework import names the issuer whose scope it replaced.
ALTER TABLE imports ADD COLUMN framework_issuer TEXT;
