package analytics

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Result is a unit's result in a year.
type Result struct {
	Unit      UnitRef       `json:"unit"`
	Year      int           `json:"year"`
	Points    float64       `json:"points"`
	MaxPoints float64       `json:"maxPoints"`
	Percent   float64       `json:"percent"`
	Rank      int           `json:"rank"`
	Group     Group         `json:"group"`
	Published *Published    `json:"published"`
	Source    Source        `json:"source"`
	Fields    []FieldResult `json:"fields"`
	// Coverage and Contributors say which units' results make this one: the unit itself as
	// published, or its predecessors under BoundaryCurrent.
	Coverage Coverage `json:"coverage"`
	// Certainty is INFERRED when a contributor came through a receiver the lists do not establish.
	Certainty    Certainty `json:"certainty"`
	Contributors []string  `json:"contributors"`
	// Framework is the ID of the framework the unit was scored on; Cohort the cohort it is
	// ranked in ("" when its issuer ranks every unit together).
	Framework string  `json:"framework"`
	Cohort    *string `json:"cohort"`
	// Adjustment is the bonus less the penalty points in the total; nil when the framework has
	// none. Components are the parts of the total the framework names (with WithFields).
	Adjustment *float64          `json:"adjustment"`
	Components []ComponentResult `json:"components"`
}

// ComponentResult is a unit's points in a component of its framework.
type ComponentResult struct {
	Component Component `json:"component"`
	Points    float64   `json:"points"`
	Percent   float64   `json:"percent"`
}

// FieldResult is one field of a unit's result.
type FieldResult struct {
	Field     FieldRef `json:"field"`
	Points    float64  `json:"points"`
	MaxPoints float64  `json:"maxPoints"`
	Percent   float64  `json:"percent"`
	Rank      int      `json:"rank"`
}

// Published is what a decision published for a unit and year.
type Published struct {
	Group  Group  `json:"group"`
	Rank   *int   `json:"rank"`
	Source Source `json:"source"`
}

// RankingQuery selects a ranking. Parent, Field, Boundary and First are optional.
type RankingQuery struct {
	Year     int
	Parent   *string // ID or code of the district or province
	Field    *string // a field slug: rank on that field instead of the total
	Boundary *Boundary
	First    *int
	// Cohort keeps the units of one cohort (a slug of their framework's cohorts).
	Cohort *string
	// WithFields asks for each result's field results; without it Fields is empty.
	WithFields bool
}

// Ranking returns the results of a year ordered by rank, then by Vietnamese name. It reads the
// year from the read model (model.go): no statement runs once the year is in memory.
func (s *Store) Ranking(ctx context.Context, q RankingQuery) ([]Result, error) {
	results, _, err := s.ranking(ctx, q)
	return results, err
}

// ranking is Ranking, also returning the fields of the year's framework the results were read
// with, in order.
func (s *Store) ranking(ctx context.Context, q RankingQuery) ([]Result, []FieldRef, error) {
	r := s.refs.Load()
	if err := s.checkYear(ctx, q.Year); err != nil {
		return nil, nil, err
	}
	limit, err := rowLimit(q.First)
	if err != nil {
		return nil, nil, err
	}
	area, err := r.parentArea(q.Parent, q.Year, q.Boundary)
	if err != nil {
		return nil, nil, err
	}
	field := -1
	if q.Field != nil {
		if _, err := s.fieldRef(q.Year, *q.Field); err != nil {
			return nil, nil, err
		}
	}
	set, err := s.results(ctx, r, q.Year, q.Boundary)
	if err != nil {
		return nil, nil, fmt.Errorf("ranking %d: %w", q.Year, err)
	}
	if q.Field != nil {
		field = set.field(*q.Field)
	}
	rows, ranked := area.rows(set)
	rank := func(i int) int { return set.rows[i].rank }
	if field >= 0 {
		rank = func(i int) int { return set.value(i, field).rank }
	}
	// The rows of a parent are in ranking order; those of several parents, or ranked on a field,
	// are sorted here: best rank first, then Vietnamese name order.
	order := rows
	if field >= 0 {
		order = slices.DeleteFunc(rows, func(i int) bool { return !set.value(i, field).ok })
	}
	if q.Cohort != nil {
		if err := checkCohort(set, order, *q.Cohort); err != nil {
			return nil, nil, err
		}
		if area.parent == "" && area.formed == nil && field < 0 {
			order = slices.Clone(set.ranked())
		}
		order = slices.DeleteFunc(order, func(i int) bool { return set.rows[i].cohort != *q.Cohort })
	}
	switch {
	case field < 0 && area.parent == "" && area.formed == nil && q.Cohort == nil:
		order = set.ranked() // every row: sorted once per set
	case !ranked || field >= 0:
		// One parent's rows come a cohort at a time, as its total's do.
		slices.SortFunc(order, func(a, b int) int {
			c := 0
			if ranked {
				c = strings.Compare(set.rows[a].cohort, set.rows[b].cohort)
			}
			return cmp.Or(c, cmp.Compare(rank(a), rank(b)), cmp.Compare(set.rows[a].unit.sortKey, set.rows[b].unit.sortKey))
		})
	}
	if err := tooMany(len(order), q.First); err != nil {
		return nil, nil, err
	}
	order = order[:min(len(order), limit)]
	results := make([]Result, len(order))
	for n, i := range order {
		row := &set.rows[i]
		res := Result{Unit: row.unit.ref, Year: q.Year, Points: row.points, MaxPoints: row.maxPoints, Percent: row.percent,
			Rank: row.rank, Group: r.groups[row.framework][row.group], Framework: row.framework, Cohort: cohortOf(&row.cohort), Source: r.sources[row.source], Coverage: row.coverage, Certainty: row.certainty(),
			Published: r.published[yearUnit{q.Year, row.unit.id}], Contributors: row.contributors, Fields: []FieldResult{}}
		if res.Contributors == nil {
			res.Contributors = []string{row.unit.id}
		}
		if field >= 0 {
			v := set.value(i, field)
			res.Points, res.MaxPoints, res.Percent, res.Rank = v.points, v.max, v.percent, v.rank
		}
		if field < 0 {
			res.Adjustment = set.adjustment(r, i)
		}
		if q.WithFields {
			res.Fields = set.fieldResults(i)
			res.Components = set.componentResults(r, i)
		}
		results[n] = res
	}
	return results, set.fields, nil
}

// adjustment returns the bonus less the penalty points in row i's total: the total less its
// fields' points; nil when its framework has neither.
func (set *resultSet) adjustment(r *refs, i int) *float64 {
	row := &set.rows[i]
	if fw := r.frameworks[row.framework]; fw == nil || len(fw.adjustments) == 0 {
		return nil
	}
	a := row.points
	for k := range set.fields {
		if v := set.value(i, k); v.ok {
			a -= v.points
		}
	}
	a = math.Round(a*1e6) / 1e6
	return &a
}

// componentResults returns row i's points in each component of its framework.
func (set *resultSet) componentResults(r *refs, i int) []ComponentResult {
	fw := r.frameworks[set.rows[i].framework]
	if fw == nil || len(fw.components) == 0 {
		return []ComponentResult{}
	}
	out := make([]ComponentResult, len(fw.components))
	for c, comp := range fw.components {
		out[c].Component = comp
		for k, f := range r.fields[fw.id] {
			if k >= len(fw.fieldComponent) || fw.fieldComponent[k] != comp.Slug {
				continue
			}
			if j := set.field(f.Slug); j >= 0 {
				if v := set.value(i, j); v.ok {
					out[c].Points += v.points
				}
			}
		}
		out[c].Points = math.Round(out[c].Points*1e6) / 1e6
		if comp.MaxPoints > 0 {
			out[c].Percent = math.Round(out[c].Points/comp.MaxPoints*100*1e6) / 1e6
		}
	}
	return out
}

// fieldResults returns the field results of row i, in framework order, leaving out fields the
// unit has no score in.
func (set *resultSet) fieldResults(i int) []FieldResult {
	out := make([]FieldResult, 0, len(set.fields))
	for k, f := range set.fields {
		if v := set.value(i, k); v.ok {
			out = append(out, FieldResult{Field: f, Points: v.points, MaxPoints: v.max, Percent: v.percent, Rank: v.rank})
		}
	}
	return out
}

// RankingColumns is a ranking's rows as columns: the i-th entry of each list belongs to the i-th
// unit, in ranking order, what data frames and charts read (see the rankingColumns query).
type RankingColumns struct {
	Unit      []string    `json:"unit"`
	Code      []string    `json:"code"`
	Name      []string    `json:"name"`
	ShortName []string    `json:"shortName"`
	Parent    []*string   `json:"parent"`
	Points    []float64   `json:"points"`
	MaxPoints []float64   `json:"maxPoints"`
	Percent   []float64   `json:"percent"`
	Rank      []int       `json:"rank"`
	Group     []string    `json:"group"`
	Coverage  []Coverage  `json:"coverage"`
	Certainty []Certainty `json:"certainty"`
	// Framework and Cohort of each unit; Frameworks each framework of the rows once, most rows
	// first: more than one means that the ranking lists units of several frameworks together.
	Framework       []string  `json:"framework"`
	Cohort          []*string `json:"cohort"`
	Frameworks      []string  `json:"frameworks"`
	MixedFrameworks bool      `json:"mixedFrameworks"`
	// Fields has one entry per field of the year's framework, in its order; empty unless the
	// query asked for fields.
	Fields []RankingFieldColumns `json:"fields"`
}

// RankingFieldColumns is one field of every unit of a ranking; nil where a unit has no score in
// the field.
type RankingFieldColumns struct {
	Field   FieldRef   `json:"field"`
	Points  []*float64 `json:"points"`
	Percent []*float64 `json:"percent"`
	Rank    []*int     `json:"rank"`
}

// RankingColumns returns the rows Ranking returns for q, as columns.
func (s *Store) RankingColumns(ctx context.Context, q RankingQuery) (*RankingColumns, error) {
	results, fields, err := s.ranking(ctx, q)
	if err != nil {
		return nil, err
	}
	n := len(results)
	c := &RankingColumns{Unit: make([]string, n), Code: make([]string, n), Name: make([]string, n), ShortName: make([]string, n),
		Parent: make([]*string, n), Points: make([]float64, n), MaxPoints: make([]float64, n), Percent: make([]float64, n),
		Rank: make([]int, n), Group: make([]string, n), Coverage: make([]Coverage, n), Certainty: make([]Certainty, n), Fields: []RankingFieldColumns{},
		Framework: make([]string, n), Cohort: make([]*string, n)}
	c.Frameworks = frameworksOf(results)
	c.MixedFrameworks = len(c.Frameworks) > 1
	for i := range results {
		res := &results[i]
		c.Unit[i], c.Code[i], c.Name[i], c.ShortName[i], c.Parent[i] = res.Unit.ID, res.Unit.Code, res.Unit.Name, res.Unit.ShortName, res.Unit.Parent
		c.Points[i], c.MaxPoints[i], c.Percent[i], c.Rank[i] = res.Points, res.MaxPoints, res.Percent, res.Rank
		c.Group[i], c.Coverage[i], c.Certainty[i] = res.Group.Code, res.Coverage, res.Certainty
		c.Framework[i], c.Cohort[i] = res.Framework, res.Cohort
	}
	if !q.WithFields {
		return c, nil
	}
	column := map[string]int{}
	for k, f := range fields {
		column[f.Slug] = k
		c.Fields = append(c.Fields, RankingFieldColumns{Field: f, Points: make([]*float64, n), Percent: make([]*float64, n), Rank: make([]*int, n)})
	}
	for i := range results {
		for j := range results[i].Fields {
			v := &results[i].Fields[j]
			col := &c.Fields[column[v.Field.Slug]]
			col.Points[i], col.Percent[i], col.Rank[i] = &v.Points, &v.Percent, &v.Rank
		}
	}
	return c, nil
}

// frameworksOf lists the frameworks of results once each, those of most results first.
func frameworksOf(results []Result) []string {
	n := map[string]int{}
	for i := range results {
		n[results[i].Framework]++
	}
	return mostFirst(n)
}

// mostFirst returns the keys of a count, the largest count first, then in order of the keys.
func mostFirst(n map[string]int) []string {
	return slices.SortedFunc(maps.Keys(n), func(a, b string) int { return cmp.Or(cmp.Compare(n[b], n[a]), strings.Compare(a, b)) })
}

// checkCohort refuses a cohort that none of the rows is ranked in, naming those there are.
func checkCohort(set *resultSet, rows []int, cohort string) error {
	var there []string
	for _, i := range rows {
		c := set.rows[i].cohort
		if c == cohort {
			return nil
		}
		if c != "" && !slices.Contains(there, c) {
			there = append(there, c)
		}
	}
	if len(there) == 0 {
		return invalid("no cohort %q: the units asked are ranked together", cohort)
	}
	slices.Sort(there)
	return invalid("no cohort %q among the units asked; cohorts are %s", cohort, strings.Join(there, ", "))
}
