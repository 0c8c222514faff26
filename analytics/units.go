package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/parindex/parindex/analytics/annex"
)

// Unit is an administrative unit with its place in the hierarchy and in the 2025 reorganisation.
type Unit struct {
	ID         string  `json:"id"`
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	ShortName  string  `json:"shortName"`
	Kind       string  `json:"kind"`
	Level      int     `json:"level"`
	List       string  `json:"list"`
	Parent     *string `json:"parent"`
	ParentName *string `json:"parentName"`
	ValidFrom  *string `json:"validFrom"`
	ValidTo    *string `json:"validTo"`
	Years      []int   `json:"years"`
	// The unit in the reference data: its links are answered from it when asked for (see
	// Lineage), not made for every unit of a release.
	ref *unitRef
}

// Successors returns the codes of what the unit became: its next version or the units it became
// part of, candidates excepted.
func (u *Unit) Successors() []string {
	if u.ref == nil {
		return []string{}
	}
	return codesOf(u.ref.successors)
}

// Predecessors returns the codes of what the unit came from, candidates excepted.
func (u *Unit) Predecessors() []string {
	if u.ref == nil {
		return []string{}
	}
	return codesOf(u.ref.predecessors)
}

// codesOf returns the official codes of unit IDs (CODE@LIST).
func codesOf(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i], _, _ = strings.Cut(id, "@")
	}
	return out
}

// Lineage returns the unit's own links, both directions, oldest first.
func (u *Unit) Lineage() []LineageLink {
	if u.ref == nil {
		return []LineageLink{}
	}
	return u.ref.lineage()
}

// History returns every link the unit came through, nearest first: its own links from the
// units it was formed from, theirs, and so on, with the candidates for an unknown receiver.
func (u *Unit) History() []LineageLink {
	if u.ref == nil {
		return []LineageLink{}
	}
	return u.ref.history()
}

// UnitRef names a unit inside another answer.
type UnitRef struct {
	ID        string  `json:"id"`
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	ShortName string  `json:"shortName"`
	Kind      string  `json:"kind"`
	Parent    *string `json:"parent"`
	// ParentName is the name of the parent's version.
	ParentName *string `json:"parentName"`
}

// LineageLink says that a predecessor became (part of) a successor on a date, what changed, and
// whether the official lists establish it.
type LineageLink struct {
	Predecessor UnitRef       `json:"predecessor"`
	Successor   UnitRef       `json:"successor"`
	Effective   string        `json:"effective"`
	Coverage    Coverage      `json:"coverage"`
	Change      LineageChange `json:"change"`
	Certainty   Certainty     `json:"certainty"` // see Certainty
	Basis       *string       `json:"basis"`
}

// LineageChange is what a lineage link records (the dataset package's Change constants).
type LineageChange string

// Certainty is whether a lineage link, or a value built on links, is established.
type Certainty string

// Certainties.
const (
	// CertaintyEstablished: read from the official codes, or published.
	CertaintyEstablished Certainty = "ESTABLISHED"
	// CertaintyInferred: a merger's receiver guessed from names, not official; a value built on
	// such a link says so.
	CertaintyInferred Certainty = "INFERRED"
	// CertaintyCandidate: one of several units that may have received a merged one; no value is
	// built on it.
	CertaintyCandidate Certainty = "CANDIDATE"
)

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
	Level  *int    // only units of that level of their list
	Year   *int    // only units that existed at the end of that year
	First  *int    // at most this many; without it, more than MaxRows is an error
}

// unitDetails are every unit as unit and units answer it, made once per release on first use
// from the reference data, in Vietnamese order of names (then the newest list first): a search
// took 6–8 ms as a statement, a unit 2–3 ms.
type unitDetails struct {
	once  sync.Once
	err   error
	order []*Unit          // in Vietnamese order of names
	byID  map[string]*Unit // the same units
	keys  []string         // search key of each unit of order: name without case or diacritics
}

// details returns the units of the reference data r, made on first use, with the basis of
// their links (which refresh leaves out).
func (s *Store) details(ctx context.Context, r *refs) (*unitDetails, error) {
	d := &r.details
	d.once.Do(func() {
		// Others may wait for this read: the request's deadline must not cut it short.
		d.err = each(context.WithoutCancel(ctx), s.db, `SELECT predecessor_id, successor_id, basis FROM lineage WHERE basis IS NOT NULL`,
			func(rows *sql.Rows) error {
				var p, q, basis string
				if err := rows.Scan(&p, &q, &basis); err != nil {
					return err
				}
				if u := r.units[p]; u != nil {
					for _, l := range u.links {
						if l.succ.id == q {
							l.basis = basis
						}
					}
				}
				return nil
			})
		if d.err != nil {
			d.err = fmt.Errorf("units: lineage: %w", d.err)
			return
		}
		keys := make(map[string]string, len(r.units))
		d.err = each(context.WithoutCancel(ctx), s.db, `SELECT id, search_key FROM units`, func(rows *sql.Rows) error {
			var id, key string
			if err := rows.Scan(&id, &key); err != nil {
				return err
			}
			keys[id] = key
			return nil
		})
		if d.err != nil {
			d.err = fmt.Errorf("units: search keys: %w", d.err)
			return
		}
		refs := make([]*unitRef, 0, len(r.units))
		for _, u := range r.units {
			refs = append(refs, u)
		}
		slices.SortFunc(refs, func(a, b *unitRef) int { return a.sortKey - b.sortKey })
		units := make([]Unit, len(refs))
		d.byID = make(map[string]*Unit, len(refs))
		d.order, d.keys = make([]*Unit, len(refs)), make([]string, len(refs))
		for i, ref := range refs {
			u := &units[i]
			*u = Unit{ID: ref.id, Code: ref.ref.Code, Name: ref.ref.Name, ShortName: ref.ref.ShortName, Kind: ref.ref.Kind,
				Level: ref.level, List: ref.list, Parent: ref.ref.Parent, ValidFrom: ref.validFrom, ValidTo: ref.validTo,
				Years: append([]int{}, ref.years...), ref: ref}
			if p := r.units[ref.parentID]; p != nil {
				u.ParentName = &p.ref.Name
			}
			d.order[i], d.byID[u.ID], d.keys[i] = u, u, keys[u.ID]
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
		case q.Level != nil && u.Level != *q.Level:
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

// Shape gives the largest list sizes the data can produce, so that a request's cost can be
// bounded before any query runs.
type Shape struct {
	Units               int // units in all
	MaxResultsPerYear   int // results of the busiest year
	MaxChildren         int // units under one parent, or in one province (its districts' too)
	MaxLineage          int // lineage links of one unit
	MaxHistory          int // links of one unit's history (Unit.History)
	MaxFields           int // fields of a framework
	MaxCriteriaPerField int
	MaxCriteria         int // criteria of a framework
	MaxGroups           int // group bands of a framework
	Frameworks          int // frameworks in all
}

// Shape reads the largest list sizes of the data in one statement.
func (s *Store) Shape(ctx context.Context) (Shape, error) {
	var sh Shape
	err := s.db.QueryRowContext(ctx, `
SELECT (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM unit_results GROUP BY year)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM fields GROUP BY framework_id)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM criteria GROUP BY framework_id, field_slug)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM criteria GROUP BY framework_id)),
       (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM group_bands GROUP BY framework_id))`).
		Scan(&sh.MaxResultsPerYear, &sh.MaxFields, &sh.MaxCriteriaPerField, &sh.MaxCriteria, &sh.MaxGroups)
	if err != nil {
		return Shape{}, fmt.Errorf("shape: %w", err)
	}
	// The units' sizes from the reference data (17,288 units: a statement took 20–30 ms).
	r := s.refs.Load()
	sh.Units, sh.Frameworks = len(r.units), len(r.frameworks)
	children := map[string]int{}
	for _, u := range r.units {
		if u.parentID != "" {
			children[u.parentID]++
		}
		if u.provinceID != "" && u.provinceID != u.id {
			children["province "+u.provinceID]++
		}
		sh.MaxLineage = max(sh.MaxLineage, len(u.links))
	}
	bound := map[*unitRef]int{}
	for _, u := range r.units {
		sh.MaxHistory = max(sh.MaxHistory, u.historyBound(bound))
	}
	for _, n := range children {
		sh.MaxChildren = max(sh.MaxChildren, n)
	}
	return sh, nil
}

// lineage returns the unit's own links, both directions, oldest first.
func (u *unitRef) lineage() []LineageLink {
	out := make([]LineageLink, 0, len(u.links))
	for _, l := range u.links {
		out = append(out, l.answer())
	}
	return out
}

// history returns the links u came through, newest first (then the established before the
// uncertain): its links from the units it was
// formed from, theirs and so on through every link a history follows, and the candidate links
// into any of them (a candidate is not followed further).
func (u *unitRef) history() []LineageLink {
	out := []LineageLink{}
	seen := map[*linkRef]bool{}
	var walk func(v *unitRef)
	walk = func(v *unitRef) {
		for i := len(v.links) - 1; i >= 0; i-- { // newest first
			l := v.links[i]
			if l.succ != v || seen[l] {
				continue
			}
			seen[l] = true
			out = append(out, l.answer())
			if l.follows() {
				walk(l.pred)
			}
		}
	}
	walk(u)
	certain := map[Certainty]int{CertaintyEstablished: 0, CertaintyInferred: 1, CertaintyCandidate: 2}
	slices.SortStableFunc(out, func(a, b LineageLink) int {
		return cmp.Or(strings.Compare(b.Effective, a.Effective), certain[a.Certainty]-certain[b.Certainty],
			strings.Compare(a.Predecessor.Code, b.Predecessor.Code), strings.Compare(a.Successor.Code, b.Successor.Code))
	})
	return out
}

// historyBound is at least len(u.history()): its links into u, and for each followed one the
// bound of its predecessor (a unit reached by two paths counts twice), memoised in bound.
func (u *unitRef) historyBound(bound map[*unitRef]int) int {
	if n, ok := bound[u]; ok {
		return n
	}
	n := 0
	for _, l := range u.links {
		if l.succ == u {
			n++
			if l.follows() {
				n += l.pred.historyBound(bound)
			}
		}
	}
	bound[u] = n
	return n
}

// answer is the link as the API gives it.
func (l *linkRef) answer() LineageLink {
	out := LineageLink{Predecessor: l.pred.ref, Successor: l.succ.ref, Effective: l.effective,
		Coverage: Coverage(l.coverage), Change: LineageChange(l.change), Certainty: Certainty(l.certainty)}
	if l.basis != "" {
		basis := l.basis
		out.Basis = &basis
	}
	return out
}
