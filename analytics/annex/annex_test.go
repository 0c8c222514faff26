package annex

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"68,87", 68.87, true}, {"68.87", 68.87, true}, {"68,87%", 68.87, true}, {" 68,87 % ", 68.87, true},
		{"1.234,5", 1234.5, true}, {"1,234.5", 1234.5, true}, {"0", 0, true}, {"-1", -1, true},
		{"", 0, false}, {"đạt", 0, false}, {"1,2,3", 0, false}, {"1e3", 0, false}, {"NaN", 0, false}, {"12 345", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestCents rounds to hundredths, half away from zero, and saturates instead of wrapping
// around: found by FuzzImportCSV, a cell of 1e17 points passed the check of the maximum.
func TestCents(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want int64
	}{
		{0, 0}, {2.5, 250}, {68.87, 6887}, {0.005, 1}, {-1.25, -125}, {-0.005, -1},
		{1e17, math.MaxInt64}, {-1e17, math.MinInt64}, {1e308, math.MaxInt64}, {9.2e16, 9_200_000_000_000_000_000},
	} {
		if got := Cents(tt.v); got != tt.want {
			t.Errorf("Cents(%g) = %d, want %d", tt.v, got, tt.want)
		}
	}
}

// TestDecodeText reads the text encodings Excel writes on a Vietnamese Windows, and refuses what
// is not text.
func TestDecodeText(t *testing.T) {
	inUTF16 := func(bom []byte, big bool, s string) []byte {
		out := slices.Clone(bom)
		for _, u := range utf16.Encode([]rune(s)) {
			if big {
				out = append(out, byte(u>>8), byte(u))
			} else {
				out = append(out, byte(u), byte(u>>8))
			}
		}
		return out
	}
	const name = "Tên đơn vị;Xã Nhơn Mỹ\r\n"
	for _, tt := range []struct {
		in       []byte
		text     string
		encoding string
		ok       bool
	}{
		{[]byte(name), name, "", true},
		{append([]byte("\xEF\xBB\xBF"), name...), name, "", true},
		{inUTF16([]byte{0xFF, 0xFE}, false, name), name, "UTF-16", true},
		{inUTF16([]byte{0xFE, 0xFF}, true, name), name, "UTF-16", true},
		// Windows-1258: ê and ơ are letters of the code page, the tone marks combine (0xDE tilde,
		// 0xF2 dot below).
		{[]byte("T\xean \xf0\xf5n vi\xf2;Xa\xde Nh\xf5n My\xde\r\n"), name, "Windows-1258", true},
		{[]byte("T\xeen;\x81\r\n"), "", "", false},                    // 0x81 is not a character of Windows-1258
		{[]byte("PK\x01\x02\xff\xfe\x00"), "", "", false},             // binary
		{[]byte("T\xeen\x1b[0m;1\n"), "", "", false},                  // a control character
		{[]byte("Tên;1\x00\n"), "", "", false},                        // NUL in UTF-8
		{inUTF16([]byte{0xFF, 0xFE}, false, "a\x00b"), "", "", false}, // NUL in UTF-16
	} {
		text, encoding, ok := decodeText(tt.in)
		if ok != tt.ok || (ok && (string(text) != tt.text || encoding != tt.encoding)) {
			t.Errorf("decodeText(%q) = %q, %q, %v; want %q, %q, %v", tt.in, text, encoding, ok, tt.text, tt.encoding, tt.ok)
		}
	}
	if _, err := Read([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ""); err == nil || !strings.Contains(err.Error(), "PDF document") {
		t.Errorf("a PDF: %v", err)
	}
}

func TestFoldUnitName(t *testing.T) {
	for in, want := range map[string]string{
		"Xã Đại Hải": "dai hai", "THỊ TRẤN  Kế Sách": "ke sach", "phường 7": "7", "Nhơn Mỹ": "nhon my",
		"xa an my": "an my", "Xã\u00a0Ba Trinh": "ba trinh", "Thới An Hội": "thoi an hoi",
		"TT. Kế Sách": "ke sach", "TT.Kế Sách": "ke sach", "TT Kế Sách": "ke sach", "P.7": "7", "P. 7": "7",
		"X. Nhơn Mỹ": "nhon my", "x.Đại Hải": "dai hai", "Xuân Hòa": "xuan hoa", "Phú Tâm": "phu tam", "Tân Thạnh": "tan thanh",
	} {
		if got := FoldUnitName(in); got != want {
			t.Errorf("FoldUnitName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCriterionCode(t *testing.T) {
	for in, want := range map[string]string{"1.1": "1.1", "TC 2.3": "2.3", "Tiêu chí 8.2": "8.2", "1.1.": "1.1", "8.2.1": "8.2.1",
		"Lĩnh vực 1": "", "68,87": "", "2024": "", "(3)": ""} {
		if got := CriterionCode(in); got != want {
			t.Errorf("CriterionCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestXLSXRowLimit counts the rows a sheet has, not its row numbers: one cell in row 1,048,576 is a
// row, read with its number; a sheet past the limit is refused, by the count of its XML's rows
// before the workbook is opened, and by the reader; a column XFD is past the columns' limit.
func TestXLSXRowLimit(t *testing.T) {
	workbook := func(cells ...string) []byte {
		f := excelize.NewFile()
		f.SetCellValue("Sheet1", "A1", "Tên đơn vị")
		for _, c := range cells {
			f.SetCellValue("Sheet1", c, "x")
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	tests := []struct {
		name  string
		cells []string
		limit int
		lines []int  // the rows read, by number
		err   string // the refusal, or ""
	}{
		{"one cell in row 1,048,576", []string{"A1048576"}, MaxRows, []int{1, 1048576}, ""},
		{"a column XFD", []string{"XFD1"}, MaxRows, nil, `sheet "Sheet1" has more than 300 columns`},
		{"rows far apart, at the limit", []string{"B500", "C1048576"}, 3, []int{1, 500, 1048576}, ""},
		{"one row past the limit", []string{"A2", "A3", "A1048576"}, 3, nil, `sheet "Sheet1" has more than 3 rows`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := workbook(tt.cells...)
			start := time.Now()
			err := checkRowCounts(data, "", tt.limit)
			var sheets []Sheet
			if err == nil {
				f, ferr := excelize.OpenReader(bytes.NewReader(data))
				if ferr != nil {
					t.Fatal(ferr)
				}
				var sh Sheet
				sh, err = sheetRows(f, "Sheet1", tt.limit)
				sheets = append(sheets, sh)
			}
			t.Logf("read in %v", time.Since(start))
			var fe *FileError
			switch {
			case tt.err != "":
				if !errors.As(err, &fe) || fe.Code != "FILE_TOO_LARGE" || fe.Message != tt.err {
					t.Errorf("err = %v, want FILE_TOO_LARGE: %s", err, tt.err)
				}
			case err != nil:
				t.Errorf("err = %v", err)
			case !slices.Equal(sheets[0].Lines, tt.lines):
				t.Errorf("rows %v, want %v", sheets[0].Lines, tt.lines)
			}
		})
	}
	// Past the limit, the count refuses the workbook before it is read; a sheet not asked for is
	// not counted.
	data := workbook("A2", "A3", "A4")
	if err := checkRowCounts(data, "", 3); err == nil || err.Error() != `sheet "Sheet1" has more than 3 rows` {
		t.Errorf("count: %v", err)
	}
	if err := checkRowCounts(data, "Other", 3); err != nil {
		t.Errorf("count of another sheet: %v", err)
	}
	// The reader applies the same limit, to a workbook whose parts the count does not find.
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sheetRows(f, "Sheet1", 3); err == nil || err.Error() != `sheet "Sheet1" has more than 3 rows` {
		t.Errorf("reader: %v", err)
	}
}

func TestCountRows(t *testing.T) {
	for _, tt := range []struct {
		xml  string
		want int
	}{
		{`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="9"/></sheetData><rowBreaks count="1"/></worksheet>`, 2},
		{`<x:worksheet xmlns:x="s"><x:sheetData><x:row r="1"><x:c r="A1"/></x:row><x:row>` + "\n" + `</x:row></x:sheetData></x:worksheet>`, 2},
		{`<worksheet><sheetData>` + strings.Repeat(`<row r="1"/>`, 10) + `</sheetData></worksheet>`, 6}, // stops past the limit of 5
	} {
		if got, err := countRows(strings.NewReader(tt.xml), 5); err != nil || got != tt.want {
			t.Errorf("countRows(%.60s…) = %d, %v; want %d", tt.xml, got, err, tt.want)
		}
	}
}

// TestFillMergedAddsRows: a merged header cell over a row that holds no value of its own heads
// that row too.
func TestFillMergedAddsRows(t *testing.T) {
	sh := Sheet{Format: "XLSX", Rows: [][]string{{"Lĩnh vực 1"}, {"", "1.1"}}, Lines: []int{1, 3}}
	sh.fillMerged("A1", "A2", "Lĩnh vực 1")
	if !slices.Equal(sh.Lines, []int{1, 2, 3}) || sh.Rows[1][0] != "Lĩnh vực 1" || sh.Rows[2][1] != "1.1" {
		t.Errorf("rows %q at %v", sh.Rows, sh.Lines)
	}
}
