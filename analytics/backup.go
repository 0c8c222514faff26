package analytics

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A backup is a folder of CSV files, one per table that holds facts (derived tables are rebuilt
// on restore), and a manifest.json written last with each file's rows and SHA-256: a folder
// without a manifest is an unfinished backup. The files are written in Go from one read
// transaction, so the snapshot is consistent while the server keeps answering, and no DuckDB
// statement ever touches a file (external access stays off after Open).

// backupTables are the tables a backup holds, in an order that restores cleanly, with the columns
// kept (units' derived columns are rebuilt).
var backupTables = []struct{ name, columns string }{
	{"releases", "*"},
	{"sources", "*"},
	{"units", "id, code, list, name, short_name, kind, level, parent_id, valid_from, valid_to, search_key"},
	{"lineage", "*"},
	{"registry_version", "*"},
	{"frameworks", "*"},
	{"framework_scopes", "*"},
	{"fields", "*"},
	{"criteria", "*"},
	{"group_bands", "*"},
	{"components", "*"},
	{"cohorts", "*"},
	{"scores", "*"},
	{"published_results", "*"},
	{"published_field_averages", "*"},
	{"scores_archive", "*"},
	{"published_results_archive", "*"},
	{"imports", "*"},
}

// nullText stands for NULL in backup files.
const nullText = `\N`

// BackupManifest describes a backup.
type BackupManifest struct {
	Format        int           `json:"format"`
	SchemaVersion int           `json:"schemaVersion"`
	Release       int64         `json:"release"`
	CreatedAt     string        `json:"createdAt"`
	Tables        []BackupTable `json:"tables"`
}

// BackupTable is one file of a backup.
type BackupTable struct {
	Name    string   `json:"name"`
	File    string   `json:"file"`
	Columns []string `json:"columns"`
	Rows    int64    `json:"rows"`
	SHA256  string   `json:"sha256"`
}

const backupFormat = 1

// Backup writes a consistent snapshot of the database into dir, which must not exist or be
// empty. It runs beside queries (and waits for no import: one running makes it fail with
// ErrImportBusy).
func (s *Store) Backup(ctx context.Context, dir string) (*BackupManifest, error) {
	if err := s.lockWrite(); err != nil {
		return nil, err
	}
	defer s.write.Unlock()
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, invalid("backup folder %s is not empty", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("analytics: backup: %w", err)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("analytics: backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN TRANSACTION`); err != nil {
		return nil, fmt.Errorf("analytics: backup: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	m := &BackupManifest{Format: backupFormat, CreatedAt: time.Now().UTC().Format(time.RFC3339)}
	if err := conn.QueryRowContext(ctx, `SELECT (SELECT max(version) FROM schema_migrations), (SELECT coalesce(max(id), 0) FROM releases)`).Scan(&m.SchemaVersion, &m.Release); err != nil {
		return nil, fmt.Errorf("analytics: backup: %w", err)
	}
	for _, t := range backupTables {
		bt, err := backupTable(ctx, conn, dir, t.name, t.columns)
		if err != nil {
			return nil, fmt.Errorf("analytics: backup %s: %w", t.name, err)
		}
		m.Tables = append(m.Tables, bt)
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeFileSync(filepath.Join(dir, "manifest.json"), append(body, '\n')); err != nil {
		return nil, fmt.Errorf("analytics: backup: %w", err)
	}
	return m, nil
}

// backupTable writes one table as CSV, every value as DuckDB writes it as text.
func backupTable(ctx context.Context, conn *sql.Conn, dir, table, columns string) (BackupTable, error) {
	bt := BackupTable{Name: table, File: table + ".csv"}
	rows, err := conn.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM %s`, columns, table))
	if err != nil {
		return bt, err
	}
	defer rows.Close()
	bt.Columns, err = rows.Columns()
	if err != nil {
		return bt, err
	}
	// Read every value as text: the cast is DuckDB's own, so the restore's cast back is exact.
	rows.Close()
	casts := make([]string, len(bt.Columns))
	for i, c := range bt.Columns {
		casts[i] = fmt.Sprintf(`%q::VARCHAR`, c)
	}
	rows, err = conn.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM %s`, strings.Join(casts, ", "), table))
	if err != nil {
		return bt, err
	}
	defer rows.Close()
	f, err := os.Create(filepath.Join(dir, bt.File))
	if err != nil {
		return bt, err
	}
	defer f.Close()
	h := sha256.New()
	buf := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	w := csv.NewWriter(buf)
	if err := w.Write(bt.Columns); err != nil {
		return bt, err
	}
	vals := make([]sql.NullString, len(bt.Columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, len(vals))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return bt, err
		}
		for i, v := range vals {
			rec[i] = v.String
			if !v.Valid {
				rec[i] = nullText
			}
		}
		if err := w.Write(rec); err != nil {
			return bt, err
		}
		bt.Rows++
	}
	if err := rows.Err(); err != nil {
		return bt, err
	}
	w.Flush()
	if err := errors.Join(w.Error(), buf.Flush(), f.Sync(), f.Close()); err != nil {
		return bt, err
	}
	bt.SHA256 = hex.EncodeToString(h.Sum(nil))
	return bt, nil
}

func writeFileSync(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// ReadBackupManifest reads and checks a backup's manifest and the checksums of its files.
func ReadBackupManifest(dir string) (*BackupManifest, error) {
	body, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("analytics: %s is not a finished backup (no manifest.json): %w", dir, err)
	}
	var m BackupManifest
	if err := json.Unmarshal(body, &m); err != nil || m.Format != backupFormat {
		return nil, fmt.Errorf("analytics: %s/manifest.json is not a parindex backup manifest of format %d", dir, backupFormat)
	}
	for _, t := range m.Tables {
		if strings.ContainsAny(t.File, `/\`) || strings.ContainsAny(t.Name, `"; `) {
			return nil, fmt.Errorf("analytics: backup manifest names a bad file %q", t.File)
		}
		f, err := os.Open(filepath.Join(dir, t.File))
		if err != nil {
			return nil, fmt.Errorf("analytics: backup: %w", err)
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("analytics: backup: %w", err)
		}
		if hex.EncodeToString(h.Sum(nil)) != t.SHA256 {
			return nil, fmt.Errorf("analytics: backup file %s does not match its checksum: the backup is damaged", t.File)
		}
	}
	return &m, nil
}

// Restore builds the database at path from the backup in dir. It needs the file to itself (stop
// the server first). The backup's checksums are checked, the tables loaded into a new file next to
// path, the derived tables rebuilt and the row counts compared; only then is the new file moved
// over path. The file it replaces is kept as path + ".before-restore".
func Restore(ctx context.Context, dir, path string) (*BackupManifest, error) {
	if path == "" || path == ":memory:" {
		return nil, errors.New("analytics: restore needs a database file, not an in-memory database")
	}
	m, err := ReadBackupManifest(dir)
	if err != nil {
		return nil, err
	}
	if err := checkNotHeld(ctx, path); err != nil {
		return nil, err
	}
	// A restore keeps the file it replaces under one name: a second one would rename over what
	// the first kept (after a crash between its two renames, the only copy of the data).
	if kept := keptByRestore(path); len(kept) > 0 {
		return nil, fmt.Errorf("analytics: restore: %s, kept by an earlier restore, is still there: move it away (or delete it once it is no longer needed), then restore again",
			strings.Join(kept, " and "))
	}
	tmp := path + ".restoring"
	for _, p := range []string{tmp, tmp + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("analytics: restore: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("analytics: restore: %w", err)
	}
	if err := loadBackup(ctx, dir, tmp, m); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("analytics: restore: %w", err)
	}
	// Open rebuilds the derived tables and the references: the restored file is usable.
	st, err := Open(ctx, tmp)
	if err != nil {
		return nil, fmt.Errorf("analytics: restore: the restored database does not open: %w", err)
	}
	if got := st.Release(); got != m.Release {
		st.Close()
		return nil, fmt.Errorf("analytics: restore: the restored database is at release %d, the backup at %d", got, m.Release)
	}
	if err := st.Close(); err != nil {
		return nil, fmt.Errorf("analytics: restore: %w", err)
	}
	if err := keepReplaced(path); err != nil {
		return nil, fmt.Errorf("analytics: restore: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("analytics: restore: %w", err)
	}
	return m, nil
}

// keptByRestore returns the files an earlier restore of path kept (the replaced database, or a
// log that had lost its file) that are still there.
func keptByRestore(path string) []string {
	var kept []string
	for _, p := range []string{path + ".before-restore", path + ".wal.before-restore"} {
		if _, err := os.Lstat(p); err == nil {
			kept = append(kept, p)
		}
	}
	return kept
}

// ErrNoDatabase reports that the database file to open does not exist and may not be created.
var ErrNoDatabase = errors.New("analytics: no database file")

// Creation says whether CheckDatabase lets Open create a missing database file.
type Creation int

// Creations.
const (
	CreateNever   Creation = iota // the file must exist
	CreateIfClean                 // create it, unless a restore left files beside it (the default path)
	CreateAlways                  // create it (asked for explicitly)
)

// CheckDatabase reports whether Open may open path: an in-memory database, a file that exists, or
// a missing file when create allows it. Open itself creates any missing file (with the default
// dataset); callers that take a path from a person check it first, so that a mistyped path, or a
// file that a restore stopped halfway moved aside, is an error naming it and not a new database
// of illustrative data. The error wraps ErrNoDatabase.
func CheckDatabase(path string, create Creation) error {
	if path == "" || path == ":memory:" {
		return nil
	}
	info, err := os.Stat(path)
	if err == nil {
		if info.IsDir() {
			return fmt.Errorf("analytics: %s is a folder, not a database file", path)
		}
		return nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("analytics: open %s: %w", path, err)
	}
	kept := keptByRestore(path)
	if create == CreateAlways || create == CreateIfClean && len(kept) == 0 {
		return nil
	}
	if len(kept) > 0 {
		fix := fmt.Sprintf("move %s back to %s", kept[0], path)
		if _, err := os.Stat(path + ".restoring"); err == nil {
			fix = fmt.Sprintf("move %s.restoring, the restored database, to %s to finish the restore, or %s to undo it", path, path, fix)
		}
		return fmt.Errorf("%w: %s does not exist, but %s does: a restore stopped between moving the file aside and moving the restored one in; %s",
			ErrNoDatabase, path, strings.Join(kept, " and "), fix)
	}
	return fmt.Errorf("%w: %s does not exist; name an existing database with -db, or create one with the default data with -init", ErrNoDatabase, path)
}

// CleanRestoring removes what a restore of path that was stopped (killed, or the machine went
// down) left while it built the new file: path + ".restoring" and its log. It returns the files
// removed.
func CleanRestoring(ctx context.Context, path string) ([]string, error) {
	if path == "" || path == ":memory:" {
		return nil, nil
	}
	tmp := path + ".restoring"
	if err := checkNotHeld(ctx, tmp); err != nil && strings.Contains(err.Error(), "lock") {
		return nil, fmt.Errorf("analytics: %s is held by another process: a restore is running; start once it is done", tmp)
	}
	var removed []string
	for _, p := range []string{path + ".restoring", path + ".restoring.wal"} {
		err := os.Remove(p)
		if err == nil {
			removed = append(removed, p)
		} else if !errors.Is(err, os.ErrNotExist) {
			return removed, fmt.Errorf("analytics: remove %s: %w", p, err)
		}
	}
	return removed, nil
}

// keepReplaced moves the database at path aside, as path + ".before-restore", with its
// write-ahead log: a server stopped without a checkpoint (killed, or on a machine that went down)
// leaves its last commits in path + ".wal" only (an import's log stays below the checkpoint
// threshold), so the kept file is whole only with it. A log whose database file is gone is kept
// as path + ".wal.before-restore", a name DuckDB never reads: left in place, DuckDB would replay it
// into the restored file, which it does not belong to.
func keepReplaced(path string) error {
	wal := path + ".wal"
	if _, err := os.Stat(path); err != nil {
		if err := os.Rename(wal, wal+".before-restore"); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	kept := path + ".before-restore"
	// The log of a file kept by an earlier restore must not pair with this one.
	if err := os.Remove(kept + ".wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(path, kept); err != nil {
		return err
	}
	if err := os.Rename(wal, kept+".wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
		// The file goes back beside its log: nothing was replaced.
		return errors.Join(err, os.Rename(kept, path))
	}
	return nil
}

// checkNotHeld fails when another process (a running server) holds the database at path: moving
// a restored file over it would leave that process writing to the replaced one.
func checkNotHeld(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil // nothing to replace
	}
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err == nil {
		err = db.PingContext(ctx)
		db.Close()
	}
	if err != nil {
		return fmt.Errorf("analytics: restore: %s cannot be opened (%v): if a parindex server holds it, stop the server first", path, err)
	}
	return nil
}

// loadBackup creates the schema in a new file and loads every table with DuckDB's CSV reader:
// this connection is not a Store's, so file access is still on.
func loadBackup(ctx context.Context, dir, path string, m *BackupManifest) error {
	db, err := sql.Open("duckdb", path+"?autoinstall_known_extensions=false&autoload_known_extensions=false")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		return err
	}
	var version int
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&version); err != nil {
		return err
	}
	if version != m.SchemaVersion {
		return fmt.Errorf("the backup has schema version %d, this parindex %d: restore with the parindex that made it", m.SchemaVersion, version)
	}
	return s.inTx(ctx, func(conn *sql.Conn) error {
		for _, t := range m.Tables {
			cols := make([]string, len(t.Columns))
			types := make([]string, len(t.Columns))
			for i, c := range t.Columns {
				cols[i] = fmt.Sprintf("%q", c)
				types[i] = fmt.Sprintf("'%s': 'VARCHAR'", strings.ReplaceAll(c, "'", "''"))
			}
			file := strings.ReplaceAll(filepath.Join(dir, t.File), "'", "''")
			q := fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM read_csv('%s', header = true, nullstr = '\N', quote = '"', escape = '"', delim = ',', columns = {%s})`,
				t.Name, strings.Join(cols, ", "), strings.Join(cols, ", "), file, strings.Join(types, ", "))
			res, err := conn.ExecContext(ctx, q)
			if err != nil {
				return fmt.Errorf("table %s: %w", t.Name, err)
			}
			if n, _ := res.RowsAffected(); n != t.Rows {
				return fmt.Errorf("table %s: %d rows loaded, the manifest says %d", t.Name, n, t.Rows)
			}
		}
		return nil
	})
}

// Checksum is a SHA-256 of the contents of every table a backup holds, rows sorted: two
// databases with the same checksum hold the same facts, releases and audit.
func (s *Store) Checksum(ctx context.Context) (string, error) {
	return s.checksum(ctx, backupTables)
}

// checksum is Checksum over the given tables and columns.
func (s *Store) checksum(ctx context.Context, tables []struct{ name, columns string }) (string, error) {
	h := sha256.New()
	for _, t := range tables {
		var n int64
		var sum string
		err := s.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg(x, chr(10) ORDER BY x)), '')
			FROM (SELECT (%s)::VARCHAR AS x FROM (SELECT %s FROM %s) t)`, "t", t.columns, t.name)).Scan(&n, &sum)
		if err != nil {
			return "", fmt.Errorf("analytics: checksum %s: %w", t.name, err)
		}
		fmt.Fprintf(h, "%s %d %s\n", t.name, n, sum)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
