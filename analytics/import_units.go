package analytics

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parindex/parindex/analytics/annex"
)

// importUnits are the units a year's file may name: those that existed that year and have no
// unit of that year under them (communes, wards, towns), with their parents of that year. Parents
// are known by the ID of their version, not by their code: a code is reused from one version to
// the next (049 was huyện Quảng Uyên until 2020-02-29 and is huyện Quảng Hòa, another district,
// from 2020-03-01), and only the version says which district a commune was in that year.
type importUnits struct {
	year     int
	refs     *refs                 // every version of every unit: to resolve the issuer, to name parents
	byCode   map[string]*unitRef   // a code names one unit in a year
	byName   map[string][]*unitRef // by foldUnitName; made on first use (see named)
	children map[string][]*unitRef // by parent ID, the units a parent had that year
	parents  map[string]*unitRef   // by ID, the districts and provinces of that year
	all      []*unitRef            // in Vietnamese order of names
	// The issuer's area (see withIssuer): the districts or provinces the issuer's text names, by
	// ID, and the units under them; nil when the text names none.
	area   []*unitRef
	inArea map[string]bool
	ofArea []*unitRef
}

func newImportUnits(r *refs, year int) *importUnits {
	iu := &importUnits{year: year, refs: r, byCode: map[string]*unitRef{}, children: map[string][]*unitRef{}, parents: map[string]*unitRef{}}
	existed := make([]*unitRef, 0, len(r.units))
	isParent := map[string]bool{}
	for _, u := range r.units {
		if u.existed(year) {
			existed = append(existed, u)
			if u.parentID != "" {
				isParent[u.parentID] = true
			}
		}
	}
	iu.all = make([]*unitRef, 0, len(existed))
	for _, u := range existed {
		if isParent[u.id] {
			iu.parents[u.id] = u
			continue
		}
		iu.all = append(iu.all, u)
		iu.byCode[u.ref.Code] = u
		if u.parentID != "" {
			iu.children[u.parentID] = append(iu.children[u.parentID], u)
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

// within returns the units of us in the issuer's area, all of them when the issuer names no area.
func (iu *importUnits) within(us []*unitRef) []*unitRef {
	if iu.area == nil {
		return us
	}
	var in []*unitRef
	for _, u := range us {
		if iu.inArea[u.id] {
			in = append(in, u)
		}
	}
	return in
}

// province returns the province of u (u itself for a province), as the versions' parents say.
func (iu *importUnits) province(u *unitRef) *unitRef {
	for range 3 {
		p := iu.refs.units[u.parentID]
		if p == nil {
			break
		}
		u = p
	}
	return u
}

// label names a unit inside a sentence, its kind in lower case as Vietnamese writes it after
// another word, with its code: "huyện Quảng Hòa (049)".
func label(u *unitRef) string {
	return fmt.Sprintf("%s (%s)", inSentence(u), u.ref.Code)
}

func inSentence(u *unitRef) string { return refInSentence(u.ref) }

// refInSentence is inSentence of a unit as answers name it.
func refInSentence(u UnitRef) string {
	name, short := u.Name, u.ShortName
	if short != "" && short != name && strings.HasSuffix(name, short) {
		return strings.ToLower(strings.TrimSuffix(name, short)) + short
	}
	return name
}

// placed names a unit with its code and where it was in the year: "Xã Tự Do (01609, huyện Quảng
// Hòa, tỉnh Cao Bằng)".
func (iu *importUnits) placed(u *unitRef) string {
	where := []string{u.ref.Code}
	for p := iu.refs.units[u.parentID]; p != nil; p = iu.refs.units[p.parentID] {
		where = append(where, inSentence(p))
		if len(where) == 3 {
			break
		}
	}
	return fmt.Sprintf("%s (%s)", u.ref.Name, strings.Join(where, ", "))
}

// placedList is placed for several units, at most n of them.
func (iu *importUnits) placedList(us []*unitRef, n int) string {
	var out []string
	for _, u := range us[:min(len(us), n)] {
		out = append(out, iu.placed(u))
	}
	if len(us) > n {
		out = append(out, fmt.Sprintf("and %d more", len(us)-n))
	}
	return strings.Join(out, "; ")
}

// closest names the units whose names are nearest to name, for a suggestion: among the units of
// parent (an ID) first when it is known, else among those of the issuer's area when it has one.
func (iu *importUnits) closest(name, parent string) string {
	pool, none := iu.all, "no unit of that year has a close name; add a column with the official codes (mã ĐVHC)"
	switch {
	case parent != "" && len(iu.children[parent]) > 0:
		pool = iu.children[parent]
	case iu.area != nil:
		pool, none = iu.ofArea, "no unit of the issuer's area has a close name; check the issuer, or add a column with the official codes (mã ĐVHC)"
	}
	key := annex.FoldUnitName(name)
	if len(key) > maxEcho {
		// No unit has a name this long, and measuring the distance to each would take minutes.
		return none
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
		return none
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
