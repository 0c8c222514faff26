package graph

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics"
)

const testToken = "s3cret-admin-token-of-32-characters-at-least"

func adminServer(t *testing.T, token string) (http.Handler, *analytics.Store) {
	t.Helper()
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h, err := NewRoutes(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Limits: DefaultLimits(), AdminToken: token})
	if err != nil {
		t.Fatal(err)
	}
	return h, store
}

// upload is a multipart POST /admin/import of a corpus file.
func upload(t *testing.T, h http.Handler, token, file string, data []byte, fields map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", file)
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/admin/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func provenance() map[string]string {
	return map[string]string{"year": "2024", "decision": "MINH-HOA-01/2024 (minh họa, không phải quyết định thật)", "date": "2024-12-30",
		"issuer": "UBND huyện Kế Sách (minh họa)", "importer": "http-test"}
}

func graphqlAs(h http.Handler, token, query string, variables map[string]any) *httptest.ResponseRecorder {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": variables})
	header := map[string]string{"Content-Type": "application/json"}
	if token != "" {
		header["Authorization"] = "Bearer " + token
	}
	return do(h, http.MethodPost, "/graphql", string(body), header)
}

func readCorpusFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../testdata/import/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestAdminRefusedWithoutToken sends every write and admin read without the token, with a wrong
// one, and to a server that has none: each is 401 UNAUTHORIZED and the data is unchanged.
func TestAdminRefusedWithoutToken(t *testing.T) {
	annex := readCorpusFile(t, "ke-sach-2024-annex-minh-hoa.xlsx")
	mutation := `mutation($in: ImportInput!) { importResults(input: $in) { status } }`
	input := map[string]any{"in": map[string]any{"year": 2024, "decision": "X", "date": "2024-12-30", "fileName": "a.xlsx",
		"contentBase64": base64.StdEncoding.EncodeToString([]byte("unit_code,criterion_code,points\n"))}}
	for _, server := range []struct{ name, token string }{{"token set", testToken}, {"no token configured", ""}} {
		h, store := adminServer(t, server.token)
		sum, _ := store.Checksum(context.Background())
		requests := []struct {
			name string
			send func(token string) *httptest.ResponseRecorder
		}{
			{"POST /admin/import", func(token string) *httptest.ResponseRecorder {
				return upload(t, h, token, "a.xlsx", annex, provenance())
			}},
			{"POST /admin/rollback", func(token string) *httptest.ResponseRecorder {
				return do(h, http.MethodPost, "/admin/rollback", `{"release": 1}`, map[string]string{"Authorization": "Bearer " + token})
			}},
			{"POST /admin/backup", func(token string) *httptest.ResponseRecorder {
				return do(h, http.MethodPost, "/admin/backup", `{"dir": "`+t.TempDir()+`/b"}`, map[string]string{"Authorization": "Bearer " + token})
			}},
			{"GET /admin/releases", func(token string) *httptest.ResponseRecorder {
				return do(h, http.MethodGet, "/admin/releases", "", map[string]string{"Authorization": "Bearer " + token})
			}},
			{"mutation importResults", func(token string) *httptest.ResponseRecorder { return graphqlAs(h, token, mutation, input) }},
			{"mutation rollback", func(token string) *httptest.ResponseRecorder {
				return graphqlAs(h, token, `mutation { rollback(release: 1) { id } }`, nil)
			}},
			{"query imports", func(token string) *httptest.ResponseRecorder { return graphqlAs(h, token, `{ imports { id } }`, nil) }},
		}
		for _, r := range requests {
			for _, token := range []string{"", "wrong", testToken + "x"} {
				t.Run(server.name+"/"+r.name+"/"+token, func(t *testing.T) {
					rec := r.send(token)
					if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"code":"UNAUTHORIZED"`) {
						t.Errorf("status %d body %.300s; want 401 UNAUTHORIZED", rec.Code, rec.Body)
					}
				})
			}
		}
		if got, _ := store.Checksum(context.Background()); got != sum || store.Release() != 1 {
			t.Errorf("%s: a refused request changed the data", server.name)
		}
	}
}

// TestAdminBearerScheme accepts the token under any case of the scheme's name (RFC 7235) and
// nothing else.
func TestAdminBearerScheme(t *testing.T) {
	h, _ := adminServer(t, testToken)
	tests := []struct {
		header string
		status int
	}{
		{"Bearer " + testToken, http.StatusOK},
		{"bearer " + testToken, http.StatusOK},
		{"BEARER " + testToken, http.StatusOK},
		{"BeArEr  " + testToken, http.StatusOK},
		{"Basic " + testToken, http.StatusUnauthorized},
		{"Bearer" + testToken, http.StatusUnauthorized},
		{testToken, http.StatusUnauthorized},
		{"Bearer " + testToken + " ", http.StatusUnauthorized},
		{"bearer " + strings.ToUpper(testToken), http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			rec := do(h, http.MethodGet, "/admin/releases", "", map[string]string{"Authorization": tt.header})
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d (body %.200s)", rec.Code, tt.status, rec.Body)
			}
		})
	}
}

// TestAdminImportOverHTTP imports the illustrative Kế Sách 2024 annex through POST /admin/import
// and checks that the public API then shows 2024 as official with the decision as source; a bad
// file is 422 with its report, an upload over the limit 413, and the GraphQL mutation and audit
// work with the token.
func TestAdminImportOverHTTP(t *testing.T) {
	h, store := adminServer(t, testToken)
	ctx := context.Background()

	sum, _ := store.Checksum(ctx)
	rec := upload(t, h, testToken, "bad-misspelled-commune.xlsx", readCorpusFile(t, "bad-misspelled-commune.xlsx"), provenance())
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"code": "UNKNOWN_UNIT"`) || !strings.Contains(rec.Body.String(), "Xã Nhơn Mỹ (31552)") {
		t.Errorf("bad file: %d %.500s", rec.Code, rec.Body)
	}
	big := bytes.Repeat([]byte("x"), analytics.MaxImportBytes+100<<10)
	if rec := upload(t, h, testToken, "big.csv", big, provenance()); rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "REQUEST_TOO_LARGE") {
		t.Errorf("large upload: %d %.300s", rec.Code, rec.Body)
	}
	if got, _ := store.Checksum(ctx); got != sum {
		t.Error("a refused upload changed the data")
	}

	rec = upload(t, h, testToken, "ke-sach-2024-annex-minh-hoa.xlsx", readCorpusFile(t, "ke-sach-2024-annex-minh-hoa.xlsx"), provenance())
	var rep analytics.ImportReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil || rec.Code != http.StatusOK || rep.Status != analytics.ImportCommitted || rep.Units != 13 {
		t.Fatalf("import: %d %.500s", rec.Code, rec.Body)
	}
	rec = graphqlAs(h, "", `{ ranking(year: 2024) { unit { code } source { kind title date } published { group { code } } } }`, nil)
	var ranking struct {
		Data struct {
			Ranking []struct {
				Source    struct{ Kind, Title, Date string }
				Published *struct{ Group struct{ Code string } }
			}
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &ranking); err != nil || len(ranking.Data.Ranking) != 13 {
		t.Fatalf("ranking: %.500s", rec.Body)
	}
	for _, r := range ranking.Data.Ranking {
		if r.Source.Kind != "OFFICIAL" || !strings.Contains(r.Source.Title, "MINH-HOA-01/2024") || r.Source.Date != "2024-12-30" || r.Published == nil {
			t.Errorf("after the import the ranking shows %+v", r)
		}
	}

	// The mutation, with the token: a dry run of the published-only file. Its decision is another
	// than the one just imported, whose official results it replaces: that needs replaceOfficial.
	in := map[string]any{"in": map[string]any{"year": 2024, "decision": "MINH-HOA-02/2024 (minh họa)", "date": "2024-12-31", "fileName": "p.csv",
		"dryRun": true, "replaceOfficial": true, "contentBase64": base64.StdEncoding.EncodeToString(readCorpusFile(t, "ke-sach-2024-published-only-minh-hoa.csv"))}}
	rec = graphqlAs(h, testToken, `mutation($in: ImportInput!) { importResults(input: $in) { status kind units problems { code } } }`, in)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"DRY_RUN","kind":"PUBLISHED","units":13,"problems":[]`) {
		t.Errorf("mutation: %d %s", rec.Code, rec.Body)
	}
	// An admin answer to a GET is not cached for the next client without the token.
	get := "/graphql?query=" + url.QueryEscape(`{ imports { id } }`)
	if rec := do(h, http.MethodGet, get, "", map[string]string{"Authorization": "Bearer " + testToken}); rec.Code != http.StatusOK || rec.Header().Get("ETag") != "" {
		t.Errorf("admin GET: %d etag %q %s", rec.Code, rec.Header().Get("ETag"), rec.Body)
	}
	if rec := do(h, http.MethodGet, get, "", nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("GET without the token after an admin GET: %d %s", rec.Code, rec.Body)
	}
	// Nor is an admin answer to a POST, should POST answers be kept.
	for range 2 {
		if rec := graphqlAs(h, testToken, `{ imports { id } }`, nil); rec.Code != http.StatusOK {
			t.Errorf("admin POST: %d %s", rec.Code, rec.Body)
		}
	}
	if rec := graphqlAs(h, "", `{ imports { id } }`, nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("POST without the token after admin POSTs: %d %s", rec.Code, rec.Body)
	}
	rec = graphqlAs(h, testToken, `{ imports { release kind decision fileName importer sha256 } releases { id current } }`, nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"release":2,"kind":"RESULTS"`) || !strings.Contains(rec.Body.String(), `"importer":"http-test"`) {
		t.Errorf("audit: %d %s", rec.Code, rec.Body)
	}

	// The rollback mutation, with the token: the default data again, as release 3, and the public
	// answers of release 2 (kept in memory, or held by a client with its ETag) are not served again.
	sources := `{ ranking(year: 2024) { source { kind } } }`
	getSources := "/graphql?query=" + url.QueryEscape(sources)
	etag := do(h, http.MethodGet, getSources, "", nil).Header().Get("ETag")
	if rec := graphqlAs(h, "", sources, nil); etag == "" || !strings.Contains(rec.Body.String(), "OFFICIAL") {
		t.Fatalf("2024 before the rollback: ETag %q, %.300s", etag, rec.Body)
	}
	rec = graphqlAs(h, testToken, `mutation { rollback(release: 1) { release kind restored year importer } }`, nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `{"data":{"rollback":{"release":3,"kind":"ROLLBACK","restored":1,"year":null,"importer":`) {
		t.Fatalf("rollback mutation: %d %s", rec.Code, rec.Body)
	}
	if got, want := store.Release(), int64(3); got != want {
		t.Errorf("after the rollback the store is at release %d, want %d", got, want)
	}
	for _, rec := range []*httptest.ResponseRecorder{graphqlAs(h, "", sources, nil), do(h, http.MethodGet, getSources, "", map[string]string{"If-None-Match": etag})} {
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "OFFICIAL") || !strings.Contains(rec.Body.String(), "ILLUSTRATIVE") {
			t.Errorf("2024 after the rollback: %d %.300s", rec.Code, rec.Body)
		}
	}
	rec = graphqlAs(h, testToken, `{ imports { release kind restored rolledBackBy } releases { id current } }`, nil)
	if !strings.Contains(rec.Body.String(), `{"release":3,"kind":"ROLLBACK","restored":1,"rolledBackBy":null}`) ||
		!strings.Contains(rec.Body.String(), `{"release":2,"kind":"RESULTS","restored":null,"rolledBackBy":3}`) ||
		!strings.Contains(rec.Body.String(), `{"id":3,"current":true}`) {
		t.Errorf("audit after the rollback: %s", rec.Body)
	}
}

// TestAdminImportOverrides: the 2024 annex sent as 2023 is refused (422) for the year it states
// and the official results it would replace, over HTTP and in GraphQL; the form fields and input
// fields of the overrides make it valid.
func TestAdminImportOverrides(t *testing.T) {
	h, _ := adminServer(t, testToken)
	annex := readCorpusFile(t, "ke-sach-2024-annex-minh-hoa.csv")
	fields := provenance()
	fields["year"], fields["dry_run"] = "2023", "true"
	rec := upload(t, h, testToken, "a.csv", annex, fields)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"code": "YEAR_DIFFERS"`) ||
		!strings.Contains(rec.Body.String(), `"code": "REPLACES_OFFICIAL"`) || !strings.Contains(rec.Body.String(), `"oldDecision": "2234/QĐ-UBND"`) {
		t.Errorf("without overrides: %d %.600s", rec.Code, rec.Body)
	}
	fields["override_year"], fields["replace_official"] = "true", "true"
	if rec := upload(t, h, testToken, "a.csv", annex, fields); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status": "DRY_RUN"`) {
		t.Errorf("with overrides: %d %.600s", rec.Code, rec.Body)
	}
	in := map[string]any{"year": 2023, "decision": "X", "date": "2024-12-30", "fileName": "a.csv", "dryRun": true,
		"contentBase64": base64.StdEncoding.EncodeToString(annex)}
	const mutation = `mutation($in: ImportInput!) { importResults(input: $in) { status problems { code } warnings { code } replacesOfficial { unitCode oldGroup newGroup oldDecision newDecision } } }`
	rec = graphqlAs(h, testToken, mutation, map[string]any{"in": in})
	if !strings.Contains(rec.Body.String(), `"status":"REFUSED","problems":[{"code":"YEAR_DIFFERS"},{"code":"REPLACES_OFFICIAL"}]`) ||
		!strings.Contains(rec.Body.String(), `{"unitCode":"31528","oldGroup":"II","newGroup":"III","oldDecision":"2234/QĐ-UBND","newDecision":"X"}`) {
		t.Errorf("GraphQL without overrides: %.800s", rec.Body)
	}
	in["overrideYear"], in["replaceOfficial"] = true, true
	if rec := graphqlAs(h, testToken, mutation, map[string]any{"in": in}); !strings.Contains(rec.Body.String(), `"status":"DRY_RUN","problems":[],"warnings":[{"code":"YEAR_DIFFERS"},{"code":"REPLACES_OFFICIAL"}]`) {
		t.Errorf("GraphQL with overrides: %.800s", rec.Body)
	}
}

// TestAdminBackupConfined: a backup over HTTP goes into a sub-folder of the server's backup
// folder; any other folder is a 400 that says why, and nothing is written outside.
func TestAdminBackupConfined(t *testing.T) {
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	root := filepath.Join(t.TempDir(), "backups")
	outside := t.TempDir()
	h, err := NewRoutes(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Limits: DefaultLimits(), AdminToken: testToken, BackupDir: root})
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(root, 0o755)
	os.WriteFile(filepath.Join(root, "a-file"), []byte("x"), 0o644)
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		dir    string
		status int
		want   string // in the answer
	}{
		{"2026-11-27", http.StatusOK, `"release": 1`},
		{"nested/2026-11-27", http.StatusOK, `"release": 1`},
		{filepath.Join(root, "absolute-inside"), http.StatusOK, `"release": 1`},
		{"", http.StatusBadRequest, "name a sub-folder of the backup folder"},
		{".", http.StatusBadRequest, "is not inside the backup folder"},
		{root, http.StatusBadRequest, "is not inside the backup folder"},
		{"../escaped", http.StatusBadRequest, `has a \"..\"`},
		{"a/../../escaped", http.StatusBadRequest, `has a \"..\"`},
		{"a/../b", http.StatusBadRequest, `has a \"..\"`},
		{filepath.Join(outside, "b"), http.StatusBadRequest, "is not inside the backup folder"},
		{"/proc/self/x", http.StatusBadRequest, "is not inside the backup folder"},
		{"a-file", http.StatusBadRequest, "is a file, not a folder"},
		{"link/b", http.StatusBadRequest, "leads out of the backup folder " + root + " through a symbolic link"},
		{"2026-11-27", http.StatusBadRequest, "is not empty"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			body, _ := json.Marshal(map[string]string{"dir": tt.dir})
			rec := do(h, http.MethodPost, "/admin/backup", string(body), map[string]string{"Authorization": "Bearer " + testToken})
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("status %d, body %.400s; want %d with %q", rec.Code, rec.Body, tt.status, tt.want)
			}
		})
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("a refused backup wrote outside the backup folder: %v", entries)
	}
}
