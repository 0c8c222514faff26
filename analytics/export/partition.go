package export

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// PartitionKey is a column whose values split a table into Hive-style partitions: each distinct
// value becomes a folder Name=value. Drop leaves the column out of the files: the folder carries
// it, and an engine that reads both the file's column and the folder's (DuckDB's
// hive_partitioning, Spark, Trino, BigQuery) expects a partition column in one place only.
type PartitionKey struct {
	Column string // the column of the table whose value names the partition
	Name   string // the partition's name in the path
	Drop   bool   // leave the column out of the files
}

// Part is one file a Partitioned table wrote: its path below the dataset's root, such as
// year=2023/province=94/part-0.parquet, and its rows.
type Part struct {
	Path string
	Rows int64
}

// Partitioned writes a table as a Hive-partitioned Parquet dataset: one file, part-0.parquet,
// per distinct value of the keys, at the path create is given. The rows must come grouped by
// the keys (every row of a partition together, as parindex's exports come by year, then province):
// a partition met again after another is an error, never a second file or a lost one. create is
// called when a partition starts; the writer it returns is closed when the partition ends (and
// when a later error stops the table).
func Partitioned(keys []PartitionKey, create func(path string) (io.WriteCloser, error)) *PartitionedTable {
	return &PartitionedTable{keys: keys, create: create, seen: map[string]bool{}}
}

// PartitionedTable is the Table Partitioned returns; Parts lists what it wrote.
type PartitionedTable struct {
	keys   []PartitionKey
	create func(path string) (io.WriteCloser, error)
	seen   map[string]bool
	parts  []Part

	cols    []Column
	keyAt   []int  // the index of each key's column
	keep    []int  // the columns written into the files
	current string // path of the partition being written
	w       io.WriteCloser
	sink    Table
	pq      *parquetSink // the sink of every file, see next
	cells   []Cell
	values  []string
}

// Parts returns the files written, in the order they were written.
func (p *PartitionedTable) Parts() []Part { return slices.Clone(p.parts) }

// Columns returns the columns of the files: the table's, less the keys dropped.
func (p *PartitionedTable) Columns() []Column {
	out := make([]Column, len(p.keep))
	for i, c := range p.keep {
		out[i] = p.cols[c]
	}
	return out
}

func (p *PartitionedTable) Begin(cols []Column) error {
	p.cols = cols
	p.keyAt = make([]int, len(p.keys))
	dropped := map[int]bool{}
	for i, k := range p.keys {
		p.keyAt[i] = slices.IndexFunc(cols, func(c Column) bool { return c.Name == k.Column })
		if p.keyAt[i] < 0 {
			return fmt.Errorf("export: partition key %s is not a column", k.Column)
		}
		dropped[p.keyAt[i]] = k.Drop
	}
	for i := range cols {
		if !dropped[i] {
			p.keep = append(p.keep, i)
		}
	}
	p.cells = make([]Cell, len(p.keep))
	p.values = make([]string, len(p.keys))
	return nil
}

func (p *PartitionedTable) Row(cells []Cell) error {
	changed := p.w == nil
	for i, at := range p.keyAt {
		if v := partitionValue(cells[at]); v != p.values[i] || p.w == nil {
			if v == "" || strings.ContainsAny(v, "/\\=%") || v == "." || v == ".." {
				return fmt.Errorf("export: partition %s: %q cannot name a folder", p.keys[i].Name, v)
			}
			p.values[i], changed = v, true
		}
	}
	if changed {
		if err := p.next(p.path()); err != nil {
			return err
		}
	}
	for i, c := range p.keep {
		p.cells[i] = cells[c]
	}
	p.parts[len(p.parts)-1].Rows++
	return p.sink.Row(p.cells)
}

// path is the file of the current key values.
func (p *PartitionedTable) path() string {
	var b strings.Builder
	for i, k := range p.keys {
		fmt.Fprintf(&b, "%s=%s/", k.Name, p.values[i])
	}
	b.WriteString("part-0.parquet")
	return b.String()
}

// next ends the partition being written and starts the one at path.
func (p *PartitionedTable) next(path string) error {
	if err := p.finish(); err != nil {
		return err
	}
	if p.seen[path] {
		return fmt.Errorf("export: partition %s comes again after another: the rows are not grouped by %s", path, p.keyNames())
	}
	p.seen[path] = true
	w, err := p.create(path)
	if err != nil {
		return err
	}
	// The Parquet writer closes a writer that is a Closer: this one is closed by finish, once.
	// One sink writes every file, keeping its batches.
	if p.pq == nil {
		p.pq = newParquetSink(struct{ io.Writer }{w})
	} else {
		p.pq.restart(struct{ io.Writer }{w})
	}
	p.current, p.w, p.sink = path, w, p.pq
	p.parts = append(p.parts, Part{Path: path})
	return p.sink.Begin(p.Columns())
}

// finish ends the partition being written, if any, and closes its writer.
func (p *PartitionedTable) finish() error {
	if p.w == nil {
		return nil
	}
	err := p.sink.End()
	if cerr := p.w.Close(); err == nil {
		err = cerr
	}
	p.w, p.sink = nil, nil
	return err
}

func (p *PartitionedTable) End() error { return p.finish() }

// Abort closes the writer of the partition being written, after an error stopped the table.
func (p *PartitionedTable) Abort() {
	if p.w != nil {
		p.w.Close()
		p.w, p.sink = nil, nil
	}
}

func (p *PartitionedTable) keyNames() string {
	names := make([]string, len(p.keys))
	for i, k := range p.keys {
		names[i] = k.Column
	}
	return strings.Join(names, ", ")
}

// partitionValue is a key cell as a folder name holds it.
func partitionValue(c Cell) string {
	switch c.kind {
	case cellText:
		return c.s
	case cellInt:
		return strconv.Itoa(c.i)
	case cellNumber:
		return strconv.FormatFloat(c.n, 'f', -1, 64)
	}
	return ""
}
