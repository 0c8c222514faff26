// Package annex reads the files an import is given, the annex of a decision as an XLSX workbook
// or CSV text, or a long CSV, into tables of text cells, and reads the cells as an annex writes
// them: numbers with a decimal comma or a percent sign, criterion codes and the labels of header
// columns, group numerals, names folded for matching.
//
// It owns what a file is before any meaning is given to it: the limits of a file (its bytes,
// rows and columns, an XLSX once unzipped), the encodings Excel writes on a Vietnamese Windows
// (UTF-8, UTF-16, Windows-1258), the separator of a CSV file, merged cells of a workbook, and the
// refusals of a file as a whole (FileError). It never touches the database: matching rows to
// units and criteria, and checking points against a framework, is the Store's import in package
// analytics, which calls Read and the cell readers here.
package annex
