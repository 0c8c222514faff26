package export

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Citation is the content of a CITATION.cff file (Citation File Format 1.2.0) of type dataset.
type Citation struct {
	Message  string // how to cite the data
	Title    string
	Author   string
	Version  string
	Released time.Time // written as its date
	Abstract string
	Keywords []string
	// References are the works the data come from, in order.
	References []Reference
}

// Reference is a work a dataset cites: a decision, or the generator of its illustrative values.
type Reference struct {
	Title  string
	Author string
	Date   string // date-published as written by the source, or "" when unknown
	URL    string // or ""
	Notes  string
}

// Text is the citation as CITATION.cff.
func (c Citation) Text() string {
	var b strings.Builder
	q := strconv.Quote
	b.WriteString("cff-version: 1.2.0\n")
	fmt.Fprintf(&b, "message: %s\n", q(c.Message))
	b.WriteString("type: dataset\n")
	fmt.Fprintf(&b, "title: %s\n", q(c.Title))
	fmt.Fprintf(&b, "authors:\n  - name: %s\n", q(c.Author))
	fmt.Fprintf(&b, "version: %s\n", q(c.Version))
	fmt.Fprintf(&b, "date-released: %s\n", c.Released.Format(time.DateOnly))
	fmt.Fprintf(&b, "abstract: %s\n", q(c.Abstract))
	if len(c.Keywords) > 0 {
		b.WriteString("keywords:\n")
		for _, k := range c.Keywords {
			fmt.Fprintf(&b, "  - %s\n", q(k))
		}
	}
	if len(c.References) > 0 {
		b.WriteString("references:\n")
		for _, r := range c.References {
			b.WriteString("  - type: generic\n")
			fmt.Fprintf(&b, "    title: %s\n", q(r.Title))
			fmt.Fprintf(&b, "    authors:\n      - name: %s\n", q(r.Author))
			if r.Date != "" {
				fmt.Fprintf(&b, "    date-published: %s\n", r.Date)
			}
			if r.URL != "" {
				fmt.Fprintf(&b, "    url: %s\n", q(r.URL))
			}
			fmt.Fprintf(&b, "    notes: %s\n", q(r.Notes))
		}
	}
	return b.String()
}
