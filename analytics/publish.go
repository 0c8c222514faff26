package analytics

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parindex/parindex/analytics/export"
)

// A publication is a folder that read replicas and researchers read, locally or from any static
// file server (docs/publish.md):
//
//	current.json                         the pointer to the current release, replaced atomically
//	releases/N-<hash16>/manifest.json    release, SHA-256 and size of the database file, sources, Parquet files
//	releases/N-<hash16>/parindex.duckdb  the database of release N, checkpointed: no log needed
//	releases/N-<hash16>/parquet/year=YYYY/province=CC/part-0.parquet
//	releases/N-<hash16>/datapackage.json the Frictionless description of the Parquet dataset
//
// A release folder is written whole under releases/.tmp-N-<random>/ and renamed into place, so a
// reader never sees half of one; it never changes afterwards. The pointer is replaced last.

// PublishFormat is the format of current.json and of a release's manifest.json.
const PublishFormat = 1

// DefaultPublishKeep is how many release folders a publication keeps unless told otherwise.
const DefaultPublishKeep = 5

// Names inside a publication.
const (
	pointerFile    = "current.json"
	releasesDir    = "releases"
	databaseFile   = "parindex.duckdb"
	manifestFile   = "manifest.json"
	publishParquet = "parquet"
	publishPackage = "datapackage.json"
	publishTmp     = ".tmp-"
	// staleTmpAge is the age from which a temporary folder is a publication that stopped (killed,
	// or the machine went down) and is removed.
	staleTmpAge = 24 * time.Hour
)

// releaseFolder matches the name of a release folder: N-<first 16 hex digits of the SHA-256>.
var releaseFolder = regexp.MustCompile(`^([0-9]+)-([0-9a-f]{16})$`)

// PublishOptions tune a publication.
type PublishOptions struct {
	// Keep is how many release folders stay, the current one always among them; 0 is
	// DefaultPublishKeep.
	Keep int
	// NoParquet leaves the Parquet dataset (and datapackage.json) out of the release.
	NoParquet bool
}

// PublishPointer is a publication's current.json.
type PublishPointer struct {
	Format   int    `json:"format"`
	Release  int64  `json:"release"`
	SHA256   string `json:"sha256"`
	Manifest string `json:"manifest"` // releases/N-<hash16>/manifest.json, relative to the publication
}

// ReleaseManifest is a release folder's manifest.json.
type ReleaseManifest struct {
	Format        int               `json:"format"`
	Release       int64             `json:"release"`
	SHA256        string            `json:"sha256"` // of parindex.duckdb
	Size          int64             `json:"size"`   // of parindex.duckdb, in bytes
	Created       string            `json:"created"`
	SchemaVersion int               `json:"schemaVersion"`
	File          string            `json:"file"`
	Sources       []PublishSource   `json:"sources"`
	Parquet       *PublishedParquet `json:"parquet,omitempty"`
}

// PublishSource is a source of the release's values.
type PublishSource struct {
	Kind  string  `json:"kind"`
	Title string  `json:"title"`
	Date  *string `json:"date"`
	URL   *string `json:"url"`
}

// PublishedParquet is the Parquet dataset of a release.
type PublishedParquet struct {
	Path         string                 `json:"path"`
	Partitioning []string               `json:"partitioning"`
	Files        []PublishedParquetFile `json:"files"`
}

// PublishedParquetFile is one file of the dataset, its path relative to the release folder.
type PublishedParquetFile struct {
	Path   string `json:"path"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// Statuses of a publication.
const (
	PublishPublished = "PUBLISHED" // a new release folder was written and the pointer moved to it
	PublishUnchanged = "UNCHANGED" // the release was published already: nothing was written but, if it had moved, the pointer
)

// PublishReport says what a publication did.
type PublishReport struct {
	Status   string           `json:"status"`
	Release  int64            `json:"release"`
	Folder   string           `json:"folder"` // releases/N-<hash16>
	SHA256   string           `json:"sha256"`
	Size     int64            `json:"size"`
	Parquet  int              `json:"parquetFiles"`
	Rows     int64            `json:"parquetRows"`
	Bytes    int64            `json:"parquetBytes"`
	Removed  []string         `json:"removed,omitempty"` // release folders removed beyond Keep
	Seconds  float64          `json:"seconds"`
	Manifest *ReleaseManifest `json:"-"`
}

// Publish writes the newest release into the publication at dir (created if missing) and points
// current.json at it, then removes the oldest release folders beyond opts.Keep. A release
// published already is UNCHANGED: no folder is written, and the pointer is moved back to it if
// it points elsewhere. Publish runs beside queries; an import, rollback or backup running makes it
// fail with ErrImportBusy, and imports wait for no publication (they fail with ErrImportBusy
// while one runs). The database must be a file. The database file is copied in Go after a
// checkpoint (DuckDB itself touches no file once the store is open), and the copy is opened
// read-only and checked before the release folder is renamed into place.
func (s *Store) Publish(ctx context.Context, dir string, opts PublishOptions) (*PublishReport, error) {
	start := time.Now()
	if err := s.lockWrite(); err != nil {
		return nil, err
	}
	defer s.write.Unlock()
	if opts.Keep <= 0 {
		opts.Keep = DefaultPublishKeep
	}
	rep, err := s.publish(ctx, dir, opts)
	if err != nil {
		return nil, fmt.Errorf("analytics: publish: %w", err)
	}
	removed, err := prunePublication(dir, opts.Keep)
	rep.Removed = removed
	rep.Seconds = time.Since(start).Seconds()
	if err != nil {
		return rep, fmt.Errorf("analytics: publish: release %d published, but removing old releases failed: %w", rep.Release, err)
	}
	return rep, nil
}

func (s *Store) publish(ctx context.Context, dir string, opts PublishOptions) (*PublishReport, error) {
	var path sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT path FROM duckdb_databases() WHERE database_name = current_database()`).Scan(&path); err != nil {
		return nil, err
	}
	if !path.Valid || path.String == "" || path.String == ":memory:" {
		return nil, invalid("publish: the database is in memory; publish one kept in a file")
	}
	m := &ReleaseManifest{Format: PublishFormat, File: databaseFile}
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT max(version) FROM schema_migrations), (SELECT coalesce(max(id), 0) FROM releases)`).Scan(&m.SchemaVersion, &m.Release); err != nil {
		return nil, err
	}
	releases := filepath.Join(dir, releasesDir)
	if err := os.MkdirAll(releases, 0o755); err != nil {
		return nil, err
	}
	if rep, err := republish(dir, m.Release); rep != nil || err != nil {
		return rep, err
	}

	tmp := filepath.Join(releases, fmt.Sprintf("%s%d-%s", publishTmp, m.Release, randomHex(8)))
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	// The checkpoint moves every commit from the log into the file, so that the copy is whole
	// by itself; the write lock keeps any commit from starting before the copy is done.
	if _, err := s.db.ExecContext(ctx, `CHECKPOINT`); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if info, err := os.Stat(path.String + ".wal"); err == nil && info.Size() > 0 {
		return nil, fmt.Errorf("the checkpoint left %d bytes in %s.wal: the copy would miss them", info.Size(), path.String)
	}
	copyPath := filepath.Join(tmp, databaseFile)
	sum, size, err := copyHashed(ctx, path.String, copyPath)
	if err != nil {
		return nil, fmt.Errorf("copy the database: %w", err)
	}
	m.SHA256, m.Size = sum, size
	if err := checkPublishedDatabase(ctx, copyPath, m.Release); err != nil {
		return nil, err
	}
	m.Created = time.Now().UTC().Format(time.RFC3339)
	if m.Sources, err = s.publishSources(ctx); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	rep := &PublishReport{Status: PublishPublished, Release: m.Release, SHA256: m.SHA256, Size: m.Size, Manifest: m}
	if !opts.NoParquet {
		pq, pkg, err := s.publishParquet(ctx, tmp, m.Release)
		if err != nil {
			return nil, fmt.Errorf("parquet: %w", err)
		}
		m.Parquet = pq
		for _, f := range pq.Files {
			rep.Parquet++
			rep.Rows += f.Rows
			if info, err := os.Stat(filepath.Join(tmp, f.Path)); err == nil {
				rep.Bytes += info.Size()
			}
		}
		body, err := json.MarshalIndent(pkg, "", "  ")
		if err != nil {
			return nil, err
		}
		if err := writeFileSync(filepath.Join(tmp, publishPackage), append(body, '\n')); err != nil {
			return nil, err
		}
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeFileSync(filepath.Join(tmp, manifestFile), append(body, '\n')); err != nil {
		return nil, err
	}
	if err := syncDir(tmp); err != nil {
		return nil, err
	}
	rep.Folder = fmt.Sprintf("%s/%d-%s", releasesDir, m.Release, m.SHA256[:16])
	if err := os.Rename(tmp, filepath.Join(dir, filepath.FromSlash(rep.Folder))); err != nil {
		return nil, err
	}
	done = true
	if err := syncDir(releases); err != nil {
		return nil, err
	}
	if err := writePointer(dir, PublishPointer{Format: PublishFormat, Release: m.Release, SHA256: m.SHA256,
		Manifest: rep.Folder + "/" + manifestFile}); err != nil {
		return nil, err
	}
	return rep, nil
}

// republish finds a folder of release in the publication. When there is one, whole (its manifest
// reads and names the release, its database file has the manifest's size), the pointer is made
// to point at it and the report is UNCHANGED; when there is none, both results are nil.
func republish(dir string, release int64) (*PublishReport, error) {
	entries, err := os.ReadDir(filepath.Join(dir, releasesDir))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		sub := releaseFolder.FindStringSubmatch(e.Name())
		if sub == nil || sub[1] != strconv.FormatInt(release, 10) {
			continue
		}
		folder := releasesDir + "/" + e.Name()
		m, err := ReadReleaseManifest(filepath.Join(dir, filepath.FromSlash(folder)))
		if err != nil || m.Release != release || !strings.HasPrefix(m.SHA256, sub[2]) {
			continue
		}
		if info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(folder), m.File)); err != nil || info.Size() != m.Size {
			continue
		}
		p, _ := ReadPublishPointer(dir)
		want := PublishPointer{Format: PublishFormat, Release: release, SHA256: m.SHA256, Manifest: folder + "/" + manifestFile}
		if p == nil || *p != want {
			if err := writePointer(dir, want); err != nil {
				return nil, err
			}
		}
		rep := &PublishReport{Status: PublishUnchanged, Release: release, Folder: folder, SHA256: m.SHA256, Size: m.Size, Manifest: m}
		if m.Parquet != nil {
			for _, f := range m.Parquet.Files {
				rep.Parquet++
				rep.Rows += f.Rows
			}
		}
		return rep, nil
	}
	return nil, nil
}

// ReadPublishPointer reads a publication's current.json.
func ReadPublishPointer(dir string) (*PublishPointer, error) {
	body, err := os.ReadFile(filepath.Join(dir, pointerFile))
	if err != nil {
		return nil, fmt.Errorf("analytics: publication %s: %w", dir, err)
	}
	var p PublishPointer
	if err := json.Unmarshal(body, &p); err != nil || p.Format != PublishFormat {
		return nil, fmt.Errorf("analytics: %s/%s is not a publication pointer of format %d", dir, pointerFile, PublishFormat)
	}
	return &p, nil
}

// ReadReleaseManifest reads the manifest.json of a release folder.
func ReadReleaseManifest(folder string) (*ReleaseManifest, error) {
	body, err := os.ReadFile(filepath.Join(folder, manifestFile))
	if err != nil {
		return nil, fmt.Errorf("analytics: release folder %s: %w", folder, err)
	}
	var m ReleaseManifest
	if err := json.Unmarshal(body, &m); err != nil || m.Format != PublishFormat || len(m.SHA256) != 64 || m.File != databaseFile {
		return nil, fmt.Errorf("analytics: %s/%s is not a release manifest of format %d", folder, manifestFile, PublishFormat)
	}
	return &m, nil
}

// writePointer replaces current.json atomically: a reader sees the old pointer or the new one.
func writePointer(dir string, p PublishPointer) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, "."+pointerFile+".tmp")
	if err := writeFileSync(tmp, append(body, '\n')); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, pointerFile)); err != nil {
		return err
	}
	return syncDir(dir)
}

// prunePublication removes the oldest release folders beyond keep (never the one current.json
// points at), and temporary folders of publications that stopped long ago. It returns the
// folders removed.
func prunePublication(dir string, keep int) ([]string, error) {
	releases := filepath.Join(dir, releasesDir)
	entries, err := os.ReadDir(releases)
	if err != nil {
		return nil, err
	}
	current := ""
	if p, err := ReadPublishPointer(dir); err == nil {
		current = strings.TrimSuffix(p.Manifest, "/"+manifestFile)
	}
	type folder struct {
		name    string
		release int64
	}
	var folders []folder
	var removed []string
	var errs []error
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), publishTmp) {
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleTmpAge {
				errs = append(errs, os.RemoveAll(filepath.Join(releases, e.Name())))
			}
			continue
		}
		if sub := releaseFolder.FindStringSubmatch(e.Name()); sub != nil && e.IsDir() {
			n, _ := strconv.ParseInt(sub[1], 10, 64)
			folders = append(folders, folder{e.Name(), n})
		}
	}
	slices.SortFunc(folders, func(a, b folder) int {
		if a.release != b.release {
			return int(b.release - a.release)
		}
		return strings.Compare(b.name, a.name)
	})
	kept := 0
	for _, f := range folders {
		rel := releasesDir + "/" + f.name
		if rel == current || kept < keep {
			kept++
			continue
		}
		if err := os.RemoveAll(filepath.Join(releases, f.name)); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, rel)
	}
	if len(removed) > 0 {
		errs = append(errs, syncDir(releases))
	}
	return removed, errors.Join(errs...)
}

// copyHashed copies the file at from to a new file at to, returning its SHA-256 and size; the
// copy is synced to disk.
func copyHashed(ctx context.Context, from, to string) (string, int64, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", 0, err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n, err := io.CopyBuffer(io.MultiWriter(dst, h), readerWithContext{ctx, src}, make([]byte, 1<<20))
	if err = errors.Join(err, dst.Sync(), dst.Close()); err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// readerWithContext stops a copy when its context is done.
type readerWithContext struct {
	ctx context.Context
	r   io.Reader
}

func (r readerWithContext) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// checkPublishedDatabase opens the copy read-only, as a replica will, and checks that it holds
// release.
func checkPublishedDatabase(ctx context.Context, path string, release int64) error {
	db, err := sql.Open("duckdb", path+"?access_mode=READ_ONLY&autoinstall_known_extensions=false&autoload_known_extensions=false")
	if err != nil {
		return fmt.Errorf("the copy does not open: %w", err)
	}
	defer db.Close()
	var got int64
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM releases`).Scan(&got); err != nil {
		return fmt.Errorf("the copy does not open as DuckDB: %w", err)
	}
	if got != release {
		return fmt.Errorf("the copy holds release %d, the database %d", got, release)
	}
	return nil
}

// publishSources lists every source of the release's values.
func (s *Store) publishSources(ctx context.Context) ([]PublishSource, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, title, strftime(issued, '%Y-%m-%d'), url FROM sources ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PublishSource{}
	for rows.Next() {
		var src PublishSource
		var date, url sql.NullString
		if err := rows.Scan(&src.Kind, &src.Title, &date, &url); err != nil {
			return nil, err
		}
		if date.Valid {
			src.Date = &date.String
		}
		if url.Valid {
			src.URL = &url.String
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// publishPartitions are the partitions of the Parquet dataset: the year, which the files leave
// out (the folder holds it), and the province, whose code the files keep as province_code.
var publishPartitions = []export.PartitionKey{
	{Column: "year", Name: "year", Drop: true},
	{Column: "province_code", Name: "province"},
}

// publishParquet writes the release's criterion-level long export, every year, as a Parquet
// dataset partitioned by year and province under folder/parquet, and returns its description
// for the manifest and its datapackage.json.
func (s *Store) publishParquet(ctx context.Context, folder string, release int64) (*PublishedParquet, map[string]any, error) {
	e, err := s.PlanExport(ctx, ExportQuery{Format: ExportParquet, Level: LevelCriterion})
	if err != nil {
		return nil, nil, err
	}
	defer e.Close()
	if int64(e.Info.Release) != release {
		return nil, nil, fmt.Errorf("the export reads release %d, the database file holds %d", e.Info.Release, release)
	}
	sums := map[string]hash.Hash{}
	table := export.Partitioned(publishPartitions, func(path string) (io.WriteCloser, error) {
		full := filepath.Join(folder, publishParquet, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		sums[path] = h
		return &hashedFile{f: f, w: bufio.NewWriterSize(io.MultiWriter(f, h), 64<<10)}, nil
	})
	defer boundMemory(e.Info.RowCount)()
	if err := e.table(ctx, table); err != nil {
		table.Abort()
		return nil, nil, err
	}
	pq := &PublishedParquet{Path: publishParquet, Partitioning: []string{"year", "province"}, Files: []PublishedParquetFile{}}
	paths := []string{}
	for _, p := range table.Parts() {
		rel := publishParquet + "/" + p.Path
		pq.Files = append(pq.Files, PublishedParquetFile{Path: rel, Rows: p.Rows, SHA256: hex.EncodeToString(sums[p.Path].Sum(nil))})
		paths = append(paths, rel)
	}
	// Folders are synced so that the rename of the release folder publishes whole files.
	for _, p := range table.Parts() {
		for d := filepath.Dir(filepath.Join(folder, publishParquet, filepath.FromSlash(p.Path))); d != folder; d = filepath.Dir(d) {
			if err := syncDir(d); err != nil {
				return nil, nil, err
			}
		}
	}
	return pq, e.publishPackage(table.Columns(), paths), nil
}

// publishPackage is the Frictionless Data Package descriptor of the Parquet dataset: one resource
// whose path lists every file; the schema lists the files' columns, and partitioning says which
// columns the folders add (year and province, read with hive_partitioning).
func (e *Export) publishPackage(cols []export.Column, paths []string) map[string]any {
	p := export.Package{
		Name:        fmt.Sprintf("parindex-release-%d", e.Info.Release),
		Title:       fmt.Sprintf("PAR Index (Chỉ số cải cách hành chính cấp xã), criterion scores of release %d", e.Info.Release),
		Description: "One Parquet file per year and province (Hive partitioning: year=YYYY/province=CC); the year and the province's code come from the folders. Values whose source_kind is ILLUSTRATIVE were generated by parindex and are not real results.",
		Version:     fmt.Sprintf("release-%d", e.Info.Release),
		Resource:    export.Resource{Format: ExportParquet, MediaType: "application/vnd.apache.parquet"},
	}
	for _, c := range cols {
		i := slices.IndexFunc(e.Info.Columns, func(ec ExportColumn) bool { return ec.Name == c.Name })
		p.Resource.Fields = append(p.Resource.Fields, export.Field{Name: c.Name, Type: c.Type, Description: e.Info.Columns[i].Description})
	}
	for _, s := range e.sources() {
		p.Sources = append(p.Sources, export.PackageSource{Title: s.Title + " [" + string(s.Kind) + "]", Path: derefString(s.URL)})
	}
	d := p.Descriptor()
	if res, ok := d["resources"].([]any)[0].(map[string]any); ok {
		res["path"] = paths
		res["partitioning"] = []map[string]string{
			{"name": "year", "type": typeInteger, "description": "Year scored (the folder year=YYYY)"},
			{"name": "province", "type": typeString, "description": "Official code of the province, as province_code (the folder province=CC)"},
		}
	}
	return d
}

// hashedFile is a Parquet file being written through a hash: buffered, synced and closed at Close.
type hashedFile struct {
	f *os.File
	w *bufio.Writer
}

func (f *hashedFile) Write(p []byte) (int, error) { return f.w.Write(p) }

func (f *hashedFile) Close() error {
	return errors.Join(f.w.Flush(), f.f.Sync(), f.f.Close())
}

// syncDir makes the entries of a folder (files created, renamed or removed in it) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
