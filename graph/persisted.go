package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodePersistedQueryMismatch: the query sent does not have the sha256Hash sent with it.
const CodePersistedQueryMismatch = "PERSISTED_QUERY_MISMATCH"

// persistedQueries is gqlgen's automatic persisted queries with the client's mistakes coded as
// the client's: an extension that is not an object, a version other than 1, a hash that is not
// a SHA-256 or does not match the query are BAD_REQUEST or PERSISTED_QUERY_MISMATCH (status 400),
// where gqlgen's uncoded errors would be INTERNAL and fill the error log.
type persistedQueries struct {
	extension.AutomaticPersistedQuery
}

var _ graphql.OperationParameterMutator = persistedQueries{}

func (p persistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	v, ok := raw.Extensions["persistedQuery"]
	if !ok || v == nil {
		return nil
	}
	ext, ok := v.(map[string]any)
	if !ok {
		return requestError(CodeBadRequest, `extensions.persistedQuery must be an object {"version": 1, "sha256Hash": "…"}`)
	}
	if version, ok := ext["version"].(json.Number); !ok || version.String() != "1" {
		return requestError(CodeBadRequest, "extensions.persistedQuery.version must be 1, the only version supported")
	}
	hash, _ := ext["sha256Hash"].(string)
	if b, err := hex.DecodeString(hash); err != nil || len(b) != sha256.Size {
		return requestError(CodeBadRequest, "extensions.persistedQuery.sha256Hash must be the SHA-256 of the query, in hexadecimal")
	}
	if raw.Query != "" {
		if sum := sha256.Sum256([]byte(raw.Query)); hex.EncodeToString(sum[:]) != hash {
			return requestError(CodePersistedQueryMismatch, "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query")
		}
	}
	return p.AutomaticPersistedQuery.MutateOperationParameters(ctx, raw)
}

// requestError is an error in the request itself, answered with status 400.
func requestError(code, message string) *gqlerror.Error {
	err := gqlerror.Errorf("%s", message)
	setCode(err, code)
	return err
}
