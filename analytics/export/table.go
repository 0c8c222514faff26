package export

import "io"

// The types of a column, as a Table Schema (Frictionless Data) names them.
const (
	TypeString  = "string"
	TypeInteger = "integer"
	TypeNumber  = "number"
)

// Column is a column of a table: its name, the header of the file, and its type (TypeString,
// TypeInteger or TypeNumber), which Parquet writes as the column's physical type.
type Column struct {
	Name string
	Type string
}

// Table receives the rows of a table: the columns once, then every row, each with one cell per
// column, then End, which flushes what is buffered to the writer. A Table is not safe for
// concurrent use; a row's cells may be reused once Row returns.
type Table interface {
	Begin(cols []Column) error
	Row(cells []Cell) error
	End() error
}

// CSV writes RFC 4180 CSV in UTF-8 to w, with a byte order mark first when bom is set (for Excel).
func CSV(w io.Writer, bom bool) Table { return newCSVSink(w, bom) }

// JSON writes an array of records to w, one object per row with every column (null where a
// value is missing).
func JSON(w io.Writer) Table { return newJSONSink(w) }

// Parquet writes a Parquet file to w: typed, optional columns, zstd-compressed.
func Parquet(w io.Writer) Table { return newParquetSink(w) }
