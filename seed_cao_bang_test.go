package main

import (
	"context"
	"math"
	"testing"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/analytics/dataset"
)

// A province with its own framework, for the tests of what the app shows of frameworks other
// than the default dataset's. Real: Cao Bằng's Decision 2402/QĐ-UBND of 08/12/2021 classes
// communes in four classes (Tốt ≥ 90 %, Khá 70 – < 90 %, Trung bình 50 – < 70 %, Kém < 50 %), and
// huyện Quảng Hòa's Decision 395/QĐ-UBND of 09/3/2022 gave its 19 communes and towns 2 Tốt,
// 15 Khá and 2 Trung bình for 2021. Illustrative: the criteria, their points and every score
// (which unit got which class is not known to us).
const (
	caoBangProvince  = "04@2025-03-01" // Tỉnh Cao Bằng
	quangHoaDistrict = "049"           // Huyện Quảng Hòa (Quảng Uyên until 29/02/2020)
	caoBangFramework = "cao-bang-2402-2021-minh-hoa"
	caoBangYear      = 2021
	caoBangDecision  = 40 // source IDs apart from the default dataset's
	caoBangCriteria  = 41
)

// quangHoaUnits are the 19 communes and towns of huyện Quảng Hòa at the end of 2021, as the
// registry holds them.
var quangHoaUnits = []string{
	"01474@2025-03-01", // Xã Quốc Toản
	"01576@2025-03-01", // Thị trấn Quảng Uyên
	"01579@2025-03-01", // Xã Phi Hải
	"01582@2025-03-01", // Xã Quảng Hưng
	"01594@2025-03-01", // Xã Độc Lập
	"01597@2025-03-01", // Xã Cai Bộ
	"01603@2025-03-01", // Xã Phúc Sen
	"01606@2025-03-01", // Xã Chí Thảo
	"01609@2025-03-01", // Xã Tự Do
	"01615@2025-03-01", // Xã Hồng Quang
	"01618@2025-03-01", // Xã Ngọc Động
	"01624@2025-03-01", // Xã Hạnh Phúc
	"01627@2025-03-01", // Thị trấn Tà Lùng
	"01630@2025-03-01", // Xã Bế Văn Đàn
	"01636@2025-03-01", // Xã Cách Linh
	"01639@2025-03-01", // Xã Đại Sơn
	"01645@2025-03-01", // Xã Tiên Thành
	"01648@2025-03-01", // Thị trấn Hoà Thuận
	"01651@2025-03-01", // Xã Mỹ Hưng
}

// quangHoaPercents are illustrative 2021 totals: 2 Tốt, 15 Khá, 2 Trung bình, as Decision 395
// counts them.
var quangHoaPercents = []float64{
	93.5, 90.75,
	88.25, 86.5, 85, 83.75, 82.5, 81, 79.25, 78.5, 77, 76.25, 75, 74.5, 73.25, 72, 70.5,
	66.75, 58.5,
}

// caoBangDataset is the Cao Bằng framework and the 2021 scores of Quảng Hòa, to add to the
// default dataset with Store.Load.
func caoBangDataset() *dataset.Dataset {
	criterion := func(code, name string, maxPoints float64) dataset.Criterion {
		return dataset.Criterion{Code: code, Name: name, MaxCents: int64(math.Round(maxPoints * 100))}
	}
	fw := dataset.Framework{
		ID:        caoBangFramework,
		Name:      "Bộ chỉ số cấp xã tỉnh Cao Bằng theo Quyết định 2402/QĐ-UBND ngày 08/12/2021 (tiêu chí và điểm minh họa)",
		Issuer:    caoBangProvince,
		FirstYear: caoBangYear,
		Source:    caoBangCriteria,
		Decision:  caoBangDecision,
		Fields: []dataset.Field{
			{Slug: "direction", NameVi: "Công tác chỉ đạo, điều hành cải cách hành chính", NameEn: "Direction and management of administrative reform",
				Criteria: []dataset.Criterion{criterion("1.1", "Kế hoạch cải cách hành chính năm", 6), criterion("1.2", "Tuyên truyền cải cách hành chính", 4)}},
			{Slug: "institutions", NameVi: "Cải cách thể chế", NameEn: "Institutional reform",
				Criteria: []dataset.Criterion{criterion("2.1", "Rà soát văn bản quy phạm pháp luật", 5), criterion("2.2", "Theo dõi thi hành pháp luật", 5)}},
			{Slug: "procedures", NameVi: "Cải cách thủ tục hành chính", NameEn: "Administrative procedure reform",
				Criteria: []dataset.Criterion{criterion("3.1", "Công khai thủ tục hành chính", 6.5), criterion("3.2", "Cơ chế một cửa, một cửa liên thông", 8)}},
			{Slug: "organisation", NameVi: "Cải cách tổ chức bộ máy hành chính", NameEn: "Organisational reform",
				Criteria: []dataset.Criterion{criterion("4.1", "Tổ chức bộ máy", 6), criterion("4.2", "Quản lý biên chế", 5)}},
			{Slug: "civil_service", NameVi: "Cải cách chế độ công vụ", NameEn: "Civil service reform",
				Criteria: []dataset.Criterion{criterion("5.1", "Vị trí việc làm", 8), criterion("5.2", "Kỷ luật, kỷ cương hành chính", 8)}},
			{Slug: "public_finance", NameVi: "Cải cách tài chính công", NameEn: "Public finance reform",
				Criteria: []dataset.Criterion{criterion("6.1", "Quản lý, sử dụng ngân sách", 4), criterion("6.2", "Công khai tài chính, ngân sách", 3)}},
			{Slug: "e_government", NameVi: "Xây dựng và phát triển chính quyền điện tử", NameEn: "E-government development",
				Criteria: []dataset.Criterion{criterion("7.1", "Ứng dụng công nghệ thông tin", 8), criterion("7.2", "Dịch vụ công trực tuyến", 8)}},
			{Slug: "impact", NameVi: "Tác động của cải cách hành chính", NameEn: "Impact of administrative reform",
				Criteria: []dataset.Criterion{criterion("8.1", "Tác động đến người dân, tổ chức", 8), criterion("8.2", "Tác động đến phát triển kinh tế - xã hội", 7.5)}},
		},
		Bands: []dataset.Band{
			{Code: "TOT", LabelVi: "Tốt", LabelEn: "Good", Min: 90},
			{Code: "KHA", LabelVi: "Khá", LabelEn: "Fair", Min: 70},
			{Code: "TB", LabelVi: "Trung bình", LabelEn: "Average", Min: 50},
			{Code: "KEM", LabelVi: "Kém", LabelEn: "Poor", Min: 0},
		},
	}
	ds := &dataset.Dataset{
		Sources: []dataset.Source{
			{ID: caoBangDecision, Kind: "OFFICIAL", Decision: "2402/QĐ-UBND", Issued: "2021-12-08",
				Title: "Quyết định 2402/QĐ-UBND ngày 08/12/2021 của UBND tỉnh Cao Bằng ban hành Bộ chỉ số cải cách hành chính cấp xã"},
			{ID: caoBangCriteria, Kind: "ILLUSTRATIVE", Decision: "2402/QĐ-UBND", Issued: "2021-12-08",
				Title: "Tiêu chí và điểm tối đa minh họa; các mức xếp loại theo Quyết định 2402/QĐ-UBND của UBND tỉnh Cao Bằng"},
		},
		Frameworks: []dataset.Framework{fw},
	}
	// Units take their totals in a shuffled order (which unit had which class is not published);
	// each criterion gets about the unit's percent of its maximum, some fields stronger than
	// others and every unit a little different, the rest spread so the total is exact.
	fieldBias := []float64{0.93, 1.03, 1.06, 0.98, 1.02, 0.9, 1.05, 0.99}
	for i, unit := range quangHoaUnits {
		target := int64(math.Round(quangHoaPercents[(i*7)%len(quangHoaPercents)] * float64(fw.MaxCents()) / 100))
		var rows []dataset.Score
		var sum int64
		for j, f := range fw.Fields {
			vary := fieldBias[j] * (1 + 0.05*math.Sin(float64(3*i+5*j)))
			for _, c := range f.Criteria {
				cents := min(c.MaxCents, max(0, int64(math.Round(float64(c.MaxCents)*float64(target)/float64(fw.MaxCents())*vary))))
				rows = append(rows, dataset.Score{Year: caoBangYear, UnitID: unit, Criterion: c.Code, Cents: cents})
				sum += cents
			}
		}
		for k := 0; sum != target; k = (k + 1) % len(rows) {
			maxCents := criterionMax(fw, rows[k].Criterion)
			switch {
			case sum < target && rows[k].Cents < maxCents:
				step := min(target-sum, maxCents-rows[k].Cents, 25)
				rows[k].Cents += step
				sum += step
			case sum > target && rows[k].Cents > 0:
				step := min(sum-target, rows[k].Cents, 25)
				rows[k].Cents -= step
				sum -= step
			}
		}
		ds.Scores = append(ds.Scores, rows...)
	}
	return ds
}

func criterionMax(fw dataset.Framework, code string) int64 {
	for _, f := range fw.Fields {
		for _, c := range f.Criteria {
			if c.Code == code {
				return c.MaxCents
			}
		}
	}
	return 0
}

// loadCaoBang adds the Cao Bằng framework and Quảng Hòa's 2021 scores to store.
func loadCaoBang(t testing.TB, store *analytics.Store) {
	t.Helper()
	if err := store.Load(context.Background(), caoBangDataset(), "Cao Bằng: Quyết định 2402/QĐ-UBND (xếp loại), kết quả 2021 của huyện Quảng Hòa (minh họa, số đơn vị mỗi loại theo Quyết định 395/QĐ-UBND ngày 09/3/2022)"); err != nil {
		t.Fatal(err)
	}
}
