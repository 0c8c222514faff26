package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/parindex/parindex/analytics"
)

// Limits of a GraphQL request.
const (
	MaxBodyBytes     = 64 << 10 // request body
	MaxParserTokens  = 15_000   // tokens in one query document
	queryCacheSize   = 1_000    // parsed documents kept
	explorerEndpoint = "/graphql"
)

// NewHandler returns the GraphQL endpoint: JSON POST and GET (queries only) with every error
// coded and free of SQL or engine text. It is safe for concurrent use.
func NewHandler(store *analytics.Store, logger *slog.Logger) http.Handler {
	srv := handler.New(NewExecutableSchema(Config{Resolvers: &Resolver{Store: store}}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	srv.SetParserTokenLimit(MaxParserTokens)
	srv.Use(extension.Introspection{})
	srv.SetErrorPresenter(errorPresenter(logger))
	srv.SetRecoverFunc(recoverFunc(logger))
	return checkBody(srv)
}

// NewExplorer returns the GraphiQL page for the endpoint.
func NewExplorer() http.Handler {
	return playground.Handler("parindex — GraphQL", explorerEndpoint)
}

// checkBody refuses, before gqlgen sees them, POST bodies that are too large or not a GraphQL
// request in JSON: gqlgen would echo such a body back whole in its error.
func checkBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeError(w, http.StatusRequestEntityTooLarge, CodeRequestTooLarge, "request body is larger than 64 KiB")
				return
			}
			writeError(w, http.StatusBadRequest, CodeBadRequest, "could not read the request body")
			return
		}
		var req struct {
			Query         string         `json:"query"`
			OperationName string         `json:"operationName"`
			Variables     map[string]any `json:"variables"`
			Extensions    map[string]any `json:"extensions"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			writeError(w, http.StatusBadRequest, CodeBadRequest,
				`request body must be a JSON object {"query": "…", "variables": {…}, "operationName": "…"}`)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// writeError answers with a GraphQL-shaped error outside the executor.
func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
}
