package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph"
)

// The benchmarks measure one query three ways in the same run, so that the ratios hold on a
// noisy machine: the analytics method (SQL through the driver, the floor), and the whole HTTP
// path on loopback. Run: go test -run '^$' -bench . -benchtime 2000x
const rankingQuery = `{"query":"{ ranking(year: 2023) { unit { code name kind } year points maxPoints percent rank group { code label } published { group { code label } rank source { kind title date url } } source { kind title } fields { field { slug } percent rank } } }"}`

func BenchmarkRankingStore(b *testing.B) {
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	latencies := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		if _, err := store.Ranking(ctx, analytics.RankingQuery{Year: 2023, WithFields: true}); err != nil {
			b.Fatal(err)
		}
		latencies = append(latencies, time.Since(start))
	}
	reportPercentiles(b, latencies)
}

func BenchmarkRankingHTTP(b *testing.B) {
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	srv := httptest.NewServer(mustRoutes(b, store, config{limits: graph.DefaultLimits()}))
	defer srv.Close()
	client := srv.Client()
	latencies := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		resp, err := client.Post(srv.URL+"/graphql", "application/json", strings.NewReader(rankingQuery))
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"rank":1`) {
			b.Fatalf("status %d: %.200s", resp.StatusCode, body)
		}
		latencies = append(latencies, time.Since(start))
	}
	reportPercentiles(b, latencies)
}

func reportPercentiles(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds())/1000, "p99-ms")
}
