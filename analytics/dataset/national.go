package dataset

import (
	"context"
	"fmt"
	"math"
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
	frameworks           map[int]Framework
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
			{ID: SourceFramework, Kind: "ILLUSTRATIVE", Title: "Bộ chỉ số cấp xã minh họa toàn quốc: tiêu chí và điểm tiêu chí minh họa; điểm tối đa các lĩnh vực theo PAR INDEX quốc gia"},
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
	plan.frameworks = map[int]Framework{}
	for _, y := range years {
		if fw, ok := Latest(ds.Frameworks, y); ok {
			plan.frameworks[y] = fw
		}
	}
	return ds, plan, nil
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
// province of the new ones, one emit per parent and year. It returns how many district-years
// had their deviations shrunk to fit the maxima.
func (p *NationalPlan) Generate(ctx context.Context, emit func([]Score) error) (int, error) {
	send := emit
	total := 0

	lastTotals := map[string]float64{} // percent, the last year of the old communes
	for year := p.first; year <= p.last; year++ {
		fw, ok := p.frameworks[year]
		if !ok {
			return total, fmt.Errorf("generate: no framework for %d", year)
		}
		national := nationalMean(fw, year)
		for _, d := range p.groupsOf(year) {
			if err := ctx.Err(); err != nil {
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

	fw, ok := p.frameworks[p.newYear]
	if !ok {
		return total, fmt.Errorf("generate: no framework for %d", p.newYear)
	}
	change := nationalMean(fw, p.newYear) - nationalMean(p.frameworks[p.last], p.last)
	for _, prov := range p.provinces {
		if err := ctx.Err(); err != nil {
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
			base := nationalMean(fw, p.newYear) + 4*gauss(prov.id, "level")
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

// nationalMean is the national average total of a year, percent.
func nationalMean(fw Framework, year int) float64 {
	var total, max float64
	for _, f := range fw.Fields {
		total += nationalField(f.Slug, year) * float64(f.MaxCents())
		max += float64(f.MaxCents())
	}
	return total / max
}

// buildGroup scores the communes of one parent in a year through the generator's buildYear:
// field averages of the parent (national, the province's lean, and a shift that makes their
// total the mean of the targets) and each commune's deviation from that mean.
func (p *NationalPlan) buildGroup(year int, fw Framework, g nationalGroup, targets []float64) ([]Score, int, error) {
	meanTarget := Mean(targets)
	var maxCents float64
	for _, f := range fw.Fields {
		maxCents += float64(f.MaxCents())
	}
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
			return rows, retries, nil
		}
		if retries == 8 {
			return nil, retries, fmt.Errorf("generate %s: %w", g.id, err)
		}
		for u := range dev {
			dev[u] *= 0.7
		}
	}
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
