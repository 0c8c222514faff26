package analytics

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parindex/parindex/analytics/annex"
)

// importUnits are the units a year's file may name: those that existed that year and have no
// unit of that year under them (communes, wards, towns).
type importUnits struct {
	year     int
	byCode   map[string]*unitRef
	byName   map[string][]*unitRef // by foldUnitName; made on first use (see named)
	children map[string][]*unitRef // by parent code, the units a parent had that year
	parents  map[string]*unitRef   // by code, the parents of that year
	all      []*unitRef
}

func newImportUnits(r *refs, year int) *importUnits {
	iu := &importUnits{year: year, byCode: map[string]*unitRef{}, children: map[string][]*unitRef{}, parents: map[string]*unitRef{}}
	parents := map[string]bool{}
	for _, u := range r.units {
		if u.existed(year) && u.ref.Parent != nil {
			parents[*u.ref.Parent] = true
		}
	}
	for _, u := range r.units {
		if !u.existed(year) {
			continue
		}
		if parents[u.ref.Code] {
			iu.parents[u.ref.Code] = u
			continue
		}
		iu.all = append(iu.all, u)
		iu.byCode[u.ref.Code] = u
		if u.ref.Parent != nil {
			iu.children[*u.ref.Parent] = append(iu.children[*u.ref.Parent], u)
		}
	}
	slices.SortFunc(iu.all, func(a, b *unitRef) int { return a.sortKey - b.sortKey })
	for _, us := range iu.children {
		slices.SortFunc(us, func(a, b *unitRef) int { return a.sortKey - b.sortKey })
	}
	return iu
}

// unit returns the unit of an official code. Excel drops the leading zeros of a code it takes for
// a number (00001 becomes 1), and the code of every unit that is scored has five digits: a shorter
// code of digits is read with its zeros restored, and restored says so.
func (iu *importUnits) unit(code string) (u *unitRef, restored bool) {
	if u := iu.byCode[code]; u != nil {
		return u, false
	}
	if code != "" && len(code) < 5 && strings.Trim(code, "0123456789") == "" {
		if u := iu.byCode[strings.Repeat("0", 5-len(code))+code]; u != nil {
			return u, true
		}
	}
	return nil, false
}

// named returns the units whose folded name is key. The index is made when a row first names a
// unit without its code: a file of codes never needs it (folding 10,000 names was more than
// half of preparing the units of a national import, per its CPU profile).
func (iu *importUnits) named(key string) []*unitRef {
	if iu.byName == nil {
		iu.byName = map[string][]*unitRef{}
		for _, u := range iu.all {
			k := annex.FoldUnitName(u.ref.Name)
			iu.byName[k] = append(iu.byName[k], u)
		}
	}
	return iu.byName[key]
}

// closest names the units whose names are nearest to name, for a suggestion; among the units
// of parent first when it is known.
func (iu *importUnits) closest(name, parent string) string {
	pool := iu.all
	if parent != "" && len(iu.children[parent]) > 0 {
		pool = iu.children[parent]
	}
	key := annex.FoldUnitName(name)
	if len(key) > maxEcho {
		// No unit has a name this long, and measuring the distance to each would take minutes.
		return "no unit of that year has a close name; add a column with the official codes (mã ĐVHC)"
	}
	type cand struct {
		u *unitRef
		d int
	}
	var cs []cand
	for _, u := range pool {
		if d := editDistance(key, annex.FoldUnitName(u.ref.Name)); d <= max(2, len(key)/3) {
			cs = append(cs, cand{u, d})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return a.d - b.d })
	if len(cs) == 0 {
		return "no unit of that year has a close name; add a column with the official codes (mã ĐVHC)"
	}
	var names []string
	for _, c := range cs[:min(3, len(cs))] {
		names = append(names, fmt.Sprintf("%s (%s)", c.u.ref.Name, c.u.ref.Code))
	}
	return "did you mean " + strings.Join(names, ", ") + "?"
}

// editDistance is the Levenshtein distance between two strings, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
