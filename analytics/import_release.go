package analytics

import (
	"context"
	"database/sql"
	"fmt"
)

// ImportRecord is one entry of the audit: an import or a rollback, with its provenance.
type ImportRecord struct {
	ID           int        `json:"id"`
	Release      int        `json:"release"`
	Kind         ImportKind `json:"kind"`
	Year         *int       `json:"year"`
	Decision     *string    `json:"decision"`
	Date         *string    `json:"date"`
	Issuer       *string    `json:"issuer"`
	SourceURL    *string    `json:"sourceUrl"`
	FileName     *string    `json:"fileName"`
	SHA256       *string    `json:"sha256"`
	FileBytes    *int       `json:"fileBytes"`
	Layout       *string    `json:"layout"`
	Units        int        `json:"units"`
	Scores       int        `json:"scores"`
	Published    int        `json:"published"`
	UnitsAdded   int        `json:"unitsAdded"`
	UnitsChanged int        `json:"unitsChanged"`
	UnitsRemoved int        `json:"unitsRemoved"`
	Importer     string     `json:"importer"`
	Restored     *int       `json:"restored"`
	RolledBackBy *int       `json:"rolledBackBy"`
	CreatedAt    string     `json:"createdAt"`
}

// Release is a version of the data: the default dataset, an import or a rollback.
type Release struct {
	ID          int           `json:"id"`
	CreatedAt   string        `json:"createdAt"`
	Description string        `json:"description"`
	Current     bool          `json:"current"`
	Import      *ImportRecord `json:"import"`
}

const importColumns = `id, release_id, kind, year, decision, decided::VARCHAR, issuer, source_url, file_name, file_sha256, file_bytes,
	layout, units, scores, published, added, changed, removed, importer, restored, rolled_back_by, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ')`

func scanImport(rows *sql.Rows) (*ImportRecord, error) {
	var r ImportRecord
	err := rows.Scan(&r.ID, &r.Release, &r.Kind, &r.Year, &r.Decision, &r.Date, &r.Issuer, &r.SourceURL, &r.FileName, &r.SHA256, &r.FileBytes,
		&r.Layout, &r.Units, &r.Scores, &r.Published, &r.UnitsAdded, &r.UnitsChanged, &r.UnitsRemoved, &r.Importer, &r.Restored, &r.RolledBackBy, &r.CreatedAt)
	return &r, err
}

// Imports lists every import and rollback, newest first.
func (s *Store) Imports(ctx context.Context) ([]ImportRecord, error) {
	out := []ImportRecord{}
	err := each(ctx, s.db, `SELECT `+importColumns+` FROM imports ORDER BY id DESC`, func(rows *sql.Rows) error {
		r, err := scanImport(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("analytics: imports: %w", err)
	}
	return out, nil
}

// Releases lists every release, newest first, with the import or rollback that made it.
func (s *Store) Releases(ctx context.Context) ([]Release, error) {
	imports, err := s.Imports(ctx)
	if err != nil {
		return nil, err
	}
	byRelease := map[int]*ImportRecord{}
	for i := range imports {
		byRelease[imports[i].Release] = &imports[i]
	}
	var out []Release
	err = each(ctx, s.db, `SELECT id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ'), description FROM releases ORDER BY id DESC`, func(rows *sql.Rows) error {
		var r Release
		if err := rows.Scan(&r.ID, &r.CreatedAt, &r.Description); err != nil {
			return err
		}
		r.Current = int64(r.ID) == s.Release()
		r.Import = byRelease[r.ID]
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("analytics: releases: %w", err)
	}
	return out, nil
}

// Rollback makes the data what it was in release target, as a new release: the scores and
// published results written after target go to the archive, those target held come back, and
// the frameworks imported after it are unassigned from their years. The imports undone are marked
// rolled back. Nothing is deleted: a rollback can itself be rolled back.
func (s *Store) Rollback(ctx context.Context, target int, importer string) (*ImportRecord, error) {
	if err := s.lockWrite(); err != nil {
		return nil, err
	}
	defer s.write.Unlock()
	s.importing.Store(true)
	defer s.importing.Store(false)
	current := int(s.Release())
	if target < 1 || target >= current {
		return nil, invalid("release %d cannot be restored: give a release from 1 to %d (the current release is %d)", target, current-1, current)
	}
	var release int
	err := s.inTx(ctx, func(conn *sql.Conn) error {
		var err error
		release, err = newRelease(ctx, conn, fmt.Sprintf("Khôi phục bản phát hành %d", target))
		if err != nil {
			return err
		}
		for _, t := range []string{"scores", "published_results"} {
			if err := archiveRows(ctx, conn, t, release, fmt.Sprintf(`release_id > %d`, target)); err != nil {
				return err
			}
			cols := map[string]string{"scores": "year, unit_id, criterion_code, points, source_id", "published_results": "year, unit_id, group_code, rank, source_id"}[t]
			if _, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %[1]s (%[2]s, release_id)
				SELECT %[2]s, %[3]d FROM %[1]s_archive WHERE release_id <= %[4]d AND archived_by > %[4]d AND archived_by < %[3]d`, t, cols, release, target)); err != nil {
				return fmt.Errorf("restore %s: %w", t, err)
			}
		}
		// Frameworks imported after target, newest first, give their years back.
		type assignment struct {
			year     int
			issuer   string
			previous sql.NullString
		}
		var undo []assignment
		err = func() error {
			rows, err := conn.QueryContext(ctx, `SELECT year, coalesce(framework_issuer, ''), previous_framework FROM imports
				WHERE kind = 'FRAMEWORK' AND release_id > ? AND rolled_back_by IS NULL ORDER BY release_id DESC`, target)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var a assignment
				if err := rows.Scan(&a.year, &a.issuer, &a.previous); err != nil {
					return err
				}
				undo = append(undo, a)
			}
			return rows.Err()
		}()
		if err != nil {
			return fmt.Errorf("frameworks: %w", err)
		}
		for _, a := range undo {
			if _, err := conn.ExecContext(ctx, `DELETE FROM framework_scopes WHERE issuer_id = ? AND first_year = ?`, a.issuer, a.year); err != nil {
				return err
			}
			if a.previous.Valid {
				if _, err := conn.ExecContext(ctx, `INSERT INTO framework_scopes VALUES (?, ?, ?)`, a.issuer, a.year, a.previous.String); err != nil {
					return err
				}
			}
		}
		if _, err := conn.ExecContext(ctx, `UPDATE imports SET rolled_back_by = ? WHERE release_id > ? AND rolled_back_by IS NULL`, release, target); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		rep := &ImportReport{Kind: ImportRollback}
		if err := insertImport(ctx, conn, release, ImportRequest{Importer: importer}, rep, 0, importScope{}, target); err != nil {
			return err
		}
		// Only the years whose rows moved are derived again.
		var years []int
		err = func() error {
			rows, err := conn.QueryContext(ctx, fmt.Sprintf(`SELECT year FROM scores_archive WHERE archived_by = %[1]d
				UNION SELECT year FROM scores WHERE release_id = %[1]d
				UNION SELECT year FROM published_results_archive WHERE archived_by = %[1]d
				UNION SELECT year FROM published_results WHERE release_id = %[1]d ORDER BY 1`, release))
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var y int
				if err := rows.Scan(&y); err != nil {
					return err
				}
				years = append(years, y)
			}
			return rows.Err()
		}()
		if err != nil {
			return fmt.Errorf("years: %w", err)
		}
		for _, a := range undo {
			years = append(years, a.year)
		}
		for _, y := range years {
			if err := refreshDerivedYear(ctx, conn, y); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("analytics: rollback to %d: %w", target, err)
	}
	if err := s.refresh(ctx); err != nil {
		return nil, err
	}
	var rec *ImportRecord
	err = each(ctx, s.db, `SELECT `+importColumns+` FROM imports WHERE release_id = `+fmt.Sprint(release), func(rows *sql.Rows) error {
		var err error
		rec, err = scanImport(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("analytics: rollback: %w", err)
	}
	return rec, nil
}
