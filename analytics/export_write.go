package analytics

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/xuri/excelize/v2"
)

// cell is one value of a row: text, a whole number, a number, or missing (empty in CSV, null in
// JSON and Parquet, an empty cell in XLSX; never 0).
type cell struct {
	kind cellKind
	s    string
	n    float64
	i    int
}

type cellKind uint8

const (
	cellNull cellKind = iota
	cellText
	cellInt
	cellNumber
)

func text(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{kind: cellText, s: s}
}

func integer(i int) cell    { return cell{kind: cellInt, i: i} }
func number(f float64) cell { return cell{kind: cellNumber, n: f} }

// optInt is a rank or count where 0 means none.
func optInt(i int) cell {
	if i == 0 {
		return cell{}
	}
	return integer(i)
}

func optRank(p *int) cell {
	if p == nil {
		return cell{}
	}
	return integer(*p)
}

// value is the cell as excelize and the Appender take it.
func (c cell) value() any {
	switch c.kind {
	case cellText:
		return c.s
	case cellInt:
		return c.i
	case cellNumber:
		return c.n
	}
	return nil
}

// appendPlain writes a value as CSV and JSON write numbers: the shortest text that reads back
// as the same float64.
func appendPlain(b []byte, c cell) []byte {
	switch c.kind {
	case cellText:
		return append(b, c.s...)
	case cellInt:
		return strconv.AppendInt(b, int64(c.i), 10)
	case cellNumber:
		return appendNumber(b, c.n)
	}
	return b
}

// appendNumber writes f as strconv.AppendFloat(b, f, 'f', -1, 64) does (the shortest decimal
// that reads back as f), faster for the numbers exports hold: points in hundredths and percents
// rounded to 6 decimals. When f is exactly the double nearest to m / 10⁶ for a whole m below 2⁵³
// and |f| < 10⁶, m / 10⁶ is that shortest decimal: a float64 below 10⁶ is known to within 2⁻³³,
// so no decimal with fewer digits after the point lies as close to it. Anything else takes the
// general path.
func appendNumber(b []byte, f float64) []byte {
	if !(f > -1e6 && f < 1e6) {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	m := math.Round(f * 1e6)
	if m/1e6 != f || m == 0 && math.Signbit(f) {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	u := int64(m)
	if u < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendInt(b, u/1e6, 10)
	frac := u % 1e6
	if frac == 0 {
		return b
	}
	var digits [7]byte
	digits[0] = '.'
	for i := 6; i >= 1; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := 7
	for digits[n-1] == '0' {
		n--
	}
	return append(b, digits[:n]...)
}

// tableSink receives the rows of a table: the columns once, then every row, then end.
type tableSink interface {
	begin(cols []ExportColumn) error
	row(cells []cell) error
	end() error
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
		return e.table(ctx, newCSVSink(w, e.query.BOM))
	case ExportJSON:
		return e.table(ctx, newJSONSink(w))
	case ExportXLSX:
		return e.writeXLSX(ctx, w)
	case ExportParquet:
		return e.table(ctx, newParquetSink(w))
	}
	return fmt.Errorf("export: format %q has no writer", format)
}

// table builds the rows of the shape from the stream of observations and hands them to sink.
func (e *Export) table(ctx context.Context, sink tableSink) error {
	cols := e.Info.Columns
	if err := sink.begin(cols); err != nil {
		return err
	}
	var err error
	switch e.query.Shape {
	case ShapeWideYear:
		err = e.wideYear(ctx, sink, len(cols))
	case ShapeWideUnit:
		err = e.wideUnit(ctx, sink, len(cols))
	default:
		level := text(e.query.Level)
		row := make([]cell, len(cols))
		var unit *exportUnit
		year := 0
		err = e.stream(ctx, func(o *observation) error {
			if o.unit != unit || o.year != year { // what the rows of a unit-year share
				unit, year = o.unit, o.year
				clear(row)
				e.unitCells(row, o.unit)
				row[7], row[8] = integer(o.year), level
				if o.total != nil {
					e.totalCells(row[15:18], o.total)
					row[19], row[20], row[21] = text(o.total.coverage), text(string(o.total.source.Kind)), text(o.total.source.Title)
				}
				row[18], row[22] = text(string(o.status)), integer(e.Info.Release)
			}
			if o.total != nil {
				row[9], row[10] = text(o.field), text(o.criterion)
				row[11], row[12], row[13], row[14] = number(o.points), number(o.max), number(o.percent), optInt(o.rank)
			}
			return sink.row(row)
		})
	}
	if err != nil {
		return err
	}
	return sink.end()
}

// unitCells fills the seven unit columns.
func (e *Export) unitCells(row []cell, u *exportUnit) {
	ref := u.ref.ref
	row[0], row[1], row[2], row[3] = text(ref.ID), text(ref.Code), text(ref.Name), text(ref.Kind)
	row[4], row[5], row[6] = cell{}, text(u.parentName), text(u.provinceCode)
	if ref.Parent != nil {
		row[4] = text(*ref.Parent)
	}
}

// totalCells fills group, published_group and published_rank.
func (e *Export) totalCells(dst []cell, t *unitYear) {
	dst[0], dst[1], dst[2] = text(t.group), cell{}, cell{}
	if t.published != nil {
		dst[1], dst[2] = text(t.published.Group.Code), optRank(t.published.Rank)
	}
}

func (e *Export) measure(points, percent float64, rank int) cell {
	switch e.query.Measure {
	case MeasurePoints:
		return number(points)
	case MeasureRank:
		return optInt(rank)
	}
	return number(percent)
}

// wideYear writes one row per unit and year: the total and one column per field or criterion.
func (e *Export) wideYear(ctx context.Context, sink tableSink, width int) error {
	index := map[string]int{}
	for i, c := range e.Info.Columns {
		index[c.Name] = i
	}
	row := make([]cell, width)
	var cur *exportUnit
	year := 0
	flush := func() error {
		if cur == nil {
			return nil
		}
		return sink.row(row)
	}
	err := e.stream(ctx, func(o *observation) error {
		if o.unit != cur || o.year != year {
			if err := flush(); err != nil {
				return err
			}
			cur, year = o.unit, o.year
			clear(row)
			e.unitCells(row, o.unit)
			row[7], row[8], row[width-1] = integer(o.year), text(string(o.status)), integer(e.Info.Release)
			if t := o.total; t != nil {
				e.totalCells(row[9:12], t)
				row[12] = e.measure(t.points, t.pct, t.rank)
				row[width-3], row[width-2] = text(string(t.source.Kind)), text(t.coverage)
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
func (e *Export) wideUnit(ctx context.Context, sink tableSink, width int) error {
	rows := map[*exportUnit][]cell{}
	col := map[int]int{}
	for i, y := range e.years {
		col[y] = 7 + 2*i
	}
	err := e.stream(ctx, func(o *observation) error {
		row := rows[o.unit]
		if row == nil {
			row = make([]cell, width)
			e.unitCells(row, o.unit)
			for _, y := range e.years {
				row[col[y]+1] = text(string(e.refs.missing(o.unit.ref, y, e.boundary == BoundaryCurrent)))
			}
			row[width-1] = integer(e.Info.Release)
			rows[o.unit] = row
		}
		c := col[o.year]
		row[c+1] = text(string(o.status))
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
			if err := sink.row(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// csvSink writes RFC 4180 CSV in UTF-8. A value that a column repeats from the row before
// (names, titles, years, maxima) is encoded once: each column remembers its last value (text by
// address) and the bytes written for it.
type csvSink struct {
	w    *bufio.Writer
	bom  bool
	buf  []byte
	last []encoded
}

// encoded is the last value of a column and its encoding.
type encoded struct {
	kind cellKind
	ptr  *byte // text: the string's address and length
	n    int
	num  float64 // cellNumber; cellInt keeps its value in n
	b    []byte
}

// same reports whether c is the value whose encoding e holds.
func (e *encoded) same(c *cell) bool {
	if c.kind != e.kind {
		return false
	}
	switch c.kind {
	case cellText:
		return unsafe.StringData(c.s) == e.ptr && len(c.s) == e.n
	case cellInt:
		return c.i == e.n
	case cellNumber:
		return c.n == e.num && !(c.n == 0 && math.Signbit(c.n) != math.Signbit(e.num))
	}
	return true
}

// remember makes c the column's last value, encoded as b.
func (e *encoded) remember(c *cell, b []byte) {
	e.kind, e.ptr, e.n, e.num, e.b = c.kind, nil, 0, 0, b
	switch c.kind {
	case cellText:
		e.ptr, e.n = unsafe.StringData(c.s), len(c.s)
	case cellInt:
		e.n = c.i
	case cellNumber:
		e.num = c.n
	}
}

func newCSVSink(w io.Writer, bom bool) *csvSink {
	return &csvSink{w: bufio.NewWriterSize(w, 256<<10), bom: bom}
}

func (c *csvSink) begin(cols []ExportColumn) error {
	if c.bom {
		c.w.WriteString("\uFEFF")
	}
	c.last = make([]encoded, len(cols)) // cellNull: an empty field, encoded as nothing
	names := make([]cell, len(cols))
	for i, col := range cols {
		names[i] = text(col.Name)
	}
	return c.row(names)
}

func (c *csvSink) row(cells []cell) error {
	b := c.buf[:0]
	for i := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		v, l := &cells[i], &c.last[i]
		if !l.same(v) {
			if v.kind == cellText {
				l.remember(v, appendCSVText(l.b[:0], v.s))
			} else {
				l.remember(v, appendPlain(l.b[:0], *v))
			}
		}
		b = append(b, l.b...)
	}
	b = append(b, '\r', '\n')
	c.buf = b
	_, err := c.w.Write(b)
	return err
}

func (c *csvSink) end() error { return c.w.Flush() }

// appendCSVText quotes a field when it holds a comma, a quote, a line break or leading or
// trailing space, as encoding/csv does.
func appendCSVText(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// jsonSink writes an array of records, one object per row, every column present (null where a
// value is missing).
type jsonSink struct {
	w     *bufio.Writer
	keys  [][]byte
	buf   []byte
	count int
	last  []encoded
}

func newJSONSink(w io.Writer) *jsonSink { return &jsonSink{w: bufio.NewWriterSize(w, 256<<10)} }

func (j *jsonSink) begin(cols []ExportColumn) error {
	j.keys = make([][]byte, len(cols))
	j.last = make([]encoded, len(cols))
	for i, c := range cols {
		j.keys[i] = append(appendJSONString(nil, c.Name), ':')
	}
	_, err := j.w.WriteString("[")
	return err
}

func (j *jsonSink) row(cells []cell) error {
	b := j.buf[:0]
	if j.count > 0 {
		b = append(b, ',')
	}
	j.count++
	b = append(b, "\n{"...)
	for i, v := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, j.keys[i]...)
		switch v.kind {
		case cellNull:
			b = append(b, "null"...)
		case cellText:
			if l := &j.last[i]; !l.same(&v) {
				l.remember(&v, appendJSONString(l.b[:0], v.s))
			}
			b = append(b, j.last[i].b...)
		default:
			b = appendPlain(b, v)
		}
	}
	b = append(b, '}')
	j.buf = b
	_, err := j.w.Write(b)
	return err
}

func (j *jsonSink) end() error {
	j.w.WriteString("\n]\n")
	return j.w.Flush()
}

// appendJSONString writes s as a JSON string, UTF-8 kept as is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, fmt.Sprintf(`\u%04x`, c)...)
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
}

// xlsxSink writes the Data sheet through excelize's stream writer: numbers as numbers, text as
// text (codes keep their leading zeros), the header row frozen.
type xlsxSink struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	n    int
	vals []any
}

func (x *xlsxSink) begin(cols []ExportColumn) error {
	var err error
	if x.sw, err = x.f.NewStreamWriter("Data"); err != nil {
		return err
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	x.vals = make([]any, len(cols))
	x.n = 1
	return x.sw.SetRow("A1", header)
}

func (x *xlsxSink) row(cells []cell) error {
	x.n++
	for i, c := range cells {
		x.vals[i] = c.value()
	}
	name, err := excelize.CoordinatesToCellName(1, x.n)
	if err != nil {
		return err
	}
	return x.sw.SetRow(name, x.vals)
}

func (x *xlsxSink) end() error { return x.sw.Flush() }

// writeXLSX writes the workbook: Data, Dictionary (the columns), Sources and README.
func (e *Export) writeXLSX(ctx context.Context, w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Data"); err != nil {
		return err
	}
	if err := e.table(ctx, &xlsxSink{f: f}); err != nil {
		return err
	}
	sheets := []struct {
		name string
		rows [][]any
	}{
		{"Dictionary", e.dictionaryRows()},
		{"Sources", e.sourceRows()},
		{"README", e.readmeRows()},
	}
	for _, sh := range sheets {
		if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		for i, r := range sh.rows {
			if err := f.SetSheetRow(sh.name, fmt.Sprintf("A%d", i+1), &r); err != nil {
				return err
			}
		}
	}
	f.SetColWidth("Dictionary", "C", "C", 100)
	f.SetColWidth("Sources", "B", "B", 100)
	f.SetColWidth("README", "A", "A", 120)
	if err := f.SetDocProps(&excelize.DocProperties{Title: e.Info.FileName, Creator: "parindex",
		Description: "PAR Index export; see the README sheet for sources and which numbers are illustrative"}); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
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
	z := zip.NewWriter(w)
	inner := e.dataFileName()
	modified := time.Now().UTC()
	entry := func(name string) (io.Writer, error) {
		return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	}
	dw, err := entry(inner)
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
		fw, err := entry(f.name)
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
	fields := make([]map[string]any, len(e.Info.Columns))
	for i, c := range e.Info.Columns {
		fields[i] = map[string]any{"name": c.Name, "type": c.Type, "description": c.Description}
	}
	schema := map[string]any{"fields": fields, "missingValues": []string{""}}
	if pk := e.primaryKey(); pk != nil {
		schema["primaryKey"] = pk
	}
	format := e.query.Bundle
	if format == "" {
		format = e.query.Format
	}
	resource := map[string]any{
		"name":      strings.ReplaceAll(strings.TrimSuffix(e.Info.FileName, ".zip"), "_", "-"),
		"path":      e.dataFileName(),
		"profile":   "tabular-data-resource",
		"format":    format,
		"mediatype": strings.Split(contentTypes[format], ";")[0],
		"encoding":  "utf-8",
		"schema":    schema,
	}
	if format == ExportXLSX {
		resource["dialect"] = map[string]any{"sheetName": "Data"}
	}
	var sources []map[string]any
	for _, s := range e.sources() {
		src := map[string]any{"title": s.Title + " [" + string(s.Kind) + "]"}
		if s.URL != nil {
			src["path"] = *s.URL
		}
		sources = append(sources, src)
	}
	return map[string]any{
		"profile":     "tabular-data-package",
		"name":        resource["name"],
		"title":       "PAR Index (Chỉ số cải cách hành chính cấp xã) export " + e.Info.FileName,
		"description": "See README.md: which numbers are official and which are ILLUSTRATIVE.",
		"version":     fmt.Sprintf("release-%d", e.Info.Release),
		"sources":     sources,
		"resources":   []any{resource},
	}
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
	var b strings.Builder
	q := func(s string) string { return strconv.Quote(s) }
	b.WriteString("cff-version: 1.2.0\n")
	b.WriteString("message: \"If you use these data, cite them as below, and cite the official decisions listed in README.md for the OFFICIAL values.\"\n")
	b.WriteString("type: dataset\n")
	fmt.Fprintf(&b, "title: %s\n", q("parindex: commune-level PAR Index, "+e.Info.FileName))
	b.WriteString("authors:\n  - name: \"parindex\"\n")
	fmt.Fprintf(&b, "version: %s\n", q(fmt.Sprintf("release-%d", e.Info.Release)))
	fmt.Fprintf(&b, "date-released: %s\n", time.Now().UTC().Format(time.DateOnly))
	fmt.Fprintf(&b, "abstract: %s\n", q(fmt.Sprintf("%s shape, level %s, boundary %s, years %s, %d rows. Values with source_kind ILLUSTRATIVE were generated by parindex and are not real results.",
		e.Info.Shape, e.Info.Level, e.Info.Boundary, yearSpan(e.Info.Years), e.Info.RowCount)))
	b.WriteString("keywords:\n  - \"PAR Index\"\n  - \"Chỉ số cải cách hành chính\"\n  - \"Vietnam\"\n")
	if srcs := e.sources(); len(srcs) > 0 {
		b.WriteString("references:\n")
		for _, s := range srcs {
			b.WriteString("  - type: generic\n")
			fmt.Fprintf(&b, "    title: %s\n", q(s.Title))
			b.WriteString("    authors:\n      - name: \"" + map[SourceKind]string{SourceOfficial: "issuing authority (see title)", SourceIllustrative: "parindex"}[s.Kind] + "\"\n")
			if s.Date != nil {
				fmt.Fprintf(&b, "    date-published: %s\n", *s.Date)
			}
			if s.URL != nil {
				fmt.Fprintf(&b, "    url: %s\n", q(*s.URL))
			}
			fmt.Fprintf(&b, "    notes: %s\n", q(string(s.Kind)))
		}
	}
	return b.String()
}
