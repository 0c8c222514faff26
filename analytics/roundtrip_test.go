package analytics

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The importer reads parindex's own long export at level criterion (parseLong): import, export,
// import again must give the same numbers.

const corpusLong = "../testdata/import/ke-sach-2024-long-minh-hoa.csv"

// exportYear writes the long CSV of a year at level criterion, the file an import reads back.
func exportYear(t *testing.T, s *Store, year int) (string, []byte) {
	t.Helper()
	e, data := exportFile(t, s, ExportQuery{Years: []int{year}, Level: LevelCriterion})
	return e.Info.FileName, data
}

// TestImportExportXLSX imports the XLSX export of the annex's year (its Data sheet) into a fresh
// store: the same numbers as the CSV.
func TestImportExportXLSX(t *testing.T) {
	ctx := context.Background()
	first := openDefault(t)
	if rep, err := first.Import(ctx, illustrativeRequest(), readCorpus(t, corpusAnnex)); err != nil || rep.Status != ImportCommitted {
		t.Fatalf("import: %v %+v", err, rep)
	}
	e, data := exportFile(t, first, ExportQuery{Format: ExportXLSX, Years: []int{2024}, Level: LevelCriterion})
	fresh := openDefault(t)
	req := illustrativeRequest()
	req.FileName = e.Info.FileName
	rep, err := fresh.Import(ctx, req, data)
	if err != nil || rep.Status != ImportCommitted || rep.Published != 13 || !strings.Contains(rep.Layout, `sheet "Data"`) {
		t.Fatalf("import of the XLSX export: %v %+v", err, rep)
	}
	sameNumbers(t, "fresh store after importing the XLSX export", numbersOf(t, fresh, 2024), numbersOf(t, first, 2024))
}

// numbersOf is everything a reader sees of a year, one line per value, without what names the
// file it came from (source titles, release numbers): every score as stored, the ranking of
// both boundaries with each unit's fields and published result, each unit's criteria as the API
// shows them (with the leader's and the best points), the field summary and the group
// distribution.
func numbersOf(t *testing.T, s *Store, year int) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := each(ctx, s.db, fmt.Sprintf(`SELECT s.unit_id, s.criterion_code, s.points::VARCHAR, src.kind FROM scores s
		JOIN sources src ON src.id = s.source_id WHERE s.year = %d ORDER BY s.unit_id, s.criterion_code`, year), func(rows *sql.Rows) error {
		var unit, crit, points, kind string
		if err := rows.Scan(&unit, &crit, &points, &kind); err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("score %s %s = %s (%s)", unit, crit, points, kind))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []Boundary{BoundaryAsPublished, BoundaryCurrent} {
		rs, err := s.Ranking(ctx, RankingQuery{Year: year, Boundary: &b, WithFields: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			line := fmt.Sprintf("%s %s: %v/%v = %v%%, rank %d, group %s, %s, %s %v", b, r.Unit.ID, r.Points, r.MaxPoints, r.Percent, r.Rank, r.Group.Code, r.Source.Kind, r.Coverage, r.Contributors)
			if r.Published != nil {
				line += fmt.Sprintf(", published group %s rank %d (%s)", r.Published.Group.Code, derefInt(r.Published.Rank), r.Published.Source.Kind)
			}
			out = append(out, line)
			if b == BoundaryAsPublished {
				cs, err := s.Scores(ctx, r.Unit.ID, year)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cs {
					out = append(out, fmt.Sprintf("%s %s: %v/%v = %v%%, leader %v, best %v", r.Unit.ID, c.Criterion.Code, c.Points, c.MaxPoints, c.Percent, c.LeaderPoints, c.BestPoints))
				}
			}
			for _, f := range r.Fields {
				out = append(out, fmt.Sprintf("%s %s %s: %v/%v = %v%%, rank %d", b, r.Unit.ID, f.Field.Slug, f.Points, f.MaxPoints, f.Percent, f.Rank))
			}
		}
	}
	fs, err := s.FieldSummary(ctx, year, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		out = append(out, fmt.Sprintf("field %s: average %v, rank %d, %v–%v over %d units", f.Field.Slug, f.Average, f.Rank, f.Min, f.Max, f.Units))
	}
	d, err := s.GroupDistribution(ctx, year, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range d.Groups {
		out = append(out, fmt.Sprintf("group %s: %d units, %v%% (previous year %d, %v%%)", g.Group.Code, g.Count, g.Share, derefInt(g.PreviousCount), derefFloat(g.PreviousShare)))
	}
	return out
}

func derefFloat(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

// sameNumbers fails the test with the lines that differ.
func sameNumbers(t *testing.T, what string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	shown := 0
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w && shown < 10 {
			t.Errorf("%s, line %d:\n got %s\nwant %s", what, i, g, w)
			shown++
		}
	}
	t.Errorf("%s: %d lines, want %d", what, len(got), len(want))
}

// TestImportExportImport imports the illustrative Kế Sách 2024 files (the annex, with published
// groups and ranks, and the long CSV, without), exports 2024 as the long CSV at level criterion,
// and imports that export into the same store (nothing changes) and into a fresh default store
// (the same numbers, published results included); the fresh store's export is the first one but
// for the names of the file and decision it came from.
func TestImportExportImport(t *testing.T) {
	ctx := context.Background()
	for _, file := range []string{corpusAnnex, corpusLong} {
		t.Run(strings.TrimPrefix(file, "../testdata/import/"), func(t *testing.T) {
			first := openDefault(t)
			req := illustrativeRequest()
			req.FileName = file
			rep, err := first.Import(ctx, req, readCorpus(t, file))
			if err != nil || rep.Status != ImportCommitted {
				t.Fatalf("import %s: %v %+v", file, err, rep)
			}
			want := numbersOf(t, first, 2024)
			name, exported := exportYear(t, first, 2024)

			// The same store: the export is what it holds, so the import changes nothing.
			again := illustrativeRequest()
			again.FileName = name
			rep, err = first.Import(ctx, again, exported)
			if err != nil || rep.Status != ImportCommitted || len(rep.Warnings) != 0 {
				t.Fatalf("import of the export into the same store: %v %+v", err, rep)
			}
			if rep.Units != 13 || rep.Scores != 13*32 || rep.UnitsAdded+rep.UnitsChanged+rep.UnitsRemoved+rep.ScoresAdded+rep.ScoresChanged+rep.ScoresRemoved != 0 {
				t.Errorf("import of the export into the same store reports changes: %+v", rep)
			}
			sameNumbers(t, "same store after importing its export", numbersOf(t, first, 2024), want)
			checkDerivedWhole(t, first)
			if len(wantPublished(want)) > 0 {
				// One unit's published rank edited in every row of it: one unit changed, no score.
				var edited [][]byte
				for _, line := range bytes.SplitAfter(exported, []byte("\r\n")) {
					if bytes.HasPrefix(line, []byte("31528@")) {
						line = bytes.Replace(line, []byte(",III,III,8,OBSERVED,"), []byte(",III,III,7,OBSERVED,"), 1)
					}
					edited = append(edited, line)
				}
				dry := again
				dry.DryRun = true
				rep, err = first.Import(ctx, dry, bytes.Join(edited, nil))
				if err != nil || rep.Status != ImportDryRun || rep.UnitsChanged != 1 || rep.ScoresChanged != 0 {
					t.Errorf("dry run of the export with a published rank edited: %v %+v; want 1 unit changed, no score", err, rep)
				}
			}

			// A fresh default store: illustrative 2024 scores replaced by the export's.
			fresh := openDefault(t)
			rep, err = fresh.Import(ctx, again, exported)
			if err != nil || rep.Status != ImportCommitted || rep.Illustrative != 13*32 || rep.Published != len(wantPublished(want)) {
				t.Fatalf("import of the export into a fresh store: %v %+v", err, rep)
			}
			sameNumbers(t, "fresh store after importing the export", numbersOf(t, fresh, 2024), want)
			checkDerivedWhole(t, fresh)
			if other := numbersOf(t, fresh, 2023); !slices.Equal(other, numbersOf(t, first, 2023)) {
				t.Error("the import of 2024 changed 2023")
			}

			// Export → import → export: the second export is the first, but for the file and
			// decision it names and the release.
			_, second := exportYear(t, fresh, 2024)
			a, b := readExportCSV(t, exported), readExportCSV(t, second)
			if !slices.Equal(a.header, b.header) || len(a.rows) != len(b.rows) {
				t.Fatalf("second export: %d rows %v, want %d rows %v", len(b.rows), b.header, len(a.rows), a.header)
			}
			for i := range a.rows {
				for j, col := range a.header {
					if col == "source_title" || col == "release" {
						continue
					}
					if a.rows[i][j] != b.rows[i][j] {
						t.Errorf("second export, row %d, %s = %q, want %q", i+2, col, b.rows[i][j], a.rows[i][j])
					}
				}
			}
		})
	}
}

// wantPublished is the lines of numbersOf that carry a published result, as-published only.
func wantPublished(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, string(BoundaryAsPublished)) && strings.Contains(l, "published group") {
			out = append(out, l)
		}
	}
	return out
}

// TestImportExportRefused imports exports that are not a year's criterion scores of a decision:
// each is refused with its own problem, reported once for the whole file, and nothing is
// written.
func TestImportExportRefused(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	official := openDefault(t)
	if rep, err := official.Import(ctx, illustrativeRequest(), readCorpus(t, corpusAnnex)); err != nil || rep.Status != ImportCommitted {
		t.Fatalf("import: %v %+v", err, rep)
	}
	_, annex2024 := exportYear(t, official, 2024)
	_, illustrative2024 := exportYear(t, s, 2024)
	_, all := exportFile(t, official, ExportQuery{Level: LevelCriterion, From: ptr(2023), To: ptr(2024)})
	_, fields := exportFile(t, official, ExportQuery{Years: []int{2024}, Level: LevelField})
	// Thị trấn Kế Sách's first row says group II (its other rows say III): a hand edit.
	lines := bytes.SplitN(annex2024, []byte("\r\n"), 3)
	edited := bytes.Join([][]byte{lines[0], bytes.Replace(lines[1], []byte(",III,III,"), []byte(",III,II,"), 1), lines[2]}, []byte("\r\n"))

	cases := []struct {
		name string
		data []byte
		code string
		row  int
	}{
		{"illustrative scores", illustrative2024, "ILLUSTRATIVE_ROWS", 2},
		{"two years", all, "WRONG_YEAR", 2},
		{"level field", fields, "WRONG_LEVEL", 2},
		{"published group differs between a unit's rows", edited, "PUBLISHED_DIFFERS", 3},
	}
	before, err := s.Checksum(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := s.Import(ctx, illustrativeRequest(), c.data)
			if err != nil || rep.Status != ImportRefused {
				t.Fatalf("%v %+v, want REFUSED", err, rep)
			}
			n := 0
			for _, p := range rep.Problems {
				if p.Code == c.code {
					n++
					if p.Row != c.row {
						t.Errorf("%s at row %d, want %d: %+v", c.code, p.Row, c.row, p)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d problems %s, want 1: %+v", n, c.code, rep.Problems)
			}
		})
	}
	if after, _ := s.Checksum(ctx); after != before {
		t.Error("a refused import wrote")
	}
}
