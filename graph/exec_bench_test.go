package graph

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkRankingExec measures the GraphQL executor in process (no network) on the contract's
// ranking query over the default data: "run" executes every request (no answer cache),
// "run-gqlgen-lists" does too with its lists of objects through gqlgen's own execution instead of
// written straight from their structs (direct.go), and "cached" repeats the answer kept for the
// data release.
func BenchmarkRankingExec(b *testing.B) {
	body := query(`{ ranking(year: 2023) { unit { code name kind } year points maxPoints percent rank group { code label }
		published { group { code label } rank source { kind title date url } } source { kind title } fields { field { slug } percent rank } } }`, nil)
	for _, cache := range []int{0, DefaultLimits().AnswerCacheBytes} {
		limits := DefaultLimits()
		limits.AnswerCacheBytes = cache
		h, _ := newTestEndpoint(b, limits)
		name := map[bool]string{true: "run", false: "cached"}[cache == 0]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if rec := do(h, http.MethodPost, "/graphql", body, jsonHeader); rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
		if cache != 0 {
			continue
		}
		b.Run(name+"-gqlgen-lists", func(b *testing.B) {
			ctx := context.WithValue(context.Background(), gqlgenListsKey{}, true)
			for b.Loop() {
				req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
