package dataset

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The national illustrative dataset: every unit of the registry (every version of every unit of
// the official lists from 13/12/2017 to 01/07/2025, and the links between them; see
// registry.go), the communes of each year from 2005 to 2024 scored as the lists stood at the end
// of that year (11,162 in 2018, 10,614 in 2020, 10,599 in 2022, 10,472 in 2024; the years before
// 2018, older than the lists, take the communes of the end of 2017), and the 3,321 communes of the
// list of 01/07/2025 scored in 2025. It exists to measure parindex at the scale of the country
// (about 9 M criterion scores); every score comes from the illustrative generator and says so
// (source kind ILLUSTRATIVE). Only the units, their names, codes and dates, and the links are
// real.
//
// Communes are scored on the framework in force for them (InForce, the Store's rule): two
// national frameworks of issuer "" (2005–2015 and from 2016) where no issuer has its own, and
// illustrative frameworks of a dozen provinces and two districts (issuerOutlines, and the
// default dataset's Kế Sách and Cần Thơ) with other field maxima, three to five classes with
// their own labels, thresholds in percent or in points, a satisfaction survey beside the
// appraisal, bonus and penalty points, wards ranked apart from communes, and frameworks
// replaced in a later year. A commune's target total is a percent of the maximum whichever
// framework it is scored on, so its trend crosses a change of framework smoothly.
//
// It is built from the same pieces as the default dataset: the dataset struct, the generator's
// buildYear (one call per district version and year: field averages of the district and
// deviations of its communes in, criterion scores out), and the Store's load transaction, fed by
// a stream so that the scores go from the generator to the Appender without being held.
//
// The model, in percent of the maximum: a commune's total in a year is the national level of
// the year (the sum of eight field curves, each with its own trend; e-government rises fastest)
// plus a persistent level and trend of its province, a persistent level of its district, a
// persistent strength and trend of its own (a few communes are markedly weak), and a small
// yearly shock. Provinces also lean towards some fields.
//
// A commune's traits belong to the commune, not to one version of it: they are drawn from its
// identity, the code of the earliest version of its chain of same-unit links (renamed, kind
// changed, moved, re-parented, code changed), and its district's level is that of the district
// the chain starts in, so a commune renamed, made a phường or moved to another district goes on
// from where it was with only the yearly shock; its weak criteria stay the same too. A receiver
// that keeps its code keeps its traits through a merger; a commune formed with a new code starts
// a chain of its own. Versions of a code that the lists lose for a while (no link between them)
// share the code's traits.
//
// A commune created on 01/07/2025 starts from the mean of its predecessors' 2024 totals plus the
// national change and a shock. The crosswalk names the communes of the list of 01/03/2025; those
// formed or changed on 01/01/2025 are followed back (established and inferred links, never
// candidates) to the versions that existed at the end of 2024 and were scored.
//
// Every value is a function of the unit's identity, its ancestors and the year (a district's
// field averages depend on its communes of that year, all in one province), so a build reduced to
// some provinces or years scores the units it keeps exactly as the full build does (except new
// communes that lose predecessors to the reduction).

// Years of the national dataset.
const (
	NationalFirstYear = 2005 // first year of the communes before the 2025 reorganisation
	NationalLastYear  = 2024 // their last year
	NationalNewYear   = 2025 // the year of the communes created on 2025-07-01
)

// sameUnit are the changes after which a version is the same commune: its traits go on.
var sameUnit = map[string]bool{
	ChangeRenamed: true, ChangeKindChanged: true, ChangeMoved: true, ChangeParentChanged: true, ChangeCodeChanged: true,
}

// nationalCommune is a version of a commune before the reorganisation and the keys of the traits
// it scores with.
type nationalCommune struct {
	id, parent         string // IDs of the version and of its district's version
	validFrom, validTo string
	key                string // its identity: the code of its chain's earliest version
	district, province string // the keys of its district's and its province's traits
}

// existedAtEnd reports whether the version was valid on the last day of year, as the Store
// decides which units a year lists.
func (c *nationalCommune) existedAtEnd(year int) bool {
	return validAtEnd(c.validFrom, c.validTo, year)
}

// validAtEnd reports whether a version valid from from to to ("": open) was valid on the last
// day of year.
func validAtEnd(from, to string, year int) bool {
	end := fmt.Sprintf("%04d-12-31", year)
	return (from == "" || from <= end) && (to == "" || end <= to)
}

// nationalGroup is a parent and the communes it ranks in a year: a district version before the
// reorganisation, a province after it.
type nationalGroup struct {
	id, province string   // the parent's ID and the key of its province's traits
	units        []string // IDs of its communes
	keys         []string // keys of their traits (nil: their IDs)
	districts    []string // keys of their districts' traits (before the reorganisation)
}

// NationalPlan is what the generator needs beyond the dataset's tables.
type NationalPlan struct {
	first, last, newYear int
	frameworks           []Framework         // every framework of the dataset
	reference            map[int]Framework   // the framework of issuer "" in force each year
	communes             []nationalCommune   // versions of the old communes, in the registry's order
	provinces            []nationalGroup     // new communes by province, in the list's order
	preds                map[string][]string // new commune -> the scored communes of NationalLastYear it comes from
}

// National reads the registry and returns the national dataset's reference tables (its scores
// are left to the plan's Generate). It keeps the provinces of the lists before 01/07/2025 with
// the codes given (all when none): every version of their districts and communes, the links
// between them and from them, and the new communes and provinces those links reach. It scores
// the old communes from firstYear (NationalFirstYear when 0) to NationalLastYear.
func National(provinces []string, firstYear int) (*Dataset, *NationalPlan, error) {
	units, links, err := Registry()
	if err != nil {
		return nil, nil, err
	}
	first := NationalFirstYear
	if firstYear != 0 {
		first = firstYear
	}
	if first < 1990 || first > NationalLastYear {
		return nil, nil, fmt.Errorf("first year %d is outside 1990–%d", first, NationalLastYear)
	}

	byID := make(map[string]*Unit, len(units))
	oldProvinces := map[string]bool{}
	for i := range units {
		u := &units[i]
		byID[u.ID()] = u
		if u.Level == 1 && u.List != listAfter {
			oldProvinces[u.Code] = true
		}
	}
	keep := map[string]bool{}
	for _, code := range provinces {
		if !oldProvinces[code] {
			return nil, nil, fmt.Errorf("no province %q in the lists before %s", code, reformDay)
		}
		keep[code] = true
	}
	// The registry's provinces keep their codes until the reorganisation, and no link crosses
	// them before it.
	provinceOf := func(u *Unit) string {
		for u.ParentCode != "" {
			u = byID[u.ParentID()]
		}
		return u.Code
	}
	kept := map[string]bool{}
	for i := range units {
		if u := &units[i]; u.List != listAfter && (len(keep) == 0 || keep[provinceOf(u)]) {
			kept[u.ID()] = true
		}
	}
	for _, l := range links {
		if l.Change == ChangeReorganised && kept[l.Predecessor] {
			for id := l.Successor; id != "" && !kept[id]; id = byID[id].ParentID() {
				kept[id] = true
			}
		}
	}

	ds := &Dataset{
		Registry: true, // the registry's units, all of them or those of the provinces chosen
		Sources: []Source{
			{ID: SourceGenerator, Kind: "ILLUSTRATIVE", Title: "Dữ liệu minh họa toàn quốc do parindex tạo để đo hiệu năng, không phải kết quả chính thức"},
			{ID: SourceFramework, Kind: "ILLUSTRATIVE", Title: "Bộ chỉ số cấp xã minh họa: bộ chỉ số toàn quốc (điểm tối đa các lĩnh vực theo PAR INDEX quốc gia) và bộ chỉ số riêng của một số tỉnh, huyện; tiêu chí, điểm tối đa, điểm thưởng, điểm trừ và xếp loại minh họa"},
		},
	}
	for _, u := range units {
		if kept[u.ID()] {
			ds.Units = append(ds.Units, u)
		}
	}
	for _, l := range links {
		if kept[l.Predecessor] && kept[l.Successor] {
			ds.Lineage = append(ds.Lineage, l)
		}
	}

	// Identities: each version's earliest version through same-unit links.
	previous := map[string]string{}
	for _, l := range ds.Lineage {
		if sameUnit[l.Change] && l.Certainty == CertaintyEstablished {
			previous[l.Successor] = l.Predecessor
		}
	}
	earliest := func(id string) (*Unit, error) {
		for range len(previous) + 1 {
			p, ok := previous[id]
			if !ok {
				return byID[id], nil
			}
			id = p
		}
		return nil, fmt.Errorf("national dataset: the same-unit links of %s make a cycle", id)
	}
	plan := &NationalPlan{first: first, last: NationalLastYear, newYear: NationalNewYear, preds: map[string][]string{}}
	var newRows []Unit
	for _, u := range ds.Units {
		switch {
		case u.List == listAfter:
			newRows = append(newRows, u)
		case u.Level == 3:
			origin, err := earliest(u.ID())
			if err != nil {
				return nil, nil, err
			}
			district, err := earliest(origin.ParentID())
			if err != nil {
				return nil, nil, err
			}
			plan.communes = append(plan.communes, nationalCommune{
				id: u.ID(), parent: u.ParentID(), validFrom: u.ValidFrom, validTo: u.ValidTo,
				key: origin.Code, district: district.Code, province: provinceOf(&u),
			})
		}
	}
	plan.provinces = groupUnits(newRows, 2)

	// Predecessors of the new communes: the communes of the crosswalk, or what they were at the
	// end of the last year scored. A few old units are districts without communes (islands that
	// became special zones); they have no scores.
	into := map[string][]string{}
	for _, l := range ds.Lineage {
		if l.Change != ChangeReorganised && l.Certainty != CertaintyCandidate {
			into[l.Successor] = append(into[l.Successor], l.Predecessor)
		}
	}
	lastEnd := fmt.Sprintf("%04d-12-31", plan.last)
	for _, l := range ds.Lineage {
		if l.Change != ChangeReorganised || byID[l.Predecessor].Level != 3 {
			continue
		}
		seen := map[string]bool{}
		for _, id := range plan.preds[l.Successor] {
			seen[id] = true
		}
		var walk func(id string)
		walk = func(id string) {
			if seen[id] {
				return
			}
			seen[id] = true
			u := byID[id]
			switch {
			case validAtEnd(u.ValidFrom, u.ValidTo, plan.last):
				plan.preds[l.Successor] = append(plan.preds[l.Successor], id)
			case u.ValidFrom > lastEnd: // formed after it
				for _, p := range into[id] {
					walk(p)
				}
			}
		}
		walk(l.Predecessor)
	}

	var years []int
	for y := first; y <= plan.newYear; y++ {
		years = append(years, y)
	}
	ds.Frameworks, err = nationalFrameworks(years)
	if err != nil {
		return nil, nil, err
	}
	plan.reference = map[int]Framework{}
	for _, y := range years {
		if fw, ok := Latest(ds.Frameworks, y); ok {
			plan.reference[y] = fw
		}
	}
	issued, err := issuerFrameworks()
	if err != nil {
		return nil, nil, err
	}
	for _, fw := range issued {
		if kept[fw.Issuer] && inForceFrom(fw, issued, first, plan.newYear) {
			ds.Frameworks = append(ds.Frameworks, fw)
		}
	}
	// Kế Sách's framework from 2022 names the decision that issued it.
	if slices.ContainsFunc(ds.Frameworks, func(fw Framework) bool { return fw.Decision == SourceKeSachDecision }) {
		ds.Sources = append(ds.Sources, keSachDecision)
	}
	plan.frameworks = ds.Frameworks
	return ds, plan, nil
}

// inForceFrom reports whether an issuer's framework is in force in some year from first to
// last: it begins by last, and no framework of the same issuer (by code) replaces it by first.
func inForceFrom(fw Framework, all []Framework, first, last int) bool {
	if fw.FirstYear > last {
		return false
	}
	code, _, _ := strings.Cut(fw.Issuer, "@")
	for _, other := range all {
		if c, _, _ := strings.Cut(other.Issuer, "@"); c == code && other.FirstYear > fw.FirstYear && other.FirstYear <= first {
			return false
		}
	}
	return true
}

// groupsOf groups the old communes that existed at the end of year under their district
// versions, in the registry's order.
func (p *NationalPlan) groupsOf(year int) []nationalGroup {
	index := map[string]int{}
	var groups []nationalGroup
	for i := range p.communes {
		c := &p.communes[i]
		if !c.existedAtEnd(year) {
			continue
		}
		k, ok := index[c.parent]
		if !ok {
			k = len(groups)
			index[c.parent] = k
			groups = append(groups, nationalGroup{id: c.parent, province: c.province})
		}
		g := &groups[k]
		g.units = append(g.units, c.id)
		g.keys = append(g.keys, c.key)
		g.districts = append(g.districts, c.district)
	}
	return groups
}

// groupUnits groups the units of a level under their parents, keeping the list's order, and
// names each parent's province.
func groupUnits(rows []Unit, level int) []nationalGroup {
	parentOf := map[string]string{}
	for _, u := range rows {
		parentOf[u.Code] = u.ParentCode
	}
	index := map[string]int{}
	var groups []nationalGroup
	for _, u := range rows {
		if u.Level != level {
			continue
		}
		i, ok := index[u.ParentCode]
		if !ok {
			province := u.ParentCode
			for parentOf[province] != "" {
				province = parentOf[province]
			}
			i = len(groups)
			index[u.ParentCode] = i
			groups = append(groups, nationalGroup{id: UnitID(u.ParentCode, u.List), province: UnitID(province, u.List)})
		}
		groups[i].units = append(groups[i].units, u.ID())
	}
	return groups
}

// nationalCriterion is a criterion of the national framework, with its maximum points (× 100)
// in the version used up to 2015 and in the one used from 2016.
type nationalCriterion struct {
	code, name string
	cents2005  int64
	cents2016  int64
}

// nationalCriteria: five criteria per field. The names of the default framework are kept where
// they fit; the others are plausible, not taken from a decision. Each field's maxima add up to
// the national reference (10 / 10 / 14.5 / 11 / 16 / 7 / 16 / 15.5) in both versions; the 2016
// version moves points to online services and the one-stop shop.
var nationalCriteria = map[string][]nationalCriterion{
	"direction": {
		{"1.1", "Ban hành và thực hiện kế hoạch cải cách hành chính năm", 300, 300},
		{"1.2", "Tuyên truyền cải cách hành chính", 200, 200},
		{"1.3", "Giải pháp trong chỉ đạo, điều hành cải cách hành chính", 150, 150},
		{"1.4", "Thực hiện nhiệm vụ do UBND tỉnh, UBND huyện giao", 200, 200},
		{"1.5", "Duy trì, nhân rộng sáng kiến; sáng kiến, giải pháp mới", 150, 150},
	},
	"institutions": {
		{"2.1", "Kế hoạch theo dõi thi hành pháp luật", 200, 200},
		{"2.2", "Tự kiểm tra, rà soát văn bản quy phạm pháp luật", 250, 250},
		{"2.3", "Triển khai văn bản quy phạm pháp luật của cấp trên", 200, 200},
		{"2.4", "Phổ biến, giáo dục pháp luật", 200, 200},
		{"2.5", "Hòa giải ở cơ sở", 150, 150},
	},
	"procedures": {
		{"3.1", "Kế hoạch kiểm soát thủ tục hành chính", 200, 200},
		{"3.2", "Rà soát, đánh giá, đơn giản hóa thủ tục hành chính", 250, 250},
		{"3.3", "Niêm yết, công khai thủ tục hành chính", 300, 250},
		{"3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính", 250, 250},
		{"3.5", "Cơ chế một cửa, một cửa liên thông", 450, 500},
	},
	"organisation": {
		{"4.1", "Thực hiện quy định về tổ chức bộ máy", 300, 300},
		{"4.2", "Quản lý, sử dụng biên chế", 250, 250},
		{"4.3", "Chế độ báo cáo định kỳ về tổ chức bộ máy", 150, 150},
		{"4.4", "Kiện toàn tổ chức, bố trí người hoạt động không chuyên trách", 200, 200},
		{"4.5", "Thực hiện phân cấp, ủy quyền", 200, 200},
	},
	"civil_service": {
		{"5.1", "Vị trí việc làm và cơ cấu chức danh công chức", 400, 400},
		{"5.2", "Tuyển dụng, sử dụng, quản lý cán bộ, công chức", 400, 400},
		{"5.3", "Đào tạo, bồi dưỡng cán bộ, công chức", 300, 300},
		{"5.4", "Đánh giá, xếp loại cán bộ, công chức", 300, 300},
		{"5.5", "Kỷ luật, kỷ cương hành chính", 200, 200},
	},
	"public_finance": {
		{"6.1", "Quản lý, sử dụng ngân sách được giao", 200, 200},
		{"6.2", "Thực hiện cơ chế tự chủ về tài chính", 150, 150},
		{"6.3", "Công khai tài chính, ngân sách", 150, 150},
		{"6.4", "Quản lý, sử dụng tài sản công", 100, 100},
		{"6.5", "Thực hiện kết luận thanh tra, kiểm toán", 100, 100},
	},
	"e_government": {
		{"7.1", "Ứng dụng công nghệ thông tin trong hoạt động", 400, 300},
		{"7.2", "Dịch vụ công trực tuyến", 200, 400},
		{"7.3", "Văn bản điện tử, chữ ký số", 300, 300},
		{"7.4", "Áp dụng hệ thống quản lý chất lượng ISO", 400, 300},
		{"7.5", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", 300, 300},
	},
	"impact": {
		{"8.1", "Tác động đến người dân, tổ chức", 400, 400},
		{"8.2", "Tác động đến chất lượng thể chế và thủ tục hành chính", 300, 300},
		{"8.3", "Tác động đến phát triển kinh tế - xã hội tại địa phương", 300, 300},
		{"8.4", "Mức độ hài lòng của người dân, tổ chức với dịch vụ hành chính công", 350, 350},
		{"8.5", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", 200, 200},
	},
}

// nationalFrameworkChange is the first year of the second framework version.
const nationalFrameworkChange = 2016

// nationalFrameworks returns the two illustrative national framework versions, each with the
// given years it covers (a version that covers none is left out). Fields, their names and
// their maxima are those of the default framework.
func nationalFrameworks(years []int) ([]Framework, error) {
	versions := []struct {
		id, name string
		v2016    bool
	}{
		{"vn-minh-hoa-2005", "Bộ chỉ số CCHC cấp xã toàn quốc 2005–2015 (minh họa)", false},
		{"vn-minh-hoa-2016", "Bộ chỉ số CCHC cấp xã toàn quốc từ 2016 (minh họa)", true},
	}
	var out []Framework
	for _, v := range versions {
		fw := Framework{ID: v.id, Name: v.name, Bands: DefaultBands, FirstYear: -1}
		for _, y := range years {
			if (y >= nationalFrameworkChange) == v.v2016 && fw.FirstYear < 0 {
				fw.FirstYear = y
			}
		}
		if fw.FirstYear < 0 {
			continue
		}
		for _, f := range fieldsWith(200, 300) {
			crits, ok := nationalCriteria[f.Slug]
			if !ok {
				return nil, fmt.Errorf("national framework: no criteria for field %q", f.Slug)
			}
			nf := Field{Slug: f.Slug, NameVi: f.NameVi, NameEn: f.NameEn}
			for _, c := range crits {
				cents := c.cents2005
				if v.v2016 {
					cents = c.cents2016
				}
				nf.Criteria = append(nf.Criteria, Criterion{Code: c.code, Name: c.name, MaxCents: cents})
			}
			if nf.MaxCents() != f.MaxCents() {
				return nil, fmt.Errorf("national framework %s: field %s has %d cents, the reference %d", v.id, f.Slug, nf.MaxCents(), f.MaxCents())
			}
			fw.Fields = append(fw.Fields, nf)
		}
		out = append(out, fw)
	}
	return out, nil
}

// The issuers of the national dataset's own frameworks: provinces of the lists before
// 01/07/2025 (IDs of the list of 01/03/2025), two districts, and provinces of the list of
// 01/07/2025. A framework is matched to units by its issuer's code (see InForce), so a province
// that kept its code on 01/07/2025 keeps its framework until it issues another; none of the
// provinces below before 2025 has a code that another province took on 01/07/2025.
const (
	haNoiOld    = "01@2025-03-01"
	haNoiNew    = "01@2025-07-01"
	caoBang     = "04@2025-03-01"
	quangNinh   = "22@2025-03-01"
	haiDuong    = "30@2025-03-01"
	haiPhongOld = "31@2025-03-01"
	haiPhongNew = "31@2025-07-01"
	kienAn      = "307@2025-03-01" // Quận Kiến An, Hải Phòng, until 30 June 2025
	thanhHoa    = "38@2025-03-01"
	ngheAn      = "40@2025-03-01"
	binhDuong   = "74@2025-03-01"
	hauGiang    = "93@2025-03-01"
	socTrang    = "94@2025-03-01"
	lamDongNew  = "68@2025-07-01"
)

// satisfaction is the slug of a satisfaction survey's field and of its component.
const satisfaction = "satisfaction"

// issuerFramework outlines an illustrative framework of a province or district: the maximum
// points of the eight fields, whether it adds a satisfaction survey, bonus and penalty points,
// its classes and its cohorts. The criteria are the national ones, their maxima scaled to the
// fields'.
type issuerFramework struct {
	id, name, issuer string
	firstYear        int
	maxima           [8]int64 // cents of each field of FieldSlugs: 100 points, or the appraisal's part
	satisfaction     int64    // cents of the satisfaction survey's field; 0: none
	adjustments      bool     // bonus and penalty points
	bands            []Band
	cohorts          []Cohort
}

// excellentBands are five classes from Xuất sắc (≥ 90 %) to Yếu, with the thresholds of the
// three between.
func excellentBands(good, fair, average float64) []Band {
	return []Band{{"I", "Xuất sắc", "Excellent", 90, false}, {"II", "Tốt", "Good", good, false},
		{"III", "Khá", "Fair", fair, false}, {"IV", "Trung bình", "Average", average, false}, {"V", "Yếu", "Weak", 0, false}}
}

// goodBands are four classes from Tốt to Kém, as Cao Bằng's.
func goodBands(good, fair, average float64) []Band {
	return []Band{{"I", "Tốt", "Good", good, false}, {"II", "Khá", "Fair", fair, false},
		{"III", "Trung bình", "Average", average, false}, {"IV", "Kém", "Poor", 0, false}}
}

// issuerOutlines are the illustrative frameworks of provinces and districts. Real are only the
// issuers and the kinds of rules, which published decisions show: Cao Bằng's four classes
// (Tốt ≥ 90 %, Khá ≥ 70 %, Trung bình ≥ 50 %, Kém), Kiến An's 60 points of appraisal and 40 of
// measured satisfaction (2021), Bình Dương's 65 + 35, Hà Nội's bonus and penalty points (2025),
// Hải Phòng's wards ranked apart from its communes and special zones and its "xuất sắc" from 93
// points (2025), Hải Dương's classes by how well the tasks were done. Their years, criteria,
// maxima and thresholds are illustrative.
var issuerOutlines = []issuerFramework{
	{id: "ha-noi-2018", issuer: haNoiOld, firstYear: 2018,
		name:   "Bộ chỉ số CCHC cấp xã TP. Hà Nội 2018–2024 (minh họa)",
		maxima: [8]int64{900, 900, 1600, 1000, 1500, 800, 1800, 1500}, bands: excellentBands(80, 70, 50)},
	{id: "ha-noi-2025", issuer: haNoiNew, firstYear: 2025,
		name:   "Bộ chỉ số CCHC cấp xã TP. Hà Nội từ 2025, có điểm thưởng và điểm trừ (minh họa)",
		maxima: [8]int64{1000, 800, 1700, 900, 1400, 700, 2000, 1500}, adjustments: true, bands: excellentBands(80, 70, 50)},
	{id: "cao-bang-2018", issuer: caoBang, firstYear: 2018,
		name:   "Bộ chỉ số CCHC cấp xã tỉnh Cao Bằng 2018–2020 (minh họa)",
		maxima: [8]int64{1200, 1000, 1400, 1000, 1600, 800, 1400, 1600}, bands: excellentBands(80, 65, 50)},
	{id: "cao-bang-2021", issuer: caoBang, firstYear: 2021,
		name:   "Bộ chỉ số CCHC cấp xã tỉnh Cao Bằng từ 2021, xếp loại Tốt, Khá, Trung bình, Kém (minh họa)",
		maxima: [8]int64{1000, 1000, 1500, 1000, 1500, 700, 1700, 1600}, bands: goodBands(90, 70, 50)},
	{id: "quang-ninh-2016", issuer: quangNinh, firstYear: 2016,
		name:   "Bộ chỉ số CCHC cấp xã tỉnh Quảng Ninh từ 2016, có điểm thưởng và điểm trừ (minh họa)",
		maxima: [8]int64{1100, 900, 1500, 1000, 1500, 600, 1900, 1500}, adjustments: true, bands: excellentBands(80, 65, 50)},
	{id: "hai-duong-2019", issuer: haiDuong, firstYear: 2019,
		name:   "Bộ chỉ số CCHC cấp xã tỉnh Hải Dương từ 2019, xếp loại theo mức độ hoàn thành nhiệm vụ (minh họa)",
		maxima: [8]int64{1000, 1100, 1400, 1100, 1700, 700, 1500, 1500},
		bands: []Band{{"I", "Hoàn thành tốt nhiệm vụ", "Tasks well done", 80, false},
			{"II", "Hoàn thành nhiệm vụ", "Tasks done", 60, false}, {"III", "Chưa hoàn thành nhiệm vụ", "Tasks not done", 0, false}}},
	{id: "hai-phong-2017", issuer: haiPhongOld, firstYear: 2017,
		name:   "Bộ chỉ số CCHC cấp xã TP. Hải Phòng 2017–2024 (minh họa)",
		maxima: [8]int64{1000, 1000, 1500, 1200, 1600, 800, 1400, 1500}, bands: goodBands(85, 70, 50)},
	{id: "kien-an-2021", issuer: kienAn, firstYear: 2021,
		name:         "Bộ chỉ số CCHC cấp phường quận Kiến An (TP. Hải Phòng) từ 2021: thẩm định 60 điểm, đo lường sự hài lòng 40 điểm (minh họa)",
		maxima:       [8]int64{600, 600, 900, 600, 900, 400, 1000, 1000},
		satisfaction: 4000, bands: excellentBands(80, 70, 50)},
	{id: "hai-phong-2025", issuer: haiPhongNew, firstYear: 2025,
		name:   "Bộ chỉ số CCHC cấp xã TP. Hải Phòng từ 2025: phường xếp hạng riêng, xã và đặc khu xếp hạng riêng; xếp loại theo điểm (minh họa)",
		maxima: [8]int64{900, 900, 1600, 900, 1400, 700, 2000, 1600},
		bands: []Band{{"I", "Xuất sắc", "Excellent", 93, true}, {"II", "Tốt", "Good", 85, true},
			{"III", "Khá", "Fair", 70, true}, {"IV", "Trung bình", "Average", 50, true}, {"V", "Yếu", "Weak", 0, true}},
		cohorts: []Cohort{{"wards", "Phường", "Wards", []string{"Phường"}},
			{"communes", "Xã và đặc khu", "Communes and special zones", []string{"Xã", "Đặc khu"}}}},
	{id: "thanh-hoa-2017", issuer: thanhHoa, firstYear: 2017,
		name:   "Bộ chỉ số CCHC cấp xã tỉnh Thanh Hóa từ 2017 (minh họa)",
		maxima: [8]int64{1000, 1200, 1500, 1000, 1500, 800, 1500, 1500}, bands: goodBands(85, 70, 50)},
	{id: "nghe-an-2019", issuer: ngheAn, firstYear: 2019,
		name:   "Bộ chỉ số CCHC cấp xã tỉnh Nghệ An từ 2019, có điểm thưởng và điểm trừ (minh họa)",
		maxima: [8]int64{1000, 900, 1500, 1000, 1600, 700, 1700, 1600}, adjustments: true, bands: excellentBands(80, 70, 50)},
	{id: "binh-duong-2018", issuer: binhDuong, firstYear: 2018,
		name:         "Bộ chỉ số CCHC cấp xã tỉnh Bình Dương từ 2018: thẩm định 65 điểm, điều tra xã hội học 35 điểm (minh họa)",
		maxima:       [8]int64{650, 650, 950, 700, 1050, 450, 1050, 1000},
		satisfaction: 3500, bands: goodBands(85, 70, 50)},
	{id: "hau-giang-2019", issuer: hauGiang, firstYear: 2019,
		name:         "Bộ chỉ số CCHC cấp xã tỉnh Hậu Giang từ 2019: thẩm định 70 điểm, khảo sát sự hài lòng 30 điểm (minh họa)",
		maxima:       [8]int64{700, 700, 1000, 750, 1100, 500, 1150, 1100},
		satisfaction: 3000, bands: excellentBands(80, 65, 50)},
	{id: "soc-trang-2020", issuer: socTrang, firstYear: 2020,
		name:   "Bộ chỉ số CCHC cấp xã tỉnh Sóc Trăng từ 2020, có điểm thưởng và điểm trừ (minh họa)",
		maxima: [8]int64{1100, 1000, 1400, 1000, 1500, 700, 1700, 1600}, adjustments: true, bands: goodBands(85, 70, 50)},
	{id: "lam-dong-2025", issuer: lamDongNew, firstYear: 2025,
		name:   "Bộ chỉ số CCHC cấp xã tỉnh Lâm Đồng từ 2025 (minh họa)",
		maxima: [8]int64{1000, 1000, 1600, 1000, 1500, 600, 1800, 1500},
		bands: []Band{{"I", "Xuất sắc", "Excellent", 90, false}, {"II", "Tốt", "Good", 80, false},
			{"III", "Khá", "Fair", 65, false}, {"IV", "Trung bình", "Average", 0, false}}},
}

// satisfactionCriteria are the criteria of a satisfaction survey, with their shares of its points.
var satisfactionCriteria = []struct {
	code, name string
	share      int64
}{
	{"9.1", "Hài lòng về tiếp cận dịch vụ hành chính công", 20},
	{"9.2", "Hài lòng về thủ tục hành chính", 25},
	{"9.3", "Hài lòng về công chức trực tiếp giải quyết công việc", 30},
	{"9.4", "Hài lòng về kết quả giải quyết thủ tục hành chính", 25},
}

// nationalAdjustments are the bonus and penalty criteria of the frameworks that have them.
var nationalAdjustments = []Adjustment{
	{"10.1", "Điểm thưởng: sáng kiến, mô hình cải cách hành chính được công nhận", AdjustmentBonus, 200},
	{"10.2", "Điểm thưởng: được khen thưởng về cải cách hành chính trong năm", AdjustmentBonus, 100},
	{"11.1", "Điểm trừ: cán bộ, công chức vi phạm kỷ luật, kỷ cương hành chính bị xử lý", AdjustmentPenalty, 300},
	{"11.2", "Điểm trừ: chậm hoặc không báo cáo cải cách hành chính theo quy định", AdjustmentPenalty, 200},
}

// issuerFrameworks returns the frameworks of provinces and districts of the national dataset:
// issuerOutlines made whole, and the default dataset's frameworks of Kế Sách (the district,
// until 30 June 2025) and Cần Thơ (from 1 July 2025), so that both datasets score those units
// on the same frameworks.
func issuerFrameworks() ([]Framework, error) {
	var out []Framework
	for _, o := range issuerOutlines {
		fw := Framework{ID: o.id, Name: o.name, Issuer: o.issuer, FirstYear: o.firstYear, Bands: o.bands, Cohorts: o.cohorts}
		appraisal := ""
		if o.satisfaction > 0 {
			appraisal = "appraisal"
			fw.Components = []Component{
				{appraisal, "Điểm thẩm định theo bộ chỉ số", "Appraisal against the index"},
				{satisfaction, "Điểm khảo sát sự hài lòng của người dân, tổ chức", "Satisfaction survey"},
			}
		}
		for i, f := range fieldsWith(200, 300) {
			crits, ok := nationalCriteria[f.Slug]
			if !ok {
				return nil, fmt.Errorf("framework %s: no criteria for field %q", o.id, f.Slug)
			}
			weights := make([]int64, len(crits))
			for k, c := range crits {
				weights[k] = c.cents2016
			}
			cents := scaleCents(o.maxima[i], weights)
			nf := Field{Slug: f.Slug, NameVi: f.NameVi, NameEn: f.NameEn, Component: appraisal}
			for k, c := range crits {
				nf.Criteria = append(nf.Criteria, Criterion{Code: c.code, Name: c.name, MaxCents: cents[k]})
			}
			fw.Fields = append(fw.Fields, nf)
		}
		if o.satisfaction > 0 {
			weights := make([]int64, len(satisfactionCriteria))
			for k, c := range satisfactionCriteria {
				weights[k] = c.share
			}
			cents := scaleCents(o.satisfaction, weights)
			nf := Field{Slug: satisfaction, NameVi: "Sự hài lòng của người dân, tổ chức", NameEn: "Satisfaction of citizens and organisations", Component: satisfaction}
			for k, c := range satisfactionCriteria {
				nf.Criteria = append(nf.Criteria, Criterion{Code: c.code, Name: c.name, MaxCents: cents[k]})
			}
			fw.Fields = append(fw.Fields, nf)
		}
		if o.adjustments {
			fw.Adjustments = slices.Clone(nationalAdjustments)
		}
		if fw.MaxCents() != 10000 {
			return nil, fmt.Errorf("framework %s: fields of %d cents, want 100 points", o.id, fw.MaxCents())
		}
		out = append(out, fw)
	}
	for _, fw := range defaultFrameworks() {
		if fw.Issuer != "" {
			out = append(out, fw)
		}
	}
	return out, nil
}

// scaleCents shares total cents between criteria in proportion to weights, in tenths of a point,
// the rounding left to the largest.
func scaleCents(total int64, weights []int64) []int64 {
	var sum int64
	largest := 0
	for k, w := range weights {
		sum += w
		if w > weights[largest] {
			largest = k
		}
	}
	out := make([]int64, len(weights))
	var given int64
	for k, w := range weights {
		out[k] = int64(math.Round(float64(total*w)/float64(sum)/10)) * 10
		given += out[k]
	}
	out[largest] += total - given
	return out
}

// nationalCurves are the national field averages, percent: the value of 2005 and the change a
// year (illustrative).
var nationalCurves = map[string]struct{ start, slope float64 }{
	"direction":      {72, 0.75},
	"institutions":   {73, 0.6},
	"procedures":     {70, 0.9},
	"organisation":   {82, 0.5},
	"civil_service":  {72, 0.65},
	"public_finance": {73, 0.55},
	"e_government":   {50, 1.8},
	"impact":         {70, 0.6},
	satisfaction:     {76, 0.5},
}

const nationalMidYear = 2014.5 // where persistent trends cross zero

// nationalField is the national average of a field in a year, percent.
func nationalField(slug string, year int) float64 {
	c := nationalCurves[slug]
	return c.start + c.slope*float64(year-NationalFirstYear) + 0.7*noise("vn", slug, year)
}

// gauss is a deterministic, roughly normal number with mean 0 and standard deviation 1 (the sum
// of three uniform noises on [-1, 1)).
func gauss(parts ...any) float64 {
	var s float64
	for i := range 3 {
		s += noise(append(parts, i)...)
	}
	return s
}

// provinceLean is how far a province's field average sits from the national one in a year.
func provinceLean(province, slug string, year int) float64 {
	return 3*noise(province, slug) + 0.15*noise(province, slug, "trend")*(float64(year)-nationalMidYear)
}

// oldTarget is the total an old commune aims at in a year, percent, from the keys of its own,
// its district's and its province's traits.
func oldTarget(unit, district, province string, national float64, year int) float64 {
	t := float64(year) - nationalMidYear
	v := national +
		4*gauss(province, "level") + 0.15*noise(province, "slope")*t +
		2.5*gauss(district, "level") +
		5*gauss(unit, "level") + 0.25*noise(unit, "slope")*t +
		1.5*noise(unit, "shock", year)
	if noise(unit, "weak") < -0.96 { // about 2 % of communes lag well behind
		v -= 10
	}
	return v
}

// Generate streams the scores: every year's districts of the old communes, then every
// province of the new ones, one emit per parent and year, each scored on the framework in force
// for its units. It returns how many district-years had their deviations shrunk to fit the
// maxima.
func (p *NationalPlan) Generate(ctx context.Context, emit func([]Score) error) (int, error) {
	send := emit
	total := 0

	lastTotals := map[string]float64{} // percent, the last year of the old communes
	for year := p.first; year <= p.last; year++ {
		ref, ok := p.reference[year]
		if !ok {
			return total, fmt.Errorf("generate: no framework for %d", year)
		}
		national := nationalMean(ref, year)
		for _, d := range p.groupsOf(year) {
			if err := ctx.Err(); err != nil {
				return total, err
			}
			fw, err := p.inForce(d, year)
			if err != nil {
				return total, err
			}
			targets := make([]float64, len(d.units))
			for i := range d.units {
				targets[i] = oldTarget(d.keys[i], d.districts[i], d.province, national, year)
			}
			rows, retries, err := p.buildGroup(year, fw, d, targets)
			if err != nil {
				return total, err
			}
			total += retries
			if year == p.last {
				for u, v := range totalsOf(rows, fw) {
					lastTotals[u] = v
				}
			}
			if err := send(rows); err != nil {
				return total, err
			}
		}
	}

	ref, ok := p.reference[p.newYear]
	if !ok {
		return total, fmt.Errorf("generate: no framework for %d", p.newYear)
	}
	change := nationalMean(ref, p.newYear) - nationalMean(p.reference[p.last], p.last)
	for _, prov := range p.provinces {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		fw, err := p.inForce(prov, p.newYear)
		if err != nil {
			return total, err
		}
		targets := make([]float64, len(prov.units))
		var sum float64
		var n int
		missing := false
		for i, u := range prov.units {
			pred, ok := meanOf(p.preds[u], lastTotals)
			if !ok {
				targets[i] = math.NaN()
				missing = true
				continue
			}
			targets[i] = pred + change + 2*noise(u, "shock", p.newYear)
			sum += targets[i]
			n++
		}
		if missing {
			// Special zones made of island districts had no scored predecessor: they start
			// from the mean of the province's other communes.
			base := nationalMean(ref, p.newYear) + 4*gauss(prov.id, "level")
			if n > 0 {
				base = sum / float64(n)
			}
			for i, u := range prov.units {
				if math.IsNaN(targets[i]) {
					targets[i] = base + 2*noise(u, "shock", p.newYear)
				}
			}
		}
		rows, retries, err := p.buildGroup(p.newYear, fw, prov, targets)
		if err != nil {
			return total, err
		}
		total += retries
		if err := send(rows); err != nil {
			return total, err
		}
	}
	return total, nil
}

// inForce is the framework in force in year for the communes of a group: before the
// reorganisation the group is a district (its code and its province's), after it a province.
func (p *NationalPlan) inForce(g nationalGroup, year int) (Framework, error) {
	fw, ok := InForce(p.frameworks, g.id, g.province, year)
	if !ok {
		return Framework{}, fmt.Errorf("generate %s: no framework in force in %d", g.id, year)
	}
	return fw, nil
}

// nationalMean is the national average total of a year, percent.
func nationalMean(fw Framework, year int) float64 {
	var total, max float64
	for _, f := range fw.Fields {
		total += nationalField(f.Slug, year) * float64(f.MaxCents())
		max += float64(f.MaxCents())
	}
	return total / max
}

// buildGroup scores the communes of one parent in a year on framework fw: their bonus and
// penalty points, if it has any, then through the generator's buildYear the fields, from field
// averages of the parent (national, the province's lean, and a shift that makes their total the
// mean of the targets) and each commune's deviation from that mean. Targets are percents of the
// maximum and the fields aim at what the adjustments leave of them, so a commune's total follows
// its target whatever the framework: a trend crosses a change of framework smoothly.
func (p *NationalPlan) buildGroup(year int, fw Framework, g nationalGroup, targets []float64) ([]Score, int, error) {
	keys := g.keys
	if keys == nil {
		keys = g.units
	}
	var maxCents float64
	for _, f := range fw.Fields {
		maxCents += float64(f.MaxCents())
	}
	adjustments, adjusted := adjustmentScores(year, fw, g.units, keys)
	if adjustments != nil {
		targets = slices.Clone(targets)
		for i := range targets {
			targets[i] -= float64(adjusted[i]) / maxCents * 100
		}
	}
	meanTarget := Mean(targets)
	avgs := make(map[string]float64, len(fw.Fields))
	var base float64
	for _, f := range fw.Fields {
		avgs[f.Slug] = nationalField(f.Slug, year) + provinceLean(g.province, f.Slug, year)
		base += avgs[f.Slug] * float64(f.MaxCents()) / maxCents
	}
	for _, f := range fw.Fields {
		avgs[f.Slug] = math.Max(30, math.Min(99.5, avgs[f.Slug]+meanTarget-base))
	}

	// A commune cannot lose more in a field than the field's mean holds: buildYear shares a
	// deviation in proportion to each field's room above its mean, so bound the losses by the
	// tightest field, with a margin for buildYear's recentring.
	var upRoom float64
	for _, f := range fw.Fields {
		upRoom += float64(f.MaxCents()) / 100 * (1 - avgs[f.Slug]/100)
	}
	floor := math.Inf(-1)
	if upRoom > 0 {
		floor = math.Inf(1)
		for _, f := range fw.Fields {
			maxPts := float64(f.MaxCents()) / 100
			meanPts := maxPts * avgs[f.Slug] / 100
			weight := (maxPts - meanPts) / upRoom
			if weight > 0 {
				floor = math.Min(floor, meanPts/weight)
			}
		}
		floor *= -0.8
	}
	dev := make(map[string]float64, len(g.units))
	for i, u := range g.units {
		dev[u] = math.Max(floor, (targets[i]-meanTarget)*maxCents/10000)
	}
	for retries := 0; ; retries++ {
		rows, err := buildYear(year, fw, g.units, g.keys, avgs, dev, false, "impact")
		if err == nil {
			return append(rows, adjustments...), retries, nil
		}
		if retries == 8 {
			return nil, retries, fmt.Errorf("generate %s: %w", g.id, err)
		}
		for u := range dev {
			dev[u] *= 0.7
		}
	}
}

// adjustmentScores draws the bonus and penalty points of a framework that has them, and each
// unit's sum of them (cents): about one unit in four earns each bonus and one in ten loses each
// penalty's points, in quarter points; the others score 0 (a row all the same, as an annex has a
// column for each). nil when the framework has none.
func adjustmentScores(year int, fw Framework, units, keys []string) ([]Score, []int64) {
	if len(fw.Adjustments) == 0 {
		return nil, nil
	}
	rows := make([]Score, 0, len(units)*len(fw.Adjustments))
	sums := make([]int64, len(units))
	for i, u := range units {
		for _, a := range fw.Adjustments {
			var cents int64
			chance := 0.5 // noise above it: about one in four
			if a.Kind == AdjustmentPenalty {
				chance = 0.8
			}
			if noise(keys[i], a.Code, year) > chance {
				quarters := a.MaxCents / 25
				cents = 25 * min(quarters, 1+int64((noise(keys[i], a.Code, year, "points")+1)/2*float64(quarters)))
				if a.Kind == AdjustmentPenalty {
					cents = -cents
				}
			}
			rows = append(rows, Score{Year: year, UnitID: u, Criterion: a.Code, Cents: cents})
			sums[i] += cents
		}
	}
	return rows, sums
}

// totalsOf sums generated rows into each unit's total percent.
func totalsOf(rows []Score, fw Framework) map[string]float64 {
	var max int64
	for _, f := range fw.Fields {
		max += f.MaxCents()
	}
	cents := map[string]int64{}
	for _, r := range rows {
		cents[r.UnitID] += r.Cents
	}
	out := make(map[string]float64, len(cents))
	for u, c := range cents {
		out[u] = float64(c) / float64(max) * 100
	}
	return out
}

// Description is the national dataset's description as a data release records it.
func (p *NationalPlan) Description() string {
	count := func(groups []nationalGroup) int {
		n := 0
		for _, g := range groups {
			n += len(g.units)
		}
		return n
	}
	return fmt.Sprintf("Bộ dữ liệu minh họa toàn quốc: các xã, phường, thị trấn của từng năm %d–%d theo danh mục đơn vị hành chính (%d năm %d, %d năm %d) và %d xã, phường, đặc khu mới (%d); điểm do parindex tạo, không phải kết quả chính thức",
		p.first, p.last, count(p.groupsOf(p.first)), p.first, count(p.groupsOf(p.last)), p.last, count(p.provinces), p.newYear)
}

// Years are the first and last years of the old communes and the year of the new ones.
func (p *NationalPlan) Years() (first, last, newYear int) { return p.first, p.last, p.newYear }
