package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// Two rewrites of the generated code (go generate, see resolver.go) remove what gqlgen spends on
// features parindex does not use:
//   - lists are marshalled in order, by marshalSliceInOrder below;
//   - each object's deferred group (graphql.NewDeferredGroup: the field's path, a field set and a
//     map, for every object of every list) is an empty value: the schema declares no @defer, so
//     nothing is ever deferred (TestGeneratedDefersNothing checks the generated code).
//
// marshalSliceInOrder marshals a list one element after the other. gqlgen's generated code calls
// graphql.MarshalSliceConcurrently, which starts a goroutine per element so that slow field
// resolvers of different elements can overlap; parindex has no field resolvers below the root
// (every value is in the struct the root resolver returned), so the goroutines only cost: their
// stacks grow and are copied, and they are scheduled on two cores already busy with other
// requests. `go generate` rewrites the calls to this function (see resolver.go). A panic in one
// element becomes an error on that element and null, as in gqlgen's version.
func marshalSliceInOrder(ctx context.Context, length int, _ int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
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
	return ret
}
