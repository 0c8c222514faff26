package annex

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Limits of an imported file. An annex of the whole country (10,047 communes × 40 criteria) is
// about 3 MB as XLSX and 12 MB as a long CSV.
const (
	MaxBytes         = 16 << 20  // the file as uploaded
	maxUnzippedBytes = 256 << 20 // an XLSX once unzipped: refuses zip bombs
	MaxRows          = 1_000_000
	MaxColumns       = 300
	HeaderScan       = 30 // rows searched for the header
)

// Sheet is a table of text cells read from a CSV file or an XLSX sheet, before any meaning is
// given to it. Rows and columns count from 1 in messages, as a spreadsheet shows them.
type Sheet struct {
	Format   string // "CSV" or "XLSX"
	Encoding string // CSV read from another encoding than UTF-8 (see decodeText), or ""
	Name     string // the XLSX sheet
	Rows     [][]string
	Lines    []int // the line (CSV) or row (XLSX) each row starts on: blank lines and rows are skipped
}

// Line is the row number a person sees for Rows[i]: the spreadsheet row, or the CSV line.
func (s Sheet) Line(i int) int {
	if i < len(s.Lines) {
		return s.Lines[i]
	}
	return i + 1
}

// FileError is a problem with the file as a whole: it is not a spreadsheet, it is empty, it has
// no sheet of the expected shape.
type FileError struct {
	Code    string // the problem's code in an import report: EMPTY_FILE, FILE_TOO_LARGE, NOT_A_SPREADSHEET, WRONG_SHEET, UNTERMINATED_QUOTE
	Message string
}

func (e *FileError) Error() string { return e.Message }

// Read reads the file as an XLSX workbook when it is one (a ZIP file) and as CSV text
// otherwise. Every sheet of a workbook is returned, in order; wanted, when not empty, keeps the
// sheet of that name only.
func Read(data []byte, wanted string) ([]Sheet, error) {
	if len(data) == 0 {
		return nil, &FileError{"EMPTY_FILE", "the file is empty"}
	}
	if len(data) > MaxBytes {
		return nil, &FileError{"FILE_TOO_LARGE", fmt.Sprintf("the file is larger than the limit of %d bytes (%d MB)", MaxBytes, MaxBytes>>20)}
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return readXLSX(data, wanted)
	}
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, &FileError{"NOT_A_SPREADSHEET", "the file is a PDF document: its tables cannot be read"}
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, &FileError{"NOT_A_SPREADSHEET", "the file is an old Excel workbook (.xls); save it as .xlsx or CSV UTF-8 and import that"}
	}
	if wanted != "" {
		return nil, &FileError{"WRONG_SHEET", fmt.Sprintf("a CSV file has no sheets; --sheet %s applies to XLSX files only", echo(wanted))}
	}
	s, err := readCSV(data)
	if err != nil {
		return nil, err
	}
	return []Sheet{s}, nil
}

// readCSV reads CSV text (see decodeText) separated by commas, semicolons or tabs (whichever the
// first lines hold most of: Excel writes semicolons where the decimal separator is a comma).
func readCSV(data []byte) (Sheet, error) {
	data, encoding, ok := decodeText(data)
	if !ok {
		return Sheet{}, &FileError{"NOT_A_SPREADSHEET", "the file is neither an XLSX workbook nor CSV text (UTF-8, UTF-16 or Windows-1258)"}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Sheet{}, &FileError{"EMPTY_FILE", "the file holds no rows"}
	}
	// The separator is the one the first lines hold most of (a title line may hold none).
	head := data
	for i, n := 0, 0; i < len(data); i++ {
		if data[i] == '\n' {
			if n++; n == HeaderScan {
				head = data[:i]
				break
			}
		}
	}
	delim, most := ',', bytes.Count(head, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if n := bytes.Count(head, []byte(string(d))); n > most {
			delim, most = d, n
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	// Room for every line at once: a national file has 400k (appending would copy them 20 times).
	lines := min(bytes.Count(data, []byte("\n"))+1, MaxRows+1)
	s := Sheet{Format: "CSV", Encoding: encoding, Rows: make([][]string, 0, lines), Lines: make([]int, 0, lines)}
	lastLine, lastCol := 0, 0 // where the last cell read starts
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			if line, col, ok := unterminatedQuote(data, lastLine, lastCol); ok {
				return Sheet{}, &FileError{"UNTERMINATED_QUOTE", fmt.Sprintf("line %d, column %d: a quote opens a cell that no quote closes, so the rest of the file was read as that cell", line, col)}
			}
			break
		}
		if err != nil {
			return Sheet{}, &FileError{"NOT_A_SPREADSHEET", fmt.Sprintf("the file is not valid CSV: %v", err)}
		}
		if len(s.Rows) >= MaxRows {
			return Sheet{}, &FileError{"FILE_TOO_LARGE", fmt.Sprintf("the file has more than %d rows", MaxRows)}
		}
		if len(rec) > MaxColumns {
			return Sheet{}, &FileError{"FILE_TOO_LARGE", fmt.Sprintf("row %d has %d columns; the limit is %d", len(s.Rows)+1, len(rec), MaxColumns)}
		}
		line, _ := r.FieldPos(0)
		s.Rows = append(s.Rows, rec)
		s.Lines = append(s.Lines, line)
		if len(rec) > 0 {
			lastLine, lastCol = r.FieldPos(len(rec) - 1)
		}
	}
	return s, nil
}

// unterminatedQuote tells whether the last cell of a file, which starts at line and col, is a
// quoted cell without its closing quote: the CSV reader (with LazyQuotes) reads such a cell to the
// end of the file without an error, so only the last cell can be one.
func unterminatedQuote(data []byte, line, col int) (int, int, bool) {
	off := offsetOf(data, line, col)
	if line == 0 || off < 0 || off >= len(data) || data[off] != '"' {
		return 0, 0, false
	}
	rest := bytes.TrimRight(data[off+1:], "\r\n")
	// A closed cell ends with its quote; a quote doubled inside it ("") is not a closing one.
	quotes := len(rest) - len(bytes.TrimRight(rest, `"`))
	return line, col, quotes%2 == 0
}

// offsetOf is the byte offset of a line and column (from 1, in bytes) of data, or -1.
func offsetOf(data []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return off + col - 1
}

// decodeText returns the file's text in UTF-8 and the encoding it was read from ("" for UTF-8),
// or false when it is not text. Besides UTF-8, with or without a byte order mark, it reads what
// Excel writes when asked for text on a Vietnamese Windows: UTF-16 with its byte order mark
// ("Unicode Text"), and Windows-1258, the Vietnamese code page, for "CSV (Comma delimited)".
// Bytes that are not UTF-8 are read as Windows-1258 only when they hold no control character but
// tabs and line ends and every byte is a character of that code page; its letters with tone
// marks (a base letter, then a combining mark) are composed as UTF-8 text writes them.
func decodeText(data []byte) ([]byte, string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) || bytes.IndexByte(out, 0) >= 0 || bytes.ContainsRune(out, utf8.RuneError) {
			return nil, "", false
		}
		return out, "UTF-16", true
	}
	if utf8.Valid(data) {
		return data, "", bytes.IndexByte(data, 0) < 0
	}
	for _, b := range data {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
			return nil, "", false
		}
	}
	out, err := charmap.Windows1258.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return nil, "", false
	}
	return norm.NFC.Bytes(out), "Windows-1258", true
}

// readXLSX reads the sheets of a workbook with their cells as Excel shows them (so "68,87" or
// "68.87%" arrive as typed), and fills merged cells with the value of their first cell, so
// that a field name merged over its criteria heads each of them. A sheet with more rows than the
// limit is refused before the workbook is opened (see countRows).
func readXLSX(data []byte, wanted string) ([]Sheet, error) {
	if err := checkRowCounts(data, wanted, MaxRows); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzippedBytes, UnzipXMLSizeLimit: maxUnzippedBytes})
	if err != nil {
		return nil, &FileError{"NOT_A_SPREADSHEET", "the file is a ZIP archive but not a readable XLSX workbook"}
	}
	defer f.Close()
	names := f.GetSheetList()
	if wanted != "" {
		found := false
		for _, n := range names {
			if n == wanted {
				found = true
			}
		}
		if !found {
			return nil, &FileError{"WRONG_SHEET", fmt.Sprintf("the workbook has no sheet %s; its sheets: %s", echo(wanted), quoteList(names))}
		}
		names = []string{wanted}
	}
	var out []Sheet
	for _, name := range names {
		sh, err := sheetRows(f, name, MaxRows)
		if err != nil {
			return nil, err
		}
		merged, err := f.GetMergeCells(name)
		if err != nil {
			return nil, &FileError{"NOT_A_SPREADSHEET", fmt.Sprintf("sheet %q cannot be read", name)}
		}
		for _, m := range merged {
			sh.fillMerged(m.GetStartAxis(), m.GetEndAxis(), m.GetCellValue())
		}
		out = append(out, sh)
	}
	return out, nil
}

// sheetRows reads a sheet row by row, keeping the rows that hold a value with their row numbers
// (as the CSV reader skips blank lines): the limit counts rows, not row numbers, so that an annex
// with one cell in row 1,048,576 is read as the rows it has.
func sheetRows(f *excelize.File, name string, limit int) (Sheet, error) {
	sh := Sheet{Format: "XLSX", Name: name, Rows: [][]string{}, Lines: []int{}}
	it, err := f.Rows(name)
	if err != nil {
		return sh, &FileError{"NOT_A_SPREADSHEET", fmt.Sprintf("sheet %q cannot be read", name)}
	}
	defer it.Close()
	for n := 1; it.Next(); n++ {
		cols, err := it.Columns()
		if err != nil {
			return sh, &FileError{"NOT_A_SPREADSHEET", fmt.Sprintf("sheet %q cannot be read", name)}
		}
		if !hasText(cols) {
			continue
		}
		if len(sh.Rows) >= limit {
			return sh, &FileError{"FILE_TOO_LARGE", fmt.Sprintf("sheet %q has more than %d rows", name, limit)}
		}
		if len(cols) > MaxColumns {
			return sh, &FileError{"FILE_TOO_LARGE", fmt.Sprintf("sheet %q has more than %d columns", name, MaxColumns)}
		}
		sh.Rows = append(sh.Rows, cols)
		sh.Lines = append(sh.Lines, n)
	}
	if it.Error() != nil {
		return sh, &FileError{"NOT_A_SPREADSHEET", fmt.Sprintf("sheet %q cannot be read", name)}
	}
	return sh, nil
}

func hasText(cols []string) bool {
	for _, c := range cols {
		if c != "" {
			return true
		}
	}
	return false
}

// fillMerged writes value into every cell of the merged range from..to; a row of the range that
// was not read (it held no value) is added, so that a merged header cell heads it too. Ranges of
// more than 50 rows are left alone.
func (s *Sheet) fillMerged(from, to, value string) {
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil || r2-r1 > 50 || c2-c1 > MaxColumns || value == "" {
		return
	}
	for r := r1; r <= r2; r++ {
		i, found := slices.BinarySearch(s.Lines, r)
		if !found {
			s.Rows = slices.Insert(s.Rows, i, []string(nil))
			s.Lines = slices.Insert(s.Lines, i, r)
		}
		for c := c1; c <= c2; c++ {
			for len(s.Rows[i]) < c {
				s.Rows[i] = append(s.Rows[i], "")
			}
			s.Rows[i][c-1] = value
		}
	}
}

// checkRowCounts refuses a workbook with a sheet of more than limit rows (wanted: the one sheet
// read, or all when ""), by counting the row elements of each sheet's XML as it is unzipped and
// stopping past the limit: reading the rows themselves (excelize's iterator) took about 8 s and
// 1.5 GB for a sheet of 1,048,576 rows before the refusal. A workbook whose parts cannot be
// found is left to the reader, which applies the same limit.
func checkRowCounts(data []byte, wanted string, limit int) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	parts := worksheetParts(zr)
	for _, zf := range zr.File {
		name, ok := parts[zf.Name]
		if !ok || wanted != "" && name != wanted {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil
		}
		n, err := countRows(io.LimitReader(rc, maxUnzippedBytes), limit)
		rc.Close()
		if err == nil && n > limit {
			return &FileError{"FILE_TOO_LARGE", fmt.Sprintf("sheet %q has more than %d rows", name, limit)}
		}
	}
	return nil
}

// worksheetParts maps the ZIP path of each worksheet of a workbook to its sheet's name, from
// xl/workbook.xml and its relationships.
func worksheetParts(zr *zip.Reader) map[string]string {
	read := func(name string, v any) bool {
		f, err := zr.Open(name)
		if err != nil {
			return false
		}
		defer f.Close()
		return xml.NewDecoder(io.LimitReader(f, 16<<20)).Decode(v) == nil
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	parts := map[string]string{}
	if !read("xl/workbook.xml", &wb) || !read("xl/_rels/workbook.xml.rels", &rels) {
		return parts
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := strings.TrimPrefix(r.Target, "/")
		if !strings.HasPrefix(r.Target, "/") {
			t = path.Clean("xl/" + t)
		}
		target[r.ID] = t
	}
	for _, sh := range wb.Sheets {
		if t, ok := target[sh.RID]; ok {
			parts[t] = sh.Name
		}
	}
	return parts
}

// countRows counts the row elements (<row …>, or <x:row …> with a namespace prefix) of a
// worksheet's XML, stopping once it has counted more than limit.
func countRows(r io.Reader, limit int) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	n := 0
	for n <= limit {
		if _, err := br.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
		head, _ := br.Peek(24)
		if i := bytes.IndexByte(head, ':'); i > 0 && i < 16 && bytes.IndexAny(head[:i], " />") < 0 {
			head = head[i+1:]
		}
		if len(head) > 3 && string(head[:3]) == "row" && strings.IndexByte(" \t\r\n/>", head[3]) >= 0 {
			n++
		}
	}
	return n, nil
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// echo quotes a value for a message as %q would; a value longer than maxEcho characters is cut at
// a character boundary, ends with an ellipsis and is followed by its length (as the import
// report quotes cells).
func echo(s string) string {
	const maxEcho = 200
	if len(s) <= maxEcho {
		return strconv.Quote(s)
	}
	cut, n := s, 0
	for i := range s {
		if n == maxEcho {
			cut = s[:i]
		}
		n++
	}
	if n <= maxEcho {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%s (%d characters)", strconv.Quote(cut+"…"), n)
}
