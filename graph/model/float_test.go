package model

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFloatAsGqlgen: every Float is written as gqlgen's own marshaler writes it (%g), into a
// buffer and into a plain writer, and infinities and NaN are refused.
func TestFloatAsGqlgen(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.1 + 0.2, 97.45, 68.87, 100, 1e6, 999999, 1e21, 1e-5, 1e-4,
		123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64, -math.MaxFloat64}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		values = append(values, math.Round(r.Float64()*1e8)/1e6, r.NormFloat64()*math.Pow(10, float64(r.IntN(40)-20)))
	}
	ctx := context.Background()
	for _, v := range values {
		want := fmt.Sprintf("%g", v)
		var buf bytes.Buffer
		buf.WriteString("x")
		if err := MarshalFloatContext(v).MarshalGQLContext(ctx, &buf); err != nil || buf.String() != "x"+want {
			t.Fatalf("%v: wrote %q (%v), want %q", v, buf.String()[1:], err, want)
		}
		var sb strings.Builder
		if err := MarshalFloatContext(v).MarshalGQLContext(ctx, &sb); err != nil || sb.String() != want {
			t.Fatalf("%v to a plain writer: wrote %q (%v), want %q", v, sb.String(), err, want)
		}
	}
	for _, v := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		var buf bytes.Buffer
		if err := MarshalFloatContext(v).MarshalGQLContext(ctx, &buf); err == nil || buf.Len() > 0 {
			t.Errorf("%v: wrote %q, err %v; want refused", v, buf.String(), err)
		}
	}
}
