package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Changes is a year-over-year comparison with its summary.
type Changes struct {
	From     int           `json:"from"`
	To       int           `json:"to"`
	Field    *FieldRef     `json:"field"`
	Boundary Boundary      `json:"boundary"`
	Summary  ChangeSummary `json:"summary"`
	Units    []Change      `json:"units"`
}

// ChangeSummary counts the units of a comparison.
type ChangeSummary struct {
	Units      int      `json:"units"`
	Compared   int      `json:"compared"`
	Improved   int      `json:"improved"`
	Declined   int      `json:"declined"`
	Unchanged  int      `json:"unchanged"`
	GroupUp    int      `json:"groupUp"`
	GroupDown  int      `json:"groupDown"`
	OnlyFrom   int      `json:"onlyFrom"`
	OnlyTo     int      `json:"onlyTo"`
	MeanChange *float64 `json:"meanChange"`
}

// Change is one unit's change between two years. Pointers are nil where a year has no value.
type Change struct {
	Unit           UnitRef      `json:"unit"`
	Status         ChangeStatus `json:"status"`
	PercentFrom    *float64     `json:"percentFrom"`
	PercentTo      *float64     `json:"percentTo"`
	Change         *float64     `json:"change"`
	RelativeChange *float64     `json:"relativeChange"`
	RankFrom       *int         `json:"rankFrom"`
	RankTo         *int         `json:"rankTo"`
	RankChange     *int         `json:"rankChange"`
	GroupFrom      *Group       `json:"groupFrom"`
	GroupTo        *Group       `json:"groupTo"`
	GroupChange    *int         `json:"groupChange"`
	sortKey        int
}

// ChangeStatus says in which years a unit has a value.
type ChangeStatus string

// Change statuses.
const (
	ChangeBoth     ChangeStatus = "BOTH"
	ChangeOnlyFrom ChangeStatus = "ONLY_FROM"
	ChangeOnlyTo   ChangeStatus = "ONLY_TO"
)

// ChangesQuery selects a comparison. Parent, Field, Boundary and First are optional.
type ChangesQuery struct {
	From, To int
	Parent   *string // resolved in To
	Field    *string
	Boundary *Boundary
	First    *int
}

// changesSQL is a full outer join of the two years' rows of one table: the totals, or one
// field's results (which carry the unit's group). Names and groups come from memory.
const changesSQL = `
WITH a AS (SELECT unit_id, percent, rank, group_code FROM $table WHERE year = $from$where),
     b AS (SELECT unit_id, percent, rank, group_code FROM $table WHERE year = $to$where)
SELECT coalesce(b.unit_id, a.unit_id), a.percent, a.rank, a.group_code, b.percent, b.rank, b.group_code
FROM a FULL OUTER JOIN b ON a.unit_id = b.unit_id`

// Changes compares two years unit by unit: the biggest rise first, then the units present in one
// year only, by name. The summary counts every unit even when First cuts the list.
func (s *Store) Changes(ctx context.Context, q ChangesQuery) (*Changes, error) {
	if q.From >= q.To {
		return nil, invalid("changes: from (%d) must be before to (%d)", q.From, q.To)
	}
	limit, err := rowLimit(q.First)
	if err != nil {
		return nil, err
	}
	for _, y := range []int{q.From, q.To} {
		if err := s.checkYear(ctx, y); err != nil {
			return nil, err
		}
	}
	parent := ""
	if q.Parent != nil {
		if parent, err = s.resolveUnit(ctx, *q.Parent, &q.To); err != nil {
			return nil, err
		}
	}
	out := &Changes{From: q.From, To: q.To, Boundary: BoundaryAsPublished, Units: []Change{}}
	if q.Boundary != nil {
		out.Boundary = *q.Boundary
	}
	t := q.Boundary.tables()
	table, where := t.results, ""
	args := []any{sql.Named("from", q.From), sql.Named("to", q.To)}
	if parent != "" {
		where += " AND parent_id = $parent"
		args = append(args, sql.Named("parent", parent))
	}
	if q.Field != nil {
		ref, err := s.fieldRef(q.To, *q.Field)
		if err != nil {
			return nil, err
		}
		out.Field = ref
		table, where = t.fields, where+" AND field_slug = $field"
		args = append(args, sql.Named("field", *q.Field))
	}
	text := strings.NewReplacer("$table", table, "$where", where).Replace(changesSQL)
	rows, err := s.query(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("changes %d–%d: %w", q.From, q.To, err)
	}
	defer rows.Close()
	r := s.refs.Load()
	fwFrom, fwTo := r.framework[q.From], r.framework[q.To]
	var sum float64
	for rows.Next() {
		var c Change
		var unitID string
		var from, to yearValue
		if err := rows.Scan(&unitID, &from.percent, &from.rank, &from.code, &to.percent, &to.rank, &to.code); err != nil {
			return nil, fmt.Errorf("changes %d–%d: %w", q.From, q.To, err)
		}
		u := r.units[unitID]
		c.Unit, c.sortKey = u.ref, u.sortKey
		c.PercentFrom, c.RankFrom, c.GroupFrom = from.values(r.groups[fwFrom])
		c.PercentTo, c.RankTo, c.GroupTo = to.values(r.groups[fwTo])
		sm := &out.Summary
		sm.Units++
		switch {
		case c.PercentFrom == nil:
			c.Status = ChangeOnlyTo
			sm.OnlyTo++
		case c.PercentTo == nil:
			c.Status = ChangeOnlyFrom
			sm.OnlyFrom++
		default:
			c.Status = ChangeBoth
			sm.Compared++
			d := round6(*c.PercentTo - *c.PercentFrom)
			c.Change = &d
			sum += d
			if *c.PercentFrom != 0 {
				rel := round6(d / *c.PercentFrom * 100)
				c.RelativeChange = &rel
			}
			rc := *c.RankFrom - *c.RankTo
			c.RankChange = &rc
			gc := r.bandOrder[fwFrom][from.code.String] - r.bandOrder[fwTo][to.code.String]
			c.GroupChange = &gc
			switch {
			case d > 1e-9:
				sm.Improved++
			case d < -1e-9:
				sm.Declined++
			default:
				sm.Unchanged++
			}
			if gc > 0 {
				sm.GroupUp++
			} else if gc < 0 {
				sm.GroupDown++
			}
		}
		out.Units = append(out.Units, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("changes %d–%d: %w", q.From, q.To, err)
	}
	if out.Summary.Compared > 0 {
		mean := round6(sum / float64(out.Summary.Compared))
		out.Summary.MeanChange = &mean
	}
	slices.SortFunc(out.Units, func(a, b Change) int {
		if a.Change != nil && b.Change != nil {
			return cmp.Or(cmp.Compare(*b.Change, *a.Change), cmp.Compare(a.sortKey, b.sortKey))
		}
		if (a.Change == nil) != (b.Change == nil) {
			if a.Change != nil {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.Status, b.Status), cmp.Compare(a.sortKey, b.sortKey))
	})
	if err := tooMany(len(out.Units), q.First); err != nil {
		return nil, err
	}
	if len(out.Units) > limit {
		out.Units = out.Units[:limit]
	}
	return out, nil
}

// round6 rounds a difference of percents to the precision they are stored in.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// yearValue is one side of a change as scanned.
type yearValue struct {
	percent sql.NullFloat64
	rank    sql.NullInt64
	code    sql.NullString
}

// values returns the side's percent, rank and group (named by the year's bands), or nils.
func (v yearValue) values(bands map[string]Group) (*float64, *int, *Group) {
	if !v.percent.Valid {
		return nil, nil, nil
	}
	p, r, g := v.percent.Float64, int(v.rank.Int64), bands[v.code.String]
	return &p, &r, &g
}
