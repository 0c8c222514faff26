package analytics

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
	sourceGenerator = 1
	sourceDecision  = 2
	sourceFramework = 3
)

type sourceRow struct {
	id                    int
	kind, title, decision string
	issued, url           string // empty: unknown
}

type unitRow struct {
	code, list, name, shortName, kind string
	level                             int
	parentCode                        string
	validFrom, validTo                string
}

func (u unitRow) id() string { return unitID(u.code, u.list) }

func unitID(code, list string) string { return code + "@" + list }

type lineageRow struct {
	predecessor, successor, effective, coverage string
}

type publishedRow struct {
	year          int
	unitID, group string
	rank          int // 0: not published
	source        int
}

type publishedAverageRow struct {
	year           int
	scopeID, field string
	average        string // empty: not published
	rank           int
}

// dataset is everything the default load writes.
type dataset struct {
	sources    []sourceRow
	units      []unitRow
	lineage    []lineageRow
	frameworks []frameworkDef
	published  []publishedRow
	averages   []publishedAverageRow
	scores     []scoreRow
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

// defaultDataset assembles the embedded facts and the illustrative scores.
func defaultDataset() (*dataset, error) {
	ks, err := readFacts("data/ke-sach-units.csv")
	if err != nil {
		return nil, err
	}
	before, err := readFacts("data/vn-units-2025-03-01.csv")
	if err != nil {
		return nil, err
	}
	after, err := readFacts("data/vn-units-2025-07-01.csv")
	if err != nil {
		return nil, err
	}
	groups, err := readFacts("data/ke-sach-2023-published-groups.csv")
	if err != nil {
		return nil, err
	}
	averages, err := readFacts("data/ke-sach-2023-published-field-averages.csv")
	if err != nil {
		return nil, err
	}

	ds := &dataset{
		sources: []sourceRow{
			{id: sourceGenerator, kind: "ILLUSTRATIVE", title: "Dữ liệu minh họa do parindex tạo, không phải kết quả chính thức"},
			{id: sourceDecision, kind: "OFFICIAL", title: "Quyết định 2234/QĐ-UBND ngày 27/12/2023 của Chủ tịch UBND huyện Kế Sách công bố Chỉ số cải cách hành chính cấp xã năm 2023 (tin của Phòng Nội vụ huyện Kế Sách)", decision: "2234/QĐ-UBND", issued: "2023-12-27"},
			{id: sourceFramework, kind: "ILLUSTRATIVE", title: "Tiêu chí và điểm tối đa minh họa (điểm tối đa các lĩnh vực theo PAR INDEX quốc gia); bộ chỉ số của huyện chưa được công bố", decision: "962/QĐ-UBND", issued: "2022-08-31"},
		},
		frameworks: defaultFrameworks(),
	}

	// Units: every unit named by the Kế Sách file, with the names, kinds and levels of the lists,
	// and their ancestors.
	wantBefore := map[string]bool{}
	wantAfter := map[string]bool{}
	var oldUnits, newUnits []string
	preds := map[string][]string{}
	seenNew := map[string]bool{}
	for _, r := range ks {
		wantBefore[r["old_code"]] = true
		wantAfter[r["new_code"]] = true
		oldID, newID := unitID(r["old_code"], listBefore), unitID(r["new_code"], listAfter)
		if r["old_district_code"] == "943" {
			if !seenNew[newID] {
				seenNew[newID] = true
				newUnits = append(newUnits, newID)
			}
		}
		preds[newID] = append(preds[newID], oldID)
		coverage := strings.ToUpper(r["merge_type"])
		ds.lineage = append(ds.lineage, lineageRow{oldID, newID, reformDay, coverage})
	}
	oldRows, err := pickUnits(before, wantBefore, listBefore, "", lastOldDay)
	if err != nil {
		return nil, err
	}
	newRows, err := pickUnits(after, wantAfter, listAfter, reformDay, "")
	if err != nil {
		return nil, err
	}
	ds.units = append(oldRows, newRows...)

	// What decision 2234 published.
	pub := map[string]string{}
	var first string
	for _, r := range groups {
		year, err := strconv.Atoi(r["year"])
		if err != nil {
			return nil, fmt.Errorf("published groups: year %q: %w", r["year"], err)
		}
		id := unitID(r["unit_code"], listBefore)
		row := publishedRow{year: year, unitID: id, group: r["published_group"], source: sourceDecision}
		if r["published_rank"] != "" {
			if row.rank, err = strconv.Atoi(r["published_rank"]); err != nil {
				return nil, fmt.Errorf("published groups: rank %q: %w", r["published_rank"], err)
			}
			if row.rank == 1 {
				first = id
			}
		}
		pub[id] = row.group
		oldUnits = append(oldUnits, id)
		ds.published = append(ds.published, row)
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
		row := publishedAverageRow{year: year, scopeID: unitID("943", listBefore), field: r["field_slug"], average: r["published_average_percent"], rank: rank}
		if row.average == "" {
			slack = row.field
		} else {
			v, err := strconv.ParseFloat(row.average, 64)
			if err != nil {
				return nil, fmt.Errorf("published averages: %q: %w", row.average, err)
			}
			avg[row.field] = v
		}
		ds.averages = append(ds.averages, row)
	}

	ds.scores, err = generateScores(generatorInput{
		anchorYear: 2023, firstYear: 2019, lastOld: 2024,
		oldUnits: oldUnits, groups: pub, firstPlace: first, averages: avg,
		newUnits: newUnits, newYear: 2025, preds: preds,
		frameworks: ds.frameworks, slack: slack,
	})
	if err != nil {
		return nil, err
	}
	return ds, nil
}

// pickUnits takes the wanted units of an official list and their ancestors.
func pickUnits(list []map[string]string, want map[string]bool, listDate, from, to string) ([]unitRow, error) {
	byCode := make(map[string]map[string]string, len(list))
	for _, r := range list {
		byCode[r["code"]] = r
	}
	for code := range want {
		for c := code; c != ""; {
			r, ok := byCode[c]
			if !ok {
				return nil, fmt.Errorf("list %s has no unit %s", listDate, c)
			}
			want[c] = true
			c = r["parent_code"]
		}
	}
	var out []unitRow
	for _, r := range list { // keep the list's order
		if !want[r["code"]] {
			continue
		}
		level, err := strconv.Atoi(r["level"])
		if err != nil {
			return nil, fmt.Errorf("list %s, unit %s: level %q: %w", listDate, r["code"], r["level"], err)
		}
		out = append(out, unitRow{
			code: r["code"], list: listDate, name: r["name"], shortName: shortName(r["name"]),
			kind: r["kind"], level: level, parentCode: r["parent_code"], validFrom: from, validTo: to,
		})
	}
	return out, nil
}

// readFacts reads an embedded CSV file into maps keyed by the header.
func readFacts(name string) ([]map[string]string, error) {
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
