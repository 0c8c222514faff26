package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	latencies []time.Duration
	statuses  map[int]int
	uncoded   int // 5xx without a coded 503
	transport int
	first     string
}

func (t *soakTally) add(status int, body []byte, d time.Duration) {
	t.latencies = append(t.latencies, d)
	t.statuses[status]++
	if status >= 500 && !(status == http.StatusServiceUnavailable && bytes.Contains(body, []byte(`"code":"OVERLOADED"`))) {
		t.uncoded++
		if t.first == "" {
			t.first = fmt.Sprintf("%d %.200s", status, body)
		}
	}
}

type soakPhase struct {
	name    string
	normal  *soakTally
	hostile map[string]*soakTally
	peakRSS int64
	elapsed time.Duration
}

// runSoak runs the two phases and reports them.
func runSoak(ctx context.Context, cfg config, p *pool, client *http.Client, base string) error {
	var normal []family
	for _, name := range soakNormal {
		i := slices.IndexFunc(families, func(f family) bool { return f.name == name })
		normal = append(normal, families[i])
	}
	fixed, cacheFill := soakHostile()
	var phases []*soakPhase
	for _, hostile := range []int{0, cfg.hostile} {
		name := fmt.Sprintf("%d clients", cfg.clients)
		if hostile > 0 {
			name += fmt.Sprintf(" + %d hostile", hostile)
		}
		fmt.Fprintf(os.Stderr, "bench: soak %s for %s\n", name, cfg.soak)
		ph := &soakPhase{name: name, normal: &soakTally{statuses: map[int]int{}}, hostile: map[string]*soakTally{}}
		phaseCtx, cancel := context.WithTimeout(ctx, cfg.soak)
		stopRSS := sampleRSS(&ph.peakRSS)
		var mu sync.Mutex
		var fills atomic.Int64
		start := time.Now()
		var wg sync.WaitGroup
		for w := range cfg.clients + hostile {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(cfg.seed+uint64(w), 7))
				for phaseCtx.Err() == nil {
					var req hostileRequest
					var tally *soakTally
					if w < cfg.clients {
						f := normal[r.IntN(len(normal))]
						b, err := requestBody(f, f.vars(r, p))
						if err != nil {
							panic(err)
						}
						req = hostileRequest{method: http.MethodPost, target: "/graphql", body: string(b)}
					} else if cfg.hostileKinds == "cache" || cfg.hostileKinds == "all" && r.IntN(2) == 0 {
						req = cacheFill(fills.Add(1))
					} else {
						req = fixed[r.IntN(len(fixed))]
					}
					t := time.Now()
					status, body, err := send(phaseCtx, client, base, req)
					d := time.Since(t)
					if phaseCtx.Err() != nil {
						break // the phase ended during the request: not an answer
					}
					mu.Lock()
					if w < cfg.clients {
						tally = ph.normal
					} else if tally = ph.hostile[req.kind]; tally == nil {
						tally = &soakTally{statuses: map[int]int{}}
						ph.hostile[req.kind] = tally
					}
					if err != nil {
						tally.transport++
						if tally.first == "" {
							tally.first = err.Error()
						}
					} else {
						tally.add(status, body, d)
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		cancel()
		ph.elapsed = time.Since(start)
		stopRSS()
		phases = append(phases, ph)
	}
	return report(cfg, func(w io.Writer, md bool) { writeSoak(w, md, cfg, phases) })
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
		for c := range t.statuses {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		var parts []string
		for _, c := range codes {
			parts = append(parts, fmt.Sprintf("%d×%d", t.statuses[c], c))
		}
		if t.transport > 0 {
			parts = append(parts, fmt.Sprintf("%d without answer", t.transport))
		}
		return strings.Join(parts, " ")
	}
	var lines [][]string
	for _, ph := range phases {
		p50, p99 := percentiles(ph.normal.latencies)
		lines = append(lines, []string{ph.name, "normal", strconv.Itoa(len(ph.normal.latencies)),
			fmt.Sprintf("%.0f", float64(len(ph.normal.latencies))/ph.elapsed.Seconds()), ms(p50), ms(p99),
			statuses(ph.normal), strconv.Itoa(ph.normal.uncoded), fmt.Sprintf("%d", ph.peakRSS>>20)})
		var kinds []string
		for k := range ph.hostile {
			kinds = append(kinds, k)
		}
		slices.Sort(kinds)
		for _, k := range kinds {
			t := ph.hostile[k]
			p50, p99 := percentiles(t.latencies)
			lines = append(lines, []string{ph.name, k, strconv.Itoa(len(t.latencies)),
				fmt.Sprintf("%.0f", float64(len(t.latencies))/ph.elapsed.Seconds()), ms(p50), ms(p99), statuses(t), strconv.Itoa(t.uncoded), ""})
		}
	}
	table(w, md, []string{"phase", "requests", "answers", "per s", "p50 ms", "p99 ms", "statuses", "5xx uncoded", "peak RSS MB"}, lines)
	if len(phases) == 2 {
		_, clean := percentiles(phases[0].normal.latencies)
		_, hostile := percentiles(phases[1].normal.latencies)
		fmt.Fprintf(w, "\nnormal p99 with the hostile clients / without: %s\n", ratio(hostile, clean))
		for _, ph := range phases {
			for k, t := range ph.hostile {
				if t.first != "" {
					fmt.Fprintf(w, "%s, %s: first uncoded answer or error: %s\n", ph.name, k, t.first)
				}
			}
			if ph.normal.first != "" {
				fmt.Fprintf(w, "%s, normal: first uncoded answer or error: %s\n", ph.name, ph.normal.first)
			}
		}
	}
}
