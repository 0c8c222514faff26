// Command parindex serves the commune-level Administrative Reform Index (PAR Index): a GraphQL
// API at /graphql, its explorer at /graphiql, and the app at /. It keeps its data in an embedded
// DuckDB database, filled on first start with the default dataset.
//
// Usage:
//
//	parindex [-addr 127.0.0.1:8080] [-db data/parindex.duckdb] [-init] [-cors-origins https://a.example,https://b.example]
//	parindex -replica-of DIR|URL [-poll 10s] [-replica-cache DIR]   # a read-only replica, see replica.go and docs/replicas.md
//	parindex export [flags]   # a file of any selection, see cli_export.go and docs/export.md
//	parindex publish -to DIR  # a release snapshot for replicas and researchers, see cli_publish.go and docs/publish.md
//	parindex import|releases|rollback|backup|restore … (see cli_import.go; -h for each)
//
// Each flag but -init falls back to an environment variable: PARINDEX_ADDR, PARINDEX_DB,
// PARINDEX_CORS_ORIGINS, PARINDEX_FRAME_ANCESTORS, PARINDEX_TIMEOUT, PARINDEX_MAX_CONCURRENT,
// PARINDEX_CACHE_MAX_AGE, PARINDEX_CACHE_SWR, PARINDEX_BACKUP_DIR, PARINDEX_PUBLISH_DIR,
// PARINDEX_REPLICA_OF, PARINDEX_POLL, PARINDEX_REPLICA_CACHE. The admin endpoints and fields
// (imports, rollbacks, backups, publications) need PARINDEX_ADMIN_TOKEN, read from the environment
// only, of at least 32 characters; a replica has none.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph"
	"github.com/parindex/parindex/web"
)

// config is everything parindex reads from its flags and environment.
type config struct {
	addr           string
	dbPath         string
	corsOrigins    []string
	frameAncestors string // who may frame the pages, as Content-Security-Policy frame-ancestors
	limits         graph.Limits
	adminToken     string // PARINDEX_ADMIN_TOKEN, from the environment only (flags show in ps)
	initDB         bool   // create the database at dbPath when it is missing (-init)
	backupDir      string // where backups over HTTP go, each in a sub-folder
	// replicaOf is the publication a replica serves (a folder or an http(s) URL); empty for the
	// writer, which serves dbPath.
	replicaOf    string
	poll         time.Duration // how often a replica reads the publication's pointer
	replicaCache string        // where a replica keeps its snapshots; a temporary folder when empty
	publishDir   string        // the publication folder POST /admin/publish writes into
}

// defaultDBPath is where parindex keeps its database unless told otherwise: missing there, it is
// created with the default dataset, so that `go run .` works on a fresh checkout. Elsewhere it is
// created only with -init: a mistyped -db is an error, not a new database of illustrative data.
const defaultDBPath = "data/parindex.duckdb"

// creation says whether a missing database file at path may be created.
func creation(path string, init bool) analytics.Creation {
	switch {
	case init:
		return analytics.CreateAlways
	case path == defaultDBPath:
		return analytics.CreateIfClean
	}
	return analytics.CreateNever
}

// Timeouts of the HTTP server.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 120 * time.Second
	shutdownTimeout   = 10 * time.Second
)

// gcPercent is the garbage collector's target unless GOGC says otherwise: GraphQL answers
// allocate many small objects, and at 400 % a ranking with its fields took 4.9 ms in process
// against 5.8 ms at the default 100 %, for a heap of tens of megabytes.
const gcPercent = 400

// memoryLimit is the Go heap's soft limit unless GOMEMLIMIT says otherwise. At 400 % the heap may
// grow to five times what it holds: under 50 clients, ten of them sending megabyte URLs and
// distinct answers of 240 KB, the national server grew to 2.9 GB. Near the limit the collector
// runs more often instead, and the process stayed under 760 MB (DuckDB's memory, about 400 MB
// of the national data, is outside it). See BENCHMARKS.md, the soak.
const memoryLimit = 512 << 20

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	if len(os.Args) > 1 {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := -1
		switch cmd := os.Args[1]; { // sub-commands, each in its own cli_*.go file
		case cmd == "export":
			code = runExport(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
		case cmd == "publish":
			code = runPublish(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
		case isAdminCommand(cmd):
			code = runAdmin(ctx, cmd, os.Args[2:], os.Stdout, os.Stderr, os.Getenv)
		}
		stop()
		if code >= 0 {
			os.Exit(code)
		}
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	cfg, err := parseConfig(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, logger, nil); err != nil {
		logger.Error("parindex stopped", "err", err)
		os.Exit(1)
	}
}

func parseConfig(args []string, getenv func(string) string) (config, error) {
	env := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	fs := flag.NewFlagSet("parindex", flag.ContinueOnError)
	addr := fs.String("addr", env("PARINDEX_ADDR", "127.0.0.1:8080"), "address to listen on (PARINDEX_ADDR)")
	db := fs.String("db", env("PARINDEX_DB", defaultDBPath), `DuckDB file; ":memory:" keeps it in memory (PARINDEX_DB). Missing, it is created with the default dataset at the default path only, elsewhere with -init`)
	initDB := fs.Bool("init", false, "create the -db file with the default dataset when it does not exist")
	backupDir := fs.String("backup-dir", getenv("PARINDEX_BACKUP_DIR"), "folder that backups over HTTP (POST /admin/backup) write into, each in a sub-folder; default: backups beside the -db file (PARINDEX_BACKUP_DIR)")
	publishDir := fs.String("publish-dir", getenv("PARINDEX_PUBLISH_DIR"), "publication folder that POST /admin/publish writes releases into, for replicas and researchers (docs/publish.md); none by default (PARINDEX_PUBLISH_DIR)")
	origins := fs.String("cors-origins", env("PARINDEX_CORS_ORIGINS", ""), "comma-separated origins allowed to call the API from a browser; none by default (PARINDEX_CORS_ORIGINS)")
	frameAncestors := fs.String("frame-ancestors", env("PARINDEX_FRAME_ANCESTORS", "'none'"), "who may show the app and the explorer in a frame, as a Content-Security-Policy frame-ancestors list such as \"'self' https://portal.example\" (PARINDEX_FRAME_ANCESTORS)")
	limits := graph.DefaultLimits()
	timeout, err := time.ParseDuration(env("PARINDEX_TIMEOUT", limits.Timeout.String()))
	if err != nil {
		return config{}, fmt.Errorf("parindex: PARINDEX_TIMEOUT: %w", err)
	}
	concurrent, err := strconv.Atoi(env("PARINDEX_MAX_CONCURRENT", strconv.Itoa(limits.MaxConcurrent)))
	if err != nil {
		return config{}, fmt.Errorf("parindex: PARINDEX_MAX_CONCURRENT: %w", err)
	}
	maxAge, err := time.ParseDuration(env("PARINDEX_CACHE_MAX_AGE", limits.CacheMaxAge.String()))
	if err != nil {
		return config{}, fmt.Errorf("parindex: PARINDEX_CACHE_MAX_AGE: %w", err)
	}
	swr, err := time.ParseDuration(env("PARINDEX_CACHE_SWR", limits.CacheStaleWhileRevalidate.String()))
	if err != nil {
		return config{}, fmt.Errorf("parindex: PARINDEX_CACHE_SWR: %w", err)
	}
	fs.DurationVar(&limits.Timeout, "timeout", timeout, "time one request may run; its database query is cancelled with it (PARINDEX_TIMEOUT)")
	fs.DurationVar(&limits.CacheMaxAge, "cache-max-age", maxAge, "how long browsers and shared caches (a CDN, nginx) may reuse a GET answer without asking; 0 makes them revalidate it every time (PARINDEX_CACHE_MAX_AGE)")
	fs.DurationVar(&limits.CacheStaleWhileRevalidate, "cache-swr", swr, "how long after -cache-max-age a cache may still answer with a GET answer while it revalidates it (PARINDEX_CACHE_SWR)")
	fs.IntVar(&limits.MaxConcurrent, "max-concurrent", concurrent, "requests executed at once; more wait briefly, then get 503 (PARINDEX_MAX_CONCURRENT)")
	replicaOf := fs.String("replica-of", getenv("PARINDEX_REPLICA_OF"), "serve, read-only, the releases published under this folder or http(s) URL (parindex publish), following its current.json; no -db, no admin (PARINDEX_REPLICA_OF)")
	poll, err := time.ParseDuration(env("PARINDEX_POLL", "10s"))
	if err != nil {
		return config{}, fmt.Errorf("parindex: PARINDEX_POLL: %w", err)
	}
	fs.DurationVar(&poll, "poll", poll, "how often a replica reads the publication's current.json (PARINDEX_POLL)")
	replicaCache := fs.String("replica-cache", getenv("PARINDEX_REPLICA_CACHE"), "folder where a replica keeps its copy of the release it serves, its own; default: a temporary folder removed at exit (PARINDEX_REPLICA_CACHE)")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if *replicaOf != "" {
		if poll <= 0 {
			return config{}, errors.New("parindex: -poll must be positive")
		}
		var writerFlags []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "db" || f.Name == "init" || f.Name == "backup-dir" {
				writerFlags = append(writerFlags, "-"+f.Name)
			}
		})
		if len(writerFlags) > 0 {
			return config{}, fmt.Errorf("parindex: %s and -replica-of exclude each other: a replica serves the published release, not a database of its own",
				strings.Join(writerFlags, ", "))
		}
	}
	if limits.Timeout <= 0 || limits.MaxConcurrent <= 0 {
		return config{}, errors.New("parindex: -timeout and -max-concurrent must be positive")
	}
	if limits.CacheMaxAge < 0 || limits.CacheStaleWhileRevalidate < 0 {
		return config{}, errors.New("parindex: -cache-max-age and -cache-swr must not be negative")
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("parindex: unexpected argument %q", fs.Arg(0))
	}
	if strings.ContainsAny(*frameAncestors, ";,\r\n") {
		return config{}, errors.New("parindex: -frame-ancestors is one list of sources, without ; or ,")
	}
	cfg := config{addr: *addr, dbPath: *db, frameAncestors: *frameAncestors, limits: limits, adminToken: getenv("PARINDEX_ADMIN_TOKEN"),
		initDB: *initDB, backupDir: *backupDir, publishDir: *publishDir}
	if *replicaOf != "" {
		cfg.replicaOf, cfg.poll, cfg.replicaCache = *replicaOf, poll, *replicaCache
	}
	if cfg.backupDir == "" {
		cfg.backupDir = filepath.Join(filepath.Dir(cfg.dbPath), "backups")
	}
	if n := len(cfg.adminToken); n > 0 && n < graph.MinAdminTokenLength {
		return config{}, fmt.Errorf("parindex: PARINDEX_ADMIN_TOKEN has %d characters, fewer than %d: make one with `openssl rand -hex 32`",
			n, graph.MinAdminTokenLength)
	}
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			if o == "*" {
				return config{}, errors.New("parindex: -cors-origins takes explicit origins, not *")
			}
			cfg.corsOrigins = append(cfg.corsOrigins, o)
		}
	}
	return cfg, nil
}

// run opens the store and serves until ctx is done, then shuts down gracefully. When ready is not
// nil it receives the address listened on once the server accepts connections.
func run(ctx context.Context, cfg config, logger *slog.Logger, ready chan<- string) error {
	if cfg.replicaOf != "" {
		return runReplica(ctx, cfg, logger, ready)
	}
	start := time.Now()
	if err := analytics.CheckDatabase(cfg.dbPath, creation(cfg.dbPath, cfg.initDB)); err != nil {
		return err
	}
	removed, err := analytics.CleanRestoring(ctx, cfg.dbPath)
	if err != nil {
		return err
	}
	if len(removed) > 0 {
		logger.Warn("removed the files of a restore that was stopped before it finished", "files", removed)
	}
	store, err := analytics.Open(ctx, cfg.dbPath)
	if err != nil {
		return err
	}
	defer store.Close()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("parindex: listen: %w", err)
	}
	handler, err := routes(store, cfg, logger)
	if err != nil {
		return err
	}
	if cfg.adminToken == "" {
		logger.Warn("no admin token: imports, rollbacks and backups over HTTP and the admin fields are off",
			"fix", "set PARINDEX_ADMIN_TOKEN, e.g. to the output of `openssl rand -hex 32`")
	}
	logger.Info("parindex listening", "addr", ln.Addr().String(), "db", cfg.dbPath,
		"startup", time.Since(start).Round(time.Millisecond).String(), "cors_origins", cfg.corsOrigins)
	return serve(ctx, ln, handler, logger, ready)
}

// serve serves handler on ln until ctx is done, then shuts down gracefully. When ready is not nil
// it receives the address listened on once the server accepts connections.
func serve(ctx context.Context, ln net.Listener, handler http.Handler, logger *slog.Logger, ready chan<- string) error {
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		// A longer request line or headers are refused by net/http before any handler runs,
		// answered in the API's shape through graph.Listener.
		MaxHeaderBytes: graph.MaxHeaderBytes,
		ErrorLog:       slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	if ready != nil {
		ready <- ln.Addr().String()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(graph.Listener(ln)) }()
	select {
	case err := <-errc:
		return fmt.Errorf("parindex: serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("parindex shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("parindex: shutdown: %w", err)
	}
	return nil
}

// routes is parindex's HTTP surface (graph.NewRoutes), with the embedded app.
func routes(store *analytics.Store, cfg config, logger *slog.Logger) (http.Handler, error) {
	return graph.NewRoutes(store, logger, graph.Options{Limits: cfg.limits, CORSOrigins: cfg.corsOrigins, AdminToken: cfg.adminToken,
		BackupDir: cfg.backupDir, PublishDir: cfg.publishDir, ReadOnly: cfg.replicaOf != "", App: web.Handler(cfg.frameAncestors), Explorer: web.Explorer(cfg.frameAncestors),
		Examples: web.Page(graph.ExamplesPage(), cfg.frameAncestors)})
}
