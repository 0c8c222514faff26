package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/parindex/parindex/analytics"
)

// publishUsage heads the help of parindex publish.
const publishUsage = `Usage: parindex publish [-db FILE] -to DIR [-keep 5] [-parquet=true] [-json]

Publishes the database's current release into the publication folder DIR, which read replicas
and researchers read (docs/publish.md): DIR/releases/N-<hash>/ holds the DuckDB file, its
manifest, and the criterion scores as Parquet files partitioned by year and province;
DIR/current.json points at it. A release published already is left as it is (unchanged).
The database must not be held by a running server: while one runs, ask it with
POST /admin/publish (it publishes into its -publish-dir).

Flags:
`

// runPublish is parindex publish. It returns the exit code: 0 published or unchanged, 1 failed,
// 2 bad usage.
func runPublish(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parindex publish", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, publishUsage)
		fs.PrintDefaults()
	}
	db := fs.String("db", envOr(getenv, "PARINDEX_DB", defaultDBPath), "DuckDB file (PARINDEX_DB); it must exist, except at the default path")
	to := fs.String("to", getenv("PARINDEX_PUBLISH_DIR"), "publication folder, created if missing (PARINDEX_PUBLISH_DIR)")
	keep := fs.Int("keep", analytics.DefaultPublishKeep, "release folders kept; older ones are removed, never the current one")
	parquet := fs.Bool("parquet", true, "write the Parquet dataset and its datapackage.json")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "parindex publish: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *to == "" || *keep < 1 {
		fmt.Fprintln(stderr, "parindex publish: give the publication folder with -to DIR, and -keep of 1 or more")
		return 2
	}
	c := &adminCmd{name: "publish", db: *db, stdout: stdout, stderr: stderr, getenv: getenv}
	st, err := c.open(ctx)
	if err != nil {
		return c.fail(err)
	}
	defer st.Close()
	rep, err := st.Publish(ctx, *to, analytics.PublishOptions{Keep: *keep, NoParquet: !*parquet})
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
		return 0
	}
	folder := filepath.Join(*to, filepath.FromSlash(rep.Folder))
	took := time.Duration(rep.Seconds * float64(time.Second)).Round(time.Millisecond)
	switch rep.Status {
	case analytics.PublishUnchanged:
		fmt.Fprintf(stdout, "release %d is published already, in %s: unchanged (current.json points at it)\n", rep.Release, folder)
	default:
		fmt.Fprintf(stdout, "published release %d in %s in %s: parindex.duckdb %s (sha256 %s)", rep.Release, folder, took, megabytes(rep.Size), rep.SHA256)
		if rep.Parquet > 0 {
			fmt.Fprintf(stdout, ", %d Parquet files of %s rows, %s", rep.Parquet, thousands(rep.Rows), megabytes(rep.Bytes))
		}
		fmt.Fprintln(stdout)
	}
	for _, r := range rep.Removed {
		fmt.Fprintf(stdout, "removed %s\n", filepath.Join(*to, filepath.FromSlash(r)))
	}
	return 0
}
