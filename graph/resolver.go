package graph

// gqlgen generates graph/generated.go; its lists are then marshalled in order, lists of objects
// straight from their structs, and its objects without a deferred group, which nothing uses
// (slice.go, direct.go).
//go:generate sh -c "cd .. && go tool gqlgen generate && sed -i -e 's/graphql[.]MarshalSliceConcurrently(ctx, len(v),/marshalSliceInOrder(ec, ctx, sel, v,/' -e 's/deferred := graphql[.]NewDeferredGroup(ctx)/var deferred graphql.DeferredGroup/' graph/generated.go"

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/parindex/parindex/analytics"
)

// Resolver is the root of the resolvers and the one place where dependencies enter the API.
// It is safe for concurrent use because the Store is.
type Resolver struct {
	Store  *analytics.Store
	Limits Limits
}

// selects reports whether the query selects the named field of the object a resolver returns,
// so that analytics runs a statement only for what will be shown.
func selects(ctx context.Context, name string) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}
