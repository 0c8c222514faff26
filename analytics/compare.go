package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Comparison is units side by side in a year.
type Comparison struct {
	Year   int            `json:"year"`
	Fields []FieldRef     `json:"fields"`
	Units  []ComparedUnit `json:"units"`
}

// ComparedUnit is one unit of a comparison: its total and each field, with benchmarks.
type ComparedUnit struct {
	Unit       UnitRef         `json:"unit"`
	Percent    float64         `json:"percent"`
	Rank       int             `json:"rank"`
	Group      Group           `json:"group"`
	Benchmarks Benchmarks      `json:"benchmarks"`
	Fields     []ComparedField `json:"fields"`
}

// ComparedField is one field of a compared unit.
type ComparedField struct {
	Field      FieldRef   `json:"field"`
	Percent    float64    `json:"percent"`
	Rank       int        `json:"rank"`
	Benchmarks Benchmarks `json:"benchmarks"`
}

// Benchmarks are reference values of one measure among the units of a parent in a year.
type Benchmarks struct {
	Units        int     `json:"units"`
	ParentMean   float64 `json:"parentMean"`
	ParentMedian float64 `json:"parentMedian"`
	TopQuartile  float64 `json:"topQuartile"`
	Best         float64 `json:"best"`
	BestUnit     UnitRef `json:"bestUnit"`
	GroupMean    float64 `json:"groupMean"`
}

// MaxCompareUnits bounds one comparison.
const MaxCompareUnits = MaxTrendUnits

// compareSQL returns, for each unit asked, one row for the total (slug NULL) and one per field,
// each with the benchmarks of its parent. $wanted is a VALUES list of (pos, unit_id).
const compareSQL = `
WITH wanted(pos, unit_id) AS (VALUES $wanted),
sel AS (
    SELECT w.pos, r.unit_id, r.parent_id, r.percent, r.rank, r.group_code
    FROM wanted w JOIN unit_results r ON r.unit_id = w.unit_id AND r.year = $year
),
parents AS (SELECT DISTINCT parent_id FROM sel),
obs AS (  -- every observation of the parents concerned: totals (slug NULL) and fields
    SELECT r.parent_id, NULL::TEXT AS slug, r.unit_id, r.percent, r.group_code, r.sort_key
    FROM unit_results r WHERE r.year = $year AND r.parent_id IN (SELECT parent_id FROM parents)
    UNION ALL
    SELECT f.parent_id, f.field_slug, f.unit_id, f.percent, f.group_code, r.sort_key
    FROM field_results f JOIN unit_results r ON r.year = f.year AND r.unit_id = f.unit_id
    WHERE f.year = $year AND f.parent_id IN (SELECT parent_id FROM parents)
),
bench AS (
    SELECT parent_id, slug, count(*) AS n, avg(percent) AS mean, median(percent) AS med,
           quantile_cont(percent, 0.75) AS q3, max(percent) AS best,
           arg_max(unit_id, (percent, -sort_key)) AS best_unit
    FROM obs GROUP BY parent_id, slug
),
group_bench AS (
    SELECT parent_id, slug, group_code, avg(percent) AS mean FROM obs GROUP BY parent_id, slug, group_code
),
rows AS (
    SELECT s.pos, NULL::TEXT AS slug, 0 AS ordinal, s.percent, s.rank, s.parent_id, s.group_code, s.unit_id FROM sel s
    UNION ALL
    SELECT s.pos, f.field_slug, f.ordinal, f.percent, f.rank, s.parent_id, s.group_code, s.unit_id
    FROM sel s JOIN field_results f ON f.year = $year AND f.unit_id = s.unit_id
)
SELECT x.pos, x.slug, x.percent, x.rank, x.unit_id, x.group_code,
       b.n, b.mean, b.med, b.q3, b.best, b.best_unit, gb.mean
FROM rows x
JOIN bench b ON b.parent_id = x.parent_id AND b.slug IS NOT DISTINCT FROM x.slug
JOIN group_bench gb ON gb.parent_id = x.parent_id AND gb.slug IS NOT DISTINCT FROM x.slug AND gb.group_code = x.group_code`

// Compare returns the units in the order asked, each with its total and fields against the
// benchmarks of its parent in the same year.
func (s *Store) Compare(ctx context.Context, idsOrCodes []string, year int) (*Comparison, error) {
	if len(idsOrCodes) == 0 {
		return nil, invalid("compare needs at least one unit")
	}
	if len(idsOrCodes) > MaxCompareUnits {
		return nil, invalid("compare takes at most %d units, got %d", MaxCompareUnits, len(idsOrCodes))
	}
	if err := s.checkYear(ctx, year); err != nil {
		return nil, err
	}
	ids, err := s.resolveUnits(ctx, idsOrCodes, &year)
	if err != nil {
		return nil, err
	}
	var values []string
	args := []any{sql.Named("year", year)}
	for i, id := range ids {
		values = append(values, fmt.Sprintf("(%d, $u%d)", i, i))
		args = append(args, sql.Named(fmt.Sprintf("u%d", i), id))
	}
	rows, err := s.query(ctx, strings.Replace(compareSQL, "$wanted", strings.Join(values, ", "), 1), args...)
	if err != nil {
		return nil, fmt.Errorf("compare %d: %w", year, err)
	}
	defer rows.Close()
	r := s.refs.Load()
	fields := r.fields[r.framework[year]]
	ordinal := map[string]int{}
	for i, f := range fields {
		ordinal[f.Slug] = i
	}
	bands := r.groups[r.framework[year]]
	out := &Comparison{Year: year, Fields: fields, Units: make([]ComparedUnit, len(ids))}
	found := 0
	for rows.Next() {
		var pos, rank int
		var slug sql.NullString
		var percent float64
		var unitID, group, best string
		var b Benchmarks
		if err := rows.Scan(&pos, &slug, &percent, &rank, &unitID, &group,
			&b.Units, &b.ParentMean, &b.ParentMedian, &b.TopQuartile, &b.Best, &best, &b.GroupMean); err != nil {
			return nil, fmt.Errorf("compare %d: %w", year, err)
		}
		b.BestUnit = r.units[best].ref
		cu := &out.Units[pos]
		if !slug.Valid {
			found++
			fs := cu.Fields // the fields may have come first
			*cu = ComparedUnit{Unit: r.units[unitID].ref, Percent: percent, Rank: rank, Group: bands[group], Benchmarks: b, Fields: fs}
			continue
		}
		if cu.Fields == nil {
			cu.Fields = make([]ComparedField, len(fields))
		}
		o := ordinal[slug.String]
		cu.Fields[o] = ComparedField{Field: fields[o], Percent: percent, Rank: rank, Benchmarks: b}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("compare %d: %w", year, err)
	}
	if found < len(ids) {
		return nil, notFound("compare %d: %d of the %d units asked have no result that year", year, len(ids)-found, len(ids))
	}
	return out, nil
}
