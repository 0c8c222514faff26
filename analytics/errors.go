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
	// ErrTooManyRows reports a list longer than MaxRows that the caller did not bound with first.
	ErrTooManyRows = errors.New("analytics: too many rows")
)

// MaxRows is the most rows one list returns.
const MaxRows = 20_000 // a whole national year (10,047 communes), or the union of two years

// rowLimit returns the LIMIT of a list query: first rows when the caller bounded the list, else
// one more than MaxRows, so that tooMany can tell a list that was cut.
func rowLimit(first *int) (int, error) {
	if first == nil {
		return MaxRows + 1, nil
	}
	if *first < 0 || *first > MaxRows {
		return 0, invalid("first must be between 0 and %d, got %d", MaxRows, *first)
	}
	return *first, nil
}

// tooMany reports whether an unbounded list came back longer than MaxRows.
func tooMany(n int, first *int) error {
	if first == nil && n > MaxRows {
		return &UserError{Kind: ErrTooManyRows, Message: fmt.Sprintf(
			"the list has more than %d rows; narrow it (parent, search, year) or ask for first: N", MaxRows)}
	}
	return nil
}

// UserError is an error whose message is written for the person who sent the request: it names
// what was asked and what would work, and never contains SQL or engine text. Kind is ErrNotFound
// ErrInvalidInput or ErrTooManyRows.
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
