package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Result is a unit's result in a year.
type Result struct {
	Unit      UnitRef       `json:"unit"`
	Year      int           `json:"year"`
	Points    float64       `json:"points"`
	MaxPoints float64       `json:"maxPoints"`
	Percent   float64       `json:"percent"`
	Rank      int           `json:"rank"`
	Group     Group         `json:"group"`
	Published *Published    `json:"published"`
	Source    Source        `json:"source"`
	Fields    []FieldResult `json:"fields"`
	// Coverage and Contributors say which units' results make this one: the unit itself as
	// published, or its predecessors under BoundaryCurrent.
	Coverage     Coverage `json:"coverage"`
	Contributors []string `json:"contributors"`
}

// FieldResult is one field of a unit's result.
type FieldResult struct {
	Field     FieldRef `json:"field"`
	Points    float64  `json:"points"`
	MaxPoints float64  `json:"maxPoints"`
	Percent   float64  `json:"percent"`
	Rank      int      `json:"rank"`
}

// Published is what a decision published for a unit and year.
type Published struct {
	Group  Group  `json:"group"`
	Rank   *int   `json:"rank"`
	Source Source `json:"source"`
}

// RankingQuery selects a ranking. Parent and Field are optional.
type RankingQuery struct {
	Year     int
	Parent   *string // ID or code of the district or province
	Field    *string // a field slug: rank on that field instead of the total
	Boundary *Boundary
	First    *int
}

// rankingSQL reads one derived table: $results (unit_results or current_results). $from is
// where points, percent and rank come from: the total (r) or one field (f, joined only then).
// It has no ORDER BY: DuckDB's sort costs about a millisecond even for 13 rows, so Ranking sorts
// in Go.
const rankingSQL = `
SELECT r.unit_id, r.code, r.name, r.short_name, r.kind, r.parent_code, r.year,
       $from.points, $from.max_points, $from.percent, $from.rank,
       r.group_code, r.group_label, r.group_label_en, r.group_min,
       r.pub_group, r.pub_label, r.pub_label_en, r.pub_min, r.pub_rank,
       r.pub_kind, r.pub_title, r.pub_date, r.pub_url,
       r.source_kind, r.source_title, r.source_date, r.source_url, r.fields_json, r.sort_key,
       r.coverage, r.contributors
FROM $results r $join
WHERE r.year = $year AND ($parent = '' OR r.parent_id = $parent)
LIMIT $limit`

func rankingQuery(t tables, field bool) string {
	from, join := "r", ""
	if field {
		from, join = "f", "JOIN "+t.fields+" f ON f.year = r.year AND f.unit_id = r.unit_id AND f.field_slug = $field"
	}
	return strings.NewReplacer("$from", from, "$results", t.results, "$join", join).Replace(rankingSQL)
}

// Ranking returns the results of a year ordered by rank, then by Vietnamese name.
func (s *Store) Ranking(ctx context.Context, q RankingQuery) ([]Result, error) {
	parent, field := "", ""
	if q.Parent != nil {
		id, err := s.resolveUnit(ctx, *q.Parent, &q.Year)
		if err != nil {
			return nil, err
		}
		parent = id
	}
	if q.Field != nil {
		field = *q.Field
	}
	limit, err := rowLimit(q.First)
	if err != nil {
		return nil, err
	}
	query := rankingQuery(q.Boundary.tables(), field != "")
	args := []any{sql.Named("year", q.Year), sql.Named("parent", parent), sql.Named("limit", limit)}
	if field != "" {
		args = append(args, sql.Named("field", field))
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("ranking %d: %w", q.Year, err)
	}
	defer rows.Close()
	// Sorted in Go on (rank, Vietnamese name order), see rankingSQL.
	type sortable struct {
		Result
		sortKey int
	}
	var unsorted []sortable
	for rows.Next() {
		var r Result
		var sortKey int
		var pub struct {
			code, label, labelEn, kind, title sql.NullString
			min                               sql.NullFloat64
			rank                              sql.NullInt64
			date, url                         *string
		}
		var fields string
		var contributors []any
		if err := rows.Scan(&r.Unit.ID, &r.Unit.Code, &r.Unit.Name, &r.Unit.ShortName, &r.Unit.Kind, &r.Unit.Parent,
			&r.Year, &r.Points, &r.MaxPoints, &r.Percent, &r.Rank,
			&r.Group.Code, &r.Group.Label, &r.Group.LabelEn, &r.Group.MinPercent,
			&pub.code, &pub.label, &pub.labelEn, &pub.min, &pub.rank,
			&pub.kind, &pub.title, &pub.date, &pub.url,
			&r.Source.Kind, &r.Source.Title, &r.Source.Date, &r.Source.URL, &fields, &sortKey,
			&r.Coverage, &contributors); err != nil {
			return nil, fmt.Errorf("ranking %d: %w", q.Year, err)
		}
		if pub.code.Valid {
			p := &Published{
				Group:  Group{Code: pub.code.String, Label: pub.label.String, LabelEn: pub.labelEn.String, MinPercent: pub.min.Float64},
				Source: Source{Kind: SourceKind(pub.kind.String), Title: pub.title.String, Date: pub.date, URL: pub.url},
			}
			if pub.rank.Valid {
				rank := int(pub.rank.Int64)
				p.Rank = &rank
			}
			r.Published = p
		}
		if err := json.Unmarshal([]byte(fields), &r.Fields); err != nil {
			return nil, fmt.Errorf("ranking %d: fields of %s: %w", q.Year, r.Unit.ID, err)
		}
		r.Contributors = stringList(contributors)
		unsorted = append(unsorted, sortable{r, sortKey})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ranking %d: %w", q.Year, err)
	}
	slices.SortFunc(unsorted, func(a, b sortable) int {
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.sortKey, b.sortKey))
	})
	results := make([]Result, len(unsorted))
	for i, r := range unsorted {
		results[i] = r.Result
	}
	if err := tooMany(len(results), q.First); err != nil {
		return nil, err
	}
	if len(results) == 0 {
		// Say why, on the error path only.
		if err := s.checkYear(ctx, q.Year); err != nil {
			return nil, err
		}
		if field != "" {
			if err := s.checkField(ctx, q.Year, field); err != nil {
				return nil, err
			}
		}
	}
	return results, nil
}
