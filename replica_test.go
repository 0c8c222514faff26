package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph"
)

// releaseFiles are two releases of one database, as parindex publish would take them: the
// default dataset (release 1), then the same after an import of Kế Sách's illustrative 2024 annex.
type releaseFiles struct {
	first, second string // DuckDB files
	err           error
}

var (
	replicaFixtureOnce sync.Once
	replicaFixture     releaseFiles
	replicaFixtureDir  string // removed by TestMain
)

// TestMain removes the releases the replica tests shared once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if replicaFixtureDir != "" {
		os.RemoveAll(replicaFixtureDir)
	}
	os.Exit(code)
}

// fixtureReleases builds the two releases once for every test of the package.
func fixtureReleases(t *testing.T) releaseFiles {
	t.Helper()
	replicaFixtureOnce.Do(func() {
		dir, err := os.MkdirTemp("", "parindex-replica-fixture-")
		if err != nil {
			replicaFixture.err = err
			return
		}
		replicaFixtureDir = dir
		replicaFixture = buildReleases(dir)
	})
	if replicaFixture.err != nil {
		t.Fatal(replicaFixture.err)
	}
	return replicaFixture
}

func buildReleases(dir string) releaseFiles {
	ctx := context.Background()
	src := filepath.Join(dir, "writer.duckdb")
	out := releaseFiles{first: filepath.Join(dir, "first.duckdb"), second: filepath.Join(dir, "second.duckdb")}
	store, err := analytics.Open(ctx, src)
	if err != nil {
		return releaseFiles{err: err}
	}
	if err := store.Close(); err != nil {
		return releaseFiles{err: err}
	}
	if err := copyFile(src, out.first); err != nil {
		return releaseFiles{err: err}
	}
	store, err = analytics.Open(ctx, src)
	if err != nil {
		return releaseFiles{err: err}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "import", "ke-sach-2024-annex-minh-hoa.xlsx"))
	if err != nil {
		return releaseFiles{err: err}
	}
	rep, err := store.Import(ctx, analytics.ImportRequest{Year: 2024, Decision: illustrativeQD, Date: "2024-12-30",
		Issuer: "UBND huyện Kế Sách (minh họa)", FileName: "ke-sach-2024-annex-minh-hoa.xlsx", Importer: "replica-test"}, data)
	if err == nil && rep.Status != analytics.ImportCommitted {
		err = fmt.Errorf("import: %s %v", rep.Status, rep.Problems)
	}
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return releaseFiles{err: err}
	}
	if err := copyFile(src, out.second); err != nil {
		return releaseFiles{err: err}
	}
	return out
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

// fileRelease reads the release number a DuckDB file holds.
func fileRelease(t *testing.T, path string) int64 {
	t.Helper()
	store, err := analytics.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	return store.Release()
}

// publishBytes writes data under base in the publication's layout as release n, its manifest
// saying what describe leaves in it (the data's own size and hash unless told otherwise), then
// points current.json at it, replacing the pointer atomically.
func publishBytes(t *testing.T, base string, n int64, data []byte, describe func(*analytics.ReleaseManifest)) analytics.PublishPointer {
	t.Helper()
	sum := sha256.Sum256(data)
	m := analytics.ReleaseManifest{Format: 1, Release: n, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)),
		Created: time.Now().UTC().Format(time.RFC3339), SchemaVersion: analytics.SchemaVersion(), File: "parindex.duckdb"}
	if describe != nil {
		describe(&m)
	}
	rel := fmt.Sprintf("releases/%d-%s", n, m.SHA256[:16])
	dir := filepath.Join(base, filepath.FromSlash(rel))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "parindex.duckdb"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	manifest, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	p := analytics.PublishPointer{Format: 1, Release: n, SHA256: m.SHA256, Manifest: rel + "/manifest.json"}
	writePointer(t, base, p)
	return p
}

func writePointer(t *testing.T, base string, p analytics.PublishPointer) {
	t.Helper()
	body, _ := json.Marshal(p)
	tmp := filepath.Join(base, ".current.json.tmp")
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(base, pointerFile)); err != nil {
		t.Fatal(err)
	}
}

// publishFile publishes the DuckDB file at path as the release it holds.
func publishFile(t *testing.T, base, path string) analytics.PublishPointer {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return publishBytes(t, base, fileRelease(t, path), data, nil)
}

// syncBuffer is a log that the test reads while the replica writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testReplica is a replica running against a publication, served by an httptest.Server.
type testReplica struct {
	*replica
	srv     *httptest.Server
	cache   string
	logs    *syncBuffer
	started chan struct{} // closed by start: the replica polls from then on
	stop    func()
}

// startReplica starts a replica of base (a folder or a URL) polling every poll; wrap, when not
// nil, wraps the routes of each release.
func startReplica(t *testing.T, base string, poll time.Duration, wrap func(http.Handler) http.Handler) *testReplica {
	t.Helper()
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	cache := t.TempDir()
	build := func(store *analytics.Store) (http.Handler, error) {
		// An admin token as well, which a replica must ignore (TestReplicaHasNoAdmin).
		h, err := routes(store, config{limits: graph.DefaultLimits(), replicaOf: base, adminToken: replicaTestToken}, logger)
		if err != nil || wrap == nil {
			return h, err
		}
		return wrap(h), nil
	}
	rp, err := newReplica(replicaConfig{base: base, cacheDir: cache, poll: poll, retryRefused: 100 * time.Millisecond}, logger, build)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rp.handler())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	tr := &testReplica{replica: rp, srv: srv, cache: cache, logs: logs, started: make(chan struct{})}
	var once sync.Once
	tr.stop = func() {
		once.Do(func() {
			cancel()
			<-done
			srv.Close()
			rp.close()
		})
	}
	t.Cleanup(tr.stop)
	go func() {
		defer close(done)
		select {
		case <-tr.started:
			rp.run(ctx)
		case <-ctx.Done():
		}
	}()
	return tr
}

// start lets the replica poll: until then a test sees it as it is before its first release.
func (tr *testReplica) start() { close(tr.started) }

// health reads /healthz.
func (tr *testReplica) health(t *testing.T) replicaHealth {
	t.Helper()
	var h replicaHealth
	resp := tr.get(t, "/healthz", nil)
	if err := json.Unmarshal(resp.body, &h); err != nil {
		t.Fatalf("healthz: %v: %s", err, resp.body)
	}
	return h
}

// waitRelease waits until /healthz says release n, and returns how long it took.
func (tr *testReplica) waitRelease(t *testing.T, n int64, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		h := tr.health(t)
		if h.Release != nil && *h.Release == n {
			return time.Since(start)
		}
		if time.Since(start) > within {
			t.Fatalf("after %v the replica serves %v, want release %d; health %+v; logs:\n%s", within, h.Release, n, h, tr.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitError waits until /healthz reports a failure that contains want.
func (tr *testReplica) waitError(t *testing.T, want string) replicaHealth {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		h := tr.health(t)
		if h.LastError != nil && strings.Contains(*h.LastError, want) {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("healthz never reported %q: %+v; logs:\n%s", want, h, tr.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (tr *testReplica) get(t *testing.T, path string, header http.Header) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, tr.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, body}
}

// post sends body to path with the admin token.
func (tr *testReplica) post(t *testing.T, path, contentType, body string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, tr.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+replicaTestToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}
}

// replicaTestToken is an admin token given to every test replica.
var replicaTestToken = strings.Repeat("t", graph.MinAdminTokenLength)

// ranking2024 is the 2024 ranking of Kế Sách's communes, which the second release changes.
var ranking2024 = "/graphql?query=" + url.QueryEscape(`{ ranking(year: 2024, parent: "943") { unit { code } points percent source { kind } } }`)

// snapshots lists the snapshots in a replica's cache.
func snapshots(t *testing.T, dir string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, "*.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range matches {
		matches[i] = filepath.Base(matches[i])
	}
	return matches
}

// countingServer serves a folder as a static file server would, with an ETag on current.json
// when etags is set, and counts the requests and 304 answers per path.
type countingServer struct {
	mu          sync.Mutex
	gets        map[string]int
	notModified map[string]int
}

func newCountingServer(t *testing.T, dir string, etags bool) (*httptest.Server, *countingServer) {
	cs := &countingServer{gets: map[string]int{}, notModified: map[string]int{}}
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
			return
		}
		if etags && r.URL.Path == "/pub/"+pointerFile {
			if data, err := os.ReadFile(filepath.Join(dir, pointerFile)); err == nil {
				sum := sha256.Sum256(data)
				w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
			}
		}
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		http.StripPrefix("/pub", files).ServeHTTP(rec, r)
		cs.mu.Lock()
		cs.gets[r.URL.Path]++
		if rec.status == http.StatusNotModified {
			cs.notModified[r.URL.Path]++
		}
		cs.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	return srv, cs
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (cs *countingServer) counts(path string) (gets, notModified int) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.gets[path], cs.notModified[path]
}

// TestReplicaServesAndFollowsAPublication starts a replica on a folder and on a static file
// server: not ready before its first release, then serving it, then the next release within the
// poll interval, the old snapshot's file removed once nothing reads it.
func TestReplicaServesAndFollowsAPublication(t *testing.T) {
	rel := fixtureReleases(t)
	first, second := fileRelease(t, rel.first), fileRelease(t, rel.second)
	if second <= first {
		t.Fatalf("fixture: second release %d is not after the first %d", second, first)
	}
	for _, kind := range []string{"folder", "http"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			publishFile(t, dir, rel.first)
			base := dir
			if kind == "http" {
				srv, _ := newCountingServer(t, dir, true)
				base = srv.URL + "/pub"
			}
			const poll = 100 * time.Millisecond
			tr := startReplica(t, base, poll, nil)

			if got := tr.get(t, "/readyz", nil); got.status != http.StatusServiceUnavailable {
				t.Errorf("readyz before the first release: %d %s, want 503", got.status, got.body)
			}
			if got := tr.get(t, ranking2024, nil); got.status != http.StatusServiceUnavailable || !strings.Contains(string(got.body), "UNAVAILABLE") {
				t.Errorf("a query before the first release: %d %s, want 503 UNAVAILABLE", got.status, got.body)
			}
			if h := tr.health(t); h.Status != "starting" || h.Release != nil || h.ReplicaOf != base {
				t.Errorf("healthz before the first release: %+v", h)
			}
			tr.start()
			tr.waitRelease(t, first, 30*time.Second)
			if got := tr.get(t, "/readyz", nil); got.status != http.StatusOK {
				t.Errorf("readyz after the first release: %d %s, want 200", got.status, got.body)
			}
			before := tr.get(t, ranking2024, nil)
			if before.status != http.StatusOK || before.header.Get("X-Parindex-Release") != fmt.Sprint(first) ||
				!strings.Contains(string(before.body), `"ILLUSTRATIVE"`) {
				t.Fatalf("release %d: %d X-Parindex-Release %q %.300s", first, before.status, before.header.Get("X-Parindex-Release"), before.body)
			}

			publishFile(t, dir, rel.second)
			took := tr.waitRelease(t, second, 30*time.Second)
			t.Logf("%s: release %d served %v after it was published (poll %v)", kind, second, took.Round(time.Millisecond), poll)
			after := tr.get(t, ranking2024, nil)
			if after.status != http.StatusOK || after.header.Get("X-Parindex-Release") != fmt.Sprint(second) ||
				!strings.Contains(string(after.body), `"OFFICIAL"`) || bytes.Equal(after.body, before.body) {
				t.Fatalf("release %d: %d X-Parindex-Release %q %.300s", second, after.status, after.header.Get("X-Parindex-Release"), after.body)
			}
			if h := tr.health(t); h.Status != "ok" || h.LastError != nil {
				t.Errorf("healthz: %+v", h)
			}
			eventually(t, "the first release's file removed", func() bool { return len(snapshots(t, tr.cache)) == 1 })
		})
	}
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestReplicaSwapLetsRequestsInFlightFinish holds a request inside release 1's routes while
// release 2 is published: new requests get release 2 at once, the held one is answered from
// release 1 whole, and release 1 is closed only after it; release 1 published again meanwhile is
// served beside it.
func TestReplicaSwapLetsRequestsInFlightFinish(t *testing.T) {
	rel := fixtureReleases(t)
	first, second := fileRelease(t, rel.first), fileRelease(t, rel.second)
	dir := t.TempDir()
	p1 := publishFile(t, dir, rel.first)
	entered, release := make(chan struct{}), make(chan struct{})
	tr := startReplica(t, dir, 50*time.Millisecond, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Test-Hold") != "" {
				entered <- struct{}{}
				<-release
			}
			next.ServeHTTP(w, r)
		})
	})
	tr.start()
	tr.waitRelease(t, first, 30*time.Second)
	want := tr.get(t, ranking2024, nil)

	held := make(chan answer, 1)
	go func() { held <- tr.get(t, ranking2024, http.Header{"X-Test-Hold": {"1"}}) }()
	<-entered
	publishFile(t, dir, rel.second)
	tr.waitRelease(t, second, 30*time.Second)
	now := tr.get(t, ranking2024, nil)
	if now.header.Get("X-Parindex-Release") != fmt.Sprint(second) || bytes.Equal(now.body, want.body) {
		t.Errorf("a request after the swap: release %q, body unchanged %v", now.header.Get("X-Parindex-Release"), bytes.Equal(now.body, want.body))
	}
	if got := snapshots(t, tr.cache); len(got) != 2 {
		t.Errorf("while a request reads release %d, the cache holds %v, want both releases", first, got)
	}
	// Back to release 1 while the held request still reads its file: served from a copy of its own.
	writePointer(t, dir, p1)
	tr.waitRelease(t, first, 30*time.Second)
	if again := tr.get(t, ranking2024, nil); again.header.Get("X-Parindex-Release") != fmt.Sprint(first) || !bytes.Equal(again.body, want.body) {
		t.Errorf("release %d published again: release %q, %.200s", first, again.header.Get("X-Parindex-Release"), again.body)
	}
	close(release)
	got := <-held
	if got.status != http.StatusOK || got.header.Get("X-Parindex-Release") != fmt.Sprint(first) || !bytes.Equal(got.body, want.body) {
		t.Errorf("the request held across the swap: %d release %q\n got %.300s\nwant %.300s", got.status, got.header.Get("X-Parindex-Release"), got.body, want.body)
	}
	eventually(t, "release 1 retired", func() bool {
		return len(snapshots(t, tr.cache)) == 1 && strings.Contains(tr.logs.String(), "retired release")
	})
}

// TestReplicaRefusesBadSnapshots publishes, over release 1, releases that are not what they
// say: each is refused, said in /healthz and logged as an error, and release 1 goes on serving.
// A good release after them is served.
func TestReplicaRefusesBadSnapshots(t *testing.T) {
	rel := fixtureReleases(t)
	first, second := fileRelease(t, rel.first), fileRelease(t, rel.second)
	good, err := os.ReadFile(rel.second)
	if err != nil {
		t.Fatal(err)
	}
	wrongVersion := otherDerivedVersion(t, rel.second)
	dir := t.TempDir()
	publishFile(t, dir, rel.first)
	tr := startReplica(t, dir, 30*time.Millisecond, nil)
	tr.start()
	tr.waitRelease(t, first, 30*time.Second)
	want := tr.get(t, ranking2024, nil)

	goodSum := sha256.Sum256(good)
	cases := []struct {
		name    string
		publish func()
		want    string // in /healthz's lastError
	}{
		{"bytes flipped", func() {
			bad := bytes.Clone(good)
			bad[len(bad)/2] ^= 0xff
			publishBytes(t, dir, second, bad, func(m *analytics.ReleaseManifest) { m.SHA256 = hex.EncodeToString(goodSum[:]) })
		}, "the manifest says " + hex.EncodeToString(goodSum[:])},
		{"truncated", func() {
			publishBytes(t, dir, second, good[:len(good)/3], func(m *analytics.ReleaseManifest) {
				m.SHA256, m.Size = hex.EncodeToString(goodSum[:]), int64(len(good))
			})
		}, fmt.Sprintf("the manifest says %d", len(good))},
		{"not DuckDB", func() {
			publishBytes(t, dir, second, bytes.Repeat([]byte("not a database "), 1000), nil)
		}, "release 2: analytics: open read-only"},
		{"another derived version", func() { publishBytes(t, dir, second, wrongVersion, nil) }, "written by another version of parindex"},
		{"another schema in the manifest", func() {
			publishBytes(t, dir, second, good, func(m *analytics.ReleaseManifest) { m.SchemaVersion = 999 })
		}, "schema version 999"},
		{"pointer not JSON", func() {
			os.WriteFile(filepath.Join(dir, pointerFile), []byte("<html>"), 0o644)
		}, "current.json is not JSON"},
		{"manifest of another release", func() {
			p := publishBytes(t, dir, second, good, nil)
			p.Release = 7
			writePointer(t, dir, p)
		}, "the manifest describes release 2"},
		{"pointer outside the base", func() {
			writePointer(t, dir, analytics.PublishPointer{Format: 1, Release: 2, SHA256: hex.EncodeToString(goodSum[:]), Manifest: "../../etc/manifest.json"})
		}, "does not name a release"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errorsBefore := strings.Count(tr.logs.String(), "level=ERROR")
			c.publish()
			h := tr.waitError(t, c.want)
			if h.Release == nil || *h.Release != first || h.Status != "ok" {
				t.Errorf("healthz after a bad release: %+v", h)
			}
			got := tr.get(t, ranking2024, nil)
			if got.status != http.StatusOK || got.header.Get("X-Parindex-Release") != fmt.Sprint(first) || !bytes.Equal(got.body, want.body) {
				t.Errorf("after a bad release: %d release %q %.200s", got.status, got.header.Get("X-Parindex-Release"), got.body)
			}
			eventually(t, "the refusal logged again", func() bool { return strings.Count(tr.logs.String(), "level=ERROR") >= errorsBefore+2 })
			if got := snapshots(t, tr.cache); len(got) != 1 {
				t.Errorf("the cache holds %v after a refusal, want the served release only", got)
			}
		})
	}
	publishFile(t, dir, rel.second)
	tr.waitRelease(t, second, 30*time.Second)
	if h := tr.health(t); h.LastError != nil {
		t.Errorf("healthz still reports %q once a good release is served", *h.LastError)
	}
}

// otherDerivedVersion is the DuckDB file at path with another version of its derived tables, as
// an older or newer parindex would write it.
func otherDerivedVersion(t *testing.T, path string) []byte {
	t.Helper()
	tmp := filepath.Join(t.TempDir(), "other.duckdb")
	if err := copyFile(path, tmp); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", tmp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE derived_version SET version = version + 1`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CHECKPOINT`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	data, err := os.ReadFile(tmp)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReplicaHasNoAdmin checks that a replica answers no admin endpoint and no admin field,
// whatever token it was given, and that its store refuses every write.
func TestReplicaHasNoAdmin(t *testing.T) {
	rel := fixtureReleases(t)
	dir := t.TempDir()
	publishFile(t, dir, rel.first)
	tr := startReplica(t, dir, time.Second, nil)
	tr.start()
	tr.waitRelease(t, fileRelease(t, rel.first), 30*time.Second)

	for _, c := range []struct{ method, path string }{
		{http.MethodPost, "/admin/backup"}, {http.MethodPost, "/admin/import"}, {http.MethodPost, "/admin/rollback"}, {http.MethodGet, "/admin/releases"},
	} {
		var got answer
		if c.method == http.MethodGet {
			got = tr.get(t, c.path, http.Header{"Authorization": {"Bearer " + replicaTestToken}})
		} else {
			got = tr.post(t, c.path, "application/json", `{"dir":"x","release":1}`)
		}
		if got.status != http.StatusNotFound || !strings.Contains(string(got.body), "NOT_FOUND") {
			t.Errorf("%s %s: %d %s, want 404 NOT_FOUND", c.method, c.path, got.status, got.body)
		}
	}
	for _, query := range []string{
		`mutation { importResults(input: {year: 2024, decision: "x", date: "2024-12-30", fileName: "a.csv", contentBase64: "YQ=="}) { status } }`,
		`mutation { rollback(release: 1) { release } }`,
		`{ releases { id } }`,
	} {
		body, _ := json.Marshal(map[string]string{"query": query})
		got := tr.post(t, "/graphql", "application/json", string(body))
		if got.status != http.StatusUnauthorized || !strings.Contains(string(got.body), `"UNAUTHORIZED"`) || !strings.Contains(string(got.body), `"data":null`) {
			t.Errorf("%s: %d %s, want 401 UNAUTHORIZED", query, got.status, got.body)
		}
	}

	// A copy: DuckDB shares one instance per file within a process, and the replica's is locked.
	path := filepath.Join(t.TempDir(), "copy.duckdb")
	if err := copyFile(rel.first, path); err != nil {
		t.Fatal(err)
	}
	store, err := analytics.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	_, importErr := store.Import(ctx, analytics.ImportRequest{Year: 2024, Decision: "x", Date: "2024-12-30", FileName: "a.csv"}, []byte("a"))
	_, rollbackErr := store.Rollback(ctx, 1, "test")
	_, backupErr := store.Backup(ctx, t.TempDir())
	for name, err := range map[string]error{"Import": importErr, "Rollback": rollbackErr, "Backup": backupErr} {
		if !errors.Is(err, analytics.ErrReadOnly) {
			t.Errorf("%s on a read-only store: %v, want ErrReadOnly", name, err)
		}
	}
}

// TestReplicaPollsWithoutDownloadingAgain checks that an unchanged pointer costs a 304, and the
// snapshot is downloaded once, whether the server gives an ETag or only Last-Modified.
func TestReplicaPollsWithoutDownloadingAgain(t *testing.T) {
	rel := fixtureReleases(t)
	for _, etags := range []bool{true, false} {
		t.Run(fmt.Sprintf("etag=%v", etags), func(t *testing.T) {
			dir := t.TempDir()
			p := publishFile(t, dir, rel.first)
			// A pointer changed in the second it is read is read whole (see lastModified).
			old := time.Now().Add(-time.Minute)
			os.Chtimes(filepath.Join(dir, pointerFile), old, old)
			srv, counts := newCountingServer(t, dir, etags)
			tr := startReplica(t, srv.URL+"/pub", 20*time.Millisecond, nil)
			tr.start()
			tr.waitRelease(t, p.Release, 30*time.Second)
			eventually(t, "ten polls", func() bool { n, _ := counts.counts("/pub/" + pointerFile); return n >= 10 })
			gets, notModified := counts.counts("/pub/" + pointerFile)
			if notModified < gets-2 {
				t.Errorf("%d of %d reads of an unchanged pointer were 304", notModified, gets)
			}
			file := "/pub/" + strings.TrimSuffix(p.Manifest, "manifest.json") + "parindex.duckdb"
			if n, _ := counts.counts(file); n != 1 {
				t.Errorf("the snapshot was downloaded %d times, want once", n)
			}
			if n, _ := counts.counts("/pub/" + p.Manifest); n != 1 {
				t.Errorf("the manifest was read %d times, want once", n)
			}
		})
	}
}

// TestReplicaRestartKeepsItsCheckedSnapshot restarts a replica on its cache folder: the snapshot
// it holds is checked and served again without a download.
func TestReplicaRestartKeepsItsCheckedSnapshot(t *testing.T) {
	rel := fixtureReleases(t)
	dir := t.TempDir()
	p := publishFile(t, dir, rel.first)
	srv, counts := newCountingServer(t, dir, true)
	cache := t.TempDir()
	var downloads atomic.Int32
	for range 2 {
		logger := discardLogger()
		rp, err := newReplica(replicaConfig{base: srv.URL + "/pub", cacheDir: cache, poll: time.Hour}, logger,
			func(store *analytics.Store) (http.Handler, error) {
				return routes(store, config{limits: graph.DefaultLimits(), replicaOf: dir}, logger)
			})
		if err != nil {
			t.Fatal(err)
		}
		rp.poll(context.Background())
		if g := rp.current.Load(); g == nil || g.release != p.Release {
			t.Fatalf("release after start: %v", g)
		}
		// Stopped without closing, as kill -9 would leave it, but with the file closed.
		rp.current.Load().store.Close()
		file := "/pub/" + strings.TrimSuffix(p.Manifest, "manifest.json") + "parindex.duckdb"
		n, _ := counts.counts(file)
		downloads.Store(int32(n))
	}
	if n := downloads.Load(); n != 1 {
		t.Errorf("downloads over two starts: %d, want 1", n)
	}
}

// TestParseConfigReplica checks the replica's flags and what they exclude.
func TestParseConfigReplica(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	cfg, err := parseConfig(nil, env(map[string]string{"PARINDEX_REPLICA_OF": "https://data.example/parindex", "PARINDEX_POLL": "30s"}))
	if err != nil || cfg.replicaOf != "https://data.example/parindex" || cfg.poll != 30*time.Second {
		t.Errorf("from the environment: %+v, %v", cfg, err)
	}
	cfg, err = parseConfig([]string{"-replica-of", "/srv/publish", "-poll", "2s", "-replica-cache", "/var/cache/parindex"}, env(nil))
	if err != nil || cfg.replicaOf != "/srv/publish" || cfg.poll != 2*time.Second || cfg.replicaCache != "/var/cache/parindex" {
		t.Errorf("from flags: %+v, %v", cfg, err)
	}
	if cfg, err := parseConfig(nil, env(nil)); err != nil || cfg.replicaOf != "" || cfg.poll != 0 {
		t.Errorf("default: %+v, %v", cfg, err)
	}
	for _, args := range [][]string{
		{"-replica-of", "/srv/publish", "-db", "x.duckdb"},
		{"-replica-of", "/srv/publish", "-init"},
		{"-replica-of", "/srv/publish", "-poll", "0s"},
	} {
		if _, err := parseConfig(args, env(nil)); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

// TestRunReplica runs the binary's replica mode on a folder until it serves, then stops it.
func TestRunReplica(t *testing.T) {
	rel := fixtureReleases(t)
	dir := t.TempDir()
	p := publishFile(t, dir, rel.first)
	cache := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready, done := make(chan string, 1), make(chan error, 1)
	logs := &syncBuffer{}
	go func() {
		done <- run(ctx, config{addr: "127.0.0.1:0", limits: graph.DefaultLimits(), replicaOf: dir, poll: 50 * time.Millisecond, replicaCache: cache},
			slog.New(slog.NewTextHandler(logs, nil)), ready)
	}()
	addr := <-ready
	eventually(t, "readyz 200", func() bool {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	resp, err := http.Get("http://" + addr + "/graphql?query=%7Byears%7D")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Parindex-Release") != fmt.Sprint(p.Release) {
		t.Errorf("GET /graphql: %d, X-Parindex-Release %q", resp.StatusCode, resp.Header.Get("X-Parindex-Release"))
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v\n%s", err, logs.String())
	}
	// Kept for the next start, which checks it rather than download it again.
	if got := snapshots(t, cache); len(got) != 1 {
		t.Errorf("after a stop the cache holds %v, want the release served", got)
	}
}

// TestReplicaTriesACorrectedPointerAtOnce refuses a pointer, leaves it while it stays the same
// (logging it at every poll), and tries a corrected one at the next poll.
func TestReplicaTriesACorrectedPointerAtOnce(t *testing.T) {
	rel := fixtureReleases(t)
	first, second := fileRelease(t, rel.first), fileRelease(t, rel.second)
	dir := t.TempDir()
	publishFile(t, dir, rel.first)
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	rp, err := newReplica(replicaConfig{base: dir, cacheDir: t.TempDir(), poll: time.Hour, retryRefused: time.Hour}, logger,
		func(store *analytics.Store) (http.Handler, error) {
			return routes(store, config{limits: graph.DefaultLimits(), replicaOf: dir}, logger)
		})
	if err != nil {
		t.Fatal(err)
	}
	defer rp.close()
	ctx := context.Background()
	served := func() int64 { return rp.current.Load().releaseOrZero() }
	rp.poll(ctx)
	if served() != first {
		t.Fatalf("serving %d, want %d", served(), first)
	}
	good := publishFile(t, dir, rel.second)
	bad := good
	bad.Release = 7
	writePointer(t, dir, bad)
	rp.poll(ctx)
	rp.poll(ctx)
	if served() != first || strings.Count(logs.String(), "still refused") != 1 {
		t.Fatalf("after a bad pointer polled twice: serving %d, logs:\n%s", served(), logs.String())
	}
	writePointer(t, dir, good)
	rp.poll(ctx)
	if served() != second {
		t.Fatalf("after the pointer was corrected: serving %d, want %d; logs:\n%s", served(), second, logs.String())
	}
	rp.retiring.Wait()
}
