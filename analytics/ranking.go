package analytics

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
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
	Year   int
	Parent *string // ID or code of the district or province
	Field  *string // a field slug: rank on that field instead of the total
}

const rankingSQL = `
SELECT u.id, u.code, u.name, u.short_name, u.kind, p.code, r.year,
       coalesce(sel.points, r.points)::DOUBLE, coalesce(sel.max_points, r.max_points)::DOUBLE,
       coalesce(sel.percent, r.percent), coalesce(sel.rank, r.rank) AS shown_rank,
       g.code, g.label_vi, g.label_en, g.min_percent::DOUBLE,
       pg.code, pg.label_vi, pg.label_en, pg.min_percent::DOUBLE, pr.rank,
       ps.kind, ps.title, ps.issued::VARCHAR, ps.url,
       s.kind, s.title, s.issued::VARCHAR, s.url,
       (SELECT to_json(list({field: {slug: f.field_slug, nameVi: fd.name_vi, nameEn: fd.name_en},
                             points: f.points::DOUBLE, maxPoints: f.max_points::DOUBLE,
                             percent: f.percent, rank: f.rank} ORDER BY f.ordinal))::VARCHAR
          FROM field_results f
          JOIN fields fd ON fd.framework_id = r.framework_id AND fd.slug = f.field_slug
         WHERE f.year = r.year AND f.unit_id = r.unit_id)
FROM unit_results r
JOIN units u ON u.id = r.unit_id
LEFT JOIN units p ON p.id = u.parent_id
JOIN group_bands g ON g.framework_id = r.framework_id AND g.code = r.group_code
JOIN sources s ON s.id = r.source_id
LEFT JOIN published_results pr ON pr.year = r.year AND pr.unit_id = r.unit_id
LEFT JOIN group_bands pg ON pg.framework_id = r.framework_id AND pg.code = pr.group_code
LEFT JOIN sources ps ON ps.id = pr.source_id
LEFT JOIN field_results sel ON sel.year = r.year AND sel.unit_id = r.unit_id AND sel.field_slug = $field
WHERE r.year = $year
  AND ($parent = '' OR r.parent_id = $parent)
  AND ($field = '' OR sel.unit_id IS NOT NULL)
ORDER BY shown_rank, u.name COLLATE vi`

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
	rows, err := s.db.QueryContext(ctx, rankingSQL,
		sql.Named("year", q.Year), sql.Named("parent", parent), sql.Named("field", field))
	if err != nil {
		return nil, fmt.Errorf("ranking %d: %w", q.Year, err)
	}
	defer rows.Close()
	results := []Result{}
	for rows.Next() {
		var r Result
		var pub struct {
			code, label, labelEn, kind, title sql.NullString
			min                               sql.NullFloat64
			rank                              sql.NullInt64
			date, url                         *string
		}
		var fields string
		if err := rows.Scan(&r.Unit.ID, &r.Unit.Code, &r.Unit.Name, &r.Unit.ShortName, &r.Unit.Kind, &r.Unit.Parent,
			&r.Year, &r.Points, &r.MaxPoints, &r.Percent, &r.Rank,
			&r.Group.Code, &r.Group.Label, &r.Group.LabelEn, &r.Group.MinPercent,
			&pub.code, &pub.label, &pub.labelEn, &pub.min, &pub.rank,
			&pub.kind, &pub.title, &pub.date, &pub.url,
			&r.Source.Kind, &r.Source.Title, &r.Source.Date, &r.Source.URL, &fields); err != nil {
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
		results = append(results, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ranking %d: %w", q.Year, err)
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
