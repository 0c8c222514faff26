package analytics

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/parindex/parindex/analytics/annex"

	"github.com/parindex/parindex/analytics/dataset"
)

// ImportKind is what a file brings: scores, published results only, or a framework; a rollback
// is recorded alongside imports.
type ImportKind string

// Import kinds.
const (
	ImportResults   ImportKind = "RESULTS"   // scores per criterion, with published groups and ranks when given
	ImportPublished ImportKind = "PUBLISHED" // groups and ranks only, for a decision that publishes no scores
	ImportFramework ImportKind = "FRAMEWORK" // an issuer's framework from a year: fields, criteria, maximum points, classes, cohorts
	ImportRollback  ImportKind = "ROLLBACK"
)

// ImportStatus is the outcome of an import.
type ImportStatus string

// Import outcomes.
const (
	ImportCommitted ImportStatus = "COMMITTED" // written as a new release
	ImportUnchanged ImportStatus = "UNCHANGED" // the same file is already in effect; nothing written
	ImportDryRun    ImportStatus = "DRY_RUN"   // valid; what would change is reported, nothing written
	ImportRefused   ImportStatus = "REFUSED"   // invalid; the problems are reported, nothing written
)

// ImportRequest describes a file to import and where it comes from.
type ImportRequest struct {
	Kind     ImportKind // RESULTS (the default) or PUBLISHED or FRAMEWORK
	Year     int
	Decision string // decision number, e.g. 1234/QĐ-UBND
	Date     string // date of the decision, YYYY-MM-DD
	// Issuer is the body that issued it, e.g. UBND huyện Kế Sách. When it names a district or
	// province (of Year), a file's names are matched among the units under it (see withIssuer).
	// A framework belongs to the one district or province of Year it names (or whose code it is,
	// "04"): its units are scored on it from Year until the issuer's next framework.
	Issuer    string
	SourceURL string
	FileName  string
	Sheet     string // the XLSX sheet; the first that holds an annex when empty
	Importer  string // who imports (a login, a name)
	DryRun    bool
	// OverrideYear imports a file that states another year than Year, or whose decision's date is
	// not of Year or the year after (YEAR_DIFFERS becomes a warning).
	OverrideYear bool
	// ReplaceOfficial lets the file replace results that another official decision published
	// (REPLACES_OFFICIAL becomes a warning).
	ReplaceOfficial bool
	// Progress, when not nil, is told what the import is doing (for large files).
	Progress func(step string)
}

// ImportReport says what an import found and did. Every problem refuses the whole file.
type ImportReport struct {
	Status        ImportStatus `json:"status"`
	Kind          ImportKind   `json:"kind"`
	Year          int          `json:"year"`
	FileName      string       `json:"fileName"`
	SHA256        string       `json:"sha256"`
	FileBytes     int          `json:"fileBytes"`
	Layout        string       `json:"layout"`
	Release       *int         `json:"release"`
	Units         int          `json:"units"`
	Scores        int          `json:"scores"`
	Published     int          `json:"published"`
	UnitsAdded    int          `json:"unitsAdded"`
	UnitsChanged  int          `json:"unitsChanged"`
	UnitsRemoved  int          `json:"unitsRemoved"`
	ScoresAdded   int          `json:"scoresAdded"`
	ScoresChanged int          `json:"scoresChanged"`
	ScoresRemoved int          `json:"scoresRemoved"`
	Illustrative  int          `json:"illustrative"` // rows of generated data the import replaces
	// Frameworks are those a results file was checked against, with the units of the file each
	// is in force for; Framework is what a framework import writes (or would).
	Frameworks []FrameworkUse    `json:"frameworks"`
	Framework  *FrameworkWritten `json:"framework,omitempty"`
	// ReplacesOfficial lists the units whose results, published by another official decision,
	// the import replaces (or would: REPLACES_OFFICIAL refuses it without ReplaceOfficial).
	ReplacesOfficial []OfficialReplacement `json:"replacesOfficial"`
	Problems         []ImportProblem       `json:"problems"`
	Warnings         []ImportProblem       `json:"warnings"`
	ElapsedSeconds   float64               `json:"-"`
}

// ImportProblem is one problem of a file: where it is (row and column as a spreadsheet shows
// them; row 0 for the whole file), a stable code, what is wrong and what would fix it.
type ImportProblem struct {
	Row        int    `json:"row"`
	Column     string `json:"column"`
	Code       string `json:"code"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion"`
}

// MaxImportBytes is the largest file an import reads.
const MaxImportBytes = annex.MaxBytes

// ErrImportBusy reports that another import, rollback or backup holds the store.
var ErrImportBusy = errors.New("analytics: another import is running")

// maxProblems bounds a report: a wrong file can have a problem in every cell.
const maxProblems = 200

// Import validates a file and, unless it is a dry run or has problems, writes it as a new release
// in one transaction, derived tables included, and makes it what every query reads. The same
// file imported again, while its import is in effect, writes nothing. A refused file leaves the
// database as it was. Import is safe for concurrent use: imports run one at a time.
func (s *Store) Import(ctx context.Context, req ImportRequest, data []byte) (*ImportReport, error) {
	start := time.Now()
	progress := req.Progress
	if progress == nil {
		progress = func(string) {}
	}
	if req.Kind == "" {
		req.Kind = ImportResults
	}
	sum := sha256.Sum256(data)
	rep := &ImportReport{Kind: req.Kind, Year: req.Year, FileName: req.FileName, SHA256: hex.EncodeToString(sum[:]), FileBytes: len(data),
		Frameworks: []FrameworkUse{}, ReplacesOfficial: []OfficialReplacement{}, Problems: []ImportProblem{}, Warnings: []ImportProblem{}}
	refuse := func(code, msg, suggestion string) (*ImportReport, error) {
		rep.Status = ImportRefused
		rep.Problems = append(rep.Problems, ImportProblem{Code: code, Message: msg, Suggestion: suggestion})
		return rep, nil
	}
	if s.readOnly {
		return nil, ErrReadOnly
	}
	if msg := req.check(); msg != "" {
		return refuse("BAD_REQUEST", msg, "")
	}
	if err := s.lockWrite(); err != nil {
		return nil, err
	}
	defer s.write.Unlock()
	s.importing.Store(true)
	defer s.importing.Store(false)

	progress("reading the file")
	sheets, err := annex.Read(data, req.Sheet)
	var fe *annex.FileError
	if errors.As(err, &fe) {
		return refuse(fe.Code, fe.Message, fileSuggestion(fe.Code))
	} else if err != nil {
		return nil, err
	}
	if req.Kind == ImportFramework {
		return s.importFramework(ctx, req, rep, sheets, progress)
	}
	r := s.refs.Load()
	// An issuer of another year would have the file's names matched among the units of another
	// area than its own: refused before any row is read, with a year without a framework.
	iu, issuerProblem, issuerWarning := newImportUnits(r, req.Year).withIssuer(req.Issuer)
	if issuerProblem != nil {
		rep.Problems = append(rep.Problems, *issuerProblem)
	}
	fws := newFrameworkSet(r, iu)
	if fws.primary() == nil {
		return refuse("NO_FRAMEWORK", fmt.Sprintf("%d has no framework: its criteria and maximum points are unknown", req.Year),
			"import the framework of its issuer first (parindex import -kind framework)")
	}
	if issuerProblem != nil {
		rep.Status = ImportRefused
		return rep, nil
	}
	if issuerWarning != nil {
		rep.Warnings = append(rep.Warnings, *issuerWarning)
	}
	progress("checking the rows")
	p := parseSheets(sheets, fws, iu, req.Kind == ImportPublished)
	p.noteReference(fws, iu)
	rep.Layout = p.layout
	rep.Frameworks = p.frameworksUsed(fws)
	if !p.hasScores && req.Kind == ImportResults && len(p.problems) == 0 {
		rep.Kind, req.Kind = ImportPublished, ImportPublished
	}
	if req.Kind == ImportPublished {
		p.scores = nil
	}
	p.checkCoverage(iu)
	rep.Units, rep.Scores, rep.Published = len(p.units), len(p.scores), len(p.published)
	rep.Problems = append(rep.Problems, p.problems...)
	rep.Warnings = append(rep.Warnings, p.warnings...)
	if rep.Units == 0 && len(rep.Problems) == 0 {
		return refuse("NO_ROWS", "the file names no unit", "each row of the annex gives one unit and its results")
	}
	scope := p.scope(iu)
	// What the file states of its year, and the official results it would replace, are reported
	// beside any other problem: a dry run shows both.
	guard := checkYear(req, p.stated)
	replaced, err := s.officialReplaced(ctx, req, rep.Kind, p, scope)
	if err != nil {
		return nil, err
	}
	if len(replaced) > 0 {
		rep.ReplacesOfficial = replaced
		guard = append(guard, replacesOfficialProblem(req, replaced))
	}
	for _, g := range guard {
		if g.Code == "YEAR_DIFFERS" && req.OverrideYear || g.Code == "REPLACES_OFFICIAL" && req.ReplaceOfficial {
			g.Suggestion = "imported all the same: the request overrides it"
			rep.Warnings = append(rep.Warnings, g)
		} else {
			rep.Problems = append(rep.Problems, g)
		}
	}
	if len(rep.Problems) > 0 {
		rep.Status = ImportRefused
		if len(rep.Problems) > maxProblems {
			n := len(rep.Problems)
			rep.Problems = append(rep.Problems[:maxProblems], ImportProblem{Code: "TOO_MANY_PROBLEMS", Message: fmt.Sprintf("%d more problems not listed", n-maxProblems), Suggestion: "correct the ones above and import again"})
		}
		return rep, nil
	}
	progress("comparing with the data in effect")
	// One connection from here on: the file is staged in its temporary tables, compared with the
	// data in effect, and written from them in the import's transaction.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := stage(ctx, conn, p, p.criterionCodes(fws), scope); err != nil {
		return nil, errors.Join(err, unstage(conn))
	}
	release, err := func() (int, error) {
		defer unstage(conn) //nolint:errcheck // a failed drop leaves temporary tables that the next import replaces
		if err := s.diff(ctx, conn, rep, p, scope); err != nil {
			return 0, err
		}
		if done, err := s.settle(ctx, rep, "", req.DryRun); err != nil || done {
			return 0, err
		}
		progress("writing the release")
		release, err := s.commitImport(ctx, conn, req, rep, p, progress)
		if err != nil {
			return 0, fmt.Errorf("analytics: import %s: %w", req.FileName, err)
		}
		return release, nil
	}()
	if err != nil {
		return nil, err
	}
	if release == 0 {
		return rep, nil // UNCHANGED or DRY_RUN
	}
	progress("reading the references")
	if err := s.refreshChanged(ctx, &req.Year); err != nil {
		return nil, err
	}
	rep.Status, rep.Release = ImportCommitted, &release
	rep.ElapsedSeconds = time.Since(start).Seconds()
	return rep, nil
}

// check says what is wrong with the request's own fields, or "".
func (req ImportRequest) check() string {
	switch {
	case req.Kind != ImportResults && req.Kind != ImportPublished && req.Kind != ImportFramework:
		return fmt.Sprintf("unknown kind %s: RESULTS, PUBLISHED or FRAMEWORK", echo(string(req.Kind)))
	case req.Year < 2000 || req.Year > 2100:
		return fmt.Sprintf("year %d is out of range (2000–2100)", req.Year)
	case strings.TrimSpace(req.Decision) == "":
		return "the decision number is required (e.g. 1234/QĐ-UBND)"
	case strings.TrimSpace(req.Importer) == "":
		return "who imports is required"
	case req.SourceURL != "" && !isWebAddress(req.SourceURL):
		return fmt.Sprintf("the source URL %s is not a web address (http:// or https://)", echo(req.SourceURL))
	}
	if _, err := time.Parse(time.DateOnly, req.Date); err != nil {
		// A decision is dated day first ("ngày 30/12/2024"): say how to write that date.
		if d, err := time.Parse("2/1/2006", strings.TrimSpace(req.Date)); err == nil {
			return fmt.Sprintf("the decision date %s is not a date as YYYY-MM-DD: write %s", echo(req.Date), d.Format(time.DateOnly))
		}
		return fmt.Sprintf("the decision date %s is not a date as YYYY-MM-DD", echo(req.Date))
	}
	return ""
}

// isWebAddress reports whether s is an absolute http or https URL with a host: the source URL
// becomes the link of exports' datapackage.json and CITATION.cff, where anything else (a path, a
// formula such as @SUM(1)) would be taken for a file or run.
func isWebAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil &&
		!strings.ContainsAny(s, " \t\r\n")
}

func fileSuggestion(code string) string {
	switch code {
	case "NOT_A_SPREADSHEET":
		return "import the annex as .xlsx or as CSV (UTF-8)"
	case "EMPTY_FILE":
		return "export the annex again; the file holds nothing"
	case "FILE_TOO_LARGE":
		return "split the file by year or by province"
	case "WRONG_SHEET":
		return "name the sheet that holds the annex"
	case "UNTERMINATED_QUOTE":
		return `close the cell with a quote, or remove the opening one; a quote inside a quoted cell is written twice ("")`
	}
	return ""
}

// parseSheets reads the first sheet with the header of an annex (or the long format); when none
// has one, the problems of the only sheet, or WRONG_SHEET, are reported.
func parseSheets(sheets []annex.Sheet, fws *frameworkSet, iu *importUnits, publishedOnly bool) *parsedFile {
	var first *parsedFile
	for i, sh := range sheets {
		var p *parsedFile
		if isLongTable(sh) {
			p = parseLong(sh, fws, iu)
		} else {
			p = parseAnnex(sh, fws, iu, publishedOnly)
		}
		if p.layout != "" || len(sheets) == 1 {
			p.stated = statedYears(sh)
			p.noteRestoredCodes()
			p.noteOtherAnnexes(sheets[i+1:], fws, iu, publishedOnly)
			return p
		}
		if first == nil {
			first = p
		}
	}
	if len(sheets) > 1 {
		var names []string
		for _, sh := range sheets {
			names = append(names, sh.Name)
		}
		first.problems = []ImportProblem{{Code: "WRONG_SHEET", Message: "no sheet of the workbook holds an annex (a header with the units and their results); sheets: " + quoteList(names),
			Suggestion: "name the sheet with --sheet, or check that the header names Tên đơn vị and the criteria"}}
	}
	return first
}

// noteOtherAnnexes warns of the sheets after the one read that hold an annex too, as a province's
// workbook with a sheet per district does: an import reads one sheet, and the others are left
// for imports of their own.
func (p *parsedFile) noteOtherAnnexes(rest []annex.Sheet, fws *frameworkSet, iu *importUnits, publishedOnly bool) {
	var names []string
	for _, sh := range rest {
		if isLongTable(sh) || parseAnnex(sh, fws, iu, publishedOnly).layout != "" {
			names = append(names, sh.Name)
		}
	}
	if len(names) > 0 {
		p.warn(0, "", "OTHER_SHEETS", "sheets "+quoteList(names)+" hold an annex too; this import reads only the first",
			"import each of them with --sheet, one import per sheet")
	}
}

// checkCoverage reports the units of a parent that the file leaves out: an annex lists every
// commune of its district.
func (p *parsedFile) checkCoverage(iu *importUnits) {
	if len(p.units) == 0 {
		return
	}
	covered := map[string]bool{}
	for _, u := range p.units {
		if u.parentID != "" {
			covered[u.parentID] = true
		}
	}
	var parents []*unitRef
	for id := range covered {
		if u := iu.parents[id]; u != nil {
			parents = append(parents, u)
		}
	}
	slices.SortFunc(parents, func(a, b *unitRef) int { return strings.Compare(a.ref.Code, b.ref.Code) })
	for _, parent := range parents {
		for _, u := range iu.children[parent.id] {
			if _, ok := p.rowOf[u.id]; !ok {
				p.problem(0, "", "MISSING_UNIT", fmt.Sprintf("%s (%s) of %s (%s) has no row", u.ref.Name, u.ref.Code, parent.ref.Name, parent.ref.Code),
					"an import replaces the results of every unit of the district: add its row")
			}
		}
	}
}

// scope is the units whose results the import replaces: those of the file and any other unit of
// the same parents that has results that year (such a unit is a MISSING_UNIT problem unless it
// no longer existed).
func (p *parsedFile) scope(iu *importUnits) map[string]bool {
	scope := map[string]bool{}
	for _, u := range p.units {
		scope[u.id] = true
		for _, c := range iu.children[u.parentID] {
			scope[c.id] = true
		}
	}
	return scope
}

// diff counts what the import adds, changes and removes against the data in effect: the scores
// in SQL against the staged file (diffStaged), the published results against the references.
func (s *Store) diff(ctx context.Context, conn *sql.Conn, rep *ImportReport, p *parsedFile, scope map[string]bool) error {
	currentUnits := map[string]bool{}
	changedUnits := map[string]bool{}
	if rep.Kind == ImportResults {
		if err := diffStaged(ctx, conn, rep, currentUnits, changedUnits); err != nil {
			return fmt.Errorf("analytics: import diff: %w", err)
		}
	} else {
		r := s.refs.Load()
		for k, pub := range r.published {
			if k.year == rep.Year && scope[k.unit] {
				currentUnits[k.unit] = true
				if pub.Source.Kind == SourceIllustrative {
					rep.Illustrative++
				}
			}
		}
	}
	newUnits := map[string]bool{}
	for _, sc := range p.scores {
		newUnits[sc.UnitID] = true
	}
	if rep.Kind == ImportPublished || len(p.published) > 0 {
		// Results with groups replace the published results of their units too: a group or
		// rank that differs, appears or goes is a change of the unit.
		r := s.refs.Load()
		given := map[string]bool{}
		for _, pub := range p.published {
			newUnits[pub.UnitID] = true
			given[pub.UnitID] = true
			old := r.published[yearUnit{rep.Year, pub.UnitID}]
			if old == nil && rep.Kind == ImportResults || old != nil && (old.Group.Code != pub.Group || derefInt(old.Rank) != pub.Rank) {
				changedUnits[pub.UnitID] = true
			}
		}
		for k := range r.published {
			if rep.Kind == ImportResults && k.year == rep.Year && scope[k.unit] && !given[k.unit] {
				changedUnits[k.unit] = true
			}
		}
	}
	for u := range newUnits {
		if !currentUnits[u] {
			rep.UnitsAdded++
		} else if changedUnits[u] {
			rep.UnitsChanged++
		}
	}
	for u := range currentUnits {
		if !newUnits[u] {
			rep.UnitsRemoved++
		}
	}
	return nil
}

func derefInt(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// inEffect returns the release of an import of the same file, kind and year (and, for a
// framework, issuer) that is still the latest of its kind, year and issuer and was not rolled
// back, or 0.
func (s *Store) inEffect(ctx context.Context, rep *ImportReport, issuer string) (int, error) {
	var release sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT release_id FROM imports
		WHERE kind = ? AND year = ? AND coalesce(framework_issuer, '') = ? AND rolled_back_by IS NULL ORDER BY release_id DESC LIMIT 1`,
		rep.Kind, rep.Year, issuer).Scan(&release)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("analytics: import history: %w", err)
	}
	var sha string
	if err := s.db.QueryRowContext(ctx, `SELECT file_sha256 FROM imports WHERE release_id = ?`, release.Int64).Scan(&sha); err != nil {
		return 0, fmt.Errorf("analytics: import history: %w", err)
	}
	if sha != rep.SHA256 {
		return 0, nil
	}
	return int(release.Int64), nil
}

// commitImport writes the staged import as a new release in one transaction on conn: a source for
// the decision, the replaced rows moved to the archive, the new rows written, the audit row, the
// derived tables.
func (s *Store) commitImport(ctx context.Context, conn *sql.Conn, req ImportRequest, rep *ImportReport, p *parsedFile, progress func(string)) (int, error) {
	var release int
	err := inTxOn(ctx, conn, func(conn *sql.Conn) error {
		var err error
		release, err = newRelease(ctx, conn, fmt.Sprintf("Nhập %s năm %d theo Quyết định %s (%s)", kindLabel(rep.Kind), req.Year, req.Decision, req.FileName))
		if err != nil {
			return err
		}
		var source int
		if err := conn.QueryRowContext(ctx, `INSERT INTO sources SELECT coalesce(max(id), 0) + 1, 'OFFICIAL', ?, ?, ?, ? FROM sources RETURNING id`,
			sourceTitle(req), req.Decision, req.Date, nullable(req.SourceURL)).Scan(&source); err != nil {
			return fmt.Errorf("source: %w", err)
		}
		tables := []string{"published_results"}
		if rep.Kind == ImportResults {
			tables = append(tables, "scores")
		}
		if rep.Kind == ImportResults && len(p.published) == 0 {
			tables = tables[1:] // scores without groups keep the published results of the year
		}
		for _, t := range tables {
			if err := archiveRows(ctx, conn, t, release, fmt.Sprintf(`year = %d AND unit_id IN (SELECT unit_id FROM import_scope)`, req.Year)); err != nil {
				return err
			}
		}
		progress(fmt.Sprintf("appending %d scores", len(p.scores)))
		if err := insertStaged(ctx, conn, req.Year, source, release); err != nil {
			return fmt.Errorf("scores: %w", err)
		}
		if err := appendPublished(conn, p.published, source, release); err != nil {
			return fmt.Errorf("published results: %w", err)
		}
		if err := insertImport(ctx, conn, release, req, rep, source, importScope{}, nil); err != nil {
			return err
		}
		progress("refreshing the derived tables")
		if err := refreshDerivedYear(ctx, conn, req.Year); err != nil {
			return err
		}
		progress("committing")
		return nil
	})
	return release, err
}

func kindLabel(k ImportKind) string {
	switch k {
	case ImportPublished:
		return "kết quả công bố"
	case ImportFramework:
		return "bộ chỉ số"
	}
	return "điểm"
}

// sourceTitle names the decision as the API shows it in every number's source.
func sourceTitle(req ImportRequest) string {
	t := "Quyết định " + req.Decision
	if d, err := time.Parse(time.DateOnly, req.Date); err == nil {
		t += " ngày " + d.Format("02/01/2006")
	}
	if req.Issuer != "" {
		t += " của " + req.Issuer
	}
	return t + fmt.Sprintf(" (phụ lục kết quả năm %d, tệp %s)", req.Year, req.FileName)
}

func newRelease(ctx context.Context, conn *sql.Conn, description string) (int, error) {
	var release int
	if err := conn.QueryRowContext(ctx, `INSERT INTO releases SELECT coalesce(max(id), 0) + 1, now(), ? FROM releases RETURNING id`, description).Scan(&release); err != nil {
		return 0, fmt.Errorf("release: %w", err)
	}
	return release, nil
}

// archiveRows moves the rows of a versioned table (scores, published_results) that match where
// into its archive, tagged with the release that replaces them.
func archiveRows(ctx context.Context, conn *sql.Conn, table string, release int, where string) error {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %[1]s_archive SELECT *, %[2]d FROM %[1]s WHERE %[3]s; DELETE FROM %[1]s WHERE %[3]s`, table, release, where)); err != nil {
		return fmt.Errorf("archive %s: %w", table, err)
	}
	return nil
}

func appendPublished(conn *sql.Conn, rows []dataset.Published, source, release int) error {
	columns := []string{"year", "unit_id", "group_code", "rank", "source_id", "release_id"}
	return withAppender(conn, "published_results", columns, func(app *duckdb.Appender) error {
		for _, p := range rows {
			var rank any
			if p.Rank > 0 {
				rank = int32(p.Rank)
			}
			if err := app.AppendRow(int16(p.Year), p.UnitID, p.Group, rank, int32(source), int32(release)); err != nil {
				return err
			}
		}
		return nil
	})
}

// importScope is the framework scope a framework import replaces: its issuer and the framework
// it put in force before (nil when none), which a rollback restores.
type importScope struct {
	issuer   *string
	previous any
}

func insertImport(ctx context.Context, conn *sql.Conn, release int, req ImportRequest, rep *ImportReport, source int, scope importScope, restored any) error {
	var fileBytes any
	if rep.FileBytes > 0 {
		fileBytes = rep.FileBytes
	}
	var issuer any
	if scope.issuer != nil {
		issuer = *scope.issuer
	}
	_, err := conn.ExecContext(ctx, `INSERT INTO imports (id, release_id, kind, year, source_id, decision, decided, issuer, source_url,
		file_name, file_sha256, file_bytes, layout, units, scores, published, added, changed, removed, importer, previous_framework, framework_issuer, restored, created_at)
		SELECT coalesce(max(id), 0) + 1, ?, ?, ?, ?, ?, ?::DATE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now() FROM imports`,
		release, string(rep.Kind), nullableInt(req.Year), nullableInt(source), nullable(req.Decision), nullable(req.Date), nullable(req.Issuer),
		nullable(req.SourceURL), nullable(req.FileName), nullable(rep.SHA256), fileBytes, nullable(rep.Layout),
		rep.Units, rep.Scores, rep.Published, rep.UnitsAdded, rep.UnitsChanged, rep.UnitsRemoved, req.Importer, scope.previous, issuer, restored)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// ImportInput is an import as the GraphQL mutation sends it: the file in base64.
type ImportInput struct {
	Kind          *ImportKind `json:"kind"`
	Year          int         `json:"year"`
	Decision      string      `json:"decision"`
	Date          string      `json:"date"`
	Issuer        *string     `json:"issuer"`
	SourceURL     *string     `json:"sourceUrl"`
	FileName      string      `json:"fileName"`
	ContentBase64 string      `json:"contentBase64"`
	Sheet         *string     `json:"sheet"`
	DryRun        *bool       `json:"dryRun"`
	Importer      *string     `json:"importer"`
	// OverrideYear and ReplaceOfficial are ImportRequest's.
	OverrideYear    *bool `json:"overrideYear"`
	ReplaceOfficial *bool `json:"replaceOfficial"`
}

// ImportBase64 is Import for a file sent in base64.
func (s *Store) ImportBase64(ctx context.Context, in ImportInput) (*ImportReport, error) {
	data, err := base64.StdEncoding.DecodeString(in.ContentBase64)
	if err != nil {
		return nil, invalid("contentBase64 is not base64: %v", err)
	}
	req := ImportRequest{Year: in.Year, Decision: in.Decision, Date: in.Date, FileName: path.Base(in.FileName),
		Issuer: deref(in.Issuer), SourceURL: deref(in.SourceURL), Sheet: deref(in.Sheet), Importer: deref(in.Importer)}
	if in.Kind != nil {
		req.Kind = *in.Kind
	}
	if in.DryRun != nil {
		req.DryRun = *in.DryRun
	}
	req.OverrideYear = in.OverrideYear != nil && *in.OverrideYear
	req.ReplaceOfficial = in.ReplaceOfficial != nil && *in.ReplaceOfficial
	if req.Importer == "" {
		req.Importer = "admin token (GraphQL)"
	}
	return s.Import(ctx, req, data)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// settle ends an import that passed validation without writing when there is nothing to write:
// UNCHANGED when the same file is the import in effect (for a framework, of the same issuer),
// DRY_RUN when only a report was asked for. done says the report is final.
func (s *Store) settle(ctx context.Context, rep *ImportReport, issuer string, dryRun bool) (done bool, err error) {
	release, err := s.inEffect(ctx, rep, issuer)
	switch {
	case err != nil:
		return true, err
	case release > 0:
		rep.Status, rep.Release = ImportUnchanged, &release
		return true, nil
	case dryRun:
		rep.Status = ImportDryRun
		return true, nil
	}
	return false, nil
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}
