package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Series is a unit's values over years, in columns: the i-th entry of each slice belongs to
// Years[i]. Charts read it directly, and it stays cheap to encode however many years it spans.
type Series struct {
	Unit    UnitRef       `json:"unit"`
	Field   *FieldRef     `json:"field"`
	Years   []int         `json:"years"`
	Values  []*float64    `json:"values"`
	Ranks   []*int        `json:"ranks"`
	Groups  []*string     `json:"groups"`
	Status  []Status      `json:"status"`
	Sources []*SourceKind `json:"sources"`
	// Coverage and Contributors say, for each value, whose results make it (see Result).
	Coverage     []*Coverage `json:"coverage"`
	Contributors [][]string  `json:"contributors"`
}

// Status says why a value is there or missing.
type Status string

// Observation statuses. A missing value is a status, never a zero.
const (
	StatusObserved     Status = "OBSERVED"
	StatusNotAssessed  Status = "NOT_ASSESSED"
	StatusNotExisting  Status = "NOT_EXISTING"
	StatusNotPublished Status = "NOT_PUBLISHED"
	StatusProvisional  Status = "PROVISIONAL"
)

// TrendQuery selects series. Field, From and To are optional.
type TrendQuery struct {
	Units    []string // IDs or codes
	Field    *string
	From     *int
	To       *int
	Boundary *Boundary
}

// Bounds of one trend request.
const (
	MaxTrendUnits = 100
	MaxTrendYears = 100
)

// Trend returns one series per unit, in the order asked, over every year from From to To
// (default: the first and last years with results).
func (s *Store) Trend(ctx context.Context, q TrendQuery) ([]Series, error) {
	if len(q.Units) == 0 {
		return nil, invalid("trend needs at least one unit")
	}
	if len(q.Units) > MaxTrendUnits {
		return nil, invalid("trend takes at most %d units, got %d", MaxTrendUnits, len(q.Units))
	}
	years, err := s.Years(ctx)
	if err != nil {
		return nil, err
	}
	if len(years) == 0 {
		return []Series{}, nil
	}
	from, to := years[0], years[len(years)-1]
	if q.From != nil {
		from = *q.From
	}
	if q.To != nil {
		to = *q.To
	}
	if from > to {
		return nil, invalid("trend: from (%d) is after to (%d)", from, to)
	}
	if to-from+1 > MaxTrendYears {
		return nil, invalid("trend spans at most %d years, got %d–%d", MaxTrendYears, from, to)
	}
	field := ""
	if q.Field != nil {
		field = *q.Field
		if err := s.checkField(ctx, to, field); err != nil {
			// A field unknown in the last year may still exist in an earlier framework.
			if err2 := s.checkField(ctx, from, field); err2 != nil {
				return nil, err
			}
		}
	}
	ids, err := s.resolveUnits(ctx, q.Units, q.To)
	if err != nil {
		return nil, err
	}
	if q.Boundary.current() {
		// Today's units: a unit that no longer exists is followed through what it became.
		if ids, err = s.currentUnits(ctx, ids); err != nil {
			return nil, err
		}
	}
	t := q.Boundary.tables()

	// One statement: the grid of wanted units × years, with the value where there is one.
	var values []string
	var args []any
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		n := len(values) + 1
		values = append(values, fmt.Sprintf("(%d, $u%d)", n, n))
		args = append(args, sql.Named(fmt.Sprintf("u%d", n), id))
	}
	valueTable := `(SELECT year, unit_id, percent, rank, group_code, source_id, coverage, contributors FROM ` + t.results + `)`
	if field != "" {
		valueTable = `(SELECT year, unit_id, percent, rank, NULL AS group_code, source_id, coverage, contributors FROM ` +
			t.fields + ` WHERE field_slug = $field)`
	}
	// Under CURRENT a year before the unit existed is NOT_ASSESSED, not NOT_EXISTING, when a
	// predecessor existed then.
	existed := `make_date(y.year, 12, 31) BETWEEN coalesce(u.valid_from, DATE '0001-01-01') AND coalesce(u.valid_to, DATE '9999-12-31')`
	if q.Boundary.current() {
		existed = `(` + existed + ` OR EXISTS (SELECT 1 FROM lineage l JOIN units a ON a.id = l.predecessor_id
		   WHERE l.successor_id = u.id AND make_date(y.year, 12, 31) BETWEEN coalesce(a.valid_from, DATE '0001-01-01') AND coalesce(a.valid_to, DATE '9999-12-31')))`
	}
	query := `
WITH wanted(pos, unit_id) AS (VALUES ` + strings.Join(values, ", ") + `),
     years AS (SELECT range::INTEGER AS year FROM range($from, $to + 1))
SELECT w.pos, u.id, u.code, u.name, u.short_name, u.kind, p.code, y.year,
       v.percent, v.rank, v.group_code, src.kind,
       CASE WHEN v.percent IS NOT NULL THEN 'OBSERVED'
            WHEN NOT ` + existed + ` THEN 'NOT_EXISTING'
            ELSE 'NOT_ASSESSED' END,
       fd.slug, fd.name_vi, fd.name_en, v.coverage, coalesce(v.contributors, [])
FROM wanted w
JOIN units u ON u.id = w.unit_id
LEFT JOIN units p ON p.id = u.parent_id
CROSS JOIN years y
LEFT JOIN ` + valueTable + ` v ON v.unit_id = w.unit_id AND v.year = y.year
LEFT JOIN sources src ON src.id = v.source_id
LEFT JOIN (SELECT DISTINCT ON (slug) slug, name_vi, name_en FROM fields f
             JOIN framework_years fy ON fy.framework_id = f.framework_id
            WHERE f.slug = $field ORDER BY slug, fy.year DESC) fd ON true
ORDER BY w.pos, y.year`
	args = append(args, sql.Named("from", from), sql.Named("to", to), sql.Named("field", field))
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}
	defer rows.Close()
	series := []Series{}
	var cur *Series
	lastPos := -1
	for rows.Next() {
		var pos, year int
		var ref UnitRef
		var value sql.NullFloat64
		var rank sql.NullInt64
		var group, kind, slug, nameVi, nameEn sql.NullString
		var status string
		var coverage sql.NullString
		var contributors []any
		if err := rows.Scan(&pos, &ref.ID, &ref.Code, &ref.Name, &ref.ShortName, &ref.Kind, &ref.Parent, &year,
			&value, &rank, &group, &kind, &status, &slug, &nameVi, &nameEn, &coverage, &contributors); err != nil {
			return nil, fmt.Errorf("trend: %w", err)
		}
		if pos != lastPos {
			series = append(series, Series{Unit: ref, Years: []int{}, Values: []*float64{}, Ranks: []*int{},
				Groups: []*string{}, Status: []Status{}, Sources: []*SourceKind{},
				Coverage: []*Coverage{}, Contributors: [][]string{}})
			cur = &series[len(series)-1]
			if slug.Valid {
				cur.Field = &FieldRef{Slug: slug.String, NameVi: nameVi.String, NameEn: nameEn.String}
			}
			lastPos = pos
		}
		cur.Years = append(cur.Years, year)
		cur.Status = append(cur.Status, Status(status))
		if value.Valid {
			v, r := value.Float64, int(rank.Int64)
			cur.Values = append(cur.Values, &v)
			cur.Ranks = append(cur.Ranks, &r)
			k := SourceKind(kind.String)
			cur.Sources = append(cur.Sources, &k)
			c := Coverage(coverage.String)
			cur.Coverage = append(cur.Coverage, &c)
			cur.Contributors = append(cur.Contributors, stringList(contributors))
		} else {
			cur.Values = append(cur.Values, nil)
			cur.Ranks = append(cur.Ranks, nil)
			cur.Sources = append(cur.Sources, nil)
			cur.Coverage = append(cur.Coverage, nil)
			cur.Contributors = append(cur.Contributors, []string{})
		}
		if group.Valid {
			g := group.String
			cur.Groups = append(cur.Groups, &g)
		} else {
			cur.Groups = append(cur.Groups, nil)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}
	return series, nil
}
