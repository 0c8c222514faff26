package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func openStore(t *testing.T) *analytics.Store {
	t.Helper()
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

func mustRoutes(t testing.TB, store *analytics.Store, cfg config) http.Handler {
	t.Helper()
	h, err := routes(store, cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestParseConfig(t *testing.T) {
	d := graph.DefaultLimits()
	short := d
	short.Timeout, short.MaxConcurrent = 2*time.Second, 3
	env := map[string]string{"PARINDEX_ADDR": ":9000", "PARINDEX_CORS_ORIGINS": "https://a.example, https://b.example", "PARINDEX_FRAME_ANCESTORS": "'self'"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name    string
		args    []string
		getenv  func(string) string
		want    config
		wantErr bool
	}{
		{"defaults", nil, func(string) string { return "" }, config{addr: "127.0.0.1:8080", dbPath: "data/parindex.duckdb", frameAncestors: "'none'", limits: d, backupDir: "data/backups"}, false},
		{"environment", nil, getenv, config{addr: ":9000", dbPath: "data/parindex.duckdb", corsOrigins: []string{"https://a.example", "https://b.example"}, frameAncestors: "'self'", limits: d, backupDir: "data/backups"}, false},
		{"flags win", []string{"-addr", "127.0.0.1:1", "-db", ":memory:", "-cors-origins", "https://c.example", "-timeout", "2s", "-max-concurrent", "3",
			"-frame-ancestors", "https://p.example", "-backup-dir", "/srv/b"}, getenv,
			config{addr: "127.0.0.1:1", dbPath: ":memory:", corsOrigins: []string{"https://c.example"}, frameAncestors: "https://p.example", limits: short, backupDir: "/srv/b"}, false},
		{"cache flags", []string{"-cache-max-age", "0s", "-cache-swr", "10m"}, func(k string) string {
			return map[string]string{"PARINDEX_CACHE_MAX_AGE": "5m", "PARINDEX_CACHE_SWR": "1s"}[k]
		}, config{addr: "127.0.0.1:8080", dbPath: "data/parindex.duckdb", frameAncestors: "'none'", limits: func() graph.Limits {
			l := d
			l.CacheMaxAge, l.CacheStaleWhileRevalidate = 0, 10*time.Minute
			return l
		}(), backupDir: "data/backups"}, false},
		{"cache from the environment", nil, func(k string) string {
			return map[string]string{"PARINDEX_CACHE_MAX_AGE": "5m", "PARINDEX_CACHE_SWR": "1s"}[k]
		}, config{addr: "127.0.0.1:8080", dbPath: "data/parindex.duckdb", frameAncestors: "'none'", limits: func() graph.Limits {
			l := d
			l.CacheMaxAge, l.CacheStaleWhileRevalidate = 5*time.Minute, time.Second
			return l
		}(), backupDir: "data/backups"}, false},
		{"negative max-age", []string{"-cache-max-age", "-1s"}, getenv, config{}, true},
		{"frame-ancestors is one directive", []string{"-frame-ancestors", "'self'; script-src *"}, getenv, config{}, true},
		{"bad timeout", []string{"-timeout", "0s"}, getenv, config{}, true},
		{"wildcard refused", []string{"-cors-origins", "*"}, getenv, config{}, true},
		{"stray argument", []string{"serve"}, getenv, config{}, true},
		{"init", []string{"-db", "x.duckdb", "-init"}, getenv, config{addr: ":9000", dbPath: "x.duckdb", corsOrigins: []string{"https://a.example", "https://b.example"}, frameAncestors: "'self'", limits: d, initDB: true, backupDir: "backups"}, false},
		{"admin token of 32 characters", nil, func(k string) string { return map[string]string{"PARINDEX_ADMIN_TOKEN": strings.Repeat("x", 32)}[k] },
			config{addr: "127.0.0.1:8080", dbPath: "data/parindex.duckdb", frameAncestors: "'none'", limits: d, adminToken: strings.Repeat("x", 32), backupDir: "data/backups"}, false},
		{"admin token too short", nil, func(k string) string { return map[string]string{"PARINDEX_ADMIN_TOKEN": strings.Repeat("x", 31)}[k] }, config{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseConfig(tt.args, tt.getenv)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestShortAdminTokenSaysHowToMakeOne: a token too short to be safe stops the start, and the
// message says how to make one.
func TestShortAdminTokenSaysHowToMakeOne(t *testing.T) {
	_, err := parseConfig(nil, func(k string) string { return map[string]string{"PARINDEX_ADMIN_TOKEN": "s3cret"}[k] })
	if err == nil || !strings.Contains(err.Error(), "6 characters, fewer than 32") || !strings.Contains(err.Error(), "openssl rand -hex 32") {
		t.Errorf("err = %v; want the length, the minimum and how to make a token", err)
	}
}

// TestDatabaseMustExist: a database file is created at the default path or with -init only; a
// missing -db is an error that names it, and names what a restore stopped halfway left beside it;
// nothing is created by a refusal, not even the folder.
func TestDatabaseMustExist(t *testing.T) {
	tests := []struct {
		name   string
		path   string // relative to a new folder that is the working directory
		init   bool
		before []string // files there before
		want   string   // in the error; "" for a server that starts
	}{
		{"the default path is created", defaultDBPath, false, nil, ""},
		{"another path is not", "elsewhere/parindex.duckdb", false, nil, "elsewhere/parindex.duckdb does not exist; name an existing database with -db, or create one with the default data with -init"},
		{"another path with -init", "elsewhere/parindex.duckdb", true, nil, ""},
		{"a restore stopped between its renames", "p.duckdb", false, []string{"p.duckdb.before-restore", "p.duckdb.restoring"},
			"p.duckdb does not exist, but p.duckdb.before-restore does: a restore stopped between moving the file aside and moving the restored one in; " +
				"move p.duckdb.restoring, the restored database, to p.duckdb to finish the restore, or move p.duckdb.before-restore back to p.duckdb to undo it"},
		{"the same at the default path", defaultDBPath, false, []string{defaultDBPath + ".before-restore"},
			"data/parindex.duckdb does not exist, but data/parindex.duckdb.before-restore does"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			for _, f := range tt.before {
				os.MkdirAll(filepath.Dir(f), 0o755)
				os.WriteFile(f, []byte("kept"), 0o644)
			}
			ctx, cancel := context.WithCancel(context.Background())
			ready, done := make(chan string, 1), make(chan error, 1)
			go func() {
				done <- run(ctx, config{addr: "127.0.0.1:0", dbPath: tt.path, limits: graph.DefaultLimits(), initDB: tt.init}, discardLogger(), ready)
			}()
			var err error
			select {
			case <-ready:
				cancel()
				err = <-done
			case err = <-done:
			}
			cancel()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("run: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("run: %v, want an error with %q", err, tt.want)
			}
			_, statErr := os.Stat(tt.path)
			if created := statErr == nil; created != (tt.want == "") {
				t.Errorf("database created: %v", created)
			}
			if _, err := os.Stat("elsewhere"); tt.want != "" && err == nil {
				t.Errorf("the refused path's folder was created")
			}
		})
	}
}

// TestStartRemovesAStoppedRestoresFiles: the files a killed restore was building are removed when
// the server starts, and the log says so.
func TestStartRemovesAStoppedRestoresFiles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.duckdb")
	st, err := analytics.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, f := range []string{db + ".restoring", db + ".restoring.wal"} {
		os.WriteFile(f, []byte("half a restore"), 0o644)
	}
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() {
		done <- run(ctx, config{addr: "127.0.0.1:0", dbPath: db, limits: graph.DefaultLimits()}, slog.New(slog.NewTextHandler(&logs, nil)), ready)
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("run: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{db + ".restoring", db + ".restoring.wal"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s is still there", f)
		}
	}
	if !strings.Contains(logs.String(), "removed the files of a restore that was stopped before it finished") || !strings.Contains(logs.String(), db+".restoring.wal") {
		t.Errorf("no log line naming the files removed:\n%s", logs.String())
	}
}

// TestRoutes is the HTTP surface as a user meets it, scenario by scenario.
func TestRoutes(t *testing.T) {
	store := openStore(t)
	withCORS := mustRoutes(t, store, config{corsOrigins: []string{"https://allowed.example"}, limits: graph.DefaultLimits()})
	noCORS := mustRoutes(t, store, config{limits: graph.DefaultLimits()})
	const rankingBody = `{"query":"{ ranking(year: 2023) { unit { shortName } rank } }"}`
	tests := []struct {
		name       string
		handler    http.Handler
		method     string
		target     string
		body       string
		header     map[string]string
		status     int
		contains   string
		wantHeader map[string]string // "" means the header must be absent
	}{
		{name: "health", handler: noCORS, method: "GET", target: "/healthz", status: 200, contains: `"status":"ok"`,
			wantHeader: map[string]string{"Content-Type": "application/json; charset=utf-8", "X-Content-Type-Options": "nosniff"}},
		{name: "ready", handler: noCORS, method: "GET", target: "/readyz", status: 200, contains: `"status":"ok"`},
		{name: "graphql GET", handler: noCORS, method: "GET", target: "/graphql?query=%7Byears%7D", status: 200, contains: `[2019,2020,2021,2022,2023,2024,2025]`},
		{name: "graphql POST", handler: noCORS, method: "POST", target: "/graphql", body: rankingBody,
			header: map[string]string{"Content-Type": "application/json"}, status: 200, contains: `{"unit":{"shortName":"An Mỹ"},"rank":1}`},
		{name: "preflight from an allowed origin", handler: withCORS, method: "OPTIONS", target: "/graphql",
			header: map[string]string{"Origin": "https://allowed.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
			status: 204, wantHeader: map[string]string{"Access-Control-Allow-Origin": "https://allowed.example"}},
		{name: "preflight from another origin", handler: withCORS, method: "OPTIONS", target: "/graphql",
			header:     map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
			wantHeader: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "POST from another origin gets no grant", handler: withCORS, method: "POST", target: "/graphql", body: rankingBody,
			header: map[string]string{"Origin": "https://evil.example", "Content-Type": "application/json"},
			status: 200, wantHeader: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "no origins configured, no grant", handler: noCORS, method: "OPTIONS", target: "/graphql",
			header:     map[string]string{"Origin": "https://allowed.example", "Access-Control-Request-Method": "POST"},
			wantHeader: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "app", handler: noCORS, method: "GET", target: "/", status: 200, contains: `<div id="app"`,
			wantHeader: map[string]string{"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
				"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"}},
		{name: "unknown API path is not the app", handler: noCORS, method: "GET", target: "/graphql/schema", status: 404, contains: `"code":"NOT_FOUND"`},
		{name: "app route falls back to index.html", handler: noCORS, method: "GET", target: "/communes/31564", status: 200, contains: `<div id="app"`},
		{name: "missing asset", handler: noCORS, method: "GET", target: "/assets/missing.js", status: 404},
		{name: "explorer", handler: noCORS, method: "GET", target: "/graphiql", status: 200, contains: "graphiql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			tt.handler.ServeHTTP(rec, req)
			if tt.status != 0 && rec.Code != tt.status {
				t.Errorf("status %d, want %d (body %.300s)", rec.Code, tt.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("body %.300s does not contain %q", rec.Body, tt.contains)
			}
			for k, want := range tt.wantHeader {
				if got := rec.Header().Get(k); got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// TestRunServesAndShutsDown starts the real server on a free port, queries it, and stops it the
// way SIGTERM does.
func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var logs bytes.Buffer // read once run has returned
	go func() {
		done <- run(ctx, config{addr: "127.0.0.1:0", dbPath: ":memory:", limits: graph.DefaultLimits()}, slog.New(slog.NewTextHandler(&logs, nil)), ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run returned before serving: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}
	resp, err := http.Get("http://" + addr + "/graphql?query=%7Byears%7D")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "2023") {
		t.Errorf("GET years: %d %s", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after shutdown: %v", err)
		}
		// Without an admin token the writes are off: the log says so at start.
		if !strings.Contains(logs.String(), "level=WARN msg=\"no admin token") {
			t.Errorf("no warning of the missing admin token in the log:\n%s", logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not shut down")
	}
}
