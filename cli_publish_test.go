package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/parindex/parindex/analytics"
)

// TestPublishCommand publishes the default database twice (the second time unchanged), prints the
// report as JSON, and refuses bad usage and a missing database with their exit codes.
func TestPublishCommand(t *testing.T) {
	db := defaultDB(t)
	to := filepath.Join(t.TempDir(), "pub")
	getenv := func(k string) string { return map[string]string{"PARINDEX_DB": db}[k] }
	run := func(args ...string) (int, string, string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := runPublish(context.Background(), args, getenv, &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}

	code, out, errOut := run("-to", to)
	if code != 0 || !regexp.MustCompile(`^published release 1 in .*releases/1-[0-9a-f]{16} in .*: parindex\.duckdb [0-9.]+ MB \(sha256 [0-9a-f]{64}\), [0-9]+ Parquet files of [0-9,]+ rows, [0-9.]+ MB\n$`).MatchString(out) {
		t.Fatalf("first publish: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	p, err := analytics.ReadPublishPointer(to)
	if err != nil || p.Release != 1 {
		t.Fatalf("current.json: %v %+v", err, p)
	}
	if _, err := os.Stat(filepath.Join(to, filepath.FromSlash(p.Manifest))); err != nil {
		t.Error(err)
	}

	code, out, _ = run("-to", to, "-json")
	var rep analytics.PublishReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Status != analytics.PublishUnchanged || rep.Release != 1 || rep.SHA256 != p.SHA256 {
		t.Errorf("second publish: exit %d, %s", code, out)
	}

	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no folder", nil, 2, "-to DIR"},
		{"keep 0", []string{"-to", to, "-keep", "0"}, 2, "-keep"},
		{"an argument", []string{"-to", to, "extra"}, 2, "unexpected argument"},
		{"a missing database", []string{"-to", to, "-db", filepath.Join(t.TempDir(), "none.duckdb")}, 1, "does not exist"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(tt.args...)
			if code != tt.code || !bytes.Contains([]byte(errOut), []byte(tt.want)) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}
