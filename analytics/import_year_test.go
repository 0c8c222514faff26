package analytics

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/parindex/parindex/analytics/annex"

	"github.com/parindex/parindex/analytics/dataset"
)

// A file of a year is matched against the units of that year's official list, and its names among
// the units under its issuer. The facts these tests rest on are the registry's (the official
// lists from 2017-12-13): huyện Quảng Hòa (049) was formed on 2020-03-01 from huyện Quảng Uyên
// (whose code it kept), huyện Phục Hoà (050) and a commune of huyện Trà Lĩnh (046), Xã Quốc
// Toản (01474); Xã Tự Do is a commune of huyện Quảng Hòa (01609) and of huyện Lạc Sơn, Hòa Bình
// (05338); Xã Ngọc Động of Quảng Hòa (01618) and of huyện Hà Quảng (01378), both in Cao Bằng.

var registryState struct {
	once sync.Once
	r    *refs
	err  error
}

// registryUnits are the units a file of year may name, from the default dataset's registry
// without DuckDB, under the issuer's area when issuer names one (its problem, if any, fails the
// test).
func registryUnits(t *testing.T, year int, issuer string) *importUnits {
	t.Helper()
	registryState.once.Do(func() {
		ds, err := dataset.Default()
		if err != nil {
			registryState.err = err
			return
		}
		registryState.r = datasetRefs(ds)
	})
	if registryState.err != nil {
		t.Fatal(registryState.err)
	}
	iu, problem, _ := newImportUnits(registryState.r, year).withIssuer(issuer)
	if problem != nil {
		t.Fatalf("issuer %q in %d: %+v", issuer, year, *problem)
	}
	return iu
}

// TestIssuerArea resolves issuers' texts to the districts or provinces of the year they name, and
// says what is wrong with those that name none of the year.
func TestIssuerArea(t *testing.T) {
	for _, tt := range []struct {
		issuer string
		year   int
		area   []string // codes of the area, in order
		code   string   // the problem's or warning's code
		says   []string // what its message and suggestion say
	}{
		{"UBND huyện Quảng Hòa", 2021, []string{"049"}, "", nil},
		{"Ủy ban nhân dân huyện Quảng Hoà, tỉnh Cao Bằng", 2021, []string{"049"}, "", nil},
		{"UBND HUYỆN QUẢNG HÒA TỈNH CAO BẰNG", 2024, []string{"049"}, "", nil},
		{"049", 2021, []string{"049"}, "", nil},
		// The code of 2018 is huyện Quảng Uyên's: a code names the unit that had it that year.
		{"049", 2018, []string{"049"}, "", nil},
		{"UBND huyện Quảng Uyên", 2019, []string{"049"}, "", nil},
		{"UBND tỉnh Cao Bằng", 2021, []string{"04"}, "", nil},
		{"UBND thành phố Cao Bằng", 2021, []string{"040"}, "", nil},
		{"UBND TP.Cao Bằng", 2021, []string{"040"}, "", nil},
		{"UBND huyện Kế Sách (minh họa)", 2024, []string{"943"}, "", nil},
		{"UBND huyện Châu Thành, tỉnh Sóc Trăng", 2023, []string{"942"}, "", nil},
		{"UBND huyện Châu Thành A", 2023, []string{"932"}, "", nil},
		{"UBND TP. Cần Thơ", 2025, []string{"92"}, "", nil},
		{"Phòng Nội vụ", 2021, nil, "", nil},
		{"", 2021, nil, "", nil},
		{"UBND huyện Châu Thành", 2023, nil, "ISSUER_AMBIGUOUS", []string{"names 10 units of 2023", "Huyện Châu Thành (942, tỉnh Sóc Trăng)", "tỉnh …"}},
		{"UBND huyện Quảng Hòa", 2018, nil, "ISSUER_NOT_IN_YEAR", []string{
			`the issuer "UBND huyện Quảng Hòa" names huyện Quảng Hòa (049) (2020–2024), which did not exist in 2018`,
			"huyện Trà Lĩnh (046)", "huyện Quảng Uyên (049)", "huyện Phục Hoà (050)"}},
		{"UBND huyện Quảng Uyên", 2021, nil, "ISSUER_NOT_IN_YEAR", []string{"(until 2019)", "in 2021 the issuer's units were in huyện Quảng Hòa (049)"}},
		{"UBND huyện Trà Lĩnh", 2021, nil, "ISSUER_NOT_IN_YEAR", []string{"in 2021 the issuer's units were in huyện Trùng Khánh (047) and huyện Quảng Hòa (049)"}},
		{"UBND huyện Kế Sách", 2025, nil, "ISSUER_NOT_IN_YEAR", []string{"huyện Kế Sách (943) (until 2024), which did not exist in 2025",
			"in 2025 the issuer's units were in thành phố Cần Thơ (92)"}},
		{"UBND huyện Châu Thành, tỉnh Cao Bằng", 2021, nil, "ISSUER_NOT_IN_PROVINCE", []string{"no unit of that name was in tỉnh Cao Bằng (04)", "tỉnh Sóc Trăng"}},
	} {
		t.Run(fmt.Sprintf("%d %s", tt.year, tt.issuer), func(t *testing.T) {
			registryUnits(t, tt.year, "") // the registry, read once
			iu, problem, warning := newImportUnits(registryState.r, tt.year).withIssuer(tt.issuer)
			var got []string
			for _, u := range iu.area {
				got = append(got, u.ref.Code)
			}
			if tt.code == "" {
				if problem != nil || warning != nil || !slices.Equal(got, tt.area) {
					t.Errorf("area %v, problem %+v, warning %+v; want area %v", got, problem, warning, tt.area)
				}
				return
			}
			said := problem
			if said == nil {
				said = warning
			}
			if said == nil || said.Code != tt.code {
				t.Fatalf("problem %+v, warning %+v; want %s", problem, warning, tt.code)
			}
			for _, s := range tt.says {
				if !strings.Contains(said.Message+" — "+said.Suggestion, s) {
					t.Errorf("%s does not say %q:\n%s — %s", said.Code, s, said.Message, said.Suggestion)
				}
			}
		})
	}
}

// TestImportNamesByIssuer reads a file of names only: a name shared by communes of two districts
// is resolved by the issuer, or refused with the candidates; a name shared inside the issuer's
// area is refused too; a name found only outside the area says where it is.
func TestImportNamesByIssuer(t *testing.T) {
	fw, _ := fuzzTarget(t) // the bands of the default frameworks, whose labels every year shares
	for _, tt := range []struct {
		name, issuer string
		year         int
		rows         []string
		want         []string // the IDs matched, in order
		code         string   // the one problem
		says         []string
	}{
		{name: "shared name, issuer's district", issuer: "UBND huyện Quảng Hòa", year: 2021, rows: []string{"Xã Tự Do"},
			want: []string{"01609@2025-03-01"}},
		{name: "shared name, the other district", issuer: "UBND huyện Lạc Sơn, tỉnh Hòa Bình", year: 2021, rows: []string{"xa Tu Do"},
			want: []string{"05338@2025-03-01"}},
		{name: "shared name, by the district's code", issuer: "049", year: 2021, rows: []string{"Tự Do"},
			want: []string{"01609@2025-03-01"}},
		{name: "shared name, no issuer", year: 2021, rows: []string{"Xã Tự Do"}, code: "AMBIGUOUS_UNIT",
			says: []string{`2 units are named "Xã Tự Do" in 2021`, "Xã Tự Do (01609, huyện Quảng Hòa, tỉnh Cao Bằng)",
				"Xã Tự Do (05338, huyện Lạc Sơn, tỉnh Hoà Bình)", "name the district in the issuer"}},
		{name: "shared name, an issuer that names no unit", issuer: "Phòng Nội vụ", year: 2021, rows: []string{"Xã Tự Do"}, code: "AMBIGUOUS_UNIT",
			says: []string{"01609", "05338"}},
		// Without an issuer, the district most rows are in decides (Thị trấn Quảng Uyên is only in 049).
		{name: "shared name, dominant district", year: 2021, rows: []string{"Thị trấn Quảng Uyên", "Xã Tự Do"},
			want: []string{"01576@2025-03-01", "01609@2025-03-01"}},
		{name: "shared inside the province", issuer: "UBND tỉnh Cao Bằng", year: 2021, rows: []string{"Xã Ngọc Động"}, code: "AMBIGUOUS_UNIT",
			says: []string{"2 units of the issuer's area are named", "Xã Ngọc Động (01618, huyện Quảng Hòa, tỉnh Cao Bằng)",
				"Xã Ngọc Động (01378, huyện Hà Quảng, tỉnh Cao Bằng)", "official codes"}},
		// Xã Quốc Toản moved from huyện Trà Lĩnh to huyện Quảng Hòa on 2020-03-01.
		{name: "moved commune, before", issuer: "UBND huyện Trà Lĩnh", year: 2019, rows: []string{"Xã Quốc Toản"},
			want: []string{"01474@2020-02-01"}},
		{name: "moved commune, after", issuer: "UBND huyện Quảng Hòa", year: 2021, rows: []string{"Xã Quốc Toản"},
			want: []string{"01474@2025-03-01"}},
		// Huyện Trà Lĩnh was merged into huyện Trùng Khánh the same day, but Xã Quốc Toản did not go with it.
		{name: "moved commune, named under the district that took its old one", issuer: "UBND huyện Trùng Khánh", year: 2021, rows: []string{"Xã Quốc Toản"}, code: "UNKNOWN_UNIT",
			says: []string{`no unit named "Xã Quốc Toản" was under huyện Trùng Khánh (047) in 2021`, "Xã Quốc Toản (01474, huyện Quảng Hòa, tỉnh Cao Bằng)"}},
		{name: "misspelled, suggestions from the area", issuer: "UBND huyện Quảng Hòa", year: 2021, rows: []string{"Xã Tự Da"}, code: "UNKNOWN_UNIT",
			says: []string{"did you mean Xã Tự Do (01609)?"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			iu := registryUnits(t, tt.year, tt.issuer)
			var b strings.Builder
			b.WriteString("STT,Tên đơn vị,Xếp loại\n")
			for i, name := range tt.rows {
				fmt.Fprintf(&b, "%d,%s,Khá\n", i+1, name)
			}
			sheets, err := annex.Read([]byte(b.String()), "")
			if err != nil {
				t.Fatal(err)
			}
			p := parseSheets(sheets, fw, iu, true)
			var got []string
			for _, u := range p.units {
				got = append(got, u.id)
			}
			if tt.code == "" {
				if len(p.problems) > 0 || !slices.Equal(got, tt.want) {
					t.Errorf("units %v, problems %+v; want %v", got, p.problems, tt.want)
				}
				return
			}
			if len(p.problems) != 1 || p.problems[0].Code != tt.code {
				t.Fatalf("problems %+v; want one %s", p.problems, tt.code)
			}
			for _, s := range tt.says {
				if pr := p.problems[0]; !strings.Contains(pr.Message+" — "+pr.Suggestion, s) {
					t.Errorf("%s does not say %q:\n%s — %s", pr.Code, s, pr.Message, pr.Suggestion)
				}
			}
		})
	}
}

// corpusQuangHoa is the illustrative 2021 published-results file of huyện Quảng Hòa (see
// import_corpus_test.go at the root): its 19 communes and towns by name only, as a steward writes
// them. Decision 395/QĐ-UBND of 09/3/2022 published only how many units fell in each group (2
// Tốt, 15 Khá, 2 Trung bình); which unit is in which group is invented, and the file says so.
const corpusQuangHoa = "../testdata/import/quang-hoa-2021-published-minh-hoa.csv"

func quangHoaRequest(year int) ImportRequest {
	return ImportRequest{Kind: ImportPublished, Year: year, Decision: "MINH-HOA-02/2021 (minh họa, không phải quyết định thật)", Date: "2022-03-09",
		Issuer: "UBND huyện Quảng Hòa", FileName: "quang-hoa-2021-published-minh-hoa.csv", Importer: "test"}
}

// TestImportByYearsList imports files of the years before the 2025 reorganisation against the
// units of their year: huyện Quảng Hòa's 2021 results by name (a district gone on 2025-07-01,
// formed in 2020, with a town moved in from huyện Phục Hoà), classed with the labels of tỉnh Cao
// Bằng's framework, the same file as 2018 (refused: the district did not exist), and a 2023 file
// of quận Sơn Trà naming a ward merged on 2025-01-01.
func TestImportByYearsList(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	caoBang := importCaoBang(t, s).Framework.ID

	// The facts: Thị trấn Hoà Thuận was in huyện Phục Hoà in 2019 and in huyện Quảng Hòa from
	// 2020-03-01, Xã Quốc Toản moved from huyện Trà Lĩnh to it on the same day.
	for _, f := range []struct {
		code         string
		year         int
		parent, from string
	}{{"01648", 2019, "050", ""}, {"01648", 2021, "049", "2020-03-01"}, {"01474", 2019, "046", ""}, {"01474", 2021, "049", "2020-03-01"}} {
		u, err := s.Unit(ctx, f.code, &f.year)
		if err != nil {
			t.Fatal(err)
		}
		if u.Parent == nil || *u.Parent != f.parent || f.from != "" && (u.ValidFrom == nil || *u.ValidFrom != f.from) {
			t.Errorf("%s in %d: parent %v, valid from %v; want %s, %q", f.code, f.year, deref(u.Parent), deref(u.ValidFrom), f.parent, f.from)
		}
	}
	moved, err := s.Unit(ctx, "01474", ptr(2021))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(moved.Lineage(), func(l LineageLink) bool {
		return l.Effective == "2020-03-01" && l.Predecessor.ID == "01474@2020-02-01" && deref(l.Predecessor.Parent) == "046" && l.Successor.ID == moved.ID
	}) {
		t.Errorf("01474: lineage %+v; want its move from 046 on 2020-03-01", moved.Lineage())
	}

	data := readCorpus(t, corpusQuangHoa)
	t.Run("2021 by name", func(t *testing.T) {
		rep, err := s.Import(ctx, quangHoaRequest(2021), data)
		if err != nil || rep.Status != ImportCommitted || rep.Units != 19 || rep.Published != 19 || len(rep.Warnings) != 0 {
			t.Fatalf("%v %+v; want 19 units committed without a warning", err, rep)
		}
		if want := []FrameworkUse{{ID: caoBang, Name: rep.Frameworks[0].Name, Units: 19}}; !slices.Equal(rep.Frameworks, want) {
			t.Errorf("checked against %+v; want Cao Bằng's framework for the 19 units", rep.Frameworks)
		}
		r := s.refs.Load()
		count := map[string]int{}
		for _, u := range newImportUnits(r, 2021).children["049@2025-03-01"] {
			pub := r.published[yearUnit{2021, u.id}]
			if pub == nil || pub.Source.Kind != SourceOfficial {
				t.Errorf("%s %s: published %+v; want the import's", u.ref.Code, u.ref.Name, pub)
				continue
			}
			// The class is Cao Bằng's: its code is the framework's own, not the reference's.
			if pub.Group.Framework != caoBang || !slices.Contains([]string{"TOT", "KHA", "TB"}, pub.Group.Code) {
				t.Errorf("%s %s: group %+v; want one of framework %s", u.ref.Code, u.ref.Name, pub.Group, caoBang)
			}
			count[pub.Group.Label]++
		}
		// Decision 395/QĐ-UBND's counts, which the illustrative file keeps.
		if want := map[string]int{"Tốt": 2, "Khá": 15, "Trung bình": 2}; fmt.Sprint(count) != fmt.Sprint(want) {
			t.Errorf("groups %v; want %v", count, want)
		}
		if pub := r.published[yearUnit{2021, "01648@2025-03-01"}]; pub == nil {
			t.Error("Thị trấn Hoà Thuận (01648) of huyện Quảng Hòa has no 2021 result")
		}
	})
	// Before it existed: refused, naming the districts of that year.
	for _, tt := range []struct {
		year  int
		codes []string
	}{{2019, []string{"ISSUER_NOT_IN_YEAR"}}, {2018, []string{"ISSUER_NOT_IN_YEAR"}}} {
		t.Run(fmt.Sprintf("%d, before the district existed", tt.year), func(t *testing.T) {
			req := quangHoaRequest(tt.year)
			req.OverrideYear = true // the file states 2021, and the decision's date is of 2022
			before, err := s.Checksum(ctx)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := s.Import(ctx, req, data)
			if err != nil || rep.Status != ImportRefused {
				t.Fatalf("%v %+v; want REFUSED", err, rep)
			}
			var codes []string
			for _, p := range rep.Problems {
				codes = append(codes, p.Code)
			}
			if !slices.Equal(codes, tt.codes) || !strings.Contains(rep.Problems[0].Suggestion, fmt.Sprintf("in %d the issuer's units were in huyện Phục Hoà (050), huyện Quảng Uyên (049) and huyện Trà Lĩnh (046)", tt.year)) {
				t.Errorf("problems %+v; want %v, naming the districts of %d", rep.Problems, tt.codes, tt.year)
			}
			if after, _ := s.Checksum(ctx); after != before {
				t.Error("a refused import changed the data")
			}
		})
	}
	t.Run("2023, a ward merged on 2025-01-01", func(t *testing.T) {
		// Quận Sơn Trà (Đà Nẵng) at the end of 2023: seven wards, Phường An Hải Đông among them,
		// merged into Phường An Hải Nam (formerly An Hải Tây) on 2025-01-01.
		year := 2023
		merged, err := s.Unit(ctx, "20281", &year)
		if err != nil {
			t.Fatal(err)
		}
		if merged.Name != "Phường An Hải Đông" || deref(merged.ValidTo) != "2024-12-31" {
			t.Fatalf("20281 in 2023: %s, valid to %s; want Phường An Hải Đông, gone after 2024-12-31", merged.Name, deref(merged.ValidTo))
		}
		wards, err := s.Units(ctx, UnitsQuery{Parent: ptr("493"), Year: &year})
		if err != nil || len(wards) != 7 {
			t.Fatalf("wards of 493 in 2023: %v %d", err, len(wards))
		}
		var b strings.Builder
		b.WriteString("STT,Tên đơn vị,Xếp loại\n")
		for i, w := range wards {
			fmt.Fprintf(&b, "%d,%s,%s\n", i+1, strings.Replace(w.Name, "Phường ", "P. ", 1), []string{"Tốt", "Khá"}[i%2])
		}
		req := ImportRequest{Kind: ImportPublished, Year: year, Decision: "MINH-HOA-03/2023 (minh họa, không phải quyết định thật)", Date: "2024-01-15",
			Issuer: "UBND quận Sơn Trà", FileName: "son-tra-2023-minh-hoa.csv", Importer: "test"}
		rep, err := s.Import(ctx, req, []byte(b.String()))
		if err != nil || rep.Status != ImportCommitted || rep.Units != 7 {
			t.Fatalf("%v %+v; want 7 wards committed", err, rep)
		}
		if pub := s.refs.Load().published[yearUnit{year, merged.ID}]; pub == nil {
			t.Errorf("%s has no 2023 result", merged.ID)
		}
	})
}
