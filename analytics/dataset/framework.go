package dataset

import "strings"

// The frameworks of the default dataset. Decision 962/QĐ-UBND of 31/8/2022 (the Kế Sách framework
// used from 2022) exists, but its criteria and maximum points are not published where we can reach
// them: the criteria below paraphrase the 2023 announcement's description of each field, and the
// field maxima follow the national PAR INDEX reference (10 / 10 / 14.5 / 11 / 16 / 7 / 16 / 15.5).
// All of it is illustrative and every framework carries an ILLUSTRATIVE source.

// Field is a field (lĩnh vực) of a framework with its criteria, and the component it counts in
// ("" when the framework has no components).
type Field struct {
	Slug, NameVi, NameEn string
	Criteria             []Criterion
	Component            string
}

// Criterion is a criterion (tiêu chí) and its maximum points.
type Criterion struct {
	Code, Name string
	MaxCents   int64 // maximum points × 100
}

// Adjustment kinds: bonus points add to the total, penalty points take from it.
const (
	AdjustmentBonus   = "BONUS"
	AdjustmentPenalty = "PENALTY"
)

// Adjustment is a bonus or penalty criterion (điểm thưởng, điểm trừ): it counts in the total and
// in no field, and does not raise the maximum. A penalty is scored as negative points, at most
// MaxCents below zero.
type Adjustment struct {
	Code, Name, Kind string
	MaxCents         int64
}

// Component is a part of the total made of some of the fields (appraisal against the index, a
// satisfaction survey …); its maximum is the sum of theirs.
type Component struct {
	Slug, NameVi, NameEn string
}

// Band is a class (nhóm, xếp loại) and the least total that reaches it: a percent of the maximum,
// or points when InPoints. Bands are listed best first; the last takes every total that reaches
// no other.
type Band struct {
	Code, LabelVi, LabelEn string
	Min                    float64
	InPoints               bool
}

// Cohort is a set of kinds of units that the issuer ranks among themselves (wards apart from
// communes and special zones).
type Cohort struct {
	Slug, NameVi, NameEn string
	Kinds                []string
}

// Framework is an issuer's version of the criteria and their maxima, its classes and how it
// ranks, in force from FirstYear until the same issuer's next framework. Issuer "" is in force
// wherever no issuer's framework is.
type Framework struct {
	ID, Name    string
	Issuer      string // unit ID of the issuing province or district
	FirstYear   int
	Source      int // source of the criteria and points; 0: SourceFramework
	Decision    int // source of the decision that issued it, when known apart from Source; 0: none
	Components  []Component
	Fields      []Field
	Adjustments []Adjustment
	Bands       []Band
	Cohorts     []Cohort
}

// MaxCents is the field's maximum points × 100.
func (f Field) MaxCents() int64 {
	var total int64
	for _, c := range f.Criteria {
		total += c.MaxCents
	}
	return total
}

// MaxCents is the framework's maximum points × 100: its fields', bonus points apart.
func (fw Framework) MaxCents() int64 {
	var total int64
	for _, f := range fw.Fields {
		total += f.MaxCents()
	}
	return total
}

// FieldIndex is the position of the field slug in the framework, or -1.
func (fw Framework) FieldIndex(slug string) int {
	for i, f := range fw.Fields {
		if f.Slug == slug {
			return i
		}
	}
	return -1
}

// Latest returns, of frameworks, the one with the latest first year not after year: the one in
// force that year where every framework has the same issuers' reach (the default dataset's).
func Latest(frameworks []Framework, year int) (Framework, bool) {
	var best Framework
	found := false
	for _, fw := range frameworks {
		if fw.FirstYear <= year && (!found || fw.FirstYear > best.FirstYear) {
			best, found = fw, true
		}
	}
	return best, found
}

// InForce returns, of frameworks, the one in force in year for a unit whose parent and province
// have the IDs given (after 1 July 2025 a commune's parent is its province: give its ID for
// both): its nearest issuer's, the parent's before the province's; of that issuer's, the latest
// whose first year is not after year; else the latest of issuer "" (everywhere). It is the
// Store's rule (the "unit frameworks" step of the derived tables), for the parts that need no
// database. An issuer is matched by SameIssuer.
func InForce(frameworks []Framework, parentID, provinceID string, year int) (Framework, bool) {
	var best Framework
	bestRank := -1
	for _, fw := range frameworks {
		if fw.FirstYear > year {
			continue
		}
		rank := -1
		switch {
		case fw.Issuer == "":
			rank = 0
		case SameIssuer(fw.Issuer, parentID):
			rank = 2
		case SameIssuer(fw.Issuer, provinceID):
			rank = 1
		}
		if rank > bestRank || rank == bestRank && rank >= 0 && fw.FirstYear > best.FirstYear {
			best, bestRank = fw, rank
		}
	}
	return best, bestRank >= 0
}

// SameIssuer reports whether the unit of ID unit is the issuer's, or a later or earlier version
// of it: the same code on the same side of the reorganisation of 1 July 2025. A district renamed
// keeps its framework; a province of 1 July 2025 does not inherit one from the province whose
// code it took (Bình Định's 52 went to Gia Lai), and issues its own.
func SameIssuer(issuer, unit string) bool {
	ic, il, _ := strings.Cut(issuer, "@")
	uc, ul, _ := strings.Cut(unit, "@")
	return ic == uc && (il >= Reorganised) == (ul >= Reorganised)
}

// Reorganised is the date of the two-level reorganisation, the list of its units.
const Reorganised = "2025-07-01"

// DefaultBands are the national PAR bands, which also match the published 2023 field averages;
// the Kế Sách thresholds are not published.
var DefaultBands = []Band{
	{"I", "Rất tốt", "Very good", 90, false},
	{"II", "Tốt", "Good", 80, false},
	{"III", "Khá", "Fair", 70, false},
	{"IV", "Trung bình", "Average", 50, false},
	{"V", "Yếu", "Weak", 0, false},
}

// FieldSlugs in the order of the framework.
var FieldSlugs = []string{"direction", "institutions", "procedures", "organisation", "civil_service", "public_finance", "e_government", "impact"}

// fieldsWith returns the shared field and criterion list with the maximum points of two criteria
// changed, which is how the illustrative frameworks differ from one another.
func fieldsWith(publicFinanceDisclosure, isoCents int64) []Field {
	return []Field{
		{"direction", "Công tác chỉ đạo, điều hành cải cách hành chính", "Direction and management of administrative reform", []Criterion{
			{"1.1", "Ban hành và thực hiện kế hoạch cải cách hành chính năm", 300},
			{"1.2", "Tuyên truyền cải cách hành chính", 200},
			{"1.3", "Giải pháp trong chỉ đạo, điều hành cải cách hành chính", 150},
			{"1.4", "Thực hiện nhiệm vụ do UBND tỉnh, UBND huyện giao", 200},
			{"1.5", "Duy trì, nhân rộng sáng kiến; sáng kiến, giải pháp mới", 150},
		}, ""},
		{"institutions", "Cải cách thể chế", "Institutional reform", []Criterion{
			{"2.1", "Kế hoạch theo dõi thi hành pháp luật", 300},
			{"2.2", "Tự kiểm tra, rà soát văn bản quy phạm pháp luật", 350},
			{"2.3", "Triển khai văn bản quy phạm pháp luật của cấp trên", 350},
		}, ""},
		{"procedures", "Cải cách thủ tục hành chính", "Administrative procedure reform", []Criterion{
			{"3.1", "Kế hoạch kiểm soát thủ tục hành chính", 200},
			{"3.2", "Rà soát, đánh giá, đơn giản hóa thủ tục hành chính", 250},
			{"3.3", "Niêm yết, công khai thủ tục hành chính", 200},
			{"3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính", 200},
			{"3.5", "Cơ chế một cửa, một cửa liên thông", 400},
			{"3.6", "Chế độ báo cáo định kỳ về thủ tục hành chính", 200},
		}, ""},
		{"organisation", "Cải cách tổ chức bộ máy hành chính", "Organisational reform", []Criterion{
			{"4.1", "Thực hiện quy định về tổ chức bộ máy", 400},
			{"4.2", "Quản lý, sử dụng biên chế", 400},
			{"4.3", "Chế độ báo cáo định kỳ về tổ chức bộ máy", 300},
		}, ""},
		{"civil_service", "Cải cách chế độ công vụ", "Civil service reform", []Criterion{
			{"5.1", "Vị trí việc làm và cơ cấu chức danh công chức", 400},
			{"5.2", "Tuyển dụng, sử dụng, quản lý cán bộ, công chức", 400},
			{"5.3", "Đào tạo, bồi dưỡng cán bộ, công chức", 300},
			{"5.4", "Đánh giá, xếp loại cán bộ, công chức", 300},
			{"5.5", "Kỷ luật, kỷ cương hành chính", 200},
		}, ""},
		{"public_finance", "Cải cách tài chính công", "Public finance reform", []Criterion{
			{"6.1", "Quản lý, sử dụng ngân sách được giao", 300},
			{"6.2", "Thực hiện cơ chế tự chủ về tài chính", 200},
			{"6.3", "Công khai tài chính, ngân sách", publicFinanceDisclosure},
		}, ""},
		{"e_government", "Xây dựng và phát triển Chính phủ điện tử", "E-government development", []Criterion{
			{"7.1", "Ứng dụng công nghệ thông tin trong hoạt động", 400},
			{"7.2", "Dịch vụ công trực tuyến", 500},
			{"7.3", "Văn bản điện tử, chữ ký số", 400},
			{"7.4", "Áp dụng hệ thống quản lý chất lượng ISO", isoCents},
		}, ""},
		{"impact", "Tác động của cải cách hành chính (tên chưa được công bố)", "Impact of administrative reform (name not published)", []Criterion{
			{"8.1", "Tác động đến người dân, tổ chức", 550},
			{"8.2", "Tác động đến chất lượng thể chế và thủ tục hành chính", 500},
			{"8.3", "Tác động đến phát triển kinh tế - xã hội tại địa phương", 500},
		}, ""},
	}
}

// The issuers of the default dataset's frameworks.
const (
	KeSachDistrict = "943@2025-03-01" // Huyện Kế Sách, Sóc Trăng, until 30 June 2025
	CanThoCity     = "92@2025-07-01"  // Thành phố Cần Thơ from 1 July 2025
)

// ReferenceFramework is the default dataset's framework of issuer "": in force wherever no
// issuer's framework has been imported, so that a steward can try a file before importing their
// own framework (and is told so).
const ReferenceFramework = "vn-tham-chieu"

// defaultFrameworks returns the framework versions of the default dataset: Kế Sách's own
// (the illustrative one of 2019–2021 and Decision 962/QĐ-UBND from 2022, whose issuing is
// official and whose criteria and points are illustrative), an illustrative one of Cần Thơ, the
// province the district's communes belong to from 1 July 2025, and the reference framework.
func defaultFrameworks() []Framework {
	return []Framework{
		{
			ID:        "ke-sach-2019",
			Name:      "Bộ chỉ số cấp xã huyện Kế Sách 2019–2021 (minh họa)",
			Issuer:    KeSachDistrict,
			FirstYear: 2019,
			Fields:    fieldsWith(300, 200), // public finance 8, e-government 15
			Bands:     DefaultBands,
		},
		{
			ID:        "ke-sach-962-2022",
			Name:      "Quyết định 962/QĐ-UBND ngày 31/8/2022 của Chủ tịch UBND huyện Kế Sách (tiêu chí và điểm minh họa)",
			Issuer:    KeSachDistrict,
			FirstYear: 2022,
			Decision:  SourceKeSachDecision,
			Fields:    fieldsWith(200, 300), // national reference maxima
			Bands:     DefaultBands,
		},
		{
			ID:        ReferenceFramework,
			Name:      "Bộ chỉ số tham chiếu theo PAR INDEX quốc gia (minh họa), áp dụng nơi chưa nhập bộ chỉ số của cơ quan ban hành",
			FirstYear: 2018,
			Fields:    fieldsWith(200, 300),
			Bands:     DefaultBands,
		},
		{
			ID:        "can-tho-2025",
			Name:      "Bộ chỉ số cấp xã TP. Cần Thơ 2025 (minh họa)",
			Issuer:    CanThoCity,
			FirstYear: 2025,
			Fields:    fieldsWith(200, 300),
			Bands:     DefaultBands,
		},
	}
}
