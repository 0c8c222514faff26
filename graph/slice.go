package graph

import (
	"context"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Two rewrites of the generated code (go generate, see resolver.go) remove what gqlgen spends on
// features parindex does not use:
//   - lists are marshalled in order, by marshalSliceInOrder below, and lists of objects straight
//     from their structs where gqlgen's execution would add nothing (direct.go);
//   - each object's deferred group (graphql.NewDeferredGroup: the field's path, a field set and a
//     map, for every object of every list) is an empty value: the schema declares no @defer, so
//     nothing is ever deferred (TestGeneratedDefersNothing checks the generated code).
//
// marshalSliceInOrder marshals the list v, whose selection is sel, one element after the other.
// gqlgen's generated code calls graphql.MarshalSliceConcurrently, which starts a goroutine per
// element so that slow field resolvers of different elements can overlap; parindex has no field
// resolvers below the root (every value is in the struct the root resolver returned), so the
// goroutines only cost: their stacks grow and are copied, and they are scheduled on two cores
// already busy with other requests. `go generate` rewrites the calls to this function (see
// resolver.go).
//
// A list of objects is written by a directWriter when one can be compiled for its selection; an
// element it refuses, and every element of a list it cannot write, is marshalled by gqlgen
// (marshalElement). A panic in one element marshalled by gqlgen becomes an error on that element
// and null, as in gqlgen's version; a panic while writing directly (a bug of direct.go) is left
// to gqlgen's recovery of the field, which answers the whole list null with an internal error.
func marshalSliceInOrder[T any](ec *executionContext, ctx context.Context, sel ast.SelectionSet, v []T, _ int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, len(v))
	var write directWriter
	if len(v) > 0 && ctx.Value(gqlgenListsKey{}) == nil {
		c := directCompiler{oc: ec.OperationContext, schema: ec.ParsedSchema}
		write, _ = c.list(ctx, reflect.TypeFor[T](), sel)
	}
	var buf []byte
	var ends []int
	if write != nil {
		ends = make([]int, len(v))
	}
	for i := range v {
		if write != nil {
			start := len(buf)
			var ok bool
			if buf, ok = write(buf, reflect.ValueOf(&v[i]).Elem()); ok {
				ends[i] = len(buf)
				continue
			}
			buf = buf[:start]
			ends[i] = -1
		}
		index := i
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &index})
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(childCtx, graphql.Recover(childCtx, r))
					ret[i] = graphql.Null
				}
			}()
			ret[i] = marshalElement(childCtx, i)
		}()
	}
	if write != nil {
		// The elements are cut from the buffer once it no longer moves.
		raws := make([]rawJSON, len(v))
		start := 0
		for i, end := range ends {
			if end < 0 {
				continue
			}
			raws[i] = rawJSON(buf[start:end:end])
			ret[i] = &raws[i]
			start = end
		}
	}
	return ret
}
