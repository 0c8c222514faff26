package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The end-to-end test runs the real parts: the binary built by deploy/build.sh, one writer
// database driven by the CLI, three replicas and Debian's nginx with deploy/nginx.conf. It needs
// nginx; without it the test is skipped, unless PARINDEX_REQUIRE_NGINX=1 (make test) demands it.

// nginxBinary is nginx's path, or "" when it is not installed.
func nginxBinary(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("nginx")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/nginx"); serr == nil {
			p = "/usr/sbin/nginx"
		}
	}
	if p == "" {
		if os.Getenv("PARINDEX_REQUIRE_NGINX") != "" {
			t.Fatal("nginx is not installed (make deps installs Debian's) and PARINDEX_REQUIRE_NGINX is set")
		}
		t.Skip("nginx is not installed; make deps installs it")
	}
	return p
}

// nginxSite is deploy/nginx.conf with the test's ports and folders in place of the addresses and
// paths an operator edits. Each replaced text must be in the file, so that the test runs the
// shipped configuration and not a copy of it.
func nginxSite(t testing.TB, dir string, listen int, replicas []int, writer int) string {
	t.Helper()
	data, err := os.ReadFile("deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	site := string(data)
	servers := regexp.MustCompile(`(?m)^(\s*)server 127\.0\.0\.1:808[1-9]( [^;]*)?;\n`)
	if n := len(servers.FindAllString(site, -1)); n == 0 {
		t.Fatal("deploy/nginx.conf: no replica `server 127.0.0.1:808N …;` lines in the upstream")
	}
	first := true
	site = servers.ReplaceAllStringFunc(site, func(line string) string {
		if !first {
			return ""
		}
		first = false
		m := servers.FindStringSubmatch(line)
		var b strings.Builder
		for _, p := range replicas {
			fmt.Fprintf(&b, "%sserver 127.0.0.1:%d%s;\n", m[1], p, m[2])
		}
		return b.String()
	})
	for _, r := range []struct{ old, new string }{
		{"server 127.0.0.1:8080;", fmt.Sprintf("server 127.0.0.1:%d;", writer)},
		{"listen 80;", fmt.Sprintf("listen 127.0.0.1:%d;", listen)},
		{"/var/cache/nginx/parindex", filepath.Join(dir, "cache")},
		{"/var/log/nginx/parindex.access.log", filepath.Join(dir, "access.log")},
	} {
		if !strings.Contains(site, r.old) {
			t.Fatalf("deploy/nginx.conf no longer holds %q", r.old)
		}
		site = strings.ReplaceAll(site, r.old, r.new)
	}
	return site
}

// nginxReleasesSite is deploy/nginx-releases.conf serving the folder pub on port listen.
func nginxReleasesSite(t testing.TB, pub string, listen int) string {
	t.Helper()
	data, err := os.ReadFile("deploy/nginx-releases.conf")
	if err != nil {
		t.Fatal(err)
	}
	site := string(data)
	for _, r := range []struct{ old, new string }{
		{"listen 8090;", fmt.Sprintf("listen 127.0.0.1:%d;", listen)},
		{"root /srv/parindex/releases;", fmt.Sprintf("root %s;", pub)},
	} {
		if !strings.Contains(site, r.old) {
			t.Fatalf("deploy/nginx-releases.conf no longer holds %q", r.old)
		}
		site = strings.ReplaceAll(site, r.old, r.new)
	}
	return site
}

// nginxPorts are the ports of the test's nginx and of the parts behind it.
type nginxPorts struct {
	front, releases, writer int
	replicas                []int
}

// writeNginxConfig writes a main configuration around both sites, with every path inside dir,
// and returns its path.
func writeNginxConfig(t testing.TB, dir, pub string, ports nginxPorts) string {
	t.Helper()
	for _, d := range []string{"cache", "temp"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	site := filepath.Join(dir, "parindex.conf")
	if err := os.WriteFile(site, []byte(nginxSite(t, dir, ports.front, ports.replicas, ports.writer)), 0o644); err != nil {
		t.Fatal(err)
	}
	releasesSite := filepath.Join(dir, "parindex-releases.conf")
	if err := os.WriteFile(releasesSite, []byte(nginxReleasesSite(t, pub, ports.releases)), 0o644); err != nil {
		t.Fatal(err)
	}
	userLine := ""
	if os.Geteuid() == 0 {
		// Workers would run as nobody, who cannot enter the test's folders.
		if u, err := user.Current(); err == nil {
			userLine = "user " + u.Username + ";"
		}
	}
	temp := filepath.Join(dir, "temp")
	main := fmt.Sprintf(`%s
daemon off;
worker_processes 2;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 512; }
http {
    client_body_temp_path %[3]s/body;
    proxy_temp_path %[3]s/proxy;
    fastcgi_temp_path %[3]s/fastcgi;
    uwsgi_temp_path %[3]s/uwsgi;
    scgi_temp_path %[3]s/scgi;
    include %[4]s;
    include %[5]s;
}
`, userLine, dir, temp, site, releasesSite)
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	return conf
}

// The shipped configuration passes nginx -t.
func TestNginxConfig(t *testing.T) {
	nginx := nginxBinary(t)
	dir := t.TempDir()
	conf := writeNginxConfig(t, dir, filepath.Join(dir, "published"), nginxPorts{front: 18080, releases: 18090, writer: 18091, replicas: []int{18081, 18082, 18083}})
	out, err := exec.Command(nginx, "-t", "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", conf).CombinedOutput()
	if err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
}

// testProcess is a program the test started; it is stopped by its PID when the test ends.
type testProcess struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

func startProcess(t testing.TB, dir, name, bin string, args ...string) *testProcess {
	t.Helper()
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("start %s: %v", name, err)
	}
	p := &testProcess{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.stop(t)
		if t.Failed() {
			data, _ := os.ReadFile(logPath)
			if len(data) > 4000 {
				data = data[len(data)-4000:]
			}
			t.Logf("%s (pid %d) log, its end:\n%s", name, cmd.Process.Pid, data)
		}
	})
	return p
}

func (p *testProcess) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the testProcess gracefully, or kills it after 10 s.
func (p *testProcess) stop(t testing.TB) {
	if p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Errorf("%s (pid %d) did not stop within 10 s of SIGTERM: killed", p.name, p.cmd.Process.Pid)
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitStatus polls url until it answers want, the testProcess ends or the time runs out.
func waitStatus(t testing.TB, p *testProcess, rawURL string, want int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	last := "no answer"
	for time.Now().Before(deadline) {
		if p != nil && p.exited() {
			t.Fatalf("%s ended (%v) before %s answered %d", p.name, p.err, rawURL, want)
		}
		resp, err := http.Get(rawURL)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == want {
				return
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not answer %d within %s (last: %s)", rawURL, want, within, last)
}

// runCommand runs the binary once and fails the test when it fails.
func runCommand(t testing.TB, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("parindex %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// publishedPointer is DIR/current.json, the published release replicas follow.
type publishedPointer struct {
	Format   int    `json:"format"`
	Release  int    `json:"release"`
	SHA256   string `json:"sha256"`
	Manifest string `json:"manifest"`
}

func readPointer(t *testing.T, dir string) publishedPointer {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "current.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p publishedPointer
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatalf("current.json: %v\n%s", err, data)
	}
	if p.Release <= 0 || p.Manifest == "" {
		t.Fatalf("current.json names no release: %s", data)
	}
	return p
}

// replicaStatus is a replica's /healthz: the release it serves and the last snapshot it refused.
type replicaStatus struct {
	Release   int
	LastError string
}

func fetchReplicaStatus(base string) (replicaStatus, error) {
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		return replicaStatus{}, err
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return replicaStatus{}, fmt.Errorf("GET /healthz: %d, %w", resp.StatusCode, err)
	}
	var h replicaStatus
	if r, ok := m["release"].(float64); ok {
		h.Release = int(r)
	}
	for _, k := range []string{"lastError", "last_error", "error"} {
		if s, ok := m[k].(string); ok && s != "" {
			h.LastError = s
			break
		}
	}
	return h, nil
}

// releaseQuery's answer names the release it was read from.
const releaseQuery = `{ export(years: [2024], parent: "943") { release rowCount } }`

// loadAnswer is one response of the load: its status, the release its header names and the one its
// body implies (0 when absent).
type loadAnswer struct {
	status        int
	header, body  int
	code, cache   string
	cacheControl  string
	transportFail error
}

func ask(client *http.Client, req *http.Request) loadAnswer {
	resp, err := client.Do(req)
	if err != nil {
		return loadAnswer{transportFail: err}
	}
	defer resp.Body.Close()
	a := loadAnswer{status: resp.StatusCode, cache: resp.Header.Get("X-Cache-Status"), cacheControl: resp.Header.Get("Cache-Control")}
	a.header, _ = strconv.Atoi(resp.Header.Get("X-Parindex-Release"))
	var body struct {
		Data *struct {
			Export struct {
				Release int `json:"release"`
			} `json:"export"`
		} `json:"data"`
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &body); err == nil {
		if body.Data != nil {
			a.body = body.Data.Export.Release
		}
		if len(body.Errors) > 0 {
			a.code = body.Errors[0].Extensions.Code
		}
	}
	return a
}

func graphqlGet(base, query string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, base+"/graphql?query="+url.QueryEscape(query), nil)
	return req
}

func graphqlPost(base, query string) *http.Request {
	body, _ := json.Marshal(map[string]string{"query": query})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// loadInterval is the time between two requests of one client of the load.
const loadInterval = 10 * time.Millisecond

// loadRun sends queries from a bounded set of clients until stopped, and keeps what was answered.
type loadRun struct {
	mu      sync.Mutex
	total   int
	failed  int
	bad     []string // the first problems
	byCache map[string]int
	cached  bool // an loadAnswer said it may be cached (Cache-Control max-age)
	stop    chan struct{}
	wg      sync.WaitGroup
}

func startLoad(base string, clients int) *loadRun {
	l := &loadRun{byCache: map[string]int{}, stop: make(chan struct{})}
	client := &http.Client{Timeout: 20 * time.Second}
	for i := range clients {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			// Each client asks its own GET (a few cache entries) and POSTs (never cached).
			get := fmt.Sprintf(`query Client%d %s`, i, releaseQuery)
			// Steady, not flat out: the other packages' tests share the machine.
			tick := time.NewTicker(loadInterval)
			defer tick.Stop()
			for n := 0; ; n++ {
				select {
				case <-l.stop:
					return
				case <-tick.C:
				}
				var req *http.Request
				if n%2 == 0 {
					req = graphqlGet(base, get)
				} else {
					req = graphqlPost(base, releaseQuery)
				}
				l.record(req.Method, ask(client, req))
			}
		}()
	}
	return l
}

func (l *loadRun) record(method string, a loadAnswer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total++
	if method == http.MethodGet {
		l.byCache[a.cache]++
		if strings.Contains(a.cacheControl, "max-age=") && !strings.Contains(a.cacheControl, "max-age=0") {
			l.cached = true
		}
	}
	var problem string
	switch {
	case a.transportFail != nil:
		problem = a.transportFail.Error()
	case a.status == http.StatusServiceUnavailable && a.code != "":
		return // a coded 503: overloaded, allowed
	case a.status != http.StatusOK:
		problem = fmt.Sprintf("status %d (code %q)", a.status, a.code)
	case a.header == 0 || a.body == 0:
		problem = fmt.Sprintf("no release: header %d, body %d", a.header, a.body)
	case a.header != a.body:
		problem = fmt.Sprintf("mixed releases: header %d, body %d", a.header, a.body)
	}
	if problem != "" {
		l.failed++
		if len(l.bad) < 20 {
			l.bad = append(l.bad, method+": "+problem)
		}
	}
}

func (l *loadRun) end(t *testing.T) {
	t.Helper()
	select {
	case <-l.stop:
		return
	default:
	}
	close(l.stop)
	l.wg.Wait()
	t.Logf("load: %d answers; GET cache statuses %v", l.total, l.byCache)
	if l.failed > 0 {
		t.Errorf("load: %d of %d answers were wrong; the first:", l.failed, l.total)
	}
	for _, b := range l.bad {
		t.Error("load: " + b)
	}
	if l.total < 100 {
		t.Errorf("load: %d answers, too few to tell", l.total)
	}
	if l.cached && l.byCache["HIT"]+l.byCache["STALE"]+l.byCache["UPDATING"]+l.byCache["REVALIDATED"] == 0 {
		t.Error("load: GET answers may be cached, yet nginx served none from its cache")
	}
}

// waitAllServe polls each replica until it serves release, and returns how long each took.
func waitAllServe(t *testing.T, bases []string, release int, within time.Duration) []time.Duration {
	t.Helper()
	start := time.Now()
	took := make([]time.Duration, len(bases))
	for i, base := range bases {
		for {
			h, err := fetchReplicaStatus(base)
			if err == nil && h.Release == release {
				took[i] = time.Since(start)
				break
			}
			if time.Since(start) > within {
				t.Fatalf("replica %s still serves %+v (%v) %s after release %d was published", base, h, err, within, release)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return took
}

// checkServes asks each replica directly: header and body both name release.
func checkServes(t *testing.T, bases []string, release int) {
	t.Helper()
	for _, base := range bases {
		for _, req := range []*http.Request{graphqlGet(base, releaseQuery), graphqlPost(base, releaseQuery)} {
			a := ask(http.DefaultClient, req)
			if a.status != http.StatusOK || a.header != release || a.body != release {
				t.Errorf("%s %s: status %d, header release %d, body release %d; want 200 and %d (%v)", req.Method, base, a.status, a.header, a.body, release, a.transportFail)
			}
		}
	}
}

// publishCorrupted makes the writer's next release (a rollback to the first), publishes it into a
// side folder, then copies it into the publication with bytes of its database flipped, as a copy
// gone wrong would, and points current.json at it: the manifest and pointer are right, the file
// is not.
func publishCorrupted(t *testing.T, bin, db, pubDir, sideDir string, restore int) publishedPointer {
	t.Helper()
	runCommand(t, bin, "rollback", "-db", db, strconv.Itoa(restore))
	runCommand(t, bin, "publish", "-db", db, "-to", sideDir)
	next := readPointer(t, sideDir)
	rel := filepath.Dir(next.Manifest)
	if err := os.CopyFS(filepath.Join(pubDir, rel), os.DirFS(filepath.Join(sideDir, rel))); err != nil {
		t.Fatal(err)
	}
	dbFile := filepath.Join(pubDir, rel, "parindex.duckdb")
	data, err := os.ReadFile(dbFile)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(data) / 2; i < len(data)/2+4096 && i < len(data); i++ {
		data[i] ^= 0xff
	}
	if err := os.WriteFile(dbFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(sideDir, "current.json"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(pubDir, ".current.json.tmp")
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(pubDir, "current.json")); err != nil {
		t.Fatal(err)
	}
	return next
}

// checkEncodings asks nginx for one GET with each Accept-Encoding, twice (the second answer comes
// from the cache once the first stored it): a client gets only an encoding it accepts, and the
// cache never hands one client's variant to another.
func checkEncodings(t *testing.T, front string) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 10 * time.Second}
	// Large enough for parindex to compress it.
	q := `{ ranking(year: 2023, parent: "943") { unit { id code name } percent rank group { code label } } }`
	seen := map[string]int{}
	defer func() { t.Logf("Content-Encoding of GET answers through nginx: %v", seen) }()
	for range 2 {
		for _, accept := range []string{"br", "gzip", "gzip, deflate, br", ""} {
			req := graphqlGet(front, q)
			if accept != "" {
				req.Header.Set("Accept-Encoding", accept)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			enc := resp.Header.Get("Content-Encoding")
			seen[enc+" "+resp.Header.Get("X-Cache-Status")]++
			if resp.StatusCode != http.StatusOK || enc != "" && !strings.Contains(accept, enc) {
				t.Errorf("GET with Accept-Encoding %q: %s, Content-Encoding %q (cache %s)", accept, resp.Status, enc, resp.Header.Get("X-Cache-Status"))
			}
		}
	}
}

func TestEndToEndReplicasBehindNginx(t *testing.T) {
	nginx := nginxBinary(t)
	if testing.Short() {
		t.Skip("-short: the end-to-end test builds the binary and runs five processes")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "parindex")
	build := exec.Command("deploy/build.sh", bin)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("deploy/build.sh: %v\n%s", err, out)
	}

	db := filepath.Join(dir, "writer.duckdb")
	pub := filepath.Join(dir, "published")

	// nginx first: it sends /admin/ to the writer, serves the publication over HTTP to one of the
	// replicas, and sends the public to the replicas once they are ready.
	ports := nginxPorts{front: freePort(t), releases: freePort(t), writer: freePort(t),
		replicas: []int{freePort(t), freePort(t), freePort(t)}}
	conf := writeNginxConfig(t, dir, pub, ports)
	proxy := startProcess(t, dir, "nginx", nginx, "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", conf)
	front := fmt.Sprintf("http://127.0.0.1:%d", ports.front)

	// The writer creates its database with the default dataset; meanwhile nginx hands it /admin/
	// (which asks for the admin token: 401 from the writer).
	writer := startProcess(t, dir, "writer", bin, "-db", db, "-init", "-addr", fmt.Sprint("127.0.0.1:", ports.writer))
	waitStatus(t, writer, fmt.Sprintf("http://127.0.0.1:%d/healthz", ports.writer), http.StatusOK, 2*time.Minute)
	waitStatus(t, proxy, front+"/admin/releases", http.StatusUnauthorized, 10*time.Second)
	writer.stop(t)

	// The writer is a command from here on: the first release is published.
	runCommand(t, bin, "publish", "-db", db, "-to", pub)
	first := readPointer(t, pub)
	waitStatus(t, proxy, fmt.Sprintf("http://127.0.0.1:%d/current.json", ports.releases), http.StatusOK, 10*time.Second)

	// Two replicas read the folder, the third reads it over HTTP.
	const poll = time.Second
	replicaArgs := func(i int) []string {
		from := pub
		if i == 2 {
			from = fmt.Sprintf("http://127.0.0.1:%d", ports.releases)
		}
		return []string{"-replica-of", from, "-poll", poll.String(), "-replica-cache", filepath.Join(dir, fmt.Sprint("cache-", i)),
			"-addr", fmt.Sprint("127.0.0.1:", ports.replicas[i])}
	}
	replicas := make([]*testProcess, len(ports.replicas))
	bases := make([]string, len(ports.replicas))
	for i, port := range ports.replicas {
		replicas[i] = startProcess(t, dir, fmt.Sprint("replica-", i), bin, replicaArgs(i)...)
		bases[i] = fmt.Sprintf("http://127.0.0.1:%d", port)
	}
	for i, base := range bases {
		waitStatus(t, replicas[i], base+"/readyz", http.StatusOK, time.Minute)
	}
	waitAllServe(t, bases, first.Release, time.Second)
	checkServes(t, bases, first.Release)
	waitStatus(t, proxy, front+"/healthz", http.StatusOK, 10*time.Second)

	// No replica answers an admin route, directly or through nginx (which sends /admin/ to the
	// writer, not serving HTTP here).
	for _, base := range bases {
		resp, err := http.Get(base + "/admin/releases")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s/admin/releases on a replica: %s, want 404", base, resp.Status)
		}
	}
	if resp, err := http.Get(front + "/admin/releases"); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode == http.StatusOK || resp.Header.Get("X-Parindex-Release") != "" {
		t.Errorf("GET /admin/releases through nginx: %s, release %q: answered by a replica", resp.Status, resp.Header.Get("X-Parindex-Release"))
	}

	checkEncodings(t, front)

	l := startLoad(front, 8)
	defer l.end(t)
	time.Sleep(2 * time.Second)

	// A steward imports results into the writer's database and publishes the new release.
	runCommand(t, bin, append(append([]string{"import", "-db", db}, illustrativeArgs(2024)...), "testdata/import/ke-sach-2024-long-minh-hoa.csv")...)
	runCommand(t, bin, "publish", "-db", db, "-to", pub)
	second := readPointer(t, pub)
	if second.Release <= first.Release {
		t.Fatalf("publish after an import: release %d, want more than %d", second.Release, first.Release)
	}
	took := waitAllServe(t, bases, second.Release, poll+10*time.Second)
	t.Logf("release %d served by every replica after %v", second.Release, took)
	checkServes(t, bases, second.Release)
	time.Sleep(time.Second)

	// A replica killed with kill -9 and started again comes back on the current release.
	if err := replicas[0].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-replicas[0].done
	time.Sleep(time.Second)
	replicas[0] = startProcess(t, dir, "replica-0-restarted", bin, replicaArgs(0)...)
	waitStatus(t, replicas[0], bases[0]+"/readyz", http.StatusOK, time.Minute)
	if h, err := fetchReplicaStatus(bases[0]); err != nil || h.Release != second.Release {
		t.Errorf("restarted replica serves %+v (%v), want release %d", h, err, second.Release)
	}
	checkServes(t, bases[:1], second.Release)
	time.Sleep(time.Second)

	// A corrupted snapshot published by mistake is refused by every replica, which keeps serving
	// the release it had and says why in /healthz.
	bad := publishCorrupted(t, bin, db, pub, filepath.Join(dir, "side"), first.Release).Release
	deadline := time.Now().Add(3*poll + 5*time.Second)
	for i, base := range bases {
		for {
			h, err := fetchReplicaStatus(base)
			if err == nil && h.Release == bad {
				t.Fatalf("replica %d loaded the corrupted release %d", i, bad)
			}
			if err == nil && h.LastError != "" {
				if h.Release != second.Release {
					t.Errorf("replica %d after refusing release %d serves %d, want %d", i, bad, h.Release, second.Release)
				}
				t.Logf("replica %d refused release %d: %s", i, bad, h.LastError)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replica %d does not say it refused release %d: %+v (%v)", i, bad, h, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	time.Sleep(2 * poll)
	checkServes(t, bases, second.Release)
	l.end(t)
	if t.Failed() {
		return
	}
	for i, r := range replicas {
		if r.exited() {
			t.Errorf("replica %d ended: %v", i, r.err)
		}
	}
}
