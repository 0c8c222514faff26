package analytics

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics/annex"
)

// TestCheckYear reads the year a file states, in its title rows or its sheet's name, and the
// decision's date, against the year imported.
func TestCheckYear(t *testing.T) {
	title := func(name string, rows ...string) annex.Sheet {
		s := annex.Sheet{Format: "XLSX", Name: name}
		for _, r := range rows {
			s.Rows = append(s.Rows, []string{r})
		}
		s.Rows = append(s.Rows, []string{"STT", "Tên đơn vị", "1.1"})
		return s
	}
	tests := []struct {
		name string
		s    annex.Sheet
		year int
		date string
		want string // the messages of the problems, joined by " | "
	}{
		{"title of the year", title("Phụ lục", "PHỤ LỤC KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ NĂM 2024"), 2024, "2024-12-30", ""},
		{"title of another year", title("Phụ lục", "", "PHỤ LỤC KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ NĂM 2024 (MINH HỌA)"), 2023, "2024-01-15",
			`the file states year 2024 in "PHỤ LỤC KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ NĂM 2024 (MINH HỌA)"; the import is of 2023`},
		{"in lower case", title("Sheet1", "Kết quả Chỉ số cải cách hành chính năm 2023 của các xã"), 2024, "2024-12-30",
			`the file states year 2023 in "Kết quả Chỉ số cải cách hành chính năm 2023 của các xã"; the import is of 2024`},
		{"the decision's written date is not the results' year", title("Sheet1", "(Kèm theo Quyết định số 12/QĐ-UBND ngày 15 tháng 01 năm 2025)", "KẾT QUẢ NĂM 2024"), 2024, "2025-01-15", ""},
		{"a written date alone states nothing", title("Sheet1", "Kế Sách, ngày 27 tháng 12 năm 2023"), 2024, "2024-12-30", ""},
		{"the sheet's name", title("KQ 2024"), 2023, "2023-12-27", `the file states year 2024 in its sheet's name "KQ 2024"; the import is of 2023`},
		{"one statement of the year suffices", title("2023", "NĂM 2024"), 2023, "2023-12-27", ""},
		{"nothing stated", title("Phụ lục", "PHỤ LỤC KẾT QUẢ"), 2023, "2023-12-27", ""},
		{"decided the year after", title("Phụ lục"), 2024, "2025-04-01", ""},
		{"decided before the year", title("Phụ lục"), 2024, "2023-12-27",
			"the decision is dated 2023-12-27: a decision publishes the results of its year or of the year before (2022 or 2023), not of 2024"},
		{"decided two years after", title("Phụ lục"), 2022, "2024-12-30",
			"the decision is dated 2024-12-30: a decision publishes the results of its year or of the year before (2023 or 2024), not of 2022"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := illustrativeRequest()
			req.Kind, req.Year, req.Date = ImportResults, tt.year, tt.date
			var got []string
			for _, p := range checkYear(req, statedYears(tt.s)) {
				if p.Code != "YEAR_DIFFERS" {
					t.Errorf("code %s", p.Code)
				}
				got = append(got, p.Message)
			}
			if strings.Join(got, " | ") != tt.want {
				t.Errorf("got  %q\nwant %q", strings.Join(got, " | "), tt.want)
			}
		})
	}
}

// TestImportGuardsOfficialResults imports the 2024 annex as 2023, as happened: without the
// overrides it is refused (the dry run too) with YEAR_DIFFERS and REPLACES_OFFICIAL, listing the
// groups of Decision 2234 it would replace, and nothing is written; with them it is imported with
// both as warnings.
func TestImportGuardsOfficialResults(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	data := readCorpus(t, "../testdata/import/ke-sach-2024-annex-minh-hoa.csv")
	sum, _ := s.Checksum(ctx)
	codes := func(ps []ImportProblem) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Code)
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		name                   string
		dryRun, year, official bool
		status                 ImportStatus
		problems, warnings     string
	}{
		{"dry run", true, false, false, ImportRefused, "YEAR_DIFFERS,REPLACES_OFFICIAL", ""},
		{"import", false, false, false, ImportRefused, "YEAR_DIFFERS,REPLACES_OFFICIAL", ""},
		{"the year overridden only", false, true, false, ImportRefused, "REPLACES_OFFICIAL", "YEAR_DIFFERS"},
		{"the replacement allowed only", false, false, true, ImportRefused, "YEAR_DIFFERS", "REPLACES_OFFICIAL"},
		{"both overridden, dry run", true, true, true, ImportDryRun, "", "YEAR_DIFFERS,REPLACES_OFFICIAL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := illustrativeRequest()
			req.Year, req.FileName, req.DryRun, req.OverrideYear, req.ReplaceOfficial = 2023, "ke-sach-2024-annex-minh-hoa.csv", tt.dryRun, tt.year, tt.official
			rep, err := s.Import(ctx, req, data)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Status != tt.status || codes(rep.Problems) != tt.problems || codes(rep.Warnings) != tt.warnings {
				t.Errorf("status %s, problems %s, warnings %s; want %s, %s, %s", rep.Status, codes(rep.Problems), codes(rep.Warnings), tt.status, tt.problems, tt.warnings)
			}
			if len(rep.ReplacesOfficial) != 13 {
				t.Fatalf("%d official results listed, want the 13 of Kế Sách", len(rep.ReplacesOfficial))
			}
			o := rep.ReplacesOfficial[0]
			if o.UnitName != "Thị trấn Kế Sách" || *o.OldGroup != "II" || o.OldDecision != "2234/QĐ-UBND" || *o.NewGroup != "III" || o.NewDecision != req.Decision {
				t.Errorf("first replacement %+v", o)
			}
			if got, _ := s.Checksum(ctx); got != sum {
				t.Errorf("a refused or dry-run import wrote")
			}
		})
	}
	// Overridden, the import commits; the same decision again replaces no other decision's results.
	req := illustrativeRequest()
	req.Year, req.OverrideYear, req.ReplaceOfficial = 2023, true, true
	if rep, err := s.Import(ctx, req, data); err != nil || rep.Status != ImportCommitted {
		t.Fatalf("import with both overrides: %v %+v", err, rep)
	}
	req.OverrideYear, req.ReplaceOfficial, req.DryRun = true, false, true
	rep, err := s.Import(ctx, req, readCorpus(t, corpusAnnex))
	if err != nil || rep.Status != ImportDryRun || len(rep.ReplacesOfficial) != 0 {
		t.Fatalf("the same decision again: %v %+v", err, rep)
	}
	if body, _ := json.Marshal(rep); !strings.Contains(string(body), `"replacesOfficial":[]`) {
		t.Errorf("a report replacing nothing official: %s", body)
	}
}
