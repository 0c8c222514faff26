package analytics

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/parindex/parindex/analytics/annex"
)

// Unit is an administrative unit with its place in the hierarchy and in the 2025 reorganisation.
type Unit struct {
	ID           string        `json:"id"`
	Code         string        `json:"code"`
	Name         string        `json:"name"`
	ShortName    string        `json:"shortName"`
	Kind         string        `json:"kind"`
	Level        int           `json:"level"`
	List         string        `json:"list"`
	Parent       *string       `json:"parent"`
	ParentName   *string       `json:"parentName"`
	ValidFrom    *string       `json:"validFrom"`
	ValidTo      *string       `json:"validTo"`
	Successors   []string      `json:"successors"`
	Predecessors []string      `json:"predecessors"`
	Lineage      []LineageLink `json:"lineage"`
	Years        []int         `json:"years"`
}

// UnitRef names a unit inside another answer.
type UnitRef struct {
	ID        string  `json:"id"`
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	ShortName string  `json:"shortName"`
	Kind      string  `json:"kind"`
	Parent    *string `json:"parent"`
}

// LineageLink says that a predecessor became (part of) a successor on a date.
type LineageLink struct {
	Predecessor UnitRef  `json:"predecessor"`
	Successor   UnitRef  `json:"successor"`
	Effective   string   `json:"effective"`
	Coverage    Coverage `json:"coverage"`
}

// Coverage is how much of a predecessor went into a successor.
type Coverage string

// Coverages.
const (
	CoverageFull    Coverage = "FULL"
	CoveragePartial Coverage = "PARTIAL"
)

// UnitsQuery selects units. Every field is optional.
type UnitsQuery struct {
	Search *string // matched without case or diacritics
	Parent *string // ID or code of the parent
	Year   *int    // only units that existed at the end of that year
	First  *int    // at most this many; without it, more than MaxRows is an error
}

// unitSelect reads every unit's answer to unit and units, in Vietnamese order of names (then the
// newest list first); derive.go keeps its derived columns.
const unitSelect = `
SELECT u.id, u.code, u.name, u.short_name, u.kind, u.level, u.list, u.parent_code, u.parent_name,
       u.valid_from::VARCHAR, u.valid_to::VARCHAR, u.lineage_json, u.result_years
FROM units u
ORDER BY u.sort_key`

// unitDetails are every unit as unit and units answer it, read once per release on first use
// (national: 14,161 units in about 0.1 s): a search took 6–8 ms as a statement, a unit 2–3 ms.
type unitDetails struct {
	once  sync.Once
	err   error
	order []*Unit          // in Vietnamese order of names
	byID  map[string]*Unit // the same units
	keys  []string         // search key of each unit of order: name without case or diacritics
}

// details returns the units of the reference data r, reading them on first use.
func (s *Store) details(ctx context.Context, r *refs) (*unitDetails, error) {
	d := &r.details
	d.once.Do(func() {
		// Others may wait for this read: the request's deadline must not cut it short.
		units, err := s.queryUnits(context.WithoutCancel(ctx), unitSelect)
		if err != nil {
			d.err = fmt.Errorf("units: %w", err)
			return
		}
		d.byID = make(map[string]*Unit, len(units))
		for i := range units {
			u := &units[i]
			d.order = append(d.order, u)
			d.byID[u.ID] = u
			d.keys = append(d.keys, searchFold(u.Name))
		}
	})
	return d, d.err
}

// searchFold is text without case or diacritics, as a search compares it: "Xã Đại Hải" ->
// "xa dai hai" (a test keeps it equal to DuckDB's fold of every unit's name).
func searchFold(s string) string { return annex.FoldChars(s) }

// Units lists units sorted by Vietnamese name (then newest list first), from memory.
func (s *Store) Units(ctx context.Context, q UnitsQuery) ([]Unit, error) {
	limit, err := rowLimit(q.First)
	if err != nil {
		return nil, err
	}
	r := s.refs.Load()
	parent := ""
	if q.Parent != nil {
		if parent, err = s.resolveUnit(ctx, *q.Parent, q.Year); err != nil {
			return nil, err
		}
	}
	key := ""
	if q.Search != nil {
		key = searchFold(strings.TrimSpace(*q.Search))
	}
	d, err := s.details(ctx, r)
	if err != nil {
		return nil, err
	}
	units := []Unit{}
	for i, u := range d.order {
		if len(units) == limit {
			break
		}
		switch {
		case key != "" && !strings.Contains(d.keys[i], key):
		case parent != "" && (r.units[u.ID] == nil || r.units[u.ID].parentID != parent):
		case q.Year != nil && !existedAtEnd(u, *q.Year):
		default:
			units = append(units, *u)
		}
	}
	if err := tooMany(len(units), q.First); err != nil {
		return nil, err
	}
	return units, nil
}

// existedAtEnd reports whether u existed on the last day of year, when scores are given: a
// commune merged on 2025-07-01 has no 2025 result, its successor has.
func existedAtEnd(u *Unit, year int) bool {
	end := fmt.Sprintf("%04d-12-31", year)
	return (u.ValidFrom == nil || *u.ValidFrom <= end) && (u.ValidTo == nil || end <= *u.ValidTo)
}

// Unit returns one unit by ID or by code, from memory; a code resolves as described at
// resolveUnit.
func (s *Store) Unit(ctx context.Context, idOrCode string, year *int) (*Unit, error) {
	id, err := s.resolveUnit(ctx, idOrCode, year)
	if err != nil {
		return nil, err
	}
	d, err := s.details(ctx, s.refs.Load())
	if err != nil {
		return nil, err
	}
	u, ok := d.byID[id]
	if !ok {
		return nil, notFound("no unit %q", idOrCode)
	}
	out := *u
	return &out, nil
}

func (s *Store) queryUnits(ctx context.Context, query string, args ...any) ([]Unit, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	units := []Unit{}
	for rows.Next() {
		var u Unit
		var lineage sql.NullString
		var years []any
		if err := rows.Scan(&u.ID, &u.Code, &u.Name, &u.ShortName, &u.Kind, &u.Level, &u.List,
			&u.Parent, &u.ParentName, &u.ValidFrom, &u.ValidTo, &lineage, &years); err != nil {
			return nil, err
		}
		u.Lineage = []LineageLink{}
		if lineage.Valid {
			if err := json.Unmarshal([]byte(lineage.String), &u.Lineage); err != nil {
				return nil, fmt.Errorf("lineage of %s: %w", u.ID, err)
			}
		}
		u.Successors, u.Predecessors = []string{}, []string{}
		for _, l := range u.Lineage {
			if l.Predecessor.ID == u.ID {
				u.Successors = append(u.Successors, l.Successor.Code)
			} else {
				u.Predecessors = append(u.Predecessors, l.Predecessor.Code)
			}
		}
		u.Years = make([]int, 0, len(years))
		for _, y := range years {
			u.Years = append(u.Years, int(y.(int16)))
		}
		units = append(units, u)
	}
	return units, rows.Err()
}

// Shape gives the largest list sizes the data can produce, so that a request's cost can be
// bounded before any query runs.
type Shape struct {
	Units               int // units in all
	MaxResultsPerYear   int // results of the busiest year
	MaxChildren         int // units under one parent, or in one province (its districts' too)
	MaxLineage          int // reorganisation links of one unit
	MaxFields           int // fields of a framework
	MaxCriteriaPerField int
	MaxCriteria         int // criteria of a framework
	MaxGroups           int // group bands of a framework
}

// Shape reads the largest list sizes of the data in one statement.
func (s *Store) Shape(ctx context.Context) (Shape, error) {
	var sh Shape
	err := s.db.QueryRowContext(ctx, `
SELECT (SELECT count(*) FROM units),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM unit_results GROUP BY year)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM units WHERE parent_id IS NOT NULL GROUP BY parent_id
            UNION ALL SELECT count(*) FROM units WHERE province_id <> id GROUP BY province_id)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM (
            SELECT predecessor_id AS id FROM lineage UNION ALL SELECT successor_id FROM lineage) GROUP BY id)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM fields GROUP BY framework_id)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM criteria GROUP BY framework_id, field_slug)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM criteria GROUP BY framework_id)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM group_bands GROUP BY framework_id))`).
		Scan(&sh.Units, &sh.MaxResultsPerYear, &sh.MaxChildren, &sh.MaxLineage, &sh.MaxFields, &sh.MaxCriteriaPerField, &sh.MaxCriteria, &sh.MaxGroups)
	if err != nil {
		return Shape{}, fmt.Errorf("shape: %w", err)
	}
	return sh, nil
}
