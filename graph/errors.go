package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/parindex/parindex/analytics"
)

// Error codes in extensions.code. Every error the API returns carries one of them.
const (
	CodeParseFailed      = errcode.ParseFailed      // GRAPHQL_PARSE_FAILED: the query is not GraphQL
	CodeValidationFailed = errcode.ValidationFailed // GRAPHQL_VALIDATION_FAILED: it does not fit the schema, a variable's value included
	CodeBadUserInput     = "BAD_USER_INPUT"         // an argument cannot be answered
	CodeNotFound         = "NOT_FOUND"              // a unit, year, framework or field does not exist
	CodeBadRequest       = "BAD_REQUEST"            // the HTTP request is not a GraphQL request
	CodeRequestTooLarge  = "REQUEST_TOO_LARGE"      // the body is over the limit
	CodeTimeout          = "TIMEOUT"                // the request ran out of time
	CodeInternal         = "INTERNAL"               // our fault; the log has the details
)

// errorPresenter classifies every error once, at the edge. Errors meant for the user keep their
// message; anything else is logged and replaced by a generic message, so that no SQL, engine or
// file text reaches a client.
func errorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if _, coded := gqlErr.Extensions["code"]; coded {
			// Parse and validation errors, coded by gqlgen; their text is about the query.
			return gqlErr
		}
		var userErr *analytics.UserError
		switch {
		case errors.Is(err, errUnauthorized):
			gqlErr.Message = "this field needs the admin token: send Authorization: Bearer <PARINDEX_ADMIN_TOKEN>"
			setCode(gqlErr, CodeUnauthorized)
		case errors.Is(err, analytics.ErrImportBusy):
			gqlErr.Message = "another import, rollback or backup is running; try again when it is done"
			setCode(gqlErr, CodeBusy)
		case errors.As(err, &userErr):
			gqlErr.Message = userErr.Message
			code := CodeBadUserInput
			switch {
			case errors.Is(userErr, analytics.ErrNotFound):
				code = CodeNotFound
			case errors.Is(userErr, analytics.ErrTooManyRows):
				code = CodeTooManyRows
			}
			setCode(gqlErr, code)
		case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
			gqlErr.Message = "the request took longer than allowed"
			setCode(gqlErr, CodeTimeout)
		default:
			logger.ErrorContext(ctx, "graphql: internal error", "path", gqlErr.Path.String(), "err", err)
			gqlErr.Message = "internal error"
			setCode(gqlErr, CodeInternal)
		}
		return gqlErr
	}
}

// recoverFunc turns a panic in a resolver into an INTERNAL error and logs it.
func recoverFunc(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "graphql: panic", "panic", fmt.Sprint(p))
		return errors.New("internal error")
	}
}

func setCode(err *gqlerror.Error, code string) {
	if err.Extensions == nil {
		err.Extensions = map[string]any{}
	}
	err.Extensions["code"] = code
}
