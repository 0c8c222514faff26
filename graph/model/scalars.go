package model

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// The built-in scalars as arguments reach the resolvers: each takes only what the GraphQL
// specification coerces to it, where gqlgen's own unmarshalers also read "2023" as an Int, 5 as
// a String, "true" or 1 as a Boolean and an Int beyond 32 bits. Requests are coerced before they
// run (graph/coerce.go), so these refuse only a value that something else let through. Their
// answers are written as gqlgen writes them. (Bound in gqlgen.yml.)

// MarshalInt writes an Int as gqlgen does.
func MarshalInt(i int) graphql.Marshaler { return graphql.MarshalInt(i) }

// UnmarshalInt reads an Int: a whole number within 32 bits.
func UnmarshalInt(v any) (int, error) {
	var f float64
	switch n := v.(type) {
	case int:
		f = float64(n)
	case int32:
		f = float64(n)
	case int64:
		f = float64(n)
	case float64:
		f = n
	case json.Number:
		var err error
		if f, err = strconv.ParseFloat(string(n), 64); err != nil {
			return 0, fmt.Errorf("Int takes a whole number within 32 bits, got %s", n)
		}
	default:
		return 0, fmt.Errorf("Int takes a whole number within 32 bits, got %s", kindOf(v))
	}
	if f != math.Trunc(f) || f < math.MinInt32 || f > math.MaxInt32 {
		return 0, fmt.Errorf("Int takes a whole number within 32 bits, got %v", v)
	}
	return int(f), nil
}

// UnmarshalFloatContext reads a Float: a number.
func UnmarshalFloatContext(_ context.Context, v any) (float64, error) {
	switch n := v.(type) {
	case float64:
		return n, nil
	case int:
		return float64(n), nil
	case int64:
		return float64(n), nil
	case json.Number:
		if f, err := strconv.ParseFloat(string(n), 64); err == nil {
			return f, nil
		}
		return 0, fmt.Errorf("Float takes a number within 64 bits, got %s", n)
	}
	return 0, fmt.Errorf("Float takes a number, got %s", kindOf(v))
}

// MarshalString writes a String as gqlgen does.
func MarshalString(s string) graphql.Marshaler { return graphql.MarshalString(s) }

// UnmarshalString reads a String: a string only.
func UnmarshalString(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	return "", fmt.Errorf("String takes a string, got %s", kindOf(v))
}

// MarshalBoolean writes a Boolean as gqlgen does.
func MarshalBoolean(b bool) graphql.Marshaler { return graphql.MarshalBoolean(b) }

// UnmarshalBoolean reads a Boolean: true or false.
func UnmarshalBoolean(v any) (bool, error) {
	if b, ok := v.(bool); ok {
		return b, nil
	}
	return false, fmt.Errorf("Boolean takes true or false, got %s", kindOf(v))
}

// MarshalID writes an ID as gqlgen does.
func MarshalID(s string) graphql.Marshaler { return graphql.MarshalID(s) }

// UnmarshalID reads an ID: a string, or a whole number written as text.
func UnmarshalID(v any) (string, error) {
	switch id := v.(type) {
	case string:
		return id, nil
	case int:
		return strconv.Itoa(id), nil
	case int64:
		return strconv.FormatInt(id, 10), nil
	case json.Number:
		if i, err := strconv.ParseInt(string(id), 10, 64); err == nil {
			return strconv.FormatInt(i, 10), nil
		}
	case float64:
		if id == math.Trunc(id) && math.Abs(id) <= 1<<53 {
			return strconv.FormatInt(int64(id), 10), nil
		}
	}
	return "", fmt.Errorf("ID takes a string or a whole number, got %s", kindOf(v))
}

// kindOf names v for an error: its JSON kind and, for a scalar, itself.
func kindOf(v any) string {
	switch v := v.(type) {
	case string:
		return "the string " + strconv.Quote(v)
	case bool:
		return "the boolean " + strconv.FormatBool(v)
	case json.Number:
		return "the number " + string(v)
	case int, int32, int64, float64:
		return fmt.Sprint("the number ", v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case nil:
		return "null"
	}
	return fmt.Sprintf("a %T", v)
}
