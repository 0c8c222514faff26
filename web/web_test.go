package web

import (
	"crypto/sha512"
	"encoding/base64"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// realAsset returns the URL path of one built script under dist/assets.
func realAsset(t *testing.T) string {
	t.Helper()
	matches, err := fs.Glob(dist, "dist/assets/*.js")
	if err != nil || len(matches) == 0 {
		t.Fatalf("no script in dist/assets (run `npm run build` in web/): %v", err)
	}
	return "/" + strings.TrimPrefix(matches[0], "dist/")
}

func TestHandler(t *testing.T) {
	index, err := fs.ReadFile(dist, "dist/index.html")
	if err != nil {
		t.Fatalf("read dist/index.html: %v", err)
	}
	asset := realAsset(t)
	assetBody, err := fs.ReadFile(dist, "dist"+asset)
	if err != nil {
		t.Fatalf("read %s: %v", asset, err)
	}

	tests := []struct {
		name       string
		method     string
		path       string
		wantStatus int
		wantBody   []byte // nil: not checked
		wantCache  string // "": not checked
		wantType   string // prefix of Content-Type; "": not checked
		wantAllow  string
		wantNoBody bool
		wantCSPSet bool
	}{
		{name: "root serves index.html", method: http.MethodGet, path: "/",
			wantStatus: http.StatusOK, wantBody: index, wantCache: "no-cache", wantType: "text/html", wantCSPSet: true},
		{name: "index.html by name", method: http.MethodGet, path: "/index.html",
			wantStatus: http.StatusOK, wantBody: index, wantCache: "no-cache", wantType: "text/html"},
		{name: "app route falls back to index.html", method: http.MethodGet, path: "/some/route",
			wantStatus: http.StatusOK, wantBody: index, wantCache: "no-cache", wantType: "text/html"},
		{name: "commune route with query falls back", method: http.MethodGet, path: "/communes/31564?year=2023",
			wantStatus: http.StatusOK, wantBody: index, wantType: "text/html"},
		{name: "hashed asset is immutable", method: http.MethodGet, path: asset,
			wantStatus: http.StatusOK, wantBody: assetBody, wantCache: "public, max-age=31536000, immutable",
			wantType: "text/javascript"},
		{name: "missing script is 404", method: http.MethodGet, path: "/assets/nope.js",
			wantStatus: http.StatusNotFound},
		{name: "missing file with extension at the root is 404", method: http.MethodGet, path: "/favicon.ico",
			wantStatus: http.StatusNotFound},
		{name: "dot segments cannot leave dist", method: http.MethodGet, path: "/assets/../../web.go",
			wantStatus: http.StatusNotFound},
		{name: "HEAD has headers and no body", method: http.MethodHead, path: "/",
			wantStatus: http.StatusOK, wantCache: "no-cache", wantNoBody: true},
		{name: "POST is 405", method: http.MethodPost, path: "/",
			wantStatus: http.StatusMethodNotAllowed, wantAllow: "GET, HEAD"},
		{name: "DELETE on an asset is 405", method: http.MethodDelete, path: asset,
			wantStatus: http.StatusMethodNotAllowed, wantAllow: "GET, HEAD"},
	}

	h := Handler("")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)

			if res.StatusCode != tc.wantStatus {
				t.Fatalf("%s %s: status = %d, want %d", tc.method, tc.path, res.StatusCode, tc.wantStatus)
			}
			if tc.wantBody != nil && string(body) != string(tc.wantBody) {
				t.Errorf("%s %s: body is %d bytes starting %.60q, want the %d bytes of the file",
					tc.method, tc.path, len(body), body, len(tc.wantBody))
			}
			if got := res.Header.Get("Cache-Control"); tc.wantCache != "" && got != tc.wantCache {
				t.Errorf("%s %s: Cache-Control = %q, want %q", tc.method, tc.path, got, tc.wantCache)
			}
			if got := res.Header.Get("Content-Type"); tc.wantType != "" && !strings.HasPrefix(got, tc.wantType) {
				t.Errorf("%s %s: Content-Type = %q, want prefix %q", tc.method, tc.path, got, tc.wantType)
			}
			if got := res.Header.Get("Allow"); got != tc.wantAllow {
				t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.path, got, tc.wantAllow)
			}
			if tc.wantNoBody && len(body) != 0 {
				t.Errorf("%s %s: body has %d bytes, want none", tc.method, tc.path, len(body))
			}
			if got := res.Header.Get("Content-Security-Policy"); tc.wantCSPSet && !strings.Contains(got, "default-src 'self'") {
				t.Errorf("%s %s: Content-Security-Policy = %q, want default-src 'self'", tc.method, tc.path, got)
			}
		})
	}
}

// TestHandlerRevalidates checks that a browser holding the current index.html gets 304, so
// "no-cache" costs a round trip but no download.
func TestHandlerRevalidates(t *testing.T) {
	h := Handler("")
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, "/", nil))
	etag := first.Result().Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /: no ETag")
	}

	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("If-None-Match", etag)
	again := httptest.NewRecorder()
	h.ServeHTTP(again, req)
	if got := again.Result().StatusCode; got != http.StatusNotModified {
		t.Errorf("GET / with If-None-Match %s: status = %d, want %d", etag, got, http.StatusNotModified)
	}
}

// TestExplorerFiles: the explorer's four files are embedded, served by the app under /assets/
// (cached for a year), and their integrity hashes are those of the bytes served.
func TestExplorerFiles(t *testing.T) {
	files := explorerFiles(dist)
	h := Handler("")
	for name, f := range map[string]ExplorerFile{"GraphiQL script": files.JS, "GraphiQL style": files.CSS, "React": files.React, "React DOM": files.ReactDOM} {
		if !strings.HasPrefix(f.Path, "/assets/explorer/") || !strings.HasPrefix(f.Integrity, "sha384-") {
			t.Errorf("%s: %+v; npm run build copies it into dist/assets/explorer", name, f)
			continue
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, f.Path, nil))
		sum := sha512.Sum384(rec.Body.Bytes())
		if rec.Code != http.StatusOK || "sha384-"+base64.StdEncoding.EncodeToString(sum[:]) != f.Integrity {
			t.Errorf("%s: GET %s = %d with %d bytes whose hash is not %s", name, f.Path, rec.Code, rec.Body.Len(), f.Integrity)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != cacheImmutable {
			t.Errorf("%s: Cache-Control %q, want %q", name, cc, cacheImmutable)
		}
	}
}
