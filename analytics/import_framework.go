package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/parindex/parindex/analytics/annex"

	"github.com/parindex/parindex/analytics/dataset"
)

// A framework file is one table; each row gives one of:
//
//   - a criterion: field_slug, field_name_vi, field_name_en, criterion_code, criterion_name,
//     max_points, and, when the framework splits its total into components, the field's
//     component (component, component_name_vi, component_name_en);
//   - a bonus or penalty criterion (điểm thưởng, điểm trừ): kind BONUS or PENALTY,
//     criterion_code, criterion_name, max_points, and no field;
//   - a class (nhóm, xếp loại), best first: group_code, group_label_vi, group_label_en, and its
//     least total as min_percent or min_points (the last may leave it empty: it takes the rest);
//   - a cohort of kinds of units ranked among themselves: cohort, cohort_name_vi,
//     cohort_name_en, cohort_kinds (the kinds as the official lists write them, separated by
//     "|" or ";").
//
// The issuer, decision, date and first year are the request's (Issuer, Decision, Date, Year).

// frameworkColumns are the columns every framework file has; frameworkOptional those it may have.
var (
	frameworkColumns = []string{"field_slug", "field_name_vi", "field_name_en", "criterion_code", "criterion_name", "max_points",
		"group_code", "group_label_vi", "group_label_en"}
	frameworkOptional = []string{"min_percent", "min_points", "kind", "component", "component_name_vi", "component_name_en",
		"cohort", "cohort_name_vi", "cohort_name_en", "cohort_kinds"}
)

// A framework has 2 to 6 classes.
const (
	minGroups = 2
	maxGroups = 6
)

// slugPattern is a slug of a field, component or cohort: the API's stable key.
var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// frameworkVocabulary is what a framework file is checked against beyond itself: the kinds of
// units a cohort may list, and the Vietnamese names of the API's fields, so that a field named
// like one of them keeps its slug (and compares across frameworks).
type frameworkVocabulary struct {
	kinds      map[string]string // folded -> as the official lists write it
	kindList   []string          // for suggestions, in the order of the lists
	fieldNames map[string]string // folded Vietnamese name -> slug of the API's field
}

// newFrameworkVocabulary reads the vocabulary from the reference data: the kinds of the units
// that have none under them (communes, wards, towns, special zones), the names every framework
// gives the API's fields.
func newFrameworkVocabulary(r *refs) frameworkVocabulary {
	v := frameworkVocabulary{kinds: map[string]string{}, fieldNames: map[string]string{}}
	isParent := map[string]bool{}
	for _, u := range r.units {
		isParent[u.parentID] = true
	}
	units := make([]*unitRef, 0, len(r.units))
	for _, u := range r.units {
		if !isParent[u.id] && u.ref.Kind != "" {
			units = append(units, u)
		}
	}
	slices.SortFunc(units, func(a, b *unitRef) int { return a.index - b.index })
	for _, u := range units {
		if k := annex.Fold(u.ref.Kind); v.kinds[k] == "" {
			v.kinds[k] = u.ref.Kind
			v.kindList = append(v.kindList, u.ref.Kind)
		}
	}
	for _, fields := range r.fields {
		for _, f := range fields {
			if slices.Contains(dataset.FieldSlugs, f.Slug) {
				v.fieldNames[annex.Fold(f.NameVi)] = f.Slug
			}
		}
	}
	return v
}

// adjustmentKinds are the words a kind cell may hold, folded.
var adjustmentKinds = map[string]string{
	"": "", "score": "", "diem": "",
	"bonus": dataset.AdjustmentBonus, "diem thuong": dataset.AdjustmentBonus, "thuong": dataset.AdjustmentBonus,
	"penalty": dataset.AdjustmentPenalty, "diem tru": dataset.AdjustmentPenalty, "tru": dataset.AdjustmentPenalty,
}

// parseFrameworkFile reads a framework file into fw (whose ID, name, issuer and first year the
// caller sets), with its problems.
func parseFrameworkFile(sh annex.Sheet, fw dataset.Framework, voc frameworkVocabulary) (dataset.Framework, []ImportProblem) {
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
	header := "the header is: " + strings.Join(frameworkColumns, ",") + ",min_percent (or min_points); optional: " + strings.Join(frameworkOptional[2:], ",")
	for _, c := range frameworkColumns {
		if _, ok := col[c]; !ok {
			add(1, "", "MISSING_COLUMN", fmt.Sprintf("no column %s", c), header)
		}
	}
	_, hasPercent := col["min_percent"]
	_, hasPoints := col["min_points"]
	if !hasPercent && !hasPoints {
		add(1, "", "MISSING_COLUMN", "no column min_percent or min_points", header)
	}
	if len(problems) > 0 {
		return fw, problems
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok {
			return cellAt(row, i)
		}
		return ""
	}
	at := func(name string) string {
		if i, ok := col[name]; ok {
			return columnName(i)
		}
		return ""
	}
	type bandRow struct {
		dataset.Band
		line   int
		hasMin bool
	}
	var bands []bandRow
	codes := map[string]int{}       // criterion code -> row
	fieldLine := map[string]int{}   // field slug -> its first row
	groupCodes := map[string]int{}  // group code -> row
	groupLabels := map[string]int{} // folded label -> row
	cohortLine := map[string]int{}  // cohort slug -> row
	cohortOf := map[string]string{} // kind -> cohort slug
	componentLine := map[string]int{}
	for i, row := range sh.Rows[1:] {
		line := sh.Line(i + 1)
		group, cohort := get(row, "group_code"), get(row, "cohort")
		slug, code, kind := get(row, "field_slug"), get(row, "criterion_code"), get(row, "kind")
		criterion := slug != "" || code != "" || kind != ""
		switch {
		case group != "" && (cohort != "" || criterion) || cohort != "" && criterion:
			add(line, "", "MIXED_ROW", "the row gives more than one of a criterion, a group and a cohort", "give each its own row")

		case group != "":
			b := bandRow{Band: dataset.Band{Code: group, LabelVi: get(row, "group_label_vi"), LabelEn: get(row, "group_label_en")}, line: line}
			if first, dup := groupCodes[group]; dup {
				add(line, at("group_code"), "DUPLICATE_GROUP", fmt.Sprintf("group %s is given twice (row %d)", echo(group), first), "give every group one row and its own code")
				continue
			}
			groupCodes[group] = line
			if b.LabelVi == "" || b.LabelEn == "" {
				add(line, at("group_label_vi"), "MISSING_LABEL", fmt.Sprintf("group %s needs a Vietnamese and an English label", echo(group)),
					"write the label as the decision does (Tốt), and in English (Good)")
			} else if first, dup := groupLabels[annex.Fold(b.LabelVi)]; dup {
				add(line, at("group_label_vi"), "DUPLICATE_GROUP", fmt.Sprintf("the label %s is given twice (row %d)", echo(b.LabelVi), first), "a file's group cells name a group by its label: give each group its own")
			} else {
				groupLabels[annex.Fold(b.LabelVi)] = line
			}
			percent, points := get(row, "min_percent"), get(row, "min_points")
			switch {
			case percent != "" && points != "":
				add(line, at("min_points"), "GROUP_MINIMUM", fmt.Sprintf("group %s gives its minimum both in percent and in points", echo(group)), "give one of them, as the decision does")
				continue
			case percent != "":
				v, ok := annex.ParseNumber(percent)
				if !ok || v < 0 || v > 100 {
					add(line, at("min_percent"), "NOT_A_NUMBER", fmt.Sprintf("min_percent %s is not a percent between 0 and 100", echo(percent)), "write 90 for ≥ 90 %")
					continue
				}
				b.Min, b.hasMin = v, true
			case points != "":
				v, ok := annex.ParseNumber(points)
				if !ok || v < 0 || v > 1000 {
					add(line, at("min_points"), "NOT_A_NUMBER", fmt.Sprintf("min_points %s is not a number of points from 0", echo(points)), "write 93 for ≥ 93 points")
					continue
				}
				b.Min, b.InPoints, b.hasMin = v, true, true
			}
			bands = append(bands, b)

		case cohort != "":
			c := dataset.Cohort{Slug: cohort, NameVi: get(row, "cohort_name_vi"), NameEn: get(row, "cohort_name_en")}
			if !slugPattern.MatchString(cohort) {
				add(line, at("cohort"), "BAD_SLUG", fmt.Sprintf("cohort %s is not a slug", echo(cohort)), "write it in lowercase letters, digits and underscores, e.g. phuong")
				continue
			}
			if first, dup := cohortLine[cohort]; dup {
				add(line, at("cohort"), "DUPLICATE_COHORT", fmt.Sprintf("cohort %s is given twice (row %d)", cohort, first), "give every cohort one row, with all its kinds")
				continue
			}
			cohortLine[cohort] = line
			if c.NameVi == "" || c.NameEn == "" {
				add(line, at("cohort_name_vi"), "MISSING_NAME", fmt.Sprintf("cohort %s needs a Vietnamese and an English name", cohort), "e.g. Phường / Wards")
			}
			for _, k := range strings.FieldsFunc(get(row, "cohort_kinds"), func(r rune) bool { return r == '|' || r == ';' }) {
				kind, ok := voc.kinds[annex.Fold(k)]
				switch {
				case strings.TrimSpace(k) == "":
					continue
				case !ok:
					add(line, at("cohort_kinds"), "UNKNOWN_UNIT_KIND", fmt.Sprintf("%s is not a kind of unit of the official lists", echo(strings.TrimSpace(k))), "kinds: "+strings.Join(voc.kindList, ", "))
					continue
				}
				if other, dup := cohortOf[kind]; dup {
					add(line, at("cohort_kinds"), "KIND_IN_TWO_COHORTS", fmt.Sprintf("units of kind %s are in cohort %s and in cohort %s", kind, other, cohort), "a kind of unit is ranked in one cohort")
					continue
				}
				cohortOf[kind] = cohort
				c.Kinds = append(c.Kinds, kind)
			}
			if len(c.Kinds) == 0 && !slices.ContainsFunc(problems, func(p ImportProblem) bool { return p.Row == line }) {
				add(line, at("cohort_kinds"), "MISSING_KINDS", fmt.Sprintf("cohort %s lists no kind of unit", cohort), "list the kinds it ranks together, e.g. Xã|Đặc khu")
			}
			fw.Cohorts = append(fw.Cohorts, c)

		case criterion:
			adj, ok := adjustmentKinds[annex.Fold(kind)]
			if !ok {
				add(line, at("kind"), "UNKNOWN_KIND", fmt.Sprintf("kind %s is not SCORE, BONUS or PENALTY", echo(kind)), "leave it empty for a scored criterion; BONUS for điểm thưởng, PENALTY for điểm trừ")
				continue
			}
			if first, dup := codes[code]; dup || code == "" {
				add(line, at("criterion_code"), "DUPLICATE_CRITERION", fmt.Sprintf("criterion %s is empty or given twice (row %d)", echo(code), first), "give every criterion one row and its own code")
				continue
			}
			codes[code] = line
			max, ok := annex.ParseNumber(get(row, "max_points"))
			if !ok || max <= 0 || max > 100 {
				add(line, at("max_points"), "NOT_A_NUMBER", fmt.Sprintf("max_points %s is not a number of points above 0", echo(get(row, "max_points"))), "write the criterion's maximum, e.g. 2,5")
				continue
			}
			component := get(row, "component")
			if adj != "" {
				if slug != "" || component != "" {
					add(line, at("field_slug"), "ADJUSTMENT_IN_FIELD", fmt.Sprintf("%s criterion %s is in a field or component: bonus and penalty points count in the total only", strings.ToLower(adj), code),
						"leave field_slug and component empty on its row")
					continue
				}
				fw.Adjustments = append(fw.Adjustments, dataset.Adjustment{Code: code, Name: get(row, "criterion_name"), Kind: adj, MaxCents: annex.Cents(max)})
				continue
			}
			if !slugPattern.MatchString(slug) {
				add(line, at("field_slug"), "UNKNOWN_FIELD", fmt.Sprintf("field %s is not a slug", echo(slug)),
					"the API's fields: "+strings.Join(dataset.FieldSlugs, ", ")+"; a field of another kind (a satisfaction survey) gets a slug of its own in lowercase letters, digits and underscores, e.g. satisfaction")
				continue
			}
			nameVi, nameEn := get(row, "field_name_vi"), get(row, "field_name_en")
			fi := fw.FieldIndex(slug)
			if fi < 0 {
				if nameVi == "" || nameEn == "" {
					add(line, at("field_name_vi"), "MISSING_NAME", fmt.Sprintf("field %s needs a Vietnamese and an English name", slug), "write the field's name as the decision does, and in English")
				} else if api, named := voc.fieldNames[annex.Fold(nameVi)]; named && api != slug {
					add(line, at("field_slug"), "FIELD_SLUG_DIFFERS", fmt.Sprintf("field %s is named %s, as the API's field %s is", slug, echo(nameVi), api),
						fmt.Sprintf("use the slug %s, so that the field compares across frameworks", api))
				}
				fw.Fields = append(fw.Fields, dataset.Field{Slug: slug, NameVi: nameVi, NameEn: nameEn, Component: component})
				fieldLine[slug] = line
				fi = len(fw.Fields) - 1
			} else {
				f := fw.Fields[fi]
				if annex.Fold(f.NameVi) != annex.Fold(nameVi) || annex.Fold(f.NameEn) != annex.Fold(nameEn) {
					add(line, at("field_name_vi"), "FIELD_NAME_DIFFERS", fmt.Sprintf("field %s is named %s / %s here and %s / %s on row %d", slug, echo(nameVi), echo(nameEn), echo(f.NameVi), echo(f.NameEn), fieldLine[slug]),
						"write the field's names the same on each of its rows")
				}
				if f.Component != component {
					add(line, at("component"), "COMPONENT_DIFFERS", fmt.Sprintf("field %s is in component %s here and %s on row %d", slug, echo(component), echo(f.Component), fieldLine[slug]),
						"a field counts in one component: give it on each of the field's rows")
				}
			}
			if component != "" {
				name := dataset.Component{Slug: component, NameVi: get(row, "component_name_vi"), NameEn: get(row, "component_name_en")}
				k := slices.IndexFunc(fw.Components, func(c dataset.Component) bool { return c.Slug == component })
				switch {
				case !slugPattern.MatchString(component):
					add(line, at("component"), "BAD_SLUG", fmt.Sprintf("component %s is not a slug", echo(component)), "write it in lowercase letters, digits and underscores, e.g. tham_dinh")
				case k < 0:
					fw.Components = append(fw.Components, name)
					componentLine[component] = line
				default:
					c := &fw.Components[k]
					if name.NameVi != "" && c.NameVi != "" && annex.Fold(name.NameVi) != annex.Fold(c.NameVi) || name.NameEn != "" && c.NameEn != "" && annex.Fold(name.NameEn) != annex.Fold(c.NameEn) {
						add(line, at("component_name_vi"), "COMPONENT_NAME_DIFFERS", fmt.Sprintf("component %s is named %s here and %s on row %d", component, echo(name.NameVi), echo(c.NameVi), componentLine[component]),
							"write the component's names the same wherever they are given")
					}
					c.NameVi, c.NameEn = cmp.Or(c.NameVi, name.NameVi), cmp.Or(c.NameEn, name.NameEn)
				}
			}
			fw.Fields[fi].Criteria = append(fw.Fields[fi].Criteria, dataset.Criterion{Code: code, Name: get(row, "criterion_name"), MaxCents: annex.Cents(max)})
		}
	}
	for _, c := range fw.Components {
		if c.NameVi == "" || c.NameEn == "" {
			add(componentLine[c.Slug], at("component_name_vi"), "MISSING_NAME", fmt.Sprintf("component %s needs a Vietnamese and an English name", c.Slug), "e.g. Điểm thẩm định / Appraisal against the index")
		}
	}
	if len(fw.Components) > 0 {
		var without []string
		for _, f := range fw.Fields {
			if f.Component == "" {
				without = append(without, f.Slug)
			}
		}
		if len(without) > 0 {
			add(fieldLine[without[0]], at("component"), "MISSING_COMPONENT", fmt.Sprintf("fields %s are in no component, while others are", strings.Join(without, ", ")),
				"a framework split into components puts every field in one of them")
		}
	}
	if len(fw.Fields) == 0 && len(problems) == 0 {
		add(0, "", "NO_ROWS", "the file defines no criterion", "one row per criterion")
	}
	switch {
	case len(bands) == 0 && len(problems) == 0:
		add(0, "", "NO_GROUPS", "the file defines no group band", "one row per group: group_code, group_label_vi, group_label_en, min_percent or min_points")
	case len(bands) > 0 && (len(bands) < minGroups || len(bands) > maxGroups):
		add(bands[0].line, at("group_code"), "GROUP_COUNT", fmt.Sprintf("the file defines %d groups; a framework has %d to %d", len(bands), minGroups, maxGroups), "one row per group of the decision")
	}
	// Every minimum is in percent, or every one in points; the last group may give none.
	inPoints := slices.ContainsFunc(bands, func(b bandRow) bool { return b.hasMin && b.InPoints })
	for i := range bands {
		b := &bands[i]
		switch {
		case !b.hasMin && i < len(bands)-1:
			add(b.line, at("min_percent"), "GROUP_MINIMUM", fmt.Sprintf("group %s gives no minimum", b.Code), "only the last group may leave its minimum empty: it takes every total that reaches no other")
		case !b.hasMin:
			b.InPoints = inPoints
		case b.InPoints != inPoints:
			add(b.line, at("min_percent"), "GROUPS_MIXED", fmt.Sprintf("group %s gives its minimum in percent, others in points", b.Code), "give every group's minimum in percent, or every one in points")
		}
		if i > 0 && b.hasMin && bands[i-1].hasMin && b.Min >= bands[i-1].Min {
			add(b.line, at("group_code"), "GROUPS_NOT_ORDERED", fmt.Sprintf("group %s (%s) comes after group %s but its minimum %s is not below %s", b.Code, b.LabelVi, bands[i-1].Code,
				formatCents(annex.Cents(b.Min)), formatCents(annex.Cents(bands[i-1].Min))), "list the groups best first, each minimum below the one before")
		}
	}
	var reach int64 = fw.MaxCents()
	for _, a := range fw.Adjustments {
		if a.Kind == dataset.AdjustmentBonus {
			reach += a.MaxCents
		}
	}
	for _, b := range bands {
		if b.InPoints && annex.Cents(b.Min) > reach && len(fw.Fields) > 0 {
			add(b.line, at("min_points"), "GROUP_MINIMUM", fmt.Sprintf("group %s needs %s points, more than the framework's %s", b.Code, formatCents(annex.Cents(b.Min)), formatCents(reach)),
				"check the minimum, or the criteria's maximum points")
		}
		fw.Bands = append(fw.Bands, b.Band)
	}
	return fw, problems
}

// frameworkSheet is the sheet of a workbook that holds the framework table: the first whose
// header names the criterion codes, else the first.
func frameworkSheet(sheets []annex.Sheet) annex.Sheet {
	for _, sh := range sheets {
		if len(sh.Rows) > 0 && slices.ContainsFunc(sh.Rows[0], func(c string) bool { return annex.Fold(c) == "criterion_code" }) {
			return sh
		}
	}
	return sheets[0]
}

// FrameworkWritten is what a framework import writes, or would: the framework, its issuer and
// first year, what it holds, and the framework of the same issuer and first year it replaces.
type FrameworkWritten struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Issuer      *UnitRef `json:"issuer"`
	FirstYear   int      `json:"firstYear"`
	Fields      int      `json:"fields"`
	Criteria    int      `json:"criteria"`
	Adjustments int      `json:"adjustments"` // bonus and penalty criteria
	Groups      int      `json:"groups"`
	Components  int      `json:"components"`
	Cohorts     int      `json:"cohorts"`
	Replaces    *string  `json:"replaces"`
}

// importFramework writes an issuer's framework from a year as a new release: the framework and
// its scope (issuer, first year). The framework the scope held before, if any, is recorded with
// the issuer so that a rollback puts it back. It refuses a framework that would change what
// results already imported were scored or classed on.
func (s *Store) importFramework(ctx context.Context, req ImportRequest, rep *ImportReport, sheets []annex.Sheet, progress func(string)) (*ImportReport, error) {
	r := s.refs.Load()
	var release int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM releases`).Scan(&release); err != nil {
		return nil, fmt.Errorf("analytics: framework import: %w", err)
	}
	issuer, issuerProblem := newImportUnits(r, req.Year).frameworkIssuer(req.Issuer)
	if issuerProblem != nil {
		rep.Problems = append(rep.Problems, *issuerProblem)
	}
	base := dataset.Framework{ID: fmt.Sprintf("import-%d-r%d", req.Year, release), FirstYear: req.Year}
	if issuer != nil {
		base.ID = fmt.Sprintf("import-%s-%d-r%d", issuer.ref.Code, req.Year, release)
		base.Issuer = issuer.id
		base.Name = fmt.Sprintf("Bộ chỉ số cấp xã của %s từ năm %d theo Quyết định %s", inSentence(issuer), req.Year, req.Decision)
		if d, err := time.Parse(time.DateOnly, req.Date); err == nil {
			base.Name += " ngày " + d.Format("02/01/2006")
		}
	}
	sh := frameworkSheet(sheets)
	fw, problems := parseFrameworkFile(sh, base, newFrameworkVocabulary(r))
	rep.Layout = fmt.Sprintf("%s framework table%s", sh.Format, sheetSuffix(sh))
	written := &FrameworkWritten{ID: fw.ID, Name: fw.Name, FirstYear: fw.FirstYear, Fields: len(fw.Fields), Adjustments: len(fw.Adjustments),
		Groups: len(fw.Bands), Components: len(fw.Components), Cohorts: len(fw.Cohorts)}
	for _, f := range fw.Fields {
		written.Criteria += len(f.Criteria)
	}
	rep.Scores, rep.Published, rep.Framework = written.Criteria, written.Groups, written
	rep.Problems = append(rep.Problems, problems...)
	if issuer == nil {
		rep.Status = ImportRefused
		return rep, nil
	}
	ref := issuer.ref
	written.Issuer = &ref
	previous := r.scopeFramework(issuer.id, req.Year)
	if previous != "" {
		written.Replaces = &previous
	}
	if len(rep.Problems) == 0 {
		// The same file in effect for the same issuer changes nothing, results imported since
		// notwithstanding.
		if release, err := s.inEffect(ctx, rep, issuer.id); err != nil {
			return nil, err
		} else if release > 0 {
			written.ID, written.Replaces = previous, nil
			if fw := r.frameworks[previous]; fw != nil {
				written.Name = fw.name
			}
			rep.Status, rep.Release = ImportUnchanged, &release
			return rep, nil
		}
		if p := scopeConflict(r, issuer, req.Year); p != nil {
			rep.Problems = append(rep.Problems, *p)
		}
	}
	if len(rep.Problems) > 0 {
		rep.Status = ImportRefused
		return rep, nil
	}
	if req.DryRun {
		rep.Status = ImportDryRun
		return rep, nil
	}
	progress("writing the framework")
	scope := importScope{issuer: &issuer.id}
	if previous != "" {
		scope.previous = previous
		rep.UnitsChanged = 1
	} else {
		rep.UnitsAdded = 1
	}
	err := s.inTx(ctx, func(conn *sql.Conn) error {
		got, err := newRelease(ctx, conn, fmt.Sprintf("Nhập bộ chỉ số của %s từ năm %d theo Quyết định %s (%s)", inSentence(issuer), req.Year, req.Decision, req.FileName))
		if err != nil {
			return err
		}
		if got != release {
			return fmt.Errorf("release %d, expected %d", got, release)
		}
		var source int
		if err := conn.QueryRowContext(ctx, `INSERT INTO sources SELECT coalesce(max(id), 0) + 1, 'OFFICIAL', ?, ?, ?, ? FROM sources RETURNING id`,
			frameworkSourceTitle(req, issuer), req.Decision, req.Date, nullable(req.SourceURL)).Scan(&source); err != nil {
			return fmt.Errorf("source: %w", err)
		}
		fw.Source, fw.Decision = source, source
		if err := insertFramework(ctx, conn, fw); err != nil {
			return fmt.Errorf("framework: %w", err)
		}
		if err := insertImport(ctx, conn, release, req, rep, source, scope, nil); err != nil {
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

// frameworkSourceTitle names the decision that issued a framework, as the API shows it.
func frameworkSourceTitle(req ImportRequest, issuer *unitRef) string {
	t := "Quyết định " + req.Decision
	if d, err := time.Parse(time.DateOnly, req.Date); err == nil {
		t += " ngày " + d.Format("02/01/2006")
	}
	if req.Issuer != "" {
		t += " của " + req.Issuer
	}
	return t + fmt.Sprintf(" (bộ chỉ số của %s từ năm %d, tệp %s)", inSentence(issuer), req.Year, req.FileName)
}

// scopeConflict returns the problem of a scope of issuer from firstYear that would change the
// framework in force for units that already have results (scores, or published groups) in a
// year it covers: they were checked, totalled and classed against another framework, and their
// groups are codes of that framework. Nil when there are none.
func scopeConflict(r *refs, issuer *unitRef, firstYear int) *ImportProblem {
	const proposed = "\x00proposed"
	var scopes []frameworkScope
	for _, sc := range r.scopes {
		if sc.issuer != issuer.id || sc.firstYear != firstYear {
			scopes = append(scopes, sc)
		}
	}
	scopes = append(scopes, frameworkScope{issuer: issuer.id, code: issuer.ref.Code, firstYear: firstYear, framework: proposed})
	// In the order refresh reads them (first year, then issuer): inForce lets the later of two
	// equally near scopes win.
	slices.SortStableFunc(scopes, func(a, b frameworkScope) int {
		return cmp.Or(cmp.Compare(a.firstYear, b.firstYear), strings.Compare(a.issuer, b.issuer))
	})
	after := &refs{scopes: scopes} // inForce reads only the scopes
	code := issuer.ref.Code
	under := func(u *unitRef) bool {
		parent, _, _ := strings.Cut(u.parentID, "@")
		province, _, _ := strings.Cut(u.provinceID, "@")
		return parent == code || province == code
	}
	changed := map[yearUnit]string{}
	check := func(u *unitRef, year int) {
		if year < firstYear || !under(u) {
			return
		}
		if now := r.inForce(u, year); after.inForce(u, year) != now {
			changed[yearUnit{year, u.id}] = now
		}
	}
	for _, u := range r.units {
		for _, y := range u.years {
			check(u, y)
		}
	}
	for k := range r.published {
		if u := r.units[k.unit]; u != nil {
			check(u, k.year)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	perYear := map[int]int{}
	var frameworks []string
	for k, fw := range changed {
		perYear[k.year]++
		if !slices.Contains(frameworks, fw) {
			frameworks = append(frameworks, fw)
		}
	}
	slices.Sort(frameworks)
	var years []string
	for _, y := range slices.Sorted(maps.Keys(perYear)) {
		years = append(years, fmt.Sprintf("%d in %d", perYear[y], y))
	}
	var names []string
	for _, id := range frameworks {
		if fw := r.frameworks[id]; fw != nil {
			names = append(names, fmt.Sprintf("%s (%s)", id, fw.name))
		} else {
			names = append(names, id)
		}
	}
	return &ImportProblem{Code: "YEAR_HAS_SCORES",
		Message: fmt.Sprintf("units under %s already have results from %d on, scored or classed on framework %s: %s units",
			label(issuer), firstYear, strings.Join(names, ", "), strings.Join(years, ", ")),
		Suggestion: "a framework is imported before the results it scores: roll those results back (parindex releases, parindex rollback), import the framework, then the results again"}
}
