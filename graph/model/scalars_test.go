package model

import (
	"context"
	"encoding/json"
	"testing"
)

// TestScalarsTakeWhatTheSpecificationTakes: each built-in scalar reads the values the GraphQL
// specification coerces to it, as they reach an unmarshaler (int64 from a literal, json.Number or
// float64 from a variable), and refuses what gqlgen's own unmarshalers let through.
func TestScalarsTakeWhatTheSpecificationTakes(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		scalar string
		in     any
		want   any // nil: refused
	}{
		{"Int", int64(2023), 2023},
		{"Int", json.Number("2023"), 2023},
		{"Int", json.Number("2023.0"), 2023},
		{"Int", 2023.0, 2023},
		{"Int", int64(-2147483648), -2147483648},
		{"Int", "2023", nil},
		{"Int", int64(2147483648), nil},
		{"Int", json.Number("2147483648"), nil},
		{"Int", json.Number("2023.5"), nil},
		{"Int", true, nil},
		{"Int", []any{int64(2023)}, nil},
		{"Float", 97.5, 97.5},
		{"Float", int64(50), 50.0},
		{"Float", json.Number("1e2"), 100.0},
		{"Float", "50", nil},
		{"Float", json.Number("1e400"), nil},
		{"String", "an my", "an my"},
		{"String", int64(5), nil},
		{"String", json.Number("5"), nil},
		{"String", true, nil},
		{"Boolean", true, true},
		{"Boolean", "true", nil},
		{"Boolean", 1, nil},
		{"ID", "31528", "31528"},
		{"ID", int64(943), "943"},
		{"ID", json.Number("943"), "943"},
		{"ID", 943.0, "943"},
		{"ID", 943.5, nil},
		{"ID", json.Number("943.5"), nil},
		{"ID", true, nil},
	}
	for _, tt := range tests {
		var got any
		var err error
		switch tt.scalar {
		case "Int":
			got, err = UnmarshalInt(tt.in)
		case "Float":
			got, err = UnmarshalFloatContext(ctx, tt.in)
		case "String":
			got, err = UnmarshalString(tt.in)
		case "Boolean":
			got, err = UnmarshalBoolean(tt.in)
		case "ID":
			got, err = UnmarshalID(tt.in)
		}
		switch {
		case tt.want == nil && err == nil:
			t.Errorf("%s from %T %v: got %v, want an error", tt.scalar, tt.in, tt.in, got)
		case tt.want != nil && (err != nil || got != tt.want):
			t.Errorf("%s from %T %v: got %v (%v), want %v", tt.scalar, tt.in, tt.in, got, err, tt.want)
		}
	}
}
