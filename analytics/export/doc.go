// Package export writes the formats of parindex's exports to an io.Writer from the rows it is
// handed: CSV, JSON and Parquet tables, the Data sheet and the other sheets of an XLSX workbook,
// and the zip bundle that carries a data file beside its datapackage.json, CITATION.cff and
// README.md.
//
// A Table takes its columns once, then rows of Cells, then End; a Cell is text, a whole number,
// a number or missing, and a missing value is written as empty or null, never as 0. Rows are
// written as they come: a writer holds no more than its buffer (a Parquet row group, an XLSX
// sheet in excelize's temporary file). A Package is written as datapackage.json and a Citation
// as CITATION.cff from the values they are given. The package never touches the database: which
// rows an export holds, their order, what its descriptor and citation say and the text of its
// README are the Store's (package analytics, export_write.go), which hands them here.
package export
