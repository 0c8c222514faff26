package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/parindex/parindex/analytics/dataset"
)

// refs is the reference data that requests consult before any query: the data release, the
// years with results, and the units (to resolve IDs and codes). It is read once per release and
// never changed: a load replaces it whole, so readers need no lock. Looking these up in DuckDB
// cost 5–9 ms per request at national scale (13,368 units).
type refs struct {
	release   int64
	years     []int
	units     map[string]*unitRef         // by ID
	byCode    map[string][]*unitRef       // the units sharing an official code
	groups    map[string]map[string]Group // by framework, then code
	sources   map[int]Source
	published map[yearUnit]*Published
	// Frameworks: each one's issuer and first year and its parts, the scopes that put them in
	// force, and the frameworks a year's results were scored on, most units first.
	frameworks     map[string]*frameworkRef
	scopes         []frameworkScope
	yearFrameworks map[int][]string
	fields         map[string][]FieldRef // fields of each framework, in order
	fieldMax       map[string][]float64  // their maximum points
	criteria       map[string]bool       // the code of every criterion of every framework
	// The criteria of each framework, by code.
	criteriaOf map[string]map[string]criterionRef
	slugs      map[string]bool // the slug of every field of every framework
	bands      map[string]bool // the code of every group of every framework
	scope      map[int]string  // the parent every result of a year shares, if one
	averages   map[scopeField]*PublishedFieldAverage
	// Today's units formed from the units of each parent or province that no longer exists, by
	// its ID: positions in the order units were read (unitRef.index). Listed on first use (about
	// 15 ms at national scale, not paid by a release nobody asks such a question of); see
	// parentArea.
	formedOnce sync.Once
	formed     map[string][]int
	details    unitDetails // every unit as unit and units answer it, read on first use
	// The frameworks of each year's units by area (parent, province, and "" for every unit),
	// with their counts: read on first use by an aggregate (areasOnce, frameworkAreas).
	areasOnce sync.Once
	areas     map[int]map[string]map[string]int
	areasErr  error
	model     *model // the derived results, read a year at a time (model.go)
}

// frameworkRef is what answers need of a framework beyond its fields, criteria and groups.
type frameworkRef struct {
	id, name         string
	issuer           string // unit ID; "" everywhere
	firstYear        int
	source, decision int // decision: 0 when none is known apart from source
	maxPoints        float64
	components       []Component
	fieldComponent   []string // the component of each field, in the order of refs.fields
	cohorts          []Cohort
	adjustments      []Adjustment
}

// frameworkScope puts a framework in force for an issuer's units from a year.
type frameworkScope struct {
	issuer, code string // the issuer's ID and code; "" everywhere
	firstYear    int
	framework    string
}

// criterionRef is a criterion of a framework, with its field and its place among the criteria.
type criterionRef struct {
	Criterion
	field   string
	ordinal int
}

type scopeField struct {
	year         int
	scope, field string
}

type yearUnit struct {
	year int
	unit string
}

// unitRef is what resolving a code and naming a unit need to know of it.
type unitRef struct {
	id, list string
	index    int // position in the order units were read: indexes per-unit arrays (model.go)
	ref      UnitRef
	sortKey  int   // position in Vietnamese order of names
	from, to int   // first and last year the unit existed at the end of
	years    []int // years with results, as published, ascending
	level    int
	// First and last day of the version, ISO 8601; nil: older than the data, still exists.
	validFrom, validTo *string
	// The unit's parent and province ("" for none): a province is its own province.
	parentID, provinceID string
	// Lineage: the links that establish or infer what the unit came from and became
	// (predecessors and successors, by ID), and every link including candidates, oldest first.
	predecessors, successors []string
	links                    []*linkRef
}

// linkRef is a lineage link between two units of the reference data.
type linkRef struct {
	pred, succ                  *unitRef
	effective                   string
	coverage, change, certainty string
	basis                       string // read with the units' details (unitDetails)
}

// follows reports whether a history is told through the link: a candidate is not.
func (l *linkRef) follows() bool { return l.certainty != string(CertaintyCandidate) }

// sameUnit reports whether the link joins two versions of one unit (renamed, moved …).
func (l *linkRef) sameUnit() bool {
	switch l.change {
	case dataset.ChangeRenamed, dataset.ChangeKindChanged, dataset.ChangeMoved, dataset.ChangeParentChanged, dataset.ChangeCodeChanged:
		return true
	}
	return false
}

// ancestors returns the units u was formed from, through every link a history follows, each
// once, nearest first; with, for each, whether every path to it is whole (FULL) and whether one
// rests on an inferred link.
func (u *unitRef) ancestors() []ancestor {
	var out []ancestor
	at := map[*unitRef]int{}
	var walk func(v *unitRef, full, inferred bool)
	walk = func(v *unitRef, full, inferred bool) {
		for _, l := range v.links {
			if l.succ != v || !l.follows() {
				continue
			}
			f, inf := full && l.coverage == string(CoverageFull), inferred || l.certainty == string(CertaintyInferred)
			if i, ok := at[l.pred]; ok {
				out[i].full = out[i].full && f
				out[i].inferred = out[i].inferred || inf
			} else {
				at[l.pred] = len(out)
				out = append(out, ancestor{l.pred, f, inf})
			}
			walk(l.pred, f, inf)
		}
	}
	walk(u, true, false)
	return out
}

type ancestor struct {
	u              *unitRef
	full, inferred bool
}

// versionIn returns the version of u's unit (itself, or a version joined to it by a same-unit
// link) that existed in year, or nil.
func (u *unitRef) versionIn(year int) *unitRef {
	seen := map[*unitRef]bool{}
	var find func(v *unitRef) *unitRef
	find = func(v *unitRef) *unitRef {
		if v.existed(year) {
			return v
		}
		seen[v] = true
		for _, l := range v.links {
			if !l.sameUnit() {
				continue
			}
			next := l.pred
			if next == v {
				next = l.succ
			}
			// Towards the year only: earlier versions for an earlier year, later for a later.
			if seen[next] || (next == l.pred) != (year < v.from) {
				continue
			}
			if w := find(next); w != nil {
				return w
			}
		}
		return nil
	}
	return find(u)
}

// scored reports whether the unit has results in year, as published.
func (u *unitRef) scored(year int) bool {
	_, ok := slices.BinarySearch(u.years, year)
	return ok
}

// existed reports whether the unit existed at the end of year, when scores are given: a commune
// merged on 2025-07-01 has no 2025 result, its successor has.
func (u *unitRef) existed(year int) bool { return u.from <= year && year <= u.to }

// Release returns the number of the newest data release. Every load makes a new release, so
// answers cached under one release number stay true until the number changes. It reads memory
// only and is safe for concurrent use.
func (s *Store) Release() int64 { return s.refs.Load().release }

// refresh reads the reference data of the newest release into memory; loads call it after
// committing. Small tables are read whole, in an order where each can use the ones before.
func (s *Store) refresh(ctx context.Context) error { return s.refreshChanged(ctx, nil) }

// refreshChanged is refresh after a change to the results of one year only (an import): the
// read model keeps the other years it has read, so that only that year is read again (national:
// one year in about 0.1 s instead of all of them in 4 s, while requests wait for the years not
// yet read).
func (s *Store) refreshChanged(ctx context.Context, year *int) error {
	old := s.refs.Load()
	r := &refs{units: map[string]*unitRef{}, byCode: map[string][]*unitRef{}, groups: map[string]map[string]Group{},
		sources: map[int]Source{}, published: map[yearUnit]*Published{},
		frameworks: map[string]*frameworkRef{}, yearFrameworks: map[int][]string{}, fields: map[string][]FieldRef{}, fieldMax: map[string][]float64{}, criteria: map[string]bool{}, criteriaOf: map[string]map[string]criterionRef{}, slugs: map[string]bool{}, bands: map[string]bool{}, scope: map[int]string{},
		averages: map[scopeField]*PublishedFieldAverage{}}
	years := map[int]bool{}
	steps := []struct {
		what, query string
		row         func(*sql.Rows) error
	}{
		{"release", `SELECT coalesce(max(id), 0) FROM releases`, func(rows *sql.Rows) error {
			return rows.Scan(&r.release)
		}},
		{"groups", `SELECT framework_id, code, label_vi, label_en, min_percent::DOUBLE, min_points::DOUBLE, ordinal FROM group_bands`, func(rows *sql.Rows) error {
			var fw string
			var g Group
			var ordinal int
			if err := rows.Scan(&fw, &g.Code, &g.Label, &g.LabelEn, &g.MinPercent, &g.MinPoints, &ordinal); err != nil {
				return err
			}
			g.Ordinal, g.Framework = ordinal, fw
			if r.groups[fw] == nil {
				r.groups[fw] = map[string]Group{}
			}
			r.groups[fw][g.Code] = g
			r.bands[g.Code] = true
			return nil
		}},
		{"sources", `SELECT id, kind, title, issued::VARCHAR, url FROM sources`, func(rows *sql.Rows) error {
			var id int
			var src Source
			if err := rows.Scan(&id, &src.Kind, &src.Title, &src.Date, &src.URL); err != nil {
				return err
			}
			r.sources[id] = src
			return nil
		}},
		{"frameworks", `SELECT id, name, source_id, coalesce(decision_source_id, 0) FROM frameworks`, func(rows *sql.Rows) error {
			fw := &frameworkRef{firstYear: math.MaxInt}
			if err := rows.Scan(&fw.id, &fw.name, &fw.source, &fw.decision); err != nil {
				return err
			}
			r.frameworks[fw.id] = fw
			return nil
		}},
		{"framework scopes", `SELECT issuer_id, first_year, framework_id FROM framework_scopes ORDER BY first_year, issuer_id`, func(rows *sql.Rows) error {
			var sc frameworkScope
			if err := rows.Scan(&sc.issuer, &sc.firstYear, &sc.framework); err != nil {
				return err
			}
			sc.code, _, _ = strings.Cut(sc.issuer, "@")
			fw := r.frameworks[sc.framework]
			if fw == nil {
				return fmt.Errorf("scope of %q from %d: no framework %s", sc.issuer, sc.firstYear, sc.framework)
			}
			if sc.firstYear < fw.firstYear {
				fw.issuer, fw.firstYear = sc.issuer, sc.firstYear
			}
			r.scopes = append(r.scopes, sc)
			return nil
		}},
		{"components", `SELECT framework_id, slug, name_vi, name_en FROM components ORDER BY framework_id, ordinal`, func(rows *sql.Rows) error {
			var id string
			var c Component
			if err := rows.Scan(&id, &c.Slug, &c.NameVi, &c.NameEn); err != nil {
				return err
			}
			if fw := r.frameworks[id]; fw != nil {
				fw.components = append(fw.components, c)
			}
			return nil
		}},
		{"cohorts", `SELECT framework_id, slug, name_vi, name_en, kinds FROM cohorts ORDER BY framework_id, ordinal`, func(rows *sql.Rows) error {
			var id string
			var c Cohort
			var kinds []any
			if err := rows.Scan(&id, &c.Slug, &c.NameVi, &c.NameEn, &kinds); err != nil {
				return err
			}
			c.Kinds = stringList(kinds)
			if fw := r.frameworks[id]; fw != nil {
				fw.cohorts = append(fw.cohorts, c)
			}
			return nil
		}},
		{"frameworks of each year", `SELECT year, framework_id FROM unit_frameworks GROUP BY year, framework_id ORDER BY year, count(*) DESC, framework_id`, func(rows *sql.Rows) error {
			var year int
			var fw string
			if err := rows.Scan(&year, &fw); err != nil {
				return err
			}
			r.yearFrameworks[year] = append(r.yearFrameworks[year], fw)
			return nil
		}},
		{"fields", `SELECT framework_id, slug, name_vi, name_en, max_points::DOUBLE, coalesce(component, '') FROM fields ORDER BY framework_id, ordinal`, func(rows *sql.Rows) error {
			var fw, component string
			var f FieldRef
			var max float64
			if err := rows.Scan(&fw, &f.Slug, &f.NameVi, &f.NameEn, &max, &component); err != nil {
				return err
			}
			if ref := r.frameworks[fw]; ref != nil && component != "" {
				if k := slices.IndexFunc(ref.components, func(c Component) bool { return c.Slug == component }); k >= 0 {
					ref.components[k].MaxPoints += max
				}
				ref.fieldComponent = append(ref.fieldComponent, component)
			} else if ref != nil {
				ref.fieldComponent = append(ref.fieldComponent, "")
			}
			r.fields[fw] = append(r.fields[fw], f)
			r.fieldMax[fw] = append(r.fieldMax[fw], max)
			if ref := r.frameworks[fw]; ref != nil {
				ref.maxPoints += max
			}
			r.slugs[f.Slug] = true
			return nil
		}},
		{"scopes", `SELECT year, CASE WHEN count(DISTINCT parent_id) = 1 THEN any_value(parent_id) END
			FROM unit_results GROUP BY year`, func(rows *sql.Rows) error {
			var year int
			var parent sql.NullString
			if err := rows.Scan(&year, &parent); err != nil {
				return err
			}
			r.scope[year] = parent.String
			return nil
		}},
		{"published averages", `SELECT year, scope_id, field_slug, average_percent::DOUBLE, rank, source_id
			FROM published_field_averages`, func(rows *sql.Rows) error {
			var k scopeField
			var a PublishedFieldAverage
			var source int
			if err := rows.Scan(&k.year, &k.scope, &k.field, &a.Average, &a.Rank, &source); err != nil {
				return err
			}
			a.Source = r.sources[source]
			r.averages[k] = &a
			return nil
		}},
		{"published results", `SELECT p.year, p.unit_id, uf.framework_id, p.group_code, p.rank, p.source_id
			FROM published_results p JOIN unit_frameworks uf ON uf.year = p.year AND uf.unit_id = p.unit_id`, func(rows *sql.Rows) error {
			var k yearUnit
			var fw, group string
			var rank sql.NullInt64
			var source int
			if err := rows.Scan(&k.year, &k.unit, &fw, &group, &rank, &source); err != nil {
				return err
			}
			p := &Published{Group: r.groups[fw][group], Source: r.sources[source]}
			if rank.Valid {
				n := int(rank.Int64)
				p.Rank = &n
			}
			r.published[k] = p
			return nil
		}},
		{"criteria", `SELECT framework_id, code, name, max_points::DOUBLE, field_slug, ordinal, coalesce(kind, 'SCORE') FROM criteria ORDER BY framework_id, ordinal`, func(rows *sql.Rows) error {
			var fw, kind string
			var c criterionRef
			if err := rows.Scan(&fw, &c.Code, &c.Name, &c.MaxPoints, &c.field, &c.ordinal, &kind); err != nil {
				return err
			}
			if kind != "SCORE" {
				if ref := r.frameworks[fw]; ref != nil {
					ref.adjustments = append(ref.adjustments, Adjustment{Code: c.Code, Name: c.Name, Kind: AdjustmentKind(kind), MaxPoints: c.MaxPoints})
				}
				return nil
			}
			if r.criteriaOf[fw] == nil {
				r.criteriaOf[fw] = map[string]criterionRef{}
			}
			r.criteriaOf[fw][c.Code] = c
			r.criteria[c.Code] = true
			return nil
		}},
		// The units' own columns: an ID is CODE@LIST, and the parent's code is its ID's.
		{"units", `SELECT id, valid_from::VARCHAR, valid_to::VARCHAR, name, short_name, kind, level, coalesce(sort_key, 0),
			coalesce(parent_id, ''), coalesce(province_id, '') FROM units`, func(rows *sql.Rows) error {
			u := &unitRef{from: math.MinInt, to: math.MaxInt}
			if err := rows.Scan(&u.id, &u.validFrom, &u.validTo, &u.ref.Name, &u.ref.ShortName, &u.ref.Kind, &u.level,
				&u.sortKey, &u.parentID, &u.provinceID); err != nil {
				return err
			}
			code, list, ok := strings.Cut(u.id, "@")
			if !ok {
				return fmt.Errorf("unit %s: the ID is not CODE@LIST", u.id)
			}
			u.list = list
			if u.parentID != "" {
				parent, _, _ := strings.Cut(u.parentID, "@")
				u.ref.Parent = &parent
			}
			var err error
			if u.validFrom != nil {
				if u.from, err = strconv.Atoi((*u.validFrom)[:4]); err != nil {
					return fmt.Errorf("unit %s: valid from %q", u.id, *u.validFrom)
				}
			}
			if u.validTo != nil {
				if u.to, err = strconv.Atoi((*u.validTo)[:4]); err != nil {
					return fmt.Errorf("unit %s: valid to %q", u.id, *u.validTo)
				}
				if !strings.HasSuffix(*u.validTo, "-12-31") {
					u.to-- // gone before the end of its last year
				}
			}
			u.ref.ID, u.ref.Code, u.index = u.id, code, len(r.units)
			r.units[u.id] = u
			r.byCode[code] = append(r.byCode[code], u)
			return nil
		}},
		// Most units of the registry have no results.
		{"years of the units", `SELECT id, result_years FROM units WHERE len(result_years) > 0`, func(rows *sql.Rows) error {
			var id string
			var results []any
			if err := rows.Scan(&id, &results); err != nil {
				return err
			}
			u := r.units[id]
			if u == nil {
				return fmt.Errorf("unit %s: not read", id)
			}
			u.years = make([]int, len(results))
			for i, y := range results {
				u.years[i] = int(toInt64(y))
				years[u.years[i]] = true
			}
			return nil
		}},
		// The links in no order (sorted per unit below), without their basis: read with the
		// units' details, on first use (sorting 14,605 links and reading their 400 kB of basis
		// took 25–50 ms of every start).
		{"lineage", `SELECT predecessor_id, successor_id, effective::VARCHAR, coverage, change, certainty FROM lineage`, func(rows *sql.Rows) error {
			var p, q string
			l := &linkRef{}
			if err := rows.Scan(&p, &q, &l.effective, &l.coverage, &l.change, &l.certainty); err != nil {
				return err
			}
			l.pred, l.succ = r.units[p], r.units[q]
			if l.pred == nil || l.succ == nil {
				return fmt.Errorf("link %s -> %s: no such unit", p, q)
			}
			l.pred.links = append(l.pred.links, l)
			l.succ.links = append(l.succ.links, l)
			return nil
		}},
	}
	for _, step := range steps {
		if err := each(ctx, s.db, step.query, step.row); err != nil {
			return fmt.Errorf("refresh: %s: %w", step.what, err)
		}
	}
	for _, u := range r.units {
		if p := r.units[u.parentID]; p != nil {
			u.ref.ParentName = &p.ref.Name
		}
		if len(u.links) == 0 {
			continue
		}
		slices.SortFunc(u.links, func(a, b *linkRef) int {
			return cmp.Or(strings.Compare(a.effective, b.effective), strings.Compare(a.pred.id, b.pred.id), strings.Compare(a.succ.id, b.succ.id))
		})
		for _, l := range u.links {
			switch {
			case !l.follows():
			case l.pred == u:
				u.successors = append(u.successors, l.succ.id)
			default:
				u.predecessors = append(u.predecessors, l.pred.id)
			}
		}
	}
	for y := range years {
		r.years = append(r.years, y)
	}
	slices.Sort(r.years)
	r.model = newModel(r.years)
	if year != nil && old != nil {
		r.model.keep(old, r, *year)
	}
	s.refs.Store(r)
	s.warmInBackground()
	// Statements prepared against the previous release's tables go with it.
	s.stmts.Range(func(k, v any) bool {
		s.stmts.Delete(k)
		v.(*sql.Stmt).Close()
		return true
	})
	s.compiled.Store(0)
	return nil
}

// formedFrom returns today's units formed from the units of parent, a unit that no longer exists:
// those with a predecessor under it.
func (r *refs) formedFrom(parent string) []int {
	r.formedOnce.Do(func() { r.formed = listFormed(r.units) })
	return r.formed[parent]
}

// listFormed lists, for each parent and province of a unit that no longer exists, today's units
// formed from it: those with an ancestor under it (through any number of links), each once.
func listFormed(units map[string]*unitRef) map[string][]int {
	formed := map[string][]int{}
	for _, u := range units {
		if u.to != math.MaxInt {
			continue
		}
		var under []string
		for _, a := range u.ancestors() {
			for _, id := range []string{a.u.parentID, a.u.provinceID} {
				if id != "" && !slices.Contains(under, id) {
					under = append(under, id)
				}
			}
		}
		for _, id := range under {
			formed[id] = append(formed[id], u.index)
		}
	}
	return formed
}

// each runs query and hands every row to fn.
func each(ctx context.Context, db *sql.DB, query string, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// query runs a statement of fixed text, prepared once and kept: DuckDB spends 0.3–0.4 ms
// parsing and planning even a trivial statement, 0.08 ms running it prepared. Only texts from a
// small fixed set may come here, and through queryCompiled a bounded number of compiled ones.
func (s *Store) query(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	v, ok := s.stmts.Load(text)
	if !ok {
		st, err := s.db.PrepareContext(ctx, text)
		if err != nil {
			return nil, err
		}
		if v, ok = s.stmts.LoadOrStore(text, st); ok {
			st.Close()
		}
	}
	rows, err := v.(*sql.Stmt).QueryContext(ctx, args...)
	if err != nil && err.Error() == "sql: statement is closed" {
		// A new release closed it between the lookup and the query: the text runs unprepared.
		return s.db.QueryContext(ctx, text, args...)
	}
	return rows, err
}

// maxCompiled is how many compiled texts (aggregates') a release prepares and keeps; later ones
// run unprepared, so that an analyst's endless variations do not pile up prepared statements.
var maxCompiled int64 = 256

// queryCompiled runs a compiled statement, prepared and kept (see query) while the release has
// prepared fewer than maxCompiled: an aggregate asked again skips DuckDB's parsing and planning
// (the field averages of a year: 0.8–0.9 ms prepared, 1.5 ms from the text).
func (s *Store) queryCompiled(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	if _, ok := s.stmts.Load(text); ok || s.compiled.Add(1) <= maxCompiled {
		return s.query(ctx, text, args...)
	}
	return s.db.QueryContext(ctx, text, args...)
}

// resolveUnit turns an ID ("31528@2025-07-01") or a bare official code ("31528") into an ID. A
// code names the unit that existed in year, preferring one with results that year; without a
// year, the unit of the newest list.
func (s *Store) resolveUnit(ctx context.Context, idOrCode string, year *int) (string, error) {
	ids, err := s.resolveUnits(ctx, []string{idOrCode}, year)
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// resolveUnits resolves several IDs or codes in the newest release, keeping their order.
func (s *Store) resolveUnits(_ context.Context, idsOrCodes []string, year *int) ([]string, error) {
	return s.refs.Load().resolve(idsOrCodes, year)
}

// resolve resolves several IDs or codes in the reference data r, keeping their order.
func (r *refs) resolve(idsOrCodes []string, year *int) ([]string, error) {
	out := make([]string, len(idsOrCodes))
	for i, key := range idsOrCodes {
		key = strings.TrimSpace(key)
		if u, ok := r.units[key]; ok {
			out[i] = u.id
			continue
		}
		candidates := r.byCode[key]
		if strings.Contains(key, "@") || len(candidates) == 0 {
			return nil, notFound("no unit %q: give an official code (\"31564\") or an ID (\"31564@2025-03-01\")", idsOrCodes[i])
		}
		best := slices.MaxFunc(candidates, func(a, b *unitRef) int {
			if year != nil {
				if c := compareBool(a.existed(*year), b.existed(*year)); c != 0 {
					return c
				}
				if c := compareBool(a.scored(*year), b.scored(*year)); c != 0 {
					return c
				}
			}
			return strings.Compare(a.list, b.list)
		})
		out[i] = best.id
	}
	return out, nil
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}

// inForce returns the framework in force for unit u in year: its nearest issuer's (its parent's,
// then its province's, matched by dataset.SameIssuer), the latest that began by year, else the
// latest of issuer "" (everywhere); "" when none is. derive.go's "unit frameworks" computes the same.
func (r *refs) inForce(u *unitRef, year int) string {
	best, bestRank := "", -1
	for _, sc := range r.scopes { // by first year
		if sc.firstYear > year {
			break
		}
		rank := -1
		switch {
		case sc.code == "":
			rank = 0
		case dataset.SameIssuer(sc.issuer, u.parentID):
			rank = 2
		case dataset.SameIssuer(sc.issuer, u.provinceID):
			rank = 1
		}
		if rank >= 0 && rank >= bestRank {
			best, bestRank = sc.framework, rank
		}
	}
	return best
}

// yearFramework returns the framework most of a year's results were scored on, else the one in
// force everywhere that year (issuer ""), else "".
func (r *refs) yearFramework(year int) string {
	if fws := r.yearFrameworks[year]; len(fws) > 0 {
		return fws[0]
	}
	best := ""
	for _, sc := range r.scopes {
		if sc.firstYear <= year && sc.code == "" {
			best = sc.framework
		}
	}
	return best
}

// yearFields returns the fields of every framework a year's results were scored on: those of
// the framework of most units in its order, then any other's not yet listed.
func (r *refs) yearFields(year int) []FieldRef {
	fws := r.yearFrameworks[year]
	if len(fws) == 0 {
		return r.fields[r.yearFramework(year)]
	}
	if len(fws) == 1 {
		return r.fields[fws[0]]
	}
	var out []FieldRef
	for _, fw := range fws {
		for _, f := range r.fields[fw] {
			if !slices.ContainsFunc(out, func(g FieldRef) bool { return g.Slug == f.Slug }) {
				out = append(out, f)
			}
		}
	}
	return out
}

// scopeFramework returns the framework an issuer ("" everywhere) put in force from firstYear, or "".
func (r *refs) scopeFramework(issuer string, firstYear int) string {
	for _, sc := range r.scopes {
		if sc.issuer == issuer && sc.firstYear == firstYear {
			return sc.framework
		}
	}
	return ""
}

// frameworkAreas returns, for each year, each area (a parent, a province, or "" for every unit)
// and each framework, how many of the area's units were scored on it; read on first use.
func (s *Store) frameworkAreas(ctx context.Context, r *refs) (map[int]map[string]map[string]int, error) {
	r.areasOnce.Do(func() {
		r.areas = map[int]map[string]map[string]int{}
		add := func(year int, area, fw string, n int) {
			if r.areas[year] == nil {
				r.areas[year] = map[string]map[string]int{}
			}
			if r.areas[year][area] == nil {
				r.areas[year][area] = map[string]int{}
			}
			r.areas[year][area][fw] += n
		}
		r.areasErr = each(context.WithoutCancel(ctx), s.db, `SELECT year, coalesce(parent_id, ''), coalesce(province_id, ''), framework_id, count(*)
			FROM unit_frameworks GROUP BY ALL`, func(rows *sql.Rows) error {
			var year, n int
			var parent, province, fw string
			if err := rows.Scan(&year, &parent, &province, &fw, &n); err != nil {
				return err
			}
			add(year, "", fw, n)
			add(year, parent, fw, n)
			if province != parent {
				add(year, province, fw, n)
			}
			return nil
		})
	})
	return r.areas, r.areasErr
}
