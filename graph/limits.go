package graph

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph/model"
)

// Limits bound every request. Each is decided before any SQL runs, except the timeout, which
// also cancels the query running in DuckDB.
type Limits struct {
	MaxDepth      int           // deepest selection nesting
	MaxComplexity int           // fields, lists multiplied by their size
	MaxConcurrent int           // requests executing at once
	QueueWait     time.Duration // longest wait for a free slot before 503
	Timeout       time.Duration // per request
	// Clean answers are kept in memory for the data release, at most AnswerCacheBytes of them (0
	// runs every request), each at most MaxCachedAnswerBytes: bytes, since clients choose them.
	AnswerCacheBytes     int
	MaxCachedAnswerBytes int
}

// DefaultLimits are sized to the machine: on two cores more concurrent DuckDB scans add no
// throughput, only latency, so requests beyond two per core wait briefly and are then refused.
func DefaultLimits() Limits {
	return Limits{
		MaxDepth:      15,      // the explorer's introspection query needs 14
		MaxComplexity: 500_000, // a national changes (20,000 rows × 13 fields) fits; hostile requests cost millions
		MaxConcurrent: 2 * runtime.NumCPU(),
		QueueWait:     200 * time.Millisecond,
		Timeout:       10 * time.Second,
		// 1,000 answers of 239 KB each took the process from 0.80 to 1.33 GB when entries were counted.
		AnswerCacheBytes:     32 << 20,
		MaxCachedAnswerBytes: 256 << 10,
	}
}

// Rejection codes of the limits.
const (
	CodeComplexity  = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeDepth       = "DEPTH_LIMIT_EXCEEDED"
	CodeTooManyRows = "TOO_MANY_ROWS"
	CodeOverloaded  = "OVERLOADED"
)

func init() {
	// Registered as protocol errors, these answer with a 4xx status, not 200 (see PITFALLS.md).
	errcode.RegisterErrorType(CodeComplexity, errcode.KindProtocol)
	errcode.RegisterErrorType(CodeDepth, errcode.KindProtocol)
}

// model returns the limits as the limits query shows them.
func (l Limits) model() *model.Limits {
	return &model.Limits{
		MaxDepth:        l.MaxDepth,
		MaxComplexity:   l.MaxComplexity,
		MaxRows:         analytics.MaxRows,
		MaxBodyBytes:    MaxBodyBytes,
		MaxParserTokens: MaxParserTokens,
		TimeoutMs:       int(l.Timeout / time.Millisecond),
		MaxConcurrent:   l.MaxConcurrent,
		QueueWaitMs:     int(l.QueueWait / time.Millisecond),
		MaxUnits:        analytics.MaxTrendUnits,

		AnswerCacheBytes:     l.AnswerCacheBytes,
		MaxCachedAnswerBytes: l.MaxCachedAnswerBytes,
	}
}

// complexity makes every list cost its size times what is inside it. Sizes are the `first` a
// request gives, or the most rows the data can produce (sh), never more than MaxRows: at
// national scale a ranking without `first` or `parent` costs 10,047 times its selection, and
// 1,000 aliases of it cost ten million and are refused.
//
// Every root field that runs a SQL statement also costs statementCost, whatever it returns:
// a request carries at most MaxComplexity/statementCost statements.
func complexity(c *ComplexityRoot, sh analytics.Shape) {
	bound := func(n int) int { return min(max(n, 1), analytics.MaxRows) }
	const statementCost = 1_000
	size := func(first *int, parent *string, all int) int {
		switch {
		case first != nil:
			return bound(*first)
		case parent != nil:
			return bound(sh.MaxChildren)
		default:
			return bound(all)
		}
	}
	times := func(n int) func(int) int {
		n = max(n, 1)
		return func(child int) int { return 1 + child*n }
	}
	q := &c.Query
	q.Units = func(child int, _ *string, parent *string, _ *int, first *int) int {
		return statementCost + child*size(first, parent, sh.Units)
	}
	q.Ranking = func(child int, _ int, parent *string, _ *string, _ *analytics.Boundary, first *int) int {
		return statementCost + child*size(first, parent, sh.MaxResultsPerYear)
	}
	q.RankingColumns = q.Ranking // columns cost as much as rows: each entry of an array is a value
	q.Changes = func(child int, _, _ int, parent *string, _ *string, _ *analytics.Boundary, first *int) int {
		// Both years' units: at most twice the busiest year.
		return statementCost + child*size(first, parent, 2*sh.MaxResultsPerYear)
	}
	q.Aggregate = func(child int, _ *analytics.ScoreFilter, _ []analytics.Dimension, _ []analytics.Metric,
		_ []analytics.HavingCondition, _ []analytics.AggregateOrder, first *int, _ *string) int {
		n := analytics.DefaultAggregatePage
		if first != nil {
			n = bound(*first)
		}
		return statementCost + child*n
	}
	q.Trend = func(child int, units []string, _ *string, _, _ *int, _ *analytics.Boundary) int {
		return statementCost + child*max(len(units), 1)
	}
	q.Compare = func(child int, units []string, _ int) int { return statementCost + child*max(len(units), 1) }
	q.FieldSummary = func(child int, _ int, _ *string) int { return statementCost + child*max(sh.MaxFields, 1) }
	q.Scores = func(child int, _ string, _ int) int { return statementCost + child*max(sh.MaxCriteria, 1) }
	perStatement := func(int) int { return statementCost }
	q.Years = perStatement
	q.Framework = func(child int, _ int) int { return statementCost + child }
	q.Unit = func(child int, _ string, _ *int) int { return statementCost + child }
	q.GroupDistribution = func(child int, _ int, _ *string) int { return statementCost + child }
	c.Unit.Lineage = times(sh.MaxLineage)
	c.Result.Fields = times(sh.MaxFields)
	c.RankingColumns.Fields = times(sh.MaxFields)
	c.Framework.Fields = times(sh.MaxFields)
	c.Framework.Groups = times(sh.MaxGroups)
	c.Field.Criteria = times(sh.MaxCriteriaPerField)
	c.ComparedUnit.Fields = times(sh.MaxFields)
	c.Comparison.Fields = times(sh.MaxFields)
	c.GroupDistribution.Groups = times(sh.MaxGroups)
}

// depthLimit refuses operations nested deeper than max, fragments included, before they run.
type depthLimit struct{ max int }

var (
	_ graphql.HandlerExtension        = depthLimit{}
	_ graphql.OperationContextMutator = depthLimit{}
)

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(rc.Operation.SelectionSet, rc.Doc.Fragments, 0); depth > d.max {
		err := gqlerror.Errorf("operation is nested %d levels deep; the limit is %d", depth, d.max)
		errcode.Set(err, CodeDepth)
		return err
	}
	return nil
}

// selectionDepth is the depth of the deepest field under set; validation has already refused
// fragment cycles.
func selectionDepth(set ast.SelectionSet, fragments ast.FragmentDefinitionList, level int) int {
	deepest := level
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			d = selectionDepth(s.SelectionSet, fragments, level+1)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, fragments, level)
		case *ast.FragmentSpread:
			if def := fragments.ForName(s.Name); def != nil {
				d = selectionDepth(def.SelectionSet, fragments, level)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// overloadedBody is the answer of a request refused for lack of a slot.
var overloadedBody = fmt.Sprintf(`{"errors":[{"message":"the server is busy; retry in a moment","extensions":{"code":%q}}]}`, CodeOverloaded)
