package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parindex/parindex/analytics"
)

// A replica serves the releases a writer publishes (parindex publish) under a base, a folder or
// an http(s) URL of a static file server, laid out as:
//
//	BASE/current.json                         the pointer, replaced atomically
//	BASE/releases/N-<hash16>/manifest.json    what the release's file is: size, SHA-256, schema
//	BASE/releases/N-<hash16>/parindex.duckdb  the release, immutable
//
// It copies the file the pointer names into its cache folder, checking size and SHA-256 as it
// streams, opens it read-only (analytics.OpenReadOnly) and serves it. It reads the pointer again
// every poll interval (over HTTP with If-None-Match and If-Modified-Since, so that an unchanged
// pointer costs a 304) and swaps to a new release between requests: see generation.

// publicationFormat is the version of the layout above that this code reads.
const publicationFormat = 1

// The publication's files, and the limits of the small ones.
const (
	pointerFile     = "current.json"
	maxPointerBytes = 64 << 10
	maxManifestSize = 4 << 20
)

// Time limits of a replica's fetches: the pointer and the manifest are small; the snapshot is
// read for as long as it keeps coming (a national file is about 300 MB).
const (
	smallFetchTimeout = 30 * time.Second
	// defaultRetryRefused is how often a refused release is fetched again while the pointer
	// still names it: a file that was still being uploaded may be whole by then.
	defaultRetryRefused = time.Minute
)

var (
	sha256Hex    = regexp.MustCompile(`^[0-9a-f]{64}$`)
	safeRelPath  = regexp.MustCompile(`^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$`)
	snapshotName = regexp.MustCompile(`^[0-9]+-[0-9a-f]{16}(-[0-9]+)?\.duckdb$`)
)

// errRefused marks an error of the publication itself (a pointer, manifest or file that is not
// what it says): the release is refused until the pointer changes or retryRefused passes. Other
// errors (the network, the disk) are tried again at the next poll.
var errRefused = errors.New("refused")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errRefused}, args...)...)
}

// publication reads the files of a base. Only the replica's poller uses it.
type publication interface {
	// pointer returns current.json; unchanged reports that the server said it has not changed
	// since the last call (the bytes are then those of the last call).
	pointer(ctx context.Context) (body []byte, unchanged bool, err error)
	// open opens a file under the base, by its slash-separated path.
	open(ctx context.Context, rel string) (io.ReadCloser, error)
}

// newPublication is the folder or http(s) URL base.
func newPublication(base string) (publication, error) {
	if strings.HasPrefix(base, "http://") || strings.HasPrefix(base, "https://") {
		u, err := url.Parse(base)
		if err != nil {
			return nil, fmt.Errorf("parindex: -replica-of %s: %w", base, err)
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		u.RawQuery, u.Fragment = "", ""
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.ResponseHeaderTimeout = smallFetchTimeout
		return &httpPublication{base: u, client: &http.Client{Transport: transport}}, nil
	}
	if strings.Contains(base, "://") {
		return nil, fmt.Errorf("parindex: -replica-of %s: give a folder or an http(s) URL", base)
	}
	return folderPublication(base), nil
}

// folderPublication is a base on a local or shared file system.
type folderPublication string

func (dir folderPublication) pointer(context.Context) ([]byte, bool, error) {
	f, err := os.Open(filepath.Join(string(dir), pointerFile))
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	body, err := readSmall(f, maxPointerBytes)
	return body, false, err
}

func (dir folderPublication) open(_ context.Context, rel string) (io.ReadCloser, error) {
	return os.Open(filepath.Join(string(dir), filepath.FromSlash(rel)))
}

// httpPublication is a base on a static file server, read with GET only.
type httpPublication struct {
	base   *url.URL
	client *http.Client
	// What the server said of the pointer last time, for a conditional GET.
	etag, lastModified string
	last               []byte
}

func (p *httpPublication) pointer(ctx context.Context) ([]byte, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base.JoinPath(pointerFile).String(), nil)
	if err != nil {
		return nil, false, err
	}
	if p.last != nil {
		if p.etag != "" {
			req.Header.Set("If-None-Match", p.etag)
		}
		if p.lastModified != "" {
			req.Header.Set("If-Modified-Since", p.lastModified)
		}
	}
	// A cache between the replica and the store must not answer for the store.
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, false, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && p.last != nil:
		return p.last, true, nil
	case resp.StatusCode != http.StatusOK:
		return nil, false, fmt.Errorf("GET %s: %s", req.URL, resp.Status)
	}
	body, err := readSmall(resp.Body, maxPointerBytes)
	if err != nil {
		return nil, false, fmt.Errorf("GET %s: %w", req.URL, err)
	}
	p.last, p.etag, p.lastModified = body, resp.Header.Get("ETag"), ""
	if p.etag == "" {
		p.lastModified = lastModified(resp.Header)
	}
	return body, false, nil
}

// lastModified is the Last-Modified of a pointer to ask If-Modified-Since with, or "" when it is
// not safe to: dates have a resolution of a second, and a pointer replaced again within the
// second it was read would then look unchanged for good. Without an ETag (the server decides on
// If-None-Match first), a pointer read within two seconds of its change is read whole next time.
func lastModified(h http.Header) string {
	modified, err := http.ParseTime(h.Get("Last-Modified"))
	if err != nil {
		return ""
	}
	now, err := http.ParseTime(h.Get("Date"))
	if err != nil || now.Sub(modified) < 2*time.Second {
		return ""
	}
	return h.Get("Last-Modified")
}

func (p *httpPublication) open(ctx context.Context, rel string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base.JoinPath(rel).String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %s", req.URL, resp.Status)
	}
	return resp.Body, nil
}

// readSmall reads a small file whole, refusing one longer than limit.
func readSmall(r io.Reader, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, refuse("longer than %d bytes", limit)
	}
	return body, nil
}

// generation is one release being served: its read-only store and the routes built on it. A
// request holds mu in read mode from start to end, so that it is answered by one release only;
// retire takes it in write mode, which waits for the requests in flight, then closes the store.
type generation struct {
	mu      sync.RWMutex
	closed  bool
	release int64
	sha256  string
	path    string // the file in the cache folder, removed once retired
	store   *analytics.Store
	handler http.Handler
	// How long the copy (with its check) and the opening took, for the log.
	fetched, opened time.Duration
}

// serve answers r from this release, or reports false when it is retired (the caller then
// takes the current one).
func (g *generation) serve(w http.ResponseWriter, r *http.Request) bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.closed {
		return false
	}
	w.Header().Set("X-Parindex-Release", strconv.FormatInt(g.release, 10))
	g.handler.ServeHTTP(w, r)
	return true
}

// replicaConfig is what a replica is told.
type replicaConfig struct {
	base     string        // the publication: a folder or an http(s) URL
	cacheDir string        // where the snapshots are copied; one replica's own
	poll     time.Duration // how often the pointer is read
	// retryRefused is how long a refused release is left before it is fetched again while the
	// pointer still names it (defaultRetryRefused when 0); it is logged at every poll meanwhile.
	retryRefused time.Duration
}

// replica serves the current release of a publication and follows it. Its handler is safe for
// concurrent use; run polls from one goroutine.
type replica struct {
	cfg    replicaConfig
	pub    publication
	build  func(*analytics.Store) (http.Handler, error) // the routes of a release
	logger *slog.Logger

	current  atomic.Pointer[generation]
	retiring sync.WaitGroup

	// Only the poller touches refused.
	// refused holds the pointers whose release was refused, as read, with when it was last
	// tried: a pointer changed in any way is tried at once.
	refused map[string]time.Time

	mu          sync.Mutex // guards what /healthz tells of the last failure, and open
	lastError   string
	lastErrorAt time.Time
	open        map[string]bool // files of the releases open, served or retiring
}

// newReplica prepares a replica of cfg.base; nothing is fetched before run.
func newReplica(cfg replicaConfig, logger *slog.Logger, build func(*analytics.Store) (http.Handler, error)) (*replica, error) {
	pub, err := newPublication(cfg.base)
	if err != nil {
		return nil, err
	}
	if cfg.poll <= 0 {
		return nil, errors.New("parindex: -poll must be positive")
	}
	if cfg.retryRefused == 0 {
		cfg.retryRefused = defaultRetryRefused
	}
	if err := os.MkdirAll(cfg.cacheDir, 0o755); err != nil {
		return nil, fmt.Errorf("parindex: replica cache: %w", err)
	}
	rp := &replica{cfg: cfg, pub: pub, build: build, logger: logger, refused: map[string]time.Time{}, open: map[string]bool{}}
	rp.sweep("") // what a replica stopped mid-download left
	return rp, nil
}

// run loads the current release, then reads the pointer every poll interval until ctx is done.
func (rp *replica) run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		rp.poll(ctx)
		timer.Reset(rp.cfg.poll)
	}
}

// poll reads the pointer and, when it names another release than the one served, loads and
// serves it.
func (rp *replica) poll(ctx context.Context) {
	fetchCtx, cancel := context.WithTimeout(ctx, smallFetchTimeout)
	body, _, err := rp.pub.pointer(fetchCtx)
	cancel()
	if err != nil {
		rp.fail(ctx, 0, fmt.Errorf("read %s: %w", pointerFile, err))
		return
	}
	var p analytics.PublishPointer
	if err := json.Unmarshal(body, &p); err != nil {
		rp.fail(ctx, 0, refuse("%s is not JSON: %v", pointerFile, err))
		return
	}
	cur := rp.current.Load()
	if cur != nil && cur.sha256 == p.SHA256 {
		rp.setError(nil)
		return
	}
	if tried, ok := rp.refused[string(body)]; ok && time.Since(tried) < rp.cfg.retryRefused {
		rp.mu.Lock()
		last := rp.lastError
		rp.mu.Unlock()
		rp.logger.ErrorContext(ctx, "replica: the published release is still refused", "release", p.Release,
			"sha256", p.SHA256, "serving", cur.releaseOrZero(), "err", last)
		return
	}
	start := time.Now()
	g, err := rp.load(ctx, p)
	if err != nil {
		if errors.Is(err, errRefused) {
			rp.refused[string(body)] = time.Now()
		}
		rp.fail(ctx, p.Release, err)
		return
	}
	clear(rp.refused)
	old := rp.current.Swap(g)
	rp.setError(nil)
	rp.logger.InfoContext(ctx, "replica: serving release", "release", g.release, "sha256", g.sha256,
		"previous", old.releaseOrZero(), "load", time.Since(start).Round(time.Millisecond).String(),
		"copy", g.fetched.Round(time.Millisecond).String(), "open", g.opened.Round(time.Millisecond).String())
	if old == nil {
		rp.sweep(g.path)
		return
	}
	rp.retiring.Add(1)
	go func() {
		defer rp.retiring.Done()
		rp.retire(old)
	}()
}

func (g *generation) releaseOrZero() int64 {
	if g == nil {
		return 0
	}
	return g.release
}

// load fetches, checks and opens the release p names.
func (rp *replica) load(ctx context.Context, p analytics.PublishPointer) (*generation, error) {
	if p.Format != publicationFormat {
		return nil, refuse("%s has format %d, this parindex reads %d", pointerFile, p.Format, publicationFormat)
	}
	if p.Release <= 0 || !sha256Hex.MatchString(p.SHA256) || !safeRelPath.MatchString(p.Manifest) || !fs.ValidPath(p.Manifest) {
		return nil, refuse("%s does not name a release (release %d, sha256 %q, manifest %q)", pointerFile, p.Release, p.SHA256, p.Manifest)
	}
	m, err := rp.manifest(ctx, p)
	if err != nil {
		return nil, err
	}
	file := path.Join(path.Dir(p.Manifest), m.File)
	target := filepath.Join(rp.cfg.cacheDir, fmt.Sprintf("%d-%s.duckdb", p.Release, p.SHA256[:16]))
	if rp.isOpen(target) {
		// The same release again while its file is still open (a pointer sent back and forth
		// during a long request): another file, since DuckDB shares one instance per file in a
		// process and retire removes the old one.
		target = filepath.Join(rp.cfg.cacheDir, fmt.Sprintf("%d-%s-%d.duckdb", p.Release, p.SHA256[:16], time.Now().UnixNano()))
	}
	start := time.Now()
	if err := rp.fetch(ctx, file, target, m); err != nil {
		return nil, err
	}
	fetched := time.Since(start)
	store, err := analytics.OpenReadOnly(ctx, target)
	if err != nil {
		removeSnapshot(target)
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, refuse("release %d: %v", p.Release, err)
	}
	if got := store.Release(); got != p.Release {
		store.Close()
		removeSnapshot(target)
		return nil, refuse("release %d: the file holds release %d", p.Release, got)
	}
	handler, err := rp.build(store)
	if err != nil {
		store.Close()
		removeSnapshot(target)
		return nil, fmt.Errorf("release %d: %w", p.Release, err)
	}
	rp.setOpen(target, true)
	return &generation{release: p.Release, sha256: p.SHA256, path: target, store: store, handler: handler,
		fetched: fetched, opened: time.Since(start) - fetched}, nil
}

func (rp *replica) isOpen(path string) bool {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return rp.open[path]
}

func (rp *replica) setOpen(path string, open bool) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if open {
		rp.open[path] = true
	} else {
		delete(rp.open, path)
	}
}

// manifest reads and checks the manifest p names.
func (rp *replica) manifest(ctx context.Context, p analytics.PublishPointer) (analytics.ReleaseManifest, error) {
	var m analytics.ReleaseManifest
	ctx, cancel := context.WithTimeout(ctx, smallFetchTimeout)
	defer cancel()
	rc, err := rp.pub.open(ctx, p.Manifest)
	if err != nil {
		return m, fmt.Errorf("release %d: manifest: %w", p.Release, err)
	}
	defer rc.Close()
	body, err := readSmall(rc, maxManifestSize)
	if err != nil {
		return m, fmt.Errorf("release %d: manifest: %w", p.Release, err)
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return m, refuse("release %d: %s is not JSON: %v", p.Release, p.Manifest, err)
	}
	switch {
	case m.Format != publicationFormat:
		return m, refuse("release %d: manifest format %d, this parindex reads %d", p.Release, m.Format, publicationFormat)
	case m.Release != p.Release || m.SHA256 != p.SHA256:
		return m, refuse("release %d: the manifest describes release %d (sha256 %.16s…), the pointer release %d (sha256 %.16s…)",
			p.Release, m.Release, m.SHA256, p.Release, p.SHA256)
	case m.Size <= 0 || m.File == "" || !safeRelPath.MatchString(m.File) || strings.Contains(m.File, "/") || m.File == "." || m.File == "..":
		return m, refuse("release %d: the manifest names no file (file %q, size %d)", p.Release, m.File, m.Size)
	case m.SchemaVersion != 0 && m.SchemaVersion != analytics.SchemaVersion():
		return m, refuse("release %d: schema version %d, this parindex reads %d", p.Release, m.SchemaVersion, analytics.SchemaVersion())
	}
	return m, nil
}

// fetch copies the release's file to target, checking its size and SHA-256 as it streams; a file
// already there (a restarted replica's) is kept when it checks. A file that does not check is
// removed.
func (rp *replica) fetch(ctx context.Context, file, target string, m analytics.ReleaseManifest) error {
	if f, err := os.Open(target); err == nil {
		n, sum, err := hashStream(f)
		f.Close()
		if err == nil && n == m.Size && sum == m.SHA256 {
			return nil
		}
		removeSnapshot(target)
	}
	rc, err := rp.pub.open(ctx, file)
	if err != nil {
		return fmt.Errorf("release %d: %w", m.Release, err)
	}
	defer rc.Close()
	tmp, err := os.CreateTemp(rp.cfg.cacheDir, ".download-*.part")
	if err != nil {
		return fmt.Errorf("release %d: %w", m.Release, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(rc, m.Size+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("release %d: copy %s: %w", m.Release, file, err)
	}
	if n != m.Size {
		return refuse("release %d: %s has %d bytes or more, the manifest says %d", m.Release, file, n, m.Size)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != m.SHA256 {
		return refuse("release %d: %s has sha256 %s, the manifest says %s", m.Release, file, sum, m.SHA256)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("release %d: %w", m.Release, err)
	}
	return nil
}

// hashStream returns the length and SHA-256 of what r holds.
func hashStream(r io.Reader) (int64, string, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// retire waits for the requests old is answering, then closes its store and removes its file.
func (rp *replica) retire(old *generation) {
	start := time.Now()
	old.mu.Lock()
	old.closed = true
	old.mu.Unlock()
	waited := time.Since(start)
	if err := old.store.Close(); err != nil {
		rp.logger.Warn("replica: close a retired release", "release", old.release, "err", err)
	}
	removeSnapshot(old.path)
	rp.setOpen(old.path, false)
	rp.logger.Info("replica: retired release", "release", old.release, "waited", waited.Round(time.Millisecond).String())
}

// removeSnapshot removes a snapshot of the cache and what DuckDB may have kept beside it.
func removeSnapshot(path string) {
	os.Remove(path)
	os.Remove(path + ".wal")
	os.RemoveAll(path + ".tmp")
}

// sweep removes the snapshots and unfinished downloads of the cache folder but keep: a replica's
// cache folder is its own.
func (rp *replica) sweep(keep string) {
	entries, err := os.ReadDir(rp.cfg.cacheDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := filepath.Join(rp.cfg.cacheDir, e.Name())
		switch {
		case strings.HasPrefix(e.Name(), ".download-") && strings.HasSuffix(e.Name(), ".part"):
			os.Remove(name)
		// At start (keep ""), a snapshot may be the one the pointer names: fetch checks and keeps it.
		case keep != "" && name != keep && snapshotName.MatchString(e.Name()):
			removeSnapshot(name)
		}
	}
}

// fail records and logs a failure to follow the publication. The release served, if any, goes on.
func (rp *replica) fail(ctx context.Context, release int64, err error) {
	rp.setError(err)
	cur := rp.current.Load()
	rp.logger.ErrorContext(ctx, "replica: cannot serve the published release; still serving the previous one",
		"release", release, "serving", cur.releaseOrZero(), "err", err)
}

func (rp *replica) setError(err error) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if err == nil {
		rp.lastError, rp.lastErrorAt = "", time.Time{}
		return
	}
	rp.lastError, rp.lastErrorAt = err.Error(), time.Now().UTC()
}

// close waits for the retired releases to close, then closes the one served, keeping its file:
// a replica started again on the same cache folder checks it and serves it without a download.
// The handler must not be serving any more.
func (rp *replica) close() {
	rp.retiring.Wait()
	if g := rp.current.Swap(nil); g != nil {
		g.mu.Lock()
		g.closed = true
		g.mu.Unlock()
		if err := g.store.Close(); err != nil {
			rp.logger.Warn("replica: close the release served", "release", g.release, "err", err)
		}
	}
}

// handler is the replica's HTTP surface: /healthz and /readyz answered by the replica, every
// other path by the routes of the release served.
func (rp *replica) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", rp.health)
	mux.HandleFunc("GET /readyz", rp.ready)
	mux.Handle("/", http.HandlerFunc(rp.serve))
	return mux
}

// serve answers from the release current when the request arrives; one retired meanwhile is
// passed over for the one that replaced it.
func (rp *replica) serve(w http.ResponseWriter, r *http.Request) {
	for {
		g := rp.current.Load()
		if g == nil {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"errors":[{"message":"the replica has not loaded a release yet","extensions":{"code":"UNAVAILABLE"}}]}`+"\n")
			return
		}
		if g.serve(w, r) {
			return
		}
	}
}

// replicaHealth is what /healthz and /readyz say.
type replicaHealth struct {
	Status      string     `json:"status"` // ok, or starting before the first release
	Release     *int64     `json:"release"`
	SHA256      string     `json:"sha256,omitempty"`
	ReplicaOf   string     `json:"replicaOf"`
	LastError   *string    `json:"lastError"`
	LastErrorAt *time.Time `json:"lastErrorAt,omitempty"`
}

func (rp *replica) status() (replicaHealth, *generation) {
	h := replicaHealth{Status: "starting", ReplicaOf: rp.cfg.base}
	g := rp.current.Load()
	if g != nil {
		h.Status, h.Release, h.SHA256 = "ok", &g.release, g.sha256
	}
	rp.mu.Lock()
	if rp.lastError != "" {
		msg, at := rp.lastError, rp.lastErrorAt
		h.LastError, h.LastErrorAt = &msg, &at
	}
	rp.mu.Unlock()
	return h, g
}

// health answers 200 while the process runs (a replica still fetching its first release is alive),
// 503 when the release served does not answer.
func (rp *replica) health(w http.ResponseWriter, r *http.Request) {
	h, g := rp.status()
	code := http.StatusOK
	if g != nil {
		g.mu.RLock()
		var err error
		if !g.closed { // a release retired meanwhile has been replaced: nothing to ping
			err = g.store.Ping(r.Context())
		}
		g.mu.RUnlock()
		if err != nil && !errors.Is(err, context.Canceled) {
			h.Status, code = "unavailable", http.StatusServiceUnavailable
		}
	}
	writeHealth(w, code, h)
}

// ready answers 503 until a release is served, then 200.
func (rp *replica) ready(w http.ResponseWriter, r *http.Request) {
	h, g := rp.status()
	code := http.StatusOK
	if g == nil {
		code = http.StatusServiceUnavailable
	}
	writeHealth(w, code, h)
}

func writeHealth(w http.ResponseWriter, code int, h replicaHealth) {
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(h)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if h.Release != nil {
		w.Header().Set("X-Parindex-Release", strconv.FormatInt(*h.Release, 10))
	}
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// runReplica serves as a replica of cfg.replicaOf until ctx is done: it listens at once, answers
// 503 (and /readyz 503) until the first release is loaded, and follows the publication.
func runReplica(ctx context.Context, cfg config, logger *slog.Logger, ready chan<- string) error {
	cacheDir := cfg.replicaCache
	if cacheDir == "" {
		dir, err := os.MkdirTemp("", "parindex-replica-")
		if err != nil {
			return fmt.Errorf("parindex: replica cache: %w", err)
		}
		defer os.RemoveAll(dir)
		cacheDir = dir
	}
	rp, err := newReplica(replicaConfig{base: cfg.replicaOf, cacheDir: cacheDir, poll: cfg.poll}, logger,
		func(store *analytics.Store) (http.Handler, error) { return routes(store, cfg, logger) })
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("parindex: listen: %w", err)
	}
	if cfg.adminToken != "" {
		logger.Warn("replica: PARINDEX_ADMIN_TOKEN is ignored: a replica has no admin endpoints or fields")
	}
	logger.Info("parindex replica listening", "addr", ln.Addr().String(), "replica_of", cfg.replicaOf,
		"poll", cfg.poll.String(), "cache", cacheDir)
	pollCtx, stopPolling := context.WithCancel(ctx)
	polling := make(chan struct{})
	go func() {
		defer close(polling)
		rp.run(pollCtx)
	}()
	err = serve(ctx, ln, rp.handler(), logger, ready)
	stopPolling()
	<-polling
	rp.close()
	return err
}
