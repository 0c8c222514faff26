package annex

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold is text without case, diacritics or repeated spaces, for matching names and headers:
// "Xã  Đại Hải" -> "xa dai hai".
func Fold(s string) string {
	return strings.Join(strings.Fields(FoldChars(s)), " ")
}

// unitPrefixes are the kinds written before commune names in annexes, folded, with the
// abbreviations of tight table columns (TT. An Lạc Thôn, P.7, X. Nhơn Mỹ); longer ones first.
var unitPrefixes = []string{"thi tran ", "phuong ", "xa ", "tt. ", "tt.", "tt ", "p. ", "p.", "x. ", "x."}

// FoldUnitName is a unit name folded and without its kind: "Thị trấn Kế Sách" -> "ke sach".
func FoldUnitName(s string) string {
	k := Fold(s)
	for _, p := range unitPrefixes {
		if strings.HasPrefix(k, p) {
			return strings.TrimSpace(k[len(p):])
		}
	}
	return k
}

// ParseNumber reads a number as typed in a Vietnamese spreadsheet: a decimal comma ("68,87") or
// point, an optional percent sign, thousands separators when both marks appear ("1.234,5").
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", ""))
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	if s == "" || len(s) > 32 {
		return 0, false
	}
	comma, point := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	switch {
	case comma >= 0 && point >= 0 && comma > point: // 1.234,5
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case comma >= 0 && point >= 0: // 1,234.5
		s = strings.ReplaceAll(s, ",", "")
	case comma >= 0:
		if strings.Count(s, ",") > 1 {
			return 0, false
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+') {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v {
		return 0, false
	}
	return v, true
}

// Cents rounds points to hundredths, the precision the database keeps. Beyond what an int64
// holds it saturates: converted, such a number would wrap around (1e17 points became
// -9,223,372,036,854,775,808 cents and passed the check of the maximum).
func Cents(v float64) int64 {
	switch {
	case v*100 >= math.MaxInt64:
		return math.MaxInt64
	case v*100 <= math.MinInt64:
		return math.MinInt64
	case v < 0:
		return -int64(-v*100 + 0.5)
	}
	return int64(v*100 + 0.5)
}

// romanGroups are the group codes written as Roman numerals or digits.
var romanGroups = map[string]string{"i": "I", "ii": "II", "iii": "III", "iv": "IV", "v": "V", "1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}

// GroupNumeral is the group code a folded cell writes as a Roman numeral or a digit ("ii" or
// "2" -> "II"), or false.
func GroupNumeral(folded string) (string, bool) {
	code, ok := romanGroups[folded]
	return code, ok
}

// criterionCodePattern finds a criterion code ("1.1", "TC 2.3", "Tiêu chí 8.2") in a header cell.
var criterionCodePattern = regexp.MustCompile(`(?:^|[^0-9.])(\d{1,2}(?:\.\d{1,2}){1,2})\.?\s*$`)

// CriterionCode returns the criterion code a header cell names, or "".
func CriterionCode(cell string) string {
	m := criterionCodePattern.FindStringSubmatch(strings.TrimSpace(cell))
	if m == nil {
		return ""
	}
	return m[1]
}

// Role is what a column of an annex holds.
type Role int

const (
	RoleNone Role = iota
	RoleOrdinal
	RoleName
	RoleCode
	RoleCriterion
	RoleFieldTotal
	RoleTotal
	RolePercent
	RoleRank
	RoleGroup
)

// RoleOf classifies a header text, folded. Order matters: "tổng điểm" before "điểm".
func RoleOf(folded string) Role {
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(folded, w) {
				return true
			}
		}
		return false
	}
	switch {
	case folded == "":
		return RoleNone
	case folded == "stt" || folded == "tt" || has("so thu tu", "so tt"):
		return RoleOrdinal
	case folded == "unit_code" || has("ma dvhc", "ma don vi", "ma xa", "ma so") || folded == "ma":
		return RoleCode
	case has("xep loai", "phan loai", "nhom", "muc do", "group"):
		return RoleGroup
	case has("xep hang", "thu hang", "thu tu xep", "rank") || folded == "hang":
		return RoleRank
	case has("chi so", "ty le", "phan tram", "index", "%"):
		return RolePercent
	case has("tong diem", "tong cong", "tong so diem", "diem dat", "tong", "total"):
		return RoleTotal
	case has("ten don vi", "don vi", "ten xa", "xa, phuong", "xa phuong", "dia phuong", "unit_name", "commune"):
		return RoleName
	}
	return RoleNone
}

// FoldChars is text without case or diacritics (đ read as d), character by character, its spaces
// kept as they are: "Xã Đại Hải" -> "xa dai hai". It folds names as DuckDB's
// lower(strip_accents(…)) with đ as d does. Fold is FoldChars with its spaces collapsed.
func FoldChars(s string) string {
	folds := foldTable()
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0 && int(r) < len(folds) {
			b.WriteString(folds[r])
		} else {
			b.WriteString(foldRune(r))
		}
	}
	return b.String()
}

// foldRune is FoldChars of one character: its canonical decomposition without its marks, in
// lower case. Folding a text character by character is folding it whole: the marks a text's
// decomposition reorders are dropped.
func foldRune(r rune) string {
	var b strings.Builder
	for _, c := range norm.NFD.String(string(r)) {
		switch {
		case unicode.Is(unicode.Mn, c):
			continue
		case c == 'đ' || c == 'Đ':
			c = 'd'
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// foldTable holds foldRune of every character below U+2000 (Vietnamese letters are in Latin-1,
// Latin Extended-A and B, and Latin Extended Additional), made on first use: decomposing each
// name took most of the time of folding the 17,288 names of the registry.
var foldTable = sync.OnceValue(func() []string {
	t := make([]string, 0x2000)
	for r := range t {
		t[r] = foldRune(rune(r))
	}
	return t
})
