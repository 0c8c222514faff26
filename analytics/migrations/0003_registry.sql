-- The registry of every official list from 2017-12-13 (dataset/registry.go): a lineage link
-- says what changed and whether the lists establish it. DuckDB cannot add a CHECK constraint to
-- an existing table; the loads write only the values of dataset's Change and Certainty constants.
ALTER TABLE lineage ADD COLUMN change TEXT DEFAULT 'REORGANISED';
ALTER TABLE lineage ADD COLUMN certainty TEXT DEFAULT 'ESTABLISHED';
ALTER TABLE lineage ADD COLUMN basis TEXT;

-- The version of the embedded registry a database holds; an older database is brought up to
-- the embedded one when it is opened (registry.go).
CREATE TABLE registry_version (version INTEGER NOT NULL);
