package analytics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/analytics/annex"

	"github.com/parindex/parindex/analytics/dataset"
)

// parsedFile is a file read into rows of a year: the scores and published results it gives, with
// the row each unit came from.
type parsedFile struct {
	layout    string // how the file was read, for the report
	units     []*unitRef
	rowOf     map[string]int // unit ID -> row
	scores    []dataset.Score
	published []dataset.Published
	hasScores bool
	problems  []ImportProblem
	warnings  []ImportProblem
	stated    []yearStatement // where the sheet read states its year (statedYears)
	// zeros are the codes read with the leading zeros Excel had dropped (see importUnits.unit),
	// each once, with the row it was first seen on.
	zeros     []restoredCode
	zerosSeen map[string]bool
	// noFrameworkSeen are the units reported as having no framework in force (noFramework).
	noFrameworkSeen map[string]bool
}

type restoredCode struct {
	typed, code string
	row         int
	col         string
}

// unit returns the unit of an official code in a row, noting a code read with its zeros restored.
func (p *parsedFile) unit(iu *importUnits, code string, row int, col string) *unitRef {
	u, restored := iu.unit(code)
	if restored && !p.zerosSeen[code] {
		if p.zerosSeen == nil {
			p.zerosSeen = map[string]bool{}
		}
		p.zerosSeen[code] = true
		p.zeros = append(p.zeros, restoredCode{typed: code, code: u.ref.Code, row: row, col: col})
	}
	return u
}

// noteRestoredCodes warns, once for the file, of the codes read with their zeros restored.
func (p *parsedFile) noteRestoredCodes() {
	if len(p.zeros) == 0 {
		return
	}
	var examples []string
	for _, z := range p.zeros[:min(len(p.zeros), 3)] {
		examples = append(examples, fmt.Sprintf("%s as %s (row %d)", z.typed, z.code, z.row))
	}
	if len(p.zeros) > 3 {
		examples = append(examples, "…")
	}
	p.warn(p.zeros[0].row, p.zeros[0].col, "CODE_ZEROS_RESTORED",
		fmt.Sprintf("%d unit codes had lost their leading zeros and were read with five digits: %s", len(p.zeros), strings.Join(examples, ", ")),
		"Excel drops the zeros of a code it takes for a number: format the code column as text to keep them")
}

func (p *parsedFile) problem(row int, col, code, msg, suggestion string) {
	p.problems = append(p.problems, ImportProblem{Row: row, Column: col, Code: code, Message: msg, Suggestion: suggestion})
}

func (p *parsedFile) warn(row int, col, code, msg, suggestion string) {
	p.warnings = append(p.warnings, ImportProblem{Row: row, Column: col, Code: code, Message: msg, Suggestion: suggestion})
}

// columnName is the spreadsheet name of a 0-based column: 0 -> "A".
func columnName(c int) string {
	n, err := excelize.ColumnNumberToName(c + 1)
	if err != nil {
		return strconv.Itoa(c + 1)
	}
	return n
}

func cellAt(row []string, c int) string {
	if c < 0 || c >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[c])
}

// annexColumn is a column of an annex and what it holds.
type annexColumn struct {
	index     int
	role      annex.Role
	criterion int    // index in the framework, for annex.RoleCriterion
	field     string // slug, for annex.RoleFieldTotal of a field
	component string // slug, for annex.RoleFieldTotal of a component
	head      string // the header text, for messages
}

// isLongTable reports whether the first row names the long format's columns: a CSV file, or an
// XLSX sheet such as the Data sheet of parindex's own export.
func isLongTable(s annex.Sheet) bool {
	if len(s.Rows) == 0 {
		return false
	}
	has := map[string]bool{}
	for _, c := range s.Rows[0] {
		has[annex.Fold(c)] = true
	}
	return has["unit_code"] && has["criterion_code"] && has["points"]
}

// parseLong reads the long format: one row per unit and criterion (unit_code, criterion_code,
// points; unit_name optional and checked against the code). parindex's own long export at level
// criterion is this format with more columns, some of which an import must not ignore: year and
// level must be the import's, source_kind must not be ILLUSTRATIVE (generated numbers are not a
// decision's), and published_group and published_rank, when given, are the unit's published
// result, read as an annex's group and rank.
func parseLong(s annex.Sheet, fws *frameworkSet, iu *importUnits) *parsedFile {
	layout := "long CSV" + encodingNote(s)
	if s.Format == "XLSX" {
		layout = fmt.Sprintf("long table, sheet %q", s.Name)
	}
	p := &parsedFile{layout: layout + " (unit_code, criterion_code, points)", rowOf: map[string]int{}, hasScores: true,
		scores: make([]dataset.Score, 0, len(s.Rows))} // one score per row

	col := map[string]int{}
	for i, c := range s.Rows[0] {
		col[annex.Fold(c)] = i
	}
	optional := func(name string) int {
		if i, ok := col[name]; ok {
			return i
		}
		return -1
	}
	nameCol := optional("unit_name")
	unitCol, critCol, pointsCol := col["unit_code"], col["criterion_code"], col["points"]
	yearCol, levelCol, kindCol := optional("year"), optional("level"), optional("source_kind")
	groupCol, rankCol := optional("published_group"), optional("published_rank")
	if groupCol >= 0 || rankCol >= 0 {
		p.layout = layout + " (unit_code, criterion_code, points, published_group, published_rank)"
	}
	given := map[string][]int{} // a unit's line of each criterion, 0 where none is given yet
	totals := map[string]int64{}
	pubs := map[string]*longPublished{}
	var wrong wrongRows
	year := strconv.Itoa(iu.year)
	for i, row := range s.Rows[1:] {
		line := s.Line(i + 1)
		code, crit, pts := cellAt(row, unitCol), cellAt(row, critCol), cellAt(row, pointsCol)
		if code == "" && crit == "" && pts == "" {
			continue
		}
		if y := cellAt(row, yearCol); yearCol >= 0 && y != year {
			wrong.add("WRONG_YEAR", line, columnName(yearCol), y)
			continue
		}
		if l := cellAt(row, levelCol); levelCol >= 0 && l != LevelCriterion {
			wrong.add("WRONG_LEVEL", line, columnName(levelCol), l)
			continue
		}
		if k := cellAt(row, kindCol); k == string(SourceIllustrative) {
			wrong.add("ILLUSTRATIVE_ROWS", line, columnName(kindCol), k)
		}
		for c := len(s.Rows[0]); c < len(row); c++ {
			if cellAt(row, c) != "" {
				wrong.add("EXTRA_CELLS", line, columnName(c), cellAt(row, c))
				break
			}
		}
		u := p.unit(iu, code, line, columnName(unitCol))
		if u == nil {
			p.problem(line, columnName(unitCol), "UNKNOWN_UNIT", fmt.Sprintf("no unit with code %s existed in %d", echo(code), iu.year), unknownCodeSuggestion(iu, cellAt(row, nameCol)))
			continue
		}
		if name := cellAt(row, nameCol); name != "" && annex.FoldUnitName(name) != annex.FoldUnitName(u.ref.Name) {
			p.problem(line, columnName(nameCol), "NAME_DIFFERS", fmt.Sprintf("code %s is %s, not %s", code, u.ref.Name, echo(name)), "check the code or the name")
		}
		fw := fws.of(u)
		if fw == nil {
			p.noFramework(line, columnName(unitCol), u, iu.year)
			continue
		}
		ci, ok := fw.byCode[crit]
		if !ok {
			p.problem(line, columnName(critCol), "UNKNOWN_CRITERION", fmt.Sprintf("criterion %s is not in framework %s, in force for %s in %d", echo(crit), fw.label(), u.ref.Name, iu.year),
				"criteria of that framework: "+fw.codeList())
			continue
		}
		lines := given[u.id]
		if lines == nil {
			p.rowOf[u.id] = line
			p.units = append(p.units, u)
			lines = make([]int, len(fw.criteria))
			given[u.id] = lines
		}
		if first := lines[ci]; first != 0 {
			p.problem(line, columnName(critCol), "DUPLICATE_SCORE", fmt.Sprintf("%s, criterion %s is given twice", u.ref.Name, echo(crit)), fmt.Sprintf("keep one of rows %d and %d", first, line))
			continue
		}
		lines[ci] = line
		p.longPublished(pubs, line, row, u, fw, groupCol, rankCol)
		cents, ok := p.points(line, columnName(pointsCol), pts, fw, fw.criteria[ci], u)
		if !ok {
			continue
		}
		totals[u.id] += cents
		p.scores = append(p.scores, dataset.Score{Year: iu.year, UnitID: u.id, Criterion: crit, Cents: cents})
	}
	wrong.report(p, iu.year)
	for _, u := range p.units {
		fw := fws.of(u)
		for ci, line := range given[u.id] {
			// A unit without a bonus or a penalty has no row for it.
			if c := fw.criteria[ci]; line == 0 && !c.adjustment() {
				p.problem(p.rowOf[u.id], columnName(critCol), "MISSING_CRITERION", fmt.Sprintf("%s has no points for criterion %s of framework %s", u.ref.Name, c.code, fw.id), "add a row; write 0 if the unit scored 0")
			}
		}
		pub := pubs[u.id]
		switch {
		case pub == nil:
		case pub.group == "" && pub.rank > 0:
			p.problem(pub.line, columnName(rankCol), "MISSING_GROUP", fmt.Sprintf("%s has a rank but no group", u.ref.Name), "a published result needs its group")
		case pub.group != "":
			// With a problem the totals may be partial; the file is refused anyway.
			if want := fw.groupOf(totals[u.id]); want.Code != pub.group && len(p.problems) == 0 {
				p.warn(pub.line, columnName(groupCol), "GROUP_DIFFERS", fmt.Sprintf("%s is published in group %s, its points give group %s (%s)", u.ref.Name, echo(pub.cell), want.Code, want.Label), "kept as published; both are shown")
			}
			p.published = append(p.published, dataset.Published{Year: iu.year, UnitID: u.id, Group: pub.group, Rank: pub.rank})
		}
	}
	return p
}

// longPublished is a unit's published result as the rows of a long file give it: every row of
// the unit repeats it.
type longPublished struct {
	line        int // the unit's first row
	group, cell string
	rank        int
	differs     bool // a later row disagrees (reported once)
}

// longPublished reads the published group and rank of one row of u and checks that they are
// those of u's first row.
func (p *parsedFile) longPublished(pubs map[string]*longPublished, line int, row []string, u *unitRef, fw *importFramework, groupCol, rankCol int) {
	if groupCol < 0 && rankCol < 0 {
		return
	}
	got := longPublished{line: line, cell: cellAt(row, groupCol)}
	if got.cell != "" {
		g, ok := fw.group(got.cell)
		if !ok {
			p.problem(line, columnName(groupCol), "UNKNOWN_GROUP", fmt.Sprintf("%s is not a group of framework %s, in force for %s", echo(got.cell), fw.label(), u.ref.Name), "groups: "+fw.groupList())
			return
		}
		got.group = g.Code
	}
	if text := cellAt(row, rankCol); text != "" {
		v, ok := annex.ParseNumber(text)
		if !ok || v < 1 || v != math.Trunc(v) || v > 1e6 {
			p.problem(line, columnName(rankCol), "NOT_A_NUMBER", fmt.Sprintf("rank %s is not a whole number from 1", echo(text)), "write the rank as 1, 2, 3 …")
			return
		}
		got.rank = int(v)
	}
	first := pubs[u.id]
	if first == nil {
		pubs[u.id] = &got
		return
	}
	if !first.differs && (first.group != got.group || first.rank != got.rank) {
		first.differs = true
		p.problem(line, columnName(groupCol), "PUBLISHED_DIFFERS", fmt.Sprintf("%s is published as group %q rank %d here but group %q rank %d on row %d", u.ref.Name, got.group, got.rank, first.group, first.rank, first.line),
			"every row of a unit carries the same published group and rank")
	}
}

// wrongRows counts the rows of a long file that belong to another year or level, or hold
// illustrative numbers, so that each kind is reported once, at its first row: an export of
// every year would otherwise give a problem per row.
type wrongRows struct {
	codes []string
	first map[string]wrongRow
	count map[string]int
}

type wrongRow struct {
	line        int
	column, val string
}

func (w *wrongRows) add(code string, line int, column, value string) {
	if w.first == nil {
		w.first, w.count = map[string]wrongRow{}, map[string]int{}
	}
	if _, ok := w.first[code]; !ok {
		w.codes = append(w.codes, code)
		w.first[code] = wrongRow{line, column, value}
	}
	w.count[code]++
}

func (w *wrongRows) report(p *parsedFile, year int) {
	for _, code := range w.codes {
		r, n := w.first[code], w.count[code]
		more := ""
		if n > 1 {
			more = fmt.Sprintf(" (and %d more rows)", n-1)
		}
		switch code {
		case "WRONG_YEAR":
			p.problem(r.line, r.column, code, fmt.Sprintf("the row is of year %s, the import of %d%s", echo(r.val), year, more),
				fmt.Sprintf("export the year alone (years=%d), or import the file as the year it holds", year))
		case "WRONG_LEVEL":
			p.problem(r.line, r.column, code, fmt.Sprintf("the row is at level %s; an import reads points per criterion%s", echo(r.val), more),
				"export with level=criterion")
		case "ILLUSTRATIVE_ROWS":
			p.problem(r.line, r.column, code, fmt.Sprintf("the row's source_kind is ILLUSTRATIVE: its points were generated by parindex, not published by a decision%s", more),
				"import the decision's own annex, or an export of results already imported from one (source_kind OFFICIAL)")
		case "EXTRA_CELLS":
			p.problem(r.line, r.column, code, fmt.Sprintf("the row has a cell (%s) beyond the header's columns%s: a decimal comma in an unquoted number (1,5) splits it into two cells", echo(r.val), more),
				`quote numbers written with a decimal comma ("1,5"), write them with a point (1.5), or save the file with semicolons`)
		}
	}
}

func unknownCodeSuggestion(iu *importUnits, name string) string {
	if name != "" {
		return iu.closest(name, "")
	}
	return "use the official code (mã ĐVHC) from the list of administrative units"
}

// points reads a criterion cell and checks it against the criterion of the unit's framework: a
// scored criterion or a bonus is between 0 and its maximum, a penalty between minus its maximum
// and 0 (negative points only where the framework takes points away).
func (p *parsedFile) points(line int, col, text string, fw *importFramework, c importCriterion, u *unitRef) (int64, bool) {
	if text == "" {
		p.problem(line, col, "EMPTY_CELL", fmt.Sprintf("%s has no points for criterion %s", u.ref.Name, c.code), "write 0 if the unit scored 0")
		return 0, false
	}
	v, ok := annex.ParseNumber(text)
	if !ok {
		p.problem(line, col, "NOT_A_NUMBER", fmt.Sprintf("%s is not a number (%s, criterion %s)", echo(text), u.ref.Name, c.code), "write points as 2,5 or 2.5")
		return 0, false
	}
	cents := annex.Cents(v)
	switch {
	case c.kind == dataset.AdjustmentPenalty && cents > 0:
		p.problem(line, col, "POSITIVE_PENALTY", fmt.Sprintf("%s points for %s, criterion %s, is above 0: it is a penalty (điểm trừ) of framework %s", text, u.ref.Name, c.code, fw.id),
			fmt.Sprintf("write a penalty as negative points, from -%s to 0", formatCents(c.maxCents)))
		return 0, false
	case c.kind == dataset.AdjustmentPenalty && cents < -c.maxCents:
		p.problem(line, col, "POINTS_BELOW_MINIMUM", fmt.Sprintf("%s points for %s, criterion %s, is below its minimum of -%s in framework %s", text, u.ref.Name, c.code, formatCents(c.maxCents), fw.id),
			fmt.Sprintf("check the cell: penalty %s takes at most %s points", c.code, formatCents(c.maxCents)))
		return 0, false
	case c.kind == dataset.AdjustmentPenalty:
		return cents, true
	case v < 0:
		what := "points are between 0 and the criterion's maximum"
		if c.kind == dataset.AdjustmentBonus {
			what = "bonus points (điểm thưởng) are between 0 and their maximum; only a penalty is negative"
		}
		p.problem(line, col, "NEGATIVE_POINTS", fmt.Sprintf("%s points for %s, criterion %s of framework %s, is below 0", text, u.ref.Name, c.code, fw.id), what)
		return 0, false
	case cents > c.maxCents:
		p.problem(line, col, "POINTS_ABOVE_MAXIMUM", fmt.Sprintf("%s points for %s, criterion %s, is above its maximum of %s in framework %s", text, u.ref.Name, c.code, formatCents(c.maxCents), fw.id),
			fmt.Sprintf("check the cell: criterion %s allows at most %s points", c.code, formatCents(c.maxCents)))
		return 0, false
	}
	return cents, true
}

// formatCents writes hundredths of a point with a decimal comma, as an annex does: 1250 -> "12,5".
func formatCents(c int64) string {
	s := strconv.FormatFloat(float64(c)/100, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}

// fieldOf returns the slug of the field whose name a header text gives ("Lĩnh vực 1", "I. Công tác
// chỉ đạo ...", the field's name), or "".
func (fws *frameworkSet) fieldOf(head string) string {
	k := annex.Fold(head)
	if k == "" {
		return ""
	}
	for i, f := range fws.fields {
		name := annex.Fold(f.NameVi)
		if strings.Contains(k, name) || (len(k) > 12 && strings.Contains(name, k)) ||
			k == "linh vuc "+strconv.Itoa(i+1) || strings.HasPrefix(k, "linh vuc "+strconv.Itoa(i+1)+" ") || strings.HasPrefix(k, "linh vuc "+strconv.Itoa(i+1)+":") {
			return f.Slug
		}
	}
	return ""
}

// findHeader returns the row of the annex's header (0-based) and whether the row under it is a
// second header row (criterion codes or column names under field names), or -1.
func findHeader(rows [][]string) (int, bool) {
	for r := 0; r < len(rows) && r < annex.HeaderScan; r++ {
		named, others := false, 0
		for _, c := range rows[r] {
			switch annex.RoleOf(annex.Fold(c)) {
			case annex.RoleName, annex.RoleCode:
				named = true
			case annex.RoleTotal, annex.RolePercent, annex.RoleRank, annex.RoleGroup:
				others++
			case annex.RoleNone:
				if annex.CriterionCode(c) != "" {
					others++
				}
			}
		}
		if !named {
			continue
		}
		second := false
		if r+1 < len(rows) {
			for _, c := range rows[r+1] {
				if annex.CriterionCode(c) != "" {
					second = true
				}
			}
			others += boolInt(second)
		}
		if others > 0 {
			return r, second
		}
	}
	return -1, false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// parseAnnex reads the layout of a decision's annex: a header of one or two rows (field names
// above criterion codes), then one row per unit with its points per criterion and, optionally,
// field totals, the total, the index in percent, the rank and the group.
func parseAnnex(s annex.Sheet, fws *frameworkSet, iu *importUnits, publishedOnly bool) *parsedFile {
	p := &parsedFile{rowOf: map[string]int{}}
	h, second := findHeader(s.Rows)
	if h < 0 {
		p.problem(0, "", "NO_HEADER", fmt.Sprintf("no header row found in the first %d rows%s", annex.HeaderScan, sheetSuffix(s)),
			"the annex needs a header row with the unit's name (Tên đơn vị) or code (Mã ĐVHC) and the criteria (1.1, 1.2 …), the total, the index, the rank or the group")
		return p
	}
	headerRows := []int{h}
	if second {
		headerRows = append(headerRows, h+1)
	}
	cols := p.annexColumns(s, headerRows, fws)
	var nameCol, codeCol, ordinalCol = -1, -1, -1
	byCriterion := map[int]int{}
	for _, c := range cols {
		switch c.role {
		case annex.RoleOrdinal:
			if ordinalCol < 0 {
				ordinalCol = c.index
			}
		case annex.RoleName:
			if nameCol < 0 {
				nameCol = c.index
			}
		case annex.RoleCode:
			if codeCol < 0 {
				codeCol = c.index
			}
		case annex.RoleCriterion:
			if prev, dup := byCriterion[c.criterion]; dup {
				p.problem(s.Line(headerRows[len(headerRows)-1]), columnName(c.index), "DUPLICATE_COLUMN", fmt.Sprintf("criterion %s has two columns, %s and %s", fws.codes[c.criterion], columnName(prev), columnName(c.index)), "remove one of them")
			}
			byCriterion[c.criterion] = c.index
		}
	}
	p.hasScores = len(byCriterion) > 0
	layout := fmt.Sprintf("%s annex%s%s, header in row %d", s.Format, encodingNote(s), sheetSuffix(s), s.Line(h))
	if second {
		layout = fmt.Sprintf("%s annex%s%s, header in rows %d–%d", s.Format, encodingNote(s), sheetSuffix(s), s.Line(h), s.Line(h+1))
	}
	if p.hasScores {
		layout += fmt.Sprintf(", %d criteria", len(byCriterion))
	} else {
		layout += ", published results only"
	}
	p.layout = layout
	// The criteria without a column are known once the units, and so their frameworks, are:
	// reported here, before the rows' problems.
	missingAt := len(p.problems)
	if !p.hasScores && !hasRole(cols, annex.RoleGroup) && !hasRole(cols, annex.RoleRank) {
		p.problem(s.Line(h), "", "NO_RESULTS", "the header names no criterion (1.1, 1.2 …), rank or group column",
			"criterion columns are headed by their codes, as in the framework: "+fws.codeList())
		return p
	}
	if nameCol < 0 && codeCol < 0 {
		p.problem(s.Line(h), "", "NO_UNIT_COLUMN", "no column names the units", "head it Tên đơn vị or Mã ĐVHC")
		return p
	}
	type rowData struct {
		line    int
		u       *unitRef
		cand    []*unitRef // the units of the name, in the issuer's area when it has one
		outside []*unitRef // the units of the name outside the issuer's area
		row     []string
	}
	var data []rowData
	var maxima []rowData // rows of maximum points, checked once the units' frameworks are known
	start := headerRows[len(headerRows)-1] + 1
	for i := start; i < len(s.Rows); i++ {
		row, line := s.Rows[i], s.Line(i)
		name, code := cellAt(row, nameCol), cellAt(row, codeCol)
		if code == "" {
			switch labelRow(name, cellAt(row, ordinalCol)) {
			case rowMaxima:
				if !publishedOnly {
					maxima = append(maxima, rowData{line: line, row: row})
				}
				continue
			case rowSummary:
				continue
			}
		}
		if name == "" && code == "" || !hasLetterOrDigitCode(name, code) || !hasValues(row, cols) {
			continue
		}
		rd := rowData{line: line, row: row}
		switch {
		case code != "":
			rd.u = p.unit(iu, code, line, columnName(codeCol))
			if rd.u == nil {
				p.problem(line, columnName(codeCol), "UNKNOWN_UNIT", fmt.Sprintf("no unit with code %s existed in %d", echo(code), iu.year), unknownCodeSuggestion(iu, name))
				continue
			}
			if name != "" && annex.FoldUnitName(name) != annex.FoldUnitName(rd.u.ref.Name) {
				p.problem(line, columnName(nameCol), "NAME_DIFFERS", fmt.Sprintf("code %s is %s, not %s", code, rd.u.ref.Name, echo(name)), "check the code or the name")
			}
		default:
			all := iu.named(annex.FoldUnitName(name))
			rd.cand = iu.within(all)
			if len(rd.cand) < len(all) {
				rd.outside = slices.DeleteFunc(slices.Clone(all), func(u *unitRef) bool { return slices.Contains(rd.cand, u) })
			}
			if len(rd.cand) == 1 {
				rd.u = rd.cand[0]
			}
		}
		data = append(data, rd)
	}
	// Without an issuer's area, names shared by units of several districts resolve to the district
	// most rows agree on; within the area a shared name stays ambiguous.
	dominant := ""
	if iu.area == nil {
		parents := map[string]int{}
		for _, rd := range data {
			if rd.u != nil && rd.u.parentID != "" {
				parents[rd.u.parentID]++
			}
		}
		best := 0
		for k, n := range parents {
			if n > best || n == best && k < dominant {
				dominant, best = k, n
			}
		}
		for i, rd := range data {
			if rd.u != nil || len(rd.cand) == 0 {
				continue
			}
			// Two units of that name in the district itself stay ambiguous.
			if under := keepUnits(rd.cand, func(c *unitRef) bool { return c.parentID == dominant }); len(under) == 1 {
				data[i].u = under[0]
			}
		}
	}
	for _, rd := range data {
		name := cellAt(rd.row, nameCol)
		if rd.u == nil {
			switch {
			case len(rd.cand) > 1 && iu.area != nil:
				p.problem(rd.line, columnName(nameCol), "AMBIGUOUS_UNIT", fmt.Sprintf("%d units of the issuer's area are named %s in %d: %s", len(rd.cand), echo(name), iu.year, iu.placedList(rd.cand, 5)),
					"add a column with the official codes (Mã ĐVHC)")
			case len(rd.cand) > 1:
				p.problem(rd.line, columnName(nameCol), "AMBIGUOUS_UNIT", fmt.Sprintf("%d units are named %s in %d: %s", len(rd.cand), echo(name), iu.year, iu.placedList(rd.cand, 5)),
					"name the district in the issuer (UBND huyện …, tỉnh …), or add a column with the official codes (Mã ĐVHC)")
			case len(rd.outside) > 0:
				p.problem(rd.line, columnName(nameCol), "UNKNOWN_UNIT", fmt.Sprintf("no unit named %s was under %s in %d", echo(name), labels(iu.area), iu.year),
					fmt.Sprintf("the issuer's area holds no unit of that name; in %d: %s. Check the issuer, or add a column with the official codes (Mã ĐVHC)", iu.year, iu.placedList(rd.outside, 5)))
			default:
				p.problem(rd.line, columnName(nameCol), "UNKNOWN_UNIT", fmt.Sprintf("no unit named %s existed in %d", echo(name), iu.year), iu.closest(name, dominant))
			}
			continue
		}
		if first, dup := p.rowOf[rd.u.id]; dup {
			p.problem(rd.line, columnName(max(nameCol, codeCol)), "DUPLICATE_UNIT", fmt.Sprintf("%s is listed twice, in rows %d and %d", rd.u.ref.Name, first, rd.line), "keep one of the two rows")
			continue
		}
		p.rowOf[rd.u.id] = rd.line
		p.units = append(p.units, rd.u)
		p.unitRow(rd.line, rd.row, rd.u, cols, fws, iu.year, publishedOnly)
	}
	used := p.usedFrameworks(fws)
	if len(used) == 0 && fws.primary() != nil {
		used = []*importFramework{fws.primary()}
	}
	if p.hasScores && !publishedOnly {
		var missing []ImportProblem
		for _, fw := range used {
			for _, c := range fw.criteria {
				if c.adjustment() {
					continue // a bonus or penalty column is needed only where a unit has one
				}
				if i, known := fws.byCode[c.code]; known {
					if _, ok := byCriterion[i]; ok {
						continue
					}
				}
				missing = append(missing, ImportProblem{Row: s.Line(h), Code: "MISSING_COLUMN", Message: fmt.Sprintf("no column for criterion %s of framework %s", c.code, fw.label()),
					Suggestion: "the annex needs a column for every criterion: " + fw.codeList()})
			}
		}
		p.problems = slices.Insert(p.problems, missingAt, missing...)
	}
	for _, m := range maxima {
		p.checkMaxima(m.line, m.row, cols, fws, used, iu.year)
	}
	return p
}

// usedFrameworks returns the frameworks in force for the units of the file, in the order of the
// units' rows.
func (p *parsedFile) usedFrameworks(fws *frameworkSet) []*importFramework {
	var out []*importFramework
	for _, u := range p.units {
		if fw := fws.of(u); fw != nil && !slices.Contains(out, fw) {
			out = append(out, fw)
		}
	}
	return out
}

// encodingNote names the encoding a CSV file was read from when it is not UTF-8.
func encodingNote(s annex.Sheet) string {
	if s.Encoding == "" {
		return ""
	}
	return ", " + s.Encoding + " text"
}

func sheetSuffix(s annex.Sheet) string {
	if s.Name == "" {
		return ""
	}
	return fmt.Sprintf(" (sheet %q)", s.Name)
}

func hasRole(cols []annexColumn, role annex.Role) bool {
	return slices.ContainsFunc(cols, func(c annexColumn) bool { return c.role == role })
}

// hasLetterOrDigitCode tells a unit's row from a row of column numbers ("(1)", "(2)" …).
func hasLetterOrDigitCode(name, code string) bool {
	if code != "" {
		return true
	}
	return strings.IndexFunc(name, unicode.IsLetter) >= 0
}

// checkMaxima compares an annex's row of maxima with the frameworks in force for the file's
// units (used): points scored against other maxima were scored against another framework, and
// read against these their percents would be wrong. A criterion's printed maximum must be its
// maximum in one of them (a penalty's may be printed negative); a cell that is not a number says
// nothing.
func (p *parsedFile) checkMaxima(line int, row []string, cols []annexColumn, fws *frameworkSet, used []*importFramework, year int) {
	var diffs []string
	first := ""
	for _, c := range cols {
		if c.role != annex.RoleCriterion {
			continue
		}
		code := fws.codes[c.criterion]
		text := cellAt(row, c.index)
		v, ok := annex.ParseNumber(text)
		if !ok {
			continue
		}
		var wants []int64
		matches := false
		for _, fw := range used {
			if ci, in := fw.byCode[code]; in {
				want := fw.criteria[ci].maxCents
				wants = append(wants, want)
				got := annex.Cents(v)
				if fw.criteria[ci].kind == dataset.AdjustmentPenalty && got < 0 {
					got = -got
				}
				matches = matches || got == want
			}
		}
		if len(wants) == 0 || matches {
			continue
		}
		if first == "" {
			first = columnName(c.index)
		}
		diffs = append(diffs, fmt.Sprintf("%s %s (framework: %s)", code, text, formatCents(wants[0])))
	}
	if len(diffs) == 0 {
		return
	}
	listed := diffs[:min(len(diffs), 5)]
	if len(diffs) > 5 {
		listed = append(listed, "…")
	}
	against := "framework " + used[0].label()
	if len(used) > 1 {
		var names []string
		for _, fw := range used {
			names = append(names, fw.label())
		}
		against = "the frameworks in force for its units (" + strings.Join(names, "; ") + ")"
	}
	p.problem(line, first, "MAXIMUM_DIFFERS",
		fmt.Sprintf("the annex's maximum points differ from %s in %d for %d criteria: %s", against, year, len(diffs), strings.Join(listed, ", ")),
		"the annex was scored against another framework: check its year, or import its issuer's framework first (-kind framework)")
}

// rowKind is what a row of an annex without a unit code holds, as its label says.
type rowKind int

const (
	rowUnit    rowKind = iota
	rowSummary         // a total, an average, a note or a signature
	rowMaxima          // each criterion's maximum points ("Điểm tối đa"), as many annexes print above the units
)

// Labels of the rows of an annex that are not units, folded. Units' names begin with some of the
// short ones (Xã Cộng Hòa, Xã Công Hải, Phường Cống Vị, Xã Tổng Bát), so those count only alone;
// the longer ones count followed by more words ("Tổng cộng toàn huyện", "Ghi chú: …", "KT. CHỦ
// TỊCH").
var (
	maximaLabels    = []string{"diem toi da", "toi da", "thang diem"}
	summaryAlone    = []string{"cong", "tong", "tong so", "trung binh", "binh quan", "diem chuan"}
	summaryPrefixes = []string{"tong cong", "trung binh ", "binh quan ", "ghi chu", "nguoi lap", "noi nhan", "tm. ", "kt. "}
)

// labelRow tells from its label what a row without a unit code holds. A summary label alone does
// not count on a row numbered in the STT column: Xã Trung Bình (Trần Đề, Sóc Trăng) is a commune.
func labelRow(name, ordinal string) rowKind {
	k := strings.TrimRight(annex.Fold(name), ":. ")
	for _, l := range maximaLabels {
		if k == l || strings.HasPrefix(k, l+" ") {
			return rowMaxima
		}
	}
	if slices.Contains(summaryAlone, k) {
		if _, numbered := annex.ParseNumber(ordinal); numbered {
			return rowUnit
		}
		return rowSummary
	}
	for _, p := range summaryPrefixes {
		if strings.HasPrefix(k, p) {
			return rowSummary
		}
	}
	return rowUnit
}

// hasValues reports whether a row has any result cell filled: a section heading ("I. Các xã")
// has none.
func hasValues(row []string, cols []annexColumn) bool {
	for _, c := range cols {
		switch c.role {
		case annex.RoleCriterion, annex.RoleFieldTotal, annex.RoleTotal, annex.RolePercent, annex.RoleRank, annex.RoleGroup:
			if cellAt(row, c.index) != "" {
				return true
			}
		}
	}
	return false
}

// annexColumns gives each column its role from the header rows. In a two-row header, a code in
// the lower row is a criterion of the field named above it; "Tổng"/"Cộng" under a field name is
// that field's total.
func (p *parsedFile) annexColumns(s annex.Sheet, header []int, fws *frameworkSet) []annexColumn {
	rows := s.Rows
	width := 0
	for _, r := range header {
		width = max(width, len(rows[r]))
	}
	var cols []annexColumn
	for c := 0; c < width; c++ {
		top := cellAt(rows[header[0]], c)
		sub := ""
		if len(header) > 1 {
			sub = cellAt(rows[header[1]], c)
		}
		col := annexColumn{index: c, head: strings.TrimSpace(top + " " + sub)}
		code := annex.CriterionCode(sub)
		if code == "" && (sub == "" || sub == top) {
			code = annex.CriterionCode(top)
		}
		// A code that is not a number ("TH" for a bonus) heads its column alone; a bonus or a
		// penalty may be headed by its kind ("Điểm thưởng") when the framework has one of it.
		if _, known := fws.byCode[sub]; code == "" && known && sub != "" {
			code = sub
		} else if _, known := fws.byCode[top]; code == "" && known && top != "" && sub == "" {
			code = top
		} else if adj := fws.adjustmentOf(cmp.Or(sub, top)); code == "" && adj != "" {
			code = adj
		}
		switch {
		case code != "":
			ci, ok := fws.byCode[code]
			if !ok {
				p.problem(s.Line(header[len(header)-1]), columnName(c), "UNKNOWN_CRITERION", fmt.Sprintf("criterion %s is not in %s", echo(code), fws.describe()), "criteria of that framework: "+fws.codeList())
				continue
			}
			col.role, col.criterion = annex.RoleCriterion, ci
		// A component's total ("Điểm thẩm định"; "Cộng" under it) is read before the roles of
		// its words: "Tổng điểm thẩm định" is not the total.
		case sub != "" && sub != top && fws.componentOf(top) != "" && (annex.RoleOf(annex.Fold(sub)) == annex.RoleTotal || annex.Fold(sub) == "cong" || annex.Fold(sub) == "diem"):
			col.role, col.component = annex.RoleFieldTotal, fws.componentOf(top)
		case (sub == "" || sub == top) && fws.componentOf(top) != "":
			col.role, col.component = annex.RoleFieldTotal, fws.componentOf(top)
		case sub != "" && sub != top && fws.componentOf(sub) != "":
			col.role, col.component = annex.RoleFieldTotal, fws.componentOf(sub)
		case sub != "" && sub != top && fws.fieldOf(top) != "" && (annex.RoleOf(annex.Fold(sub)) == annex.RoleTotal || annex.Fold(sub) == "cong" || annex.Fold(sub) == "diem"):
			col.role, col.field = annex.RoleFieldTotal, fws.fieldOf(top)
		case sub != "" && sub != top && annex.RoleOf(annex.Fold(sub)) != annex.RoleNone:
			col.role = annex.RoleOf(annex.Fold(sub))
		default:
			col.role = annex.RoleOf(annex.Fold(top))
			if col.role == annex.RoleNone && sub == "" && fws.fieldOf(top) != "" {
				col.role, col.field = annex.RoleFieldTotal, fws.fieldOf(top)
			}
		}
		if col.role != annex.RoleNone {
			cols = append(cols, col)
		}
	}
	return cols
}

// unitRow reads one unit's row against the framework in force for it: its points, checked
// against the maxima, its totals checked against the points, and its published rank and group.
func (p *parsedFile) unitRow(line int, row []string, u *unitRef, cols []annexColumn, fws *frameworkSet, year int, publishedOnly bool) {
	fw := fws.of(u)
	if fw == nil {
		p.noFramework(line, "", u, year)
		return
	}
	var total int64
	fieldSums, componentSums := map[string]int64{}, map[string]int64{}
	ok := true
	pub := dataset.Published{Year: year, UnitID: u.id}
	hasPub := false
	var groupCell, groupCol string
	for _, c := range cols {
		text := cellAt(row, c.index)
		switch c.role {
		case annex.RoleCriterion:
			if publishedOnly {
				continue
			}
			code := fws.codes[c.criterion]
			ci, in := fw.byCode[code]
			if !in {
				// A province's annex has the criteria of every framework of its districts; a
				// unit leaves those of the others empty.
				if text != "" {
					p.problem(line, columnName(c.index), "UNKNOWN_CRITERION", fmt.Sprintf("%s has points for criterion %s, which is not in framework %s, in force for it in %d", u.ref.Name, code, fw.label(), year),
						"leave the cell empty; criteria of that framework: "+fw.codeList())
					ok = false
				}
				continue
			}
			cr := fw.criteria[ci]
			if text == "" && cr.adjustment() {
				continue // no bonus, or no penalty
			}
			cents, good := p.points(line, columnName(c.index), text, fw, cr, u)
			if !good {
				ok = false
				continue
			}
			total += cents
			if !cr.adjustment() {
				fieldSums[cr.field] += cents
				componentSums[fw.fieldComponent[cr.field]] += cents
			}
			p.scores = append(p.scores, dataset.Score{Year: year, UnitID: u.id, Criterion: cr.code, Cents: cents})
		case annex.RoleGroup:
			if text == "" {
				continue
			}
			g, found := fw.group(text)
			if !found {
				p.problem(line, columnName(c.index), "UNKNOWN_GROUP", fmt.Sprintf("%s is not a group of framework %s, in force for %s", echo(text), fw.label(), u.ref.Name), "groups: "+fw.groupList())
				continue
			}
			pub.Group, hasPub, groupCell, groupCol = g.Code, true, text, columnName(c.index)
		case annex.RoleRank:
			if text == "" {
				continue
			}
			v, good := annex.ParseNumber(text)
			if !good || v < 1 || v != math.Trunc(v) || v > 1e6 {
				p.problem(line, columnName(c.index), "NOT_A_NUMBER", fmt.Sprintf("rank %s is not a whole number from 1", echo(text)), "write the rank as 1, 2, 3 …")
				continue
			}
			pub.Rank = int(v)
		}
	}
	if !ok || publishedOnly || !p.hasScores {
		if hasPub || pub.Rank > 0 {
			if !hasPub {
				p.problem(line, "", "MISSING_GROUP", fmt.Sprintf("%s has a rank but no group", u.ref.Name), "a published result needs its group")
				return
			}
			p.published = append(p.published, pub)
		}
		return
	}
	for _, c := range cols {
		text := cellAt(row, c.index)
		if text == "" {
			continue
		}
		v, good := annex.ParseNumber(text)
		switch c.role {
		case annex.RoleFieldTotal, annex.RoleTotal, annex.RolePercent:
			if !good {
				p.problem(line, columnName(c.index), "NOT_A_NUMBER", fmt.Sprintf("%s is not a number (%s, %s)", echo(text), u.ref.Name, clipped(c.head)), "write numbers as 68,87 or 68.87")
				continue
			}
		}
		switch c.role {
		case annex.RoleFieldTotal:
			if c.component != "" {
				if annex.Cents(v) != componentSums[c.component] {
					p.problem(line, columnName(c.index), "COMPONENT_TOTAL_MISMATCH", fmt.Sprintf("%s: %s gives %s but the criteria of component %s add up to %s", u.ref.Name, clipped(c.head), text, c.component, formatCents(componentSums[c.component])), "correct the total or the criteria")
				}
				continue
			}
			if annex.Cents(v) != fieldSums[c.field] {
				p.problem(line, columnName(c.index), "FIELD_TOTAL_MISMATCH", fmt.Sprintf("%s: %s gives %s but its criteria add up to %s", u.ref.Name, clipped(c.head), text, formatCents(fieldSums[c.field])), "correct the total or the criteria")
			}
		case annex.RoleTotal:
			if annex.Cents(v) != total {
				p.problem(line, columnName(c.index), "TOTAL_MISMATCH", fmt.Sprintf("%s: the total is %s but the criteria add up to %s", u.ref.Name, text, formatCents(total)), "correct the total or the criteria")
			}
		case annex.RolePercent:
			want := float64(total) / float64(fw.maxCents) * 100
			if math.Abs(v-want) > 0.011 {
				p.problem(line, columnName(c.index), "PERCENT_MISMATCH", fmt.Sprintf("%s: the index is %s but %s of %s points is %s %%", u.ref.Name, text, formatCents(total), formatCents(fw.maxCents), formatCents(annex.Cents(want))), "the index is the total divided by the maximum, times 100")
			}
		}
	}
	if hasPub {
		if want := fw.groupOf(total); want.Code != pub.Group {
			p.warn(line, groupCol, "GROUP_DIFFERS", fmt.Sprintf("%s is published in group %s, its points give group %s (%s)", u.ref.Name, echo(groupCell), want.Code, want.Label), "kept as published; both are shown")
		}
		p.published = append(p.published, pub)
	} else if pub.Rank > 0 {
		p.problem(line, "", "MISSING_GROUP", fmt.Sprintf("%s has a rank but no group", u.ref.Name), "a published result needs its group")
	}
}
