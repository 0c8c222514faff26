package export

import (
	"testing"
	"time"
)

// TestCitationText writes CITATION.cff with its text quoted (diacritics kept), the date of
// release as a date, and a reference's date and address only when they are known.
func TestCitationText(t *testing.T) {
	c := Citation{Message: "Cite us.", Title: `a "b"`, Author: "parindex", Version: "release-3",
		Released: time.Date(2026, 5, 4, 23, 0, 0, 0, time.UTC), Abstract: "x", Keywords: []string{"Chỉ số"},
		References: []Reference{
			{Title: "QĐ 1", Author: "issuing authority (see title)", Date: "2024-01-02", URL: "https://e.vn/1", Notes: "OFFICIAL"},
			{Title: "gen", Author: "parindex", Notes: "ILLUSTRATIVE"},
		}}
	want := `cff-version: 1.2.0
message: "Cite us."
type: dataset
title: "a \"b\""
authors:
  - name: "parindex"
version: "release-3"
date-released: 2026-05-04
abstract: "x"
keywords:
  - "Chỉ số"
references:
  - type: generic
    title: "QĐ 1"
    authors:
      - name: "issuing authority (see title)"
    date-published: 2024-01-02
    url: "https://e.vn/1"
    notes: "OFFICIAL"
  - type: generic
    title: "gen"
    authors:
      - name: "parindex"
    notes: "ILLUSTRATIVE"
`
	if got := c.Text(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
