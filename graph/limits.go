package graph

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
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
	// Requests whose complexity reaches HeavyComplexity are heavy: at most MaxHeavy run at once
	// (admission.go).
	HeavyComplexity int
	MaxHeavy        int
	// Clean answers are kept in memory for the data release, at most AnswerCacheBytes of them (0
	// runs every request), each at most MaxCachedAnswerBytes: bytes, since clients choose them.
	AnswerCacheBytes     int
	MaxCachedAnswerBytes int
	// Shared caches (a CDN, nginx's proxy cache) and browsers may reuse a clean GET answer for
	// CacheMaxAge without asking, then for CacheStaleWhileRevalidate more while they revalidate
	// it in the background (see cacheControl).
	CacheMaxAge               time.Duration
	CacheStaleWhileRevalidate time.Duration
}

// DefaultLimits are sized to the machine: on two cores more concurrent DuckDB scans add no
// throughput, only latency, so requests beyond two per core wait briefly and are then refused.
func DefaultLimits() Limits {
	return Limits{
		MaxDepth:      15,      // the explorer's introspection query needs 14
		MaxComplexity: 500_000, // a national changes (20,000 rows × 13 fields) fits; hostile requests cost millions
		MaxConcurrent: 2 * runtime.NumCPU(),
		// A district's ranking with every field costs about 7,000; a national list, or a few
		// thousand rows of one, more. One heavy request per two cores leaves the rest of the
		// slots to the questions a leader's page asks.
		HeavyComplexity: 10_000,
		MaxHeavy:        max(runtime.NumCPU()/2, 1),
		QueueWait:       200 * time.Millisecond,
		Timeout:         10 * time.Second,
		// 1,000 answers of 239 KB each took the process from 0.80 to 1.33 GB when entries were counted.
		AnswerCacheBytes:     32 << 20,
		MaxCachedAnswerBytes: 256 << 10,
		// A new release reaches every client within about a minute; a burst of the same page
		// between releases is answered by the caches in front.
		CacheMaxAge:               60 * time.Second,
		CacheStaleWhileRevalidate: 300 * time.Second,
	}
}

// cacheControl is the Cache-Control of a clean GET answer: public for CacheMaxAge, then stale
// for CacheStaleWhileRevalidate while it is revalidated; with no CacheMaxAge, "no-cache": kept,
// but revalidated with its ETag every time.
func (l Limits) cacheControl() string {
	if l.CacheMaxAge <= 0 {
		return "no-cache"
	}
	cc := "public, max-age=" + strconv.Itoa(int(l.CacheMaxAge/time.Second))
	if l.CacheStaleWhileRevalidate > 0 {
		cc += ", stale-while-revalidate=" + strconv.Itoa(int(l.CacheStaleWhileRevalidate/time.Second))
	}
	return cc
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
		MaxDepth:         l.MaxDepth,
		MaxComplexity:    l.MaxComplexity,
		MaxSelections:    MaxSelections,
		MaxIntrospection: MaxIntrospection,
		MaxRows:          analytics.MaxRows,
		MaxBodyBytes:     MaxBodyBytes,
		MaxParserTokens:  MaxParserTokens,
		TimeoutMs:        int(l.Timeout / time.Millisecond),
		MaxConcurrent:    l.MaxConcurrent,
		HeavyComplexity:  l.HeavyComplexity,
		MaxHeavy:         l.MaxHeavy,
		QueueWaitMs:      int(l.QueueWait / time.Millisecond),
		MaxUnits:         analytics.MaxTrendUnits,

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
	q.Units = func(child int, _ *string, parent *string, _ *int, _ *int, first *int) int {
		return statementCost + child*size(first, parent, sh.Units)
	}
	q.Ranking = func(child int, _ int, parent *string, _ *string, _ *analytics.Boundary, first *int, _ *string) int {
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
	q.Framework = func(child int, _ int, _ *string) int { return statementCost + child }
	q.Frameworks = func(child int, _ *int, _ *string) int { return statementCost + child*max(sh.Frameworks, 1) }
	q.Unit = func(child int, _ string, _ *int) int { return statementCost + child }
	q.GroupDistribution = func(child int, _ int, _, _ *string) int { return statementCost + child }
	c.Unit.Lineage = times(sh.MaxLineage)
	c.Unit.History = times(sh.MaxHistory)
	c.Result.Fields = times(sh.MaxFields)
	c.RankingColumns.Fields = times(sh.MaxFields)
	c.Framework.Fields = times(sh.MaxFields)
	c.Framework.Groups = times(sh.MaxGroups)
	c.Field.Criteria = times(sh.MaxCriteriaPerField)
	c.ComparedUnit.Fields = times(sh.MaxFields)
	c.Comparison.Fields = times(sh.MaxFields)
	c.GroupDistribution.Groups = times(sh.MaxGroups)
}

// Bounds of an operation's shape once its fragments are expanded, checked before any other cost.
const (
	// MaxSelections is the most fields an operation may select once every fragment spread is
	// replaced by its fragment. Without fragments the token limit keeps a document under about
	// 1,500 fields; fragments spread twice in each of 24 levels select 16 million in 945 bytes.
	MaxSelections = 5_000
	// MaxIntrospection is the most values the introspection part of an answer may hold
	// (__schema, __type and what is under them), counted on the schema itself: the explorer's
	// whole introspection query holds about 7,000
	// (TestExplorerIntrospectionIsPriced).
	MaxIntrospection = 100_000
	// maxSchemaFields and maxTypeFields are how many times one operation may ask for __schema
	// and for __type.
	maxSchemaFields = 1
	maxTypeFields   = 20
)

// shapeLimit refuses, before they run and before gqlgen prices them, operations nested deeper
// than maxDepth, selecting more than MaxSelections fields once expanded, asking for __schema or
// __type too often, or whose introspection would hold more than MaxIntrospection values. Every
// fragment is walked once (its depth and size are remembered), so that the check costs the
// document's length, never the expansion's: gqlgen's complexity walk, which visits a fragment
// each time it is spread, takes seconds on a document of fragments doubling (n = 22: 2.4 s) and
// is reached only by operations that pass this one.
type shapeLimit struct {
	maxDepth int
	schema   *ast.Schema
}

var (
	_ graphql.HandlerExtension        = shapeLimit{}
	_ graphql.OperationContextMutator = shapeLimit{}
)

func (shapeLimit) ExtensionName() string                   { return "ShapeLimit" }
func (shapeLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (l shapeLimit) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	w := shapeWalker{fragments: rc.Doc.Fragments, memo: map[string]shape{}}
	sh := w.walk(rc.Operation.SelectionSet)
	refuse := func(code, format string, args ...any) *gqlerror.Error {
		err := gqlerror.Errorf(format, args...)
		errcode.Set(err, code)
		return err
	}
	switch {
	case sh.depth > l.maxDepth:
		return refuse(CodeDepth, "operation is nested %d levels deep; the limit is %d", sh.depth, l.maxDepth)
	case sh.fields > MaxSelections:
		return refuse(CodeComplexity, "operation selects more than %d fields once its fragments are expanded; the limit is %d", MaxSelections, MaxSelections)
	case sh.schemas > maxSchemaFields || sh.types > maxTypeFields:
		return refuse(CodeComplexity, "operation asks for __schema %d times and __type %d times; the limits are %d and %d", sh.schemas, sh.types, maxSchemaFields, maxTypeFields)
	}
	if sh.schemas+sh.types > 0 && l.schema != nil {
		in := introspectionCost{schema: l.schema, fragments: rc.Doc.Fragments, vars: rc.Variables, budget: MaxIntrospection}
		in.object(rc.Operation.SelectionSet, "Query", nil)
		if in.spent > MaxIntrospection {
			return refuse(CodeComplexity, "the operation's introspection would hold more than %d values; the limit is %d", MaxIntrospection, MaxIntrospection)
		}
	}
	return nil
}

// shape is what shapeWalker measures of a selection set: its depth below the set's level, the
// fields it selects once expanded (saturating past MaxSelections), and its __schema and __type
// fields at the operation's root.
type shape struct {
	depth, fields, schemas, types int
}

// shapeWalker measures selection sets, each fragment once. Validation has refused fragment
// cycles and spreads of unknown fragments before it runs.
type shapeWalker struct {
	fragments ast.FragmentDefinitionList
	memo      map[string]shape
}

func (w *shapeWalker) walk(set ast.SelectionSet) shape {
	var out shape
	add := func(s shape) {
		out.depth = max(out.depth, s.depth)
		out.fields = min(out.fields+s.fields, MaxSelections+1)
		out.schemas = min(out.schemas+s.schemas, MaxSelections+1)
		out.types = min(out.types+s.types, MaxSelections+1)
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			child := w.walk(s.SelectionSet)
			f := shape{depth: child.depth + 1, fields: min(child.fields+1, MaxSelections+1)}
			if s.ObjectDefinition != nil && s.ObjectDefinition.Name == "Query" {
				switch s.Name {
				case "__schema":
					f.schemas = 1
				case "__type":
					f.types = 1
				}
			}
			add(f)
		case *ast.InlineFragment:
			add(w.walk(s.SelectionSet))
		case *ast.FragmentSpread:
			fs, ok := w.memo[s.Name]
			if !ok {
				if def := w.fragments.ForName(s.Name); def != nil {
					fs = w.walk(def.SelectionSet)
				}
				w.memo[s.Name] = fs
			}
			add(fs)
		}
	}
	return out
}

// introspectionCost counts the values the introspection fields of an operation would answer,
// walking the schema as gqlgen's introspection does, and stops counting past budget.
type introspectionCost struct {
	schema    *ast.Schema
	fragments ast.FragmentDefinitionList
	vars      map[string]any
	budget    int
	spent     int
}

// typeValue is a __Type: a named type, or a list or non-null wrapper of one.
type typeValue struct {
	def  *ast.Definition // named
	wrap *ast.Type       // a wrapper: NonNull, or a list (Elem)
}

// object counts the values of set selected on an object of the named introspection type (or on
// Query, where only __schema and __type count); value is the object.
func (c *introspectionCost) object(set ast.SelectionSet, typeName string, value any) {
	for _, sel := range set {
		if c.spent > c.budget {
			return
		}
		switch s := sel.(type) {
		case *ast.InlineFragment:
			c.object(s.SelectionSet, typeName, value)
		case *ast.FragmentSpread:
			if def := c.fragments.ForName(s.Name); def != nil {
				c.object(def.SelectionSet, typeName, value)
			}
		case *ast.Field:
			if typeName == "Query" {
				switch s.Name {
				case "__schema":
					c.spent++
					c.object(s.SelectionSet, "__Schema", nil)
				case "__type":
					c.spent++
					name, _ := s.ArgumentMap(c.vars)["name"].(string)
					if def := c.schema.Types[name]; def != nil {
						c.object(s.SelectionSet, "__Type", typeValue{def: def})
					}
				}
				continue
			}
			c.spent++
			c.field(s, typeName, value)
		}
	}
}

// field counts what is under one field of an introspection object.
func (c *introspectionCost) field(f *ast.Field, typeName string, value any) {
	each := func(elemType string, values []any) {
		for _, v := range values {
			if c.spent > c.budget {
				return
			}
			c.spent++
			c.object(f.SelectionSet, elemType, v)
		}
	}
	named := func(def *ast.Definition) any {
		if def == nil {
			return nil
		}
		return typeValue{def: def}
	}
	one := func(elemType string, v any) {
		if v != nil && v != (typeValue{}) {
			c.object(f.SelectionSet, elemType, v)
		}
	}
	typeOf := func(t *ast.Type) any {
		if t == nil {
			return nil
		}
		if t.NonNull || t.Elem != nil {
			return typeValue{wrap: t}
		}
		return named(c.schema.Types[t.NamedType])
	}
	args := func(list ast.ArgumentDefinitionList) []any {
		out := make([]any, len(list))
		for i, a := range list {
			out[i] = a
		}
		return out
	}
	switch typeName {
	case "__Schema":
		switch f.Name {
		case "types":
			var all []any
			for _, def := range c.schema.Types {
				all = append(all, typeValue{def: def})
			}
			each("__Type", all)
		case "queryType":
			one("__Type", named(c.schema.Query))
		case "mutationType":
			one("__Type", named(c.schema.Mutation))
		case "subscriptionType":
			one("__Type", named(c.schema.Subscription))
		case "directives":
			var all []any
			for _, d := range c.schema.Directives {
				all = append(all, d)
			}
			each("__Directive", all)
		}
	case "__Type":
		t, _ := value.(typeValue)
		if t.wrap != nil {
			if f.Name == "ofType" {
				inner := *t.wrap
				if inner.NonNull {
					inner.NonNull = false
					one("__Type", typeOf(&inner))
				} else {
					one("__Type", typeOf(inner.Elem))
				}
			}
			return
		}
		def := t.def
		if def == nil {
			return
		}
		switch f.Name {
		case "fields":
			var all []any
			for _, fd := range def.Fields {
				if !strings.HasPrefix(fd.Name, "__") {
					all = append(all, fd)
				}
			}
			if def.Kind == ast.Object || def.Kind == ast.Interface {
				each("__Field", all)
			}
		case "inputFields":
			if def.Kind == ast.InputObject {
				var all []any
				for _, fd := range def.Fields {
					all = append(all, fd)
				}
				each("__InputValue", all)
			}
		case "enumValues":
			all := make([]any, len(def.EnumValues))
			for i, v := range def.EnumValues {
				all[i] = v
			}
			each("__EnumValue", all)
		case "interfaces":
			var all []any
			for _, name := range def.Interfaces {
				all = append(all, named(c.schema.Types[name]))
			}
			each("__Type", all)
		case "possibleTypes":
			var all []any
			if def.Kind == ast.Interface || def.Kind == ast.Union {
				for _, p := range c.schema.GetPossibleTypes(def) {
					all = append(all, named(p))
				}
			}
			each("__Type", all)
		}
	case "__Field":
		fd, _ := value.(*ast.FieldDefinition)
		if fd == nil {
			return
		}
		switch f.Name {
		case "args":
			each("__InputValue", args(fd.Arguments))
		case "type":
			one("__Type", typeOf(fd.Type))
		}
	case "__InputValue":
		var t *ast.Type
		switch v := value.(type) {
		case *ast.ArgumentDefinition:
			t = v.Type
		case *ast.FieldDefinition:
			t = v.Type
		}
		if f.Name == "type" {
			one("__Type", typeOf(t))
		}
	case "__Directive":
		d, _ := value.(*ast.DirectiveDefinition)
		if d == nil {
			return
		}
		switch f.Name {
		case "args":
			each("__InputValue", args(d.Arguments))
		case "locations":
			c.spent += len(d.Locations)
		}
	}
}

// overloadedBody is the answer of a request refused for lack of a slot.
var overloadedBody = fmt.Sprintf(`{"errors":[{"message":"the server is busy; retry in a moment","extensions":{"code":%q}}]}`, CodeOverloaded)
