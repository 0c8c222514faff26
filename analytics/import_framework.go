package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/parindex/parindex/analytics/annex"

	"github.com/parindex/parindex/analytics/dataset"
)

// A framework file is one table: a row per criterion (field_slug, field_name_vi, field_name_en,
// criterion_code, criterion_name, max_points) and a row per group band (group_code,
// group_label_vi, group_label_en, min_percent). Field slugs are the API's stable slugs.
var frameworkColumns = []string{"field_slug", "field_name_vi", "field_name_en", "criterion_code", "criterion_name", "max_points",
	"group_code", "group_label_vi", "group_label_en", "min_percent"}

// parseFrameworkFile reads a framework file into a definition, with its problems.
func parseFrameworkFile(sh annex.Sheet, id, name string, year int) (dataset.Framework, []ImportProblem) {
	fw := dataset.Framework{ID: id, Name: name, FirstYear: year}
	var problems []ImportProblem
	add := func(row int, col, code, msg, suggestion string) {
		problems = append(problems, ImportProblem{Row: row, Column: col, Code: code, Message: msg, Suggestion: suggestion})
	}
	if len(sh.Rows) == 0 {
		add(0, "", "EMPTY_FILE", "the file holds no rows", "")
		return fw, problems
	}
	col := map[string]int{}
	for i, c := range sh.Rows[0] {
		col[annex.Fold(c)] = i
	}
	for _, c := range frameworkColumns {
		if _, ok := col[c]; !ok {
			add(1, "", "MISSING_COLUMN", fmt.Sprintf("no column %s", c), "the header is: "+strings.Join(frameworkColumns, ","))
		}
	}
	if len(problems) > 0 {
		return fw, problems
	}
	get := func(row []string, name string) string { return cellAt(row, col[name]) }
	codes := map[string]int{}
	for i, row := range sh.Rows[1:] {
		line := i + 2
		if code := get(row, "group_code"); code != "" {
			min, ok := annex.ParseNumber(get(row, "min_percent"))
			if !ok || min < 0 || min > 100 {
				add(line, columnName(col["min_percent"]), "NOT_A_NUMBER", fmt.Sprintf("min_percent %s is not a percent between 0 and 100", echo(get(row, "min_percent"))), "write 90 for ≥ 90 %")
				continue
			}
			fw.Bands = append(fw.Bands, dataset.Band{Code: code, LabelVi: get(row, "group_label_vi"), LabelEn: get(row, "group_label_en"), Min: min})
			continue
		}
		slug, code := get(row, "field_slug"), get(row, "criterion_code")
		if slug == "" && code == "" {
			continue
		}
		if !slices.Contains(dataset.FieldSlugs, slug) {
			add(line, columnName(col["field_slug"]), "UNKNOWN_FIELD", fmt.Sprintf("field %s is not one of the API's fields", echo(slug)), "fields: "+strings.Join(dataset.FieldSlugs, ", "))
			continue
		}
		if first, dup := codes[code]; dup || code == "" {
			add(line, columnName(col["criterion_code"]), "DUPLICATE_CRITERION", fmt.Sprintf("criterion %s is empty or given twice (row %d)", echo(code), first), "give every criterion one row and its own code")
			continue
		}
		codes[code] = line
		max, ok := annex.ParseNumber(get(row, "max_points"))
		if !ok || max <= 0 || max > 100 {
			add(line, columnName(col["max_points"]), "NOT_A_NUMBER", fmt.Sprintf("max_points %s is not a number of points above 0", echo(get(row, "max_points"))), "write the criterion's maximum, e.g. 2,5")
			continue
		}
		fi := fw.FieldIndex(slug)
		if fi < 0 {
			fw.Fields = append(fw.Fields, dataset.Field{Slug: slug, NameVi: get(row, "field_name_vi"), NameEn: get(row, "field_name_en")})
			fi = len(fw.Fields) - 1
		}
		fw.Fields[fi].Criteria = append(fw.Fields[fi].Criteria, dataset.Criterion{Code: code, Name: get(row, "criterion_name"), MaxCents: annex.Cents(max)})
	}
	if len(fw.Fields) == 0 && len(problems) == 0 {
		add(0, "", "NO_ROWS", "the file defines no criterion", "one row per criterion")
	}
	if len(fw.Bands) == 0 && len(problems) == 0 {
		add(0, "", "NO_GROUPS", "the file defines no group band", "one row per group: group_code, group_label_vi, group_label_en, min_percent")
	}
	slices.SortStableFunc(fw.Bands, func(a, b dataset.Band) int { return compareFloat(b.Min, a.Min) })
	return fw, problems
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// importFramework writes a framework for a year that has no scores yet, as a new release. The
// framework the year had before, if one, is recorded so that a rollback can restore it.
func (s *Store) importFramework(ctx context.Context, req ImportRequest, rep *ImportReport, sheets []annex.Sheet, progress func(string)) (*ImportReport, error) {
	r := s.refs.Load()
	var release int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM releases`).Scan(&release); err != nil {
		return nil, fmt.Errorf("analytics: framework import: %w", err)
	}
	id := fmt.Sprintf("import-%d-r%d", req.Year, release)
	fw, problems := parseFrameworkFile(sheets[0], id, "Bộ chỉ số năm "+strconv.Itoa(req.Year)+" theo Quyết định "+req.Decision, req.Year)
	rep.Layout = fmt.Sprintf("%s framework table", sheets[0].Format)
	for _, f := range fw.Fields {
		rep.Scores += len(f.Criteria)
	}
	rep.Published = len(fw.Bands)
	rep.Problems = append(rep.Problems, problems...)
	if slices.Contains(r.years, req.Year) {
		rep.Problems = append(rep.Problems, ImportProblem{Code: "YEAR_HAS_SCORES", Message: fmt.Sprintf("%d already has scores on framework %s", req.Year, r.yearFramework(req.Year)),
			Suggestion: "a framework is imported before the results of its year; roll back the year's results first"})
	}
	if len(rep.Problems) > 0 {
		rep.Status = ImportRefused
		return rep, nil
	}
	if done, err := s.settle(ctx, rep, req.DryRun); err != nil {
		return nil, err
	} else if done {
		return rep, nil
	}
	progress("writing the framework")
	var previous any
	if p := r.scopeFramework("", req.Year); p != "" {
		previous = p
		rep.UnitsChanged = 1
	} else {
		rep.UnitsAdded = 1
	}
	err := s.inTx(ctx, func(conn *sql.Conn) error {
		got, err := newRelease(ctx, conn, fmt.Sprintf("Nhập bộ chỉ số năm %d theo Quyết định %s (%s)", req.Year, req.Decision, req.FileName))
		if err != nil {
			return err
		}
		if got != release {
			return fmt.Errorf("release %d, expected %d", got, release)
		}
		var source int
		if err := conn.QueryRowContext(ctx, `INSERT INTO sources SELECT coalesce(max(id), 0) + 1, 'OFFICIAL', ?, ?, ?, ? FROM sources RETURNING id`,
			sourceTitle(req), req.Decision, req.Date, nullable(req.SourceURL)).Scan(&source); err != nil {
			return fmt.Errorf("source: %w", err)
		}
		if err := insertFramework(ctx, conn, fw); err != nil {
			return fmt.Errorf("framework: %w", err)
		}
		if _, err := conn.ExecContext(ctx, `UPDATE frameworks SET source_id = ? WHERE id = ?`, source, fw.ID); err != nil {
			return err
		}
		if err := insertImport(ctx, conn, release, req, rep, source, previous, nil); err != nil {
			return err
		}
		return refreshDerivedYear(ctx, conn, req.Year)
	})
	if err != nil {
		return nil, fmt.Errorf("analytics: framework import: %w", err)
	}
	if err := s.refresh(ctx); err != nil {
		return nil, err
	}
	rep.Status, rep.Release = ImportCommitted, &release
	return rep, nil
}
