// Package analytics owns parindex's store: the DuckDB database, its migrations, the embedded
// default dataset with its illustrative generator, and every query the API answers.
//
// A Store is safe for concurrent use. Each query method takes a context first, runs one SQL
// statement and returns plain Go values; the package knows nothing of GraphQL or HTTP. Errors
// wrap ErrNotFound or ErrInvalidInput when the caller asked for something that does not exist or
// cannot be answered; any other error is internal.
//
// Tables are of three kinds: reference (units, lineage, frameworks, fields, criteria, group
// bands, sources, releases), facts (scores and what decisions published), and derived
// (unit_results, field_results), which are rebuilt in the same transaction as every load so that
// queries never aggregate raw scores.
package analytics
