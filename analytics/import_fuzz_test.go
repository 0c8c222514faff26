package analytics

import (
	"cmp"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parindex/parindex/analytics/annex"

	"github.com/parindex/parindex/analytics/dataset"
)

// The fuzz tests feed arbitrary bytes to the readers and parsers of imported files. In CI they
// run their seed corpus only (the files of testdata/import and testdata/fuzz); run them longer
// with, e.g., go test ./analytics -run '^$' -fuzz '^FuzzImportCSV$' -fuzztime 3m.

var fuzzState struct {
	once sync.Once
	fw   *importFramework
	iu   *importUnits
	err  error
}

// fuzzTarget is the 2024 framework and units of the default dataset, built once in memory from
// the embedded dataset, without DuckDB: opening a store in every fuzz worker (instrumented) took
// most of the fuzzing time.
func fuzzTarget(t testing.TB) (*frameworkSet, *importUnits) {
	fuzzState.once.Do(func() {
		ds, err := dataset.Default()
		if err != nil {
			fuzzState.err = err
			return
		}
		r := datasetRefs(ds)
		if def, ok := dataset.Latest(ds.Frameworks, 2024); ok {
			fw := &importFramework{id: def.ID, byCode: map[string]int{}}
			for _, f := range def.Fields {
				fw.fields = append(fw.fields, FieldRef{Slug: f.Slug, NameVi: f.NameVi, NameEn: f.NameEn})
				for _, c := range f.Criteria {
					fw.byCode[c.Code] = len(fw.criteria)
					fw.criteria = append(fw.criteria, importCriterion{code: c.Code, field: f.Slug, maxCents: c.MaxCents})
					fw.maxCents += c.MaxCents
				}
			}
			for _, b := range def.Bands {
				min := b.Min
				fw.bands = append(fw.bands, Group{Code: b.Code, Label: b.LabelVi, LabelEn: b.LabelEn, MinPercent: &min})
			}
			fuzzState.fw = fw
		}
		fuzzState.iu = newImportUnits(r, 2024)
	})
	if fuzzState.err != nil || fuzzState.fw == nil {
		t.Fatal("no 2024 framework in the default dataset", fuzzState.err)
	}
	return oneFramework(fuzzState.fw), fuzzState.iu
}

// datasetRefs is the reference data of a dataset's units as a Store reads it (refresh), without
// DuckDB: each version with the years it existed at the end of, its parent's and province's
// versions, and its links; sortKey is its place in the dataset.
func datasetRefs(ds *dataset.Dataset) *refs {
	r := &refs{units: map[string]*unitRef{}, byCode: map[string][]*unitRef{}}
	for i, u := range ds.Units {
		ref := &unitRef{id: u.ID(), list: u.List, index: i, sortKey: i, from: math.MinInt, to: math.MaxInt, parentID: u.ParentID(),
			ref: UnitRef{ID: u.ID(), Code: u.Code, Name: u.Name, ShortName: u.ShortName, Kind: u.Kind}}
		if u.ParentCode != "" {
			ref.ref.Parent = &u.ParentCode
		}
		if d, err := time.Parse(time.DateOnly, u.ValidFrom); err == nil {
			ref.from = d.Year()
		}
		if d, err := time.Parse(time.DateOnly, u.ValidTo); err == nil {
			ref.to = d.Year()
			if d.Month() != time.December || d.Day() != 31 {
				ref.to-- // gone before the end of its last year
			}
		}
		r.units[ref.id] = ref
		r.byCode[u.Code] = append(r.byCode[u.Code], ref)
	}
	for _, u := range r.units {
		p := u
		for p.parentID != "" && r.units[p.parentID] != nil {
			p = r.units[p.parentID]
		}
		u.provinceID = p.id
	}
	links := slices.Clone(ds.Lineage)
	slices.SortFunc(links, func(a, b dataset.Lineage) int {
		return cmp.Or(strings.Compare(a.Predecessor, b.Predecessor), strings.Compare(a.Successor, b.Successor))
	})
	for _, l := range links {
		if u := r.units[l.Predecessor]; u != nil {
			u.successors = append(u.successors, l.Successor)
		}
		if u := r.units[l.Successor]; u != nil {
			u.predecessors = append(u.predecessors, l.Predecessor)
		}
	}
	return r
}

// TestFuzzTargetMatchesStore checks that the fuzz tests' in-memory framework and units are those
// an import against the default store uses.
func TestFuzzTargetMatchesStore(t *testing.T) {
	fws, iu := fuzzTarget(t)
	fw := fws.primary()
	s := openDefault(t)
	r := s.refs.Load()
	want := newFrameworkSet(r, newImportUnits(r, 2024)).of(iu.byCode["31528"]) // Thị trấn Kế Sách
	if want == nil {
		t.Fatal("no framework in force for 31528 in 2024")
	}
	if fw.id != want.id || fw.maxCents != want.maxCents || fw.codeList() != want.codeList() || fw.groupList() != want.groupList() {
		t.Errorf("framework: %s %d %s; store %s %d %s", fw.id, fw.maxCents, fw.groupList(), want.id, want.maxCents, want.groupList())
	}
	wantUnits := newImportUnits(r, 2024)
	if len(iu.all) != len(wantUnits.all) || len(iu.children) != len(wantUnits.children) {
		t.Errorf("units: %d in %d parents; store %d in %d", len(iu.all), len(iu.children), len(wantUnits.all), len(wantUnits.children))
	}
	for code, u := range wantUnits.byCode {
		if got := iu.byCode[code]; got == nil || got.id != u.id || got.parentID != u.parentID || got.provinceID != u.provinceID {
			t.Errorf("unit %s: fuzz target %+v, store %+v", code, got, u)
		}
	}
	for id, us := range wantUnits.children {
		if len(iu.children[id]) != len(us) || iu.parents[id] == nil {
			t.Errorf("parent %s: %d units in the fuzz target, %d in the store", id, len(iu.children[id]), len(us))
		}
	}
}

func addCorpus(f *testing.F, exts ...string) {
	files, _ := filepath.Glob("../testdata/import/*")
	for _, file := range files {
		for _, ext := range exts {
			if strings.HasSuffix(file, ext) {
				data, err := os.ReadFile(file)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data)
			}
		}
	}
}

// checkParsed asserts what every parse must hold, whatever the input: problems have a code and
// a message, a unit appears once, every score is between 0 and its criterion's maximum.
func checkParsed(t *testing.T, p *parsedFile, fws *frameworkSet) {
	seen := map[string]*unitRef{}
	for _, u := range p.units {
		if seen[u.id] != nil {
			t.Fatalf("unit %s parsed twice", u.id)
		}
		seen[u.id] = u
	}
	for _, sc := range p.scores {
		u := seen[sc.UnitID]
		if u == nil {
			t.Fatalf("score of a unit not parsed: %+v", sc)
		}
		fw := fws.of(u)
		ci, ok := fw.byCode[sc.Criterion]
		least := int64(0)
		if ok && fw.criteria[ci].kind == dataset.AdjustmentPenalty {
			least = -fw.criteria[ci].maxCents
		}
		if !ok || sc.Cents < least || sc.Cents > max(fw.criteria[ci].maxCents, 0) || least < 0 && sc.Cents > 0 {
			t.Fatalf("score out of bounds accepted: %+v", sc)
		}
	}
	for _, pr := range append(p.problems, p.warnings...) {
		if pr.Code == "" || pr.Message == "" || pr.Row < 0 {
			t.Fatalf("problem without code, message or row: %+v", pr)
		}
	}
}

// FuzzImportCSV reads arbitrary text as a CSV file, long or annex.
func FuzzImportCSV(f *testing.F) {
	addCorpus(f, ".csv", ".pdf")
	f.Add([]byte("unit_code,criterion_code,points\n31564,1.1,\"2,5\"\n"))
	f.Add([]byte("STT;Tên đơn vị;1.1;Tổng điểm;Xếp loại\n1;An Mỹ;3;3;I\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, iu := fuzzTarget(t)
		sheets, err := annex.Read(data, "")
		if err != nil {
			return
		}
		for _, sh := range sheets {
			if isLongTable(sh) {
				checkParsed(t, parseLong(sh, fw, iu), fw)
			} else {
				checkParsed(t, parseAnnex(sh, fw, iu, false), fw)
				checkParsed(t, parseAnnex(sh, fw, iu, true), fw)
			}
		}
	})
}

// FuzzImportXLSX reads arbitrary bytes as a workbook (the seeds are the corpus's workbooks, which
// the fuzzer mutates inside their ZIP structure).
func FuzzImportXLSX(f *testing.F) {
	addCorpus(f, ".xlsx")
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, iu := fuzzTarget(t)
		if len(data) < 4 {
			return
		}
		data = append([]byte("PK\x03\x04"), data[4:]...)
		sheets, err := annex.Read(data, "")
		if err != nil {
			if _, ok := err.(*annex.FileError); !ok {
				t.Fatalf("an unreadable workbook gave %T %v, want a annex.FileError", err, err)
			}
			return
		}
		for _, sh := range sheets {
			checkParsed(t, parseAnnex(sh, fw, iu, false), fw)
		}
	})
}

// FuzzParseNumber checks that numbers as typed parse back to what was written.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"68,87", "68.87", "68,87%", "1.234,5", "1,234.5", " 7 ", "-0", "1e3", "", ",", "9,9,9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := annex.ParseNumber(s)
		if !ok {
			return
		}
		if v != v || v > 1e33 || v < -1e33 {
			t.Fatalf("annex.ParseNumber(%q) = %v", s, v)
		}
		if c := annex.Cents(v); v >= 0 && v < 1e6 {
			if back, ok := annex.ParseNumber(formatCents(c)); !ok || annex.Cents(back) != c {
				t.Fatalf("%q -> %d cents -> %q -> %v", s, c, formatCents(c), back)
			}
		}
	})
}
