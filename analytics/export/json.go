package export

import (
	"bufio"
	"fmt"
	"io"
	"unicode/utf8"
)

// jsonSink writes an array of records, one object per row, every column present (null where a
// value is missing).
type jsonSink struct {
	w     *bufio.Writer
	keys  [][]byte
	buf   []byte
	count int
	last  []encoded
}

func newJSONSink(w io.Writer) *jsonSink { return &jsonSink{w: bufio.NewWriterSize(w, 256<<10)} }

func (j *jsonSink) Begin(cols []Column) error {
	j.keys = make([][]byte, len(cols))
	j.last = make([]encoded, len(cols))
	for i, c := range cols {
		j.keys[i] = append(appendJSONString(nil, c.Name), ':')
	}
	_, err := j.w.WriteString("[")
	return err
}

func (j *jsonSink) Row(cells []Cell) error {
	b := j.buf[:0]
	if j.count > 0 {
		b = append(b, ',')
	}
	j.count++
	b = append(b, "\n{"...)
	for i, v := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, j.keys[i]...)
		switch v.kind {
		case cellNull:
			b = append(b, "null"...)
		case cellText:
			if l := &j.last[i]; !l.same(&v) {
				l.remember(&v, appendJSONString(l.b[:0], v.s))
			}
			b = append(b, j.last[i].b...)
		default:
			b = appendPlain(b, v)
		}
	}
	b = append(b, '}')
	j.buf = b
	_, err := j.w.Write(b)
	return err
}

func (j *jsonSink) End() error {
	j.w.WriteString("\n]\n")
	return j.w.Flush()
}

// appendJSONString writes s as a JSON string, UTF-8 kept as is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, fmt.Sprintf(`\u%04x`, c)...)
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
}
