package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/parindex/parindex/analytics"
)

// exportUsage heads the help of parindex export.
const exportUsage = `Usage: parindex export [flags]

Writes a file of any selection, as GET /export does (docs/export.md), to -o or to stdout.
The database must not be held by a running server (one process holds a DuckDB file): while
the server runs, download from its /export instead.

Examples:
  parindex export -parent 943 -years 2019-2025 -o .            # parindex_943_2019-2025_long_r1.csv
  parindex export -format zip -bundle parquet -level criterion -o all.zip
  parindex export -shape wide-unit -units 31552,31528 -bom > trend.csv

Flags:
`

// progressEvery is how often a progress line is written to stderr.
const progressEvery = time.Second

// runExport is parindex export: it parses args (flags falling back to PARINDEX_DB), opens the
// store, plans the export and writes it. A file is written under a temporary name and renamed
// when complete, so a failed export leaves no partial file. It returns the exit code: 0, 1 for
// a failure, 2 for bad arguments.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parindex export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, exportUsage)
		fs.PrintDefaults()
	}
	dbDefault := getenv("PARINDEX_DB")
	if dbDefault == "" {
		dbDefault = "data/parindex.duckdb"
	}
	db := fs.String("db", dbDefault, "DuckDB file (PARINDEX_DB)")
	out := fs.String("o", "-", "output file, a directory to write the export's own file name into, or - for stdout")
	params := map[string]*string{}
	for _, p := range []struct{ name, usage string }{
		{"format", "csv, xlsx, parquet, json or zip"},
		{"shape", "long, wide-year or wide-unit"},
		{"level", "total, field or criterion"},
		{"measure", "values of the wide shapes: percent, points or rank"},
		{"bundle", "with -format zip: format of the data file inside"},
		{"years", "years and ranges, such as 2019-2025 or 2019,2021"},
		{"from", "first year"},
		{"to", "last year"},
		{"units", "IDs or official codes, comma-separated"},
		{"parent", "ID or official code of a district or province"},
		{"fields", "field slugs, comma-separated"},
		{"boundary", "AS_PUBLISHED or CURRENT"},
		{"release", "the data release expected"},
	} {
		params[p.name] = fs.String(p.name, "", p.usage)
	}
	bom := fs.Bool("bom", false, "start a CSV with a UTF-8 byte order mark, for Excel")
	quiet := fs.Bool("q", false, "no progress on stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "parindex export: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	v := url.Values{}
	for name, p := range params {
		if *p != "" {
			v.Set(name, *p)
		}
	}
	if *bom {
		v.Set("bom", "true")
	}
	q, err := analytics.ParseExportValues(v)
	if err != nil {
		fmt.Fprintf(stderr, "parindex export: %v\n", err)
		return 2
	}
	if _, err := os.Stat(*db); err != nil {
		fmt.Fprintf(stderr, "parindex export: %v\n", err) // do not create an empty database
		return 1
	}
	store, err := analytics.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "parindex export: %v\n", err)
		return 1
	}
	defer store.Close()
	e, err := store.PlanExport(ctx, q)
	if err != nil {
		fmt.Fprintf(stderr, "parindex export: %v\n", err)
		if errors.As(err, new(*analytics.UserError)) {
			return 2
		}
		return 1
	}
	defer e.Close()
	if err := writeExport(ctx, e, *out, stdout, stderr, *quiet); err != nil {
		fmt.Fprintf(stderr, "parindex export: %v\n", err)
		return 1
	}
	return 0
}

// writeExport writes e to path (a file, a directory, or - for stdout), reporting progress on
// stderr once a second and a summary at the end.
func writeExport(ctx context.Context, e *analytics.Export, path string, stdout, stderr io.Writer, quiet bool) error {
	start := time.Now()
	var dst io.Writer = stdout
	name := "stdout"
	var file *os.File
	if path != "-" {
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			path = filepath.Join(path, e.Info.FileName)
		}
		var err error
		if file, err = os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*"); err != nil {
			return err
		}
		defer os.Remove(file.Name()) // after the rename, there is nothing left to remove
		dst, name = file, path
	}
	cw := &byteCounter{w: dst}
	done := make(chan struct{})
	if !quiet {
		go func() {
			tick := time.NewTicker(progressEvery)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					fmt.Fprintf(stderr, "parindex export: %s: %s observations of %s rows read, %s written, %s\n", e.Info.FileName,
						thousands(e.Progress()), thousands(int64(e.Info.RowCount)), megabytes(cw.n.Load()), time.Since(start).Round(100*time.Millisecond))
				}
			}
		}()
	}
	err := e.Write(ctx, cw)
	close(done)
	if file != nil {
		err = errors.Join(err, file.Close())
		if err == nil {
			err = os.Rename(file.Name(), path)
		}
	}
	if err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(stderr, "parindex export: wrote %s to %s: %s rows, %d columns, %s in %s\n", e.Info.FileName, name,
			thousands(int64(e.Info.RowCount)), len(e.Info.Columns), megabytes(cw.n.Load()), time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// byteCounter counts the bytes written through it, for the progress goroutine to read.
type byteCounter struct {
	w io.Writer
	n atomic.Int64
}

func (c *byteCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

func megabytes(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB" }

// thousands writes n with thousands separators: 8170440 -> 8,170,440.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
