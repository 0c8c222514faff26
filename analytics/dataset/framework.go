package dataset

// The frameworks of the default dataset. Decision 962/QĐ-UBND of 31/8/2022 (the Kế Sách framework
// used from 2022) exists, but its criteria and maximum points are not published where we can reach
// them: the criteria below paraphrase the 2023 announcement's description of each field, and the
// field maxima follow the national PAR INDEX reference (10 / 10 / 14.5 / 11 / 16 / 7 / 16 / 15.5).
// All of it is illustrative and every framework carries an ILLUSTRATIVE source.

// Field is a field (lĩnh vực) of a framework with its criteria.
type Field struct {
	Slug, NameVi, NameEn string
	Criteria             []Criterion
}

// Criterion is a criterion (tiêu chí) and its maximum points.
type Criterion struct {
	Code, Name string
	MaxCents   int64 // maximum points × 100
}

// Band is a group (nhóm) and the least percent of the maximum that reaches it.
type Band struct {
	Code, LabelVi, LabelEn string
	MinPercent             float64
}

// Framework is a version of the criteria and their maxima, used in the years it lists.
type Framework struct {
	ID, Name string
	Years    []int
	Fields   []Field
	Bands    []Band
}

// MaxCents is the field's maximum points × 100.
func (f Field) MaxCents() int64 {
	var total int64
	for _, c := range f.Criteria {
		total += c.MaxCents
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

// DefaultBands are the national PAR bands, which also match the published 2023 field averages;
// the Kế Sách thresholds are not published.
var DefaultBands = []Band{
	{"I", "Rất tốt", "Very good", 90},
	{"II", "Tốt", "Good", 80},
	{"III", "Khá", "Fair", 70},
	{"IV", "Trung bình", "Average", 50},
	{"V", "Yếu", "Weak", 0},
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
		}},
		{"institutions", "Cải cách thể chế", "Institutional reform", []Criterion{
			{"2.1", "Kế hoạch theo dõi thi hành pháp luật", 300},
			{"2.2", "Tự kiểm tra, rà soát văn bản quy phạm pháp luật", 350},
			{"2.3", "Triển khai văn bản quy phạm pháp luật của cấp trên", 350},
		}},
		{"procedures", "Cải cách thủ tục hành chính", "Administrative procedure reform", []Criterion{
			{"3.1", "Kế hoạch kiểm soát thủ tục hành chính", 200},
			{"3.2", "Rà soát, đánh giá, đơn giản hóa thủ tục hành chính", 250},
			{"3.3", "Niêm yết, công khai thủ tục hành chính", 200},
			{"3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính", 200},
			{"3.5", "Cơ chế một cửa, một cửa liên thông", 400},
			{"3.6", "Chế độ báo cáo định kỳ về thủ tục hành chính", 200},
		}},
		{"organisation", "Cải cách tổ chức bộ máy hành chính", "Organisational reform", []Criterion{
			{"4.1", "Thực hiện quy định về tổ chức bộ máy", 400},
			{"4.2", "Quản lý, sử dụng biên chế", 400},
			{"4.3", "Chế độ báo cáo định kỳ về tổ chức bộ máy", 300},
		}},
		{"civil_service", "Cải cách chế độ công vụ", "Civil service reform", []Criterion{
			{"5.1", "Vị trí việc làm và cơ cấu chức danh công chức", 400},
			{"5.2", "Tuyển dụng, sử dụng, quản lý cán bộ, công chức", 400},
			{"5.3", "Đào tạo, bồi dưỡng cán bộ, công chức", 300},
			{"5.4", "Đánh giá, xếp loại cán bộ, công chức", 300},
			{"5.5", "Kỷ luật, kỷ cương hành chính", 200},
		}},
		{"public_finance", "Cải cách tài chính công", "Public finance reform", []Criterion{
			{"6.1", "Quản lý, sử dụng ngân sách được giao", 300},
			{"6.2", "Thực hiện cơ chế tự chủ về tài chính", 200},
			{"6.3", "Công khai tài chính, ngân sách", publicFinanceDisclosure},
		}},
		{"e_government", "Xây dựng và phát triển Chính phủ điện tử", "E-government development", []Criterion{
			{"7.1", "Ứng dụng công nghệ thông tin trong hoạt động", 400},
			{"7.2", "Dịch vụ công trực tuyến", 500},
			{"7.3", "Văn bản điện tử, chữ ký số", 400},
			{"7.4", "Áp dụng hệ thống quản lý chất lượng ISO", isoCents},
		}},
		{"impact", "Tác động của cải cách hành chính (tên chưa được công bố)", "Impact of administrative reform (name not published)", []Criterion{
			{"8.1", "Tác động đến người dân, tổ chức", 550},
			{"8.2", "Tác động đến chất lượng thể chế và thủ tục hành chính", 500},
			{"8.3", "Tác động đến phát triển kinh tế - xã hội tại địa phương", 500},
		}},
	}
}

// Frameworks returns the three illustrative framework versions of the default dataset.
func defaultFrameworks() []Framework {
	return []Framework{
		{
			ID:     "ke-sach-2019",
			Name:   "Bộ chỉ số cấp xã huyện Kế Sách 2019–2021 (minh họa)",
			Years:  []int{2019, 2020, 2021},
			Fields: fieldsWith(300, 200), // public finance 8, e-government 15
			Bands:  DefaultBands,
		},
		{
			ID:     "ke-sach-962-2022",
			Name:   "Quyết định 962/QĐ-UBND ngày 31/8/2022 của Chủ tịch UBND huyện Kế Sách (tiêu chí và điểm minh họa)",
			Years:  []int{2022, 2023, 2024},
			Fields: fieldsWith(200, 300), // national reference maxima
			Bands:  DefaultBands,
		},
		{
			ID:     "can-tho-2025",
			Name:   "Bộ chỉ số cấp xã TP. Cần Thơ 2025 (minh họa)",
			Years:  []int{2025},
			Fields: fieldsWith(200, 300),
			Bands:  DefaultBands,
		},
	}
}
