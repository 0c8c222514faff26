package analytics

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Dimension is what an aggregate groups by.
type Dimension string

// Dimensions.
const (
	DimYear      Dimension = "YEAR"
	DimUnit      Dimension = "UNIT"
	DimParent    Dimension = "PARENT"
	DimProvince  Dimension = "PROVINCE"
	DimField     Dimension = "FIELD"
	DimCriterion Dimension = "CRITERION"
	DimGroup     Dimension = "GROUP"
)

// Metric is what an aggregate computes.
type Metric string

// Metrics: over percent, except the two over points.
const (
	MetricCount     Metric = "COUNT"
	MetricAvg       Metric = "AVG"
	MetricMin       Metric = "MIN"
	MetricMax       Metric = "MAX"
	MetricMedian    Metric = "MEDIAN"
	MetricP25       Metric = "P25"
	MetricP75       Metric = "P75"
	MetricStddev    Metric = "STDDEV"
	MetricAvgPoints Metric = "AVG_POINTS"
	MetricSumPoints Metric = "SUM_POINTS"
)

// ComparisonOp compares a metric in a HAVING condition.
type ComparisonOp string

// Comparison operators.
const (
	OpGT  ComparisonOp = "GT"
	OpGTE ComparisonOp = "GTE"
	OpLT  ComparisonOp = "LT"
	OpLTE ComparisonOp = "LTE"
	OpEQ  ComparisonOp = "EQ"
)

// SortDirection orders an aggregate.
type SortDirection string

// Sort directions.
const (
	SortAsc  SortDirection = "ASC"
	SortDesc SortDirection = "DESC"
)

// ScoreFilter selects the observations of an aggregate; empty fields select everything.
type ScoreFilter struct {
	Years      []int    `json:"years"`
	YearFrom   *int     `json:"yearFrom"`
	YearTo     *int     `json:"yearTo"`
	Units      []string `json:"units"`
	Parents    []string `json:"parents"`
	Provinces  []string `json:"provinces"`
	Fields     []string `json:"fields"`
	Criteria   []string `json:"criteria"`
	Groups     []string `json:"groups"`
	PercentMin *float64 `json:"percentMin"`
	PercentMax *float64 `json:"percentMax"`
}

// HavingCondition keeps the groups whose metric compares true with a value.
type HavingCondition struct {
	Metric Metric       `json:"metric"`
	Op     ComparisonOp `json:"op"`
	Value  float64      `json:"value"`
}

// AggregateOrder is a sort key: a metric or a dimension.
type AggregateOrder struct {
	Metric    *Metric        `json:"metric"`
	Dimension *Dimension     `json:"dimension"`
	Direction *SortDirection `json:"direction"`
}

// AggregateQuery is an aggregate request.
type AggregateQuery struct {
	Filter  *ScoreFilter
	GroupBy []Dimension
	Metrics []Metric
	Having  []HavingCondition
	OrderBy []AggregateOrder
	First   *int
	After   *string
}

// AggregateConnection is one page of an aggregate.
type AggregateConnection struct {
	TotalCount int            `json:"totalCount"`
	Dimensions []Dimension    `json:"dimensions"`
	Metrics    []Metric       `json:"metrics"`
	Rows       []AggregateRow `json:"rows"`
	PageInfo   PageInfo       `json:"pageInfo"`
	// Frameworks are those of the observations the filter selects by year and area (units,
	// parents, provinces), most units first.
	Frameworks      []string `json:"frameworks"`
	MixedFrameworks bool     `json:"mixedFrameworks"`
}

// AggregateRow is one group; only the dimensions asked are set.
type AggregateRow struct {
	Cursor    string     `json:"cursor"`
	Year      *int       `json:"year"`
	Unit      *UnitRef   `json:"unit"`
	Parent    *UnitRef   `json:"parent"`
	Province  *UnitRef   `json:"province"`
	Field     *FieldRef  `json:"field"`
	Criterion *string    `json:"criterion"`
	Group     *string    `json:"group"`
	Values    []*float64 `json:"values"`
}

// AggregateColumns is a page of an aggregate as columns; only the dimensions asked are set.
type AggregateColumns struct {
	Year      []*int       `json:"year"`
	Unit      []*string    `json:"unit"`
	Parent    []*string    `json:"parent"`
	Province  []*string    `json:"province"`
	Field     []*string    `json:"field"`
	Criterion []*string    `json:"criterion"`
	Group     []*string    `json:"group"`
	Values    [][]*float64 `json:"values"`
}

// Columns returns the rows of the page as columns, in the same order. It is computed when asked
// for, from the rows.
func (c *AggregateConnection) Columns() AggregateColumns {
	n := len(c.Rows)
	ids := func(unit func(r *AggregateRow) *UnitRef) []*string {
		col := make([]*string, n)
		for i := range c.Rows {
			if u := unit(&c.Rows[i]); u != nil {
				col[i] = &u.ID
			}
		}
		return col
	}
	var cols AggregateColumns
	for _, d := range c.Dimensions {
		switch d {
		case DimYear:
			cols.Year = make([]*int, n)
			for i := range c.Rows {
				cols.Year[i] = c.Rows[i].Year
			}
		case DimUnit:
			cols.Unit = ids(func(r *AggregateRow) *UnitRef { return r.Unit })
		case DimParent:
			cols.Parent = ids(func(r *AggregateRow) *UnitRef { return r.Parent })
		case DimProvince:
			cols.Province = ids(func(r *AggregateRow) *UnitRef { return r.Province })
		case DimField:
			cols.Field = make([]*string, n)
			for i := range c.Rows {
				if f := c.Rows[i].Field; f != nil {
					cols.Field[i] = &f.Slug
				}
			}
		case DimCriterion:
			cols.Criterion = make([]*string, n)
			for i := range c.Rows {
				cols.Criterion[i] = c.Rows[i].Criterion
			}
		case DimGroup:
			cols.Group = make([]*string, n)
			for i := range c.Rows {
				cols.Group[i] = c.Rows[i].Group
			}
		}
	}
	cols.Values = make([][]*float64, len(c.Metrics))
	for m := range c.Metrics {
		cols.Values[m] = make([]*float64, n)
		for i := range c.Rows {
			cols.Values[m][i] = c.Rows[i].Values[m]
		}
	}
	return cols
}

// PageInfo says where a page ends.
type PageInfo struct {
	EndCursor   *string `json:"endCursor"`
	HasNextPage bool    `json:"hasNextPage"`
}

// DefaultAggregatePage is the page size when first is not given.
const DefaultAggregatePage = 100

var (
	dimensionColumn = map[Dimension]string{
		DimYear: "t.year", DimUnit: "t.unit_id", DimParent: "t.parent_id", DimProvince: "t.province_id",
		DimField: "t.field_slug", DimCriterion: "t.criterion_code", DimGroup: "t.group_code",
	}
	metricSQL = map[Metric]string{
		MetricCount: "count(*)", MetricAvg: "avg(t.percent)", MetricMin: "min(t.percent)", MetricMax: "max(t.percent)",
		MetricMedian: "median(t.percent)", MetricP25: "quantile_cont(t.percent, 0.25)",
		MetricP75: "quantile_cont(t.percent, 0.75)", MetricStddev: "stddev_samp(t.percent)",
		MetricAvgPoints: "avg(t.points)", MetricSumPoints: "sum(t.points)",
	}
	opSQL = map[ComparisonOp]string{OpGT: ">", OpGTE: ">=", OpLT: "<", OpLTE: "<=", OpEQ: "="}
)

// Aggregate groups observations and computes metrics in one SQL statement. The observations are
// criterion scores when the request groups or filters by criterion, field results when by field,
// and unit totals otherwise (as published). Rows are ordered by orderBy, then by every dimension,
// so pages never overlap; a cursor is only valid for the data release it came from.
func (s *Store) Aggregate(ctx context.Context, q AggregateQuery) (*AggregateConnection, error) {
	p, err := s.planAggregate(ctx, q)
	if err != nil {
		return nil, err
	}
	out, err := s.runAggregate(ctx, q, p)
	if err != nil {
		return nil, err
	}
	if out.Frameworks, err = s.filterFrameworks(ctx, q.Filter); err != nil {
		return nil, err
	}
	out.MixedFrameworks = len(out.Frameworks) > 1
	return out, nil
}

// filterFrameworks returns the frameworks of the units a filter selects by its years and areas,
// most units first: the other conditions (fields, groups, percents) may select fewer.
func (s *Store) filterFrameworks(ctx context.Context, f *ScoreFilter) ([]string, error) {
	if f == nil {
		f = &ScoreFilter{}
	}
	r := s.refs.Load()
	years := f.Years
	if len(years) == 0 {
		for _, y := range r.years {
			if (f.YearFrom == nil || y >= *f.YearFrom) && (f.YearTo == nil || y <= *f.YearTo) {
				years = append(years, y)
			}
		}
	}
	n := map[string]int{}
	// The conditions combine with AND: the narrowest one given says which units there are.
	if len(f.Units) > 0 {
		for _, id := range r.expand(f.Units) {
			for _, y := range years {
				if u := r.units[id]; u.scored(y) {
					n[r.inForce(u, y)]++
				}
			}
		}
	} else {
		areas, err := s.frameworkAreas(ctx, r)
		if err != nil {
			return nil, fmt.Errorf("aggregate: frameworks: %w", err)
		}
		keys := []string{""}
		if len(f.Parents) > 0 {
			keys = r.expand(f.Parents)
		} else if len(f.Provinces) > 0 {
			keys = r.expand(f.Provinces)
		}
		for _, y := range years {
			for _, k := range keys {
				for fw, c := range areas[y][k] {
					n[fw] += c
				}
			}
		}
	}
	return mostFirst(n), nil
}

// AggregateSQL is the statement Aggregate runs for q, with its arguments: the floor the
// benchmarks compare the API with, and what to run in DuckDB to see where a number comes from.
func (s *Store) AggregateSQL(ctx context.Context, q AggregateQuery) (string, []any, error) {
	p, err := s.planAggregate(ctx, q)
	if err != nil {
		return "", nil, err
	}
	return p.query, p.args, nil
}

// aggregatePlan is an aggregate compiled: the statement of one page, and the statement without
// the page (inner), with their arguments. A whole plan reads every group in one page.
type aggregatePlan struct {
	query, inner string
	args         []any
	offset       int
	whole        bool
}

// planAggregate checks an aggregate request and compiles it into one statement.
func (s *Store) planAggregate(ctx context.Context, q AggregateQuery) (*aggregatePlan, error) {
	f := q.Filter
	if f == nil {
		f = &ScoreFilter{}
	}
	if len(q.Metrics) == 0 {
		return nil, invalid("aggregate needs at least one metric")
	}
	if dup := firstDuplicate(q.GroupBy); dup != "" {
		return nil, invalid("aggregate: dimension %s is asked twice", dup)
	}
	if dup := firstDuplicate(q.Metrics); dup != "" {
		return nil, invalid("aggregate: metric %s is asked twice", dup)
	}
	limit := DefaultAggregatePage
	if q.First != nil {
		if *q.First < 0 || *q.First > MaxRows {
			return nil, invalid("first must be between 0 and %d, got %d", MaxRows, *q.First)
		}
		limit = *q.First
	}
	offset := 0
	if q.After != nil {
		var err error
		if offset, err = s.decodeCursor(*q.After); err != nil {
			return nil, err
		}
	}
	if err := s.checkFilter(f); err != nil {
		return nil, err
	}

	table := "unit_results"
	switch {
	case slices.Contains(q.GroupBy, DimCriterion) || len(f.Criteria) > 0:
		table = "criterion_results"
	case slices.Contains(q.GroupBy, DimField) || len(f.Fields) > 0:
		table = "field_results"
	}

	var args []any
	param := func(v any) string {
		name := fmt.Sprintf("p%d", len(args))
		args = append(args, sql.Named(name, v))
		return "$" + name
	}
	// Lists become IN lists of constants, which DuckDB checks against each row group's zone map;
	// an IN over a subquery is a join that reads the whole table (12 ms against 2 ms for the
	// field averages of a year at national scale).
	in := func(column string, values []string) string {
		ps := make([]string, len(values))
		for i, v := range values {
			ps[i] = param(v)
		}
		return column + " IN (" + strings.Join(ps, ", ") + ")"
	}
	var where []string
	if len(f.Years) > 0 {
		years := make([]string, len(f.Years))
		for i, y := range f.Years {
			years[i] = strconv.Itoa(y) // integers, written as literals
		}
		where = append(where, "t.year IN ("+strings.Join(years, ", ")+")")
	}
	if f.YearFrom != nil {
		where = append(where, "t.year >= "+strconv.Itoa(*f.YearFrom))
	}
	if f.YearTo != nil {
		where = append(where, "t.year <= "+strconv.Itoa(*f.YearTo))
	}
	r := s.refs.Load()
	for _, u := range []struct {
		keys   []string
		column string
	}{{f.Units, "t.unit_id"}, {f.Parents, "t.parent_id"}, {f.Provinces, "t.province_id"}} {
		if len(u.keys) > 0 {
			where = append(where, in(u.column, r.expand(u.keys)))
		}
	}
	for _, c := range []struct {
		values []string
		column string
	}{{f.Fields, "t.field_slug"}, {f.Criteria, "t.criterion_code"}, {f.Groups, "t.group_code"}} {
		if len(c.values) > 0 {
			where = append(where, in(c.column, c.values))
		}
	}
	if f.PercentMin != nil {
		where = append(where, "t.percent >= "+param(*f.PercentMin))
	}
	if f.PercentMax != nil {
		where = append(where, "t.percent <= "+param(*f.PercentMax))
	}

	var selects, dims, order []string
	for i, d := range q.GroupBy {
		selects = append(selects, fmt.Sprintf("%s AS d%d", dimensionColumn[d], i))
		dims = append(dims, dimensionColumn[d])
	}
	// The columns the statement reads decide whether a rollup can answer it (rollup.go).
	columns := filterColumns(f)
	for _, d := range dims {
		columns = append(columns, strings.TrimPrefix(d, "t."))
	}
	quantiles := false
	for _, m := range slices.Concat(q.Metrics, havingMetrics(q.Having)) {
		quantiles = quantiles || quantileOf[m] != 0
	}
	metric := func(m Metric) string { return metricSQL[m] }
	from := table + " t"
	if r := chooseRollup(table, columns, quantiles); r != nil && !s.rollupsOff {
		metric = rollupMetricSQL
		from, where = rollupSource(r, where, dims, quantiles)
	}
	for i, m := range q.Metrics {
		selects = append(selects, fmt.Sprintf("%s::DOUBLE AS m%d", metric(m), i))
	}
	var having []string
	for _, h := range q.Having {
		if _, ok := metricSQL[h.Metric]; !ok {
			return nil, invalid("aggregate: unknown metric %q in having", h.Metric)
		}
		op, ok := opSQL[h.Op]
		if !ok {
			return nil, invalid("aggregate: unknown operator %q in having", h.Op)
		}
		having = append(having, fmt.Sprintf("%s::DOUBLE %s %s", metric(h.Metric), op, param(h.Value)))
	}
	for _, o := range q.OrderBy {
		dir := "DESC"
		if o.Direction != nil && *o.Direction == SortAsc {
			dir = "ASC"
		}
		switch {
		case (o.Metric == nil) == (o.Dimension == nil):
			return nil, invalid("aggregate: each orderBy names exactly one of metric or dimension")
		case o.Metric != nil:
			i := slices.Index(q.Metrics, *o.Metric)
			if i < 0 {
				return nil, invalid("aggregate: orderBy metric %s is not among the metrics asked", *o.Metric)
			}
			order = append(order, fmt.Sprintf("%s::DOUBLE %s NULLS LAST", metric(q.Metrics[i]), dir))
		default:
			i := slices.Index(q.GroupBy, *o.Dimension)
			if i < 0 {
				return nil, invalid("aggregate: orderBy dimension %s is not among the dimensions asked", *o.Dimension)
			}
			order = append(order, fmt.Sprintf("%s %s NULLS LAST", dimensionColumn[q.GroupBy[i]], dir))
		}
	}
	for _, d := range q.GroupBy {
		order = append(order, dimensionColumn[d]+" ASC NULLS LAST")
	}
	// When every group fits in the first page, the statement reads them all and they are
	// counted in Go (the field averages of a year: 8 groups, 1.6 ms instead of 2.1). Otherwise
	// count(*) OVER () sees every group before the page is cut: totalCount comes from the same
	// statement. (Numbering the rows with row_number() and cutting with QUALIFY cost 15 % more.)
	whole := offset == 0 && r.maxGroups(q.GroupBy, f) <= limit
	total := ", count(*) OVER () AS total_count"
	if whole {
		total = ""
	}
	inner := "SELECT " + strings.Join(selects, ", ") + total + "\nFROM " + from
	if len(where) > 0 {
		inner += "\nWHERE " + strings.Join(where, " AND ")
	}
	if len(dims) > 0 {
		inner += "\nGROUP BY " + strings.Join(dims, ", ")
	}
	if len(having) > 0 {
		inner += "\nHAVING " + strings.Join(having, " AND ")
	}
	// The page's bounds are written in the statement: as parameters they made DuckDB plan the
	// statement again when it ran (0.5 ms of the 2.1 above).
	page := "\nLIMIT " + strconv.Itoa(limit) + " OFFSET " + strconv.Itoa(offset)
	if whole {
		page = ""
	}
	if len(order) > 0 {
		page = "\nORDER BY " + strings.Join(order, ", ") + page
	}

	// Units and fields are named from the reference data, not joined.
	return &aggregatePlan{query: inner + page, inner: inner, args: args, offset: offset, whole: whole}, nil
}

// maxGroups is at most how many groups an aggregate by these dimensions can make under filter
// f: the product of what each dimension can take (one more for no value), from the reference
// data and the filter's lists. Dimensions of units count only as far as a filter lists units.
func (r *refs) maxGroups(dims []Dimension, f *ScoreFilter) int {
	n := 1
	for _, d := range dims {
		var k int
		switch d {
		case DimYear:
			k = len(r.years)
			if len(f.Years) > 0 {
				k = len(f.Years)
			}
		case DimField:
			k = len(r.slugs)
			if len(f.Fields) > 0 {
				k = len(f.Fields)
			}
		case DimCriterion:
			k = len(r.criteria)
			if len(f.Criteria) > 0 {
				k = len(f.Criteria)
			}
		case DimGroup:
			k = 0
			for _, g := range r.groups {
				k += len(g) // at most: frameworks may share codes
			}
			if len(f.Groups) > 0 {
				k = len(f.Groups)
			}
		case DimUnit:
			k = math.MaxInt32
			if len(f.Units) > 0 && len(f.Parents) == 0 && len(f.Provinces) == 0 {
				k = len(r.expand(f.Units))
			}
		default:
			k = math.MaxInt32
		}
		n *= k + 1
		if n > math.MaxInt32 {
			return math.MaxInt32
		}
	}
	return n
}

// runAggregate runs a compiled aggregate and reads its page.
func (s *Store) runAggregate(ctx context.Context, q AggregateQuery, p *aggregatePlan) (*AggregateConnection, error) {
	offset, args, inner := p.offset, p.args, p.inner
	rows, err := s.queryCompiled(ctx, p.query, args...)
	if err != nil {
		return nil, fmt.Errorf("aggregate: %w", err)
	}
	defer rows.Close()
	out := &AggregateConnection{Dimensions: q.GroupBy, Metrics: q.Metrics, Rows: []AggregateRow{}}
	if out.Dimensions == nil {
		out.Dimensions = []Dimension{}
	}
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("aggregate: %w", err)
	}
	for rows.Next() {
		raw := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("aggregate: %w", err)
		}
		row, total := s.refs.Load().aggregateRow(q, raw)
		out.TotalCount = total
		row.Cursor = s.encodeCursor(offset + len(out.Rows) + 1)
		out.Rows = append(out.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("aggregate: %w", err)
	}
	if p.whole {
		out.TotalCount = len(out.Rows)
	}
	if len(out.Rows) == 0 && offset > 0 {
		// The page is past the end; count what there is so that totalCount stays true.
		out.TotalCount = -1
	}
	if n := len(out.Rows); n > 0 {
		out.PageInfo.EndCursor = &out.Rows[n-1].Cursor
		out.PageInfo.HasNextPage = offset+n < out.TotalCount
	}
	if out.TotalCount < 0 {
		countQuery := "SELECT count(*) FROM (" + inner + ")"
		if err := s.db.QueryRowContext(ctx, countQuery, args...).Scan(&out.TotalCount); err != nil {
			return nil, fmt.Errorf("aggregate: count: %w", err)
		}
	}
	return out, nil
}

// filterColumns are the columns of the results tables a filter reads.
func filterColumns(f *ScoreFilter) []string {
	var columns []string
	for _, c := range []struct {
		set    bool
		column string
	}{
		{len(f.Years) > 0 || f.YearFrom != nil || f.YearTo != nil, "year"},
		{len(f.Units) > 0, "unit_id"}, {len(f.Parents) > 0, "parent_id"}, {len(f.Provinces) > 0, "province_id"},
		{len(f.Fields) > 0, "field_slug"}, {len(f.Criteria) > 0, "criterion_code"}, {len(f.Groups) > 0, "group_code"},
		{f.PercentMin != nil || f.PercentMax != nil, "percent"},
	} {
		if c.set {
			columns = append(columns, c.column)
		}
	}
	return columns
}

func havingMetrics(hs []HavingCondition) []Metric {
	ms := make([]Metric, len(hs))
	for i, h := range hs {
		ms[i] = h.Metric
	}
	return ms
}

// aggregateRow reads one scanned row: the dimensions d0…, the metrics m0… and total_count (0
// when the statement does not count).
func (r *refs) aggregateRow(q AggregateQuery, raw []any) (AggregateRow, int) {
	var row AggregateRow
	nd, nm := len(q.GroupBy), len(q.Metrics)
	row.Values = make([]*float64, nm)
	for i := range q.Metrics {
		if v, ok := raw[nd+i].(float64); ok {
			row.Values[i] = &v
		}
	}
	unit := func(v any) *UnitRef {
		if id := optString(v); id != nil {
			if u := r.units[*id]; u != nil {
				ref := u.ref
				return &ref
			}
		}
		return nil
	}
	for i, d := range q.GroupBy {
		v := raw[i]
		switch d {
		case DimYear:
			y := int(toInt64(v))
			row.Year = &y
		case DimCriterion:
			row.Criterion = optString(v)
		case DimGroup:
			row.Group = optString(v)
		case DimUnit:
			row.Unit = unit(v)
		case DimParent:
			row.Parent = unit(v)
		case DimProvince:
			row.Province = unit(v)
		case DimField:
			if slug := optString(v); slug != nil {
				row.Field = r.fieldBySlug(*slug)
			}
		}
	}
	if len(raw) == nd+nm {
		return row, 0
	}
	return row, int(toInt64(raw[nd+nm]))
}

// fieldBySlug names a field as the newest framework that has it does.
func (r *refs) fieldBySlug(slug string) *FieldRef {
	for i := len(r.years) - 1; i >= 0; i-- {
		for _, f := range r.yearFields(r.years[i]) {
			if f.Slug == slug {
				return &f
			}
		}
	}
	return &FieldRef{Slug: slug}
}

// expand turns IDs and codes into the IDs they name: a code names every unit that carries it.
func (r *refs) expand(keys []string) []string {
	var ids []string
	for _, k := range keys {
		if u, ok := r.units[k]; ok {
			ids = append(ids, u.id)
			continue
		}
		for _, u := range r.byCode[k] {
			ids = append(ids, u.id)
		}
	}
	return ids
}

// checkFilter refuses unknown units, fields, criteria and groups, naming them all. It reads the
// reference data in memory: the statement that checked them cost 1–2 ms of every filtered request.
func (s *Store) checkFilter(f *ScoreFilter) error {
	if f.YearFrom != nil && f.YearTo != nil && *f.YearFrom > *f.YearTo {
		return invalid("filter: yearFrom (%d) is after yearTo (%d)", *f.YearFrom, *f.YearTo)
	}
	if f.PercentMin != nil && f.PercentMax != nil && *f.PercentMin > *f.PercentMax {
		return invalid("filter: percentMin (%g) is above percentMax (%g)", *f.PercentMin, *f.PercentMax)
	}
	r := s.refs.Load()
	var unknown []string
	for _, c := range []struct {
		kind  string
		keys  []string
		known func(string) bool
	}{
		{"unit", slices.Concat(f.Units, f.Parents, f.Provinces), func(k string) bool { return r.units[k] != nil || len(r.byCode[k]) > 0 }},
		{"field", f.Fields, func(k string) bool { return r.slugs[k] }},
		{"criterion", f.Criteria, func(k string) bool { return r.criteria[k] }},
		{"group", f.Groups, func(k string) bool { return r.bands[k] }},
	} {
		for _, k := range c.keys {
			if !c.known(k) {
				unknown = append(unknown, fmt.Sprintf("%s %q", c.kind, k))
			}
		}
	}
	if len(unknown) > 0 {
		return notFound("filter: no %s", strings.Join(unknown, ", no "))
	}
	return nil
}

// Cursors are opaque to clients: the release they belong to and a position.
func (s *Store) encodeCursor(position int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("r%d:%d", s.Release(), position)))
}

func (s *Store) decodeCursor(cursor string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	release, position, ok := strings.Cut(string(b), ":")
	if err != nil || !ok || !strings.HasPrefix(release, "r") {
		return 0, invalid("after: %q is not a cursor of this API", cursor)
	}
	if release != fmt.Sprintf("r%d", s.Release()) {
		return 0, invalid("after: the cursor belongs to an earlier data release; start again without after")
	}
	n, err := strconv.Atoi(position)
	if err != nil || n < 0 {
		return 0, invalid("after: %q is not a cursor of this API", cursor)
	}
	return n, nil
}

func firstDuplicate[T comparable](xs []T) T {
	seen := map[T]bool{}
	var zero T
	for _, x := range xs {
		if seen[x] {
			return x
		}
		seen[x] = true
	}
	return zero
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func toInt64(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int32:
		return int64(n)
	case int16:
		return int64(n)
	case int8:
		return int64(n)
	case uint64:
		return int64(n)
	case float64:
		return int64(n)
	}
	return 0
}

func optString(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}
