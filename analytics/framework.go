package analytics

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// Framework is what a year is scored on: fields, criteria, maximum points and group bands.
type Framework struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Year      int     `json:"year"`
	MaxPoints float64 `json:"maxPoints"`
	Fields    []Field `json:"fields"`
	Groups    []Group `json:"groups"`
	Source    Source  `json:"source"`
}

// Field is a field (lĩnh vực) of a framework.
type Field struct {
	Slug      string      `json:"slug"`
	Ordinal   int         `json:"ordinal"`
	NameVi    string      `json:"nameVi"`
	NameEn    string      `json:"nameEn"`
	MaxPoints float64     `json:"maxPoints"`
	Criteria  []Criterion `json:"criteria"`
}

// Criterion is a criterion (tiêu chí) of a field.
type Criterion struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	MaxPoints float64 `json:"maxPoints"`
}

// Group is a classification band (nhóm xếp loại).
type Group struct {
	Code       string  `json:"code"`
	Label      string  `json:"label"`
	LabelEn    string  `json:"labelEn"`
	MinPercent float64 `json:"minPercent"`
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

// Framework returns the framework of a year.
func (s *Store) Framework(ctx context.Context, year int) (*Framework, error) {
	var fw Framework
	var fields, groups string
	err := s.db.QueryRowContext(ctx, `
SELECT fw.id, fw.name, fy.year,
       (SELECT sum(max_points)::DOUBLE FROM fields f WHERE f.framework_id = fw.id),
       (SELECT to_json(list({slug: f.slug, ordinal: f.ordinal, nameVi: f.name_vi, nameEn: f.name_en,
                             maxPoints: f.max_points::DOUBLE,
                             criteria: (SELECT list({code: c.code, name: c.name, maxPoints: c.max_points::DOUBLE} ORDER BY c.ordinal)
                                          FROM criteria c WHERE c.framework_id = f.framework_id AND c.field_slug = f.slug)}
                            ORDER BY f.ordinal))::VARCHAR
          FROM fields f WHERE f.framework_id = fw.id),
       (SELECT to_json(list({code: g.code, label: g.label_vi, labelEn: g.label_en, minPercent: g.min_percent::DOUBLE}
                            ORDER BY g.ordinal))::VARCHAR
          FROM group_bands g WHERE g.framework_id = fw.id),
       s.kind, s.title, s.issued::VARCHAR, s.url
FROM framework_years fy
JOIN frameworks fw ON fw.id = fy.framework_id
JOIN sources s ON s.id = fw.source_id
WHERE fy.year = ?`, year).Scan(&fw.ID, &fw.Name, &fw.Year, &fw.MaxPoints, &fields, &groups,
		&fw.Source.Kind, &fw.Source.Title, &fw.Source.Date, &fw.Source.URL)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("no framework for year %d%s", year, s.yearsHint())
	}
	if err != nil {
		return nil, fmt.Errorf("framework %d: %w", year, err)
	}
	if err := json.Unmarshal([]byte(fields), &fw.Fields); err != nil {
		return nil, fmt.Errorf("framework %d: fields: %w", year, err)
	}
	if err := json.Unmarshal([]byte(groups), &fw.Groups); err != nil {
		return nil, fmt.Errorf("framework %d: groups: %w", year, err)
	}
	return &fw, nil
}

// fieldRef returns a field of the year's framework, or a user error naming the fields there are.
// It reads the reference data in memory.
func (s *Store) fieldRef(year int, slug string) (*FieldRef, error) {
	r := s.refs.Load()
	fields, ok := r.fields[r.framework[year]]
	if !ok {
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
