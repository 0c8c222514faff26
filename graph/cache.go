package graph

import (
	"container/list"
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// cacheEntryOverhead is what an entry costs beyond its key and value: its map slot, list element
// and bookkeeping, rounded up. It keeps a flood of tiny entries from escaping the bound.
const cacheEntryOverhead = 128

// byteCache is a least-recently-used cache bounded by the bytes it holds, not by its number of
// entries: clients choose what is cached, and an entry of a few bytes must not count as much as
// one of hundreds of kilobytes. An entry larger than maxEntry is not kept. It implements
// graphql.Cache and is safe for concurrent use.
type byteCache[V any] struct {
	maxBytes int
	maxEntry int
	size     func(V) int

	mu      sync.Mutex
	used    int                      // bytes held, overhead included
	order   *list.List               // of *cacheEntry[V], most recently used first
	entries map[string]*list.Element // by key
}

type cacheEntry[V any] struct {
	key   string
	value V
	bytes int
}

var _ graphql.Cache[string] = (*byteCache[string])(nil)

// newByteCache returns a cache holding at most maxBytes, of entries of at most maxEntry bytes
// each, sized by size (the key and cacheEntryOverhead are added to it). A cache of 0 bytes keeps
// nothing.
func newByteCache[V any](maxBytes, maxEntry int, size func(V) int) *byteCache[V] {
	return &byteCache[V]{maxBytes: maxBytes, maxEntry: maxEntry, size: size,
		order: list.New(), entries: make(map[string]*list.Element)}
}

// Get returns the value kept under key and marks it as recently used.
func (c *byteCache[V]) Get(_ context.Context, key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry[V]).value, true
}

// Add keeps value under key, dropping the least recently used entries until the cache is within
// its bound again. A value over maxEntry (or over the whole bound) is not kept.
func (c *byteCache[V]) Add(_ context.Context, key string, value V) {
	n := c.size(value)
	if n > c.maxEntry {
		return
	}
	n += len(key) + cacheEntryOverhead
	if n > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
	c.entries[key] = c.order.PushFront(&cacheEntry[V]{key: key, value: value, bytes: n})
	c.used += n
	for c.used > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *byteCache[V]) remove(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry[V])
	delete(c.entries, e.key)
	c.used -= e.bytes
}

// bytes reports what the cache holds, overhead included, and its number of entries.
func (c *byteCache[V]) bytes() (used, entries int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used, len(c.entries)
}

// askedOnceKeys is how many answers asked for once are remembered (about 40 bytes each).
const askedOnceKeys = 16_384

// askedOnce remembers the keys of answers asked for once, so that an answer is kept in the cache
// only when it is asked for a second time: a client drawing a new large answer with every request
// (each distinct, none asked again) would otherwise have each copied into the cache and pushed out
// by the next, for nothing. The keys are forgotten all at once when there are too many. It is safe
// for concurrent use.
type askedOnce struct {
	mu   sync.Mutex
	max  int
	keys map[string]struct{}
}

func newAskedOnce(max int) *askedOnce {
	return &askedOnce{max: max, keys: map[string]struct{}{}}
}

// again reports whether key was asked for before, and remembers it otherwise.
func (a *askedOnce) again(key string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.keys[key]; ok {
		delete(a.keys, key)
		return true
	}
	if len(a.keys) >= a.max {
		clear(a.keys)
	}
	a.keys[key] = struct{}{}
	return false
}
