package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parindex/parindex/analytics/annex"

	"github.com/parindex/parindex/analytics/dataset"
)

// Two checks stand between a valid file and the results already published: the year the file
// states must be the year imported, and results published by an official decision are replaced
// by another decision's only when the request says so. Each disagreement refuses the file with
// its own code, YEAR_DIFFERS or REPLACES_OFFICIAL; with the request's override (OverrideYear,
// ReplaceOfficial) it is a warning instead, and the report says what was overridden.

// yearStatement is where a file states the year of its results.
type yearStatement struct {
	year   int
	row    int    // spreadsheet row or CSV line; 0 for the sheet's name
	column string // "" for the sheet's name
	text   string // the cell or the sheet's name
}

var (
	// "năm 2024" in a title, folded: "ket qua chi so cai cach hanh chinh nam 2024".
	titleYear = regexp.MustCompile(`(?:^|[^a-z0-9])nam\s+(\d{4})(?:[^0-9]|$)`)
	// "ngày 27 tháng 12 năm 2023" dates the decision: its year is not the results'.
	longDate = regexp.MustCompile(`thang\s+\d{1,2}\s*,?\s+nam\s+\d{4}`)
	// A year alone in a sheet's name: "2024", "KQ 2024", "Năm 2024".
	sheetYear = regexp.MustCompile(`(?:^|[^0-9])(20\d\d)(?:[^0-9]|$)`)
)

// statedYears returns the years a sheet states for its results: in its name, and in the title
// rows above the data ("… CẤP XÃ NĂM 2024", "Kết quả … năm 2023"). Dates written out ("ngày 27
// tháng 12 năm 2023") are the decision's, not the results', and are skipped.
func statedYears(s annex.Sheet) []yearStatement {
	var out []yearStatement
	if m := sheetYear.FindStringSubmatch(s.Name); m != nil {
		y, _ := strconv.Atoi(m[1])
		out = append(out, yearStatement{year: y, text: s.Name})
	}
	for i, row := range s.Rows[:min(len(s.Rows), annex.HeaderScan)] {
		for c, cell := range row {
			if len(cell) < 8 || !strings.ContainsAny(cell, "0123456789") {
				continue
			}
			folded := longDate.ReplaceAllString(annex.Fold(cell), " ")
			for _, m := range titleYear.FindAllStringSubmatch(folded, -1) {
				if y, _ := strconv.Atoi(m[1]); y >= 2000 && y <= 2100 {
					out = append(out, yearStatement{year: y, row: s.Line(i), column: columnName(c), text: cell})
				}
			}
		}
	}
	return out
}

// checkYear returns the YEAR_DIFFERS problems of a request (Import keeps them as warnings when
// req.OverrideYear): a file that states another year than req.Year, naming where, and a decision
// whose date cannot be that of the year's results.
// Results of a year are published by a decision of that year (Decision 2234 of 27 December 2023
// published 2023's) or of the next (most provinces publish in the first months after the year):
// a decision dated before the year cannot publish its results, and one dated two years after or
// later is much more likely a wrong year than a late decision.
func checkYear(req ImportRequest, stated []yearStatement) []ImportProblem {
	var out []ImportProblem
	override := "import it again with the year override (parindex import -override-year; override_year=true over HTTP; overrideYear in GraphQL)"
	agrees := slices.ContainsFunc(stated, func(st yearStatement) bool { return st.year == req.Year })
	if len(stated) > 0 && !agrees {
		st := stated[0]
		where := "its sheet's name " + echo(st.text)
		if st.row > 0 {
			where = echo(st.text)
		}
		out = append(out, ImportProblem{Row: st.row, Column: st.column, Code: "YEAR_DIFFERS",
			Message:    fmt.Sprintf("the file states year %d in %s; the import is of %d", st.year, where, req.Year),
			Suggestion: fmt.Sprintf("import it as %d; if it holds the results of %d all the same, %s", st.year, req.Year, override)})
	}
	if d, err := time.Parse(time.DateOnly, req.Date); err == nil && req.Kind != ImportFramework {
		if y := d.Year(); y < req.Year || y > req.Year+1 {
			out = append(out, ImportProblem{Code: "YEAR_DIFFERS",
				Message: fmt.Sprintf("the decision is dated %s: a decision publishes the results of its year or of the year before (%d or %d), not of %d",
					req.Date, y-1, y, req.Year),
				Suggestion: "check the year and the decision's date; if both are right, " + override})
		}
	}
	return out
}

// OfficialReplacement is a unit's result published by an official decision that an import of
// another decision replaces.
type OfficialReplacement struct {
	UnitCode    string  `json:"unitCode"`
	UnitName    string  `json:"unitName"`
	Year        int     `json:"year"`
	What        string  `json:"what"` // "published result", "scores" or "published result and scores"
	OldGroup    *string `json:"oldGroup"`
	OldRank     *int    `json:"oldRank"`
	OldDecision string  `json:"oldDecision"`
	NewGroup    *string `json:"newGroup"`
	NewRank     *int    `json:"newRank"`
	NewDecision string  `json:"newDecision"`
}

// officialReplaced lists the results of the import's year and scope that an official decision
// other than the request's published and that the import would replace: the published groups and
// ranks when the file brings them (or is PUBLISHED), the scores when it brings scores.
func (s *Store) officialReplaced(ctx context.Context, req ImportRequest, kind ImportKind, p *parsedFile, scope map[string]bool) ([]OfficialReplacement, error) {
	var parts []string
	if kind == ImportPublished || len(p.published) > 0 {
		parts = append(parts, `SELECT unit_id, source_id, group_code, rank, 'published result' AS what FROM published_results WHERE year = $1`)
	}
	if kind == ImportResults {
		parts = append(parts, `SELECT DISTINCT unit_id, source_id, NULL::TEXT AS group_code, NULL::INTEGER AS rank, 'scores' AS what FROM scores WHERE year = $1`)
	}
	if len(parts) == 0 || len(scope) == 0 {
		return nil, nil
	}
	newPub := map[string]dataset.Published{}
	for _, pub := range p.published {
		newPub[pub.UnitID] = pub
	}
	r := s.refs.Load()
	byUnit := map[string]*OfficialReplacement{}
	rows, err := s.db.QueryContext(ctx, `SELECT x.unit_id, s.decision, x.group_code, x.rank, x.what
		FROM (`+strings.Join(parts, " UNION ALL ")+`) x JOIN sources s ON s.id = x.source_id
		WHERE s.kind = 'OFFICIAL' AND trim(coalesce(s.decision, '')) <> $2`, req.Year, strings.TrimSpace(req.Decision))
	if err != nil {
		return nil, fmt.Errorf("analytics: official results of %d: %w", req.Year, err)
	}
	defer rows.Close()
	for rows.Next() {
		var unit, what string
		var decision, group sql.NullString
		var rank sql.NullInt64
		if err := rows.Scan(&unit, &decision, &group, &rank, &what); err != nil {
			return nil, fmt.Errorf("analytics: official results of %d: %w", req.Year, err)
		}
		if !scope[unit] {
			continue
		}
		o := byUnit[unit]
		if o == nil {
			o = &OfficialReplacement{UnitCode: unit, UnitName: unit, Year: req.Year, What: what, OldDecision: decision.String, NewDecision: req.Decision}
			if u := r.units[unit]; u != nil {
				o.UnitCode, o.UnitName = u.ref.Code, u.ref.Name
			}
			if pub, ok := newPub[unit]; ok {
				o.NewGroup = &pub.Group
				if pub.Rank > 0 {
					o.NewRank = &pub.Rank
				}
			}
			byUnit[unit] = o
		} else if o.What != what {
			o.What = "published result and scores"
		}
		if group.Valid {
			o.OldGroup = &group.String
			if rank.Valid {
				rk := int(rank.Int64)
				o.OldRank = &rk
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("analytics: official results of %d: %w", req.Year, err)
	}
	out := make([]OfficialReplacement, 0, len(byUnit))
	for _, o := range byUnit {
		out = append(out, *o)
	}
	slices.SortFunc(out, func(a, b OfficialReplacement) int { return strings.Compare(a.UnitCode, b.UnitCode) })
	return out, nil
}

// replacesOfficialProblem is the problem (or, with req.ReplaceOfficial, the warning) of an import
// that replaces official results of another decision.
func replacesOfficialProblem(req ImportRequest, rs []OfficialReplacement) ImportProblem {
	var decisions []string
	for _, o := range rs {
		if !slices.Contains(decisions, o.OldDecision) {
			decisions = append(decisions, o.OldDecision)
		}
	}
	return ImportProblem{Code: "REPLACES_OFFICIAL",
		Message: fmt.Sprintf("the import replaces the official results of %d of %d %s, published by decision %s, with those of decision %s (listed under \"replaces official\")",
			req.Year, len(rs), plural(len(rs), "unit", "units"), strings.Join(decisions, ", "), req.Decision),
		Suggestion: "if the new decision supersedes them, import again with the replacement allowed (parindex import -replace-official; replace_official=true over HTTP; replaceOfficial in GraphQL)"}
}
