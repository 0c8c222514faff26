package analytics

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxEcho is the most characters of a cell (or of a request's field) a report repeats: a wrong
// file may hold a cell of megabytes, and its report, and the answer refusing it, would repeat it.
const maxEcho = 200

// echo quotes a value for a report as %q would; a value longer than maxEcho characters is cut at
// a character boundary, ends with an ellipsis and is followed by its length.
func echo(s string) string {
	cut, n := cutEcho(s)
	if n == 0 {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%s (%d characters)", strconv.Quote(cut+"…"), n)
}

// clipped is echo without the quotes, for a header named in a message.
func clipped(s string) string {
	cut, n := cutEcho(s)
	if n == 0 {
		return s
	}
	return fmt.Sprintf("%s… (%d characters)", cut, n)
}

// cutEcho returns the first maxEcho characters of s and its length in characters, or n = 0 when
// s is no longer than that.
func cutEcho(s string) (cut string, n int) {
	if len(s) <= maxEcho {
		return s, 0
	}
	for i := range s {
		if n == maxEcho {
			cut = s[:i]
		}
		n++
	}
	if n <= maxEcho {
		return s, 0
	}
	return cut, n
}

// WriteText writes the report for a person: the file, how it was read, what it changes, its
// warnings and problems, and the outcome. Apart from the time taken, the text depends only on
// the file and the data, so that it can be compared with an expected report.
func (r *ImportReport) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "file: %s (%d bytes, sha256 %s)\n", r.FileName, r.FileBytes, r.SHA256)
	fmt.Fprintf(&b, "import: %s, year %d\n", strings.ToLower(string(r.Kind)), r.Year)
	if r.Layout != "" {
		fmt.Fprintf(&b, "read as: %s\n", r.Layout)
	}
	for _, fw := range r.Frameworks {
		fmt.Fprintf(&b, "checked against: framework %s (%s) for %d %s\n", fw.ID, fw.Name, fw.Units, plural(fw.Units, "unit", "units"))
	}
	if fw := r.Framework; fw != nil && r.Kind == ImportFramework {
		if fw.Issuer != nil {
			fmt.Fprintf(&b, "framework: %s (%s), issued by %s (%s), in force from %d\n", fw.ID, fw.Name, refInSentence(*fw.Issuer), fw.Issuer.Code, fw.FirstYear)
		}
		rows := fmt.Sprintf("rows: %d criteria, %d group bands", fw.Criteria, fw.Groups)
		for _, part := range []struct {
			n         int
			one, more string
		}{{fw.Adjustments, "bonus or penalty criterion", "bonus and penalty criteria"}, {fw.Components, "component", "components"}, {fw.Cohorts, "cohort", "cohorts"}} {
			if part.n > 0 {
				rows += fmt.Sprintf(", %d %s", part.n, plural(part.n, part.one, part.more))
			}
		}
		b.WriteString(rows + "\n")
		if fw.Replaces != nil {
			fmt.Fprintf(&b, "replaces: framework %s of the same issuer and first year\n", *fw.Replaces)
		}
	} else if r.Kind == ImportFramework {
		fmt.Fprintf(&b, "rows: %d criteria, %d group bands\n", r.Scores, r.Published)
	} else if r.Units > 0 || r.Scores > 0 {
		fmt.Fprintf(&b, "rows: %d units, %d scores, %d published results\n", r.Units, r.Scores, r.Published)
	}
	if r.Status != ImportRefused && r.Kind != ImportFramework {
		fmt.Fprintf(&b, "changes: units %d added, %d changed, %d removed; scores %d added, %d changed, %d removed\n",
			r.UnitsAdded, r.UnitsChanged, r.UnitsRemoved, r.ScoresAdded, r.ScoresChanged, r.ScoresRemoved)
		if r.Illustrative > 0 {
			fmt.Fprintf(&b, "replaces %d illustrative rows of %d with official ones\n", r.Illustrative, r.Year)
		}
	}
	if len(r.ReplacesOfficial) > 0 {
		fmt.Fprintf(&b, "replaces official results of %d:\n", r.Year)
		for _, o := range r.ReplacesOfficial {
			fmt.Fprintf(&b, "  %s (%s), %s: %s, decision %s -> %s, decision %s\n", o.UnitName, o.UnitCode, o.What,
				groupRank(o.OldGroup, o.OldRank), o.OldDecision, groupRank(o.NewGroup, o.NewRank), o.NewDecision)
		}
	}
	writeProblems(&b, "warning", r.Warnings)
	writeProblems(&b, "problem", r.Problems)
	switch r.Status {
	case ImportRefused:
		fmt.Fprintf(&b, "REFUSED: %d %s; nothing was written\n", len(r.Problems), plural(len(r.Problems), "problem", "problems"))
	case ImportDryRun:
		b.WriteString("DRY RUN: the file is valid; nothing was written\n")
	case ImportUnchanged:
		fmt.Fprintf(&b, "UNCHANGED: this file is already in effect as release %d; nothing was written\n", derefInt(r.Release))
	case ImportCommitted:
		fmt.Fprintf(&b, "COMMITTED as release %d\n", derefInt(r.Release))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeProblems(b *strings.Builder, what string, ps []ImportProblem) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprintf(b, "%d %s:\n", len(ps), plural(len(ps), what, what+"s"))
	for _, p := range ps {
		b.WriteString("  ")
		if p.Row > 0 {
			fmt.Fprintf(b, "row %d", p.Row)
			if p.Column != "" {
				fmt.Fprintf(b, ", column %s", p.Column)
			}
			b.WriteString(": ")
		}
		fmt.Fprintf(b, "%s: %s", p.Code, p.Message)
		if p.Suggestion != "" {
			fmt.Fprintf(b, " — %s", p.Suggestion)
		}
		b.WriteString("\n")
	}
}

// groupRank says a published group and rank: "group III, rank 5", "no group".
func groupRank(group *string, rank *int) string {
	if group == nil {
		return "no group"
	}
	s := "group " + *group
	if rank != nil {
		s += fmt.Sprintf(", rank %d", *rank)
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
