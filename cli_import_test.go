package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph"
)

// TestStewardshipCommands runs the README's worked example with the commands themselves: a server
// holds the database file, so import, releases and backup go through it with the admin token;
// then the server stops, and rollback and restore open the file. Each step's output and exit code
// are what the README shows, and every refusal (the file held, no token, a wrong token, a restore
// through the server, a release that is not a number) writes nothing.
func TestStewardshipCommands(t *testing.T) {
	if args := os.Getenv("PARINDEX_CLI_CHILD"); args != "" {
		var argv []string
		json.Unmarshal([]byte(args), &argv)
		os.Exit(runAdmin(context.Background(), argv[0], argv[1:], os.Stdout, os.Stderr, os.Getenv))
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "parindex.duckdb")
	backupDir := filepath.Join(dir, "backups", "2026-11-27")
	annex := filepath.Join(corpusDir, "ke-sach-2024-annex-minh-hoa.xlsx")
	const token = "a-test-token-of-reasonable-length"
	withToken := map[string]string{"PARINDEX_ADMIN_TOKEN": token}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() {
		done <- run(ctx, config{addr: "127.0.0.1:0", dbPath: db, limits: graph.DefaultLimits(), adminToken: token, initDB: true, backupDir: filepath.Join(dir, "backups")}, discardLogger(), ready)
	}()
	var server string
	select {
	case addr := <-ready:
		server = "http://" + addr
	case err := <-done:
		t.Fatalf("the server stopped before serving: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not start")
	}

	type result struct {
		code           int
		stdout, stderr string
	}
	cmd := func(env map[string]string, name string, args ...string) result {
		t.Helper()
		var out, errOut bytes.Buffer
		code := runAdmin(context.Background(), name, args, &out, &errOut, func(k string) string { return env[k] })
		return result{code, out.String(), errOut.String()}
	}
	expect := func(step string, r result, code int, patterns ...string) {
		t.Helper()
		if r.code != code {
			t.Errorf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", step, r.code, code, r.stdout, r.stderr)
			return
		}
		for _, p := range patterns {
			if !regexp.MustCompile(p).MatchString(r.stdout + r.stderr) {
				t.Errorf("%s: output does not match %q\nstdout:\n%s\nstderr:\n%s", step, p, r.stdout, r.stderr)
			}
		}
	}
	// A command in another process, as when it is typed while the server runs: in the server's own
	// process DuckDB would not refuse the file.
	child := func(name string, args ...string) result {
		t.Helper()
		argv, _ := json.Marshal(append([]string{name}, args...))
		c := exec.Command(os.Args[0], "-test.run=^TestStewardshipCommands$")
		c.Env = append(os.Environ(), "PARINDEX_CLI_CHILD="+string(argv))
		var out, errOut bytes.Buffer
		c.Stdout, c.Stderr = &out, &errOut
		err := c.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return result{c.ProcessState.ExitCode(), out.String(), errOut.String()}
	}
	importArgs := func(extra ...string) []string { return append(illustrativeArgs(2024, extra...), annex) }

	// While the server holds the file, a command that opens it says how to go through the server.
	expect("import -db while a server runs", child("import", append([]string{"-db", db}, importArgs()...)...), 1,
		`held by another process, most likely a running parindex\s+server: run the command through it with -server`)
	// Without the token, or with another one, the server is not even asked, or refuses.
	expect("import -server without a token", cmd(nil, "import", append([]string{"-server", server}, importArgs()...)...), 1,
		`PARINDEX_ADMIN_TOKEN is not set`)
	expect("import -server with a wrong token", cmd(map[string]string{"PARINDEX_ADMIN_TOKEN": "wrong"}, "import", append([]string{"-server", server}, importArgs()...)...), 1,
		`server answered 401 UNAUTHORIZED`)
	expect("dry run through the server", cmd(withToken, "import", append([]string{"-server", server}, importArgs("-dry-run")...)...), 0,
		`changes: units 0 added, 13 changed, 0 removed; scores 0 added, 414 changed, 0 removed`,
		`DRY RUN: the file is valid; nothing was written`)
	expect("releases before the import", cmd(withToken, "releases", "-server", server), 0, `(?m)^1 .*DEFAULT .*current`)
	if r := cmd(withToken, "releases", "-server", server); strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("the refusals and the dry run made releases:\n%s", r.stdout)
	}

	expect("import through the server", cmd(withToken, "import", append([]string{"-server", server}, importArgs()...)...), 0,
		`read as: XLSX annex \(sheet "Phụ lục"\), header in rows 5–6, 32 criteria`,
		`replaces 416 illustrative rows of 2024 with official ones`,
		`COMMITTED as release 2`)
	expect("the same file again", cmd(withToken, "import", append([]string{"-server", server}, importArgs()...)...), 0,
		`UNCHANGED: this file is already in effect as release 2; nothing was written`)
	expect("releases after the import", cmd(withToken, "releases", "-server", server), 0,
		`(?m)^2 .*RESULTS +2024 +`+regexp.QuoteMeta(illustrativeQD)+` +ke-sach-2024-annex-minh-hoa\.xlsx +13 units, 416 scores +corpus-test +current`,
		`(?m)^1 .*DEFAULT`)
	expect("backup through the server", cmd(withToken, "backup", "-server", server, backupDir), 0,
		`backed up release 2: \d+ tables, \d+ rows, in `+regexp.QuoteMeta(backupDir))
	// Over HTTP a backup goes into the server's backup folder: a sub-folder named relative to it,
	// or an absolute folder inside it; another folder is refused.
	expect("backup through the server, relative", cmd(withToken, "backup", "-server", server, "2026-11-28"), 0,
		`backed up release 2: \d+ tables, \d+ rows, in 2026-11-28 \(in the server's backup folder\)`)
	if _, err := os.Stat(filepath.Join(dir, "backups", "2026-11-28", "manifest.json")); err != nil {
		t.Errorf("the relative backup is not in the server's backup folder: %v", err)
	}
	expect("backup through the server, outside its folder", cmd(withToken, "backup", "-server", server, filepath.Join(dir, "elsewhere")), 1,
		`server answered 400 BAD_REQUEST: the folder ".*elsewhere" is not inside the backup folder`)
	expect("restore through the server", cmd(withToken, "restore", "-server", server, backupDir), 1,
		`a restore replaces the database file: stop the server`)
	expect("restore while the server runs", child("restore", "-db", db, backupDir), 1,
		`is held by another process, most likely a running parindex server: stop it, then restore`)

	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the server stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}

	// The server is gone: the commands open the file themselves.
	expect("rollback, not a number", cmd(nil, "rollback", "-db", db, "two"), 2, `"two" is not a release number`)
	expect("rollback", cmd(nil, "rollback", "-db", db, "-importer", "steward", "1"), 0, `restored release 1 as release 3`)
	expect("releases after the rollback", cmd(nil, "releases", "-db", db), 0,
		`(?m)^3 .*ROLLBACK .*restores 1 .*steward +current`, `(?m)^2 .*rolled back by 3`)
	expect("restore", cmd(nil, "restore", "-db", db, backupDir), 0,
		`restored `+regexp.QuoteMeta(db)+` to release 2 from `+regexp.QuoteMeta(backupDir))
	if _, err := os.Stat(db + ".before-restore"); err != nil {
		t.Errorf("the replaced file was not kept: %v", err)
	}
	st, err := analytics.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.Release() != 2 {
		t.Errorf("the restored database is at release %d, want 2", st.Release())
	}
	rows, err := st.Ranking(context.Background(), analytics.RankingQuery{Year: 2024})
	if err != nil || len(rows) != 13 {
		t.Fatalf("ranking of 2024 after the restore: %v, %d rows", err, len(rows))
	}
	for _, r := range rows {
		if r.Source.Kind != analytics.SourceOfficial || !strings.Contains(r.Source.Title, illustrativeQD) {
			t.Errorf("%s 2024 after the restore: source %+v, want the imported decision", r.Unit.Name, r.Source)
		}
	}
}
