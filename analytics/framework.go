package analytics

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/parindex/parindex/analytics/dataset"
)

// Framework is what a unit's year is scored on: fields, criteria, maximum points, components,
// bonus and penalty points, classes and cohorts; issued by a province or district (or in force
// everywhere) from a year until replaced.
type Framework struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Year        int          `json:"year"`
	Issuer      *UnitRef     `json:"issuer"`
	FirstYear   int          `json:"firstYear"`
	LastYear    *int         `json:"lastYear"`
	MaxPoints   float64      `json:"maxPoints"`
	Fields      []Field      `json:"fields"`
	Components  []Component  `json:"components"`
	Adjustments []Adjustment `json:"adjustments"`
	Groups      []Group      `json:"groups"`
	Cohorts     []Cohort     `json:"cohorts"`
	Source      Source       `json:"source"`
	Decision    *Source      `json:"decision"`
}

// Field is a field (lĩnh vực) of a framework.
type Field struct {
	Slug      string      `json:"slug"`
	Ordinal   int         `json:"ordinal"`
	NameVi    string      `json:"nameVi"`
	NameEn    string      `json:"nameEn"`
	MaxPoints float64     `json:"maxPoints"`
	Component *string     `json:"component"`
	Criteria  []Criterion `json:"criteria"`
}

// Criterion is a criterion (tiêu chí) of a field.
type Criterion struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	MaxPoints float64 `json:"maxPoints"`
}

// Group is a classification band (nhóm xếp loại) of a framework. Its threshold is a percent of
// the maximum or a number of points; the last band has none that matters (it takes the rest).
type Group struct {
	Code       string   `json:"code"`
	Label      string   `json:"label"`
	LabelEn    string   `json:"labelEn"`
	Ordinal    int      `json:"ordinal"` // 1 is the best band
	Framework  string   `json:"framework"`
	MinPercent *float64 `json:"minPercent"`
	MinPoints  *float64 `json:"minPoints"`
}

// Component is a part of a framework's total made of some of its fields.
type Component struct {
	Slug      string  `json:"slug"`
	NameVi    string  `json:"nameVi"`
	NameEn    string  `json:"nameEn"`
	MaxPoints float64 `json:"maxPoints"`
}

// Cohort is the kinds of units an issuer ranks among themselves.
type Cohort struct {
	Slug   string   `json:"slug"`
	NameVi string   `json:"nameVi"`
	NameEn string   `json:"nameEn"`
	Kinds  []string `json:"kinds"`
}

// AdjustmentKind is BONUS or PENALTY.
type AdjustmentKind string

// Adjustment kinds.
const (
	AdjustmentBonus   AdjustmentKind = dataset.AdjustmentBonus
	AdjustmentPenalty AdjustmentKind = dataset.AdjustmentPenalty
)

// Adjustment is a bonus or penalty criterion: it counts in the total and in no field.
type Adjustment struct {
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	Kind      AdjustmentKind `json:"kind"`
	MaxPoints float64        `json:"maxPoints"`
}

// Source says where a number comes from.
type Source struct {
	Kind  SourceKind `json:"kind"`
	Title string     `json:"title"`
	Date  *string    `json:"date"`
	URL   *string    `json:"url"`
}

// SourceKind is OFFICIAL or ILLUSTRATIVE.
type SourceKind string

// Source kinds.
const (
	SourceOfficial     SourceKind = "OFFICIAL"
	SourceIllustrative SourceKind = "ILLUSTRATIVE"
)

// FieldRef names a field inside another answer.
type FieldRef struct {
	Slug   string `json:"slug"`
	NameVi string `json:"nameVi"`
	NameEn string `json:"nameEn"`
}

// Framework returns the framework in force in year for unit (an ID or official code, resolved
// in year); without unit, the one most of the year's results were scored on (the default
// dataset's has one a year), else the one in force everywhere. It reads memory only.
func (s *Store) Framework(ctx context.Context, year int, unit *string) (*Framework, error) {
	r := s.refs.Load()
	id := ""
	if unit != nil {
		uid, err := s.resolveUnit(ctx, *unit, &year)
		if err != nil {
			return nil, err
		}
		u := r.units[uid]
		if id = r.resultFramework(u, year); id == "" {
			id = r.inForce(u, year)
		}
		if id == "" {
			return nil, notFound("no framework is in force for %s (%s) in %d: import its issuer's framework (-kind framework)", u.ref.Name, u.id, year)
		}
	} else if id = r.yearFramework(year); id == "" {
		return nil, notFound("no framework for year %d%s", year, s.yearsHint())
	}
	return r.framework(id, year), nil
}

// Frameworks lists the frameworks there are, by issuer and first year: with year, those in force
// that year (and with results that year); with issuer (an ID or code), that issuer's.
func (s *Store) Frameworks(ctx context.Context, year *int, issuer *string) ([]Framework, error) {
	r := s.refs.Load()
	code := ""
	if issuer != nil {
		id, err := s.resolveUnit(ctx, *issuer, year)
		if err != nil {
			return nil, err
		}
		code = r.units[id].ref.Code
	}
	out := []Framework{}
	for i, sc := range r.scopes {
		if issuer != nil && sc.code != code {
			continue
		}
		if year != nil {
			next := r.nextScope(i)
			used := slices.Contains(r.yearFrameworks[*year], sc.framework)
			if !used && (sc.firstYear > *year || (next != nil && next.firstYear <= *year)) {
				continue
			}
		}
		y := sc.firstYear
		if year != nil {
			y = *year
		}
		out = append(out, *r.framework(sc.framework, y))
	}
	slices.SortStableFunc(out, func(a, b Framework) int {
		return cmp.Or(cmp.Compare(frameworkIssuerKey(&a), frameworkIssuerKey(&b)), cmp.Compare(a.FirstYear, b.FirstYear))
	})
	return out, nil
}

func frameworkIssuerKey(f *Framework) string {
	if f.Issuer == nil {
		return ""
	}
	return f.Issuer.Code
}

// nextScope returns the scope of the same issuer after scopes[i], or nil.
func (r *refs) nextScope(i int) *frameworkScope {
	for j := i + 1; j < len(r.scopes); j++ {
		if r.scopes[j].code == r.scopes[i].code {
			return &r.scopes[j]
		}
	}
	return nil
}

// resultFramework returns the framework u's results of year were scored on, as published, or "".
func (r *refs) resultFramework(u *unitRef, year int) string {
	y := r.model.years[year]
	if y == nil {
		return ""
	}
	if sets := y.sets.Load(); sets != nil {
		if i := sets[0].row(u); i >= 0 {
			return sets[0].rows[i].framework
		}
	}
	return ""
}

// framework builds the answer for framework id, as asked for year.
func (r *refs) framework(id string, year int) *Framework {
	ref := r.frameworks[id]
	fw := &Framework{ID: id, Name: ref.name, Year: year, FirstYear: ref.firstYear, MaxPoints: ref.maxPoints,
		Components: slices.Clone(ref.components), Adjustments: slices.Clone(ref.adjustments), Cohorts: slices.Clone(ref.cohorts),
		Source: r.sources[ref.source], Fields: []Field{}, Groups: r.bandsOf(id)}
	if fw.Components == nil {
		fw.Components = []Component{}
	}
	if fw.Adjustments == nil {
		fw.Adjustments = []Adjustment{}
	}
	if fw.Cohorts == nil {
		fw.Cohorts = []Cohort{}
	}
	if ref.decision != 0 {
		d := r.sources[ref.decision]
		fw.Decision = &d
	}
	if ref.issuer != "" {
		if u := r.units[ref.issuer]; u != nil {
			issuer := u.ref
			fw.Issuer = &issuer
		}
	}
	for i, sc := range r.scopes {
		if sc.framework == id {
			if next := r.nextScope(i); next != nil {
				last := next.firstYear - 1
				fw.LastYear = &last
			}
		}
	}
	criteria := slices.SortedFunc(maps.Values(r.criteriaOf[id]), func(a, b criterionRef) int { return cmp.Compare(a.ordinal, b.ordinal) })
	for k, f := range r.fields[id] {
		field := Field{Slug: f.Slug, Ordinal: k + 1, NameVi: f.NameVi, NameEn: f.NameEn, MaxPoints: r.fieldMax[id][k], Criteria: []Criterion{}}
		if k < len(ref.fieldComponent) && ref.fieldComponent[k] != "" {
			field.Component = &ref.fieldComponent[k]
		}
		for _, c := range criteria {
			if c.field == f.Slug {
				field.Criteria = append(field.Criteria, c.Criterion)
			}
		}
		fw.Fields = append(fw.Fields, field)
	}
	return fw
}

// bandsOf returns a framework's groups, best first.
func (r *refs) bandsOf(id string) []Group {
	out := slices.Collect(maps.Values(r.groups[id]))
	slices.SortFunc(out, func(a, b Group) int { return cmp.Compare(a.Ordinal, b.Ordinal) })
	if out == nil {
		out = []Group{}
	}
	return out
}

// fieldRef returns a field of the year's framework, or a user error naming the fields there are.
// It reads the reference data in memory.
func (s *Store) fieldRef(year int, slug string) (*FieldRef, error) {
	r := s.refs.Load()
	fields := r.yearFields(year)
	if fields == nil {
		return nil, notFound("no framework for year %d%s", year, s.yearsHint())
	}
	slugs := make([]string, len(fields))
	for i, f := range fields {
		if f.Slug == slug {
			return &f, nil
		}
		slugs[i] = f.Slug
	}
	return nil, invalid("unknown field %q in %d; fields are %v", slug, year, slugs)
}
