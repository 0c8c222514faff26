// Package dataset owns the data parindex starts from: the embedded facts (the official lists of
// units, the 2025 crosswalk and what the 2023 announcement of Kế Sách published, under data/),
// the illustrative frameworks, and the illustrative generator that makes the scores no decision
// publishes, deterministically and reproducing every published fact of 2023.
//
// Its values are plain rows (Unit, Lineage, Framework, Published, Score …) gathered in a
// Dataset. The package never touches the database: the Store (package analytics) loads a
// Dataset in one transaction, and its national build calls BuildYear for every district and year.
package dataset
