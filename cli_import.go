package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/parindex/parindex/analytics"
)

// The stewardship commands: import, releases, rollback, backup, restore. Each opens the database
// itself, or, with -server, asks a running parindex to do it: one process holds a DuckDB file, so
// while a server runs, the commands go through it (with PARINDEX_ADMIN_TOKEN).

// isAdminCommand reports whether a first argument names a stewardship command.
func isAdminCommand(name string) bool {
	switch name {
	case "import", "releases", "rollback", "backup", "restore":
		return true
	}
	return false
}

// runAdmin runs a stewardship command and returns the process's exit code: 0 done, 1 failed,
// 2 bad usage, 3 file refused.
func runAdmin(ctx context.Context, name string, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	c := &adminCmd{name: name, stdout: stdout, stderr: stderr, getenv: getenv}
	fs := flag.NewFlagSet("parindex "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.db, "db", envOr(getenv, "PARINDEX_DB", defaultDBPath), "DuckDB file (PARINDEX_DB); it must exist, except at the default path")
	fs.StringVar(&c.server, "server", getenv("PARINDEX_SERVER"), "address of a running parindex to work through, e.g. http://127.0.0.1:8080 (PARINDEX_SERVER); needs PARINDEX_ADMIN_TOKEN")
	var req analytics.ImportRequest
	var kind string
	var asJSON bool
	if name == "import" {
		fs.IntVar(&req.Year, "year", 0, "year of the results, or the first year of a framework (required)")
		fs.StringVar(&req.Decision, "decision", "", "decision number, e.g. 1234/QĐ-UBND (required)")
		fs.StringVar(&req.Date, "date", "", "date of the decision, YYYY-MM-DD (required)")
		fs.StringVar(&req.Issuer, "issuer", "", "body that issued the decision, e.g. \"UBND huyện Kế Sách\" or \"UBND huyện Châu Thành, tỉnh Sóc Trăng\"; a file's names are matched among the communes of the district or province it names; a framework (-kind framework) belongs to the one district or province of -year it names, or whose code it is (04)")
		fs.StringVar(&req.SourceURL, "source-url", "", "where the decision can be read")
		fs.StringVar(&req.Sheet, "sheet", "", "XLSX sheet holding the annex (default: the first that holds one)")
		fs.StringVar(&kind, "kind", "results", "results, published (groups and ranks only) or framework (the issuer's framework from -year: see docs/import.md)")
		fs.StringVar(&req.Importer, "importer", currentUser(getenv), "who imports, kept in the audit")
		fs.BoolVar(&req.DryRun, "dry-run", false, "validate and report what would change; write nothing")
		fs.BoolVar(&req.OverrideYear, "override-year", false, "import although the file states another year, or the decision's date is not of the year or the next (YEAR_DIFFERS)")
		fs.BoolVar(&req.ReplaceOfficial, "replace-official", false, "let the file replace results another official decision published (REPLACES_OFFICIAL)")
		fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
	}
	if name == "rollback" {
		fs.StringVar(&req.Importer, "importer", currentUser(getenv), "who rolls back, kept in the audit")
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: parindex %s [flags] %s\n", name, map[string]string{"import": "FILE", "rollback": "RELEASE", "backup": "DIR", "restore": "DIR"}[name])
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	want := 1
	if name == "releases" {
		want = 0
	}
	if fs.NArg() != want {
		fs.Usage()
		return 2
	}
	switch name {
	case "import":
		req.Kind = analytics.ImportKind(strings.ToUpper(kind))
		return c.importFile(ctx, req, fs.Arg(0), asJSON)
	case "releases":
		return c.releases(ctx)
	case "rollback":
		release, err := strconv.Atoi(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(stderr, "parindex rollback: %q is not a release number (see parindex releases)\n", fs.Arg(0))
			return 2
		}
		return c.rollback(ctx, release, req.Importer)
	case "backup":
		return c.backup(ctx, fs.Arg(0))
	case "restore":
		return c.restore(ctx, fs.Arg(0))
	}
	return 2
}

type adminCmd struct {
	name, db, server string
	stdout, stderr   io.Writer
	getenv           func(string) string
}

func envOr(getenv func(string) string, name, fallback string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return fallback
}

func currentUser(getenv func(string) string) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return envOr(getenv, "USER", "unknown")
}

func (c *adminCmd) fail(err error) int {
	fmt.Fprintf(c.stderr, "parindex %s: %v\n", c.name, err)
	return 1
}

// open opens the database, explaining what to do when a server holds it.
func (c *adminCmd) open(ctx context.Context) (*analytics.Store, error) {
	if err := analytics.CheckDatabase(c.db, creation(c.db, false)); err != nil {
		return nil, err
	}
	st, err := analytics.Open(ctx, c.db)
	if err != nil && strings.Contains(err.Error(), "Could not set lock") {
		return nil, fmt.Errorf("%s is held by another process, most likely a running parindex server: "+
			"run the command through it with -server http://HOST:PORT (and PARINDEX_ADMIN_TOKEN set), or stop it first", c.db)
	}
	return st, err
}

func (c *adminCmd) importFile(ctx context.Context, req analytics.ImportRequest, path string, asJSON bool) int {
	data, err := readLimited(path)
	if err != nil {
		return c.fail(err)
	}
	req.FileName = filepath.Base(path)
	var rep *analytics.ImportReport
	start := time.Now()
	if c.server != "" {
		rep, err = c.importRemote(ctx, req, data)
	} else {
		var st *analytics.Store
		if st, err = c.open(ctx); err != nil {
			return c.fail(err)
		}
		defer st.Close()
		req.Progress = func(step string) {
			fmt.Fprintf(c.stderr, "%6.1fs %s\n", time.Since(start).Seconds(), step)
		}
		rep, err = st.Import(ctx, req, data)
	}
	if err != nil {
		return c.fail(err)
	}
	if asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		rep.WriteText(c.stdout)
	}
	if rep.Status == analytics.ImportRefused {
		return 3
	}
	return 0
}

// readLimited reads a file to import, refusing one over the limit before reading it whole.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, analytics.MaxImportBytes+1))
}

func (c *adminCmd) releases(ctx context.Context) int {
	var rels []analytics.Release
	if err := c.serverOrStore(ctx, http.MethodGet, "/admin/releases", nil, &rels, func(st *analytics.Store) (err error) {
		rels, err = st.Releases(ctx)
		return err
	}); err != nil {
		return c.fail(err)
	}
	w := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "RELEASE\tCREATED (UTC)\tKIND\tYEAR\tDECISION\tFILE\tROWS\tBY\tSTATE\tDESCRIPTION")
	for _, r := range rels {
		kind, year, decision, file, rows, by, state := "DEFAULT", "", "", "", "", "", ""
		if r.Current {
			state = "current"
		}
		if im := r.Import; im != nil {
			kind, by = string(im.Kind), im.Importer
			if im.Year != nil {
				year = strconv.Itoa(*im.Year)
			}
			decision, file = derefString(im.Decision), derefString(im.FileName)
			if im.Kind == analytics.ImportRollback && im.Restored != nil {
				decision = fmt.Sprintf("restores %d", *im.Restored)
			} else {
				rows = fmt.Sprintf("%d units, %d scores", im.Units, im.Scores)
			}
			if im.RolledBackBy != nil {
				state = fmt.Sprintf("rolled back by %d", *im.RolledBackBy)
			}
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, strings.Replace(r.CreatedAt, "T", " ", 1), kind, year, decision, file, rows, by, state, r.Description)
	}
	w.Flush()
	return 0
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (c *adminCmd) rollback(ctx context.Context, release int, importer string) int {
	var rec *analytics.ImportRecord
	body := map[string]any{"release": release, "importer": importer}
	if err := c.serverOrStore(ctx, http.MethodPost, "/admin/rollback", body, &rec, func(st *analytics.Store) (err error) {
		rec, err = st.Rollback(ctx, release, importer)
		return err
	}); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "restored release %d as release %d\n", release, rec.Release)
	return 0
}

func (c *adminCmd) backup(ctx context.Context, dir string) int {
	// A running server writes backups into its backup folder: a relative folder is sent as it
	// is, a sub-folder of that one. Without a server the folder is this machine's.
	target, where := dir, ""
	if c.server == "" || filepath.IsAbs(dir) {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return c.fail(err)
		}
		target = abs
	} else {
		where = " (in the server's backup folder)"
	}
	var m *analytics.BackupManifest
	if err := c.serverOrStore(ctx, http.MethodPost, "/admin/backup", map[string]string{"dir": target}, &m, func(st *analytics.Store) (err error) {
		m, err = st.Backup(ctx, target)
		return err
	}); err != nil {
		return c.fail(err)
	}
	var rows int64
	for _, t := range m.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(c.stdout, "backed up release %d: %d tables, %d rows, in %s%s\n", m.Release, len(m.Tables), rows, target, where)
	return 0
}

func (c *adminCmd) restore(ctx context.Context, dir string) int {
	if c.server != "" {
		return c.fail(errors.New("a restore replaces the database file: stop the server and run it without -server"))
	}
	m, err := analytics.Restore(ctx, dir, c.db)
	if err != nil {
		if strings.Contains(err.Error(), "Could not set lock") {
			return c.fail(fmt.Errorf("%s is held by another process, most likely a running parindex server: stop it, then restore", c.db))
		}
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "restored %s to release %d from %s (backup of %s); the previous file, if any, is %s.before-restore\n", c.db, m.Release, dir, m.CreatedAt, c.db)
	return 0
}

// serverOrStore asks the running server (-server) with a JSON body (nil for none) and decodes its
// answer into out, or, without a server, opens the database and runs local, which fills the same
// variable.
func (c *adminCmd) serverOrStore(ctx context.Context, method, path string, body, out any,
	local func(st *analytics.Store) error) error {
	if c.server != "" {
		var r io.Reader
		contentType := ""
		if body != nil {
			b, err := json.Marshal(body)
			if err != nil {
				return err
			}
			r, contentType = bytes.NewReader(b), "application/json"
		}
		return c.call(ctx, method, path, r, contentType, out)
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	return local(st)
}

// importRemote sends the file to a running server as POST /admin/import.
func (c *adminCmd) importRemote(ctx context.Context, req analytics.ImportRequest, data []byte) (*analytics.ImportReport, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"year": strconv.Itoa(req.Year), "decision": req.Decision, "date": req.Date, "issuer": req.Issuer,
		"source_url": req.SourceURL, "sheet": req.Sheet, "kind": string(req.Kind), "importer": req.Importer, "dry_run": strconv.FormatBool(req.DryRun),
		"override_year": strconv.FormatBool(req.OverrideYear), "replace_official": strconv.FormatBool(req.ReplaceOfficial)} {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", req.FileName)
	if err != nil {
		return nil, err
	}
	fw.Write(data)
	mw.Close()
	var rep analytics.ImportReport
	err = c.call(ctx, http.MethodPost, "/admin/import", &body, mw.FormDataContentType(), &rep)
	var refused *refusedError
	if errors.As(err, &refused) && json.Unmarshal(refused.body, &rep) == nil && rep.Status == analytics.ImportRefused {
		return &rep, nil
	}
	if err != nil {
		return nil, err
	}
	return &rep, nil
}

// refusedError is a 422 answer, whose body is the import report.
type refusedError struct{ body []byte }

func (e *refusedError) Error() string { return "refused" }

// call sends an admin request to the server and decodes its JSON answer into out.
func (c *adminCmd) call(ctx context.Context, method, path string, body io.Reader, contentType string, out any) error {
	token := c.getenv("PARINDEX_ADMIN_TOKEN")
	if token == "" {
		return errors.New("PARINDEX_ADMIN_TOKEN is not set: the server's admin endpoints need it")
	}
	r, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.server, "/")+path, body)
	if err != nil {
		return err
	}
	r.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		return fmt.Errorf("server %s: %w", c.server, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusUnprocessableEntity {
		return &refusedError{body: data}
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Errors []struct {
				Message    string         `json:"message"`
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if json.Unmarshal(data, &e) == nil && len(e.Errors) > 0 {
			return fmt.Errorf("server answered %d %v: %s", resp.StatusCode, e.Errors[0].Extensions["code"], e.Errors[0].Message)
		}
		return fmt.Errorf("server answered %s", resp.Status)
	}
	return json.Unmarshal(data, out)
}
