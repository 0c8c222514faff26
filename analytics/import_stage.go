package analytics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// An import's file is staged in temporary tables of the connection that will write it, once,
// right after validation: the comparison with the data in effect is then one statement, and the
// commit copies the staged scores into scores. Scores are staged as numbers (unit and criterion
// by position, points in cents): through the Appender that costs a fifth of rows of strings, and
// nothing of the year's 400k scores in effect is read back into Go. Temporary tables live in
// memory, outside the database file: a dry run or a refused file writes nothing. The commit
// updates the scores given again where they are (replaceStaged).
//
//	import_units    (unit INTEGER, unit_id VARCHAR)    the units of the file's scores
//	import_criteria (crit SMALLINT, code VARCHAR)      the criteria of the year's framework
//	import_scores   (unit INTEGER, crit SMALLINT, cents INTEGER)  in the order of the file
//	import_scope    (unit_id VARCHAR)                  the units whose results the import replaces
//	import_current  (rid BIGINT, k BIGINT)             the scores in effect (replaceStaged)
var stageTables = []string{"import_units", "import_criteria", "import_scores", "import_scope", "import_current"}

// stage creates the temporary tables of an import on conn. Scores are staged only for an import
// of results.
func stage(ctx context.Context, conn *sql.Conn, p *parsedFile, fw *importFramework, scope map[string]bool) error {
	ids := make([]string, 0, len(scope))
	for id := range scope {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var units, codes []string
	unitIndex := map[string]int32{}
	for _, sc := range p.scores {
		if _, ok := unitIndex[sc.unitID]; !ok {
			unitIndex[sc.unitID] = int32(len(units))
			units = append(units, sc.unitID)
		}
	}
	for _, c := range fw.criteria {
		codes = append(codes, c.code)
	}
	for _, stmt := range []struct {
		sql  string
		args []any
	}{
		{`CREATE OR REPLACE TEMP TABLE import_scope AS SELECT unnest(?::VARCHAR[]) AS unit_id`, []any{ids}},
		{`CREATE OR REPLACE TEMP TABLE import_units AS SELECT (generate_subscripts(l, 1) - 1)::INTEGER AS unit, unnest(l) AS unit_id FROM (SELECT ?::VARCHAR[] AS l)`, []any{units}},
		{`CREATE OR REPLACE TEMP TABLE import_criteria AS SELECT (generate_subscripts(l, 1) - 1)::SMALLINT AS crit, unnest(l) AS code FROM (SELECT ?::VARCHAR[] AS l)`, []any{codes}},
		{`CREATE OR REPLACE TEMP TABLE import_scores (unit INTEGER NOT NULL, crit SMALLINT NOT NULL, cents INTEGER NOT NULL)`, nil},
	} {
		if _, err := conn.ExecContext(ctx, stmt.sql, stmt.args...); err != nil {
			return fmt.Errorf("stage: %w", err)
		}
	}
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "import_scores")
		if err != nil {
			return fmt.Errorf("stage: %w", err)
		}
		for _, sc := range p.scores {
			ci, ok := fw.byCode[sc.criterion]
			if !ok { // parsers keep only the framework's criteria
				return errors.Join(fmt.Errorf("stage: criterion %q is not in framework %s", sc.criterion, fw.id), app.Close())
			}
			if err := app.AppendRow(unitIndex[sc.unitID], int16(ci), int32(sc.cents)); err != nil {
				return errors.Join(fmt.Errorf("stage: %w", err), app.Close())
			}
		}
		return app.Close()
	})
}

// unstage drops the temporary tables of an import, so that the connection goes back to the pool
// without them.
func unstage(conn *sql.Conn) error {
	for _, t := range stageTables {
		if _, err := conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.`+t); err != nil {
			return fmt.Errorf("unstage: %w", err)
		}
	}
	return nil
}

// diffStaged counts, in one statement, the scores the staged import adds, changes and removes
// among those in effect for the units in scope, and how many of those are illustrative; per unit
// it says whether the unit has scores in effect and whether any of them changes or goes.
func diffStaged(ctx context.Context, conn *sql.Conn, rep *ImportReport, currentUnits, changedUnits map[string]bool) error {
	rows, err := conn.QueryContext(ctx, fmt.Sprintf(`
WITH cur AS (
    SELECT s.unit_id, u.unit, c.crit, (s.points * 100)::BIGINT AS cents, src.kind = '%s' AS illustrative
    FROM scores s
    JOIN sources src ON src.id = s.source_id
    LEFT JOIN import_units u ON u.unit_id = s.unit_id
    LEFT JOIN import_criteria c ON c.code = s.criterion_code
    WHERE s.year = %d AND s.unit_id IN (SELECT unit_id FROM import_scope)
)
SELECT coalesce(cur.unit_id, u.unit_id),
       count(*) FILTER (WHERE cur.cents IS NULL),
       count(*) FILTER (WHERE cur.cents <> n.cents),
       count(*) FILTER (WHERE n.cents IS NULL),
       count(*) FILTER (WHERE cur.illustrative),
       count(cur.cents) > 0
FROM cur FULL JOIN import_scores n ON n.unit = cur.unit AND n.crit = cur.crit
LEFT JOIN import_units u ON u.unit = n.unit
GROUP BY 1`, SourceIllustrative, rep.Year))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var unit string
		var added, changed, removed, illustrative int
		var inEffect bool
		if err := rows.Scan(&unit, &added, &changed, &removed, &illustrative, &inEffect); err != nil {
			return err
		}
		rep.ScoresAdded += added
		rep.ScoresChanged += changed
		rep.ScoresRemoved += removed
		rep.Illustrative += illustrative
		if inEffect {
			currentUnits[unit] = true
		}
		if changed > 0 || removed > 0 {
			changedUnits[unit] = true
		}
	}
	return rows.Err()
}

// replaceStaged makes the staged scores the scores of the year of the units in scope, inside the
// import's transaction and once the rows in effect are archived: a score given again is updated
// where it is (points, source, release), one that the file no longer gives is deleted, and a new
// one is inserted, in the order of the file. Updating three numbers of a row in place costs about
// half of deleting it and writing a new row with its strings (a national year: 400k rows).
func replaceStaged(ctx context.Context, conn *sql.Conn, year, source, release int) error {
	// A score is keyed by its unit's and criterion's positions in the staged tables (a framework
	// has far fewer than 1024 criteria); one in effect whose unit or criterion the file does not
	// name has no key.
	const key = `n.unit::BIGINT * 1024 + n.crit`
	for _, stmt := range []string{
		// Row ids are read inside the transaction, which keeps them still until it ends.
		fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE import_current AS
SELECT s.rowid AS rid, u.unit::BIGINT * 1024 + c.crit AS k
FROM scores s LEFT JOIN import_units u ON u.unit_id = s.unit_id LEFT JOIN import_criteria c ON c.code = s.criterion_code
WHERE s.year = %d AND s.unit_id IN (SELECT unit_id FROM import_scope)`, year),
		fmt.Sprintf(`UPDATE scores SET points = (n.cents::DECIMAL(9, 2) * 0.01)::DECIMAL(7, 2), source_id = %d, release_id = %d
FROM import_current c JOIN import_scores n ON %s = c.k
WHERE scores.rowid = c.rid`, source, release, key),
		`DELETE FROM scores WHERE rowid IN (
SELECT rid FROM import_current c WHERE NOT EXISTS (SELECT 1 FROM import_scores n WHERE ` + key + ` = c.k))`,
		// cents × 0.01 is exact in DECIMAL arithmetic (DECIMAL(12,4)), and so is the cast back.
		fmt.Sprintf(`INSERT INTO scores (year, unit_id, criterion_code, points, source_id, release_id)
SELECT %d, u.unit_id, c.code, (n.cents::DECIMAL(9, 2) * 0.01)::DECIMAL(7, 2), %d, %d
FROM import_scores n JOIN import_units u ON u.unit = n.unit JOIN import_criteria c ON c.crit = n.crit
WHERE NOT EXISTS (SELECT 1 FROM import_current m WHERE m.k = %s)
ORDER BY n.rowid`, year, source, release, key),
		`DROP TABLE import_current`,
	} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}
