package analytics

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/parindex/parindex/analytics/annex"

	"github.com/parindex/parindex/analytics/dataset"
)

// A results file is checked unit by unit against the framework in force for each unit that year
// (refs.inForce): a province's file of a year before 2025 may span the frameworks of several of
// its districts, and the criteria, maximum points, classes and totals of each row are those of its
// unit's framework. The header of an annex is read before its units are known, against every
// framework that may be in force for a unit of the file: those of the units of the issuer's area,
// or of every unit of the year when the issuer names no area.

// importFramework is what checking a unit's results needs to know of its framework.
type importFramework struct {
	id, name string
	criteria []importCriterion // the scored criteria in the framework's order, then its bonus and penalty criteria
	byCode   map[string]int
	fields   []FieldRef
	maxCents int64   // the fields' maximum: bonus points do not raise it
	bands    []Group // best first
	// The components the total is split into (none when it is not), and each field's.
	components     []Component
	fieldComponent map[string]string
}

// importCriterion is a criterion of a framework: scored in a field, or a bonus or penalty.
type importCriterion struct {
	code, field string // field "" for a bonus or penalty criterion
	kind        string // "", dataset.AdjustmentBonus or dataset.AdjustmentPenalty
	maxCents    int64
}

// adjustment reports whether the criterion is a bonus or a penalty: it counts in the total and in
// no field, and a unit without one has none (its cell may be empty).
func (c importCriterion) adjustment() bool { return c.kind != "" }

// label names the framework in a message: its ID and its name.
func (fw *importFramework) label() string {
	if fw.name == "" {
		return fw.id
	}
	return fmt.Sprintf("%s (%s)", fw.id, fw.name)
}

// loadImportFramework reads a framework of the reference data for checking a file.
func loadImportFramework(r *refs, id string) *importFramework {
	fw := &importFramework{id: id, byCode: map[string]int{}, fields: r.fields[id], bands: r.bandsOf(id)}
	ref := r.frameworks[id]
	if ref != nil {
		fw.name, fw.components = ref.name, ref.components
		fw.fieldComponent = map[string]string{}
		for k, f := range fw.fields {
			if k < len(ref.fieldComponent) {
				fw.fieldComponent[f.Slug] = ref.fieldComponent[k]
			}
		}
	}
	criteria := slices.SortedFunc(maps.Values(r.criteriaOf[id]), func(a, b criterionRef) int { return cmp.Compare(a.ordinal, b.ordinal) })
	for _, c := range criteria {
		cents := int64(math.Round(c.MaxPoints * 100))
		fw.byCode[c.Code] = len(fw.criteria)
		fw.criteria = append(fw.criteria, importCriterion{code: c.Code, field: c.field, maxCents: cents})
		fw.maxCents += cents
	}
	if ref != nil {
		for _, a := range ref.adjustments {
			fw.byCode[a.Code] = len(fw.criteria)
			fw.criteria = append(fw.criteria, importCriterion{code: a.Code, kind: string(a.Kind), maxCents: int64(math.Round(a.MaxPoints * 100))})
		}
	}
	return fw
}

// frameworkSet is the frameworks a file of a year is checked against: for each unit, the one in
// force for it. The criteria and fields of the candidates (the frameworks that may be in force
// for a unit of the file) read the header; a unit's row is checked against its own framework.
type frameworkSet struct {
	inForce    func(u *unitRef) string          // the ID of the framework in force for a unit, or ""
	load       func(id string) *importFramework // reads a framework not yet read
	byID       map[string]*importFramework
	ofUnit     map[*unitRef]*importFramework // of's answers: a long file asks once per row
	candidates []*importFramework            // those of the most units first
	codes      []string                      // the criterion codes of every candidate, each once
	byCode     map[string]int                // position in codes
	fields     []FieldRef                    // the fields of every candidate, each slug once, the first candidate's first
	components []Component                   // the components of every candidate, each slug once
}

// newFrameworkSet returns the frameworks in force in iu's year for the units of iu: of its
// issuer's area when it has one, else of every unit of the year.
func newFrameworkSet(r *refs, iu *importUnits) *frameworkSet {
	year := iu.year
	set := &frameworkSet{
		inForce: func(u *unitRef) string { return r.inForce(u, year) },
		load:    func(id string) *importFramework { return loadImportFramework(r, id) },
		byID:    map[string]*importFramework{},
		byCode:  map[string]int{},
	}
	units := iu.all
	if iu.area != nil {
		units = iu.ofArea
	}
	count := map[string]int{}
	for _, u := range units {
		if id := set.inForce(u); id != "" {
			count[id]++
		}
	}
	ids := slices.SortedFunc(maps.Keys(count), func(a, b string) int { return cmp.Or(count[b]-count[a], strings.Compare(a, b)) })
	for _, id := range ids {
		set.addCandidate(set.load(id))
	}
	return set
}

// oneFramework is a set that checks every unit against fw.
func oneFramework(fw *importFramework) *frameworkSet {
	set := &frameworkSet{inForce: func(*unitRef) string { return fw.id }, byID: map[string]*importFramework{}, byCode: map[string]int{}}
	set.addCandidate(fw)
	return set
}

func (s *frameworkSet) addCandidate(fw *importFramework) {
	s.byID[fw.id] = fw
	s.candidates = append(s.candidates, fw)
	for _, c := range fw.criteria {
		if _, ok := s.byCode[c.code]; !ok {
			s.byCode[c.code] = len(s.codes)
			s.codes = append(s.codes, c.code)
		}
	}
	for _, f := range fw.fields {
		if !slices.ContainsFunc(s.fields, func(g FieldRef) bool { return g.Slug == f.Slug }) {
			s.fields = append(s.fields, f)
		}
	}
	for _, c := range fw.components {
		if !slices.ContainsFunc(s.components, func(d Component) bool { return d.Slug == c.Slug }) {
			s.components = append(s.components, c)
		}
	}
}

// adjustmentHeads are the headers of a bonus or penalty column written as the kind's name,
// folded, with the kind they name.
var adjustmentHeads = map[string]string{
	"diem thuong": dataset.AdjustmentBonus, "thuong": dataset.AdjustmentBonus, "diem cong": dataset.AdjustmentBonus,
	"diem tru": dataset.AdjustmentPenalty, "tru": dataset.AdjustmentPenalty,
}

// adjustmentOf returns the code of the bonus or penalty criterion a header names by its kind
// ("Điểm thưởng", "Điểm trừ"), when the candidates have one criterion of that kind; else "".
func (s *frameworkSet) adjustmentOf(head string) string {
	kind, ok := adjustmentHeads[strings.Trim(annex.Fold(head), " .:")]
	if !ok {
		return ""
	}
	code := ""
	for _, fw := range s.candidates {
		for _, c := range fw.criteria {
			if c.kind != kind {
				continue
			}
			if code != "" && code != c.code {
				return "" // several: the header must give the code
			}
			code = c.code
		}
	}
	return code
}

// componentOf returns the slug of the component whose Vietnamese name a header text holds
// ("Điểm thẩm định", "Tổng điểm đo lường sự hài lòng"), or "".
func (s *frameworkSet) componentOf(head string) string {
	k := annex.Fold(head)
	for _, c := range s.components {
		// A short name ("Điểm") would be found in every header.
		if name := annex.Fold(c.NameVi); len(name) >= 8 && strings.Contains(k, name) {
			return c.Slug
		}
	}
	return ""
}

// of returns the framework in force for u, or nil when none is.
func (s *frameworkSet) of(u *unitRef) *importFramework {
	if fw, ok := s.ofUnit[u]; ok {
		return fw
	}
	var fw *importFramework
	if id := s.inForce(u); id != "" {
		fw = s.byID[id]
		if fw == nil && s.load != nil {
			// A unit given by its code outside the issuer's area: its framework was not a candidate.
			fw = s.load(id)
			s.byID[id] = fw
		}
	}
	if s.ofUnit == nil {
		s.ofUnit = map[*unitRef]*importFramework{}
	}
	s.ofUnit[u] = fw
	return fw
}

// primary is the framework in force for most units of the file's area, or nil.
func (s *frameworkSet) primary() *importFramework {
	if len(s.candidates) == 0 {
		return nil
	}
	return s.candidates[0]
}

// describe names the candidates in a message: "framework ke-sach-962-2022 (…)", or "the
// frameworks in force in the file's area: A (…), B (…)".
func (s *frameworkSet) describe() string {
	if len(s.candidates) == 1 {
		return "framework " + s.candidates[0].label()
	}
	var names []string
	for _, fw := range s.candidates[:min(len(s.candidates), 3)] {
		names = append(names, fw.label())
	}
	if len(s.candidates) > 3 {
		names = append(names, fmt.Sprintf("and %d more", len(s.candidates)-3))
	}
	return "any of the frameworks in force in the file's area: " + strings.Join(names, ", ")
}

// codeList lists the criterion codes of the primary framework, for a suggestion.
func (s *frameworkSet) codeList() string {
	if fw := s.primary(); fw != nil {
		return fw.codeList()
	}
	return strings.Join(s.codes, ", ")
}

// FrameworkUse is a framework a results file was checked against, with the number of the file's
// units it is in force for.
type FrameworkUse struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Units int    `json:"units"`
}

// frameworksUsed counts the file's units by the framework in force for each, most units first.
func (p *parsedFile) frameworksUsed(fws *frameworkSet) []FrameworkUse {
	count := map[string]int{}
	for _, u := range p.units {
		if fw := fws.of(u); fw != nil {
			count[fw.id]++
		}
	}
	out := []FrameworkUse{}
	for id, n := range count {
		out = append(out, FrameworkUse{ID: id, Name: fws.byID[id].name, Units: n})
	}
	slices.SortFunc(out, func(a, b FrameworkUse) int { return cmp.Or(b.Units-a.Units, strings.Compare(a.ID, b.ID)) })
	return out
}

// criterionCodes returns the codes of the criteria of every framework in force for a unit of the
// file, each once: the criteria an import stages (import_criteria).
func (p *parsedFile) criterionCodes(fws *frameworkSet) []string {
	var codes []string
	seen := map[string]bool{}
	add := func(code string) {
		if !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	done := map[*importFramework]bool{}
	for _, u := range p.units {
		if fw := fws.of(u); fw != nil && !done[fw] {
			done[fw] = true
			for _, c := range fw.criteria {
				add(c.code)
			}
		}
	}
	for _, sc := range p.scores {
		add(sc.Criterion)
	}
	return codes
}

// noteReference warns when units of the file are checked against the reference framework, in
// force where no issuer's framework has been imported: its criteria, maxima and classes are
// likely not those the issuer scored with.
func (p *parsedFile) noteReference(fws *frameworkSet, iu *importUnits) {
	var units []*unitRef
	for _, u := range p.units {
		if fw := fws.of(u); fw != nil && fw.id == dataset.ReferenceFramework {
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		return
	}
	var issuers []*unitRef
	for _, u := range units {
		for _, id := range []string{u.parentID, u.provinceID} {
			if v := iu.refs.units[id]; v != nil && !slices.Contains(issuers, v) && len(issuers) < 4 {
				issuers = append(issuers, v)
			}
		}
	}
	var names []string
	for _, v := range issuers {
		names = append(names, label(v))
	}
	fw := fws.byID[dataset.ReferenceFramework]
	p.warn(0, "", "REFERENCE_FRAMEWORK",
		fmt.Sprintf("%d %s of the file %s checked against the reference framework %s: no framework of %s issuer is imported for %d",
			len(units), plural(len(units), "unit", "units"), plural(len(units), "is", "are"), fw.label(), plural(len(units), "its", "their"), iu.year),
		fmt.Sprintf("import the framework of %s first (parindex import -kind framework -issuer …), so that the file is checked against its own criteria, maximum points and classes",
			strings.Join(names, " or ")))
}

// noFramework reports, once per unit, that no framework is in force for it.
func (p *parsedFile) noFramework(line int, col string, u *unitRef, year int) {
	if p.noFrameworkSeen[u.id] {
		return
	}
	if p.noFrameworkSeen == nil {
		p.noFrameworkSeen = map[string]bool{}
	}
	p.noFrameworkSeen[u.id] = true
	p.problem(line, col, "NO_FRAMEWORK", fmt.Sprintf("no framework is in force for %s (%s) in %d: its criteria and maximum points are unknown", u.ref.Name, u.ref.Code, year),
		"import the framework of its province or district first (parindex import -kind framework)")
}

func (fw *importFramework) codeList() string {
	codes := make([]string, len(fw.criteria))
	for i, c := range fw.criteria {
		codes[i] = c.code
	}
	return strings.Join(codes, ", ")
}

// group finds the band a cell names: its code ("II", "Nhóm II", "2" for II, "TOT"), or its label
// ("Tốt", "Good"), in any case and with or without diacritics.
func (fw *importFramework) group(text string) (Group, bool) {
	k := annex.Fold(text)
	for _, prefix := range []string{"nhom ", "loai ", "muc "} {
		k = strings.TrimPrefix(k, prefix)
	}
	k = strings.Trim(k, " .:")
	if code, ok := annex.GroupNumeral(k); ok {
		for _, g := range fw.bands {
			if g.Code == code {
				return g, true
			}
		}
	}
	for _, g := range fw.bands {
		if k == annex.Fold(g.Label) || k == annex.Fold(g.LabelEn) || k == annex.Fold(g.Code) {
			return g, true
		}
	}
	return Group{}, false
}

func (fw *importFramework) groupList() string {
	var gs []string
	for _, g := range fw.bands {
		gs = append(gs, g.Code+" "+g.Label)
	}
	return strings.Join(gs, ", ")
}

// groupOf is the band a total reaches, as derive.go computes it: the best whose minimum (points,
// or percent of the maximum) it reaches, else the last.
func (fw *importFramework) groupOf(cents int64) Group {
	for _, g := range fw.bands {
		switch {
		case g.MinPoints != nil && float64(cents) >= *g.MinPoints*100-1e-9:
			return g
		case g.MinPoints == nil && g.MinPercent != nil && float64(cents)*100 >= *g.MinPercent*float64(fw.maxCents)-1e-9:
			return g
		}
	}
	if len(fw.bands) > 0 {
		return fw.bands[len(fw.bands)-1]
	}
	return Group{}
}
