package graph

import (
	"net/http"
	"testing"
)

// BenchmarkRankingExec measures the GraphQL executor in process (no network) on the contract's
// ranking query over the default data.
func BenchmarkRankingExec(b *testing.B) {
	h, _ := newTestEndpoint(b, DefaultLimits())
	body := query(`{ ranking(year: 2023) { unit { code name kind } year points maxPoints percent rank group { code label }
		published { group { code label } rank source { kind title date url } } source { kind title } fields { field { slug } percent rank } } }`, nil)
	for b.Loop() {
		if rec := do(h, http.MethodPost, "/graphql", body, jsonHeader); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
