package export

import (
	"math"
	"strconv"
)

// Cell is one value of a row: text, a whole number, a number, or missing (the zero Cell: empty
// in CSV, null in JSON and Parquet, an empty cell in XLSX; never 0).
type Cell struct {
	kind cellKind
	s    string
	n    float64
	i    int
}

type cellKind uint8

const (
	cellNull cellKind = iota
	cellText
	cellInt
	cellNumber
)

// Text is a text cell; the empty string is a missing value.
func Text(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{kind: cellText, s: s}
}

// Int is a whole number.
func Int(i int) Cell { return Cell{kind: cellInt, i: i} }

// Number is a number, written as the shortest decimal that reads back as f.
func Number(f float64) Cell { return Cell{kind: cellNumber, n: f} }

// value is the cell as excelize and the Appender take it.
func (c Cell) value() any {
	switch c.kind {
	case cellText:
		return c.s
	case cellInt:
		return c.i
	case cellNumber:
		return c.n
	}
	return nil
}

// appendPlain writes a value as CSV and JSON write numbers: the shortest text that reads back
// as the same float64.
func appendPlain(b []byte, c Cell) []byte {
	switch c.kind {
	case cellText:
		return append(b, c.s...)
	case cellInt:
		return strconv.AppendInt(b, int64(c.i), 10)
	case cellNumber:
		return appendNumber(b, c.n)
	}
	return b
}

// appendNumber writes f as strconv.AppendFloat(b, f, 'f', -1, 64) does (the shortest decimal
// that reads back as f), faster for the numbers exports hold: points in hundredths and percents
// rounded to 6 decimals. When f is exactly the double nearest to m / 10⁶ for a whole m below 2⁵³
// and |f| < 10⁶, m / 10⁶ is that shortest decimal: a float64 below 10⁶ is known to within 2⁻³³,
// so no decimal with fewer digits after the point lies as close to it. Anything else takes the
// general path.
func appendNumber(b []byte, f float64) []byte {
	if !(f > -1e6 && f < 1e6) {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	m := math.Round(f * 1e6)
	if m/1e6 != f || m == 0 && math.Signbit(f) {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	u := int64(m)
	if u < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendInt(b, u/1e6, 10)
	frac := u % 1e6
	if frac == 0 {
		return b
	}
	var digits [7]byte
	digits[0] = '.'
	for i := 6; i >= 1; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := 7
	for digits[n-1] == '0' {
		n--
	}
	return append(b, digits[:n]...)
}
