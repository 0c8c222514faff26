package analytics

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The corpus lives at the repository's root (testdata/import), with the CLI's expected reports;
// these tests read its good files.
const corpusAnnex = "../testdata/import/ke-sach-2024-annex-minh-hoa.xlsx"

func illustrativeRequest() ImportRequest {
	return ImportRequest{Year: 2024, Decision: "MINH-HOA-01/2024 (minh họa, không phải quyết định thật)", Date: "2024-12-30",
		Issuer: "UBND huyện Kế Sách (minh họa)", SourceURL: "https://example.invalid/minh-hoa", FileName: filepath.Base(corpusAnnex), Importer: "test"}
}

func readCorpus(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func ranking2024(t *testing.T, s *Store) map[string]Result {
	t.Helper()
	rs, err := s.Ranking(context.Background(), RankingQuery{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Result{}
	for _, r := range rs {
		out[r.Unit.Code] = r
	}
	return out
}

// TestImportReleasesAndRollback imports the illustrative Kế Sách 2024 annex, checks that the API
// then calls 2024 official with the decision as source, rolls back and forward again, and checks
// the audit.
func TestImportReleasesAndRollback(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	before := ranking2024(t, s)
	sumBefore, err := s.Checksum(ctx)
	if err != nil {
		t.Fatal(err)
	}
	data := readCorpus(t, corpusAnnex)

	dry := illustrativeRequest()
	dry.DryRun = true
	rep, err := s.Import(ctx, dry, data)
	if err != nil || rep.Status != ImportDryRun {
		t.Fatalf("dry run: %v %+v", err, rep)
	}
	if sum, _ := s.Checksum(ctx); sum != sumBefore || s.Release() != 1 {
		t.Fatalf("a dry run wrote: release %d", s.Release())
	}

	rep, err = s.Import(ctx, illustrativeRequest(), data)
	if err != nil || rep.Status != ImportCommitted || *rep.Release != 2 {
		t.Fatalf("import: %v %+v", err, rep)
	}
	after := ranking2024(t, s)
	if len(after) != 13 {
		t.Fatalf("2024 ranking has %d units after the import, want 13", len(after))
	}
	changed := 0
	for code, r := range after {
		if r.Source.Kind != SourceOfficial || !strings.Contains(r.Source.Title, "MINH-HOA-01/2024") {
			t.Errorf("%s: source %+v, want OFFICIAL naming the decision", code, r.Source)
		}
		if r.Published == nil || r.Published.Group.Code != r.Group.Code {
			t.Errorf("%s: published %+v, computed group %s: the annex's group should be stored and agree", code, r.Published, r.Group.Code)
		}
		if r.Points != before[code].Points {
			changed++
		}
	}
	if changed == 0 {
		t.Fatal("no 2024 total changed: the import's scores are not what queries read")
	}
	checkDerivedWhole(t, s)
	if r23, err := s.Ranking(ctx, RankingQuery{Year: 2023}); err != nil || r23[0].Source.Kind != SourceIllustrative {
		t.Errorf("2023 should stay illustrative: %v %+v", err, r23[0].Source)
	}

	// The same file again changes nothing.
	rep, err = s.Import(ctx, illustrativeRequest(), data)
	if err != nil || rep.Status != ImportUnchanged || *rep.Release != 2 || s.Release() != 2 {
		t.Fatalf("second import: %v %+v", err, rep)
	}

	rec, err := s.Rollback(ctx, 1, "test")
	if err != nil || rec.Release != 3 || *rec.Restored != 1 {
		t.Fatalf("rollback: %v %+v", err, rec)
	}
	checkDerivedWhole(t, s)
	back := ranking2024(t, s)
	for code, r := range before {
		if back[code].Points != r.Points || back[code].Source.Kind != SourceIllustrative || back[code].Published != nil {
			t.Errorf("%s after rollback: %v points, source %s, published %v; want %v, ILLUSTRATIVE, none", code, back[code].Points, back[code].Source.Kind, back[code].Published, r.Points)
		}
	}
	// With the import rolled back, the same file is new again; a rollback of the rollback
	// restores the import.
	if _, err := s.Rollback(ctx, 2, "test"); err != nil {
		t.Fatal(err)
	}
	again := ranking2024(t, s)
	for code, r := range after {
		if again[code].Points != r.Points || again[code].Source.Kind != SourceOfficial {
			t.Errorf("%s after rolling back the rollback: %v %s, want %v OFFICIAL", code, again[code].Points, again[code].Source.Kind, r.Points)
		}
	}
	if _, err := s.Rollback(ctx, 9, "test"); err == nil {
		t.Error("a rollback to a release that does not exist was accepted")
	}

	imports, err := s.Imports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, im := range imports {
		kinds = append(kinds, fmt.Sprintf("%d:%s", im.Release, im.Kind))
	}
	if got := strings.Join(kinds, " "); got != "4:ROLLBACK 3:ROLLBACK 2:RESULTS" {
		t.Errorf("audit = %s", got)
	}
	first := imports[2]
	if *first.Decision != illustrativeRequest().Decision || *first.Date != "2024-12-30" || *first.Issuer == "" || *first.SourceURL == "" ||
		*first.FileName != filepath.Base(corpusAnnex) || len(*first.SHA256) != 64 || first.Units != 13 || first.Scores != 416 || first.Importer != "test" ||
		*first.RolledBackBy != 3 {
		t.Errorf("provenance of the import: %+v", first)
	}
	rels, err := s.Releases(ctx)
	if err != nil || len(rels) != 4 || !rels[0].Current || rels[3].Import != nil {
		t.Errorf("releases: %v %+v", err, rels)
	}
}

// TestImportRequestCheck refuses each bad field of a request with a message that says how to mend
// it; a date written day first, as decisions are dated, is given back as YYYY-MM-DD.
func TestImportRequestCheck(t *testing.T) {
	for _, tt := range []struct {
		edit func(*ImportRequest)
		want string
	}{
		{func(r *ImportRequest) {}, ""},
		{func(r *ImportRequest) { r.Kind = "WEIRD" }, `unknown kind "WEIRD": RESULTS, PUBLISHED or FRAMEWORK`},
		{func(r *ImportRequest) { r.Year = 1999 }, "year 1999 is out of range (2000–2100)"},
		{func(r *ImportRequest) { r.Year = 2101 }, "year 2101 is out of range (2000–2100)"},
		{func(r *ImportRequest) { r.Decision = "  " }, "the decision number is required (e.g. 1234/QĐ-UBND)"},
		{func(r *ImportRequest) { r.Importer = "" }, "who imports is required"},
		{func(r *ImportRequest) { r.Date = "30/12/2024" }, `the decision date "30/12/2024" is not a date as YYYY-MM-DD: write 2024-12-30`},
		{func(r *ImportRequest) { r.Date = "3/4/2024" }, `the decision date "3/4/2024" is not a date as YYYY-MM-DD: write 2024-04-03`},
		{func(r *ImportRequest) { r.Date = "12/30/2024" }, `the decision date "12/30/2024" is not a date as YYYY-MM-DD`},
		{func(r *ImportRequest) { r.Date = "2024-02-30" }, `the decision date "2024-02-30" is not a date as YYYY-MM-DD`},
		{func(r *ImportRequest) { r.SourceURL = "" }, ""},
		{func(r *ImportRequest) { r.SourceURL = "http://vbpl.vn/soctrang/Pages/vanban.aspx?ItemID=1" }, ""},
		{func(r *ImportRequest) { r.SourceURL = "@SUM(1)" }, `the source URL "@SUM(1)" is not a web address (http:// or https://)`},
		{func(r *ImportRequest) { r.SourceURL = "=HYPERLINK(\"x\")" }, `the source URL "=HYPERLINK(\"x\")" is not a web address (http:// or https://)`},
		{func(r *ImportRequest) { r.SourceURL = "javascript:alert(1)" }, `the source URL "javascript:alert(1)" is not a web address (http:// or https://)`},
		{func(r *ImportRequest) { r.SourceURL = "file:///etc/passwd" }, `the source URL "file:///etc/passwd" is not a web address (http:// or https://)`},
		{func(r *ImportRequest) { r.SourceURL = "/qd-2234.pdf" }, `the source URL "/qd-2234.pdf" is not a web address (http:// or https://)`},
		{func(r *ImportRequest) { r.SourceURL = "https://" }, `the source URL "https://" is not a web address (http:// or https://)`},
		{func(r *ImportRequest) { r.SourceURL = "https://a b.vn/x" }, `the source URL "https://a b.vn/x" is not a web address (http:// or https://)`},
	} {
		req := illustrativeRequest()
		req.Kind = ImportResults
		tt.edit(&req)
		if got := req.check(); got != tt.want {
			t.Errorf("%+v: %q, want %q", req, got, tt.want)
		}
	}
}

// TestImportCodesWithoutZeros imports a year of the Cao Bằng sample from a long CSV whose unit
// codes lost their leading zeros, as when Excel took the code column for numbers (04321 became
// 4321): the codes are read with their zeros restored, one warning says so, and the scores read
// are those in effect.
func TestImportCodesWithoutZeros(t *testing.T) {
	ctx := context.Background()
	s := openExportSample(t)
	data, err := nationalLongCSV(ctx, s.db, 2024, 0)
	if err != nil {
		t.Fatal(err)
	}
	stripped := regexp.MustCompile(`(?m)^0+(\d)`).ReplaceAll(data, []byte("$1"))
	if bytes.Equal(stripped, data) || !bytes.Contains(stripped, []byte("\n1")) {
		t.Fatal("the sample has no code with a leading zero: the test tests nothing")
	}
	req := illustrativeRequest()
	req.Kind, req.DryRun, req.FileName = ImportResults, true, "cao-bang-2024.csv"
	rep, err := s.Import(ctx, req, stripped)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != ImportDryRun || len(rep.Problems) != 0 || rep.ScoresChanged != 0 || rep.ScoresAdded != 0 || rep.Units == 0 {
		t.Fatalf("dry run of the codes without zeros: %s, %d units, %d added, %d changed, %d problems, the first %+v",
			rep.Status, rep.Units, rep.ScoresAdded, rep.ScoresChanged, len(rep.Problems), rep.Problems[:min(len(rep.Problems), 1)])
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Code != "CODE_ZEROS_RESTORED" ||
		!strings.HasPrefix(rep.Warnings[0].Message, fmt.Sprintf("%d unit codes had lost their leading zeros", rep.Units)) || rep.Warnings[0].Row != 2 {
		t.Errorf("warnings: %+v", rep.Warnings)
	}
	// A code of digits that is not a unit's, even with zeros, is still unknown; so is a code
	// with letters.
	for _, code := range []string{"99999", "999", "4a"} {
		rep, err := s.Import(ctx, req, []byte("unit_code,criterion_code,points\n"+code+",1.1,1\n"))
		if err != nil || rep.Status != ImportRefused || len(rep.Problems) == 0 || rep.Problems[0].Code != "UNKNOWN_UNIT" {
			t.Errorf("code %s: %v %+v", code, err, rep)
		}
	}
}

// openWithAnnex opens a database file in a new folder and imports the corpus's Kế Sách annex
// into it (release 2). The caller closes the store.
func openWithAnnex(t *testing.T) (s *Store, dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, "a.duckdb")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(context.Background(), illustrativeRequest(), readCorpus(t, corpusAnnex)); err != nil {
		s.Close()
		t.Fatal(err)
	}
	return s, dir, path
}

// TestBackupRestore backs up a database with an import and a rollback, restores it into a new
// file and compares the contents.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	s, dir, path := openWithAnnex(t)
	want, _ := s.Checksum(ctx)
	m, err := s.Backup(ctx, filepath.Join(dir, "backup"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(ctx, filepath.Join(dir, "backup")); err == nil {
		t.Error("a backup into a folder that is not empty was accepted")
	}
	// While a process holds the target, a restore refuses to replace it.
	if _, err := Restore(ctx, filepath.Join(dir, "backup"), path); err == nil || !strings.Contains(err.Error(), "stop the server") {
		t.Errorf("restore over a database held open: %v", err)
	}
	s.Close()
	restored := filepath.Join(dir, "restored.duckdb")
	if _, err := Restore(ctx, filepath.Join(dir, "backup"), restored); err != nil {
		t.Fatal(err)
	}
	r, err := Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, _ := r.Checksum(ctx); got != want {
		t.Errorf("restored checksum %s, backed up %s", got, want)
	}
	if r.Release() != m.Release || ranking2024(t, r)["31564"].Source.Kind != SourceOfficial {
		t.Errorf("restored release %d, want %d, with the import", r.Release(), m.Release)
	}
	// A damaged backup is refused before anything is written.
	f := filepath.Join(dir, "backup", "scores.csv")
	data, _ := os.ReadFile(f)
	os.WriteFile(f, append(data, "2024,x,1.1,1.00,1,1\n"...), 0o644)
	if _, err := Restore(ctx, filepath.Join(dir, "backup"), filepath.Join(dir, "other.duckdb")); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("damaged backup: %v", err)
	}
}

// TestRestoreKeepsTheReplacedFileWhole restores a backup over the files a killed server leaves: its
// last commit (a rollback, after the backup) is only in the write-ahead log. The file kept as
// .before-restore still holds that commit, and a log left without its file is never replayed into
// the restored one.
func TestRestoreKeepsTheReplacedFileWhole(t *testing.T) {
	ctx := context.Background()
	s, dir, path := openWithAnnex(t)
	m, err := s.Backup(ctx, filepath.Join(dir, "backup"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rollback(ctx, 1, "test"); err != nil {
		t.Fatal(err)
	}
	last := s.Release()
	// What a server killed now leaves on the disk: the file and its log, copied while it is open.
	killed := filepath.Join(dir, "killed.duckdb")
	orphan := filepath.Join(dir, "orphan.duckdb")
	if info, err := os.Stat(path + ".wal"); err != nil || info.Size() == 0 {
		t.Fatalf("the rollback's commit is not in a write-ahead log (%v): the test tests nothing", err)
	}
	for _, c := range [][2]string{{path, killed}, {path + ".wal", killed + ".wal"}, {path + ".wal", orphan + ".wal"}} {
		if err := copyFileTo(c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	// An earlier restore's kept log must not pair with the file kept now.
	os.WriteFile(killed+".before-restore.wal", []byte("not this file's log"), 0o644)

	for _, target := range []string{killed, orphan} {
		if _, err := Restore(ctx, filepath.Join(dir, "backup"), target); err != nil {
			t.Fatalf("restore over %s: %v", filepath.Base(target), err)
		}
		r, err := Open(ctx, target)
		if err != nil {
			t.Fatalf("the restored %s does not open: %v", filepath.Base(target), err)
		}
		if r.Release() != m.Release {
			t.Errorf("restored %s at release %d, want the backup's %d", filepath.Base(target), r.Release(), m.Release)
		}
		r.Close()
	}
	kept, err := Open(ctx, killed+".before-restore")
	if err != nil {
		t.Fatalf("the file kept by the restore does not open: %v", err)
	}
	defer kept.Close()
	if kept.Release() != last {
		t.Errorf("the file kept by the restore is at release %d, want %d (its last commit was in its log)", kept.Release(), last)
	}
	if _, err := os.Stat(orphan + ".wal.before-restore"); err != nil {
		t.Errorf("the log left without its file was not kept aside: %v", err)
	}
}

// TestImportCrash kills a child process with SIGKILL at several points of an import, inside and
// around its transaction, and once just after its commit. The database is the reduced national build (three provinces) and the
// file a long CSV of its 2024 scores, every one moved: 10,520 scores replaced, the year's derived
// tables rebuilt. After each kill the database opens, holds the previous release whole and no row
// of the broken import, and still takes the import.
func TestImportCrash(t *testing.T) {
	if path := os.Getenv("PARINDEX_CRASH_CHILD"); path != "" {
		crashChild(path, os.Getenv("PARINDEX_CRASH_FILE"), os.Getenv("PARINDEX_CRASH_PAUSE"))
		return
	}
	ctx := context.Background()
	dir := t.TempDir()
	path, file := filepath.Join(dir, "crash.duckdb"), filepath.Join(dir, "scores-2024.csv")
	if _, err := CreateNational(ctx, path, nationalSample); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := nationalLongCSV(ctx, s.db, 2024, 1)
	if err != nil {
		t.Fatal(err)
	}
	scores := bytes.Count(data, []byte("\n")) - 1
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want, _ := s.Checksum(ctx)
	release := s.Release()
	s.Close()
	pristine, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	reset := func() {
		os.Remove(path + ".wal")
		if err := os.WriteFile(path, pristine, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	points := []struct {
		step  string        // kill once the child reports this step
		pause bool          // the child waits at the step (inside the transaction for the later ones)
		delay time.Duration // or kill this long after the step, while it runs
	}{
		{"reading the file", true, 0},
		{"writing the release", true, 0},
		{"appending", true, 0},
		{"refreshing the derived tables", true, 0},
		{"committing", true, 0},
		{"refreshing the derived tables", false, 50 * time.Millisecond},
		{"committing", false, 0},
		{"reading the references", true, 0}, // committed: the import must be whole
	}
	for _, p := range points {
		t.Run(fmt.Sprintf("%s/%v/%v", p.step, p.pause, p.delay), func(t *testing.T) {
			reset()
			cmd := exec.Command(os.Args[0], "-test.run=^TestImportCrash$")
			cmd.Env = append(os.Environ(), "PARINDEX_CRASH_CHILD="+path, "PARINDEX_CRASH_FILE="+file)
			if p.pause {
				cmd.Env = append(cmd.Env, "PARINDEX_CRASH_PAUSE="+p.step)
			}
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := bufio.NewScanner(out)
			reached := false
			for lines.Scan() {
				if strings.HasPrefix(lines.Text(), "step: "+p.step) {
					reached = true
					break
				}
			}
			if reached {
				time.Sleep(p.delay)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			if !reached {
				t.Fatalf("the child never reached %q", p.step)
			}
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("the database does not open after the kill: %v", err)
			}
			defer s.Close()
			got, _ := s.Checksum(ctx)
			switch {
			case s.Release() == release && got == want:
				t.Logf("killed before the commit: release %d whole", release)
			case s.Release() == release+1 && (!p.pause || p.step == "reading the references"):
				// A kill after the commit (or a timed one that lands after it): the import must be whole.
				imports, err := s.Imports(ctx)
				if err != nil || len(imports) != 1 || imports[0].Scores != scores {
					t.Errorf("killed after the commit, but the import is not whole: %v %+v", err, imports)
				}
				var n int
				s.db.QueryRowContext(ctx, `SELECT count(*) FROM scores WHERE release_id = ?`, release+1).Scan(&n)
				if n != scores {
					t.Errorf("killed after the commit: %d scores of the import, want %d", n, scores)
				}
				t.Logf("killed after the commit: release %d whole", release+1)
			default:
				t.Errorf("after the kill: release %d, checksum %s, want release %d and %s", s.Release(), got, release, want)
			}
		})
	}
	reset()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	req := illustrativeRequest()
	req.FileName = filepath.Base(file)
	if rep, err := s.Import(ctx, req, data); err != nil || rep.Status != ImportCommitted || rep.Scores != scores {
		t.Fatalf("import after the kills: %v %+v", err, rep)
	}
}

// crashChild imports file into the database at path, reporting each step on stdout and waiting
// to be killed at the step named pause.
func crashChild(path, file, pause string) {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	req := illustrativeRequest()
	req.FileName = filepath.Base(file)
	req.Progress = func(step string) {
		fmt.Println("step: " + step)
		os.Stdout.Sync()
		if pause != "" && strings.HasPrefix(step, pause) {
			time.Sleep(10 * time.Second)
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	s.Import(ctx, req, data)
	fmt.Println("step: done")
	time.Sleep(10 * time.Second)
	os.Exit(0)
}

// TestImportFrameworkAndPublished imports a framework of TP. Cần Thơ from 2026, which replaces
// its framework of 2025 for its communes from then, then rolls it back; and imports published
// groups and ranks only, which replace the year's published results and leave its scores alone.
func TestImportFrameworkAndPublished(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	req := illustrativeRequest()
	req.Year, req.Kind, req.FileName, req.Issuer = 2026, ImportFramework, "framework-2026-minh-hoa.csv", "UBND thành phố Cần Thơ"
	rep, err := s.Import(ctx, req, readCorpus(t, "../testdata/import/framework-2026-minh-hoa.csv"))
	if err != nil || rep.Status != ImportCommitted || rep.Scores != 32 || rep.Published != 5 || rep.Framework == nil ||
		rep.Framework.Issuer == nil || rep.Framework.Issuer.Code != "92" || rep.Framework.Replaces != nil {
		t.Fatalf("framework import: %v %+v", err, rep)
	}
	xaKeSach := "31528" // Xã Kế Sách, a commune of Cần Thơ from 1 July 2025
	fw, err := s.Framework(ctx, 2026, &xaKeSach)
	if err != nil || fw.ID != rep.Framework.ID || fw.Source.Kind != SourceOfficial || len(fw.Fields) != 8 || fw.MaxPoints != 100 || len(fw.Groups) != 5 ||
		fw.Issuer == nil || fw.Issuer.Code != "92" || fw.FirstYear != 2026 {
		t.Fatalf("framework of 2026 for %s: %v %+v", xaKeSach, err, fw)
	}
	if fw, err := s.Framework(ctx, 2025, &xaKeSach); err != nil || fw.ID != "can-tho-2025" || fw.LastYear == nil || *fw.LastYear != 2025 {
		t.Errorf("framework of 2025 for %s: %v %+v; want can-tho-2025, in force until 2025", xaKeSach, err, fw)
	}
	rep, err = s.Import(ctx, req, readCorpus(t, "../testdata/import/framework-2026-minh-hoa.csv"))
	if err != nil || rep.Status != ImportUnchanged {
		t.Fatalf("framework again: %v %+v", err, rep)
	}
	if _, err := s.Rollback(ctx, 1, "test"); err != nil {
		t.Fatal(err)
	}
	if fw, err := s.Framework(ctx, 2026, &xaKeSach); err != nil || fw.ID != "can-tho-2025" {
		t.Errorf("2026 after rolling its framework back: %v %+v; want Cần Thơ's of 2025", err, fw)
	}

	before := ranking2024(t, s)
	req = illustrativeRequest()
	req.FileName = "ke-sach-2024-published-only-minh-hoa.csv"
	rep, err = s.Import(ctx, req, readCorpus(t, "../testdata/import/"+req.FileName))
	if err != nil || rep.Status != ImportCommitted || rep.Kind != ImportPublished || rep.Published != 13 || rep.Scores != 0 {
		t.Fatalf("published import: %v %+v", err, rep)
	}
	for code, r := range ranking2024(t, s) {
		if r.Points != before[code].Points || r.Source.Kind != SourceIllustrative {
			t.Errorf("%s: a published-only import changed the scores: %v %s", code, r.Points, r.Source.Kind)
		}
		if r.Published == nil || r.Published.Source.Kind != SourceOfficial || r.Published.Rank == nil {
			t.Errorf("%s: published %+v, want the imported group and rank", code, r.Published)
		}
	}
}

// checkDerivedWhole checks that the derived tables an import refreshed for its year hold what a
// refresh of every year gives.
func checkDerivedWhole(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	var tables []struct{ name, columns string }
	for _, name := range []string{"unit_results", "field_results", "field_summaries", "criterion_results", "current_results",
		"current_field_results", "units"} {
		tables = append(tables, struct{ name, columns string }{name, "*"})
	}
	// Rollups hold sums of floating-point numbers, which the order of the rows moves in the last
	// digits: they are kept aside and compared with a tolerance.
	for _, r := range rollups {
		if _, err := s.db.ExecContext(ctx, "CREATE OR REPLACE TABLE scoped_"+r.table+" AS SELECT * FROM "+r.table); err != nil {
			t.Fatal(err)
		}
	}
	scoped := make([]string, len(tables))
	for i, table := range tables {
		sum, err := s.checksum(ctx, tables[i:i+1])
		if err != nil {
			t.Fatal(err)
		}
		scoped[i] = sum
		_ = table
	}
	checkCriterionOrder(t, s, "after the refresh of one year")
	if err := s.inTx(ctx, func(conn *sql.Conn) error { return refreshDerived(ctx, conn) }); err != nil {
		t.Fatal(err)
	}
	for i, table := range tables {
		if full, _ := s.checksum(ctx, tables[i:i+1]); full != scoped[i] {
			t.Errorf("%s: the rows refreshed for one year differ from a refresh of every year", table.name)
		}
	}
	for _, r := range rollups {
		var on []string
		for _, k := range r.allKeys() {
			on = append(on, fmt.Sprintf("a.%[1]s IS NOT DISTINCT FROM b.%[1]s", k))
		}
		var differ int
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM scoped_`+r.table+` a FULL JOIN `+r.table+` b ON `+strings.Join(on, " AND ")+`
WHERE a.n IS DISTINCT FROM b.n OR b.n IS NULL OR a.np <> b.np OR a.npts <> b.npts
   OR a.min_p IS DISTINCT FROM b.min_p OR a.max_p IS DISTINCT FROM b.max_p
   OR abs(a.sum_p - b.sum_p) > 1e-9 * greatest(1, abs(b.sum_p)) OR abs(a.sum_p2 - b.sum_p2) > 1e-9 * greatest(1, abs(b.sum_p2))
   OR abs(a.sum_pts - b.sum_pts) > 1e-9 * greatest(1, abs(b.sum_pts))`).Scan(&differ)
		if err != nil {
			t.Fatal(err)
		}
		if differ > 0 {
			t.Errorf("%s: %d rows refreshed for one year differ from a refresh of every year", r.table, differ)
		}
	}
	checkCriterionOrder(t, s, "after a full refresh")
}

// checkCriterionOrder checks that each year's rows of criterion_results are stored in the order
// exports read them without sorting (province, parent, unit, criterion); a refreshed year's rows
// come after the other years'.
func checkCriterionOrder(t *testing.T, s *Store, when string) {
	t.Helper()
	var unordered int
	err := s.db.QueryRowContext(context.Background(), `SELECT count(*) FILTER (WHERE k < prev) FROM (
		SELECT k, lag(k) OVER (PARTITION BY year ORDER BY rowid) AS prev
		FROM (SELECT rowid, year, (province_id, parent_id, unit_id, criterion_code) AS k FROM criterion_results))`).Scan(&unordered)
	if err != nil || unordered > 0 {
		t.Errorf("%s: %d rows of criterion_results out of order (%v)", when, unordered, err)
	}
}

// TestMigrationKeepsPublishedResults applies the imports migration to a database written before
// it (schema 0001 with published results), as a server upgraded in place does.
func TestMigrationKeepsPublishedResults(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	first, err := migrations.ReadFile("migrations/0001_schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
		string(first),
		`INSERT INTO schema_migrations VALUES (1, '0001_schema.sql', now())`,
		`INSERT INTO published_results VALUES (2023, '31564@2025-03-01', 'I', 1, 2)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		t.Fatalf("migrate a database of schema 1: %v", err)
	}
	var release int
	if err := db.QueryRowContext(ctx, `SELECT release_id FROM published_results WHERE unit_id = '31564@2025-03-01'`).Scan(&release); err != nil || release != 1 {
		t.Errorf("published result after the migration: release %d, %v; want 1", release, err)
	}
	db.Close()
}

// TestDeriveYearUnitsComeAndGo checks the year-scoped refresh when a unit loses its results of
// the year and gets them back: its years of results (units.result_years), which the scoped
// refresh updates only for the units whose presence in the year changed, must equal a full
// refresh's.
func TestDeriveYearUnitsComeAndGo(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	var unit string
	if err := s.db.QueryRowContext(ctx, `SELECT min(unit_id) FROM scores WHERE year = 2024`).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE kept AS SELECT * FROM scores WHERE year = 2024 AND unit_id = $unit; DELETE FROM scores WHERE year = 2024 AND unit_id = $unit`,
		`INSERT INTO scores SELECT * FROM kept; DROP TABLE kept`,
	} {
		err := s.inTx(ctx, func(conn *sql.Conn) error {
			if _, err := conn.ExecContext(ctx, strings.ReplaceAll(stmt, "$unit", "'"+unit+"'")); err != nil {
				return err
			}
			return refreshDerivedYear(ctx, conn, 2024)
		})
		if err != nil {
			t.Fatal(err)
		}
		var years []any
		if err := s.db.QueryRowContext(ctx, `SELECT result_years FROM units WHERE id = ?`, unit).Scan(&years); err != nil {
			t.Fatal(err)
		}
		if got := slices.ContainsFunc(years, func(y any) bool { return fmt.Sprint(y) == "2024" }); got != strings.HasPrefix(stmt, "INSERT") {
			t.Errorf("after %.40s…: %s's years of results are %v", stmt, unit, years)
		}
		checkDerivedWhole(t, s)
	}
}

// TestImportDiffCounts checks what a dry run reports against the scores in effect, which are
// compared in SQL with the staged file: a unit that had no scores (its scores added), three points
// that differ in two units (changed), a score in effect that the file does not give (removed),
// and the illustrative rows replaced.
func TestImportDiffCounts(t *testing.T) {
	ctx := context.Background()
	s := openDefault(t)
	data, err := nationalLongCSV(ctx, s.db, 2024, 0) // the scores in effect, as a file
	if err != nil {
		t.Fatal(err)
	}
	var list []any
	if err := s.db.QueryRowContext(ctx, `SELECT list(DISTINCT unit_id ORDER BY unit_id) FROM scores WHERE year = 2024`).Scan(&list); err != nil {
		t.Fatal(err)
	}
	var units []string
	for _, u := range list {
		units = append(units, u.(string))
	}
	if len(units) < 4 {
		t.Fatalf("2024 has %d units with scores", len(units))
	}
	var criteria int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM scores WHERE year = 2024 AND unit_id = ?`, units[0]).Scan(&criteria); err != nil {
		t.Fatal(err)
	}
	scores2024 := func(table string) (rows int, sum string) {
		t.Helper()
		if err := s.db.QueryRowContext(ctx, `SELECT count(*), md5(string_agg(concat_ws(',', unit_id, criterion_code, points), ';' ORDER BY unit_id, criterion_code))
			FROM `+table+` WHERE year = 2024`).Scan(&rows, &sum); err != nil {
			t.Fatal(err)
		}
		return rows, sum
	}
	fileRows, fileSum := scores2024("scores")
	for _, stmt := range []string{
		`DELETE FROM scores WHERE year = 2024 AND unit_id = '` + units[0] + `'`,
		`INSERT INTO scores SELECT year, unit_id, '9.99', 1, source_id, release_id FROM scores WHERE year = 2024 AND unit_id = '` + units[1] + `' LIMIT 1`,
		`UPDATE scores SET points = points - 0.25 WHERE year = 2024 AND points >= 0.25 AND criterion_code IN (SELECT criterion_code FROM scores WHERE year = 2024 AND unit_id = '` + units[2] + `' AND points >= 0.25 ORDER BY criterion_code LIMIT 2) AND unit_id = '` + units[2] + `'`,
		`UPDATE scores SET points = points - 0.25 WHERE year = 2024 AND points >= 0.25 AND criterion_code IN (SELECT criterion_code FROM scores WHERE year = 2024 AND unit_id = '` + units[3] + `' AND points >= 0.25 ORDER BY criterion_code LIMIT 1) AND unit_id = '` + units[3] + `'`,
	} {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	var illustrative int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM scores s JOIN sources src ON src.id = s.source_id
		WHERE s.year = 2024 AND src.kind = 'ILLUSTRATIVE'`).Scan(&illustrative); err != nil {
		t.Fatal(err)
	}
	req := illustrativeRequest()
	req.FileName, req.DryRun = "diff.csv", true
	rep, err := s.Import(ctx, req, data)
	if err != nil || rep.Status != ImportDryRun {
		t.Fatalf("dry run: %v %+v", err, rep)
	}
	got := [...]int{rep.ScoresAdded, rep.ScoresChanged, rep.ScoresRemoved, rep.UnitsAdded, rep.UnitsChanged, rep.UnitsRemoved, rep.Illustrative}
	want := [...]int{criteria, 3, 1, 1, 3, 0, illustrative}
	if got != want {
		t.Errorf("scores added, changed, removed, units added, changed, removed, illustrative: %v, want %v", got, want)
	}

	// Committed, the year holds exactly the file's scores (updated, deleted and inserted), all of
	// the new release, and the archive exactly the rows that were in effect.
	inEffectRows, inEffectSum := scores2024("scores")
	req.DryRun = false
	if rep, err = s.Import(ctx, req, data); err != nil || rep.Status != ImportCommitted {
		t.Fatalf("import: %v %+v", err, rep)
	}
	if rows, sum := scores2024("scores"); rows != fileRows || sum != fileSum {
		t.Errorf("scores of 2024 after the import: %d rows (%s), want the file's %d (%s)", rows, sum, fileRows, fileSum)
	}
	var others int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM scores WHERE year = 2024 AND release_id <> ?`, *rep.Release).Scan(&others); err != nil || others != 0 {
		t.Errorf("%d scores of 2024 not of release %d (%v)", others, *rep.Release, err)
	}
	if rows, sum := scores2024("scores_archive"); rows != inEffectRows || sum != inEffectSum {
		t.Errorf("archive: %d rows (%s), want the %d in effect before (%s)", rows, sum, inEffectRows, inEffectSum)
	}
	checkDerivedWhole(t, s)
}

// TestRestoreRefusesAnEarlierRestoresFiles: a restore that finds what an earlier one kept (the
// replaced file, or a log kept without its file) refuses, naming it, instead of renaming over the
// only copy of the data; once the file is moved away, the restore runs. After a crash between the
// two renames of a restore (the file moved aside, the restored one not yet in place) the same
// refusal stops a second restore from taking a fresh file for the one to keep.
func TestRestoreRefusesAnEarlierRestoresFiles(t *testing.T) {
	ctx := context.Background()
	s, dir, path := openWithAnnex(t)
	backup := filepath.Join(dir, "backup")
	if _, err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Restore(ctx, backup, path); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		setup func()
		kept  string
	}{
		{"after a restore", func() {}, path + ".before-restore"},
		{"after a crash between the renames", func() { os.Rename(path, path+".restoring") }, path + ".before-restore"},
		{"a log kept without its file", func() {
			os.Rename(path+".restoring", path)
			os.Rename(path+".before-restore", filepath.Join(dir, "moved-away.duckdb"))
			os.WriteFile(path+".wal.before-restore", []byte("log"), 0o644)
		}, path + ".wal.before-restore"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.setup()
			_, err := Restore(ctx, backup, path)
			if err == nil || !strings.Contains(err.Error(), tt.kept+", kept by an earlier restore, is still there: move it away") {
				t.Errorf("restore: %v, want a refusal naming %s", err, tt.kept)
			}
		})
	}
	os.Remove(path + ".wal.before-restore")
	if _, err := Restore(ctx, backup, path); err != nil {
		t.Errorf("restore once the kept files are moved away: %v", err)
	}
}

// TestCheckDatabase: which missing files Open may create.
func TestCheckDatabase(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "a.duckdb")
	os.WriteFile(existing, nil, 0o644)
	interrupted := filepath.Join(dir, "b.duckdb")
	os.WriteFile(interrupted+".before-restore", nil, 0o644)
	missing := filepath.Join(dir, "c.duckdb")
	for _, tt := range []struct {
		path   string
		create Creation
		ok     bool
	}{
		{":memory:", CreateNever, true},
		{existing, CreateNever, true},
		{missing, CreateNever, false},
		{missing, CreateIfClean, true},
		{missing, CreateAlways, true},
		{interrupted, CreateIfClean, false},
		{interrupted, CreateAlways, true},
		{dir, CreateAlways, false},
	} {
		err := CheckDatabase(tt.path, tt.create)
		if (err == nil) != tt.ok {
			t.Errorf("CheckDatabase(%s, %d) = %v, want ok %v", filepath.Base(tt.path), tt.create, err, tt.ok)
		}
	}
}
