package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/parindex/parindex/analytics/dataset"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is parindex's database. It is safe for concurrent use.
type Store struct {
	db    *sql.DB
	refs  atomic.Pointer[refs] // reference data of the newest release, see refs
	stmts sync.Map             // prepared statements by text, see query
	// compiled counts the compiled texts of this release sent to be prepared (queryCompiled).
	compiled atomic.Int64
	write    sync.Mutex // one import, rollback or backup at a time (import.go)
	// importing is set while an import or a rollback runs, see Importing.
	importing atomic.Bool
	// warming counts the background warm-ups of the read model (refs.go); Close stops them and
	// waits. A statement still running after sql.DB.Close keeps DuckDB's instance alive, and DuckDB
	// checkpoints into the file when its last connection goes: after Close had returned, into a
	// file a caller may have replaced meanwhile (a restore, the crash test's reset).
	warming sync.WaitGroup
	closing chan struct{}
	// rollupsOff makes aggregates read the results tables, never their rollups: tests compare the two.
	rollupsOff bool
	// readOnly is set by OpenReadOnly: every write answers ErrReadOnly (lockWrite).
	readOnly bool
}

// Open opens the DuckDB database at path (":memory:" for one that lives as long as the process),
// applies the migrations it lacks, fills an empty database with the embedded default dataset, and
// then turns external file access off and locks the configuration, so that no query can read or
// write a file or load an extension (exports are written by parindex, not by DuckDB).
func Open(ctx context.Context, path string) (*Store, error) {
	dsn := ""
	if path != ":memory:" && path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("analytics: open %s: %w", path, err)
		}
		dsn = path
	}
	// Extensions are built in; never try the network for one.
	dsn += "?autoinstall_known_extensions=false&autoload_known_extensions=false"
	db, err := sql.Open("duckdb", dsn)
	if err != nil {
		return nil, fmt.Errorf("analytics: open %s: %w", path, err)
	}
	// Requests are bounded before they reach the store (two per core, two exports, one import);
	// the pool leaves room beyond them, because an export's snapshot holds its connection for as
	// long as the file takes and an import uses two at once: a pool as small as the request limit
	// would make the import wait for the exports it should pass.
	db.SetMaxOpenConns(4 * runtime.NumCPU())
	s := &Store{db: db, closing: make(chan struct{})}
	if err := s.init(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("analytics: open %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) init(ctx context.Context) error {
	if err := s.migrate(ctx); err != nil {
		return err
	}
	var releases int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM releases`).Scan(&releases); err != nil {
		return fmt.Errorf("count releases: %w", err)
	}
	if releases == 0 {
		ds, err := dataset.Default()
		if err != nil {
			return fmt.Errorf("default dataset: %w", err)
		}
		if err := s.load(ctx, ds, "Bộ dữ liệu mặc định: kết quả công bố năm 2023 của huyện Kế Sách và điểm minh họa"); err != nil {
			return fmt.Errorf("load default dataset: %w", err)
		}
	}
	if err := s.ensureRegistry(ctx); err != nil {
		return err
	}
	if err := s.ensureDerived(ctx); err != nil {
		return err
	}
	if err := s.refresh(ctx); err != nil {
		return err
	}
	for _, stmt := range []string{
		// A national import logs about 37 MB: past the default threshold (16 MB) its commit
		// would wait for a checkpoint (0.5-1.1 s of a 2 s import). The log is checkpointed at
		// Close, or by the commit that takes it past this threshold (about seven imports).
		`SET checkpoint_threshold = '256MB'`,
		// Without FSST, DuckDB's compression of the string columns it writes does not try it:
		// the ids, codes and slugs of the fact and derived tables compress by dictionary anyway
		// (FSST held 59 of the national database's 1,017 string segments), and an import writes
		// 400k rows of them several times (criterion_results: about 15 % less CPU measured).
		`SET disabled_compression_methods = 'fsst'`,
		`SET enable_external_access = false`,
		`SET lock_configuration = true`,
	} {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("lock down: %w", err)
		}
	}
	return nil
}

// warmInBackground starts Warm for the newest release, to run until it is done or Close.
func (s *Store) warmInBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	s.warming.Add(1)
	go func() {
		defer s.warming.Done()
		defer cancel()
		go func() {
			select {
			case <-s.closing:
				cancel()
			case <-ctx.Done():
			}
		}()
		s.Warm(ctx) //nolint:errcheck // a failed year is read again by the request that needs it
	}()
}

// Close stops the background warm-up and closes the database once no statement of the store
// runs.
func (s *Store) Close() error {
	if s.closing != nil {
		select {
		case <-s.closing: // closed before
		default:
			close(s.closing)
		}
	}
	s.warming.Wait()
	return s.db.Close()
}

// Count runs a read statement, prepared as aggregates are (queryCompiled), and returns how many
// rows it produced, reading every value. Benchmarks use it to time a statement next to the API
// answer that replaces or wraps it: the fastest way the driver runs it again is the floor.
func (s *Store) Count(ctx context.Context, text string, args ...any) (int, error) {
	rows, err := s.queryCompiled(ctx, text, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	values := make([]any, len(cols))
	for i := range values {
		values[i] = new(any)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(values...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// Importing reports whether an import or a rollback is running. Long readers (exports) wait
// for it to finish rather than start beside it: on two cores every scan they run slows the import,
// which holds the new release back from everyone. It is safe for concurrent use.
func (s *Store) Importing() bool { return s.importing.Load() }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("analytics: ping: %w", err)
	}
	return nil
}

// migrate applies, in order and each in its own transaction, the migrations whose version is
// higher than the database's.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migrate: %s has no version number", base)
		}
		if version <= current {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if err := s.inTx(ctx, func(tx *sql.Conn) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?, ?)`, version, base, time.Now().UTC())
			return err
		}); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

// inTx runs fn on one connection inside a transaction, committing when it returns nil. The
// connection, not a *sql.Tx, is passed so that the Appender can join the transaction.
func (s *Store) inTx(ctx context.Context, fn func(conn *sql.Conn) error) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return inTxOn(ctx, conn, fn)
}

// inTxOn is inTx on a connection the caller holds (one with temporary tables, say).
func inTxOn(ctx context.Context, conn *sql.Conn, fn func(conn *sql.Conn) error) (err error) {
	if _, err := conn.ExecContext(ctx, `BEGIN TRANSACTION`); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); rbErr != nil {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
			}
		}
	}()
	if err := fn(conn); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `COMMIT`)
	return err
}

// Load adds a dataset built in Go (units, links, frameworks, published results, scores) to the
// database as a new release, in one transaction; what it names must not be there already (a
// unit, a framework, a source ID). It is for tools and tests; stewards import files (Import).
func (s *Store) Load(ctx context.Context, ds *dataset.Dataset, description string) error {
	if err := s.lockWrite(); err != nil {
		return err
	}
	defer s.write.Unlock()
	return s.load(ctx, ds, description)
}

// load writes a whole dataset as a new release in one transaction, derived tables included.
func (s *Store) load(ctx context.Context, ds *dataset.Dataset, description string) error {
	if err := s.loadStream(ctx, ds, description, scoresFrom(ds.Scores), nil); err != nil {
		return err
	}
	return s.refresh(ctx)
}

// scoreStream hands a dataset's scores to emit in batches, so that a generator can feed millions
// of rows to the Appender without holding them. emit is done with a batch when it returns.
type scoreStream func(ctx context.Context, emit func([]dataset.Score) error) error

// scoresFrom streams scores held in memory.
func scoresFrom(rows []dataset.Score) scoreStream {
	return func(_ context.Context, emit func([]dataset.Score) error) error { return emit(rows) }
}

// Phases of loadStream, in order, reported to its phase function as each begins.
const (
	phaseReference = "reference" // release, sources, units, lineage, frameworks, published facts
	phaseScores    = "scores"
	phaseDerive    = "derive"
	phaseCommit    = "commit"
)

// loadStream is load with the scores taken from a stream (ds.scores is not read). Units, lineage
// and scores go through DuckDB's Appender; the few other reference rows are inserted one by one.
// When phase is not nil it is called with each phase's name as the phase begins, so that a caller
// can time them.
func (s *Store) loadStream(ctx context.Context, ds *dataset.Dataset, description string, scores scoreStream, phase func(string)) error {
	if phase == nil {
		phase = func(string) {}
	}
	phase(phaseReference)
	return s.inTx(ctx, func(conn *sql.Conn) error {
		var release int
		if err := conn.QueryRowContext(ctx, `INSERT INTO releases
			SELECT coalesce(max(id), 0) + 1, now(), ? FROM releases RETURNING id`, description).Scan(&release); err != nil {
			return fmt.Errorf("release: %w", err)
		}
		for _, src := range ds.Sources {
			if _, err := conn.ExecContext(ctx, `INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)`,
				src.ID, src.Kind, src.Title, nullable(src.Decision), nullable(src.Issued), nullable(src.URL)); err != nil {
				return fmt.Errorf("source %d: %w", src.ID, err)
			}
		}
		if err := appendUnits(conn, ds.Units); err != nil {
			return fmt.Errorf("units: %w", err)
		}
		if err := appendLineage(conn, ds.Lineage); err != nil {
			return fmt.Errorf("lineage: %w", err)
		}
		if ds.Registry {
			if _, err := conn.ExecContext(ctx, `DELETE FROM registry_version; INSERT INTO registry_version VALUES (?)`, registryVersion); err != nil {
				return fmt.Errorf("registry version: %w", err)
			}
		}
		for _, fw := range ds.Frameworks {
			if err := insertFramework(ctx, conn, fw); err != nil {
				return fmt.Errorf("framework %s: %w", fw.ID, err)
			}
		}
		for _, p := range ds.Published {
			if _, err := conn.ExecContext(ctx, `INSERT INTO published_results (year, unit_id, group_code, rank, source_id) VALUES (?, ?, ?, ?, ?)`,
				p.Year, p.UnitID, p.Group, nullableInt(p.Rank), p.Source); err != nil {
				return fmt.Errorf("published result %s: %w", p.UnitID, err)
			}
		}
		for _, a := range ds.Averages {
			if _, err := conn.ExecContext(ctx, `INSERT INTO published_field_averages VALUES (?, ?, ?, ?::DECIMAL(5,2), ?, ?)`,
				a.Year, a.ScopeID, a.Field, nullable(a.Average), a.Rank, dataset.SourceDecision); err != nil {
				return fmt.Errorf("published average %s: %w", a.Field, err)
			}
		}
		phase(phaseScores)
		if err := appendScoreStream(ctx, conn, scores, dataset.SourceGenerator, release); err != nil {
			return fmt.Errorf("scores: %w", err)
		}
		phase(phaseDerive)
		if err := refreshDerived(ctx, conn); err != nil {
			return err
		}
		phase(phaseCommit)
		return nil
	})
}

// insertFramework writes a framework and its scope: from its first year, the framework of its
// issuer's units (of every unit, for issuer ""), replacing a scope of the same issuer and year.
func insertFramework(ctx context.Context, conn *sql.Conn, fw dataset.Framework) error {
	source := cmp.Or(fw.Source, dataset.SourceFramework)
	if _, err := conn.ExecContext(ctx, `INSERT INTO frameworks (id, name, source_id, decision_source_id) VALUES (?, ?, ?, ?)`,
		fw.ID, fw.Name, source, nullableInt(fw.Decision)); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO framework_scopes VALUES (?, ?, ?)`, fw.Issuer, fw.FirstYear, fw.ID); err != nil {
		return err
	}
	for i, c := range fw.Components {
		if _, err := conn.ExecContext(ctx, `INSERT INTO components VALUES (?, ?, ?, ?, ?)`, fw.ID, c.Slug, i+1, c.NameVi, c.NameEn); err != nil {
			return err
		}
	}
	ordinal := 0
	for i, f := range fw.Fields {
		if _, err := conn.ExecContext(ctx, `INSERT INTO fields (framework_id, slug, ordinal, name_vi, name_en, max_points, component)
			VALUES (?, ?, ?, ?, ?, ?::DECIMAL(7,2) / 100, ?)`,
			fw.ID, f.Slug, i+1, f.NameVi, f.NameEn, f.MaxCents(), nullable(f.Component)); err != nil {
			return err
		}
		for _, c := range f.Criteria {
			ordinal++
			if _, err := conn.ExecContext(ctx, `INSERT INTO criteria (framework_id, code, field_slug, ordinal, name, max_points, kind)
				VALUES (?, ?, ?, ?, ?, ?::DECIMAL(7,2) / 100, 'SCORE')`,
				fw.ID, c.Code, f.Slug, ordinal, c.Name, c.MaxCents); err != nil {
				return err
			}
		}
	}
	for _, a := range fw.Adjustments {
		ordinal++
		if _, err := conn.ExecContext(ctx, `INSERT INTO criteria (framework_id, code, field_slug, ordinal, name, max_points, kind)
			VALUES (?, ?, '', ?, ?, ?::DECIMAL(7,2) / 100, ?)`,
			fw.ID, a.Code, ordinal, a.Name, a.MaxCents, a.Kind); err != nil {
			return err
		}
	}
	for i, b := range fw.Bands {
		var percent, points any
		if b.InPoints {
			points = b.Min
		} else {
			percent = b.Min
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO group_bands (framework_id, code, ordinal, label_vi, label_en, min_percent, min_points)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, fw.ID, b.Code, i+1, b.LabelVi, b.LabelEn, percent, points); err != nil {
			return err
		}
	}
	for i, c := range fw.Cohorts {
		if _, err := conn.ExecContext(ctx, `INSERT INTO cohorts VALUES (?, ?, ?, ?, ?, string_split(?, '|'))`,
			fw.ID, c.Slug, i+1, c.NameVi, c.NameEn, strings.Join(c.Kinds, "|")); err != nil {
			return err
		}
	}
	return nil
}

// appendScoreStream writes a stream of scores through one Appender (about 2.5 M rows/s here),
// joining the transaction open on conn.
func appendScoreStream(ctx context.Context, conn *sql.Conn, scores scoreStream, source, release int) error {
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "scores")
		if err != nil {
			return err
		}
		// The Appender copies a Decimal into its chunk at once, so one big.Int serves every row.
		var cents big.Int
		src, rel := int32(source), int32(release)
		err = scores(ctx, func(rows []dataset.Score) error {
			for _, r := range rows {
				points := duckdb.Decimal{Width: 7, Scale: 2, Value: cents.SetInt64(r.Cents)}
				if err := app.AppendRow(int16(r.Year), r.UnitID, r.Criterion, points, src, rel); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			// The transaction is rolled back; what the Appender holds goes with it.
			return errors.Join(err, app.Close())
		}
		return app.Close()
	})
}

// appendUnits writes the reference columns of units through the Appender, with their search
// keys (searchFold, which a test keeps equal to the statement's searchKey); the derived columns
// are left to refreshDerived.
func appendUnits(conn *sql.Conn, units []dataset.Unit) error {
	return appendUnitsTo(conn, "units", units)
}

// appendUnitsTo is appendUnits into table, which has the columns of units.
func appendUnitsTo(conn *sql.Conn, table string, units []dataset.Unit) error {
	columns := []string{"id", "code", "list", "name", "short_name", "kind", "level", "parent_id", "valid_from", "valid_to", "search_key"}
	return withAppender(conn, table, columns, func(app *duckdb.Appender) error {
		for _, u := range units {
			var parent any
			if id := u.ParentID(); id != "" {
				parent = id
			}
			from, err := nullableDate(u.ValidFrom)
			if err != nil {
				return fmt.Errorf("unit %s: %w", u.ID(), err)
			}
			to, err := nullableDate(u.ValidTo)
			if err != nil {
				return fmt.Errorf("unit %s: %w", u.ID(), err)
			}
			if err := app.AppendRow(u.ID(), u.Code, u.List, u.Name, u.ShortName, u.Kind, int8(u.Level), parent, from, to, searchFold(u.Name)); err != nil {
				return fmt.Errorf("unit %s: %w", u.ID(), err)
			}
		}
		return nil
	})
}

// appendLineage writes lineage links through the Appender.
func appendLineage(conn *sql.Conn, links []dataset.Lineage) error {
	return appendLineageTo(conn, "lineage", links)
}

// appendLineageTo is appendLineage into table, which has the columns of lineage.
func appendLineageTo(conn *sql.Conn, table string, links []dataset.Lineage) error {
	columns := []string{"predecessor_id", "successor_id", "effective", "coverage", "change", "certainty", "basis"}
	return withAppender(conn, table, columns, func(app *duckdb.Appender) error {
		for _, l := range links {
			effective, err := time.Parse(time.DateOnly, l.Effective)
			if err != nil {
				return fmt.Errorf("lineage %s -> %s: %w", l.Predecessor, l.Successor, err)
			}
			change, certainty := l.Change, l.Certainty
			if change == "" {
				change = dataset.ChangeReorganised
			}
			if certainty == "" {
				certainty = dataset.CertaintyEstablished
			}
			if err := app.AppendRow(l.Predecessor, l.Successor, effective, l.Coverage, change, certainty, nullable(l.Basis)); err != nil {
				return fmt.Errorf("lineage %s -> %s: %w", l.Predecessor, l.Successor, err)
			}
		}
		return nil
	})
}

// withAppender runs fill with an Appender on the named columns of table, inside the transaction
// open on conn, and flushes it. Naming the columns keeps the load working when a migration adds
// a column with a default. Constraint violations surface when the Appender flushes.
func withAppender(conn *sql.Conn, table string, columns []string, fill func(*duckdb.Appender) error) error {
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderWithColumns(dc.(driver.Conn), "", "", table, columns)
		if err != nil {
			return err
		}
		if err := fill(app); err != nil {
			return errors.Join(err, app.Close())
		}
		return app.Close()
	})
}

// nullableDate turns an ISO date into a value for a DATE column; "" is NULL.
func nullableDate(s string) (any, error) {
	if s == "" {
		return nil, nil
	}
	return time.Parse(time.DateOnly, s)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullableInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
