package dataset

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

//go:embed data/*.csv
var facts embed.FS

// The official lists of administrative units the default dataset draws from.
const (
	listBefore = "2025-03-01" // last list before the 2025 reorganisation
	listAfter  = "2025-07-01" // first list after it
	reformDay  = "2025-07-01"
	lastOldDay = "2025-06-30"
)

// Sources of the default dataset.
const (
	SourceGenerator = 1
	SourceDecision  = 2
	SourceFramework = 3
	// The decision that issued Kế Sách's framework, as the announcement of 2023 cites it.
	SourceKeSachDecision = 4
)

// Source is where values come from: a decision, a framework, or the generator.
type Source struct {
	ID                    int
	Kind, Title, Decision string
	Issued, URL           string // empty: unknown
}

// keSachDecision is the decision that issued Kế Sách's framework, which the national dataset
// holds too.
var keSachDecision = Source{ID: SourceKeSachDecision, Kind: "OFFICIAL", Title: "Quyết định số 962/QĐ-UBND ngày 31/8/2022 của Chủ tịch Ủy ban nhân dân huyện Kế Sách về ban hành Chỉ số cải cách hành chính áp dụng đối với Ủy ban nhân dân các xã, thị trấn trên địa bàn huyện Kế Sách năm 2022 và những năm tiếp theo (trích dẫn trong tin công bố kết quả năm 2023)", Decision: "962/QĐ-UBND", Issued: "2022-08-31"}

// Unit is an administrative unit as an official list names it.
type Unit struct {
	Code, List, Name, ShortName, Kind string
	Level                             int
	ParentCode                        string
	ParentList                        string // the list of the parent's version; "": the unit's own
	ValidFrom, ValidTo                string
}

// ID is the unit's unambiguous ID, CODE@LIST.
func (u Unit) ID() string { return UnitID(u.Code, u.List) }

// ParentID is the ID of the parent's version ("" for a province).
func (u Unit) ParentID() string {
	switch {
	case u.ParentCode == "":
		return ""
	case u.ParentList != "":
		return UnitID(u.ParentCode, u.ParentList)
	}
	return UnitID(u.ParentCode, u.List)
}

// UnitID is the ID of the unit of that code in the official list of that date.
func UnitID(code, list string) string { return code + "@" + list }

// Lineage links a version of a unit to what it became on a date: its next version (renamed,
// moved …), another unit it merged into, or a candidate for that (see the Change and Certainty
// constants of registry.go).
type Lineage struct {
	Predecessor, Successor, Effective, Coverage string
	Change, Certainty                           string
	Basis                                       string // what the link rests on, in words
}

// Published is the group and rank a decision published for a unit and year.
type Published struct {
	Year          int
	UnitID, Group string
	Rank          int // 0: not published
	Source        int
}

type publishedAverageRow struct {
	Year           int
	ScopeID, Field string
	Average        string // empty: not published
	Rank           int
}

// Dataset is everything the default load writes.
type Dataset struct {
	Sources    []Source
	Units      []Unit
	Lineage    []Lineage
	Frameworks []Framework
	Published  []Published
	Averages   []publishedAverageRow
	Scores     []Score
	// Registry is set when Units and Lineage are the registry's (see Registry): all of them, or
	// those of chosen provinces (a national sample). A database loaded from another dataset is
	// brought up to the registry when it is next opened.
	Registry bool
}

// kindPrefixes are the name prefixes of the official lists, longest first.
var kindPrefixes = []string{"Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã"}

func shortName(name string) string {
	for _, p := range kindPrefixes {
		if rest, ok := strings.CutPrefix(name, p+" "); ok {
			return rest
		}
	}
	return name
}

// Default assembles the embedded facts and the illustrative scores.
func Default() (*Dataset, error) {
	ks, err := ReadFacts("data/ke-sach-units.csv")
	if err != nil {
		return nil, err
	}
	groups, err := ReadFacts("data/ke-sach-2023-published-groups.csv")
	if err != nil {
		return nil, err
	}
	averages, err := ReadFacts("data/ke-sach-2023-published-field-averages.csv")
	if err != nil {
		return nil, err
	}

	ds := &Dataset{
		Sources: []Source{
			{ID: SourceGenerator, Kind: "ILLUSTRATIVE", Title: "Dữ liệu minh họa do parindex tạo, không phải kết quả chính thức"},
			{ID: SourceDecision, Kind: "OFFICIAL", Title: "Quyết định 2234/QĐ-UBND ngày 27/12/2023 của Chủ tịch UBND huyện Kế Sách công bố Chỉ số cải cách hành chính cấp xã năm 2023 (tin của Phòng Nội vụ huyện Kế Sách)", Decision: "2234/QĐ-UBND", Issued: "2023-12-27"},
			{ID: SourceFramework, Kind: "ILLUSTRATIVE", Title: "Tiêu chí và điểm tối đa minh họa (điểm tối đa các lĩnh vực theo PAR INDEX quốc gia); bộ chỉ số của huyện chưa được công bố", Decision: "962/QĐ-UBND", Issued: "2022-08-31"},
			keSachDecision,
		},
		Frameworks: defaultFrameworks(),
	}

	// Units: every unit of every official list, and the links between them. The Kế Sách file
	// names the old communes scored and the new ones they became; its links must be the
	// crosswalk's.
	units, links, err := Registry()
	if err != nil {
		return nil, err
	}
	ds.Units, ds.Lineage, ds.Registry = units, links, true
	known := map[[2]string]string{}
	for _, l := range links {
		if l.Change == ChangeReorganised {
			known[[2]string{l.Predecessor, l.Successor}] = l.Coverage
		}
	}
	var oldUnits, newUnits []string
	preds := map[string][]string{}
	seenNew := map[string]bool{}
	for _, r := range ks {
		oldID, newID := UnitID(r["old_code"], listBefore), UnitID(r["new_code"], listAfter)
		if got, want := known[[2]string{oldID, newID}], strings.ToUpper(r["merge_type"]); got != want {
			return nil, fmt.Errorf("ke-sach-units.csv: %s -> %s is %q in the crosswalk, %q in the file", oldID, newID, got, want)
		}
		if r["old_district_code"] == "943" && !seenNew[newID] {
			seenNew[newID] = true
			newUnits = append(newUnits, newID)
		}
		preds[newID] = append(preds[newID], oldID)
	}

	// What decision 2234 published.
	pub := map[string]string{}
	var first string
	for _, r := range groups {
		year, err := strconv.Atoi(r["year"])
		if err != nil {
			return nil, fmt.Errorf("published groups: year %q: %w", r["year"], err)
		}
		id := UnitID(r["unit_code"], listBefore)
		row := Published{Year: year, UnitID: id, Group: r["published_group"], Source: SourceDecision}
		if r["published_rank"] != "" {
			if row.Rank, err = strconv.Atoi(r["published_rank"]); err != nil {
				return nil, fmt.Errorf("published groups: rank %q: %w", r["published_rank"], err)
			}
			if row.Rank == 1 {
				first = id
			}
		}
		pub[id] = row.Group
		oldUnits = append(oldUnits, id)
		ds.Published = append(ds.Published, row)
	}
	avg := map[string]float64{}
	slack := ""
	for _, r := range averages {
		year, err := strconv.Atoi(r["year"])
		if err != nil {
			return nil, fmt.Errorf("published averages: year %q: %w", r["year"], err)
		}
		rank, err := strconv.Atoi(r["published_rank_of_8"])
		if err != nil {
			return nil, fmt.Errorf("published averages: rank %q: %w", r["published_rank_of_8"], err)
		}
		row := publishedAverageRow{Year: year, ScopeID: UnitID("943", listBefore), Field: r["field_slug"], Average: r["published_average_percent"], Rank: rank}
		if row.Average == "" {
			slack = row.Field
		} else {
			v, err := strconv.ParseFloat(row.Average, 64)
			if err != nil {
				return nil, fmt.Errorf("published averages: %q: %w", row.Average, err)
			}
			avg[row.Field] = v
		}
		ds.Averages = append(ds.Averages, row)
	}

	ds.Scores, err = generateScores(generatorInput{
		anchorYear: 2023, firstYear: 2019, lastOld: 2024,
		oldUnits: oldUnits, groups: pub, firstPlace: first, averages: avg,
		newUnits: newUnits, newYear: 2025, preds: preds,
		frameworks: ds.Frameworks, slack: slack,
	})
	if err != nil {
		return nil, err
	}
	return ds, nil
}

// ReadFacts reads an embedded CSV file into maps keyed by the header.
func ReadFacts(name string) ([]map[string]string, error) {
	b, err := facts.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("read %s: empty file", name)
	}
	header := records[0]
	out := make([]map[string]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out, nil
}
