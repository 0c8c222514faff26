// Command registry turns the official lists of administrative units (one CSV per date, from
// 2017-12-13 to 2025-03-01) and the changes between them into the three files the dataset
// package embeds:
//
//	vn-units-history.csv    every version of every unit: a run of consecutive lists over which
//	                        its code, name, kind, level, parent and parent's version stay the same
//	vn-lineage-history.csv  the links between versions: a unit renamed, changed kind, moved or
//	                        re-parented (same code), a code changed, a unit merged into another
//	                        (its receiver as the changes name it, inferred or a candidate)
//	vn-lists.csv            each list's counts per level and the SHA-256 of its sorted rows, so
//	                        that a test can rebuild every list from the versions
//
// Usage:
//
//	go run ./cmd/registry -history ../shared/data/history -latest ../shared/data/vn-units-2025-03-01.csv -out analytics/dataset/data
//
// The lists are taken verbatim, artefacts of the source included: a change the source undid in
// the next list stays two versions, and its links carry the changes file's flags in their basis.
package main

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

func main() {
	history := flag.String("history", "../shared/data/history", "folder of vn-units-DATE.csv lists and changes-detail.csv")
	latest := flag.String("latest", "../shared/data/vn-units-2025-03-01.csv", "the list that follows the history's last one")
	out := flag.String("out", "analytics/dataset/data", "folder to write the three files into")
	flag.Parse()
	if err := run(*history, *latest, *out); err != nil {
		log.Fatal(err)
	}
}

type row struct{ code, name, kind, level, parent string }

type list struct {
	date string
	rows []row
	byID map[string]int // code -> index in rows
}

// version is a run of lists in which a code's row and its parent's version stay the same.
type version struct {
	row
	first, last int // indexes of the lists
	parent      *version
	id          string
}

func run(historyDir, latest, outDir string) error {
	paths, err := filepath.Glob(filepath.Join(historyDir, "vn-units-*.csv"))
	if err != nil {
		return err
	}
	paths = append(paths, latest)
	slices.SortFunc(paths, func(a, b string) int { return strings.Compare(filepath.Base(a), filepath.Base(b)) })
	var lists []*list
	for _, p := range paths {
		l, err := readList(p)
		if err != nil {
			return err
		}
		if n := len(lists); n > 0 && lists[n-1].date == l.date {
			return fmt.Errorf("two lists of %s", l.date)
		}
		lists = append(lists, l)
	}

	// Versions, level by level so that a parent's version is known before its children's.
	at := make([]map[string]*version, len(lists)) // list index -> code -> version
	for i := range at {
		at[i] = map[string]*version{}
	}
	var versions []*version
	for level := 1; level <= 3; level++ {
		lv := fmt.Sprint(level)
		for i, l := range lists {
			for _, r := range l.rows {
				if r.level != lv {
					continue
				}
				var parent *version
				if r.parent != "" {
					if parent = at[i][r.parent]; parent == nil {
						return fmt.Errorf("list %s: %s has no parent %s", l.date, r.code, r.parent)
					}
				}
				if i > 0 {
					if v := at[i-1][r.code]; v != nil && v.row == r && v.parent == parent {
						v.last = i
						at[i][r.code] = v
						continue
					}
				}
				v := &version{row: r, first: i, last: i, parent: parent}
				at[i][r.code] = v
				versions = append(versions, v)
			}
		}
	}
	for _, v := range versions {
		v.id = v.code + "@" + lists[v.last].date
	}

	// Links between consecutive versions of one code.
	type link struct {
		pred, succ          *version
		effective           string
		coverage, change    string
		certainty, basis    string
		fromChanges, reused bool
	}
	var links []*link
	sameCode := map[string]*link{} // by effective date and code
	for i := 1; i < len(lists); i++ {
		for code, v := range at[i] {
			p := at[i-1][code]
			if p == nil || p == v {
				continue
			}
			change, basis := sameCodeChange(p, v)
			l := &link{pred: p, succ: v, effective: lists[i].date, coverage: "FULL", change: change, certainty: "ESTABLISHED", basis: basis}
			links = append(links, l)
			sameCode[lists[i].date+" "+code] = l
		}
	}

	// Links between codes, from the changes file.
	index := map[string]int{}
	for i, l := range lists {
		index[l.date] = i
	}
	changes, err := readCSV(filepath.Join(historyDir, "changes-detail.csv"))
	if err != nil {
		return err
	}
	receivers := map[string]int{} // old code and date -> merged_into rows, for coverage
	for _, c := range changes {
		if c["change"] == "merged_into" {
			receivers[c["date"]+" "+c["old_code"]]++
		}
	}
	var unmatched []string
	for _, c := range changes {
		i, ok := index[c["date"]]
		j, okPrev := index[c["previous_snapshot"]]
		if !ok || !okPrev || j != i-1 {
			return fmt.Errorf("change %s %s: lists %s and %s are not consecutive", c["change"], c["old_code"], c["previous_snapshot"], c["date"])
		}
		flags := c["flags"]
		switch c["change"] {
		case "renamed", "kind_changed", "moved":
			// Read from the lists already; check that they agree.
			if sameCode[c["date"]+" "+c["old_code"]] == nil {
				unmatched = append(unmatched, fmt.Sprintf("%s %s %s", c["date"], c["change"], c["old_code"]))
			}
			if l := sameCode[c["date"]+" "+c["old_code"]]; l != nil && flags != "" {
				l.basis += "; " + flags
			}
		case "created":
			if at[i][c["new_code"]] == nil {
				return fmt.Errorf("change created %s on %s: not in the list", c["new_code"], c["date"])
			}
		case "code_changed", "merged_into":
			pred, succ := at[j][c["old_code"]], at[i][c["new_code"]]
			if pred == nil || succ == nil {
				return fmt.Errorf("change %s %s -> %s on %s: a unit is not in its list", c["change"], c["old_code"], c["new_code"], c["date"])
			}
			l := &link{pred: pred, succ: succ, effective: c["date"], coverage: "FULL", certainty: "ESTABLISHED", basis: c["basis"], fromChanges: true}
			if c["change"] == "code_changed" {
				l.change = "CODE_CHANGED"
			} else {
				l.change = "MERGED"
				if receivers[c["date"]+" "+c["old_code"]] > 1 {
					l.coverage = "PARTIAL"
				}
				if strings.Contains(flags, "receiver inferred heuristically") {
					l.certainty = "INFERRED"
				}
			}
			if flags != "" {
				l.basis += "; " + flags
			}
			links = append(links, l)
		case "dissolved":
			pred := at[j][c["old_code"]]
			if pred == nil {
				return fmt.Errorf("change dissolved %s on %s: not in the list of %s", c["old_code"], c["date"], c["previous_snapshot"])
			}
			_, cands, _ := strings.Cut(c["basis"], "candidates ")
			for _, code := range strings.Split(cands, ",") {
				if code = strings.TrimSpace(code); code == "" {
					continue
				}
				succ := at[i][code]
				if succ == nil {
					return fmt.Errorf("change dissolved %s on %s: candidate %s is not in the list", c["old_code"], c["date"], code)
				}
				basis := "mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận"
				if flags != "" {
					basis += "; " + flags
				}
				links = append(links, &link{pred: pred, succ: succ, effective: c["date"], coverage: "FULL", change: "MERGED", certainty: "CANDIDATE", basis: basis, fromChanges: true})
			}
		default:
			return fmt.Errorf("change %q of %s on %s: unknown kind", c["change"], c["old_code"], c["date"])
		}
	}
	if len(unmatched) > 0 {
		return fmt.Errorf("%d changes are not differences between the lists: %s", len(unmatched), strings.Join(unmatched[:min(5, len(unmatched))], "; "))
	}

	// The files.
	slices.SortFunc(versions, func(a, b *version) int {
		return cmpJoin(strings.Compare(a.code, b.code), a.first-b.first)
	})
	day := func(i int, delta int) string {
		t, _ := time.Parse(time.DateOnly, lists[i].date)
		return t.AddDate(0, 0, delta).Format(time.DateOnly)
	}
	var unitRows [][]string
	for _, v := range versions {
		from, to := "", ""
		if v.first > 0 {
			from = lists[v.first].date
		}
		if v.last < len(lists)-1 {
			to = day(v.last+1, -1)
		} else {
			to = "" // the last list: its end is the reorganisation, which the dataset adds
		}
		parentList := ""
		if v.parent != nil {
			parentList = lists[v.parent.last].date
		}
		unitRows = append(unitRows, []string{v.code, lists[v.last].date, v.name, v.kind, v.level, v.row.parent, parentList, from, to})
	}
	if err := writeCSV(filepath.Join(outDir, "vn-units-history.csv"),
		[]string{"code", "list", "name", "kind", "level", "parent_code", "parent_list", "valid_from", "valid_to"}, unitRows); err != nil {
		return err
	}
	slices.SortStableFunc(links, func(a, b *link) int {
		return cmpJoin(strings.Compare(a.effective, b.effective), strings.Compare(a.pred.id, b.pred.id), strings.Compare(a.succ.id, b.succ.id))
	})
	var linkRows [][]string
	for _, l := range links {
		basis, err := vietnamese(l.basis)
		if err != nil {
			return fmt.Errorf("link %s -> %s: %w", l.pred.id, l.succ.id, err)
		}
		linkRows = append(linkRows, []string{l.pred.id, l.succ.id, l.effective, l.coverage, l.change, l.certainty, basis})
	}
	if err := writeCSV(filepath.Join(outDir, "vn-lineage-history.csv"),
		[]string{"predecessor", "successor", "effective", "coverage", "change", "certainty", "basis"}, linkRows); err != nil {
		return err
	}
	var listRows [][]string
	for _, l := range lists {
		n := map[string]int{}
		for _, r := range l.rows {
			n[r.level]++
		}
		listRows = append(listRows, []string{l.date, fmt.Sprint(n["1"]), fmt.Sprint(n["2"]), fmt.Sprint(n["3"]), listHash(l.rows)})
	}
	if err := writeCSV(filepath.Join(outDir, "vn-lists.csv"),
		[]string{"list", "provinces", "districts", "communes", "sha256"}, listRows); err != nil {
		return err
	}
	log.Printf("%d lists, %d versions, %d links", len(lists), len(versions), len(links))
	return nil
}

// sameCodeChange names what changed between two versions of one code, and says it.
func sameCodeChange(p, v *version) (change, basis string) {
	var said []string
	if p.kind != v.kind {
		said = append(said, p.kind+" → "+v.kind)
	}
	if p.name != v.name {
		said = append(said, p.name+" → "+v.name)
	}
	if p.row.parent != v.row.parent {
		said = append(said, "đơn vị cấp trên "+p.row.parent+" → "+v.row.parent)
	}
	switch {
	case p.kind != v.kind:
		change = "KIND_CHANGED"
	case p.name != v.name:
		change = "RENAMED"
	case p.row.parent != v.row.parent:
		change = "MOVED"
	case p.level != v.level:
		change = "MOVED"
		said = append(said, "cấp "+p.level+" → "+v.level)
	default:
		change = "PARENT_CHANGED"
		switch {
		case p.parent.name != v.parent.name:
			said = append(said, "đơn vị cấp trên "+p.parent.name+" → "+v.parent.name)
		case p.parent.kind != v.parent.kind:
			said = append(said, "đơn vị cấp trên "+v.parent.name+" đổi loại "+p.parent.kind+" → "+v.parent.kind)
		default:
			said = append(said, "đơn vị cấp trên "+v.parent.name+" có phiên bản mới (cấp trên của nó thay đổi)")
		}
	}
	return change, strings.Join(said, "; ")
}

// phrases are the English phrases of the changes file, in Vietnamese: the app shows a link's
// basis to Vietnamese readers. A phrase missing here stops the build (see vietnamese).
var phrases = []struct {
	en *regexp.Regexp
	vi string
}{
	{regexp.MustCompile(`^heuristic: shares a name syllable with one of several new/renamed communes in the district`), "suy ra: có chung một âm tiết trong tên với một trong các xã mới hoặc đổi tên của huyện"},
	{regexp.MustCompile(`^heuristic: only new/renamed commune in the \(successor\) district`), "suy ra: là xã mới hoặc đổi tên duy nhất của huyện nhận"},
	{regexp.MustCompile(`^heuristic \(weak\): only commune in the district whose kind changed`), "suy ra (yếu): là xã duy nhất của huyện đổi loại"},
	{regexp.MustCompile(`^same name and parent, code differs`), "cùng tên và đơn vị cấp trên, khác mã"},
	{regexp.MustCompile(`^(\d+)/(\d+) of its communes now under (\d+) \(split\)`), "$1/$2 xã của huyện nay thuộc $3 (huyện bị chia)"},
	{regexp.MustCompile(`^(\d+)/(\d+) of its communes now under (\d+)`), "$1/$2 xã của huyện nay thuộc $3"},
	{regexp.MustCompile(`^receiver inferred heuristically`), "đơn vị nhận được suy ra, không chính thức"},
	{regexp.MustCompile(`^reverted in next snapshot \((\d+)\)`), "bị đảo lại ở danh mục sau ($1)"},
	{regexp.MustCompile(`^reverts the previous snapshot \((\d+)\)`), "đảo lại danh mục trước ($1)"},
	{regexp.MustCompile(`^crosses download-run boundary \(Oct-2019 live list vs GSO retroactive list queried in 2020\)`), "nằm giữa hai đợt thu thập (danh mục trực tuyến tháng 10/2019 và danh mục hồi tố tra cứu năm 2020): có thể là sai lệch của nguồn"},
	{regexp.MustCompile(`^kind field changed but name unchanged: source data fix`), "loại đổi nhưng tên không đổi: nguồn sửa dữ liệu"},
	{regexp.MustCompile(`^code reassigned by the source \(same name/parent\)`), "nguồn cấp lại mã (cùng tên, cùng đơn vị cấp trên)"},
	{regexp.MustCompile(`^spelling only`), "chỉ khác chính tả"},
}

// vietnamese turns a basis of "; "-separated phrases into Vietnamese; the phrases this command
// writes itself (same-code changes) are Vietnamese already.
func vietnamese(basis string) (string, error) {
	if basis == "" {
		return "", nil
	}
	var out []string
	for _, part := range strings.Split(basis, "; ") {
		done := false
		for _, p := range phrases {
			if m := p.en.FindStringSubmatchIndex(part); m != nil && m[1] == len(part) {
				out = append(out, string(p.en.ExpandString(nil, p.vi, part, m)))
				done = true
				break
			}
		}
		if !done {
			if english.MatchString(part) {
				return "", fmt.Errorf("basis %q: no Vietnamese for %q", basis, part)
			}
			out = append(out, part)
		}
	}
	return strings.Join(out, "; "), nil
}

// english finds the words of the changes file's English phrases.
var english = regexp.MustCompile(`\b(code|the|of|in|heuristic|receiver|snapshot|list|lists|parent|level|kind|name)\b`)

// listHash is the SHA-256 of a list's rows as CSV lines (code,name,kind,level,parent_code),
// sorted: what a rebuilt list must equal.
func listHash(rows []row) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = strings.Join([]string{r.code, r.name, r.kind, r.level, r.parent}, ",")
	}
	slices.Sort(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h[:])
}

func cmpJoin(cs ...int) int {
	for _, c := range cs {
		if c != 0 {
			return c
		}
	}
	return 0
}

func readList(path string) (*list, error) {
	base := filepath.Base(path)
	date, ok := strings.CutPrefix(strings.TrimSuffix(base, ".csv"), "vn-units-")
	if _, err := time.Parse(time.DateOnly, date); !ok || err != nil {
		return nil, fmt.Errorf("%s: the name is not vn-units-YYYY-MM-DD.csv", base)
	}
	recs, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	l := &list{date: date, byID: map[string]int{}}
	for _, r := range recs {
		x := row{r["code"], r["name"], r["kind"], r["level"], r["parent_code"]}
		if _, dup := l.byID[x.code]; dup {
			return nil, fmt.Errorf("%s: code %s twice", base, x.code)
		}
		l.byID[x.code] = len(l.rows)
		l.rows = append(l.rows, x)
	}
	return l, nil
}

func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
}

func writeCSV(path string, header []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
