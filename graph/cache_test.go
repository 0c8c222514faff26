package graph

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestByteCacheStaysWithinItsBound(t *testing.T) {
	ctx := context.Background()
	c := newByteCache(10_000, 3_000, func(s string) int { return len(s) })
	for i := range 100 {
		c.Add(ctx, "k"+strconv.Itoa(i), strings.Repeat("x", 1_000))
	}
	used, n := c.bytes()
	if used > 10_000 || n != 10_000/(1_000+len("k99")+cacheEntryOverhead) {
		t.Errorf("holds %d bytes in %d entries; want at most 10,000 bytes, the newest entries", used, n)
	}
	if _, ok := c.Get(ctx, "k99"); !ok {
		t.Error("the newest entry was dropped")
	}
	if _, ok := c.Get(ctx, "k0"); ok {
		t.Error("the oldest entry was kept")
	}
	c.Add(ctx, "big", strings.Repeat("x", 3_001))
	if _, ok := c.Get(ctx, "big"); ok {
		t.Error("an entry over maxEntry was kept")
	}
	// Reading an entry keeps it: the least recently used go first. The cache holds 8 entries,
	// k92 to k99; k92 is read, then 7 more are added.
	c.Get(ctx, "k92")
	for i := range 7 {
		c.Add(ctx, "n"+strconv.Itoa(i), strings.Repeat("y", 1_000))
	}
	if _, ok := c.Get(ctx, "k92"); !ok {
		t.Error("an entry just read was dropped before older ones")
	}
	c.Add(ctx, "k92", "short")
	if v, _ := c.Get(ctx, "k92"); v != "short" {
		t.Errorf("replaced entry: got %q", v)
	}
	if used, _ := c.bytes(); used > 10_000 {
		t.Errorf("after replacing: %d bytes", used)
	}
	empty := newByteCache(0, 3_000, func(s string) int { return len(s) })
	empty.Add(ctx, "a", "b")
	if _, ok := empty.Get(ctx, "a"); ok {
		t.Error("a cache of 0 bytes kept an entry")
	}
}

// TestByteCacheConcurrent is meant for -race: Get and Add from many goroutines.
func TestByteCacheConcurrent(t *testing.T) {
	ctx := context.Background()
	c := newByteCache(5_000, 1_000, func(s string) int { return len(s) })
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				k := strconv.Itoa((g * i) % 97)
				c.Add(ctx, k, strings.Repeat("z", i%300))
				c.Get(ctx, k)
			}
		})
	}
	wg.Wait()
	if used, _ := c.bytes(); used > 5_000 {
		t.Errorf("holds %d bytes, over its bound of 5,000", used)
	}
}

// TestAnswerCacheIsBoundedInBytes sends many distinct requests whose answers are large: answers
// asked for once are not kept; those asked for twice are, at most AnswerCacheBytes of them, and
// none over MaxCachedAnswerBytes.
func TestAnswerCacheIsBoundedInBytes(t *testing.T) {
	// Each alias makes the answer distinct; a ranking with its fields is about 10 KB.
	target := func(i int) string {
		return "/graphql?query=" + url.QueryEscape(`{ a`+strconv.Itoa(i)+`: ranking(year: 2023) { unit { code name } percent rank fields { field { slug } percent rank } } }`)
	}
	fillAsking := func(limits Limits, times int) (used, entries, answer int) {
		h, _ := newTestEndpoint(t, limits)
		for i := range 40 {
			for range times {
				rec := do(h, http.MethodGet, target(i), "", nil)
				if rec.Code != 200 {
					t.Fatalf("GET %d: %d %.200s", i, rec.Code, rec.Body)
				}
				answer = rec.Body.Len()
			}
		}
		used, entries = h.answers.bytes()
		return used, entries, answer
	}
	fill := func(limits Limits) (used, entries, answer int) { return fillAsking(limits, 2) }
	limits := DefaultLimits()
	limits.AnswerCacheBytes = 60_000
	if used, n, _ := fillAsking(limits, 1); used != 0 || n != 0 {
		t.Errorf("40 answers asked for once: %d kept (%d bytes); want none", n, used)
	}
	used, n, answer := fill(limits)
	if answer < 5_000 || used > limits.AnswerCacheBytes || n < limits.AnswerCacheBytes/answer-1 || n >= 40 {
		t.Errorf("cache holds %d bytes in %d answers of %d bytes; want at most %d bytes, nearly full",
			used, n, answer, limits.AnswerCacheBytes)
	}
	limits.MaxCachedAnswerBytes = answer - 1
	if used, n, _ := fill(limits); used != 0 || n != 0 {
		t.Errorf("answers of %d bytes over MaxCachedAnswerBytes %d: %d kept", answer, limits.MaxCachedAnswerBytes, n)
	}
}

// TestParsedQueriesAreBoundedInBytes sends many distinct documents of nearly 3,000 tokens: the
// parsed documents kept stay within queryCacheBytes.
func TestParsedQueriesAreBoundedInBytes(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	for i := range 120 {
		var b strings.Builder
		b.WriteString("{")
		for j := range 990 {
			b.WriteString(" q" + strconv.Itoa(i) + "_" + strconv.Itoa(j) + ": years")
		}
		b.WriteString(" }")
		if rec := do(h, http.MethodPost, "/graphql", query(b.String(), nil), jsonHeader); !strings.Contains(rec.Body.String(), CodeComplexity) {
			t.Fatalf("document %d: %d %.200s", i, rec.Code, rec.Body)
		}
	}
	if used, n := h.queries.bytes(); used > queryCacheBytes || n == 0 || n >= 120 {
		t.Errorf("%d parsed documents kept, counted as %d bytes; want at most %d bytes", n, used, queryCacheBytes)
	}
}
