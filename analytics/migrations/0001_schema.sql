-- Reference tables.
CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('OFFICIAL', 'ILLUSTRATIVE')),
    title     TEXT NOT NULL,
    decision  TEXT,           -- decision number, e.g. 2234/QĐ-UBND
    issued    DATE,           -- date of the decision
    url       TEXT
);

CREATE TABLE releases (
    id          INTEGER PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL,
    description TEXT NOT NULL
);

-- A unit is identified by its official code and the official list it comes from: codes are
-- reused across lists (31528 was Thị trấn Kế Sách, then Xã Kế Sách).
CREATE TABLE units (
    id          TEXT PRIMARY KEY,        -- code@list
    code        TEXT NOT NULL,
    list        TEXT NOT NULL,           -- date of the official list, e.g. 2025-03-01
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    level       TINYINT NOT NULL,
    parent_id   TEXT,
    valid_from  DATE,                    -- null: older than the data
    valid_to    DATE,                    -- null: still exists
    search_key  TEXT NOT NULL,           -- lower case, no diacritics, đ -> d
    -- Derived on every load (derive.go), so that a unit is read without joins.
    sort_key     INTEGER,                -- position in Vietnamese order of names
    parent_code  TEXT,
    parent_name  TEXT,
    province_id  TEXT,                   -- the level-1 ancestor (itself for a province)
    lineage_json TEXT,                   -- LineageLink list, both directions
    result_years SMALLINT[]
);

CREATE TABLE lineage (
    predecessor_id TEXT NOT NULL,
    successor_id   TEXT NOT NULL,
    effective      DATE NOT NULL,
    coverage       TEXT NOT NULL CHECK (coverage IN ('FULL', 'PARTIAL')),
    PRIMARY KEY (predecessor_id, successor_id)
);

CREATE TABLE frameworks (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    source_id INTEGER NOT NULL
);

CREATE TABLE framework_years (
    year         SMALLINT PRIMARY KEY,
    framework_id TEXT NOT NULL
);

CREATE TABLE fields (
    framework_id TEXT NOT NULL,
    slug         TEXT NOT NULL,
    ordinal      TINYINT NOT NULL,
    name_vi      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    max_points   DECIMAL(7, 2) NOT NULL,
    PRIMARY KEY (framework_id, slug)
);

CREATE TABLE criteria (
    framework_id TEXT NOT NULL,
    code         TEXT NOT NULL,
    field_slug   TEXT NOT NULL,
    ordinal      SMALLINT NOT NULL,
    name         TEXT NOT NULL,
    max_points   DECIMAL(7, 2) NOT NULL,
    PRIMARY KEY (framework_id, code)
);

CREATE TABLE group_bands (
    framework_id TEXT NOT NULL,
    code         TEXT NOT NULL,
    ordinal      TINYINT NOT NULL,
    label_vi     TEXT NOT NULL,
    label_en     TEXT NOT NULL,
    min_percent  DECIMAL(5, 2) NOT NULL,
    PRIMARY KEY (framework_id, code)
);

-- Facts. Scores carry no primary key: loads validate uniqueness, and an index on eight million
-- rows would cost more than it saves.
CREATE TABLE scores (
    year           SMALLINT NOT NULL,
    unit_id        TEXT NOT NULL,
    criterion_code TEXT NOT NULL,
    points         DECIMAL(7, 2) NOT NULL,
    source_id      INTEGER NOT NULL,
    release_id     INTEGER NOT NULL
);

CREATE TABLE published_results (
    year       SMALLINT NOT NULL,
    unit_id    TEXT NOT NULL,
    group_code TEXT NOT NULL,
    rank       INTEGER,
    source_id  INTEGER NOT NULL,
    PRIMARY KEY (year, unit_id)
);

CREATE TABLE published_field_averages (
    year            SMALLINT NOT NULL,
    scope_id        TEXT NOT NULL,     -- the unit whose children were averaged
    field_slug      TEXT NOT NULL,
    average_percent DECIMAL(5, 2),     -- null when only the rank was published
    rank            TINYINT NOT NULL,
    source_id       INTEGER NOT NULL,
    PRIMARY KEY (year, scope_id, field_slug)
);

-- Derived tables (unit_results, field_results, criterion_results, current_results,
-- current_field_results) are created by derive.go on every load, not here: their shape follows
-- the code that reads them, and derived_version says which shape a database holds.
CREATE TABLE derived_version (version INTEGER NOT NULL);
