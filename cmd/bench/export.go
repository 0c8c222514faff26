package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/parindex/parindex/analytics"
)

// The export benchmarks (-export) measure the files of issue 5 at national scale:
//
//	csv      long CSV of everything (every unit, year and criterion): rows/s and peak memory
//	http     the same downloaded from GET /export on loopback (server and client in the process)
//	total    long CSV of every unit's total; field: of every field
//	parquet  Parquet of everything, against DuckDB's own COPY of the same rows (same columns,
//	         joined in SQL) on the same database file, measured in the same run
//	xlsx     one province, every year, field level; wide: the same in the wide-year shape
//
// -exports picks some of them (copy: only DuckDB's COPY); -cpuprofile profiles the exports.
// Peak memory is the process's peak resident set (VmHWM), reset before each measurement through
// /proc/self/clear_refs once the free heap is returned: DuckDB's memory counts, not only Go's heap.

// exportBaselineSQL is what DuckDB writes itself for the Parquet comparison: the rows and
// columns of the long criterion export, names joined in SQL.
const exportBaselineSQL = `
SELECT u.id AS unit_id, u.code AS unit_code, u.name AS unit_name, u.kind AS unit_kind, u.parent_code, u.parent_name,
       pv.code AS province_code, c.year::INTEGER AS year, 'criterion' AS level, c.field_slug, c.criterion_code,
       c.points, c.max_points, c.percent, NULL::INTEGER AS rank, r.group_code AS "group",
       p.group_code AS published_group, p.rank AS published_rank, 'OBSERVED' AS status, 'FULL' AS coverage,
       src.kind AS source_kind, src.title AS source_title, 1 AS release
FROM criterion_results c
JOIN unit_results r ON r.year = c.year AND r.unit_id = c.unit_id
JOIN units u ON u.id = c.unit_id
LEFT JOIN units pv ON pv.id = c.province_id
LEFT JOIN published_results p ON p.unit_id = c.unit_id AND p.year = c.year
LEFT JOIN sources src ON src.id = r.source_id`

// exportResult is one measured export.
type exportResult struct {
	name      string
	rows      int
	bytes     int64
	elapsed   time.Duration
	rssBefore int64 // resident set when the export starts (the store open), bytes
	peakRSS   int64 // bytes; 0 where the kernel does not say
	cpu       time.Duration
	parquet   bool
	baseline  time.Duration
}

func runExportBench(ctx context.Context, cfg config) error {
	var results []exportResult
	// DuckDB's own COPY, on a plain connection to the same file, before the store holds it and
	// again after it has let it go (one process may hold a file once): the machine is shared,
	// and two measurements show how much the load moved during the run.
	selected := func(key string) bool {
		return cfg.exports == "" || slices.Contains(strings.Split(cfg.exports, ","), key)
	}
	baseline := selected("parquet") || selected("copy")
	var before, beforeCPU, after, afterCPU time.Duration
	var err error
	if baseline {
		if before, beforeCPU, err = duckdbCopy(ctx, cfg.db); err != nil {
			return err
		}
	}
	store, err := analytics.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	// The read model is read in the background after Open; let it finish, as on a server that
	// has been up a few seconds, so that it does not share the cores with the first export.
	if err := store.Warm(ctx); err != nil {
		store.Close()
		return err
	}
	province, err := largestProvince(ctx, store)
	if err != nil {
		store.Close()
		return err
	}
	var srv *loopback
	if selected("http") {
		if srv, err = serveLoopback(store, slog.New(slog.NewJSONHandler(io.Discard, nil)), benchLimits()); err != nil {
			store.Close()
			return err
		}
		defer srv.Close()
	}
	stopProfile, err := startCPUProfile(cfg.cpuprofile)
	if err != nil {
		store.Close()
		return err
	}
	for _, c := range exportCases(province) {
		if !selected(c.key) {
			continue
		}
		if ctx.Err() != nil {
			store.Close()
			return ctx.Err()
		}
		resetPeakRSS()
		before, cpu := currentRSS(), cpuTime()
		start := time.Now()
		var rows int
		var n countWriter
		if c.key == "http" {
			rows, err = httpExport(ctx, srv, c.q, &n)
		} else {
			rows, err = storeExport(ctx, store, c.q, &n)
		}
		if err != nil {
			store.Close()
			return fmt.Errorf("%s: %w", c.name, err)
		}
		r := exportResult{name: c.name, rows: rows, bytes: int64(n), elapsed: time.Since(start),
			rssBefore: before, peakRSS: peakRSS(), cpu: cpuTime() - cpu, parquet: c.q.Format == analytics.ExportParquet}
		fmt.Fprintf(os.Stderr, "bench: %s: %d rows in %s\n", c.name, r.rows, r.elapsed.Round(time.Millisecond))
		results = append(results, r)
	}
	stopProfile()
	if srv != nil {
		srv.Close()
	}
	if err := store.Close(); err != nil {
		return err
	}
	if !baseline {
		return printExportResults(cfg, results)
	}
	if after, afterCPU, err = duckdbCopy(ctx, cfg.db); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: DuckDB COPY of the same rows to Parquet: %s (CPU %s) before, %s (CPU %s) after\n",
		before.Round(time.Millisecond), beforeCPU.Round(time.Millisecond), after.Round(time.Millisecond), afterCPU.Round(time.Millisecond))
	rows := 0
	for _, r := range results {
		if r.parquet {
			rows = r.rows
		}
	}
	for _, b := range []struct {
		name      string
		wall, cpu time.Duration
	}{{"DuckDB COPY to Parquet, before", before, beforeCPU}, {"DuckDB COPY to Parquet, after", after, afterCPU}} {
		results = append(results, exportResult{name: b.name, rows: rows, elapsed: b.wall, cpu: b.cpu})
	}
	for i := range results {
		if results[i].parquet {
			results[i].baseline = min(before, after) // the stricter ratio
		}
	}
	return printExportResults(cfg, results)
}

// exportCase is one measured export; key selects it with -exports.
type exportCase struct {
	key, name string
	q         analytics.ExportQuery
}

func exportCases(province string) []exportCase {
	return []exportCase{
		{"csv", "long CSV, everything (criterion level)", analytics.ExportQuery{Level: analytics.LevelCriterion}},
		{"http", "long CSV, everything, GET /export over loopback", analytics.ExportQuery{Level: analytics.LevelCriterion}},
		{"total", "long CSV, every unit's total", analytics.ExportQuery{}},
		{"field", "long CSV, every field", analytics.ExportQuery{Level: analytics.LevelField}},
		{"parquet", "Parquet, everything (criterion level)", analytics.ExportQuery{Format: analytics.ExportParquet, Level: analytics.LevelCriterion}},
		{"xlsx", "XLSX, province " + province + ", every year, field level", analytics.ExportQuery{Format: analytics.ExportXLSX, Level: analytics.LevelField, Parent: &province}},
		{"wide", "XLSX, province " + province + ", wide-year, field level", analytics.ExportQuery{Format: analytics.ExportXLSX, Shape: analytics.ShapeWideYear, Level: analytics.LevelField, Parent: &province}},
	}
}

// storeExport plans and writes an export in the process, as GET /export does, into w.
func storeExport(ctx context.Context, store *analytics.Store, q analytics.ExportQuery, w io.Writer) (int, error) {
	e, err := store.PlanExport(ctx, q)
	if err != nil {
		return 0, err
	}
	defer e.Close()
	return e.Info.RowCount, e.Write(ctx, w)
}

// httpExport downloads an export from parindex's routes on loopback into w: the whole path a
// user's download takes, the HTTP server and client included.
func httpExport(ctx context.Context, srv *loopback, q analytics.ExportQuery, w io.Writer) (int, error) {
	u := strings.TrimSuffix(srv.url, "/graphql") + "/export?" + q.Values().Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	rows, err := strconv.Atoi(resp.Header.Get("X-Parindex-Rows"))
	if err != nil {
		return 0, fmt.Errorf("GET %s: X-Parindex-Rows: %w", u, err)
	}
	_, err = io.Copy(w, resp.Body)
	return rows, err
}

// startCPUProfile writes a CPU profile to path until the returned function is called; an empty
// path profiles nothing.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// duckdbCopy times DuckDB writing exportBaselineSQL to a Parquet file itself: wall and CPU time.
func duckdbCopy(ctx context.Context, path string) (time.Duration, time.Duration, error) {
	db, err := sql.Open("duckdb", path+"?access_mode=read_only&autoinstall_known_extensions=false&autoload_known_extensions=false")
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	dir, err := os.MkdirTemp("", "parindex-bench-*")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	start, cpu := time.Now(), cpuTime()
	_, err = db.ExecContext(ctx, `COPY (`+exportBaselineSQL+`) TO '`+filepath.Join(dir, "baseline.parquet")+`' (FORMAT parquet, COMPRESSION zstd)`)
	return time.Since(start), cpuTime() - cpu, err
}

// largestProvince is the province with the most units with a result.
func largestProvince(ctx context.Context, s *analytics.Store) (string, error) {
	conn, err := s.Aggregate(ctx, analytics.AggregateQuery{GroupBy: []analytics.Dimension{analytics.DimProvince},
		Metrics: []analytics.Metric{analytics.MetricCount}, OrderBy: []analytics.AggregateOrder{{Metric: ptr(analytics.MetricCount)}}, First: ptr(1)})
	if err != nil {
		return "", err
	}
	if len(conn.Rows) == 0 || conn.Rows[0].Province == nil {
		return "", fmt.Errorf("bench: no province with results")
	}
	return conn.Rows[0].Province.Code, nil
}

func ptr[T any](v T) *T { return &v }

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// resetPeakRSS returns the free heap to the operating system and resets the kernel's peak
// resident set of this process (Linux), so that the peak is the export's: at parindex's GC
// target of 400 % the heap otherwise still holds the garbage of the warm-up and of the exports
// before (up to 300 MB), which no export can give back before it has planned.
func resetPeakRSS() {
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS is VmHWM in bytes, 0 when unknown.
func peakRSS() int64 { return procStatus("VmHWM:") }

// currentRSS is VmRSS in bytes, 0 when unknown.
func currentRSS() int64 { return procStatus("VmRSS:") }

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procStatus reads a size in kB from /proc/self/status, in bytes.
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func printExportResults(cfg config, results []exportResult) error {
	var md strings.Builder
	md.WriteString("| export | rows | size | time | rows/s | CPU | RSS before → peak | DuckDB COPY | ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "export\trows\tMB\ttime\trows/s\tCPU\tRSS before MB\tpeak RSS MB\tDuckDB COPY\tratio\t")
	for _, r := range results {
		rate := float64(r.rows) / r.elapsed.Seconds()
		base, ratio := "", ""
		if r.baseline > 0 {
			base = r.baseline.Round(10 * time.Millisecond).String()
			ratio = fmt.Sprintf("%.2f×", r.elapsed.Seconds()/r.baseline.Seconds())
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%s\t%.0f\t%s\t%d\t%d\t%s\t%s\t\n", r.name, r.rows, float64(r.bytes)/1e6,
			r.elapsed.Round(10*time.Millisecond), rate, r.cpu.Round(10*time.Millisecond), r.rssBefore>>20, r.peakRSS>>20, base, ratio)
		fmt.Fprintf(&md, "| %s | %d | %.1f MB | %s | %.0f | %s | %d → %d MB | %s | %s |\n", r.name, r.rows, float64(r.bytes)/1e6,
			r.elapsed.Round(10*time.Millisecond), rate, r.cpu.Round(10*time.Millisecond), r.rssBefore>>20, r.peakRSS>>20, base, ratio)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if cfg.md != "" {
		return os.WriteFile(cfg.md, []byte(md.String()), 0o644)
	}
	return nil
}
