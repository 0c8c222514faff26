package analytics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/parindex/parindex/analytics/dataset"
)

// The national illustrative dataset (package dataset: every commune of the official lists,
// scored by the illustrative generator) is written to a DuckDB file of its own, for measuring
// parindex at the scale of the country: CreateNational streams the generator's scores into
// Store.load's transaction without holding them.

// Years of the national dataset.
const (
	NationalFirstYear = dataset.NationalFirstYear // first year of the communes before the 2025 reorganisation
	NationalLastYear  = dataset.NationalLastYear  // their last year
	NationalNewYear   = dataset.NationalNewYear   // the year of the communes created on 2025-07-01
)

// NationalOptions reduces the national dataset, for tests and quick trials. The zero value
// builds all of it.
type NationalOptions struct {
	// Provinces keeps the provinces of the lists before 01/07/2025 with these codes ("94"):
	// every version of their districts and communes, the links between them, the crosswalk
	// links from them, and the new communes those links reach. Empty: all 63.
	Provinces []string
	// FirstYear is the first year scored for the old communes (0: NationalFirstYear); they are
	// scored up to NationalLastYear, each year the communes that existed at its end.
	FirstYear int
	// Progress, when not nil, receives one line per step. It is called from CreateNational's
	// goroutine.
	Progress func(string)
}

// NationalStats says what CreateNational wrote and where the time went.
type NationalStats struct {
	Units, Lineage, Scores int
	Retries                int // district-years whose deviations had to be shrunk to fit the maxima

	Prepare   time.Duration // reading the lists, building units, lineage and frameworks
	Reference time.Duration // writing them (migrations included)
	Stream    time.Duration // generating and appending the scores, which overlap
	Generate  time.Duration // of Stream, the time the generator was busy (its own goroutine)
	Append    time.Duration // of Stream, the time the Appender was busy
	Derive    time.Duration // refreshing the derived tables
	Commit    time.Duration
	Close     time.Duration // closing the database, which checkpoints it
	Total     time.Duration
	FileBytes int64
}

// CreateNational creates a new DuckDB database file at path holding the national illustrative
// dataset as its only release: it applies the migrations and loads the dataset in one
// transaction, derived tables included, then closes the file. It refuses a path that exists. The
// database is built under path + ".partial" and linked into place only when complete, so a
// failed or interrupted build leaves no file at path. Open the result with Open, which never
// adds the default dataset to a database that has a release.
func CreateNational(ctx context.Context, path string, opts NationalOptions) (NationalStats, error) {
	start := time.Now()
	var st NationalStats
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	fail := func(err error) (NationalStats, error) {
		return st, fmt.Errorf("analytics: create national dataset %s: %w", path, err)
	}
	if path == "" || path == ":memory:" {
		return fail(errors.New("needs a file path"))
	}
	if _, err := os.Stat(path); err == nil {
		return fail(fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fail(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fail(err)
	}
	partial := path + ".partial"
	removePartial := func() {
		os.Remove(partial)
		os.Remove(partial + ".wal")
	}
	removePartial() // left by an interrupted build

	progress("reading the unit lists and the crosswalk")
	ds, plan, err := dataset.National(opts.Provinces, opts.FirstYear)
	if err != nil {
		return fail(err)
	}
	st.Units, st.Lineage = len(ds.Units), len(ds.Lineage)
	st.Prepare = time.Since(start)
	first, last, newYear := plan.Years()
	progress(fmt.Sprintf("%d units, %d lineage links, %d frameworks, years %d–%d and %d",
		st.Units, st.Lineage, len(ds.Frameworks), first, last, newYear))

	db, err := sql.Open("duckdb", partial+"?autoinstall_known_extensions=false&autoload_known_extensions=false")
	if err != nil {
		return fail(err)
	}
	s := &Store{db: db}
	mark := time.Now()
	err = s.migrate(ctx)
	if err == nil {
		var g nationalGauge
		stream := func(ctx context.Context, emit func([]dataset.Score) error) error {
			year := 0
			return pipelined(func(ctx context.Context, emit func([]dataset.Score) error) error {
				busy := time.Now()
				defer func() { g.generate += time.Since(busy) }()
				retries, err := plan.Generate(ctx, func(rows []dataset.Score) error {
					g.generate += time.Since(busy)
					err := emit(rows)
					busy = time.Now()
					return err
				})
				g.retries = retries
				return err
			})(ctx, func(rows []dataset.Score) error {
				if len(rows) > 0 && rows[0].Year != year {
					year = rows[0].Year
					progress(fmt.Sprintf("scores %d (%d rows so far)", year, g.rows))
				}
				t := time.Now()
				err := emit(rows)
				g.append += time.Since(t)
				g.rows += len(rows)
				return err
			})
		}
		phase := func(name string) {
			now := time.Now()
			switch name {
			case phaseScores:
				st.Reference = now.Sub(mark)
			case phaseDerive:
				st.Stream = now.Sub(mark)
				progress(fmt.Sprintf("%d scores written; refreshing the derived tables", g.rows))
			case phaseCommit:
				st.Derive = now.Sub(mark)
				progress("committing")
			}
			mark = now
		}
		err = s.loadStream(ctx, ds, plan.Description(), stream, phase)
		st.Commit = time.Since(mark)
		st.Scores, st.Generate, st.Append, st.Retries = g.rows, g.generate, g.append, g.retries
	}
	mark = time.Now()
	progress("closing (checkpoint)")
	err = errors.Join(err, db.Close())
	st.Close = time.Since(mark)
	if err != nil {
		removePartial()
		return fail(err)
	}
	// Link, not rename: a file created at path meanwhile is never overwritten.
	if err := os.Link(partial, path); err != nil {
		removePartial()
		return fail(err)
	}
	if _, err := os.Stat(partial + ".wal"); err == nil {
		if err := os.Rename(partial+".wal", path+".wal"); err != nil {
			return fail(err)
		}
	}
	os.Remove(partial)
	if fi, err := os.Stat(path); err == nil {
		st.FileBytes = fi.Size()
	}
	st.Total = time.Since(start)
	progress(fmt.Sprintf("done: %d scores, %.1f MB, %s", st.Scores, float64(st.FileBytes)/1e6, st.Total.Round(time.Millisecond)))
	return st, nil
}

// nationalGauge counts what the score stream did; the generator's fields are written by its
// goroutine and read after it has finished.
type nationalGauge struct {
	rows             int
	generate, append time.Duration
	retries          int
}

// pipelined runs a score stream on its own goroutine, so that generating and appending use both
// cores. Batches keep their order.
func pipelined(gen scoreStream) scoreStream {
	return func(ctx context.Context, emit func([]dataset.Score) error) error {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		batches := make(chan []dataset.Score, 64)
		done := make(chan error, 1)
		go func() {
			defer close(batches)
			done <- gen(ctx, func(rows []dataset.Score) error {
				select {
				case batches <- rows:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
		}()
		var err error
		for rows := range batches {
			if err == nil {
				if err = emit(rows); err != nil {
					cancel() // stop the generator; keep draining so that it can finish
				}
			}
		}
		return errors.Join(err, <-done)
	}
}
