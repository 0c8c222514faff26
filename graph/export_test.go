package graph

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics"
)

func newTestRoutes(t *testing.T) http.Handler {
	t.Helper()
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h, err := NewRoutes(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Limits: DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestExportDownload downloads a district's long CSV and checks what a browser and a
// spreadsheet see: the type, the file name, the row count announced and the rows.
func TestExportDownload(t *testing.T) {
	h := newTestRoutes(t)
	rec := do(h, http.MethodGet, "/export?parent=943&from=2019&to=2025", "", nil)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	_, params, err := mime.ParseMediaType(rec.Header().Get("Content-Disposition"))
	if err != nil || params["filename"] != "parindex_943_2019-2025_long_r1.csv" {
		t.Errorf("Content-Disposition %q: %v", rec.Header().Get("Content-Disposition"), err)
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := strconv.Atoi(rec.Header().Get("X-Parindex-Rows")); n != len(rows)-1 || n == 0 {
		t.Errorf("X-Parindex-Rows %s, file has %d rows", rec.Header().Get("X-Parindex-Rows"), len(rows)-1)
	}
	if rows[1][2] == "" || !strings.Contains(strings.Join(rows[1], ","), "Huyện Kế Sách") {
		t.Errorf("first row %q", rows[1])
	}

	for format, ct := range map[string]string{
		"xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"parquet": "application/vnd.apache.parquet",
		"json":    "application/json",
		"zip":     "application/zip",
	} {
		rec := do(h, http.MethodGet, "/export?years=2023&format="+format, "", nil)
		_, params, _ := mime.ParseMediaType(rec.Header().Get("Content-Disposition"))
		if rec.Code != 200 || rec.Header().Get("Content-Type") != ct || params["filename"] != "parindex_all_2023_long_r1."+format || rec.Body.Len() == 0 {
			t.Errorf("%s: status %d, type %q, disposition %q, %d bytes", format, rec.Code,
				rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"), rec.Body.Len())
		}
	}
}

// TestExportBadParameters checks that every bad parameter gets a 400 with a code and no file.
func TestExportBadParameters(t *testing.T) {
	h := newTestRoutes(t)
	for _, c := range []struct{ query, code string }{
		{"format=docx", CodeBadUserInput},
		{"years=1890", CodeNotFound},
		{"units=99999", CodeNotFound},
		{"years=1900-2399", CodeBadUserInput},
		{"from=2019&to=2518", CodeBadUserInput},
		{"shape=wide-unit&level=criterion", CodeBadUserInput},
		{"colour=red", CodeBadUserInput},
	} {
		rec := do(h, http.MethodGet, "/export?"+c.query, "", nil)
		var body struct {
			Errors []struct {
				Message    string
				Extensions struct{ Code string }
			}
		}
		err := json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != http.StatusBadRequest || err != nil || len(body.Errors) != 1 || body.Errors[0].Extensions.Code != c.code ||
			body.Errors[0].Message == "" || rec.Header().Get("Content-Disposition") != "" || rec.Header().Get("Content-Type") != mediaJSON {
			t.Errorf("%s: status %d, type %q, disposition %q, body %s; want 400 %s", c.query, rec.Code,
				rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"), rec.Body, c.code)
		}
	}
	if rec := do(h, http.MethodPost, "/export?years=2023", "", nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /export: %d, want 405", rec.Code)
	}
}

// TestExportQueryPlansTheDownload asks GraphQL for an export, downloads its URL, and checks that
// the file has the row count and the columns the query announced.
func TestExportQueryPlansTheDownload(t *testing.T) {
	h := newTestRoutes(t)
	rec := do(h, http.MethodPost, "/graphql", query(`{ export(shape: "wide-year", level: "field", parent: "943", years: [2022, 2023]) {
		url fileName rowCount columns { name type } } }`, nil), map[string]string{"Content-Type": "application/json"})
	var resp struct {
		Data struct {
			Export struct {
				URL, FileName string
				RowCount      int
				Columns       []struct{ Name, Type string }
			}
		}
		Errors []any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	ex := resp.Data.Export
	file := do(h, http.MethodGet, ex.URL, "", nil)
	if file.Code != 200 {
		t.Fatalf("GET %s: %d %s", ex.URL, file.Code, file.Body)
	}
	rows, err := csv.NewReader(bytes.NewReader(file.Body.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range ex.Columns {
		names = append(names, c.Name)
	}
	if !slices.Equal(rows[0], names) || len(rows)-1 != ex.RowCount || ex.RowCount == 0 || ex.FileName != "parindex_943_2022-2023_wide-year_field_r1.csv" {
		t.Errorf("export query: %d rows, columns %v, file %s; the download has %d rows, header %v", ex.RowCount, names, ex.FileName, len(rows)-1, rows[0])
	}

	rec = do(h, http.MethodPost, "/graphql", query(`{ export(years: [1890]) { url } }`, nil), map[string]string{"Content-Type": "application/json"})
	if !strings.Contains(rec.Body.String(), `"code":"NOT_FOUND"`) {
		t.Errorf("export(years: [1890]): %s", rec.Body)
	}
}
