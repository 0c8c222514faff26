package analytics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// ErrReadOnly reports a write (an import, a rollback, a backup, a load) asked of a store opened
// with OpenReadOnly.
var ErrReadOnly = errors.New("analytics: the database is open read-only (a replica): writes go to the writer")

// ErrSnapshotVersion reports a database written by another version of parindex than this one:
// its migrations or the shape of its derived tables differ, and a read-only store can bring
// neither up to date.
var ErrSnapshotVersion = errors.New("analytics: the database was written by another version of parindex")

// SchemaVersion is the version of the newest migration this code applies: a database that this
// code wrote and a read-only store accepts holds it in schema_migrations.
func SchemaVersion() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(names)
	version := 0
	for _, name := range names {
		if v, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0]); err == nil && v > version {
			version = v
		}
	}
	return version
}

// OpenReadOnly opens the DuckDB file at path read-only, as a replica serves a published release:
// nothing is migrated, loaded or rebuilt, and Import, Rollback, Backup and Load answer
// ErrReadOnly. A file that is not a DuckDB database, or not parindex's, is an error; so is one
// whose schema, registry or derived tables are of another version than this code's (wrapping
// ErrSnapshotVersion). Several processes may open the same file read-only at once.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" {
		return nil, fmt.Errorf("analytics: open read-only: a file is needed, not %q", path)
	}
	db, err := sql.Open("duckdb", path+"?access_mode=READ_ONLY&autoinstall_known_extensions=false&autoload_known_extensions=false")
	if err != nil {
		return nil, fmt.Errorf("analytics: open read-only %s: %w", path, err)
	}
	db.SetMaxOpenConns(4 * runtime.NumCPU())
	s := &Store{db: db, closing: make(chan struct{}), readOnly: true}
	if err := s.initReadOnly(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("analytics: open read-only %s: %w", path, err)
	}
	return s, nil
}

// initReadOnly checks that the database is one this code reads as it is, reads its reference
// data and locks DuckDB's configuration as init does.
func (s *Store) initReadOnly(ctx context.Context) error {
	versions := []struct {
		what, query string
		want        int
		atLeast     bool
	}{
		{"schema", `SELECT max(version) FROM schema_migrations`, SchemaVersion(), false},
		{"registry", `SELECT max(version) FROM registry_version`, registryVersion, true},
		{"derived tables", `SELECT max(version) FROM derived_version`, derivedVersion, false},
	}
	for _, v := range versions {
		var got sql.NullInt64
		if err := s.db.QueryRowContext(ctx, v.query).Scan(&got); err != nil {
			return fmt.Errorf("%s version: %w", v.what, err)
		}
		if !got.Valid || got.Int64 < int64(v.want) || (!v.atLeast && got.Int64 != int64(v.want)) {
			return fmt.Errorf("%w: %s version %d, this parindex reads %d (publish the release again with this version, or run the version that wrote it)",
				ErrSnapshotVersion, v.what, got.Int64, v.want)
		}
	}
	if err := s.refresh(ctx); err != nil {
		return err
	}
	for _, stmt := range []string{`SET enable_external_access = false`, `SET lock_configuration = true`} {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("lock down: %w", err)
		}
	}
	return nil
}

// ReadOnly reports whether the store was opened with OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// lockWrite takes the store's write lock for an import, a rollback, a backup or a load, without
// waiting: ErrReadOnly on a read-only store, ErrImportBusy while another holds it. The caller
// unlocks s.write.
func (s *Store) lockWrite() error {
	if s.readOnly {
		return ErrReadOnly
	}
	if !s.write.TryLock() {
		return ErrImportBusy
	}
	return nil
}
