package analytics

import (
	"context"
	"fmt"
	"slices"
)

// GroupDistribution counts units per group in a year and the year before.
type GroupDistribution struct {
	Year          int          `json:"year"`
	PreviousYear  *int         `json:"previousYear"`
	Units         int          `json:"units"`
	PreviousUnits *int         `json:"previousUnits"`
	Groups        []GroupCount `json:"groups"`
	// Frameworks are those the year's units were scored on, most units first: with more than
	// one, each framework's groups are counted apart.
	Frameworks      []string `json:"frameworks"`
	MixedFrameworks bool     `json:"mixedFrameworks"`
	// PreviousByPosition: the year before was scored on another framework, and its groups are
	// matched to this year's by position.
	PreviousByPosition bool `json:"previousByPosition"`
}

// GroupCount is the units of one group.
type GroupCount struct {
	Group         Group    `json:"group"`
	Count         int      `json:"count"`
	Share         float64  `json:"share"`
	PreviousCount *int     `json:"previousCount"`
	PreviousShare *float64 `json:"previousShare"`
}

// GroupDistribution counts the units of each group of the year's frameworks (empty groups too)
// in a scope, and in the same scope the year before when it has results there. Groups of the two
// years are matched by framework and code; when the scope had one framework each year and they
// differ, by position.
//
// It counts the year's results in memory (model.go): as a statement it took about 10 ms at
// national scale.
//
// With cohort, only the units of that cohort are counted.
func (s *Store) GroupDistribution(ctx context.Context, year int, parent, cohort *string) (*GroupDistribution, error) {
	scope := ""
	if parent != nil {
		id, err := s.resolveUnit(ctx, *parent, &year)
		if err != nil {
			return nil, err
		}
		scope = id
	}
	r := s.refs.Load()
	type key struct{ framework, code string }
	dYear := year
	count := func(year int) (map[key]int, []string, int, error) {
		set, err := s.results(ctx, r, year, nil)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("group distribution %d: %w", year, err)
		}
		rows, _ := set.area(scope)
		if cohort != nil {
			if year == dYear {
				if err := checkCohort(set, rows, *cohort); err != nil {
					return nil, nil, 0, err
				}
			}
			rows = slices.DeleteFunc(rows, func(i int) bool { return set.rows[i].cohort != *cohort })
		}
		counts := map[key]int{}
		perFramework := map[string]int{}
		for _, i := range rows {
			counts[key{set.rows[i].framework, set.rows[i].group}]++
			perFramework[set.rows[i].framework]++
		}
		fws := mostFirst(perFramework)
		return counts, fws, len(rows), nil
	}
	counts, fws, units, err := count(year)
	if err != nil {
		return nil, err
	}
	previous, previousFws, previousUnits, err := count(year - 1)
	if err != nil {
		return nil, err
	}
	if len(fws) == 0 {
		if fw := r.yearFramework(year); fw != "" {
			fws = []string{fw}
		}
	}
	out := &GroupDistribution{Year: year, Groups: []GroupCount{}, Frameworks: fws, MixedFrameworks: len(fws) > 1}
	if len(fws) > 0 {
		out.Units = units
	}
	byPosition := len(fws) == 1 && len(previousFws) == 1 && fws[0] != previousFws[0]
	if len(fws) > 0 && previousUnits > 0 {
		py, pu := year-1, previousUnits
		out.PreviousYear, out.PreviousUnits = &py, &pu
		out.PreviousByPosition = byPosition
	}
	for _, fw := range fws {
		var before []Group
		if byPosition {
			before = r.bandsOf(previousFws[0])
		}
		for _, group := range r.bandsOf(fw) {
			g := GroupCount{Group: group, Count: counts[key{fw, group.Code}]}
			if out.Units > 0 {
				g.Share = float64(g.Count) / float64(out.Units) * 100
			}
			if out.PreviousUnits != nil {
				k := key{fw, group.Code}
				if byPosition {
					k = key{}
					if p := group.Ordinal - 1; p < len(before) {
						k = key{previousFws[0], before[p].Code}
					}
				}
				pc := previous[k]
				share := float64(pc) / float64(previousUnits) * 100
				g.PreviousCount, g.PreviousShare = &pc, &share
			}
			out.Groups = append(out.Groups, g)
		}
	}
	if out.Units == 0 {
		if err := s.checkYear(ctx, year); err != nil {
			return nil, err
		}
	}
	return out, nil
}
