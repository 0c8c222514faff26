package model

import (
	"context"
	"errors"
	"io"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalFloatContext writes a Float as gqlgen's own marshaler does, the shortest decimal that
// reads back as the same number (fmt's %g), through strconv instead of fmt: a national `changes`
// writes 40,000 of them, and fmt's formatting was 7 % of that request's CPU. Infinities and NaN,
// which JSON cannot hold, are refused as gqlgen refuses them. (Bound in gqlgen.yml; a Float
// argument is read by UnmarshalFloatContext, scalars.go.)
func MarshalFloatContext(f float64) graphql.ContextMarshaler {
	return float(f)
}

type float float64

func (f float) MarshalGQLContext(_ context.Context, w io.Writer) error {
	v := float64(f)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return errors.New("cannot marshal infinite no NaN float values")
	}
	// Answers are written into a bytes.Buffer: the number is formatted in its spare capacity.
	if b, ok := w.(interface{ AvailableBuffer() []byte }); ok {
		_, err := w.Write(strconv.AppendFloat(b.AvailableBuffer(), v, 'g', -1, 64))
		return err
	}
	_, err := io.WriteString(w, strconv.FormatFloat(v, 'g', -1, 64))
	return err
}
