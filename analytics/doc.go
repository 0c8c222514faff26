// Package analytics owns parindex's store: the DuckDB database, its migrations, the loading of
// the default dataset (package dataset: the embedded facts and the illustrative generator), the
// national-scale build for benchmarks, and every query the API answers.
//
// A Store is safe for concurrent use. Each query method takes a context first, runs one SQL
// statement (two when asked for nested details) or reads the read model, and returns plain Go
// values; the package knows nothing of GraphQL or HTTP. Errors wrap ErrNotFound, ErrInvalidInput or ErrTooManyRows when
// the caller asked for something that does not exist or cannot be answered; any other error is
// internal.
//
// Tables are of three kinds: reference (units, lineage, frameworks, fields, criteria, group
// bands, sources, releases), facts (scores and what decisions published), and derived, which
// derive.go rebuilds in the same transaction as every load, already joined and sorted for the
// requests that read them. The small reference data is also held in memory per data release
// (refs.go), so that resolving a code, naming a unit or labelling a group costs no query; so are
// the derived results of every unit and year (model.go, read a year at a time after each load),
// from which ranking, trend and changes answer without a statement. Aggregates, drill-downs to
// criteria and comparisons with benchmarks run in DuckDB.
//
// The parts that need no database are leaf packages the Store calls, which never call the
// Store: dataset (the embedded facts and the generator's rows, which Store.load's transaction
// writes), annex and export. An import reads its file with package annex (the sheets of an XLSX
// workbook or CSV text, their encodings, numbers as an annex types them, the labels of its
// columns), then import_annex.go gives the rows their meaning against the units and the
// framework held here, and import.go checks, stages and commits them in one transaction.
//
// Exports (export.go: the selection and its plan; export_stream.go: the rows, read in the order
// the derived tables keep; export_write.go: the rows of each shape, the README and what
// datapackage.json and CITATION.cff say) stream files of any selection to an io.Writer without
// holding the rows, through the format writers of package export (CSV, JSON, XLSX, Parquet, the
// zip bundle, the descriptor and the citation). They are the one thing that writes files: into a private directory that Open
// allows before it locks DuckDB down.
package analytics
