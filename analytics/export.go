package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/parindex/parindex/analytics/export"
)

// ExportQuery selects what an export holds and how it is laid out. Every field is optional:
// the zero query is the long CSV of every unit's total in every year, as published.
type ExportQuery struct {
	Format   string   // csv (default), xlsx, parquet, json, zip
	Shape    string   // long (default), wide-year, wide-unit
	Level    string   // total (default), field, criterion
	Measure  string   // of the wide shapes: percent (default), points, rank
	Bundle   string   // format of the data file inside a zip: csv (default), xlsx, parquet, json
	Years    []int    // these years; with From/To, only those in the range
	From, To *int     // a range of years (default: the first and last with results)
	Units    []string // IDs or official codes; each gets a row for every year, with a status
	Parent   *string  // ID or code of a district or province: its communes, wards and towns
	Fields   []string // field slugs (default: every field)
	Boundary *Boundary
	Release  *int // the data release the caller expects; refused when it is not the one served
	BOM      bool // start a CSV with a UTF-8 byte order mark, for Excel
}

// Values of ExportQuery's text options.
const (
	ExportCSV     = "csv"
	ExportXLSX    = "xlsx"
	ExportParquet = "parquet"
	ExportJSON    = "json"
	ExportZip     = "zip"

	ShapeLong     = "long"
	ShapeWideYear = "wide-year"
	ShapeWideUnit = "wide-unit"

	LevelTotal     = "total"
	LevelField     = "field"
	LevelCriterion = "criterion"

	MeasurePercent = "percent"
	MeasurePoints  = "points"
	MeasureRank    = "rank"
)

// Bounds of one export.
const (
	MaxExportYears  = 100
	MaxExportUnits  = 20_000
	maxExportFields = 100 // names in fields; a framework has eight
	// maxXLSXRows is Excel's row limit less the header.
	maxXLSXRows = 1_048_575
)

var (
	exportFormats = []string{ExportCSV, ExportXLSX, ExportParquet, ExportJSON, ExportZip}
	exportShapes  = []string{ShapeLong, ShapeWideYear, ShapeWideUnit}
	exportLevels  = []string{LevelTotal, LevelField, LevelCriterion}
	exportMeasure = []string{MeasurePercent, MeasurePoints, MeasureRank}
)

// ExportColumn describes one column of an export: its name in the file, its Frictionless Table
// Schema type (string, integer, number) and what it holds.
type ExportColumn struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

// ExportInfo describes an export before it is written: what the file will be called and hold.
type ExportInfo struct {
	URL         string         `json:"url"`
	FileName    string         `json:"fileName"`
	ContentType string         `json:"contentType"`
	Format      string         `json:"format"`
	Shape       string         `json:"shape"`
	Level       string         `json:"level"`
	Boundary    Boundary       `json:"boundary"`
	Years       []int          `json:"years"`
	Release     int            `json:"release"`
	RowCount    int            `json:"rowCount"`
	Columns     []ExportColumn `json:"columns"`
}

// Export is a planned export: the selection checked, the units and years resolved, the columns
// and row count known. Write streams it; nothing is written before a plan succeeds, so a bad
// request loses nothing and leaves no partial file.
type Export struct {
	Info     ExportInfo
	query    ExportQuery
	refs     *refs
	snap     *snapshot // the release every statement of the export reads, see Close
	boundary Boundary
	years    []int
	frame    map[int][]*exportUnit // the units of each year, in row order
	units    []*exportUnit         // every unit of the frame, in row order
	filter   string                // SQL condition on unit_id, parent_id, province_id
	args     []any
	fields   []string // field slugs selected, empty for every field
	criteria []exportCriterion
	results  map[yearUnit]*unitYear // the totals of the frame (the observed unit-years)
	observed int                    // rows of the level observed, missing rows excluded
	read     atomic.Int64           // observations streamed so far, see Progress
	recycle  chan []scannedRow      // batches of scan that the writer is done with
}

// Progress returns the observations read so far by Write: in the long shape, the rows written.
// It is safe to call while Write runs.
func (e *Export) Progress() int64 { return e.read.Load() }

// exportUnit is a unit of an export with what its rows repeat.
type exportUnit struct {
	ref          *unitRef
	key          string // province, parent, ID: the order of rows within a year
	parentName   string
	provinceCode string
	named        bool // asked for by the caller: every year gets a row
}

// unitYear is a unit's total in a year, which its field and criterion rows share.
type unitYear struct {
	framework        string
	cohort           string
	points, max, pct float64
	rank             int
	group            string
	source           Source
	coverage         string
	published        *Published
}

// exportCriterion is a criterion of a framework in the order of the wide columns.
type exportCriterion struct {
	framework, code, field string
	max                    float64
}

// ParseExportValues reads the /export URL contract (see docs/export.md) into a query. Unknown
// parameters are refused, so that a typo is not silently ignored.
func ParseExportValues(v url.Values) (ExportQuery, error) {
	var q ExportQuery
	known := map[string]bool{"format": true, "shape": true, "level": true, "measure": true, "bundle": true,
		"years": true, "from": true, "to": true, "units": true, "parent": true, "fields": true,
		"boundary": true, "release": true, "bom": true}
	for k := range v {
		if !known[k] {
			return q, invalid("export: unknown parameter %q; parameters are format, shape, level, measure, bundle, years, from, to, units, parent, fields, boundary, release, bom", k)
		}
	}
	q.Format, q.Shape, q.Level, q.Measure, q.Bundle = v.Get("format"), v.Get("shape"), v.Get("level"), v.Get("measure"), v.Get("bundle")
	// Every list is counted before it is read, and years are kept as a set, so that a long URL
	// costs its length and no more (a range is checked before it is expanded).
	for _, p := range []struct {
		name string
		max  int
	}{{"years", MaxExportYears}, {"units", MaxExportUnits}, {"fields", maxExportFields}} {
		n := 0
		for _, s := range v[p.name] {
			n += strings.Count(s, ",") + 1
		}
		if n > p.max {
			return q, invalid("export: %s: %d items; at most %d", p.name, n, p.max)
		}
	}
	list := func(name string) []string {
		var out []string
		for _, s := range v[name] {
			for part := range strings.SplitSeq(s, ",") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, part)
				}
			}
		}
		return out
	}
	years := map[int]bool{}
	for _, y := range list("years") {
		lo, hi, isRange := strings.Cut(y, "-")
		a, errA := strconv.Atoi(lo)
		b, errB := a, error(nil)
		if isRange {
			b, errB = strconv.Atoi(hi)
		}
		if errA != nil || errB != nil {
			return q, invalid("export: years: %q is not a year or a range such as 2019-2025", y)
		}
		if a > b {
			return q, invalid("export: years: %q is reversed", y)
		}
		if b-a+1 > MaxExportYears {
			return q, invalid("export: years: %q spans %d years; at most %d", y, b-a+1, MaxExportYears)
		}
		for year := a; year <= b; year++ {
			if !years[year] {
				if years[year] = true; len(years) > MaxExportYears {
					return q, invalid("export: years: more than %d different years", MaxExportYears)
				}
				q.Years = append(q.Years, year)
			}
		}
	}
	for _, p := range []struct {
		name string
		dst  **int
	}{{"from", &q.From}, {"to", &q.To}, {"release", &q.Release}} {
		if s := v.Get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return q, invalid("export: %s: %q is not a whole number", p.name, s)
			}
			*p.dst = &n
		}
	}
	q.Units, q.Fields = list("units"), list("fields")
	if p := strings.TrimSpace(v.Get("parent")); p != "" {
		q.Parent = &p
	}
	if b := v.Get("boundary"); b != "" {
		boundary := Boundary(strings.ToUpper(b))
		if boundary != BoundaryAsPublished && boundary != BoundaryCurrent {
			return q, invalid("export: boundary: %q is neither AS_PUBLISHED nor CURRENT", b)
		}
		q.Boundary = &boundary
	}
	switch b := v.Get("bom"); b {
	case "", "0", "false":
	case "1", "true":
		q.BOM = true
	default:
		return q, invalid("export: bom: %q is neither true nor false", b)
	}
	return q, nil
}

// Values writes the query in the /export URL contract; ParseExportValues reads it back.
func (q ExportQuery) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("format", q.Format)
	set("shape", q.Shape)
	set("level", q.Level)
	set("measure", q.Measure)
	set("bundle", q.Bundle)
	set("years", yearRanges(q.Years))
	for k, p := range map[string]*int{"from": q.From, "to": q.To, "release": q.Release} {
		if p != nil {
			set(k, strconv.Itoa(*p))
		}
	}
	set("units", strings.Join(q.Units, ","))
	if q.Parent != nil {
		set("parent", *q.Parent)
	}
	set("fields", strings.Join(q.Fields, ","))
	if q.Boundary != nil {
		set("boundary", string(*q.Boundary))
	}
	if q.BOM {
		set("bom", "true")
	}
	return v
}

// yearRanges writes years as the years parameter takes them, runs as ranges: 2019-2023,2025.
func yearRanges(years []int) string {
	var parts []string
	for i := 0; i < len(years); {
		j := i
		for j+1 < len(years) && years[j+1] == years[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", years[i], years[j]))
		} else {
			parts = append(parts, strconv.Itoa(years[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// oneOf checks a text option against its values, defaulting the empty one to the first.
func oneOf(name string, value *string, allowed []string) error {
	*value = strings.ToLower(strings.TrimSpace(*value))
	if *value == "" {
		*value = allowed[0]
		return nil
	}
	if !slices.Contains(allowed, *value) {
		return invalid("export: unknown %s %q; %ss are %s", name, *value, name, strings.Join(allowed, ", "))
	}
	return nil
}

// PlanExport checks an export request against the data and prepares it: every unit, year and
// field named must exist, the shape must fit the level, and the release must be the one served.
// The errors are UserErrors naming what was wrong.
func (s *Store) PlanExport(ctx context.Context, q ExportQuery) (*Export, error) {
	if err := cmp.Or(oneOf("format", &q.Format, exportFormats), oneOf("shape", &q.Shape, exportShapes),
		oneOf("level", &q.Level, exportLevels), oneOf("measure", &q.Measure, exportMeasure)); err != nil {
		return nil, err
	}
	if q.Format == ExportZip {
		if err := oneOf("bundle format", &q.Bundle, exportFormats[:4]); err != nil {
			return nil, err
		}
	} else if q.Bundle != "" {
		return nil, invalid("export: bundle is the format of the data file inside a zip; give it with format=zip")
	}
	snap, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	r := snap.refs
	e := &Export{query: q, refs: r, snap: snap, boundary: BoundaryAsPublished, results: map[yearUnit]*unitYear{},
		recycle: make(chan []scannedRow, 4)}
	if err := e.plan(ctx); err != nil {
		snap.Close()
		return nil, err
	}
	return e, nil
}

// Close gives back what the export holds: the snapshot of its release. Every plan must be
// closed, written or not; Close may be called more than once.
func (e *Export) Close() error { return e.snap.Close() }

// plan is PlanExport once the release is pinned.
func (e *Export) plan(ctx context.Context) error {
	q, r := e.query, e.refs
	if q.Release != nil && int64(*q.Release) != r.release {
		return notFound("export: release %d is not served; the current data release is %d", *q.Release, r.release)
	}
	if q.Boundary.current() {
		e.boundary = BoundaryCurrent
	}
	switch {
	case q.Level == LevelCriterion && e.boundary == BoundaryCurrent:
		return invalid("export: criterion scores are kept as published only; use level=field or level=total with boundary CURRENT")
	case q.Shape == ShapeWideUnit && (q.Level == LevelCriterion || q.Level == LevelField && len(q.Fields) != 1):
		return invalid("export: wide-unit has one column per year for one measure: use level=total, or level=field with exactly one field")
	case q.Measure == MeasureRank && q.Level == LevelCriterion:
		return invalid("export: criteria have no rank; use measure=percent or measure=points")
	case q.Measure != MeasurePercent && q.Shape == ShapeLong:
		return invalid("export: measure chooses the values of the wide shapes; the long shape has every measure")
	case len(q.Fields) > 0 && q.Level == LevelTotal:
		return invalid("export: fields select fields; give level=field or level=criterion with them")
	}
	if err := e.planYears(); err != nil {
		return err
	}
	if err := e.planFields(ctx); err != nil {
		return err
	}
	if err := e.planUnits(ctx); err != nil {
		return err
	}
	if err := e.planResults(ctx); err != nil {
		return err
	}
	e.Info = ExportInfo{Format: q.Format, Shape: q.Shape, Level: q.Level, Boundary: e.boundary, Years: e.years,
		Release: int(r.release), Columns: e.columns()}
	e.Info.RowCount = e.rowCount()
	if (q.Format == ExportXLSX || q.Bundle == ExportXLSX) && e.Info.RowCount > maxXLSXRows {
		return invalid("export: this selection has %d rows and XLSX holds at most %d; narrow it (years, parent, level) or use csv or parquet", e.Info.RowCount, maxXLSXRows)
	}
	e.Info.FileName, e.Info.ContentType = e.fileName()
	canonical := q
	canonical.Years, canonical.From, canonical.To = e.years, nil, nil
	e.Info.URL = "/export?" + canonical.Values().Encode()
	return nil
}

// ExportInfo plans an export and describes it: the GraphQL export query answers with this, and
// the file is downloaded from Info.URL.
func (s *Store) ExportInfo(ctx context.Context, q ExportQuery) (*ExportInfo, error) {
	e, err := s.PlanExport(ctx, q)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	return &e.Info, nil
}

func (e *Export) planYears() error {
	r := e.refs
	if len(r.years) == 0 {
		return notFound("export: the database has no results")
	}
	first, last := r.years[0], r.years[len(r.years)-1]
	hint := fmt.Sprintf("years with results: %d–%d", first, last)
	from, to := first, last
	if e.query.From != nil {
		from = *e.query.From
	}
	if e.query.To != nil {
		to = *e.query.To
	}
	if from > to {
		return invalid("export: from (%d) is after to (%d)", from, to)
	}
	if to-from+1 > MaxExportYears {
		return invalid("export: %d–%d spans %d years; an export spans at most %d", from, to, to-from+1, MaxExportYears)
	}
	for _, y := range []int{from, to} {
		if y < first || y > last {
			return notFound("export: no results for year %d; %s", y, hint)
		}
	}
	years := e.query.Years
	if len(years) == 0 {
		years = r.years
	}
	seen := map[int]bool{}
	for _, y := range years {
		if y < first || y > last {
			return notFound("export: no results for year %d; %s", y, hint)
		}
		if y >= from && y <= to && !seen[y] && slices.Contains(r.years, y) {
			seen[y] = true
			e.years = append(e.years, y)
		}
	}
	slices.Sort(e.years)
	if len(e.years) == 0 {
		return notFound("export: no year with results in the selection; %s", hint)
	}
	return nil
}

// planFields checks the fields asked for and reads the criteria of the years' frameworks.
func (e *Export) planFields(ctx context.Context) error {
	known := map[string]bool{}
	var slugs []string
	for _, y := range e.years {
		for _, f := range e.refs.yearFields(y) {
			if !known[f.Slug] {
				known[f.Slug] = true
				slugs = append(slugs, f.Slug)
			}
		}
	}
	for _, f := range e.query.Fields {
		if !known[f] {
			return notFound("export: no field %q in the years asked; fields are %s", f, strings.Join(slugs, ", "))
		}
		if !slices.Contains(e.fields, f) {
			e.fields = append(e.fields, f)
		}
	}
	if e.query.Level != LevelCriterion {
		return nil
	}
	// Newest framework first, so that the wide columns follow the current order of criteria.
	rows, err := e.snap.conn.QueryContext(ctx, `
SELECT c.framework_id, c.code, c.field_slug, c.max_points::DOUBLE
FROM criteria c JOIN fields f ON f.framework_id = c.framework_id AND f.slug = c.field_slug
LEFT JOIN (SELECT framework_id, max(year) AS year FROM unit_frameworks GROUP BY framework_id) uf ON uf.framework_id = c.framework_id
ORDER BY uf.year DESC NULLS LAST, c.framework_id, f.ordinal, c.ordinal`)
	if err != nil {
		return fmt.Errorf("export: criteria: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c exportCriterion
		if err := rows.Scan(&c.framework, &c.code, &c.field, &c.max); err != nil {
			return fmt.Errorf("export: criteria: %w", err)
		}
		if len(e.fields) == 0 || slices.Contains(e.fields, c.field) {
			e.criteria = append(e.criteria, c)
		}
	}
	return rows.Err()
}

// planUnits resolves the units of the export and the years each gets a row in. Units named by
// the caller get every year, with a status where they have no value; otherwise the units are
// those with a result in the boundary (under parent, when given), in the years they existed or
// have a value.
func (e *Export) planUnits(ctx context.Context) error {
	r, q := e.refs, e.query
	t := (&e.boundary).tables()
	if len(q.Units) > MaxExportUnits {
		return invalid("export takes at most %d units, got %d; use parent to select a district or province", MaxExportUnits, len(q.Units))
	}
	if len(q.Units) > 0 && q.Parent != nil {
		return invalid("export: give units or parent, not both")
	}
	last := e.years[len(e.years)-1]
	var ids []string
	named := len(q.Units) > 0
	switch {
	case named:
		var err error
		if ids, err = r.resolveAt(q.Units, &last, &e.boundary); err != nil {
			return err
		}
		if e.boundary == BoundaryCurrent {
			if ids, err = r.current(ids); err != nil {
				return err
			}
		}
		ps := make([]string, 0, len(ids))
		for _, id := range ids {
			e.args = append(e.args, sql.Named(fmt.Sprintf("u%d", len(e.args)), id))
			ps = append(ps, fmt.Sprintf("$u%d", len(e.args)-1))
		}
		e.filter = "unit_id IN (" + strings.Join(ps, ", ") + ")"
	default:
		if q.Parent != nil {
			// A code names the parent in every list: province 94 before and after the 2025
			// reorganisation, so that its communes of every year are exported.
			if _, err := r.resolve([]string{*q.Parent}, &last); err != nil {
				return err
			}
			parents := r.expand([]string{strings.TrimSpace(*q.Parent)})
			ps := make([]string, len(parents))
			for i, p := range parents {
				e.args = append(e.args, sql.Named(fmt.Sprintf("p%d", i), p))
				ps[i] = fmt.Sprintf("$p%d", i)
			}
			list := strings.Join(ps, ", ")
			e.filter = "(parent_id IN (" + list + ") OR province_id IN (" + list + "))"
			if e.boundary == BoundaryCurrent {
				// A parent that no longer exists stands for today's units formed from its units.
				area, err := r.parentArea(q.Parent, last, &e.boundary)
				if err != nil {
					return err
				}
				if formed := area.units(r); formed != nil {
					e.args = append(e.args, sql.Named("formed", formed))
					e.filter = "(" + e.filter + " OR unit_id IN (SELECT unnest($formed::VARCHAR[])))"
				}
			}
		}
		where := ""
		if e.filter != "" {
			where = " WHERE " + e.filter
		}
		rows, err := e.snap.conn.QueryContext(ctx, `SELECT DISTINCT unit_id FROM `+t.results+where, e.args...)
		if err != nil {
			return fmt.Errorf("export: units: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return fmt.Errorf("export: units: %w", err)
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("export: units: %w", err)
		}
	}
	// Parents and provinces give the order of rows (as in the derived tables) and their names.
	rows, err := e.snap.conn.QueryContext(ctx, `SELECT id, coalesce(parent_id, ''), coalesce(province_id, '') FROM units WHERE id IN (SELECT unnest($ids::VARCHAR[]))`,
		sql.Named("ids", nonNil(ids)))
	if err != nil {
		return fmt.Errorf("export: units: %w", err)
	}
	defer rows.Close()
	byID := map[string]*exportUnit{}
	for rows.Next() {
		var id, parent, province string
		if err := rows.Scan(&id, &parent, &province); err != nil {
			return fmt.Errorf("export: units: %w", err)
		}
		u := &exportUnit{ref: r.units[id], key: province + "\x00" + parent + "\x00" + id, named: named}
		if p := r.units[parent]; p != nil {
			u.parentName = p.ref.Name
		}
		if p := r.units[province]; p != nil {
			u.provinceCode = p.ref.Code
		}
		byID[id] = u
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: units: %w", err)
	}
	for _, id := range ids {
		if u := byID[id]; u != nil {
			e.units = append(e.units, u)
			delete(byID, id) // a unit named twice gets one row
		}
	}
	slices.SortFunc(e.units, func(a, b *exportUnit) int { return strings.Compare(a.key, b.key) })
	return nil
}

// planResults reads the totals of the frame's units in the years asked (one row per unit and
// year), which say which unit-years are observed and give field and criterion rows their group,
// source and coverage; then it settles the frame and counts the rows of the level.
func (e *Export) planResults(ctx context.Context) error {
	r := e.refs
	t := (&e.boundary).tables()
	where := "year IN (" + joinInts(e.years) + ")"
	if e.filter != "" {
		where += " AND " + e.filter
	}
	rows, err := e.snap.conn.QueryContext(ctx, `SELECT unit_id, year, framework_id, cohort, points, max_points, percent, rank,
		group_code, source_id, `+t.coverage+` FROM `+t.results+` WHERE `+where, e.args...)
	if err != nil {
		return fmt.Errorf("export: results: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k yearUnit
		var v unitYear
		var source int
		var group sql.NullString
		if err := rows.Scan(&k.unit, &k.year, &v.framework, &v.cohort, &v.points, &v.max, &v.pct, &v.rank, &group, &source, &v.coverage); err != nil {
			return fmt.Errorf("export: results: %w", err)
		}
		v.group, v.source, v.published = group.String, r.sources[source], r.published[k]
		e.results[k] = &v
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: results: %w", err)
	}
	e.frame = map[int][]*exportUnit{}
	for _, y := range e.years {
		for _, u := range e.units {
			if _, ok := e.results[yearUnit{y, u.ref.id}]; ok || u.named || r.missing(u.ref, y, e.boundary == BoundaryCurrent) == StatusNotAssessed {
				e.frame[y] = append(e.frame[y], u)
			}
		}
	}
	switch e.query.Level {
	case LevelTotal:
		e.observed = len(e.results)
	case LevelField:
		where := where
		if len(e.fields) > 0 {
			where += " AND field_slug IN ('" + strings.Join(e.fields, "', '") + "')" // slugs checked against the frameworks
		}
		err = e.snap.conn.QueryRowContext(ctx, `SELECT count(*) FROM `+t.fields+` WHERE `+where, e.args...).Scan(&e.observed)
	case LevelCriterion:
		if len(e.fields) > 0 {
			where += " AND field_slug IN ('" + strings.Join(e.fields, "', '") + "')"
		}
		err = e.snap.conn.QueryRowContext(ctx, `SELECT count(*) FROM criterion_results WHERE `+where, e.args...).Scan(&e.observed)
	}
	if err != nil {
		return fmt.Errorf("export: count: %w", err)
	}
	return nil
}

// rowCount is the number of data rows the file will have.
func (e *Export) rowCount() int {
	pairs := 0
	for _, us := range e.frame {
		pairs += len(us)
	}
	switch e.query.Shape {
	case ShapeWideYear:
		return pairs
	case ShapeWideUnit:
		units := map[*exportUnit]bool{}
		for _, us := range e.frame {
			for _, u := range us {
				units[u] = true
			}
		}
		return len(units)
	}
	// Long: the observed rows, and one row per unit-year without a result.
	return e.observed + pairs - len(e.results)
}

// fileName says what is inside: parindex_943_2019-2025_long_r3.csv, with the level and the
// boundary when they are not the defaults, and the data release.
func (e *Export) fileName() (string, string) {
	scope := "all"
	switch {
	case e.query.Parent != nil:
		if u := e.refs.units[strings.TrimSpace(*e.query.Parent)]; u != nil {
			scope = u.ref.Code
		} else {
			scope = strings.TrimSpace(*e.query.Parent)
		}
	case len(e.units) == 1:
		scope = e.units[0].ref.ref.Code
	case len(e.query.Units) > 0:
		scope = fmt.Sprintf("%dunits", len(e.units))
	}
	years := strconv.Itoa(e.years[0])
	if n := len(e.years); n > 1 {
		years += "-" + strconv.Itoa(e.years[n-1])
	}
	name := "parindex_" + scope + "_" + years + "_" + e.query.Shape
	if e.query.Level != LevelTotal {
		name += "_" + e.query.Level
	}
	if e.boundary == BoundaryCurrent {
		name += "_current"
	}
	// The data release it holds, as its rows and metadata say.
	name += "_r" + strconv.FormatInt(e.refs.release, 10)
	name = strings.Map(func(r rune) rune { // codes are digits; keep the name ASCII whatever comes in
		if r < 0x80 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return '-'
	}, name)
	return name + "." + e.query.Format, contentTypes[e.query.Format]
}

var contentTypes = map[string]string{
	ExportCSV:     "text/csv; charset=utf-8",
	ExportXLSX:    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	ExportParquet: "application/vnd.apache.parquet",
	ExportJSON:    "application/json",
	ExportZip:     "application/zip",
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

// Column types of the Frictionless Table Schema.
const (
	typeString  = export.TypeString
	typeInteger = export.TypeInteger
	typeNumber  = export.TypeNumber
)

// Columns of the shapes. Names are short, stable, ASCII and documented in docs/export.md; a
// column is never renamed, only added.
var (
	unitColumns = []ExportColumn{
		{"unit_id", typeString, "Unambiguous unit ID, CODE@LIST: the official code and the date of the official list it comes from"},
		{"unit_code", typeString, "Official code of the unit (mã ĐVHC), text with its leading zeros"},
		{"unit_name", typeString, "Official name with its kind prefix and diacritics"},
		{"unit_kind", typeString, "Kind of unit as in the official list (Xã, Phường, Thị trấn …)"},
		{"parent_code", typeString, "Official code of the parent: the district before 2025-07-01, the province after"},
		{"parent_name", typeString, "Name of the parent"},
		{"province_code", typeString, "Official code of the province"},
	}
	yearColumn    = ExportColumn{"year", typeInteger, "Year scored"}
	statusColumn  = ExportColumn{"status", typeString, "OBSERVED; NOT_ASSESSED (the unit existed but has no score); NOT_EXISTING (the unit did not exist that year). Values are empty unless OBSERVED"}
	releaseColumn = ExportColumn{"release", typeInteger, "parindex data release the rows come from"}
	// The unit's group and what a decision published: the same in the long and wide-year shapes.
	groupColumns = []ExportColumn{
		{"group", typeString, "Class (nhóm, xếp loại) computed from the unit's total: a code of its framework (framework_id), such as I to V"},
		{"published_group", typeString, "Group published by an official decision, when one was"},
		{"published_rank", typeInteger, "Rank published by an official decision, when one was"},
	}
	// The framework each unit was scored on, and the cohort it is ranked in.
	scoredOnColumns = []ExportColumn{
		{"framework_id", typeString, "The framework the unit was scored on that year, its issuer's (see the API's framework(year, unit)): points and classes compare only within one, percents across"},
		{"cohort", typeString, "The cohort the unit is ranked in, when its issuer ranks kinds of units apart (wards among wards); empty otherwise"},
	}
	longColumns = slices.Concat(unitColumns, []ExportColumn{
		yearColumn,
		{"level", typeString, "total, field or criterion: what the row measures"},
		{"field_slug", typeString, "Field (lĩnh vực) slug at levels field and criterion; empty at level total"},
		{"criterion_code", typeString, "Criterion (tiêu chí) code at level criterion, such as 1.1"},
		{"points", typeNumber, "Points obtained"},
		{"max_points", typeNumber, "Maximum points of the framework of the year"},
		{"percent", typeNumber, "points / max_points × 100, rounded to 6 decimals: compare years with this, not with points"},
		{"rank", typeInteger, "Competition rank (1, 2, 2, 4) among the units of the same parent and year, of the total or of the field; empty for criteria"},
	}, groupColumns, []ExportColumn{
		statusColumn,
		{"coverage", typeString, "FULL, or PARTIAL when a value under boundary CURRENT combines predecessors split between several units or not all assessed"},
		{"source_kind", typeString, "OFFICIAL (published in a decision) or ILLUSTRATIVE (generated by parindex, not a real result)"},
		{"source_title", typeString, "Title of the source of the scores"},
		releaseColumn,
	}, scoredOnColumns)
)

// columns lists the columns of the planned file.
func (e *Export) columns() []ExportColumn {
	switch e.query.Shape {
	case ShapeWideYear:
		cols := slices.Concat(unitColumns, []ExportColumn{yearColumn, statusColumn}, groupColumns,
			[]ExportColumn{e.measureColumn("total", "the total")})
		switch e.query.Level {
		case LevelField:
			for _, f := range e.wideFields() {
				cols = append(cols, e.measureColumn("f_"+f.Slug, "field "+f.Slug+" ("+f.NameVi+")"))
			}
		case LevelCriterion:
			seen := map[string]bool{}
			for _, c := range e.criteria {
				if name := criterionColumn(c.code); !seen[name] {
					seen[name] = true
					cols = append(cols, e.measureColumn(name, "criterion "+c.code+" (field "+c.field+")"))
				}
			}
		}
		return append(append(cols, scoredOnColumns...),
			ExportColumn{"source_kind", typeString, "OFFICIAL or ILLUSTRATIVE (generated by parindex, not a real result)"},
			ExportColumn{"coverage", typeString, "FULL, or PARTIAL under boundary CURRENT when predecessors were split or not all assessed"},
			releaseColumn)
	case ShapeWideUnit:
		what := "the total"
		if e.query.Level == LevelField {
			what = "field " + e.fields[0]
		}
		cols := slices.Clone(unitColumns)
		for _, y := range e.years {
			cols = append(cols, e.measureColumn(fmt.Sprintf("y%d", y), what+" in "+strconv.Itoa(y)),
				ExportColumn{fmt.Sprintf("y%d_status", y), typeString, "Status of y" + strconv.Itoa(y) + ": OBSERVED, NOT_ASSESSED or NOT_EXISTING"})
		}
		return append(cols, releaseColumn)
	}
	return longColumns
}

func (e *Export) measureColumn(name, what string) ExportColumn {
	switch e.query.Measure {
	case MeasurePoints:
		return ExportColumn{name, typeNumber, "Points of " + what}
	case MeasureRank:
		return ExportColumn{name, typeInteger, "Competition rank of " + what + " among the units of the same parent"}
	}
	return ExportColumn{name, typeNumber, "Percent of the maximum of " + what}
}

// criterionColumn names a criterion's wide column: 1.1 -> c1_1.
func criterionColumn(code string) string { return "c" + strings.ReplaceAll(code, ".", "_") }

// wideFields are the fields of the wide-year columns: those asked, or every field of the years.
func (e *Export) wideFields() []FieldRef {
	var out []FieldRef
	seen := map[string]bool{}
	for i := len(e.years) - 1; i >= 0; i-- {
		for _, f := range e.refs.yearFields(e.years[i]) {
			if !seen[f.Slug] && (len(e.fields) == 0 || slices.Contains(e.fields, f.Slug)) {
				seen[f.Slug] = true
				out = append(out, f)
			}
		}
	}
	return out
}
