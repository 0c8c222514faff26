package analytics

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// exportSample is a national build of Cao Bằng (province 04: codes with leading zeros, the 2025
// reorganisation) for 2024–2025, made once per test binary.
var exportSample struct {
	once sync.Once
	path string
	err  error
}

// TestMain removes the sample when the package's tests are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if exportSample.path != "" {
		os.RemoveAll(filepath.Dir(exportSample.path))
	}
	os.Exit(code)
}

func openExportSample(t *testing.T) *Store {
	t.Helper()
	exportSample.once.Do(func() {
		dir, err := os.MkdirTemp("", "parindex-export-test-*")
		if err != nil {
			exportSample.err = err
			return
		}
		exportSample.path = filepath.Join(dir, "sample.duckdb")
		_, exportSample.err = CreateNational(context.Background(), exportSample.path,
			NationalOptions{Provinces: []string{"04"}, FirstYear: 2024})
	})
	if exportSample.err != nil {
		t.Fatal(exportSample.err)
	}
	// Each test gets its own copy: one process may hold a file once.
	path := filepath.Join(t.TempDir(), "sample.duckdb")
	b, err := os.ReadFile(exportSample.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// exportFile plans and writes q, failing the test on an error.
func exportFile(t *testing.T, s *Store, q ExportQuery) (*Export, []byte) {
	t.Helper()
	e, err := s.PlanExport(context.Background(), q)
	if err != nil {
		t.Fatalf("PlanExport(%+v): %v", q, err)
	}
	defer e.Close() // its snapshot holds one of the store's few connections
	var b bytes.Buffer
	if err := e.Write(context.Background(), &b); err != nil {
		t.Fatalf("Write(%+v): %v", q, err)
	}
	return e, b.Bytes()
}

// readBack reads an export file as a table of text (header first), each format through the
// reader a researcher would use: encoding/csv, excelize, DuckDB for Parquet and JSON. Numbers are
// written back in Go's shortest form and missing values as "", so that every format compares.
func readBack(t *testing.T, format string, data []byte) [][]string {
	t.Helper()
	switch format {
	case ExportCSV:
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatalf("csv: %v", err)
		}
		return rows
	case ExportXLSX:
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		defer f.Close()
		rows, err := f.GetRows("Data", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		for i := range rows {
			for len(rows[i]) < len(rows[0]) {
				rows[i] = append(rows[i], "") // GetRows drops empty cells at the end of a row
			}
		}
		return rows
	}
	db, path := fileDB(t, data, "data."+format)
	reader := "read_parquet"
	if format == ExportJSON {
		reader = "read_json"
	}
	rows, err := db.Query(`SELECT * FROM ` + reader + `('` + path + `')`)
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	out := [][]string{cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
			case string:
				row[i] = v
			case float64:
				row[i] = strconv.FormatFloat(v, 'f', -1, 64)
			default:
				row[i] = fmt.Sprint(v)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// fileDB writes data to a file named name and opens a DuckDB of its own (no lockdown) to read
// it, closed with the test.
func fileDB(t *testing.T, data []byte, name string) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// table is an export read back, with its columns by name.
type table struct {
	header []string
	rows   [][]string
}

func (tb table) get(row []string, col string) string {
	i := slices.Index(tb.header, col)
	if i < 0 {
		panic("no column " + col)
	}
	return row[i]
}

func num(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(fmt.Sprintf("%q is not a number", s))
	}
	return f
}

// TestExportFormatsRoundTrip writes the same selections in every format and reads each back:
// every format must hold exactly the rows and values of the CSV, whose values are checked
// against the API in the tests below.
func TestExportFormatsRoundTrip(t *testing.T) {
	s := openExportSample(t)
	for _, q := range []ExportQuery{
		{},
		{Level: LevelField, Boundary: ptr(BoundaryCurrent)},
		{Level: LevelCriterion, Years: []int{2024}, Parent: ptr("04")},
		{Level: LevelField, Parent: ptr("04"), Boundary: ptr(BoundaryAsPublished)},
		{Shape: ShapeWideYear, Level: LevelField},
		{Shape: ShapeWideUnit, Measure: MeasureRank},
	} {
		e, data := exportFile(t, s, q)
		want := readBack(t, ExportCSV, data)
		if len(want) < 2 {
			t.Errorf("%s: no rows", e.Info.FileName)
		}
		if len(want)-1 != e.Info.RowCount {
			t.Errorf("%s: %d rows, planned %d", e.Info.FileName, len(want)-1, e.Info.RowCount)
		}
		names := make([]string, len(e.Info.Columns))
		for i, c := range e.Info.Columns {
			names[i] = c.Name
		}
		if !slices.Equal(want[0], names) {
			t.Errorf("%s: header %v, want %v", e.Info.FileName, want[0], names)
		}
		for _, format := range []string{ExportJSON, ExportParquet, ExportXLSX} {
			q := q
			q.Format = format
			_, data := exportFile(t, s, q)
			got := readBack(t, format, data)
			if len(got) != len(want) {
				t.Errorf("%s as %s: %d rows, CSV has %d", e.Info.FileName, format, len(got), len(want))
				continue
			}
			for i := range want {
				if !slices.EqualFunc(got[i], want[i], func(g, w string) bool { return sameCell(format, g, w) }) {
					t.Errorf("%s as %s, row %d:\n got %q\nwant %q", e.Info.FileName, format, i, got[i], want[i])
					break
				}
			}
		}
	}
}

// sameCell compares a value read back with the CSV's. Excel keeps 15 significant digits, so an
// XLSX number may differ from the float64 in its 16th or 17th digit and no further.
func sameCell(format, got, want string) bool {
	if got == want {
		return true
	}
	g, errG := strconv.ParseFloat(got, 64)
	w, errW := strconv.ParseFloat(want, 64)
	return format == ExportXLSX && errG == nil && errW == nil && math.Abs(g-w) <= 1e-14*math.Abs(w)
}

func readExportCSV(t *testing.T, data []byte) table {
	rows := readBack(t, ExportCSV, data)
	return table{header: rows[0], rows: rows[1:]}
}

// TestExportMatchesAPI compares the long shape value by value with the API's answers for the
// same selection: Ranking for totals and fields, Scores for criteria, Trend for the statuses of
// rows without a value.
func TestExportMatchesAPI(t *testing.T) {
	ctx := context.Background()
	s := openExportSample(t)
	_, all := exportFile(t, s, ExportQuery{})
	everyUnit := readExportCSV(t, all)
	var named []string // units of both lists, each with a year where it did not exist
	for _, i := range []int{0, 1, len(everyUnit.rows) - 2, len(everyUnit.rows) - 1} {
		named = append(named, everyUnit.get(everyUnit.rows[i], "unit_id"))
	}
	missingRows := 0
	for _, boundary := range []Boundary{BoundaryAsPublished, BoundaryCurrent} {
		for _, q := range []ExportQuery{{Level: LevelTotal}, {Level: LevelField}, {Level: LevelTotal, Units: named}, {Level: LevelField, Units: named}} {
			level := q.Level
			q.Boundary = &boundary
			_, data := exportFile(t, s, q)
			tb := readExportCSV(t, data)
			results := map[string]Result{}
			for _, y := range []int{2024, 2025} {
				ranking, err := s.Ranking(ctx, RankingQuery{Year: y, Boundary: &boundary, WithFields: true})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range ranking {
					results[fmt.Sprint(r.Unit.ID, y)] = r
				}
			}
			observed := 0
			for _, row := range tb.rows {
				id, year := tb.get(row, "unit_id"), tb.get(row, "year")
				status := tb.get(row, "status")
				r, ok := results[id+year]
				if status != string(StatusObserved) {
					if ok {
						t.Errorf("%s %s %s: status %s, but the ranking has it", boundary, id, year, status)
					}
					for _, c := range []string{"points", "max_points", "percent", "rank", "group", "source_kind"} {
						if v := tb.get(row, c); v != "" {
							t.Errorf("%s %s %s: %s = %q without a value; want empty", boundary, id, year, c, v)
						}
					}
					missingRows++
					y, _ := strconv.Atoi(year)
					series, err := s.Trend(ctx, TrendQuery{Units: []string{id}, From: &y, To: &y, Boundary: &boundary})
					if err != nil {
						t.Fatal(err)
					}
					if got := string(series[0].Status[0]); got != status {
						t.Errorf("%s %s %s: status %s, trend says %s", boundary, id, year, status, got)
					}
					continue
				}
				if !ok {
					t.Errorf("%s %s %s: observed in the export, not in the ranking", boundary, id, year)
					continue
				}
				observed++
				points, maxPoints, percent, rank := r.Points, r.MaxPoints, r.Percent, r.Rank
				if level == LevelField {
					i := slices.IndexFunc(r.Fields, func(f FieldResult) bool { return f.Field.Slug == tb.get(row, "field_slug") })
					if i < 0 {
						t.Fatalf("%s %s: no field %s", id, year, tb.get(row, "field_slug"))
					}
					f := r.Fields[i]
					points, maxPoints, percent, rank = f.Points, f.MaxPoints, f.Percent, f.Rank
				}
				want := map[string]string{
					"unit_code": r.Unit.Code, "unit_name": r.Unit.Name, "unit_kind": r.Unit.Kind,
					"points": fmt.Sprint(points), "max_points": fmt.Sprint(maxPoints), "percent": fmt.Sprint(percent),
					"rank": strconv.Itoa(rank), "group": r.Group.Code, "coverage": string(r.Coverage),
					"source_kind": string(r.Source.Kind), "source_title": r.Source.Title,
				}
				if r.Published != nil {
					want["published_group"] = r.Published.Group.Code
				}
				for c, v := range want {
					if got := tb.get(row, c); got != v && !(c != "unit_code" && num(got) == num(v) && strings.ContainsAny(v[:1], "0123456789")) {
						t.Errorf("%s %s %s %s: %s = %q, API %q", boundary, level, id, year, c, got, v)
					}
				}
			}
			if want := len(results); level == LevelTotal && q.Units == nil && observed != want {
				t.Errorf("%s: %d observed rows, the rankings have %d", boundary, observed, want)
			}
		}
	}

	if missingRows == 0 {
		t.Error("no row without a value was compared")
	}

	// Criteria, against Scores.
	_, data := exportFile(t, s, ExportQuery{Level: LevelCriterion, Years: []int{2025}})
	tb := readExportCSV(t, data)
	scores := map[string][]CriterionScore{}
	checked := 0
	for _, row := range tb.rows {
		id := tb.get(row, "unit_id")
		if tb.get(row, "status") != string(StatusObserved) {
			continue
		}
		if scores[id] == nil {
			sc, err := s.Scores(ctx, id, 2025)
			if err != nil {
				t.Fatal(err)
			}
			scores[id] = sc
		}
		i := slices.IndexFunc(scores[id], func(c CriterionScore) bool { return c.Criterion.Code == tb.get(row, "criterion_code") })
		if i < 0 {
			t.Fatalf("%s: criterion %s not in Scores", id, tb.get(row, "criterion_code"))
		}
		c := scores[id][i]
		if num(tb.get(row, "points")) != c.Points || num(tb.get(row, "max_points")) != c.MaxPoints ||
			num(tb.get(row, "percent")) != c.Percent || tb.get(row, "field_slug") != c.Field.Slug {
			t.Errorf("%s %s: %v, Scores %+v", id, c.Criterion.Code, row, c)
		}
		checked++
	}
	if checked == 0 || checked != len(tb.rows) {
		t.Errorf("checked %d criterion rows of %d", checked, len(tb.rows))
	}
}

// TestExportParentCode checks that a province's code selects its communes in every year, before
// and after the 2025 reorganisation (the province has an ID in each official list).
func TestExportParentCode(t *testing.T) {
	s := openExportSample(t)
	_, all := exportFile(t, s, ExportQuery{})
	_, province := exportFile(t, s, ExportQuery{Parent: ptr("04")})
	a, p := readExportCSV(t, all), readExportCSV(t, province)
	years := map[string]int{}
	for _, row := range p.rows {
		years[p.get(row, "year")]++
	}
	if len(p.rows) != len(a.rows) || years["2024"] == 0 || years["2025"] == 0 {
		t.Errorf("parent=04: %d rows by year %v; the sample (only province 04) has %d", len(p.rows), years, len(a.rows))
	}
}

// TestExportWideMatchesTrend checks wide-unit against Trend, cell by cell, and wide-year's field
// columns against the long file.
func TestExportWideMatchesTrend(t *testing.T) {
	ctx := context.Background()
	s := openExportSample(t)
	for _, boundary := range []Boundary{BoundaryAsPublished, BoundaryCurrent} {
		_, data := exportFile(t, s, ExportQuery{Shape: ShapeWideUnit, Boundary: &boundary})
		tb := readExportCSV(t, data)
		var ids []string
		for _, row := range tb.rows {
			ids = append(ids, tb.get(row, "unit_id"))
		}
		for start := 0; start < len(ids); start += MaxTrendUnits {
			series, err := s.Trend(ctx, TrendQuery{Units: ids[start:min(start+MaxTrendUnits, len(ids))], Boundary: &boundary})
			if err != nil {
				t.Fatal(err)
			}
			for i, se := range series {
				row := tb.rows[start+i]
				for j, y := range se.Years {
					col := fmt.Sprintf("y%d", y)
					if got, want := tb.get(row, col+"_status"), string(se.Status[j]); got != want {
						t.Errorf("%s %s %d: status %s, trend %s", boundary, se.Unit.ID, y, got, want)
					}
					got := tb.get(row, col)
					switch {
					case se.Values[j] == nil && got != "":
						t.Errorf("%s %s %d: %q where trend has no value", boundary, se.Unit.ID, y, got)
					case se.Values[j] != nil && (got == "" || num(got) != *se.Values[j]):
						t.Errorf("%s %s %d: %q, trend %v", boundary, se.Unit.ID, y, got, *se.Values[j])
					}
				}
			}
		}
	}

	_, wide := exportFile(t, s, ExportQuery{Shape: ShapeWideYear, Level: LevelField, Measure: MeasurePoints})
	_, long := exportFile(t, s, ExportQuery{Level: LevelField})
	w, l := readExportCSV(t, wide), readExportCSV(t, long)
	index := map[string][]string{}
	for _, row := range w.rows {
		index[w.get(row, "unit_id")+w.get(row, "year")] = row
	}
	n := 0
	for _, row := range l.rows {
		if l.get(row, "status") != string(StatusObserved) {
			continue
		}
		wr := index[l.get(row, "unit_id")+l.get(row, "year")]
		if got := w.get(wr, "f_"+l.get(row, "field_slug")); got != l.get(row, "points") {
			t.Errorf("wide-year %s %s %s = %q, long %q", l.get(row, "unit_id"), l.get(row, "year"), l.get(row, "field_slug"), got, l.get(row, "points"))
		}
		n++
	}
	if n == 0 || len(w.rows) != len(index) {
		t.Errorf("compared %d field values; wide-year has %d rows for %d unit-years", n, len(w.rows), len(index))
	}
}

// TestExportText checks what researchers trip over: Vietnamese names, leading zeros, the BOM,
// missing values and the order of rows.
func TestExportText(t *testing.T) {
	s := openExportSample(t)
	e, data := exportFile(t, s, ExportQuery{Years: []int{2024, 2025}, BOM: true})
	if !bytes.HasPrefix(data, []byte("\uFEFFunit_id,")) {
		t.Errorf("with bom: starts %q", data[:12])
	}
	if _, plain := exportFile(t, s, ExportQuery{}); bytes.HasPrefix(plain, []byte("\uFEFF")) {
		t.Error("without bom: the file starts with a BOM")
	}
	tb := readExportCSV(t, data)
	var vietnamese, zeros, missing int
	prev := ""
	for _, row := range tb.rows {
		name, code := tb.get(row, "unit_name"), tb.get(row, "unit_code")
		if strings.ContainsAny(name, "ăâđêôơưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ") {
			vietnamese++
		}
		if strings.HasPrefix(code, "0") && strings.HasPrefix(tb.get(row, "province_code"), "0") {
			zeros++
		}
		if tb.get(row, "status") != string(StatusObserved) {
			missing++
			if tb.get(row, "percent") != "" || tb.get(row, "points") != "" {
				t.Errorf("missing value written as %q", tb.get(row, "percent"))
			}
		}
		if len(code) != 5 {
			t.Errorf("unit_code %q: want 5 digits", code)
		}
		key := tb.get(row, "year") + tb.get(row, "province_code") + tb.get(row, "parent_code") + tb.get(row, "unit_id")
		if key < prev {
			t.Errorf("row %v out of order", row)
		}
		prev = key
	}
	if vietnamese == 0 || zeros != len(tb.rows) {
		t.Errorf("%d rows: %d with Vietnamese letters, %d codes with leading zeros", len(tb.rows), vietnamese, zeros)
	}
	// A unit named explicitly gets a row for every year, with a status where it has no value.
	if missing == 0 {
		_, data := exportFile(t, s, ExportQuery{Units: []string{tb.get(tb.rows[0], "unit_id")}})
		if rows := readExportCSV(t, data); rows.get(rows.rows[1], "status") == string(StatusObserved) {
			t.Errorf("%s: no row without a value in the sample; want NOT_EXISTING in 2025", e.Info.FileName)
		}
	}
}

// TestExportBundle checks the zip: its datapackage.json lists exactly the data file's columns,
// with their types, and its README and CITATION.cff say where the numbers come from.
func TestExportBundle(t *testing.T) {
	s := openExportSample(t)
	for _, inner := range []string{ExportCSV, ExportParquet} {
		for _, q := range []ExportQuery{{Format: ExportZip, Bundle: inner}, {Format: ExportZip, Bundle: inner, Shape: ShapeWideYear, Level: LevelCriterion}} {
			e, data := exportFile(t, s, q)
			z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, f := range z.File {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				files[f.Name], _ = io.ReadAll(r)
				r.Close()
			}
			dataName := strings.TrimSuffix(e.Info.FileName, ".zip") + "." + inner
			for _, name := range []string{dataName, "datapackage.json", "CITATION.cff", "README.md"} {
				if len(files[name]) == 0 {
					t.Fatalf("%s: no %s in %v", e.Info.FileName, name, slices.Collect(mapsKeys(files)))
				}
			}
			var pkg struct {
				Resources []struct {
					Path   string
					Format string
					Schema struct {
						Fields        []struct{ Name, Type string }
						MissingValues []string
						PrimaryKey    []string
					}
				}
			}
			if err := json.Unmarshal(files["datapackage.json"], &pkg); err != nil {
				t.Fatal(err)
			}
			res := pkg.Resources[0]
			header := readBack(t, inner, files[dataName])[0]
			var names []string
			for _, f := range res.Schema.Fields {
				names = append(names, f.Name)
				if !slices.Contains([]string{"string", "integer", "number"}, f.Type) {
					t.Errorf("%s: field %s has type %q", e.Info.FileName, f.Name, f.Type)
				}
			}
			if !slices.Equal(names, header) || res.Path != dataName || res.Format != inner {
				t.Errorf("%s: datapackage lists %v at %s (%s); the file %s has %v", e.Info.FileName, names, res.Path, res.Format, dataName, header)
			}
			types := readParquetTypes(t, s, files[dataName], inner)
			for _, f := range res.Schema.Fields {
				if want := map[string]string{"string": "VARCHAR", "integer": "INTEGER", "number": "DOUBLE"}[f.Type]; types != nil && types[f.Name] != want {
					t.Errorf("%s: parquet column %s is %s, datapackage says %s", e.Info.FileName, f.Name, types[f.Name], f.Type)
				}
			}
			if !slices.Equal(res.Schema.MissingValues, []string{""}) || len(res.Schema.PrimaryKey) == 0 {
				t.Errorf("%s: missingValues %q, primaryKey %q", e.Info.FileName, res.Schema.MissingValues, res.Schema.PrimaryKey)
			}
			readme, cff := string(files["README.md"]), string(files["CITATION.cff"])
			if !strings.Contains(readme, "ILLUSTRATIVE") || !strings.Contains(readme, "never 0") || !strings.Contains(readme, e.Info.URL) {
				t.Errorf("README does not say which numbers are illustrative, how missing values look, or the selection:\n%s", readme)
			}
			if !strings.HasPrefix(cff, "cff-version: 1.2.0\n") || !strings.Contains(cff, "title:") || !strings.Contains(cff, "authors:") {
				t.Errorf("CITATION.cff:\n%s", cff)
			}
		}
	}
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// readParquetTypes returns the DuckDB type of each column of a Parquet file, or nil for another
// format.
func readParquetTypes(t *testing.T, _ *Store, data []byte, format string) map[string]string {
	if format != ExportParquet {
		return nil
	}
	db, path := fileDB(t, data, "types.parquet")
	rows, err := db.Query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('` + path + `'))`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		types[name] = typ
	}
	return types
}

// TestExportBadRequests checks that each bad parameter is refused at planning, before anything
// is written, with an error that names it.
func TestExportBadRequests(t *testing.T) {
	s := openDefault(t)
	for _, c := range []struct {
		query string
		kind  error
		says  string
	}{
		{"format=docx", ErrInvalidInput, `unknown format "docx"`},
		{"years=1890", ErrNotFound, "year 1890"},
		{"years=1900-2399", ErrInvalidInput, "spans 500 years"},
		{"from=1500&to=1999", ErrInvalidInput, "spans 500 years"},
		{"units=99999", ErrNotFound, `"99999"`},
		{"parent=xyz", ErrNotFound, `"xyz"`},
		{"shape=tall", ErrInvalidInput, "unknown shape"},
		{"level=district", ErrInvalidInput, "unknown level"},
		{"level=field&fields=sport", ErrNotFound, `field "sport"`},
		{"fields=direction", ErrInvalidInput, "level=field"},
		{"level=criterion&boundary=CURRENT", ErrInvalidInput, "as published only"},
		{"shape=wide-unit&level=field", ErrInvalidInput, "exactly one field"},
		{"boundary=today", ErrInvalidInput, "boundary"},
		{"release=99", ErrNotFound, "release 99"},
		{"years=2019&colour=red", ErrInvalidInput, `"colour"`},
		{"years=abc", ErrInvalidInput, `"abc"`},
		{"measure=points", ErrInvalidInput, "wide shapes"},
		{"bundle=csv", ErrInvalidInput, "format=zip"},
	} {
		v, err := url.ParseQuery(c.query)
		if err != nil {
			t.Fatal(err)
		}
		q, err := ParseExportValues(v)
		if err == nil {
			var e *Export
			if e, err = s.PlanExport(context.Background(), q); err == nil {
				e.Close()
			}
		}
		var ue *UserError
		if !errors.As(err, &ue) || !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: err = %v, want a %v saying %s", c.query, err, c.kind, c.says)
		}
	}
}

// TestExportValuesRoundTrip checks that the URL an export reports plans the same export.
func TestExportValuesRoundTrip(t *testing.T) {
	s := openDefault(t)
	e, err := s.PlanExport(context.Background(), ExportQuery{Format: ExportXLSX, Shape: ShapeWideYear, Level: LevelField,
		Fields: []string{"direction", "impact"}, From: ptr(2020), To: ptr(2023), Parent: ptr("943"), Boundary: ptr(BoundaryAsPublished)})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.Info.FileName != "parindex_943_2020-2023_wide-year_field_r1.xlsx" {
		t.Errorf("file name %s", e.Info.FileName)
	}
	u, err := url.Parse(e.Info.URL)
	if err != nil || u.Path != "/export" || u.Query().Get("years") != "2020-2023" {
		t.Fatalf("url %q: %v", e.Info.URL, err)
	}
	q, err := ParseExportValues(u.Query())
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.PlanExport(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.Info.URL != e.Info.URL || again.Info.RowCount != e.Info.RowCount || again.Info.FileName != e.Info.FileName {
		t.Errorf("replanned from its URL: %+v, want %+v", again.Info, e.Info)
	}
}

// failingWriter fails once n bytes have been written, as a connection that drops.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("connection reset")
	}
	return len(p), nil
}

// TestExportStopsOnWriteError checks that a writer that fails mid-file stops the export with its
// error (the scanner goroutine and its statement are let go), for every format.
func TestExportStopsOnWriteError(t *testing.T) {
	s := openExportSample(t)
	for _, format := range exportFormats {
		e, err := s.PlanExport(context.Background(), ExportQuery{Format: format, Level: LevelCriterion})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Write(context.Background(), &failingWriter{n: 1000}); err == nil || !strings.Contains(err.Error(), "connection reset") {
			t.Errorf("%s: Write = %v, want the writer's error", format, err)
		}
		e.Close()
	}
	// The store still answers: no statement or connection was left behind.
	if _, err := s.Ranking(context.Background(), RankingQuery{Year: 2025}); err != nil {
		t.Fatal(err)
	}
}

// TestBoundMemory checks that exports lower the GC target while any of them streams, restore it
// when the last ends, and leave a lower target (GOGC) alone.
func TestBoundMemory(t *testing.T) {
	gcPercent := func() int {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	first := boundMemory(0)
	second := boundMemory(0)
	if p := gcPercent(); p != exportGCPercent {
		t.Errorf("two exports: GC target %d, want %d", p, exportGCPercent)
	}
	first()
	if p := gcPercent(); p != exportGCPercent {
		t.Errorf("one export left: GC target %d, want %d", p, exportGCPercent)
	}
	second()
	if p := gcPercent(); p != 400 {
		t.Errorf("no export: GC target %d, want 400 back", p)
	}
	debug.SetGCPercent(20)
	release := boundMemory(0)
	if p := gcPercent(); p != 20 {
		t.Errorf("GOGC=20: GC target %d during an export, want 20 kept", p)
	}
	release()
	if p := gcPercent(); p != 20 {
		t.Errorf("GOGC=20: GC target %d after an export, want 20", p)
	}
}

// TestExportReadsOneRelease plans exports of 2024 at every level, commits an import that changes
// 2024's scores, groups and sources, and only then writes them: each file must be, byte for byte,
// the file of the release its plan pinned, and say that release in its name; an export planned
// after the import holds the new release.
func TestExportReadsOneRelease(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	levels := []string{LevelTotal, LevelField, LevelCriterion}
	before := map[string][]byte{}
	pinned := map[string]*Export{}
	for _, level := range levels {
		q := ExportQuery{Years: []int{2024}, Level: level, Format: ExportCSV}
		_, before[level] = exportFile(t, s, q)
		e, err := s.PlanExport(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		pinned[level] = e
	}
	rep, err := s.Import(ctx, illustrativeRequest(), readCorpus(t, corpusAnnex))
	if err != nil || rep.Status != ImportCommitted || s.Release() != 2 {
		t.Fatalf("import: %v %+v", err, rep)
	}
	for _, level := range levels {
		e := pinned[level]
		var b bytes.Buffer
		if err := e.Write(ctx, &b); err != nil {
			t.Fatalf("%s: %v", level, err)
		}
		if e.Info.Release != 1 || !strings.HasSuffix(e.Info.FileName, "_r1.csv") {
			t.Errorf("%s: planned before the import, the export says release %d, file %s", level, e.Info.Release, e.Info.FileName)
		}
		if !bytes.Equal(b.Bytes(), before[level]) {
			t.Errorf("%s: the export planned on release 1 and written after release 2 differs from release 1's file:\n%.600s\nwant\n%.600s", level, b.Bytes(), before[level])
		}
		after, data := exportFile(t, s, ExportQuery{Years: []int{2024}, Level: level, Format: ExportCSV})
		if after.Info.Release != 2 || !strings.HasSuffix(after.Info.FileName, "_r2.csv") || bytes.Equal(data, before[level]) {
			t.Errorf("%s: planned after the import: release %d, file %s, same bytes as release 1: %t", level, after.Info.Release, after.Info.FileName, bytes.Equal(data, before[level]))
		}
	}
}
