-- Imports and releases. Every import of official results (and every rollback) makes a new
-- release; the rows it replaces move to the *_archive tables, tagged with the release that
-- replaced them, so that any earlier release can be restored: a row written by release a and
-- replaced by release b was part of every release r with a <= r < b.

ALTER TABLE published_results ADD COLUMN release_id INTEGER DEFAULT 1;

CREATE TABLE scores_archive (
    year           SMALLINT NOT NULL,
    unit_id        TEXT NOT NULL,
    criterion_code TEXT NOT NULL,
    points         DECIMAL(7, 2) NOT NULL,
    source_id      INTEGER NOT NULL,
    release_id     INTEGER NOT NULL,
    archived_by    INTEGER NOT NULL
);

CREATE TABLE published_results_archive (
    year        SMALLINT NOT NULL,
    unit_id     TEXT NOT NULL,
    group_code  TEXT NOT NULL,
    rank        INTEGER,
    source_id   INTEGER NOT NULL,
    release_id  INTEGER NOT NULL,
    archived_by INTEGER NOT NULL
);

-- The audit: one row per import (committed or refused rows are not kept; a dry run writes
-- nothing) and per rollback, with the provenance of the file.
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    release_id   INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('RESULTS', 'PUBLISHED', 'FRAMEWORK', 'ROLLBACK')),
    year         SMALLINT,
    source_id    INTEGER,
    decision     TEXT,
    decided      DATE,
    issuer       TEXT,
    source_url   TEXT,
    file_name    TEXT,
    file_sha256  TEXT,
    file_bytes   BIGINT,
    layout       TEXT,
    units        INTEGER NOT NULL,
    scores       INTEGER NOT NULL,
    published    INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    changed      INTEGER NOT NULL,
    removed      INTEGER NOT NULL,
    importer     TEXT NOT NULL,
    previous_framework TEXT,       -- a framework import: the framework the year had before
    restored     INTEGER,          -- the release a rollback restored
    rolled_back_by INTEGER,        -- the rollback that undid this import, if one did
    created_at   TIMESTAMPTZ NOT NULL
);
