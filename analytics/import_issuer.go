package analytics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/parindex/parindex/analytics/annex"
)

// The issuer of a results file (ImportRequest.Issuer) is free text: "UBND huyện Kế Sách",
// "Ủy ban nhân dân huyện Quảng Hòa, tỉnh Cao Bằng", "Sở Nội vụ tỉnh Cao Bằng", "TP. Cần Thơ",
// or an official code ("049"). When it names a district or a province, a file without codes is
// matched among the units under it only: the same commune name is often found in several
// districts (Xã Tự Do in huyện Quảng Hòa and in huyện Lạc Sơn), and the issuer says which one the
// file means. A text that names no district or province ("Phòng Nội vụ") changes nothing: shared
// names then resolve to the district most rows agree on (see parseAnnex).

// issuerAbbreviations are the kinds as a letterhead abbreviates them, folded.
var issuerAbbreviations = map[string]string{
	"tp": "thanh pho", "tp.": "thanh pho", "tx": "thi xa", "tx.": "thi xa", "h.": "huyen", "q.": "quan", "hcm": "ho chi minh",
}

// issuerKey is a text as issuer matching compares it: folded, punctuation as spaces, the kinds'
// abbreviations written out, between spaces: "UBND TP.Cần Thơ (minh họa)" -> " ubnd thanh pho
// can tho minh hoa ".
func issuerKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, annex.FoldChars(s))
	var words []string
	for _, w := range strings.Fields(strings.ReplaceAll(s, ".", ". ")) {
		if long, ok := issuerAbbreviations[w]; ok {
			words = append(words, long)
		} else if w = strings.Trim(w, "."); w != "" {
			words = append(words, w)
		}
	}
	return " " + strings.Join(words, " ") + " "
}

// issuerUnits returns every version, of any year, of the districts and provinces the text names:
// by their full name ("huyện Quảng Hòa", kind included, so that tỉnh Cao Bằng is not thành phố Cao
// Bằng), the longest name winning where names overlap (huyện Châu Thành A is not huyện Châu
// Thành), or by the official code when the text is one.
func (iu *importUnits) issuerUnits(text string) []*unitRef {
	r := iu.refs
	isParent := map[string]bool{}
	for _, u := range r.units {
		if u.parentID != "" {
			isParent[u.parentID] = true
		}
	}
	if code := strings.TrimSpace(text); len(code) >= 2 && len(code) <= 3 && strings.Trim(code, "0123456789") == "" {
		var out []*unitRef
		for _, u := range r.byCode[code] {
			if isParent[u.id] {
				out = append(out, u)
			}
		}
		return out
	}
	key := issuerKey(text)
	byKey := map[string][]*unitRef{}
	for id := range isParent {
		if u := r.units[id]; u != nil {
			k := issuerKey(u.ref.Name)
			byKey[k] = append(byKey[k], u)
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		if strings.Contains(key, k) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	claimed := make([]bool, len(key))
	var out []*unitRef
	for _, k := range keys {
		found := false
		for i := 0; ; {
			j := strings.Index(key[i:], k)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(k)
			// Two names may share the space between them ("huyện Quảng Hòa tỉnh Cao Bằng"), not more.
			if !slices.Contains(claimed[start+1:end-1], true) {
				for c := start + 1; c < end-1; c++ {
					claimed[c] = true
				}
				found = true
			}
			i = start + 1
		}
		if found {
			out = append(out, byKey[k]...)
		}
	}
	slices.SortFunc(out, func(a, b *unitRef) int { return cmp.Or(a.sortKey-b.sortKey, strings.Compare(a.id, b.id)) })
	return out
}

// withIssuer returns the units of iu restricted to the area of the issuer the text names: a
// district of the year (narrowed by its province when the text names one too), else a province of
// the year. Then names are matched among the units under the area only. A text that names a
// district or province, but none of the year, is a problem (ISSUER_NOT_IN_YEAR, or
// ISSUER_NOT_IN_PROVINCE when the district of the year is in another province): the file would
// otherwise be matched elsewhere without a word. A text that names several units of the year
// with the same name (huyện Châu Thành, in ten provinces) keeps all of them as its area, with a
// warning (ISSUER_AMBIGUOUS). A text that names none leaves iu as it is.
func (iu *importUnits) withIssuer(text string) (out *importUnits, problem, warning *ImportProblem) {
	named := iu.issuerUnits(text)
	if len(named) == 0 {
		return iu, nil, nil
	}
	existed := func(u *unitRef) bool { return u.existed(iu.year) }
	var provinces, districts []*unitRef
	for _, u := range named {
		if u.parentID == "" {
			provinces = append(provinces, u)
		} else {
			districts = append(districts, u)
		}
	}
	ofYear := keepUnits(provinces, existed)
	var area []*unitRef
	switch {
	case len(districts) > 0:
		valid := keepUnits(districts, existed)
		area = valid
		if len(ofYear) > 0 {
			area = keepUnits(valid, func(u *unitRef) bool { return slices.Contains(ofYear, iu.province(u)) })
		}
		switch {
		case len(area) == 0 && len(valid) > 0:
			return iu, &ImportProblem{Code: "ISSUER_NOT_IN_PROVINCE",
				Message:    fmt.Sprintf("the issuer %s names %s, but in %d no unit of that name was in %s", echo(text), inSentence(valid[0]), iu.year, labels(ofYear)),
				Suggestion: fmt.Sprintf("in %d: %s; check the issuer", iu.year, iu.placedList(valid, 12))}, nil
		case len(area) == 0:
			return iu, iu.notInYear(text, districts), nil
		}
	case len(ofYear) > 0:
		area = ofYear
	default:
		return iu, iu.notInYear(text, provinces), nil
	}
	out = &importUnits{year: iu.year, refs: iu.refs, byCode: iu.byCode, children: iu.children, parents: iu.parents, all: iu.all,
		area: area, inArea: map[string]bool{}}
	ids := map[string]bool{}
	for _, u := range area {
		ids[u.id] = true
	}
	for _, u := range iu.all {
		for p := iu.refs.units[u.parentID]; p != nil; p = iu.refs.units[p.parentID] {
			if ids[p.id] {
				out.inArea[u.id] = true
				out.ofArea = append(out.ofArea, u)
				break
			}
		}
	}
	if len(area) > 1 && slices.ContainsFunc(area[1:], func(u *unitRef) bool { return u.ref.Name == area[0].ref.Name }) {
		warning = &ImportProblem{Code: "ISSUER_AMBIGUOUS",
			Message:    fmt.Sprintf("the issuer %s names %d units of %d: %s; the file's names are matched among the units of all of them", echo(text), len(area), iu.year, iu.placedList(area, 12)),
			Suggestion: "add the province to the issuer (UBND huyện …, tỉnh …) to match among the units of one of them"}
	}
	return out, nil, warning
}

// frameworkIssuer returns the one district or province of the year that a framework request's
// issuer names (by its name, or its code: "04"), or the problem that the text names none,
// several, or none of the year: a framework belongs to the one whose decision issues it.
func (iu *importUnits) frameworkIssuer(text string) (*unitRef, *ImportProblem) {
	out, problem, _ := iu.withIssuer(text)
	if problem != nil {
		return nil, problem
	}
	switch len(out.area) {
	case 0:
		return nil, &ImportProblem{Code: "ISSUER_REQUIRED",
			Message:    fmt.Sprintf("the issuer %s names no province or district of %d: a framework belongs to the one whose decision issues it", echo(text), iu.year),
			Suggestion: "name it as the decision does (UBND tỉnh Cao Bằng, UBND huyện Kế Sách) or give its code (-issuer 04)"}
	case 1:
		return out.area[0], nil
	}
	return nil, &ImportProblem{Code: "ISSUER_AMBIGUOUS",
		Message:    fmt.Sprintf("the issuer %s names %d units of %d: %s", echo(text), len(out.area), iu.year, iu.placedList(out.area, 12)),
		Suggestion: "add the province (UBND huyện …, tỉnh …), or give the code of the one that issued the framework"}
}

// notInYear is the problem of an issuer whose text names districts or provinces of other years
// only, with the units of the year that were (or became) theirs.
func (iu *importUnits) notInYear(text string, named []*unitRef) *ImportProblem {
	// One entry per code and name, with the years its versions existed at the end of.
	type entry struct {
		u        *unitRef
		from, to int
	}
	var entries []entry
	for _, u := range named {
		i := slices.IndexFunc(entries, func(e entry) bool { return e.u.ref.Code == u.ref.Code && e.u.ref.Name == u.ref.Name })
		if i < 0 {
			entries = append(entries, entry{u, u.from, u.to})
			continue
		}
		entries[i].from, entries[i].to = min(entries[i].from, u.from), max(entries[i].to, u.to)
	}
	var names []string
	var related []*unitRef
	for _, e := range entries {
		names = append(names, label(e.u)+" ("+existedYears(e.from, e.to)+")")
		for _, u := range iu.relatedInYear(e.u) {
			if !slices.Contains(related, u) {
				related = append(related, u)
			}
		}
	}
	verb := "which did not exist"
	if len(entries) > 1 {
		verb = "none of which existed"
	}
	suggestion := "check the year, or the issuer"
	if len(related) > 0 {
		slices.SortFunc(related, func(a, b *unitRef) int { return a.sortKey - b.sortKey })
		suggestion = fmt.Sprintf("check the year; in %d the issuer's units were in %s: name the issuer as it was that year", iu.year, labels(related))
	}
	return &ImportProblem{Code: "ISSUER_NOT_IN_YEAR",
		Message:    fmt.Sprintf("the issuer %s names %s, %s in %d", echo(text), strings.Join(names, ", "), verb, iu.year),
		Suggestion: suggestion}
}

// relatedInYear returns the districts and provinces of the year that u came from, for a year
// before it, or went into, for a year after it: by its own links (huyện Quảng Hòa came from
// huyện Phục Hoà, Quảng Uyên and Trà Lĩnh), else by those of its units (the districts abolished
// on 2025-07-01 have no link of their own; their communes went into the new ones of a province).
func (iu *importUnits) relatedInYear(u *unitRef) []*unitRef {
	back := iu.year < u.from
	var out []*unitRef
	for _, v := range iu.lineageInYear([]*unitRef{u}, back) {
		if iu.parents[v.id] != nil {
			out = append(out, v)
		}
	}
	if len(out) > 0 {
		return out
	}
	var units []*unitRef
	for _, c := range iu.refs.units {
		if c.parentID == u.id {
			units = append(units, c)
		}
	}
	for _, v := range iu.lineageInYear(units, back) {
		if p := iu.parents[v.parentID]; p != nil && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// lineageInYear follows the links of the units from, back in time or forward, to the units of the
// year they lead to.
func (iu *importUnits) lineageInYear(from []*unitRef, back bool) []*unitRef {
	var out []*unitRef
	seen := map[string]bool{}
	for _, u := range from {
		seen[u.id] = true
	}
	next := from
	for range 5 {
		var step []*unitRef
		for _, v := range next {
			links := v.successors
			if back {
				links = v.predecessors
			}
			for _, id := range links {
				w := iu.refs.units[id]
				if w == nil || seen[id] {
					continue
				}
				seen[id] = true
				if w.existed(iu.year) {
					out = append(out, w)
				} else {
					step = append(step, w)
				}
			}
		}
		next = step
	}
	return out
}

// existedYears says which years a unit existed at the end of: "2020–2024", "until 2019", "from 2025".
func existedYears(from, to int) string {
	switch {
	case from == math.MinInt && to == math.MaxInt:
		return "every year"
	case from == math.MinInt:
		return fmt.Sprintf("until %d", to)
	case to == math.MaxInt:
		return fmt.Sprintf("from %d", from)
	case from == to:
		return fmt.Sprintf("%d only", from)
	}
	return fmt.Sprintf("%d–%d", from, to)
}

// labels names units inside a sentence: "huyện Phục Hoà (050), huyện Quảng Uyên (049) and …".
func labels(us []*unitRef) string {
	var out []string
	for _, u := range us {
		out = append(out, label(u))
	}
	if len(out) > 1 {
		return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
	}
	return strings.Join(out, "")
}

func keepUnits(us []*unitRef, keep func(*unitRef) bool) []*unitRef {
	var out []*unitRef
	for _, u := range us {
		if keep(u) {
			out = append(out, u)
		}
	}
	return out
}
