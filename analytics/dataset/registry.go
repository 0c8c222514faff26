package dataset

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// The registry: every administrative unit of the official lists from 2017-12-13 to 2025-07-01,
// each version with the dates it existed under that code, name, kind and parent, and the links
// between versions. Built by cmd/registry from the dated lists in the project's
// shared/data/history (see data/README.md); only facts, no generated value.
//
// A version is a run of consecutive lists over which a code's name, kind, level, parent and
// parent's version stay the same; its ID is CODE@LIST with the last list it appears in, so that
// the units of the list of 2025-03-01 keep the IDs they always had (31528@2025-03-01). The lists
// before 2025-07-01 end on the day before the reorganisation; the units of the list of
// 2025-07-01 start on that day and are linked to their predecessors by the national crosswalk.

// Lineage changes: what a link between two versions records.
const (
	ChangeRenamed       = "RENAMED"        // same code, new name
	ChangeKindChanged   = "KIND_CHANGED"   // same code, new kind (xã -> phường, huyện -> thị xã …)
	ChangeMoved         = "MOVED"          // same code, new parent
	ChangeParentChanged = "PARENT_CHANGED" // same code and parent code, the parent's own version changed
	ChangeCodeChanged   = "CODE_CHANGED"   // same unit, new code
	ChangeMerged        = "MERGED"         // the predecessor became (part of) the successor
	ChangeReorganised   = "REORGANISED"    // the reorganisation of 2025-07-01 (the crosswalk)
)

// Lineage certainties: whether the lists establish a link.
const (
	CertaintyEstablished = "ESTABLISHED" // read from the codes, or published (the crosswalk)
	CertaintyInferred    = "INFERRED"    // the receiver of a merger, guessed from names: not official
	CertaintyCandidate   = "CANDIDATE"   // one of several units that may have received a merged one
)

// crosswalkBasis is what the links of 2025-07-01 rest on (see the project's shared/data/README.md).
const crosswalkBasis = "bảng đối chiếu 2025 của dự án dvhcvn, lập từ các nghị quyết sắp xếp đơn vị hành chính và kiểm tra thủ công; không phải bảng đối chiếu chính thức của cơ quan thống kê"

// List is an official list of units and how many units of each level it holds.
type List struct {
	Date                           string
	Provinces, Districts, Communes int
	SHA256                         string // of its rows as CSV lines, sorted (see cmd/registry)
}

// registry is read once per process: the lists do not change.
var registry struct {
	once  sync.Once
	units []Unit
	links []Lineage
	lists []List
	err   error
}

// Registry returns every unit of every official list from 2017-12-13 to 2025-07-01 and every
// link between them, the 2025-07-01 crosswalk included. The slices are shared: copy before
// changing them.
func Registry() ([]Unit, []Lineage, error) {
	registry.once.Do(func() { registry.units, registry.links, registry.lists, registry.err = readRegistry() })
	return registry.units, registry.links, registry.err
}

// Lists returns the official lists the registry holds, oldest first, with their counts.
func Lists() ([]List, error) {
	_, _, err := Registry()
	return registry.lists, err
}

func readRegistry() ([]Unit, []Lineage, []List, error) {
	history, err := ReadFacts("data/vn-units-history.csv")
	if err != nil {
		return nil, nil, nil, err
	}
	after, err := ReadFacts("data/vn-units-2025-07-01.csv")
	if err != nil {
		return nil, nil, nil, err
	}
	links, err := ReadFacts("data/vn-lineage-history.csv")
	if err != nil {
		return nil, nil, nil, err
	}
	crosswalk, err := ReadFacts("data/vn-crosswalk-2025-07-01.csv")
	if err != nil {
		return nil, nil, nil, err
	}
	manifest, err := ReadFacts("data/vn-lists.csv")
	if err != nil {
		return nil, nil, nil, err
	}
	var lists []List
	for _, r := range manifest {
		l := List{Date: r["list"], SHA256: r["sha256"]}
		for _, f := range []struct {
			n   *int
			col string
		}{{&l.Provinces, "provinces"}, {&l.Districts, "districts"}, {&l.Communes, "communes"}} {
			if *f.n, err = strconv.Atoi(r[f.col]); err != nil {
				return nil, nil, nil, fmt.Errorf("vn-lists.csv, %s: %s %q: %w", l.Date, f.col, r[f.col], err)
			}
		}
		lists = append(lists, l)
	}
	units := make([]Unit, 0, len(history)+len(after))
	ids := make(map[string]bool, len(history)+len(after))
	for _, r := range history {
		level, err := strconv.Atoi(r["level"])
		if err != nil {
			return nil, nil, nil, fmt.Errorf("vn-units-history.csv, %s@%s: level %q: %w", r["code"], r["list"], r["level"], err)
		}
		u := Unit{Code: r["code"], List: r["list"], Name: r["name"], ShortName: shortName(r["name"]), Kind: r["kind"],
			Level: level, ParentCode: r["parent_code"], ParentList: r["parent_list"], ValidFrom: r["valid_from"], ValidTo: r["valid_to"]}
		if u.ValidTo == "" {
			u.ValidTo = lastOldDay // the lists before the reorganisation end with it
		}
		units = append(units, u)
		ids[u.ID()] = true
	}
	for _, r := range after {
		level, err := strconv.Atoi(r["level"])
		if err != nil {
			return nil, nil, nil, fmt.Errorf("list %s, unit %s: level %q: %w", listAfter, r["code"], r["level"], err)
		}
		u := Unit{Code: r["code"], List: listAfter, Name: r["name"], ShortName: shortName(r["name"]), Kind: r["kind"],
			Level: level, ParentCode: r["parent_code"], ValidFrom: reformDay}
		units = append(units, u)
		ids[u.ID()] = true
	}
	for _, u := range units {
		if u.ParentCode != "" && !ids[u.ParentID()] {
			return nil, nil, nil, fmt.Errorf("unit %s: no parent %s", u.ID(), u.ParentID())
		}
	}
	out := make([]Lineage, 0, len(links)+len(crosswalk))
	for _, r := range links {
		l := Lineage{Predecessor: r["predecessor"], Successor: r["successor"], Effective: r["effective"], Coverage: r["coverage"],
			Change: r["change"], Certainty: r["certainty"], Basis: r["basis"]}
		if !ids[l.Predecessor] || !ids[l.Successor] {
			return nil, nil, nil, fmt.Errorf("lineage %s -> %s: no such unit", l.Predecessor, l.Successor)
		}
		out = append(out, l)
	}
	for _, r := range crosswalk {
		l := Lineage{Predecessor: UnitID(r["old_code"], listBefore), Successor: UnitID(r["new_code"], listAfter), Effective: reformDay,
			Coverage: strings.ToUpper(r["merge_type"]), Change: ChangeReorganised, Certainty: CertaintyEstablished,
			Basis: crosswalkBasis}
		if l.Coverage != "FULL" && l.Coverage != "PARTIAL" {
			return nil, nil, nil, fmt.Errorf("crosswalk %s -> %s: merge type %q", r["old_code"], r["new_code"], r["merge_type"])
		}
		if !ids[l.Predecessor] || !ids[l.Successor] {
			return nil, nil, nil, fmt.Errorf("crosswalk %s -> %s: no such unit", l.Predecessor, l.Successor)
		}
		out = append(out, l)
	}
	return units, out, lists, nil
}
