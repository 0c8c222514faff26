package analytics

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Comparison is units side by side in a year.
type Comparison struct {
	Year   int            `json:"year"`
	Fields []FieldRef     `json:"fields"`
	Units  []ComparedUnit `json:"units"`
	// Frameworks are those the units compared were scored on, in the order of the units; more
	// than one means that their percents compare as percents only.
	Frameworks      []string `json:"frameworks"`
	MixedFrameworks bool     `json:"mixedFrameworks"`
}

// ComparedUnit is one unit of a comparison: its total and each field, with benchmarks.
type ComparedUnit struct {
	Unit       UnitRef         `json:"unit"`
	Framework  string          `json:"framework"`
	Cohort     *string         `json:"cohort"` // the cohort its benchmarks are taken in; nil: every unit of its parent
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

// Compare returns the units in the order asked, each with its total and fields against the
// benchmarks of its parent in the same year. It reads the year's results in memory (model.go): as
// a statement over the results tables it took 20–30 ms at national scale.
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
	r := s.refs.Load()
	set, err := s.results(ctx, r, year, nil)
	if err != nil {
		return nil, fmt.Errorf("compare %d: %w", year, err)
	}
	out := &Comparison{Year: year, Fields: set.fields, Units: make([]ComparedUnit, len(ids)), Frameworks: []string{}}
	var missing []string
	for pos, id := range ids {
		u := r.units[id]
		i := -1
		if u != nil {
			i = set.row(u)
		}
		if i < 0 {
			missing = append(missing, id)
			continue
		}
		row := &set.rows[i]
		from, to := set.cohortSpan(i)
		if !slices.Contains(out.Frameworks, row.framework) {
			out.Frameworks = append(out.Frameworks, row.framework)
		}
		cu := ComparedUnit{Unit: row.unit.ref, Framework: row.framework, Cohort: cohortOf(&row.cohort), Percent: row.percent, Rank: row.rank, Group: r.groups[row.framework][row.group],
			Benchmarks: set.benchmarks(from, to, row.group, -1), Fields: make([]ComparedField, 0, len(set.fields))}
		for k, f := range set.fields {
			if v := set.value(i, k); v.ok {
				cu.Fields = append(cu.Fields, ComparedField{Field: f, Percent: v.percent, Rank: v.rank,
					Benchmarks: set.benchmarks(from, to, row.group, k)})
			}
		}
		out.Units[pos] = cu
	}
	if len(missing) > 0 {
		named := strings.Join(missing[:min(len(missing), 5)], ", ")
		if len(missing) > 5 {
			named += fmt.Sprintf(" and %d more", len(missing)-5)
		}
		return nil, notFound("compare %d: %d of the %d units asked have no result that year: %s", year, len(missing), len(ids), named)
	}
	out.MixedFrameworks = len(out.Frameworks) > 1
	return out, nil
}

// benchmarks are the benchmarks of one measure among the rows [from, to) of a parent (the total
// for field -1, else that field, among the units scored in it), for a unit of group. Quantiles
// interpolate as DuckDB's quantile_cont does; the best unit is the first in Vietnamese order
// among those with the highest value.
func (set *resultSet) benchmarks(from, to int, group string, field int) Benchmarks {
	xs := make([]float64, 0, to-from)
	var sum, groupSum float64
	groupN, best := 0, -1
	var bestX float64
	for j := from; j < to; j++ {
		x := set.rows[j].percent
		if field >= 0 {
			v := set.value(j, field)
			if !v.ok {
				continue
			}
			x = v.percent
		}
		xs = append(xs, x)
		sum += x
		if best < 0 || x > bestX || x == bestX && set.rows[j].unit.sortKey < set.rows[best].unit.sortKey {
			best, bestX = j, x
		}
		if set.rows[j].group == group {
			groupSum += x
			groupN++
		}
	}
	if len(xs) == 0 {
		return Benchmarks{}
	}
	slices.Sort(xs)
	b := Benchmarks{Units: len(xs), ParentMean: sum / float64(len(xs)), ParentMedian: quantileCont(xs, 0.5),
		TopQuartile: quantileCont(xs, 0.75), Best: bestX, BestUnit: set.rows[best].unit.ref}
	if groupN > 0 {
		b.GroupMean = groupSum / float64(groupN)
	}
	return b
}

// quantileCont is DuckDB's quantile_cont of sorted values: the value at position (n − 1) × q,
// interpolated linearly between its neighbours.
func quantileCont(sorted []float64, q float64) float64 {
	pos := float64(len(sorted)-1) * q
	lo, hi := math.Floor(pos), math.Ceil(pos)
	a, b := sorted[int(lo)], sorted[int(hi)]
	if lo == hi {
		return a
	}
	return a + (b-a)*(pos-lo)
}
