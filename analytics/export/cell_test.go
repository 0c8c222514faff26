package export

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendNumber checks the fast number formatting against strconv's shortest form on the
// values exports hold (hundredths, six decimals) and on any others.
func TestAppendNumber(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 0.2, 0.3, 2.5, 99.99, 100, 1e6 - 1e-6, 1e6, -1e6, 1e-7, 5e-324,
		math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), 123456.789012, 0.000001, 0.0000015, 33.333333, 66.666667}
	for range 200_000 {
		values = append(values,
			float64(r.IntN(2_000_000)-1_000_000)/100,              // points
			math.Round(r.Float64()*100*1e6)/1e6,                   // percents
			float64(r.IntN(30_000))/100/float64(1+r.IntN(40))*100, // points / max * 100, unrounded
			math.Float64frombits(r.Uint64()),                      // anything
			(r.Float64()-0.5)*2e6)
	}
	for _, f := range values {
		want := strconv.FormatFloat(f, 'f', -1, 64)
		if got := string(appendNumber(nil, f)); got != want {
			t.Fatalf("appendNumber(%v) = %s, want %s", f, got, want)
		}
	}
}
