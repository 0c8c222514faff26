package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The soak (-soak): parindex's routes on loopback, as the binary serves them, answer the profile
// page's questions from -clients clients for the given time, twice in one run: alone, and then
// with -hostile more clients sending, without pause, the costly requests the limits must refuse
// cheaply (fragments doubling, introspection aliased, long export links and GET URLs) and answers
// chosen to fill the answer cache. It reports the normal requests' latency in both phases and
// their ratio, every status by phase and kind, and the process's peak resident memory.

// soakNormal are the families a leader's page asks, each answered from memory or one statement.
var soakNormal = []string{"trend", "ranking", "compare", "scores", "groupDistribution", "fieldSummary-district", "units-search"}

// hostileRequest is a request the soak's hostile clients send: a method, a URL relative to the
// server and a body.
type hostileRequest struct {
	kind   string
	method string
	target string
	body   string
}

// soakHostile returns the hostile requests; cacheFill gives each call a distinct answer of about
// 240 KB, so that the answer cache is offered a new one every time.
func soakHostile() (fixed []hostileRequest, cacheFill func(n int64) hostileRequest) {
	gql := func(kind, q string) hostileRequest {
		b, _ := json.Marshal(map[string]any{"query": q})
		return hostileRequest{kind: kind, method: http.MethodPost, target: "/graphql", body: string(b)}
	}
	var doubling strings.Builder
	doubling.WriteString("fragment F0 on Query { years } ")
	for i := 1; i <= 24; i++ {
		fmt.Fprintf(&doubling, "fragment F%d on Query { ...F%d ...F%d } ", i, i-1, i-1)
	}
	doubling.WriteString("{ ...F24 }")
	var schemas strings.Builder
	schemas.WriteString("{")
	for i := range 300 {
		fmt.Fprintf(&schemas, " s%d: __schema { ...S }", i)
	}
	schemas.WriteString(" } fragment S on __Schema { types { ...T } } fragment T on __Type { name fields { name args { name type { name } } type { name } } }")
	longYears := "/export?years=" + strings.TrimSuffix(strings.Repeat("1919-2018,", 100_000), ",")
	shortYears := "/export?years=" + strings.TrimSuffix(strings.Repeat("1919-2018,", 6_000), ",")
	search := "/graphql?" + url.Values{"query": {`query($s: String) { units(search: $s) { code } }`},
		"variables": {`{"s": "` + strings.Repeat("x", 900<<10) + `"}`}}.Encode()
	ids := make([]string, 20_000)
	for i := range ids {
		ids[i] = strconv.Itoa(10_000 + i)
	}
	idsJSON, _ := json.Marshal(map[string]any{"u": ids})
	aggregate := "/graphql?" + url.Values{"query": {`query($u: [ID!]) { aggregate(filter: {units: $u}, groupBy: [UNIT], metrics: [AVG]) { totalCount } }`},
		"variables": {string(idsJSON)}}.Encode()
	fixed = []hostileRequest{
		gql("fragments doubling", doubling.String()),
		gql("300 aliases of __schema", schemas.String()),
		{kind: "export: 1 MB of years", method: http.MethodGet, target: longYears},
		{kind: "export: 6,000 ranges of years", method: http.MethodGet, target: shortYears},
		{kind: "GET: 900 KB search", method: http.MethodGet, target: search},
		{kind: "GET: 20,000 units", method: http.MethodGet, target: aggregate},
	}
	cacheFill = func(n int64) hostileRequest {
		// A distinct alias makes a distinct request; about 2,400 communes of one year make ~240 KB.
		return gql("distinct 240 KB answers", fmt.Sprintf(`{ a%d: ranking(year: %d, first: 2400) { unit { id name } points percent rank group { code } } }`, n, 2005+n%20))
	}
	return fixed, cacheFill
}

// soakTally counts the answers of one kind of request in a phase.
type soakTally struct {
	Latencies []time.Duration `json:"latencies"`
	Statuses  map[int]int     `json:"statuses"`
	Uncoded   int             `json:"uncoded"` // 5xx without a coded 503
	Transport int             `json:"transport"`
	First     string          `json:"first"`
}

func (t *soakTally) add(status int, body []byte, d time.Duration) {
	t.Latencies = append(t.Latencies, d)
	t.Statuses[status]++
	if status >= 500 && !(status == http.StatusServiceUnavailable && bytes.Contains(body, []byte(`"code":"OVERLOADED"`))) {
		t.Uncoded++
		t.First = cmp.Or(t.First, fmt.Sprintf("%d %.200s", status, body))
	}
}

type soakPhase struct {
	name    string
	normal  *soakTally
	hostile map[string]*soakTally
	peakRSS int64
	elapsed time.Duration
	// CPU time of the bench's process (server and normal clients) and of the hostile clients'.
	cpu, hostileCPU time.Duration
}

// runSoak runs the two phases and reports them. The hostile clients run in a child process (this
// command with -soak-hostile-child), as an attacker's would run elsewhere: their own work (building
// and sending megabyte URLs, reading large answers, collecting their garbage) is not charged to
// the server's process, although on this machine it still takes a share of the same two cores.
func runSoak(ctx context.Context, cfg config, p *pool, client *http.Client, base string) error {
	var normal []family
	for _, name := range soakNormal {
		i := slices.IndexFunc(families, func(f family) bool { return f.name == name })
		normal = append(normal, families[i])
	}
	var phases []*soakPhase
	for _, hostile := range []int{0, cfg.hostile} {
		name := fmt.Sprintf("%d clients", cfg.clients)
		if hostile > 0 {
			name += fmt.Sprintf(" + %d hostile", hostile)
		}
		fmt.Fprintf(os.Stderr, "bench: soak %s for %s\n", name, cfg.soak)
		ph := &soakPhase{name: name, normal: &soakTally{Statuses: map[int]int{}}, hostile: map[string]*soakTally{}}
		phaseCtx, cancel := context.WithTimeout(ctx, cfg.soak)
		var child *exec.Cmd
		var childOut bytes.Buffer
		if hostile > 0 {
			child = exec.CommandContext(ctx, os.Args[0], "-soak-hostile-child", base, "-soak", cfg.soak.String(),
				"-hostile", strconv.Itoa(hostile), "-hostile-kinds", cfg.hostileKinds, "-seed", strconv.FormatUint(cfg.seed, 10))
			child.Stdout, child.Stderr = &childOut, os.Stderr
			if err := child.Start(); err != nil {
				cancel()
				return err
			}
		}
		stopRSS := sampleRSS(&ph.peakRSS)
		var mu sync.Mutex
		start, cpuStart := time.Now(), processCPU()
		var wg sync.WaitGroup
		for w := range cfg.clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(cfg.seed+uint64(w), 7))
				for phaseCtx.Err() == nil {
					f := normal[r.IntN(len(normal))]
					b, err := requestBody(f, f.vars(r, p))
					if err != nil {
						panic(err)
					}
					t := time.Now()
					status, body, err := send(phaseCtx, client, base, hostileRequest{method: http.MethodPost, target: "/graphql", body: string(b)})
					d := time.Since(t)
					if phaseCtx.Err() != nil {
						break // the phase ended during the request: not an answer
					}
					mu.Lock()
					if err != nil {
						ph.normal.Transport++
						ph.normal.First = cmp.Or(ph.normal.First, err.Error())
					} else {
						ph.normal.add(status, body, d)
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		cancel()
		ph.elapsed, ph.cpu = time.Since(start), processCPU()-cpuStart
		stopRSS()
		if child != nil {
			if err := child.Wait(); err != nil {
				return fmt.Errorf("bench: hostile clients: %w", err)
			}
			ph.hostileCPU = child.ProcessState.UserTime() + child.ProcessState.SystemTime()
			if err := json.Unmarshal(childOut.Bytes(), &ph.hostile); err != nil {
				return fmt.Errorf("bench: hostile clients' tallies: %w", err)
			}
		}
		phases = append(phases, ph)
	}
	return report(cfg, func(w io.Writer, md bool) { writeSoak(w, md, cfg, phases) })
}

// runHostileChild is the soak's hostile clients, in their own process: -hostile clients send the
// hostile requests to base for -soak, then the tallies by kind are written to stdout as JSON.
func runHostileChild(ctx context.Context, cfg config, base string) error {
	client := &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 100, MaxIdleConnsPerHost: 100, IdleConnTimeout: time.Minute}}
	fixed, cacheFill := soakHostile()
	ctx, cancel := context.WithTimeout(ctx, cfg.soak)
	defer cancel()
	tallies := map[string]*soakTally{}
	var mu sync.Mutex
	var fills atomic.Int64
	var wg sync.WaitGroup
	for w := range cfg.hostile {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(cfg.seed+uint64(1000+w), 7))
			for ctx.Err() == nil {
				var req hostileRequest
				if cfg.hostileKinds == "cache" || cfg.hostileKinds == "all" && r.IntN(2) == 0 {
					req = cacheFill(fills.Add(1))
				} else {
					req = fixed[r.IntN(len(fixed))]
				}
				t := time.Now()
				status, body, err := send(ctx, client, base, req)
				d := time.Since(t)
				if ctx.Err() != nil {
					break
				}
				mu.Lock()
				tally := tallies[req.kind]
				if tally == nil {
					tally = &soakTally{Statuses: map[int]int{}}
					tallies[req.kind] = tally
				}
				if err != nil {
					tally.Transport++
					tally.First = cmp.Or(tally.First, err.Error())
				} else {
					tally.add(status, body, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return json.NewEncoder(os.Stdout).Encode(tallies)
}

// send makes one request and reads its answer whole.
func send(ctx context.Context, client *http.Client, base string, req hostileRequest) (int, []byte, error) {
	var body io.Reader
	if req.body != "" {
		body = strings.NewReader(req.body)
	}
	r, err := http.NewRequestWithContext(ctx, req.method, base+req.target, body)
	if err != nil {
		return 0, nil, err
	}
	if req.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(r)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// sampleRSS records the process's largest resident set size, read every 50 ms, until stopped.
func sampleRSS(peak *int64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss := residentBytes(); rss > *peak {
				*peak = rss
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// processCPU is the CPU time the process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// residentBytes is the process's resident set size (VmRSS), or 0 where /proc is not there.
func residentBytes() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func writeSoak(w io.Writer, md bool, cfg config, phases []*soakPhase) {
	header(w, md, cfg)
	statuses := func(t *soakTally) string {
		var codes []int
		for c := range t.Statuses {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		var parts []string
		for _, c := range codes {
			parts = append(parts, fmt.Sprintf("%d×%d", t.Statuses[c], c))
		}
		if t.Transport > 0 {
			parts = append(parts, fmt.Sprintf("%d without answer", t.Transport))
		}
		return strings.Join(parts, " ")
	}
	var lines [][]string
	for _, ph := range phases {
		p50, p99 := percentiles(ph.normal.Latencies)
		lines = append(lines, []string{ph.name, "normal", strconv.Itoa(len(ph.normal.Latencies)),
			fmt.Sprintf("%.0f", float64(len(ph.normal.Latencies))/ph.elapsed.Seconds()), ms(p50), ms(p99),
			statuses(ph.normal), strconv.Itoa(ph.normal.Uncoded), fmt.Sprintf("%d", ph.peakRSS>>20)})
		var kinds []string
		for k := range ph.hostile {
			kinds = append(kinds, k)
		}
		slices.Sort(kinds)
		for _, k := range kinds {
			t := ph.hostile[k]
			p50, p99 := percentiles(t.Latencies)
			lines = append(lines, []string{ph.name, k, strconv.Itoa(len(t.Latencies)),
				fmt.Sprintf("%.0f", float64(len(t.Latencies))/ph.elapsed.Seconds()), ms(p50), ms(p99), statuses(t), strconv.Itoa(t.Uncoded), ""})
		}
	}
	table(w, md, []string{"phase", "requests", "answers", "per s", "p50 ms", "p99 ms", "statuses", "5xx uncoded", "RSS MB, server and normal clients"}, lines)
	if len(phases) == 2 {
		_, clean := percentiles(phases[0].normal.Latencies)
		_, hostile := percentiles(phases[1].normal.Latencies)
		fmt.Fprintf(w, "\nnormal p99 with the hostile clients / without: %s\n", ratio(hostile, clean))
		for _, ph := range phases {
			fmt.Fprintf(w, "%s: CPU of the server and normal clients %.0f s, of the hostile clients %.0f s, of %.0f s on %d cores\n",
				ph.name, ph.cpu.Seconds(), ph.hostileCPU.Seconds(), ph.elapsed.Seconds()*float64(runtime.NumCPU()), runtime.NumCPU())
		}
		for _, ph := range phases {
			for k, t := range ph.hostile {
				if t.First != "" {
					fmt.Fprintf(w, "%s, %s: first uncoded answer or error: %s\n", ph.name, k, t.First)
				}
			}
			if ph.normal.First != "" {
				fmt.Fprintf(w, "%s, normal: first uncoded answer or error: %s\n", ph.name, ph.normal.First)
			}
		}
	}
}
