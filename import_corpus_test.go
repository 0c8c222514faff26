package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/analytics"
)

var update = flag.Bool("update", false, "rewrite the import corpus (testdata/import) and its expected reports")

// The import corpus: files a district office might send, good and bad, each with the report the
// CLI must print (testdata/import/*.golden). The Kế Sách 2024 results are not published: every
// file with points is ILLUSTRATIVE, says so in its name and in a note row, and is imported under
// a decision number that says so too. Never present them as a real decision.
const (
	corpusDir      = "testdata/import"
	illustrativeQD = "MINH-HOA-01/2024 (minh họa, không phải quyết định thật)"
	illustrativeNB = "MINH HỌA — số liệu do parindex tạo để kiểm thử, KHÔNG phải kết quả chính thức / ILLUSTRATIVE test data, not an official result"
)

// corpusCase is one file and the command line it is imported with.
type corpusCase struct {
	file string
	args []string // besides -db and the file
	code int      // exit code
}

// illustrativeArgs are the provenance flags of every corpus import.
func illustrativeArgs(year int, extra ...string) []string {
	return append([]string{"-year", strconv.Itoa(year), "-decision", illustrativeQD, "-date", "2024-12-30",
		"-issuer", "UBND huyện Kế Sách (minh họa)", "-importer", "corpus-test"}, extra...)
}

// corpusCases run in order on one database: the bad files first (each must leave the data as it
// was), then the good ones.
var corpusCases = []corpusCase{
	{"bad-empty.csv", illustrativeArgs(2024), 3},
	{"bad-not-a-spreadsheet.pdf", illustrativeArgs(2024), 3},
	{"bad-wrong-sheet.xlsx", illustrativeArgs(2024), 3},
	{"bad-misspelled-commune.xlsx", illustrativeArgs(2024), 3},
	{"bad-duplicate-row.csv", illustrativeArgs(2024), 3},
	{"bad-points-over-maximum.csv", illustrativeArgs(2024), 3},
	{"bad-totals-and-missing-unit.csv", illustrativeArgs(2024), 3},
	{"bad-no-framework-2026.csv", illustrativeArgs(2026), 3},
	{"ke-sach-2024-long-minh-hoa.csv", illustrativeArgs(2024, "-dry-run"), 0},
	{"ke-sach-2024-annex-minh-hoa.csv", illustrativeArgs(2024, "-dry-run"), 0},
	{"ke-sach-2024-published-only-minh-hoa.csv", illustrativeArgs(2024, "-dry-run"), 0},
	// A framework belongs to its issuer: TP. Cần Thơ's from 2026 (Kế Sách's district is gone).
	{"framework-2026-minh-hoa.csv", decisionArgs(2026, "UBND TP. Cần Thơ", illustrativeQD, "2024-12-30", "-kind", "framework", "-dry-run"), 0},
	{"ke-sach-2024-annex-minh-hoa.xlsx", illustrativeArgs(2024), 0},
	{"ke-sach-2024-annex-minh-hoa.xlsx", illustrativeArgs(2024), 0}, // the same file again: UNCHANGED
	// The same annex with its numbers typed as numbers, totals as formulas and the index as a
	// percentage format: the same scores, so nothing would change.
	{"ke-sach-2024-annex-numbers-minh-hoa.xlsx", illustrativeArgs(2024, "-dry-run"), 0},
	// The CSV annex as Excel saves "CSV (Comma delimited)" on a Vietnamese Windows: in the
	// Windows-1258 code page, lines ending in CR LF. The same scores again.
	{"ke-sach-2024-annex-windows-1258-minh-hoa.csv", illustrativeArgs(2024, "-dry-run"), 0},
	// The annex printing other maxima than the framework's for two criteria: scored against
	// another framework.
	{"bad-maximum-differs.csv", illustrativeArgs(2024), 3},
	// The 2024 annex imported as 2023: its title row says NĂM 2024, and it would replace the
	// groups Decision 2234 published for 2023. A dry run reports both and the units replaced.
	{"ke-sach-2024-annex-minh-hoa.csv", illustrativeArgs(2023, "-dry-run"), 3},
	// With both overrides the same file is valid: the disagreements are warnings.
	{"ke-sach-2024-annex-minh-hoa.csv", illustrativeArgs(2023, "-dry-run", "-override-year", "-replace-official"), 0},
	// Huyện Quảng Hòa's 2021 groups by name only, matched among the units of its issuer in the
	// list of 2021 (the district was formed in 2020 and is gone since 2025-07-01); the groups are
	// illustrative (see quangHoaCSV).
	{"quang-hoa-2021-published-minh-hoa.csv", quangHoaArgs(2021, "-kind", "published", "-dry-run"), 0},
	// The same file as 2018, when huyện Quảng Hòa did not exist: refused, naming the districts of
	// that year it was formed from.
	{"quang-hoa-2021-published-minh-hoa.csv", quangHoaArgs(2018, "-kind", "published", "-dry-run"), 3},
	// Issuers' own frameworks (criteria and points illustrative; what is real is in each file's
	// rows or in analytics/import_framework_test.go), then results checked against them: tỉnh Cao
	// Bằng's four classes of Decision 2402/QĐ-UBND, after which Quảng Hòa's groups are checked
	// against its labels, not the reference framework's.
	{"framework-cao-bang-2021-minh-hoa.csv", decisionArgs(2021, "UBND tỉnh Cao Bằng", "2402/QĐ-UBND", "2021-12-08", "-kind", "framework"), 0},
	{"quang-hoa-2021-published-minh-hoa.csv", quangHoaArgs(2021, "-kind", "published", "-dry-run"), 0},
	// Quận Kiến An's 60 + 40 (appraisal + measured satisfaction), and its ten wards of 2021.
	{"framework-kien-an-2021-minh-hoa.csv", decisionArgs(2021, "UBND quận Kiến An, thành phố Hải Phòng", "343/QĐ-UBND", "2022-04-13", "-kind", "framework"), 0},
	{"kien-an-2021-minh-hoa.csv", decisionArgs(2021, "UBND quận Kiến An", "MINH-HOA-04/2021 (minh họa, không phải quyết định thật)", "2022-04-13", "-dry-run"), 0},
	// Hải Phòng's wards ranked apart from its communes and special zones, from 2025.
	{"framework-hai-phong-2025-minh-hoa.csv", decisionArgs(2025, "UBND thành phố Hải Phòng", "MINH-HOA-05/2025 (minh họa, không phải quyết định thật)", "2025-10-15", "-kind", "framework"), 0},
	{"hai-phong-2025-minh-hoa.csv", decisionArgs(2025, "UBND thành phố Hải Phòng", "MINH-HOA-07/2025 (minh họa, không phải quyết định thật)", "2026-01-20", "-dry-run"), 0},
	// Hà Nội's bonus and penalty points (Decision 5666/QĐ-UBND).
	{"framework-ha-noi-2025-minh-hoa.csv", decisionArgs(2025, "UBND thành phố Hà Nội", "5666/QĐ-UBND", "2025-11-17", "-kind", "framework", "-dry-run"), 0},
}

// decisionArgs are the flags of an import of a decision of issuer.
func decisionArgs(year int, issuer, decision, date string, extra ...string) []string {
	return append([]string{"-year", strconv.Itoa(year), "-decision", decision, "-date", date, "-issuer", issuer, "-importer", "corpus-test"}, extra...)
}

// quangHoaArgs are the provenance flags of the illustrative Quảng Hòa file: the date is that of
// Decision 395/QĐ-UBND, whose counts per group the file keeps; the decision number says the file is
// not that decision.
func quangHoaArgs(year int, extra ...string) []string {
	return append([]string{"-year", strconv.Itoa(year), "-decision", "MINH-HOA-02/2021 (minh họa, không phải quyết định thật)", "-date", "2022-03-09",
		"-issuer", "UBND huyện Quảng Hòa", "-importer", "corpus-test"}, extra...)
}

func TestImportCorpus(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "corpus.duckdb")
	if *update {
		writeCorpus(t, db)
	}
	bigFile := filepath.Join(t.TempDir(), "bad-20-mb.csv")
	if err := os.WriteFile(bigFile, bigCSV(20<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	before := tableChecksum(t, db)
	run := func(args []string) (string, int) {
		var out, errOut bytes.Buffer
		code := runAdmin(ctx, "import", append([]string{"-db", db}, args...), &out, &errOut, func(string) string { return "" })
		return out.String() + errOut.String(), code
	}
	// The 20 MB file is made here, not committed: it is refused before it is read whole.
	out, code := run(append(illustrativeArgs(2024), bigFile))
	if code != 3 || !strings.Contains(out, "FILE_TOO_LARGE") {
		t.Errorf("20 MB file: exit %d, report:\n%s", code, out)
	}
	for i, c := range corpusCases {
		t.Run(fmt.Sprintf("%02d-%s", i, c.file), func(t *testing.T) {
			out, code := run(append(c.args, filepath.Join(corpusDir, c.file)))
			report := stableReport(out)
			golden := filepath.Join(corpusDir, fmt.Sprintf("%02d-%s.golden", i, strings.TrimSuffix(c.file, filepath.Ext(c.file))))
			if *update {
				if err := os.WriteFile(golden, []byte(report), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if report != string(want) {
				t.Errorf("report differs from %s\ngot:\n%s\nwant:\n%s", golden, report, want)
			}
			if code != c.code {
				t.Errorf("exit code %d, want %d", code, c.code)
			}
			after := tableChecksum(t, db)
			if c.code != 0 || slices.Contains(c.args, "-dry-run") || strings.Contains(report, "UNCHANGED") {
				if after != before {
					t.Errorf("a refused, dry-run or unchanged import changed the data")
				}
			}
			before = after // what the next case must leave as it is
		})
	}
}

// stableReport drops the progress lines (they carry times) from the CLI's output.
func stableReport(out string) string {
	progress := regexp.MustCompile(`(?m)^ *\d+\.\ds .*\n`)
	return progress.ReplaceAllString(out, "")
}

// tableChecksum is a SHA-256 of the contents of every table that holds facts, read in a fixed
// order: equal checksums mean the data is byte for byte the same.
func tableChecksum(t testing.TB, path string) string {
	t.Helper()
	st, err := analytics.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sum, err := st.Checksum(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// bigCSV is a long CSV of about n bytes: the national scale and beyond.
func bigCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("unit_code,criterion_code,points\n")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%05d,%d.%d,%d,%02d\n", i/40, i%8+1, i%5+1, i%3, i%100)
	}
	return b.Bytes()
}

// corpusUnit is a unit of the annex with its illustrative points.
type corpusUnit struct {
	code, name string
	points     []int64 // cents, per criterion
	total      int64
	rank       int
	group      analytics.Group
}

// corpusFramework reads the 2024 framework and units of Kế Sách from the default dataset and
// gives every unit illustrative points (a fixed pattern between 55 % and 100 % of each maximum).
func corpusFramework(t *testing.T, st *analytics.Store) (*analytics.Framework, []corpusUnit) {
	ctx := context.Background()
	fw, err := st.Framework(ctx, 2024, nil)
	if err != nil {
		t.Fatal(err)
	}
	parent, year := "943", 2024
	units, err := st.Units(ctx, analytics.UnitsQuery{Parent: &parent, Year: &year})
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusUnit
	for i, u := range units {
		cu := corpusUnit{code: u.Code, name: u.Name}
		k := 0
		for _, f := range fw.Fields {
			for _, c := range f.Criteria {
				maxCents := int64(c.MaxPoints*100 + 0.5)
				share := 55 + (i*37+k*11)%46 // percent of the maximum
				cents := maxCents * int64(share) / 100 / 25 * 25
				cu.points = append(cu.points, cents)
				cu.total += cents
				k++
			}
		}
		out = append(out, cu)
	}
	for i := range out {
		out[i].rank = 1
		for j := range out {
			if out[j].total > out[i].total {
				out[i].rank++
			}
		}
		pct := float64(out[i].total) / (fw.MaxPoints * 100) * 100
		for _, g := range fw.Groups {
			if g.MinPercent != nil && pct >= *g.MinPercent || g.Ordinal == len(fw.Groups) {
				out[i].group = g
				break
			}
		}
	}
	return fw, out
}

func comma(cents int64) string {
	s := strconv.FormatFloat(float64(cents)/100, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}

func percentText(total int64, fw *analytics.Framework) string {
	return strings.Replace(strconv.FormatFloat(float64(total)/(fw.MaxPoints*100)*100, 'f', 2, 64), ".", ",", 1) + "%"
}

// writeCorpus writes every file of the corpus from the default dataset's framework and units.
func writeCorpus(t *testing.T, db string) {
	st, err := analytics.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	fw, units := corpusFramework(t, st)
	quangHoa := quangHoaCSV(t, st)
	st.Close()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(corpusDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(corpusDir, 0o755)
	write("bad-empty.csv", nil)
	write("bad-not-a-spreadsheet.pdf", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"))
	write("bad-wrong-sheet.xlsx", wrongSheetXLSX(t))
	write("ke-sach-2024-annex-minh-hoa.xlsx", annexXLSX(t, fw, units, false))
	misspelled := slices.Clone(units)
	for i := range misspelled {
		if misspelled[i].name == "Xã Nhơn Mỹ" {
			misspelled[i].name = "Xã Nhơn Mĩ"
		}
	}
	write("bad-misspelled-commune.xlsx", annexXLSX(t, fw, misspelled, false))
	write("ke-sach-2024-annex-numbers-minh-hoa.xlsx", annexXLSX(t, fw, units, true))
	write("ke-sach-2024-annex-minh-hoa.csv", annexCSV(fw, units, annexStyle{}))
	write("ke-sach-2024-annex-windows-1258-minh-hoa.csv", windows1258(t, annexCSV(fw, units, annexStyle{})))
	write("bad-maximum-differs.csv", annexCSV(fw, units, annexStyle{otherMaxima: true}))
	dup := append(slices.Clone(units), units[3])
	write("bad-duplicate-row.csv", annexCSV(fw, dup, annexStyle{}))
	write("bad-totals-and-missing-unit.csv", annexCSV(fw, units[1:], annexStyle{breakTotals: true}))
	write("ke-sach-2024-long-minh-hoa.csv", longCSV(fw, units, false))
	write("bad-points-over-maximum.csv", longCSV(fw, units, true))
	write("bad-no-framework-2026.csv", longCSV(fw, units, false))
	write("ke-sach-2024-published-only-minh-hoa.csv", publishedCSV(units))
	write("framework-2026-minh-hoa.csv", frameworkCSV(fw))
	write("quang-hoa-2021-published-minh-hoa.csv", quangHoa)
}

// quangHoaCSV is an illustrative file of the 2021 results of huyện Quảng Hòa (Cao Bằng): the 19
// communes and towns it had at the end of 2021, by name only and written as a steward types them
// ("Xã Tự Do", "TT Hoà Thuận", "Thị trấn Quảng Uyên", "Cách Linh"), each with its group.
// Decision 395/QĐ-UBND of 09/3/2022 published how many units fell in each group, not which: the
// file keeps the counts (2 Tốt, 15 Khá, 2 Trung bình), but each unit's group is invented, and the
// file says so in its name and its note row. The groups are the labels of the default dataset's
// framework of 2021 (the dataset holds no framework of Cao Bằng's own).
func quangHoaCSV(t *testing.T, st *analytics.Store) []byte {
	ctx := context.Background()
	year, parent := 2021, "049"
	fw, err := st.Framework(ctx, year, nil)
	if err != nil {
		t.Fatal(err)
	}
	units, err := st.Units(ctx, analytics.UnitsQuery{Parent: &parent, Year: &year})
	if err != nil || len(units) != 19 {
		t.Fatalf("units of huyện Quảng Hòa in 2021: %d, %v; want 19", len(units), err)
	}
	label := map[string]string{}
	for _, g := range fw.Groups {
		label[g.Code] = g.Label
	}
	if label["II"] != "Tốt" || label["III"] != "Khá" || label["IV"] != "Trung bình" {
		t.Fatalf("the groups of 2021 are %v: the published counts are of Tốt, Khá and Trung bình", label)
	}
	var b bytes.Buffer
	b.WriteString("KẾT QUẢ XẾP LOẠI CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ NĂM 2021 - HUYỆN QUẢNG HÒA (MINH HỌA)\n")
	b.WriteString(`"MINH HỌA — nhóm của từng đơn vị do parindex gán để kiểm thử, KHÔNG phải kết quả chính thức; Quyết định 395/QĐ-UBND ngày 09/3/2022 chỉ công bố số đơn vị mỗi nhóm (2 Tốt, 15 Khá, 2 Trung bình) / ILLUSTRATIVE: each unit's group is invented for testing; only the number of units per group is published"` + "\n\n")
	b.WriteString("STT,Tên đơn vị,Xếp loại\n")
	for i, u := range units {
		group := "III"
		switch i {
		case 4, 12:
			group = "II"
		case 8, 17:
			group = "IV"
		}
		name := u.Name
		if town, ok := strings.CutPrefix(name, "Thị trấn "); ok {
			name = []string{"TT ", "Thị trấn ", "TT. "}[i%3] + town
		} else if i%4 == 3 {
			name = strings.TrimPrefix(name, "Xã ")
		}
		fmt.Fprintf(&b, "%d,%s,%s\n", i+1, name, label[group])
	}
	return b.Bytes()
}

type annexStyle struct{ breakTotals, otherMaxima bool }

// annexCSV is the annex as Excel saves it as CSV where the decimal separator is a comma:
// semicolons, a title, a two-row header, a row of each criterion's maximum, names without their
// kind and groups as Roman numerals.
func annexCSV(fw *analytics.Framework, units []corpusUnit, style annexStyle) []byte {
	var b bytes.Buffer
	b.WriteString("\xEF\xBB\xBFPHỤ LỤC KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ NĂM 2024 (MINH HỌA)\n")
	b.WriteString(illustrativeNB + "\n\n")
	top := []string{"STT", "Tên đơn vị"}
	sub := []string{"", ""}
	for fi, f := range fw.Fields {
		for range f.Criteria {
			top = append(top, fmt.Sprintf("Lĩnh vực %d", fi+1))
		}
		for _, c := range f.Criteria {
			sub = append(sub, c.Code)
		}
	}
	top = append(top, "Tổng điểm", "Chỉ số CCHC (%)", "Xếp hạng", "Xếp loại")
	sub = append(sub, "", "", "", "")
	b.WriteString(strings.Join(top, ";") + "\n" + strings.Join(sub, ";") + "\n")
	// The maximum of each criterion, above the units, as many annexes print it.
	maxima := []string{"", "Điểm tối đa"}
	for _, f := range fw.Fields {
		for _, c := range f.Criteria {
			m := int64(math.Round(c.MaxPoints * 100))
			if style.otherMaxima && (c.Code == "1.1" || c.Code == "3.5") {
				m += 50
			}
			maxima = append(maxima, comma(m))
		}
	}
	b.WriteString(strings.Join(append(maxima, comma(int64(math.Round(fw.MaxPoints*100))), "100%", "", ""), ";") + "\n")
	for i, u := range units {
		// Names as tight columns write them: communes without "Xã", towns as "TT.".
		name := strings.TrimPrefix(u.name, "Xã ")
		if town, ok := strings.CutPrefix(name, "Thị trấn "); ok {
			name = "TT. " + town
		}
		row := []string{strconv.Itoa(i + 1), name}
		if i%3 == 1 {
			row[1] = strings.ToUpper(row[1])
		}
		for _, p := range u.points {
			row = append(row, comma(p))
		}
		total := u.total
		pct := percentText(total, fw)
		if style.breakTotals && i == 2 {
			total += 50
		}
		if style.breakTotals && i == 4 {
			pct = "12,34%"
		}
		row = append(row, comma(total), pct, strconv.Itoa(u.rank), u.group.Code)
		b.WriteString(strings.Join(row, ";") + "\n")
	}
	b.WriteString(";Trung bình;;;;\n")
	return b.Bytes()
}

// longCSV is the long format; broken, it has a point over a maximum, one below 0 and a cell that
// is not a number.
func longCSV(fw *analytics.Framework, units []corpusUnit, broken bool) []byte {
	var b bytes.Buffer
	b.WriteString("unit_code,criterion_code,points\n")
	for i, u := range units {
		k := 0
		for _, f := range fw.Fields {
			for _, c := range f.Criteria {
				v := strconv.FormatFloat(float64(u.points[k])/100, 'f', -1, 64)
				if broken && i == 0 && k == 0 {
					v = strconv.FormatFloat(c.MaxPoints+1, 'f', -1, 64)
				}
				if broken && i == 1 && k == 2 {
					v = "-1"
				}
				if broken && i == 2 && k == 3 {
					v = "đạt"
				}
				fmt.Fprintf(&b, "%s,%s,%q\n", u.code, c.Code, v)
				k++
			}
		}
	}
	return b.Bytes()
}

// windows1258 is UTF-8 text as Excel saves it in the Windows-1258 code page: no byte order mark,
// lines ending in CR LF, and each letter with a tone mark written as its letter (ă, â, ê, ô, ơ,
// ư and đ are letters of the code page) followed by the combining tone mark.
func windows1258(t *testing.T, text []byte) []byte {
	tones := map[rune]bool{0x300: true, 0x301: true, 0x303: true, 0x309: true, 0x323: true}
	var out strings.Builder
	for _, r := range norm.NFC.String(strings.TrimPrefix(string(text), "\uFEFF")) {
		if r == '\n' {
			out.WriteString("\r\n")
			continue
		}
		var letter, marks []rune
		for _, d := range norm.NFD.String(string(r)) {
			if tones[d] {
				marks = append(marks, d)
			} else {
				letter = append(letter, d)
			}
		}
		out.WriteString(norm.NFC.String(string(letter)) + string(marks))
	}
	b, err := charmap.Windows1258.NewEncoder().Bytes([]byte(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func publishedCSV(units []corpusUnit) []byte {
	var b bytes.Buffer
	b.WriteString("STT,Tên đơn vị,Xếp hạng,Xếp loại\n")
	for i, u := range units {
		fmt.Fprintf(&b, "%d,%s,%d,%s\n", i+1, u.name, u.rank, u.group.Label)
	}
	return b.Bytes()
}

func frameworkCSV(fw *analytics.Framework) []byte {
	var b bytes.Buffer
	b.WriteString("field_slug,field_name_vi,field_name_en,criterion_code,criterion_name,max_points,group_code,group_label_vi,group_label_en,min_percent\n")
	for _, f := range fw.Fields {
		for _, c := range f.Criteria {
			fmt.Fprintf(&b, "%s,%q,%q,%s,%q,%s,,,,\n", f.Slug, f.NameVi, f.NameEn, c.Code, c.Name, strconv.FormatFloat(c.MaxPoints, 'f', -1, 64))
		}
	}
	for _, g := range fw.Groups {
		fmt.Fprintf(&b, ",,,,,,%s,%s,%s,%s\n", g.Code, g.Label, g.LabelEn, strconv.FormatFloat(*g.MinPercent, 'f', -1, 64))
	}
	return b.Bytes()
}

// annexXLSX is the annex as typed in Excel: a title and a note, a two-row header with each field
// name merged over its criterion codes, numbers typed as text with a decimal comma, the index
// with a percent sign, groups as words, a totals row. With asNumbers, the numbers are typed as
// numbers instead: the points, the total as a SUM formula with the value Excel keeps beside it,
// and the index as a fraction shown as a percentage (format 0.00%).
func annexXLSX(t *testing.T, fw *analytics.Framework, units []corpusUnit, asNumbers bool) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Phụ lục"
	f.SetSheetName("Sheet1", sh)
	set := func(col, row int, v any) {
		name, _ := excelize.CoordinatesToCellName(col, row)
		f.SetCellValue(sh, name, v)
	}
	percent := 0
	if asNumbers {
		var err error
		if percent, err = f.NewStyle(&excelize.Style{NumFmt: 10}); err != nil { // 0.00%
			t.Fatal(err)
		}
	}
	set(1, 1, "UỶ BAN NHÂN DÂN HUYỆN KẾ SÁCH (MINH HỌA)")
	set(1, 2, "PHỤ LỤC: KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ NĂM 2024")
	set(1, 3, illustrativeNB)
	h1, h2 := 5, 6
	set(1, h1, "STT")
	set(2, h1, "Tên đơn vị")
	f.MergeCell(sh, "A5", "A6")
	f.MergeCell(sh, "B5", "B6")
	col := 3
	for _, fd := range fw.Fields {
		first := col
		for _, c := range fd.Criteria {
			set(col, h2, c.Code)
			col++
		}
		set(first, h1, fd.NameVi)
		a, _ := excelize.CoordinatesToCellName(first, h1)
		b, _ := excelize.CoordinatesToCellName(col-1, h1)
		if a != b {
			f.MergeCell(sh, a, b)
		}
	}
	for _, head := range []string{"Tổng điểm đạt được", "Chỉ số CCHC (%)", "Xếp hạng", "Xếp loại"} {
		set(col, h1, head)
		a, _ := excelize.CoordinatesToCellName(col, h1)
		b, _ := excelize.CoordinatesToCellName(col, h2)
		f.MergeCell(sh, a, b)
		col++
	}
	row := h2 + 1
	for c := 1; c < col; c++ {
		set(c, row, fmt.Sprintf("(%d)", c))
	}
	for i, u := range units {
		row++
		set(1, row, i+1)
		set(2, row, u.name)
		c := 3 + len(u.points)
		if asNumbers {
			for k, p := range u.points {
				set(3+k, row, float64(p)/100)
			}
			set(c, row, float64(u.total)/100)
			first, _ := excelize.CoordinatesToCellName(3, row)
			last, _ := excelize.CoordinatesToCellName(c-1, row)
			total, _ := excelize.CoordinatesToCellName(c, row)
			if err := f.SetCellFormula(sh, total, "SUM("+first+":"+last+")"); err != nil {
				t.Fatal(err)
			}
			index, _ := excelize.CoordinatesToCellName(c+1, row)
			set(c+1, row, float64(u.total)/(fw.MaxPoints*100))
			f.SetCellStyle(sh, index, index, percent)
		} else {
			for k, p := range u.points {
				set(3+k, row, comma(p))
			}
			set(c, row, comma(u.total))
			set(c+1, row, percentText(u.total, fw))
		}
		set(c+2, row, u.rank)
		set(c+3, row, u.group.Label)
	}
	set(2, row+1, "Trung bình")
	set(2, row+3, "Người lập biểu")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wrongSheetXLSX is a workbook that holds the cover letter, not the annex.
func wrongSheetXLSX(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Tờ trình")
	f.SetCellValue("Tờ trình", "A1", "TỜ TRÌNH về việc công bố Chỉ số cải cách hành chính năm 2024 (minh họa)")
	f.SetCellValue("Tờ trình", "A3", "Kính gửi: Chủ tịch UBND huyện")
	f.NewSheet("Ghi chú")
	f.SetCellValue("Ghi chú", "A1", "Phụ lục gửi kèm theo tệp riêng.")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
