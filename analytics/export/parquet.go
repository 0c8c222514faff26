package export

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

// Parquet is written in Go from the same rows as every other format, with arrow-go's Parquet
// writer: typed columns (text as UTF-8 strings, whole numbers as INT32, numbers as DOUBLE, each
// optional: a missing value is null), zstd-compressed, with min/max statistics on the number
// columns. Rows stream from DuckDB through the writer in batches; what is held is the row group
// in progress (compressed pages) and the zstd encoders' windows (64 MB at national scale).
//
// Measured at national scale (BENCHMARKS.md): arrow-go's dictionary encoder boxes every text
// value to look it up (an allocation per value, 100 M of them for the long criterion file),
// which made the export 5× slower than DuckDB's own COPY; plain encoding compressed by zstd costs
// a file half as large again (37 MB against 25 MB) and is 3× faster. Text statistics cost a
// comparison per value and are left out for the same reason.
const (
	// parquetBatchRows is how many rows are gathered per column before the columns are encoded,
	// in parallel, while the next batch is gathered.
	parquetBatchRows = 8192
	// parquetRowGroupRows bounds a row group. DuckDB writes 122,880 rows; at that size this
	// writer took 35 s of CPU for the national file against 26 s at 1 M rows (every column chunk
	// starts its compression afresh), for no less memory.
	parquetRowGroupRows = 1 << 20
)

// parquetSink writes the rows of a table as a Parquet file.
type parquetSink struct {
	w       io.Writer
	fw      *file.Writer
	rg      file.BufferedRowGroupWriter
	filling *parquetBatch // the batch rows are added to
	spare   *parquetBatch // the batch being encoded, or free
	group   int           // rows handed to the row group
	// encoding is set while the spare batch is being encoded; its value is the first error.
	encoding chan error
}

// parquetBatch holds the rows of a batch column by column.
type parquetBatch struct {
	cols []parquetColumn
	rows int
}

// parquetColumn gathers the values of one column for a batch, one slot per row in the slice of
// its type (a zero value where the cell is null), with a definition level per row (1 defined,
// 0 null) and the same as a bitmap. The writer is given them "spaced" (WriteBatchSpaced): its
// WriteBatch builds an assertion message per value, which cost more than the rest of the write.
type parquetColumn struct {
	kind    string // TypeString, TypeInteger, TypeNumber
	defs    []int16
	valid   []byte
	strs    []parquet.ByteArray
	ints    []int32
	numbers []float64
}

func newParquetSink(w io.Writer) *parquetSink { return &parquetSink{w: w} }

func (p *parquetSink) Begin(cols []Column) error {
	fields := make(schema.FieldList, len(cols))
	opts := []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Zstd), parquet.WithCreatedBy("parindex"),
		parquet.WithMaxRowGroupLength(parquetRowGroupRows), parquet.WithDictionaryDefault(false), parquet.WithStats(false)}
	for i, c := range cols {
		var err error
		switch c.Type {
		case TypeString:
			fields[i], err = schema.NewPrimitiveNodeLogical(c.Name, parquet.Repetitions.Optional, schema.StringLogicalType{}, parquet.Types.ByteArray, -1, -1)
		case TypeInteger:
			fields[i], err = schema.NewPrimitiveNodeLogical(c.Name, parquet.Repetitions.Optional, schema.NewIntLogicalType(32, true), parquet.Types.Int32, -1, -1)
			opts = append(opts, parquet.WithStatsFor(c.Name, true))
		case TypeNumber:
			fields[i], err = schema.NewPrimitiveNode(c.Name, parquet.Repetitions.Optional, parquet.Types.Double, -1, -1)
			opts = append(opts, parquet.WithStatsFor(c.Name, true))
		default:
			err = fmt.Errorf("column %s has type %q", c.Name, c.Type)
		}
		if err != nil {
			return fmt.Errorf("export: parquet: %w", err)
		}
	}
	root, err := schema.NewGroupNode("schema", parquet.Repetitions.Required, fields, -1)
	if err != nil {
		return fmt.Errorf("export: parquet: %w", err)
	}
	p.fw = file.NewParquetWriter(p.w, root, file.WithWriterProps(parquet.NewWriterProperties(opts...)))
	if !p.filling.fits(cols) || !p.spare.fits(cols) {
		p.filling, p.spare = newParquetBatch(cols), newParquetBatch(cols)
	}
	return nil
}

// restart makes the sink, ended, ready to Begin another file on w, keeping its batches: a
// partitioned dataset writes thousands of small files, and a batch's columns are megabytes.
func (p *parquetSink) restart(w io.Writer) {
	p.w, p.fw, p.rg, p.group, p.encoding = w, nil, nil, 0, nil
}

func newParquetBatch(cols []Column) *parquetBatch {
	b := &parquetBatch{cols: make([]parquetColumn, len(cols))}
	for i, c := range cols {
		b.cols[i] = parquetColumn{kind: c.Type, defs: make([]int16, 0, parquetBatchRows), valid: make([]byte, parquetBatchRows/8)}
		switch c.Type {
		case TypeString:
			b.cols[i].strs = make([]parquet.ByteArray, 0, parquetBatchRows)
		case TypeInteger:
			b.cols[i].ints = make([]int32, 0, parquetBatchRows)
		default:
			b.cols[i].numbers = make([]float64, 0, parquetBatchRows)
		}
	}
	return b
}

// fits reports whether the batch, empty, has the columns of cols.
func (b *parquetBatch) fits(cols []Column) bool {
	if b == nil || b.rows != 0 || len(b.cols) != len(cols) {
		return false
	}
	for i, c := range cols {
		if b.cols[i].kind != c.Type || len(b.cols[i].defs) != 0 {
			return false
		}
	}
	return true
}

func (p *parquetSink) Row(cells []Cell) error {
	b := p.filling
	bit, mask := b.rows/8, byte(1)<<(b.rows%8)
	for i := range cells {
		c, v := &b.cols[i], &cells[i]
		if v.kind == cellNull {
			c.defs = append(c.defs, 0)
			c.valid[bit] &^= mask
		} else {
			c.defs = append(c.defs, 1)
			c.valid[bit] |= mask
		}
		switch c.kind {
		case TypeString:
			// The writer only reads the bytes, which a Go string never changes.
			c.strs = append(c.strs, unsafe.Slice(unsafe.StringData(v.s), len(v.s)))
		case TypeInteger:
			c.ints = append(c.ints, int32(v.i))
		default:
			c.numbers = append(c.numbers, v.n)
		}
	}
	if b.rows++; b.rows == parquetBatchRows {
		return p.flush()
	}
	return nil
}

// flush starts encoding the batch being filled, once the batch before it is encoded, and fills
// the other meanwhile. A full row group is closed first.
func (p *parquetSink) flush() error {
	if err := p.wait(); err != nil {
		return err
	}
	if p.group >= parquetRowGroupRows {
		if err := p.closeGroup(); err != nil {
			return err
		}
	}
	b := p.filling
	if b.rows == 0 {
		return nil
	}
	if p.rg == nil {
		p.rg = p.fw.AppendBufferedRowGroup()
	}
	p.group += b.rows
	p.filling, p.spare = p.spare, b
	p.encoding = make(chan error, 1)
	go func(done chan<- error) { done <- p.encode(b) }(p.encoding)
	return nil
}

// wait waits for the batch being encoded, if any, and returns its error.
func (p *parquetSink) wait() error {
	if p.encoding == nil {
		return nil
	}
	err := <-p.encoding
	p.encoding = nil
	return err
}

// encode hands a batch to the column writers of the row group, the columns taken in turn by as
// many goroutines as there are cores (each column has its own writer; text columns cost several
// times what number columns do, so none is assigned in advance), and empties it.
func (p *parquetSink) encode(b *parquetBatch) error {
	workers := min(runtime.GOMAXPROCS(0), len(b.cols))
	errs := make([]error, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(b.cols); i = int(next.Add(1) - 1) {
				w, err := p.rg.Column(i)
				if err == nil {
					err = b.cols[i].write(w)
				}
				if err != nil {
					errs[k] = fmt.Errorf("export: parquet: column %d: %w", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	for i := range b.cols {
		c := &b.cols[i]
		c.defs, c.strs, c.ints, c.numbers = c.defs[:0], c.strs[:0], c.ints[:0], c.numbers[:0]
	}
	b.rows = 0
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// write hands the batch to the column's writer, whose spaced writes panic on an error.
func (c *parquetColumn) write(w file.ColumnChunkWriter) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	switch w := w.(type) {
	case *file.ByteArrayColumnChunkWriter:
		w.WriteBatchSpaced(c.strs, c.defs, nil, c.valid, 0)
	case *file.Int32ColumnChunkWriter:
		w.WriteBatchSpaced(c.ints, c.defs, nil, c.valid, 0)
	case *file.Float64ColumnChunkWriter:
		w.WriteBatchSpaced(c.numbers, c.defs, nil, c.valid, 0)
	default:
		return fmt.Errorf("unexpected writer %T", w)
	}
	return nil
}

func (p *parquetSink) closeGroup() error {
	if p.rg == nil {
		return nil
	}
	err := p.rg.Close()
	p.rg, p.group = nil, 0
	if err != nil {
		return fmt.Errorf("export: parquet: %w", err)
	}
	return nil
}

func (p *parquetSink) End() error {
	if err := p.flush(); err != nil {
		return err
	}
	if err := p.wait(); err != nil {
		return err
	}
	if err := p.closeGroup(); err != nil {
		return err
	}
	if err := p.fw.Close(); err != nil {
		return fmt.Errorf("export: parquet: %w", err)
	}
	return nil
}
