package analytics

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// openDefaultFile opens the default dataset in a file of its own: a publication copies the file.
func openDefaultFile(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "parindex.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// checkPublication checks the layout of a publication whose pointer names release, and every
// checksum its manifest lists; it returns the release folder.
func checkPublication(t *testing.T, dir string, release int64) (string, *ReleaseManifest) {
	t.Helper()
	p, err := ReadPublishPointer(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(fmt.Sprintf(`^releases/%d-([0-9a-f]{16})/manifest\.json$`, release))
	sub := want.FindStringSubmatch(p.Manifest)
	if p.Format != 1 || p.Release != release || sub == nil || !strings.HasPrefix(p.SHA256, sub[1]) {
		t.Fatalf("current.json = %+v, want release %d at releases/%d-<first 16 hex of its sha256>/manifest.json", p, release, release)
	}
	folder := filepath.Join(dir, filepath.Dir(p.Manifest))
	m, err := ReadReleaseManifest(folder)
	if err != nil {
		t.Fatal(err)
	}
	if m.Release != release || m.SHA256 != p.SHA256 || m.File != "parindex.duckdb" || m.SchemaVersion == 0 || len(m.Sources) == 0 {
		t.Errorf("manifest = %+v", m)
	}
	if got := fileSHA256(t, filepath.Join(folder, m.File)); got != m.SHA256 {
		t.Errorf("parindex.duckdb has SHA-256 %s, the manifest says %s", got, m.SHA256)
	}
	if info, err := os.Stat(filepath.Join(folder, m.File)); err != nil || info.Size() != m.Size {
		t.Errorf("parindex.duckdb: %v, size %d; the manifest says %d", err, info.Size(), m.Size)
	}
	if _, err := os.Stat(filepath.Join(folder, m.File+".wal")); err == nil {
		t.Error("the release folder holds a write-ahead log")
	}
	if m.Parquet == nil || m.Parquet.Path != "parquet" || !slices.Equal(m.Parquet.Partitioning, []string{"year", "province"}) || len(m.Parquet.Files) == 0 {
		t.Fatalf("manifest parquet = %+v", m.Parquet)
	}
	file := regexp.MustCompile(`^parquet/year=[0-9]{4}/province=[0-9]{2}/part-0\.parquet$`)
	for _, f := range m.Parquet.Files {
		if !file.MatchString(f.Path) || f.Rows <= 0 {
			t.Errorf("parquet file %+v", f)
		}
		if got := fileSHA256(t, filepath.Join(folder, filepath.FromSlash(f.Path))); got != f.SHA256 {
			t.Errorf("%s has SHA-256 %s, the manifest says %s", f.Path, got, f.SHA256)
		}
	}
	if _, err := os.Stat(filepath.Join(folder, "datapackage.json")); err != nil {
		t.Error(err)
	}
	// The copy is a DuckDB file of its own, of the release.
	db, err := sql.Open("duckdb", filepath.Join(folder, m.File)+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got int64
	if err := db.QueryRow(`SELECT max(id) FROM releases`).Scan(&got); err != nil || got != release {
		t.Errorf("the published database: release %d, %v; want %d", got, err, release)
	}
	return folder, m
}

func releaseFolders(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "releases"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestPublish publishes the default data, publishes it again (UNCHANGED), imports, publishes the
// new release beside the old one, and keeps only the newest with Keep.
func TestPublish(t *testing.T) {
	ctx := context.Background()
	s := openDefaultFile(t)
	dir := filepath.Join(t.TempDir(), "pub")

	rep, err := s.Publish(ctx, dir, PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != PublishPublished || rep.Release != 1 || rep.Parquet == 0 || rep.Rows == 0 {
		t.Fatalf("first publish: %+v", rep)
	}
	folder1, m1 := checkPublication(t, dir, 1)
	if rep.Folder != "releases/"+filepath.Base(folder1) {
		t.Errorf("report folder %s, pointer %s", rep.Folder, folder1)
	}

	again, err := s.Publish(ctx, dir, PublishOptions{})
	if err != nil || again.Status != PublishUnchanged || again.Release != 1 || again.SHA256 != m1.SHA256 {
		t.Fatalf("second publish: %v %+v", err, again)
	}
	if got := releaseFolders(t, dir); len(got) != 1 {
		t.Errorf("after an unchanged publish: %v", got)
	}

	if _, err := s.Import(ctx, illustrativeRequest(), readCorpus(t, corpusAnnex)); err != nil {
		t.Fatal(err)
	}
	rep, err = s.Publish(ctx, dir, PublishOptions{})
	if err != nil || rep.Status != PublishPublished || rep.Release != 2 {
		t.Fatalf("publish after an import: %v %+v", err, rep)
	}
	folder2, m2 := checkPublication(t, dir, 2)
	if folder2 == folder1 || m2.SHA256 == m1.SHA256 {
		t.Errorf("release 2 was published in %s (%s), release 1 in %s (%s)", folder2, m2.SHA256, folder1, m1.SHA256)
	}
	if _, err := ReadReleaseManifest(folder1); err != nil {
		t.Errorf("release 1 is gone with Keep 5: %v", err)
	}
	if got := fileSHA256(t, filepath.Join(folder1, "parindex.duckdb")); got != m1.SHA256 {
		t.Error("release 1's folder changed")
	}
	if _, err := os.Stat(filepath.Join(dir, ".current.json.tmp")); err == nil {
		t.Error("the pointer's temporary file was left")
	}

	// A pointer moved back by hand to release 1 is moved to release 2 again, without a new folder.
	rewind := fmt.Sprintf(`{"format":1,"release":1,"sha256":%q,"manifest":"releases/%s/manifest.json"}`, m1.SHA256, filepath.Base(folder1))
	os.WriteFile(filepath.Join(dir, "current.json"), []byte(rewind), 0o644)
	rep, err = s.Publish(ctx, dir, PublishOptions{})
	if err != nil || rep.Status != PublishUnchanged || rep.Release != 2 {
		t.Fatalf("publish with the pointer on release 1: %v %+v", err, rep)
	}
	checkPublication(t, dir, 2)

	// Keep 1 removes release 1 and keeps the current one.
	if _, err := s.Rollback(ctx, 1, "test"); err != nil { // release 3
		t.Fatal(err)
	}
	rep, err = s.Publish(ctx, dir, PublishOptions{Keep: 1, NoParquet: true})
	if err != nil || rep.Status != PublishPublished || rep.Release != 3 || len(rep.Removed) != 2 {
		t.Fatalf("publish with Keep 1: %v %+v", err, rep)
	}
	if got := releaseFolders(t, dir); len(got) != 1 || !strings.HasPrefix(got[0], "3-") {
		t.Errorf("after Keep 1: %v, want release 3's folder only", got)
	}
	m3, err := ReadReleaseManifest(filepath.Join(dir, "releases", releaseFolders(t, dir)[0]))
	if err != nil || m3.Parquet != nil {
		t.Errorf("NoParquet: %v %+v", err, m3)
	}
	if _, err := os.Stat(filepath.Join(dir, "releases", releaseFolders(t, dir)[0], "parquet")); err == nil {
		t.Error("NoParquet wrote the Parquet dataset")
	}
}

// TestPublishBusy refuses a publication while an import holds the store, and a database in
// memory; neither writes anything.
func TestPublishBusy(t *testing.T) {
	ctx := context.Background()
	s := openDefaultFile(t)
	dir := filepath.Join(t.TempDir(), "pub")
	s.write.Lock() // as an import does
	_, err := s.Publish(ctx, dir, PublishOptions{})
	s.write.Unlock()
	if !errors.Is(err, ErrImportBusy) {
		t.Errorf("publish during an import: %v, want ErrImportBusy", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a refused publication made its folder")
	}
	_, err = openDefault(t).Publish(ctx, dir, PublishOptions{})
	if !errors.As(err, new(*UserError)) {
		t.Errorf("publish of a database in memory: %v, want a UserError", err)
	}
}

// TestPublishParquetMatchesAPI reads the published Parquet dataset back as a researcher would,
// through DuckDB with hive_partitioning, and finds the API's numbers: the 2023 ranking of huyện
// Kế Sách (points, percent, group, published rank) and the units ranked each year.
func TestPublishParquetMatchesAPI(t *testing.T) {
	ctx := context.Background()
	s := openDefaultFile(t)
	dir := filepath.Join(t.TempDir(), "pub")
	if _, err := s.Publish(ctx, dir, PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	p, err := ReadPublishPointer(dir)
	if err != nil {
		t.Fatal(err)
	}
	glob := filepath.Join(dir, filepath.Dir(p.Manifest), "parquet", "**", "*.parquet")
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	from := fmt.Sprintf(`read_parquet('%s', hive_partitioning = true)`, glob)

	// year and province come once each, from the folders.
	rows, err := db.Query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ` + from + `)`)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	var names []string
	for rows.Next() {
		var n, ty string
		rows.Scan(&n, &ty)
		types[n] = ty
		names = append(names, n)
	}
	rows.Close()
	if types["year"] != "BIGINT" || types["province"] == "" || types["province_code"] != "VARCHAR" || types["points"] != "DOUBLE" {
		t.Errorf("columns read with hive_partitioning: %v", names)
	}
	if n := len(slices.DeleteFunc(slices.Clone(names), func(s string) bool { return s != "year" })); n != 1 {
		t.Errorf("year appears %d times: %v", n, names)
	}

	ranking, err := s.Ranking(ctx, RankingQuery{Year: 2023, Parent: ptr("943")})
	if err != nil || len(ranking) != 13 {
		t.Fatalf("ranking: %v, %d units", err, len(ranking))
	}
	rows, err = db.Query(`SELECT unit_code, sum(points), sum(max_points), any_value("group"), any_value(published_rank),
			count(DISTINCT province), any_value(province_code), any_value(province)::VARCHAR
		FROM `+from+` WHERE year = 2023 AND parent_code = ? AND status = 'OBSERVED' GROUP BY unit_code`, "943")
	if err != nil {
		t.Fatal(err)
	}
	type total struct {
		points, max     float64
		group           string
		published       sql.NullInt64
		provinces       int
		code, partition string
	}
	got := map[string]total{}
	for rows.Next() {
		var code string
		var v total
		if err := rows.Scan(&code, &v.points, &v.max, &v.group, &v.published, &v.provinces, &v.code, &v.partition); err != nil {
			t.Fatal(err)
		}
		got[code] = v
	}
	rows.Close()
	if len(got) != len(ranking) {
		t.Errorf("the dataset has %d units of 943 in 2023, the ranking %d", len(got), len(ranking))
	}
	for _, r := range ranking {
		v, ok := got[r.Unit.Code]
		if !ok {
			t.Errorf("%s is not in the dataset", r.Unit.Code)
			continue
		}
		percent := v.points / v.max * 100
		if math.Abs(v.points-r.Points) > 0.005 || math.Abs(percent-r.Percent) > 1e-6 || v.group != r.Group.Code {
			t.Errorf("%s: dataset %.2f points, %.6f %%, group %s; API %.2f, %.6f %%, %s", r.Unit.Code, v.points, percent, v.group, r.Points, r.Percent, r.Group.Code)
		}
		if r.Published != nil && r.Published.Rank != nil && (!v.published.Valid || int(v.published.Int64) != *r.Published.Rank) {
			t.Errorf("%s: published rank %v, API %d", r.Unit.Code, v.published, *r.Published.Rank)
		}
		if v.provinces != 1 || v.code != "94" || v.partition != "94" {
			t.Errorf("%s: province %s in folder %s (%d folders), want 94", r.Unit.Code, v.code, v.partition, v.provinces)
		}
	}

	years, err := s.Years(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range years {
		rs, err := s.Ranking(ctx, RankingQuery{Year: y})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(`SELECT count(DISTINCT unit_id) FROM `+from+` WHERE year = ? AND status = 'OBSERVED'`, y).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != len(rs) {
			t.Errorf("%d: %d units observed in the dataset, %d ranked by the API", y, n, len(rs))
		}
	}
}

// TestPublishBesideReaders publishes while a reader holds a snapshot of the release (an export
// being streamed), as a server under load does: the checkpoint and the copy need no reader to
// finish.
func TestPublishBesideReaders(t *testing.T) {
	ctx := context.Background()
	s := openDefaultFile(t)
	if _, err := s.Import(ctx, illustrativeRequest(), readCorpus(t, corpusAnnex)); err != nil {
		t.Fatal(err)
	}
	e, err := s.PlanExport(ctx, ExportQuery{Level: LevelCriterion})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	dir := filepath.Join(t.TempDir(), "pub")
	if _, err := s.Publish(ctx, dir, PublishOptions{NoParquet: true}); err != nil {
		t.Fatalf("publish beside a reader: %v", err)
	}
	p, err := ReadPublishPointer(dir)
	if err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, filepath.Dir(p.Manifest))
	if got := fileSHA256(t, filepath.Join(folder, "parindex.duckdb")); got != p.SHA256 {
		t.Errorf("the copy has SHA-256 %s, the pointer says %s", got, p.SHA256)
	}
	if err := checkPublishedDatabase(ctx, filepath.Join(folder, "parindex.duckdb"), 2); err != nil {
		t.Error(err)
	}
}
