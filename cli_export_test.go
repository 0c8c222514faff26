package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics"
)

// defaultDB writes the default dataset to a database file and closes it, as a server would
// have left it.
func defaultDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parindex.duckdb")
	s, err := analytics.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

func TestExportCommand(t *testing.T) {
	db := defaultDB(t)
	dir := t.TempDir()
	getenv := func(k string) string { return map[string]string{"PARINDEX_DB": db}[k] }

	var stdout, stderr bytes.Buffer
	if code := runExport(context.Background(), []string{"-parent", "943", "-years", "2019-2025", "-o", dir}, getenv, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	path := filepath.Join(dir, "parindex_943_2019-2025_long_r1.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][0] != "unit_id" {
		t.Fatalf("%s: %v, %d rows", path, err, len(rows))
	}
	if !strings.Contains(stderr.String(), "wrote parindex_943_2019-2025_long_r1.csv") || stdout.Len() != 0 {
		t.Errorf("stderr %q, stdout %d bytes", stderr.String(), stdout.Len())
	}

	// To stdout, with a BOM; the same rows.
	stdout.Reset()
	stderr.Reset()
	if code := runExport(context.Background(), []string{"-db", db, "-parent", "943", "-years", "2019-2025", "-bom", "-q"}, getenv, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !bytes.Equal(stdout.Bytes(), append([]byte("\uFEFF"), b...)) || stderr.Len() != 0 {
		t.Errorf("stdout with -bom differs from the file with a BOM; stderr %q", stderr.String())
	}

	// Bad parameters: exit 2, a message, no file.
	for _, args := range [][]string{{"-years", "1890"}, {"-format", "docx"}, {"-units", "99999"}, {"-years", "1900-2399"}, {"stray"}} {
		stderr.Reset()
		out := filepath.Join(dir, "bad.csv")
		code := runExport(context.Background(), append([]string{"-o", out}, args...), getenv, &stdout, &stderr)
		if _, err := os.Stat(out); code != 2 || err == nil || stderr.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q, file left: %v", args, code, stderr.String(), err == nil)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the output directory holds %d entries, want the one file (no partial files)", len(entries))
	}
}
