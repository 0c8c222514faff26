package graph

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parindex/parindex/analytics"
)

// TestAdminPublish publishes over HTTP into the server's publication folder: refused without the
// token and without a folder, then published, then unchanged.
func TestAdminPublish(t *testing.T) {
	store, err := analytics.Open(context.Background(), filepath.Join(t.TempDir(), "parindex.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	dir := filepath.Join(t.TempDir(), "pub")
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := NewRoutes(store, logger, Options{Limits: DefaultLimits(), AdminToken: testToken, PublishDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	noDir, err := NewRoutes(store, logger, Options{Limits: DefaultLimits(), AdminToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	post := func(h http.Handler, token, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/admin/publish", strings.NewReader(body))
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for _, tt := range []struct {
		name   string
		h      http.Handler
		token  string
		body   string
		status int
		want   string
	}{
		{"no token", h, "", "", http.StatusUnauthorized, "UNAUTHORIZED"},
		{"no folder", noDir, testToken, "", http.StatusBadRequest, "-publish-dir"},
		{"bad body", h, testToken, `{"keep": "all"}`, http.StatusBadRequest, "keep"},
		{"published", h, testToken, "", http.StatusOK, `"status": "PUBLISHED"`},
		{"unchanged", h, testToken, `{"keep": 2}`, http.StatusOK, `"status": "UNCHANGED"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := post(tt.h, tt.token, tt.body)
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("status %d, body %s; want %d with %q", w.Code, w.Body.String(), tt.status, tt.want)
			}
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", w.Header().Get("Cache-Control"))
			}
		})
	}
	if p, err := analytics.ReadPublishPointer(dir); err != nil || p.Release != 1 {
		t.Errorf("current.json: %v %+v", err, p)
	}
}
