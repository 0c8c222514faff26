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
// memory, outside the database file: a dry run or a refused file writes nothing.
//
//	import_units    (unit INTEGER, unit_id VARCHAR)    the units of the file's scores
//	import_criteria (crit SMALLINT, code VARCHAR)      the criteria of the frameworks of the file's units
//	import_scores   (unit INTEGER, crit SMALLINT, cents INTEGER)  in the order of the file
//	import_scope    (unit_id VARCHAR)                  the units whose results the import replaces
var stageTables = []string{"import_units", "import_criteria", "import_scores", "import_scope"}

// stage creates the temporary tables of an import on conn, with codes the criteria of every
// framework in force for a unit of the file. Scores are staged only for an import of results.
func stage(ctx context.Context, conn *sql.Conn, p *parsedFile, codes []string, scope map[string]bool) error {
	ids := make([]string, 0, len(scope))
	for id := range scope {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var units []string
	unitIndex := map[string]int32{}
	for _, sc := range p.scores {
		if _, ok := unitIndex[sc.UnitID]; !ok {
			unitIndex[sc.UnitID] = int32(len(units))
			units = append(units, sc.UnitID)
		}
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
		crit := make(map[string]int16, len(codes))
		for i, c := range codes {
			crit[c] = int16(i)
		}
		for _, sc := range p.scores {
			ci, ok := crit[sc.Criterion]
			if !ok { // parsers keep only the criteria of the units' frameworks
				return errors.Join(fmt.Errorf("stage: criterion %q is not among the staged criteria", sc.Criterion), app.Close())
			}
			if err := app.AppendRow(unitIndex[sc.UnitID], ci, int32(sc.Cents)); err != nil {
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

// insertStaged writes the staged scores into scores, in the order of the file.
func insertStaged(ctx context.Context, conn *sql.Conn, year, source, release int) error {
	// cents × 0.01 is exact in DECIMAL arithmetic (DECIMAL(12,4)), and so is the cast back.
	_, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO scores (year, unit_id, criterion_code, points, source_id, release_id)
SELECT %d, u.unit_id, c.code, (n.cents::DECIMAL(9, 2) * 0.01)::DECIMAL(7, 2), %d, %d
FROM import_scores n JOIN import_units u ON u.unit = n.unit JOIN import_criteria c ON c.crit = n.crit
ORDER BY n.rowid`, year, source, release))
	return err
}
