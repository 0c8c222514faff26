package analytics

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkImportNationalYear imports one national year (10,047 communes × 40 criteria, about
// 400k scores, as a long CSV of 6 MB) into a copy of the national database: reading,
// validation, the transaction with the archive, the derived tables and the in-memory references.
// It needs the national database (go run ./cmd/bench -build):
//
//	PARINDEX_NATIONAL_DB=$PWD/data/national.duckdb go test ./analytics -run '^$' -bench ImportNationalYear -benchtime 3x -v
//
// Consecutive iterations import two different files, so that none is UNCHANGED. With -v, every
// iteration prints its phases and the steps of the derived tables, in wall time and CPU time.
func BenchmarkImportNationalYear(b *testing.B) {
	src := os.Getenv("PARINDEX_NATIONAL_DB")
	if src == "" {
		b.Skip("set PARINDEX_NATIONAL_DB to a national database (go run ./cmd/bench -build)")
	}
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "national.duckdb")
	if err := copyFileTo(src, path); err != nil {
		b.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const year = 2024
	files := [2][]byte{}
	for i := range files {
		if files[i], err = nationalLongCSV(ctx, s.db, year, i); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("file: %d bytes, %d lines", len(files[0]), bytes.Count(files[0], []byte("\n")))
	// The read model's warm-up (every year read into memory, started in the background after Open
	// and after each import) is waited for outside the timer: on two cores it would otherwise
	// compete with the import measured.
	s.warming.Wait()
	var phases, steps map[string]spent
	traceDerive = func(step string) func() {
		start := now()
		return func() { steps[step] = steps[step].add(now().since(start)) }
	}
	defer func() { traceDerive = nil }()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		phases, steps = map[string]spent{}, map[string]spent{}
		last, lastStep := now(), "read and validate"
		// Each iteration's decision replaces the previous one's official results.
		req := ImportRequest{Year: year, Decision: fmt.Sprintf("BENCH-%d (minh họa)", i), Date: "2024-12-30", FileName: "national.csv", Importer: "bench", ReplaceOfficial: true,
			Progress: func(step string) {
				t := now()
				phases[lastStep] = phases[lastStep].add(t.since(last))
				last = t
				switch {
				case strings.HasPrefix(step, "appending"):
					lastStep = "archive and append"
				case strings.HasPrefix(step, "refreshing"):
					lastStep = "derived tables"
				case strings.HasPrefix(step, "committing"):
					lastStep = "commit"
				case strings.HasPrefix(step, "reading the references"):
					lastStep = "references"
				case strings.HasPrefix(step, "comparing"):
					lastStep = "read and validate: compare"
				case strings.HasPrefix(step, "writing"):
					lastStep = "release and source"
				default:
					lastStep = "read and validate"
				}
			}}
		began := now()
		rep, err := s.Import(ctx, req, files[i%2])
		phases[lastStep] = phases[lastStep].add(now().since(last))
		if testing.Verbose() {
			// Every iteration's phases and steps, for ranges on a shared machine: wall time and the
			// process's CPU time (both cores; less sensitive than wall time to the other
			// engineers' load).
			total := now().since(began)
			fmt.Fprintf(os.Stderr, "import %d of %d: %.2f s (CPU %.2f s)\n", i+1, b.N, total.wall.Seconds(), total.cpu.Seconds())
			printSpent("phase", phases)
			printSpent("derive step", steps)
		}
		if err != nil || rep.Status != ImportCommitted {
			b.Fatalf("import: %v %+v", err, rep)
		}
		b.StopTimer()
		s.warming.Wait() // the warm-up of the new release
		b.StartTimer()
	}
	b.StopTimer()
	if fi, err := os.Stat(path + ".wal"); err == nil {
		b.Logf("write-ahead log after %d imports: %d bytes", b.N, fi.Size())
	}
	for name, d := range phases {
		b.ReportMetric(d.wall.Seconds(), strings.ReplaceAll(name, " ", "_")+"_s")
	}
}

// spent is a duration in wall time and in the process's CPU time (user and system, every thread).
type spent struct{ wall, cpu time.Duration }

type instant struct {
	wall time.Time
	cpu  time.Duration
}

func now() instant {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru) //nolint:errcheck // RUSAGE_SELF does not fail
	return instant{time.Now(), time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
}

func (t instant) since(start instant) spent { return spent{t.wall.Sub(start.wall), t.cpu - start.cpu} }

func (a spent) add(b spent) spent { return spent{a.wall + b.wall, a.cpu + b.cpu} }

func printSpent(kind string, ds map[string]spent) {
	for _, name := range slices.Sorted(maps.Keys(ds)) {
		fmt.Fprintf(os.Stderr, "  %-12s %-28s %6.3f s  CPU %6.3f s\n", kind, name, ds[name].wall.Seconds(), ds[name].cpu.Seconds())
	}
}

// nationalLongCSV writes the scores of a year as a long CSV, moved by a quarter point (within the
// maximum) in variant 1.
func nationalLongCSV(ctx context.Context, db *sql.DB, year, variant int) ([]byte, error) {
	rows, err := db.QueryContext(ctx, `SELECT u.code, s.criterion_code, (s.points * 100)::BIGINT, (c.max_points * 100)::BIGINT, coalesce(c.kind, 'SCORE')
		FROM scores s JOIN units u ON u.id = s.unit_id
		JOIN unit_frameworks fy ON fy.year = s.year AND fy.unit_id = s.unit_id JOIN criteria c ON c.framework_id = fy.framework_id AND c.code = s.criterion_code
		WHERE s.year = ? ORDER BY u.code, s.criterion_code`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var b bytes.Buffer
	b.WriteString("unit_code,criterion_code,points\n")
	for rows.Next() {
		var code, crit, kind string
		var cents, maxCents int64
		if err := rows.Scan(&code, &crit, &cents, &maxCents, &kind); err != nil {
			return nil, err
		}
		if variant == 1 {
			// A penalty is negative points: it stays at most 0.
			cents = min(cents+25, maxCents)
			if kind == "PENALTY" {
				cents = min(cents, 0)
			}
		}
		b.WriteString(code + "," + crit + "," + strconv.FormatFloat(float64(cents)/100, 'f', 2, 64) + "\n")
	}
	return b.Bytes(), rows.Err()
}

func copyFileTo(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// Written to the disk before it is used: otherwise the first commit's fsync of the log waits
	// for the file system to write the copy's pages (0.8 s measured on a 640 MB copy), a cost of
	// the copy and not of the import.
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkImportUnits prepares what an import of 2024 matches its rows against: the units of
// the year by code and parent ("codes"), the index of their names a file without codes needs
// ("names"), and the units under an issuer's district ("issuer"). Against the default database (the registry: every version of every unit of the
// official lists, about 17,000); with PARINDEX_NATIONAL_DB, against the national database's
// units (14,161).
//
//	go test ./analytics -run '^$' -bench ImportUnits -benchtime 2s
func BenchmarkImportUnits(b *testing.B) {
	ctx := context.Background()
	path := ":memory:"
	if src := os.Getenv("PARINDEX_NATIONAL_DB"); src != "" {
		path = filepath.Join(b.TempDir(), "national.duckdb")
		if err := copyFileTo(src, path); err != nil {
			b.Fatal(err)
		}
	}
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.warming.Wait()
	r := s.refs.Load()
	b.Logf("%d units in the database", len(r.units))
	b.Run("codes", func(b *testing.B) {
		for b.Loop() {
			newImportUnits(r, 2024)
		}
	})
	b.Run("names", func(b *testing.B) {
		for b.Loop() {
			newImportUnits(r, 2024).named("an my")
		}
	})
	b.Run("issuer", func(b *testing.B) {
		for b.Loop() {
			if iu, problem, _ := newImportUnits(r, 2024).withIssuer("UBND huyện Quảng Hòa, tỉnh Cao Bằng"); problem != nil || len(iu.ofArea) != 19 {
				b.Fatalf("issuer: %+v, %d units", problem, len(iu.ofArea))
			}
		}
	})
}
