package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parindex/parindex/analytics/export"
)

// optInt is a rank or count where 0 means none.
func optInt(i int) export.Cell {
	if i == 0 {
		return export.Cell{}
	}
	return export.Int(i)
}

func optRank(p *int) export.Cell {
	if p == nil {
		return export.Cell{}
	}
	return export.Int(*p)
}

// Write streams the export to w in its format. Rows go from DuckDB to w as they are read (an XLSX
// workbook is assembled by excelize, which keeps a large sheet in a temporary file of its own).
// An error after the first byte leaves w incomplete: the HTTP handler then breaks the connection
// rather than end a truncated file cleanly.
func (e *Export) Write(ctx context.Context, w io.Writer) error {
	defer boundMemory(e.Info.RowCount)()
	if e.query.Format == ExportZip {
		return e.writeZip(ctx, w)
	}
	return e.writeData(ctx, w, e.query.Format)
}

func (e *Export) writeData(ctx context.Context, w io.Writer, format string) error {
	switch format {
	case ExportCSV:
		return e.table(ctx, export.CSV(w, e.query.BOM))
	case ExportJSON:
		return e.table(ctx, export.JSON(w))
	case ExportXLSX:
		return e.writeXLSX(ctx, w)
	case ExportParquet:
		return e.table(ctx, export.Parquet(w))
	}
	return fmt.Errorf("export: format %q has no writer", format)
}

// table builds the rows of the shape from the stream of observations and hands them to sink.
func (e *Export) table(ctx context.Context, sink export.Table) error {
	cols := make([]export.Column, len(e.Info.Columns))
	for i, c := range e.Info.Columns {
		cols[i] = export.Column{Name: c.Name, Type: c.Type}
	}
	if err := sink.Begin(cols); err != nil {
		return err
	}
	var err error
	switch e.query.Shape {
	case ShapeWideYear:
		err = e.wideYear(ctx, sink, len(cols))
	case ShapeWideUnit:
		err = e.wideUnit(ctx, sink, len(cols))
	default:
		level := export.Text(e.query.Level)
		row := make([]export.Cell, len(cols))
		var unit *exportUnit
		year := 0
		err = e.stream(ctx, func(o *observation) error {
			if o.unit != unit || o.year != year { // what the rows of a unit-year share
				unit, year = o.unit, o.year
				clear(row)
				e.unitCells(row, o.unit)
				row[7], row[8] = export.Int(o.year), level
				if o.total != nil {
					e.totalCells(row[15:18], o.total)
					row[19], row[20], row[21] = export.Text(o.total.coverage), export.Text(string(o.total.source.Kind)), export.Text(o.total.source.Title)
					row[23], row[24] = export.Text(o.total.framework), optText(o.total.cohort)
				}
				row[18], row[22] = export.Text(string(o.status)), export.Int(e.Info.Release)
			}
			if o.total != nil {
				row[9], row[10] = export.Text(o.field), export.Text(o.criterion)
				row[11], row[12], row[13], row[14] = export.Number(o.points), export.Number(o.max), export.Number(o.percent), optInt(o.rank)
			}
			return sink.Row(row)
		})
	}
	if err != nil {
		return err
	}
	return sink.End()
}

// unitCells fills the seven unit columns.
func (e *Export) unitCells(row []export.Cell, u *exportUnit) {
	ref := u.ref.ref
	row[0], row[1], row[2], row[3] = export.Text(ref.ID), export.Text(ref.Code), export.Text(ref.Name), export.Text(ref.Kind)
	row[4], row[5], row[6] = export.Cell{}, export.Text(u.parentName), export.Text(u.provinceCode)
	if ref.Parent != nil {
		row[4] = export.Text(*ref.Parent)
	}
}

// totalCells fills group, published_group and published_rank.
func (e *Export) totalCells(dst []export.Cell, t *unitYear) {
	dst[0], dst[1], dst[2] = export.Text(t.group), export.Cell{}, export.Cell{}
	if t.published != nil {
		dst[1], dst[2] = export.Text(t.published.Group.Code), optRank(t.published.Rank)
	}
}

func (e *Export) measure(points, percent float64, rank int) export.Cell {
	switch e.query.Measure {
	case MeasurePoints:
		return export.Number(points)
	case MeasureRank:
		return optInt(rank)
	}
	return export.Number(percent)
}

// wideYear writes one row per unit and year: the total and one column per field or criterion.
func (e *Export) wideYear(ctx context.Context, sink export.Table, width int) error {
	index := map[string]int{}
	for i, c := range e.Info.Columns {
		index[c.Name] = i
	}
	row := make([]export.Cell, width)
	var cur *exportUnit
	year := 0
	flush := func() error {
		if cur == nil {
			return nil
		}
		return sink.Row(row)
	}
	err := e.stream(ctx, func(o *observation) error {
		if o.unit != cur || o.year != year {
			if err := flush(); err != nil {
				return err
			}
			cur, year = o.unit, o.year
			clear(row)
			e.unitCells(row, o.unit)
			row[7], row[8], row[width-1] = export.Int(o.year), export.Text(string(o.status)), export.Int(e.Info.Release)
			if t := o.total; t != nil {
				e.totalCells(row[9:12], t)
				row[12] = e.measure(t.points, t.pct, t.rank)
				row[width-3], row[width-2] = export.Text(string(t.source.Kind)), export.Text(t.coverage)
				row[width-5], row[width-4] = export.Text(t.framework), optText(t.cohort)
			}
		}
		if o.total == nil {
			return nil
		}
		switch e.query.Level {
		case LevelField:
			if i, ok := index["f_"+o.field]; ok {
				row[i] = e.measure(o.points, o.percent, o.rank)
			}
		case LevelCriterion:
			if i, ok := index[criterionColumn(o.criterion)]; ok {
				row[i] = e.measure(o.points, o.percent, 0)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// wideUnit writes one row per unit with a value and a status per year. The stream is by year, so
// the rows are gathered first: at most units × years cells (13,000 × 21 at national scale).
func (e *Export) wideUnit(ctx context.Context, sink export.Table, width int) error {
	rows := map[*exportUnit][]export.Cell{}
	col := map[int]int{}
	for i, y := range e.years {
		col[y] = 7 + 2*i
	}
	err := e.stream(ctx, func(o *observation) error {
		row := rows[o.unit]
		if row == nil {
			row = make([]export.Cell, width)
			e.unitCells(row, o.unit)
			for _, y := range e.years {
				row[col[y]+1] = export.Text(string(e.refs.missing(o.unit.ref, y, e.boundary == BoundaryCurrent)))
			}
			row[width-1] = export.Int(e.Info.Release)
			rows[o.unit] = row
		}
		c := col[o.year]
		row[c+1] = export.Text(string(o.status))
		if o.total != nil {
			row[c] = e.measure(o.points, o.percent, o.rank)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, u := range e.units {
		if row := rows[u]; row != nil {
			if err := sink.Row(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeXLSX writes the workbook: Data, Dictionary (the columns), Sources and README.
func (e *Export) writeXLSX(ctx context.Context, w io.Writer) error {
	wb, err := export.NewWorkbook()
	if err != nil {
		return err
	}
	defer wb.Close()
	if err := e.table(ctx, wb.Data()); err != nil {
		return err
	}
	if err := wb.Add(
		export.Sheet{Name: "Dictionary", Rows: e.dictionaryRows(), Column: "C", Width: 100},
		export.Sheet{Name: "Sources", Rows: e.sourceRows(), Column: "B", Width: 100},
		export.Sheet{Name: "README", Rows: e.readmeRows(), Column: "A", Width: 120},
	); err != nil {
		return err
	}
	return wb.WriteTo(w, e.Info.FileName, "PAR Index export; see the README sheet for sources and which numbers are illustrative")
}

func (e *Export) dictionaryRows() [][]any {
	rows := [][]any{{"column", "type", "description"}}
	for _, c := range e.Info.Columns {
		rows = append(rows, []any{c.Name, c.Type, c.Description})
	}
	return rows
}

func (e *Export) sourceRows() [][]any {
	rows := [][]any{{"kind", "title", "date", "url"}}
	for _, s := range e.sources() {
		rows = append(rows, []any{string(s.Kind), s.Title, derefString(s.Date), derefString(s.URL)})
	}
	return rows
}

func (e *Export) readmeRows() [][]any {
	var rows [][]any
	for line := range strings.SplitSeq(e.readme(), "\n") {
		rows = append(rows, []any{line})
	}
	return rows
}

func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// sources are the sources of the values in the export (scores and published results), official
// first.
func (e *Export) sources() []Source {
	seen := map[string]bool{}
	var out []Source
	add := func(s Source) {
		if s.Title != "" && !seen[s.Title] {
			seen[s.Title] = true
			out = append(out, s)
		}
	}
	for _, t := range e.results {
		add(t.source)
		if t.published != nil {
			add(t.published.Source)
		}
	}
	slices.SortFunc(out, func(a, b Source) int {
		if a.Kind != b.Kind {
			return strings.Compare(string(b.Kind), string(a.Kind)) // OFFICIAL before ILLUSTRATIVE
		}
		return strings.Compare(a.Title, b.Title)
	})
	return out
}

// readme says what the file holds, where its numbers come from and which are illustrative.
func (e *Export) readme() string {
	var b strings.Builder
	i := e.Info
	fmt.Fprintf(&b, "parindex export: %s\n\n", i.FileName)
	fmt.Fprintf(&b, "Commune-level Administrative Reform Index (Chỉ số cải cách hành chính cấp xã, PAR Index).\n")
	fmt.Fprintf(&b, "Shape %s, level %s, boundary %s, years %s, %d rows, data release %d.\n",
		i.Shape, i.Level, i.Boundary, yearSpan(i.Years), i.RowCount, i.Release)
	fmt.Fprintf(&b, "Selection, as a download address: %s\n\n", i.URL)
	official, illustrative, published := 0, 0, 0
	for _, t := range e.results {
		if t.source.Kind == SourceOfficial {
			official++
		} else {
			illustrative++
		}
		if t.published != nil {
			published++
		}
	}
	fmt.Fprintf(&b, "Sources. Of the %d unit-years with a result, the scores of %d come from official sources and of %d are ILLUSTRATIVE.\n",
		official+illustrative, official, illustrative)
	if illustrative > 0 {
		b.WriteString("ILLUSTRATIVE values (source_kind ILLUSTRATIVE) were generated by parindex to stand in for scores that were not published: they are not real results and must not be cited as such.\n")
	}
	if published > 0 {
		fmt.Fprintf(&b, "published_group and published_rank (%d unit-years) are what the official decisions below published.\n", published)
	}
	for _, s := range e.sources() {
		fmt.Fprintf(&b, "- [%s] %s", s.Kind, s.Title)
		if s.Date != nil {
			fmt.Fprintf(&b, " (%s)", *s.Date)
		}
		if s.URL != nil {
			fmt.Fprintf(&b, " %s", *s.URL)
		}
		b.WriteString("\n")
	}
	b.WriteString("\nReading the file.\n")
	b.WriteString("- Compare years by percent (of the framework's maximum), never by points: frameworks change.\n")
	b.WriteString("- A missing value is empty and its status says why (NOT_ASSESSED, NOT_EXISTING); it is never 0.\n")
	b.WriteString("- Codes are text: keep their leading zeros (read unit_code, parent_code and province_code as strings).\n")
	b.WriteString("- Ranks are competition ranks (1, 2, 2, 4) among the units of the same parent and year.\n")
	if i.Boundary == BoundaryCurrent {
		b.WriteString("- Boundary CURRENT: today's units; for years before they existed, the equal-weight mean of their predecessors' results (coverage PARTIAL when a predecessor was split or unassessed).\n")
	}
	b.WriteString("\nColumns.\n")
	for _, c := range i.Columns {
		fmt.Fprintf(&b, "- %s (%s): %s\n", c.Name, c.Type, c.Description)
	}
	return b.String()
}

func yearSpan(years []int) string {
	if len(years) == 0 {
		return ""
	}
	if n := len(years); n > 1 {
		return fmt.Sprintf("%d–%d", years[0], years[n-1])
	}
	return strconv.Itoa(years[0])
}

// writeZip writes the bundle: the data file, datapackage.json, CITATION.cff and README.md.
func (e *Export) writeZip(ctx context.Context, w io.Writer) error {
	z := export.NewBundle(w)
	dw, err := z.Create(e.dataFileName())
	if err != nil {
		return err
	}
	if err := e.writeData(ctx, dw, e.query.Bundle); err != nil {
		return err
	}
	pkg, err := json.MarshalIndent(e.DataPackage(), "", "  ")
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		body []byte
	}{
		{"datapackage.json", append(pkg, '\n')},
		{"CITATION.cff", []byte(e.citation())},
		{"README.md", []byte(e.readme())},
	} {
		fw, err := z.Create(f.name)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.body); err != nil {
			return err
		}
	}
	return z.Close()
}

// dataFileName is the name of the data file inside a zip.
func (e *Export) dataFileName() string {
	return strings.TrimSuffix(e.Info.FileName, ".zip") + "." + e.query.Bundle
}

// DataPackage is the Frictionless Data Package descriptor of the export: one tabular resource
// whose schema lists exactly the file's columns, in order, with their types.
func (e *Export) DataPackage() map[string]any {
	format := e.query.Bundle
	if format == "" {
		format = e.query.Format
	}
	p := export.Package{
		Name:        strings.ReplaceAll(strings.TrimSuffix(e.Info.FileName, ".zip"), "_", "-"),
		Title:       "PAR Index (Chỉ số cải cách hành chính cấp xã) export " + e.Info.FileName,
		Description: "See README.md: which numbers are official and which are ILLUSTRATIVE.",
		Version:     fmt.Sprintf("release-%d", e.Info.Release),
		Resource: export.Resource{Path: e.dataFileName(), Format: format, MediaType: strings.Split(contentTypes[format], ";")[0],
			PrimaryKey: e.primaryKey()},
	}
	if format == ExportXLSX {
		p.Resource.Sheet = "Data"
	}
	for _, c := range e.Info.Columns {
		p.Resource.Fields = append(p.Resource.Fields, export.Field{Name: c.Name, Type: c.Type, Description: c.Description})
	}
	for _, s := range e.sources() {
		p.Sources = append(p.Sources, export.PackageSource{Title: s.Title + " [" + string(s.Kind) + "]", Path: derefString(s.URL)})
	}
	return p.Descriptor()
}

// primaryKey is the key of the rows, when every row has it: a long file at level field or
// criterion keys on the field or criterion, which rows without a value leave empty.
func (e *Export) primaryKey() []string {
	switch {
	case e.query.Shape == ShapeWideUnit:
		return []string{"unit_id"}
	case e.query.Shape == ShapeWideYear || e.query.Level == LevelTotal:
		return []string{"unit_id", "year"}
	case e.Info.RowCount != e.observed:
		return nil
	case e.query.Level == LevelField:
		return []string{"unit_id", "year", "field_slug"}
	}
	return []string{"unit_id", "year", "criterion_code"}
}

// citation is CITATION.cff (Citation File Format 1.2.0) for the export.
func (e *Export) citation() string {
	c := export.Citation{
		Message:  "If you use these data, cite them as below, and cite the official decisions listed in README.md for the OFFICIAL values.",
		Title:    "parindex: commune-level PAR Index, " + e.Info.FileName,
		Author:   "parindex",
		Version:  fmt.Sprintf("release-%d", e.Info.Release),
		Released: time.Now().UTC(),
		Abstract: fmt.Sprintf("%s shape, level %s, boundary %s, years %s, %d rows. Values with source_kind ILLUSTRATIVE were generated by parindex and are not real results.",
			e.Info.Shape, e.Info.Level, e.Info.Boundary, yearSpan(e.Info.Years), e.Info.RowCount),
		Keywords: []string{"PAR Index", "Chỉ số cải cách hành chính", "Vietnam"},
	}
	for _, s := range e.sources() {
		c.References = append(c.References, export.Reference{Title: s.Title,
			Author: map[SourceKind]string{SourceOfficial: "issuing authority (see title)", SourceIllustrative: "parindex"}[s.Kind],
			Date:   derefString(s.Date), URL: derefString(s.URL), Notes: string(s.Kind)})
	}
	return c.Text()
}

// optText is a text cell, empty for "".
func optText(s string) export.Cell {
	if s == "" {
		return export.Cell{}
	}
	return export.Text(s)
}
