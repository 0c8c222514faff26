package analytics

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// Changes is a year-over-year comparison with its summary.
type Changes struct {
	From     int           `json:"from"`
	To       int           `json:"to"`
	Field    *FieldRef     `json:"field"`
	Boundary Boundary      `json:"boundary"`
	Summary  ChangeSummary `json:"summary"`
	Units    []Change      `json:"units"`
	// Frameworks are the frameworks of the units compared, both years together; more than one
	// means that the comparison mixes frameworks.
	Frameworks      []string `json:"frameworks"`
	MixedFrameworks bool     `json:"mixedFrameworks"`
}

// ChangeSummary counts the units of a comparison.
type ChangeSummary struct {
	Units     int `json:"units"`
	Compared  int `json:"compared"`
	Improved  int `json:"improved"`
	Declined  int `json:"declined"`
	Unchanged int `json:"unchanged"`
	GroupUp   int `json:"groupUp"`
	GroupDown int `json:"groupDown"`
	OnlyFrom  int `json:"onlyFrom"`
	OnlyTo    int `json:"onlyTo"`
	Inferred  int `json:"inferred"`
	// FrameworkChanged counts the units compared whose framework differs between the two years:
	// their percents compare as percents only, their groups by position.
	FrameworkChanged int      `json:"frameworkChanged"`
	MeanChange       *float64 `json:"meanChange"`
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
	// FrameworkChanged: the unit was scored on another framework in the earlier year.
	FrameworkChanged bool `json:"frameworkChanged"`
	// Cohort is the cohort the unit is ranked in the later year (the earlier if it has none); ""
	// when its issuer ranks every unit together.
	Cohort *string `json:"cohort"`
	// Certainty is INFERRED when a value (boundary CURRENT) came through a receiver the lists
	// do not establish.
	Certainty Certainty `json:"certainty"`
	sortKey   int
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
	r := s.refs.Load()
	area, err := r.parentArea(q.Parent, q.To, q.Boundary)
	if err != nil {
		return nil, err
	}
	out := &Changes{From: q.From, To: q.To, Boundary: BoundaryAsPublished, Units: []Change{}, Frameworks: []string{}}
	if q.Boundary != nil {
		out.Boundary = *q.Boundary
	}
	var sides [2]side
	for n, year := range []int{q.From, q.To} {
		set, err := s.results(ctx, r, year, q.Boundary)
		if err != nil {
			return nil, fmt.Errorf("changes %d–%d: %w", q.From, q.To, err)
		}
		sides[n] = side{set: set, area: area, field: -1, groups: r.groups, year: year, versions: !q.Boundary.current()}
	}
	if q.Field != nil {
		ref, err := s.fieldRef(q.To, *q.Field)
		if err != nil {
			return nil, err
		}
		out.Field = ref
		for n := range sides {
			if sides[n].field = sides[n].set.field(*q.Field); sides[n].field < 0 {
				sides[n].set = &resultSet{} // the field did not exist that year
			}
		}
	}
	before, after := &sides[0], &sides[1]
	var sum float64
	values := make([]changeValues, len(before.set.rows)+len(after.set.rows))
	out.Units = make([]Change, 0, len(values))
	var lastFrom, lastTo string
	add := func(i, j int) {
		u := after.unit(j)
		if u == nil {
			u = before.unit(i)
		}
		v := &values[len(out.Units)] // one allocation for every row's values
		c := Change{Unit: u.ref, sortKey: u.sortKey, Certainty: CertaintyEstablished}
		if before.inferred(i) || after.inferred(j) {
			c.Certainty = CertaintyInferred
			out.Summary.Inferred++
		}
		var fwFrom, fwTo string
		c.PercentFrom, c.RankFrom, c.GroupFrom, fwFrom = before.values(i, &v.from)
		c.PercentTo, c.RankTo, c.GroupTo, fwTo = after.values(j, &v.to)
		if fwFrom != lastFrom || fwTo != lastTo { // most rows share their neighbours' frameworks
			lastFrom, lastTo = fwFrom, fwTo
			for _, fw := range [2]string{fwFrom, fwTo} {
				if fw != "" && !slices.Contains(out.Frameworks, fw) {
					out.Frameworks = append(out.Frameworks, fw)
				}
			}
		}
		if j >= 0 {
			c.Cohort = cohortOf(&after.set.rows[j].cohort)
		} else {
			c.Cohort = cohortOf(&before.set.rows[i].cohort)
		}
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
			v.change = round6(*c.PercentTo - *c.PercentFrom)
			d := v.change
			c.Change = &v.change
			sum += d
			if *c.PercentFrom != 0 {
				v.relative = round6(d / *c.PercentFrom * 100)
				c.RelativeChange = &v.relative
			}
			v.rankChange = *c.RankFrom - *c.RankTo
			c.RankChange = &v.rankChange
			v.groupChange = c.GroupFrom.Ordinal - c.GroupTo.Ordinal // by position: frameworks may differ
			if fwFrom != fwTo {
				c.FrameworkChanged = true
				sm.FrameworkChanged++
			}
			gc := v.groupChange
			c.GroupChange = &v.groupChange
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
	// Every unit of the later year, with its earlier result if it has one; then the units of the
	// earlier year only.
	rows, _ := area.rows(after.set)
	for _, j := range rows {
		if after.has(j) {
			add(before.find(after.set.rows[j].unit), j)
		}
	}
	rows, _ = area.rows(before.set)
	for _, i := range rows {
		if before.has(i) && after.find(before.set.rows[i].unit) < 0 {
			add(i, -1)
		}
	}
	out.MixedFrameworks = len(out.Frameworks) > 1
	if out.Summary.Compared > 0 {
		mean := round6(sum / float64(out.Summary.Compared))
		out.Summary.MeanChange = &mean
	}
	// Sort small keys, not the rows: a Change is large, and 10,000 of them compared through
	// pointers cost more than the rest of the comparison.
	units := out.Units
	type sortKey struct {
		change float64 // biggest rise first
		rank   int     // 0 with a change, then ONLY_FROM, ONLY_TO
		name   int     // Vietnamese order
		i      int32
	}
	keys := make([]sortKey, len(units))
	for i, u := range units {
		k := sortKey{name: u.sortKey, i: int32(i)}
		switch {
		case u.Change != nil:
			k.change = -*u.Change
		case u.Status == ChangeOnlyFrom:
			k.rank = 1
		default:
			k.rank = 2
		}
		keys[i] = k
	}
	// Compared field by field, returning at the first difference (cmp.Or would compare all three,
	// and cmp.Compare orders NaNs, which percents never are): 10,000 keys sort in a third of the time.
	slices.SortFunc(keys, func(a, b sortKey) int {
		switch {
		case a.rank != b.rank:
			return a.rank - b.rank
		case a.change < b.change:
			return -1
		case a.change > b.change:
			return 1
		}
		return a.name - b.name
	})
	if err := tooMany(len(out.Units), q.First); err != nil {
		return nil, err
	}
	out.Units = make([]Change, min(len(keys), limit))
	for n := range out.Units {
		out.Units[n] = units[keys[n].i]
	}
	return out, nil
}

// round6 rounds a difference of percents to the precision they are stored in.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// side is one year of a comparison: its results, restricted to a parent and measured on the
// total or on one field.
type side struct {
	set    *resultSet
	area   parentArea
	field  int                         // -1 for the total
	groups map[string]map[string]Group // by framework, then code
	year   int
	// versions: a unit renamed, moved or re-kinded between the two years is found through the
	// version it was this year (as published).
	versions bool
}

// inferred reports whether row i rests on an inferred link; false for -1.
func (s *side) inferred(i int) bool { return i >= 0 && s.set.rows[i].inferred }

// has reports whether row i counts on this side: it has a value of the measure.
func (s *side) has(i int) bool { return s.field < 0 || s.set.value(i, s.field).ok }

// find returns the row of a unit on this side, or -1. The row of another version of the unit
// counts wherever its parent was: the unit was chosen on the other side.
func (s *side) find(u *unitRef) int {
	i := s.set.row(u)
	if i < 0 && s.versions {
		if v := u.versionIn(s.year); v != nil && v != u {
			if i = s.set.row(v); i >= 0 && s.has(i) {
				return i
			}
		}
		return -1
	}
	if i < 0 || !s.area.covers(s.set, i) || !s.has(i) {
		return -1
	}
	return i
}

func (s *side) unit(i int) *unitRef {
	if i < 0 {
		return nil
	}
	return s.set.rows[i].unit
}

// values returns row i's percent, rank and group (named by the year's bands), kept in v, and
// the group's code; nils for -1.
func (s *side) values(i int, v *sideValues) (*float64, *int, *Group, string) {
	if i < 0 {
		return nil, nil, nil, ""
	}
	row := &s.set.rows[i]
	v.percent, v.rank = row.percent, row.rank
	if s.field >= 0 {
		f := s.set.value(i, s.field)
		v.percent, v.rank = f.percent, f.rank
	}
	v.group = s.groups[row.framework][row.group]
	return &v.percent, &v.rank, &v.group, row.framework
}

// changeValues holds what a Change points to, so that a comparison of 10,000 units allocates
// its values once instead of ten times per unit.
type changeValues struct {
	from, to                sideValues
	change, relative        float64
	rankChange, groupChange int
}

type sideValues struct {
	percent float64
	rank    int
	group   Group
}

// ChangeColumns is a comparison's rows as columns (see Changes.Columns).
type ChangeColumns struct {
	Unit           []string       `json:"unit"`
	Code           []string       `json:"code"`
	Name           []string       `json:"name"`
	Parent         []*string      `json:"parent"`
	Status         []ChangeStatus `json:"status"`
	PercentFrom    []*float64     `json:"percentFrom"`
	PercentTo      []*float64     `json:"percentTo"`
	Change         []*float64     `json:"change"`
	RelativeChange []*float64     `json:"relativeChange"`
	RankFrom       []*int         `json:"rankFrom"`
	RankTo         []*int         `json:"rankTo"`
	RankChange     []*int         `json:"rankChange"`
	GroupFrom      []*string      `json:"groupFrom"`
	GroupTo        []*string      `json:"groupTo"`
	GroupChange    []*int         `json:"groupChange"`
	Certainty      []Certainty    `json:"certainty"`
	// FrameworkChanged: the unit was scored on another framework in the earlier year.
	FrameworkChanged []bool    `json:"frameworkChanged"`
	Cohort           []*string `json:"cohort"`
}

// Columns returns the rows of Units as columns, in the same order. It is computed when asked
// for, from the rows.
func (c *Changes) Columns() ChangeColumns {
	n := len(c.Units)
	cols := ChangeColumns{Unit: make([]string, n), Code: make([]string, n), Name: make([]string, n),
		Parent: make([]*string, n), Status: make([]ChangeStatus, n), PercentFrom: make([]*float64, n),
		PercentTo: make([]*float64, n), Change: make([]*float64, n), RelativeChange: make([]*float64, n),
		RankFrom: make([]*int, n), RankTo: make([]*int, n), RankChange: make([]*int, n),
		GroupFrom: make([]*string, n), GroupTo: make([]*string, n), GroupChange: make([]*int, n), Certainty: make([]Certainty, n),
		FrameworkChanged: make([]bool, n), Cohort: make([]*string, n)}
	for i, u := range c.Units {
		cols.Unit[i], cols.Code[i], cols.Name[i], cols.Parent[i] = u.Unit.ID, u.Unit.Code, u.Unit.Name, u.Unit.Parent
		cols.Status[i], cols.PercentFrom[i], cols.PercentTo[i] = u.Status, u.PercentFrom, u.PercentTo
		cols.Change[i], cols.RelativeChange[i] = u.Change, u.RelativeChange
		cols.RankFrom[i], cols.RankTo[i], cols.RankChange[i] = u.RankFrom, u.RankTo, u.RankChange
		cols.GroupFrom[i], cols.GroupTo[i], cols.GroupChange[i] = groupCode(u.GroupFrom), groupCode(u.GroupTo), u.GroupChange
		cols.Certainty[i], cols.FrameworkChanged[i], cols.Cohort[i] = u.Certainty, u.FrameworkChanged, u.Cohort
	}
	return cols
}

func groupCode(g *Group) *string {
	if g == nil {
		return nil
	}
	return &g.Code
}
