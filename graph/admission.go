package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// admission is a request's place among those the endpoint executes: the slot every request holds
// while it runs, and, for a heavy request (see heavyGate), one of the few heavy slots too. It
// travels in the request's context from ServeHTTP to heavyGate.
type admission struct {
	e          *endpoint
	slot       bool // holds one of e.slots
	heavy      bool // holds one of e.heavy
	refused    bool // a heavy request that found no heavy slot in time: answered 503
	heavySince time.Time
}

type admissionKey struct{}

// heavyRest is how long a heavy request keeps its heavy slot once done, while other requests run
// or wait, in multiples of the time it ran: heavy requests then take at most a third of one slot's
// time when the server is busy, and all of it when it is not. The slots alone did not keep them
// from the small requests: with forty clients the slots were seldom all taken, and the heavy
// answers took the cores (BENCHMARKS.md, the soak: normal p99 3.2 times its p99 without hostile
// clients when resting only while others waited, 2.2 times now).
const heavyRest = 2

// take waits at most wait for a place in slots.
func (e *endpoint) take(ctx context.Context, slots chan struct{}, wait time.Duration) bool {
	select {
	case slots <- struct{}{}:
		return true
	default:
	}
	e.waiting.Add(1)
	defer e.waiting.Add(-1)
	return take(ctx, slots, wait)
}

// take waits at most wait for a place in slots.
func take(ctx context.Context, slots chan struct{}, wait time.Duration) bool {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

// release gives back what the request holds. While other requests run or wait for a slot, a
// heavy request keeps its heavy slot for heavyRest times as long as it ran.
func (a *admission) release() {
	if a.slot {
		<-a.e.slots
		a.slot = false
	}
	if a.heavy {
		a.heavy = false
		if ran := time.Since(a.heavySince); a.e.waiting.Load() > 0 || len(a.e.slots) > 0 {
			heavy := a.e.heavy
			time.AfterFunc(heavyRest*ran, func() { <-heavy })
			return
		}
		<-a.e.heavy
	}
}

// heavyGate lets at most Limits.MaxHeavy requests whose complexity reaches Limits.HeavyComplexity
// run at once. A heavy request gives its slot back while it waits for a heavy slot (at most
// QueueWait, then 503 OVERLOADED), and takes one again once it has it: heavy requests never hold
// more than MaxHeavy of the slots, so that the questions of a leader's page (a commune's trend, a
// district's ranking) are not queued behind national answers of hundreds of kilobytes. It runs
// after gqlgen's complexity limit, whose figure it reads.
type heavyGate struct{ threshold int }

var (
	_ graphql.HandlerExtension        = heavyGate{}
	_ graphql.OperationContextMutator = heavyGate{}
)

func (heavyGate) ExtensionName() string                   { return "HeavyGate" }
func (heavyGate) Validate(graphql.ExecutableSchema) error { return nil }
func (g heavyGate) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	stats, _ := rc.Stats.GetExtension("ComplexityLimit").(*extension.ComplexityStats)
	a, _ := ctx.Value(admissionKey{}).(*admission)
	if stats == nil || a == nil || stats.Complexity < g.threshold || a.heavy {
		return nil
	}
	wait := a.e.limits.QueueWait
	if a.slot {
		<-a.e.slots
		a.slot = false
	}
	if a.heavy = take(ctx, a.e.heavy, wait); a.heavy {
		a.heavySince = time.Now()
		a.slot = a.e.take(ctx, a.e.slots, wait)
	}
	if !a.slot {
		a.release()
		a.refused = true
		err := gqlerror.Errorf("the server is busy with other large requests; retry in a moment")
		err.Extensions = map[string]any{"code": CodeOverloaded}
		return err
	}
	return nil
}
