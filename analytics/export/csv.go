package export

import (
	"bufio"
	"io"
	"math"
	"unsafe"
)

// csvSink writes RFC 4180 CSV in UTF-8. A value that a column repeats from the row before
// (names, titles, years, maxima) is encoded once: each column remembers its last value (text by
// address) and the bytes written for it.
type csvSink struct {
	w    *bufio.Writer
	bom  bool
	buf  []byte
	last []encoded
}

// encoded is the last value of a column and its encoding.
type encoded struct {
	kind cellKind
	ptr  *byte // text: the string's address and length
	n    int
	num  float64 // cellNumber; cellInt keeps its value in n
	b    []byte
}

// same reports whether c is the value whose encoding e holds.
func (e *encoded) same(c *Cell) bool {
	if c.kind != e.kind {
		return false
	}
	switch c.kind {
	case cellText:
		return unsafe.StringData(c.s) == e.ptr && len(c.s) == e.n
	case cellInt:
		return c.i == e.n
	case cellNumber:
		return c.n == e.num && !(c.n == 0 && math.Signbit(c.n) != math.Signbit(e.num))
	}
	return true
}

// remember makes c the column's last value, encoded as b.
func (e *encoded) remember(c *Cell, b []byte) {
	e.kind, e.ptr, e.n, e.num, e.b = c.kind, nil, 0, 0, b
	switch c.kind {
	case cellText:
		e.ptr, e.n = unsafe.StringData(c.s), len(c.s)
	case cellInt:
		e.n = c.i
	case cellNumber:
		e.num = c.n
	}
}

func newCSVSink(w io.Writer, bom bool) *csvSink {
	return &csvSink{w: bufio.NewWriterSize(w, 256<<10), bom: bom}
}

func (c *csvSink) Begin(cols []Column) error {
	if c.bom {
		c.w.WriteString("\uFEFF")
	}
	c.last = make([]encoded, len(cols)) // cellNull: an empty field, encoded as nothing
	names := make([]Cell, len(cols))
	for i, col := range cols {
		names[i] = Text(col.Name)
	}
	return c.Row(names)
}

func (c *csvSink) Row(cells []Cell) error {
	b := c.buf[:0]
	for i := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		v, l := &cells[i], &c.last[i]
		if !l.same(v) {
			if v.kind == cellText {
				l.remember(v, appendCSVText(l.b[:0], v.s))
			} else {
				l.remember(v, appendPlain(l.b[:0], *v))
			}
		}
		b = append(b, l.b...)
	}
	b = append(b, '\r', '\n')
	c.buf = b
	_, err := c.w.Write(b)
	return err
}

func (c *csvSink) End() error { return c.w.Flush() }

// appendCSVText quotes a field when it holds a comma, a quote, a line break or leading or
// trailing space, as encoding/csv does.
func appendCSVText(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}
