package analytics

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound reports that a unit, year, framework or field asked for does not exist.
	ErrNotFound = errors.New("analytics: not found")
	// ErrInvalidInput reports an argument that cannot be answered, such as a reversed year range.
	ErrInvalidInput = errors.New("analytics: invalid input")
)

// UserError is an error whose message is written for the person who sent the request: it names
// what was asked and what would work, and never contains SQL or engine text. Kind is ErrNotFound
// or ErrInvalidInput.
type UserError struct {
	Kind    error
	Message string
}

func (e *UserError) Error() string { return e.Message }

// Unwrap lets errors.Is match the kind.
func (e *UserError) Unwrap() error { return e.Kind }

func notFound(format string, args ...any) error {
	return &UserError{Kind: ErrNotFound, Message: fmt.Sprintf(format, args...)}
}

func invalid(format string, args ...any) error {
	return &UserError{Kind: ErrInvalidInput, Message: fmt.Sprintf(format, args...)}
}
