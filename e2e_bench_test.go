package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkNginxThroughput measures, with the real parts of the end-to-end test (the binary of
// deploy/build.sh, replicas of a published release, Debian's nginx with deploy/nginx.conf), how
// many GraphQL GETs a second a bounded keep-alive client gets answered:
//
//   - straight from one replica, distinct rankings (each query string new) and one repeated ranking;
//   - through nginx and its proxy cache, the repeated ranking (HITs after the first);
//   - through nginx to 1, 2 and 3 replicas, distinct rankings (every one a cache MISS).
//
// It also times the start of a replica from the publication over HTTP on loopback. The release is
// PARINDEX_BENCH_DB (the national file: copied, then published without Parquet); the benchmark is
// skipped without it. Each configuration runs PARINDEX_BENCH_SECONDS (10) with
// PARINDEX_BENCH_CLIENTS (16) clients. All replicas and nginx share the machine's cores:
//
//	PARINDEX_BENCH_DB=data/national.duckdb go test -run '^$' -bench NginxThroughput -benchtime 1x -timeout 30m .
func BenchmarkNginxThroughput(b *testing.B) {
	nginx := nginxBinary(b)
	seconds, clients := envInt(b, "PARINDEX_BENCH_SECONDS", 10), envInt(b, "PARINDEX_BENCH_CLIENTS", 16)
	dir := b.TempDir()
	bin := filepath.Join(dir, "parindex")
	if out, err := exec.Command("deploy/build.sh", bin).CombinedOutput(); err != nil {
		b.Fatalf("deploy/build.sh: %v\n%s", err, out)
	}
	db, pub := filepath.Join(dir, "writer.duckdb"), filepath.Join(dir, "published")
	year := 2024
	src := os.Getenv("PARINDEX_BENCH_DB")
	if src == "" {
		b.Skip("PARINDEX_BENCH_DB names no database (data/national.duckdb, from go run ./cmd/gennational)")
	}
	// A copy: the national file may be open elsewhere, and publish opens its database for writing.
	if out, err := exec.Command("cp", src, db).CombinedOutput(); err != nil {
		b.Fatalf("cp %s: %v\n%s", src, err, out)
	}
	start := time.Now()
	runCommand(b, bin, "publish", "-db", db, "-to", pub, "-parquet=false")
	b.Logf("publish without Parquet: %v", time.Since(start).Round(10*time.Millisecond))

	ports := nginxPorts{front: freePort(b), releases: freePort(b), writer: freePort(b),
		replicas: []int{freePort(b), freePort(b), freePort(b)}}
	// The first nginx only serves the publication to the replicas; each configuration below starts
	// its own, with an upstream of 1, 2 or 3 replicas.
	releasesDir := filepath.Join(dir, "nginx-releases")
	conf := writeNginxConfig(b, releasesDir, pub, ports)
	startProcess(b, releasesDir, "nginx-releases", nginx, "-p", releasesDir, "-e", filepath.Join(releasesDir, "error.log"), "-c", conf)
	releases := fmt.Sprintf("http://127.0.0.1:%d", ports.releases)
	waitStatus(b, nil, releases+"/current.json", http.StatusOK, 10*time.Second)

	// One replica at a time, so that each start has the cores to itself.
	bases := make([]string, len(ports.replicas))
	replicas := make([]*testProcess, len(ports.replicas))
	for i, port := range ports.replicas {
		bases[i] = fmt.Sprintf("http://127.0.0.1:%d", port)
		start := time.Now()
		replicas[i] = startProcess(b, dir, fmt.Sprint("replica-", i), bin, "-replica-of", releases, "-poll", "1m",
			"-replica-cache", filepath.Join(dir, fmt.Sprint("cache-", i)), "-addr", fmt.Sprint("127.0.0.1:", port))
		waitStatus(b, replicas[i], bases[i]+"/readyz", http.StatusOK, 2*time.Minute)
		b.Logf("replica %d: start to /readyz 200 over HTTP on loopback: %v", i, time.Since(start).Round(10*time.Millisecond))
	}
	// Let the read models warm in the background before measuring.
	time.Sleep(15 * time.Second)
	for i, r := range replicas {
		b.Logf("replica %d: RSS %d MB", i, rssMB(r.cmd.Process.Pid))
	}

	districts := benchDistricts(b, bases[0], year)
	fields := `unit { id code name } percent rank group { code label } fields { field { slug } percent rank }`
	var serial atomic.Int64
	distinct := func(base string) *http.Request {
		n := serial.Add(1)
		return graphqlGet(base, fmt.Sprintf(`query Q%d { ranking(year: %d, parent: %q) { %s } }`,
			n, year, districts[int(n)%len(districts)], fields))
	}
	repeated := func(base string) *http.Request {
		return graphqlGet(base, fmt.Sprintf(`{ ranking(year: %d, parent: %q) { %s } }`, year, districts[0], fields))
	}

	type row struct {
		name string
		r    throughput
	}
	var rows []row
	measure := func(name, base string, next func(string) *http.Request) {
		r := runThroughput(base, next, clients, time.Duration(seconds)*time.Second)
		rows = append(rows, row{name, r})
		b.Logf("%-52s %8.0f req/s  p50 %6.1f ms  p99 %6.1f ms  statuses %v  cache %v  load %s",
			name, r.perSecond, r.p50, r.p99, r.statuses, r.cache, loadAverage())
	}

	measure("one replica, straight: distinct rankings", bases[0], distinct)
	measure("one replica, straight: one repeated ranking", bases[0], repeated)
	for n := 1; n <= len(bases); n++ {
		ndir := filepath.Join(dir, fmt.Sprint("nginx-", n))
		p := ports
		p.front, p.releases, p.replicas = freePort(b), freePort(b), ports.replicas[:n]
		conf := writeNginxConfig(b, ndir, pub, p)
		proxy := startProcess(b, ndir, fmt.Sprint("nginx-", n), nginx, "-p", ndir, "-e", filepath.Join(ndir, "error.log"), "-c", conf)
		front := fmt.Sprintf("http://127.0.0.1:%d", p.front)
		waitStatus(b, proxy, front+"/healthz", http.StatusOK, 10*time.Second)
		if n == 1 {
			measure("nginx proxy cache, 1 replica: one repeated ranking", front, repeated)
		}
		measure(fmt.Sprintf("nginx, %d replica(s): distinct rankings (MISS)", n), front, distinct)
		proxy.stop(b)
	}
	for i, r := range replicas {
		b.Logf("replica %d: RSS %d MB after the load", i, rssMB(r.cmd.Process.Pid))
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n| configuration | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&table, "| %s | %.0f | %.1f | %.1f |\n", r.name, r.r.perSecond, r.r.p50, r.r.p99)
	}
	b.Log(table.String())
	for range b.N {
	}
}

// throughput is what one configuration answered: requests a second, latency percentiles in ms,
// and the count of each status and X-Cache-Status.
type throughput struct {
	perSecond, p50, p99 float64
	statuses            map[int]int
	cache               map[string]int
}

// runThroughput sends requests from clients goroutines over keep-alive connections, each waiting
// for its answer before the next, for d.
func runThroughput(base string, next func(string) *http.Request, clients int, d time.Duration) throughput {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	defer client.CloseIdleConnections()
	var (
		mu        sync.Mutex
		wg        sync.WaitGroup
		latencies []time.Duration
	)
	r := throughput{statuses: map[int]int{}, cache: map[string]int{}}
	stop := time.Now().Add(d)
	begin := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				t0 := time.Now()
				resp, err := client.Do(next(base))
				status, cache := -1, ""
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status, cache = resp.StatusCode, resp.Header.Get("X-Cache-Status")
				}
				took := time.Since(t0)
				mu.Lock()
				r.statuses[status]++
				if cache != "" {
					r.cache[cache]++
				}
				latencies = append(latencies, took)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(begin)
	r.perSecond = float64(r.statuses[http.StatusOK]) / elapsed.Seconds()
	if len(latencies) > 0 {
		slices.Sort(latencies)
		r.p50 = float64(latencies[len(latencies)/2]) / 1e6
		r.p99 = float64(latencies[len(latencies)*99/100]) / 1e6
	}
	return r
}

// benchDistricts asks the replica for the IDs of the year's districts that have communes.
func benchDistricts(b *testing.B, base string, year int) []string {
	b.Helper()
	resp, err := http.DefaultClient.Do(graphqlGet(base, fmt.Sprintf(`{ units(year: %d, level: 2) { id code } c: units(year: %d, level: 3, first: 20000) { parent } }`, year, year)))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Data struct {
			Units []struct{ ID, Code string }
			C     []struct{ Parent *string }
		}
	}
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &body); err != nil {
		b.Fatalf("units: %v\n%.500s", err, data)
	}
	parents := map[string]bool{}
	for _, c := range body.Data.C {
		if c.Parent != nil {
			parents[*c.Parent] = true
		}
	}
	var ids []string
	for _, u := range body.Data.Units {
		if parents[u.Code] {
			ids = append(ids, u.ID)
		}
	}
	if len(ids) == 0 {
		b.Fatalf("no district with communes in %d: %.500s", year, data)
	}
	b.Logf("%d districts of %d to rank", len(ids), year)
	return ids
}

func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive integer", name, s)
	}
	return n
}

func rssMB(pid int) int {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return kb / 1024
		}
	}
	return 0
}

func loadAverage() string {
	data, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
