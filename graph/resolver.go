package graph

//go:generate sh -c "cd .. && go tool gqlgen generate"

import "github.com/parindex/parindex/analytics"

// Resolver is the root of the resolvers and the one place where dependencies enter the API.
// It is safe for concurrent use because the Store is.
type Resolver struct {
	Store  *analytics.Store
	Limits Limits
}
