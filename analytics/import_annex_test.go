package analytics

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/analytics/annex"
)

// TestLabelRow tells the rows of an annex that are not units from units whose names begin like
// them: Xã Cộng Hòa is not "Cộng", and Xã Trung Bình, numbered, is not the average.
func TestLabelRow(t *testing.T) {
	for _, tt := range []struct {
		name, ordinal string
		want          bool
	}{
		{"Tổng cộng", "", true}, {"TỔNG CỘNG TOÀN HUYỆN", "", true}, {"Cộng", "", true}, {"Cộng:", "", true},
		{"Tổng", "", true}, {"Trung bình", "", true}, {"Trung bình chung", "", true}, {"Bình quân", "", true},
		{"Điểm tối đa", "", true}, {"Thang điểm", "", true}, {"Ghi chú: xếp loại theo …", "", true},
		{"KT. CHỦ TỊCH", "", true}, {"TM. ỦY BAN NHÂN DÂN", "", true}, {"Người lập biểu", "", true},
		{"Cộng Hòa", "", false}, {"Công Hải", "3", false}, {"Cống Vị", "", false}, {"Tổng Bát", "", false},
		{"Thắng", "", false}, {"Điềm Mặc", "", false}, {"Trung Bình", "7", false}, {"An Mỹ", "", false},
	} {
		if got := labelRow(tt.name, tt.ordinal) != rowUnit; got != tt.want {
			t.Errorf("labelRow(%q, %q) is not a unit: %v, want %v", tt.name, tt.ordinal, got, tt.want)
		}
	}
}

func TestGroupNames(t *testing.T) {
	fw := &importFramework{bands: []Group{{Code: "I", Label: "Rất tốt", LabelEn: "Very good"}, {Code: "II", Label: "Tốt", LabelEn: "Good"},
		{Code: "III", Label: "Khá", LabelEn: "Fair"}}}
	for in, want := range map[string]string{
		"I": "I", "ii": "II", "Nhóm III": "III", "Loại II": "II", "2": "II", "Rất tốt": "I", "RAT TOT": "I", "tốt": "II", "Khá": "III", "Good": "II",
	} {
		if g, ok := fw.group(in); !ok || g.Code != want {
			t.Errorf("group(%q) = %q, %v; want %q", in, g.Code, ok, want)
		}
	}
	for _, in := range []string{"IV", "Xuất sắc", "", "0"} {
		if g, ok := fw.group(in); ok {
			t.Errorf("group(%q) = %q, want no group", in, g.Code)
		}
	}
}

// TestAnnexOnSecondSheet reads the annex from the sheet that holds it, after a cover letter, and
// reports the problems of that sheet (not WRONG_SHEET) when its rows are wrong.
// workbookSheets writes a workbook and reads its sheets back as an import does (wanted: --sheet).
func workbookSheets(t *testing.T, f *excelize.File, wanted string) []annex.Sheet {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	sheets, err := annex.Read(buf.Bytes(), wanted)
	if err != nil {
		t.Fatal(err)
	}
	return sheets
}

// TestOtherAnnexSheets reads the first sheet holding an annex of a workbook with one per district
// and warns of the others, which need imports of their own; a sheet of notes is not named.
func TestOtherAnnexSheets(t *testing.T) {
	fw, iu := fuzzTarget(t)
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Kế Sách")
	for _, name := range []string{"Kế Sách", "Long Phú", "Mỹ Tú"} {
		if name != "Kế Sách" {
			f.NewSheet(name)
		}
		f.SetSheetRow(name, "A1", &[]any{"STT", "Tên đơn vị", "Xếp loại"})
		f.SetSheetRow(name, "A2", &[]any{1, "Xã An Mỹ", "Tốt"})
	}
	f.NewSheet("Ghi chú")
	f.SetCellValue("Ghi chú", "A1", "Số liệu minh họa")
	p := parseSheets(workbookSheets(t, f, ""), fw, iu, true)
	if !strings.Contains(p.layout, `sheet "Kế Sách"`) || len(p.warnings) != 1 || p.warnings[0].Code != "OTHER_SHEETS" ||
		p.warnings[0].Message != `sheets "Long Phú", "Mỹ Tú" hold an annex too; this import reads only the first` {
		t.Errorf("layout %q, warnings %+v", p.layout, p.warnings)
	}
	// Named with --sheet, a sheet is read alone, without the warning.
	if p := parseSheets(workbookSheets(t, f, "Mỹ Tú"), fw, iu, true); !strings.Contains(p.layout, `sheet "Mỹ Tú"`) || len(p.warnings) != 0 {
		t.Errorf("--sheet: layout %q, warnings %+v", p.layout, p.warnings)
	}
}

func TestAnnexOnSecondSheet(t *testing.T) {
	fw, iu := fuzzTarget(t)
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Tờ trình (minh họa)")
	f.NewSheet("Phụ lục")
	f.SetSheetRow("Phụ lục", "A1", &[]any{"STT", "Tên đơn vị", "Xếp loại"})
	f.SetSheetRow("Phụ lục", "A2", &[]any{1, "Xã Không Có", "Tốt"})
	p := parseSheets(workbookSheets(t, f, ""), fw, iu, false)
	if !strings.Contains(p.layout, `sheet "Phụ lục"`) || len(p.problems) != 1 || p.problems[0].Code != "UNKNOWN_UNIT" || p.problems[0].Row != 2 {
		t.Errorf("layout %q, problems %+v; want the second sheet read and UNKNOWN_UNIT in row 2", p.layout, p.problems)
	}
}

// TestLongExtraCells: a long CSV whose points are written with an unquoted decimal comma has its
// numbers split into two cells; read as they come, 2,5 would be 2 points. The file is refused,
// once for all its rows.
func TestLongExtraCells(t *testing.T) {
	fws, iu := fuzzTarget(t)
	sheets, err := annex.Read([]byte("unit_code,criterion_code,points\n31564,1.1,2,5\n31564,1.2,1,5\n31564,1.3,1\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	p := parseLong(sheets[0], fws, iu)
	var codes []string
	for _, pr := range p.problems {
		codes = append(codes, pr.Code)
	}
	if len(codes) == 0 || codes[0] != "EXTRA_CELLS" || strings.Count(strings.Join(codes, " "), "EXTRA_CELLS") != 1 ||
		!strings.Contains(p.problems[0].Message, `"5"`) || !strings.Contains(p.problems[0].Message, "1 more row") || p.problems[0].Row != 2 {
		t.Errorf("problems %+v; want one EXTRA_CELLS at row 2 naming the cell", p.problems)
	}
}
