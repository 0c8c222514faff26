// Package dataset owns the data parindex starts from: the embedded facts (the official lists of
// units, the 2025 crosswalk and what the 2023 announcement of Kế Sách published, under data/),
// the illustrative frameworks, and the illustrative generator that makes the scores no decision
// publishes, deterministically and reproducing every published fact of 2023; and the national
// illustrative dataset (every commune of the official lists, 2005–2025), whose plan streams its
// scores a parent and year at a time so that they need not be held.
//
// Its values are plain rows (Unit, Lineage, Framework, Published, Score …) gathered in a
// Dataset. The package never touches the database: the Store (package analytics) loads a
// Dataset in one transaction, and writes the national dataset's scores as NationalPlan.Generate
// emits them.
package dataset
