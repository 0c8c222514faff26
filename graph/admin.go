package graph

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/parindex/parindex/analytics"
)

// Codes of the admin endpoints, beside those of errors.go.
const (
	CodeUnauthorized = "UNAUTHORIZED" // no admin token, or a wrong one; nothing was written
	CodeBusy         = "BUSY"         // another import, rollback, backup or publication is running
)

// MinAdminTokenLength is the shortest admin token a server accepts: 32 characters, such as the 64
// that `openssl rand -hex 32` prints, leave nothing to guess.
const MinAdminTokenLength = 32

// maxImportBody is the largest POST /admin/import: the file and its form fields.
const maxImportBody = analytics.MaxImportBytes + 64<<10

// admin checks the token of admin requests. The token is compared in constant time, as digests
// so that its length leaks nothing either; an empty configured token refuses every request.
type admin struct {
	digest [32]byte
	set    bool
}

func newAdmin(token string) admin {
	return admin{digest: sha256.Sum256([]byte(token)), set: token != ""}
}

// allowed reports whether the request carries the admin token as "Authorization: Bearer …". The
// scheme's name is case-insensitive (RFC 7235: "bearer" and "BEARER" name it too).
func (a admin) allowed(r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	ok = ok && strings.EqualFold(scheme, "Bearer")
	got := sha256.Sum256([]byte(strings.TrimLeft(token, " ")))
	return a.set && ok && subtle.ConstantTimeCompare(got[:], a.digest[:]) == 1
}

// adminState travels in the context of a GraphQL request: whether it carried the token, whether
// an admin field was refused (the answer is then 401) and whether one was resolved (the answer is
// then never cached).
type adminState struct {
	allowed, refused, used bool
}

type adminKey struct{}

// withAdmin records in the request's context whether it carries the admin token.
func (a admin) withAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &adminState{allowed: a.allowed(r)}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), adminKey{}, st)))
	})
}

var errUnauthorized = errors.New("graph: admin token required")

// adminDirective implements @admin: the field resolves only for a request with the token.
func adminDirective(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	st, _ := ctx.Value(adminKey{}).(*adminState)
	if st == nil || !st.allowed {
		if st != nil {
			st.refused = true
		}
		return nil, errUnauthorized
	}
	st.used = true
	return next(ctx)
}

// adminUsed reports whether an admin field of the request was resolved: its answer must not be
// cached.
func adminUsed(ctx context.Context) bool {
	st, _ := ctx.Value(adminKey{}).(*adminState)
	return st != nil && st.used
}

// adminRefused reports whether an admin field of the request was refused.
func adminRefused(ctx context.Context) bool {
	st, _ := ctx.Value(adminKey{}).(*adminState)
	return st != nil && st.refused
}

// adminRoutes adds the admin endpoints to mux: POST /admin/import (multipart: the file in
// "file", the provenance in form fields), POST /admin/rollback, POST /admin/backup (into a
// sub-folder of backupDir), POST /admin/publish (into publishDir) and GET /admin/releases. Every
// one needs the token.
func adminRoutes(mux *http.ServeMux, store *analytics.Store, logger *slog.Logger, token, backupDir, publishDir string) {
	a := newAdmin(token)
	guard := func(h func(http.ResponseWriter, *http.Request)) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			if !a.allowed(r) {
				msg := "send the admin token as Authorization: Bearer <PARINDEX_ADMIN_TOKEN>"
				if !a.set {
					msg = "the server has no admin token: start it with PARINDEX_ADMIN_TOKEN set"
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="parindex admin"`)
				writeError(w, http.StatusUnauthorized, CodeUnauthorized, msg)
				return
			}
			h(w, r)
		})
	}
	fail := func(w http.ResponseWriter, r *http.Request, err error) {
		var userErr *analytics.UserError
		switch {
		case errors.Is(err, analytics.ErrImportBusy):
			writeError(w, http.StatusConflict, CodeBusy, "another import, rollback, backup or publication is running; try again when it is done")
		case errors.As(err, &userErr):
			writeError(w, http.StatusBadRequest, CodeBadUserInput, userErr.Message)
		default:
			logger.ErrorContext(r.Context(), "admin: internal error", "path", r.URL.Path, "err", err)
			writeError(w, http.StatusInternalServerError, CodeInternal, "internal error")
		}
	}
	mux.Handle("POST /admin/import", guard(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxImportBody)
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeError(w, http.StatusRequestEntityTooLarge, CodeRequestTooLarge, "the upload is larger than "+strconv.Itoa(analytics.MaxImportBytes>>20)+" MB")
				return
			}
			writeError(w, http.StatusBadRequest, CodeBadRequest, "POST multipart/form-data with the file in the field \"file\"")
			return
		}
		defer r.MultipartForm.RemoveAll()
		file, header, err := r.FormFile("file")
		if err != nil {
			writeError(w, http.StatusBadRequest, CodeBadRequest, "the form has no field \"file\"")
			return
		}
		data, err := io.ReadAll(io.LimitReader(file, analytics.MaxImportBytes+1))
		file.Close()
		if err != nil {
			writeError(w, http.StatusBadRequest, CodeBadRequest, "could not read the uploaded file")
			return
		}
		year, _ := strconv.Atoi(r.FormValue("year"))
		req := analytics.ImportRequest{
			Kind: analytics.ImportKind(strings.ToUpper(r.FormValue("kind"))), Year: year,
			Decision: r.FormValue("decision"), Date: r.FormValue("date"), Issuer: r.FormValue("issuer"),
			SourceURL: r.FormValue("source_url"), FileName: filepath.Base(header.Filename), Sheet: r.FormValue("sheet"),
			Importer: r.FormValue("importer"), DryRun: r.FormValue("dry_run") == "true",
			OverrideYear: r.FormValue("override_year") == "true", ReplaceOfficial: r.FormValue("replace_official") == "true",
		}
		if req.Importer == "" {
			req.Importer = "admin token (HTTP)"
		}
		rep, err := store.Import(r.Context(), req, data)
		if err != nil {
			fail(w, r, err)
			return
		}
		status := http.StatusOK
		if rep.Status == analytics.ImportRefused {
			status = http.StatusUnprocessableEntity
		}
		writeJSON(w, status, rep)
	}))
	mux.Handle("POST /admin/rollback", guard(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Release  int    `json:"release"`
			Importer string `json:"importer"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(&body); err != nil {
			writeError(w, http.StatusBadRequest, CodeBadRequest, `POST {"release": N}`)
			return
		}
		if body.Importer == "" {
			body.Importer = "admin token (HTTP)"
		}
		rec, err := store.Rollback(r.Context(), body.Release, body.Importer)
		if err != nil {
			fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, rec)
	}))
	mux.Handle("POST /admin/backup", guard(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Dir string `json:"dir"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(&body); err != nil {
			writeError(w, http.StatusBadRequest, CodeBadRequest, `POST {"dir": "a sub-folder of the server's backup folder"}`)
			return
		}
		dir, err := backupFolder(backupDir, body.Dir)
		if err != nil {
			writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
			return
		}
		body.Dir = dir
		m, err := store.Backup(r.Context(), body.Dir)
		if err != nil {
			fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, m)
	}))
	// POST /admin/publish publishes the current release into the server's publication folder
	// (docs/publish.md); the body, optional, may set {"keep": K}.
	mux.Handle("POST /admin/publish", guard(func(w http.ResponseWriter, r *http.Request) {
		if publishDir == "" {
			writeError(w, http.StatusBadRequest, CodeBadRequest, "the server has no publication folder (start it with -publish-dir)")
			return
		}
		var body struct {
			Keep int `json:"keep"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(&body); err != nil && !errors.Is(err, io.EOF) || body.Keep < 0 {
			writeError(w, http.StatusBadRequest, CodeBadRequest, `POST with no body, or {"keep": K} (release folders kept, 5 by default)`)
			return
		}
		rep, err := store.Publish(r.Context(), publishDir, analytics.PublishOptions{Keep: body.Keep})
		if err != nil {
			fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, rep)
	}))
	mux.Handle("GET /admin/releases", guard(func(w http.ResponseWriter, r *http.Request) {
		rels, err := store.Releases(r.Context())
		if err != nil {
			fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, rels)
	}))
}

// backupFolder returns the folder a backup over HTTP writes into: dir, a sub-folder of root
// (relative, or absolute within root), that is not root itself, has no ".." and does not leave
// root through a symbolic link. The error says why dir is refused. Anything else would let a
// token write into any folder the server can write.
func backupFolder(root, dir string) (string, error) {
	if root == "" {
		return "", errors.New("the server has no backup folder (start it with -backup-dir)")
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("the backup folder %s cannot be made: %v", root, err)
	}
	if realRoot, err := filepath.EvalSymlinks(root); err == nil {
		root = realRoot
	}
	rel := dir
	if filepath.IsAbs(dir) {
		if rel, err = filepath.Rel(root, dir); err != nil {
			rel = ".."
		}
	}
	switch {
	case strings.TrimSpace(dir) == "":
		return "", fmt.Errorf("name a sub-folder of the backup folder %s, e.g. {\"dir\": \"2026-11-27\"}", root)
	case slices.Contains(strings.Split(filepath.ToSlash(dir), "/"), ".."):
		return "", fmt.Errorf("the folder %q has a \"..\": name a sub-folder of the backup folder %s", dir, root)
	case !filepath.IsLocal(rel) || filepath.Clean(rel) == ".":
		return "", fmt.Errorf("the folder %q is not inside the backup folder %s: name a sub-folder of it", dir, root)
	}
	target := filepath.Join(root, rel)
	// The nearest folder that exists must still be inside root once its links are followed.
	existing := target
	for {
		if _, err := os.Lstat(existing); err == nil {
			break
		}
		existing = filepath.Dir(existing)
	}
	real, err := filepath.EvalSymlinks(existing)
	if err != nil {
		return "", fmt.Errorf("the folder %q cannot be resolved: %v", dir, err)
	}
	if r, err := filepath.Rel(root, real); err != nil || !filepath.IsLocal(r) && r != "." {
		return "", fmt.Errorf("the folder %q leads out of the backup folder %s through a symbolic link", dir, root)
	}
	if info, err := os.Stat(target); err == nil && !info.IsDir() {
		return "", fmt.Errorf("%q is a file, not a folder", dir)
	}
	return target, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
