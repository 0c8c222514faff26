package export

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
)

type closingBuffer struct {
	bytes.Buffer
	closed int
}

func (b *closingBuffer) Close() error { b.closed++; return nil }

// TestPartitioned splits rows grouped by year and province into one file per pair, leaves the
// dropped key out of the files and closes each file once; rows that come back to a partition
// already written, or a key that cannot name a folder, are refused.
func TestPartitioned(t *testing.T) {
	cols := []Column{{"year", TypeInteger}, {"province_code", TypeString}, {"points", TypeNumber}}
	keys := []PartitionKey{{Column: "year", Name: "year", Drop: true}, {Column: "province_code", Name: "province"}}
	run := func(rows [][]Cell) (*PartitionedTable, map[string]*closingBuffer, error) {
		files := map[string]*closingBuffer{}
		p := Partitioned(keys, func(path string) (io.WriteCloser, error) {
			files[path] = &closingBuffer{}
			return files[path], nil
		})
		if err := p.Begin(cols); err != nil {
			return p, files, err
		}
		for _, r := range rows {
			if err := p.Row(r); err != nil {
				p.Abort()
				return p, files, err
			}
		}
		return p, files, p.End()
	}

	p, files, err := run([][]Cell{
		{Int(2023), Text("01"), Number(1)},
		{Int(2023), Text("01"), Number(2)},
		{Int(2023), Text("94"), Number(3)},
		{Int(2024), Text("01"), Number(4)},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Part{{"year=2023/province=01/part-0.parquet", 2}, {"year=2023/province=94/part-0.parquet", 1}, {"year=2024/province=01/part-0.parquet", 1}}
	if got := p.Parts(); !slices.Equal(got, want) {
		t.Errorf("parts = %v, want %v", got, want)
	}
	if got := p.Columns(); !slices.Equal(got, cols[1:]) {
		t.Errorf("columns of the files = %v, want %v", got, cols[1:])
	}
	for path, f := range files {
		if f.closed != 1 || !bytes.HasPrefix(f.Bytes(), []byte("PAR1")) || !bytes.HasSuffix(f.Bytes(), []byte("PAR1")) {
			t.Errorf("%s: closed %d times, %d bytes: not one whole Parquet file", path, f.closed, f.Len())
		}
	}

	for _, tt := range []struct {
		name string
		rows [][]Cell
		want string
	}{
		{"a partition again", [][]Cell{{Int(2023), Text("01"), Number(1)}, {Int(2023), Text("94"), Number(1)}, {Int(2023), Text("01"), Number(1)}},
			"comes again"},
		{"a missing key", [][]Cell{{Int(2023), {}, Number(1)}}, "cannot name a folder"},
		{"a key with a slash", [][]Cell{{Int(2023), Text("../x"), Number(1)}}, "cannot name a folder"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, files, err := run(tt.rows)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			for path, f := range files {
				if f.closed != 1 {
					t.Errorf("%s closed %d times", path, f.closed)
				}
			}
		})
	}
}
